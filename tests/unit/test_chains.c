/*
 * test_chains.c - an i32 operator with a constant on the value the
 * instruction before it just computed becomes one instruction that never
 * stores the intermediate (compile_ops.c, the rows of chains.def): a bit
 * field with a shift count taken modulo 32, a mask from a subtraction from
 * zero, a byte of a hash, a rounding add that wraps, and a chain whose
 * first instruction is itself fused with the one before. A value a local
 * also keeps (local.tee) is not chained. test_pair_halves checks every row
 * against its two instructions. Likewise a narrow load through a pointer
 * just loaded (p->q->x, I32_LOAD_LOAD8_U and the others): widened as its
 * type says, trapping when either load is out of bounds. And a product
 * added to a third value, in either order, i32 and i64 (I32_MUL_ADD,
 * I64_MUL_ADD: multiply-accumulate), wrapping as the two would. And sign
 * extension by shifts, as clang 14 writes it: of a byte or half just
 * loaded, the signed load; else i32.extend8_s or i32.extend16_s; shifts
 * of two counts stay a chain. The module is wat2wasm of:
 *
 * (module
 *   (memory 1)
 *   (data (i32.const 104) "\c8\00\00\00")
 *   (data (i32.const 200) "\00\85\01\80")
 *   (data (i32.const 108) "\ff\ff\00\00")
 *   (func (export "field") (param i32) (result i32)
 *     local.get 0 i32.const 37 i32.shr_u i32.const 7 i32.and)
 *   (func (export "mask") (param i32) (result i32)
 *     i32.const 0 local.get 0 i32.const 1 i32.and i32.sub)
 *   (func (export "hash") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.xor i32.const 255 i32.and)
 *   (func (export "round") (param i32) (result i32)
 *     local.get 0 i32.const 7 i32.add i32.const 3 i32.shr_u)
 *   (func (export "kept") (param i32) (result i32) (local i32)
 *     local.get 0 i32.const 5 i32.shr_u local.tee 1
 *     i32.const 7 i32.and local.get 1 i32.add)
 *   (func (export "three") (param i32 i32) (result i32)
 *     local.get 0 i32.const 1 i32.shr_u local.get 1 i32.xor
 *     i32.const 1 i32.and)
 *   (func (export "chase8u") (param i32) (result i32)
 *     local.get 0 i32.load offset=4 i32.load8_u offset=1)
 *   (func (export "chase8s") (param i32) (result i32)
 *     local.get 0 i32.load offset=4 i32.load8_s offset=1)
 *   (func (export "chase16u") (param i32) (result i32)
 *     local.get 0 i32.load offset=4 i32.load16_u offset=2)
 *   (func (export "chase16s") (param i32) (result i32)
 *     local.get 0 i32.load offset=4 i32.load16_s offset=2)
 *   (func (export "mac32") (param i32 i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.mul local.get 2 i32.add)
 *   (func (export "mac32r") (param i32 i32 i32) (result i32)
 *     local.get 2 local.get 0 local.get 1 i32.mul i32.add)
 *   (func (export "mac64") (param i64 i64 i64) (result i64)
 *     local.get 0 local.get 1 i64.mul local.get 2 i64.add)
 *   (func (export "sx8") (param i32) (result i32)
 *     local.get 0 i32.load8_u i32.const 24 i32.shl i32.const 24 i32.shr_s)
 *   (func (export "sx16") (param i32) (result i32)
 *     local.get 0 i32.const 16 i32.shl i32.const 16 i32.shr_s)
 *   (func (export "sx16m") (param i32) (result i32)
 *     local.get 0 i32.load16_u offset=2 i32.const 16 i32.shl
 *     i32.const 16 i32.shr_s)
 *   (func (export "sx8kept") (param i32) (result i32) (local i32)
 *     local.get 0 i32.load8_u local.tee 1 i32.const 24 i32.shl
 *     i32.const 24 i32.shr_s local.get 1 i32.add)
 *   (func (export "sx24_16") (param i32) (result i32)
 *     local.get 0 i32.const 24 i32.shl i32.const 16 i32.shr_s))
 */
#include <stdint.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t chains_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1a, 0x04, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03,
    0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7e, 0x7e, 0x7e, 0x01, 0x7e,
    0x03, 0x13, 0x12, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x02, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01,
    0x00, 0x01, 0x07, 0x9a, 0x01, 0x12, 0x05, 0x66, 0x69, 0x65, 0x6c, 0x64,
    0x00, 0x00, 0x04, 0x6d, 0x61, 0x73, 0x6b, 0x00, 0x01, 0x04, 0x68, 0x61,
    0x73, 0x68, 0x00, 0x02, 0x05, 0x72, 0x6f, 0x75, 0x6e, 0x64, 0x00, 0x03,
    0x04, 0x6b, 0x65, 0x70, 0x74, 0x00, 0x04, 0x05, 0x74, 0x68, 0x72, 0x65,
    0x65, 0x00, 0x05, 0x07, 0x63, 0x68, 0x61, 0x73, 0x65, 0x38, 0x75, 0x00,
    0x06, 0x07, 0x63, 0x68, 0x61, 0x73, 0x65, 0x38, 0x73, 0x00, 0x07, 0x08,
    0x63, 0x68, 0x61, 0x73, 0x65, 0x31, 0x36, 0x75, 0x00, 0x08, 0x08, 0x63,
    0x68, 0x61, 0x73, 0x65, 0x31, 0x36, 0x73, 0x00, 0x09, 0x05, 0x6d, 0x61,
    0x63, 0x33, 0x32, 0x00, 0x0a, 0x06, 0x6d, 0x61, 0x63, 0x33, 0x32, 0x72,
    0x00, 0x0b, 0x05, 0x6d, 0x61, 0x63, 0x36, 0x34, 0x00, 0x0c, 0x03, 0x73,
    0x78, 0x38, 0x00, 0x0d, 0x04, 0x73, 0x78, 0x31, 0x36, 0x00, 0x0e, 0x05,
    0x73, 0x78, 0x31, 0x36, 0x6d, 0x00, 0x0f, 0x07, 0x73, 0x78, 0x38, 0x6b,
    0x65, 0x70, 0x74, 0x00, 0x10, 0x07, 0x73, 0x78, 0x32, 0x34, 0x5f, 0x31,
    0x36, 0x00, 0x11, 0x0a, 0xe2, 0x01, 0x12, 0x0a, 0x00, 0x20, 0x00, 0x41,
    0x25, 0x76, 0x41, 0x07, 0x71, 0x0b, 0x0a, 0x00, 0x41, 0x00, 0x20, 0x00,
    0x41, 0x01, 0x71, 0x6b, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x73,
    0x41, 0xff, 0x01, 0x71, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x07, 0x6a,
    0x41, 0x03, 0x76, 0x0b, 0x11, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x41, 0x05,
    0x76, 0x22, 0x01, 0x41, 0x07, 0x71, 0x20, 0x01, 0x6a, 0x0b, 0x0d, 0x00,
    0x20, 0x00, 0x41, 0x01, 0x76, 0x20, 0x01, 0x73, 0x41, 0x01, 0x71, 0x0b,
    0x0a, 0x00, 0x20, 0x00, 0x28, 0x02, 0x04, 0x2d, 0x00, 0x01, 0x0b, 0x0a,
    0x00, 0x20, 0x00, 0x28, 0x02, 0x04, 0x2c, 0x00, 0x01, 0x0b, 0x0a, 0x00,
    0x20, 0x00, 0x28, 0x02, 0x04, 0x2f, 0x01, 0x02, 0x0b, 0x0a, 0x00, 0x20,
    0x00, 0x28, 0x02, 0x04, 0x2e, 0x01, 0x02, 0x0b, 0x0a, 0x00, 0x20, 0x00,
    0x20, 0x01, 0x6c, 0x20, 0x02, 0x6a, 0x0b, 0x0a, 0x00, 0x20, 0x02, 0x20,
    0x00, 0x20, 0x01, 0x6c, 0x6a, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x20, 0x01,
    0x7e, 0x20, 0x02, 0x7c, 0x0b, 0x0d, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00,
    0x41, 0x18, 0x74, 0x41, 0x18, 0x75, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x41,
    0x10, 0x74, 0x41, 0x10, 0x75, 0x0b, 0x0d, 0x00, 0x20, 0x00, 0x2f, 0x01,
    0x02, 0x41, 0x10, 0x74, 0x41, 0x10, 0x75, 0x0b, 0x14, 0x01, 0x01, 0x7f,
    0x20, 0x00, 0x2d, 0x00, 0x00, 0x22, 0x01, 0x41, 0x18, 0x74, 0x41, 0x18,
    0x75, 0x20, 0x01, 0x6a, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x18, 0x74,
    0x41, 0x10, 0x75, 0x0b, 0x0b, 0x1f, 0x03, 0x00, 0x41, 0xe8, 0x00, 0x0b,
    0x04, 0xc8, 0x00, 0x00, 0x00, 0x00, 0x41, 0xc8, 0x01, 0x0b, 0x04, 0x00,
    0x85, 0x01, 0x80, 0x00, 0x41, 0xec, 0x00, 0x0b, 0x04, 0xff, 0xff, 0x00,
    0x00,

};

static wexec_module *mod;
static wexec_instance *inst;

static uint32_t call(const char *name, uint32_t x, uint32_t y)
{
	wexec_val args[2] = {wexec_val_i32((int32_t)x), wexec_val_i32((int32_t)y)};
	return (uint32_t)unit_call1(inst, name, args, NULL).of.i32;
}

static void test_chains(void)
{
	/* The function indices of the exports, in order. */
	CHECK(unit_code_has(mod, 0, WX_I_I32_SHRU_AND_K, true));
	CHECK(unit_code_has(mod, 1, WX_I_I32_AND_RSUB_K, true));
	CHECK(unit_code_has(mod, 2, WX_I_I32_XOR_AND_RK, true));
	CHECK(unit_code_has(mod, 3, WX_I_I32_ADD_SHRU_K, true));
	CHECK(!unit_code_has(mod, 4, WX_I_I32_SHRU_AND_K, false));
	/* The chain, paired with the shift before it. */
	CHECK(unit_code_has(mod, 5, WX_I_PAIR_SHRUK_XORANDRK, true));
	static const uint32_t xs[] = {0, 1, 2, 0x35, 0xA0, 0xFFFFFFF9u,
	                              0xFFFFFFFFu, 0x80000000u, 0x12345678u};
	for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
		uint32_t x = xs[i], y = xs[(i + 3) % (sizeof xs / sizeof *xs)];
		CHECK(call("field", x, 0) == ((x >> 5) & 7));
		CHECK(call("mask", x, 0) == 0u - (x & 1));
		CHECK(call("hash", x, y) == ((x ^ y) & 255));
		CHECK(call("round", x, 0) == (uint32_t)(x + 7) >> 3);
		CHECK(call("kept", x, 0) == ((x >> 5) & 7) + (x >> 5));
		CHECK(call("three", x, y) == (((x >> 1) ^ y) & 1));
	}
}

static void test_load_through(void)
{
	static const struct {
		const char *name;
		wx_icode form;
		int32_t want;
	} loads[] = {
	    {"chase8u", WX_I_I32_LOAD_LOAD8_U, 0x85},
	    {"chase8s", WX_I_I32_LOAD_LOAD8_S, -123},
	    {"chase16u", WX_I_I32_LOAD_LOAD16_U, 0x8001},
	    {"chase16s", WX_I_I32_LOAD_LOAD16_S, -32767},
	};
	for (uint32_t i = 0; i < sizeof loads / sizeof *loads; i++) {
		wexec_func *fn = wexec_instance_func(inst, loads[i].name);
		CHECK(unit_code_has(mod, 6 + i, loads[i].form, true));
		/* [104] points to 200: the byte at 201, the half at 202. */
		CHECK(call(loads[i].name, 100, 0) == (uint32_t)loads[i].want);
		/* [108] points to 65535, past which the second load reaches;
		 * 65532 + 4 puts the first past the end. */
		static const int32_t bad[] = {104, 65532};
		for (int j = 0; j < 2; j++) {
			wexec_val a = wexec_val_i32(bad[j]), r;
			wexec_error err = WEXEC_ERROR_INIT;
			CHECK(fn && wexec_func_call(fn, &a, 1, &r, 1, &err) ==
			                WEXEC_ERR_TRAP);
			CHECK(err.trap == WEXEC_TRAP_MEMORY_OOB);
		}
	}
}

static void test_mul_add(void)
{
	static const uint64_t xs[] = {0, 1, 3, 0x7FFFFFFFu, 0x80000001u,
	                              0xFFFFFFFFu, 0x123456789ABCDEFull,
	                              0xFFFFFFFFFFFFFFF9ull};
	const size_t n = sizeof xs / sizeof *xs;
	CHECK(unit_code_has(mod, 10, WX_I_I32_MUL_ADD, true));
	CHECK(unit_code_has(mod, 11, WX_I_I32_MUL_ADD, true));
	CHECK(unit_code_has(mod, 12, WX_I_I64_MUL_ADD, true));
	wexec_func *mac32 = wexec_instance_func(inst, "mac32");
	wexec_func *mac32r = wexec_instance_func(inst, "mac32r");
	wexec_func *mac64 = wexec_instance_func(inst, "mac64");
	CHECK(mac32 && mac32r && mac64);
	if (!mac32 || !mac32r || !mac64)
		return;
	for (size_t i = 0; i < n; i++) {
		uint64_t a = xs[i], b = xs[(i + 3) % n], c = xs[(i + 5) % n];
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_val v32[3] = {wexec_val_i32((int32_t)a),
		                    wexec_val_i32((int32_t)b),
		                    wexec_val_i32((int32_t)c)};
		wexec_val v64[3] = {wexec_val_i64((int64_t)a),
		                    wexec_val_i64((int64_t)b),
		                    wexec_val_i64((int64_t)c)};
		wexec_val r1, r2, r3;
		uint32_t want32 = (uint32_t)a * (uint32_t)b + (uint32_t)c;
		CHECK(wexec_func_call(mac32, v32, 3, &r1, 1, &err) == WEXEC_OK &&
		      (uint32_t)r1.of.i32 == want32);
		CHECK(wexec_func_call(mac32r, v32, 3, &r2, 1, &err) ==
		          WEXEC_OK &&
		      (uint32_t)r2.of.i32 == want32);
		CHECK(wexec_func_call(mac64, v64, 3, &r3, 1, &err) == WEXEC_OK &&
		      (uint64_t)r3.of.i64 == a * b + c);
	}
}

static void test_sign_extension(void)
{
	CHECK(unit_code_has(mod, 13, WX_I_I32_LOAD8_S, true));
	CHECK(unit_code_has(mod, 14, WX_I_I32_EXTEND16_S, true));
	CHECK(unit_code_has(mod, 15, WX_I_I32_LOAD16_S, true));
	CHECK(unit_code_has(mod, 16, WX_I_I32_EXTEND8_S, false) &&
	      unit_code_has(mod, 16, WX_I_I32_LOAD8_U, true));
	CHECK(unit_code_has(mod, 17, WX_I_I32_SHL_SHRS_K, true));
	/* Memory 200.. holds 00 85 01 80. */
	CHECK(call("sx8", 201, 0) == (uint32_t)-123);
	CHECK(call("sx8", 202, 0) == 1);
	CHECK(call("sx16m", 200, 0) == (uint32_t)-32767);
	CHECK(call("sx8kept", 201, 0) == (uint32_t)(-123 + 0x85));
	static const uint32_t xs[] = {0, 0x7FFF, 0x8000, 0x12348765u,
	                              0xFFFFFFFFu, 0x000000C3u};
	for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
		uint32_t x = xs[i];
		CHECK(call("sx16", x, 0) == (uint32_t)(int32_t)(int16_t)x);
		CHECK(call("sx24_16", x, 0) ==
		      (uint32_t)((int32_t)(x << 24) >> 16));
	}
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, chains_wasm, sizeof chains_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_chains);
		RUN(test_load_through);
		RUN(test_mul_add);
		RUN(test_sign_extension);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
