/*
 * test_wasi_output.c - where a WASI guest's output goes (wexec_wasi.h):
 * to the embedder's callback as it is written, with the
 * stream it was written to and the callback's refusal as EIO, and into
 * capture buffers that the embedder can empty between calls. Through the
 * public API only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
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

#define WASI_EIO 29

/* What the output callback saw, and when it refuses. */
typedef struct sink {
	char text[3][64]; /* per fd: every byte received, in order */
	int calls;
	int refuse_at; /* refuse the call with this number (1-based), or 0 */
	void *user_seen;
} sink;

static bool on_output(void *user, int fd, const uint8_t *data, size_t len)
{
	sink *s = user;
	s->user_seen = user;
	s->calls++;
	if (s->calls == s->refuse_at)
		return false;
	if (fd < 1 || fd > 2 || len == 0)
		return false; /* shows as a failed check below */
	strncat(s->text[fd], (const char *)data, len);
	return true;
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

/* Calls an export of one or two i32 parameters; its i32 result. */
static int32_t call(guest *g, const char *name, int32_t a, int32_t b,
                    size_t nargs)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val args[2] = {wexec_val_i32(a), wexec_val_i32(b)}, res;
	if (wexec_func_call(wexec_instance_func(g->inst, name), args, nargs,
	                    &res, 1, &err)) {
		fprintf(stderr, "%s: %s\n", name, err.message);
		return -1;
	}
	return res.of.i32;
}

static void test_callback(void)
{
	sink s;
	memset(&s, 0, sizeof s);
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdout_mode = WEXEC_WASI_STDIO_CALLBACK;
	cfg.stderr_mode = WEXEC_WASI_STDIO_CALLBACK;
	cfg.output = on_output;
	cfg.output_user = &s;
	guest g;
	CHECK(guest_open(&g, &cfg));
	if (!g.inst)
		goto done;
	CHECK(call(&g, "say", 1, 0, 1) == 0);
	CHECK(call(&g, "written", 0, 0, 0) == 10);
	CHECK_STR(s.text[1], "helloworld");
	CHECK(s.calls == 2 && s.user_seen == &s);
	CHECK(call(&g, "say", 2, 0, 1) == 0);
	CHECK_STR(s.text[2], "helloworld");
	CHECK_STR(s.text[1], "helloworld");

	/* Nothing is captured in this mode. */
	size_t len = 99;
	CHECK(wexec_wasi_stdout(g.wasi, &len) == NULL && len == 0);
	CHECK(wexec_wasi_stderr(g.wasi, &len) == NULL && len == 0);

	/* A renumbered stdout is still stream 1 to the callback: fd 2 is
	 * stdout's entry now, and fd 1 is closed. */
	CHECK(call(&g, "renumber", 1, 2, 2) == 0);
	memset(s.text, 0, sizeof s.text);
	CHECK(call(&g, "say", 2, 0, 1) == 0);
	CHECK_STR(s.text[1], "helloworld");
	CHECK_STR(s.text[2], "");
	CHECK(call(&g, "say", 1, 0, 1) == 8); /* EBADF */

	/* Refused at the first piece: EIO. At the second: a short write. */
	memset(s.text, 0, sizeof s.text);
	s.refuse_at = s.calls + 1;
	CHECK(call(&g, "say", 2, 0, 1) == WASI_EIO);
	CHECK_STR(s.text[1], "");
	s.refuse_at = s.calls + 2;
	CHECK(call(&g, "say", 2, 0, 1) == 0);
	CHECK(call(&g, "written", 0, 0, 0) == 5);
	CHECK_STR(s.text[1], "hello");
done:
	guest_close(&g);
}

/* One stream to the callback, the other to a buffer. */
static void test_callback_and_buffer(void)
{
	sink s;
	memset(&s, 0, sizeof s);
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stderr_mode = WEXEC_WASI_STDIO_CALLBACK;
	cfg.output = on_output;
	cfg.output_user = &s;
	guest g;
	CHECK(guest_open(&g, &cfg));
	if (!g.inst)
		goto done;
	CHECK(call(&g, "say", 1, 0, 1) == 0);
	CHECK(call(&g, "say", 2, 0, 1) == 0);
	size_t len = 0;
	const uint8_t *out = wexec_wasi_stdout(g.wasi, &len);
	CHECK(len == 10 && out && memcmp(out, "helloworld", 10) == 0);
	CHECK(wexec_wasi_stderr(g.wasi, &len) == NULL && len == 0);
	CHECK_STR(s.text[2], "helloworld");
	CHECK_STR(s.text[1], "");
done:
	guest_close(&g);
}

static void test_clear_output(void)
{
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stderr_mode = WEXEC_WASI_STDIO_BUFFER;
	guest g;
	CHECK(guest_open(&g, &cfg));
	if (!g.inst)
		goto done;
	size_t len = 0;
	CHECK(call(&g, "say", 1, 0, 1) == 0);
	CHECK(call(&g, "say", 2, 0, 1) == 0);
	CHECK(wexec_wasi_stdout(g.wasi, &len) && len == 10);
	wexec_wasi_clear_output(g.wasi);
	CHECK(wexec_wasi_stdout(g.wasi, &len) == NULL && len == 0);
	CHECK(wexec_wasi_stderr(g.wasi, &len) == NULL && len == 0);
	/* The next call's output alone, and capture goes on. */
	CHECK(call(&g, "say", 1, 0, 1) == 0);
	const uint8_t *out = wexec_wasi_stdout(g.wasi, &len);
	CHECK(len == 10 && out && memcmp(out, "helloworld", 10) == 0);
	CHECK(wexec_wasi_stderr(g.wasi, &len) == NULL && len == 0);
	wexec_wasi_clear_output(NULL); /* does nothing */
done:
	guest_close(&g);
}

static void test_callback_config_errors(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_wasi *w = NULL;
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stderr_mode = WEXEC_WASI_STDIO_CALLBACK;
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "WEXEC_WASI_STDIO_CALLBACK needs config->output");
	CHECK(w == NULL);
	wexec_error_clear(&err);
	cfg.stderr_mode = WEXEC_WASI_STDIO_INHERIT;
	cfg.stdin_mode = WEXEC_WASI_STDIO_CALLBACK;
	cfg.output = on_output;
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_ERR_ARGUMENT);
	CHECK(strstr(err.message, "stdin cannot be") == err.message);
	CHECK(w == NULL);
}

int main(void)
{
	RUN(test_callback);
	RUN(test_callback_and_buffer);
	RUN(test_clear_output);
	RUN(test_callback_config_errors);
	return unit_report();
}
