/* mix16.c - i16 data, 8 samples a vector: mixes a 16-bit PCM track into an
 * accumulating one with Q15 gains (products in 32-bit lanes), saturating to
 * 16 bits, 32768 samples, n passes with the gains changing every pass;
 * returns a hash of the result. bench: 2000 */
#include "kernel.h"

#define SIZE (32 * 1024)
static short acc[SIZE], track[SIZE];

EXPORT int run(int n)
{
	u32 seed = 13, h = 0;
	for (int i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		acc[i] = (short)(seed >> 16);
		track[i] = (short)(seed >> 8);
	}
	for (int r = 0; r < n; r++) {
		int ga = 16384 + (r & 8191), gb = 32767 - (r * 13 & 16383);
		for (int i = 0; i < SIZE; i++) {
			int s = (acc[i] * ga + track[i] * gb) >> 15;
			s = s < -32768 ? -32768 : s > 32767 ? 32767 : s;
			acc[i] = (short)s;
		}
	}
	for (int i = 0; i < SIZE; i++)
		h = h * 31u + (unsigned short)acc[i];
	return (int)h;
}
