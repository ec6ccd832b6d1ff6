/*
 * numeric.h - the scalar numeric instructions (spec: exec/numerics.rst,
 * "Integer Operations", "Floating-Point Operations", "Conversions"; the
 * instructions themselves in exec/instructions.rst, "Numeric Instructions").
 *
 * One static inline function per instruction of opcodes.def 0x45-0xC4 and
 * 0xFC 0x00-0x07, named wx_num_ + the opcode's IDENT in lower case, so the
 * interpreter's dispatch case for an instruction is one line. Types:
 * i32 -> uint32_t, i64 -> uint64_t, f32 -> float, f64 -> double;
 * comparisons and eqz return uint32_t 0 or 1. Instructions that can trap
 * (div, rem, the non-saturating trunc) return a wexec_trap and write their
 * result to *out only when they return WEXEC_TRAP_NONE.
 *
 * Nothing here has undefined behaviour in C: integers are computed
 * unsigned, shift counts are masked to the width, the signed division
 * overflow cases are branched around, and every float-to-integer cast is
 * range-checked first. Conversions from unsigned to signed types of the
 * same width are implementation-defined in C11, and gcc and clang define
 * them as modulo 2^N, which is what Wasm wants.
 *
 * Floating point relies on the compiler following IEEE 754 (no -ffast-math,
 * FLT_EVAL_METHOD 0, no FMA contraction, which -std=c11 guarantees for gcc
 * and clang). On x86-64 SSE and aarch64 the hardware NaN rules match the
 * spec's: an operation on canonical NaNs yields a canonical NaN, one on
 * any other NaN yields an arithmetic (quiet) NaN, and a NaN produced from
 * non-NaN operands is canonical. abs, neg and copysign compile to sign-bit
 * operations (andps/xorps, fabs/fneg) that never touch the payload.
 */
#ifndef WX_NUMERIC_H
#define WX_NUMERIC_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "wexec.h"

/* Wider evaluation (x87) would round twice and quiet signalling NaNs on
 * every load: on 32-bit x86 build with -msse2 -mfpmath=sse. */
#if FLT_EVAL_METHOD != 0
#error "numeric.h needs FLT_EVAL_METHOD == 0 (IEEE single and double arithmetic)"
#endif

/* ---------------------------------------------------------------- bits */

static inline uint32_t wx_num_bits_f32(float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	return u;
}

static inline uint64_t wx_num_bits_f64(double f)
{
	uint64_t u;
	memcpy(&u, &f, sizeof u);
	return u;
}

static inline float wx_num_f32_of_bits(uint32_t u)
{
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

static inline double wx_num_f64_of_bits(uint64_t u)
{
	double f;
	memcpy(&f, &u, sizeof f);
	return f;
}

/* ---------------------------------------------------------------- i32 tests and comparisons */

static inline uint32_t wx_num_i32_eqz(uint32_t a) { return a == 0; }
static inline uint32_t wx_num_i32_eq(uint32_t a, uint32_t b) { return a == b; }
static inline uint32_t wx_num_i32_ne(uint32_t a, uint32_t b) { return a != b; }
static inline uint32_t wx_num_i32_lt_s(uint32_t a, uint32_t b) { return (int32_t)a < (int32_t)b; }
static inline uint32_t wx_num_i32_lt_u(uint32_t a, uint32_t b) { return a < b; }
static inline uint32_t wx_num_i32_gt_s(uint32_t a, uint32_t b) { return (int32_t)a > (int32_t)b; }
static inline uint32_t wx_num_i32_gt_u(uint32_t a, uint32_t b) { return a > b; }
static inline uint32_t wx_num_i32_le_s(uint32_t a, uint32_t b) { return (int32_t)a <= (int32_t)b; }
static inline uint32_t wx_num_i32_le_u(uint32_t a, uint32_t b) { return a <= b; }
static inline uint32_t wx_num_i32_ge_s(uint32_t a, uint32_t b) { return (int32_t)a >= (int32_t)b; }
static inline uint32_t wx_num_i32_ge_u(uint32_t a, uint32_t b) { return a >= b; }

/* ---------------------------------------------------------------- i64 tests and comparisons */

static inline uint32_t wx_num_i64_eqz(uint64_t a) { return a == 0; }
static inline uint32_t wx_num_i64_eq(uint64_t a, uint64_t b) { return a == b; }
static inline uint32_t wx_num_i64_ne(uint64_t a, uint64_t b) { return a != b; }
static inline uint32_t wx_num_i64_lt_s(uint64_t a, uint64_t b) { return (int64_t)a < (int64_t)b; }
static inline uint32_t wx_num_i64_lt_u(uint64_t a, uint64_t b) { return a < b; }
static inline uint32_t wx_num_i64_gt_s(uint64_t a, uint64_t b) { return (int64_t)a > (int64_t)b; }
static inline uint32_t wx_num_i64_gt_u(uint64_t a, uint64_t b) { return a > b; }
static inline uint32_t wx_num_i64_le_s(uint64_t a, uint64_t b) { return (int64_t)a <= (int64_t)b; }
static inline uint32_t wx_num_i64_le_u(uint64_t a, uint64_t b) { return a <= b; }
static inline uint32_t wx_num_i64_ge_s(uint64_t a, uint64_t b) { return (int64_t)a >= (int64_t)b; }
static inline uint32_t wx_num_i64_ge_u(uint64_t a, uint64_t b) { return a >= b; }

/* ---------------------------------------------------------------- float comparisons */

/* C's comparison operators are IEEE's: false on NaN, except != which is
 * true, and -0 == +0; exactly the spec's feq, flt, ... */
static inline uint32_t wx_num_f32_eq(float a, float b) { return a == b; }
static inline uint32_t wx_num_f32_ne(float a, float b) { return a != b; }
static inline uint32_t wx_num_f32_lt(float a, float b) { return a < b; }
static inline uint32_t wx_num_f32_gt(float a, float b) { return a > b; }
static inline uint32_t wx_num_f32_le(float a, float b) { return a <= b; }
static inline uint32_t wx_num_f32_ge(float a, float b) { return a >= b; }
static inline uint32_t wx_num_f64_eq(double a, double b) { return a == b; }
static inline uint32_t wx_num_f64_ne(double a, double b) { return a != b; }
static inline uint32_t wx_num_f64_lt(double a, double b) { return a < b; }
static inline uint32_t wx_num_f64_gt(double a, double b) { return a > b; }
static inline uint32_t wx_num_f64_le(double a, double b) { return a <= b; }
static inline uint32_t wx_num_f64_ge(double a, double b) { return a >= b; }

/* ---------------------------------------------------------------- i32 arithmetic */

/* The builtins are undefined for 0; the spec defines clz/ctz(0) as the
 * width. gcc and clang fold the test into lzcnt/tzcnt or bsr + cmov. */
static inline uint32_t wx_num_i32_clz(uint32_t a) { return a ? (uint32_t)__builtin_clz(a) : 32; }
static inline uint32_t wx_num_i32_ctz(uint32_t a) { return a ? (uint32_t)__builtin_ctz(a) : 32; }
static inline uint32_t wx_num_i32_popcnt(uint32_t a) { return (uint32_t)__builtin_popcount(a); }
static inline uint32_t wx_num_i32_add(uint32_t a, uint32_t b) { return a + b; }
static inline uint32_t wx_num_i32_sub(uint32_t a, uint32_t b) { return a - b; }
/* b - a: a subtraction from a constant b (chains.def). */
static inline uint32_t wx_num_i32_rsub(uint32_t a, uint32_t b) { return b - a; }
static inline uint32_t wx_num_i32_mul(uint32_t a, uint32_t b) { return a * b; }

static inline wexec_trap wx_num_i32_div_s(uint32_t a, uint32_t b, uint32_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	/* -2^31 / -1 = 2^31 is not representable (and is UB in C). */
	if (a == 0x80000000u && b == 0xFFFFFFFFu)
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint32_t)((int32_t)a / (int32_t)b);
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i32_div_u(uint32_t a, uint32_t b, uint32_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	*out = a / b;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i32_rem_s(uint32_t a, uint32_t b, uint32_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	/* x rem -1 is 0 for every x; C's -2^31 % -1 is UB (and faults on
	 * x86), so answer it without dividing. */
	if (b == 0xFFFFFFFFu) {
		*out = 0;
		return WEXEC_TRAP_NONE;
	}
	*out = (uint32_t)((int32_t)a % (int32_t)b);
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i32_rem_u(uint32_t a, uint32_t b, uint32_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	*out = a % b;
	return WEXEC_TRAP_NONE;
}

static inline uint32_t wx_num_i32_and(uint32_t a, uint32_t b) { return a & b; }
static inline uint32_t wx_num_i32_or(uint32_t a, uint32_t b) { return a | b; }
static inline uint32_t wx_num_i32_xor(uint32_t a, uint32_t b) { return a ^ b; }
/* Shift counts are taken modulo the width; the masks are free on x86 and
 * aarch64, whose shift instructions mask the same way. */
static inline uint32_t wx_num_i32_shl(uint32_t a, uint32_t b) { return a << (b & 31); }
/* >> of a negative signed value is implementation-defined in C11, and
 * arithmetic in gcc and clang. */
static inline uint32_t wx_num_i32_shr_s(uint32_t a, uint32_t b) { return (uint32_t)((int32_t)a >> (b & 31)); }
static inline uint32_t wx_num_i32_shr_u(uint32_t a, uint32_t b) { return a >> (b & 31); }
/* The (-b & 31) form avoids a shift by 32 when b % 32 == 0; compilers
 * recognise the pattern as rol/ror. */
static inline uint32_t wx_num_i32_rotl(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> (-b & 31)); }
static inline uint32_t wx_num_i32_rotr(uint32_t a, uint32_t b) { return (a >> (b & 31)) | (a << (-b & 31)); }

/* ---------------------------------------------------------------- i64 arithmetic */

static inline uint64_t wx_num_i64_clz(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64; }
static inline uint64_t wx_num_i64_ctz(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64; }
static inline uint64_t wx_num_i64_popcnt(uint64_t a) { return (uint64_t)__builtin_popcountll(a); }
static inline uint64_t wx_num_i64_add(uint64_t a, uint64_t b) { return a + b; }
static inline uint64_t wx_num_i64_sub(uint64_t a, uint64_t b) { return a - b; }
static inline uint64_t wx_num_i64_mul(uint64_t a, uint64_t b) { return a * b; }

static inline wexec_trap wx_num_i64_div_s(uint64_t a, uint64_t b, uint64_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	if (a == 0x8000000000000000u && b == UINT64_MAX)
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint64_t)((int64_t)a / (int64_t)b);
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_div_u(uint64_t a, uint64_t b, uint64_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	*out = a / b;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_rem_s(uint64_t a, uint64_t b, uint64_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	if (b == UINT64_MAX) {  /* see wx_num_i32_rem_s */
		*out = 0;
		return WEXEC_TRAP_NONE;
	}
	*out = (uint64_t)((int64_t)a % (int64_t)b);
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_rem_u(uint64_t a, uint64_t b, uint64_t *out)
{
	if (b == 0)
		return WEXEC_TRAP_DIV_ZERO;
	*out = a % b;
	return WEXEC_TRAP_NONE;
}

static inline uint64_t wx_num_i64_and(uint64_t a, uint64_t b) { return a & b; }
static inline uint64_t wx_num_i64_or(uint64_t a, uint64_t b) { return a | b; }
static inline uint64_t wx_num_i64_xor(uint64_t a, uint64_t b) { return a ^ b; }
static inline uint64_t wx_num_i64_shl(uint64_t a, uint64_t b) { return a << (b & 63); }
static inline uint64_t wx_num_i64_shr_s(uint64_t a, uint64_t b) { return (uint64_t)((int64_t)a >> (b & 63)); }
static inline uint64_t wx_num_i64_shr_u(uint64_t a, uint64_t b) { return a >> (b & 63); }
static inline uint64_t wx_num_i64_rotl(uint64_t a, uint64_t b) { return (a << (b & 63)) | (a >> (-b & 63)); }
static inline uint64_t wx_num_i64_rotr(uint64_t a, uint64_t b) { return (a >> (b & 63)) | (a << (-b & 63)); }

/* ---------------------------------------------------------------- float arithmetic */

/* Sign-bit operations (IEEE 754 "quiet-computational" ops): they never
 * canonicalise or quiet a NaN. The builtins compile to andps/xorps. */
static inline float wx_num_f32_abs(float a) { return __builtin_fabsf(a); }
static inline float wx_num_f32_neg(float a) { return -a; }
static inline float wx_num_f32_copysign(float a, float b) { return __builtin_copysignf(a, b); }
static inline double wx_num_f64_abs(double a) { return __builtin_fabs(a); }
static inline double wx_num_f64_neg(double a) { return -a; }
static inline double wx_num_f64_copysign(double a, double b) { return __builtin_copysign(a, b); }

/* The rounding functions ignore the rounding mode (ceil, floor, trunc by
 * definition; roundeven is C2x's ties-to-even, unlike nearbyint which
 * follows the current mode). gcc inlines ceil, floor and trunc on x86-64
 * as an integer round trip that returns large values, NaN included,
 * unchanged, so a signalling NaN would come back signalling: the spec
 * wants an arithmetic NaN, which a + a gives. */
static inline float wx_num_f32_ceil(float a) { return a != a ? a + a : ceilf(a); }
static inline float wx_num_f32_floor(float a) { return a != a ? a + a : floorf(a); }
static inline float wx_num_f32_trunc(float a) { return a != a ? a + a : truncf(a); }
static inline float wx_num_f32_nearest(float a) { return a != a ? a + a : roundevenf(a); }
static inline float wx_num_f32_sqrt(float a) { return sqrtf(a); }
static inline double wx_num_f64_ceil(double a) { return a != a ? a + a : ceil(a); }
static inline double wx_num_f64_floor(double a) { return a != a ? a + a : floor(a); }
static inline double wx_num_f64_trunc(double a) { return a != a ? a + a : trunc(a); }
static inline double wx_num_f64_nearest(double a) { return a != a ? a + a : roundeven(a); }
static inline double wx_num_f64_sqrt(double a) { return sqrt(a); }

static inline float wx_num_f32_add(float a, float b) { return a + b; }
static inline float wx_num_f32_sub(float a, float b) { return a - b; }
static inline float wx_num_f32_mul(float a, float b) { return a * b; }
static inline float wx_num_f32_div(float a, float b) { return a / b; }
static inline double wx_num_f64_add(double a, double b) { return a + b; }
static inline double wx_num_f64_sub(double a, double b) { return a - b; }
static inline double wx_num_f64_mul(double a, double b) { return a * b; }
static inline double wx_num_f64_div(double a, double b) { return a / b; }

/* min and max propagate NaN (C's fmin/fmax drop it, x86's minss returns
 * the second operand) and order -0 below +0. a + b turns a NaN operand
 * into the NaN the spec allows: canonical when the inputs are canonical,
 * arithmetic otherwise. For equal operands only the zeros can differ, in
 * the sign bit: OR picks -0 for min, AND picks +0 for max. */
static inline float wx_num_f32_min(float a, float b)
{
	if (a != a || b != b)
		return a + b;
	if (a == b)
		return wx_num_f32_of_bits(wx_num_bits_f32(a) | wx_num_bits_f32(b));
	return a < b ? a : b;
}

static inline float wx_num_f32_max(float a, float b)
{
	if (a != a || b != b)
		return a + b;
	if (a == b)
		return wx_num_f32_of_bits(wx_num_bits_f32(a) & wx_num_bits_f32(b));
	return a > b ? a : b;
}

static inline double wx_num_f64_min(double a, double b)
{
	if (a != a || b != b)
		return a + b;
	if (a == b)
		return wx_num_f64_of_bits(wx_num_bits_f64(a) | wx_num_bits_f64(b));
	return a < b ? a : b;
}

static inline double wx_num_f64_max(double a, double b)
{
	if (a != a || b != b)
		return a + b;
	if (a == b)
		return wx_num_f64_of_bits(wx_num_bits_f64(a) & wx_num_bits_f64(b));
	return a > b ? a : b;
}

/* ---------------------------------------------------------------- integer conversions */

static inline uint32_t wx_num_i32_wrap_i64(uint64_t a) { return (uint32_t)a; }
static inline uint64_t wx_num_i64_extend_i32_s(uint32_t a) { return (uint64_t)(int64_t)(int32_t)a; }
static inline uint64_t wx_num_i64_extend_i32_u(uint32_t a) { return a; }
static inline uint32_t wx_num_i32_extend8_s(uint32_t a) { return (uint32_t)(int32_t)(int8_t)(uint8_t)a; }
static inline uint32_t wx_num_i32_extend16_s(uint32_t a) { return (uint32_t)(int32_t)(int16_t)(uint16_t)a; }
static inline uint64_t wx_num_i64_extend8_s(uint64_t a) { return (uint64_t)(int64_t)(int8_t)(uint8_t)a; }
static inline uint64_t wx_num_i64_extend16_s(uint64_t a) { return (uint64_t)(int64_t)(int16_t)(uint16_t)a; }
static inline uint64_t wx_num_i64_extend32_s(uint64_t a) { return (uint64_t)(int64_t)(int32_t)(uint32_t)a; }

/* ---------------------------------------------------------------- float to integer, trapping */

/* A value converts when its truncation fits: the bounds below are exact
 * powers of two (or those minus one, where that is representable), so
 * each check is one exact comparison. NaN fails every comparison and is
 * tested first because it traps with a different message. */

static inline wexec_trap wx_num_i32_trunc_f32_s(float a, uint32_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a >= -0x1p31f && a < 0x1p31f))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint32_t)(int32_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i32_trunc_f32_u(float a, uint32_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a > -1.0f && a < 0x1p32f))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint32_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i32_trunc_f64_s(double a, uint32_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a > -0x1p31 - 1.0 && a < 0x1p31))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint32_t)(int32_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i32_trunc_f64_u(double a, uint32_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a > -1.0 && a < 0x1p32))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint32_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_trunc_f32_s(float a, uint64_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a >= -0x1p63f && a < 0x1p63f))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint64_t)(int64_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_trunc_f32_u(float a, uint64_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a > -1.0f && a < 0x1p64f))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint64_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_trunc_f64_s(double a, uint64_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a >= -0x1p63 && a < 0x1p63))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint64_t)(int64_t)a;
	return WEXEC_TRAP_NONE;
}

static inline wexec_trap wx_num_i64_trunc_f64_u(double a, uint64_t *out)
{
	if (a != a)
		return WEXEC_TRAP_INVALID_CONVERSION;
	if (!(a > -1.0 && a < 0x1p64))
		return WEXEC_TRAP_INT_OVERFLOW;
	*out = (uint64_t)a;
	return WEXEC_TRAP_NONE;
}

/* ---------------------------------------------------------------- float to integer, saturating */

/* NaN -> 0, below range -> the minimum, above -> the maximum. Values
 * between the minimum and the next representable value below it truncate
 * to the minimum anyway, so `a < min` is the right test for it. */

static inline uint32_t wx_num_i32_trunc_sat_f32_s(float a)
{
	if (a != a)
		return 0;
	if (a < -0x1p31f)
		return 0x80000000u;
	if (a >= 0x1p31f)
		return 0x7FFFFFFFu;
	return (uint32_t)(int32_t)a;
}

static inline uint32_t wx_num_i32_trunc_sat_f32_u(float a)
{
	if (!(a > -1.0f))  /* NaN too */
		return 0;
	if (a >= 0x1p32f)
		return UINT32_MAX;
	return (uint32_t)a;
}

static inline uint32_t wx_num_i32_trunc_sat_f64_s(double a)
{
	if (a != a)
		return 0;
	if (a < -0x1p31)
		return 0x80000000u;
	if (a >= 0x1p31)
		return 0x7FFFFFFFu;
	return (uint32_t)(int32_t)a;
}

static inline uint32_t wx_num_i32_trunc_sat_f64_u(double a)
{
	if (!(a > -1.0))
		return 0;
	if (a >= 0x1p32)
		return UINT32_MAX;
	return (uint32_t)a;
}

static inline uint64_t wx_num_i64_trunc_sat_f32_s(float a)
{
	if (a != a)
		return 0;
	if (a < -0x1p63f)
		return 0x8000000000000000u;
	if (a >= 0x1p63f)
		return 0x7FFFFFFFFFFFFFFFu;
	return (uint64_t)(int64_t)a;
}

static inline uint64_t wx_num_i64_trunc_sat_f32_u(float a)
{
	if (!(a > -1.0f))
		return 0;
	if (a >= 0x1p64f)
		return UINT64_MAX;
	return (uint64_t)a;
}

static inline uint64_t wx_num_i64_trunc_sat_f64_s(double a)
{
	if (a != a)
		return 0;
	if (a < -0x1p63)
		return 0x8000000000000000u;
	if (a >= 0x1p63)
		return 0x7FFFFFFFFFFFFFFFu;
	return (uint64_t)(int64_t)a;
}

static inline uint64_t wx_num_i64_trunc_sat_f64_u(double a)
{
	if (!(a > -1.0))
		return 0;
	if (a >= 0x1p64)
		return UINT64_MAX;
	return (uint64_t)a;
}

/* ---------------------------------------------------------------- integer to float, float to float */

/* C's integer-to-float conversion rounds once, to nearest-even in the
 * default mode (for u64 gcc and clang emit the halve-with-sticky-bit
 * sequence on x86-64, ucvtf on aarch64), so no double rounding through
 * f64 happens. */
static inline float wx_num_f32_convert_i32_s(uint32_t a) { return (float)(int32_t)a; }
static inline float wx_num_f32_convert_i32_u(uint32_t a) { return (float)a; }
static inline float wx_num_f32_convert_i64_s(uint64_t a) { return (float)(int64_t)a; }
static inline float wx_num_f32_convert_i64_u(uint64_t a) { return (float)a; }
static inline double wx_num_f64_convert_i32_s(uint32_t a) { return (double)(int32_t)a; }
static inline double wx_num_f64_convert_i32_u(uint32_t a) { return (double)a; }
static inline double wx_num_f64_convert_i64_s(uint64_t a) { return (double)(int64_t)a; }
static inline double wx_num_f64_convert_i64_u(uint64_t a) { return (double)a; }

/* cvtsd2ss/cvtss2sd (fcvt on aarch64) quiet a NaN and keep the top of its
 * payload, so a canonical NaN stays canonical and any other NaN becomes
 * an arithmetic one, as the spec requires. Out-of-range demotion gives
 * +-inf (IEEE 754; C's Annex F). */
static inline float wx_num_f32_demote_f64(double a) { return (float)a; }
static inline double wx_num_f64_promote_f32(float a) { return (double)a; }

static inline uint32_t wx_num_i32_reinterpret_f32(float a) { return wx_num_bits_f32(a); }
static inline uint64_t wx_num_i64_reinterpret_f64(double a) { return wx_num_bits_f64(a); }
static inline float wx_num_f32_reinterpret_i32(uint32_t a) { return wx_num_f32_of_bits(a); }
static inline double wx_num_f64_reinterpret_i64(uint64_t a) { return wx_num_f64_of_bits(a); }

#endif /* WX_NUMERIC_H */
