/* blend.c - u8 data, 16 pixels a vector: alpha-blends a 64 KiB 8-bit image
 * into another with an alpha that changes every pass, then brightens it
 * with a saturating add, n passes (clang 14 widens to 32-bit lanes for the
 * arithmetic and narrows back); returns a hash of the result. bench: 1000 */
#include "kernel.h"

#define SIZE (64 * 1024)
static unsigned char img[SIZE], over[SIZE];

EXPORT int run(int n)
{
	u32 seed = 3, h = 0;
	for (int i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		img[i] = (unsigned char)(seed >> 16);
		over[i] = (unsigned char)(seed >> 24);
	}
	for (int r = 0; r < n; r++) {
		unsigned alpha = (unsigned)(r * 37) & 255, bright = r & 7;
		for (int i = 0; i < SIZE; i++) {
			unsigned p = (img[i] * (256 - alpha) + over[i] * alpha +
				      128) >> 8;
			p += bright;
			img[i] = (unsigned char)(p > 255 ? 255 : p);
		}
	}
	for (int i = 0; i < SIZE; i++)
		h = h * 31u + img[i];
	return (int)h;
}
