/*
 * simd.h - the vector (v128) instructions (spec: exec/instructions.rst,
 * "Vector Instructions"; the lanewise operators in exec/numerics.rst,
 * "Vectors", "Integer Operations" (iavgr_u, iq15mulrsat_s, sat_s/sat_u),
 * "Floating-Point Operations" (fpmin, fpmax) and "Conversions" (narrow,
 * trunc_sat, convert, demote, promote)).
 *
 * One static inline function per SIMD row of opcodes.def, named wx_simd_ +
 * the opcode's IDENT in lower case, so that the interpreter's dispatch
 * case is one line. Left out are the rows the interpreter builds from
 * these: v128.load/store/const, the splat, zero and lane loads and the
 * lane stores (they use splat, replace_lane and extract_lane). Scalars
 * travel as in numeric.h (i32 -> uint32_t, i64 -> uint64_t) except that
 * f32 and f64 lanes travel as bit patterns (uint32_t, uint64_t): the
 * slots hold bits, and a float passed by value can be quieted on the way
 * (the 32-bit x86 ABI returns floats in x87 registers).
 *
 * Speed: these bodies are inlined into the dispatch loop, so what SSE2 or
 * NEON computes exactly the Wasm way is written with GNU vector
 * extensions (wx_u8x16 and friends below): wrapping integer arithmetic,
 * bitwise operations, integer and float comparisons (a vector comparison
 * yields -1/0 lanes, Wasm's all-ones/zero), shifts by a masked count,
 * float add/sub/mul/div, and exact bit tricks built from those
 * (saturating add/sub, min/max, averages, pairwise sums). gcc -O2 turns
 * most of them into one to three instructions. Changes of lane width
 * (extend, narrow, the extending loads) use __builtin_convertvector, C's
 * conversion on every lane. The rest are lane loops over numeric.h's
 * scalar functions, so that NaN propagation, -0 ordering, rounding and
 * saturating conversion are decided in exactly one place. The loops
 * index the vector types, not the union's arrays: clang splits a by-value
 * union into 64-bit halves and extracts each lane with shifts, while the
 * same loop over vector elements stays in vector registers.
 *
 * Nothing here is undefined behaviour in C: arithmetic that can wrap is
 * done on unsigned lanes, every shift count is masked to the lane width,
 * nothing negative is shifted left, and float to integer goes through
 * numeric.h's range-checked conversions. Right shifts of negative values
 * (shr_s, sign spreading, q15mulr's rounding) are implementation-defined,
 * and gcc and clang define them as arithmetic, scalars and vectors alike.
 */
#ifndef WX_SIMD_H
#define WX_SIMD_H

#include <stdint.h>
#include <string.h>

#include "numeric.h"

/* numeric.h already needs gcc or clang (__builtin_clz and friends); a
 * lane-loop copy of the vector-extension functions would be a second,
 * never-compiled implementation of the same instructions. */
#if !defined(__GNUC__)
#error "simd.h needs GNU C vector extensions (gcc or clang)"
#endif

/* The union's lane arrays are Wasm's lanes only if lane 0 of every shape
 * starts at the lowest address, with its bytes in little-endian order. */
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "simd.h assumes a little-endian host"
#endif

/* On some targets (32-bit ARM, x86 without SSE) gcc's -Wpsabi notes that
 * passing a vector or a 64-bit-aligned union by value changed between
 * releases. Everything here is static inline: no call crosses an ABI
 * boundary, so the note would only be noise. clang has no such warning. */
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

/* ---------------------------------------------------------------- the value */

/* A union of plain arrays, not of vector types: its alignment stays that
 * of uint64_t, so it can sit anywhere the interpreter puts two slots. */
typedef union wx_v128 {
	uint8_t u8[16];
	int8_t i8[16];
	uint16_t u16[8];
	int16_t i16[8];
	uint32_t u32[4];
	int32_t i32[4];
	uint64_t u64[2];
	int64_t i64[2];
	float f32[4];
	double f64[2];
} wx_v128;

static inline wx_v128 wx_v128_load(const void *p)
{
	wx_v128 v;
	memcpy(&v, p, sizeof v);
	return v;
}

static inline void wx_v128_store(void *p, wx_v128 v) { memcpy(p, &v, sizeof v); }

/* ---------------------------------------------------------------- lane views */

typedef int8_t wx_i8x16 __attribute__((vector_size(16)));
typedef uint8_t wx_u8x16 __attribute__((vector_size(16)));
typedef int16_t wx_i16x8 __attribute__((vector_size(16)));
typedef uint16_t wx_u16x8 __attribute__((vector_size(16)));
typedef int32_t wx_i32x4 __attribute__((vector_size(16)));
typedef uint32_t wx_u32x4 __attribute__((vector_size(16)));
typedef int64_t wx_i64x2 __attribute__((vector_size(16)));
typedef uint64_t wx_u64x2 __attribute__((vector_size(16)));
typedef float wx_f32x4 __attribute__((vector_size(16)));
typedef double wx_f64x2 __attribute__((vector_size(16)));

/* memcpy is the one type pun C defines; gcc and clang compile each of
 * these to nothing (or a single movq/movdqa between register files). */
static inline wx_i8x16 wx_i8(wx_v128 v) { wx_i8x16 x; memcpy(&x, &v, 16); return x; }
static inline wx_u8x16 wx_u8(wx_v128 v) { wx_u8x16 x; memcpy(&x, &v, 16); return x; }
static inline wx_i16x8 wx_i16(wx_v128 v) { wx_i16x8 x; memcpy(&x, &v, 16); return x; }
static inline wx_u16x8 wx_u16(wx_v128 v) { wx_u16x8 x; memcpy(&x, &v, 16); return x; }
static inline wx_i32x4 wx_i32(wx_v128 v) { wx_i32x4 x; memcpy(&x, &v, 16); return x; }
static inline wx_u32x4 wx_u32(wx_v128 v) { wx_u32x4 x; memcpy(&x, &v, 16); return x; }
static inline wx_i64x2 wx_i64(wx_v128 v) { wx_i64x2 x; memcpy(&x, &v, 16); return x; }
static inline wx_u64x2 wx_u64(wx_v128 v) { wx_u64x2 x; memcpy(&x, &v, 16); return x; }
static inline wx_f32x4 wx_f32(wx_v128 v) { wx_f32x4 x; memcpy(&x, &v, 16); return x; }
static inline wx_f64x2 wx_f64(wx_v128 v) { wx_f64x2 x; memcpy(&x, &v, 16); return x; }

static inline wx_v128 wx_from_i8(wx_i8x16 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_u8(wx_u8x16 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_i16(wx_i16x8 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_u16(wx_u16x8 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_i32(wx_i32x4 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_u32(wx_u32x4 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_i64(wx_i64x2 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_u64(wx_u64x2 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_f32(wx_f32x4 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }
static inline wx_v128 wx_from_f64(wx_f64x2 x) { wx_v128 v; memcpy(&v, &x, 16); return v; }

/* Halves, for the widening and narrowing conversions: __builtin_convertvector
 * (gcc 9 and later, clang) converts lane by lane as C does, and compiles
 * to unpack and pack instructions. Only ever local variables, so no
 * 8-byte vector is passed by value (which gcc would warn about: MMX ABI). */
typedef int8_t wx_i8x8 __attribute__((vector_size(8)));
typedef uint8_t wx_u8x8 __attribute__((vector_size(8)));
typedef uint8_t wx_u8x4 __attribute__((vector_size(4)));
typedef int16_t wx_i16x4 __attribute__((vector_size(8)));
typedef uint16_t wx_u16x4 __attribute__((vector_size(8)));
typedef int32_t wx_i32x2 __attribute__((vector_size(8)));
typedef uint32_t wx_u32x2 __attribute__((vector_size(8)));

/* m ? a : b lanewise, for a comparison's mask m. Selecting in the mask's
 * own lane width (not through 64-bit lanes as bitselect does) is what
 * lets clang recognise min/max and emit pminub, pmaxsw and so on. */
static inline wx_v128 wx_sel8(wx_i8x16 m, wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8(a) & m) | (wx_i8(b) & ~m)); }
static inline wx_v128 wx_sel16(wx_i16x8 m, wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16(a) & m) | (wx_i16(b) & ~m)); }
static inline wx_v128 wx_sel32(wx_i32x4 m, wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32(a) & m) | (wx_i32(b) & ~m)); }
static inline wx_v128 wx_sel64(wx_i64x2 m, wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64(a) & m) | (wx_i64(b) & ~m)); }

/* ---------------------------------------------------------------- bitwise */

static inline wx_v128 wx_simd_v128_not(wx_v128 a) { return wx_from_u64(~wx_u64(a)); }
static inline wx_v128 wx_simd_v128_and(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) & wx_u64(b)); }
static inline wx_v128 wx_simd_v128_andnot(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) & ~wx_u64(b)); }
static inline wx_v128 wx_simd_v128_or(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) | wx_u64(b)); }
static inline wx_v128 wx_simd_v128_xor(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) ^ wx_u64(b)); }

static inline wx_v128 wx_simd_v128_bitselect(wx_v128 a, wx_v128 b, wx_v128 c)
{
	wx_u64x2 m = wx_u64(c);
	return wx_from_u64((wx_u64(a) & m) | (wx_u64(b) & ~m));
}

static inline uint32_t wx_simd_v128_any_true(wx_v128 a) { return (a.u64[0] | a.u64[1]) != 0; }

/* ---------------------------------------------------------------- splat, lanes */

static inline wx_v128 wx_simd_i8x16_splat(uint32_t x)
{
	wx_u8x16 r = {0};
	return wx_from_u8(r + (uint8_t)x);
}

static inline wx_v128 wx_simd_i16x8_splat(uint32_t x)
{
	wx_u16x8 r = {0};
	return wx_from_u16(r + (uint16_t)x);
}

static inline wx_v128 wx_simd_i32x4_splat(uint32_t x) { return wx_from_u32((wx_u32x4){x, x, x, x}); }
static inline wx_v128 wx_simd_i64x2_splat(uint64_t x) { return wx_from_u64((wx_u64x2){x, x}); }
static inline wx_v128 wx_simd_f32x4_splat(uint32_t bits) { return wx_simd_i32x4_splat(bits); }
static inline wx_v128 wx_simd_f64x2_splat(uint64_t bits) { return wx_simd_i64x2_splat(bits); }

static inline uint32_t wx_simd_i8x16_extract_lane_s(wx_v128 a, uint32_t lane) { return (uint32_t)(int32_t)a.i8[lane]; }
static inline uint32_t wx_simd_i8x16_extract_lane_u(wx_v128 a, uint32_t lane) { return a.u8[lane]; }
static inline uint32_t wx_simd_i16x8_extract_lane_s(wx_v128 a, uint32_t lane) { return (uint32_t)(int32_t)a.i16[lane]; }
static inline uint32_t wx_simd_i16x8_extract_lane_u(wx_v128 a, uint32_t lane) { return a.u16[lane]; }
static inline uint32_t wx_simd_i32x4_extract_lane(wx_v128 a, uint32_t lane) { return a.u32[lane]; }
static inline uint64_t wx_simd_i64x2_extract_lane(wx_v128 a, uint32_t lane) { return a.u64[lane]; }
static inline uint32_t wx_simd_f32x4_extract_lane(wx_v128 a, uint32_t lane) { return a.u32[lane]; }
static inline uint64_t wx_simd_f64x2_extract_lane(wx_v128 a, uint32_t lane) { return a.u64[lane]; }

static inline wx_v128 wx_simd_i8x16_replace_lane(wx_v128 a, uint32_t lane, uint32_t x)
{
	a.u8[lane] = (uint8_t)x;
	return a;
}

static inline wx_v128 wx_simd_i16x8_replace_lane(wx_v128 a, uint32_t lane, uint32_t x)
{
	a.u16[lane] = (uint16_t)x;
	return a;
}

static inline wx_v128 wx_simd_i32x4_replace_lane(wx_v128 a, uint32_t lane, uint32_t x)
{
	a.u32[lane] = x;
	return a;
}

static inline wx_v128 wx_simd_i64x2_replace_lane(wx_v128 a, uint32_t lane, uint64_t x)
{
	a.u64[lane] = x;
	return a;
}

static inline wx_v128 wx_simd_f32x4_replace_lane(wx_v128 a, uint32_t lane, uint32_t bits)
{
	return wx_simd_i32x4_replace_lane(a, lane, bits);
}

static inline wx_v128 wx_simd_f64x2_replace_lane(wx_v128 a, uint32_t lane, uint64_t bits)
{
	return wx_simd_i64x2_replace_lane(a, lane, bits);
}

/* Through byte arrays rather than the union: clang turns the union's
 * variable-index byte reads into a chain of 64-bit shifts. Validation
 * keeps every index below 32; the mask only makes that visible. */
static inline wx_v128 wx_simd_i8x16_shuffle(wx_v128 a, wx_v128 b, wx_v128 lanes)
{
	uint8_t ab[32];
	uint64_t lo = 0, hi = 0;

	memcpy(ab, &a, 16);
	memcpy(ab + 16, &b, 16);
	/* The result is gathered in two registers and leaves as one vector:
	 * bytes (or halves) stored one by one and read back as 16 bytes by
	 * the next instruction would stall store forwarding. */
#if defined(__clang__)
#pragma clang loop unroll(full)
#elif defined(__GNUC__)
#pragma GCC unroll 8
#endif
	for (int i = 0; i < 8; i++) {
		lo |= (uint64_t)ab[lanes.u8[i] & 31] << (8 * i);
		hi |= (uint64_t)ab[lanes.u8[8 + i] & 31] << (8 * i);
	}
	return wx_from_u64((wx_u64x2){lo, hi});
}

/* Two cheaper forms of shuffle that the translator picks by looking at the
 * lane indices, which are constants (docs/interp.md). A window: the 16
 * bytes of a then b from byte k <= 16 on. */
static inline wx_v128 wx_simd_shuffle_window(wx_v128 a, wx_v128 b, uint32_t k)
{
	/* In 64-bit words: an unaligned 16-byte load across the two 16-byte
	 * stores of a and b could not be forwarded from them. */
	uint64_t w[6] = {a.u64[0], a.u64[1], b.u64[0], b.u64[1], 0, 0};
	uint32_t j = (k >> 3) & 3, s = 8 * (k & 7);
	uint64_t lo = w[j], hi = w[j + 1];
	if (s) {
		lo = lo >> s | hi << (64 - s);
		hi = hi >> s | w[j + 2] << (64 - s);
	}
	return wx_from_u64((wx_u64x2){lo, hi});
}

/* Most result bytes in place: the bytes of a and b that stay where they
 * are (masks ma and mb), and n <= 8 bytes moved, each given as a source
 * index in a then b and a destination byte. */
static inline wx_v128 wx_simd_shuffle_few(wx_v128 a, wx_v128 b, wx_v128 ma,
                                          wx_v128 mb, const uint8_t *moves,
                                          uint32_t n)
{
	uint8_t ab[32];
	uint64_t lo = 0, hi = 0;

	memcpy(ab, &a, 16);
	memcpy(ab + 16, &b, 16);
	for (uint32_t j = 0; j < n && j < 8; j++) {
		uint32_t dst = moves[2 * j + 1] & 15;
		uint64_t byte = (uint64_t)ab[moves[2 * j] & 31] << (8 * (dst & 7));
		lo |= dst < 8 ? byte : 0;
		hi |= dst < 8 ? 0 : byte;
	}
	return wx_from_u64((wx_u64(a) & wx_u64(ma)) | (wx_u64(b) & wx_u64(mb)) |
	                   (wx_u64x2){lo, hi});
}

/* The four bytes k .. k+3 of a (k a multiple of 4) zero-extended to
 * 32-bit lanes: the translator's form of a shuffle with a zero vector
 * that spreads bytes into words. */
static inline wx_v128 wx_simd_zext8to32(wx_v128 a, uint32_t k)
{
	uint32_t w = a.u32[(k >> 2) & 3];
	wx_u8x4 bytes;

	memcpy(&bytes, &w, 4);
	return wx_from_u32(__builtin_convertvector(bytes, wx_u32x4));
}

/* Swizzle's indices are run-time values and the spec reads them from a's
 * bytes followed by zeros: look up index mod 16, then clear the lanes
 * whose index was 16 or more. */
static inline wx_v128 wx_simd_i8x16_swizzle(wx_v128 a, wx_v128 b)
{
	uint8_t t[16], l[16], r[16];

	memcpy(t, &a, 16);
	memcpy(l, &b, 16);
	for (int i = 0; i < 16; i++)
		r[i] = t[l[i] & 15];
	return wx_from_i8(wx_i8(wx_v128_load(r)) & (wx_i8x16)(wx_u8(b) < 16));
}

/* ---------------------------------------------------------------- extending loads */

/* The interpreter reads the 8 bytes (bounds check, little-endian) and
 * passes them here; on the little-endian host, memcpy puts memory byte i
 * in lane i of the half. */

static inline wx_v128 wx_simd_v128_load8x8_s(uint64_t bits)
{
	wx_i8x8 h;

	memcpy(&h, &bits, 8);
	return wx_from_i16(__builtin_convertvector(h, wx_i16x8));
}

static inline wx_v128 wx_simd_v128_load8x8_u(uint64_t bits)
{
	wx_u8x8 h;

	memcpy(&h, &bits, 8);
	return wx_from_u16(__builtin_convertvector(h, wx_u16x8));
}

static inline wx_v128 wx_simd_v128_load16x4_s(uint64_t bits)
{
	wx_i16x4 h;

	memcpy(&h, &bits, 8);
	return wx_from_i32(__builtin_convertvector(h, wx_i32x4));
}

static inline wx_v128 wx_simd_v128_load16x4_u(uint64_t bits)
{
	wx_u16x4 h;

	memcpy(&h, &bits, 8);
	return wx_from_u32(__builtin_convertvector(h, wx_u32x4));
}

static inline wx_v128 wx_simd_v128_load32x2_s(uint64_t bits)
{
	wx_i32x2 h;

	memcpy(&h, &bits, 8);
	return wx_from_i64(__builtin_convertvector(h, wx_i64x2));
}

static inline wx_v128 wx_simd_v128_load32x2_u(uint64_t bits)
{
	wx_u32x2 h;

	memcpy(&h, &bits, 8);
	return wx_from_u64(__builtin_convertvector(h, wx_u64x2));
}

/* ---------------------------------------------------------------- integer comparisons */

/* A GNU vector comparison gives -1/0 lanes of a signed integer type of
 * the lane's width, but which type (char or signed char, long or long
 * long) differs between gcc and clang; the casts name it. */

static inline wx_v128 wx_simd_i8x16_eq(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_u8(a) == wx_u8(b))); }
static inline wx_v128 wx_simd_i8x16_ne(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_u8(a) != wx_u8(b))); }
static inline wx_v128 wx_simd_i8x16_lt_s(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_i8(a) < wx_i8(b))); }
static inline wx_v128 wx_simd_i8x16_lt_u(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_u8(a) < wx_u8(b))); }
static inline wx_v128 wx_simd_i8x16_gt_s(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_i8(a) > wx_i8(b))); }
static inline wx_v128 wx_simd_i8x16_gt_u(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_u8(a) > wx_u8(b))); }
static inline wx_v128 wx_simd_i8x16_le_s(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_i8(a) <= wx_i8(b))); }
static inline wx_v128 wx_simd_i8x16_le_u(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_u8(a) <= wx_u8(b))); }
static inline wx_v128 wx_simd_i8x16_ge_s(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_i8(a) >= wx_i8(b))); }
static inline wx_v128 wx_simd_i8x16_ge_u(wx_v128 a, wx_v128 b) { return wx_from_i8((wx_i8x16)(wx_u8(a) >= wx_u8(b))); }

static inline wx_v128 wx_simd_i16x8_eq(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_u16(a) == wx_u16(b))); }
static inline wx_v128 wx_simd_i16x8_ne(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_u16(a) != wx_u16(b))); }
static inline wx_v128 wx_simd_i16x8_lt_s(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_i16(a) < wx_i16(b))); }
static inline wx_v128 wx_simd_i16x8_lt_u(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_u16(a) < wx_u16(b))); }
static inline wx_v128 wx_simd_i16x8_gt_s(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_i16(a) > wx_i16(b))); }
static inline wx_v128 wx_simd_i16x8_gt_u(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_u16(a) > wx_u16(b))); }
static inline wx_v128 wx_simd_i16x8_le_s(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_i16(a) <= wx_i16(b))); }
static inline wx_v128 wx_simd_i16x8_le_u(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_u16(a) <= wx_u16(b))); }
static inline wx_v128 wx_simd_i16x8_ge_s(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_i16(a) >= wx_i16(b))); }
static inline wx_v128 wx_simd_i16x8_ge_u(wx_v128 a, wx_v128 b) { return wx_from_i16((wx_i16x8)(wx_u16(a) >= wx_u16(b))); }

static inline wx_v128 wx_simd_i32x4_eq(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_u32(a) == wx_u32(b))); }
static inline wx_v128 wx_simd_i32x4_ne(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_u32(a) != wx_u32(b))); }
static inline wx_v128 wx_simd_i32x4_lt_s(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_i32(a) < wx_i32(b))); }
static inline wx_v128 wx_simd_i32x4_lt_u(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_u32(a) < wx_u32(b))); }
static inline wx_v128 wx_simd_i32x4_gt_s(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_i32(a) > wx_i32(b))); }
static inline wx_v128 wx_simd_i32x4_gt_u(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_u32(a) > wx_u32(b))); }
static inline wx_v128 wx_simd_i32x4_le_s(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_i32(a) <= wx_i32(b))); }
static inline wx_v128 wx_simd_i32x4_le_u(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_u32(a) <= wx_u32(b))); }
static inline wx_v128 wx_simd_i32x4_ge_s(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_i32(a) >= wx_i32(b))); }
static inline wx_v128 wx_simd_i32x4_ge_u(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_u32(a) >= wx_u32(b))); }

static inline wx_v128 wx_simd_i64x2_eq(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_u64(a) == wx_u64(b))); }
static inline wx_v128 wx_simd_i64x2_ne(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_u64(a) != wx_u64(b))); }
static inline wx_v128 wx_simd_i64x2_lt_s(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_i64(a) < wx_i64(b))); }
static inline wx_v128 wx_simd_i64x2_gt_s(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_i64(a) > wx_i64(b))); }
static inline wx_v128 wx_simd_i64x2_le_s(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_i64(a) <= wx_i64(b))); }
static inline wx_v128 wx_simd_i64x2_ge_s(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_i64(a) >= wx_i64(b))); }

/* ---------------------------------------------------------------- float comparisons */

/* IEEE comparisons, as in numeric.h: false on NaN except ne, -0 == +0.
 * SSE's cmpps/cmppd and NEON's fcm* give the same all-ones/zero lanes. */

static inline wx_v128 wx_simd_f32x4_eq(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_f32(a) == wx_f32(b))); }
static inline wx_v128 wx_simd_f32x4_ne(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_f32(a) != wx_f32(b))); }
static inline wx_v128 wx_simd_f32x4_lt(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_f32(a) < wx_f32(b))); }
static inline wx_v128 wx_simd_f32x4_gt(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_f32(a) > wx_f32(b))); }
static inline wx_v128 wx_simd_f32x4_le(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_f32(a) <= wx_f32(b))); }
static inline wx_v128 wx_simd_f32x4_ge(wx_v128 a, wx_v128 b) { return wx_from_i32((wx_i32x4)(wx_f32(a) >= wx_f32(b))); }
static inline wx_v128 wx_simd_f64x2_eq(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_f64(a) == wx_f64(b))); }
static inline wx_v128 wx_simd_f64x2_ne(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_f64(a) != wx_f64(b))); }
static inline wx_v128 wx_simd_f64x2_lt(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_f64(a) < wx_f64(b))); }
static inline wx_v128 wx_simd_f64x2_gt(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_f64(a) > wx_f64(b))); }
static inline wx_v128 wx_simd_f64x2_le(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_f64(a) <= wx_f64(b))); }
static inline wx_v128 wx_simd_f64x2_ge(wx_v128 a, wx_v128 b) { return wx_from_i64((wx_i64x2)(wx_f64(a) >= wx_f64(b))); }

/* ---------------------------------------------------------------- lane tests */

static inline uint32_t wx_simd_i8x16_all_true(wx_v128 a) { return !wx_simd_v128_any_true(wx_from_i8((wx_i8x16)(wx_u8(a) == 0))); }
static inline uint32_t wx_simd_i16x8_all_true(wx_v128 a) { return !wx_simd_v128_any_true(wx_from_i16((wx_i16x8)(wx_u16(a) == 0))); }
static inline uint32_t wx_simd_i32x4_all_true(wx_v128 a) { return !wx_simd_v128_any_true(wx_from_i32((wx_i32x4)(wx_u32(a) == 0))); }
static inline uint32_t wx_simd_i64x2_all_true(wx_v128 a) { return a.u64[0] != 0 && a.u64[1] != 0; }

/* Neither compiler finds pmovmskb here, so gather the eight sign bits of
 * each half with one multiply: after >> 7 byte k's sign is bit 8k, and
 * the constant's bit 56 - 7k moves it to bit 56 + k. The partial
 * products are single bits at distinct positions (no carries), and only
 * these eight land in bits 56..63. */
static inline uint32_t wx_simd_i8x16_bitmask(wx_v128 a)
{
	const uint64_t signs = 0x8080808080808080u, gather = 0x0102040810204080u;
	uint64_t lo = ((a.u64[0] & signs) >> 7) * gather >> 56;
	uint64_t hi = ((a.u64[1] & signs) >> 7) * gather >> 56;
	return (uint32_t)(lo | hi << 8);
}

static inline uint32_t wx_simd_i16x8_bitmask(wx_v128 a)
{
	wx_u16x8 x = wx_u16(a) >> 15;
	uint32_t r = 0;

	for (int i = 0; i < 8; i++)
		r |= (uint32_t)x[i] << i;
	return r;
}

static inline uint32_t wx_simd_i32x4_bitmask(wx_v128 a)
{
	wx_u32x4 x = wx_u32(a) >> 31;
	return x[0] | x[1] << 1 | x[2] << 2 | x[3] << 3;
}

static inline uint32_t wx_simd_i64x2_bitmask(wx_v128 a) { return (uint32_t)(a.u64[0] >> 63 | a.u64[1] >> 63 << 1); }

/* ---------------------------------------------------------------- integer arithmetic */

static inline wx_v128 wx_simd_i8x16_add(wx_v128 a, wx_v128 b) { return wx_from_u8(wx_u8(a) + wx_u8(b)); }
static inline wx_v128 wx_simd_i8x16_sub(wx_v128 a, wx_v128 b) { return wx_from_u8(wx_u8(a) - wx_u8(b)); }
static inline wx_v128 wx_simd_i8x16_neg(wx_v128 a) { return wx_from_u8(-wx_u8(a)); }
static inline wx_v128 wx_simd_i16x8_add(wx_v128 a, wx_v128 b) { return wx_from_u16(wx_u16(a) + wx_u16(b)); }
static inline wx_v128 wx_simd_i16x8_sub(wx_v128 a, wx_v128 b) { return wx_from_u16(wx_u16(a) - wx_u16(b)); }
static inline wx_v128 wx_simd_i16x8_mul(wx_v128 a, wx_v128 b) { return wx_from_u16(wx_u16(a) * wx_u16(b)); }
static inline wx_v128 wx_simd_i16x8_neg(wx_v128 a) { return wx_from_u16(-wx_u16(a)); }
static inline wx_v128 wx_simd_i32x4_add(wx_v128 a, wx_v128 b) { return wx_from_u32(wx_u32(a) + wx_u32(b)); }
static inline wx_v128 wx_simd_i32x4_sub(wx_v128 a, wx_v128 b) { return wx_from_u32(wx_u32(a) - wx_u32(b)); }
static inline wx_v128 wx_simd_i32x4_mul(wx_v128 a, wx_v128 b) { return wx_from_u32(wx_u32(a) * wx_u32(b)); }
static inline wx_v128 wx_simd_i32x4_neg(wx_v128 a) { return wx_from_u32(-wx_u32(a)); }
static inline wx_v128 wx_simd_i64x2_add(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) + wx_u64(b)); }
static inline wx_v128 wx_simd_i64x2_sub(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) - wx_u64(b)); }
static inline wx_v128 wx_simd_i64x2_mul(wx_v128 a, wx_v128 b) { return wx_from_u64(wx_u64(a) * wx_u64(b)); }
static inline wx_v128 wx_simd_i64x2_neg(wx_v128 a) { return wx_from_u64(-wx_u64(a)); }

/* abs without a branch: m is -1 in negative lanes, and (x ^ m) - m is
 * then ~x + 1 = -x; computed unsigned, so abs(INT_MIN) wraps to INT_MIN
 * as the spec says. */
static inline wx_v128 wx_simd_i8x16_abs(wx_v128 a)
{
	wx_u8x16 m = (wx_u8x16)(wx_i8(a) >> 7);
	return wx_from_u8((wx_u8(a) ^ m) - m);
}

static inline wx_v128 wx_simd_i16x8_abs(wx_v128 a)
{
	wx_u16x8 m = (wx_u16x8)(wx_i16(a) >> 15);
	return wx_from_u16((wx_u16(a) ^ m) - m);
}

static inline wx_v128 wx_simd_i32x4_abs(wx_v128 a)
{
	wx_u32x4 m = (wx_u32x4)(wx_i32(a) >> 31);
	return wx_from_u32((wx_u32(a) ^ m) - m);
}

static inline wx_v128 wx_simd_i64x2_abs(wx_v128 a)
{
	wx_u64x2 m = (wx_u64x2)(wx_i64(a) >> 63);
	return wx_from_u64((wx_u64(a) ^ m) - m);
}

/* Bit-parallel population count: pairs, then nibbles, then bytes. SSE2
 * has no byte popcount; this is a dozen instructions. */
static inline wx_v128 wx_simd_i8x16_popcnt(wx_v128 a)
{
	wx_u8x16 x = wx_u8(a);

	x = x - ((x >> 1) & 0x55);
	x = (x & 0x33) + ((x >> 2) & 0x33);
	return wx_from_u8((x + (x >> 4)) & 0x0F);
}

static inline wx_v128 wx_simd_i8x16_min_s(wx_v128 a, wx_v128 b) { return wx_sel8((wx_i8x16)(wx_i8(a) < wx_i8(b)), a, b); }
static inline wx_v128 wx_simd_i8x16_min_u(wx_v128 a, wx_v128 b) { return wx_sel8((wx_i8x16)(wx_u8(a) < wx_u8(b)), a, b); }
static inline wx_v128 wx_simd_i8x16_max_s(wx_v128 a, wx_v128 b) { return wx_sel8((wx_i8x16)(wx_i8(a) > wx_i8(b)), a, b); }
static inline wx_v128 wx_simd_i8x16_max_u(wx_v128 a, wx_v128 b) { return wx_sel8((wx_i8x16)(wx_u8(a) > wx_u8(b)), a, b); }
static inline wx_v128 wx_simd_i16x8_min_s(wx_v128 a, wx_v128 b) { return wx_sel16((wx_i16x8)(wx_i16(a) < wx_i16(b)), a, b); }
static inline wx_v128 wx_simd_i16x8_min_u(wx_v128 a, wx_v128 b) { return wx_sel16((wx_i16x8)(wx_u16(a) < wx_u16(b)), a, b); }
static inline wx_v128 wx_simd_i16x8_max_s(wx_v128 a, wx_v128 b) { return wx_sel16((wx_i16x8)(wx_i16(a) > wx_i16(b)), a, b); }
static inline wx_v128 wx_simd_i16x8_max_u(wx_v128 a, wx_v128 b) { return wx_sel16((wx_i16x8)(wx_u16(a) > wx_u16(b)), a, b); }
static inline wx_v128 wx_simd_i32x4_min_s(wx_v128 a, wx_v128 b) { return wx_sel32((wx_i32x4)(wx_i32(a) < wx_i32(b)), a, b); }
static inline wx_v128 wx_simd_i32x4_min_u(wx_v128 a, wx_v128 b) { return wx_sel32((wx_i32x4)(wx_u32(a) < wx_u32(b)), a, b); }
static inline wx_v128 wx_simd_i32x4_max_s(wx_v128 a, wx_v128 b) { return wx_sel32((wx_i32x4)(wx_i32(a) > wx_i32(b)), a, b); }
static inline wx_v128 wx_simd_i32x4_max_u(wx_v128 a, wx_v128 b) { return wx_sel32((wx_i32x4)(wx_u32(a) > wx_u32(b)), a, b); }

/* (a + b + 1) >> 1 without the wider type: a + b = 2(a & b) + (a ^ b)
 * and a | b = (a & b) + (a ^ b), so the rounded-up half is
 * (a | b) - ((a ^ b) >> 1). gcc spots pavgb in a widening lane loop,
 * clang does not; both compile this to a handful of instructions. */
static inline wx_v128 wx_simd_i8x16_avgr_u(wx_v128 a, wx_v128 b)
{
	wx_u8x16 x = wx_u8(a), y = wx_u8(b);
	return wx_from_u8((x | y) - ((x ^ y) >> 1));
}

static inline wx_v128 wx_simd_i16x8_avgr_u(wx_v128 a, wx_v128 b)
{
	wx_u16x8 x = wx_u16(a), y = wx_u16(b);
	return wx_from_u16((x | y) - ((x ^ y) >> 1));
}

/* ---------------------------------------------------------------- saturating arithmetic */

/* Unsigned: the wrapped sum is below an operand exactly when it carried
 * (then OR in all-ones); the wrapped difference is wanted only where
 * a >= b (else AND with zero). clang turns both into paddus/psubus. */

static inline wx_v128 wx_simd_i8x16_add_sat_u(wx_v128 a, wx_v128 b)
{
	wx_u8x16 s = wx_u8(a) + wx_u8(b);
	return wx_from_u8(s | (wx_u8x16)(s < wx_u8(a)));
}

static inline wx_v128 wx_simd_i8x16_sub_sat_u(wx_v128 a, wx_v128 b)
{
	wx_u8x16 x = wx_u8(a), y = wx_u8(b);
	return wx_from_u8((x - y) & (wx_u8x16)(x >= y));
}

static inline wx_v128 wx_simd_i16x8_add_sat_u(wx_v128 a, wx_v128 b)
{
	wx_u16x8 s = wx_u16(a) + wx_u16(b);
	return wx_from_u16(s | (wx_u16x8)(s < wx_u16(a)));
}

static inline wx_v128 wx_simd_i16x8_sub_sat_u(wx_v128 a, wx_v128 b)
{
	wx_u16x8 x = wx_u16(a), y = wx_u16(b);
	return wx_from_u16((x - y) & (wx_u16x8)(x >= y));
}

/* Signed: a sum overflowed iff its sign differs from both operands'
 * signs, a difference iff the operands' signs differ and the result's
 * differs from a's. The saturated value is MAX for a >= 0 and MIN for
 * a < 0, i.e. (a >> (w - 1)) ^ MAX. The arithmetic wraps unsigned. */

static inline wx_v128 wx_simd_i8x16_add_sat_s(wx_v128 a, wx_v128 b)
{
	wx_i8x16 x = wx_i8(a), y = wx_i8(b);
	wx_i8x16 s = (wx_i8x16)(wx_u8(a) + wx_u8(b));
	wx_i8x16 over = ((x ^ s) & (y ^ s)) >> 7;
	return wx_from_i8((s & ~over) | (((x >> 7) ^ INT8_MAX) & over));
}

static inline wx_v128 wx_simd_i8x16_sub_sat_s(wx_v128 a, wx_v128 b)
{
	wx_i8x16 x = wx_i8(a), y = wx_i8(b);
	wx_i8x16 d = (wx_i8x16)(wx_u8(a) - wx_u8(b));
	wx_i8x16 over = ((x ^ y) & (x ^ d)) >> 7;
	return wx_from_i8((d & ~over) | (((x >> 7) ^ INT8_MAX) & over));
}

static inline wx_v128 wx_simd_i16x8_add_sat_s(wx_v128 a, wx_v128 b)
{
	wx_i16x8 x = wx_i16(a), y = wx_i16(b);
	wx_i16x8 s = (wx_i16x8)(wx_u16(a) + wx_u16(b));
	wx_i16x8 over = ((x ^ s) & (y ^ s)) >> 15;
	return wx_from_i16((s & ~over) | (((x >> 15) ^ INT16_MAX) & over));
}

static inline wx_v128 wx_simd_i16x8_sub_sat_s(wx_v128 a, wx_v128 b)
{
	wx_i16x8 x = wx_i16(a), y = wx_i16(b);
	wx_i16x8 d = (wx_i16x8)(wx_u16(a) - wx_u16(b));
	wx_i16x8 over = ((x ^ y) & (x ^ d)) >> 15;
	return wx_from_i16((d & ~over) | (((x >> 15) ^ INT16_MAX) & over));
}

/* The product of two i16 lanes fits in i32 with the rounding constant
 * added. Only -0x8000 * -0x8000 leaves the i16 range after the shift,
 * upwards (2^15); the lowest result, from -0x8000 * 0x7FFF, is -0x7FFF. */
static inline wx_v128 wx_simd_i16x8_q15mulr_sat_s(wx_v128 a, wx_v128 b)
{
	wx_i16x8 x = wx_i16(a), y = wx_i16(b), r = {0};

	for (int i = 0; i < 8; i++) {
		int32_t p = ((int32_t)x[i] * y[i] + 0x4000) >> 15;
		r[i] = (int16_t)(p > INT16_MAX ? INT16_MAX : p);
	}
	return wx_from_i16(r);
}

/* ---------------------------------------------------------------- shifts */

/* The count is taken modulo the lane width (spec: ishl etc. on each lane,
 * with the count reduced); that also keeps the C shift defined. Left
 * shifts are done unsigned so no negative value is shifted. */

static inline wx_v128 wx_simd_i8x16_shl(wx_v128 a, uint32_t count) { return wx_from_u8(wx_u8(a) << (count & 7)); }
static inline wx_v128 wx_simd_i8x16_shr_s(wx_v128 a, uint32_t count) { return wx_from_i8(wx_i8(a) >> (count & 7)); }
static inline wx_v128 wx_simd_i8x16_shr_u(wx_v128 a, uint32_t count) { return wx_from_u8(wx_u8(a) >> (count & 7)); }
static inline wx_v128 wx_simd_i16x8_shl(wx_v128 a, uint32_t count) { return wx_from_u16(wx_u16(a) << (count & 15)); }
static inline wx_v128 wx_simd_i16x8_shr_s(wx_v128 a, uint32_t count) { return wx_from_i16(wx_i16(a) >> (count & 15)); }
static inline wx_v128 wx_simd_i16x8_shr_u(wx_v128 a, uint32_t count) { return wx_from_u16(wx_u16(a) >> (count & 15)); }
static inline wx_v128 wx_simd_i32x4_shl(wx_v128 a, uint32_t count) { return wx_from_u32(wx_u32(a) << (count & 31)); }
static inline wx_v128 wx_simd_i32x4_shr_s(wx_v128 a, uint32_t count) { return wx_from_i32(wx_i32(a) >> (count & 31)); }
static inline wx_v128 wx_simd_i32x4_shr_u(wx_v128 a, uint32_t count) { return wx_from_u32(wx_u32(a) >> (count & 31)); }
static inline wx_v128 wx_simd_i64x2_shl(wx_v128 a, uint32_t count) { return wx_from_u64(wx_u64(a) << (count & 63)); }
static inline wx_v128 wx_simd_i64x2_shr_s(wx_v128 a, uint32_t count) { return wx_from_i64(wx_i64(a) >> (count & 63)); }
static inline wx_v128 wx_simd_i64x2_shr_u(wx_v128 a, uint32_t count) { return wx_from_u64(wx_u64(a) >> (count & 63)); }

/* ---------------------------------------------------------------- narrowing and widening */

/* Clamp with min/max (the spec's sat_s/sat_u of the signed lane), then
 * truncate each lane to half its width, a's lanes first. gcc and clang
 * turn this into packsswb/packuswb or a short equivalent. */

/* The even lanes of a then b: a shuffle with constant lanes, which both
 * compilers turn into a few pack and unpack instructions, all in
 * registers. */
#if defined(__clang__)
#define WX_EVEN_LANES16(a, b) __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30)
#define WX_EVEN_LANES8(a, b)  __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14)
#else
#define WX_EVEN_LANES16(a, b) __builtin_shuffle(a, b, (wx_u8x16){0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30})
#define WX_EVEN_LANES8(a, b)  __builtin_shuffle(a, b, (wx_u16x8){0, 2, 4, 6, 8, 10, 12, 14})
#endif

static inline wx_v128 wx_halve16(wx_v128 a, wx_v128 b)
{
	return wx_from_u8(WX_EVEN_LANES16(wx_u8(a), wx_u8(b)));
}

static inline wx_v128 wx_halve32(wx_v128 a, wx_v128 b)
{
	return wx_from_u16(WX_EVEN_LANES8(wx_u16(a), wx_u16(b)));
}

static inline wx_v128 wx_simd_i8x16_narrow_i16x8_s(wx_v128 a, wx_v128 b)
{
	wx_v128 lo = wx_simd_i16x8_splat(0xFF80), hi = wx_simd_i16x8_splat(0x007F);
	return wx_halve16(wx_simd_i16x8_max_s(wx_simd_i16x8_min_s(a, hi), lo),
			  wx_simd_i16x8_max_s(wx_simd_i16x8_min_s(b, hi), lo));
}

static inline wx_v128 wx_simd_i8x16_narrow_i16x8_u(wx_v128 a, wx_v128 b)
{
	wx_v128 lo = wx_simd_i16x8_splat(0), hi = wx_simd_i16x8_splat(0x00FF);
	return wx_halve16(wx_simd_i16x8_max_s(wx_simd_i16x8_min_s(a, hi), lo),
			  wx_simd_i16x8_max_s(wx_simd_i16x8_min_s(b, hi), lo));
}

static inline wx_v128 wx_simd_i16x8_narrow_i32x4_s(wx_v128 a, wx_v128 b)
{
	wx_v128 lo = wx_simd_i32x4_splat(0xFFFF8000u), hi = wx_simd_i32x4_splat(0x7FFF);
	return wx_halve32(wx_simd_i32x4_max_s(wx_simd_i32x4_min_s(a, hi), lo),
			  wx_simd_i32x4_max_s(wx_simd_i32x4_min_s(b, hi), lo));
}

static inline wx_v128 wx_simd_i16x8_narrow_i32x4_u(wx_v128 a, wx_v128 b)
{
	wx_v128 lo = wx_simd_i32x4_splat(0), hi = wx_simd_i32x4_splat(0xFFFF);
	return wx_halve32(wx_simd_i32x4_max_s(wx_simd_i32x4_min_s(a, hi), lo),
			  wx_simd_i32x4_max_s(wx_simd_i32x4_min_s(b, hi), lo));
}

/* extend_low converts lanes 0 .. n/2-1, extend_high lanes n/2 .. n-1; C's
 * conversion to the wider type is the spec's extend_s/_u. */

static inline wx_v128 wx_simd_i16x8_extend_low_i8x16_s(wx_v128 a)
{
	wx_i8x8 h;

	memcpy(&h, a.i8, 8);
	return wx_from_i16(__builtin_convertvector(h, wx_i16x8));
}

static inline wx_v128 wx_simd_i16x8_extend_low_i8x16_u(wx_v128 a)
{
	wx_u8x8 h;

	memcpy(&h, a.i8, 8);
	return wx_from_u16(__builtin_convertvector(h, wx_u16x8));
}

static inline wx_v128 wx_simd_i16x8_extend_high_i8x16_s(wx_v128 a)
{
	wx_i8x8 h;

	memcpy(&h, a.i8 + 8, 8);
	return wx_from_i16(__builtin_convertvector(h, wx_i16x8));
}

static inline wx_v128 wx_simd_i16x8_extend_high_i8x16_u(wx_v128 a)
{
	wx_u8x8 h;

	memcpy(&h, a.i8 + 8, 8);
	return wx_from_u16(__builtin_convertvector(h, wx_u16x8));
}

static inline wx_v128 wx_simd_i32x4_extend_low_i16x8_s(wx_v128 a)
{
	wx_i16x4 h;

	memcpy(&h, a.i16, 8);
	return wx_from_i32(__builtin_convertvector(h, wx_i32x4));
}

static inline wx_v128 wx_simd_i32x4_extend_low_i16x8_u(wx_v128 a)
{
	wx_u16x4 h;

	memcpy(&h, a.i16, 8);
	return wx_from_u32(__builtin_convertvector(h, wx_u32x4));
}

static inline wx_v128 wx_simd_i32x4_extend_high_i16x8_s(wx_v128 a)
{
	wx_i16x4 h;

	memcpy(&h, a.i16 + 4, 8);
	return wx_from_i32(__builtin_convertvector(h, wx_i32x4));
}

static inline wx_v128 wx_simd_i32x4_extend_high_i16x8_u(wx_v128 a)
{
	wx_u16x4 h;

	memcpy(&h, a.i16 + 4, 8);
	return wx_from_u32(__builtin_convertvector(h, wx_u32x4));
}

static inline wx_v128 wx_simd_i64x2_extend_low_i32x4_s(wx_v128 a)
{
	wx_i32x2 h;

	memcpy(&h, a.i32, 8);
	return wx_from_i64(__builtin_convertvector(h, wx_i64x2));
}

static inline wx_v128 wx_simd_i64x2_extend_low_i32x4_u(wx_v128 a)
{
	wx_u32x2 h;

	memcpy(&h, a.i32, 8);
	return wx_from_u64(__builtin_convertvector(h, wx_u64x2));
}

static inline wx_v128 wx_simd_i64x2_extend_high_i32x4_s(wx_v128 a)
{
	wx_i32x2 h;

	memcpy(&h, a.i32 + 2, 8);
	return wx_from_i64(__builtin_convertvector(h, wx_i64x2));
}

static inline wx_v128 wx_simd_i64x2_extend_high_i32x4_u(wx_v128 a)
{
	wx_u32x2 h;

	memcpy(&h, a.i32 + 2, 8);
	return wx_from_u64(__builtin_convertvector(h, wx_u64x2));
}

/* extmul is mul of the extended halves: every product of two n-bit lanes
 * fits in 2n bits (signed or unsigned), so the wrapping multiply is exact. */

static inline wx_v128 wx_simd_i16x8_extmul_low_i8x16_s(wx_v128 a, wx_v128 b)
{
	return wx_simd_i16x8_mul(wx_simd_i16x8_extend_low_i8x16_s(a),
				 wx_simd_i16x8_extend_low_i8x16_s(b));
}

static inline wx_v128 wx_simd_i16x8_extmul_high_i8x16_s(wx_v128 a, wx_v128 b)
{
	return wx_simd_i16x8_mul(wx_simd_i16x8_extend_high_i8x16_s(a),
				 wx_simd_i16x8_extend_high_i8x16_s(b));
}

static inline wx_v128 wx_simd_i16x8_extmul_low_i8x16_u(wx_v128 a, wx_v128 b)
{
	return wx_simd_i16x8_mul(wx_simd_i16x8_extend_low_i8x16_u(a),
				 wx_simd_i16x8_extend_low_i8x16_u(b));
}

static inline wx_v128 wx_simd_i16x8_extmul_high_i8x16_u(wx_v128 a, wx_v128 b)
{
	return wx_simd_i16x8_mul(wx_simd_i16x8_extend_high_i8x16_u(a),
				 wx_simd_i16x8_extend_high_i8x16_u(b));
}

static inline wx_v128 wx_simd_i32x4_extmul_low_i16x8_s(wx_v128 a, wx_v128 b)
{
	return wx_simd_i32x4_mul(wx_simd_i32x4_extend_low_i16x8_s(a),
				 wx_simd_i32x4_extend_low_i16x8_s(b));
}

static inline wx_v128 wx_simd_i32x4_extmul_high_i16x8_s(wx_v128 a, wx_v128 b)
{
	return wx_simd_i32x4_mul(wx_simd_i32x4_extend_high_i16x8_s(a),
				 wx_simd_i32x4_extend_high_i16x8_s(b));
}

static inline wx_v128 wx_simd_i32x4_extmul_low_i16x8_u(wx_v128 a, wx_v128 b)
{
	return wx_simd_i32x4_mul(wx_simd_i32x4_extend_low_i16x8_u(a),
				 wx_simd_i32x4_extend_low_i16x8_u(b));
}

static inline wx_v128 wx_simd_i32x4_extmul_high_i16x8_u(wx_v128 a, wx_v128 b)
{
	return wx_simd_i32x4_mul(wx_simd_i32x4_extend_high_i16x8_u(a),
				 wx_simd_i32x4_extend_high_i16x8_u(b));
}

static inline wx_v128 wx_simd_i64x2_extmul_low_i32x4_s(wx_v128 a, wx_v128 b)
{
	return wx_simd_i64x2_mul(wx_simd_i64x2_extend_low_i32x4_s(a),
				 wx_simd_i64x2_extend_low_i32x4_s(b));
}

static inline wx_v128 wx_simd_i64x2_extmul_high_i32x4_s(wx_v128 a, wx_v128 b)
{
	return wx_simd_i64x2_mul(wx_simd_i64x2_extend_high_i32x4_s(a),
				 wx_simd_i64x2_extend_high_i32x4_s(b));
}

static inline wx_v128 wx_simd_i64x2_extmul_low_i32x4_u(wx_v128 a, wx_v128 b)
{
	return wx_simd_i64x2_mul(wx_simd_i64x2_extend_low_i32x4_u(a),
				 wx_simd_i64x2_extend_low_i32x4_u(b));
}

static inline wx_v128 wx_simd_i64x2_extmul_high_i32x4_u(wx_v128 a, wx_v128 b)
{
	return wx_simd_i64x2_mul(wx_simd_i64x2_extend_high_i32x4_u(a),
				 wx_simd_i64x2_extend_high_i32x4_u(b));
}

/* Pairwise sums and dot without shuffles: viewed as lanes of twice the
 * width, lane i holds the pair (2i, 2i+1), the even one in its low half.
 * Shifting left then arithmetically right by half the width extends the
 * even element, shifting right extends the odd one. The sums cannot
 * overflow except dot's -0x8000^2 * 2 = 2^31, which wraps as the spec's
 * iadd does; the additions are unsigned. */

static inline wx_v128 wx_simd_i16x8_extadd_pairwise_i8x16_s(wx_v128 a)
{
	wx_i16x8 even = (wx_i16x8)(wx_u16(a) << 8) >> 8, odd = wx_i16(a) >> 8;
	return wx_from_u16((wx_u16x8)even + (wx_u16x8)odd);
}

static inline wx_v128 wx_simd_i16x8_extadd_pairwise_i8x16_u(wx_v128 a)
{
	wx_u16x8 x = wx_u16(a);
	return wx_from_u16((x & 0xFF) + (x >> 8));
}

static inline wx_v128 wx_simd_i32x4_extadd_pairwise_i16x8_s(wx_v128 a)
{
	wx_i32x4 even = (wx_i32x4)(wx_u32(a) << 16) >> 16, odd = wx_i32(a) >> 16;
	return wx_from_u32((wx_u32x4)even + (wx_u32x4)odd);
}

static inline wx_v128 wx_simd_i32x4_extadd_pairwise_i16x8_u(wx_v128 a)
{
	wx_u32x4 x = wx_u32(a);
	return wx_from_u32((x & 0xFFFF) + (x >> 16));
}

static inline wx_v128 wx_simd_i32x4_dot_i16x8_s(wx_v128 a, wx_v128 b)
{
	wx_i32x4 a_even = (wx_i32x4)(wx_u32(a) << 16) >> 16, a_odd = wx_i32(a) >> 16;
	wx_i32x4 b_even = (wx_i32x4)(wx_u32(b) << 16) >> 16, b_odd = wx_i32(b) >> 16;
	return wx_from_u32((wx_u32x4)(a_even * b_even) + (wx_u32x4)(a_odd * b_odd));
}

/* ---------------------------------------------------------------- float arithmetic */

/* add/sub/mul/div per lane are the scalar IEEE operations (addps etc. and
 * NEON's fadd follow the same NaN rules as their scalar forms, which
 * numeric.h's header explains). abs and neg touch only the sign bit, so
 * they never quiet or canonicalise a NaN, as the spec requires. */

static inline wx_v128 wx_simd_f32x4_add(wx_v128 a, wx_v128 b) { return wx_from_f32(wx_f32(a) + wx_f32(b)); }
static inline wx_v128 wx_simd_f32x4_sub(wx_v128 a, wx_v128 b) { return wx_from_f32(wx_f32(a) - wx_f32(b)); }
static inline wx_v128 wx_simd_f32x4_mul(wx_v128 a, wx_v128 b) { return wx_from_f32(wx_f32(a) * wx_f32(b)); }
static inline wx_v128 wx_simd_f32x4_div(wx_v128 a, wx_v128 b) { return wx_from_f32(wx_f32(a) / wx_f32(b)); }
static inline wx_v128 wx_simd_f32x4_abs(wx_v128 a) { return wx_from_u32(wx_u32(a) & 0x7FFFFFFFu); }
static inline wx_v128 wx_simd_f32x4_neg(wx_v128 a) { return wx_from_u32(wx_u32(a) ^ 0x80000000u); }
static inline wx_v128 wx_simd_f64x2_add(wx_v128 a, wx_v128 b) { return wx_from_f64(wx_f64(a) + wx_f64(b)); }
static inline wx_v128 wx_simd_f64x2_sub(wx_v128 a, wx_v128 b) { return wx_from_f64(wx_f64(a) - wx_f64(b)); }
static inline wx_v128 wx_simd_f64x2_mul(wx_v128 a, wx_v128 b) { return wx_from_f64(wx_f64(a) * wx_f64(b)); }
static inline wx_v128 wx_simd_f64x2_div(wx_v128 a, wx_v128 b) { return wx_from_f64(wx_f64(a) / wx_f64(b)); }
static inline wx_v128 wx_simd_f64x2_abs(wx_v128 a) { return wx_from_u64(wx_u64(a) & 0x7FFFFFFFFFFFFFFFu); }
static inline wx_v128 wx_simd_f64x2_neg(wx_v128 a) { return wx_from_u64(wx_u64(a) ^ 0x8000000000000000u); }

/* pmin and pmax are defined by one comparison and select a whole operand,
 * NaN payload included: pmin(a, b) = b < a ? b : a, pmax(a, b) = a < b ? b : a.
 * (They are minps/maxps with the operands swapped.) */
static inline wx_v128 wx_simd_f32x4_pmin(wx_v128 a, wx_v128 b) { return wx_sel32((wx_i32x4)(wx_f32(b) < wx_f32(a)), b, a); }
static inline wx_v128 wx_simd_f32x4_pmax(wx_v128 a, wx_v128 b) { return wx_sel32((wx_i32x4)(wx_f32(a) < wx_f32(b)), b, a); }
static inline wx_v128 wx_simd_f64x2_pmin(wx_v128 a, wx_v128 b) { return wx_sel64((wx_i64x2)(wx_f64(b) < wx_f64(a)), b, a); }
static inline wx_v128 wx_simd_f64x2_pmax(wx_v128 a, wx_v128 b) { return wx_sel64((wx_i64x2)(wx_f64(a) < wx_f64(b)), b, a); }

/* min, max, sqrt and the roundings: numeric.h's scalar function on each
 * lane, so NaN propagation, -0 < +0 and signalling-NaN quieting are the
 * scalar instructions' exactly. */

static inline wx_v128 wx_simd_f32x4_min(wx_v128 a, wx_v128 b)
{
	wx_f32x4 x = wx_f32(a), y = wx_f32(b), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_min(x[i], y[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f32x4_max(wx_v128 a, wx_v128 b)
{
	wx_f32x4 x = wx_f32(a), y = wx_f32(b), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_max(x[i], y[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f64x2_min(wx_v128 a, wx_v128 b)
{
	wx_f64x2 x = wx_f64(a), y = wx_f64(b);
	return wx_from_f64((wx_f64x2){wx_num_f64_min(x[0], y[0]), wx_num_f64_min(x[1], y[1])});
}

static inline wx_v128 wx_simd_f64x2_max(wx_v128 a, wx_v128 b)
{
	wx_f64x2 x = wx_f64(a), y = wx_f64(b);
	return wx_from_f64((wx_f64x2){wx_num_f64_max(x[0], y[0]), wx_num_f64_max(x[1], y[1])});
}

static inline wx_v128 wx_simd_f32x4_sqrt(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_sqrt(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f32x4_ceil(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_ceil(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f32x4_floor(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_floor(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f32x4_trunc(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_trunc(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f32x4_nearest(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a), r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_nearest(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f64x2_sqrt(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_f64((wx_f64x2){wx_num_f64_sqrt(x[0]), wx_num_f64_sqrt(x[1])});
}

static inline wx_v128 wx_simd_f64x2_ceil(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_f64((wx_f64x2){wx_num_f64_ceil(x[0]), wx_num_f64_ceil(x[1])});
}

static inline wx_v128 wx_simd_f64x2_floor(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_f64((wx_f64x2){wx_num_f64_floor(x[0]), wx_num_f64_floor(x[1])});
}

static inline wx_v128 wx_simd_f64x2_trunc(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_f64((wx_f64x2){wx_num_f64_trunc(x[0]), wx_num_f64_trunc(x[1])});
}

static inline wx_v128 wx_simd_f64x2_nearest(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_f64((wx_f64x2){wx_num_f64_nearest(x[0]), wx_num_f64_nearest(x[1])});
}

/* ---------------------------------------------------------------- conversions */

/* Each lane is the scalar conversion of numeric.h: trunc_sat maps NaN to
 * 0 and saturates, convert rounds once to nearest-even, demote and
 * promote keep NaNs arithmetic. The _zero forms fill lanes 2 and 3 with
 * +0 (all-zero bits). */

static inline wx_v128 wx_simd_i32x4_trunc_sat_f32x4_s(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a);
	wx_u32x4 r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_i32_trunc_sat_f32_s(x[i]);
	return wx_from_u32(r);
}

static inline wx_v128 wx_simd_i32x4_trunc_sat_f32x4_u(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a);
	wx_u32x4 r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_i32_trunc_sat_f32_u(x[i]);
	return wx_from_u32(r);
}

static inline wx_v128 wx_simd_i32x4_trunc_sat_f64x2_s_zero(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_u32((wx_u32x4){wx_num_i32_trunc_sat_f64_s(x[0]),
				      wx_num_i32_trunc_sat_f64_s(x[1]), 0, 0});
}

static inline wx_v128 wx_simd_i32x4_trunc_sat_f64x2_u_zero(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_u32((wx_u32x4){wx_num_i32_trunc_sat_f64_u(x[0]),
				      wx_num_i32_trunc_sat_f64_u(x[1]), 0, 0});
}

static inline wx_v128 wx_simd_f32x4_convert_i32x4_s(wx_v128 a)
{
	wx_u32x4 x = wx_u32(a);
	wx_f32x4 r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_convert_i32_s(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f32x4_convert_i32x4_u(wx_v128 a)
{
	wx_u32x4 x = wx_u32(a);
	wx_f32x4 r = {0};

	for (int i = 0; i < 4; i++)
		r[i] = wx_num_f32_convert_i32_u(x[i]);
	return wx_from_f32(r);
}

static inline wx_v128 wx_simd_f64x2_convert_low_i32x4_s(wx_v128 a)
{
	return wx_from_f64((wx_f64x2){wx_num_f64_convert_i32_s(a.u32[0]),
				      wx_num_f64_convert_i32_s(a.u32[1])});
}

static inline wx_v128 wx_simd_f64x2_convert_low_i32x4_u(wx_v128 a)
{
	return wx_from_f64((wx_f64x2){wx_num_f64_convert_i32_u(a.u32[0]),
				      wx_num_f64_convert_i32_u(a.u32[1])});
}

static inline wx_v128 wx_simd_f32x4_demote_f64x2_zero(wx_v128 a)
{
	wx_f64x2 x = wx_f64(a);
	return wx_from_f32((wx_f32x4){wx_num_f32_demote_f64(x[0]),
				      wx_num_f32_demote_f64(x[1]), 0.0f, 0.0f});
}

static inline wx_v128 wx_simd_f64x2_promote_low_f32x4(wx_v128 a)
{
	wx_f32x4 x = wx_f32(a);
	return wx_from_f64((wx_f64x2){wx_num_f64_promote_f32(x[0]),
				      wx_num_f64_promote_f32(x[1])});
}

#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#endif /* WX_SIMD_H */
