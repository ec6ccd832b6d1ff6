/*
 * test_backtrace.c - the call stack at a trap (wexec_store_backtrace):
 * innermost first, named by the name section, else the export name, else
 * not at all; capped at WEXEC_BACKTRACE_MAX on deep recursion; empty after
 * a call that did not trap. The module is `wat2wasm --debug-names` of:
 *
 * (module
 *   (func $inner (param i32) (result i32)
 *     local.get 0 i32.const 0 i32.div_s)
 *   (func $middle (export "middle") (param i32) (result i32)
 *     local.get 0 call $inner i32.const 1 i32.add)
 *   (func (export "outer") (param i32) (result i32)
 *     local.get 0 call 1)
 *   (func $deep (export "deep") (param i32) (result i32)
 *     local.get 0 i32.const 1 i32.add call $deep)
 *   (func (export "ok") (param i32) (result i32) local.get 0))
 */
#include <string.h>

#include "unit.h"
#include "wexec.h"

static const unsigned char bt_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x06, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x07, 0x1e, 0x04, 0x06, 0x6d, 0x69, 0x64, 0x64, 0x6c, 0x65, 0x00, 0x01,
    0x05, 0x6f, 0x75, 0x74, 0x65, 0x72, 0x00, 0x02, 0x04, 0x64, 0x65, 0x65,
    0x70, 0x00, 0x03, 0x02, 0x6f, 0x6b, 0x00, 0x04, 0x0a, 0x29, 0x05, 0x07,
    0x00, 0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x10,
    0x00, 0x41, 0x01, 0x6a, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x01, 0x0b,
    0x09, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x10, 0x03, 0x0b, 0x04, 0x00,
    0x20, 0x00, 0x0b, 0x00, 0x2a, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x16,
    0x03, 0x00, 0x05, 0x69, 0x6e, 0x6e, 0x65, 0x72, 0x01, 0x06, 0x6d, 0x69,
    0x64, 0x64, 0x6c, 0x65, 0x03, 0x04, 0x64, 0x65, 0x65, 0x70, 0x02, 0x0b,
    0x05, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00,
};

static void test_backtrace(void)
{
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	wexec_frame frames[WEXEC_BACKTRACE_MAX];
	wexec_val a = wexec_val_i32(5), r;
	CHECK(wexec_module_new(bt_wasm, sizeof bt_wasm, &m, &err) == WEXEC_OK);
	CHECK(m && wexec_linker_instantiate(linker, m, &inst, &err) ==
	               WEXEC_OK);
	if (!inst)
		goto done;
	CHECK(wexec_store_backtrace(store, frames, 4) == 0);
	CHECK(wexec_func_call(wexec_instance_func(inst, "outer"), &a, 1, &r, 1,
	                      &err) == WEXEC_ERR_TRAP);
	CHECK(wexec_store_backtrace(store, frames, 4) == 3);
	CHECK(frames[0].funcidx == 0 && !strcmp(frames[0].name, "inner"));
	CHECK(frames[1].funcidx == 1 && !strcmp(frames[1].name, "middle"));
	/* No name-section entry: the export name. */
	CHECK(frames[2].funcidx == 2 && !strcmp(frames[2].name, "outer"));
	/* Fewer asked for than there are. */
	memset(frames, 0, sizeof frames);
	CHECK(wexec_store_backtrace(store, frames, 1) == 3);
	CHECK(!strcmp(frames[0].name, "inner") && frames[1].name[0] == 0);

	/* Deep recursion: the innermost WEXEC_BACKTRACE_MAX. */
	err = (wexec_error)WEXEC_ERROR_INIT;
	CHECK(wexec_func_call(wexec_instance_func(inst, "deep"), &a, 1, &r, 1,
	                      &err) == WEXEC_ERR_TRAP &&
	      err.trap == WEXEC_TRAP_STACK_EXHAUSTED);
	CHECK(wexec_store_backtrace(store, frames, WEXEC_BACKTRACE_MAX) ==
	      WEXEC_BACKTRACE_MAX);
	CHECK(!strcmp(frames[WEXEC_BACKTRACE_MAX - 1].name, "deep"));

	/* A call that returns clears it. */
	err = (wexec_error)WEXEC_ERROR_INIT;
	CHECK(wexec_func_call(wexec_instance_func(inst, "ok"), &a, 1, &r, 1,
	                      &err) == WEXEC_OK);
	CHECK(wexec_store_backtrace(store, frames, 1) == 0);
	CHECK(wexec_store_backtrace(NULL, frames, 1) == 0);
done:
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

int main(void)
{
	RUN(test_backtrace);
	return unit_report();
}
