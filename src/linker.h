/*
 * linker.h - what the rest of the engine asks of the live linkers of a
 * store (linker.c; spec: exec/modules.rst, "Instantiation"): whether one
 * still refers to an object, and forgetting the store when it goes.
 */
#ifndef WX_LINKER_H
#define WX_LINKER_H

#include <stdbool.h>

#include "runtime.h"

/* Whether a live linker of `store` defines an external for which
 * owned(ext, ctx) is true (instance_free.c: may the instance go?). */
bool wx_linker_defines_any(const wexec_store *store,
                           bool (*owned)(const wexec_extern *ext,
                                         const void *ctx),
                           const void *ctx);
/* store.c calls it when the store is freed; the linkers still alive then
 * no longer refer to it. */
void wx_linker_detach_all(wexec_store *store);

#endif /* WX_LINKER_H */
