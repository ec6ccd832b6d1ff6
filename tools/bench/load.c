/*
 * load.c - decodes and validates a module and nothing else, so bench.sh can
 * tell how much of wexec's start-up on a large module is validation.
 * `load module.wasm [COUNT]` loads it COUNT times (default 10) and prints
 * the best time of one load in milliseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wexec.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *buf;
	long len;
	int count = argc == 3 ? atoi(argv[2]) : 10;
	double best = -1;
	FILE *f = argc >= 2 ? fopen(argv[1], "rb") : NULL;
	if (!f || count < 1) {
		fprintf(stderr, "usage: load module.wasm [COUNT]\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "load: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	for (int i = 0; i < count; i++) {
		wexec_module *module = NULL;
		double t = now();
		if (wexec_module_new(buf, (size_t)len, &module, &err)) {
			fprintf(stderr, "load: %s\n", err.message);
			free(buf);
			return 1;
		}
		t = now() - t;
		wexec_module_free(module);
		if (best < 0 || t < best)
			best = t;
	}
	printf("%.2f\n", best * 1000);
	free(buf);
	return 0;
}
