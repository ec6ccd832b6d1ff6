/*
 * support.c - the two libc functions the wasm32 kernels need without a libc:
 * clang turns array clears and struct copies into memset/memcpy calls.
 * Compiled with -fno-builtin so these loops are not turned back into calls
 * to themselves. Not linked into the native builds (libc has them).
 */
#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}
