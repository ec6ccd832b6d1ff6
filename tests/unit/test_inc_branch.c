/*
 * test_inc_branch.c - a counted loop's add and the branch that tests the
 * counter are one instruction (BR_ADDK_NE, BR_ADDK_LT_U, BR_ADDK_LT_S)
 * also when the counter is the comparison's second operand: n != i
 * stays itself, n > i becomes i < n, signed or unsigned as written. A
 * comparison with no such form (n >= i) keeps the add and the branch
 * apart. The module is wat2wasm of:
 *
 * (module
 *   (func (export "ne") (param i32) (result i32) (local i32)
 *     loop
 *       local.get 1 i32.const 1 i32.add local.set 1
 *       local.get 0 local.get 1 i32.ne br_if 0
 *     end
 *     local.get 1)
 *   (func (export "gt_u") (param i32 i32) (result i32)
 *     loop
 *       local.get 1 i32.const 3 i32.add local.set 1
 *       local.get 0 local.get 1 i32.gt_u br_if 0
 *     end
 *     local.get 1)
 *   (func (export "gt_s") (param i32 i32) (result i32)
 *     (the same with i32.gt_s))
 *   (func (export "ge_u") (param i32 i32) (result i32)
 *     (the same with i32.ge_u)))
 */
#include <stdint.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t ib_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x05,
    0x04, 0x00, 0x01, 0x01, 0x01, 0x07, 0x1b, 0x04, 0x02, 0x6e, 0x65, 0x00,
    0x00, 0x04, 0x67, 0x74, 0x5f, 0x75, 0x00, 0x01, 0x04, 0x67, 0x74, 0x5f,
    0x73, 0x00, 0x02, 0x04, 0x67, 0x65, 0x5f, 0x75, 0x00, 0x03, 0x0a, 0x5b,
    0x04, 0x17, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x41, 0x01, 0x6a,
    0x21, 0x01, 0x20, 0x00, 0x20, 0x01, 0x47, 0x0d, 0x00, 0x0b, 0x20, 0x01,
    0x0b, 0x15, 0x00, 0x03, 0x40, 0x20, 0x01, 0x41, 0x03, 0x6a, 0x21, 0x01,
    0x20, 0x00, 0x20, 0x01, 0x4b, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b, 0x15,
    0x00, 0x03, 0x40, 0x20, 0x01, 0x41, 0x03, 0x6a, 0x21, 0x01, 0x20, 0x00,
    0x20, 0x01, 0x4a, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b, 0x15, 0x00, 0x03,
    0x40, 0x20, 0x01, 0x41, 0x03, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x20, 0x01,
    0x4f, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b,
};

static wexec_module *mod;
static wexec_instance *inst;

static int32_t call(const char *name, int32_t x, int32_t y)
{
	wexec_val args[2] = {wexec_val_i32(x), wexec_val_i32(y)};
	return unit_call1(inst, name, args, NULL).of.i32;
}

static void test_forms(void)
{
	CHECK(unit_code_has(mod, 0, WX_I_BR_ADDK_NE, false));
	CHECK(unit_code_has(mod, 1, WX_I_BR_ADDK_LT_U, true));
	CHECK(unit_code_has(mod, 2, WX_I_BR_ADDK_LT_S, true));
	CHECK(unit_code_has(mod, 3, WX_I_I32_ADD_K, true) &&
	      unit_code_has(mod, 3, WX_I_BR_I32_GE_U, false));
}

static void test_values(void)
{
	CHECK(call("ne", 1, 0) == 1);
	CHECK(call("ne", 1000, 0) == 1000);
	/* Up to the first counter that n no longer exceeds. */
	CHECK(call("gt_u", 10, 0) == 12);
	CHECK(call("gt_u", 12, 0) == 12);
	CHECK(call("gt_s", 10, 0) == 12);
	/* Signed and unsigned part ways below zero: -7 is above 5
	 * unsigned, so gt_u stops at once. */
	CHECK(call("gt_u", 5, -10) == -7);
	CHECK(call("gt_s", 5, -10) == 5);
	CHECK(call("gt_s", -1, -10) == -1);
	CHECK(call("ge_u", 12, 0) == 15);
	CHECK(call("ge_u", 5, -10) == -7);
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, ib_wasm, sizeof ib_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_forms);
		RUN(test_values);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
