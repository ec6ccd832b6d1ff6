/*
 * prng.c - the random bytes of deterministic mode: xoshiro256** (Blackman
 * and Vigna, "Scrambled linear pseudorandom number generators", 2018),
 * its state seeded from one 64-bit number by splitmix64 as the authors
 * recommend. Fast and small, for reproducible runs; not for secrets,
 * which a program run deterministically cannot have anyway.
 */
#include <time.h>

#include "wasi.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void wasi_prng_seed(uint64_t s[4], uint64_t seed)
{
	/* splitmix64 never yields four zero words in a row, the one state
	 * xoshiro cannot leave. */
	for (int i = 0; i < 4; i++)
		s[i] = splitmix64(&seed);
}

uint64_t wasi_prng_next(uint64_t s[4])
{
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

void wasi_prng_fill(uint64_t s[4], uint8_t *p, size_t len)
{
	while (len > 0) {
		uint64_t v = wasi_prng_next(s);
		for (int i = 0; i < 8 && len > 0; i++, len--)
			*p++ = (uint8_t)(v >> (8 * i));
	}
}
