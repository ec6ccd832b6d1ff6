/*
 * test_simd.c - every lane operation of simd.h (spec: exec/instructions.rst,
 * "Vector Instructions"; exec/numerics.rst) against a scalar model written
 * here from the spec, not from simd.h: lanes are read and written through
 * the bytes in little-endian order (numerics.rst, "Vectors"), integer lanes
 * are computed zero-extended in uint64_t with int64_t/__int128 for the
 * signed and saturating cases, and the float operations that are not plain
 * IEEE arithmetic (rounding, truncation, conversions, min and max) are
 * computed from the bit patterns in integer arithmetic.
 *
 * Each operation runs over edge vectors, in which every pair of a list of
 * edge lane values meets in some lane, and NRAND pseudo-random vectors whose
 * lanes mix edge values, random bits and, for floats, numbers with a few
 * integer bits and a fraction. Where the spec lets a NaN result be any NaN
 * (numerics.rst, "NaN Propagation") a lane passes when it is a canonical NaN
 * if every NaN operand is canonical (or there is none), else when it is an
 * arithmetic NaN; everywhere else the bits must be equal.
 *
 * Operands go through a volatile copy so the compiler cannot fold the calls
 * at compile time: its constant folder does not treat signalling NaNs the
 * way the hardware does, and the hardware is what the interpreter runs on.
 */
#include <fenv.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "simd.h"
#include "unit.h"

typedef __int128 i128;

#define NRAND 400   /* random vectors per input set */
#define MAXIN 2400  /* edge vectors + random vectors of one input set */
#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Table rows name a function once: its name for messages, the pointer,
 * and for the tables with a binary and a unary slot, NULL in the other. */
#define NAMED(fn) #fn, fn
#define BIN(fn)   #fn, fn, NULL
#define UN(fn)    #fn, NULL, fn

/* ---------------------------------------------------------------- lanes */

static uint64_t lmask(int w) { return w == 64 ? UINT64_MAX : (UINT64_C(1) << w) - 1; }

/* The spec's signed_N of the low w bits of x. */
static int64_t sx(uint64_t x, int w)
{
	x &= lmask(w);
	if (x >> (w - 1))
		return -(int64_t)(~x & lmask(w)) - 1;
	return (int64_t)x;
}

static uint64_t lane(wx_v128 v, int w, int i)
{
	uint64_t x = 0;
	int k, n = w / 8;

	for (k = n - 1; k >= 0; k--)
		x = x << 8 | v.u8[i * n + k];
	return x;
}

static int64_t slane(wx_v128 v, int w, int i) { return sx(lane(v, w, i), w); }

static void set_lane(wx_v128 *v, int w, int i, uint64_t x)
{
	int k, n = w / 8;

	for (k = 0; k < n; k++, x >>= 8)
		v->u8[i * n + k] = (uint8_t)x;
}

static wx_v128 fill(int w, uint64_t x)
{
	wx_v128 v;
	int i;

	for (i = 0; i < 128 / w; i++)
		set_lane(&v, w, i, x);
	return v;
}

static wx_v128 vol(wx_v128 v)
{
	volatile uint8_t b[16];
	wx_v128 r;
	int i;

	for (i = 0; i < 16; i++)
		b[i] = v.u8[i];
	for (i = 0; i < 16; i++)
		r.u8[i] = b[i];
	return r;
}

/* The vector whose 64-bit lanes are lo, hi. */
static wx_v128 halves(uint64_t lo, uint64_t hi)
{
	wx_v128 v;

	set_lane(&v, 64, 0, lo);
	set_lane(&v, 64, 1, hi);
	return v;
}

/* A vector with every lane x, through vol(). */
static wx_v128 vf(int w, uint64_t x) { return vol(fill(w, x)); }

static int same(wx_v128 x, wx_v128 y) { return memcmp(x.u8, y.u8, 16) == 0; }

static uint64_t sat_s(i128 x, int w)
{
	i128 hi = ((i128)1 << (w - 1)) - 1, lo = -hi - 1;
	return (uint64_t)(x < lo ? lo : x > hi ? hi : x);
}

static uint64_t sat_u(i128 x, int w)
{
	i128 hi = ((i128)1 << w) - 1;
	return (uint64_t)(x < 0 ? 0 : x > hi ? hi : x);
}

static uint64_t ext(uint64_t x, int w, int sgn) { return sgn ? (uint64_t)sx(x, w) : x & lmask(w); }

static uint64_t bool_mask(int c) { return c ? UINT64_MAX : 0; }

/* ---------------------------------------------------------------- float bits */

static float f32_of(uint64_t b)
{
	uint32_t u = (uint32_t)b;
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

static double f64_of(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof d);
	return d;
}

static uint64_t bits32(float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	return u;
}

static uint64_t bits64(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u;
}

static uint64_t sign_bit(int w) { return UINT64_C(1) << (w - 1); }
static uint64_t exp_mask(int w) { return w == 32 ? 0x7F800000u : 0x7FF0000000000000u; }
static uint64_t quiet_bit(int w) { return w == 32 ? 0x00400000u : 0x0008000000000000u; }
static int mant_bits(int w) { return w == 32 ? 23 : 52; }
static int bias(int w) { return w == 32 ? 127 : 1023; }
static uint64_t canon_nan(int w) { return exp_mask(w) | quiet_bit(w); }
static int is_nan(uint64_t x, int w) { return (x & lmask(w) & ~sign_bit(w)) > exp_mask(w); }
static int is_canon(uint64_t x, int w) { return (x & lmask(w) & ~sign_bit(w)) == canon_nan(w); }
static int is_arith(uint64_t x, int w) { return (x & canon_nan(w)) == canon_nan(w); }

/* Whether the spec asks for a canonical NaN when the result is a NaN:
 * every NaN operand is canonical. */
static int canon_in(uint64_t a, uint64_t b, int w)
{
	return !(is_nan(a, w) && !is_canon(a, w)) && !(is_nan(b, w) && !is_canon(b, w));
}

/* The float's value, exactly (f32 widens to double without rounding). */
static double fv(uint64_t x, int w) { return w == 32 ? (double)f32_of(x) : f64_of(x); }

/* Rounds a double to the lane format. For + - * / and sqrt of f32
 * operands, rounding first to double and then to float gives the correctly
 * rounded float: 53 >= 2 * 24 + 2. */
static uint64_t of_double(double d, int w) { return w == 32 ? bits32((float)d) : bits64(d); }

/* A result lane against the model's: equal bits, or where the model says
 * NaN, a NaN of the class the spec requires. */
static int flane_ok(uint64_t got, uint64_t want, int w, int canon)
{
	if (!is_nan(want, w))
		return got == want;
	return canon ? is_canon(got, w) : is_arith(got, w);
}

/* ---------------------------------------------------------------- reporting */

static int shown;

static void show(const char *label, wx_v128 v)
{
	fprintf(stderr, "    %s %016llx %016llx\n", label,
	        (unsigned long long)lane(v, 64, 1), (unsigned long long)lane(v, 64, 0));
}

/* Passes ok through; for the first failures prints the operation, its
 * operands and both results (as two 64-bit lanes, high one first). */
static int verdict(int ok, const char *name, const wx_v128 *in, int nin, wx_v128 got,
                   wx_v128 want)
{
	int i;

	if (!ok && shown++ < 40) {
		fprintf(stderr, "  %s:\n", name);
		for (i = 0; i < nin; i++)
			show("in  ", in[i]);
		show("got ", got);
		show("want", want);
	}
	return ok;
}

/* ---------------------------------------------------------------- inputs */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
	rng_state = unit_xorshift(rng_state);
	return rng_state;
}

typedef struct inputs {
	int n;
	int lost; /* vectors that did not fit */
	wx_v128 a[MAXIN], b[MAXIN];
} inputs;

static inputs ints[4];   /* lane width 8, 16, 32, 64 */
static inputs floats[2]; /* f32, f64 */

static int width_index(int w) { return w == 8 ? 0 : w == 16 ? 1 : w == 32 ? 2 : 3; }
static const inputs *int_in(int w) { return &ints[width_index(w)]; }
static const inputs *float_in(int w) { return &floats[w == 64]; }

/* Truncated to each lane width; the i32 -> f32 rounding cases at the end. */
static const uint64_t int_edges[] = {
	0, 1, 2, UINT64_MAX, UINT64_MAX - 1, 0x7F, 0x80, 0x81, 0xFF, 0x4000, 0x7FFF,
	0x8000, 0x8001, 0xFFFF, 0x7FFFFFFF, 0x80000000u, 0x80000001u, 0xFFFFFFFFu,
	0x7FFFFFFFFFFFFFFFu, 0x8000000000000000u, 0x8000000000000001u,
	16777217, 16777219, 0x7FFFFFBF, 0x7FFFFFC0, 0x80000081u, 0xFFFFFE80u};

static const uint32_t f32_special[] = {
	0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u,
	0x7FC00000u, /* canonical NaN */
	0xFFC00000u, /* negative canonical NaN */
	0x7FC00001u, /* quiet NaN with a payload */
	0xFFE12345u, /* negative quiet NaN with a payload */
	0x7FA00000u, /* signalling NaN */
	0xFF800001u, /* negative signalling NaN */
	0x7F800001u, 0x00000001u, 0x807FFFFFu, 0x00800000u, 0x7F7FFFFFu, 0xFF7FFFFFu,
	0x3EFFFFFFu, /* largest below 0.5 */
	0x3F7FFFFFu, /* largest below 1 */
	0xCF000001u, /* -2147483904, first below INT32_MIN */
	0x4EFFFFFFu, /* 2147483520, last below 2^31 */
	0x4F7FFFFFu, /* 4294967040, last below 2^32 */
};

static const float f32_numbers[] = {
	1.0f, -1.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 3.5f, -0.9f,
	2147483647.0f, 2147483648.0f, -2147483648.0f, -2147483904.0f, 4294967296.0f,
	8388607.5f, -8388607.5f, 8388608.0f, 16777215.0f, 1e30f, -7.25f};

static const uint64_t f64_special[] = {
	0x0000000000000000u, 0x8000000000000000u, 0x7FF0000000000000u, 0xFFF0000000000000u,
	0x7FF8000000000000u, /* canonical NaN */
	0xFFF8000000000000u, /* negative canonical NaN */
	0x7FF8000000000001u, /* quiet NaN with a payload */
	0xFFF8123456789ABCu, /* negative quiet NaN with a payload */
	0x7FF4000000000000u, /* signalling NaN */
	0xFFF0000000000001u, /* negative signalling NaN */
	0x7FF0000000000001u, 0x0000000000000001u, 0x800FFFFFFFFFFFFFu, 0x0010000000000000u,
	0x7FEFFFFFFFFFFFFFu, 0xFFEFFFFFFFFFFFFFu,
	0x3FDFFFFFFFFFFFFFu, /* largest below 0.5 */
	0x432FFFFFFFFFFFFFu, /* 2^52 - 0.5 */
	0x47EFFFFFE0000000u, /* FLT_MAX */
	0x47EFFFFFEFFFFFFFu, /* just below halfway FLT_MAX .. 2^128: demotes to FLT_MAX */
	0x47EFFFFFF0000000u, /* halfway: demotes to infinity */
	0x47F0000000000000u, /* 2^128 */
	0xC7F8000000000000u, /* -1.5 * 2^128 */
	0x36A0000000000000u, /* 2^-149, least f32 subnormal */
	0x3690000000000000u, /* 2^-150: ties to +0 */
	0x3690000000000001u, /* just above: 2^-149 */
	0x36A8000000000000u, /* 1.5 * 2^-149: ties to 2^-148 */
	0x380FFFFFE0000000u, /* halfway between the largest f32 subnormal and 2^-126 */
	0x3810000000000000u, /* 2^-126 */
};

static const double f64_numbers[] = {
	1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.1,
	2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0, 2147483647.9,
	-2147483648.9, 4294967295.0, 4294967296.0, 4294967295.9, -0.9999999999999999,
	1e300, -1e-300, 16777217.0, 16777219.0, 4503599627370496.0};

static uint64_t rand_int(int w) { return rng() & lmask(w); }

/* Random bits (every exponent, some NaNs) or a number k / 2^j with up to
 * 34 (f32) or 56 (f64) integer bits: values with fractions for rounding,
 * values near the i32 bounds for trunc_sat. */
static uint64_t rand_float(int w)
{
	uint64_t r = rng();
	int nbits;
	double x;

	if (r & 1)
		return rng() & lmask(w);
	nbits = (int)(rng() % (w == 32 ? 34 : 56)) + 1;
	x = ldexp((double)(rng() >> (64 - nbits)), -(int)(rng() % 8));
	return of_double(r & 2 ? -x : x, w);
}

static void push(inputs *in, wx_v128 a, wx_v128 b)
{
	if (in->n >= MAXIN) {
		in->lost++;
		return;
	}
	in->a[in->n] = a;
	in->b[in->n] = b;
	in->n++;
}

/* Every pair (edge[i], edge[j]) in some lane of (a, b), then NRAND vector
 * pairs whose lanes are an edge value one time in four. */
static void build(inputs *in, int w, const uint64_t *edge, int n, uint64_t (*random)(int w))
{
	int lanes = 128 / w, p, k = 0;
	wx_v128 a, b;

	memset(&a, 0, sizeof a);
	b = a;
	in->n = 0;
	in->lost = 0;
	for (p = 0; p < n * n; p++) {
		set_lane(&a, w, k, edge[p / n]);
		set_lane(&b, w, k, edge[p % n]);
		if (++k == lanes || p == n * n - 1) {
			push(in, a, b);
			k = 0;
		}
	}
	for (p = 0; p < NRAND; p++) {
		for (k = 0; k < lanes; k++) {
			set_lane(&a, w, k, rng() % 4 ? random(w) : edge[rng() % (uint64_t)n]);
			set_lane(&b, w, k, rng() % 4 ? random(w) : edge[rng() % (uint64_t)n]);
		}
		push(in, a, b);
	}
	CHECK(in->lost == 0); /* else raise MAXIN */
}

static void build_inputs(void)
{
	uint64_t edge[64];
	int w, n, i, j;
	size_t k;

	for (w = 8; w <= 64; w *= 2) {
		for (n = 0, k = 0; k < COUNT(int_edges); k++) {
			uint64_t x = int_edges[k] & lmask(w);
			for (j = 0; j < n && edge[j] != x; j++)
				;
			if (j == n)
				edge[n++] = x;
		}
		build(&ints[width_index(w)], w, edge, n, rand_int);
	}
	for (n = 0, i = 0; i < (int)COUNT(f32_special); i++)
		edge[n++] = f32_special[i];
	for (i = 0; i < (int)COUNT(f32_numbers); i++)
		edge[n++] = bits32(f32_numbers[i]);
	build(&floats[0], 32, edge, n, rand_float);
	for (n = 0, i = 0; i < (int)COUNT(f64_special); i++)
		edge[n++] = f64_special[i];
	for (i = 0; i < (int)COUNT(f64_numbers); i++)
		edge[n++] = bits64(f64_numbers[i]);
	build(&floats[1], 64, edge, n, rand_float);
}

/* ---------------------------------------------------------------- lanewise operations */

typedef wx_v128 (*fn1)(wx_v128);
typedef wx_v128 (*fn2)(wx_v128, wx_v128);
typedef uint64_t (*lane_model)(uint64_t a, uint64_t b, int w);

enum kind {
	INT,    /* integer inputs, result bits exact */
	FEXACT, /* float inputs, result bits exact */
	FNAN    /* float inputs, a NaN result may be any NaN of the spec's class */
};

/* An operation applied lane by lane: the model gets the operand lanes
 * zero-extended (floats as bit patterns) and returns the result lane,
 * which is cut to w bits. One of f1, f2 is set. */
typedef struct lanewise {
	const char *name;
	fn2 f2;
	fn1 f1;
	lane_model model;
	int w;
	enum kind kind;
} lanewise;

static void run_lanewise(const lanewise *ops, size_t nops)
{
	size_t o;
	int k, i;

	for (o = 0; o < nops; o++) {
		const lanewise *op = &ops[o];
		int w = op->w, lanes = 128 / w;
		const inputs *in = op->kind == INT ? int_in(w) : float_in(w);

		for (k = 0; k < in->n; k++) {
			wx_v128 x[2], got, want;
			int ok = 1;

			x[0] = in->a[k];
			x[1] = in->b[k];
			got = op->f2 ? op->f2(vol(x[0]), vol(x[1])) : op->f1(vol(x[0]));
			for (i = 0; i < lanes; i++) {
				uint64_t a = lane(x[0], w, i), b = op->f2 ? lane(x[1], w, i) : 0;
				uint64_t m = op->model(a, b, w) & lmask(w);
				set_lane(&want, w, i, m);
				if (op->kind == FNAN)
					ok &= flane_ok(lane(got, w, i), m, w, canon_in(a, b, w));
				else
					ok &= lane(got, w, i) == m;
			}
			CHECK(verdict(ok, op->name, x, op->f2 ? 2 : 1, got, want));
		}
	}
}

/* ---------------------------------------------------------------- whole-vector operations */

typedef wx_v128 (*vec_model)(wx_v128 a, wx_v128 b, int w, int hi, int sgn);

/* An operation whose lanes change shape; w is the input lane width, hi
 * selects the high half, sgn the signed form. Integer inputs. */
typedef struct vecwise {
	const char *name;
	fn2 f2;
	fn1 f1;
	vec_model model;
	int w, hi, sgn;
} vecwise;

static void run_vecwise(const vecwise *ops, size_t nops)
{
	size_t o;
	int k;

	for (o = 0; o < nops; o++) {
		const vecwise *op = &ops[o];
		const inputs *in = int_in(op->w);

		for (k = 0; k < in->n; k++) {
			wx_v128 x[2], got, want;

			x[0] = in->a[k];
			x[1] = in->b[k];
			got = op->f2 ? op->f2(vol(x[0]), vol(x[1])) : op->f1(vol(x[0]));
			want = op->model(x[0], x[1], op->w, op->hi, op->sgn);
			CHECK(verdict(same(got, want), op->name, x, op->f2 ? 2 : 1, got, want));
		}
	}
}

/* ---------------------------------------------------------------- integer models */

static uint64_t m_add(uint64_t a, uint64_t b, int w) { (void)w; return a + b; }
static uint64_t m_sub(uint64_t a, uint64_t b, int w) { (void)w; return a - b; }
static uint64_t m_mul(uint64_t a, uint64_t b, int w) { (void)w; return a * b; }
static uint64_t m_min_s(uint64_t a, uint64_t b, int w) { return sx(a, w) < sx(b, w) ? a : b; }
static uint64_t m_min_u(uint64_t a, uint64_t b, int w) { (void)w; return a < b ? a : b; }
static uint64_t m_max_s(uint64_t a, uint64_t b, int w) { return sx(a, w) > sx(b, w) ? a : b; }
static uint64_t m_max_u(uint64_t a, uint64_t b, int w) { (void)w; return a > b ? a : b; }
static uint64_t m_avgr_u(uint64_t a, uint64_t b, int w) { (void)w; return (a + b + 1) / 2; }

static uint64_t m_abs(uint64_t a, uint64_t b, int w)
{
	(void)b;
	return sx(a, w) < 0 ? (uint64_t)(-(i128)sx(a, w)) : a;
}

static uint64_t m_neg(uint64_t a, uint64_t b, int w) { (void)b; (void)w; return 0 - a; }

static uint64_t m_popcnt(uint64_t a, uint64_t b, int w)
{
	uint64_t n = 0;

	(void)b;
	for (a &= lmask(w); a; a >>= 1)
		n += a & 1;
	return n;
}

static uint64_t m_add_sat_s(uint64_t a, uint64_t b, int w)
{
	return sat_s((i128)sx(a, w) + sx(b, w), w);
}

static uint64_t m_add_sat_u(uint64_t a, uint64_t b, int w) { return sat_u((i128)a + b, w); }
static uint64_t m_sub_sat_s(uint64_t a, uint64_t b, int w)
{
	return sat_s((i128)sx(a, w) - sx(b, w), w);
}

static uint64_t m_sub_sat_u(uint64_t a, uint64_t b, int w) { return sat_u((i128)a - b, w); }

/* sat_s(ishr_s(a * b + 2^14, 15)), the shift rounding toward -inf. */
static uint64_t m_q15mulr(uint64_t a, uint64_t b, int w)
{
	i128 p = (i128)sx(a, w) * sx(b, w) + 0x4000;
	i128 q = p >= 0 ? p / 32768 : -((-p + 32767) / 32768);
	return sat_s(q, w);
}

static uint64_t m_eq(uint64_t a, uint64_t b, int w) { (void)w; return bool_mask(a == b); }
static uint64_t m_ne(uint64_t a, uint64_t b, int w) { (void)w; return bool_mask(a != b); }
static uint64_t m_lt_s(uint64_t a, uint64_t b, int w) { return bool_mask(sx(a, w) < sx(b, w)); }
static uint64_t m_lt_u(uint64_t a, uint64_t b, int w) { (void)w; return bool_mask(a < b); }
static uint64_t m_gt_s(uint64_t a, uint64_t b, int w) { return bool_mask(sx(a, w) > sx(b, w)); }
static uint64_t m_gt_u(uint64_t a, uint64_t b, int w) { (void)w; return bool_mask(a > b); }
static uint64_t m_le_s(uint64_t a, uint64_t b, int w) { return bool_mask(sx(a, w) <= sx(b, w)); }
static uint64_t m_le_u(uint64_t a, uint64_t b, int w) { (void)w; return bool_mask(a <= b); }
static uint64_t m_ge_s(uint64_t a, uint64_t b, int w) { return bool_mask(sx(a, w) >= sx(b, w)); }
static uint64_t m_ge_u(uint64_t a, uint64_t b, int w) { (void)w; return bool_mask(a >= b); }

static uint64_t m_and(uint64_t a, uint64_t b, int w) { (void)w; return a & b; }
static uint64_t m_andnot(uint64_t a, uint64_t b, int w) { (void)w; return a & ~b; }
static uint64_t m_or(uint64_t a, uint64_t b, int w) { (void)w; return a | b; }
static uint64_t m_xor(uint64_t a, uint64_t b, int w) { (void)w; return a ^ b; }
static uint64_t m_not(uint64_t a, uint64_t b, int w) { (void)b; (void)w; return ~a; }

/* Shifts take the count modulo the lane width (numerics.rst, ishl). */
static uint64_t m_shl(uint64_t a, uint32_t c, int w) { return a << (c % (uint32_t)w); }
static uint64_t m_shr_u(uint64_t a, uint32_t c, int w)
{
	return (a & lmask(w)) >> (c % (uint32_t)w);
}

static uint64_t m_shr_s(uint64_t a, uint32_t c, int w)
{
	uint64_t s = (uint64_t)sx(a, w);
	uint32_t k = c % (uint32_t)w;
	return s >> 63 ? ~(~s >> k) : s >> k;
}

static wx_v128 m_narrow(wx_v128 a, wx_v128 b, int w, int hi, int sgn)
{
	wx_v128 r;
	int i, n = 128 / w;

	(void)hi;
	for (i = 0; i < n; i++) {
		int64_t x = slane(a, w, i), y = slane(b, w, i);
		set_lane(&r, w / 2, i, sgn ? sat_s(x, w / 2) : sat_u(x, w / 2));
		set_lane(&r, w / 2, n + i, sgn ? sat_s(y, w / 2) : sat_u(y, w / 2));
	}
	return r;
}

static wx_v128 m_extend(wx_v128 a, wx_v128 b, int w, int hi, int sgn)
{
	wx_v128 r;
	int i, n = 64 / w;

	(void)b;
	for (i = 0; i < n; i++)
		set_lane(&r, 2 * w, i, ext(lane(a, w, hi * n + i), w, sgn));
	return r;
}

static wx_v128 m_extmul(wx_v128 a, wx_v128 b, int w, int hi, int sgn)
{
	wx_v128 r;
	int i, n = 64 / w;

	for (i = 0; i < n; i++)
		set_lane(&r, 2 * w, i,
		         ext(lane(a, w, hi * n + i), w, sgn) * ext(lane(b, w, hi * n + i), w, sgn));
	return r;
}

static wx_v128 m_extadd(wx_v128 a, wx_v128 b, int w, int hi, int sgn)
{
	wx_v128 r;
	int i, n = 64 / w;

	(void)b;
	(void)hi;
	for (i = 0; i < n; i++)
		set_lane(&r, 2 * w, i,
		         ext(lane(a, w, 2 * i), w, sgn) + ext(lane(a, w, 2 * i + 1), w, sgn));
	return r;
}

static wx_v128 m_dot(wx_v128 a, wx_v128 b, int w, int hi, int sgn)
{
	wx_v128 r;
	int i;

	(void)w;
	(void)hi;
	(void)sgn;
	for (i = 0; i < 4; i++)
		set_lane(&r, 32, i,
		         (uint64_t)(slane(a, 16, 2 * i) * slane(b, 16, 2 * i) +
		                    slane(a, 16, 2 * i + 1) * slane(b, 16, 2 * i + 1)));
	return r;
}

/* ---------------------------------------------------------------- float models */

static uint64_t m_fadd(uint64_t a, uint64_t b, int w) { return of_double(fv(a, w) + fv(b, w), w); }
static uint64_t m_fsub(uint64_t a, uint64_t b, int w) { return of_double(fv(a, w) - fv(b, w), w); }
static uint64_t m_fmul(uint64_t a, uint64_t b, int w) { return of_double(fv(a, w) * fv(b, w), w); }
static uint64_t m_fdiv(uint64_t a, uint64_t b, int w) { return of_double(fv(a, w) / fv(b, w), w); }
static uint64_t m_fsqrt(uint64_t a, uint64_t b, int w)
{
	(void)b;
	return of_double(sqrt(fv(a, w)), w);
}
static uint64_t m_fabs(uint64_t a, uint64_t b, int w) { (void)b; return a & ~sign_bit(w); }
static uint64_t m_fneg(uint64_t a, uint64_t b, int w) { (void)b; return a ^ sign_bit(w); }

/* fmin: NaN, then -0 below +0, then the smaller value. */
static uint64_t m_fmin(uint64_t a, uint64_t b, int w)
{
	if (is_nan(a, w) || is_nan(b, w))
		return canon_nan(w);
	if (fv(a, w) == 0 && fv(b, w) == 0)
		return (a | b) & sign_bit(w); /* -0 if either is -0 */
	return fv(a, w) <= fv(b, w) ? a : b;
}

static uint64_t m_fmax(uint64_t a, uint64_t b, int w)
{
	if (is_nan(a, w) || is_nan(b, w))
		return canon_nan(w);
	if (fv(a, w) == 0 && fv(b, w) == 0)
		return a & b & sign_bit(w); /* -0 only if both are */
	return fv(a, w) >= fv(b, w) ? a : b;
}

/* fpmin(a, b) = flt(b, a) ? b : a; fpmax(a, b) = flt(a, b) ? b : a. */
static uint64_t m_pmin(uint64_t a, uint64_t b, int w) { return fv(b, w) < fv(a, w) ? b : a; }
static uint64_t m_pmax(uint64_t a, uint64_t b, int w) { return fv(a, w) < fv(b, w) ? b : a; }

static uint64_t m_feq(uint64_t a, uint64_t b, int w) { return bool_mask(fv(a, w) == fv(b, w)); }
static uint64_t m_fne(uint64_t a, uint64_t b, int w) { return bool_mask(fv(a, w) != fv(b, w)); }
static uint64_t m_flt(uint64_t a, uint64_t b, int w) { return bool_mask(fv(a, w) < fv(b, w)); }
static uint64_t m_fgt(uint64_t a, uint64_t b, int w) { return bool_mask(fv(a, w) > fv(b, w)); }
static uint64_t m_fle(uint64_t a, uint64_t b, int w) { return bool_mask(fv(a, w) <= fv(b, w)); }
static uint64_t m_fge(uint64_t a, uint64_t b, int w) { return bool_mask(fv(a, w) >= fv(b, w)); }

enum mode { CEIL, FLOOR, TRUNC, NEAREST };

/* Whether the magnitude rounds up to the next integer. */
static int rounds_up(enum mode mode, uint64_t sign, int above_half, int half_odd)
{
	switch (mode) {
	case CEIL:
		return !sign;
	case FLOOR:
		return sign != 0;
	case TRUNC:
		return 0;
	case NEAREST:
		return above_half || half_odd;
	}
	return 0;
}

/* fceil, ffloor, ftrunc, fnearest on the bit pattern: clear the fraction
 * bits of the magnitude, then step the magnitude up by one when the mode
 * says so (a carry into the exponent is the right result). The sign is
 * kept, which gives the spec's -0 for ceil(-0.5), nearest(-0.5) etc. */
static uint64_t m_round(uint64_t x, int w, enum mode mode)
{
	int mb = mant_bits(w), ex = (int)((x & exp_mask(w)) >> mb) - bias(w), shift;
	uint64_t sign = x & sign_bit(w), frac, half, one = (uint64_t)bias(w) << mb;

	if (is_nan(x, w))
		return canon_nan(w);
	if (ex >= mb || (x & ~sign) == 0)
		return x; /* integral, infinite or zero */
	if (ex < 0) { /* 0 < |x| < 1 */
		int above_half = ex == -1 && (x & ((UINT64_C(1) << mb) - 1)) != 0;
		return sign | (rounds_up(mode, sign, above_half, 0) ? one : 0);
	}
	shift = mb - ex;
	frac = x & ((UINT64_C(1) << shift) - 1);
	half = UINT64_C(1) << (shift - 1);
	if (frac == 0)
		return x;
	if (!rounds_up(mode, sign, frac > half, frac == half && (x >> shift & 1)))
		return x - frac;
	return x - frac + (UINT64_C(1) << shift);
}

static uint64_t m_ceil(uint64_t a, uint64_t b, int w) { (void)b; return m_round(a, w, CEIL); }
static uint64_t m_floor(uint64_t a, uint64_t b, int w) { (void)b; return m_round(a, w, FLOOR); }
static uint64_t m_trunc(uint64_t a, uint64_t b, int w) { (void)b; return m_round(a, w, TRUNC); }
static uint64_t m_nearest(uint64_t a, uint64_t b, int w) { (void)b; return m_round(a, w, NEAREST); }

/* The spec's ieee_N (numerics.rst, "Rounding") of (-1)^neg * sig * 2^e2,
 * sig != 0: round to nearest, ties to even, at the format's last bit
 * (fixed at 2^(emin - mantissa bits) for subnormals), overflowing to
 * infinity. */
static uint64_t ieee(int neg, uint64_t sig, int e2, int w)
{
	int mb = mant_bits(w), top = e2 + 63 - __builtin_clzll(sig);
	int lsb = top - mb, tiny = 1 - bias(w) - mb, drop;
	uint64_t s = neg ? sign_bit(w) : 0, keep, rem, half;

	if (lsb < tiny)
		lsb = tiny;
	drop = lsb - e2;
	if (drop > 64) {
		keep = 0; /* below half the least subnormal */
	} else if (drop > 0) {
		keep = drop == 64 ? 0 : sig >> drop;
		rem = drop == 64 ? sig : sig & ((UINT64_C(1) << drop) - 1);
		half = UINT64_C(1) << (drop - 1);
		if (rem > half || (rem == half && (keep & 1)))
			keep++;
	} else {
		keep = sig << -drop;
	}
	e2 = lsb;
	if (keep >> (mb + 1)) { /* rounding carried into a new bit */
		keep >>= 1;
		e2++;
	}
	if (keep >> mb) {
		int biased = e2 + mb + bias(w);
		if (biased >= (int)(exp_mask(w) >> mb))
			return s | exp_mask(w);
		return s | (uint64_t)biased << mb | (keep & ((UINT64_C(1) << mb) - 1));
	}
	return s | keep; /* subnormal or zero */
}

/* Splits a finite non-zero float: |x| = sig * 2^e2. */
static void split(uint64_t x, int w, uint64_t *sig, int *e2)
{
	int mb = mant_bits(w);
	int e = (int)((x & exp_mask(w)) >> mb);

	*sig = x & ((UINT64_C(1) << mb) - 1);
	if (e) {
		*sig |= UINT64_C(1) << mb;
		*e2 = e - bias(w) - mb;
	} else {
		*e2 = 1 - bias(w) - mb;
	}
}

/* promote (w == 32) and demote (w == 64) of the float x of width w. */
static uint64_t m_convert_float(uint64_t x, int w)
{
	int to = w == 32 ? 64 : 32, e2;
	uint64_t s = x & sign_bit(w) ? sign_bit(to) : 0, sig;

	if (is_nan(x, w))
		return canon_nan(to);
	if ((x & ~sign_bit(w)) == exp_mask(w))
		return s | exp_mask(to);
	if ((x & ~sign_bit(w)) == 0)
		return s;
	split(x, w, &sig, &e2);
	return ieee(s != 0, sig, e2, to);
}

/* convert_s / convert_u of an i32 lane to the float width w. */
static uint64_t m_convert_int(uint64_t x, int sgn, int w)
{
	int64_t v = sgn ? sx(x, 32) : (int64_t)(x & 0xFFFFFFFFu);

	if (v == 0)
		return 0;
	return ieee(v < 0, v < 0 ? (uint64_t)-v : (uint64_t)v, 0, w);
}

/* trunc_sat of the float x of width w to 32 bits. */
static uint64_t m_trunc_sat(uint64_t x, int w, int sgn)
{
	i128 lo = sgn ? -((i128)1 << 31) : 0;
	i128 hi = sgn ? ((i128)1 << 31) - 1 : ((i128)1 << 32) - 1;
	i128 v;
	uint64_t sig;
	int e2;

	if (is_nan(x, w))
		return 0;
	if ((x & ~sign_bit(w)) == exp_mask(w)) {
		v = (i128)1 << 100; /* infinity: beyond either bound */
	} else {
		split(x, w, &sig, &e2);
		if (e2 > 40)
			v = (i128)1 << 100;
		else if (e2 >= 0)
			v = (i128)sig << e2;
		else if (e2 > -64)
			v = sig >> -e2;
		else
			v = 0;
	}
	if (x & sign_bit(w))
		v = -v;
	return (uint64_t)(v < lo ? lo : v > hi ? hi : v);
}

/* ---------------------------------------------------------------- tests */

static void test_int_arith(void)
{
	static const lanewise ops[] = {
		{BIN(wx_simd_i8x16_add), m_add, 8, INT},
		{BIN(wx_simd_i16x8_add), m_add, 16, INT},
		{BIN(wx_simd_i32x4_add), m_add, 32, INT},
		{BIN(wx_simd_i64x2_add), m_add, 64, INT},
		{BIN(wx_simd_i8x16_sub), m_sub, 8, INT},
		{BIN(wx_simd_i16x8_sub), m_sub, 16, INT},
		{BIN(wx_simd_i32x4_sub), m_sub, 32, INT},
		{BIN(wx_simd_i64x2_sub), m_sub, 64, INT},
		{BIN(wx_simd_i16x8_mul), m_mul, 16, INT},
		{BIN(wx_simd_i32x4_mul), m_mul, 32, INT},
		{BIN(wx_simd_i64x2_mul), m_mul, 64, INT},
		{BIN(wx_simd_i8x16_min_s), m_min_s, 8, INT},
		{BIN(wx_simd_i8x16_min_u), m_min_u, 8, INT},
		{BIN(wx_simd_i8x16_max_s), m_max_s, 8, INT},
		{BIN(wx_simd_i8x16_max_u), m_max_u, 8, INT},
		{BIN(wx_simd_i16x8_min_s), m_min_s, 16, INT},
		{BIN(wx_simd_i16x8_min_u), m_min_u, 16, INT},
		{BIN(wx_simd_i16x8_max_s), m_max_s, 16, INT},
		{BIN(wx_simd_i16x8_max_u), m_max_u, 16, INT},
		{BIN(wx_simd_i32x4_min_s), m_min_s, 32, INT},
		{BIN(wx_simd_i32x4_min_u), m_min_u, 32, INT},
		{BIN(wx_simd_i32x4_max_s), m_max_s, 32, INT},
		{BIN(wx_simd_i32x4_max_u), m_max_u, 32, INT},
		{BIN(wx_simd_i8x16_avgr_u), m_avgr_u, 8, INT},
		{BIN(wx_simd_i16x8_avgr_u), m_avgr_u, 16, INT},
		{UN(wx_simd_i8x16_abs), m_abs, 8, INT},
		{UN(wx_simd_i16x8_abs), m_abs, 16, INT},
		{UN(wx_simd_i32x4_abs), m_abs, 32, INT},
		{UN(wx_simd_i64x2_abs), m_abs, 64, INT},
		{UN(wx_simd_i8x16_neg), m_neg, 8, INT},
		{UN(wx_simd_i16x8_neg), m_neg, 16, INT},
		{UN(wx_simd_i32x4_neg), m_neg, 32, INT},
		{UN(wx_simd_i64x2_neg), m_neg, 64, INT},
		{UN(wx_simd_i8x16_popcnt), m_popcnt, 8, INT},
	};

	CHECK(same(wx_simd_i8x16_add(vf(8, 0x7F), vf(8, 1)), fill(8, 0x80)));
	CHECK(same(wx_simd_i16x8_sub(vf(16, 0x8000), vf(16, 1)), fill(16, 0x7FFF)));
	CHECK(same(wx_simd_i16x8_mul(vf(16, 0x8000), vf(16, 0xFFFF)), fill(16, 0x8000)));
	CHECK(same(wx_simd_i32x4_mul(vf(32, 0x10000), vf(32, 0x10000)), fill(32, 0)));
	CHECK(same(wx_simd_i64x2_mul(vf(64, 0x0123456789ABCDEFu), vf(64, 0xFEDCBA9876543210u)),
	           fill(64, 0x2236D88FE5618CF0u)));
	CHECK(same(wx_simd_i8x16_min_s(vf(8, 0x80), vf(8, 0x7F)), fill(8, 0x80)));
	CHECK(same(wx_simd_i8x16_min_u(vf(8, 0x80), vf(8, 0x7F)), fill(8, 0x7F)));
	CHECK(same(wx_simd_i32x4_max_s(vf(32, 0xFFFFFFFFu), vf(32, 0)), fill(32, 0)));
	CHECK(same(wx_simd_i32x4_max_u(vf(32, 0xFFFFFFFFu), vf(32, 0)), fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_i8x16_avgr_u(vf(8, 0xFF), vf(8, 0xFE)), fill(8, 0xFF)));
	CHECK(same(wx_simd_i16x8_avgr_u(vf(16, 0), vf(16, 1)), fill(16, 1)));
	CHECK(same(wx_simd_i16x8_avgr_u(vf(16, 0xFFFF), vf(16, 0xFFFF)), fill(16, 0xFFFF)));
	CHECK(same(wx_simd_i8x16_abs(vf(8, 0x80)), fill(8, 0x80)));
	CHECK(same(wx_simd_i8x16_abs(vf(8, 0x81)), fill(8, 0x7F)));
	CHECK(same(wx_simd_i64x2_abs(vf(64, 0x8000000000000000u)), fill(64, 0x8000000000000000u)));
	CHECK(same(wx_simd_i32x4_neg(vf(32, 1)), fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_i8x16_popcnt(vf(8, 0xFF)), fill(8, 8)));
	CHECK(same(wx_simd_i8x16_popcnt(vf(8, 0x81)), fill(8, 2)));
	run_lanewise(ops, COUNT(ops));
}

static void test_saturating(void)
{
	static const lanewise ops[] = {
		{BIN(wx_simd_i8x16_add_sat_s), m_add_sat_s, 8, INT},
		{BIN(wx_simd_i8x16_add_sat_u), m_add_sat_u, 8, INT},
		{BIN(wx_simd_i8x16_sub_sat_s), m_sub_sat_s, 8, INT},
		{BIN(wx_simd_i8x16_sub_sat_u), m_sub_sat_u, 8, INT},
		{BIN(wx_simd_i16x8_add_sat_s), m_add_sat_s, 16, INT},
		{BIN(wx_simd_i16x8_add_sat_u), m_add_sat_u, 16, INT},
		{BIN(wx_simd_i16x8_sub_sat_s), m_sub_sat_s, 16, INT},
		{BIN(wx_simd_i16x8_sub_sat_u), m_sub_sat_u, 16, INT},
		{BIN(wx_simd_i16x8_q15mulr_sat_s), m_q15mulr, 16, INT},
	};

	CHECK(same(wx_simd_i8x16_add_sat_s(vf(8, 0x7F), vf(8, 1)), fill(8, 0x7F)));
	CHECK(same(wx_simd_i8x16_add_sat_s(vf(8, 0x80), vf(8, 0xFF)), fill(8, 0x80)));
	CHECK(same(wx_simd_i8x16_add_sat_u(vf(8, 0xFF), vf(8, 1)), fill(8, 0xFF)));
	CHECK(same(wx_simd_i8x16_sub_sat_s(vf(8, 0x80), vf(8, 1)), fill(8, 0x80)));
	CHECK(same(wx_simd_i8x16_sub_sat_s(vf(8, 0x7F), vf(8, 0xFF)), fill(8, 0x7F)));
	CHECK(same(wx_simd_i8x16_sub_sat_u(vf(8, 0), vf(8, 1)), fill(8, 0)));
	CHECK(same(wx_simd_i16x8_add_sat_s(vf(16, 0x7FFF), vf(16, 0x7FFF)), fill(16, 0x7FFF)));
	CHECK(same(wx_simd_i16x8_add_sat_u(vf(16, 0x8000), vf(16, 0x8000)), fill(16, 0xFFFF)));
	CHECK(same(wx_simd_i16x8_sub_sat_s(vf(16, 0x8000), vf(16, 0x7FFF)), fill(16, 0x8000)));
	CHECK(same(wx_simd_i16x8_sub_sat_u(vf(16, 0x7FFF), vf(16, 0x8000)), fill(16, 0)));
	CHECK(same(wx_simd_i16x8_q15mulr_sat_s(vf(16, 0x8000), vf(16, 0x8000)), fill(16, 0x7FFF)));
	CHECK(same(wx_simd_i16x8_q15mulr_sat_s(vf(16, 0x4000), vf(16, 0x4000)), fill(16, 0x2000)));
	CHECK(same(wx_simd_i16x8_q15mulr_sat_s(vf(16, 0x8000), vf(16, 1)), fill(16, 0xFFFF)));
	CHECK(same(wx_simd_i16x8_q15mulr_sat_s(vf(16, 0x8000), vf(16, 0x7FFF)), fill(16, 0x8001)));
	CHECK(same(wx_simd_i16x8_q15mulr_sat_s(vf(16, 1), vf(16, 0x4000)), fill(16, 1)));
	run_lanewise(ops, COUNT(ops));
}

static void test_comparisons(void)
{
	static const lanewise ops[] = {
		{BIN(wx_simd_i8x16_eq), m_eq, 8, INT},
		{BIN(wx_simd_i8x16_ne), m_ne, 8, INT},
		{BIN(wx_simd_i8x16_lt_s), m_lt_s, 8, INT},
		{BIN(wx_simd_i8x16_lt_u), m_lt_u, 8, INT},
		{BIN(wx_simd_i8x16_gt_s), m_gt_s, 8, INT},
		{BIN(wx_simd_i8x16_gt_u), m_gt_u, 8, INT},
		{BIN(wx_simd_i8x16_le_s), m_le_s, 8, INT},
		{BIN(wx_simd_i8x16_le_u), m_le_u, 8, INT},
		{BIN(wx_simd_i8x16_ge_s), m_ge_s, 8, INT},
		{BIN(wx_simd_i8x16_ge_u), m_ge_u, 8, INT},
		{BIN(wx_simd_i16x8_eq), m_eq, 16, INT},
		{BIN(wx_simd_i16x8_ne), m_ne, 16, INT},
		{BIN(wx_simd_i16x8_lt_s), m_lt_s, 16, INT},
		{BIN(wx_simd_i16x8_lt_u), m_lt_u, 16, INT},
		{BIN(wx_simd_i16x8_gt_s), m_gt_s, 16, INT},
		{BIN(wx_simd_i16x8_gt_u), m_gt_u, 16, INT},
		{BIN(wx_simd_i16x8_le_s), m_le_s, 16, INT},
		{BIN(wx_simd_i16x8_le_u), m_le_u, 16, INT},
		{BIN(wx_simd_i16x8_ge_s), m_ge_s, 16, INT},
		{BIN(wx_simd_i16x8_ge_u), m_ge_u, 16, INT},
		{BIN(wx_simd_i32x4_eq), m_eq, 32, INT},
		{BIN(wx_simd_i32x4_ne), m_ne, 32, INT},
		{BIN(wx_simd_i32x4_lt_s), m_lt_s, 32, INT},
		{BIN(wx_simd_i32x4_lt_u), m_lt_u, 32, INT},
		{BIN(wx_simd_i32x4_gt_s), m_gt_s, 32, INT},
		{BIN(wx_simd_i32x4_gt_u), m_gt_u, 32, INT},
		{BIN(wx_simd_i32x4_le_s), m_le_s, 32, INT},
		{BIN(wx_simd_i32x4_le_u), m_le_u, 32, INT},
		{BIN(wx_simd_i32x4_ge_s), m_ge_s, 32, INT},
		{BIN(wx_simd_i32x4_ge_u), m_ge_u, 32, INT},
		{BIN(wx_simd_i64x2_eq), m_eq, 64, INT},
		{BIN(wx_simd_i64x2_ne), m_ne, 64, INT},
		{BIN(wx_simd_i64x2_lt_s), m_lt_s, 64, INT},
		{BIN(wx_simd_i64x2_gt_s), m_gt_s, 64, INT},
		{BIN(wx_simd_i64x2_le_s), m_le_s, 64, INT},
		{BIN(wx_simd_i64x2_ge_s), m_ge_s, 64, INT},
		{BIN(wx_simd_f32x4_eq), m_feq, 32, FEXACT},
		{BIN(wx_simd_f32x4_ne), m_fne, 32, FEXACT},
		{BIN(wx_simd_f32x4_lt), m_flt, 32, FEXACT},
		{BIN(wx_simd_f32x4_gt), m_fgt, 32, FEXACT},
		{BIN(wx_simd_f32x4_le), m_fle, 32, FEXACT},
		{BIN(wx_simd_f32x4_ge), m_fge, 32, FEXACT},
		{BIN(wx_simd_f64x2_eq), m_feq, 64, FEXACT},
		{BIN(wx_simd_f64x2_ne), m_fne, 64, FEXACT},
		{BIN(wx_simd_f64x2_lt), m_flt, 64, FEXACT},
		{BIN(wx_simd_f64x2_gt), m_fgt, 64, FEXACT},
		{BIN(wx_simd_f64x2_le), m_fle, 64, FEXACT},
		{BIN(wx_simd_f64x2_ge), m_fge, 64, FEXACT},
	};

	CHECK(same(wx_simd_i8x16_lt_s(vf(8, 0x80), vf(8, 0x7F)), fill(8, 0xFF)));
	CHECK(same(wx_simd_i8x16_lt_u(vf(8, 0x80), vf(8, 0x7F)), fill(8, 0)));
	CHECK(same(wx_simd_i16x8_ge_s(vf(16, 0xFFFF), vf(16, 0)), fill(16, 0)));
	CHECK(same(wx_simd_i16x8_ge_u(vf(16, 0xFFFF), vf(16, 0)), fill(16, 0xFFFF)));
	CHECK(same(wx_simd_i32x4_gt_s(vf(32, 0x7FFFFFFF), vf(32, 0x80000000u)),
	           fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_i64x2_lt_s(vf(64, 0x8000000000000000u), vf(64, 0x7FFFFFFFFFFFFFFFu)),
	           fill(64, UINT64_MAX)));
	CHECK(same(wx_simd_i64x2_le_s(vf(64, 1), vf(64, 0x8000000000000000u)), fill(64, 0)));
	CHECK(same(wx_simd_f32x4_eq(vf(32, 0x80000000u), vf(32, 0)), fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_f32x4_ne(vf(32, 0x7FC00000u), vf(32, 0x7FC00000u)),
	           fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_f32x4_eq(vf(32, 0x7FC00000u), vf(32, 0x7FC00000u)), fill(32, 0)));
	CHECK(same(wx_simd_f64x2_lt(vf(64, 0xFFF0000000000000u), vf(64, 0x7FF0000000000000u)),
	           fill(64, UINT64_MAX)));
	CHECK(same(wx_simd_f64x2_ge(vf(64, 0x7FF8000000000000u), vf(64, 0)), fill(64, 0)));
	CHECK(same(wx_simd_f64x2_le(vf(64, 0), vf(64, 0x8000000000000000u)), fill(64, UINT64_MAX)));
	run_lanewise(ops, COUNT(ops));
}

typedef struct shift_op {
	const char *name;
	wx_v128 (*fn)(wx_v128, uint32_t);
	uint64_t (*model)(uint64_t a, uint32_t count, int w);
	int w;
} shift_op;

static void check_shift(const shift_op *op, wx_v128 a, uint32_t count)
{
	wx_v128 x[2], got, want;
	int i;

	x[0] = a;
	x[1] = fill(32, count);
	got = op->fn(vol(a), count);
	for (i = 0; i < 128 / op->w; i++)
		set_lane(&want, op->w, i, op->model(lane(a, op->w, i), count, op->w));
	CHECK(verdict(same(got, want), op->name, x, 2, got, want));
}

static void test_shifts(void)
{
	static const shift_op ops[] = {
		{NAMED(wx_simd_i8x16_shl), m_shl, 8},
		{NAMED(wx_simd_i8x16_shr_s), m_shr_s, 8},
		{NAMED(wx_simd_i8x16_shr_u), m_shr_u, 8},
		{NAMED(wx_simd_i16x8_shl), m_shl, 16},
		{NAMED(wx_simd_i16x8_shr_s), m_shr_s, 16},
		{NAMED(wx_simd_i16x8_shr_u), m_shr_u, 16},
		{NAMED(wx_simd_i32x4_shl), m_shl, 32},
		{NAMED(wx_simd_i32x4_shr_s), m_shr_s, 32},
		{NAMED(wx_simd_i32x4_shr_u), m_shr_u, 32},
		{NAMED(wx_simd_i64x2_shl), m_shl, 64},
		{NAMED(wx_simd_i64x2_shr_s), m_shr_s, 64},
		{NAMED(wx_simd_i64x2_shr_u), m_shr_u, 64},
	};
	size_t o;
	int k, c;

	CHECK(same(wx_simd_i8x16_shl(vf(8, 1), 7), fill(8, 0x80)));
	CHECK(same(wx_simd_i8x16_shl(vf(8, 1), 8), fill(8, 1)));
	CHECK(same(wx_simd_i8x16_shl(vf(8, 1), 9), fill(8, 2)));
	CHECK(same(wx_simd_i8x16_shr_s(vf(8, 0x80), 7), fill(8, 0xFF)));
	CHECK(same(wx_simd_i8x16_shr_s(vf(8, 0x80), 9), fill(8, 0xC0)));
	CHECK(same(wx_simd_i8x16_shr_u(vf(8, 0x80), 7), fill(8, 1)));
	CHECK(same(wx_simd_i8x16_shr_u(vf(8, 0x80), 8), fill(8, 0x80)));
	CHECK(same(wx_simd_i16x8_shr_s(vf(16, 0x8000), 15), fill(16, 0xFFFF)));
	CHECK(same(wx_simd_i16x8_shl(vf(16, 0xFFFF), 16), fill(16, 0xFFFF)));
	CHECK(same(wx_simd_i32x4_shr_u(vf(32, 0x80000000u), 33), fill(32, 0x40000000u)));
	CHECK(same(wx_simd_i32x4_shr_s(vf(32, 0x80000000u), 0xFFFFFFFFu), fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_i64x2_shl(vf(64, 1), 63), fill(64, 0x8000000000000000u)));
	CHECK(same(wx_simd_i64x2_shl(vf(64, 1), 64), fill(64, 1)));
	CHECK(same(wx_simd_i64x2_shr_s(vf(64, 0x8000000000000000u), 65),
	           fill(64, 0xC000000000000000u)));
	CHECK(same(wx_simd_i64x2_shr_u(vf(64, 0x8000000000000000u), 127), fill(64, 1)));

	for (o = 0; o < COUNT(ops); o++) {
		const shift_op *op = &ops[o];
		const inputs *in = int_in(op->w);
		uint32_t w = (uint32_t)op->w;
		const uint32_t edge[] = {w - 1, w, w + 1, 2 * w - 1, 2 * w, 0, 1, 127, 128, 255,
		                         256, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu};

		/* Every edge count on the edge vectors and a sample of the
		 * others; a small and a 32-bit random count on every vector. */
		for (k = 0; k < in->n; k++) {
			for (c = 0; c < (int)COUNT(edge) && (k < 60 || k % 16 == 0); c++)
				check_shift(op, in->a[k], edge[c]);
			check_shift(op, in->a[k], (uint32_t)(rng() % 200));
			check_shift(op, in->a[k], (uint32_t)rng());
		}
	}
}

typedef struct test_op {
	const char *name;
	uint32_t (*fn)(wx_v128);
	int w;
	int bitmask; /* else all_true, or any_true when w == 128 */
} test_op;

static uint32_t m_test(const test_op *op, wx_v128 v)
{
	uint32_t r = 0;
	int i, w = op->w;

	if (w == 128) {
		for (i = 0; i < 16; i++)
			r |= v.u8[i] != 0;
		return r;
	}
	if (op->bitmask) {
		for (i = 0; i < 128 / w; i++)
			r |= (uint32_t)(lane(v, w, i) >> (w - 1)) << i;
		return r;
	}
	for (i = 0; i < 128 / w; i++)
		if (lane(v, w, i) == 0)
			return 0;
	return 1;
}

static void check_test(const test_op *op, wx_v128 v)
{
	uint32_t got = op->fn(vol(v)), want = m_test(op, v);

	CHECK(verdict(got == want, op->name, &v, 1, fill(32, got), fill(32, want)));
}

static void test_bitwise(void)
{
	static const lanewise ops[] = {
		{BIN(wx_simd_v128_and), m_and, 64, INT},
		{BIN(wx_simd_v128_andnot), m_andnot, 64, INT},
		{BIN(wx_simd_v128_or), m_or, 64, INT},
		{BIN(wx_simd_v128_xor), m_xor, 64, INT},
		{UN(wx_simd_v128_not), m_not, 64, INT},
	};
	static const test_op tests[] = {
		{NAMED(wx_simd_v128_any_true), 128, 0},
		{NAMED(wx_simd_i8x16_all_true), 8, 0},
		{NAMED(wx_simd_i16x8_all_true), 16, 0},
		{NAMED(wx_simd_i32x4_all_true), 32, 0},
		{NAMED(wx_simd_i64x2_all_true), 64, 0},
		{NAMED(wx_simd_i8x16_bitmask), 8, 1},
		{NAMED(wx_simd_i16x8_bitmask), 16, 1},
		{NAMED(wx_simd_i32x4_bitmask), 32, 1},
		{NAMED(wx_simd_i64x2_bitmask), 64, 1},
	};
	const inputs *in = int_in(64);
	wx_v128 v, x[3], got, want;
	size_t o;
	int k, i;

	CHECK(same(wx_simd_v128_andnot(vf(64, 0xFF00FF00FF00FF00u), vf(64, 0x0FF00FF00FF00FF0u)),
	           fill(64, 0xF000F000F000F000u)));
	CHECK(same(wx_simd_v128_bitselect(vf(64, 0x1111111111111111u), vf(64, 0x2222222222222222u),
	                                  vf(64, 0xFFFF0000FFFF0000u)),
	           fill(64, 0x1111222211112222u)));
	CHECK(same(wx_simd_v128_not(vf(64, 0)), fill(64, UINT64_MAX)));
	CHECK(wx_simd_v128_any_true(vf(8, 0)) == 0);
	CHECK(wx_simd_i8x16_all_true(vf(8, 0x80)) == 1);
	CHECK(wx_simd_i8x16_bitmask(vf(8, 0x80)) == 0xFFFF);
	CHECK(wx_simd_i16x8_bitmask(vf(16, 0x7FFF)) == 0);
	CHECK(wx_simd_i64x2_bitmask(vf(64, 0x8000000000000000u)) == 3);
	run_lanewise(ops, COUNT(ops));

	for (k = 0; k < in->n; k++) {
		x[0] = in->a[k];
		x[1] = in->b[k];
		x[2] = in->a[(k * 7 + 3) % in->n];
		got = wx_simd_v128_bitselect(vol(x[0]), vol(x[1]), vol(x[2]));
		for (i = 0; i < 2; i++) {
			uint64_t c = lane(x[2], 64, i);
			set_lane(&want, 64, i, (lane(x[0], 64, i) & c) | (lane(x[1], 64, i) & ~c));
		}
		CHECK(verdict(same(got, want), "v128.bitselect", x, 3, got, want));
	}

	for (o = 0; o < COUNT(tests); o++) {
		const test_op *op = &tests[o];
		int w = op->w == 128 ? 8 : op->w, lanes = 128 / w;
		const inputs *src = int_in(w);

		for (k = 0; k < src->n; k++)
			check_test(op, src->a[k]);
		/* One zero lane, one non-zero lane, one bit: at every position. */
		for (i = 0; i < lanes; i++) {
			v = fill(w, 0x81);
			set_lane(&v, w, i, 0);
			check_test(op, v);
			v = fill(w, 0);
			set_lane(&v, w, i, sign_bit(w));
			check_test(op, v);
		}
		for (i = 0; i < 128; i++) {
			v = fill(8, 0);
			v.u8[i / 8] = (uint8_t)(1u << (i % 8));
			check_test(op, v);
		}
	}
}

/* The splat, extract_lane and replace_lane forms of one shape. */
static wx_v128 splat_of(int shape, uint64_t x)
{
	switch (shape) {
	case 0: return wx_simd_i8x16_splat((uint32_t)x);
	case 1: return wx_simd_i16x8_splat((uint32_t)x);
	case 2: return wx_simd_i32x4_splat((uint32_t)x);
	case 3: return wx_simd_i64x2_splat(x);
	case 4: return wx_simd_f32x4_splat((uint32_t)x);
	default: return wx_simd_f64x2_splat(x);
	}
}

static wx_v128 replace_of(int shape, wx_v128 v, uint32_t i, uint64_t x)
{
	switch (shape) {
	case 0: return wx_simd_i8x16_replace_lane(v, i, (uint32_t)x);
	case 1: return wx_simd_i16x8_replace_lane(v, i, (uint32_t)x);
	case 2: return wx_simd_i32x4_replace_lane(v, i, (uint32_t)x);
	case 3: return wx_simd_i64x2_replace_lane(v, i, x);
	case 4: return wx_simd_f32x4_replace_lane(v, i, (uint32_t)x);
	default: return wx_simd_f64x2_replace_lane(v, i, x);
	}
}

static const int shape_w[6] = {8, 16, 32, 64, 32, 64};
static const char *const shape_name[6] = {"i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"};

/* extract_lane of every lane of every shape of v against the model:
 * the name of the first function that disagrees, or NULL. */
static const char *extract_mismatch(wx_v128 v)
{
	uint32_t i;

	for (i = 0; i < 16; i++) {
		if (wx_simd_i8x16_extract_lane_s(v, i) != (uint32_t)slane(v, 8, (int)i))
			return "i8x16.extract_lane_s";
		if (wx_simd_i8x16_extract_lane_u(v, i) != lane(v, 8, (int)i))
			return "i8x16.extract_lane_u";
	}
	for (i = 0; i < 8; i++) {
		if (wx_simd_i16x8_extract_lane_s(v, i) != (uint32_t)slane(v, 16, (int)i))
			return "i16x8.extract_lane_s";
		if (wx_simd_i16x8_extract_lane_u(v, i) != lane(v, 16, (int)i))
			return "i16x8.extract_lane_u";
	}
	for (i = 0; i < 4; i++) {
		if (wx_simd_i32x4_extract_lane(v, i) != lane(v, 32, (int)i))
			return "i32x4.extract_lane";
		if (wx_simd_f32x4_extract_lane(v, i) != lane(v, 32, (int)i))
			return "f32x4.extract_lane";
	}
	for (i = 0; i < 2; i++) {
		if (wx_simd_i64x2_extract_lane(v, i) != lane(v, 64, (int)i))
			return "i64x2.extract_lane";
		if (wx_simd_f64x2_extract_lane(v, i) != lane(v, 64, (int)i))
			return "f64x2.extract_lane";
	}
	return NULL;
}

/* i8x16.shuffle: the bytes of a then b, picked by the lane indices. */
static wx_v128 m_shuffle(wx_v128 a, wx_v128 b, wx_v128 lanes)
{
	wx_v128 r;
	int i;

	for (i = 0; i < 16; i++)
		r.u8[i] = lanes.u8[i] < 16 ? a.u8[lanes.u8[i]] : b.u8[lanes.u8[i] - 16];
	return r;
}

typedef struct load_op {
	const char *name;
	wx_v128 (*fn)(uint64_t);
	int w, sgn;
} load_op;

static void test_lane_access(void)
{
	static const load_op loads[] = {
		{NAMED(wx_simd_v128_load8x8_s), 8, 1},
		{NAMED(wx_simd_v128_load8x8_u), 8, 0},
		{NAMED(wx_simd_v128_load16x4_s), 16, 1},
		{NAMED(wx_simd_v128_load16x4_u), 16, 0},
		{NAMED(wx_simd_v128_load32x2_s), 32, 1},
		{NAMED(wx_simd_v128_load32x2_u), 32, 0},
	};
	static const uint64_t values[] = {
		0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0x12345680, 0x7FFFFFFF, 0x80000000u,
		0xFFFFFFFFu, 0x7FA00000u /* f32 sNaN */, 0xFFC00001u, 0x8000000000000000u,
		0x7FF4000000000001u /* f64 sNaN */, 0xFFF0000000000001u, UINT64_MAX,
		0x0123456789ABCDEFu};
	const inputs *in = int_in(8);
	uint8_t buf[40];
	wx_v128 v, x[3], got, want, id;
	size_t o;
	int k, i, s;

	/* Lane 0 is the lowest address (numerics.rst, "Vectors"). */
	for (i = 0; i < 16; i++)
		id.u8[i] = (uint8_t)i;
	CHECK(wx_simd_i32x4_extract_lane(vol(id), 0) == 0x03020100u);
	CHECK(wx_simd_i32x4_extract_lane(vol(id), 3) == 0x0F0E0D0Cu);
	CHECK(wx_simd_i64x2_extract_lane(vol(id), 1) == 0x0F0E0D0C0B0A0908u);
	CHECK(wx_simd_i16x8_extract_lane_u(vol(id), 7) == 0x0F0E);
	CHECK(wx_simd_i8x16_extract_lane_s(vf(8, 0x80), 15) == 0xFFFFFF80u);
	CHECK(wx_simd_i8x16_extract_lane_u(vf(8, 0x80), 0) == 0x80);
	CHECK(wx_simd_i16x8_extract_lane_s(vf(16, 0x8000), 7) == 0xFFFF8000u);
	CHECK(wx_simd_i16x8_extract_lane_u(vf(16, 0x8000), 0) == 0x8000);
	CHECK(wx_simd_f32x4_extract_lane(vf(32, 0x7FA00000u), 3) == 0x7FA00000u);
	CHECK(wx_simd_f64x2_extract_lane(vf(64, 0x7FF4000000000000u), 1) == 0x7FF4000000000000u);
	CHECK(same(wx_simd_i8x16_splat(0x12345680u), fill(8, 0x80)));
	CHECK(same(wx_simd_f32x4_splat(0xFF800001u), fill(32, 0xFF800001u)));
	v = id;
	v.u8[15] = 0xCD;
	CHECK(same(wx_simd_i8x16_replace_lane(vol(id), 15, 0xABCDu), v));
	CHECK(same(wx_simd_i8x16_swizzle(vol(id), vf(8, 16)), fill(8, 0)));
	CHECK(same(wx_simd_i8x16_swizzle(vol(id), vf(8, 255)), fill(8, 0)));
	CHECK(same(wx_simd_i8x16_swizzle(vol(id), vf(8, 15)), fill(8, 15)));
	CHECK(same(wx_simd_i8x16_shuffle(vol(id), vf(8, 0xAA), vf(8, 31)), fill(8, 0xAA)));
	CHECK(same(wx_simd_i8x16_shuffle(vol(id), vf(8, 0xAA), vf(8, 15)), fill(8, 15)));
	CHECK(same(wx_simd_v128_load8x8_s(0x80), halves(0xFF80, 0)));
	CHECK(same(wx_simd_v128_load8x8_u(0x8001), halves(0x00800001, 0)));
	CHECK(same(wx_simd_v128_load16x4_s(0x8000000000007FFFu),
	           halves(0x7FFF, 0xFFFF800000000000u)));
	CHECK(same(wx_simd_v128_load16x4_u(0xFFFF0000u), halves(0xFFFF00000000u, 0)));
	CHECK(same(wx_simd_v128_load32x2_s(0x80000000FFFFFFFFu),
	           halves(UINT64_MAX, 0xFFFFFFFF80000000u)));
	CHECK(same(wx_simd_v128_load32x2_u(0xFFFFFFFF00000001u), halves(1, 0xFFFFFFFFu)));

	/* load and store: 16 bytes at any alignment. */
	for (i = 0; i < 40; i++)
		buf[i] = (uint8_t)(i * 37 + 1);
	v = wx_v128_load(buf + 3);
	CHECK(memcmp(v.u8, buf + 3, 16) == 0);
	wx_v128_store(buf + 21, vol(id));
	CHECK(memcmp(buf + 21, id.u8, 16) == 0 && buf[20] == (uint8_t)(20 * 37 + 1) &&
	      buf[37] == (uint8_t)(37 * 37 + 1));

	/* splat: the value, cut to the lane, bit for bit (NaNs included). */
	for (k = 0; k < (int)COUNT(values) + 200; k++) {
		uint64_t val = k < (int)COUNT(values) ? values[k] : rng();
		for (s = 0; s < 6; s++) {
			got = splat_of(s, val);
			want = fill(shape_w[s], val);
			x[0] = fill(64, val);
			CHECK(verdict(same(got, want), shape_name[s], x, 1, got, want));
		}
	}

	/* extract_lane: every lane of every shape, first to last. */
	for (k = 0; k < in->n; k++) {
		const char *bad = extract_mismatch(vol(in->a[k]));
		CHECK(verdict(bad == NULL, bad ? bad : "", &in->a[k], 1, in->a[k], in->a[k]));
	}

	/* replace_lane: every lane of every shape, the others untouched. */
	for (k = 0; k < in->n; k += 3) {
		for (s = 0; s < 6; s++) {
			int w = shape_w[s];
			for (i = 0; i < 128 / w; i++) {
				uint64_t val = (k + i) % 2 ? values[(k + i) % COUNT(values)]
				                           : rng();
				x[0] = in->a[k];
				x[1] = fill(64, val);
				got = replace_of(s, vol(x[0]), (uint32_t)i, val);
				want = x[0];
				set_lane(&want, w, i, val);
				CHECK(verdict(same(got, want), shape_name[s], x, 2, got, want));
			}
		}
	}

	/* swizzle: indices below 16 pick from a, the others (16, 31, 128, 255
	 * and random bytes) give 0. */
	for (k = 0; k < in->n; k++) {
		static const uint8_t edge[] = {0, 15, 16, 17, 31, 32, 0x7F, 0x80, 0xF0, 0xFF};
		x[0] = in->a[k];
		for (i = 0; i < 16; i++) {
			uint64_t r = rng();
			x[1].u8[i] = (uint8_t)(r % 4 == 0   ? edge[(r >> 8) % COUNT(edge)]
			                       : r % 4 == 1 ? (r >> 8) & 0xFF
			                                    : (r >> 8) & 0xF);
		}
		got = wx_simd_i8x16_swizzle(vol(x[0]), vol(x[1]));
		for (i = 0; i < 16; i++)
			want.u8[i] = x[1].u8[i] < 16 ? x[0].u8[x[1].u8[i]] : 0;
		CHECK(verdict(same(got, want), "i8x16.swizzle", x, 2, got, want));
	}

	/* shuffle: indices below 16 pick from a, 16 to 31 from b. */
	for (k = 0; k < in->n; k++) {
		static const uint8_t edge[] = {0, 15, 16, 31};
		x[0] = in->a[k];
		x[1] = in->b[k];
		for (i = 0; i < 16; i++) {
			uint64_t r = rng();
			x[2].u8[i] = (uint8_t)(r % 2 ? edge[(r >> 8) % 4] : (r >> 8) % 32);
		}
		if (k == 0)
			x[2] = id;
		got = wx_simd_i8x16_shuffle(vol(x[0]), vol(x[1]), vol(x[2]));
		want = m_shuffle(x[0], x[1], x[2]);
		CHECK(verdict(same(got, want), "i8x16.shuffle", x, 3, got, want));
	}

	/* The extending loads: 8 bytes, as a little-endian uint64_t. */
	for (o = 0; o < COUNT(loads); o++) {
		for (k = 0; k < in->n; k++) {
			uint64_t bits = lane(in->a[k], 64, k % 2);
			x[0] = fill(64, bits);
			got = loads[o].fn(bits);
			want = m_extend(x[0], x[0], loads[o].w, 0, loads[o].sgn);
			CHECK(verdict(same(got, want), loads[o].name, x, 1, got, want));
		}
	}
}

/* The cheaper shuffles simd.h offers the translator for constant lanes,
 * against the shuffle model: a window (bytes k to k + 15 of a then b);
 * the bytes that stay in place (masks ma, mb) plus up to 8 moved ones,
 * given as (source index, destination byte) pairs; and bytes k to k + 3
 * of a zero-extended to 32-bit lanes (a shuffle with a zero vector). */
static void test_shuffle_forms(void)
{
	const inputs *in = int_in(8);
	wx_v128 x[3], got, want, ma, mb;
	uint8_t moves[16];
	uint32_t n;
	int k, i;

	for (k = 0; k < in->n; k++) {
		uint32_t start = (uint32_t)k % 17;

		x[0] = in->a[k];
		x[1] = in->b[k];
		for (i = 0; i < 16; i++)
			x[2].u8[i] = (uint8_t)(start + (uint32_t)i);
		got = wx_simd_shuffle_window(vol(x[0]), vol(x[1]), start);
		want = m_shuffle(x[0], x[1], x[2]);
		CHECK(verdict(same(got, want), "wx_simd_shuffle_window", x, 3, got, want));

		/* Each lane kept from a, kept from b or moved from anywhere,
		 * at most 8 moved (exactly 8 on every fourth vector). */
		memset(&ma, 0, sizeof ma);
		memset(&mb, 0, sizeof mb);
		for (n = 0, i = 0; i < 16; i++) {
			uint64_t r = rng() % 3;
			if (k % 4 == 0)
				r = i % 2 ? 2 : 0;
			if (r == 2 && n < 8) {
				x[2].u8[i] = (uint8_t)(rng() % 32);
				if (x[2].u8[i] % 16 != i) {
					moves[2 * n] = x[2].u8[i];
					moves[2 * n + 1] = (uint8_t)i;
					n++;
					continue;
				}
			} else {
				x[2].u8[i] = (uint8_t)(r == 1 ? 16 + i : i);
			}
			if (x[2].u8[i] < 16)
				ma.u8[i] = 0xFF;
			else
				mb.u8[i] = 0xFF;
		}
		got = wx_simd_shuffle_few(vol(x[0]), vol(x[1]), vol(ma), vol(mb), moves, n);
		want = m_shuffle(x[0], x[1], x[2]);
		CHECK(verdict(same(got, want), "wx_simd_shuffle_few", x, 3, got, want));

		x[1] = fill(8, 0);
		for (i = 0; i < 16; i++)
			x[2].u8[i] = (uint8_t)(i % 4 ? 16 : 4 * (k % 4) + i / 4);
		got = wx_simd_zext8to32(vol(x[0]), 4 * ((uint32_t)k % 4));
		want = m_shuffle(x[0], x[1], x[2]);
		CHECK(verdict(same(got, want), "wx_simd_zext8to32", x, 3, got, want));
	}
}

static void test_narrow_extend(void)
{
	static const vecwise ops[] = {
		{BIN(wx_simd_i8x16_narrow_i16x8_s), m_narrow, 16, 0, 1},
		{BIN(wx_simd_i8x16_narrow_i16x8_u), m_narrow, 16, 0, 0},
		{BIN(wx_simd_i16x8_narrow_i32x4_s), m_narrow, 32, 0, 1},
		{BIN(wx_simd_i16x8_narrow_i32x4_u), m_narrow, 32, 0, 0},
		{UN(wx_simd_i16x8_extend_low_i8x16_s), m_extend, 8, 0, 1},
		{UN(wx_simd_i16x8_extend_high_i8x16_s), m_extend, 8, 1, 1},
		{UN(wx_simd_i16x8_extend_low_i8x16_u), m_extend, 8, 0, 0},
		{UN(wx_simd_i16x8_extend_high_i8x16_u), m_extend, 8, 1, 0},
		{UN(wx_simd_i32x4_extend_low_i16x8_s), m_extend, 16, 0, 1},
		{UN(wx_simd_i32x4_extend_high_i16x8_s), m_extend, 16, 1, 1},
		{UN(wx_simd_i32x4_extend_low_i16x8_u), m_extend, 16, 0, 0},
		{UN(wx_simd_i32x4_extend_high_i16x8_u), m_extend, 16, 1, 0},
		{UN(wx_simd_i64x2_extend_low_i32x4_s), m_extend, 32, 0, 1},
		{UN(wx_simd_i64x2_extend_high_i32x4_s), m_extend, 32, 1, 1},
		{UN(wx_simd_i64x2_extend_low_i32x4_u), m_extend, 32, 0, 0},
		{UN(wx_simd_i64x2_extend_high_i32x4_u), m_extend, 32, 1, 0},
	};

	CHECK(same(wx_simd_i8x16_narrow_i16x8_s(vf(16, 0x0080), vf(16, 0xFF7F)),
	           halves(0x7F7F7F7F7F7F7F7Fu, 0x8080808080808080u)));
	CHECK(same(wx_simd_i8x16_narrow_i16x8_u(vf(16, 0xFFFF), vf(16, 0x0100)),
	           halves(0, UINT64_MAX)));
	CHECK(same(wx_simd_i16x8_narrow_i32x4_s(vf(32, 0x80000000u), vf(32, 0x7FFF)),
	           halves(0x8000800080008000u, 0x7FFF7FFF7FFF7FFFu)));
	CHECK(same(wx_simd_i16x8_narrow_i32x4_u(vf(32, 0x8000), vf(32, 0x10000)),
	           halves(0x8000800080008000u, UINT64_MAX)));
	CHECK(same(wx_simd_i16x8_extend_high_i8x16_s(vf(8, 0x80)), fill(16, 0xFF80)));
	CHECK(same(wx_simd_i16x8_extend_low_i8x16_u(vf(8, 0x80)), fill(16, 0x0080)));
	CHECK(same(wx_simd_i64x2_extend_low_i32x4_s(vf(32, 0x80000000u)),
	           fill(64, 0xFFFFFFFF80000000u)));
	CHECK(same(wx_simd_i64x2_extend_high_i32x4_u(vf(32, 0x80000000u)), fill(64, 0x80000000u)));
	run_vecwise(ops, COUNT(ops));
}

static void test_extmul_dot(void)
{
	static const vecwise ops[] = {
		{BIN(wx_simd_i16x8_extmul_low_i8x16_s), m_extmul, 8, 0, 1},
		{BIN(wx_simd_i16x8_extmul_high_i8x16_s), m_extmul, 8, 1, 1},
		{BIN(wx_simd_i16x8_extmul_low_i8x16_u), m_extmul, 8, 0, 0},
		{BIN(wx_simd_i16x8_extmul_high_i8x16_u), m_extmul, 8, 1, 0},
		{BIN(wx_simd_i32x4_extmul_low_i16x8_s), m_extmul, 16, 0, 1},
		{BIN(wx_simd_i32x4_extmul_high_i16x8_s), m_extmul, 16, 1, 1},
		{BIN(wx_simd_i32x4_extmul_low_i16x8_u), m_extmul, 16, 0, 0},
		{BIN(wx_simd_i32x4_extmul_high_i16x8_u), m_extmul, 16, 1, 0},
		{BIN(wx_simd_i64x2_extmul_low_i32x4_s), m_extmul, 32, 0, 1},
		{BIN(wx_simd_i64x2_extmul_high_i32x4_s), m_extmul, 32, 1, 1},
		{BIN(wx_simd_i64x2_extmul_low_i32x4_u), m_extmul, 32, 0, 0},
		{BIN(wx_simd_i64x2_extmul_high_i32x4_u), m_extmul, 32, 1, 0},
		{BIN(wx_simd_i32x4_dot_i16x8_s), m_dot, 16, 0, 1},
		{UN(wx_simd_i16x8_extadd_pairwise_i8x16_s), m_extadd, 8, 0, 1},
		{UN(wx_simd_i16x8_extadd_pairwise_i8x16_u), m_extadd, 8, 0, 0},
		{UN(wx_simd_i32x4_extadd_pairwise_i16x8_s), m_extadd, 16, 0, 1},
		{UN(wx_simd_i32x4_extadd_pairwise_i16x8_u), m_extadd, 16, 0, 0},
	};

	CHECK(same(wx_simd_i16x8_extmul_low_i8x16_s(vf(8, 0x80), vf(8, 0x80)), fill(16, 0x4000)));
	CHECK(same(wx_simd_i16x8_extmul_high_i8x16_s(vf(8, 0x80), vf(8, 0x7F)), fill(16, 0xC080)));
	CHECK(same(wx_simd_i16x8_extmul_low_i8x16_u(vf(8, 0xFF), vf(8, 0xFF)), fill(16, 0xFE01)));
	CHECK(same(wx_simd_i32x4_extmul_high_i16x8_u(vf(16, 0xFFFF), vf(16, 0xFFFF)),
	           fill(32, 0xFFFE0001u)));
	CHECK(same(wx_simd_i64x2_extmul_low_i32x4_s(vf(32, 0x80000000u), vf(32, 0x80000000u)),
	           fill(64, 0x4000000000000000u)));
	CHECK(same(wx_simd_i64x2_extmul_high_i32x4_u(vf(32, 0xFFFFFFFFu), vf(32, 0xFFFFFFFFu)),
	           fill(64, 0xFFFFFFFE00000001u)));
	CHECK(same(wx_simd_i32x4_dot_i16x8_s(vf(16, 0x8000), vf(16, 0x8000)),
	           fill(32, 0x80000000u)));
	CHECK(same(wx_simd_i32x4_dot_i16x8_s(vf(16, 0x7FFF), vf(16, 0x8000)),
	           fill(32, 0x80010000u)));
	CHECK(same(wx_simd_i16x8_extadd_pairwise_i8x16_s(vf(8, 0x80)), fill(16, 0xFF00)));
	CHECK(same(wx_simd_i16x8_extadd_pairwise_i8x16_u(vf(8, 0xFF)), fill(16, 0x01FE)));
	CHECK(same(wx_simd_i32x4_extadd_pairwise_i16x8_s(vf(16, 0x7FFF)), fill(32, 0xFFFE)));
	CHECK(same(wx_simd_i32x4_extadd_pairwise_i16x8_u(vf(16, 0x8000)), fill(32, 0x10000)));
	run_vecwise(ops, COUNT(ops));
}

static void test_float_arith(void)
{
	static const lanewise ops[] = {
		{BIN(wx_simd_f32x4_add), m_fadd, 32, FNAN},
		{BIN(wx_simd_f32x4_sub), m_fsub, 32, FNAN},
		{BIN(wx_simd_f32x4_mul), m_fmul, 32, FNAN},
		{BIN(wx_simd_f32x4_div), m_fdiv, 32, FNAN},
		{UN(wx_simd_f32x4_sqrt), m_fsqrt, 32, FNAN},
		{UN(wx_simd_f32x4_abs), m_fabs, 32, FEXACT},
		{UN(wx_simd_f32x4_neg), m_fneg, 32, FEXACT},
		{BIN(wx_simd_f64x2_add), m_fadd, 64, FNAN},
		{BIN(wx_simd_f64x2_sub), m_fsub, 64, FNAN},
		{BIN(wx_simd_f64x2_mul), m_fmul, 64, FNAN},
		{BIN(wx_simd_f64x2_div), m_fdiv, 64, FNAN},
		{UN(wx_simd_f64x2_sqrt), m_fsqrt, 64, FNAN},
		{UN(wx_simd_f64x2_abs), m_fabs, 64, FEXACT},
		{UN(wx_simd_f64x2_neg), m_fneg, 64, FEXACT},
	};
	wx_v128 r;

	CHECK(same(wx_simd_f32x4_add(vf(32, bits32(1.5f)), vf(32, bits32(2.25f))),
	           fill(32, bits32(3.75f))));
	CHECK(same(wx_simd_f64x2_div(vf(64, bits64(1.0)), vf(64, bits64(3.0))),
	           fill(64, bits64(1.0 / 3.0))));
	r = wx_simd_f32x4_sub(vf(32, 0x7F800000u), vf(32, 0x7F800000u));
	CHECK(is_canon(lane(r, 32, 0), 32) && is_canon(lane(r, 32, 3), 32));
	r = wx_simd_f64x2_mul(vf(64, 0x7FF0000000000000u), vf(64, 0));
	CHECK(is_canon(lane(r, 64, 0), 64) && is_canon(lane(r, 64, 1), 64));
	r = wx_simd_f32x4_add(vf(32, 0x7FA00000u), vf(32, bits32(1.0f)));
	CHECK(is_arith(lane(r, 32, 0), 32) && is_arith(lane(r, 32, 3), 32));
	r = wx_simd_f32x4_sqrt(vf(32, bits32(-1.0f)));
	CHECK(is_canon(lane(r, 32, 1), 32));
	r = wx_simd_f64x2_sqrt(vf(64, 0x7FF4000000000000u));
	CHECK(is_arith(lane(r, 64, 1), 64));
	CHECK(same(wx_simd_f64x2_sqrt(vf(64, 0x8000000000000000u)), fill(64, 0x8000000000000000u)));
	CHECK(same(wx_simd_f32x4_abs(vf(32, 0xFFA00000u)), fill(32, 0x7FA00000u)));
	CHECK(same(wx_simd_f32x4_neg(vf(32, 0x7FA00000u)), fill(32, 0xFFA00000u)));
	CHECK(same(wx_simd_f64x2_neg(vf(64, 0)), fill(64, 0x8000000000000000u)));
	CHECK(same(wx_simd_f64x2_abs(vf(64, 0xFFF4000000000001u)), fill(64, 0x7FF4000000000001u)));
	run_lanewise(ops, COUNT(ops));
}

static void test_minmax(void)
{
	static const lanewise ops[] = {
		{BIN(wx_simd_f32x4_min), m_fmin, 32, FNAN},
		{BIN(wx_simd_f32x4_max), m_fmax, 32, FNAN},
		{BIN(wx_simd_f32x4_pmin), m_pmin, 32, FEXACT},
		{BIN(wx_simd_f32x4_pmax), m_pmax, 32, FEXACT},
		{BIN(wx_simd_f64x2_min), m_fmin, 64, FNAN},
		{BIN(wx_simd_f64x2_max), m_fmax, 64, FNAN},
		{BIN(wx_simd_f64x2_pmin), m_pmin, 64, FEXACT},
		{BIN(wx_simd_f64x2_pmax), m_pmax, 64, FEXACT},
	};
	wx_v128 r;

	CHECK(same(wx_simd_f32x4_min(vf(32, 0), vf(32, 0x80000000u)), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f32x4_min(vf(32, 0x80000000u), vf(32, 0)), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f32x4_max(vf(32, 0x80000000u), vf(32, 0)), fill(32, 0)));
	CHECK(same(wx_simd_f64x2_max(vf(64, 0), vf(64, 0x8000000000000000u)), fill(64, 0)));
	CHECK(same(wx_simd_f64x2_min(vf(64, 0xFFF0000000000000u), vf(64, 0)),
	           fill(64, 0xFFF0000000000000u)));
	r = wx_simd_f32x4_min(vf(32, 0x7FC00000u), vf(32, bits32(1.0f)));
	CHECK(is_canon(lane(r, 32, 0), 32) && is_canon(lane(r, 32, 3), 32));
	r = wx_simd_f32x4_max(vf(32, bits32(1.0f)), vf(32, 0xFFC00000u));
	CHECK(is_canon(lane(r, 32, 0), 32) && is_canon(lane(r, 32, 3), 32));
	r = wx_simd_f64x2_min(vf(64, bits64(-1.0)), vf(64, 0x7FF4000000000000u));
	CHECK(is_arith(lane(r, 64, 0), 64) && is_arith(lane(r, 64, 1), 64));
	r = wx_simd_f64x2_max(vf(64, 0x7FF4000000000000u), vf(64, bits64(1.0)));
	CHECK(is_arith(lane(r, 64, 0), 64) && is_arith(lane(r, 64, 1), 64));
	CHECK(same(wx_simd_f32x4_pmin(vf(32, 0x80000000u), vf(32, 0)), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f32x4_pmin(vf(32, 0), vf(32, 0x80000000u)), fill(32, 0)));
	CHECK(same(wx_simd_f32x4_pmax(vf(32, 0x80000000u), vf(32, 0)), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f32x4_pmin(vf(32, 0x7FA00000u), vf(32, bits32(1.0f))),
	           fill(32, 0x7FA00000u)));
	CHECK(same(wx_simd_f32x4_pmin(vf(32, bits32(1.0f)), vf(32, 0xFFC00001u)),
	           fill(32, bits32(1.0f))));
	CHECK(same(wx_simd_f64x2_pmax(vf(64, 0xFFF4000000000000u), vf(64, bits64(1.0))),
	           fill(64, 0xFFF4000000000000u)));
	CHECK(same(wx_simd_f64x2_pmax(vf(64, bits64(-1.0)), vf(64, 0x7FF8000000000001u)),
	           fill(64, bits64(-1.0))));
	CHECK(same(wx_simd_f64x2_pmax(vf(64, bits64(-1.0)), vf(64, bits64(2.0))),
	           fill(64, bits64(2.0))));
	run_lanewise(ops, COUNT(ops));
}

static void test_rounding(void)
{
	static const lanewise ops[] = {
		{UN(wx_simd_f32x4_ceil), m_ceil, 32, FNAN},
		{UN(wx_simd_f32x4_floor), m_floor, 32, FNAN},
		{UN(wx_simd_f32x4_trunc), m_trunc, 32, FNAN},
		{UN(wx_simd_f32x4_nearest), m_nearest, 32, FNAN},
		{UN(wx_simd_f64x2_ceil), m_ceil, 64, FNAN},
		{UN(wx_simd_f64x2_floor), m_floor, 64, FNAN},
		{UN(wx_simd_f64x2_trunc), m_trunc, 64, FNAN},
		{UN(wx_simd_f64x2_nearest), m_nearest, 64, FNAN},
	};
	wx_v128 r;

	CHECK(same(wx_simd_f32x4_nearest(vf(32, bits32(0.5f))), fill(32, 0)));
	CHECK(same(wx_simd_f32x4_nearest(vf(32, bits32(-0.5f))), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f32x4_nearest(vf(32, bits32(1.5f))), fill(32, bits32(2.0f))));
	CHECK(same(wx_simd_f32x4_nearest(vf(32, bits32(2.5f))), fill(32, bits32(2.0f))));
	CHECK(same(wx_simd_f32x4_nearest(vf(32, bits32(-8388607.5f))),
	           fill(32, bits32(-8388608.0f))));
	CHECK(same(wx_simd_f64x2_nearest(vf(64, bits64(4503599627370495.5))),
	           fill(64, bits64(4503599627370496.0))));
	CHECK(same(wx_simd_f64x2_nearest(vf(64, bits64(-2.5))), fill(64, bits64(-2.0))));
	CHECK(same(wx_simd_f32x4_ceil(vf(32, bits32(-0.5f))), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f32x4_ceil(vf(32, 1)), fill(32, bits32(1.0f))));
	CHECK(same(wx_simd_f64x2_floor(vf(64, bits64(-0.5))), fill(64, bits64(-1.0))));
	CHECK(same(wx_simd_f64x2_floor(vf(64, 0x8000000000000000u)),
	           fill(64, 0x8000000000000000u)));
	CHECK(same(wx_simd_f32x4_trunc(vf(32, bits32(-0.9f))), fill(32, 0x80000000u)));
	CHECK(same(wx_simd_f64x2_trunc(vf(64, 0xFFF0000000000000u)),
	           fill(64, 0xFFF0000000000000u)));
	r = wx_simd_f32x4_floor(vf(32, 0x7FA00000u));
	CHECK(is_arith(lane(r, 32, 0), 32) && is_arith(lane(r, 32, 3), 32));
	r = wx_simd_f64x2_nearest(vf(64, 0xFFF8000000000000u));
	CHECK(is_canon(lane(r, 64, 0), 64) && is_canon(lane(r, 64, 1), 64));
	run_lanewise(ops, COUNT(ops));

	/* nearest is ties-to-even whatever the current rounding mode. */
	if (fesetround(FE_UPWARD) == 0) {
		CHECK(same(wx_simd_f32x4_nearest(vf(32, bits32(2.5f))), fill(32, bits32(2.0f))));
		CHECK(same(wx_simd_f64x2_nearest(vf(64, bits64(0.5))), fill(64, 0)));
		CHECK(same(wx_simd_f64x2_nearest(vf(64, bits64(-2.5))), fill(64, bits64(-2.0))));
		fesetround(FE_TONEAREST);
	}
}

enum conv { TRUNC_SAT, FLOAT_FLOAT, FROM_INT };

typedef struct conv_op {
	const char *name;
	fn1 fn;
	enum conv kind;
	int w;   /* float width, of the input or of the result */
	int sgn;
} conv_op;

/* The model of one conversion. Returns the result's lane width; canon[i]
 * receives whether a NaN in result lane i must be canonical. */
static int m_conversion(const conv_op *op, wx_v128 a, wx_v128 *out, int *canon)
{
	int i, to = op->w == 64 ? 32 : 64;

	memset(out, 0, sizeof *out);
	switch (op->kind) {
	case TRUNC_SAT: /* f32x4, or f64x2 into lanes 0, 1 and zeros */
		for (i = 0; i < 128 / op->w; i++)
			set_lane(out, 32, i, m_trunc_sat(lane(a, op->w, i), op->w, op->sgn));
		return 32;
	case FLOAT_FLOAT: /* demote into lanes 0, 1 and zeros; promote lanes 0, 1 */
		for (i = 0; i < 2; i++) {
			uint64_t x = lane(a, op->w, i);
			set_lane(out, to, i, m_convert_float(x, op->w));
			canon[i] = !is_nan(x, op->w) || is_canon(x, op->w);
		}
		return to;
	case FROM_INT: /* i32x4 -> f32x4, or lanes 0, 1 -> f64x2 */
		for (i = 0; i < 128 / op->w; i++)
			set_lane(out, op->w, i, m_convert_int(lane(a, 32, i), op->sgn, op->w));
		return op->w;
	}
	return 0;
}

static void test_conversions(void)
{
	static const conv_op ops[] = {
		{NAMED(wx_simd_i32x4_trunc_sat_f32x4_s), TRUNC_SAT, 32, 1},
		{NAMED(wx_simd_i32x4_trunc_sat_f32x4_u), TRUNC_SAT, 32, 0},
		{NAMED(wx_simd_i32x4_trunc_sat_f64x2_s_zero), TRUNC_SAT, 64, 1},
		{NAMED(wx_simd_i32x4_trunc_sat_f64x2_u_zero), TRUNC_SAT, 64, 0},
		{NAMED(wx_simd_f32x4_demote_f64x2_zero), FLOAT_FLOAT, 64, 0},
		{NAMED(wx_simd_f64x2_promote_low_f32x4), FLOAT_FLOAT, 32, 0},
		{NAMED(wx_simd_f32x4_convert_i32x4_s), FROM_INT, 32, 1},
		{NAMED(wx_simd_f32x4_convert_i32x4_u), FROM_INT, 32, 0},
		{NAMED(wx_simd_f64x2_convert_low_i32x4_s), FROM_INT, 64, 1},
		{NAMED(wx_simd_f64x2_convert_low_i32x4_u), FROM_INT, 64, 0},
	};
	wx_v128 r, v;
	size_t o;
	int k, i;

	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_s(vf(32, bits32(2147483647.0f))),
	           fill(32, 0x7FFFFFFFu)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_s(vf(32, bits32(2147483520.0f))),
	           fill(32, 0x7FFFFF80u)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_s(vf(32, bits32(-2147483904.0f))),
	           fill(32, 0x80000000u)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_s(vf(32, 0xFFC00000u)), fill(32, 0)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_s(vf(32, bits32(-1.5f))), fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_u(vf(32, bits32(-0.5f))), fill(32, 0)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_u(vf(32, bits32(4294967296.0f))),
	           fill(32, 0xFFFFFFFFu)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_u(vf(32, bits32(4294967040.0f))),
	           fill(32, 0xFFFFFF00u)));
	CHECK(same(wx_simd_i32x4_trunc_sat_f32x4_u(vf(32, 0x7FA00000u)), fill(32, 0)));
	v = fill(32, 0);
	set_lane(&v, 32, 0, 0x7FFFFFFFu);
	set_lane(&v, 32, 1, 0x7FFFFFFFu);
	CHECK(same(wx_simd_i32x4_trunc_sat_f64x2_s_zero(vf(64, bits64(4294967296.0))), v));
	CHECK(same(wx_simd_i32x4_trunc_sat_f64x2_s_zero(vf(64, bits64(2147483647.9))), v));
	set_lane(&v, 32, 0, 0x80000000u);
	set_lane(&v, 32, 1, 0x80000000u);
	CHECK(same(wx_simd_i32x4_trunc_sat_f64x2_s_zero(vf(64, bits64(-2147483648.9))), v));
	set_lane(&v, 32, 0, 0xFFFFFFFFu);
	set_lane(&v, 32, 1, 0xFFFFFFFFu);
	CHECK(same(wx_simd_i32x4_trunc_sat_f64x2_u_zero(vf(64, bits64(4294967296.0))), v));
	CHECK(same(wx_simd_i32x4_trunc_sat_f64x2_u_zero(vf(64, 0xFFF8000000000000u)), fill(32, 0)));
	CHECK(same(wx_simd_f32x4_convert_i32x4_u(vf(32, 0xFFFFFFFFu)),
	           fill(32, bits32(4294967296.0f))));
	CHECK(same(wx_simd_f32x4_convert_i32x4_u(vf(32, 0x80000081u)),
	           fill(32, bits32(0x1.000002p+31f))));
	CHECK(same(wx_simd_f32x4_convert_i32x4_s(vf(32, 16777217)), fill(32, bits32(16777216.0f))));
	CHECK(same(wx_simd_f32x4_convert_i32x4_s(vf(32, 0x80000000u)),
	           fill(32, bits32(-2147483648.0f))));
	CHECK(same(wx_simd_f64x2_convert_low_i32x4_u(vf(32, 0xFFFFFFFFu)),
	           fill(64, bits64(4294967295.0))));
	CHECK(same(wx_simd_f64x2_convert_low_i32x4_s(vf(32, 0xFFFFFFFFu)), fill(64, bits64(-1.0))));
	v = fill(32, 0);
	set_lane(&v, 32, 0, 0x7F800000u);
	set_lane(&v, 32, 1, 0x7F800000u);
	CHECK(same(wx_simd_f32x4_demote_f64x2_zero(vf(64, 0x47EFFFFFF0000000u)), v));
	set_lane(&v, 32, 0, 0x7F7FFFFFu);
	set_lane(&v, 32, 1, 0x7F7FFFFFu);
	CHECK(same(wx_simd_f32x4_demote_f64x2_zero(vf(64, 0x47EFFFFFEFFFFFFFu)), v));
	set_lane(&v, 32, 0, 0x80000000u);
	set_lane(&v, 32, 1, 0x80000000u);
	CHECK(same(wx_simd_f32x4_demote_f64x2_zero(vf(64, 0x8000000000000001u)), v));
	r = wx_simd_f32x4_demote_f64x2_zero(vf(64, 0xFFF8000000000000u));
	CHECK(is_canon(lane(r, 32, 0), 32) && is_canon(lane(r, 32, 1), 32) && lane(r, 64, 1) == 0);
	r = wx_simd_f32x4_demote_f64x2_zero(vf(64, 0x7FF4000000000000u));
	CHECK(is_arith(lane(r, 32, 0), 32) && is_arith(lane(r, 32, 1), 32) && lane(r, 64, 1) == 0);
	CHECK(same(wx_simd_f64x2_promote_low_f32x4(vf(32, 1)), fill(64, bits64(0x1p-149))));
	CHECK(same(wx_simd_f64x2_promote_low_f32x4(vf(32, 0x80000000u)),
	           fill(64, 0x8000000000000000u)));
	r = wx_simd_f64x2_promote_low_f32x4(vf(32, 0x7FC00000u));
	CHECK(is_canon(lane(r, 64, 0), 64) && is_canon(lane(r, 64, 1), 64));
	r = wx_simd_f64x2_promote_low_f32x4(vf(32, 0xFFA00000u));
	CHECK(is_arith(lane(r, 64, 0), 64) && is_arith(lane(r, 64, 1), 64));

	for (o = 0; o < COUNT(ops); o++) {
		const conv_op *op = &ops[o];
		const inputs *in = op->kind == FROM_INT ? int_in(32) : float_in(op->w);

		for (k = 0; k < in->n; k++) {
			wx_v128 x = in->a[k], got, want;
			int canon[4] = {1, 1, 1, 1}, ow, ok = 1;

			got = op->fn(vol(x));
			ow = m_conversion(op, x, &want, canon);
			if (op->kind == TRUNC_SAT)
				ok = same(got, want); /* integers: never a NaN */
			for (i = 0; i < 128 / ow && op->kind != TRUNC_SAT; i++)
				ok &= flane_ok(lane(got, ow, i), lane(want, ow, i), ow, canon[i]);
			CHECK(verdict(ok, op->name, &x, 1, got, want));
		}
	}
}

int main(void)
{
	build_inputs();
	RUN(test_int_arith);
	RUN(test_saturating);
	RUN(test_comparisons);
	RUN(test_shifts);
	RUN(test_bitwise);
	RUN(test_lane_access);
	RUN(test_shuffle_forms);
	RUN(test_narrow_extend);
	RUN(test_extmul_dot);
	RUN(test_float_arith);
	RUN(test_minmax);
	RUN(test_rounding);
	RUN(test_conversions);
	return unit_report();
}
