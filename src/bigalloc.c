/*
 * bigalloc.c - zeroed blocks, large ones on transparent huge pages
 * (bigalloc.h). A header before each block records how it was made: the
 * size of its mapping, or 0 for calloc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "bigalloc.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define HEADER    ((size_t)16)

static void *map_huge(size_t bytes)
{
	if (bytes > SIZE_MAX - 3 * HUGE_PAGE)
		return NULL;
	size_t size = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	size_t whole = size + HUGE_PAGE; /* room to align the start */
	uint8_t *p = mmap(NULL, whole, PROT_READ | PROT_WRITE,
	                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	uint8_t *a = p + (-(uintptr_t)p & (HUGE_PAGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	munmap(a + size, (size_t)(p + whole - (a + size)));
#ifdef MADV_HUGEPAGE
	madvise(a, size, MADV_HUGEPAGE);
#endif
	*(size_t *)a = size;
	return a + HEADER;
}

void *wx_big_calloc(size_t bytes)
{
	if (bytes > SIZE_MAX - HEADER)
		return NULL;
	uint8_t *b = bytes + HEADER >= HUGE_PAGE ? map_huge(bytes + HEADER)
	                                         : NULL;
	if (b)
		return b;
	b = calloc(1, bytes + HEADER);
	return b ? b + HEADER : NULL; /* calloc's zero is the header's 0 */
}

void wx_big_free(void *block)
{
	if (!block)
		return;
	uint8_t *h = (uint8_t *)block - HEADER;
	size_t mapped = *(size_t *)h;
	if (mapped)
		munmap(h, mapped);
	else
		free(h);
}
