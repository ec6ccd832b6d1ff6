/*
 * test_regress_short_last.c - regression test for a read past the code
 * buffer, found by fuzz_exec: an operator with a constant (fuse_last_k in
 * compile_ops.c) read the third cell of the instruction before it before
 * checking that instruction was one of its three-cell forms. After an
 * instruction of two cells ending the buffer's first 16 cells (i32.eqz
 * here, at cells 14-15), that cell lies past the allocation; the ASan
 * builds catch the read. The module is wat2wasm of:
 *
 * (module
 *   (func (export "f") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 1 local.set 3
 *     local.get 0 local.get 3 i32.add local.set 2
 *     local.get 2 local.get 1 i32.mul local.set 3
 *     local.get 3 local.get 2 i32.xor local.set 2
 *     local.get 2 local.get 0 i32.sub local.set 3
 *     local.get 3 i32.eqz
 *     i32.const 1 i32.shr_s))
 *
 * f(a, b) = eqz((((a + b) * b) ^ (a + b)) - a) >> 1, always 0; the shift
 * still runs on the eqz's result, not fused with it.
 */
#include "code.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char short_last_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01,
    0x01, 0x66, 0x00, 0x00, 0x0a, 0x2c, 0x01, 0x2a, 0x01, 0x02, 0x7f, 0x20,
    0x01, 0x21, 0x03, 0x20, 0x00, 0x20, 0x03, 0x6a, 0x21, 0x02, 0x20, 0x02,
    0x20, 0x01, 0x6c, 0x21, 0x03, 0x20, 0x03, 0x20, 0x02, 0x73, 0x21, 0x02,
    0x20, 0x02, 0x20, 0x00, 0x6b, 0x21, 0x03, 0x20, 0x03, 0x45, 0x41, 0x01,
    0x75, 0x0b};

static void test_eqz_then_shift(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	wexec_instance *inst = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	CHECK(wexec_module_new(short_last_wasm, sizeof short_last_wasm, &m,
	                       &err) == WEXEC_OK);
	CHECK(m && wexec_linker_instantiate(linker, m, &inst, &err) ==
	               WEXEC_OK);
	if (inst) {
		static const int32_t in[][2] = {{0, 0}, {3, 4}, {-1, 1}};
		for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
			wexec_val a[2] = {wexec_val_i32(in[i][0]),
			                  wexec_val_i32(in[i][1])},
			          r = wexec_val_i32(-1);
			CHECK(wexec_func_call(wexec_instance_func(inst, "f"), a,
			                      2, &r, 1, &err) == WEXEC_OK &&
			      r.of.i32 == 0);
		}
		CHECK(unit_code_has(m, 0, WX_I_I32_EQZ, false));
		CHECK(unit_code_has(m, 0, WX_I_I32_SHR_S_K, false));
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

int main(void)
{
	RUN(test_eqz_then_shift);
	return unit_report();
}
