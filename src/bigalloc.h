/*
 * bigalloc.h - zeroed blocks for the large arrays a module and an
 * instance make once (the module's copy of its binary, an instance's
 * functions). From 2 MiB on a block is an anonymous mapping aligned to a
 * huge page and advised for transparent huge pages: filling it then
 * faults a few huge pages instead of thousands of small ones, and reading
 * it walks fewer TLB entries. Smaller blocks come from calloc.
 */
#ifndef WX_BIGALLOC_H
#define WX_BIGALLOC_H

#include <stddef.h>

/* bytes zeroed bytes, aligned to 16; NULL when the host has no memory. */
void *wx_big_calloc(size_t bytes);

/* Frees a block of wx_big_calloc; NULL is ignored. */
void wx_big_free(void *block);

#endif /* WX_BIGALLOC_H */
