/*
 * test_range_branch.c - a range check on a wrapped sum, (a + k) & m
 * compared with a constant bound, is one instruction with the branch on it
 * (BR_ADDANDK_LT_U_K, _GE_U_K, _GT_U_K, _LE_U_K): clang's form of
 * c >= 'a' && c <= 'z' on a char. The sum wraps before the mask, the
 * comparison is unsigned, and the masked value still reaches its slot for
 * a later read. The module is wat2wasm of:
 *
 * (module
 *   (func (export "lt") (param i32) (result i32)
 *     block
 *       local.get 0 i32.const -97 i32.add i32.const 255 i32.and
 *       i32.const 26 i32.lt_u br_if 0
 *       i32.const 0 return
 *     end
 *     i32.const 1)
 *   (func (export "gt") (param i32) (result i32)
 *     (the same with i32.const -48, i32.const 9 i32.gt_u))
 *   (func (export "ge") (param i32) (result i32)
 *     local.get 0 i32.const 3 i32.add i32.const 65535 i32.and
 *     i32.const 1000 i32.lt_u
 *     if i32.const 1 return end
 *     i32.const 0)
 *   (func (export "le") (param i32) (result i32) (local i32)
 *     local.get 0 i32.const 1 i32.add i32.const 15 i32.and local.tee 1
 *     i32.const 12 i32.gt_u
 *     if i32.const 100 return end
 *     local.get 1))
 */
#include <stdint.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t rb_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x03, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x07,
    0x15, 0x04, 0x02, 0x6c, 0x74, 0x00, 0x00, 0x02, 0x67, 0x74, 0x00, 0x01,
    0x02, 0x67, 0x65, 0x00, 0x02, 0x02, 0x6c, 0x65, 0x00, 0x03, 0x0a, 0x68,
    0x04, 0x19, 0x00, 0x02, 0x40, 0x20, 0x00, 0x41, 0x9f, 0x7f, 0x6a, 0x41,
    0xff, 0x01, 0x71, 0x41, 0x1a, 0x49, 0x0d, 0x00, 0x41, 0x00, 0x0f, 0x0b,
    0x41, 0x01, 0x0b, 0x18, 0x00, 0x02, 0x40, 0x20, 0x00, 0x41, 0x50, 0x6a,
    0x41, 0xff, 0x01, 0x71, 0x41, 0x09, 0x4b, 0x0d, 0x00, 0x41, 0x00, 0x0f,
    0x0b, 0x41, 0x01, 0x0b, 0x18, 0x00, 0x20, 0x00, 0x41, 0x03, 0x6a, 0x41,
    0xff, 0xff, 0x03, 0x71, 0x41, 0xe8, 0x07, 0x49, 0x04, 0x40, 0x41, 0x01,
    0x0f, 0x0b, 0x41, 0x00, 0x0b, 0x1a, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x41,
    0x01, 0x6a, 0x41, 0x0f, 0x71, 0x22, 0x01, 0x41, 0x0c, 0x4b, 0x04, 0x40,
    0x41, 0xe4, 0x00, 0x0f, 0x0b, 0x20, 0x01, 0x0b
};

static wexec_module *mod;
static wexec_instance *inst;

static int32_t call(const char *name, int32_t x)
{
	wexec_val arg = wexec_val_i32(x);
	return unit_call1(inst, name, &arg, NULL).of.i32;
}

static void test_forms(void)
{
	CHECK(unit_code_has(mod, 0, WX_I_BR_ADDANDK_LT_U_K, true));
	CHECK(unit_code_has(mod, 1, WX_I_BR_ADDANDK_GT_U_K, true));
	CHECK(unit_code_has(mod, 2, WX_I_BR_ADDANDK_GE_U_K, true));
	CHECK(unit_code_has(mod, 3, WX_I_BR_ADDANDK_LE_U_K, true));
}

static void test_values(void)
{
	static const int32_t xs[] = {0,   1,    47,   48,   57,    58,  96,
	                             97,  122,  123,  255,  256,   305, 353,
	                             -1,  -3,   -4,   996,  997,   1000,
	                             65533, 65534, 65536, INT32_MAX, INT32_MIN};
	for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
		uint32_t x = (uint32_t)xs[i];
		CHECK(call("lt", xs[i]) == (((x - 97u) & 255u) < 26u));
		CHECK(call("gt", xs[i]) == (((x - 48u) & 255u) > 9u));
		CHECK(call("ge", xs[i]) == (((x + 3u) & 65535u) < 1000u));
		uint32_t m = (x + 1u) & 15u;
		CHECK(call("le", xs[i]) == (m > 12u ? 100 : (int32_t)m));
	}
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, rb_wasm, sizeof rb_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_forms);
		RUN(test_values);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
