/*
 * store.h - store.c's internal interface (spec: exec/modules.rst,
 * "Allocation"): the objects a store owns and its budget, interned
 * function types, creating memories, tables and globals owned by a store,
 * and the messages for misused handles.
 */
#ifndef WX_STORE_H
#define WX_STORE_H

#include "memory.h"
#include "runtime.h"
#include "table.h"

/* The id of `type` in the store, interning a copy on first sight.
 * Returns false when out of memory. */
bool wx_store_type_id(wexec_store *store, const wx_functype *type,
                      uint32_t *out);
/* Hands `object` to the store, which calls destroy(object) when freed.
 * When out of memory it calls destroy(object) at once and returns false,
 * so the caller never has anything left to free. */
bool wx_store_adopt(wexec_store *store, void *object, void (*destroy)(void *));
/* Takes `bytes` of the store's budget for memories and tables
 * (config.max_store_bytes); false, taking nothing, when they do not fit.
 * A NULL store (an object being set up) takes nothing. */
bool wx_store_charge(wexec_store *store, uint64_t bytes);

/* Structural equality of function types (spec: valid/types.rst, "Import
 * Subtyping": function types match when they are equal). */
bool wx_functype_equal(const wx_functype *a, const wx_functype *b);

/* Records "out of memory" (WEXEC_ERR_NOMEM) and returns it. */
wexec_status wx_store_nomem(wexec_error *err);
/* Records WEXEC_ERR_ARGUMENT for a NULL argument: "FN: ARG is NULL". */
wexec_status wx_store_null_arg(wexec_error *err, const char *fn,
                               const char *arg);
/* Records WEXEC_ERR_ARGUMENT for an object of another store than the one
 * it is used with: "FN: WHAT belongs to another store". */
wexec_status wx_store_foreign(wexec_error *err, const char *fn,
                              const char *what);

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

/* Hands back one object of the store before the store goes: calls its
 * destructor and forgets it. The object must be one the store owns;
 * anything else is left alone. */
void wx_store_release(wexec_store *store, void *object);
/* The destructors of the store's tables, memories and standalone globals
 * (instance.c has the instances'): what an object is, told by the
 * destructor it was adopted with. */
void wx_store_table_destroy(void *object);
void wx_store_memory_destroy(void *object);
void wx_store_global_destroy(void *object);

#endif /* WX_STORE_H */
