/*
 * api.h - api.c's internal helpers: a module's public views, and moving
 * values between the public wexec_val and the interpreter's slots (spec:
 * exec/runtime.rst, "Values").
 */
#ifndef WX_API_H
#define WX_API_H

#include "runtime.h"

/* Makes module->api, the public views of a decoded, validated module
 * (functypes as wexec_functype, function names NUL-terminated), so that
 * the accessors can hand out borrowed pointers; module.c frees it with the
 * module. Errors: WEXEC_ERR_NOMEM. */
wexec_status wx_api_module_info(wx_module *module, wexec_error *err);

/* Lays out n values of the given types in slots, v128 taking two. */
void wx_vals_to_slots(const wx_valtype *types, uint32_t n,
                      const wexec_val *vals, wx_slot *slots);
/* The reverse: reads n values of the given types from slots. */
void wx_slots_to_vals(const wx_valtype *types, uint32_t n, const wx_slot *slots,
                      wexec_val *vals);

#endif /* WX_API_H */
