/* A reactor (built with -mexec-model=reactor): no _start; _initialize runs
 * the libc constructors, then the runner calls `scaled` through --invoke. */
#include <stdio.h>
#include <stdlib.h>

static int factor;

__attribute__((constructor)) static void init(void)
{
	const char *f = getenv("FACTOR");
	factor = f ? atoi(f) : 1;
}

__attribute__((export_name("scaled"))) int scaled(int x)
{
	printf("scaled(%d) with factor %d\n", x, factor);
	fflush(stdout);
	return x * factor;
}
