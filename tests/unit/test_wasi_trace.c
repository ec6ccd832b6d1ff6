/*
 * test_wasi_trace.c - WASI tracing and determinism (wexec_wasi.h,
 * wasi/trace.c, wasi/prng.c): lines as the embedder's trace callback
 * receives them for calls with good and bad pointers, errno names, cut
 * lines; every function's trace string against its parameters; and the
 * generator behind deterministic random_get against its published
 * vectors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "unit.h"
#include "wasi.h"
#include "wexec_wasi.h"

/*
 * (module
 *   (import "wasi_snapshot_preview1" "fd_write"
 *     (func $write (param i32 i32 i32 i32) (result i32)))
 *   (import "wasi_snapshot_preview1" "fd_renumber"
 *     (func $renumber (param i32 i32) (result i32)))
 *   (memory (export "memory") 1)
 *   (data (i32.const 16) "hello")
 *   (data (i32.const 32) "world")
 *   ;; one fd_write of two iovecs, "hello" and "world"; the errno
 *   (func (export "say") (param $fd i32) (result i32)
 *     (i32.store (i32.const 64) (i32.const 16))
 *     (i32.store (i32.const 68) (i32.const 5))
 *     (i32.store (i32.const 72) (i32.const 32))
 *     (i32.store (i32.const 76) (i32.const 5))
 *     (call $write (local.get $fd) (i32.const 64) (i32.const 2)
 *                  (i32.const 8)))
 *   (func (export "renumber") (param i32 i32) (result i32)
 *     (call $renumber (local.get 0) (local.get 1)))
 *   ;; the byte count the last fd_write stored
 *   (func (export "written") (result i32)
 *     (i32.load (i32.const 8))))
 */
static const uint8_t out_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x18, 0x04, 0x60,
    0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x48,
    0x02, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73,
    0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31,
    0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x00, 0x16,
    0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f,
    0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x0b, 0x66,
    0x64, 0x5f, 0x72, 0x65, 0x6e, 0x75, 0x6d, 0x62, 0x65, 0x72, 0x00, 0x01,
    0x03, 0x04, 0x03, 0x02, 0x01, 0x03, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07,
    0x25, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03,
    0x73, 0x61, 0x79, 0x00, 0x02, 0x08, 0x72, 0x65, 0x6e, 0x75, 0x6d, 0x62,
    0x65, 0x72, 0x00, 0x03, 0x07, 0x77, 0x72, 0x69, 0x74, 0x74, 0x65, 0x6e,
    0x00, 0x04, 0x0a, 0x40, 0x03, 0x2d, 0x00, 0x41, 0xc0, 0x00, 0x41, 0x10,
    0x36, 0x02, 0x00, 0x41, 0xc4, 0x00, 0x41, 0x05, 0x36, 0x02, 0x00, 0x41,
    0xc8, 0x00, 0x41, 0x20, 0x36, 0x02, 0x00, 0x41, 0xcc, 0x00, 0x41, 0x05,
    0x36, 0x02, 0x00, 0x20, 0x00, 0x41, 0xc0, 0x00, 0x41, 0x02, 0x41, 0x08,
    0x10, 0x00, 0x0b, 0x08, 0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x0b,
    0x07, 0x00, 0x41, 0x08, 0x28, 0x02, 0x00, 0x0b, 0x0b, 0x15, 0x02, 0x00,
    0x41, 0x10, 0x0b, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x41, 0x20,
    0x0b, 0x05, 0x77, 0x6f, 0x72, 0x6c, 0x64
};

/* Every line the trace callback received, in order. */
typedef struct traced {
	char lines[16][WEXEC_WASI_TRACE_MAX];
	int n;
	void *user_seen;
} traced;

static void on_trace(void *user, const char *line)
{
	traced *t = user;
	t->user_seen = user;
	CHECK(strlen(line) < WEXEC_WASI_TRACE_MAX);
	CHECK(strchr(line, '\n') == NULL);
	if (t->n < 16)
		snprintf(t->lines[t->n++], WEXEC_WASI_TRACE_MAX, "%s", line);
}

typedef struct guest {
	wexec_module *module;
	wexec_store *store;
	wexec_linker *linker;
	wexec_wasi *wasi;
	wexec_instance *inst;
} guest;

static bool guest_open(guest *g, const wexec_wasi_config *cfg)
{
	wexec_error err = WEXEC_ERROR_INIT;
	memset(g, 0, sizeof *g);
	g->store = wexec_store_new(NULL);
	g->linker = wexec_linker_new(g->store);
	if (wexec_module_new(out_wasm, sizeof out_wasm, &g->module, &err) ||
	    wexec_wasi_new(cfg, &g->wasi, &err) ||
	    wexec_wasi_link(g->wasi, g->linker, &err) ||
	    wexec_linker_instantiate(g->linker, g->module, &g->inst, &err)) {
		fprintf(stderr, "guest_open: %s\n", err.message);
		return false;
	}
	return true;
}

static void guest_close(guest *g)
{
	wexec_linker_free(g->linker);
	wexec_store_free(g->store);
	wexec_wasi_free(g->wasi);
	wexec_module_free(g->module);
}

static int32_t call(guest *g, const char *name, const wexec_val *args,
                    size_t nargs)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val res;
	if (wexec_func_call(wexec_instance_func(g->inst, name), args, nargs,
	                    &res, 1, &err)) {
		fprintf(stderr, "%s: %s\n", name, err.message);
		return -1;
	}
	return res.of.i32;
}

/* Calls the WASI function `name` straight from the linker, as the
 * embedder: there is no calling instance, so no memory, and every
 * pointer is bad. Returns the call's status. */
static wexec_status call_host(guest *g, const char *name,
                              const wexec_val *args, size_t nargs,
                              int32_t *errno_out)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_extern ext;
	wexec_val res = wexec_val_i32(-1);
	const char *mod = "wasi_snapshot_preview1";
	if (!wexec_linker_get(g->linker, mod, strlen(mod), name, strlen(name),
	                      &ext))
		return WEXEC_ERR_ARGUMENT;
	wexec_functype type;
	wexec_func_type(ext.of.func, &type);
	wexec_status st = wexec_func_call(ext.of.func, args, nargs, &res,
	                                  type.nresults, &err);
	*errno_out = res.of.i32;
	return st;
}

static void test_trace_lines(void)
{
	traced t;
	guest g;
	int32_t e;
	memset(&t, 0, sizeof t);
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.trace = on_trace;
	cfg.trace_user = &t;
	if (!guest_open(&g, &cfg)) {
		CHECK(!"guest_open");
		guest_close(&g);
		return;
	}
	/* Two iovecs, "hello" and "world": their total, the count. */
	wexec_val one = wexec_val_i32(1);
	CHECK(call(&g, "say", &one, 1) == 0);
	CHECK(t.n == 1);
	CHECK_STR(t.lines[0], "fd_write(1, [10 bytes]) = 10");
	CHECK(t.user_seen == &t);
	/* An errno by its name. */
	wexec_val ren[2] = {wexec_val_i32(7), wexec_val_i32(1)};
	CHECK(call(&g, "renumber", ren, 2) == 8);
	CHECK(t.n == 2);
	CHECK_STR(t.lines[1], "fd_renumber(7, 1) = EBADF");
	/* No memory at all: the path shows as a bad pointer, the flags by
	 * name; fd 0 is no directory. An output pointer of a failed call
	 * shows as its address. */
	wexec_val open[9] = {
	    wexec_val_i32(0),        wexec_val_i32(1), wexec_val_i32(16),
	    wexec_val_i32(5),        wexec_val_i32(9), wexec_val_i64(0x42),
	    wexec_val_i64(0),        wexec_val_i32(0), wexec_val_i32(100)};
	CHECK(call_host(&g, "path_open", open, 9, &e) == WEXEC_OK);
	CHECK(t.n == 3);
	CHECK_STR(t.lines[2], "path_open(0, SYMLINK_FOLLOW, <bad pointer>, "
	                      "oflags=CREAT|TRUNC, rights=0x42, "
	                      "inheriting=0x0) = ENOTDIR");
	wexec_val fst[2] = {wexec_val_i32(1), wexec_val_i32(64)};
	CHECK(call_host(&g, "fd_fdstat_get", fst, 2, &e) == WEXEC_OK);
	CHECK_STR(t.lines[3], "fd_fdstat_get(1, 0x40) = EFAULT");
	wexec_val seek[4] = {wexec_val_i32(1), wexec_val_i64(-5),
	                     wexec_val_i32(2), wexec_val_i32(0)};
	CHECK(call_host(&g, "fd_seek", seek, 4, &e) == WEXEC_OK);
	CHECK(strncmp(t.lines[4], "fd_seek(1, -5, END) = E", 23) == 0);
	/* A call that ends the program has no result. */
	wexec_val code = wexec_val_i32(5);
	CHECK(call_host(&g, "proc_exit", &code, 1, &e) == WEXEC_ERR_EXIT);
	CHECK_STR(t.lines[5], "proc_exit(5)");
	CHECK(t.n == 6);
	guest_close(&g);
}

/* A config from wexec_wasi_config_init() carries its size, and no field
 * past it is read: one "compiled before" trace existed traces nothing. */
static void test_config_size(void)
{
	traced t;
	guest g;
	memset(&t, 0, sizeof t);
	wexec_wasi_config cfg;
	memset(&cfg, 0xAB, sizeof cfg);
	wexec_wasi_config_init(&cfg);
	CHECK(cfg.size == sizeof cfg && cfg.argv == NULL && cfg.trace == NULL &&
	      !cfg.deterministic);
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.trace = on_trace;
	cfg.trace_user = &t;
	cfg.size = offsetof(wexec_wasi_config, trace);
	if (!guest_open(&g, &cfg)) {
		CHECK(!"guest_open");
		guest_close(&g);
		return;
	}
	wexec_val one = wexec_val_i32(1);
	CHECK(call(&g, "say", &one, 1) == 0);
	CHECK(t.n == 0);
	guest_close(&g);
}

/* A line longer than the limit is cut, and says so. */
static void test_trace_cut(void)
{
	traced t;
	guest g;
	int32_t e;
	char arg[300];
	const char *argv[8];
	memset(&t, 0, sizeof t);
	memset(arg, 'a', sizeof arg - 1);
	arg[sizeof arg - 1] = '\0';
	for (int i = 0; i < 8; i++)
		argv[i] = arg;
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.argv = argv;
	cfg.argc = 8;
	cfg.trace = on_trace;
	cfg.trace_user = &t;
	if (guest_open(&g, &cfg)) {
		wexec_val a[2] = {wexec_val_i32(0), wexec_val_i32(64)};
		CHECK(call_host(&g, "args_get", a, 2, &e) == WEXEC_OK);
		CHECK(t.n == 1);
		size_t len = strlen(t.lines[0]);
		CHECK(len == WEXEC_WASI_TRACE_MAX - 1);
		CHECK(strncmp(t.lines[0], "args_get([\"aaa", 14) == 0);
		CHECK(strcmp(t.lines[0] + len - 3, "...") == 0);
	} else {
		CHECK(!"guest_open");
	}
	guest_close(&g);
}

/* Deterministic clocks, through the host functions: a read that cannot
 * be stored does not move the clock. */
static void test_deterministic_clock(void)
{
	traced t;
	guest g;
	int32_t e;
	memset(&t, 0, sizeof t);
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.deterministic = true;
	cfg.trace = on_trace;
	cfg.trace_user = &t;
	if (guest_open(&g, &cfg)) {
		wexec_val a[3] = {wexec_val_i32(1), wexec_val_i64(0),
		                  wexec_val_i32(8)};
		CHECK(call_host(&g, "clock_time_get", a, 3, &e) == WEXEC_OK);
		CHECK(e == 21); /* EFAULT: no memory */
		CHECK(g.wasi->vclock == 0);
		CHECK_STR(t.lines[0], "clock_time_get(MONOTONIC, 0) = EFAULT");
	} else {
		CHECK(!"guest_open");
	}
	guest_close(&g);
}

/* Each row's trace string takes as many wasm arguments as it has. */
static void test_trace_strings(void)
{
	const wasi_func *const tables[] = {wasi_funcs_misc, wasi_funcs_fd,
	                                   wasi_funcs_path, wasi_funcs_sock};
	size_t rows = 0;
	for (size_t i = 0; i < 4; i++)
		for (const wasi_func *f = tables[i]; f->name; f++, rows++) {
			CHECK(f->trace != NULL);
			if (f->trace &&
			    wasi_trace_arity(f->trace) != strlen(f->params)) {
				fprintf(stderr, "%s: trace \"%s\" for \"%s\"\n",
				        f->name, f->trace, f->params);
				CHECK(!"trace string matches the parameters");
			}
		}
	CHECK(rows == 46);
}

/* splitmix64's first outputs from 0, and xoshiro256**'s from the state
 * {1, 2, 3, 4}, as the authors' reference code gives them. */
static void test_prng(void)
{
	uint64_t s[4];
	wasi_prng_seed(s, 0);
	CHECK(s[0] == 0xe220a8397b1dcdafull);
	CHECK(s[1] == 0x6e789e6aa1b965f4ull);
	CHECK(s[2] == 0x06c45d188009454full);
	CHECK(s[3] == 0xf88bb8a8724c81ecull);
	static const uint64_t want[] = {
	    11520ull,
	    0ull,
	    1509978240ull,
	    1215971899390074240ull,
	    1216172134540287360ull,
	    607988272756665600ull,
	    16172922978634559625ull,
	    8476171486693032832ull,
	    10595114339597558777ull,
	    2904607092377533576ull,
	};
	uint64_t x[4] = {1, 2, 3, 4};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		CHECK(wasi_prng_next(x) == want[i]);
	/* Bytes come little-endian, a word's leftover bytes dropped. */
	uint64_t y[4] = {1, 2, 3, 4};
	uint8_t b[10];
	wasi_prng_fill(y, b, 3);
	CHECK(b[0] == 0x00 && b[1] == 0x2d && b[2] == 0x00);
	wasi_prng_fill(y, b, 10); /* outputs 2 and 3 */
	CHECK(b[0] == 0 && b[7] == 0);
	CHECK(b[8] == (1509978240ull & 0xff) &&
	      b[9] == ((1509978240ull >> 8) & 0xff));
	/* One seed, one stream; another seed, another. */
	uint64_t p[4], q[4], r[4];
	wasi_prng_seed(p, 42);
	wasi_prng_seed(q, 42);
	wasi_prng_seed(r, 43);
	bool same = true, differ = false;
	for (int i = 0; i < 100; i++) {
		uint64_t a = wasi_prng_next(p), c = wasi_prng_next(r);
		same &= a == wasi_prng_next(q);
		differ |= a != c;
	}
	CHECK(same);
	CHECK(differ);
}

int main(void)
{
	RUN(test_trace_lines);
	RUN(test_config_size);
	RUN(test_trace_cut);
	RUN(test_deterministic_clock);
	RUN(test_trace_strings);
	RUN(test_prng);
	return unit_report();
}
