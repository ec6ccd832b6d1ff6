/*
 * error.c - errors as values: the caller's wexec_error record, first error
 * wins, nothing allocated (spec wording for traps: exec/instructions.rst and
 * the test suite's assert_trap texts).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wexec.h"

wexec_status wexec_error_set(wexec_error *err, wexec_status status,
                             const char *fmt, ...)
{
	va_list ap;
	if (!err || err->status != WEXEC_OK)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}

const char *wexec_trap_message(wexec_trap trap)
{
	switch (trap) {
	case WEXEC_TRAP_NONE: return "no trap";
	case WEXEC_TRAP_UNREACHABLE: return "unreachable";
	case WEXEC_TRAP_DIV_ZERO: return "integer divide by zero";
	case WEXEC_TRAP_INT_OVERFLOW: return "integer overflow";
	case WEXEC_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
	case WEXEC_TRAP_MEMORY_OOB: return "out of bounds memory access";
	case WEXEC_TRAP_TABLE_OOB: return "out of bounds table access";
	case WEXEC_TRAP_UNDEFINED_ELEMENT: return "undefined element";
	case WEXEC_TRAP_UNINITIALIZED: return "uninitialized element";
	case WEXEC_TRAP_INDIRECT_MISMATCH: return "indirect call type mismatch";
	case WEXEC_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
	case WEXEC_TRAP_OUT_OF_FUEL: return "all fuel consumed";
	case WEXEC_TRAP_INTERRUPTED: return "interrupted";
	case WEXEC_TRAP_HOST: return "host function trapped";
	}
	return "unknown trap";
}

wexec_status wexec_error_trap(wexec_error *err, wexec_trap trap)
{
	if (err && err->status == WEXEC_OK)
		err->trap = trap;
	return wexec_error_set(err, WEXEC_ERR_TRAP, "%s", wexec_trap_message(trap));
}

wexec_status wexec_error_exit(wexec_error *err, int exit_code)
{
	if (err && err->status == WEXEC_OK)
		err->exit_code = exit_code;
	return wexec_error_set(err, WEXEC_ERR_EXIT, "exit with code %d", exit_code);
}

void wexec_error_clear(wexec_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
}

const char *wexec_valtype_name(wexec_valtype type)
{
	switch (type) {
	case WEXEC_I32: return "i32";
	case WEXEC_I64: return "i64";
	case WEXEC_F32: return "f32";
	case WEXEC_F64: return "f64";
	case WEXEC_V128: return "v128";
	case WEXEC_FUNCREF: return "funcref";
	case WEXEC_EXTERNREF: return "externref";
	}
	return "unknown";
}
