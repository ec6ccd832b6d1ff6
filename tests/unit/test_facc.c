/*
 * test_facc.c - f64 arithmetic, a store or a read-modify-write of the
 * result of the instruction just before (f64 arithmetic or a load) reads
 * it from the interpreter's f64 register, not from its slot (F64_ADD_XA,
 * F64_SUB_XA, F64_SUB_XB, F64_MUL_XA, F64_MUL_XX, F64_MUL_ADD_XA,
 * F64_ADD_MUL_XA, F64_STORE_X, F64_ADD_TO_X), with the value the two
 * instructions give, NaN and signed zeros included. Not at a loop's head,
 * where the last result may be another path's. The module is wat2wasm
 * of:
 *
 * (module
 *   (func (export "chain") (param f64 f64 f64 f64) (result f64)
 *     local.get 0 local.get 1 f64.mul
 *     local.get 2 f64.add
 *     local.get 3 f64.sub
 *     local.get 0 f64.mul)
 *   (func (export "rsub") (param f64 f64 f64) (result f64)
 *     local.get 2 local.get 0 local.get 1 f64.add f64.sub)
 *   (func (export "radd") (param f64 f64 f64) (result f64)
 *     local.get 2 local.get 0 local.get 1 f64.sub f64.add)
 *   (func (export "loop") (param f64 f64 i32) (result f64) (local f64 f64)
 *     local.get 0 local.get 1 f64.mul local.set 3
 *     loop
 *       local.get 3 local.get 0 f64.add local.set 3
 *       local.get 1 local.get 1 f64.mul local.set 4
 *       local.get 2 i32.const 1 i32.sub local.tee 2 br_if 0
 *     end
 *     local.get 3 local.get 4 f64.add)
 *   (func (export "div") (param f64 f64 f64) (result f64)
 *     local.get 0 local.get 1 f64.div local.get 2 f64.mul)
 *   (func (export "macc") (param f64 f64 f64 f64) (result f64)
 *     local.get 0 local.get 1 f64.sub local.get 2 f64.mul local.get 3 f64.add
 *     local.get 3 local.get 0 local.get 1 f64.add local.get 2 f64.mul f64.add
 *     f64.sub)
 *   (memory 1)
 *   (func (export "square") (param f64 f64) (result f64)
 *     local.get 0 local.get 1 f64.add local.tee 1 local.get 1 f64.mul)
 *   (func (export "store") (param f64 f64 i32) (result f64)
 *     local.get 2 local.get 0 local.get 1 f64.sub f64.store offset=8
 *     local.get 2 f64.load offset=8)
 *   (func (export "add_to") (param f64 f64 i32) (result f64)
 *     local.get 2 local.get 0 local.get 1 f64.mul local.get 2 f64.load
 *     f64.add f64.store
 *     local.get 2 f64.load)
 *   (func (export "loaded") (param f64 f64 i32) (result f64)
 *     local.get 2 f64.load local.get 0 f64.mul local.get 1 f64.add
 *     local.get 2 f64.load offset=16 f64.mul))
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t fa_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1d, 0x04, 0x60,
    0x04, 0x7c, 0x7c, 0x7c, 0x7c, 0x01, 0x7c, 0x60, 0x03, 0x7c, 0x7c, 0x7c,
    0x01, 0x7c, 0x60, 0x03, 0x7c, 0x7c, 0x7f, 0x01, 0x7c, 0x60, 0x02, 0x7c,
    0x7c, 0x01, 0x7c, 0x03, 0x0b, 0x0a, 0x00, 0x01, 0x01, 0x02, 0x01, 0x00,
    0x03, 0x02, 0x02, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x4e, 0x0a,
    0x05, 0x63, 0x68, 0x61, 0x69, 0x6e, 0x00, 0x00, 0x04, 0x72, 0x73, 0x75,
    0x62, 0x00, 0x01, 0x04, 0x72, 0x61, 0x64, 0x64, 0x00, 0x02, 0x04, 0x6c,
    0x6f, 0x6f, 0x70, 0x00, 0x03, 0x03, 0x64, 0x69, 0x76, 0x00, 0x04, 0x04,
    0x6d, 0x61, 0x63, 0x63, 0x00, 0x05, 0x06, 0x73, 0x71, 0x75, 0x61, 0x72,
    0x65, 0x00, 0x06, 0x05, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x07, 0x06,
    0x61, 0x64, 0x64, 0x5f, 0x74, 0x6f, 0x00, 0x08, 0x06, 0x6c, 0x6f, 0x61,
    0x64, 0x65, 0x64, 0x00, 0x09, 0x0a, 0xc3, 0x01, 0x0a, 0x10, 0x00, 0x20,
    0x00, 0x20, 0x01, 0xa2, 0x20, 0x02, 0xa0, 0x20, 0x03, 0xa1, 0x20, 0x00,
    0xa2, 0x0b, 0x0a, 0x00, 0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0xa0, 0xa1,
    0x0b, 0x0a, 0x00, 0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0xa1, 0xa0, 0x0b,
    0x2a, 0x01, 0x02, 0x7c, 0x20, 0x00, 0x20, 0x01, 0xa2, 0x21, 0x03, 0x03,
    0x40, 0x20, 0x03, 0x20, 0x00, 0xa0, 0x21, 0x03, 0x20, 0x01, 0x20, 0x01,
    0xa2, 0x21, 0x04, 0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d, 0x00,
    0x0b, 0x20, 0x03, 0x20, 0x04, 0xa0, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x20,
    0x01, 0xa3, 0x20, 0x02, 0xa2, 0x0b, 0x19, 0x00, 0x20, 0x00, 0x20, 0x01,
    0xa1, 0x20, 0x02, 0xa2, 0x20, 0x03, 0xa0, 0x20, 0x03, 0x20, 0x00, 0x20,
    0x01, 0xa0, 0x20, 0x02, 0xa2, 0xa0, 0xa1, 0x0b, 0x0c, 0x00, 0x20, 0x00,
    0x20, 0x01, 0xa0, 0x22, 0x01, 0x20, 0x01, 0xa2, 0x0b, 0x11, 0x00, 0x20,
    0x02, 0x20, 0x00, 0x20, 0x01, 0xa1, 0x39, 0x03, 0x08, 0x20, 0x02, 0x2b,
    0x03, 0x08, 0x0b, 0x17, 0x00, 0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0xa2,
    0x20, 0x02, 0x2b, 0x03, 0x00, 0xa0, 0x39, 0x03, 0x00, 0x20, 0x02, 0x2b,
    0x03, 0x00, 0x0b, 0x13, 0x00, 0x20, 0x02, 0x2b, 0x03, 0x00, 0x20, 0x00,
    0xa2, 0x20, 0x01, 0xa0, 0x20, 0x02, 0x2b, 0x03, 0x10, 0xa2, 0x0b,
};

static wexec_module *mod;
static wexec_instance *inst;

static double call(const char *name, double a, double b, double c, double d)
{
	wexec_func *fn = wexec_instance_func(inst, name);
	wexec_val args[4] = {wexec_val_f64(a), wexec_val_f64(b),
	                     wexec_val_f64(c), wexec_val_f64(d)};
	wexec_functype type = {0};
	if (fn) {
		/* (f64, f64, i32): the third is an address. */
		wexec_func_type(fn, &type);
		if (type.nparams == 3 && type.params[2] == WEXEC_I32)
			args[2] = wexec_val_i32((int32_t)c);
	}
	return unit_call1(inst, name, args, NULL).of.f64;
}

/* The same bits, or both NaN. */
static bool same(double x, double y)
{
	return (isnan(x) && isnan(y)) || !memcmp(&x, &y, sizeof x);
}

static void test_forms(void)
{
	CHECK(unit_code_has(mod, 0, WX_I_F64_SUB_XA, false));
	CHECK(unit_code_has(mod, 0, WX_I_F64_MUL_XA, false));
	CHECK(unit_code_has(mod, 1, WX_I_F64_SUB_XB, false));
	CHECK(unit_code_has(mod, 2, WX_I_F64_ADD_XA, false));
	CHECK(unit_code_has(mod, 4, WX_I_F64_MUL_XA, false));
	CHECK(unit_code_has(mod, 5, WX_I_F64_MUL_ADD_XA, false));
	CHECK(unit_code_has(mod, 5, WX_I_F64_ADD_MUL_XA, false));
	/* The loop's head is a label: its add reads the slot. */
	CHECK(!unit_code_has(mod, 3, WX_I_F64_ADD_XA, false));
	CHECK(unit_code_has(mod, 6, WX_I_F64_MUL_XX, false));
	CHECK(unit_code_has(mod, 7, WX_I_F64_STORE_X, false));
	CHECK(unit_code_has(mod, 8, WX_I_F64_ADD_TO_X, false));
	/* After a load, and after an operator with a memory operand. */
	CHECK(unit_code_has(mod, 9, WX_I_F64_ADD_XA, false));
}

/* Writes x at address at of the instance's memory. */
static void poke(uint32_t at, double x)
{
	wexec_memory *m = wexec_instance_memory_at(inst, 0);
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(m && wexec_memory_write(m, at, &x, sizeof x, &err) == WEXEC_OK);
}

static void test_memory(void)
{
	static const double xs[] = {0.0, -0.0, 2.5, -1e300, INFINITY, NAN};
	const size_t n = sizeof xs / sizeof *xs;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double a = xs[i], b = xs[j], m = xs[(i + j + 1) % n];
			volatile double t;
			t = a + b;
			CHECK(same(call("square", a, b, 0, 0), t * t));
			t = a - b;
			CHECK(same(call("store", a, b, 64, 0), t));
			poke(128, m);
			t = a * b;
			CHECK(same(call("add_to", a, b, 128, 0), t + m));
			poke(256, m);
			poke(256 + 16, b);
			t = m * a;
			t = t + b;
			CHECK(same(call("loaded", a, b, 256, 0), t * b));
		}
}

static void test_values(void)
{
	static const double xs[] = {0.0,       -0.0, 1.5,     -3.25,
	                            1e308,     -1e-310, INFINITY, -INFINITY,
	                            NAN,       7.0};
	const size_t n = sizeof xs / sizeof *xs;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double a = xs[i], b = xs[j], c = xs[(i + j) % n],
			       d = xs[(i * 3 + j + 1) % n];
			volatile double t;
			t = a * b;
			t = t + c;
			t = t - d;
			CHECK(same(call("chain", a, b, c, d), t * a));
			t = a + b;
			CHECK(same(call("rsub", a, b, c, 0), c - t));
			t = a - b;
			CHECK(same(call("radd", a, b, c, 0), c + t));
			t = a / b;
			CHECK(same(call("div", a, b, c, 0), t * c));
			volatile double u, v;
			u = a - b;
			u = u * c;
			u = u + d;
			v = a + b;
			v = v * c;
			v = d + v;
			CHECK(same(call("macc", a, b, c, d), u - v));
		}
}

static void test_loop_head(void)
{
	wexec_func *fn = wexec_instance_func(inst, "loop");
	CHECK(fn != NULL);
	if (!fn)
		return;
	/* x = a * b, then x += a three times; b * b is computed last in
	 * each iteration, just before the back-edge to the add. */
	wexec_val args[3] = {wexec_val_f64(2.0), wexec_val_f64(5.0),
	                     wexec_val_i32(3)};
	wexec_val r = wexec_val_f64(0);
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_func_call(fn, args, 3, &r, 1, &err) == WEXEC_OK);
	CHECK(r.of.f64 == 2.0 * 5.0 + 3 * 2.0 + 25.0);
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, fa_wasm, sizeof fa_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_forms);
		RUN(test_values);
		RUN(test_loop_head);
		RUN(test_memory);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
