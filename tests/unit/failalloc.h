/*
 * failalloc.h - failing allocations on purpose, for the out-of-memory paths
 * of the unit tests. On glibc a program may replace malloc; the replacements
 * below pass through to glibc, can be armed to fail the Nth allocation from
 * now (alloc_countdown = N), and count live blocks (alloc_live) so that a
 * failure path that leaks shows up. AddressSanitizer brings its own malloc,
 * so under it (and off glibc) NO_MALLOC_HOOK is defined and the tests that
 * need the hook are left out. Include from one test program only.
 */
#ifndef WX_FAILALLOC_H
#define WX_FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define NO_MALLOC_HOOK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_MALLOC_HOOK 1
#endif
#endif
#if !defined(__GLIBC__)
#define NO_MALLOC_HOOK 1
#endif

#ifndef NO_MALLOC_HOOK
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);

static long alloc_countdown = -1; /* allocations left before one fails */
static long alloc_live;

static bool alloc_fails(void)
{
	if (alloc_countdown < 0)
		return false;
	return alloc_countdown-- == 0;
}

void *malloc(size_t size)
{
	void *p = alloc_fails() ? NULL : __libc_malloc(size);
	alloc_live += p != NULL;
	return p;
}

void *calloc(size_t n, size_t size)
{
	void *p = alloc_fails() ? NULL : __libc_calloc(n, size);
	alloc_live += p != NULL;
	return p;
}

void *realloc(void *old, size_t size)
{
	if (alloc_fails())
		return NULL;
	void *p = __libc_realloc(old, size);
	alloc_live += (p != NULL) - (old != NULL);
	return p;
}

void free(void *p)
{
	alloc_live -= p != NULL;
	__libc_free(p);
}
#endif

#endif /* WX_FAILALLOC_H */
