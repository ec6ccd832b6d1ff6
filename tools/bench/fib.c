/* fib.c - call-heavy: the doubly recursive Fibonacci. bench: 40 */
#include "kernel.h"

static int fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

EXPORT int run(int n)
{
	return fib(n);
}
