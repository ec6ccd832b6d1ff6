/*
 * interp.h - the interpreter's limits and its link to the compiler
 * (exec/instructions.rst runs here; see docs/interp.md).
 */
#ifndef WX_INTERP_H
#define WX_INTERP_H

#include "runtime.h"

/* Defaults for wexec_config's zero fields: deep enough for real programs;
 * the frame stack is 24 bytes a frame and the operand stack is reserved
 * without being touched (mmap), so unused depth costs only address space. */
#define WX_DEFAULT_CALL_DEPTH  100000u
#define WX_DEFAULT_STACK_SLOTS (8u * 1024u * 1024u)

/* Host functions calling back into wasm nest on the C stack: a nested
 * call needs this much of it left (room for the host function, libc and
 * a sanitizer's larger frames), or, where the stack's extent is unknown,
 * at most this many nested calls. */
#define WX_C_STACK_RESERVE (256u * 1024u)
#define WX_MAX_NESTING     1000u

/* Calls `func` with arguments in slots[0..] (laid out as the parameters,
 * v128 taking two slots); on success the results are in slots[0..].
 * `slots` must have room for max(params, results) slots. */
wexec_status wx_interp_call(wexec_store *store, wexec_func *func,
                            wx_slot *slots, wexec_error *err);
/* A wasm function's name for messages and profiles: its name-section
 * entry, else the name it is exported under; NULL for neither. */
const wx_name *wx_interp_func_name(const wexec_func *f);
/* Frees a store's operand and frame stacks (store.c, when the store goes). */
void wx_interp_stack_free(struct wx_stack *stack);

/* The handler address of every internal instruction, indexed by wx_icode,
 * or NULL under WX_SWITCH_DISPATCH (the code then holds opcode numbers). */
const void *const *wx_interp_handlers(void);

#endif /* WX_INTERP_H */
