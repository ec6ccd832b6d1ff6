/* stencil.c - f64 lanes: explicit heat-equation steps with a source term
 * on a 4096-point rod, u' = u + k*(left - 2u + right) + s, n steps between
 * two buffers; returns a fold of the bit patterns of the result. bench: 10000 */
#include "kernel.h"

#define SIZE 4096
static double u[SIZE + 2], v[SIZE + 2], src[SIZE + 2];

static void step(double *restrict out, const double *restrict in)
{
	for (int i = 1; i <= SIZE; i++)
		out[i] = in[i] + 0.25 * (in[i - 1] - 2.0 * in[i] + in[i + 1]) +
			 src[i];
}

EXPORT int run(int n)
{
	u32 seed = 9;
	u64 sum = 0;
	for (int i = 0; i < SIZE + 2; i++) {
		seed = seed * 1103515245u + 12345u;
		src[i] = (double)(int)(seed >> 16 & 0xff) / 1048576.0;
		u[i] = v[i] = (double)(i & 63) / 64.0;
	}
	u[0] = v[0] = 1.0;
	u[SIZE + 1] = v[SIZE + 1] = 2.0;
	for (int r = 0; r < n; r += 2) {
		step(v, u);
		step(u, v);
	}
	for (int i = 0; i < SIZE + 2; i++) {
		u64 bits;
		__builtin_memcpy(&bits, &u[i], sizeof bits);
		sum += bits;
	}
	return (int)(u32)(sum ^ sum >> 32);
}
