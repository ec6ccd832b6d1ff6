/*
 * test_values.c - the command's value text (tools/values.c; spec:
 * text/values.rst): --invoke arguments read by type, with the ranges,
 * signs, NaN payloads and v128 digits the text format allows and nothing
 * else, results written in their shortest exact form, and every float bit
 * pattern read back from its text unchanged.
 */
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "values.h"
#include "wexec.h"

static bool parses(const char *s, wexec_valtype type, wexec_val *out)
{
	memset(out, 0xAA, sizeof *out); /* every bit must be written */
	return values_parse(s, type, out);
}

static bool i32_is(const char *s, int32_t want)
{
	wexec_val v;
	return parses(s, WEXEC_I32, &v) && v.type == WEXEC_I32 &&
	       v.of.i32 == want && (uint64_t)v.of.i64 >> 32 == 0;
}

static bool i64_is(const char *s, int64_t want)
{
	wexec_val v;
	return parses(s, WEXEC_I64, &v) && v.type == WEXEC_I64 &&
	       v.of.i64 == want;
}

static bool f32_is(const char *s, uint32_t bits)
{
	wexec_val v;
	return parses(s, WEXEC_F32, &v) && v.type == WEXEC_F32 &&
	       v.of.f32_bits == bits;
}

static bool f64_is(const char *s, uint64_t bits)
{
	wexec_val v;
	return parses(s, WEXEC_F64, &v) && v.type == WEXEC_F64 &&
	       v.of.f64_bits == bits;
}

static bool refused(const char *s, wexec_valtype type)
{
	wexec_val v;
	return !values_parse(s, type, &v);
}

static void test_parse_integers(void)
{
	CHECK(i32_is("0", 0));
	CHECK(i32_is("42", 42));
	CHECK(i32_is("+42", 42));
	CHECK(i32_is("-1", -1));
	CHECK(i32_is("0x10", 16));
	CHECK(i32_is("0XfF", 255));
	CHECK(i32_is("-0x10", -16));
	/* Both ranges: the unsigned one wraps to the same bits. */
	CHECK(i32_is("4294967295", -1));
	CHECK(i32_is("2147483647", INT32_MAX));
	CHECK(i32_is("-2147483648", INT32_MIN));
	CHECK(refused("4294967296", WEXEC_I32));
	CHECK(refused("-2147483649", WEXEC_I32));
	CHECK(refused("0x100000000", WEXEC_I32));
	CHECK(refused("", WEXEC_I32));
	CHECK(refused("-", WEXEC_I32));
	CHECK(refused("0x", WEXEC_I32));
	CHECK(refused("1x", WEXEC_I32));
	CHECK(refused(" 1", WEXEC_I32));
	CHECK(refused("1 ", WEXEC_I32));
	CHECK(refused("--1", WEXEC_I32));
	CHECK(refused("1.0", WEXEC_I32));

	CHECK(i64_is("18446744073709551615", -1));
	CHECK(i64_is("9223372036854775807", INT64_MAX));
	CHECK(i64_is("-9223372036854775808", INT64_MIN));
	CHECK(i64_is("-0x8000000000000000", INT64_MIN));
	CHECK(i64_is("0xffffffffffffffff", -1));
	CHECK(refused("18446744073709551616", WEXEC_I64));
	CHECK(refused("-9223372036854775809", WEXEC_I64));
	CHECK(refused("0x10000000000000000", WEXEC_I64));
}

static void test_parse_floats(void)
{
	CHECK(f32_is("0.1", 0x3dcccccd));
	CHECK(f32_is("-0", 0x80000000));
	CHECK(f32_is("0", 0));
	CHECK(f32_is("1", 0x3f800000));
	CHECK(f32_is("0x1p-149", 1));
	CHECK(f32_is("3.4028235e38", 0x7f7fffff));
	CHECK(f32_is("inf", 0x7f800000));
	CHECK(f32_is("-inf", 0xff800000));
	CHECK(f32_is("nan", 0x7fc00000));
	CHECK(f32_is("-nan", 0xffc00000));
	CHECK(f32_is("nan:0x200000", 0x7fa00000));
	CHECK(f32_is("-nan:0x1", 0xff800001));
	CHECK(f32_is("+nan:0x7fffff", 0x7fffffff));
	CHECK(refused("nan:0x0", WEXEC_F32));
	CHECK(refused("nan:0x800000", WEXEC_F32));
	CHECK(refused("nan:1", WEXEC_F32));
	CHECK(refused("nan:0x", WEXEC_F32));
	CHECK(refused("1e39", WEXEC_F32)); /* rounds to infinity */
	CHECK(refused("", WEXEC_F32));
	CHECK(refused(" 1", WEXEC_F32));
	CHECK(refused("1.5x", WEXEC_F32));

	CHECK(f64_is("0.1", 0x3fb999999999999aull));
	CHECK(f64_is("-0", 0x8000000000000000ull));
	CHECK(f64_is("nan", 0x7ff8000000000000ull));
	CHECK(f64_is("nan:0x1", 0x7ff0000000000001ull));
	CHECK(f64_is("nan:0xfffffffffffff", 0x7fffffffffffffffull));
	CHECK(f64_is("1e39", 0x48078287f49c4a1dull));
	CHECK(refused("nan:0x10000000000000", WEXEC_F64));
	CHECK(refused("1e309", WEXEC_F64));
}

static void test_parse_v128_and_refs(void)
{
	wexec_val v;
	static const uint8_t one[16] = {1};
	static const uint8_t lanes[16] = {0xef, 0xcd, 0xab, 0x89, 0x67, 0x45,
	                                  0x23, 0x01, 0x10, 0x32, 0x54, 0x76,
	                                  0x98, 0xba, 0xdc, 0xfe};
	CHECK(parses("0x1", WEXEC_V128, &v) && v.type == WEXEC_V128 &&
	      memcmp(v.of.v128, one, 16) == 0);
	CHECK(parses("0xfedcba98765432100123456789ABCDEF", WEXEC_V128, &v) &&
	      memcmp(v.of.v128, lanes, 16) == 0);
	CHECK(refused("0x", WEXEC_V128));
	CHECK(refused("1", WEXEC_V128));
	CHECK(refused("0x1g", WEXEC_V128));
	CHECK(refused("0x000000000000000000000000000000001", WEXEC_V128));

	CHECK(parses("null", WEXEC_FUNCREF, &v) && v.type == WEXEC_FUNCREF &&
	      v.of.funcref == NULL);
	CHECK(parses("null", WEXEC_EXTERNREF, &v) &&
	      v.type == WEXEC_EXTERNREF && v.of.externref == NULL);
	CHECK(refused("ref", WEXEC_FUNCREF));
	CHECK(refused("0", WEXEC_EXTERNREF));
	CHECK(refused("1", (wexec_valtype)0x40));
}

static const char *text_of(wexec_val v)
{
	static char buf[VALUES_TEXT_MAX];
	values_format(&v, buf, sizeof buf);
	return buf;
}

static wexec_val f32_bits(uint32_t bits)
{
	wexec_val v = wexec_val_f32(0);
	v.of.f32_bits = bits;
	return v;
}

static wexec_val f64_bits(uint64_t bits)
{
	wexec_val v = wexec_val_f64(0);
	v.of.f64_bits = bits;
	return v;
}

static void test_format(void)
{
	CHECK_STR(text_of(wexec_val_i32(-1)), "-1");
	CHECK_STR(text_of(wexec_val_i32(INT32_MIN)), "-2147483648");
	CHECK_STR(text_of(wexec_val_i64(INT64_MIN)), "-9223372036854775808");
	CHECK_STR(text_of(f32_bits(0x3dcccccd)), "0.1");
	CHECK_STR(text_of(f32_bits(0x80000000)), "-0");
	CHECK_STR(text_of(f32_bits(1)), "1e-45");
	CHECK_STR(text_of(f32_bits(0x7f7fffff)), "3.4028235e+38");
	CHECK_STR(text_of(f32_bits(0x7f800000)), "inf");
	CHECK_STR(text_of(f32_bits(0xff800000)), "-inf");
	CHECK_STR(text_of(f32_bits(0x7fc00000)), "nan");
	CHECK_STR(text_of(f32_bits(0xffc00000)), "-nan");
	CHECK_STR(text_of(f32_bits(0x7fa00000)), "nan:0x200000");
	CHECK_STR(text_of(f64_bits(0x3fb999999999999aull)), "0.1");
	CHECK_STR(text_of(f64_bits(0x7fefffffffffffffull)),
	          "1.7976931348623157e+308");
	CHECK_STR(text_of(f64_bits(0x7ff0000000000001ull)), "nan:0x1");

	wexec_val v = {.type = WEXEC_V128};
	memset(&v.of, 0, sizeof v.of);
	v.of.v128[0] = 1;
	v.of.v128[15] = 0xfe;
	CHECK_STR(text_of(v), "0xfe000000000000000000000000000001");
	v.type = WEXEC_FUNCREF;
	v.of.funcref = NULL;
	CHECK_STR(text_of(v), "null");
	v.type = WEXEC_EXTERNREF;
	v.of.externref = &v;
	CHECK_STR(text_of(v), "ref");

	/* A short buffer: truncated, still terminated, never overrun. */
	char small[8];
	memset(small, 'x', sizeof small);
	values_format(&(wexec_val){.type = WEXEC_V128}, small, 5);
	CHECK(strlen(small) < 5 && small[5] == 'x');
	memset(small, 'x', sizeof small);
	values_format(&(wexec_val){.type = WEXEC_V128}, small, 0);
	CHECK(small[0] == 'x');
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	rng_state = unit_xorshift(rng_state);
	return rng_state;
}

/* What is printed reads back to the same bits, for random patterns of
 * every kind (normal, subnormal, NaN with any payload, either sign). */
static void test_round_trip(void)
{
	bool ok32 = true, ok64 = true, okint = true;
	for (int i = 0; i < 20000; i++) {
		uint64_t r = next_random();
		/* Bias a quarter toward NaNs and subnormals. */
		uint32_t b32 = (uint32_t)r;
		uint64_t b64 = r;
		if (i % 4 == 1) {
			b32 |= 0x7f800000;
			b64 |= 0x7ff0000000000000ull;
		} else if (i % 4 == 2) {
			b32 &= 0x807fffff;
			b64 &= 0x800fffffffffffffull;
		}
		wexec_val v, back;
		v = f32_bits(b32);
		ok32 &= values_parse(text_of(v), WEXEC_F32, &back) &&
		        back.of.f32_bits == b32;
		v = f64_bits(b64);
		ok64 &= values_parse(text_of(v), WEXEC_F64, &back) &&
		        back.of.f64_bits == b64;
		v = wexec_val_i64((int64_t)r);
		okint &= values_parse(text_of(v), WEXEC_I64, &back) &&
		         back.of.i64 == (int64_t)r;
		v = wexec_val_i32((int32_t)r);
		okint &= values_parse(text_of(v), WEXEC_I32, &back) &&
		         back.of.i32 == (int32_t)r;
	}
	CHECK(ok32);
	CHECK(ok64);
	CHECK(okint);
}

int main(void)
{
	RUN(test_parse_integers);
	RUN(test_parse_floats);
	RUN(test_parse_v128_and_refs);
	RUN(test_format);
	RUN(test_round_trip);
	return unit_report();
}
