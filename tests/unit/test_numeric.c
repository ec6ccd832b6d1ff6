/*
 * test_numeric.c - edge cases of numeric.h (spec: exec/numerics.rst),
 * checked by hand against i32.wast, i64.wast, f32*.wast, f64*.wast,
 * conversions.wast and float_misc.wast: trap boundaries of every trunc,
 * saturation, NaN payloads, signed zeros, ties, shifts and rotates by the
 * width and more, the division overflow case, i64 -> f32 rounding.
 *
 * Operands go through a volatile so the compiler cannot fold the calls at
 * compile time: its constant folder does not treat signalling NaNs the way
 * the hardware does, and the hardware is what the interpreter runs on.
 */
#include <fenv.h>
#include <stdint.h>

#include "numeric.h"
#include "unit.h"

static float f32(uint32_t bits)
{
	volatile uint32_t v = bits;
	return wx_num_f32_of_bits(v);
}

static double f64(uint64_t bits)
{
	volatile uint64_t v = bits;
	return wx_num_f64_of_bits(v);
}

static float fv(float x)
{
	volatile float v = x;
	return v;
}

static double dv(double x)
{
	volatile double v = x;
	return v;
}

static uint32_t u32(uint32_t x)
{
	volatile uint32_t v = x;
	return v;
}

static uint64_t u64(uint64_t x)
{
	volatile uint64_t v = x;
	return v;
}

static uint32_t b32(float f) { return wx_num_bits_f32(f); }
static uint64_t b64(double f) { return wx_num_bits_f64(f); }

/* The spec's NaN classes (sign free): canonical has only the top payload
 * bit set, arithmetic has at least that bit. */
static int canon32(float f) { return (b32(f) & 0x7FFFFFFFu) == 0x7FC00000u; }
static int arith32(float f) { return (b32(f) & 0x7FC00000u) == 0x7FC00000u; }
static int canon64(double f) { return (b64(f) & 0x7FFFFFFFFFFFFFFFu) == 0x7FF8000000000000u; }
static int arith64(double f) { return (b64(f) & 0x7FF8000000000000u) == 0x7FF8000000000000u; }

#define SNAN32 0x7FA00000u          /* nan:0x200000, signalling */
#define SNAN64 0x7FF4000000000000u  /* nan:0x4000000000000 */

static void test_int_bits(void)
{
	CHECK(wx_num_i32_clz(u32(0)) == 32);
	CHECK(wx_num_i32_clz(u32(1)) == 31);
	CHECK(wx_num_i32_clz(u32(0x8000)) == 16);
	CHECK(wx_num_i32_clz(u32(0x80000000u)) == 0);
	CHECK(wx_num_i32_ctz(u32(0)) == 32);
	CHECK(wx_num_i32_ctz(u32(0x80000000u)) == 31);
	CHECK(wx_num_i32_popcnt(u32(0)) == 0);
	CHECK(wx_num_i32_popcnt(u32(0xFFFFFFFFu)) == 32);
	CHECK(wx_num_i64_clz(u64(0)) == 64);
	CHECK(wx_num_i64_clz(u64(1)) == 63);
	CHECK(wx_num_i64_ctz(u64(0)) == 64);
	CHECK(wx_num_i64_ctz(u64(0x8000000000000000u)) == 63);
	CHECK(wx_num_i64_popcnt(u64(UINT64_MAX)) == 64);
	CHECK(wx_num_i64_popcnt(u64(0x5555555555555555u)) == 32);

	CHECK(wx_num_i32_eqz(u32(0)) == 1 && wx_num_i32_eqz(u32(1)) == 0);
	CHECK(wx_num_i64_eqz(u64(0x100000000u)) == 0);
	CHECK(wx_num_i32_lt_s(u32(0x80000000u), u32(0)) == 1);
	CHECK(wx_num_i32_lt_u(u32(0x80000000u), u32(0)) == 0);
	CHECK(wx_num_i64_ge_s(u64(0), u64(UINT64_MAX)) == 1);
	CHECK(wx_num_i64_ge_u(u64(0), u64(UINT64_MAX)) == 0);

	CHECK(wx_num_i32_extend8_s(u32(0x80)) == 0xFFFFFF80u);
	CHECK(wx_num_i32_extend8_s(u32(0x7F)) == 0x7F);
	CHECK(wx_num_i32_extend8_s(u32(0x12345680u)) == 0xFFFFFF80u);
	CHECK(wx_num_i32_extend16_s(u32(0x8000)) == 0xFFFF8000u);
	CHECK(wx_num_i32_extend16_s(u32(0x12347FFFu)) == 0x7FFF);
	CHECK(wx_num_i64_extend8_s(u64(0x0123456789ABCD80u)) == 0xFFFFFFFFFFFFFF80u);
	CHECK(wx_num_i64_extend16_s(u64(0x8000)) == 0xFFFFFFFFFFFF8000u);
	CHECK(wx_num_i64_extend32_s(u64(0x80000000u)) == 0xFFFFFFFF80000000u);
	CHECK(wx_num_i64_extend32_s(u64(0xFFFFFFFF7FFFFFFFu)) == 0x7FFFFFFF);
	CHECK(wx_num_i64_extend_i32_s(u32(0x80000000u)) == 0xFFFFFFFF80000000u);
	CHECK(wx_num_i64_extend_i32_u(u32(0x80000000u)) == 0x80000000u);
	CHECK(wx_num_i32_wrap_i64(u64(0xFFFFFFFF00000001u)) == 1);
}

static void test_int_arith(void)
{
	CHECK(wx_num_i32_add(u32(0x7FFFFFFF), u32(1)) == 0x80000000u);
	CHECK(wx_num_i32_sub(u32(0x80000000u), u32(1)) == 0x7FFFFFFF);
	CHECK(wx_num_i32_mul(u32(0x10000), u32(0x10000)) == 0);
	CHECK(wx_num_i32_mul(u32(0x7FFFFFFF), u32(0x7FFFFFFF)) == 1);
	CHECK(wx_num_i64_add(u64(0x7FFFFFFFFFFFFFFFu), u64(1)) == 0x8000000000000000u);
	CHECK(wx_num_i64_mul(u64(0x0123456789ABCDEFu), u64(0xFEDCBA9876543210u)) ==
	      0x2236D88FE5618CF0u);
}

static void test_division(void)
{
	uint32_t r = 7;
	uint64_t q = 7;

	CHECK(wx_num_i32_div_s(u32(1), u32(0), &r) == WEXEC_TRAP_DIV_ZERO);
	CHECK(wx_num_i32_div_u(u32(1), u32(0), &r) == WEXEC_TRAP_DIV_ZERO);
	CHECK(wx_num_i32_rem_s(u32(1), u32(0), &r) == WEXEC_TRAP_DIV_ZERO);
	CHECK(wx_num_i32_rem_u(u32(1), u32(0), &r) == WEXEC_TRAP_DIV_ZERO);
	CHECK(r == 7);  /* untouched on a trap */
	CHECK(wx_num_i32_div_s(u32(0x80000000u), u32(0xFFFFFFFFu), &r) ==
	      WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_div_u(u32(0x80000000u), u32(0xFFFFFFFFu), &r) ==
	      WEXEC_TRAP_NONE && r == 0);
	CHECK(wx_num_i32_rem_s(u32(0x80000000u), u32(0xFFFFFFFFu), &r) ==
	      WEXEC_TRAP_NONE && r == 0);
	CHECK(wx_num_i32_div_s(u32((uint32_t)-7), u32(2), &r) == WEXEC_TRAP_NONE &&
	      r == (uint32_t)-3);
	CHECK(wx_num_i32_div_s(u32(7), u32((uint32_t)-2), &r) == WEXEC_TRAP_NONE &&
	      r == (uint32_t)-3);
	CHECK(wx_num_i32_rem_s(u32((uint32_t)-7), u32(2), &r) == WEXEC_TRAP_NONE &&
	      r == (uint32_t)-1);
	CHECK(wx_num_i32_rem_s(u32(7), u32((uint32_t)-2), &r) == WEXEC_TRAP_NONE &&
	      r == 1);
	CHECK(wx_num_i32_div_u(u32(0x80000000u), u32(2), &r) == WEXEC_TRAP_NONE &&
	      r == 0x40000000u);
	CHECK(wx_num_i32_rem_u(u32(0x8FF00FF0u), u32(0x10001), &r) ==
	      WEXEC_TRAP_NONE && r == 0x8001);

	CHECK(wx_num_i64_div_s(u64(1), u64(0), &q) == WEXEC_TRAP_DIV_ZERO);
	CHECK(wx_num_i64_rem_u(u64(1), u64(0), &q) == WEXEC_TRAP_DIV_ZERO);
	CHECK(wx_num_i64_div_s(u64(0x8000000000000000u), u64(UINT64_MAX), &q) ==
	      WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_rem_s(u64(0x8000000000000000u), u64(UINT64_MAX), &q) ==
	      WEXEC_TRAP_NONE && q == 0);
	CHECK(wx_num_i64_div_s(u64((uint64_t)-7), u64(2), &q) == WEXEC_TRAP_NONE &&
	      q == (uint64_t)-3);
	CHECK(wx_num_i64_rem_s(u64((uint64_t)-7), u64(2), &q) == WEXEC_TRAP_NONE &&
	      q == (uint64_t)-1);
	CHECK(wx_num_i64_div_u(u64(0x8000000000000000u), u64(UINT64_MAX), &q) ==
	      WEXEC_TRAP_NONE && q == 0);
}

static void test_shifts(void)
{
	CHECK(wx_num_i32_shl(u32(1), u32(31)) == 0x80000000u);
	CHECK(wx_num_i32_shl(u32(1), u32(32)) == 1);
	CHECK(wx_num_i32_shl(u32(1), u32(33)) == 2);
	CHECK(wx_num_i32_shl(u32(1), u32(0xFFFFFFFFu)) == 0x80000000u);
	CHECK(wx_num_i32_shr_s(u32(0x80000000u), u32(31)) == 0xFFFFFFFFu);
	CHECK(wx_num_i32_shr_s(u32(0x80000000u), u32(32)) == 0x80000000u);
	CHECK(wx_num_i32_shr_s(u32(0x40000000u), u32(33)) == 0x20000000u);
	CHECK(wx_num_i32_shr_u(u32(0xFFFFFFFFu), u32(32)) == 0xFFFFFFFFu);
	CHECK(wx_num_i32_shr_u(u32(0x80000000u), u32(63)) == 1);
	CHECK(wx_num_i32_rotl(u32(0xABCD9876u), u32(1)) == 0x579B30EDu);
	CHECK(wx_num_i32_rotl(u32(0xABCD9876u), u32(0)) == 0xABCD9876u);
	CHECK(wx_num_i32_rotl(u32(0xABCD9876u), u32(32)) == 0xABCD9876u);
	CHECK(wx_num_i32_rotl(u32(0x00008000u), u32(37)) == 0x00100000u);
	CHECK(wx_num_i32_rotr(u32(0xB0C1D2E3u), u32(5)) == 0x1D860E97u);
	CHECK(wx_num_i32_rotr(u32(0xB0C1D2E3u), u32(0xFF05)) == 0x1D860E97u);
	CHECK(wx_num_i32_rotr(u32(1), u32(1)) == 0x80000000u);

	CHECK(wx_num_i64_shl(u64(1), u64(63)) == 0x8000000000000000u);
	CHECK(wx_num_i64_shl(u64(1), u64(64)) == 1);
	CHECK(wx_num_i64_shl(u64(1), u64(UINT64_MAX)) == 0x8000000000000000u);
	CHECK(wx_num_i64_shr_s(u64(0x8000000000000000u), u64(63)) == UINT64_MAX);
	CHECK(wx_num_i64_shr_s(u64(0x8000000000000000u), u64(64)) ==
	      0x8000000000000000u);
	CHECK(wx_num_i64_shr_u(u64(UINT64_MAX), u64(64)) == UINT64_MAX);
	CHECK(wx_num_i64_rotl(u64(0xABCD987602468ACEu), u64(1)) ==
	      0x579B30EC048D159Du);
	CHECK(wx_num_i64_rotl(u64(0xABCD987602468ACEu), u64(64)) ==
	      0xABCD987602468ACEu);
	CHECK(wx_num_i64_rotr(u64(0xABCD987602468ACEu), u64(1)) ==
	      0x55E6CC3B01234567u);
	CHECK(wx_num_i64_rotr(u64(1), u64(0x8000000000000001u)) ==
	      0x8000000000000000u);
}

/* Every boundary of the trapping truncations: the last value that
 * converts, the first that overflows, NaN, infinity. */
static void test_trunc_traps(void)
{
	uint32_t r = 0;
	uint64_t q = 0;

	CHECK(wx_num_i32_trunc_f32_s(fv(-2147483648.0f), &r) == WEXEC_TRAP_NONE &&
	      r == 0x80000000u);
	CHECK(wx_num_i32_trunc_f32_s(fv(-2147483904.0f), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f32_s(fv(2147483520.0f), &r) == WEXEC_TRAP_NONE &&
	      r == 0x7FFFFF80u);
	CHECK(wx_num_i32_trunc_f32_s(fv(2147483648.0f), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f32_s(fv(-0.9f), &r) == WEXEC_TRAP_NONE && r == 0);
	CHECK(wx_num_i32_trunc_f32_s(fv(-1.9f), &r) == WEXEC_TRAP_NONE &&
	      r == 0xFFFFFFFFu);
	CHECK(wx_num_i32_trunc_f32_s(f32(0x7FC00000u), &r) ==
	      WEXEC_TRAP_INVALID_CONVERSION);
	CHECK(wx_num_i32_trunc_f32_s(f32(0xFFA00000u), &r) ==
	      WEXEC_TRAP_INVALID_CONVERSION);
	CHECK(wx_num_i32_trunc_f32_s(f32(0x7F800000u), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f32_s(f32(0xFF800000u), &r) == WEXEC_TRAP_INT_OVERFLOW);

	CHECK(wx_num_i32_trunc_f32_u(f32(0xBF7FFFFFu), &r) == WEXEC_TRAP_NONE && r == 0);
	CHECK(wx_num_i32_trunc_f32_u(fv(-1.0f), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f32_u(fv(4294967040.0f), &r) == WEXEC_TRAP_NONE &&
	      r == 0xFFFFFF00u);
	CHECK(wx_num_i32_trunc_f32_u(fv(4294967296.0f), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f32_u(f32(0x7FC00000u), &r) ==
	      WEXEC_TRAP_INVALID_CONVERSION);

	CHECK(wx_num_i32_trunc_f64_s(dv(-2147483648.9), &r) == WEXEC_TRAP_NONE &&
	      r == 0x80000000u);
	CHECK(wx_num_i32_trunc_f64_s(dv(-2147483649.0), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f64_s(dv(2147483647.9), &r) == WEXEC_TRAP_NONE &&
	      r == 0x7FFFFFFFu);
	CHECK(wx_num_i32_trunc_f64_s(dv(2147483648.0), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f64_s(f64(0x7FF8000000000000u), &r) ==
	      WEXEC_TRAP_INVALID_CONVERSION);

	CHECK(wx_num_i32_trunc_f64_u(dv(-0.9999999999999999), &r) ==
	      WEXEC_TRAP_NONE && r == 0);
	CHECK(wx_num_i32_trunc_f64_u(dv(-1.0), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f64_u(dv(4294967295.9), &r) == WEXEC_TRAP_NONE &&
	      r == 0xFFFFFFFFu);
	CHECK(wx_num_i32_trunc_f64_u(dv(4294967296.0), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f64_u(dv(1e16), &r) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i32_trunc_f64_u(f64(SNAN64), &r) == WEXEC_TRAP_INVALID_CONVERSION);

	CHECK(wx_num_i64_trunc_f32_s(fv(-0x1p63f), &q) == WEXEC_TRAP_NONE &&
	      q == 0x8000000000000000u);
	CHECK(wx_num_i64_trunc_f32_s(f32(0xDF000001u), &q) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f32_s(f32(0x5EFFFFFFu), &q) == WEXEC_TRAP_NONE &&
	      q == 9223371487098961920u);
	CHECK(wx_num_i64_trunc_f32_s(fv(0x1p63f), &q) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f32_s(f32(0x7FC00000u), &q) ==
	      WEXEC_TRAP_INVALID_CONVERSION);

	CHECK(wx_num_i64_trunc_f32_u(f32(0xBF7FFFFFu), &q) == WEXEC_TRAP_NONE && q == 0);
	CHECK(wx_num_i64_trunc_f32_u(fv(-1.0f), &q) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f32_u(f32(0x5F7FFFFFu), &q) == WEXEC_TRAP_NONE &&
	      q == 18446742974197923840u);
	CHECK(wx_num_i64_trunc_f32_u(fv(0x1p64f), &q) == WEXEC_TRAP_INT_OVERFLOW);

	CHECK(wx_num_i64_trunc_f64_s(dv(-0x1p63), &q) == WEXEC_TRAP_NONE &&
	      q == 0x8000000000000000u);
	CHECK(wx_num_i64_trunc_f64_s(f64(0xC3E0000000000001u), &q) ==
	      WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f64_s(f64(0x43DFFFFFFFFFFFFFu), &q) ==
	      WEXEC_TRAP_NONE && q == 9223372036854774784u);
	CHECK(wx_num_i64_trunc_f64_s(dv(0x1p63), &q) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f64_s(f64(0xFFF0000000000000u), &q) ==
	      WEXEC_TRAP_INT_OVERFLOW);

	CHECK(wx_num_i64_trunc_f64_u(dv(-0.9999999999999999), &q) ==
	      WEXEC_TRAP_NONE && q == 0);
	CHECK(wx_num_i64_trunc_f64_u(dv(-1.0), &q) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f64_u(f64(0x43EFFFFFFFFFFFFFu), &q) ==
	      WEXEC_TRAP_NONE && q == 18446744073709549568u);
	CHECK(wx_num_i64_trunc_f64_u(dv(0x1p64), &q) == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(wx_num_i64_trunc_f64_u(f64(0xFFF8000000000000u), &q) ==
	      WEXEC_TRAP_INVALID_CONVERSION);
}

static void test_trunc_sat(void)
{
	CHECK(wx_num_i32_trunc_sat_f32_s(f32(0x7FC00000u)) == 0);
	CHECK(wx_num_i32_trunc_sat_f32_s(f32(0xFF800000u)) == 0x80000000u);
	CHECK(wx_num_i32_trunc_sat_f32_s(f32(0x7F800000u)) == 0x7FFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f32_s(fv(2147483648.0f)) == 0x7FFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f32_s(fv(-2147483904.0f)) == 0x80000000u);
	CHECK(wx_num_i32_trunc_sat_f32_s(fv(-2147483648.0f)) == 0x80000000u);
	CHECK(wx_num_i32_trunc_sat_f32_s(fv(-1.5f)) == 0xFFFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f32_u(fv(-1.0f)) == 0);
	CHECK(wx_num_i32_trunc_sat_f32_u(fv(-0.9f)) == 0);
	CHECK(wx_num_i32_trunc_sat_f32_u(fv(4294967296.0f)) == 0xFFFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f32_u(fv(4294967040.0f)) == 0xFFFFFF00u);
	CHECK(wx_num_i32_trunc_sat_f32_u(f32(SNAN32)) == 0);
	CHECK(wx_num_i32_trunc_sat_f64_s(dv(-2147483649.0)) == 0x80000000u);
	CHECK(wx_num_i32_trunc_sat_f64_s(dv(-2147483648.9)) == 0x80000000u);
	CHECK(wx_num_i32_trunc_sat_f64_s(dv(2147483647.9)) == 0x7FFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f64_s(dv(1e300)) == 0x7FFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f64_s(f64(0xFFF8000000000000u)) == 0);
	CHECK(wx_num_i32_trunc_sat_f64_u(dv(4294967295.9)) == 0xFFFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f64_u(dv(4294967296.0)) == 0xFFFFFFFFu);
	CHECK(wx_num_i32_trunc_sat_f64_u(dv(-1e300)) == 0);
	CHECK(wx_num_i64_trunc_sat_f32_s(fv(0x1p63f)) == 0x7FFFFFFFFFFFFFFFu);
	CHECK(wx_num_i64_trunc_sat_f32_s(f32(0xDF000001u)) == 0x8000000000000000u);
	CHECK(wx_num_i64_trunc_sat_f32_s(f32(0x7FC00000u)) == 0);
	CHECK(wx_num_i64_trunc_sat_f32_u(fv(0x1p64f)) == UINT64_MAX);
	CHECK(wx_num_i64_trunc_sat_f32_u(f32(0xFF800000u)) == 0);
	CHECK(wx_num_i64_trunc_sat_f64_s(dv(0x1p63)) == 0x7FFFFFFFFFFFFFFFu);
	CHECK(wx_num_i64_trunc_sat_f64_s(dv(-0x1p63)) == 0x8000000000000000u);
	CHECK(wx_num_i64_trunc_sat_f64_s(f64(0x43DFFFFFFFFFFFFFu)) ==
	      9223372036854774784u);
	CHECK(wx_num_i64_trunc_sat_f64_u(f64(0x43EFFFFFFFFFFFFFu)) ==
	      18446744073709549568u);
	CHECK(wx_num_i64_trunc_sat_f64_u(dv(0x1p64)) == UINT64_MAX);
	CHECK(wx_num_i64_trunc_sat_f64_u(f64(SNAN64)) == 0);
}

/* abs, neg and copysign touch only the sign bit, even of a signalling
 * NaN; min and max propagate NaN and order the zeros. */
static void test_sign_and_minmax(void)
{
	CHECK(b32(wx_num_f32_abs(f32(0xFFA00000u))) == 0x7FA00000u);
	CHECK(b32(wx_num_f32_neg(f32(SNAN32))) == 0xFFA00000u);
	CHECK(b32(wx_num_f32_neg(f32(0))) == 0x80000000u);
	CHECK(b32(wx_num_f32_copysign(f32(SNAN32), fv(-1.0f))) == 0xFFA00000u);
	CHECK(b32(wx_num_f32_copysign(fv(1.0f), f32(0xFFC00000u))) == 0xBF800000u);
	CHECK(b64(wx_num_f64_abs(f64(0xFFF4000000000000u))) == SNAN64);
	CHECK(b64(wx_num_f64_neg(f64(SNAN64))) == 0xFFF4000000000000u);
	CHECK(b64(wx_num_f64_copysign(f64(SNAN64), f64(0x8000000000000000u))) ==
	      0xFFF4000000000000u);

	CHECK(b32(wx_num_f32_min(f32(0x80000000u), f32(0))) == 0x80000000u);
	CHECK(b32(wx_num_f32_min(f32(0), f32(0x80000000u))) == 0x80000000u);
	CHECK(b32(wx_num_f32_max(f32(0x80000000u), f32(0))) == 0);
	CHECK(b32(wx_num_f32_max(f32(0), f32(0x80000000u))) == 0);
	CHECK(wx_num_f32_min(fv(1.0f), fv(-2.0f)) == -2.0f);
	CHECK(wx_num_f32_max(fv(1.0f), fv(-2.0f)) == 1.0f);
	CHECK(canon32(wx_num_f32_min(f32(0x7FC00000u), fv(1.0f))));
	CHECK(canon32(wx_num_f32_max(fv(1.0f), f32(0xFFC00000u))));
	CHECK(arith32(wx_num_f32_min(f32(SNAN32), fv(1.0f))));
	CHECK(arith32(wx_num_f32_max(fv(-1.0f), f32(SNAN32))));
	CHECK(arith32(wx_num_f32_min(f32(0x7FC00000u), f32(0x7FC00001u))));
	CHECK(b64(wx_num_f64_min(f64(0x8000000000000000u), f64(0))) ==
	      0x8000000000000000u);
	CHECK(b64(wx_num_f64_max(f64(0x8000000000000000u), f64(0))) == 0);
	CHECK(canon64(wx_num_f64_min(dv(-1.0), f64(0x7FF8000000000000u))));
	CHECK(arith64(wx_num_f64_max(f64(SNAN64), dv(1.0))));
	CHECK(wx_num_f64_min(f64(0xFFF0000000000000u), dv(0.0)) == -INFINITY);
}

static void test_float_arith_nan(void)
{
	CHECK(canon32(wx_num_f32_sub(f32(0x7F800000u), f32(0x7F800000u))));
	CHECK(canon32(wx_num_f32_div(f32(0), f32(0))));
	CHECK(canon32(wx_num_f32_mul(f32(0x7F800000u), f32(0))));
	CHECK(canon32(wx_num_f32_sqrt(fv(-1.0f))));
	CHECK(canon32(wx_num_f32_add(f32(0x7FC00000u), fv(1.0f))));
	CHECK(arith32(wx_num_f32_add(f32(SNAN32), fv(1.0f))));
	CHECK(arith32(wx_num_f32_sqrt(f32(SNAN32))));
	CHECK(arith32(wx_num_f32_ceil(f32(SNAN32))));
	CHECK(arith32(wx_num_f32_floor(f32(0xFFA00000u))));
	CHECK(arith32(wx_num_f32_trunc(f32(SNAN32))));
	CHECK(arith32(wx_num_f32_nearest(f32(SNAN32))));
	CHECK(canon32(wx_num_f32_nearest(f32(0x7FC00000u))));
	CHECK(canon64(wx_num_f64_sub(f64(0x7FF0000000000000u), f64(0x7FF0000000000000u))));
	CHECK(arith64(wx_num_f64_mul(f64(SNAN64), dv(2.0))));
	CHECK(arith64(wx_num_f64_ceil(f64(SNAN64))));
	CHECK(arith64(wx_num_f64_floor(f64(SNAN64))));
	CHECK(arith64(wx_num_f64_trunc(f64(0xFFF4000000000000u))));
	CHECK(arith64(wx_num_f64_nearest(f64(SNAN64))));
	CHECK(canon64(wx_num_f64_sqrt(dv(-0x1p-1074))));
	CHECK(b64(wx_num_f64_sqrt(f64(0x8000000000000000u))) == 0x8000000000000000u);
	CHECK(wx_num_f32_ne(f32(0x7FC00000u), f32(0x7FC00000u)) == 1);
	CHECK(wx_num_f32_eq(f32(0x80000000u), f32(0)) == 1);
	CHECK(wx_num_f64_lt(f64(0x7FF8000000000000u), dv(1.0)) == 0);
	CHECK(wx_num_f64_ge(f64(0x7FF8000000000000u), dv(1.0)) == 0);
}

static void test_rounding(void)
{
	CHECK(wx_num_f32_nearest(fv(0.5f)) == 0.0f);
	CHECK(wx_num_f32_nearest(fv(1.5f)) == 2.0f);
	CHECK(wx_num_f32_nearest(fv(2.5f)) == 2.0f);
	CHECK(wx_num_f32_nearest(fv(-1.5f)) == -2.0f);
	CHECK(b32(wx_num_f32_nearest(fv(-0.5f))) == 0x80000000u);
	CHECK(b32(wx_num_f32_nearest(f32(0x80000000u))) == 0x80000000u);
	CHECK(wx_num_f32_nearest(fv(8388607.5f)) == 8388608.0f);
	CHECK(wx_num_f32_nearest(fv(-8388607.5f)) == -8388608.0f);
	CHECK(wx_num_f32_nearest(fv(16777215.0f)) == 16777215.0f);
	CHECK(wx_num_f64_nearest(dv(4503599627370495.5)) == 4503599627370496.0);
	CHECK(wx_num_f64_nearest(dv(-4503599627370495.5)) == -4503599627370496.0);
	CHECK(wx_num_f64_nearest(dv(2.5)) == 2.0);
	CHECK(wx_num_f64_nearest(dv(3.5)) == 4.0);
	CHECK(b64(wx_num_f64_nearest(dv(-0.5))) == 0x8000000000000000u);
	CHECK(b32(wx_num_f32_ceil(fv(-0.5f))) == 0x80000000u);
	CHECK(b32(wx_num_f32_trunc(fv(-0.5f))) == 0x80000000u);
	CHECK(b64(wx_num_f64_floor(f64(0x8000000000000000u))) == 0x8000000000000000u);
	CHECK(wx_num_f64_floor(dv(-0.5)) == -1.0);
	CHECK(wx_num_f64_ceil(f64(0x7FF0000000000000u)) == INFINITY);
	CHECK(wx_num_f32_floor(fv(-8388607.5f)) == -8388608.0f);

	/* nearest must not depend on the current rounding mode. */
	if (fesetround(FE_UPWARD) == 0) {
		CHECK(wx_num_f32_nearest(fv(2.5f)) == 2.0f);
		CHECK(wx_num_f64_nearest(dv(0.5)) == 0.0);
		CHECK(wx_num_f64_nearest(dv(-2.5)) == -2.0);
		fesetround(FE_TONEAREST);
	}
}

static void test_conversions(void)
{
	CHECK(wx_num_f32_convert_i64_u(u64(0x0020000020000001u)) == 0x1.000002p+53f);
	CHECK(wx_num_f32_convert_i64_u(u64(0x7FFFFFBFFFFFFFFFu)) == 0x1.fffffep+62f);
	CHECK(wx_num_f32_convert_i64_u(u64(0x8000008000000001u)) == 0x1.000002p+63f);
	CHECK(wx_num_f32_convert_i64_u(u64(0xFFFFFE8000000001u)) == 0x1.fffffep+63f);
	CHECK(wx_num_f32_convert_i64_u(u64(UINT64_MAX)) == 0x1p64f);
	CHECK(wx_num_f32_convert_i64_s(u64(0x0020000020000001u)) == 0x1.000002p+53f);
	CHECK(wx_num_f32_convert_i64_s(u64((uint64_t)-0x0020000020000001)) ==
	      -0x1.000002p+53f);
	CHECK(wx_num_f32_convert_i64_s(u64(0x8000000000000000u)) == -0x1p63f);
	CHECK(wx_num_f32_convert_i32_u(u32(0x80000081u)) == 0x1.000002p+31f);
	CHECK(wx_num_f32_convert_i32_u(u32(0xFFFFFE80u)) == 0x1.fffffcp+31f);
	CHECK(wx_num_f32_convert_i32_u(u32(0xFFFFFFFFu)) == 4294967296.0f);
	CHECK(wx_num_f32_convert_i32_s(u32(0x80000000u)) == -2147483648.0f);
	CHECK(wx_num_f32_convert_i32_s(u32(16777217)) == 16777216.0f);
	CHECK(wx_num_f64_convert_i64_u(u64(0x8000000000000401u)) == 0x1.0000000000001p+63);
	CHECK(wx_num_f64_convert_i64_u(u64(0xFFFFFFFFFFFFF400u)) == 0x1.ffffffffffffep+63);
	CHECK(wx_num_f64_convert_i64_u(u64(UINT64_MAX)) == 0x1p64);
	CHECK(wx_num_f64_convert_i64_s(u64(9007199254740993u)) == 9007199254740992.0);
	CHECK(wx_num_f64_convert_i32_u(u32(0xFFFFFFFFu)) == 4294967295.0);
	CHECK(wx_num_f64_convert_i32_s(u32(0x80000000u)) == -2147483648.0);

	CHECK(canon32(wx_num_f32_demote_f64(f64(0x7FF8000000000000u))));
	CHECK(canon32(wx_num_f32_demote_f64(f64(0xFFF8000000000000u))));
	CHECK(arith32(wx_num_f32_demote_f64(f64(SNAN64))));
	CHECK(arith32(wx_num_f32_demote_f64(f64(0x7FF0000000000001u))));
	CHECK(wx_num_f32_demote_f64(dv(0x1.fffffefffffffp+127)) == 0x1.fffffep+127f);
	CHECK(wx_num_f32_demote_f64(dv(0x1.ffffffp+127)) == INFINITY);
	CHECK(wx_num_f32_demote_f64(dv(0x1.fffffd0000000p+127)) == 0x1.fffffcp+127f);
	CHECK(wx_num_f32_demote_f64(dv(0x1.fffffe0000000p-127)) == 0x1p-126f);
	CHECK(b32(wx_num_f32_demote_f64(f64(0x8000000000000001u))) == 0x80000000u);
	CHECK(canon64(wx_num_f64_promote_f32(f32(0x7FC00000u))));
	CHECK(canon64(wx_num_f64_promote_f32(f32(0xFFC00000u))));
	CHECK(arith64(wx_num_f64_promote_f32(f32(SNAN32))));
	CHECK(wx_num_f64_promote_f32(f32(1)) == 0x1p-149);

	CHECK(wx_num_i32_reinterpret_f32(f32(SNAN32)) == SNAN32);
	CHECK(wx_num_i64_reinterpret_f64(f64(SNAN64)) == SNAN64);
	CHECK(b32(wx_num_f32_reinterpret_i32(u32(0xFFA00001u))) == 0xFFA00001u);
	CHECK(b64(wx_num_f64_reinterpret_i64(u64(0xFFF0000000000001u))) ==
	      0xFFF0000000000001u);
}

/* ---------------------------------------------------------------- sweeps
 * The functions above against references computed in integer arithmetic
 * from the bit patterns, over a sample of all floats (every exponent,
 * strided mantissas) and every pattern near each conversion boundary. An
 * exhaustive run over all 2^32 f32 patterns passed once; this keeps a
 * sample of it fast enough for every build. */

typedef __int128 i128;

/* Decodes a float into sign, integer significand and binary exponent:
 * |x| = sig * 2^exp. kind: 0 finite, 1 infinite, 2 NaN. */
typedef struct decoded {
	int kind;
	int neg;
	uint64_t sig;
	int exp;
} decoded;

static decoded decode32(uint32_t b)
{
	decoded d = {0, (int)(b >> 31), b & 0x7FFFFFu, 0};
	uint32_t e = (b >> 23) & 0xFF;

	if (e == 0xFF)
		d.kind = d.sig ? 2 : 1;
	else if (e == 0)
		d.exp = -149;
	else {
		d.sig |= 0x800000u;
		d.exp = (int)e - 150;
	}
	return d;
}

static decoded decode64(uint64_t b)
{
	decoded d = {0, (int)(b >> 63), b & 0xFFFFFFFFFFFFFu, 0};
	uint32_t e = (uint32_t)(b >> 52) & 0x7FF;

	if (e == 0x7FF)
		d.kind = d.sig ? 2 : 1;
	else if (e == 0)
		d.exp = -1074;
	else {
		d.sig |= 0x10000000000000u;
		d.exp = (int)e - 1075;
	}
	return d;
}

/* The truncation toward zero as an exact integer; *huge when |x| >= 2^61
 * * 2^53 (beyond every integer range here and int128's reach). */
static i128 trunc_ref(decoded d, int *huge)
{
	i128 v;

	*huge = d.kind != 0 || d.exp > 60;
	if (*huge)
		v = 0;
	else if (d.exp >= 0)
		v = (i128)d.sig << d.exp;
	else if (d.exp > -64)
		v = (i128)(d.sig >> -d.exp);
	else
		v = 0;
	return d.neg ? -v : v;
}

static i128 clamp(i128 v, i128 lo, i128 hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Checks the four integer results of one float, given its truncation. */
static int check_trunc(decoded d, i128 v, int huge, wexec_trap t32s,
                       uint32_t r32s, wexec_trap t32u, uint32_t r32u,
                       wexec_trap t64s, uint64_t r64s, wexec_trap t64u,
                       uint64_t r64u)
{
	const i128 one = 1;
	i128 lo[4] = {-(one << 31), 0, -(one << 63), 0};
	i128 hi[4] = {(one << 31) - 1, (one << 32) - 1, (one << 63) - 1,
	              (one << 64) - 1};
	wexec_trap got[4] = {t32s, t32u, t64s, t64u};
	i128 val[4] = {(int32_t)r32s, r32u, (int64_t)r64s, r64u};
	int k;

	for (k = 0; k < 4; k++) {
		wexec_trap want = d.kind == 2 ? WEXEC_TRAP_INVALID_CONVERSION
		                  : huge || v < lo[k] || v > hi[k]
		                          ? WEXEC_TRAP_INT_OVERFLOW
		                          : WEXEC_TRAP_NONE;
		if (got[k] != want || (want == WEXEC_TRAP_NONE && val[k] != v))
			return 0;
	}
	return 1;
}

static int check_sat(decoded d, i128 v, int huge, uint32_t s32s, uint32_t s32u,
                     uint64_t s64s, uint64_t s64u)
{
	const i128 one = 1;
	i128 lo[4] = {-(one << 31), 0, -(one << 63), 0};
	i128 hi[4] = {(one << 31) - 1, (one << 32) - 1, (one << 63) - 1,
	              (one << 64) - 1};
	i128 val[4] = {(int32_t)s32s, s32u, (int64_t)s64s, s64u};
	int k;

	for (k = 0; k < 4; k++) {
		i128 want = d.kind == 2 ? 0
		            : huge      ? (d.neg ? lo[k] : hi[k])
		                        : clamp(v, lo[k], hi[k]);
		if (val[k] != want)
			return 0;
	}
	return 1;
}

/* Round half to even of x, given its truncation v (|x| < 2^53). */
static i128 nearest_ref(double x, i128 v)
{
	double frac = x - (double)v;  /* exact */

	if (frac > 0.5 || (frac == 0.5 && (v & 1)))
		return v + 1;
	if (frac < -0.5 || (frac == -0.5 && (v & 1)))
		return v - 1;
	return v;
}

/* got == want with the operand's sign (which a zero result keeps). */
static int same32(float got, float want, uint32_t operand)
{
	return got == want && (b32(got) >> 31) == (operand >> 31);
}

static int same64(double got, double want, uint64_t operand)
{
	return got == want && (b64(got) >> 63) == (operand >> 63);
}

static int check_f32(uint32_t b)
{
	float f = f32(b);
	decoded d = decode32(b);
	int huge, ok;
	i128 v = trunc_ref(d, &huge);
	uint32_t r32s = 0, r32u = 0;
	uint64_t r64s = 0, r64u = 0;
	wexec_trap t32s = wx_num_i32_trunc_f32_s(f, &r32s);
	wexec_trap t32u = wx_num_i32_trunc_f32_u(f, &r32u);
	wexec_trap t64s = wx_num_i64_trunc_f32_s(f, &r64s);
	wexec_trap t64u = wx_num_i64_trunc_f32_u(f, &r64u);

	ok = check_trunc(d, v, huge, t32s, r32s, t32u, r32u, t64s, r64s, t64u, r64u) &&
	     check_sat(d, v, huge, wx_num_i32_trunc_sat_f32_s(f),
	               wx_num_i32_trunc_sat_f32_u(f), wx_num_i64_trunc_sat_f32_s(f),
	               wx_num_i64_trunc_sat_f32_u(f));
	/* The rounding instructions, where the result is an exact small
	 * integer (the sign of a zero result is the operand's). */
	if (ok && d.kind == 0 && !huge && d.exp < 0) {
		i128 n = nearest_ref(f, v);
		i128 c = v + ((double)f > (double)v);
		i128 fl = v - ((double)f < (double)v);
		ok = same32(wx_num_f32_trunc(f), (float)v, b) &&
		     same32(wx_num_f32_nearest(f), (float)n, b) &&
		     same32(wx_num_f32_ceil(f), (float)c, b) &&
		     same32(wx_num_f32_floor(f), (float)fl, b);
	}
	return ok;
}

static int check_f64(uint64_t b)
{
	double f = f64(b);
	decoded d = decode64(b);
	int huge;
	i128 v = trunc_ref(d, &huge);
	uint32_t r32s = 0, r32u = 0;
	uint64_t r64s = 0, r64u = 0;
	wexec_trap t32s = wx_num_i32_trunc_f64_s(f, &r32s);
	wexec_trap t32u = wx_num_i32_trunc_f64_u(f, &r32u);
	wexec_trap t64s = wx_num_i64_trunc_f64_s(f, &r64s);
	wexec_trap t64u = wx_num_i64_trunc_f64_u(f, &r64u);

	int ok = check_trunc(d, v, huge, t32s, r32s, t32u, r32u, t64s, r64s,
	                     t64u, r64u) &&
	         check_sat(d, v, huge, wx_num_i32_trunc_sat_f64_s(f),
	                   wx_num_i32_trunc_sat_f64_u(f),
	                   wx_num_i64_trunc_sat_f64_s(f),
	                   wx_num_i64_trunc_sat_f64_u(f));

	if (ok && d.kind == 0 && !huge && d.exp < 0) {
		i128 c = v + (f > (double)v), fl = v - (f < (double)v);
		ok = same64(wx_num_f64_trunc(f), (double)v, b) &&
		     same64(wx_num_f64_nearest(f), (double)nearest_ref(f, v), b) &&
		     same64(wx_num_f64_ceil(f), (double)c, b) &&
		     same64(wx_num_f64_floor(f), (double)fl, b);
	}
	return ok;
}

/* x rounded to `bits` significant bits, ties to even, as an exact value
 * sig * 2^exp (x != 0). */
static double round_u64(uint64_t x, int bits)
{
	int width = 64 - __builtin_clzll(x), drop = width - bits;
	uint64_t sig, rem, half;

	if (drop <= 0)
		return ldexp((double)x, 0);
	sig = x >> drop;
	rem = x & ((UINT64_C(1) << drop) - 1);
	half = UINT64_C(1) << (drop - 1);
	if (rem > half || (rem == half && (sig & 1)))
		sig++;
	return ldexp((double)sig, drop);  /* sig <= 2^bits: exact */
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
	rng_state = unit_xorshift(rng_state);
	return rng_state;
}

static void test_sweeps(void)
{
	static const uint32_t edges32[] = {
		0x00000000u, 0x3F000000u, 0x3F800000u, 0x4B000000u, 0x4F000000u,
		0x4F800000u, 0x5F000000u, 0x5F800000u, 0x7F800000u};
	static const uint64_t edges64[] = {
		0x0000000000000000u, 0x3FE0000000000000u, 0x3FF0000000000000u,
		0x41E0000000000000u, 0xC1E0000000200000u, 0x41F0000000000000u,
		0x43E0000000000000u, 0x43F0000000000000u, 0x7FF0000000000000u};
	int bad = 0, shift;
	uint64_t i, x;
	size_t k;

	for (i = 0; i <= 0xFFFFFFFFu; i += 4093)
		bad += !check_f32((uint32_t)i);
	for (k = 0; k < sizeof edges32 / sizeof *edges32; k++)
		for (i = 0; i < 2048; i++) {
			uint32_t b = edges32[k] - 1024 + (uint32_t)i;
			bad += !check_f32(b) + !check_f32(b | 0x80000000u);
		}
	for (i = 0; i < 300000; i++)
		bad += !check_f64(rng());
	for (k = 0; k < sizeof edges64 / sizeof *edges64; k++)
		for (i = 0; i < 4096; i++) {
			uint64_t b = edges64[k] - 2048 + i;
			bad += !check_f64(b) + !check_f64(b | 0x8000000000000000u);
		}
	CHECK(bad == 0);

	/* u64/i64 -> f32/f64 against round_u64: random values and values
	 * with few bits set around the rounding position. */
	bad = 0;
	for (i = 0; i < 200000; i++) {
		x = rng() >> (rng() & 63);
		if (i & 1)
			x &= ~(((UINT64_C(1) << (rng() & 31)) - 1) << (rng() & 31));
		if (x == 0)
			continue;
		bad += wx_num_f32_convert_i64_u(u64(x)) != (float)round_u64(x, 24);
		bad += wx_num_f64_convert_i64_u(u64(x)) != round_u64(x, 53);
		if (x >> 63 == 0) {
			bad += wx_num_f32_convert_i64_s(u64(-x)) != -(float)round_u64(x, 24);
			bad += wx_num_f64_convert_i64_s(u64(-x)) != -round_u64(x, 53);
		}
	}
	for (shift = 24; shift < 64; shift++)
		for (i = 0; i < 64; i++) {
			x = (UINT64_C(1) << shift) | (rng() & ((UINT64_C(1) << shift) - 1) &
			                             ((UINT64_C(1) << (shift - 23)) | 0xFFu |
			                              (UINT64_C(1) << (shift - 24))));
			bad += wx_num_f32_convert_i64_u(u64(x)) != (float)round_u64(x, 24);
		}
	CHECK(bad == 0);
}

int main(void)
{
	RUN(test_int_bits);
	RUN(test_int_arith);
	RUN(test_division);
	RUN(test_shifts);
	RUN(test_trunc_traps);
	RUN(test_trunc_sat);
	RUN(test_sign_and_minmax);
	RUN(test_float_arith_nan);
	RUN(test_rounding);
	RUN(test_conversions);
	RUN(test_sweeps);
	return unit_report();
}
