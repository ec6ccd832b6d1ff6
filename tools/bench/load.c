/*
 * load.c - decodes and validates a module and nothing else, so bench.sh can
 * tell how much of wexec's start-up on a large module is validation.
 */
#include <stdio.h>
#include <stdlib.h>

#include "wexec.h"

int main(int argc, char **argv)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *module = NULL;
	uint8_t *buf;
	long len;
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	if (!f) {
		fprintf(stderr, "usage: load module.wasm\n");
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
	if (wexec_module_new(buf, (size_t)len, &module, &err)) {
		fprintf(stderr, "load: %s\n", err.message);
		free(buf);
		return 1;
	}
	wexec_module_free(module);
	free(buf);
	return 0;
}
