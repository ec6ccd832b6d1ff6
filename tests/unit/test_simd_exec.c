/*
 * test_simd_exec.c - vector code run through the public API
 * (spec: exec/instructions.rst, "Vector Instructions"), aimed at the
 * translator's special forms: i8x16.shuffle as a window, as a blend of
 * bytes in place plus a few moved ones, and as the full gather; vector
 * operators that take an operand straight from v128.load (the _M forms,
 * with and without an absorbed i32.add of a constant); shifts by a
 * constant count (the _K forms); vector constants pooled in loops; and
 * clang's extension idioms, a shuffle with a zero vector (a constant or
 * a local known to hold one) or a shuffle followed by shl and shr, which
 * the translator turns into extend instructions.
 *
 * Modules are built here as bytes, every function exported as "f<index>"
 * next to a one-page memory "mem". Results are compared with a byte model
 * of the shuffle written from the spec, with simd.h's lane functions for
 * the arithmetic (test_simd.c holds those to the spec) and with a lane
 * model for the shifts. Each group also checks that the translator did
 * pick the form it is meant to exercise, so a change of forms shows up
 * here instead of leaving the group testing something else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "icode.h"
#include "interp.h"
#include "simd.h"
#include "unit.h"
#include "wexec.h"

#define MEMSIZE 65536u

/* ---------------------------------------------------------------- bytes */

typedef struct buf {
	uint8_t *p;
	size_t n, cap;
} buf;

static void b_byte(buf *b, uint8_t v)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	b->p[b->n++] = v;
}

static void b_bytes(buf *b, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b_byte(b, ((const uint8_t *)p)[i]);
}

static void b_u32(buf *b, uint32_t v)
{
	do {
		uint8_t byte = v & 0x7F;
		v >>= 7;
		b_byte(b, (uint8_t)(byte | (v ? 0x80 : 0)));
	} while (v);
}

static void b_s32(buf *b, int32_t v)
{
	int64_t x = v;
	for (;;) {
		uint8_t byte = (uint8_t)(x & 0x7F);
		x >>= 7;
		if ((x == 0 && !(byte & 0x40)) || (x == -1 && (byte & 0x40))) {
			b_byte(b, byte);
			return;
		}
		b_byte(b, byte | 0x80);
	}
}

static void b_free(buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---------------------------------------------------------------- instructions */

static void i_op(buf *b, uint8_t op) { b_byte(b, op); }
static void i_local_get(buf *b, uint32_t x) { b_byte(b, 0x20); b_u32(b, x); }
static void i_local_set(buf *b, uint32_t x) { b_byte(b, 0x21); b_u32(b, x); }
static void i_local_tee(buf *b, uint32_t x) { b_byte(b, 0x22); b_u32(b, x); }
static void i_i32_const(buf *b, uint32_t v) { b_byte(b, 0x41); b_s32(b, (int32_t)v); }
static void i_simd(buf *b, uint32_t code) { b_byte(b, 0xFD); b_u32(b, code); }

static void i_f64_const(buf *b, uint64_t bits)
{
	b_byte(b, 0x44);
	for (int i = 0; i < 8; i++)
		b_byte(b, (uint8_t)(bits >> (8 * i)));
}

static void i_v128_const(buf *b, wx_v128 v)
{
	i_simd(b, 0x0C);
	b_bytes(b, v.u8, 16);
}

static void i_shuffle(buf *b, const uint8_t *lanes)
{
	i_simd(b, 0x0D);
	b_bytes(b, lanes, 16);
}

static void i_v128_load(buf *b, uint32_t align, uint32_t offset)
{
	i_simd(b, 0x00);
	b_u32(b, align);
	b_u32(b, offset);
}

/* `loop` / `block` with a blocktype byte (0x40 none, 0x7B v128), `end`,
 * `br_if`. */
static void i_loop(buf *b, uint8_t bt) { b_byte(b, 0x03); b_byte(b, bt); }
static void i_end(buf *b) { b_byte(b, 0x0B); }
static void i_br_if(buf *b, uint32_t l) { b_byte(b, 0x0D); b_u32(b, l); }

/* ---------------------------------------------------------------- modules */

#define MAXTYPES 16

/* A module under construction. Signatures are "PARAMS:RESULTS" with
 * i=i32 l=i64 d=f64 v=v128. */
typedef struct modb {
	const char *sigs[MAXTYPES];
	uint32_t ntypes;
	buf funcs, code;
	uint32_t nfuncs;
} modb;

static uint8_t valtype(char c)
{
	switch (c) {
	case 'i': return 0x7F;
	case 'l': return 0x7E;
	case 'f': return 0x7D;
	case 'd': return 0x7C;
	default: return 0x7B;
	}
}

static uint32_t mb_type(modb *m, const char *sig)
{
	for (uint32_t i = 0; i < m->ntypes; i++)
		if (strcmp(m->sigs[i], sig) == 0)
			return i;
	if (m->ntypes == MAXTYPES)
		abort();
	m->sigs[m->ntypes] = sig;
	return m->ntypes++;
}

/* Adds a function of signature `sig` with one local per character of
 * `locals`; `body` goes without its final `end`. Returns its index. */
static uint32_t mb_func(modb *m, const char *sig, const char *locals,
                        const buf *body)
{
	buf f = {0};
	size_t nl = strlen(locals);
	b_u32(&m->funcs, mb_type(m, sig));
	b_u32(&f, (uint32_t)nl);
	for (size_t i = 0; i < nl; i++) {
		b_u32(&f, 1);
		b_byte(&f, valtype(locals[i]));
	}
	b_bytes(&f, body->p, body->n);
	b_byte(&f, 0x0B);
	b_u32(&m->code, (uint32_t)f.n);
	b_bytes(&m->code, f.p, f.n);
	b_free(&f);
	return m->nfuncs++;
}

static void section(buf *out, uint8_t id, const buf *content)
{
	b_byte(out, id);
	b_u32(out, (uint32_t)content->n);
	b_bytes(out, content->p, content->n);
}

/* The binary: types, functions, one memory of one page, exports, code. */
static void mb_finish(modb *m, buf *out)
{
	buf s = {0};
	b_bytes(out, "\0asm\1\0\0\0", 8);

	b_u32(&s, m->ntypes);
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const char *p = m->sigs[i], *colon = strchr(p, ':');
		b_byte(&s, 0x60);
		b_u32(&s, (uint32_t)(colon - p));
		for (; p < colon; p++)
			b_byte(&s, valtype(*p));
		b_u32(&s, (uint32_t)strlen(colon + 1));
		for (p = colon + 1; *p; p++)
			b_byte(&s, valtype(*p));
	}
	section(out, 1, &s);
	s.n = 0;

	b_u32(&s, m->nfuncs);
	b_bytes(&s, m->funcs.p, m->funcs.n);
	section(out, 3, &s);
	s.n = 0;

	b_bytes(&s, "\x01\x00\x01", 3);
	section(out, 5, &s);
	s.n = 0;

	b_u32(&s, m->nfuncs + 1);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		char name[16];
		int len = snprintf(name, sizeof name, "f%u", i);
		b_u32(&s, (uint32_t)len);
		b_bytes(&s, name, (size_t)len);
		b_byte(&s, 0x00);
		b_u32(&s, i);
	}
	b_bytes(&s, "\x03mem\x02\x00", 6);
	section(out, 7, &s);
	s.n = 0;

	b_u32(&s, m->nfuncs);
	b_bytes(&s, m->code.p, m->code.n);
	section(out, 10, &s);
	b_free(&s);
}

/* ---------------------------------------------------------------- instances */

typedef struct inst {
	wexec_module *module;
	wexec_store *store;
	wexec_linker *linker;
	wexec_instance *inst;
	uint8_t *mem;
} inst;

/* Builds, validates and instantiates m (whose buffers it frees). */
static bool inst_new(inst *x, modb *m)
{
	buf bytes = {0};
	wexec_error err = WEXEC_ERROR_INIT;
	bool ok = false;

	memset(x, 0, sizeof *x);
	mb_finish(m, &bytes);
	b_free(&m->funcs);
	b_free(&m->code);
	if (wexec_module_new(bytes.p, bytes.n, &x->module, &err) != WEXEC_OK)
		goto done;
	x->store = wexec_store_new(NULL);
	x->linker = x->store ? wexec_linker_new(x->store) : NULL;
	if (!x->linker || wexec_linker_instantiate(x->linker, x->module,
	                                           &x->inst, &err) != WEXEC_OK)
		goto done;
	x->mem = wexec_memory_data(wexec_instance_memory(x->inst, "mem"));
	ok = x->mem != NULL;
done:
	if (!ok)
		fprintf(stderr, "module: %s\n", err.message);
	b_free(&bytes);
	return ok;
}

static void inst_free(inst *x)
{
	wexec_linker_free(x->linker);
	wexec_store_free(x->store);
	wexec_module_free(x->module);
}

static wexec_val val_v128(wx_v128 v)
{
	wexec_val r;
	memset(&r, 0, sizeof r);
	r.type = WEXEC_V128;
	memcpy(r.of.v128, v.u8, 16);
	return r;
}

static wexec_val val_i32(uint32_t v) { return wexec_val_i32((int32_t)v); }

/* Calls f<f>, which returns one v128, into *out. */
static wexec_status call(inst *x, uint32_t f, const wexec_val *args,
                         size_t nargs, wx_v128 *out, wexec_error *err)
{
	char name[16];
	wexec_val r;
	snprintf(name, sizeof name, "f%u", f);
	wexec_error_clear(err);
	wexec_func *fn = wexec_instance_func(x->inst, name);
	if (!fn)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT, "no %s", name);
	wexec_status st = wexec_func_call(fn, args, nargs, &r, 1, err);
	if (st == WEXEC_OK)
		memcpy(out->u8, r.of.v128, 16);
	return st;
}

/* Looks at translated code that could not be taken since the last
 * report_form_skips(). */
static int form_skips;

/* How many instructions `op` the translation of function f holds, found
 * by their handler address (one of 2^64 values, which no operand cell of
 * these small functions takes); -1 when the dispatch is by switch and
 * cells hold small numbers that operands share. A function that does not
 * translate fails a check. */
static int count_form(inst *x, uint32_t f, wx_icode op)
{
	wx_code *code;
	wexec_error err = WEXEC_ERROR_INIT;
	const void *const *h = wx_interp_handlers();
	int n = 0;
	if (!h)
		return -1;
	wexec_status st = wx_compile_func(x->module, f, &code, &err);
	CHECK(st == WEXEC_OK);
	if (st != WEXEC_OK) {
		fprintf(stderr, "  f%u does not translate: %s\n", f, err.message);
		return 0;
	}
	for (size_t i = 0; i < code->ncells; i++)
		n += code->cells[i].h == h[op];
	return n;
}

/* The looks at translated code that test `name` could not take, as one
 * counted skip. */
static void report_form_skips(const char *name)
{
	char why[160];
	if (!form_skips)
		return;
	snprintf(why, sizeof why,
	         "%d looks at the translated code (switch dispatch: its "
	         "cells hold small numbers)",
	         form_skips);
	SKIP(name, why);
	form_skips = 0;
}

/* ---------------------------------------------------------------- checks */

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1Du;
}

static wx_v128 rand_v128(void)
{
	wx_v128 v;
	v.u64[0] = rng();
	v.u64[1] = rng();
	return v;
}

static wx_v128 bytes_v128(uint8_t first, uint8_t step)
{
	wx_v128 v;
	for (int i = 0; i < 16; i++)
		v.u8[i] = (uint8_t)(first + step * i);
	return v;
}

static int printed;

static void show(const char *label, const uint8_t *p, size_t n)
{
	fprintf(stderr, "  %s:", label);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %02x", p[i]);
	fprintf(stderr, "\n");
}

/* One check of a v128 result. Float lanes (fl = 32 or 64) that are NaN
 * in `want` need only be NaN in `got`: which NaN an operation with two
 * NaN operands returns is not fixed (numerics.rst, "NaN Propagation"),
 * and a commutative operator may be run with its operands exchanged. */
static bool same_v128(wx_v128 got, wx_v128 want, int fl)
{
	if (memcmp(got.u8, want.u8, 16) == 0)
		return true;
	if (fl == 32) {
		for (int i = 0; i < 4; i++) {
			bool gn = (got.u32[i] & 0x7FFFFFFFu) > 0x7F800000u;
			bool wn = (want.u32[i] & 0x7FFFFFFFu) > 0x7F800000u;
			if (wn ? !gn : got.u32[i] != want.u32[i])
				return false;
		}
		return true;
	}
	if (fl == 64) {
		for (int i = 0; i < 2; i++) {
			uint64_t m = 0x7FFFFFFFFFFFFFFFull, inf = 0x7FF0000000000000ull;
			bool gn = (got.u64[i] & m) > inf, wn = (want.u64[i] & m) > inf;
			if (wn ? !gn : got.u64[i] != want.u64[i])
				return false;
		}
		return true;
	}
	return false;
}

static void check_v128(const char *what, wexec_status st,
                       const wexec_error *err, wx_v128 got, wx_v128 want,
                       int fl)
{
	unit_checks++;
	if (st == WEXEC_OK && same_v128(got, want, fl))
		return;
	unit_failures++;
	if (printed++ >= 30)
		return;
	fprintf(stderr, "test_simd_exec: %s\n", what);
	if (st != WEXEC_OK) {
		fprintf(stderr, "  failed: %s\n", err->message);
	} else {
		show("got ", got.u8, 16);
		show("want", want.u8, 16);
	}
}

/* One check that a call trapped with "out of bounds memory access". */
static void check_oob(const char *what, wexec_status st,
                      const wexec_error *err)
{
	unit_checks++;
	if (st == WEXEC_ERR_TRAP && err->trap == WEXEC_TRAP_MEMORY_OOB &&
	    strncmp(err->message, "out of bounds memory access", 27) == 0)
		return;
	unit_failures++;
	if (printed++ < 30)
		fprintf(stderr, "test_simd_exec: %s: want the trap, got "
		        "status %d: %s\n", what, (int)st,
		        st == WEXEC_OK ? "" : err->message);
}

/* ---------------------------------------------------------------- shuffle */

/* The spec: lane i of the result is byte lanes[i] of a's bytes then b's. */
static wx_v128 model_shuffle(wx_v128 a, wx_v128 b, const uint8_t *lanes)
{
	wx_v128 r;
	for (int i = 0; i < 16; i++)
		r.u8[i] = lanes[i] < 16 ? a.u8[lanes[i]] : b.u8[lanes[i] - 16];
	return r;
}

/* The spec (numerics.rst ishl, ishr_s, ishr_u): the count modulo the
 * lane width, on each lane read from the bytes. */
static wx_v128 model_shift(wx_v128 a, int w, int kind, uint32_t count)
{
	wx_v128 r;
	int nb = w / 8, s = (int)(count % (uint32_t)w);
	uint64_t mask = w == 64 ? UINT64_MAX : (UINT64_C(1) << w) - 1;
	for (int i = 0; i < 16 / nb; i++) {
		uint64_t x = 0;
		for (int j = nb - 1; j >= 0; j--)
			x = x << 8 | a.u8[i * nb + j];
		if (kind == 0) {
			x = (x << s) & mask;
		} else if (kind == 2) {
			x >>= s;
		} else {
			bool neg = x >> (w - 1);
			x >>= s;
			if (neg)
				x |= mask & ~(mask >> s);
		}
		for (int j = 0; j < nb; j++)
			r.u8[i * nb + j] = (uint8_t)(x >> (8 * j));
	}
	return r;
}

/* What the pattern is, by the translator's rules: a window of a then b
 * (17), else the number of bytes not in place (0..16). */
#define WINDOW 17
static int shuffle_class(const uint8_t *lanes)
{
	int moved = 0;
	bool window = true;
	for (int i = 0; i < 16; i++) {
		window = window && lanes[i] == lanes[0] + i;
		moved += lanes[i] != i && lanes[i] != 16 + i;
	}
	return window ? WINDOW : moved;
}

typedef struct shuffle_stats {
	int patterns;
	int by_class[18];      /* patterns per shuffle_class */
	int form_ok[18];       /* of those, compiled to the expected form */
	int model_diff;        /* simd.h's gather against the model */
} shuffle_stats;

/* The functions run for every pattern L, with A and B v128.consts (kept
 * pending by the translator), Z the zero vector and a local z that holds
 * it, and the extension idiom "shl S, shr_s S" on lanes of W bits (see
 * ext_nw below):
 *   F_AB (a b)     a b L                F_AA (a)      a a L
 *   F_KA (x)       A x L                F_KB (x)      x B L
 *   F_KK ()        A B L                F_CHAIN_A     (a b L) a L
 *   F_CHAIN_B      b (a b L) L          F_LOOP (x)    loop: A x L (A pooled)
 *   F_Z1 (x)       x Z L                F_Z0 (x)      Z x L
 *   F_ZL1 (x)      z=Z; x z L           F_ZL0 (x)     z=Z; z x L
 *   F_ZIF (x c)    z=Z; if c: z=x; x z L
 *   F_ZLOOP (x n)  z=Z; loop: z = x z L, n times; z
 *   F_EXT (a b)    a b L, shl S, shr_s S
 *   F_EXT_U (a b)  a b L, shl S, shr_u S
 *   F_EXT_Z (x)    x Z L, shl S, shr_s S
 *   F_EXT_TEE      t = a b L; t shl S, shr_s S; t xor (both used) */
enum {
	F_AB, F_AA, F_KA, F_KB, F_KK, F_CHAIN_A, F_CHAIN_B, F_LOOP, F_Z1, F_Z0,
	F_ZL1, F_ZL0, F_ZIF, F_ZLOOP, F_EXT, F_EXT_U, F_EXT_Z, F_EXT_TEE, NF
};
static const char *const fnames[NF] = {
    "a b", "a a", "A x", "x B", "A B", "(a b) a", "b (a b)", "loop A x",
    "x 0", "0 x", "x z=0", "z=0 x", "x z after if", "x z in a loop",
    "shl shr_s", "shl shr_u", "x 0 shl shr_s", "tee shl shr_s xor"};

/* Opcodes of the shifts on W-bit lanes: shl, shr_s, shr_u. */
static uint32_t shift_code(int w_bits, int kind)
{
	uint32_t base = w_bits == 16 ? 0x8B : w_bits == 32 ? 0xAB : 0xCB;
	return base + (uint32_t)kind;
}

static void emit_ext(buf *b, int w_bits, int sh, int kind)
{
	i_i32_const(b, (uint32_t)sh);
	i_simd(b, shift_code(w_bits, 0));
	i_i32_const(b, (uint32_t)sh);
	i_simd(b, shift_code(w_bits, kind));
}

static wx_v128 model_ext(wx_v128 v, int w_bits, int sh, int kind)
{
	return model_shift(model_shift(v, w_bits, 0, (uint32_t)sh), w_bits,
	                   kind, (uint32_t)sh);
}

static void emit_shuffle_funcs(modb *m, const uint8_t *lanes, wx_v128 A,
                               wx_v128 B, int wb, int sh)
{
	buf b = {0};
	wx_v128 Z;
	memset(&Z, 0, sizeof Z);
	for (int f = 0; f < NF; f++) {
		const char *sig = "vv:v", *locals = "";
		switch (f) {
		case F_AB:
			i_local_get(&b, 0); i_local_get(&b, 1); i_shuffle(&b, lanes);
			break;
		case F_AA:
			i_local_get(&b, 0); i_local_get(&b, 0); i_shuffle(&b, lanes);
			break;
		case F_KA:
			i_v128_const(&b, A); i_local_get(&b, 0); i_shuffle(&b, lanes);
			break;
		case F_KB:
			i_local_get(&b, 0); i_v128_const(&b, B); i_shuffle(&b, lanes);
			break;
		case F_KK:
			i_v128_const(&b, A); i_v128_const(&b, B); i_shuffle(&b, lanes);
			break;
		case F_CHAIN_A:
			i_local_get(&b, 0); i_local_get(&b, 1); i_shuffle(&b, lanes);
			i_local_get(&b, 0); i_shuffle(&b, lanes);
			break;
		case F_CHAIN_B:
			i_local_get(&b, 1); i_local_get(&b, 0); i_local_get(&b, 1);
			i_shuffle(&b, lanes); i_shuffle(&b, lanes);
			break;
		case F_LOOP:
			i_loop(&b, 0x7B); i_v128_const(&b, A); i_local_get(&b, 0);
			i_shuffle(&b, lanes); i_end(&b);
			break;
		case F_Z1:
			i_local_get(&b, 0); i_v128_const(&b, Z); i_shuffle(&b, lanes);
			break;
		case F_Z0:
			i_v128_const(&b, Z); i_local_get(&b, 0); i_shuffle(&b, lanes);
			break;
		case F_ZL1:
		case F_ZL0:
			locals = "v";
			i_v128_const(&b, Z); i_local_set(&b, 2);
			i_local_get(&b, f == F_ZL1 ? 0 : 2);
			i_local_get(&b, f == F_ZL1 ? 2 : 0);
			i_shuffle(&b, lanes);
			break;
		case F_ZIF:
			sig = "vi:v";
			locals = "v";
			i_v128_const(&b, Z); i_local_set(&b, 2);
			i_local_get(&b, 1); b_byte(&b, 0x04); b_byte(&b, 0x40);
			i_local_get(&b, 0); i_local_set(&b, 2); i_end(&b);
			i_local_get(&b, 0); i_local_get(&b, 2); i_shuffle(&b, lanes);
			break;
		case F_ZLOOP:
			sig = "vi:v";
			locals = "v";
			i_v128_const(&b, Z); i_local_set(&b, 2);
			i_loop(&b, 0x40);
			i_local_get(&b, 0); i_local_get(&b, 2); i_shuffle(&b, lanes);
			i_local_set(&b, 2);
			i_local_get(&b, 1); i_i32_const(&b, 1); i_op(&b, 0x6B);
			i_local_tee(&b, 1); i_br_if(&b, 0);
			i_end(&b);
			i_local_get(&b, 2);
			break;
		case F_EXT:
		case F_EXT_U:
			i_local_get(&b, 0); i_local_get(&b, 1); i_shuffle(&b, lanes);
			emit_ext(&b, wb, sh, f == F_EXT ? 1 : 2);
			break;
		case F_EXT_Z:
			i_local_get(&b, 0); i_v128_const(&b, Z); i_shuffle(&b, lanes);
			emit_ext(&b, wb, sh, 1);
			break;
		case F_EXT_TEE:
			locals = "v";
			i_local_get(&b, 0); i_local_get(&b, 1); i_shuffle(&b, lanes);
			i_local_tee(&b, 2);
			emit_ext(&b, wb, sh, 1);
			i_local_get(&b, 2); i_simd(&b, 0x51);
			break;
		}
		mb_func(m, sig, locals, &b);
		b.n = 0;
	}
	b_free(&b);
}

/* Runs every function of one pattern; wb and sh choose the extension
 * idiom's lane width in bits and shift count. */
static void run_shuffle_ext(const uint8_t *lanes, int wb, int sh,
                            shuffle_stats *st)
{
	modb m = {0};
	inst x;
	wx_v128 A = rand_v128(), B = rand_v128(), Z;
	char what[200];
	int cls = shuffle_class(lanes);

	memset(&Z, 0, sizeof Z);
	emit_shuffle_funcs(&m, lanes, A, B, wb, sh);
	st->patterns++;
	st->by_class[cls]++;
	if (!inst_new(&x, &m)) {
		CHECK(!"shuffle module instantiates");
		return;
	}

	wx_v128 a = rand_v128(), bb = rand_v128(), lv, got, want;
	wexec_error err;
	wexec_val args[2] = {val_v128(a), val_v128(bb)};
	memcpy(lv.u8, lanes, 16);
	if (memcmp(wx_simd_i8x16_shuffle(a, bb, lv).u8,
	           model_shuffle(a, bb, lanes).u8, 16) != 0)
		st->model_diff++;
	for (int f = 0; f < NF; f++) {
		wx_v128 ab = model_shuffle(a, bb, lanes);
		int calls = f == F_ZIF || f == F_ZLOOP ? 2 : 1;
		for (int round = 0; round < calls; round++) {
			uint32_t n = round ? 3 : 1;
			switch (f) {
			case F_AB: want = ab; break;
			case F_AA: want = model_shuffle(a, a, lanes); break;
			case F_KA: case F_LOOP: want = model_shuffle(A, a, lanes); break;
			case F_KB: want = model_shuffle(a, B, lanes); break;
			case F_KK: want = model_shuffle(A, B, lanes); break;
			case F_CHAIN_A: want = model_shuffle(ab, a, lanes); break;
			case F_CHAIN_B: want = model_shuffle(bb, ab, lanes); break;
			case F_Z1: case F_ZL1: want = model_shuffle(a, Z, lanes); break;
			case F_Z0: case F_ZL0: want = model_shuffle(Z, a, lanes); break;
			case F_ZIF:
				want = model_shuffle(a, round ? a : Z, lanes);
				break;
			case F_ZLOOP:
				want = Z;
				for (uint32_t i = 0; i < n; i++)
					want = model_shuffle(a, want, lanes);
				break;
			case F_EXT: want = model_ext(ab, wb, sh, 1); break;
			case F_EXT_U: want = model_ext(ab, wb, sh, 2); break;
			case F_EXT_Z:
				want = model_ext(model_shuffle(a, Z, lanes), wb, sh, 1);
				break;
			default: /* F_EXT_TEE */
				want = wx_simd_v128_xor(model_ext(ab, wb, sh, 1), ab);
				break;
			}
			if (f == F_ZIF || f == F_ZLOOP)
				args[1] = val_i32(f == F_ZIF ? (uint32_t)round : n);
			else
				args[1] = val_v128(bb);
			int k = snprintf(what, sizeof what, "shuffle (%s", fnames[f]);
			if (f >= F_EXT)
				k += snprintf(what + k, sizeof what - (size_t)k,
				              ", i%dx%d shifts by %d", wb, 128 / wb, sh);
			if (f == F_ZIF || f == F_ZLOOP)
				k += snprintf(what + k, sizeof what - (size_t)k,
				              ", %u", f == F_ZIF ? (uint32_t)round : n);
			k += snprintf(what + k, sizeof what - (size_t)k, ")");
			for (int i = 0; i < 16; i++)
				k += snprintf(what + k, sizeof what - (size_t)k, " %d",
				              lanes[i]);
			wexec_status s = call(&x, (uint32_t)f, args, 2, &got, &err);
			check_v128(what, s, &err, got, want, 0);
		}
	}
	/* The identity lanes themselves through the plain form. */
	wx_v128 ia = bytes_v128(0, 1), ib = bytes_v128(16, 1);
	args[0] = val_v128(ia);
	args[1] = val_v128(ib);
	wexec_status s = call(&x, F_AB, args, 2, &got, &err);
	check_v128("shuffle of the lane numbers", s, &err, got,
	           model_shuffle(ia, ib, lanes), 0);

	wx_icode form = cls == WINDOW ? WX_I_SHUFFLE_WINDOW
	                : cls <= 8    ? WX_I_SHUFFLE_FEW
	                              : WX_I_I8X16_SHUFFLE;
	int n = count_form(&x, F_AB, form);
	if (n < 0)
		form_skips++;
	else if (n == 1)
		st->form_ok[cls]++;
	inst_free(&x);
}

/* The extension idioms: (narrow bytes n, wide bytes w) in lanes of w. */
static const int ext_nw[][2] = {{1, 2}, {1, 4}, {1, 8}, {2, 4}, {2, 8}, {4, 8}};

static void run_shuffle(const uint8_t *lanes, shuffle_stats *st)
{
	const int *nw = ext_nw[rng() % 6];
	run_shuffle_ext(lanes, 8 * nw[1], 8 * (nw[1] - nw[0]), st);
}

/* Lanes from a or b in place, except `moved` positions that take a byte
 * from elsewhere. */
static void moved_pattern(uint8_t *lanes, int moved)
{
	int pos[16];
	for (int i = 0; i < 16; i++) {
		lanes[i] = (uint8_t)((rng() & 1) ? i : 16 + i);
		pos[i] = i;
	}
	/* Never all of a or all of b: those are windows. */
	lanes[0] = 0;
	lanes[1] = 17;
	for (int i = 15; i > 0; i--) {
		int j = (int)(rng() % (uint64_t)(i + 1)), t = pos[i];
		pos[i] = pos[j];
		pos[j] = t;
	}
	for (int k = 0; k < moved; k++) {
		int i = pos[k];
		uint8_t src;
		do
			src = (uint8_t)(rng() % 32);
		while (src == i || src == 16 + i);
		lanes[i] = src;
	}
}

static void test_shuffle(void)
{
	static const uint8_t special[][16] = {
	    /* interleave low and high halves (clang's unpacks) */
	    {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23},
	    {8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31},
	    /* zero extension with b = 0: bytes 0..7 of a every other lane */
	    {0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16},
	    /* b in place low, a in place high: a blend, nothing moved */
	    {16, 17, 18, 19, 20, 21, 22, 23, 8, 9, 10, 11, 12, 13, 14, 15},
	    /* a's low half twice: exactly 8 moved */
	    {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7},
	    /* 9 moved */
	    {0, 1, 2, 3, 4, 5, 6, 0, 0, 1, 2, 3, 4, 5, 6, 7},
	    /* reverse, broadcast, even bytes, byte swap in 32-bit lanes */
	    {15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	    {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5},
	    {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30},
	    {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12},
	    /* a window but for one byte, which stays in place */
	    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15},
	    /* every byte of b, one moved from a */
	    {16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 0},
	    {31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31},
	};
	shuffle_stats st;
	uint8_t lanes[16];
	memset(&st, 0, sizeof st);

	for (int k = 0; k <= 16; k++) {
		for (int i = 0; i < 16; i++)
			lanes[i] = (uint8_t)(k + i);
		run_shuffle(lanes, &st);
	}
	for (int moved = 0; moved <= 16; moved++)
		for (int rep = 0; rep < 6; rep++) {
			moved_pattern(lanes, moved);
			run_shuffle(lanes, &st);
		}
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
		run_shuffle(special[i], &st);
	/* Extensions as clang spells them: n bytes of one operand at the
	 * bottom of each w-byte lane, the rest from the other operand (zero
	 * in F_Z*), or from anywhere (then shl + shr sign-extend them). */
	for (size_t e = 0; e < sizeof ext_nw / sizeof ext_nw[0]; e++) {
		int n = ext_nw[e][0], w = ext_nw[e][1];
		for (int first = 0; first + (16 / w) * n <= 16; first += n)
			for (int z = 0; z < 3; z++) {
				int base = z == 0 ? 16 : 0;
				for (int i = 0; i < 16; i++) {
					int j = i / w, bt = i % w;
					int filler = (int)(rng() % 16);
					lanes[i] = (uint8_t)(bt < n ? base + first + j * n + bt
					                     : z == 2 ? (int)(rng() % 32)
					                     : z == 1 ? 16 + filler : filler);
				}
				run_shuffle_ext(lanes, 8 * w, 8 * (w - n), &st);
			}
	}
	for (int rep = 0; rep < 300; rep++) {
		for (int i = 0; i < 16; i++)
			lanes[i] = (uint8_t)(rng() % 32);
		run_shuffle(lanes, &st);
	}
	/* Mostly in place, as clang's extensions and blends are. */
	for (int rep = 0; rep < 100; rep++) {
		for (int i = 0; i < 16; i++) {
			uint64_t r = rng();
			int in_place = (r & 4) ? i : 16 + i;
			lanes[i] = (uint8_t)((r & 3) ? in_place : (int)((r >> 8) % 32));
		}
		run_shuffle(lanes, &st);
	}

	CHECK(st.model_diff == 0);
	/* Every form and every number of moved bytes was run... */
	CHECK(st.by_class[WINDOW] == 17);
	for (int c = 0; c <= 16; c++)
		CHECK(st.by_class[c] >= 6);
	/* ...and translated the way the group means to test. */
	if (!form_skips) {
		int wrong = 0;
		for (int c = 0; c <= WINDOW; c++)
			if (st.form_ok[c] != st.by_class[c]) {
				wrong++;
				fprintf(stderr, "shuffle class %d: %d of %d in the "
				        "expected form\n", c, st.form_ok[c],
				        st.by_class[c]);
			}
		CHECK(wrong == 0);
	}
}

/* Shuffles and constant shifts in random sequences on one value: the
 * translator fuses "shuffle; shl k; shr k" into an extend, and a
 * sequence that repeats or mixes the idiom must not be fused on what an
 * earlier fusion left behind. In random sequences, each step is one of
 *   v = v b L        (L an extension pattern of a random shape, or random)
 *   v = v shl/shr_s/shr_u k   on 16-, 32- or 64-bit lanes
 * and an idiom (shuffle, shl, shr with matching widths) is more likely. */
static int rand_ext_lanes(uint8_t *lanes, int *wb)
{
	const int *nw = ext_nw[rng() % 6];
	int n = nw[0], w = nw[1], src = (int)(rng() % 2) * 16;
	int first = n * (int)(rng() % (uint64_t)((16 - (16 / w) * n) / n + 1));
	for (int i = 0; i < 16; i++) {
		int j = i / w, bt = i % w;
		lanes[i] = (uint8_t)(bt < n ? src + first + j * n + bt
		                            : (int)(rng() % 32));
	}
	*wb = 8 * w;
	return 8 * (w - n);
}

/* One function (param v128 a, v128 b): a b L, then each (lane bits,
 * shift, kind) of steps as "i32.const shift; shl; i32.const shift; shr". */
typedef struct ext_step {
	int wb, sh, kind;
} ext_step;

static void run_ext_steps(const char *what, const uint8_t *lanes,
                          const ext_step *steps, int nsteps, wx_v128 a,
                          wx_v128 bv)
{
	modb m = {0};
	buf b = {0};
	inst x;
	wx_v128 want = model_shuffle(a, bv, lanes), got;
	i_local_get(&b, 0); i_local_get(&b, 1); i_shuffle(&b, lanes);
	for (int i = 0; i < nsteps; i++) {
		emit_ext(&b, steps[i].wb, steps[i].sh, steps[i].kind);
		want = model_ext(want, steps[i].wb, steps[i].sh, steps[i].kind);
	}
	mb_func(&m, "vv:v", "", &b);
	b_free(&b);
	if (!inst_new(&x, &m)) {
		CHECK(!"extension module instantiates");
		return;
	}
	wexec_val args[2] = {val_v128(a), val_v128(bv)};
	wexec_error err;
	wexec_status s = call(&x, 0, args, 2, &got, &err);
	check_v128(what, s, &err, got, want, 0);
	inst_free(&x);
}

/* The idiom twice in a row: the second "shl k; shr k" follows the
 * extend the first one became. The lanes fit both the 16-bit idiom
 * (byte j at the bottom of lane j) and the 32-bit one (16-bit lane j at
 * the bottom of lane j). */
static void test_extend_idiom_twice(void)
{
	static const uint8_t from_a[16] = {0, 1, 1, 9, 2, 3, 3, 9,
	                                   4, 5, 5, 9, 6, 7, 7, 9};
	static const uint8_t from_b[16] = {16, 17, 17, 9, 18, 19, 19, 9,
	                                   20, 21, 21, 9, 22, 23, 23, 9};
	static const ext_step s16_s16[] = {{16, 8, 1}, {16, 8, 1}};
	static const ext_step s16_u16[] = {{16, 8, 1}, {16, 8, 2}};
	static const ext_step s16_s32[] = {{16, 8, 1}, {32, 16, 1}};
	static const ext_step u16_u32[] = {{16, 8, 2}, {32, 16, 2}};
	static const ext_step s32_s32[] = {{32, 16, 1}, {32, 16, 1}};
	wx_v128 a = bytes_v128(0x7D, 0x13), b = bytes_v128(0xF1, 0x25);

	run_ext_steps("a: i16x8 idiom twice", from_a, s16_s16, 2, a, b);
	run_ext_steps("a: i16x8 idiom, shr_s then shr_u", from_a, s16_u16, 2, a, b);
	run_ext_steps("a: i16x8 then i32x4 idiom (s)", from_a, s16_s32, 2, a, b);
	run_ext_steps("a: i16x8 then i32x4 idiom (u)", from_a, u16_u32, 2, a, b);
	run_ext_steps("a: i32x4 idiom twice", from_a, s32_s32, 2, a, b);
	run_ext_steps("b: i16x8 idiom twice", from_b, s16_s16, 2, a, b);
	run_ext_steps("b: i16x8 idiom, shr_s then shr_u", from_b, s16_u16, 2, a, b);
	run_ext_steps("b: i16x8 then i32x4 idiom (s)", from_b, s16_s32, 2, a, b);
	run_ext_steps("b: i32x4 idiom twice", from_b, s32_s32, 2, a, b);
	/* Once, for reference. */
	run_ext_steps("a: i16x8 idiom", from_a, s16_s16, 1, a, b);
	run_ext_steps("b: i16x8 idiom", from_b, s16_s16, 1, a, b);
	run_ext_steps("b: i32x4 idiom", from_b, s32_s32, 1, a, b);
}

static void test_shuffle_shift_sequences(void)
{
	int progs = 0;
	for (int round = 0; round < 250; round++) {
		modb m = {0};
		buf b = {0};
		inst x;
		wx_v128 a = rand_v128(), bv = rand_v128(), want = a;
		char what[64];
		int nsteps = 2 + (int)(rng() % 6);
		i_local_get(&b, 0);
		for (int st = 0; st < nsteps; st++) {
			uint8_t lanes[16];
			int wb = 16, sh = 8, kind = 1 + (int)(rng() % 2);
			uint64_t r = rng() % 8;
			if (r < 4) {          /* the idiom */
				sh = rand_ext_lanes(lanes, &wb);
				i_local_get(&b, 1); i_shuffle(&b, lanes);
				want = model_shuffle(want, bv, lanes);
				emit_ext(&b, wb, sh, kind);
				want = model_ext(want, wb, sh, kind);
			} else if (r < 6) {   /* a shuffle alone */
				if (r == 4)
					rand_ext_lanes(lanes, &wb);
				else
					for (int i = 0; i < 16; i++)
						lanes[i] = (uint8_t)(rng() % 32);
				i_local_get(&b, 1); i_shuffle(&b, lanes);
				want = model_shuffle(want, bv, lanes);
			} else {              /* a shift alone */
				static const int widths[] = {16, 32, 64};
				wb = widths[rng() % 3];
				kind = (int)(rng() % 3);
				sh = rng() % 2 ? wb / 2 : (int)(rng() % 70);
				i_i32_const(&b, (uint32_t)sh);
				i_simd(&b, shift_code(wb, kind));
				want = model_shift(want, wb, kind, (uint32_t)sh);
			}
		}
		mb_func(&m, "vv:v", "", &b);
		b_free(&b);
		if (!inst_new(&x, &m)) {
			CHECK(!"sequence module instantiates");
			continue;
		}
		wexec_val args[2] = {val_v128(a), val_v128(bv)};
		wexec_error err;
		wx_v128 got;
		wexec_status s = call(&x, 0, args, 2, &got, &err);
		snprintf(what, sizeof what, "shuffle/shift sequence %d", round);
		check_v128(what, s, &err, got, want, 0);
		progs++;
		inst_free(&x);
	}
	CHECK(progs == 250);
}

/* ---------------------------------------------------------------- loads fused into operators */

typedef wx_v128 (*binop)(wx_v128, wx_v128);

static const struct mop {
	const char *name;
	uint32_t code;  /* 0xFD sub-opcode */
	binop fn;
	int fl;         /* float lanes: 32, 64; 0 for integers */
	bool commutative;
	wx_icode m;     /* the fused form */
} mops[] = {
    {"f32x4.add", 0xE4, wx_simd_f32x4_add, 32, true, WX_I_F32X4_ADD_M},
    {"f32x4.sub", 0xE5, wx_simd_f32x4_sub, 32, false, WX_I_F32X4_SUB_M},
    {"f32x4.mul", 0xE6, wx_simd_f32x4_mul, 32, true, WX_I_F32X4_MUL_M},
    {"f64x2.add", 0xF0, wx_simd_f64x2_add, 64, true, WX_I_F64X2_ADD_M},
    {"f64x2.sub", 0xF1, wx_simd_f64x2_sub, 64, false, WX_I_F64X2_SUB_M},
    {"f64x2.mul", 0xF2, wx_simd_f64x2_mul, 64, true, WX_I_F64X2_MUL_M},
    {"i32x4.add", 0xAE, wx_simd_i32x4_add, 0, true, WX_I_I32X4_ADD_M},
    {"i32x4.sub", 0xB1, wx_simd_i32x4_sub, 0, false, WX_I_I32X4_SUB_M},
    {"i32x4.mul", 0xB5, wx_simd_i32x4_mul, 0, true, WX_I_I32X4_MUL_M},
    {"i16x8.add", 0x8E, wx_simd_i16x8_add, 0, true, WX_I_I16X8_ADD_M},
    {"i16x8.sub", 0x91, wx_simd_i16x8_sub, 0, false, WX_I_I16X8_SUB_M},
    {"i16x8.mul", 0x95, wx_simd_i16x8_mul, 0, true, WX_I_I16X8_MUL_M},
    {"i8x16.add", 0x6E, wx_simd_i8x16_add, 0, true, WX_I_I8X16_ADD_M},
    {"i8x16.sub", 0x71, wx_simd_i8x16_sub, 0, false, WX_I_I8X16_SUB_M},
    {"v128.and", 0x4E, wx_simd_v128_and, 0, true, WX_I_V128_AND_M},
    {"v128.or", 0x50, wx_simd_v128_or, 0, true, WX_I_V128_OR_M},
    {"v128.xor", 0x51, wx_simd_v128_xor, 0, true, WX_I_V128_XOR_M},
};
#define NMOPS (sizeof mops / sizeof mops[0])

/* The shapes of function tried for each operator, (param v128 a, i32 p),
 * `load O` being v128.load offset=O of p, `load+K O` the same of
 * i32.add p K (the absorbed add), and C a v128.const:
 *   V_DIRECT     a (load O) op          V_SWAP       (load O) a op
 *   V_AK         a (load+K O) op        V_AK_SWAP    (load+K O) a op
 *   V_AK_KFIRST  a (K p add: load) op   V_CONST      C (load O) op
 *   V_CONST_SWAP (load O) C op          V_AK_TEMP    a (load of p*1 + K) op
 *   V_TWO        (load O) (load O2) op
 *   V_CHAIN      t = a (load O) op; t (load O2) op; t op (local.tee)
 *   V_LOOP       loop: C (load O) op    V_AK_CONST_SWAP (load+K O) C op
 *   V_KADDR      a (load of i32.const P + K, O) op, P + K = 0x40 mod 2^32
 *   V_KADDR_PLAIN a (load of i32.const 0x50, O) op */
enum {
	V_DIRECT, V_SWAP, V_AK, V_AK_SWAP, V_AK_KFIRST, V_CONST, V_CONST_SWAP,
	V_AK_TEMP, V_TWO, V_CHAIN, V_LOOP, V_AK_CONST_SWAP, V_KADDR,
	V_KADDR_PLAIN, NVARIANTS
};
static const char *const vnames[NVARIANTS] = {
    "direct", "swapped", "add-k", "add-k swapped", "k first", "const",
    "const swapped", "add-k of a temp", "two loads", "chain", "loop",
    "add-k const swapped", "constant address + k", "constant address"};
#define O2_DELTA 48u
#define KADDR(k) (0x40u - (k))
#define KADDR_PLAIN 0x50u

static void emit_load(buf *b, bool ak, uint32_t k, uint32_t offset)
{
	i_local_get(b, 1);
	if (ak) {
		i_i32_const(b, k);
		i_op(b, 0x6A); /* i32.add */
	}
	i_v128_load(b, (offset / 16) % 5, offset); /* any valid alignment */
}

static void emit_variant(buf *b, const struct mop *o, int v, uint32_t k,
                         uint32_t offset, wx_v128 c)
{
	switch (v) {
	case V_DIRECT:
		i_local_get(b, 0); emit_load(b, false, 0, offset);
		break;
	case V_SWAP:
		emit_load(b, false, 0, offset); i_local_get(b, 0);
		break;
	case V_AK:
		i_local_get(b, 0); emit_load(b, true, k, offset);
		break;
	case V_AK_SWAP:
		emit_load(b, true, k, offset); i_local_get(b, 0);
		break;
	case V_AK_KFIRST:
		i_local_get(b, 0); i_i32_const(b, k); i_local_get(b, 1);
		i_op(b, 0x6A); i_v128_load(b, 4, offset);
		break;
	case V_CONST:
		i_v128_const(b, c); emit_load(b, false, 0, offset);
		break;
	case V_CONST_SWAP:
		emit_load(b, false, 0, offset); i_v128_const(b, c);
		break;
	case V_AK_TEMP:
		i_local_get(b, 0); i_local_get(b, 1); i_i32_const(b, 1);
		i_op(b, 0x6C); /* i32.mul */
		i_i32_const(b, k); i_op(b, 0x6A); i_v128_load(b, 0, offset);
		break;
	case V_TWO:
		emit_load(b, false, 0, offset);
		emit_load(b, false, 0, offset + O2_DELTA);
		break;
	case V_CHAIN:
		i_local_get(b, 0); emit_load(b, false, 0, offset);
		i_simd(b, o->code); i_local_tee(b, 2);
		emit_load(b, false, 0, offset + O2_DELTA);
		i_simd(b, o->code); i_local_get(b, 2);
		break;
	case V_LOOP:
		i_loop(b, 0x7B); i_v128_const(b, c);
		emit_load(b, false, 0, offset); i_simd(b, o->code); i_end(b);
		return;
	case V_AK_CONST_SWAP:
		emit_load(b, true, k, offset); i_v128_const(b, c);
		break;
	case V_KADDR:
		i_local_get(b, 0); i_i32_const(b, KADDR(k)); i_i32_const(b, k);
		i_op(b, 0x6A); i_v128_load(b, 2, offset);
		break;
	case V_KADDR_PLAIN:
		i_local_get(b, 0); i_i32_const(b, KADDR_PLAIN);
		i_v128_load(b, 3, offset);
		break;
	}
	i_simd(b, o->code);
}

/* The expected result of variant v, or false when it traps. */
static bool expect_variant(const struct mop *o, int v, const uint8_t *mem,
                           wx_v128 a, uint32_t p, uint32_t k,
                           uint32_t offset, wx_v128 c, wx_v128 *out)
{
	uint64_t plain, ak, plain2;
	if (v == V_KADDR)
		p = KADDR(k);
	else if (v == V_KADDR_PLAIN)
		p = KADDR_PLAIN;
	plain = (uint64_t)p + offset;
	ak = (uint64_t)(uint32_t)(p + k) + offset;
	plain2 = plain + O2_DELTA;
	bool uses_ak = v == V_AK || v == V_AK_SWAP || v == V_AK_KFIRST ||
	               v == V_AK_TEMP || v == V_AK_CONST_SWAP || v == V_KADDR;
	uint64_t ea = uses_ak ? ak : plain;
	wx_v128 x, y, t;
	if (ea + 16 > MEMSIZE)
		return false;
	x = wx_v128_load(mem + ea);
	switch (v) {
	case V_DIRECT: case V_AK: case V_AK_KFIRST: case V_AK_TEMP:
	case V_KADDR: case V_KADDR_PLAIN:
		*out = o->fn(a, x);
		return true;
	case V_SWAP: case V_AK_SWAP:
		*out = o->fn(x, a);
		return true;
	case V_CONST: case V_LOOP:
		*out = o->fn(c, x);
		return true;
	case V_CONST_SWAP: case V_AK_CONST_SWAP:
		*out = o->fn(x, c);
		return true;
	case V_TWO: case V_CHAIN:
		if (plain2 + 16 > MEMSIZE)
			return false;
		y = wx_v128_load(mem + plain2);
		if (v == V_TWO) {
			*out = o->fn(x, y);
		} else {
			t = o->fn(a, x);
			*out = o->fn(o->fn(t, y), t);
		}
		return true;
	}
	return false;
}

/* How many fused instructions variant v must compile to: the load goes
 * second unless the operator is commutative. */
static int fused_in(const struct mop *o, int v)
{
	switch (v) {
	case V_SWAP: case V_AK_SWAP: case V_CONST_SWAP: case V_AK_CONST_SWAP:
		return o->commutative;
	case V_CHAIN:
		return 2;
	default:
		return 1;
	}
}

/* Every operator with a fused form is in mops, with its commutativity. */
static void test_m_table(void)
{
	int listed = 0;
	for (int op = 0; op < WX_OP_COUNT; op++) {
		wx_mform f = wx_icode_v128_m_form[op];
		if (!f.op)
			continue;
		listed++;
		bool found = false;
		for (size_t i = 0; i < NMOPS; i++)
			if (wx_opinfo_table[op].prefix == 0xFD &&
			    wx_opinfo_table[op].code == mops[i].code) {
				found = true;
				CHECK(f.op == mops[i].m);
				CHECK(f.commutative == mops[i].commutative);
				CHECK_STR(wx_opinfo_table[op].name, mops[i].name);
			}
		if (!found)
			fprintf(stderr, "fused operator %s is not tested\n",
			        wx_opinfo_table[op].name);
		CHECK(found);
	}
	CHECK(listed == (int)NMOPS);
}

static void test_m_forms(void)
{
	static const uint32_t ks[] = {0x10, 0xFFFFFFF0u};
	static const uint32_t offsets[] = {0, 0x20, 0xFFF0};
	int form_wrong = 0, traps = 0, runs = 0;

	for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++)
	for (size_t oi = 0; oi < sizeof offsets / sizeof offsets[0]; oi++) {
		uint32_t k = ks[ki], off = offsets[oi];
		wx_v128 c = rand_v128();
		modb m = {0};
		buf b = {0};
		inst x;
		for (size_t o = 0; o < NMOPS; o++)
			for (int v = 0; v < NVARIANTS; v++) {
				emit_variant(&b, &mops[o], v, k, off, c);
				mb_func(&m, "vi:v", "v", &b);
				b.n = 0;
			}
		b_free(&b);
		if (!inst_new(&x, &m)) {
			CHECK(!"fused-load module instantiates");
			continue;
		}
		/* Memory: random bytes, a stretch of ordinary floats. */
		for (uint32_t i = 0; i < MEMSIZE; i += 8) {
			uint64_t r = rng();
			memcpy(x.mem + i, &r, 8);
		}
		for (uint32_t i = 0x100; i < 0x400; i += 4) {
			float f = (float)(rng() % 20000) / 64.0f - 150.0f;
			memcpy(x.mem + i, &f, 4);
		}
		const uint32_t addrs[] = {
		    0, 1, 13, 0x100, 0x1F1,
		    MEMSIZE - 16 - off,           /* the last in bounds */
		    MEMSIZE - 16 - off + 1,       /* one byte over */
		    MEMSIZE - 16 - off - O2_DELTA,
		    MEMSIZE, 0x7FFFFFFFu, 0xFFFFFFF0u, 0xFFFFFFFFu,
		    0u - k,                       /* p + K wraps to 0 */
		    0u - k + 0x333,
		    0u - k + MEMSIZE - 16 - off,
		    0u - k + MEMSIZE - 15 - off,
		};
		for (size_t o = 0; o < NMOPS; o++)
			for (int v = 0; v < NVARIANTS; v++) {
				uint32_t f = (uint32_t)(o * NVARIANTS + (size_t)v);
				int want_m = fused_in(&mops[o], v);
				int got_m = count_form(&x, f, mops[o].m);
				if (got_m < 0) {
					form_skips++;
				} else if (got_m != want_m) {
					form_wrong++;
					fprintf(stderr, "%s %s: %d fused, want %d\n",
					        mops[o].name, vnames[v], got_m,
					        want_m);
				}
				for (size_t ai = 0; ai < sizeof addrs / sizeof addrs[0]; ai++) {
					wx_v128 a = (ai & 1) ? rand_v128()
					                     : wx_v128_load(x.mem + 0x180 + 16 * ai);
					wx_v128 got, want;
					wexec_error err;
					wexec_val args[2] = {val_v128(a),
					                     val_i32(addrs[ai])};
					char what[128];
					snprintf(what, sizeof what,
					         "%s %s: p=0x%x K=0x%x offset=0x%x",
					         mops[o].name, vnames[v], addrs[ai],
					         k, off);
					wexec_status s = call(&x, f, args, 2, &got, &err);
					runs++;
					if (expect_variant(&mops[o], v, x.mem, a,
					                   addrs[ai], k, off, c,
					                   &want)) {
						check_v128(what, s, &err, got, want,
						           mops[o].fl);
					} else {
						traps++;
						check_oob(what, s, &err);
					}
				}
			}
		inst_free(&x);
	}
	CHECK(form_wrong == 0);
	/* Both outcomes occurred in plenty. */
	CHECK(traps > runs / 10 && traps < runs - runs / 10);
}

/* The fused forms check against the memory's size when they run: after
 * memory.grow inside the function, and after the host grew it. */
static void test_m_after_grow(void)
{
	modb m = {0};
	buf b = {0};
	inst x;
	wexec_memory *mem;
	wexec_error err = WEXEC_ERROR_INIT;
	wx_v128 a = rand_v128(), got, want, page;
	wexec_status s;

	/* f0: a (load p) i32x4.add;  f1: grow by 1, then a (load+16 p, 8) xor */
	i_local_get(&b, 0); i_local_get(&b, 1); i_v128_load(&b, 4, 0);
	i_simd(&b, 0xAE);
	mb_func(&m, "vi:v", "", &b); b.n = 0;
	i_i32_const(&b, 1); b_byte(&b, 0x40); b_byte(&b, 0x00); i_op(&b, 0x1A);
	i_local_get(&b, 0); i_local_get(&b, 1); i_i32_const(&b, 16);
	i_op(&b, 0x6A); i_v128_load(&b, 4, 8); i_simd(&b, 0x51);
	mb_func(&m, "vi:v", "", &b);
	b_free(&b);
	if (!inst_new(&x, &m)) {
		CHECK(!"grow module instantiates");
		return;
	}
	mem = wexec_instance_memory(x.inst, "mem");
	wexec_val args[2] = {val_v128(a), val_i32(MEMSIZE + 100)};
	s = call(&x, 0, args, 2, &got, &err);
	check_oob("fused load past one page", s, &err);

	/* Grown by the host, with bytes in the new page. */
	CHECK(wexec_memory_grow(mem, 1, NULL, &err) == WEXEC_OK);
	page = rand_v128();
	CHECK(wexec_memory_write(mem, MEMSIZE + 100, page.u8, 16, &err) ==
	      WEXEC_OK);
	s = call(&x, 0, args, 2, &got, &err);
	check_v128("fused load in a page the host added", s, &err, got,
	           wx_simd_i32x4_add(a, page), 0);

	/* Grown by the function itself before the fused load: the new
	 * third page reads as zeros. */
	args[1] = val_i32(2 * MEMSIZE + 40 - 16);
	s = call(&x, 1, args, 2, &got, &err);
	check_v128("fused load after memory.grow", s, &err, got, a, 0);
	CHECK(wexec_memory_pages(mem) == 3);
	args[1] = val_i32(4 * MEMSIZE - 16 - 8 - 16);
	s = call(&x, 1, args, 2, &got, &err);
	check_v128("fused load at the end of the grown memory", s, &err, got,
	           a, 0);
	args[1] = val_i32(5 * MEMSIZE - 16 - 8 - 16 + 1);
	s = call(&x, 1, args, 2, &got, &err);
	check_oob("fused load one byte past the grown memory", s, &err);
	CHECK(wexec_memory_pages(mem) == 5);
	want = wx_simd_v128_xor(a, page);
	args[1] = val_i32(MEMSIZE + 100 - 16 - 8);
	s = call(&x, 1, args, 2, &got, &err);
	check_v128("fused load+k in the host's page", s, &err, got, want, 0);
	inst_free(&x);
}

/* ---------------------------------------------------------------- shifts */

static const struct sop {
	const char *name;
	uint32_t code;
	int w;       /* lane width */
	int kind;    /* 0 shl, 1 shr_s, 2 shr_u */
	wx_v128 (*fn)(wx_v128, uint32_t);
	wx_icode k;  /* the constant-count form */
} sops[] = {
    {"i8x16.shl", 0x6B, 8, 0, wx_simd_i8x16_shl, WX_I_I8X16_SHL_K},
    {"i8x16.shr_s", 0x6C, 8, 1, wx_simd_i8x16_shr_s, WX_I_I8X16_SHR_S_K},
    {"i8x16.shr_u", 0x6D, 8, 2, wx_simd_i8x16_shr_u, WX_I_I8X16_SHR_U_K},
    {"i16x8.shl", 0x8B, 16, 0, wx_simd_i16x8_shl, WX_I_I16X8_SHL_K},
    {"i16x8.shr_s", 0x8C, 16, 1, wx_simd_i16x8_shr_s, WX_I_I16X8_SHR_S_K},
    {"i16x8.shr_u", 0x8D, 16, 2, wx_simd_i16x8_shr_u, WX_I_I16X8_SHR_U_K},
    {"i32x4.shl", 0xAB, 32, 0, wx_simd_i32x4_shl, WX_I_I32X4_SHL_K},
    {"i32x4.shr_s", 0xAC, 32, 1, wx_simd_i32x4_shr_s, WX_I_I32X4_SHR_S_K},
    {"i32x4.shr_u", 0xAD, 32, 2, wx_simd_i32x4_shr_u, WX_I_I32X4_SHR_U_K},
    {"i64x2.shl", 0xCB, 64, 0, wx_simd_i64x2_shl, WX_I_I64X2_SHL_K},
    {"i64x2.shr_s", 0xCC, 64, 1, wx_simd_i64x2_shr_s, WX_I_I64X2_SHR_S_K},
    {"i64x2.shr_u", 0xCD, 64, 2, wx_simd_i64x2_shr_u, WX_I_I64X2_SHR_U_K},
};
#define NSOPS (sizeof sops / sizeof sops[0])

static const uint32_t counts[] = {0, 1, 7, 8, 15, 16, 31, 32, 33, 63, 64,
                                  65, 0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu};
#define NCOUNTS (sizeof counts / sizeof counts[0])

/* Per operator, functions (param v128 x, i32 n):
 *   per count C:  S_K      x C shift         S_CONST   V C shift
 *                 S_CHAIN  x C shift C' shift (C' another count)
 *                 S_LOOP   loop: V C shift
 *   once:         S_RUN    x n shift         S_RUN_CONST V n shift
 * with V a v128.const. */
enum { S_K, S_CONST, S_CHAIN, S_LOOP, NSK };

static void test_shifts(void)
{
	int form_wrong = 0, model_diff = 0;
	wx_v128 inputs[8];
	inputs[0] = bytes_v128(0x80, 0);
	inputs[1] = bytes_v128(0x7F, 0);
	inputs[2] = bytes_v128(0xFF, 0);
	inputs[3] = bytes_v128(0x01, 0x11);
	for (int i = 4; i < 8; i++)
		inputs[i] = rand_v128();

	for (size_t so = 0; so < NSOPS; so++) {
		const struct sop *o = &sops[so];
		wx_v128 V = rand_v128();
		modb m = {0};
		buf b = {0};
		inst x;
		V.u8[15] |= 0x80; /* negative in every lane width's top lane */
		for (size_t ci = 0; ci < NCOUNTS; ci++) {
			uint32_t c = counts[ci], c2 = counts[(ci + 5) % NCOUNTS];
			i_local_get(&b, 0); i_i32_const(&b, c); i_simd(&b, o->code);
			mb_func(&m, "vi:v", "", &b); b.n = 0;
			i_v128_const(&b, V); i_i32_const(&b, c); i_simd(&b, o->code);
			mb_func(&m, "vi:v", "", &b); b.n = 0;
			i_local_get(&b, 0); i_i32_const(&b, c); i_simd(&b, o->code);
			i_i32_const(&b, c2); i_simd(&b, o->code);
			mb_func(&m, "vi:v", "", &b); b.n = 0;
			i_loop(&b, 0x7B); i_v128_const(&b, V); i_i32_const(&b, c);
			i_simd(&b, o->code); i_end(&b);
			mb_func(&m, "vi:v", "", &b); b.n = 0;
		}
		i_local_get(&b, 0); i_local_get(&b, 1); i_simd(&b, o->code);
		uint32_t f_run = mb_func(&m, "vi:v", "", &b); b.n = 0;
		i_v128_const(&b, V); i_local_get(&b, 1); i_simd(&b, o->code);
		uint32_t f_run_const = mb_func(&m, "vi:v", "", &b);
		b_free(&b);
		if (!inst_new(&x, &m)) {
			CHECK(!"shift module instantiates");
			continue;
		}
		for (size_t ci = 0; ci < NCOUNTS; ci++) {
			uint32_t c = counts[ci], c2 = counts[(ci + 5) % NCOUNTS];
			uint32_t f0 = (uint32_t)(ci * NSK);
			int n = count_form(&x, f0 + S_K, o->k);
			if (n < 0)
				form_skips++;
			else
				form_wrong += n != 1;
			for (size_t ii = 0; ii < 8; ii++) {
				wx_v128 a = inputs[ii], got;
				wexec_val args[2] = {val_v128(a), val_i32(c)};
				wexec_error err;
				wexec_status s;
				char what[96];
				if (memcmp(o->fn(a, c).u8,
				           model_shift(a, o->w, o->kind, c).u8, 16))
					model_diff++;
				snprintf(what, sizeof what, "%s by %u (constant)",
				         o->name, c);
				s = call(&x, f0 + S_K, args, 2, &got, &err);
				check_v128(what, s, &err, got,
				           model_shift(a, o->w, o->kind, c), 0);
				snprintf(what, sizeof what, "%s by %u (run time)",
				         o->name, c);
				s = call(&x, f_run, args, 2, &got, &err);
				check_v128(what, s, &err, got,
				           model_shift(a, o->w, o->kind, c), 0);
				snprintf(what, sizeof what, "%s by %u then %u",
				         o->name, c, c2);
				s = call(&x, f0 + S_CHAIN, args, 2, &got, &err);
				check_v128(what, s, &err, got,
				           model_shift(model_shift(a, o->w, o->kind, c),
				                       o->w, o->kind, c2), 0);
			}
			wx_v128 got, want = model_shift(V, o->w, o->kind, c);
			wexec_val args[2] = {val_v128(inputs[0]), val_i32(c)};
			wexec_error err;
			wexec_status s;
			char what[96];
			snprintf(what, sizeof what, "%s of a constant by %u",
			         o->name, c);
			s = call(&x, f0 + S_CONST, args, 2, &got, &err);
			check_v128(what, s, &err, got, want, 0);
			s = call(&x, f0 + S_LOOP, args, 2, &got, &err);
			check_v128(what, s, &err, got, want, 0);
			s = call(&x, f_run_const, args, 2, &got, &err);
			check_v128(what, s, &err, got, want, 0);
		}
		inst_free(&x);
	}
	CHECK(model_diff == 0);
	CHECK(form_wrong == 0);
	/* Every vector shift has a constant-count form. */
	for (size_t so = 0; so < NSOPS; so++) {
		wx_opcode op = wx_opcode_lookup(0xFD, sops[so].code);
		CHECK(op != WX_OP_COUNT && wx_icode_k_form[op] == sops[so].k);
	}
}

/* ---------------------------------------------------------------- pooled constants */

/* P_MIX (param i32 n) (result v128) (local v128 acc, v128 t):
 *   loop
 *     acc = acc + C1 (i32x4); acc = acc ^ C2
 *     acc = shuffle(C1, acc)          (the constant as pending a)
 *     acc = acc | (C2 >>u 5 (i16x8))  (a constant shifted)
 *     t = C1; acc = acc - t (i16x8)   (local.set of a constant)
 *     acc = acc * C3 (i32x4)
 *     n = n - 1; br_if n
 *   end
 *   acc + C1 (i8x16: used after the loop too)
 * Each constant is used more than once; pooled, it is written once. */
static const uint8_t mix_lanes[16] = {0, 17, 2, 19, 4, 21, 6, 23,
                                      24, 9, 26, 11, 28, 13, 30, 15};

static wx_v128 expect_mix(uint32_t n, wx_v128 c1, wx_v128 c2, wx_v128 c3)
{
	wx_v128 acc;
	memset(&acc, 0, sizeof acc);
	do {
		acc = wx_simd_i32x4_add(acc, c1);
		acc = wx_simd_v128_xor(acc, c2);
		acc = model_shuffle(c1, acc, mix_lanes);
		acc = wx_simd_v128_or(acc, model_shift(c2, 16, 2, 5));
		acc = wx_simd_i16x8_sub(acc, c1);
		acc = wx_simd_i32x4_mul(acc, c3);
	} while (--n);
	return wx_simd_i8x16_add(acc, c1);
}

static void emit_mix(buf *b, wx_v128 c1, wx_v128 c2, wx_v128 c3)
{
	i_loop(b, 0x40);
	i_local_get(b, 1); i_v128_const(b, c1); i_simd(b, 0xAE); i_local_set(b, 1);
	i_local_get(b, 1); i_v128_const(b, c2); i_simd(b, 0x51); i_local_set(b, 1);
	i_v128_const(b, c1); i_local_get(b, 1); i_shuffle(b, mix_lanes);
	i_local_set(b, 1);
	i_local_get(b, 1); i_v128_const(b, c2); i_i32_const(b, 5);
	i_simd(b, 0x8D); i_simd(b, 0x50); i_local_set(b, 1);
	i_v128_const(b, c1); i_local_set(b, 2);
	i_local_get(b, 1); i_local_get(b, 2); i_simd(b, 0x91); i_local_set(b, 1);
	i_local_get(b, 1); i_v128_const(b, c3); i_simd(b, 0xB5); i_local_set(b, 1);
	i_local_get(b, 0); i_i32_const(b, 1); i_op(b, 0x6B); /* i32.sub */
	i_local_tee(b, 0); i_br_if(b, 0);
	i_end(b);
	i_local_get(b, 1); i_v128_const(b, c1); i_simd(b, 0x6E);
}

/* P_MANY: more constants than the pool holds (16), among them v128s
 * that share a half with each other and with an f64 constant of the
 * same loop:
 *   loop
 *     f = f + 1.5                   (pooled first)
 *     acc = acc + K[i] (i32x4) or acc ^ K[i], i = 0..NK-1
 *     n = n - 1; br_if n
 *   end
 *   acc ^ f64x2.splat f */
#define NK 22

static void many_consts(wx_v128 *ks)
{
	uint64_t x = 0x3FF8000000000000ull; /* 1.5 */
	for (int i = 0; i < NK; i++)
		ks[i] = rand_v128();
	ks[0].u64[0] = x;                   /* low half = the f64 */
	ks[1].u64[0] = x;                   /* same low half, other high */
	ks[2].u64[1] = ks[1].u64[1];        /* same high half, other low */
	ks[3].u64[0] = x;                   /* the f64's bits, high half 0 */
	ks[3].u64[1] = 0;
	ks[4] = ks[0];                      /* a repeat */
}

static wx_v128 expect_many(uint32_t n, const wx_v128 *ks)
{
	wx_v128 acc;
	double f = 0;
	memset(&acc, 0, sizeof acc);
	do {
		for (int i = 0; i < NK; i++)
			acc = (i & 1) ? wx_simd_v128_xor(acc, ks[i])
			              : wx_simd_i32x4_add(acc, ks[i]);
		f += 1.5;
	} while (--n);
	uint64_t fb;
	memcpy(&fb, &f, 8);
	acc.u64[0] ^= fb;
	acc.u64[1] ^= fb;
	return acc;
}

static void emit_many(buf *b, const wx_v128 *ks)
{
	i_loop(b, 0x40);
	i_local_get(b, 2); i_f64_const(b, 0x3FF8000000000000ull);
	i_op(b, 0xA0); /* f64.add */
	i_local_set(b, 2);
	for (int i = 0; i < NK; i++) {
		i_local_get(b, 1); i_v128_const(b, ks[i]);
		i_simd(b, (i & 1) ? 0x51 : 0xAE); i_local_set(b, 1);
	}
	i_local_get(b, 0); i_i32_const(b, 1); i_op(b, 0x6B);
	i_local_tee(b, 0); i_br_if(b, 0);
	i_end(b);
	/* f joins both halves: f64x2.splat, v128.xor */
	i_local_get(b, 1); i_local_get(b, 2); i_simd(b, 0x14); i_simd(b, 0x51);
}

static void test_pool(void)
{
	static const uint32_t ns[] = {1, 2, 3, 7, 100};
	wx_v128 c1 = rand_v128(), c2 = rand_v128(), c3 = rand_v128();
	wx_v128 ks[NK];
	modb m = {0};
	buf b = {0};
	inst x;

	many_consts(ks);
	emit_mix(&b, c1, c2, c3);
	mb_func(&m, "i:v", "vv", &b); b.n = 0;
	emit_many(&b, ks);
	mb_func(&m, "i:v", "vd", &b);
	b_free(&b);
	if (!inst_new(&x, &m)) {
		CHECK(!"pool module instantiates");
		return;
	}
	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		wexec_val arg = val_i32(ns[i]);
		wexec_error err;
		wx_v128 got;
		wexec_status s;
		char what[64];
		snprintf(what, sizeof what, "loop with constants, n=%u", ns[i]);
		s = call(&x, 0, &arg, 1, &got, &err);
		check_v128(what, s, &err, got, expect_mix(ns[i], c1, c2, c3), 0);
		snprintf(what, sizeof what, "loop with %d constants, n=%u", NK,
		         ns[i]);
		s = call(&x, 1, &arg, 1, &got, &err);
		check_v128(what, s, &err, got, expect_many(ns[i], ks), 0);
	}
	/* Pooled: one CONST128 per distinct constant, before the loop, and
	 * one for the local.set of a constant; seven without the pool. */
	int n = count_form(&x, 0, WX_I_CONST128);
	if (n < 0)
		form_skips++;
	else
		CHECK(n <= 4);
	inst_free(&x);
}

int main(void)
{
	RUN(test_shuffle);
	report_form_skips("test_shuffle");
	RUN(test_extend_idiom_twice);
	RUN(test_shuffle_shift_sequences);
	RUN(test_m_table);
	RUN(test_m_forms);
	report_form_skips("test_m_forms");
	RUN(test_m_after_grow);
	RUN(test_shifts);
	report_form_skips("test_shifts");
	RUN(test_pool);
	report_form_skips("test_pool");
	return unit_report();
}
