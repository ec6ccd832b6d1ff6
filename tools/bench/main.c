/*
 * main.c - the native side of the benchmark: calls a kernel's run(n) and
 * prints the checksum as wexec --invoke prints an i32 (signed decimal).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s N\n", argv[0]);
		return 2;
	}
	printf("%d\n", run(atoi(argv[1])));
	return 0;
}
