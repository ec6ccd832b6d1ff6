/*
 * api.h - api.c's internal helpers: a module's public views, the outcome
 * of a host function call, and moving values between the public wexec_val
 * and the interpreter's slots (spec: exec/runtime.rst, "Values").
 */
#ifndef WX_API_H
#define WX_API_H

#include "runtime.h"

/* Makes module->api, the public views of a decoded, validated module
 * (functypes as wexec_functype, function names NUL-terminated), so that
 * the accessors can hand out borrowed pointers; module.c frees it with the
 * module. Errors: WEXEC_ERR_NOMEM. */
wexec_status wx_api_module_info(wx_module *module, wexec_error *err);

/* Makes the outcome of host function `f` (status `st`, error record
 * `err`, which held no error before the call) consistent: a trap without
 * a kind becomes WEXEC_TRAP_HOST, a status outside wexec_status becomes a
 * WEXEC_TRAP_HOST trap, and every failure carries a message naming `f`.
 * Returns the status to propagate. */
wexec_status wx_api_host_status(const wexec_func *f, wexec_status st,
                                wexec_error *err);
/* Checks the results a host function `f` returned, after their types
 * were preset to the declared ones: a funcref result must be a function
 * of f's store (WEXEC_ERR_ARGUMENT otherwise). */
wexec_status wx_api_host_results(const wexec_func *f, const wexec_val *results,
                                 wexec_error *err);

/* Lays out n values of the given types in slots, v128 taking two. */
void wx_vals_to_slots(const wx_valtype *types, uint32_t n,
                      const wexec_val *vals, wx_slot *slots);
/* The reverse: reads n values of the given types from slots. */
void wx_slots_to_vals(const wx_valtype *types, uint32_t n, const wx_slot *slots,
                      wexec_val *vals);

#endif /* WX_API_H */
