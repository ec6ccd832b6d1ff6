/*
 * test_rmw.c - read-modify-writes of memory in one instruction.
 * y[i] += a * x[i] (F64_MULM_ADD_TO, or F64_MULMK_ADD_TO when x's address
 * had a constant added): the product is rounded, then the sum, as f64.mul
 * and f64.add are; x's address wraps at 2^32 before the offset; an access
 * out of bounds, either one, traps with memory unchanged. p->n += k
 * (I32_ADD_TO_K): the sum still reaches the local that keeps it, and a
 * store to another address or offset stays apart. The module is
 * `wat2wasm` of:
 *
 * (module
 *   (memory 1)
 *   ;; y[i] += a * x[i] for i < n, f64 elements at byte addresses y and x.
 *   (func $axpy (export "axpy") (param $y i32) (param $x i32) (param $a f64) (param $n i32)
 *     block
 *       local.get $n i32.eqz br_if 0
 *       loop
 *         local.get $y
 *         local.get $a local.get $x f64.load f64.mul
 *         local.get $y f64.load f64.add
 *         f64.store
 *         local.get $y i32.const 8 i32.add local.set $y
 *         local.get $x i32.const 8 i32.add local.set $x
 *         local.get $n i32.const -1 i32.add local.tee $n
 *         br_if 0
 *       end
 *     end)
 *   ;; The same step once, x's address with a constant added (wrapping).
 *   (func $step_k (export "step_k") (param $y i32) (param $x i32) (param $a f64)
 *     local.get $y
 *     local.get $a local.get $x i32.const 8 i32.add f64.load f64.mul
 *     local.get $y f64.load offset=16 f64.add
 *     f64.store offset=16)
 *   (func (export "get") (param i32) (result f64) local.get 0 f64.load)
 *   (func (export "set") (param i32 f64) local.get 0 local.get 1 f64.store)
 *   ;; p->n += 1 at offset 4; and x = (p->n += 5), returning x.
 *   (func (export "inc") (param i32)
 *     local.get 0 local.get 0 i32.load offset=4 i32.const 1 i32.add
 *     i32.store offset=4)
 *   (func (export "inc_tee") (param i32) (result i32) (local i32)
 *     local.get 0 local.get 0 i32.load i32.const 5 i32.add local.tee 1
 *     i32.store local.get 1)
 *   ;; Not one: another address, another offset.
 *   (func (export "other_addr") (param i32 i32)
 *     local.get 1 local.get 0 i32.load i32.const 1 i32.add i32.store)
 *   (func (export "other_offset") (param i32)
 *     local.get 0 local.get 0 i32.load offset=4 i32.const 1 i32.add
 *     i32.store offset=8)
 *   (func (export "get32") (param i32) (result i32) local.get 0 i32.load))
 */
#include <math.h>
#include <string.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char axpy_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x26, 0x07, 0x60,
    0x04, 0x7f, 0x7f, 0x7c, 0x7f, 0x00, 0x60, 0x03, 0x7f, 0x7f, 0x7c, 0x00,
    0x60, 0x01, 0x7f, 0x01, 0x7c, 0x60, 0x02, 0x7f, 0x7c, 0x00, 0x60, 0x01,
    0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x00,
    0x03, 0x0a, 0x09, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x04, 0x05,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x51, 0x09, 0x04, 0x61, 0x78, 0x70,
    0x79, 0x00, 0x00, 0x06, 0x73, 0x74, 0x65, 0x70, 0x5f, 0x6b, 0x00, 0x01,
    0x03, 0x67, 0x65, 0x74, 0x00, 0x02, 0x03, 0x73, 0x65, 0x74, 0x00, 0x03,
    0x03, 0x69, 0x6e, 0x63, 0x00, 0x04, 0x07, 0x69, 0x6e, 0x63, 0x5f, 0x74,
    0x65, 0x65, 0x00, 0x05, 0x0a, 0x6f, 0x74, 0x68, 0x65, 0x72, 0x5f, 0x61,
    0x64, 0x64, 0x72, 0x00, 0x06, 0x0c, 0x6f, 0x74, 0x68, 0x65, 0x72, 0x5f,
    0x6f, 0x66, 0x66, 0x73, 0x65, 0x74, 0x00, 0x07, 0x05, 0x67, 0x65, 0x74,
    0x33, 0x32, 0x00, 0x08, 0x0a, 0xb2, 0x01, 0x09, 0x37, 0x00, 0x02, 0x40,
    0x20, 0x03, 0x45, 0x0d, 0x00, 0x03, 0x40, 0x20, 0x00, 0x20, 0x02, 0x20,
    0x01, 0x2b, 0x03, 0x00, 0xa2, 0x20, 0x00, 0x2b, 0x03, 0x00, 0xa0, 0x39,
    0x03, 0x00, 0x20, 0x00, 0x41, 0x08, 0x6a, 0x21, 0x00, 0x20, 0x01, 0x41,
    0x08, 0x6a, 0x21, 0x01, 0x20, 0x03, 0x41, 0x7f, 0x6a, 0x22, 0x03, 0x0d,
    0x00, 0x0b, 0x0b, 0x0b, 0x18, 0x00, 0x20, 0x00, 0x20, 0x02, 0x20, 0x01,
    0x41, 0x08, 0x6a, 0x2b, 0x03, 0x00, 0xa2, 0x20, 0x00, 0x2b, 0x03, 0x10,
    0xa0, 0x39, 0x03, 0x10, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x2b, 0x03, 0x00,
    0x0b, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x39, 0x03, 0x00, 0x0b, 0x0f,
    0x00, 0x20, 0x00, 0x20, 0x00, 0x28, 0x02, 0x04, 0x41, 0x01, 0x6a, 0x36,
    0x02, 0x04, 0x0b, 0x15, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x20, 0x00, 0x28,
    0x02, 0x00, 0x41, 0x05, 0x6a, 0x22, 0x01, 0x36, 0x02, 0x00, 0x20, 0x01,
    0x0b, 0x0f, 0x00, 0x20, 0x01, 0x20, 0x00, 0x28, 0x02, 0x00, 0x41, 0x01,
    0x6a, 0x36, 0x02, 0x00, 0x0b, 0x0f, 0x00, 0x20, 0x00, 0x20, 0x00, 0x28,
    0x02, 0x04, 0x41, 0x01, 0x6a, 0x36, 0x02, 0x08, 0x0b, 0x07, 0x00, 0x20,
    0x00, 0x28, 0x02, 0x00, 0x0b,
};

static wexec_module *mod;
static wexec_instance *inst;

static bool run(const char *name, const wexec_val *args, uint32_t n)
{
	wexec_error err = WEXEC_ERROR_INIT;
	return wexec_func_call(wexec_instance_func(inst, name), args, n, NULL,
	                       0, &err) == WEXEC_OK;
}

static void set(uint32_t addr, double v)
{
	wexec_val a[2] = {wexec_val_i32((int32_t)addr), wexec_val_f64(v)};
	run("set", a, 2);
}

static double get(uint32_t addr)
{
	wexec_val a = wexec_val_i32((int32_t)addr), r;
	wexec_error err = WEXEC_ERROR_INIT;
	if (wexec_func_call(wexec_instance_func(inst, "get"), &a, 1, &r, 1,
	                    &err) != WEXEC_OK)
		return NAN;
	return r.of.f64;
}

static bool axpy(uint32_t y, uint32_t x, double a, uint32_t n)
{
	wexec_val args[4] = {wexec_val_i32((int32_t)y), wexec_val_i32((int32_t)x),
	                     wexec_val_f64(a), wexec_val_i32((int32_t)n)};
	return run("axpy", args, 4);
}

static void test_values(void)
{
	for (uint32_t i = 0; i < 4; i++) {
		set(1000 + 8 * i, 1.0 + i);      /* x */
		set(2000 + 8 * i, 0.5 * i);      /* y */
	}
	CHECK(axpy(2000, 1000, 3.0, 4));
	for (uint32_t i = 0; i < 4; i++)
		CHECK(get(2000 + 8 * i) == 0.5 * i + 3.0 * (1.0 + i));
	/* Rounded twice: 0.1 * 3 then + 1e16, not a fused multiply-add. */
	volatile double p = 0.1 * 3.0;
	set(1000, 0.1);
	set(2000, 1e16);
	CHECK(axpy(2000, 1000, 3.0, 1));
	CHECK(get(2000) == 1e16 + p);
	set(1000, NAN);
	CHECK(axpy(2000, 1000, 3.0, 1));
	CHECK(isnan(get(2000)));
}

static void test_bounds(void)
{
	set(2000, 5.0);
	set(65528, 7.0);
	/* x past the end: a trap, y untouched. */
	CHECK(!axpy(2000, 65532, 1.0, 1));
	CHECK(get(2000) == 5.0);
	/* y past the end: a trap. */
	CHECK(!axpy(65532, 2000, 1.0, 1));
	CHECK(axpy(65528, 2000, 1.0, 1));
	CHECK(get(65528) == 12.0);
}

static void test_constant_address(void)
{
	/* x = 2^32 - 8, + 8 wraps to 0; y at 100, offset 16. */
	set(0, 4.0);
	set(116, 1.0);
	wexec_val a[3] = {wexec_val_i32(100), wexec_val_i32(-8),
	                  wexec_val_f64(0.5)};
	CHECK(run("step_k", a, 3));
	CHECK(get(116) == 3.0);
}

/* Whether defined function `funcidx`'s code holds instruction `op`. */
static bool holds(uint32_t funcidx, wx_icode op)
{
	return unit_code_has(mod, funcidx, op, false);
}

static void test_forms(void)
{
	CHECK(holds(0, WX_I_F64_MULM_ADD_TO));
	CHECK(holds(1, WX_I_F64_MULMK_ADD_TO));
}

static int32_t get32(uint32_t addr)
{
	wexec_val a = wexec_val_i32((int32_t)addr), r;
	wexec_error err = WEXEC_ERROR_INIT;
	if (wexec_func_call(wexec_instance_func(inst, "get32"), &a, 1, &r, 1,
	                    &err) != WEXEC_OK)
		return -1;
	return r.of.i32;
}

static void test_add_to_k(void)
{
	wexec_val a[2] = {wexec_val_i32(4000), wexec_val_i32(4100)}, r;
	wexec_error err = WEXEC_ERROR_INIT;
	set(4000, 0.0);
	set(4004, 0.0);
	CHECK(run("inc", a, 1) && run("inc", a, 1) && get32(4004) == 2);
	CHECK(wexec_func_call(wexec_instance_func(inst, "inc_tee"), a, 1, &r,
	                      1, &err) == WEXEC_OK &&
	      r.of.i32 == 5 && get32(4000) == 5);
	/* p->n at the end of memory: a trap, nothing written. */
	a[0] = wexec_val_i32(65532);
	CHECK(!run("inc", a, 1));
	a[0] = wexec_val_i32(4000);
	CHECK(run("other_addr", a, 2) && get32(4100) == 6 && get32(4000) == 5);
	CHECK(run("other_offset", a, 1) && get32(4008) == 3 &&
	      get32(4004) == 2);
	CHECK(holds(4, WX_I_I32_ADD_TO_K) && holds(5, WX_I_I32_ADD_TO_K));
	CHECK(!holds(6, WX_I_I32_ADD_TO_K) && !holds(7, WX_I_I32_ADD_TO_K));
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, axpy_wasm, sizeof axpy_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_values);
		RUN(test_bounds);
		RUN(test_constant_address);
		RUN(test_forms);
		RUN(test_add_to_k);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
