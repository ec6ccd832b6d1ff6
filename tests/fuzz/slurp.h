/*
 * slurp.h - the fuzz targets' plain-program builds (WX_FUZZ_MAIN) read
 * their input files with this. Include from one target at a time.
 */
#ifndef WX_FUZZ_SLURP_H
#define WX_FUZZ_SLURP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The whole file at `path` in a malloc'ed buffer (its length in *len), or
 * NULL with errno set. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 1)) &&
	    fread(b, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

#endif /* WX_FUZZ_SLURP_H */
