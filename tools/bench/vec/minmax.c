/* minmax.c - i32 lanes, reductions: the sum, minimum and maximum of 16384
 * integers, each xored with the pass number, n passes. bench: 4000 */
#include "kernel.h"

#define SIZE (16 * 1024)
static int data[SIZE];

EXPORT int run(int n)
{
	u32 seed = 17, h = 0;
	for (int i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		data[i] = (int)(seed ^ seed >> 15);
	}
	for (int r = 0; r < n; r++) {
		u32 sum = 0;
		int lo = 0x7fffffff, hi = -0x7fffffff - 1;
		for (int i = 0; i < SIZE; i++) {
			int v = data[i] ^ r;
			sum += (u32)v;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		h = h * 31u + (sum ^ (u32)lo ^ (u32)hi << 7);
	}
	return (int)h;
}
