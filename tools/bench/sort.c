/* sort.c - memory-heavy with data-dependent branches: heapsort of 256K
 * pseudo-random 32-bit keys (1 MiB), n times. bench: 10 */
#include "kernel.h"

#define COUNT (256 * 1024)
static u32 keys[COUNT];

static void sift(u32 *k, int root, int end)
{
	while (2 * root + 1 < end) {
		int child = 2 * root + 1;
		if (child + 1 < end && k[child] < k[child + 1])
			child++;
		if (k[root] >= k[child])
			return;
		u32 t = k[root];
		k[root] = k[child];
		k[child] = t;
		root = child;
	}
}

EXPORT int run(int n)
{
	u32 seed = 42, check = 0;
	for (int r = 0; r < n; r++) {
		for (int i = 0; i < COUNT; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			keys[i] = seed;
		}
		for (int i = COUNT / 2 - 1; i >= 0; i--)
			sift(keys, i, COUNT);
		for (int end = COUNT - 1; end > 0; end--) {
			u32 t = keys[0];
			keys[0] = keys[end];
			keys[end] = t;
			sift(keys, 0, end);
		}
		for (int i = 0; i < COUNT; i += 1024)
			check = check * 31 + keys[i];
	}
	return (int)check;
}
