/*
 * test_interp.c - the compiler and interpreter (spec: exec/instructions.rst)
 * through the public API: calls and recursion, loops with fused
 * compare-and-branch, multi-value returns whose sources overlap their
 * destinations, br_table with values, call_indirect, traps with the
 * function's name, stack exhaustion without a host crash, host functions
 * calling back into wasm, fuel and interrupts, and the switch-dispatch
 * fallback's handler table. The module is `wat2wasm --debug-names` of:
 *
 * (module
 *   (import "host" "cb" (func $cb (param i32) (result i32)))
 *   (type $t (func (param i32) (result i32)))
 *   (memory 1)
 *   (table 2 funcref)
 *   (elem (i32.const 0) $fib $sum)
 *   (func $fib (export "fib") (param i32) (result i32)
 *     local.get 0 i32.const 2 i32.lt_u
 *     if (result i32) local.get 0
 *     else
 *       local.get 0 i32.const 1 i32.sub call $fib
 *       local.get 0 i32.const 2 i32.sub call $fib
 *       i32.add
 *     end)
 *   (func $sum (export "sum") (param $n i32) (result i32) (local $s i32)
 *     block $done
 *       loop $l
 *         local.get $n i32.eqz br_if $done
 *         local.get $s local.get $n i32.add local.set $s
 *         local.get $n i32.const 1 i32.sub local.set $n
 *         br $l
 *       end
 *     end
 *     local.get $s)
 *   (func $swap (export "swap") (param i32 i32) (result i32 i32)
 *     local.get 1 local.get 0)
 *   (func $div (export "div") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.div_s)
 *   (func $deep (export "deep") (param i32) (result i32)
 *     local.get 0 i32.const 1 i32.add call $deep)
 *   (func $brtable (export "brtable") (param i32) (result i32)
 *     block $a (result i32)
 *       block $b (result i32)
 *         i32.const 10 local.get 0 br_table $a $b $a
 *       end
 *       i32.const 1 i32.add
 *     end)
 *   (func $indirect (export "indirect") (param i32 i32) (result i32)
 *     local.get 1 local.get 0 call_indirect (type $t))
 *   (func $callback (export "callback") (param i32) (result i32)
 *     local.get 0 call $cb i32.const 1 i32.add)
 *   (func $order (export "order") (param i32) (result i32)
 *     local.get 0
 *     local.get 0 i32.const 5 i32.add local.set 0
 *     local.get 0 i32.sub)
 *   (func $mem (export "mem") (param i32) (result i32)
 *     local.get 0 i32.const 42 i32.store offset=4
 *     local.get 0 i32.load offset=4)
 *   (func $spin (export "spin") (loop $l br $l)))
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "interp.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t interp_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x16, 0x04, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x02, 0x7f, 0x7f, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02, 0x0b, 0x01, 0x04,
    0x68, 0x6f, 0x73, 0x74, 0x02, 0x63, 0x62, 0x00, 0x00, 0x03, 0x0c, 0x0b,
    0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x04,
    0x04, 0x01, 0x70, 0x00, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x56,
    0x0b, 0x03, 0x66, 0x69, 0x62, 0x00, 0x01, 0x03, 0x73, 0x75, 0x6d, 0x00,
    0x02, 0x04, 0x73, 0x77, 0x61, 0x70, 0x00, 0x03, 0x03, 0x64, 0x69, 0x76,
    0x00, 0x04, 0x04, 0x64, 0x65, 0x65, 0x70, 0x00, 0x05, 0x07, 0x62, 0x72,
    0x74, 0x61, 0x62, 0x6c, 0x65, 0x00, 0x06, 0x08, 0x69, 0x6e, 0x64, 0x69,
    0x72, 0x65, 0x63, 0x74, 0x00, 0x07, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x62,
    0x61, 0x63, 0x6b, 0x00, 0x08, 0x05, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x00,
    0x09, 0x03, 0x6d, 0x65, 0x6d, 0x00, 0x0a, 0x04, 0x73, 0x70, 0x69, 0x6e,
    0x00, 0x0b, 0x09, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x01, 0x02,
    0x0a, 0xa8, 0x01, 0x0b, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x49, 0x04,
    0x7f, 0x20, 0x00, 0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x01, 0x20,
    0x00, 0x41, 0x02, 0x6b, 0x10, 0x01, 0x6a, 0x0b, 0x0b, 0x21, 0x01, 0x01,
    0x7f, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x01, 0x20, 0x01,
    0x20, 0x00, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00,
    0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x06, 0x00, 0x20, 0x01, 0x20,
    0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b, 0x09, 0x00,
    0x20, 0x00, 0x41, 0x01, 0x6a, 0x10, 0x05, 0x0b, 0x14, 0x00, 0x02, 0x7f,
    0x02, 0x7f, 0x41, 0x0a, 0x20, 0x00, 0x0e, 0x02, 0x01, 0x00, 0x01, 0x0b,
    0x41, 0x01, 0x6a, 0x0b, 0x0b, 0x09, 0x00, 0x20, 0x01, 0x20, 0x00, 0x11,
    0x00, 0x00, 0x0b, 0x09, 0x00, 0x20, 0x00, 0x10, 0x00, 0x41, 0x01, 0x6a,
    0x0b, 0x0e, 0x00, 0x20, 0x00, 0x20, 0x00, 0x41, 0x05, 0x6a, 0x21, 0x00,
    0x20, 0x00, 0x6b, 0x0b, 0x0e, 0x00, 0x20, 0x00, 0x41, 0x2a, 0x36, 0x02,
    0x04, 0x20, 0x00, 0x28, 0x02, 0x04, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c,
    0x00, 0x0b, 0x0b, 0x00, 0x7d, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x4f,
    0x0c, 0x00, 0x02, 0x63, 0x62, 0x01, 0x03, 0x66, 0x69, 0x62, 0x02, 0x03,
    0x73, 0x75, 0x6d, 0x03, 0x04, 0x73, 0x77, 0x61, 0x70, 0x04, 0x03, 0x64,
    0x69, 0x76, 0x05, 0x04, 0x64, 0x65, 0x65, 0x70, 0x06, 0x07, 0x62, 0x72,
    0x74, 0x61, 0x62, 0x6c, 0x65, 0x07, 0x08, 0x69, 0x6e, 0x64, 0x69, 0x72,
    0x65, 0x63, 0x74, 0x08, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x62, 0x61, 0x63,
    0x6b, 0x09, 0x05, 0x6f, 0x72, 0x64, 0x65, 0x72, 0x0a, 0x03, 0x6d, 0x65,
    0x6d, 0x0b, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x02, 0x1f, 0x0c, 0x00, 0x00,
    0x01, 0x00, 0x02, 0x02, 0x00, 0x01, 0x6e, 0x01, 0x01, 0x73, 0x03, 0x00,
    0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x00, 0x08, 0x00, 0x09, 0x00,
    0x0a, 0x00, 0x0b, 0x00, 0x04, 0x04, 0x01, 0x00, 0x01, 0x74,
};

typedef struct fixture {
	wexec_module *module;
	wexec_store *store;
	wexec_linker *linker;
	wexec_instance *inst;
} fixture;

/* The host function: calls the wasm export "fib" from inside a wasm call,
 * so the interpreter runs nested on the shared stack. */
static wexec_status host_cb(wexec_instance *caller, void *user,
                            const wexec_val *args, wexec_val *results,
                            wexec_error *err)
{
	fixture *f = user;
	(void)caller;
	wexec_val arg = wexec_val_i32(args[0].of.i32);
	return wexec_func_call(wexec_instance_func(f->inst, "fib"), &arg, 1,
	                       results, 1, err);
}

static bool setup(fixture *f, const wexec_config *config)
{
	static const wexec_valtype i32 = WEXEC_I32;
	wexec_functype type = {&i32, 1, &i32, 1};
	wexec_error err = WEXEC_ERROR_INIT;
	memset(f, 0, sizeof *f);
	if (wexec_module_new(interp_wasm, sizeof interp_wasm, &f->module,
	                     &err) != WEXEC_OK)
		return false;
	f->store = wexec_store_new(config);
	f->linker = wexec_linker_new(f->store);
	if (wexec_linker_define_func(f->linker, "host", "cb", &type, host_cb, f,
	                             &err) != WEXEC_OK)
		return false;
	return wexec_linker_instantiate(f->linker, f->module, &f->inst, &err) ==
	       WEXEC_OK;
}

static void teardown(fixture *f)
{
	wexec_linker_free(f->linker);
	wexec_store_free(f->store);
	wexec_module_free(f->module);
}

/* Calls export `name` with up to two i32 arguments; returns the status
 * and fills out[0..nout). */
static wexec_status call(fixture *f, const char *name, const int32_t *args,
                         size_t nargs, int32_t *out, size_t nout,
                         wexec_error *err)
{
	wexec_val a[2], r[2];
	for (size_t i = 0; i < nargs; i++)
		a[i] = wexec_val_i32(args[i]);
	wexec_func *fn = wexec_instance_func(f->inst, name);
	if (!fn)
		return WEXEC_ERR_ARGUMENT;
	wexec_status st = wexec_func_call(fn, a, nargs, r, nout, err);
	for (size_t i = 0; st == WEXEC_OK && i < nout; i++)
		out[i] = r[i].of.i32;
	return st;
}

static int32_t call1(fixture *f, const char *name, int32_t x)
{
	int32_t out = -12345;
	wexec_error err = WEXEC_ERROR_INIT;
	if (call(f, name, &x, 1, &out, 1, &err) != WEXEC_OK)
		fprintf(stderr, "%s(%d): %s\n", name, x, err.message);
	return out;
}

static void test_values(void)
{
	fixture f;
	CHECK(setup(&f, NULL));
	CHECK(call1(&f, "fib", 20) == 6765);
	CHECK(call1(&f, "sum", 100) == 5050);
	CHECK(call1(&f, "sum", 0) == 0);
	CHECK(call1(&f, "brtable", 0) == 10);
	CHECK(call1(&f, "brtable", 1) == 11);
	CHECK(call1(&f, "brtable", 2) == 10);
	CHECK(call1(&f, "brtable", -1) == 10);
	CHECK(call1(&f, "order", 7) == -5);
	CHECK(call1(&f, "mem", 100) == 42);
	CHECK(call1(&f, "callback", 10) == 56);

	int32_t args[2] = {3, 4}, out[2] = {0, 0};
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(call(&f, "swap", args, 2, out, 2, &err) == WEXEC_OK);
	CHECK(out[0] == 4 && out[1] == 3);
	args[0] = 1;
	args[1] = 4;
	CHECK(call(&f, "indirect", args, 2, out, 1, &err) == WEXEC_OK);
	CHECK(out[0] == 10);
	args[0] = 0;
	args[1] = 10;
	CHECK(call(&f, "indirect", args, 2, out, 1, &err) == WEXEC_OK);
	CHECK(out[0] == 55);
	teardown(&f);
}

static void test_traps(void)
{
	fixture f;
	CHECK(setup(&f, NULL));
	int32_t args[2] = {1, 0}, out[2];
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(call(&f, "div", args, 2, out, 1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_DIV_ZERO);
	CHECK_STR(err.message, "integer divide by zero (in function div)");

	wexec_error_clear(&err);
	args[0] = 5;
	CHECK(call(&f, "indirect", args, 2, out, 1, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_UNDEFINED_ELEMENT);

	wexec_error_clear(&err);
	CHECK(call(&f, "mem", (int32_t[]){65530}, 1, out, 1, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_MEMORY_OOB);

	/* Unbounded recursion: a trap, not a crash, and the store is usable
	 * afterwards. */
	wexec_error_clear(&err);
	CHECK(call(&f, "deep", (int32_t[]){0}, 1, out, 1, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_STACK_EXHAUSTED);
	CHECK(call1(&f, "fib", 10) == 55);
	teardown(&f);
}

static void test_limits(void)
{
	fixture f;
	wexec_config config = {.max_call_depth = 50};
	CHECK(setup(&f, &config));
	wexec_error err = WEXEC_ERROR_INIT;
	int32_t out;
	CHECK(call(&f, "deep", (int32_t[]){0}, 1, &out, 1, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_STACK_EXHAUSTED);
	CHECK(call1(&f, "fib", 15) == 610);
	teardown(&f);

	wexec_config fuel = {.fuel = 1000};
	CHECK(setup(&f, &fuel));
	wexec_error_clear(&err);
	CHECK(call(&f, "spin", NULL, 0, NULL, 0, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_OUT_OF_FUEL);
	teardown(&f);

	CHECK(setup(&f, NULL));
	wexec_store_interrupt(f.store);
	wexec_error_clear(&err);
	CHECK(call(&f, "spin", NULL, 0, NULL, 0, &err) == WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_INTERRUPTED);
	wexec_store_clear_interrupt(f.store);
	CHECK(call1(&f, "sum", 10) == 55);
	teardown(&f);
}

/*
 * The superinstructions, each on the input that tells a fused form from
 * the pair it replaces (NaN in a fused float branch, an address add that
 * wraps, constant store values, a constant minuend, a pooled constant,
 * f64 arithmetic on a value just loaded, in either operand, a counter step
 * fused with the loop test, and one kept apart by a label, a product fed
 * to an add on either side, rounded twice as separate instructions are):
 *
 * (module
 *   (memory 1)
 *   (func (export "flt") (param f64 f64) (result i32)
 *     local.get 0 local.get 1 f64.lt
 *     if (result i32) i32.const 1 else i32.const 0 end)
 *   (func (export "fge_br") (param f64 f64) (result i32)
 *     block
 *       local.get 0 local.get 1 f64.ge br_if 0
 *       i32.const 0 return
 *     end
 *     i32.const 1)
 *   (func (export "load_wrap") (param i32) (result i32)
 *     i32.const 0 i32.const 0x11223344 i32.store
 *     local.get 0 i32.const 4 i32.add i32.load)
 *   (func (export "store_k") (param i32) (result i32)
 *     local.get 0 i32.const 7 i32.store8
 *     local.get 0 i64.const -2 i64.store offset=8
 *     local.get 0 i32.load8_u
 *     local.get 0 i32.load offset=8 i32.add)
 *   (func (export "rsub") (param i32) (result i32)
 *     i32.const 10 local.get 0 i32.sub)
 *   (func (export "fsum") (param i32) (result f64) (local f64)
 *     loop $l
 *       local.get 1 f64.const 0.5 f64.add local.set 1
 *       local.get 0 i32.const 1 i32.sub local.tee 0
 *       br_if $l
 *     end
 *     local.get 1)
 *   (func (export "fmem") (param i32) (result f64)
 *     f64.const 10 local.get 0 f64.load f64.sub
 *     local.get 0 f64.load local.get 0 f64.load offset=8 f64.mul f64.add
 *     local.get 0 f64.load f64.const 2 f64.mul f64.add)
 *   (func (export "teeset") (param i32) (result i32) (local i32 i32)
 *     i32.const 100 local.set 2
 *     local.get 2
 *     local.get 0 i32.const 1 i32.add local.tee 1 local.set 2
 *     local.get 1 local.get 2 i32.mul i32.add)
 *   (func (export "count") (param i32) (result i32) (local i32 i32)
 *     i32.const -5 local.set 2
 *     loop $l
 *       local.get 1 i32.const 1 i32.add local.set 1
 *       local.get 2 i32.const 2 i32.add local.tee 2
 *       i32.const 7 i32.lt_s br_if $l
 *     end
 *     loop $m
 *       block
 *         local.get 1 i32.const 1 i32.add local.set 1
 *         local.get 1 i32.const 9 i32.eq br_if 0
 *         local.get 1 i32.const 1 i32.add local.set 1
 *       end
 *       local.get 1 local.get 0 i32.lt_u br_if $m
 *     end
 *     local.get 1 local.get 2 i32.const 100 i32.mul i32.add)
 *   (func (export "fma") (param f64 f64 f64) (result f64)
 *     local.get 0 local.get 1 f64.mul local.get 2 f64.add
 *     local.get 2 local.get 0 local.get 1 f64.mul f64.add
 *     f64.add)
 *   (func (export "add3") (param i32 i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.add local.get 2 i32.add
 *     local.get 2 local.get 0 local.get 1 i32.add i32.add
 *     i32.mul)
 *   (data (i32.const 1024) "\00\00\00\00\00\00\08\40\00\00\00\00\00\00\10\40"))
 */
static const uint8_t super_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1f, 0x05, 0x60,
    0x02, 0x7c, 0x7c, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01,
    0x7f, 0x01, 0x7c, 0x60, 0x03, 0x7c, 0x7c, 0x7c, 0x01, 0x7c, 0x60, 0x03,
    0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x0c, 0x0b, 0x00, 0x00, 0x01, 0x01,
    0x01, 0x02, 0x02, 0x01, 0x01, 0x03, 0x04, 0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x59, 0x0b, 0x03, 0x66, 0x6c, 0x74, 0x00, 0x00, 0x06, 0x66, 0x67,
    0x65, 0x5f, 0x62, 0x72, 0x00, 0x01, 0x09, 0x6c, 0x6f, 0x61, 0x64, 0x5f,
    0x77, 0x72, 0x61, 0x70, 0x00, 0x02, 0x07, 0x73, 0x74, 0x6f, 0x72, 0x65,
    0x5f, 0x6b, 0x00, 0x03, 0x04, 0x72, 0x73, 0x75, 0x62, 0x00, 0x04, 0x04,
    0x66, 0x73, 0x75, 0x6d, 0x00, 0x05, 0x04, 0x66, 0x6d, 0x65, 0x6d, 0x00,
    0x06, 0x06, 0x74, 0x65, 0x65, 0x73, 0x65, 0x74, 0x00, 0x07, 0x05, 0x63,
    0x6f, 0x75, 0x6e, 0x74, 0x00, 0x08, 0x03, 0x66, 0x6d, 0x61, 0x00, 0x09,
    0x04, 0x61, 0x64, 0x64, 0x33, 0x00, 0x0a, 0x0a, 0xb9, 0x02, 0x0b, 0x0f,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x63, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41,
    0x00, 0x0b, 0x0b, 0x11, 0x00, 0x02, 0x40, 0x20, 0x00, 0x20, 0x01, 0x66,
    0x0d, 0x00, 0x41, 0x00, 0x0f, 0x0b, 0x41, 0x01, 0x0b, 0x15, 0x00, 0x41,
    0x00, 0x41, 0xc4, 0xe6, 0x88, 0x89, 0x01, 0x36, 0x02, 0x00, 0x20, 0x00,
    0x41, 0x04, 0x6a, 0x28, 0x02, 0x00, 0x0b, 0x1b, 0x00, 0x20, 0x00, 0x41,
    0x07, 0x3a, 0x00, 0x00, 0x20, 0x00, 0x42, 0x7e, 0x37, 0x03, 0x08, 0x20,
    0x00, 0x2d, 0x00, 0x00, 0x20, 0x00, 0x28, 0x02, 0x08, 0x6a, 0x0b, 0x07,
    0x00, 0x41, 0x0a, 0x20, 0x00, 0x6b, 0x0b, 0x20, 0x01, 0x01, 0x7c, 0x03,
    0x40, 0x20, 0x01, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x3f,
    0xa0, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00,
    0x0b, 0x20, 0x01, 0x0b, 0x2d, 0x00, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x24, 0x40, 0x20, 0x00, 0x2b, 0x03, 0x00, 0xa1, 0x20, 0x00, 0x2b,
    0x03, 0x00, 0x20, 0x00, 0x2b, 0x03, 0x08, 0xa2, 0xa0, 0x20, 0x00, 0x2b,
    0x03, 0x00, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0xa2,
    0xa0, 0x0b, 0x1a, 0x01, 0x02, 0x7f, 0x41, 0xe4, 0x00, 0x21, 0x02, 0x20,
    0x02, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x22, 0x01, 0x21, 0x02, 0x20, 0x01,
    0x20, 0x02, 0x6c, 0x6a, 0x0b, 0x49, 0x01, 0x02, 0x7f, 0x41, 0x7b, 0x21,
    0x02, 0x03, 0x40, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x20, 0x02,
    0x41, 0x02, 0x6a, 0x22, 0x02, 0x41, 0x07, 0x48, 0x0d, 0x00, 0x0b, 0x03,
    0x40, 0x02, 0x40, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x20, 0x01,
    0x41, 0x09, 0x46, 0x0d, 0x00, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01,
    0x0b, 0x20, 0x01, 0x20, 0x00, 0x49, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x20,
    0x02, 0x41, 0xe4, 0x00, 0x6c, 0x6a, 0x0b, 0x13, 0x00, 0x20, 0x00, 0x20,
    0x01, 0xa2, 0x20, 0x02, 0xa0, 0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0xa2,
    0xa0, 0xa0, 0x0b, 0x13, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x20, 0x02,
    0x6a, 0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x6a, 0x6c, 0x0b, 0x0b,
    0x17, 0x01, 0x00, 0x41, 0x80, 0x08, 0x0b, 0x10, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x08, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x40,
};

static wexec_val call_super(wexec_instance *inst, const char *name, wexec_val a,
                            wexec_val b, size_t nargs, wexec_status *st)
{
	wexec_val args[2] = {a, b}, r;
	wexec_error err = WEXEC_ERROR_INIT;
	memset(&r, 0, sizeof r);
	*st = wexec_func_call(wexec_instance_func(inst, name), args, nargs, &r,
	                      1, &err);
	return r;
}

static void test_superinstructions(void)
{
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_module_new(super_wasm, sizeof super_wasm, &m, &err) ==
	      WEXEC_OK);
	if (!m)
		return;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	if (inst) {
		wexec_status st;
		wexec_val nan = wexec_val_f64(0.0), one = wexec_val_f64(1.0);
		nan.of.f64_bits = 0x7ff8000000000000ull;
		CHECK(call_super(inst, "flt", nan, one, 2, &st).of.i32 == 0 &&
		      st == WEXEC_OK);
		CHECK(call_super(inst, "flt", one, nan, 2, &st).of.i32 == 0);
		CHECK(call_super(inst, "flt", wexec_val_f64(0.5), one, 2, &st)
		          .of.i32 == 1);
		CHECK(call_super(inst, "fge_br", nan, one, 2, &st).of.i32 == 0);
		CHECK(call_super(inst, "fge_br", one, one, 2, &st).of.i32 == 1);
		CHECK(
		    call_super(inst, "fge_br", wexec_val_f64(0.5), one, 2, &st)
		        .of.i32 == 0);
		/* -4 + 4 wraps to address 0 in i32 arithmetic: no trap. */
		CHECK(call_super(inst, "load_wrap", wexec_val_i32(-4), one, 1,
		                 &st)
		          .of.i32 == 0x11223344);
		CHECK(st == WEXEC_OK);
		call_super(inst, "load_wrap", wexec_val_i32(65532), one, 1,
		           &st);
		CHECK(st == WEXEC_ERR_TRAP);
		CHECK(
		    call_super(inst, "store_k", wexec_val_i32(64), one, 1, &st)
		        .of.i32 == 7 - 2);
		CHECK(call_super(inst, "rsub", wexec_val_i32(3), one, 1, &st)
		          .of.i32 == 7);
		CHECK(call_super(inst, "fsum", wexec_val_i32(10), one, 1, &st)
		          .of.f64 == 5.0);
		/* (10 - 3) + 3 * 4 + 3 * 2, with 3.0 and 4.0 in memory */
		CHECK(call_super(inst, "fmem", wexec_val_i32(1024), one, 1, &st)
		          .of.f64 == 25.0);
		/* The add computes into local 2 and is copied to local 1; the
		 * old local 2 read before must survive: 100 + 5 * 5. */
		CHECK(call_super(inst, "teeset", wexec_val_i32(4), one, 1, &st)
		          .of.i32 == 125);
		/* -5 steps by 2 to 7 in 6 iterations; then 6 counts on by 2 to
		 * 8, by 1 at 9 (the branch skips the second add and lands on
		 * the loop test, which must not absorb that add), by 2 to 20.
		 */
		CHECK(call_super(inst, "count", wexec_val_i32(20), one, 1, &st)
		          .of.i32 == 721);
		{
			/* (1 + 2^-30)(1 - 2^-30) rounds to 1, so each sum is 0;
			 * a fused multiply-add would give -2^-60 each. */
			wexec_val args[3] = {wexec_val_f64(1.0 + 0x1p-30),
			                     wexec_val_f64(1.0 - 0x1p-30),
			                     wexec_val_f64(-1.0)},
			          r;
			CHECK(wexec_func_call(wexec_instance_func(inst, "fma"),
			                      args, 3, &r, 1,
			                      NULL) == WEXEC_OK);
			CHECK(r.of.f64 == 0.0);
		}
		{
			wexec_val args[3] = {wexec_val_i32(1), wexec_val_i32(2),
			                     wexec_val_i32(-4)},
			          r;
			CHECK(wexec_func_call(wexec_instance_func(inst, "add3"),
			                      args, 3, &r, 1,
			                      NULL) == WEXEC_OK);
			CHECK(r.of.i32 == 1);
		}
		call_super(inst, "fmem", wexec_val_i32(65530), one, 1, &st);
		CHECK(st == WEXEC_ERR_TRAP);
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* One module, translated lazily by several threads at once, each running
 * its own store (wexec.h: a store belongs to one thread, a module does
 * not). */
static wexec_status host_id(wexec_instance *caller, void *user,
                            const wexec_val *args, wexec_val *results,
                            wexec_error *err)
{
	(void)caller;
	(void)user;
	(void)err;
	results[0] = args[0];
	return WEXEC_OK;
}

static void *thread_main(void *arg)
{
	static const wexec_valtype i32 = WEXEC_I32;
	wexec_functype type = {&i32, 1, &i32, 1};
	wexec_module *m = arg;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	wexec_val a = wexec_val_i32(20), r;
	intptr_t ok = 0;
	if (wexec_linker_define_func(linker, "host", "cb", &type, host_id, NULL,
	                             NULL) == WEXEC_OK &&
	    wexec_linker_instantiate(linker, m, &inst, NULL) == WEXEC_OK &&
	    wexec_func_call(wexec_instance_func(inst, "fib"), &a, 1, &r, 1,
	                    NULL) == WEXEC_OK)
		ok = r.of.i32 == 6765;
	wexec_linker_free(linker);
	wexec_store_free(store);
	return (void *)ok;
}

static void test_threads(void)
{
	wexec_module *m = NULL;
	CHECK(wexec_module_new(interp_wasm, sizeof interp_wasm, &m, NULL) ==
	      WEXEC_OK);
	if (!m)
		return;
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, thread_main, m) == 0);
	for (int i = 0; i < 4; i++) {
		void *ok = NULL;
		pthread_join(t[i], &ok);
		CHECK(ok == (void *)1);
	}
	wexec_module_free(m);
}

static void test_handlers(void)
{
#ifdef WX_SWITCH_DISPATCH
	CHECK(wx_interp_handlers() == NULL);
#else
	const void *const *h = wx_interp_handlers();
	CHECK(h != NULL);
	CHECK(h != NULL && h[0] != h[1]);
#endif
}

int main(void)
{
	RUN(test_values);
	RUN(test_traps);
	RUN(test_limits);
	RUN(test_superinstructions);
	RUN(test_threads);
	RUN(test_handlers);
	return unit_report();
}
