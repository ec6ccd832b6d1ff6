/*
 * test_tail.c - tail calls (proposals/tail-call): return_call and
 * return_call_indirect replace the caller's frame, so 10 million of them
 * run within the default call depth of 100,000; they reach host
 * functions, functions of another instance, and callees with more
 * parameters and locals than the caller; fuel still runs out in a tail
 * loop; a bad table index traps as call_indirect's does; an interrupt
 * stops code at its next call. The modules are
 * `wat2wasm --enable-tail-call` of:
 *
 * (module
 *   (import "host" "add" (func $hadd (param i32 i32) (result i32)))
 *   (type $t (func (param i64 i64) (result i64)))
 *   (table 2 funcref)
 *   (elem (i32.const 0) $count $sum_ind)
 *   (func $count (export "count") (param i64 i64) (result i64)
 *     local.get 0 i64.eqz
 *     if (result i64) local.get 1
 *     else
 *       local.get 0 i64.const 1 i64.sub local.get 1 i64.const 1 i64.add
 *       return_call $count
 *     end)
 *   (func $sum_ind (export "sum_ind") (param i64 i64) (result i64)
 *     local.get 0 i64.eqz
 *     if (result i64) local.get 1
 *     else
 *       local.get 0 i64.const 1 i64.sub local.get 1 local.get 0 i64.add
 *       i32.const 1 return_call_indirect (type $t)
 *     end)
 *   (func (export "to_host") (param i32) (result i32)
 *     local.get 0 i32.const 100 return_call $hadd)
 *   (func $even (export "even") (param i32) (result i32)
 *     local.get 0 i32.eqz
 *     if (result i32) i32.const 1
 *     else local.get 0 i32.const 1 i32.sub return_call $odd end)
 *   (func $odd (param i32) (result i32)
 *     local.get 0 i32.eqz
 *     if (result i32) i32.const 0
 *     else local.get 0 i32.const 1 i32.sub return_call $even end)
 *   (func $wide (param i32 i32 i32 i32 i32 i32) (result i32) (local i32)
 *     local.get 6 local.get 0 i32.add local.get 5 i32.add)
 *   (func (export "widen") (param i32) (result i32)
 *     local.get 0 i32.const 1 i32.const 2 i32.const 3 i32.const 4 i32.const 5
 *     return_call $wide)
 *   (func (export "bad_ind") (result i64)
 *     i64.const 0 i64.const 0 i32.const 5 return_call_indirect (type $t))
 * )
 *
 * and, instantiated with the first as "tail":
 *
 * (module
 *   (import "tail" "count" (func $count (param i64 i64) (result i64)))
 *   (func (export "via") (param i64) (result i64)
 *     local.get 0 i64.const 7 return_call $count))
 */
#include <string.h>

#include "unit.h"
#include "wexec.h"

static const unsigned char tail_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x20, 0x05, 0x60,
    0x02, 0x7e, 0x7e, 0x01, 0x7e, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f,
    0x01, 0x7f, 0x60, 0x00, 0x01, 0x7e, 0x02, 0x0c, 0x01, 0x04, 0x68, 0x6f,
    0x73, 0x74, 0x03, 0x61, 0x64, 0x64, 0x00, 0x01, 0x03, 0x09, 0x08, 0x00,
    0x00, 0x02, 0x02, 0x02, 0x03, 0x02, 0x04, 0x04, 0x04, 0x01, 0x70, 0x00,
    0x02, 0x07, 0x36, 0x06, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x00, 0x01,
    0x07, 0x73, 0x75, 0x6d, 0x5f, 0x69, 0x6e, 0x64, 0x00, 0x02, 0x07, 0x74,
    0x6f, 0x5f, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x03, 0x04, 0x65, 0x76, 0x65,
    0x6e, 0x00, 0x04, 0x05, 0x77, 0x69, 0x64, 0x65, 0x6e, 0x00, 0x07, 0x07,
    0x62, 0x61, 0x64, 0x5f, 0x69, 0x6e, 0x64, 0x00, 0x08, 0x09, 0x08, 0x01,
    0x00, 0x41, 0x00, 0x0b, 0x02, 0x01, 0x02, 0x0a, 0x8e, 0x01, 0x08, 0x17,
    0x00, 0x20, 0x00, 0x50, 0x04, 0x7e, 0x20, 0x01, 0x05, 0x20, 0x00, 0x42,
    0x01, 0x7d, 0x20, 0x01, 0x42, 0x01, 0x7c, 0x12, 0x01, 0x0b, 0x0b, 0x1a,
    0x00, 0x20, 0x00, 0x50, 0x04, 0x7e, 0x20, 0x01, 0x05, 0x20, 0x00, 0x42,
    0x01, 0x7d, 0x20, 0x01, 0x20, 0x00, 0x7c, 0x41, 0x01, 0x13, 0x00, 0x00,
    0x0b, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x41, 0xe4, 0x00, 0x12, 0x00, 0x0b,
    0x12, 0x00, 0x20, 0x00, 0x45, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x20, 0x00,
    0x41, 0x01, 0x6b, 0x12, 0x05, 0x0b, 0x0b, 0x12, 0x00, 0x20, 0x00, 0x45,
    0x04, 0x7f, 0x41, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x12, 0x04,
    0x0b, 0x0b, 0x0c, 0x01, 0x01, 0x7f, 0x20, 0x06, 0x20, 0x00, 0x6a, 0x20,
    0x05, 0x6a, 0x0b, 0x10, 0x00, 0x20, 0x00, 0x41, 0x01, 0x41, 0x02, 0x41,
    0x03, 0x41, 0x04, 0x41, 0x05, 0x12, 0x06, 0x0b, 0x0b, 0x00, 0x42, 0x00,
    0x42, 0x00, 0x41, 0x05, 0x13, 0x00, 0x00, 0x0b,
};

static const unsigned char user_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x02, 0x7e, 0x7e, 0x01, 0x7e, 0x60, 0x01, 0x7e, 0x01, 0x7e, 0x02, 0x0e,
    0x01, 0x04, 0x74, 0x61, 0x69, 0x6c, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x07, 0x07, 0x01, 0x03, 0x76, 0x69,
    0x61, 0x00, 0x01, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x20, 0x00, 0x42, 0x07,
    0x12, 0x00, 0x0b,
};

static wexec_status host_add(wexec_instance *caller, void *user,
                             const wexec_val *args, wexec_val *results,
                             wexec_error *err)
{
	(void)caller;
	(void)user;
	(void)err;
	results[0] = wexec_val_i32(args[0].of.i32 + args[1].of.i32);
	return WEXEC_OK;
}

typedef struct fixture {
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *tail, *user;
	wexec_instance *inst, *uinst;
} fixture;

static bool setup(fixture *f, const wexec_config *config)
{
	static const wexec_valtype i32x2[] = {WEXEC_I32, WEXEC_I32};
	static const wexec_valtype i32 = WEXEC_I32;
	wexec_functype add = {i32x2, 2, &i32, 1};
	wexec_error err = WEXEC_ERROR_INIT;
	memset(f, 0, sizeof *f);
	f->store = wexec_store_new(config);
	f->linker = wexec_linker_new(f->store);
	return wexec_module_new(tail_wasm, sizeof tail_wasm, &f->tail, &err) ==
	           WEXEC_OK &&
	       wexec_module_new(user_wasm, sizeof user_wasm, &f->user, &err) ==
	           WEXEC_OK &&
	       wexec_linker_define_func(f->linker, "host", "add", &add,
	                                host_add, NULL, &err) == WEXEC_OK &&
	       wexec_linker_instantiate(f->linker, f->tail, &f->inst, &err) ==
	           WEXEC_OK &&
	       wexec_linker_define_instance(f->linker, "tail", f->inst, &err) ==
	           WEXEC_OK &&
	       wexec_linker_instantiate(f->linker, f->user, &f->uinst, &err) ==
	           WEXEC_OK;
}

static void teardown(fixture *f)
{
	wexec_linker_free(f->linker);
	wexec_store_free(f->store);
	wexec_module_free(f->tail);
	wexec_module_free(f->user);
}

static wexec_status call(wexec_instance *inst, const char *name,
                         const wexec_val *args, size_t nargs, wexec_val *r,
                         wexec_error *err)
{
	return wexec_func_call(wexec_instance_func(inst, name), args, nargs, r,
	                       1, err);
}

static void test_constant_stack(void)
{
	fixture f;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val r, a[2] = {wexec_val_i64(10000000), wexec_val_i64(0)};
	CHECK(setup(&f, NULL));
	/* 10 million calls deep, were they not tail calls. */
	CHECK(call(f.inst, "count", a, 2, &r, &err) == WEXEC_OK &&
	      r.of.i64 == 10000000);
	a[0] = wexec_val_i64(1000000);
	CHECK(call(f.inst, "sum_ind", a, 2, &r, &err) == WEXEC_OK &&
	      r.of.i64 == 500000500000);
	a[0] = wexec_val_i32(1000001);
	CHECK(call(f.inst, "even", a, 1, &r, &err) == WEXEC_OK &&
	      r.of.i32 == 0);
	a[0] = wexec_val_i32(10);
	CHECK(call(f.inst, "widen", a, 1, &r, &err) == WEXEC_OK &&
	      r.of.i32 == 15);
	/* A host function in tail position returns to the caller. */
	a[0] = wexec_val_i32(5);
	CHECK(call(f.inst, "to_host", a, 1, &r, &err) == WEXEC_OK &&
	      r.of.i32 == 105);
	/* Into another instance's function, which then recurses there. */
	a[0] = wexec_val_i64(1000000);
	CHECK(call(f.uinst, "via", a, 1, &r, &err) == WEXEC_OK &&
	      r.of.i64 == 1000007);
	teardown(&f);
}

static void test_traps(void)
{
	fixture f;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val r;
	CHECK(setup(&f, NULL));
	CHECK(call(f.inst, "bad_ind", NULL, 0, &r, &err) == WEXEC_ERR_TRAP &&
	      err.trap == WEXEC_TRAP_UNDEFINED_ELEMENT);
	/* No name section: the trap names the function's export. */
	CHECK_STR(err.message, "undefined element 5 (in function bad_ind)");
	teardown(&f);

	/* Fuel runs out in a loop made of tail calls alone. */
	wexec_config config;
	wexec_config_init(&config);
	config.fuel = 1000;
	CHECK(setup(&f, &config));
	wexec_val a[2] = {wexec_val_i64(1000000), wexec_val_i64(0)};
	err = (wexec_error)WEXEC_ERROR_INIT;
	CHECK(call(f.inst, "count", a, 2, &r, &err) == WEXEC_ERR_TRAP &&
	      err.trap == WEXEC_TRAP_OUT_OF_FUEL);
	teardown(&f);
}

/*
 * (module
 *   (import "host" "stop" (func $stop))
 *   (func $g (result i32) i32.const 7)
 *   (func (export "f") (result i32) call $stop call $g))
 */
static const unsigned char stop_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60,
    0x00, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x04, 0x68, 0x6f,
    0x73, 0x74, 0x04, 0x73, 0x74, 0x6f, 0x70, 0x00, 0x00, 0x03, 0x03, 0x02,
    0x01, 0x01, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x02, 0x0a, 0x0d, 0x02,
    0x04, 0x00, 0x41, 0x07, 0x0b, 0x06, 0x00, 0x10, 0x00, 0x10, 0x01, 0x0b,
};

static wexec_status host_stop(wexec_instance *caller, void *user,
                              const wexec_val *args, wexec_val *results,
                              wexec_error *err)
{
	(void)user;
	(void)args;
	(void)results;
	(void)err;
	wexec_store_interrupt(wexec_instance_store(caller));
	return WEXEC_OK;
}

/* An interrupt raised while wasm runs stops it at its next call, also a
 * call on the interpreter's fast path (CALL_LOCAL), with no loop to poll
 * at. */
static void test_interrupt_at_call(void)
{
	wexec_functype none = {NULL, 0, NULL, 0};
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	wexec_val r;
	CHECK(wexec_module_new(stop_wasm, sizeof stop_wasm, &m, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define_func(linker, "host", "stop", &none,
	                               host_stop, NULL, &err) == WEXEC_OK);
	CHECK(m && wexec_linker_instantiate(linker, m, &inst, &err) ==
	               WEXEC_OK);
	CHECK(inst && call(inst, "f", NULL, 0, &r, &err) == WEXEC_ERR_TRAP &&
	      err.trap == WEXEC_TRAP_INTERRUPTED);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

int main(void)
{
	RUN(test_constant_stack);
	RUN(test_interrupt_at_call);
	RUN(test_traps);
	return unit_report();
}
