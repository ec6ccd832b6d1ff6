/*
 * memory.h - linear memory instances (spec: exec/runtime.rst "Memory
 * Instances", exec/modules.rst "Growing memories") and the bulk memory
 * instructions memory.fill, memory.copy and memory.init
 * (exec/instructions.rst "Memory Instructions").
 *
 * Storage: the effective maximum (4 GiB at most for a 32-bit memory, 8 GiB
 * at most for a 64-bit one) is reserved up front with mmap(PROT_NONE) and
 * memory.grow only mprotects more of it, so growing is cheap, new pages
 * come zeroed from the kernel and the base never moves. When the
 * reservation cannot be made (an address-space limit, or the 16 TiB all
 * memories of the process may reserve together), the memory falls back
 * to mapping exactly its size and moves on growth; so does a 64-bit
 * memory growing past its reservation. The interpreter must reload `data`
 * after any call or grow either way.
 */
#ifndef WX_MEMORY_H
#define WX_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

/* Initialises *mem with type->min zeroed pages. The effective maximum is
 * the declared maximum (65536 pages when none) capped by store_max_pages
 * (0 means no cap). Errors: WEXEC_ERR_LIMIT when type->min exceeds the
 * effective maximum, WEXEC_ERR_NOMEM when the host refuses the pages. On
 * failure *mem holds nothing to clear (clearing it anyway is harmless). */
wexec_status wx_memory_init_object(wexec_memory *mem, const wx_limits *type,
                                   uint64_t store_max_pages, wexec_error *err);

/* Releases the data; *mem is left as an empty memory. */
void wx_memory_clear(wexec_memory *mem);

/* memory.grow: the old size in pages, or -1 when the result would exceed
 * the effective maximum or the host has no memory for it (the memory is
 * then unchanged). Growing by 0 returns the size. */
int64_t wx_memory_grow(wexec_memory *mem, uint64_t delta_pages);

/* True when [offset, offset + len) lies inside the memory; safe for any
 * 64-bit operands (no overflow). */
static inline bool wx_memory_range_ok(const wexec_memory *mem, uint64_t offset,
                                      uint64_t len)
{
	return offset <= mem->size && len <= mem->size - offset;
}

/* The bulk instructions: check every range first, then write, so a trap
 * leaves memory untouched. An offset past the end traps even when n == 0.
 * Return WEXEC_TRAP_NONE or WEXEC_TRAP_MEMORY_OOB. */
wexec_trap wx_memory_fill(wexec_memory *mem, uint64_t d, uint8_t val,
                          uint64_t n);
/* dst and src may be the same memory and the ranges may overlap. */
wexec_trap wx_memory_copy(wexec_memory *dst, const wexec_memory *src,
                          uint64_t d, uint64_t s, uint64_t n);
/* Copies seg[s, s + n) to d; a dropped segment is seglen 0. */
wexec_trap wx_memory_init(wexec_memory *mem, const uint8_t *seg,
                          uint64_t seglen, uint64_t d, uint64_t s, uint64_t n);

#endif /* WX_MEMORY_H */
