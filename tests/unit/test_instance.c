/*
 * test_instance.c - instantiation's evaluation of constant expressions
 * (spec: exec/instructions.rst, "Expressions"; valid/instructions.rst,
 * "Constant Expressions"), with the iNN.add, iNN.sub and iNN.mul that
 * extended constant expressions (WebAssembly 3.0) allow: results wrap
 * around as the instructions do in a function, and global.get of an
 * imported global is read at instantiation, in global initialisers and
 * segment offsets alike. Modules are built byte by byte below.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "wexec.h"

typedef struct buf {
	uint8_t b[4096];
	size_t n;
} buf;

static void put(buf *o, const void *p, size_t n)
{
	if (o->n + n > sizeof o->b)
		abort();
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void put_byte(buf *o, uint8_t b)
{
	put(o, &b, 1);
}

static void put_u32(buf *o, uint32_t v)
{
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		put_byte(o, (uint8_t)(b | (v ? 0x80 : 0)));
	} while (v);
}

static void put_s64(buf *o, int64_t v)
{
	for (;;) {
		uint8_t b = (uint8_t)(v & 0x7f);
		v >>= 7; /* arithmetic shift: gcc and clang */
		if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
			put_byte(o, b);
			return;
		}
		put_byte(o, (uint8_t)(b | 0x80));
	}
}

static void put_name(buf *o, const char *name)
{
	put_u32(o, (uint32_t)strlen(name));
	put(o, name, strlen(name));
}

static void section(buf *mod, uint8_t id, const buf *content)
{
	put_byte(mod, id);
	put_u32(mod, (uint32_t)content->n);
	put(mod, content->b, content->n);
}

/* Instructions of constant expressions. */
enum {
	GLOBAL_GET = 0x23,
	I32_CONST = 0x41,
	I64_CONST = 0x42,
	I32_ADD = 0x6a,
	I32_SUB = 0x6b,
	I32_MUL = 0x6c,
	I64_ADD = 0x7c,
	I64_SUB = 0x7d,
	I64_MUL = 0x7e,
	END = 0x0b,
};

static void i32c(buf *o, int32_t v)
{
	put_byte(o, I32_CONST);
	put_s64(o, v);
}

static void i64c(buf *o, int64_t v)
{
	put_byte(o, I64_CONST);
	put_s64(o, v);
}

static void global_get(buf *o, uint32_t index)
{
	put_byte(o, GLOBAL_GET);
	put_u32(o, index);
}

/* A defined global of `type` (0x7f i32, 0x7e i64) exported as `name`:
 * its initialiser goes to *globals, its export to *exports. */
static void add_global(buf *globals, buf *exports, uint32_t index,
                       const char *name, uint8_t type, const buf *init)
{
	put_byte(globals, type);
	put_byte(globals, 0x00); /* immutable */
	put(globals, init->b, init->n);
	put_byte(globals, END);
	put_name(exports, name);
	put_byte(exports, 0x03);
	put_u32(exports, index);
}

/*
 * (module
 *   (import "env" "g" (global i32))                      ;; 0
 *   (import "env" "h" (global i64))                      ;; 1
 *   (func $f)
 *   (table (export "tab") 4 funcref)
 *   (memory (export "mem") 1)
 *   (global (export "mul_wrap") i32                      ;; 2
 *     (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
 *   (global (export "mul_neg") i32                       ;; 3
 *     (i32.mul (i32.const 0x7fffffff) (i32.const 2)))
 *   (global (export "add_wrap") i32                      ;; 4
 *     (i32.add (i32.const 0x7fffffff) (i32.const 1)))
 *   (global (export "sub_neg") i64                       ;; 5
 *     (i64.sub (i64.const 0) (i64.const 1)))
 *   (global (export "sub_min") i64                       ;; 6
 *     (i64.sub (i64.const 0x8000000000000000) (i64.const 1)))
 *   (global (export "mul64") i64                         ;; 7
 *     (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))
 *   (global (export "from_g") i32                        ;; 8
 *     (i32.add (i32.mul (global.get 0) (i32.const 4)) (i32.const 8)))
 *   (global (export "from_h") i64                        ;; 9
 *     (i64.add (i64.sub (global.get 1) (i64.const 1))
 *              (i64.mul (i64.const 2) (i64.const 3))))
 *   (elem (i32.sub (i32.const 3) (i32.const 1)) $f)      ;; with_segments
 *   (data (i32.add (global.get 0) (i32.const 1)) "x"))   ;; with_segments
 */
static void build(buf *mod, bool with_segments)
{
	buf s = {{0}, 0}, globals = {{0}, 0}, exports = {{0}, 0}, e = {{0}, 0};
	uint32_t n = 0;
	mod->n = 0;
	put(mod, "\0asm\1\0\0\0", 8);
	put(&s, "\x01\x60\x00\x00", 4);
	section(mod, 1, &s);
	s.n = 0;
	put_byte(&s, 2);
	put_name(&s, "env");
	put_name(&s, "g");
	put(&s, "\x03\x7f\x00", 3); /* global i32, immutable */
	put_name(&s, "env");
	put_name(&s, "h");
	put(&s, "\x03\x7e\x00", 3); /* global i64, immutable */
	section(mod, 2, &s);
	s.n = 0;
	put(&s, "\x01\x00", 2);
	section(mod, 3, &s);
	s.n = 0;
	put(&s, "\x01\x70\x00\x04", 4);
	section(mod, 4, &s);
	s.n = 0;
	put(&s, "\x01\x00\x01", 3);
	section(mod, 5, &s);

	i32c(&e, 0x10000);
	i32c(&e, 0x10000);
	put_byte(&e, I32_MUL);
	add_global(&globals, &exports, 2 + n++, "mul_wrap", 0x7f, &e);
	e.n = 0;
	i32c(&e, 0x7fffffff);
	i32c(&e, 2);
	put_byte(&e, I32_MUL);
	add_global(&globals, &exports, 2 + n++, "mul_neg", 0x7f, &e);
	e.n = 0;
	i32c(&e, 0x7fffffff);
	i32c(&e, 1);
	put_byte(&e, I32_ADD);
	add_global(&globals, &exports, 2 + n++, "add_wrap", 0x7f, &e);
	e.n = 0;
	i64c(&e, 0);
	i64c(&e, 1);
	put_byte(&e, I64_SUB);
	add_global(&globals, &exports, 2 + n++, "sub_neg", 0x7e, &e);
	e.n = 0;
	i64c(&e, INT64_MIN);
	i64c(&e, 1);
	put_byte(&e, I64_SUB);
	add_global(&globals, &exports, 2 + n++, "sub_min", 0x7e, &e);
	e.n = 0;
	i64c(&e, INT64_C(0x100000000));
	i64c(&e, INT64_C(0x100000001));
	put_byte(&e, I64_MUL);
	add_global(&globals, &exports, 2 + n++, "mul64", 0x7e, &e);
	e.n = 0;
	global_get(&e, 0);
	i32c(&e, 4);
	put_byte(&e, I32_MUL);
	i32c(&e, 8);
	put_byte(&e, I32_ADD);
	add_global(&globals, &exports, 2 + n++, "from_g", 0x7f, &e);
	e.n = 0;
	global_get(&e, 1);
	i64c(&e, 1);
	put_byte(&e, I64_SUB);
	i64c(&e, 2);
	i64c(&e, 3);
	put_byte(&e, I64_MUL);
	put_byte(&e, I64_ADD);
	add_global(&globals, &exports, 2 + n++, "from_h", 0x7e, &e);

	s.n = 0;
	put_u32(&s, n);
	put(&s, globals.b, globals.n);
	section(mod, 6, &s);
	s.n = 0;
	put_u32(&s, n + 2);
	put(&s, exports.b, exports.n);
	put_name(&s, "tab");
	put(&s, "\x01\x00", 2);
	put_name(&s, "mem");
	put(&s, "\x02\x00", 2);
	section(mod, 7, &s);
	if (with_segments) {
		s.n = 0;
		put(&s, "\x01\x00", 2); /* one active funcref segment */
		i32c(&s, 3);
		i32c(&s, 1);
		put_byte(&s, I32_SUB);
		put_byte(&s, END);
		put(&s, "\x01\x00", 2);
		section(mod, 9, &s);
	}
	s.n = 0;
	put(&s, "\x01\x02\x00\x0b", 4);
	section(mod, 10, &s);
	if (with_segments) {
		s.n = 0;
		put(&s, "\x01\x00", 2); /* one active segment, memory 0 */
		global_get(&s, 0);
		i32c(&s, 1);
		put_byte(&s, I32_ADD);
		put_byte(&s, END);
		put(&s, "\x01x", 2);
		section(mod, 11, &s);
	}
}

typedef struct world {
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *module;
	wexec_instance *inst;
} world;

/* Instantiates the module of build() with env::g = g and env::h = h. */
static bool instantiate(world *w, bool with_segments, int32_t g, int64_t h)
{
	static buf mod;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val gv = wexec_val_i32(g), hv = wexec_val_i64(h);
	wexec_extern ext = {WEXEC_EXTERN_GLOBAL, {.global = NULL}};
	memset(w, 0, sizeof *w);
	build(&mod, with_segments);
	w->store = wexec_store_new(NULL);
	w->linker = w->store ? wexec_linker_new(w->store) : NULL;
	if (!w->linker ||
	    wexec_module_new(mod.b, mod.n, &w->module, &err) != WEXEC_OK ||
	    wexec_global_new(w->store, &gv, false, &ext.of.global, &err) ||
	    wexec_linker_define(w->linker, "env", "g", &ext, &err) ||
	    wexec_global_new(w->store, &hv, false, &ext.of.global, &err) ||
	    wexec_linker_define(w->linker, "env", "h", &ext, &err) ||
	    wexec_linker_instantiate(w->linker, w->module, &w->inst, &err)) {
		fprintf(stderr, "  instantiate: %s\n", err.message);
		return false;
	}
	return true;
}

static void world_free(world *w)
{
	if (w->linker)
		wexec_linker_free(w->linker);
	if (w->store)
		wexec_store_free(w->store);
	if (w->module)
		wexec_module_free(w->module);
}

static wexec_val global(const world *w, const char *name)
{
	wexec_val v;
	wexec_global *g = wexec_instance_global(w->inst, name);
	memset(&v, 0, sizeof v);
	CHECK(g != NULL);
	if (g)
		wexec_global_get(g, &v);
	return v;
}

/* Integer arithmetic wraps around, modulo 2^32 and 2^64. */
static void test_wrap_around(void)
{
	world w;
	CHECK(instantiate(&w, true, 100, 0));
	if (w.inst) {
		CHECK(global(&w, "mul_wrap").of.i32 == 0);
		CHECK(global(&w, "mul_neg").of.i32 == -2);
		CHECK(global(&w, "add_wrap").of.i32 == INT32_MIN);
		CHECK(global(&w, "sub_neg").of.i64 == -1);
		CHECK(global(&w, "sub_min").of.i64 == INT64_MAX);
		CHECK(global(&w, "mul64").of.i64 == INT64_C(0x100000000));
	}
	world_free(&w);
}

/* global.get of an imported global reads the value the linker gave. */
static void test_imported_global(void)
{
	world w;
	CHECK(instantiate(&w, true, 100, 0));
	if (w.inst) {
		CHECK(global(&w, "from_g").of.i32 == 408);
		CHECK(global(&w, "from_h").of.i64 == 5);
	}
	world_free(&w);
	/* The same expressions wrap around with other imports. */
	CHECK(instantiate(&w, false, 0x40000000, INT64_MIN));
	if (w.inst) {
		CHECK(global(&w, "from_g").of.i32 == 8);
		CHECK(global(&w, "from_h").of.i64 == INT64_MIN + 5);
	}
	world_free(&w);
}

/* Segment offsets: the element goes to slot 3 - 1, the byte to g + 1. */
static void test_segment_offsets(void)
{
	world w;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val v;
	CHECK(instantiate(&w, true, 100, 0));
	if (w.inst) {
		wexec_table *t = wexec_instance_table(w.inst, "tab");
		wexec_memory *m = wexec_instance_memory(w.inst, "mem");
		CHECK(t && m);
		if (t && m) {
			CHECK(wexec_table_get(t, 2, &v, &err) == WEXEC_OK &&
			      v.of.funcref != NULL);
			CHECK(wexec_table_get(t, 1, &v, &err) == WEXEC_OK &&
			      v.of.funcref == NULL);
			CHECK(wexec_memory_data(m)[101] == 'x');
			CHECK(wexec_memory_data(m)[100] == 0);
		}
	}
	world_free(&w);
}

int main(void)
{
	RUN(test_wrap_around);
	RUN(test_imported_global);
	RUN(test_segment_offsets);
	return unit_report();
}
