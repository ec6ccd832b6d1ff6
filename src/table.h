/*
 * table.h - table instances (spec: exec/runtime.rst "Table Instances",
 * exec/modules.rst "Growing tables") and the bulk table instructions
 * table.fill, table.copy and table.init (exec/instructions.rst "Table
 * Instructions").
 *
 * Elements are references as void pointers: a funcref is a wexec_func *,
 * an externref the host's pointer, NULL is null. The element array is
 * reserved for the effective maximum on first use and never moves; its
 * pages cost memory only once written, so null elements cost nothing.
 */
#ifndef WX_TABLE_H
#define WX_TABLE_H

#include <stdint.h>

#include "runtime.h"

/* A table's maximum is its declared one or 2^32-1 elements; beyond this
 * many, growth is refused anyway so one module cannot exhaust the host
 * (the spec lets table.grow fail for any reason). */
#define WX_TABLE_MAX_ELEMS 10000000u

/* Initialises *t with type->limits.min elements, each `init`. Errors:
 * WEXEC_ERR_LIMIT when the minimum exceeds WX_TABLE_MAX_ELEMS,
 * WEXEC_ERR_NOMEM. On failure *t holds nothing to clear. */
wexec_status wx_table_init_object(wexec_table *t, const wx_tabletype *type,
                                  void *init, wexec_error *err);

/* Frees the elements; *t is left as an empty table. */
void wx_table_clear(wexec_table *t);

/* table.grow: the old size, or -1 when the new size would exceed the
 * effective maximum or the host is out of memory (t is then unchanged).
 * New elements are `init`. */
int64_t wx_table_grow(wexec_table *t, uint32_t delta, void *init);

/* The bulk instructions: every range is checked first (64-bit arithmetic),
 * then written, so a trap changes nothing; an index past the end traps
 * even when n == 0. Return WEXEC_TRAP_NONE or WEXEC_TRAP_TABLE_OOB. */
wexec_trap wx_table_fill(wexec_table *t, uint32_t i, void *ref, uint32_t n);
/* dst and src may be the same table and the ranges may overlap. */
wexec_trap wx_table_copy(wexec_table *dst, const wexec_table *src, uint32_t d,
                         uint32_t s, uint32_t n);
/* Copies refs[s, s + n) to d; a dropped segment is len 0. */
wexec_trap wx_table_init(wexec_table *t, void *const *refs, uint32_t len,
                         uint32_t d, uint32_t s, uint32_t n);

#endif /* WX_TABLE_H */
