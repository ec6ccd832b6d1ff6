/*
 * test_indirect.c - call_indirect (exec/instructions.rst): the fast path a
 * call to a function of the running instance takes, and the calls it
 * leaves to the general path: host functions, functions of another
 * instance (whose memory the callee must see, and the caller's again
 * after), the first call of an untranslated function, the depth limit,
 * interrupts and fuel. The modules are `wat2wasm` of:
 *
 * (module                                          ;; caller_wasm
 *   (import "host" "twice" (func $twice (param i32) (result i32)))
 *   (type $t (func (param i32) (result i32)))
 *   (memory 1)
 *   (data (i32.const 0) "\07\00\00\00")
 *   (table (export "tab") 4 funcref)
 *   (elem (i32.const 0) $deep $twice $peek)
 *   (func $deep (param i32) (result i32)
 *     local.get 0 i32.const 1 i32.add i32.const 0 call_indirect (type $t))
 *   (func $peek (param i32) (result i32)
 *     local.get 0 i32.load)
 *   (func (export "call") (param i32 i32) (result i32)
 *     local.get 1 local.get 0 call_indirect (type $t)
 *     i32.const 0 i32.load i32.add))
 *
 * (module                                          ;; other_wasm
 *   (import "a" "tab" (table 4 funcref))
 *   (type $t (func (param i32) (result i32)))
 *   (memory 1)
 *   (data (i32.const 0) "\64\00\00\00")
 *   (elem (i32.const 3) $peek)
 *   (func $peek (param i32) (result i32)
 *     local.get 0 i32.load))
 */
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "wexec.h"

static const uint8_t caller_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x0e,
    0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x05, 0x74, 0x77, 0x69, 0x63, 0x65,
    0x00, 0x00, 0x03, 0x04, 0x03, 0x00, 0x00, 0x01, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x04, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x0e, 0x02, 0x03, 0x74,
    0x61, 0x62, 0x01, 0x00, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x03, 0x09,
    0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, 0x01, 0x00, 0x02, 0x0a, 0x26,
    0x03, 0x0c, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x41, 0x00, 0x11, 0x00,
    0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, 0x0f, 0x00,
    0x20, 0x01, 0x20, 0x00, 0x11, 0x00, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00,
    0x6a, 0x0b, 0x0b, 0x0a, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x04, 0x07, 0x00,
    0x00, 0x00,
};

static const uint8_t other_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x02, 0x0b, 0x01, 0x01, 0x61, 0x03, 0x74, 0x61,
    0x62, 0x01, 0x70, 0x00, 0x04, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01,
    0x00, 0x01, 0x09, 0x07, 0x01, 0x00, 0x41, 0x03, 0x0b, 0x01, 0x00, 0x0a,
    0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, 0x0b, 0x0a,
    0x01, 0x00, 0x41, 0x00, 0x0b, 0x04, 0x64, 0x00, 0x00, 0x00,
};

typedef struct fixture {
	wexec_module *caller, *other;
	wexec_store *store;
	wexec_linker *linker;
	wexec_instance *a, *b;
} fixture;

static wexec_status host_twice(wexec_instance *caller, void *user,
                               const wexec_val *args, wexec_val *results,
                               wexec_error *err)
{
	(void)caller;
	(void)user;
	(void)err;
	results[0] = wexec_val_i32(2 * args[0].of.i32);
	return WEXEC_OK;
}

static bool setup(fixture *f, const wexec_config *config)
{
	static const wexec_valtype i32 = WEXEC_I32;
	wexec_functype type = {&i32, 1, &i32, 1};
	wexec_error err = WEXEC_ERROR_INIT;
	memset(f, 0, sizeof *f);
	if (wexec_module_new(caller_wasm, sizeof caller_wasm, &f->caller,
	                     &err) != WEXEC_OK ||
	    wexec_module_new(other_wasm, sizeof other_wasm, &f->other, &err) !=
	        WEXEC_OK)
		return false;
	f->store = wexec_store_new(config);
	f->linker = wexec_linker_new(f->store);
	return wexec_linker_define_func(f->linker, "host", "twice", &type,
	                                host_twice, NULL, &err) == WEXEC_OK &&
	       wexec_linker_instantiate(f->linker, f->caller, &f->a, &err) ==
	           WEXEC_OK &&
	       wexec_linker_define_instance(f->linker, "a", f->a, &err) ==
	           WEXEC_OK &&
	       wexec_linker_instantiate(f->linker, f->other, &f->b, &err) ==
	           WEXEC_OK;
}

static void teardown(fixture *f)
{
	wexec_linker_free(f->linker);
	wexec_store_free(f->store);
	wexec_module_free(f->other);
	wexec_module_free(f->caller);
}

/* a's "call"(i, x): table element i applied to x, plus a's memory word 0. */
static wexec_status call(fixture *f, int32_t i, int32_t x, int32_t *out,
                         wexec_error *err)
{
	wexec_val args[2] = {wexec_val_i32(i), wexec_val_i32(x)}, r;
	wexec_status st = wexec_func_call(wexec_instance_func(f->a, "call"),
	                                  args, 2, &r, 1, err);
	if (st == WEXEC_OK)
		*out = r.of.i32;
	return st;
}

static void test_targets(void)
{
	fixture f;
	wexec_error err = WEXEC_ERROR_INIT;
	int32_t out = 0;
	CHECK(setup(&f, NULL));
	/* A host function: 2 * 5, then a's memory word (7). */
	CHECK(call(&f, 1, 5, &out, &err) == WEXEC_OK && out == 17);
	/* A function of the same instance, untranslated at its first call,
	 * then translated: a's memory twice. */
	CHECK(call(&f, 2, 0, &out, &err) == WEXEC_OK && out == 14);
	CHECK(call(&f, 2, 0, &out, &err) == WEXEC_OK && out == 14);
	/* A function of b, in a's table: it reads b's memory (100), and
	 * the caller a's again after the return. */
	for (int round = 0; round < 2; round++)
		CHECK(call(&f, 3, 0, &out, &err) == WEXEC_OK && out == 107);
	/* An empty element. */
	wexec_error_clear(&err);
	CHECK(call(&f, 4, 0, &out, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_UNDEFINED_ELEMENT);
	teardown(&f);
}

static void test_limits(void)
{
	fixture f;
	wexec_error err = WEXEC_ERROR_INIT;
	int32_t out = 0;
	/* Unbounded recursion through the table meets the depth limit on
	 * the fast path; the store goes on working. */
	wexec_config depth = {.max_call_depth = 50};
	CHECK(setup(&f, &depth));
	CHECK(call(&f, 0, 0, &out, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_STACK_EXHAUSTED);
	CHECK(call(&f, 3, 0, &out, &err) == WEXEC_OK && out == 107);
	teardown(&f);

	/* The default limits: the depth or the stack, never the host's. */
	CHECK(setup(&f, NULL));
	wexec_error_clear(&err);
	CHECK(call(&f, 0, 0, &out, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_STACK_EXHAUSTED);
	/* An interrupt stops the recursion before any limit. */
	wexec_store_interrupt(f.store);
	wexec_error_clear(&err);
	CHECK(call(&f, 0, 0, &out, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_INTERRUPTED);
	wexec_store_clear_interrupt(f.store);
	teardown(&f);

	/* Every call is charged while fuel is metered. */
	wexec_config fuel = {.fuel = 200, .max_call_depth = 100000};
	CHECK(setup(&f, &fuel));
	wexec_error_clear(&err);
	CHECK(call(&f, 0, 0, &out, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_OUT_OF_FUEL);
	teardown(&f);
}

int main(void)
{
	RUN(test_targets);
	RUN(test_limits);
	return unit_report();
}
