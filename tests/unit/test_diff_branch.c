/*
 * test_diff_branch.c - a branch on a ^ b or a - b just computed into a
 * temporary is the compare-and-branch on a != b (BR_I32_NE, BR_I32_NE_K),
 * and on its i32.eqz the one on a == b; a value a local keeps
 * (local.tee) is still computed and kept. The module is wat2wasm of:
 *
 * (module
 *   (func (export "xor_if") (param i32 i32) (result i32)
 *     block
 *       local.get 0 local.get 1 i32.xor br_if 0
 *       i32.const 7 return
 *     end
 *     i32.const 9)
 *   (func (export "xor_eqz") (param i32 i32) (result i32)
 *     (as "xor_if", the branch on i32.eqz of the xor))
 *   (func (export "xor_k") (param i32 i32) (result i32)
 *     (as "xor_if", the xor with i32.const 0x55))
 *   (func (export "sub_if") (param i32 i32) (result i32)
 *     (as "xor_if" with i32.sub))
 *   (func (export "xor_kept") (param i32 i32) (result i32) (local i32)
 *     block
 *       local.get 0 local.get 1 i32.xor local.tee 2 br_if 0
 *       i32.const 7 return
 *     end
 *     local.get 2))
 */
#include <stdint.h>

#include "code.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t xb_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x06, 0x05, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x07, 0x30, 0x05, 0x06, 0x78, 0x6f, 0x72, 0x5f, 0x69, 0x66, 0x00,
    0x00, 0x07, 0x78, 0x6f, 0x72, 0x5f, 0x65, 0x71, 0x7a, 0x00, 0x01, 0x05,
    0x78, 0x6f, 0x72, 0x5f, 0x6b, 0x00, 0x02, 0x06, 0x73, 0x75, 0x62, 0x5f,
    0x69, 0x66, 0x00, 0x03, 0x08, 0x78, 0x6f, 0x72, 0x5f, 0x6b, 0x65, 0x70,
    0x74, 0x00, 0x04, 0x0a, 0x61, 0x05, 0x11, 0x00, 0x02, 0x40, 0x20, 0x00,
    0x20, 0x01, 0x73, 0x0d, 0x00, 0x41, 0x07, 0x0f, 0x0b, 0x41, 0x09, 0x0b,
    0x12, 0x00, 0x02, 0x40, 0x20, 0x00, 0x20, 0x01, 0x73, 0x45, 0x0d, 0x00,
    0x41, 0x07, 0x0f, 0x0b, 0x41, 0x09, 0x0b, 0x12, 0x00, 0x02, 0x40, 0x20,
    0x00, 0x41, 0xd5, 0x00, 0x73, 0x0d, 0x00, 0x41, 0x07, 0x0f, 0x0b, 0x41,
    0x09, 0x0b, 0x11, 0x00, 0x02, 0x40, 0x20, 0x00, 0x20, 0x01, 0x6b, 0x0d,
    0x00, 0x41, 0x07, 0x0f, 0x0b, 0x41, 0x09, 0x0b, 0x15, 0x01, 0x01, 0x7f,
    0x02, 0x40, 0x20, 0x00, 0x20, 0x01, 0x73, 0x22, 0x02, 0x0d, 0x00, 0x41,
    0x07, 0x0f, 0x0b, 0x20, 0x02, 0x0b,
};

static wexec_module *mod;
static wexec_instance *inst;

static int32_t call(const char *name, int32_t x, int32_t y)
{
	wexec_func *fn = wexec_instance_func(inst, name);
	wexec_val args[2] = {wexec_val_i32(x), wexec_val_i32(y)};
	wexec_val r = wexec_val_i32(0);
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(fn != NULL);
	if (!fn)
		return 0;
	CHECK(wexec_func_call(fn, args, 2, &r, 1, &err) == WEXEC_OK);
	return r.of.i32;
}

static void test_forms(void)
{
	CHECK(unit_code_has(mod, 0, WX_I_BR_I32_NE, true));
	CHECK(unit_code_has(mod, 1, WX_I_BR_I32_EQ, true));
	CHECK(unit_code_has(mod, 2, WX_I_BR_I32_NE_K, true));
	CHECK(unit_code_has(mod, 3, WX_I_BR_I32_NE, true));
	CHECK(unit_code_has(mod, 4, WX_I_I32_XOR, true));
}

static void test_values(void)
{
	static const int32_t xs[] = {0, 1, 0x55, -1, INT32_MIN, 0x7FFFFFFF};
	const size_t n = sizeof xs / sizeof *xs;
	for (size_t i = 0; i < n; i++) {
		int32_t a = xs[i];
		CHECK(call("xor_k", a, 0) == (a != 0x55 ? 9 : 7));
		for (size_t j = 0; j < n; j++) {
			int32_t b = xs[j];
			CHECK(call("xor_if", a, b) == (a != b ? 9 : 7));
			CHECK(call("xor_eqz", a, b) == (a == b ? 9 : 7));
			CHECK(call("sub_if", a, b) == (a != b ? 9 : 7));
			CHECK(call("xor_kept", a, b) ==
			      (a != b ? (a ^ b) : 7));
		}
	}
}

int main(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	CHECK(wexec_module_new(xb_wasm, sizeof xb_wasm, &mod, &err) ==
	      WEXEC_OK);
	CHECK(mod && wexec_linker_instantiate(linker, mod, &inst, &err) ==
	                 WEXEC_OK);
	if (inst) {
		RUN(test_forms);
		RUN(test_values);
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(mod);
	return unit_report();
}
