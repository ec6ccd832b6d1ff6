/* mandel.c - floating point: counts the Mandelbrot set's points on an
 * n-row grid (up to 200 iterations per point). bench: 1100 */
#include "kernel.h"

EXPORT int run(int n)
{
	int inside = 0;
	for (int y = 0; y < n; y++) {
		for (int x = 0; x < n; x++) {
			double cr = 2.5 * x / n - 2.0, ci = 2.0 * y / n - 1.0;
			double zr = 0, zi = 0;
			int i = 0;
			while (i < 200 && zr * zr + zi * zi <= 4.0) {
				double t = zr * zr - zi * zi + cr;
				zi = 2.0 * zr * zi + ci;
				zr = t;
				i++;
			}
			inside += i == 200;
		}
	}
	return inside;
}
