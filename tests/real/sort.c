/* sort.c - the program tests/real/run.sh compiles with clang under wexec:
 * a little of everything a C compiler must get right (structs, function
 * pointers, 64-bit arithmetic, floating point, the C library). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char name[8];
	uint32_t key;
	double weight;
};

static int by_key(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

int main(int argc, char **argv)
{
	struct item items[40];
	uint64_t h = 1469598103934665603ull;
	double total = 0;
	for (int i = 0; i < 40; i++) {
		items[i].key = (uint32_t)(i * 2654435761u) >> 7;
		items[i].weight = 1.0 / (i + 1);
		snprintf(items[i].name, sizeof items[i].name, "n%d", i);
	}
	qsort(items, 40, sizeof items[0], by_key);
	for (int i = 0; i < 40; i++) {
		for (const char *p = items[i].name; *p; p++)
			h = (h ^ (uint8_t)*p) * 1099511628211ull;
		total += items[i].weight * (i + 1);
	}
	printf("first %s last %s\n", items[0].name, items[39].name);
	printf("hash %016llx total %.6f\n", (unsigned long long)h, total);
	printf("args %d %s\n", argc, argc > 1 ? argv[1] : "-");
	return strcmp(items[0].name, "n0") == 0 ? 0 : 3;
}
