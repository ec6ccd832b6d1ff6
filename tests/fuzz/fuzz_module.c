/*
 * fuzz_module.c - a fuzz target for module loading (spec: binary/ and
 * valid/): any bytes given to wexec_module_new() must be decoded and
 * validated, or rejected with an error record, without a crash, a leak or
 * an allocation out of proportion to the input.
 *
 * With libFuzzer (clang):
 *   make CC=clang BUILD=build/fuzz OPT="-O1 -g" \
 *        CFLAGS="-fsanitize=address,undefined,fuzzer-no-link" build/fuzz/libwexec.a
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude \
 *         tests/fuzz/fuzz_module.c build/fuzz/libwexec.a -lm -lpthread -o fuzz
 *   ./fuzz CORPUS_DIR
 *
 * Without it (any compiler), a built-in mutator over seed modules:
 *   cc -DWX_FUZZ_MAIN -fsanitize=address,undefined -Iinclude \
 *      tests/fuzz/fuzz_module.c build/asan/libwexec.a -lm -lpthread -o fuzz
 *   ./fuzz ITERATIONS SEED.wasm...    (ITERATIONS 0: load each seed once)
 * Seeds: the .wasm files wast2json writes for the spec test suite.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wexec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	wexec_status st = wexec_module_new(data, size, &m, &err);
	if (st == WEXEC_OK) {
		wexec_module_free(m);
		return 0;
	}
	/* A rejected module leaves nothing behind and says why. */
	if (m != NULL || err.status != st || err.message[0] == '\0')
		abort();
	return 0;
}

#ifdef WX_FUZZ_MAIN

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Overwrites, flips, deletes, inserts or truncates at random places past
 * the 8-byte preamble; `w` has room for `n` + 8 bytes. */
static size_t mutate(uint8_t *w, size_t n)
{
	int count = 1 + (int)(next() % 4);
	for (int i = 0; i < count && n > 8; i++) {
		size_t p = 8 + next() % (n - 8);
		switch (next() % 6) {
		case 0:
		case 1: w[p] = (uint8_t)next(); break;
		case 2: w[p] ^= (uint8_t)(1u << (next() % 8)); break;
		case 3: memmove(w + p, w + p + 1, n - p - 1); n--; break;
		case 4:
			memmove(w + p + 1, w + p, n - p);
			w[p] = (uint8_t)(next() % 3 ? next() : 0xFF);
			n++;
			break;
		case 5: n = p; break;
		}
	}
	return n;
}

#include "slurp.h"

int main(int argc, char **argv)
{
	long iterations;
	int nseeds = argc - 2;
	uint8_t **seeds;
	size_t *lens, max = 0;
	uint8_t *work;

	if (argc < 3) {
		fprintf(stderr, "usage: %s ITERATIONS SEED.wasm...\n", argv[0]);
		return 2;
	}
	iterations = atol(argv[1]);
	seeds = calloc((size_t)nseeds, sizeof *seeds);
	lens = calloc((size_t)nseeds, sizeof *lens);
	for (int i = 0; i < nseeds; i++) {
		if (!(seeds[i] = slurp(argv[i + 2], &lens[i]))) {
			perror(argv[i + 2]);
			return 2;
		}
		LLVMFuzzerTestOneInput(seeds[i], lens[i]);
		if (lens[i] > max)
			max = lens[i];
	}
	work = malloc(max + 8);
	for (long it = 0; it < iterations; it++) {
		int k = (int)(next() % (uint32_t)nseeds);
		size_t n;
		memcpy(work, seeds[k], lens[k]);
		n = mutate(work, lens[k]);
		LLVMFuzzerTestOneInput(work, n);
	}
	printf("%d seeds, %ld mutated inputs: no crash\n", nseeds, iterations);
	for (int i = 0; i < nseeds; i++)
		free(seeds[i]);
	free(seeds);
	free(lens);
	free(work);
	return 0;
}

#endif /* WX_FUZZ_MAIN */
