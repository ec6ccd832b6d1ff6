/*
 * test_api.c - embedding through wexec.h only (spec: exec/modules.rst,
 * "Instantiation" and "Invocation"; appendix/embedding.rst): module
 * descriptions, host functions, calls with several results, memory,
 * globals, tables, import errors, traps during instantiation, fuel and
 * interrupts. Modules are byte arrays made with `wat2wasm --debug-names`
 * from the text in the comment above each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "wexec.h"

/*
 * (module
 *   (import "host" "add" (func $add (param i32 i32) (result i32)))
 *   (import "host" "g0" (global $g0 i32))
 *   (memory (export "mem") 1 2)
 *   (global $g (export "g") (mut i32) (global.get $g0))
 *   (table (export "tab") 2 funcref)
 *   (func $swap (export "swap") (param i32 i64) (result i64 i32)
 *     local.get 1 local.get 0)
 *   (func $call_add (export "call_add") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 call $add)
 *   (func (export "load") (param i32) (result i32)
 *     local.get 0 i32.load)
 *   (func (export "spin") (loop $l br $l))
 *   (data (i32.const 16) "hello")
 *   (elem (i32.const 0) func $swap $call_add))
 */
static const uint8_t basic_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x16, 0x04, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7e, 0x02, 0x7e, 0x7f,
    0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02, 0x17, 0x02, 0x04,
    0x68, 0x6f, 0x73, 0x74, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x04, 0x68,
    0x6f, 0x73, 0x74, 0x02, 0x67, 0x30, 0x03, 0x7f, 0x00, 0x03, 0x05, 0x04,
    0x01, 0x00, 0x02, 0x03, 0x04, 0x04, 0x01, 0x70, 0x00, 0x02, 0x05, 0x04,
    0x01, 0x01, 0x01, 0x02, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x23, 0x00, 0x0b,
    0x07, 0x31, 0x07, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x67, 0x03,
    0x01, 0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x04, 0x73, 0x77, 0x61, 0x70,
    0x00, 0x01, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x61, 0x64, 0x64, 0x00,
    0x02, 0x04, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x03, 0x04, 0x73, 0x70, 0x69,
    0x6e, 0x00, 0x04, 0x09, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x01,
    0x02, 0x0a, 0x21, 0x04, 0x06, 0x00, 0x20, 0x01, 0x20, 0x00, 0x0b, 0x08,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00,
    0x28, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
    0x0b, 0x0b, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x05, 0x68, 0x65, 0x6c, 0x6c,
    0x6f, 0x00, 0x34, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x16, 0x03, 0x00,
    0x03, 0x61, 0x64, 0x64, 0x01, 0x04, 0x73, 0x77, 0x61, 0x70, 0x02, 0x08,
    0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x61, 0x64, 0x64, 0x02, 0x0b, 0x05, 0x00,
    0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x07, 0x08, 0x02,
    0x00, 0x02, 0x67, 0x30, 0x01, 0x01, 0x67,
};

/*
 * (module
 *   (import "env" "mem" (memory 1))
 *   (import "env" "tab" (table 2 funcref))
 *   (func $f)
 *   (elem (i32.const 1) func $f)
 *   (data (i32.const 0) "ok")
 *   (start $start)
 *   (func $start unreachable))
 */
static const uint8_t start_trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x18, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65,
    0x6d, 0x02, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x74, 0x61, 0x62,
    0x01, 0x70, 0x00, 0x02, 0x03, 0x03, 0x02, 0x00, 0x00, 0x08, 0x01, 0x01,
    0x09, 0x07, 0x01, 0x00, 0x41, 0x01, 0x0b, 0x01, 0x00, 0x0a, 0x08, 0x02,
    0x02, 0x00, 0x0b, 0x03, 0x00, 0x00, 0x0b, 0x0b, 0x08, 0x01, 0x00, 0x41,
    0x00, 0x0b, 0x02, 0x6f, 0x6b, 0x00, 0x19, 0x04, 0x6e, 0x61, 0x6d, 0x65,
    0x01, 0x0b, 0x02, 0x00, 0x01, 0x66, 0x01, 0x05, 0x73, 0x74, 0x61, 0x72,
    0x74, 0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
};

/*
 * (module
 *   (import "env" "mem" (memory 1))
 *   (import "env" "tab" (table 2 funcref))
 *   (func $f)
 *   (elem (i32.const 0) func $f)
 *   (elem (i32.const 2) func $f $f)
 *   (data (i32.const 0) "abc"))
 */
static const uint8_t seg_trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x02, 0x18, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65,
    0x6d, 0x02, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x74, 0x61, 0x62,
    0x01, 0x70, 0x00, 0x02, 0x03, 0x02, 0x01, 0x00, 0x09, 0x0e, 0x02, 0x00,
    0x41, 0x00, 0x0b, 0x01, 0x00, 0x00, 0x41, 0x02, 0x0b, 0x02, 0x00, 0x00,
    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, 0x0b, 0x09, 0x01, 0x00, 0x41, 0x00,
    0x0b, 0x03, 0x61, 0x62, 0x63, 0x00, 0x10, 0x04, 0x6e, 0x61, 0x6d, 0x65,
    0x01, 0x04, 0x01, 0x00, 0x01, 0x66, 0x02, 0x03, 0x01, 0x00, 0x00,
};

/*
 * (module
 *   (import "env" "mem" (memory 1))
 *   (data (i32.const 0) "abc")
 *   (data (i32.const 65535) "xy"))
 */
static const uint8_t data_trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x0c, 0x01,
    0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01,
    0x0b, 0x12, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x03, 0x61, 0x62, 0x63,
    0x00, 0x41, 0xff, 0xff, 0x03, 0x0b, 0x02, 0x78, 0x79, 0x00, 0x08,
    0x04, 0x6e, 0x61, 0x6d, 0x65, 0x02, 0x01, 0x00,
};

/*
 * (module
 *   (import "m" "f" (func (param i32)))
 *   (import "m" "mem" (memory 2 3))
 *   (import "m" "g" (global (mut i64))))
 */
static const uint8_t needs_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01,
    0x60, 0x01, 0x7f, 0x00, 0x02, 0x18, 0x03, 0x01, 0x6d, 0x01, 0x66,
    0x00, 0x00, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x01, 0x02,
    0x03, 0x01, 0x6d, 0x01, 0x67, 0x03, 0x7e, 0x01, 0x00, 0x0a, 0x04,
    0x6e, 0x61, 0x6d, 0x65, 0x02, 0x03, 0x01, 0x00, 0x00,
};

/*
 * (module
 *   (import "host" "trap" (func $trap (param i32) (result i32)))
 *   (func (export "run") (param i32) (result i32)
 *     local.get 0 call $trap i32.const 1 i32.add))
 */
static const uint8_t hostcall_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74,
    0x04, 0x74, 0x72, 0x61, 0x70, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
    0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x0b, 0x01, 0x09,
    0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x00, 0x15, 0x04,
    0x6e, 0x61, 0x6d, 0x65, 0x01, 0x07, 0x01, 0x00, 0x04, 0x74, 0x72, 0x61,
    0x70, 0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
};

/*
 * (module
 *   (import "env" "twice" (func $twice (param v128) (result v128)))
 *   (func (export "f") (param v128) (result v128)
 *     (i32x4.add (call $twice (local.get 0)) (v128.const i32x4 1 1 1 1))))
 */
static const uint8_t host_v128_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7b, 0x01, 0x7b, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05,
    0x74, 0x77, 0x69, 0x63, 0x65, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
    0x05, 0x01, 0x01, 0x66, 0x00, 0x01, 0x0a, 0x1d, 0x01, 0x1b, 0x00, 0x20,
    0x00, 0x10, 0x00, 0xfd, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xfd, 0xae, 0x01,
    0x0b,
};

/*
 * (module
 *   (global (export "v") v128 (v128.const i32x4 1 2 3 4))
 *   (func (export "id") (param v128) (result v128) local.get 0))
 */
static const uint8_t v128_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01,
    0x60, 0x01, 0x7b, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x06, 0x16,
    0x01, 0x7b, 0x00, 0xfd, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x0b,
    0x07, 0x0a, 0x02, 0x01, 0x76, 0x03, 0x00, 0x02, 0x69, 0x64, 0x00,
    0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b, 0x00, 0x0a,
    0x04, 0x6e, 0x61, 0x6d, 0x65, 0x02, 0x03, 0x01, 0x00, 0x00,
};

/*
 * (module
 *   (import "host" "cb" (func $cb (param i32) (result i32)))
 *   (func (export "double") (param i32) (result i32)
 *     local.get 0 i32.const 2 i32.mul)
 *   (func (export "run") (param i32) (result i32)
 *     local.get 0 call $cb i32.const 1 i32.add))
 */
static const uint8_t reenter_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x02, 0x0b, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74,
    0x02, 0x63, 0x62, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x07, 0x10,
    0x02, 0x06, 0x64, 0x6f, 0x75, 0x62, 0x6c, 0x65, 0x00, 0x01, 0x03, 0x72,
    0x75, 0x6e, 0x00, 0x02, 0x0a, 0x13, 0x02, 0x07, 0x00, 0x20, 0x00, 0x41,
    0x02, 0x6c, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a,
    0x0b, 0x00, 0x15, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x05, 0x01, 0x00,
    0x02, 0x63, 0x62, 0x02, 0x07, 0x03, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00,
};

/*
 * (module
 *   (type $t (func (result i32)))
 *   (table (export "tab") 1 funcref)
 *   (func (export "call0") (result i32)
 *     (call_indirect (type $t) (i32.const 0))))
 */
static const uint8_t call_indirect_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00,
    0x01, 0x07, 0x0f, 0x02, 0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x05, 0x63,
    0x61, 0x6c, 0x6c, 0x30, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x41,
    0x00, 0x11, 0x00, 0x00, 0x0b, 0x00, 0x10, 0x04, 0x6e, 0x61, 0x6d, 0x65,
    0x02, 0x03, 0x01, 0x00, 0x00, 0x04, 0x04, 0x01, 0x00, 0x01, 0x74,
};

/*
 * (module
 *   (import "host" "get" (func $get (result funcref)))
 *   (func (export "run") (result funcref) call $get))
 */
static const uint8_t host_funcref_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x70, 0x02, 0x0c, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x03,
    0x67, 0x65, 0x74, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01,
    0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x10,
    0x00, 0x0b, 0x00, 0x14, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x06, 0x01,
    0x00, 0x03, 0x67, 0x65, 0x74, 0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
};

/* ---------------------------------------------------------------- failing
 * allocations */

#include "failalloc.h"

/* ---------------------------------------------------------------- helpers */

static wexec_module *load(const uint8_t *bytes, size_t len)
{
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_status st = wexec_module_new(bytes, len, &m, &err);
	if (st != WEXEC_OK)
		fprintf(stderr, "load: %s\n", err.message);
	CHECK(st == WEXEC_OK);
	return m;
}

static wexec_status host_add(wexec_instance *caller, void *user,
                             const wexec_val *args, wexec_val *results,
                             wexec_error *err)
{
	(void)caller;
	(void)err;
	*(int *)user += 1;
	results[0] = wexec_val_i32(args[0].of.i32 + args[1].of.i32);
	return WEXEC_OK;
}

/* Traps when its argument is negative, otherwise returns it doubled. */
static wexec_status host_trap(wexec_instance *caller, void *user,
                              const wexec_val *args, wexec_val *results,
                              wexec_error *err)
{
	(void)user;
	CHECK(caller != NULL);
	if (args[0].of.i32 < 0)
		return wexec_error_set(err, WEXEC_ERR_TRAP, "negative: %d",
		                       args[0].of.i32);
	results[0] = wexec_val_i32(args[0].of.i32 * 2);
	return WEXEC_OK;
}

static const wexec_valtype i32x2[] = {WEXEC_I32, WEXEC_I32};
static const wexec_functype add_type = {i32x2, 2, i32x2, 1};

/* The basic module instantiated with host.add and host.g0 = 42. */
typedef struct basic {
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *module;
	wexec_instance *inst;
	int add_calls;
} basic;

static bool basic_open(basic *b, const wexec_config *config)
{
	wexec_error err = WEXEC_ERROR_INIT;
	memset(b, 0, sizeof *b);
	b->store = wexec_store_new(config);
	b->linker = wexec_linker_new(b->store);
	b->module = load(basic_wasm, sizeof basic_wasm);
	if (!b->store || !b->linker || !b->module)
		return false;
	wexec_val g0 = wexec_val_i32(42);
	wexec_extern ext = {.kind = WEXEC_EXTERN_GLOBAL};
	CHECK(wexec_global_new(b->store, &g0, false, &ext.of.global, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define(b->linker, "host", "g0", &ext, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define_func(b->linker, "host", "add", &add_type,
	                               host_add, &b->add_calls,
	                               &err) == WEXEC_OK);
	wexec_status st =
	    wexec_linker_instantiate(b->linker, b->module, &b->inst, &err);
	if (st != WEXEC_OK)
		fprintf(stderr, "instantiate: %s\n", err.message);
	CHECK(st == WEXEC_OK);
	return st == WEXEC_OK;
}

static void basic_close(basic *b)
{
	wexec_linker_free(b->linker);
	wexec_store_free(b->store);
	wexec_module_free(b->module);
}

/* ---------------------------------------------------------------- tests */

static void test_module_descriptions(void)
{
	wexec_module *m = load(basic_wasm, sizeof basic_wasm);
	wexec_import_desc imp;
	wexec_export_desc exp;
	if (!m)
		return;
	CHECK(wexec_module_import_count(m) == 2);
	CHECK(wexec_module_import(m, 0, &imp));
	CHECK(imp.module_len == 4 && memcmp(imp.module, "host", 4) == 0);
	CHECK(imp.name_len == 3 && memcmp(imp.name, "add", 3) == 0);
	CHECK(imp.type.kind == WEXEC_EXTERN_FUNC);
	CHECK(imp.type.func.nparams == 2 && imp.type.func.nresults == 1);
	CHECK(imp.type.func.params[0] == WEXEC_I32 &&
	      imp.type.func.params[1] == WEXEC_I32 &&
	      imp.type.func.results[0] == WEXEC_I32);
	CHECK(wexec_module_import(m, 1, &imp));
	CHECK(imp.type.kind == WEXEC_EXTERN_GLOBAL);
	CHECK(imp.type.global.type == WEXEC_I32 && !imp.type.global.mutable_);
	CHECK(!wexec_module_import(m, 2, &imp));

	CHECK(wexec_module_export_count(m) == 7);
	bool saw_swap = false, saw_mem = false, saw_tab = false, saw_g = false;
	for (size_t i = 0; wexec_module_export(m, i, &exp); i++) {
		if (exp.name_len == 4 && memcmp(exp.name, "swap", 4) == 0) {
			saw_swap = true;
			CHECK(exp.type.kind == WEXEC_EXTERN_FUNC);
			CHECK(exp.type.func.nparams == 2 &&
			      exp.type.func.nresults == 2);
			CHECK(exp.type.func.params[1] == WEXEC_I64 &&
			      exp.type.func.results[0] == WEXEC_I64 &&
			      exp.type.func.results[1] == WEXEC_I32);
		} else if (exp.name_len == 3 &&
		           memcmp(exp.name, "mem", 3) == 0) {
			saw_mem = true;
			CHECK(exp.type.kind == WEXEC_EXTERN_MEMORY);
			CHECK(exp.type.memory.min == 1 &&
			      exp.type.memory.has_max &&
			      exp.type.memory.max == 2);
		} else if (exp.name_len == 3 &&
		           memcmp(exp.name, "tab", 3) == 0) {
			saw_tab = true;
			CHECK(exp.type.table.elem == WEXEC_FUNCREF &&
			      exp.type.table.limits.min == 2 &&
			      !exp.type.table.limits.has_max);
		} else if (exp.name_len == 1 && exp.name[0] == 'g') {
			saw_g = true;
			CHECK(exp.type.global.type == WEXEC_I32 &&
			      exp.type.global.mutable_);
		}
	}
	CHECK(saw_swap && saw_mem && saw_tab && saw_g);
	wexec_module_free(m);
}

static void test_bad_modules(void)
{
	static const uint8_t not_wasm[] = {0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0};
	/* (module (func (result i32))): the body leaves no value. */
	static const uint8_t invalid[] = {
	    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
	    0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01,
	    0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
	};
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_module_new(not_wasm, sizeof not_wasm, &m, &err) ==
	      WEXEC_ERR_MALFORMED);
	CHECK(m == NULL);
	CHECK(strstr(err.message, "offset") != NULL);
	wexec_error_clear(&err);
	CHECK(wexec_module_new(invalid, sizeof invalid, &m, &err) ==
	      WEXEC_ERR_INVALID);
	CHECK(m == NULL);
}

static void test_calls(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	if (!basic_open(&b, NULL))
		goto done;
	wexec_func *swap = wexec_instance_func(b.inst, "swap");
	CHECK(swap != NULL);
	CHECK(wexec_instance_func(b.inst, "mem") == NULL);
	CHECK(wexec_instance_func(b.inst, "nope") == NULL);
	if (!swap)
		goto done;
	CHECK(wexec_func_name(swap) &&
	      strcmp(wexec_func_name(swap), "swap") == 0);
	wexec_functype t;
	wexec_func_type(swap, &t);
	CHECK(t.nparams == 2 && t.params[0] == WEXEC_I32 && t.nresults == 2);

	wexec_val args[2] = {wexec_val_i32(-5), wexec_val_i64(1ll << 40)};
	wexec_val res[2];
	CHECK(wexec_func_call(swap, args, 2, res, 2, &err) == WEXEC_OK);
	CHECK(res[0].type == WEXEC_I64 && res[0].of.i64 == 1ll << 40);
	CHECK(res[1].type == WEXEC_I32 && res[1].of.i32 == -5);

	/* Arity and types are checked before anything runs. */
	CHECK(wexec_func_call(swap, args, 1, res, 2, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "expected 2 arguments, got 1");
	wexec_error_clear(&err);
	wexec_val bad[2] = {wexec_val_i32(1), wexec_val_i32(2)};
	CHECK(wexec_func_call(swap, bad, 2, res, 2, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "argument 2: expected i64, got i32");
	wexec_error_clear(&err);
	CHECK(wexec_func_call(swap, args, 2, res, 1, &err) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);

	/* Through the host function. */
	wexec_func *call_add = wexec_instance_func(b.inst, "call_add");
	wexec_val two[2] = {wexec_val_i32(40), wexec_val_i32(2)};
	CHECK(wexec_func_call(call_add, two, 2, res, 1, &err) == WEXEC_OK);
	CHECK(res[0].of.i32 == 42 && b.add_calls == 1);

	/* The embedder may call host functions directly too. */
	wexec_func *add = NULL;
	CHECK(wexec_func_new(b.store, &add_type, host_add, &b.add_calls, &add,
	                     &err) == WEXEC_OK);
	CHECK(wexec_func_call(add, two, 2, res, 1, &err) == WEXEC_OK);
	CHECK(res[0].of.i32 == 42 && b.add_calls == 2);
	CHECK(wexec_func_name(add) == NULL);
	wexec_func_type(add, &t);
	CHECK(t.nparams == 2 && t.params != i32x2 && t.params[1] == WEXEC_I32);
done:
	basic_close(&b);
}

static void test_memory(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	char buf[8] = {0};
	if (!basic_open(&b, NULL))
		goto done;
	wexec_memory *mem = wexec_instance_memory(b.inst, "mem");
	CHECK(mem != NULL);
	if (!mem)
		goto done;
	CHECK(wexec_memory_pages(mem) == 1 && wexec_memory_size(mem) == 65536);
	/* The data segment ran. */
	CHECK(wexec_memory_read(mem, 16, buf, 5, &err) == WEXEC_OK);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK(memcmp(wexec_memory_data(mem) + 16, "hello", 5) == 0);

	CHECK(wexec_memory_write(mem, 100, "\x01\x02\x03\x04", 4, &err) ==
	      WEXEC_OK);
	wexec_val arg = wexec_val_i32(100), res;
	CHECK(wexec_func_call(wexec_instance_func(b.inst, "load"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 0x04030201);

	/* Bounds: the last byte is fine, one past is not, and offsets near
	 * 2^64 do not wrap around. */
	CHECK(wexec_memory_read(mem, 65535, buf, 1, &err) == WEXEC_OK);
	CHECK(wexec_memory_read(mem, 65536, buf, 0, &err) == WEXEC_OK);
	CHECK(wexec_memory_read(mem, 65535, buf, 2, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_MEMORY_OOB);
	wexec_error_clear(&err);
	CHECK(wexec_memory_write(mem, UINT64_MAX - 1, buf, 4, &err) ==
	      WEXEC_ERR_TRAP);
	wexec_error_clear(&err);

	uint64_t old = 0;
	CHECK(wexec_memory_grow(mem, 1, &old, &err) == WEXEC_OK && old == 1);
	CHECK(wexec_memory_pages(mem) == 2);
	CHECK(wexec_memory_read(mem, 65536 + 100, buf, 8, &err) == WEXEC_OK);
	CHECK(wexec_memory_grow(mem, 1, &old, &err) == WEXEC_ERR_LIMIT);
	CHECK(wexec_memory_pages(mem) == 2);
done:
	basic_close(&b);
}

/* A module of several megabytes (its copy a block of its own,
 * bigalloc.c): the module owns its bytes, so the caller's buffer may be
 * wiped and freed at once, and a data segment of 3 MiB arrives whole. The
 * module, which test_large_module builds:
 *   (module (memory (export "mem") 64)
 *     (func (export "get") (param i32) (result i32)
 *       local.get 0 i32.load8_u)
 *     (data (i32.const 0) "...3 MiB: byte i is i * 7 + 3..."))
 * check_large_module instantiates it and checks its data. */
static void check_large_module(wexec_module *module, uint32_t data_len)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = store ? wexec_linker_new(store) : NULL;
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(module && linker);
	if (!module || !linker)
		goto done;
	CHECK(wexec_linker_instantiate(linker, module, &inst, &err) ==
	      WEXEC_OK);
	wexec_memory *mem = inst ? wexec_instance_memory(inst, "mem") : NULL;
	wexec_func *get = inst ? wexec_instance_func(inst, "get") : NULL;
	CHECK(mem && get);
	if (!mem || !get)
		goto done;
	const uint8_t *data = wexec_memory_data(mem);
	uint32_t wrong = 0;
	for (uint32_t i = 0; i < data_len; i++)
		wrong += data[i] != (uint8_t)(i * 7 + 3);
	CHECK(wrong == 0);
	CHECK(data[data_len] == 0);
	const uint32_t at[] = {0, 1, 4095, 4096, (2u << 20) - 1, 2u << 20,
	                       data_len - 1, data_len};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		wexec_val arg = wexec_val_i32((int32_t)at[i]), res;
		CHECK(wexec_func_call(get, &arg, 1, &res, 1, &err) == WEXEC_OK);
		CHECK(res.of.i32 == (at[i] < data_len
		                         ? (int32_t)(uint8_t)(at[i] * 7 + 3)
		                         : 0));
	}
done:
	wexec_linker_free(linker);
	wexec_store_free(store);
}

static void test_large_module(void)
{
	enum { DATA = 3u << 20 };
	static const uint8_t head[] = {
	    0, 'a', 's', 'm', 1, 0, 0, 0,
	    1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f,           /* type (i32)->i32 */
	    3, 2, 1, 0,                                /* one function */
	    5, 3, 1, 0, 64,                            /* memory 64 */
	    7, 13, 2, 3, 'm', 'e', 'm', 2, 0,          /* exports */
	    3, 'g', 'e', 't', 0, 0,
	    10, 9, 1, 7, 0, 0x20, 0, 0x2d, 0, 0, 0x0b, /* get */
	};
	uint8_t *bytes = malloc(sizeof head + 32 + DATA);
	wexec_module *module = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(bytes != NULL);
	if (!bytes)
		return;
	size_t n = sizeof head;
	memcpy(bytes, head, n);
	uint8_t seg[16];
	size_t segn = 0;
	seg[segn++] = 1;    /* one segment */
	seg[segn++] = 0;    /* active, memory 0 */
	seg[segn++] = 0x41; /* i32.const 0 */
	seg[segn++] = 0;
	seg[segn++] = 0x0b;
	segn += unit_put_uleb(seg + segn, DATA, 0);
	bytes[n++] = 11;
	n += unit_put_uleb(bytes + n, segn + DATA, 0);
	memcpy(bytes + n, seg, segn);
	n += segn;
	for (uint32_t i = 0; i < DATA; i++)
		bytes[n + i] = (uint8_t)(i * 7 + 3);
	n += DATA;

	/* From a file, read into the module's own block. */
	char path[] = "/tmp/wexec-test-large-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write(fd, bytes, n) == (ssize_t)n);
		close(fd);
		CHECK(wexec_module_new_file(path, &module, &err) == WEXEC_OK);
		/* The module keeps its bytes: the file may go. */
		unlink(path);
		check_large_module(module, DATA);
		wexec_module_free(module);
		module = NULL;
	}

	/* From a buffer, which the caller may wipe and free at once. */
	CHECK(wexec_module_new(bytes, n, &module, &err) == WEXEC_OK);
	memset(bytes, 0, n);
	free(bytes);
	check_large_module(module, DATA);
	wexec_module_free(module);
}

static void test_globals(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val v;
	wexec_valtype type;
	bool mut;
	if (!basic_open(&b, NULL))
		goto done;
	wexec_global *g = wexec_instance_global(b.inst, "g");
	CHECK(g != NULL);
	if (!g)
		goto done;
	/* Initialised from the imported global. */
	wexec_global_get(g, &v);
	CHECK(v.type == WEXEC_I32 && v.of.i32 == 42);
	wexec_global_type(g, &type, &mut);
	CHECK(type == WEXEC_I32 && mut);
	v = wexec_val_i32(-1);
	CHECK(wexec_global_set(g, &v, &err) == WEXEC_OK);
	wexec_global_get(g, &v);
	CHECK(v.of.i32 == -1);
	v = wexec_val_i64(1);
	CHECK(wexec_global_set(g, &v, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);

	/* Standalone globals keep float bits exactly. */
	wexec_global *f = NULL;
	wexec_val nan = {.type = WEXEC_F32};
	nan.of.f32_bits = 0x7fa00001;
	CHECK(wexec_global_new(b.store, &nan, true, &f, &err) == WEXEC_OK);
	wexec_global_get(f, &v);
	CHECK(v.type == WEXEC_F32 && v.of.f32_bits == 0x7fa00001);
done:
	basic_close(&b);
}

/* v128 values travel as 16 little-endian bytes, in globals and calls. */
static void test_v128(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = NULL;
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val v, r;
	static const uint8_t want[16] = {1, 0, 0, 0, 2, 0, 0, 0,
	                                 3, 0, 0, 0, 4, 0, 0, 0};
	CHECK(wexec_module_new(v128_wasm, sizeof v128_wasm, &m, &err) ==
	      WEXEC_OK);
	if (!m)
		goto done;
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_global *g = inst ? wexec_instance_global(inst, "v") : NULL;
	CHECK(g != NULL);
	if (!g)
		goto done;
	wexec_global_get(g, &v);
	CHECK(v.type == WEXEC_V128 && memcmp(v.of.v128, want, 16) == 0);
	CHECK(wexec_global_set(g, &v, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	for (int i = 0; i < 16; i++)
		v.of.v128[i] = (uint8_t)(0xA0 + i);
	CHECK(wexec_func_call(wexec_instance_func(inst, "id"), &v, 1, &r, 1,
	                      &err) == WEXEC_OK);
	CHECK(r.type == WEXEC_V128 && memcmp(r.of.v128, v.of.v128, 16) == 0);
done:
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* A host function doubling each byte of a v128 (the vector's lanes are
 * plain little-endian bytes to the host). */
static wexec_status host_twice(wexec_instance *caller, void *user,
                               const wexec_val *args, wexec_val *results,
                               wexec_error *err)
{
	(void)caller;
	(void)user;
	(void)err;
	results[0].type = WEXEC_V128;
	for (int i = 0; i < 16; i++)
		results[0].of.v128[i] = (uint8_t)(2 * args[0].of.v128[i]);
	return WEXEC_OK;
}

/* v128 arguments and results cross into host functions and back. */
static void test_host_v128(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = NULL;
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	static const wexec_valtype v128[] = {WEXEC_V128};
	wexec_functype type = {v128, 1, v128, 1};
	wexec_val v, r;
	CHECK(wexec_module_new(host_v128_wasm, sizeof host_v128_wasm, &m,
	                       &err) == WEXEC_OK);
	CHECK(wexec_linker_define_func(linker, "env", "twice", &type,
	                               host_twice, NULL, &err) == WEXEC_OK);
	CHECK(m && wexec_linker_instantiate(linker, m, &inst, &err) ==
	               WEXEC_OK);
	v.type = WEXEC_V128;
	for (int i = 0; i < 16; i++)
		v.of.v128[i] = (uint8_t)(i * 17);
	CHECK(inst && wexec_func_call(wexec_instance_func(inst, "f"), &v, 1,
	                              &r, 1, &err) == WEXEC_OK);
	/* twice, then + 1 in each i32 lane (its lowest byte) */
	for (int i = 0; i < 16; i++)
		CHECK(r.of.v128[i] ==
		      (uint8_t)(2 * i * 17 + (i % 4 == 0 ? 1 : 0)));
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

static void test_tables(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val v;
	if (!basic_open(&b, NULL))
		goto done;
	wexec_table *tab = wexec_instance_table(b.inst, "tab");
	CHECK(tab != NULL);
	if (!tab)
		goto done;
	CHECK(wexec_table_size(tab) == 2);
	/* The element segment put swap and call_add in. */
	CHECK(wexec_table_get(tab, 0, &v, &err) == WEXEC_OK);
	CHECK(v.type == WEXEC_FUNCREF &&
	      v.of.funcref == wexec_instance_func(b.inst, "swap"));
	CHECK(wexec_table_get(tab, 1, &v, &err) == WEXEC_OK);
	CHECK(v.of.funcref == wexec_instance_func(b.inst, "call_add"));
	CHECK(wexec_table_get(tab, 2, &v, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_TABLE_OOB);
	wexec_error_clear(&err);

	uint32_t old = 0;
	wexec_val null = {.type = WEXEC_FUNCREF};
	CHECK(wexec_table_grow(tab, 3, &null, &old, &err) == WEXEC_OK);
	CHECK(old == 2 && wexec_table_size(tab) == 5);
	wexec_val swap = {.type = WEXEC_FUNCREF};
	swap.of.funcref = wexec_instance_func(b.inst, "swap");
	CHECK(wexec_table_set(tab, 4, &swap, &err) == WEXEC_OK);
	CHECK(wexec_table_get(tab, 4, &v, &err) == WEXEC_OK);
	CHECK(v.of.funcref == swap.of.funcref);
	wexec_val ext = {.type = WEXEC_EXTERNREF};
	CHECK(wexec_table_set(tab, 0, &ext, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);

	wexec_valtype elem;
	wexec_limits limits;
	wexec_table_type(tab, &elem, &limits);
	CHECK(elem == WEXEC_FUNCREF && limits.min == 5 && !limits.has_max);

	/* A standalone externref table. */
	wexec_table *et = NULL;
	wexec_limits lim = {1, 2, true, false};
	int token;
	ext.of.externref = &token;
	CHECK(wexec_table_new(b.store, WEXEC_EXTERNREF, &lim, &ext, &et,
	                      &err) == WEXEC_OK);
	CHECK(wexec_table_get(et, 0, &v, &err) == WEXEC_OK);
	CHECK(v.type == WEXEC_EXTERNREF && v.of.externref == &token);
	CHECK(wexec_table_grow(et, 2, NULL, NULL, &err) == WEXEC_ERR_LIMIT);
	wexec_error_clear(&err);
	CHECK(wexec_table_new(b.store, WEXEC_I32, &lim, NULL, &et, &err) ==
	      WEXEC_ERR_ARGUMENT);
done:
	basic_close(&b);
}

/* Defines env.mem (1 page) and env.tab (2 funcrefs) in a fresh store. */
static void env_open(wexec_store **store, wexec_linker **linker,
                     wexec_memory **mem, wexec_table **tab)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_limits one = {1, 0, false, false}, two = {2, 0, false, false};
	*store = wexec_store_new(NULL);
	*linker = wexec_linker_new(*store);
	CHECK(wexec_memory_new(*store, &one, mem, &err) == WEXEC_OK);
	CHECK(wexec_table_new(*store, WEXEC_FUNCREF, &two, NULL, tab, &err) ==
	      WEXEC_OK);
	wexec_extern m = {.kind = WEXEC_EXTERN_MEMORY, .of.memory = *mem};
	wexec_extern t = {.kind = WEXEC_EXTERN_TABLE, .of.table = *tab};
	CHECK(wexec_linker_define(*linker, "env", "mem", &m, &err) == WEXEC_OK);
	CHECK(wexec_linker_define(*linker, "env", "tab", &t, &err) == WEXEC_OK);
}

static void test_start_trap(void)
{
	wexec_store *store;
	wexec_linker *linker;
	wexec_memory *mem;
	wexec_table *tab;
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val v;
	wexec_module *m = load(start_trap_wasm, sizeof start_trap_wasm);
	env_open(&store, &linker, &mem, &tab);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_UNREACHABLE);
	CHECK(inst == NULL);
	/* Segments ran before the start function and their writes stay;
	 * the function in the table outlives the failed instance. */
	CHECK(memcmp(wexec_memory_data(mem), "ok", 2) == 0);
	wexec_error_clear(&err);
	CHECK(wexec_table_get(tab, 1, &v, &err) == WEXEC_OK);
	CHECK(v.of.funcref != NULL);
	if (v.of.funcref)
		CHECK(wexec_func_call(v.of.funcref, NULL, 0, NULL, 0, &err) ==
		      WEXEC_OK);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

static void test_segment_traps(void)
{
	wexec_store *store;
	wexec_linker *linker;
	wexec_memory *mem;
	wexec_table *tab;
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val v;
	wexec_module *seg = load(seg_trap_wasm, sizeof seg_trap_wasm);
	wexec_module *data = load(data_trap_wasm, sizeof data_trap_wasm);
	env_open(&store, &linker, &mem, &tab);

	/* The second element segment is out of bounds: the first one's
	 * write stays and the data segment after it never runs. */
	CHECK(wexec_linker_instantiate(linker, seg, &inst, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_TABLE_OOB);
	CHECK_STR(err.message, "out of bounds table access");
	wexec_error_clear(&err);
	CHECK(wexec_table_get(tab, 0, &v, &err) == WEXEC_OK && v.of.funcref);
	CHECK(wexec_table_get(tab, 1, &v, &err) == WEXEC_OK && !v.of.funcref);
	CHECK(wexec_memory_data(mem)[0] == 0);

	/* Likewise for data: "abc" lands, the segment across the end traps
	 * without writing its first byte. */
	CHECK(wexec_linker_instantiate(linker, data, &inst, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_MEMORY_OOB);
	CHECK(memcmp(wexec_memory_data(mem), "abc", 3) == 0);
	CHECK(wexec_memory_data(mem)[65535] == 0);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(seg);
	wexec_module_free(data);
}

static void test_import_errors(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = load(needs_wasm, sizeof needs_wasm);
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	static const wexec_valtype i64[] = {WEXEC_I64};
	wexec_functype wrong = {i64, 1, NULL, 0};
	wexec_functype right = {i32x2, 1, NULL, 0};

	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "unknown import: m::f");
	wexec_error_clear(&err);

	CHECK(wexec_linker_define_func(linker, "m", "f", &wrong, host_add, NULL,
	                               &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "incompatible import type: m::f (expected func "
	                       "[i32] -> [], got func [i64] -> [])");
	wexec_error_clear(&err);

	/* Redefining replaces; then the memory is missing. */
	CHECK(wexec_linker_define_func(linker, "m", "f", &right, host_add, NULL,
	                               &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "unknown import: m::mem");
	wexec_error_clear(&err);

	/* Memory limits: a 1-page memory is too small for (memory 2 3) until
	 * it grows; one without a maximum never fits. */
	wexec_limits small = {1, 3, true, false}, unbounded = {2, 0, false, false};
	wexec_extern ext = {.kind = WEXEC_EXTERN_MEMORY};
	CHECK(wexec_memory_new(store, &unbounded, &ext.of.memory, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define(linker, "m", "mem", &ext, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK(strstr(err.message, "incompatible import type: m::mem") != NULL);
	wexec_error_clear(&err);
	CHECK(wexec_memory_new(store, &small, &ext.of.memory, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define(linker, "m", "mem", &ext, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK(strstr(err.message, "m::mem") != NULL);
	wexec_error_clear(&err);
	CHECK(wexec_memory_grow(ext.of.memory, 1, NULL, &err) == WEXEC_OK);

	/* Globals: mutability must agree. */
	wexec_val zero = wexec_val_i64(0);
	ext.kind = WEXEC_EXTERN_GLOBAL;
	CHECK(wexec_global_new(store, &zero, false, &ext.of.global, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define(linker, "m", "g", &ext, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message,
	          "incompatible import type: m::g (expected global "
	          "mut i64, got global i64)");
	wexec_error_clear(&err);
	CHECK(wexec_global_new(store, &zero, true, &ext.of.global, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define(linker, "m", "g", &ext, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	CHECK(inst != NULL);

	/* A kind mismatch. */
	ext.kind = WEXEC_EXTERN_GLOBAL;
	CHECK(wexec_linker_define(linker, "m", "f", &ext, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "incompatible import type: m::f (expected func "
	                       "[i32] -> [], got global mut i64)");
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

static void test_host_trap(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = load(hostcall_wasm, sizeof hostcall_wasm);
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_functype t = {i32x2, 1, i32x2, 1};
	CHECK(wexec_linker_define_func(linker, "host", "trap", &t, host_trap,
	                               NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_func *run = inst ? wexec_instance_func(inst, "run") : NULL;
	CHECK(run != NULL);
	if (run) {
		wexec_val arg = wexec_val_i32(20), res;
		CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_OK);
		CHECK(res.of.i32 == 41);
		arg = wexec_val_i32(-3);
		CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) ==
		      WEXEC_ERR_TRAP);
		CHECK(strstr(err.message, "negative: -3") != NULL);
		/* The store is usable after a trap. */
		wexec_error_clear(&err);
		arg = wexec_val_i32(1);
		CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_OK);
		CHECK(res.of.i32 == 3);
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* Calls the caller's export "double" on its argument: a host function
 * re-entering wasm, as WASI-style hosts do through the caller. */
static wexec_status host_reenter(wexec_instance *caller, void *user,
                                 const wexec_val *args, wexec_val *results,
                                 wexec_error *err)
{
	(void)user;
	wexec_func *dbl = caller ? wexec_instance_func(caller, "double") : NULL;
	if (!dbl)
		return wexec_error_set(err, WEXEC_ERR_TRAP, "no caller");
	return wexec_func_call(dbl, args, 1, results, 1, err);
}

static void test_reentry(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = load(reenter_wasm, sizeof reenter_wasm);
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_functype t = {i32x2, 1, i32x2, 1};
	CHECK(wexec_linker_define_func(linker, "host", "cb", &t, host_reenter,
	                               NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_func *run = inst ? wexec_instance_func(inst, "run") : NULL;
	CHECK(run != NULL);
	if (run) {
		wexec_val arg = wexec_val_i32(5), res;
		CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_OK);
		CHECK(res.of.i32 == 11);
		/* Twice: the nested call left the store as it found it. */
		CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_OK);
		CHECK(res.of.i32 == 11);
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* A host function that calls "run" again, which calls it again, without
 * end: the nesting must stop with an error value before the C stack runs
 * out (it used to crash near 6,000 levels). */
static wexec_status host_recurse(wexec_instance *caller, void *user,
                                 const wexec_val *args, wexec_val *results,
                                 wexec_error *err)
{
	uint32_t *levels = user;
	(*levels)++;
	wexec_func *run = caller ? wexec_instance_func(caller, "run") : NULL;
	return wexec_func_call(run, args, 1, results, 1, err);
}

static void test_deep_reentry(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = load(reenter_wasm, sizeof reenter_wasm);
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_functype t = {i32x2, 1, i32x2, 1};
	uint32_t levels = 0;
	CHECK(wexec_linker_define_func(linker, "host", "cb", &t, host_recurse,
	                               &levels, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_val arg = wexec_val_i32(1), res;
	CHECK(wexec_func_call(wexec_instance_func(inst, "run"), &arg, 1, &res,
	                      1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_STACK_EXHAUSTED);
	CHECK(levels > 10);
	/* The store is usable again at full depth. */
	wexec_error_clear(&err);
	CHECK(wexec_func_call(wexec_instance_func(inst, "double"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 2);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

static void test_fuel_and_interrupt(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_config config = {0};
	config.fuel = 1000;
	if (!basic_open(&b, &config))
		goto done;
	wexec_func *spin = wexec_instance_func(b.inst, "spin");
	CHECK(wexec_store_fuel(b.store) == 1000);
	CHECK(wexec_func_call(spin, NULL, 0, NULL, 0, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_OUT_OF_FUEL);
	CHECK(wexec_store_fuel(b.store) == 0);
	wexec_error_clear(&err);
	wexec_store_set_fuel(b.store, 10);
	CHECK(wexec_func_call(spin, NULL, 0, NULL, 0, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_OUT_OF_FUEL);
	wexec_error_clear(&err);

	/* An interrupt stops even code with fuel left, until cleared. */
	wexec_store_set_fuel(b.store, 1000000);
	wexec_store_interrupt(b.store);
	CHECK(wexec_func_call(spin, NULL, 0, NULL, 0, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_INTERRUPTED);
	wexec_error_clear(&err);
	wexec_store_clear_interrupt(b.store);
	wexec_val args[2] = {wexec_val_i32(1), wexec_val_i64(2)}, res[2];
	CHECK(wexec_func_call(wexec_instance_func(b.inst, "swap"), args, 2, res,
	                      2, &err) == WEXEC_OK);
done:
	basic_close(&b);
}

/* A config from wexec_config_init() carries its size; the library reads no
 * field past it, so a caller built before a field existed never has it
 * read from beyond its struct. */
static void test_config_and_version(void)
{
	wexec_config config;
	char numbers[32];
	memset(&config, 0xAB, sizeof config);
	wexec_config_init(&config);
	CHECK(config.size == sizeof config);
	CHECK(config.max_memory_pages == 0 && config.max_call_depth == 0 &&
	      config.max_stack_slots == 0 && config.fuel == 0 &&
	      config.max_store_bytes == 0);

	config.fuel = 5;
	wexec_store *store = wexec_store_new(&config);
	CHECK(wexec_store_fuel(store) == 5);
	wexec_store_free(store);

	config.size = offsetof(wexec_config, fuel);
	store = wexec_store_new(&config);
	CHECK(wexec_store_fuel(store) == 0);
	wexec_store_free(store);

	snprintf(numbers, sizeof numbers, "%d.%d.%d", WEXEC_VERSION_MAJOR,
	         WEXEC_VERSION_MINOR, WEXEC_VERSION_PATCH);
	CHECK_STR(numbers, WEXEC_VERSION);
	CHECK_STR(wexec_version(), WEXEC_VERSION);
}

static void test_memory_limit(void)
{
	wexec_config config = {0};
	config.max_memory_pages = 1;
	wexec_store *store = wexec_store_new(&config);
	wexec_memory *mem = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_limits two = {2, 0, false, false}, one = {1, 0, false, false};
	CHECK(wexec_memory_new(store, &two, &mem, &err) == WEXEC_ERR_LIMIT);
	wexec_error_clear(&err);
	CHECK(wexec_memory_new(store, &one, &mem, &err) == WEXEC_OK);
	CHECK(wexec_memory_grow(mem, 1, NULL, &err) == WEXEC_ERR_LIMIT);
	CHECK(wexec_memory_grow(mem, 0, NULL, &err) == WEXEC_OK);
	wexec_error_clear(&err);

	/* Bad requests are the embedder's mistakes, not limits. */
	wexec_limits inverted = {2, 1, true, false}, huge = {0, 65537, true, false};
	CHECK(wexec_memory_new(store, &inverted, &mem, &err) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	CHECK(wexec_memory_new(store, &huge, &mem, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	static const wexec_valtype bogus[] = {(wexec_valtype)0x42};
	wexec_functype t = {bogus, 1, NULL, 0};
	wexec_func *f = NULL;
	CHECK(wexec_func_new(store, &t, host_add, NULL, &f, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "unknown value type 0x42");
	wexec_store_free(store);
}

/* ---------------------------------------------------------------- issue 6:
 * no host crash through the API */

/* A NULL argument is WEXEC_ERR_ARGUMENT with "FUNCTION: ARG is NULL". */
static void expect_null(wexec_status st, wexec_error *err, const char *msg)
{
	CHECK(st == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err->message, msg);
	wexec_error_clear(err);
}

static void test_null_handles_are_argument_errors(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	if (!basic_open(&b, NULL))
		goto done;
	wexec_val args[2] = {wexec_val_i32(1), wexec_val_i64(2)}, res[2];
	wexec_extern ext;
	/* The README's library example, with an export that is not there. */
	expect_null(wexec_func_call(wexec_instance_func(b.inst, "missing"),
	                            args, 1, res, 1, &err),
	            &err, "wexec_func_call: func is NULL");
	CHECK(wexec_func_call(NULL, NULL, 0, NULL, 0, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_func *swap = wexec_instance_func(b.inst, "swap");
	expect_null(wexec_func_call(swap, NULL, 2, res, 2, &err), &err,
	            "wexec_func_call: args is NULL");
	expect_null(wexec_func_call(swap, args, 2, NULL, 2, &err), &err,
	            "wexec_func_call: results is NULL");

	/* Getters answer NULL, 0 or false. */
	CHECK(wexec_instance_func(NULL, "swap") == NULL);
	CHECK(wexec_instance_func(b.inst, NULL) == NULL);
	CHECK(wexec_instance_memory(NULL, "mem") == NULL);
	CHECK(wexec_instance_global(NULL, "g") == NULL);
	CHECK(wexec_instance_table(NULL, "tab") == NULL);
	CHECK(wexec_instance_module(NULL) == NULL);
	CHECK(!wexec_instance_export(NULL, "g", 1, &ext));
	CHECK(!wexec_instance_export(b.inst, "g", 1, NULL));
	CHECK(!wexec_instance_export(b.inst, NULL, 1, &ext));
	CHECK(wexec_func_name(NULL) == NULL);
	wexec_functype ft = add_type;
	wexec_func_type(NULL, &ft);
	CHECK(ft.params == NULL && ft.nparams == 0 && ft.nresults == 0);
	CHECK(wexec_module_import_count(NULL) == 0);
	CHECK(wexec_module_export_count(NULL) == 0);
	wexec_import_desc idesc;
	wexec_export_desc edesc;
	CHECK(!wexec_module_import(NULL, 0, &idesc));
	CHECK(!wexec_module_export(NULL, 0, &edesc));
	CHECK(!wexec_module_import(b.module, 0, NULL));

	/* Memories. */
	uint8_t buf[4] = {0};
	uint64_t pages = 7;
	wexec_memory *mem = wexec_instance_memory(b.inst, "mem");
	CHECK(wexec_memory_data(NULL) == NULL);
	CHECK(wexec_memory_size(NULL) == 0 && wexec_memory_pages(NULL) == 0);
	expect_null(wexec_memory_read(NULL, 0, buf, 4, &err), &err,
	            "wexec_memory_read: memory is NULL");
	expect_null(wexec_memory_write(NULL, 0, buf, 4, &err), &err,
	            "wexec_memory_write: memory is NULL");
	expect_null(wexec_memory_read(mem, 0, NULL, 4, &err), &err,
	            "wexec_memory_read: buf is NULL");
	expect_null(wexec_memory_grow(NULL, 1, &pages, &err), &err,
	            "wexec_memory_grow: memory is NULL");
	CHECK(pages == 7);

	/* Tables. */
	wexec_table *tab = wexec_instance_table(b.inst, "tab");
	wexec_val v;
	CHECK(wexec_table_size(NULL) == 0);
	wexec_valtype elem = WEXEC_I32;
	wexec_limits lim = {5, 5, true, false};
	wexec_table_type(NULL, &elem, &lim);
	CHECK(lim.min == 0 && lim.max == 0 && !lim.has_max);
	expect_null(wexec_table_get(NULL, 0, &v, &err), &err,
	            "wexec_table_get: table is NULL");
	expect_null(wexec_table_get(tab, 0, NULL, &err), &err,
	            "wexec_table_get: out is NULL");
	expect_null(wexec_table_set(NULL, 0, &v, &err), &err,
	            "wexec_table_set: table is NULL");
	expect_null(wexec_table_set(tab, 0, NULL, &err), &err,
	            "wexec_table_set: value is NULL");
	expect_null(wexec_table_grow(NULL, 1, NULL, NULL, &err), &err,
	            "wexec_table_grow: table is NULL");

	/* Globals. */
	wexec_global *g = wexec_instance_global(b.inst, "g");
	v = wexec_val_i32(5);
	wexec_global_get(NULL, &v);
	CHECK(v.of.i64 == 0);
	bool mut = true;
	wexec_global_type(NULL, NULL, &mut);
	CHECK(!mut);
	v = wexec_val_i32(5);
	expect_null(wexec_global_set(NULL, &v, &err), &err,
	            "wexec_global_set: global is NULL");
	expect_null(wexec_global_set(g, NULL, &err), &err,
	            "wexec_global_set: value is NULL");

	/* Constructors. */
	wexec_func *f = NULL;
	wexec_memory *m2 = NULL;
	wexec_table *t2 = NULL;
	wexec_global *g2 = NULL;
	wexec_module *mod = NULL;
	wexec_limits one = {1, 0, false, false};
	expect_null(wexec_func_new(NULL, &add_type, host_add, NULL, &f, &err),
	            &err, "wexec_func_new: store is NULL");
	expect_null(wexec_func_new(b.store, NULL, host_add, NULL, &f, &err),
	            &err, "wexec_func_new: type is NULL");
	expect_null(wexec_func_new(b.store, &add_type, NULL, NULL, &f, &err),
	            &err, "wexec_func_new: fn is NULL");
	expect_null(wexec_func_new(b.store, &add_type, host_add, NULL, NULL,
	                           &err),
	            &err, "wexec_func_new: out is NULL");
	expect_null(wexec_memory_new(NULL, &one, &m2, &err), &err,
	            "wexec_memory_new: store is NULL");
	expect_null(wexec_memory_new(b.store, NULL, &m2, &err), &err,
	            "wexec_memory_new: limits is NULL");
	expect_null(wexec_table_new(NULL, WEXEC_FUNCREF, &one, NULL, &t2, &err),
	            &err, "wexec_table_new: store is NULL");
	expect_null(wexec_table_new(b.store, WEXEC_FUNCREF, &one, NULL, NULL,
	                            &err),
	            &err, "wexec_table_new: out is NULL");
	expect_null(wexec_global_new(NULL, &v, false, &g2, &err), &err,
	            "wexec_global_new: store is NULL");
	expect_null(wexec_global_new(b.store, NULL, false, &g2, &err), &err,
	            "wexec_global_new: value is NULL");
	expect_null(wexec_module_new(NULL, 8, &mod, &err), &err,
	            "wexec_module_new: bytes is NULL");
	expect_null(wexec_module_new(basic_wasm, sizeof basic_wasm, NULL, &err),
	            &err, "wexec_module_new: out is NULL");
	CHECK(m2 == NULL && t2 == NULL && g2 == NULL && mod == NULL);

	/* The store's setters do nothing; every _free takes NULL. */
	CHECK(wexec_store_fuel(NULL) == 0);
	wexec_store_set_fuel(NULL, 1);
	wexec_store_interrupt(NULL);
	wexec_store_clear_interrupt(NULL);
	wexec_store_free(NULL);
	wexec_module_free(NULL);
	wexec_linker_free(NULL);
	wexec_wasi_free(NULL);
	wexec_wasi_result_free(NULL);

	/* The linker. */
	wexec_instance *inst = NULL;
	CHECK(wexec_linker_new(NULL) == NULL);
	expect_null(wexec_linker_instantiate(NULL, b.module, &inst, &err), &err,
	            "wexec_linker_instantiate: linker is NULL");
	expect_null(wexec_linker_instantiate(b.linker, NULL, &inst, &err),
	            &err, "wexec_linker_instantiate: module is NULL");
	expect_null(wexec_linker_instantiate(b.linker, b.module, NULL, &err),
	            &err, "wexec_linker_instantiate: out is NULL");
	ext.kind = WEXEC_EXTERN_GLOBAL;
	ext.of.global = g;
	expect_null(wexec_linker_define(NULL, "m", "g", &ext, &err), &err,
	            "wexec_linker_define: linker is NULL");
	expect_null(wexec_linker_define(b.linker, NULL, "g", &ext, &err), &err,
	            "wexec_linker_define: module is NULL");
	expect_null(wexec_linker_define(b.linker, "m", NULL, &ext, &err), &err,
	            "wexec_linker_define: name is NULL");
	expect_null(wexec_linker_define(b.linker, "m", "g", NULL, &err), &err,
	            "wexec_linker_define: ext is NULL");
	expect_null(wexec_linker_define_func(NULL, "m", "f", &add_type,
	                                     host_add, NULL, &err),
	            &err, "wexec_linker_define_func: linker is NULL");
	expect_null(wexec_linker_define_instance(b.linker, "m", NULL, &err),
	            &err, "wexec_linker_define_instance: instance is NULL");
	CHECK(!wexec_linker_get(NULL, "host", 4, "add", 3, &ext));
	CHECK(!wexec_linker_get(b.linker, "host", 4, "add", 3, NULL));
	CHECK(!wexec_linker_get(b.linker, NULL, 4, "add", 3, &ext));

	/* WASI. */
	int code = 0, fd = 0;
	size_t len = 9;
	wexec_wasi *w = NULL;
	wexec_wasi_result out;
	expect_null(wexec_wasi_run_start(NULL, b.inst, &code, &err), &err,
	            "wexec_wasi_run_start: wasi is NULL");
	expect_null(wexec_wasi_initialize(NULL, b.inst, &err), &err,
	            "wexec_wasi_initialize: wasi is NULL");
	expect_null(wexec_wasi_link(NULL, b.linker, &err), &err,
	            "wexec_wasi_link: wasi is NULL");
	expect_null(wexec_wasi_new(NULL, NULL, &err), &err,
	            "wexec_wasi_new: out is NULL");
	CHECK(wexec_wasi_new(NULL, &w, &err) == WEXEC_OK);
	expect_null(wexec_wasi_run_start(w, NULL, &code, &err), &err,
	            "wexec_wasi_run_start: instance is NULL");
	expect_null(wexec_wasi_link(w, NULL, &err), &err,
	            "wexec_wasi_link: linker is NULL");
	wexec_wasi_free(w);
	CHECK(wexec_wasi_stdout(NULL, &len) == NULL && len == 0);
	len = 9;
	CHECK(wexec_wasi_stderr(NULL, &len) == NULL && len == 0);
	expect_null(wexec_wasi_listen_tcp(NULL, &fd, &err), &err,
	            "wexec_wasi_listen_tcp: hostport is NULL");
	expect_null(wexec_wasi_run(basic_wasm, sizeof basic_wasm, NULL, NULL,
	                           NULL, &err),
	            &err, "wexec_wasi_run: out is NULL");
	(void)out;
done:
	basic_close(&b);
}

static wexec_status host_noop(wexec_instance *caller, void *user,
                              const wexec_val *args, wexec_val *results,
                              wexec_error *err)
{
	(void)caller, (void)user, (void)args, (void)results, (void)err;
	return WEXEC_OK;
}

/* A function of store B offered to store A, every way there is. */
static void test_foreign_funcref_refused(void)
{
	basic b;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_store *other = wexec_store_new(NULL);
	wexec_func *alien = NULL;
	int calls = 0;
	if (!basic_open(&b, NULL) || !other)
		goto done;
	CHECK(wexec_func_new(other, &add_type, host_add, &calls, &alien,
	                     &err) == WEXEC_OK);
	wexec_val ref = {.type = WEXEC_FUNCREF}, mine = ref, v;
	ref.of.funcref = alien;
	mine.of.funcref = wexec_instance_func(b.inst, "swap");

	wexec_table *tab = wexec_instance_table(b.inst, "tab");
	CHECK(wexec_table_set(tab, 0, &ref, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "wexec_table_set: the function belongs to another store");
	wexec_error_clear(&err);
	CHECK(wexec_table_get(tab, 0, &v, &err) == WEXEC_OK &&
	      v.of.funcref == mine.of.funcref);
	CHECK(wexec_table_grow(tab, 1, &ref, NULL, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "wexec_table_grow: the function belongs to another store");
	wexec_error_clear(&err);
	CHECK(wexec_table_size(tab) == 2);
	wexec_table *t2 = NULL;
	wexec_limits one = {1, 0, false, false};
	CHECK(wexec_table_new(b.store, WEXEC_FUNCREF, &one, &ref, &t2, &err) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	/* The store's mine functions still go in. */
	CHECK(wexec_table_set(tab, 1, &mine, &err) == WEXEC_OK);
	CHECK(wexec_table_grow(tab, 1, &mine, NULL, &err) == WEXEC_OK);

	wexec_val null = {.type = WEXEC_FUNCREF};
	wexec_global *g = NULL, *g2 = NULL;
	CHECK(wexec_global_new(b.store, &null, true, &g, &err) == WEXEC_OK);
	CHECK(wexec_global_set(g, &ref, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "wexec_global_set: the function belongs to another store");
	wexec_error_clear(&err);
	wexec_global_get(g, &v);
	CHECK(v.type == WEXEC_FUNCREF && v.of.funcref == NULL);
	CHECK(wexec_global_set(g, &mine, &err) == WEXEC_OK);
	CHECK(wexec_global_new(b.store, &ref, false, &g2, &err) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);

	static const wexec_valtype funcref1[] = {WEXEC_FUNCREF};
	wexec_functype take = {funcref1, 1, NULL, 0};
	wexec_func *taker = NULL;
	CHECK(wexec_func_new(b.store, &take, host_noop, NULL, &taker, &err) ==
	      WEXEC_OK);
	CHECK(wexec_func_call(taker, &ref, 1, NULL, 0, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_func_call: argument 1 is a function of "
	                       "another store");
	wexec_error_clear(&err);
	CHECK(wexec_func_call(taker, &mine, 1, NULL, 0, &err) == WEXEC_OK);
	CHECK(calls == 0);
done:
	wexec_store_free(other);
	basic_close(&b);
}

static wexec_status host_42(wexec_instance *caller, void *user,
                            const wexec_val *args, wexec_val *results,
                            wexec_error *err)
{
	(void)caller, (void)user, (void)args, (void)err;
	results[0] = wexec_val_i32(42);
	return WEXEC_OK;
}

/* The use-after-free: a function of a store that is then freed,
 * put in another store's table and reached by call_indirect. */
static void test_freed_store_unreachable_by_call_indirect(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_store *other = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = load(call_indirect_wasm, sizeof call_indirect_wasm);
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_functype t = {NULL, 0, i32x2, 1};
	wexec_func *alien = NULL;
	CHECK(wexec_func_new(other, &t, host_42, NULL, &alien, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_table *tab = inst ? wexec_instance_table(inst, "tab") : NULL;
	wexec_val ref = {.type = WEXEC_FUNCREF}, res;
	ref.of.funcref = alien;
	CHECK(wexec_table_set(tab, 0, &ref, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	wexec_store_free(other);
	CHECK(wexec_func_call(wexec_instance_func(inst, "call0"), NULL, 0, &res,
	                      1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_UNINITIALIZED);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

static wexec_status host_bare_trap(wexec_instance *caller, void *user,
                                   const wexec_val *args, wexec_val *results,
                                   wexec_error *err)
{
	(void)caller, (void)user, (void)args, (void)results, (void)err;
	return WEXEC_ERR_TRAP;
}

static wexec_status host_bogus_status(wexec_instance *caller, void *user,
                                      const wexec_val *args,
                                      wexec_val *results, wexec_error *err)
{
	(void)caller, (void)user, (void)args, (void)results, (void)err;
	return (wexec_status)1234;
}

/* Instantiates hostcall_wasm with `fn` as host.trap; returns "run". */
static wexec_func *hostcall_open(wexec_store **store, wexec_linker **linker,
                                 wexec_module **m, wexec_host_fn fn)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_instance *inst = NULL;
	wexec_functype t = {i32x2, 1, i32x2, 1};
	*store = wexec_store_new(NULL);
	*linker = wexec_linker_new(*store);
	*m = load(hostcall_wasm, sizeof hostcall_wasm);
	CHECK(wexec_linker_define_func(*linker, "host", "trap", &t, fn, NULL,
	                               &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(*linker, *m, &inst, &err) == WEXEC_OK);
	return inst ? wexec_instance_func(inst, "run") : NULL;
}

static void hostcall_close(wexec_store *store, wexec_linker *linker,
                           wexec_module *m)
{
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

static void test_host_trap_without_kind_is_host_trap(void)
{
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *m;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val arg = wexec_val_i32(1), res;
	wexec_func *run = hostcall_open(&store, &linker, &m, host_bare_trap);
	CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_HOST);
	/* The host function, and the wasm function that called it. */
	CHECK_STR(err.message, "host function trapped (in function host::trap) "
	                       "(called from function run)");
	wexec_frame frame;
	CHECK(wexec_store_backtrace(store, &frame, 1) == 1 &&
	      !strcmp(frame.name, "run"));
	wexec_error_clear(&err);
	CHECK(wexec_func_call(run, &arg, 1, &res, 1, NULL) == WEXEC_ERR_TRAP);
	/* Called directly, not from wasm: no caller. */
	wexec_extern hf;
	CHECK(wexec_linker_get(linker, "host", 4, "trap", 4, &hf));
	CHECK(wexec_func_call(hf.of.func, &arg, 1, &res, 1, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_HOST);
	CHECK_STR(err.message, "host function trapped (in function host::trap)");
	hostcall_close(store, linker, m);

	/* wexec_error_set(err, WEXEC_ERR_TRAP, ...) names no kind either. */
	wexec_error_clear(&err);
	run = hostcall_open(&store, &linker, &m, host_trap);
	arg = wexec_val_i32(-3);
	CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_HOST);
	CHECK_STR(err.message, "negative: -3 (called from function run)");
	hostcall_close(store, linker, m);
}

static void test_host_unknown_status_is_host_trap(void)
{
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *m;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val arg = wexec_val_i32(1), res;
	wexec_func *run =
	    hostcall_open(&store, &linker, &m, host_bogus_status);
	CHECK(wexec_func_call(run, &arg, 1, &res, 1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_HOST);
	CHECK_STR(err.message, "host function returned unknown status 1234 "
	                       "(in function host::trap) (called from function "
	                       "run)");
	CHECK(wexec_func_call(run, &arg, 1, &res, 1, NULL) == WEXEC_ERR_TRAP);
	wexec_extern hf;
	CHECK(wexec_linker_get(linker, "host", 4, "trap", 4, &hf));
	CHECK(wexec_func_call(hf.of.func, &arg, 1, &res, 1, NULL) ==
	      WEXEC_ERR_TRAP);
	hostcall_close(store, linker, m);
}

/* Returns *(wexec_func **)user as its funcref result, or leaves the
 * result alone when user is NULL. */
static wexec_status host_get_ref(wexec_instance *caller, void *user,
                                 const wexec_val *args, wexec_val *results,
                                 wexec_error *err)
{
	(void)caller, (void)args, (void)err;
	if (user)
		results[0].of.funcref = *(wexec_func **)user;
	return WEXEC_OK;
}

static void test_host_foreign_funcref_result_refused(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_store *other = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_module *m = load(host_funcref_wasm, sizeof host_funcref_wasm);
	wexec_instance *inst = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	static const wexec_valtype funcref1[] = {WEXEC_FUNCREF};
	wexec_functype get = {NULL, 0, funcref1, 1};
	wexec_functype t = {NULL, 0, i32x2, 1};
	wexec_func *give = NULL, *unset = NULL;
	CHECK(wexec_func_new(other, &t, host_42, NULL, &give, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define_func(linker, "host", "get", &get,
	                               host_get_ref, &give, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_func *run = inst ? wexec_instance_func(inst, "run") : NULL;
	wexec_val res;
	CHECK(wexec_func_call(run, NULL, 0, &res, 1, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "host function returned a function of another "
	                       "store for result 1 (in function host::get)");
	wexec_error_clear(&err);
	/* A function of the same store comes back as it is. */
	give = run;
	CHECK(wexec_func_call(run, NULL, 0, &res, 1, &err) == WEXEC_OK);
	CHECK(res.type == WEXEC_FUNCREF && res.of.funcref == run);
	/* A result left unset is null, not whatever was on the C stack. */
	CHECK(wexec_func_new(store, &get, host_get_ref, NULL, &unset, &err) ==
	      WEXEC_OK);
	res.of.funcref = run;
	CHECK(wexec_func_call(unset, NULL, 0, &res, 1, &err) == WEXEC_OK);
	CHECK(res.type == WEXEC_FUNCREF && res.of.funcref == NULL);
	wexec_linker_free(linker);
	wexec_store_free(other);
	wexec_store_free(store);
	wexec_module_free(m);
}

#ifndef NO_MALLOC_HOOK
/* Load, link, instantiate and call, from a fresh store each time. */
static wexec_status oom_scenario(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	wexec_instance *inst = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = store ? wexec_linker_new(store) : NULL;
	int calls = 0;
	wexec_val g0 = wexec_val_i32(42), res[2];
	wexec_val args[2] = {wexec_val_i32(40), wexec_val_i32(2)};
	wexec_extern ext = {.kind = WEXEC_EXTERN_GLOBAL};
	wexec_status st = WEXEC_ERR_NOMEM;
	if (!linker)
		goto done;
	if ((st = wexec_module_new(basic_wasm, sizeof basic_wasm, &m, &err)) ||
	    (st = wexec_global_new(store, &g0, false, &ext.of.global, &err)) ||
	    (st = wexec_linker_define(linker, "host", "g0", &ext, &err)) ||
	    (st = wexec_linker_define_func(linker, "host", "add", &add_type,
	                                   host_add, &calls, &err)) ||
	    (st = wexec_linker_instantiate(linker, m, &inst, &err)))
		goto done;
	/* The call translates its functions: their allocation failures are
	 * part of the scenario. */
	st = wexec_func_call(wexec_instance_func(inst, "call_add"), args, 2,
	                     res, 1, &err);
	if (st == WEXEC_OK && res[0].of.i32 != 42)
		st = WEXEC_ERR_ARGUMENT;
done:
	if (st != WEXEC_OK && st != WEXEC_ERR_NOMEM)
		fprintf(stderr, "oom_scenario: %s\n", err.message);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
	return st;
}

/* Fails each allocation of the scenario in turn: every failure must come
 * back as WEXEC_ERR_NOMEM (or NULL from a _new) and free what was made. */
static void test_out_of_memory(void)
{
	int bad_status = 0, leaks = 0, n;
	for (n = 0; n < 10000; n++) {
		long live = alloc_live;
		alloc_countdown = n;
		wexec_status st = oom_scenario();
		bool failed = alloc_countdown < 0; /* the Nth was refused */
		alloc_countdown = -1;
		if (alloc_live != live)
			leaks++;
		if (st != WEXEC_OK && st != WEXEC_ERR_NOMEM)
			bad_status++;
		if (!failed) {
			CHECK(st == WEXEC_OK);
			break;
		}
	}
	CHECK(n > 10 && n < 10000);
	printf("test_out_of_memory: failed each of %d allocations\n", n);
	CHECK(bad_status == 0);
	CHECK(leaks == 0);
}
#endif

int main(void)
{
	RUN(test_module_descriptions);
	RUN(test_bad_modules);
	RUN(test_calls);
	RUN(test_memory);
	RUN(test_large_module);
	RUN(test_globals);
	RUN(test_v128);
	RUN(test_host_v128);
	RUN(test_tables);
	RUN(test_start_trap);
	RUN(test_segment_traps);
	RUN(test_import_errors);
	RUN(test_host_trap);
	RUN(test_reentry);
	RUN(test_deep_reentry);
	RUN(test_fuel_and_interrupt);
	RUN(test_config_and_version);
	RUN(test_memory_limit);
	RUN(test_null_handles_are_argument_errors);
	RUN(test_foreign_funcref_refused);
	RUN(test_freed_store_unreachable_by_call_indirect);
	RUN(test_host_trap_without_kind_is_host_trap);
	RUN(test_host_unknown_status_is_host_trap);
	RUN(test_host_foreign_funcref_result_refused);
#ifndef NO_MALLOC_HOOK
	RUN(test_out_of_memory);
#else
	SKIP("test_out_of_memory", "no malloc hook (sanitizer or not glibc)");
#endif
	return unit_report();
}
