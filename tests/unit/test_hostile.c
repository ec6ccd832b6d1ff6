/*
 * test_hostile.c - modules built to make the translator's work grow faster
 * than their size (spec: exec/instructions.rst for what the branches do;
 * docs/interp.md for the translation). Each runs through the public API,
 * must give the right result, and must translate to code linear in its
 * body: many branches to a label of many values (br_if, br_table, a branch
 * out of the function) move the values with one copy, and the entries of
 * a br_table that name one label share one pad; tables of millions of
 * null elements cost no memory until written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "decode.h"
#include "runtime.h"
#include "unit.h"
#include "wexec.h"

typedef struct buf {
	uint8_t *p;
	size_t n, cap;
} buf;

static void put(buf *b, uint8_t v)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	b->p[b->n++] = v;
}

static void put_u32(buf *b, uint32_t v)
{
	do {
		uint8_t byte = v & 0x7F;
		v >>= 7;
		put(b, (uint8_t)(byte | (v ? 0x80 : 0)));
	} while (v);
}

static void put_buf(buf *b, const buf *from)
{
	for (size_t i = 0; i < from->n; i++)
		put(b, from->p[i]);
}

static void section(buf *m, uint8_t id, const buf *contents)
{
	put(m, id);
	put_u32(m, (uint32_t)contents->n);
	put_buf(m, contents);
}

enum { BR_IF, BR_TABLE, RETURN };

/* N distinct i32 constants 0..N-1 */
static void constants(buf *f, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		put(f, 0x41);
		put_u32(f, i % 64); /* one-byte s32: 0..63 */
	}
}

/*
 * Types: 0 (param i32) (result i32), 1 (result i32 x N),
 * 2 (param i32) (result i32 x N). Function 0, exported "f", returns the
 * sum of N values that took `kind` of branch N times (taken when its
 * argument is nonzero) to a label of N results:
 *   BR_IF:    block (type 1) consts (local.get 0 br_if 0)*N end, adds
 *   BR_TABLE: block (type 1) consts local.get 0 br_table 0*N 0 end, adds
 *   RETURN:   call function 1 = consts (local.get 0 br_if 0)*N, adds
 */
static void build(buf *m, int kind, uint32_t n, size_t *body_len)
{
	buf s = {0}, f = {0}, g = {0};
	static const uint8_t magic[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	for (size_t i = 0; i < sizeof magic; i++)
		put(m, magic[i]);

	put_u32(&s, 3);
	put(&s, 0x60), put_u32(&s, 1), put(&s, 0x7F), put_u32(&s, 1),
	    put(&s, 0x7F);
	put(&s, 0x60), put_u32(&s, 0), put_u32(&s, n);
	for (uint32_t i = 0; i < n; i++)
		put(&s, 0x7F);
	put(&s, 0x60), put_u32(&s, 1), put(&s, 0x7F), put_u32(&s, n);
	for (uint32_t i = 0; i < n; i++)
		put(&s, 0x7F);
	section(m, 1, &s);

	s.n = 0;
	put_u32(&s, kind == RETURN ? 2 : 1);
	put_u32(&s, 0);
	if (kind == RETURN)
		put_u32(&s, 2);
	section(m, 3, &s);

	s.n = 0;
	put_u32(&s, 1), put_u32(&s, 1), put(&s, 'f'), put(&s, 0),
	    put_u32(&s, 0);
	section(m, 7, &s);

	put_u32(&f, 0); /* no locals */
	if (kind == RETURN) {
		put(&f, 0x20), put_u32(&f, 0), put(&f, 0x10), put_u32(&f, 1);
	} else {
		put(&f, 0x02), put(&f, 0x01); /* block (type 1) */
		constants(&f, n);
		if (kind == BR_IF) {
			for (uint32_t i = 0; i < n; i++)
				put(&f, 0x20), put_u32(&f, 0), put(&f, 0x0D),
				    put_u32(&f, 0);
		} else {
			put(&f, 0x20), put_u32(&f, 0), put(&f, 0x0E);
			put_u32(&f, n);
			for (uint32_t i = 0; i <= n; i++)
				put_u32(&f, 0);
		}
		put(&f, 0x0B);
	}
	for (uint32_t i = 1; i < n; i++)
		put(&f, 0x6A); /* i32.add */
	put(&f, 0x0B);
	*body_len = f.n;

	s.n = 0;
	put_u32(&s, kind == RETURN ? 2 : 1);
	put_u32(&s, (uint32_t)f.n);
	put_buf(&s, &f);
	if (kind == RETURN) {
		put_u32(&g, 0); /* no locals */
		constants(&g, n);
		for (uint32_t i = 0; i < n; i++)
			put(&g, 0x20), put_u32(&g, 0), put(&g, 0x0D),
			    put_u32(&g, 0);
		put(&g, 0x0B);
		put_u32(&s, (uint32_t)g.n);
		put_buf(&s, &g);
		*body_len = g.n;
	}
	section(m, 10, &s);
	free(s.p);
	free(f.p);
	free(g.p);
}

static void check_kind(int kind, const char *name)
{
	const uint32_t n = WX_MAX_FUNC_RESULTS;
	buf m = {0};
	size_t body_len = 0;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	uint32_t want = 0;
	for (uint32_t i = 0; i < n; i++)
		want += i % 64;
	build(&m, kind, n, &body_len);
	CHECK(wexec_module_new(m.p, m.n, &mod, &err) == WEXEC_OK);
	CHECK(mod && wexec_linker_instantiate(linker, mod, &inst, &err) ==
	                 WEXEC_OK);
	for (int32_t arg = 0; inst && arg < 3; arg++) {
		wexec_val a = wexec_val_i32(arg), r;
		CHECK(wexec_func_call(wexec_instance_func(inst, "f"), &a, 1, &r,
		                      1, &err) == WEXEC_OK);
		CHECK(r.of.i32 == (int32_t)want);
		if (r.of.i32 != (int32_t)want)
			fprintf(stderr, "  %s(%d): got %d, want %u\n", name,
			        arg, r.of.i32, want);
	}
	/* The translated branching function is linear in its body: without
	 * the shared pads and wide copies it was about n * n cells. */
	wx_code *code = NULL;
	uint32_t fi = kind == RETURN ? 1 : 0;
	CHECK(mod && wx_compile_func((const wx_module *)mod, fi, &code,
	                             &err) == WEXEC_OK);
	CHECK(code && code->ncells <= 8 * body_len);
	if (code && code->ncells > 8 * body_len)
		fprintf(stderr, "  %s: %zu cells for a %zu-byte body\n", name,
		        code->ncells, body_len);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(mod);
	free(m.p);
}

/* Resident memory of this process in KB, from /proc; 0 when unknown. */
static long resident_kb(void)
{
	char line[256];
	long kb = 0;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* 50 tables of 10M null elements: 4 GB when every element was written at
 * instantiation; now the untouched elements cost nothing. Function 0,
 * "f", returns table.size of the last table. */
static void build_tables(buf *m)
{
	buf s = {0};
	static const uint8_t magic[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	static const uint8_t body[] = {0x00, 0xFC, 0x10, 49, 0x0B};
	for (size_t i = 0; i < sizeof magic; i++)
		put(m, magic[i]);
	put_u32(&s, 1), put(&s, 0x60), put_u32(&s, 0), put_u32(&s, 1),
	    put(&s, 0x7F);
	section(m, 1, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, 0);
	section(m, 3, &s);
	s.n = 0;
	put_u32(&s, 50);
	for (int i = 0; i < 50; i++)
		put(&s, 0x70), put(&s, 0x00), put_u32(&s, 10000000);
	section(m, 4, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, 1), put(&s, 'f'), put(&s, 0),
	    put_u32(&s, 0);
	section(m, 7, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, sizeof body);
	for (size_t i = 0; i < sizeof body; i++)
		put(&s, body[i]);
	section(m, 10, &s);
	free(s.p);
}

static void test_lazy_tables(void)
{
	buf m = {0};
	build_tables(&m);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	wexec_val r;
	long before = resident_kb();
	CHECK(wexec_module_new(m.p, m.n, &mod, &err) == WEXEC_OK);
	CHECK(mod && wexec_linker_instantiate(linker, mod, &inst, &err) ==
	                 WEXEC_OK);
	CHECK(inst && wexec_func_call(wexec_instance_func(inst, "f"), NULL, 0,
	                              &r, 1, &err) == WEXEC_OK);
	CHECK(inst && r.of.i32 == 10000000);
	long grew = resident_kb() - before;
	if (before == 0)
		SKIP("test_lazy_tables resident size", "no /proc/self/status");
	else
		CHECK(grew < 64 * 1024);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(mod);
	free(m.p);
}

/* Calls export `name` with one i32 and returns its i32 result. */
static int32_t call_i32(wexec_instance *inst, const char *name, int32_t arg)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val a = wexec_val_i32(arg), r;
	r.of.i32 = -99;
	CHECK(wexec_func_call(wexec_instance_func(inst, name), &a, 1, &r, 1,
	                      &err) == WEXEC_OK);
	return r.of.i32;
}

/*
 * The store's budget covers memories and tables together: the 50 tables
 * do not fit 64 MB, and in (memory 1) (table 0 funcref) with a budget of
 * 4 pages and 100 elements, "mem" (memory.grow) and "tab" (table.grow
 * with null) stop where the budget ends.
 */
static void test_store_budget(void)
{
	static const uint8_t grow_wasm[] = {
	    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, /* (i32)->i32 */
	    0x03, 0x03, 0x02, 0x00, 0x00,
	    0x04, 0x04, 0x01, 0x70, 0x00, 0x00,             /* table 0 */
	    0x05, 0x03, 0x01, 0x00, 0x01,                   /* memory 1 */
	    0x07, 0x0d, 0x02, 0x03, 'm', 'e', 'm', 0x00, 0x00,
	    0x03, 't', 'a', 'b', 0x00, 0x01,
	    0x0a, 0x12, 0x02,
	    0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b,       /* memory.grow */
	    0x09, 0x00, 0xd0, 0x70, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b,
	};
	wexec_config config = {0};
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod = NULL, *tables = NULL;
	wexec_instance *inst = NULL;
	buf m = {0};
	config.max_store_bytes = 64u << 20;
	wexec_store *store = wexec_store_new(&config);
	wexec_linker *linker = wexec_linker_new(store);
	build_tables(&m);
	CHECK(wexec_module_new(m.p, m.n, &tables, &err) == WEXEC_OK);
	CHECK(tables && wexec_linker_instantiate(linker, tables, &inst, &err) ==
	                    WEXEC_ERR_LIMIT);
	wexec_linker_free(linker);
	wexec_store_free(store);

	config.max_store_bytes = 4 * 65536 + 100 * 8;
	store = wexec_store_new(&config);
	linker = wexec_linker_new(store);
	inst = NULL;
	wexec_error_clear(&err);
	CHECK(wexec_module_new(grow_wasm, sizeof grow_wasm, &mod, &err) ==
	      WEXEC_OK);
	CHECK(mod && wexec_linker_instantiate(linker, mod, &inst, &err) ==
	                 WEXEC_OK);
	if (inst) {
		CHECK(call_i32(inst, "mem", 2) == 1);
		CHECK(call_i32(inst, "mem", 2) == -1);
		CHECK(call_i32(inst, "mem", 1) == 3);
		CHECK(call_i32(inst, "tab", 100) == 0);
		CHECK(call_i32(inst, "tab", 1) == -1);
		CHECK(call_i32(inst, "mem", 0) == 4);
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(mod);
	wexec_module_free(tables);
	free(m.p);
}

/* A module of types (param i32) (result i32) and (result i32 x nres)
 * and one function "f" of the first, with `body` (locals included). */
static void one_function(buf *m, uint32_t nres, const buf *body)
{
	buf s = {0};
	static const uint8_t magic[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	for (size_t i = 0; i < sizeof magic; i++)
		put(m, magic[i]);
	put_u32(&s, 2);
	put(&s, 0x60), put_u32(&s, 1), put(&s, 0x7F), put_u32(&s, 1),
	    put(&s, 0x7F);
	put(&s, 0x60), put_u32(&s, 0), put_u32(&s, nres);
	for (uint32_t i = 0; i < nres; i++)
		put(&s, 0x7F);
	section(m, 1, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, 0);
	section(m, 3, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, 1), put(&s, 'f'), put(&s, 0),
	    put_u32(&s, 0);
	section(m, 7, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, (uint32_t)body->n), put_buf(&s, body);
	section(m, 10, &s);
	free(s.p);
}

/* Loads and runs f(1), which must return `want`. */
static void run_f(const buf *m, int32_t want, const char *name)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	wexec_val a = wexec_val_i32(1), r;
	CHECK(wexec_module_new(m->p, m->n, &mod, &err) == WEXEC_OK);
	CHECK(mod && wexec_linker_instantiate(linker, mod, &inst, &err) ==
	                 WEXEC_OK);
	CHECK(inst && wexec_func_call(wexec_instance_func(inst, "f"), &a, 1,
	                              &r, 1, &err) == WEXEC_OK);
	CHECK(inst && r.of.i32 == want);
	if (err.status != WEXEC_OK)
		fprintf(stderr, "  %s: %s\n", name, err.message);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(mod);
}

/*
 * Shapes that made validation or translation quadratic, at sizes where
 * quadratic work would run for minutes (main's alarm ends the program
 * then): a br_table of 1,000,000 entries to a label of 1,000 results;
 * 60,000 pending local.gets under 60,000 blocks; 60,000 pending
 * constants under 60,000 local.get/local.set pairs.
 */
static void test_linear_shapes(void)
{
	const uint32_t n = WX_MAX_FUNC_RESULTS, t = 1000000, k = 60000;
	buf m = {0}, b = {0};
	put_u32(&b, 0);
	put(&b, 0x02), put(&b, 0x01); /* block (type 1) */
	for (uint32_t i = 0; i < n; i++)
		put(&b, 0x20), put(&b, 0x00);
	put(&b, 0x20), put(&b, 0x00), put(&b, 0x0E), put_u32(&b, t);
	for (uint32_t i = 0; i <= t; i++)
		put(&b, 0x00);
	put(&b, 0x0B);
	for (uint32_t i = 1; i < n; i++)
		put(&b, 0x1A); /* drop */
	put(&b, 0x0B);
	one_function(&m, n, &b);
	run_f(&m, 1, "br_table of 1,000,000 x 1,000");

	m.n = b.n = 0;
	put_u32(&b, 0);
	for (uint32_t i = 0; i < k; i++)
		put(&b, 0x20), put(&b, 0x00);
	for (uint32_t i = 0; i < k; i++)
		put(&b, 0x02), put(&b, 0x40), put(&b, 0x0B);
	for (uint32_t i = 1; i < k; i++)
		put(&b, 0x1A);
	put(&b, 0x0B);
	one_function(&m, 1, &b);
	run_f(&m, 1, "blocks over pending local.gets");

	m.n = b.n = 0;
	put_u32(&b, 0);
	put(&b, 0x20), put(&b, 0x00);
	for (uint32_t i = 0; i < k; i++)
		put(&b, 0x41), put(&b, 0x00);
	for (uint32_t i = 0; i < k; i++)
		put(&b, 0x20), put(&b, 0x00), put(&b, 0x21), put(&b, 0x00);
	for (uint32_t i = 0; i < k; i++)
		put(&b, 0x1A);
	put(&b, 0x0B);
	one_function(&m, 1, &b);
	run_f(&m, 1, "local.sets over pending constants");
	free(m.p);
	free(b.p);
}

/*
 * Types 0 (param i32) (result i32) and 1 (param i32 x K) (result i32 x K),
 * K the largest arity allowed. Function 0, "f", pushes K copies of its
 * argument, passes them through `n` blocks (or loops, or calls of function
 * 1, which returns its K arguments) of type 1, and adds them up.
 */
static void wide_passes(buf *m, uint8_t op, uint32_t n)
{
	const uint32_t k = WX_MAX_FUNC_PARAMS;
	buf s = {0}, f = {0};
	static const uint8_t magic[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	for (size_t i = 0; i < sizeof magic; i++)
		put(m, magic[i]);
	put_u32(&s, 2);
	put(&s, 0x60), put_u32(&s, 1), put(&s, 0x7F), put_u32(&s, 1),
	    put(&s, 0x7F);
	put(&s, 0x60), put_u32(&s, k);
	for (uint32_t i = 0; i < k; i++)
		put(&s, 0x7F);
	put_u32(&s, k);
	for (uint32_t i = 0; i < k; i++)
		put(&s, 0x7F);
	section(m, 1, &s);
	s.n = 0;
	put_u32(&s, 2), put_u32(&s, 0), put_u32(&s, 1);
	section(m, 3, &s);
	s.n = 0;
	put_u32(&s, 1), put_u32(&s, 1), put(&s, 'f'), put(&s, 0),
	    put_u32(&s, 0);
	section(m, 7, &s);

	put_u32(&f, 0);
	for (uint32_t i = 0; i < k; i++)
		put(&f, 0x20), put(&f, 0x00);
	for (uint32_t i = 0; i < n; i++) {
		if (op == 0x10) {
			put(&f, 0x10), put(&f, 0x01);
		} else {
			put(&f, op), put(&f, 0x01), put(&f, 0x0B);
		}
	}
	for (uint32_t i = 1; i < k; i++)
		put(&f, 0x6A);
	put(&f, 0x0B);
	s.n = 0;
	put_u32(&s, 2);
	put_u32(&s, (uint32_t)f.n), put_buf(&s, &f);
	f.n = 0;
	put_u32(&f, 0);
	for (uint32_t i = 0; i < k; i++)
		put(&f, 0x20), put_u32(&f, i);
	put(&f, 0x0B);
	put_u32(&s, (uint32_t)f.n), put_buf(&s, &f);
	section(m, 10, &s);
	free(s.p);
	free(f.p);
}

/* Many blocks, loops or calls in a row whose type has 1,000 parameters
 * and 1,000 results: each is a few bytes, so each may cost only a few
 * steps to validate and translate, and few cells. */
static void test_wide_in_a_row(void)
{
	static const struct {
		uint8_t op;
		const char *name;
	} shapes[] = {{0x02, "blocks"}, {0x03, "loops"}, {0x10, "calls"}};
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		buf m = {0};
		wexec_module *mod = NULL;
		wexec_error err = WEXEC_ERROR_INIT;
		wx_code *code = NULL;
		wide_passes(&m, shapes[i].op, 20000);
		run_f(&m, WX_MAX_FUNC_PARAMS, shapes[i].name);
		CHECK(wexec_module_new(m.p, m.n, &mod, &err) == WEXEC_OK);
		CHECK(mod && wx_compile_func((const wx_module *)mod, 0, &code,
		                             &err) == WEXEC_OK);
		CHECK(code && code->ncells <= 2 * m.n);
		if (code && code->ncells > 2 * m.n)
			fprintf(stderr, "  %s: %zu cells for a %zu-byte module\n",
			        shapes[i].name, code->ncells, m.n);
		wexec_module_free(mod);
		free(m.p);
	}
}

static void test_wide_br_if(void) { check_kind(BR_IF, "br_if"); }
static void test_wide_br_table(void) { check_kind(BR_TABLE, "br_table"); }
static void test_wide_return(void) { check_kind(RETURN, "return"); }

int main(void)
{
	/* Quadratic work here would run for minutes: stop it as a failure. */
	alarm(120);
	RUN(test_linear_shapes);
	RUN(test_wide_in_a_row);
	RUN(test_wide_br_if);
	RUN(test_wide_br_table);
	RUN(test_wide_return);
	RUN(test_lazy_tables);
	RUN(test_store_budget);
	return unit_report();
}
