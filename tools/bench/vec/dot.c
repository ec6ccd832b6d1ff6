/* dot.c - f32 lanes, a reduction: n dot products of 4096 floats, the
 * second vector sliding along a longer one. Every value is a multiple of
 * 1/16 below 2 in magnitude, so each product and partial sum is exact in
 * f32 and no order of additions can change the result: that makes the
 * reassociation clang needs to sum in vector lanes harmless, and the
 * checksum the same in every build. bench: 20000 */
#include "kernel.h"

#define SIZE  4096
#define SLIDE 256
static float x[SIZE], y[SIZE + SLIDE];

static float dot(const float *a, const float *b)
{
#if defined(__clang__)
#pragma clang fp reassociate(on)
#endif
	float s = 0;
	for (int i = 0; i < SIZE; i++)
		s += a[i] * b[i];
	return s;
}

EXPORT int run(int n)
{
	u32 seed = 5, sum = 0;
	for (int i = 0; i < SIZE + SLIDE; i++) {
		seed = seed * 1103515245u + 12345u;
		y[i] = (float)((int)(seed >> 16) % 63 - 31) / 16.0f;
		if (i < SIZE)
			x[i] = (float)((int)(seed >> 8 & 0xff) % 63 - 31) / 16.0f;
	}
	for (int r = 0; r < n; r++)
		sum = sum * 31u + (u32)(int)(dot(x, y + (r & (SLIDE - 1))) * 256.0f);
	return (int)sum;
}
