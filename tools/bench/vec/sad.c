/* sad.c - u8 data widened to 32-bit lanes: the sum of absolute
 * differences between a 16 KiB block and a window sliding over a reference
 * frame, as in a video encoder's motion search, n positions. bench: 4000 */
#include "kernel.h"

#define SIZE  (16 * 1024)
#define SLIDE 1024
static unsigned char blk[SIZE], ref[SIZE + SLIDE];

static u32 sad(const unsigned char *a, const unsigned char *b)
{
	u32 s = 0;
	for (int i = 0; i < SIZE; i++) {
		int d = a[i] - b[i];
		s += (u32)(d < 0 ? -d : d);
	}
	return s;
}

EXPORT int run(int n)
{
	u32 seed = 11, best = ~0u, at = 0, sum = 0;
	for (int i = 0; i < SIZE + SLIDE; i++) {
		seed = seed * 1103515245u + 12345u;
		ref[i] = (unsigned char)(seed >> 16);
		if (i >= 300 && i < 300 + SIZE)
			blk[i - 300] = (unsigned char)(ref[i] + (seed >> 28) - 8);
	}
	for (int r = 0; r < n; r++) {
		int off = (r * 7) & (SLIDE - 1);
		u32 s = sad(blk, ref + off);
		if (s < best) {
			best = s;
			at = (u32)off;
		}
		sum += s;
	}
	return (int)(sum ^ best ^ at << 20);
}
