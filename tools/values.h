/*
 * values.h - the command's text for values (spec: text/values.rst): an
 * --invoke argument read by its parameter's type, a result written back.
 * What values_format writes, values_parse reads back to the same bits.
 */
#ifndef TOOLS_VALUES_H
#define TOOLS_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "wexec.h"

/* Room for the longest text values_format writes, NUL included. */
#define VALUES_TEXT_MAX 64

/* Reads `s` as a value of `type` into *out (type set, other bits zero);
 * false when it is not one. Integers: an optional sign, then decimal or
 * 0x hex, in the signed or the unsigned range of the type. Floats:
 * decimal or hex float text, inf, nan (the canonical NaN), nan:0xPAYLOAD
 * (a nonzero payload that fits), each with an optional sign; text that
 * rounds to infinity is refused. v128: 0x and 1 to 32 hex digits, the
 * vector as one number with lane 0 in the low bits. References: only
 * "null". */
bool values_parse(const char *s, wexec_valtype type, wexec_val *out);

/* Writes the text of `v` into buf (at most size bytes, NUL-terminated;
 * VALUES_TEXT_MAX always suffices): integers in signed decimal; floats as
 * inf, nan, nan:0xPAYLOAD or the shortest %g text that reads back to the
 * same bits; v128 as 0x and 32 hex digits; references as null or ref. */
void values_format(const wexec_val *v, char *buf, size_t size);

#endif /* TOOLS_VALUES_H */
