/*
 * api.h - api.c's internal helpers: moving values between the public
 * wexec_val and the interpreter's slots (spec: exec/runtime.rst, "Values"),
 * and calling a host function from slots.
 */
#ifndef WX_API_H
#define WX_API_H

#include "runtime.h"

/* Lays out n values of the given types in slots, v128 taking two. */
void wx_vals_to_slots(const wx_valtype *types, uint32_t n,
                      const wexec_val *vals, wx_slot *slots);
/* The reverse: reads n values of the given types from slots. */
void wx_slots_to_vals(const wx_valtype *types, uint32_t n,
                      const wx_slot *slots, wexec_val *vals);

/* Calls host function `func` (func->host != NULL) with its parameters in
 * slots[0..] and leaves its results in slots[0..], as wx_interp_call does.
 * `caller` is the instance whose code calls it, or NULL. Errors are the
 * host function's own (a trap, an exit) or WEXEC_ERR_NOMEM. */
wexec_status wx_host_call(wexec_func *func, wexec_instance *caller,
                          wx_slot *slots, wexec_error *err);

#endif /* WX_API_H */
