/*
 * values.c - the command's text for values: --invoke arguments read by
 * their parameter types and results written, in the text format's number
 * syntax (spec: text/values.rst), plus v128 as one hex number.
 */
#include "values.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Integer text: optional sign, decimal or 0x hex. Accepts the signed and the
 * unsigned range of the type, as the text format does. */
static bool parse_int(const char *s, bool is64, uint64_t *out)
{
	bool neg = false;
	int base = 10;
	char *end;
	unsigned long long v;
	uint64_t max_pos = is64 ? UINT64_MAX : UINT32_MAX;
	uint64_t max_neg = is64 ? (1ull << 63) : (1ull << 31);
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!(base == 16 ? isxdigit((unsigned char)*s)
	                 : (*s >= '0' && *s <= '9')))
		return false;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > (neg ? max_neg : max_pos))
		return false;
	*out = neg ? (uint64_t)0 - v : v;
	return true;
}

/* "nan:0x..." (with optional sign): a NaN with the given payload. */
static bool parse_nan_payload(const char *s, bool is64, uint64_t *bits)
{
	bool neg = false;
	uint64_t payload;
	uint64_t mask = is64 ? (1ull << 52) - 1 : (1ull << 23) - 1;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (strncmp(s, "nan:0x", 6) != 0 || !isxdigit((unsigned char)s[6]))
		return false;
	if (!parse_int(s + 4, true, &payload) || payload == 0 || payload > mask)
		return false;
	if (is64)
		*bits = (neg ? 1ull << 63 : 0) | (0x7ffull << 52) | payload;
	else
		*bits = (neg ? 1ull << 31 : 0) | (0xffull << 23) | payload;
	return true;
}

static bool parse_float(const char *s, bool is64, uint64_t *bits)
{
	char *end;
	if (strchr(s, ':'))
		return parse_nan_payload(s, is64, bits);
	if (*s == '\0' || *s == ' ' || *s == '\t')
		return false;
	errno = 0;
	if (is64) {
		double d = strtod(s, &end);
		if (*end || (errno == ERANGE && isinf(d)))
			return false;
		memcpy(bits, &d, sizeof d);
	} else {
		float f = strtof(s, &end);
		uint32_t b;
		if (*end || (errno == ERANGE && isinf(f)))
			return false;
		memcpy(&b, &f, sizeof b);
		*bits = b;
	}
	return true;
}

/* v128: "0x" and up to 32 hex digits, the whole vector as one 128-bit
 * number (lane 0 in the low bits), as it is printed. */
static bool parse_v128(const char *s, uint8_t out[16])
{
	size_t n;
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	s += 2;
	n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	memset(out, 0, 16);
	for (size_t i = 0; i < n; i++) {
		char c = s[n - 1 - i]; /* least significant digit first */
		int d = isdigit((unsigned char)c)    ? c - '0'
		        : isxdigit((unsigned char)c) ? (c | 0x20) - 'a' + 10
		                                     : -1;
		if (d < 0)
			return false;
		out[i / 2] |= (uint8_t)(d << (4 * (i % 2)));
	}
	return true;
}

bool values_parse(const char *s, wexec_valtype type, wexec_val *out)
{
	uint64_t u;
	out->type = type;
	memset(&out->of, 0, sizeof out->of);
	switch (type) {
	case WEXEC_I32:
		if (!parse_int(s, false, &u))
			return false;
		out->of.i32 = (int32_t)(uint32_t)u;
		return true;
	case WEXEC_I64:
		if (!parse_int(s, true, &u))
			return false;
		out->of.i64 = (int64_t)u;
		return true;
	case WEXEC_F32:
		if (!parse_float(s, false, &u))
			return false;
		out->of.f32_bits = (uint32_t)u;
		return true;
	case WEXEC_F64:
		if (!parse_float(s, true, &u))
			return false;
		out->of.f64_bits = u;
		return true;
	case WEXEC_FUNCREF:
	case WEXEC_EXTERNREF:
		return strcmp(s, "null") == 0;
	case WEXEC_V128:
		return parse_v128(s, out->of.v128);
	}
	return false;
}

/* inf, nan (the canonical NaN) and nan:0xPAYLOAD as the text format
 * writes them; otherwise the shortest %g text that reads back to the same
 * bits (1 to 9 digits for f32, 1 to 17 for f64). */
static void format_float(uint64_t bits, bool is64, char *buf, size_t size)
{
	int mant = is64 ? 52 : 23;
	uint64_t frac = bits & ((1ull << mant) - 1);
	uint64_t exp_max = is64 ? 0x7ff : 0xff;
	const char *sign = (bits >> (is64 ? 63 : 31)) & 1 ? "-" : "";
	if (((bits >> mant) & exp_max) == exp_max) {
		if (frac == 0)
			snprintf(buf, size, "%sinf", sign);
		else if (frac == 1ull << (mant - 1))
			snprintf(buf, size, "%snan", sign);
		else
			snprintf(buf, size, "%snan:0x%" PRIx64, sign, frac);
		return;
	}
	for (int p = 1; p <= (is64 ? 17 : 9); p++) {
		if (is64) {
			double d, back;
			memcpy(&d, &bits, sizeof d);
			snprintf(buf, size, "%.*g", p, d);
			back = strtod(buf, NULL);
			if (memcmp(&back, &d, sizeof d) == 0)
				return;
		} else {
			uint32_t b32 = (uint32_t)bits;
			float f, back;
			memcpy(&f, &b32, sizeof f);
			snprintf(buf, size, "%.*g", p, (double)f);
			back = strtof(buf, NULL);
			if (memcmp(&back, &f, sizeof f) == 0)
				return;
		}
	}
}

void values_format(const wexec_val *v, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	switch (v->type) {
	case WEXEC_I32:
		snprintf(buf, size, "%" PRId32, v->of.i32);
		return;
	case WEXEC_I64:
		snprintf(buf, size, "%" PRId64, v->of.i64);
		return;
	case WEXEC_F32:
		format_float(v->of.f32_bits, false, buf, size);
		return;
	case WEXEC_F64:
		format_float(v->of.f64_bits, true, buf, size);
		return;
	case WEXEC_FUNCREF:
	case WEXEC_EXTERNREF:
		snprintf(buf, size, "%s", v->of.externref ? "ref" : "null");
		return;
	case WEXEC_V128:
		snprintf(buf, size, "0x");
		for (int i = 0; i < 16 && 2 + 2 * (size_t)i + 2 < size; i++)
			snprintf(buf + 2 + 2 * i, 3, "%02x",
			         v->of.v128[15 - i]);
		return;
	}
}
