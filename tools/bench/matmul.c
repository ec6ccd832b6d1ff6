/* matmul.c - memory-heavy: multiplies two 256x256 double matrices (1.5 MiB
 * of operands), n times. bench: 48 */
#include "kernel.h"

#define N 256
static double a[N][N], b[N][N], c[N][N];

EXPORT int run(int n)
{
	double sum = 0;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (double)((i * 7 + j * 3) % 17) - 8.0;
			b[i][j] = (double)((i * 5 + j * 11) % 13) - 6.0;
		}
	for (int r = 0; r < n; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				c[i][j] = 0;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < N; k++) {
				double aik = a[i][k];
				for (int j = 0; j < N; j++)
					c[i][j] += aik * b[k][j];
			}
		a[r % N][r % N] += 1.0;
		sum += c[r % N][(r * 3) % N];
	}
	return (int)sum;
}
