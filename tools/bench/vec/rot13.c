/* rot13.c - u8 lanes, a byte-wise transform: ROT13 over 64 KiB of ASCII
 * text in place, plus a memchr-style count of the letter 'e', n passes.
 * bench: 1000 */
#include "kernel.h"

#define SIZE (64 * 1024)
static unsigned char text[SIZE];

EXPORT int run(int n)
{
	static const char alphabet[] = "etaoin shrdlu ETAOIN SHRDLU,.\n0123";
	u32 seed = 19, count = 0, h = 0;
	for (int i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		text[i] = (unsigned char)alphabet[(seed >> 16) % (sizeof alphabet - 1)];
	}
	for (int r = 0; r < n; r++) {
		for (int i = 0; i < SIZE; i++) {
			unsigned char c = text[i];
			unsigned char l = (unsigned char)((c | 32) - 'a');
			if (l < 13)
				c = (unsigned char)(c + 13);
			else if (l < 26)
				c = (unsigned char)(c - 13);
			text[i] = c;
		}
		for (int i = 0; i < SIZE; i++)
			count += text[i] == 'e';
	}
	for (int i = 0; i < SIZE; i++)
		h = h * 31u + text[i];
	return (int)(h ^ count);
}
