/*
 * test_call_bytes.c - wexec_call_bytes (docs/call-bytes.md) through
 * wexec.h only: a normal call, empty input, who frees what, outputs that
 * lie outside memory or whose end wraps 32 bits, a missing alloc, exports
 * of the wrong type, a trap, alloc's own bad blocks, and an output in
 * memory the call grew. Modules are byte
 * arrays made with `wat2wasm` from the text in the comment above each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "failalloc.h"
#include "unit.h"
#include "wexec.h"

/*
 * (module
 *   (memory (export "memory") 1)
 *   (global $next (mut i32) (i32.const 1024))
 *   (global $freed (export "freed") (mut i32) (i32.const 0))
 *   (func (export "alloc") (param $n i32) (result i32)
 *     (local $p i32)
 *     global.get $next local.set $p
 *     global.get $next local.get $n i32.add global.set $next
 *     local.get $p)
 *   (func (export "dealloc") (param i32 i32)
 *     global.get $freed i32.const 1 i32.add global.set $freed)
 *   (func (export "echo") (param $p i32) (param $n i32) (result i64)
 *     local.get $p i64.extend_i32_u i64.const 32 i64.shl
 *     local.get $n i64.extend_i32_u i64.or)
 *   (func (export "hello") (param i32 i32) (result i64)
 *     i64.const 0x0000001000000005)
 *   (func (export "outside") (param i32 i32) (result i64)
 *     i64.const 0x0001000000000001)
 *   (func (export "overflow") (param i32 i32) (result i64)
 *     i64.const 0x00000010ffffffff)
 *   (func (export "wrong") (param i32) (result i32) local.get 0)
 *   (func (export "boom") (param i32 i32) (result i64) unreachable)
 *   (data (i32.const 16) "hello"))
 */
static const uint8_t plugin_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7e, 0x03, 0x09, 0x08, 0x00, 0x01, 0x02, 0x02, 0x02, 0x02,
    0x00, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x0c, 0x02, 0x7f, 0x01,
    0x41, 0x80, 0x08, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x57, 0x0a,
    0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x05, 0x66, 0x72,
    0x65, 0x65, 0x64, 0x03, 0x01, 0x05, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00,
    0x00, 0x07, 0x64, 0x65, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x01, 0x04,
    0x65, 0x63, 0x68, 0x6f, 0x00, 0x02, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
    0x00, 0x03, 0x07, 0x6f, 0x75, 0x74, 0x73, 0x69, 0x64, 0x65, 0x00, 0x04,
    0x08, 0x6f, 0x76, 0x65, 0x72, 0x66, 0x6c, 0x6f, 0x77, 0x00, 0x05, 0x05,
    0x77, 0x72, 0x6f, 0x6e, 0x67, 0x00, 0x06, 0x04, 0x62, 0x6f, 0x6f, 0x6d,
    0x00, 0x07, 0x0a, 0x53, 0x08, 0x11, 0x01, 0x01, 0x7f, 0x23, 0x00, 0x21,
    0x01, 0x23, 0x00, 0x20, 0x00, 0x6a, 0x24, 0x00, 0x20, 0x01, 0x0b, 0x09,
    0x00, 0x23, 0x01, 0x41, 0x01, 0x6a, 0x24, 0x01, 0x0b, 0x0c, 0x00, 0x20,
    0x00, 0xad, 0x42, 0x20, 0x86, 0x20, 0x01, 0xad, 0x84, 0x0b, 0x09, 0x00,
    0x42, 0x85, 0x80, 0x80, 0x80, 0x80, 0x02, 0x0b, 0x0b, 0x00, 0x42, 0x81,
    0x80, 0x80, 0x80, 0x80, 0x80, 0xc0, 0x00, 0x0b, 0x09, 0x00, 0x42, 0xff,
    0xff, 0xff, 0xff, 0x8f, 0x02, 0x0b, 0x04, 0x00, 0x20, 0x00, 0x0b, 0x03,
    0x00, 0x00, 0x0b, 0x0b, 0x0b, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x05, 0x68,
    0x65, 0x6c, 0x6c, 0x6f,
};

/*
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "echo") (param $p i32) (param $n i32) (result i64)
 *     local.get $p i64.extend_i32_u i64.const 32 i64.shl
 *     local.get $n i64.extend_i32_u i64.or))
 */
static const uint8_t noalloc_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7e, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01,
    0x00, 0x01, 0x07, 0x11, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79,
    0x02, 0x00, 0x04, 0x65, 0x63, 0x68, 0x6f, 0x00, 0x00, 0x0a, 0x0e, 0x01,
    0x0c, 0x00, 0x20, 0x00, 0xad, 0x42, 0x20, 0x86, 0x20, 0x01, 0xad, 0x84,
    0x0b,
};

/* alloc hands out a block that runs past the end of memory:
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "alloc") (param i32) (result i32) i32.const 65535)
 *   (func (export "echo") (param $p i32) (param $n i32) (result i64)
 *     i64.const 0))
 */
static const uint8_t badalloc_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7e, 0x03, 0x03,
    0x02, 0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x19, 0x03, 0x06,
    0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x05, 0x61, 0x6c, 0x6c,
    0x6f, 0x63, 0x00, 0x00, 0x04, 0x65, 0x63, 0x68, 0x6f, 0x00, 0x01, 0x0a,
    0x0d, 0x02, 0x06, 0x00, 0x41, 0xff, 0xff, 0x03, 0x0b, 0x04, 0x00, 0x42,
    0x00, 0x0b,
};

/* alloc has no block to give:
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "alloc") (param i32) (result i32) i32.const 0)
 *   (func (export "echo") (param i32 i32) (result i64) i64.const 0))
 */
static const uint8_t zero_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7e, 0x03, 0x03,
    0x02, 0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x19, 0x03, 0x06,
    0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x05, 0x61, 0x6c, 0x6c,
    0x6f, 0x63, 0x00, 0x00, 0x04, 0x65, 0x63, 0x68, 0x6f, 0x00, 0x01, 0x0a,
    0x0b, 0x02, 0x04, 0x00, 0x41, 0x00, 0x0b, 0x04, 0x00, 0x42, 0x00, 0x0b,
};

/* alloc of the wrong type:
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "alloc") (param i64) (result i32) i32.const 16)
 *   (func (export "dealloc") (param i32))
 *   (func (export "echo") (param i32 i32) (result i64) i64.const 0))
 */
static const uint8_t types_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60,
    0x01, 0x7e, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7e, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x23, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x05, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x00, 0x07, 0x64, 0x65,
    0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x01, 0x04, 0x65, 0x63, 0x68, 0x6f,
    0x00, 0x02, 0x0a, 0x0e, 0x03, 0x04, 0x00, 0x41, 0x10, 0x0b, 0x02, 0x00,
    0x0b, 0x04, 0x00, 0x42, 0x00, 0x0b,
};

/* No "memory" (it is "mem"):
 * (module
 *   (memory (export "mem") 1)
 *   (func (export "echo") (param i32 i32) (result i64) i64.const 0))
 */
static const uint8_t nomem_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7e, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01,
    0x00, 0x01, 0x07, 0x0e, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04,
    0x65, 0x63, 0x68, 0x6f, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42,
    0x00, 0x0b,
};

/* dealloc of the wrong type:
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "alloc") (param i32) (result i32) i32.const 16)
 *   (func (export "dealloc") (param i32))
 *   (func (export "echo") (param i32 i32) (result i64) i64.const 0))
 */
static const uint8_t deal_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f,
    0x01, 0x7e, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x23, 0x04, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02,
    0x00, 0x05, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x00, 0x07, 0x64, 0x65,
    0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x01, 0x04, 0x65, 0x63, 0x68, 0x6f,
    0x00, 0x02, 0x0a, 0x0e, 0x03, 0x04, 0x00, 0x41, 0x10, 0x0b, 0x02, 0x00,
    0x0b, 0x04, 0x00, 0x42, 0x00, 0x0b,
};

/* The output lies in a page the call itself added:
 * (module
 *   (memory (export "memory") 1)
 *   (func (export "alloc") (param i32) (result i32) i32.const 16)
 *   (func (export "tail") (param i32 i32) (result i64)
 *     (drop (memory.grow (i32.const 1)))
 *     (i32.store (i32.const 131068) (i32.const 0x64636261))
 *     i64.const 0x0001fffc00000004))
 */
static const uint8_t grow_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7e, 0x03, 0x03,
    0x02, 0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x19, 0x03, 0x06,
    0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x05, 0x61, 0x6c, 0x6c,
    0x6f, 0x63, 0x00, 0x00, 0x04, 0x74, 0x61, 0x69, 0x6c, 0x00, 0x01, 0x0a,
    0x24, 0x02, 0x04, 0x00, 0x41, 0x10, 0x0b, 0x1d, 0x00, 0x41, 0x01, 0x40,
    0x00, 0x1a, 0x41, 0xfc, 0xff, 0x07, 0x41, 0xe1, 0xc4, 0x8d, 0xa3, 0x06,
    0x36, 0x02, 0x00, 0x42, 0x84, 0x80, 0x80, 0x80, 0xc0, 0xff, 0xff, 0x00,
    0x0b,
};

typedef struct fixture {
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *module;
	wexec_instance *inst;
} fixture;

static bool setup(fixture *fx, const uint8_t *wasm, size_t len)
{
	wexec_error err = WEXEC_ERROR_INIT;
	memset(fx, 0, sizeof *fx);
	fx->store = wexec_store_new(NULL);
	fx->linker = fx->store ? wexec_linker_new(fx->store) : NULL;
	if (!fx->linker || wexec_module_new(wasm, len, &fx->module, &err) ||
	    wexec_linker_instantiate(fx->linker, fx->module, &fx->inst,
	                             &err)) {
		fprintf(stderr, "setup: %s\n", err.message);
		return false;
	}
	return true;
}

static void teardown(fixture *fx)
{
	wexec_linker_free(fx->linker);
	wexec_store_free(fx->store);
	wexec_module_free(fx->module);
}

static int32_t freed(const fixture *fx)
{
	wexec_val v;
	wexec_global_get(wexec_instance_global(fx->inst, "freed"), &v);
	return v.of.i32;
}

/* Calls `name` on `in` and expects a failure of `status` whose message
 * holds `phrase`, with nothing handed out. */
static void expect_error(fixture *fx, const char *name, const char *in,
                         wexec_status status, const char *phrase)
{
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *out = (uint8_t *)"x";
	size_t out_len = 99;
	wexec_status s = wexec_call_bytes(fx->inst, name, (const uint8_t *)in,
	                                  strlen(in), &out, &out_len, &err);
	CHECK(s == status);
	CHECK(err.status == status);
	CHECK(out == NULL);
	CHECK(out_len == 0);
	if (!strstr(err.message, phrase)) {
		fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message,
		        phrase);
		CHECK(!"message");
	}
}

static void test_echo(void)
{
	fixture fx;
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *out = NULL;
	size_t out_len = 0;
	CHECK(setup(&fx, plugin_wasm, sizeof plugin_wasm));
	CHECK(wexec_call_bytes(fx.inst, "echo", (const uint8_t *)"abc\0def", 7,
	                       &out, &out_len, &err) == WEXEC_OK);
	CHECK(out_len == 7 && out && memcmp(out, "abc\0def", 7) == 0);
	/* The output, then the input: both given back. */
	CHECK(freed(&fx) == 2);
	free(out);
	/* A second call gets a fresh block from alloc. */
	CHECK(wexec_call_bytes(fx.inst, "echo", (const uint8_t *)"xy", 2, &out,
	                       &out_len, &err) == WEXEC_OK);
	CHECK(out_len == 2 && memcmp(out, "xy", 2) == 0);
	free(out);
	/* Output the guest did not take from alloc: its data segment. */
	CHECK(wexec_call_bytes(fx.inst, "hello", NULL, 0, &out, &out_len,
	                       &err) == WEXEC_OK);
	CHECK(out_len == 5 && memcmp(out, "hello", 5) == 0);
	free(out);
	CHECK(err.status == WEXEC_OK);
	teardown(&fx);
}

static void test_empty(void)
{
	fixture fx;
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *out = (uint8_t *)"x";
	size_t out_len = 99;
	CHECK(setup(&fx, plugin_wasm, sizeof plugin_wasm));
	/* Empty in, empty out: (0, 0) both ways, nothing allocated or
	 * given back. */
	CHECK(wexec_call_bytes(fx.inst, "echo", NULL, 0, &out, &out_len,
	                       &err) == WEXEC_OK);
	CHECK(out == NULL && out_len == 0);
	CHECK(freed(&fx) == 0);
	teardown(&fx);
}

static void test_bad_output(void)
{
	fixture fx;
	CHECK(setup(&fx, plugin_wasm, sizeof plugin_wasm));
	/* One byte past the end of a 64 KiB memory. */
	expect_error(&fx, "outside", "in", WEXEC_ERR_ARGUMENT,
	             "the output (ptr 65536, len 1) lies outside the guest's "
	             "memory (65536 bytes)");
	/* 16 + 0xffffffff wraps to 15 in 32 bits: still refused. */
	expect_error(&fx, "overflow", "", WEXEC_ERR_ARGUMENT,
	             "the output (ptr 16, len 4294967295) lies outside");
	/* The guest broke the contract without trapping: the input block
	 * went back (for "outside"; "overflow" had none). */
	CHECK(freed(&fx) == 1);
	expect_error(&fx, "boom", "in", WEXEC_ERR_TRAP, "unreachable");
	/* After a trap no guest code runs, dealloc included. */
	CHECK(freed(&fx) == 1);
	teardown(&fx);
}

static void test_bad_exports(void)
{
	fixture fx;
	CHECK(setup(&fx, plugin_wasm, sizeof plugin_wasm));
	expect_error(&fx, "wrong", "in", WEXEC_ERR_ARGUMENT,
	             "export 'wrong' must have type (i32, i32) -> i64");
	expect_error(&fx, "missing", "in", WEXEC_ERR_ARGUMENT,
	             "no exported function 'missing'");
	expect_error(&fx, "memory", "in", WEXEC_ERR_ARGUMENT,
	             "no exported function 'memory'");
	/* Nothing ran. */
	CHECK(freed(&fx) == 0);
	teardown(&fx);

	CHECK(setup(&fx, noalloc_wasm, sizeof noalloc_wasm));
	expect_error(&fx, "echo", "in", WEXEC_ERR_ARGUMENT,
	             "no exported function 'alloc'");
	teardown(&fx);

	CHECK(setup(&fx, badalloc_wasm, sizeof badalloc_wasm));
	/* One byte fits at 65535, two do not. */
	expect_error(&fx, "echo", "in", WEXEC_ERR_ARGUMENT,
	             "alloc's block (ptr 65535, len 2) lies outside");
	teardown(&fx);
}

static void test_bad_alloc(void)
{
	fixture fx;
	CHECK(setup(&fx, zero_wasm, sizeof zero_wasm));
	expect_error(&fx, "echo", "in", WEXEC_ERR_ARGUMENT,
	             "call_bytes: alloc(2) returned 0 (the guest is out of "
	             "memory)");
	teardown(&fx);

	CHECK(setup(&fx, types_wasm, sizeof types_wasm));
	expect_error(&fx, "echo", "in", WEXEC_ERR_ARGUMENT,
	             "call_bytes: export 'alloc' must have type (i32) -> i32");
	teardown(&fx);

	CHECK(setup(&fx, nomem_wasm, sizeof nomem_wasm));
	expect_error(&fx, "echo", "in", WEXEC_ERR_ARGUMENT,
	             "call_bytes: no exported memory 'memory'");
	teardown(&fx);

	CHECK(setup(&fx, deal_wasm, sizeof deal_wasm));
	expect_error(&fx, "echo", "in", WEXEC_ERR_ARGUMENT,
	             "call_bytes: export 'dealloc' must have type (i32, i32) "
	             "-> ()");
	teardown(&fx);
}

/* The bounds are those of the memory after the call. */
static void test_grown_memory(void)
{
	fixture fx;
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *out = NULL;
	size_t out_len = 0;
	CHECK(setup(&fx, grow_wasm, sizeof grow_wasm));
	CHECK(wexec_call_bytes(fx.inst, "tail", (const uint8_t *)"x", 1, &out,
	                       &out_len, &err) == WEXEC_OK);
	CHECK(out_len == 4 && out && memcmp(out, "abcd", 4) == 0);
	free(out);
	teardown(&fx);
}

#ifndef NO_MALLOC_HOOK
/* The host's copy of the output cannot be made: WEXEC_ERR_NOMEM, both
 * blocks go back to the guest, nothing of the host's leaks. */
static void test_out_of_memory(void)
{
	fixture fx;
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *out = NULL;
	size_t out_len = 0;
	long live;
	CHECK(setup(&fx, plugin_wasm, sizeof plugin_wasm));
	/* A first call translates the functions it runs. */
	CHECK(wexec_call_bytes(fx.inst, "echo", (const uint8_t *)"ab", 2, &out,
	                       &out_len, &err) == WEXEC_OK);
	free(out);
	CHECK(freed(&fx) == 2);
	live = alloc_live;
	alloc_countdown = 0;
	CHECK(wexec_call_bytes(fx.inst, "echo", (const uint8_t *)"ab", 2, &out,
	                       &out_len, &err) == WEXEC_ERR_NOMEM);
	alloc_countdown = -1;
	CHECK(out == NULL && out_len == 0);
	CHECK(freed(&fx) == 4);
	CHECK(alloc_live == live);
	teardown(&fx);
}
#endif

static void test_null_arguments(void)
{
	fixture fx;
	wexec_error err = WEXEC_ERROR_INIT;
	uint8_t *out;
	size_t out_len;
	CHECK(wexec_call_bytes(NULL, "echo", NULL, 0, &out, &out_len, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_call_bytes: instance is NULL");
	CHECK(setup(&fx, plugin_wasm, sizeof plugin_wasm));
	wexec_error_clear(&err);
	CHECK(wexec_call_bytes(fx.inst, "echo", NULL, 3, &out, &out_len,
	                       &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_call_bytes: in is NULL");
	wexec_error_clear(&err);
	CHECK(wexec_call_bytes(fx.inst, "echo", NULL, 0, NULL, &out_len,
	                       &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_call_bytes: out is NULL");
	teardown(&fx);
}

int main(void)
{
	RUN(test_echo);
	RUN(test_empty);
	RUN(test_bad_output);
	RUN(test_bad_exports);
	RUN(test_bad_alloc);
	RUN(test_grown_memory);
#ifndef NO_MALLOC_HOOK
	RUN(test_out_of_memory);
#else
	SKIP("test_out_of_memory", "no malloc hook (sanitizer or not glibc)");
#endif
	RUN(test_null_arguments);
	return unit_report();
}
