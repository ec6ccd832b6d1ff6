/*
 * instance.h - module instantiation (spec: exec/modules.rst,
 * "Instantiation" and "Allocation") and constant expressions
 * (exec/instructions.rst, "Expressions").
 */
#ifndef WX_INSTANCE_H
#define WX_INSTANCE_H

#include "runtime.h"

/* Instantiates `module` in `store` with `imports`, one per module import,
 * in order, already resolved and checked against the import types by the
 * linker. Allocates functions, globals, tables and memories, initialises
 * active element and data segments and runs the start function. A trap on
 * the way returns WEXEC_ERR_TRAP and keeps earlier writes to imported
 * tables and memories. Everything allocated belongs to the store, on
 * failure too. */
wexec_status wx_instance_new(wexec_store *store, const wx_module *module,
                             const wexec_extern *imports, wexec_instance **out,
                             wexec_error *err);

/* The destructor of an instance record and its index-space arrays (not
 * of the functions, globals, tables and memories, which the store owns
 * apart); store objects adopted with it are instances. */
void wx_instance_destroy(void *object);

/* The external an export of `inst` refers to. */
void wx_instance_extern(const wexec_instance *inst, const wx_export *exp,
                        wexec_extern *out);

/* Evaluates a validated constant expression in `inst` (only the imported
 * globals and the functions need to exist yet). Writes one value, v128
 * taking both slots. */
void wx_instance_eval_const(const wexec_instance *inst, wx_constexpr expr,
                            wx_slot out[2]);

#endif /* WX_INSTANCE_H */
