/* saxpy.c - f32 lanes: y = a*x + b*y over 4096 floats, n passes with a
 * changing every pass (b = 0.5 keeps y bounded); returns the sum of the
 * bit patterns of y. Element-wise, so the SIMD and scalar builds round
 * identically. bench: 20000 */
#include "kernel.h"

#define SIZE 4096
static float x[SIZE], y[SIZE];

EXPORT int run(int n)
{
	u32 seed = 1, sum = 0;
	for (int i = 0; i < SIZE; i++) {
		seed = seed * 1103515245u + 12345u;
		x[i] = (float)(int)(seed >> 16) / 65536.0f - 0.5f;
		y[i] = (float)(i & 255) / 256.0f;
	}
	for (int r = 0; r < n; r++) {
		float a = (float)((r & 15) - 8) * 0.125f;
		for (int i = 0; i < SIZE; i++)
			y[i] = a * x[i] + 0.5f * y[i];
	}
	for (int i = 0; i < SIZE; i++) {
		u32 bits;
		__builtin_memcpy(&bits, &y[i], sizeof bits);
		sum += bits;
	}
	return (int)sum;
}
