/*
 * store.h - store.c's internal interface beyond runtime.h (spec:
 * exec/modules.rst, "Allocation"): creating memories, tables and globals
 * owned by a store, and comparing function types.
 */
#ifndef WX_STORE_H
#define WX_STORE_H

#include "runtime.h"

/* memory.c and table.c (memory.h, table.h): the parts the store uses.
 * Declared here too so that a mismatch with those headers fails to compile. */
wexec_status wx_memory_init_object(wexec_memory *mem, const wx_limits *type,
                                   uint64_t store_max_pages, wexec_error *err);
void wx_memory_clear(wexec_memory *mem);
int64_t wx_memory_grow(wexec_memory *mem, uint64_t delta_pages);
wexec_trap wx_memory_init(wexec_memory *mem, const uint8_t *seg,
                          uint64_t seglen, uint64_t d, uint64_t s, uint64_t n);
wexec_status wx_table_init_object(wexec_table *t, const wx_tabletype *type,
                                  void *init, wexec_error *err);
void wx_table_clear(wexec_table *t);
int64_t wx_table_grow(wexec_table *t, uint32_t delta, void *init);
wexec_trap wx_table_init(wexec_table *t, void *const *refs, uint32_t len,
                         uint32_t d, uint32_t s, uint32_t n);

/* Structural equality of function types (spec: valid/types.rst, "Import
 * Subtyping": function types match when they are equal). */
bool wx_functype_equal(const wx_functype *a, const wx_functype *b);

/* Records "out of memory" (WEXEC_ERR_NOMEM) and returns it. */
wexec_status wx_store_nomem(wexec_error *err);

/* New objects owned by the store. On failure nothing is left to free: the
 * store already owns whatever was allocated. */
wexec_status wx_store_new_memory(wexec_store *store, const wx_limits *type,
                                 wexec_memory **out, wexec_error *err);
wexec_status wx_store_new_table(wexec_store *store, const wx_tabletype *type,
                                void *init, wexec_table **out,
                                wexec_error *err);
wexec_status wx_store_new_global(wexec_store *store, const wx_globaltype *type,
                                 const wx_slot val[2], wexec_global **out,
                                 wexec_error *err);

#endif /* WX_STORE_H */
