/* sieve.c - loops, byte stores and branches: the sieve of Eratosthenes
 * over 1 MiB, n times. bench: 80 */
#include "kernel.h"

#define LIMIT (1 << 20)
static unsigned char composite[LIMIT];

EXPORT int run(int n)
{
	int count = 0;
	for (int r = 0; r < n; r++) {
		for (int i = 0; i < LIMIT; i++)
			composite[i] = 0;
		count = 0;
		for (int i = 2; i < LIMIT; i++) {
			if (composite[i])
				continue;
			count++;
			for (int j = 2 * i; j < LIMIT; j += i)
				composite[j] = 1;
		}
	}
	return count;
}
