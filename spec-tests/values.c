/*
 * values.c - script values and result patterns (spec: the test suite's
 * `assert_return` with `nan:canonical`/`nan:arithmetic`, `ref.null`,
 * `ref.extern N`, `ref.func` and v128 lanes; exec/numerics.rst for what
 * canonical and arithmetic NaNs are). Floats are compared by bits: a
 * script that names an exact NaN means exactly that NaN.
 */
#include "values.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F32_EXP_MASK 0x7f800000u
#define F32_QUIET 0x00400000u
#define F64_EXP_MASK 0x7ff0000000000000ull
#define F64_QUIET 0x0008000000000000ull
#define F64_SIGN 0x8000000000000000ull

static const struct {
	const char *name;
	unsigned count; /* lanes in 128 bits */
	bool is_float;
} lane_info[] = {
	[LANE_I8] = {"i8", 16, false},   [LANE_I16] = {"i16", 8, false},
	[LANE_I32] = {"i32", 4, false},  [LANE_I64] = {"i64", 2, false},
	[LANE_F32] = {"f32", 4, true},   [LANE_F64] = {"f64", 2, true},
};

void *value_extern_ref(unsigned long long n)
{
	return (void *)(uintptr_t)(n + 1);
}

/* Parses decimal text of an integer `bits` wide. wast2json writes the
 * unsigned form; a leading '-' is accepted too and wraps. */
static bool parse_bits(const char *s, unsigned bits, uint64_t *out)
{
	char *end;
	uint64_t mask = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	errno = 0;
	if (!s || !*s)
		return false;
	if (s[0] == '-') {
		long long v = strtoll(s, &end, 10);
		if (errno || *end || (bits < 64 && v < -(1LL << (bits - 1))))
			return false;
		*out = (uint64_t)v & mask;
		return true;
	}
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > mask)
		return false;
	*out = v;
	return true;
}

static bool parse_lane_type(const char *s, lane_type *out)
{
	for (size_t i = 0; s && i < sizeof lane_info / sizeof lane_info[0];
	     i++) {
		if (strcmp(s, lane_info[i].name) == 0) {
			*out = (lane_type)i;
			return true;
		}
	}
	return false;
}

static bool parse_valtype(const char *s, wexec_valtype *out)
{
	static const struct {
		const char *name;
		wexec_valtype type;
	} types[] = {
		{"i32", WEXEC_I32},         {"i64", WEXEC_I64},
		{"f32", WEXEC_F32},         {"f64", WEXEC_F64},
		{"v128", WEXEC_V128},       {"funcref", WEXEC_FUNCREF},
		{"externref", WEXEC_EXTERNREF},
	};
	for (size_t i = 0; s && i < sizeof types / sizeof types[0]; i++) {
		if (strcmp(s, types[i].name) == 0) {
			*out = types[i].type;
			return true;
		}
	}
	return false;
}

static value_pat nan_pattern(const char *s)
{
	if (s && strcmp(s, "nan:canonical") == 0)
		return PAT_NAN_CANONICAL;
	if (s && strcmp(s, "nan:arithmetic") == 0)
		return PAT_NAN_ARITHMETIC;
	return PAT_EXACT;
}

static void put_lane(uint8_t *v128, lane_type lanes, unsigned i, uint64_t bits)
{
	unsigned width = 16 / lane_info[lanes].count;
	for (unsigned b = 0; b < width; b++)
		v128[i * width + b] = (uint8_t)(bits >> (8 * b));
}

static uint64_t get_lane(const uint8_t *v128, lane_type lanes, unsigned i)
{
	unsigned width = 16 / lane_info[lanes].count;
	uint64_t bits = 0;
	for (unsigned b = 0; b < width; b++)
		bits |= (uint64_t)v128[i * width + b] << (8 * b);
	return bits;
}

/* Parses a v128's lanes; when pats is non-NULL, float lanes may be NaN
 * patterns. */
static bool parse_v128(const json_node *node, wexec_val *out, lane_type *lt,
                       value_pat *pats, char *why, size_t why_len)
{
	const json_node *value = json_get(node, "value");
	if (!parse_lane_type(json_get_str(node, "lane_type"), lt)) {
		snprintf(why, why_len, "v128 without a known lane_type");
		return false;
	}
	unsigned count = lane_info[*lt].count;
	unsigned width = 16 / count;
	if (!value || value->kind != JSON_ARRAY || json_count(value) != count) {
		snprintf(why, why_len, "v128 needs %u lanes", count);
		return false;
	}
	unsigned i = 0;
	for (const json_node *c = value->child; c; c = c->next, i++) {
		uint64_t bits;
		const char *s = c->kind == JSON_STRING ? c->str : NULL;
		value_pat pat = lane_info[*lt].is_float ? nan_pattern(s)
		                                        : PAT_EXACT;
		if (pats)
			pats[i] = pat;
		if (pat != PAT_EXACT && pats) {
			put_lane(out->of.v128, *lt, i, 0);
			continue;
		}
		if (!parse_bits(s, width * 8, &bits)) {
			snprintf(why, why_len, "bad %s lane \"%s\"",
			         lane_info[*lt].name, s ? s : "?");
			return false;
		}
		put_lane(out->of.v128, *lt, i, bits);
	}
	return true;
}

static bool parse_ref(const char *s, wexec_valtype type, wexec_val *out,
                      value_pat *pat)
{
	uint64_t n;
	*pat = PAT_EXACT;
	if (!s) {
		/* No value: any reference of the type that is not null, as
		 * `(ref.func)` and `(ref.extern)` results are written. */
		*pat = type == WEXEC_FUNCREF ? PAT_REF_NONNULL : PAT_ANY;
		return true;
	}
	if (strcmp(s, "null") == 0)
		return true;
	if (type != WEXEC_EXTERNREF || !parse_bits(s, 64, &n))
		return false;
	out->of.externref = value_extern_ref(n);
	return true;
}

/* The shared part of arguments and expectations: pats is NULL for
 * arguments, which admit no patterns. */
static bool parse_value(const json_node *node, expected_val *out, bool pats,
                        char *why, size_t why_len)
{
	const char *type = json_get_str(node, "type");
	memset(out, 0, sizeof *out);
	if (!parse_valtype(type, &out->val.type)) {
		snprintf(why, why_len, "unknown value type \"%s\"",
		         type ? type : "?");
		return false;
	}
	if (out->val.type == WEXEC_V128)
		return parse_v128(node, &out->val, &out->lanes,
		                  pats ? out->lane_pat : NULL, why, why_len);
	const char *s = json_get_str(node, "value");
	uint64_t bits = 0;
	bool ok = true;
	switch (out->val.type) {
	case WEXEC_I32:
	case WEXEC_F32:
		out->pat = pats && out->val.type == WEXEC_F32 ? nan_pattern(s)
		                                               : PAT_EXACT;
		ok = out->pat != PAT_EXACT || parse_bits(s, 32, &bits);
		out->val.of.i64 = 0;
		out->val.of.f32_bits = (uint32_t)bits;
		break;
	case WEXEC_I64:
	case WEXEC_F64:
		out->pat = pats && out->val.type == WEXEC_F64 ? nan_pattern(s)
		                                               : PAT_EXACT;
		ok = out->pat != PAT_EXACT || parse_bits(s, 64, &bits);
		out->val.of.f64_bits = bits;
		break;
	default:
		ok = parse_ref(s, out->val.type, &out->val, &out->pat) &&
		     (pats || out->pat == PAT_EXACT);
		break;
	}
	if (!ok)
		snprintf(why, why_len, "bad %s value \"%s\"",
		         wexec_valtype_name(out->val.type), s ? s : "(none)");
	return ok;
}

bool value_parse_arg(const json_node *node, wexec_val *out, char *why,
                     size_t why_len)
{
	expected_val e;
	if (!parse_value(node, &e, false, why, why_len))
		return false;
	*out = e.val;
	return true;
}

bool value_parse_expected(const json_node *node, expected_val *out, char *why,
                          size_t why_len)
{
	return parse_value(node, out, true, why, why_len);
}

static bool f32_matches(value_pat pat, uint32_t want, uint32_t got)
{
	switch (pat) {
	case PAT_NAN_CANONICAL:
		return (got & 0x7fffffffu) == (F32_EXP_MASK | F32_QUIET);
	case PAT_NAN_ARITHMETIC:
		return (got & (F32_EXP_MASK | F32_QUIET)) ==
		       (F32_EXP_MASK | F32_QUIET);
	default:
		return want == got;
	}
}

static bool f64_matches(value_pat pat, uint64_t want, uint64_t got)
{
	switch (pat) {
	case PAT_NAN_CANONICAL:
		return (got & ~F64_SIGN) == (F64_EXP_MASK | F64_QUIET);
	case PAT_NAN_ARITHMETIC:
		return (got & (F64_EXP_MASK | F64_QUIET)) ==
		       (F64_EXP_MASK | F64_QUIET);
	default:
		return want == got;
	}
}

static bool v128_matches(const expected_val *want, const uint8_t *got)
{
	lane_type lt = want->lanes;
	for (unsigned i = 0; i < lane_info[lt].count; i++) {
		uint64_t w = get_lane(want->val.of.v128, lt, i);
		uint64_t g = get_lane(got, lt, i);
		value_pat pat = want->lane_pat[i];
		bool ok = lt == LANE_F32   ? f32_matches(pat, (uint32_t)w,
		                                         (uint32_t)g)
		          : lt == LANE_F64 ? f64_matches(pat, w, g)
		                           : w == g;
		if (!ok)
			return false;
	}
	return true;
}

bool value_matches(const expected_val *want, const wexec_val *got)
{
	if (want->val.type != got->type)
		return false;
	switch (got->type) {
	case WEXEC_I32:
		return want->val.of.i32 == got->of.i32;
	case WEXEC_I64:
		return want->val.of.i64 == got->of.i64;
	case WEXEC_F32:
		return f32_matches(want->pat, want->val.of.f32_bits,
		                   got->of.f32_bits);
	case WEXEC_F64:
		return f64_matches(want->pat, want->val.of.f64_bits,
		                   got->of.f64_bits);
	case WEXEC_V128:
		return v128_matches(want, got->of.v128);
	case WEXEC_FUNCREF:
		if (want->pat == PAT_ANY)
			return true;
		if (want->pat == PAT_REF_NONNULL)
			return got->of.funcref != NULL;
		return got->of.funcref == want->val.of.funcref;
	case WEXEC_EXTERNREF:
		if (want->pat == PAT_ANY)
			return true;
		if (want->pat == PAT_REF_NONNULL)
			return got->of.externref != NULL;
		return got->of.externref == want->val.of.externref;
	}
	return false;
}

static const char *pat_text(value_pat pat)
{
	switch (pat) {
	case PAT_NAN_CANONICAL: return "nan:canonical";
	case PAT_NAN_ARITHMETIC: return "nan:arithmetic";
	case PAT_REF_NONNULL: return "non-null";
	case PAT_ANY: return "any";
	case PAT_EXACT: break;
	}
	return NULL;
}

static void format_ref(const wexec_val *val, char *buf, size_t len)
{
	const char *name = wexec_valtype_name(val->type);
	void *p = val->type == WEXEC_FUNCREF ? (void *)val->of.funcref
	                                     : val->of.externref;
	if (!p)
		snprintf(buf, len, "%s:null", name);
	else if (val->type == WEXEC_EXTERNREF)
		snprintf(buf, len, "externref:%" PRIuPTR, (uintptr_t)p - 1);
	else
		snprintf(buf, len, "funcref:%p", p);
}

/* Formats a v128 lane by lane; pats (may be NULL) replaces lanes that are
 * patterns. */
static void format_v128(const uint8_t *v, lane_type lt, const value_pat *pats,
                        char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "v128:%s [", lane_info[lt].name);
	for (unsigned i = 0; i < lane_info[lt].count && n < len; i++) {
		const char *pt = pats ? pat_text(pats[i]) : NULL;
		uint64_t bits = get_lane(v, lt, i);
		const char *sep = i ? " " : "";
		if (pt)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", sep,
			                      pt);
		else if (lt == LANE_F32 || lt == LANE_F64)
			n += (size_t)snprintf(buf + n, len - n, "%s0x%" PRIx64,
			                      sep, bits);
		else
			n += (size_t)snprintf(buf + n, len - n, "%s%" PRIu64,
			                      sep, bits);
	}
	if (n < len)
		snprintf(buf + n, len - n, "]");
}

void value_format(const wexec_val *val, lane_type lanes, char *buf,
                  size_t len)
{
	switch (val->type) {
	case WEXEC_I32:
		snprintf(buf, len, "i32:%" PRIu32 " (0x%" PRIx32 ")",
		         (uint32_t)val->of.i32, (uint32_t)val->of.i32);
		break;
	case WEXEC_I64:
		snprintf(buf, len, "i64:%" PRIu64 " (0x%" PRIx64 ")",
		         (uint64_t)val->of.i64, (uint64_t)val->of.i64);
		break;
	case WEXEC_F32:
		snprintf(buf, len, "f32:0x%08" PRIx32 " (%.9g)",
		         val->of.f32_bits, (double)val->of.f32);
		break;
	case WEXEC_F64:
		snprintf(buf, len, "f64:0x%016" PRIx64 " (%.17g)",
		         val->of.f64_bits, val->of.f64);
		break;
	case WEXEC_V128:
		format_v128(val->of.v128, lanes, NULL, buf, len);
		break;
	case WEXEC_FUNCREF:
	case WEXEC_EXTERNREF:
		format_ref(val, buf, len);
		break;
	default:
		snprintf(buf, len, "<value of unknown type 0x%x>",
		         (unsigned)val->type);
		break;
	}
}

void value_format_expected(const expected_val *want, char *buf, size_t len)
{
	const char *pt = pat_text(want->pat);
	if (want->val.type == WEXEC_V128)
		format_v128(want->val.of.v128, want->lanes, want->lane_pat, buf,
		            len);
	else if (pt)
		snprintf(buf, len, "%s:%s", wexec_valtype_name(want->val.type),
		         pt);
	else
		value_format(&want->val, want->lanes, buf, len);
}
