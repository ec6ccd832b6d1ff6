/*
 * test_constant_ops.c - integer operators with a constant operand. Those
 * that leave every value as it is (x + 0, x * 1, x / 1, x & -1, shifts
 * and rotations by a multiple of the width) translate to no code: the value passes on where
 * it is, a pending local read stays pending (and is still taken before a
 * local.set overwrites the local), a loaded value is still sent to the
 * local that keeps it. A single result already in slot 0 returns without
 * a copy. Divisions by a constant that cannot trap run without checks
 * (I32_DIV_S_K ...); by 0, and signed ones by -1, they keep the plain
 * instruction and its traps. A select between a value and a 32-bit
 * constant keeps the constant in the code, and a pointer difference
 * divided by an element size is one instruction, as is an index times
 * an element size plus a base. The module is `wat2wasm` of:
 *
 * (module
 *   (memory 1)
 *   (data (i32.const 16) "\07\00\00\00")
 *   (func $add0 (export "add0") (param i32) (result i32)
 *     local.get 0 i32.const 0 i32.add)
 *   (func (export "chain32") (param i32) (result i32)
 *     local.get 0 i32.const 0 i32.shl i32.const 0 i32.or i32.const 0 i32.xor
 *     i32.const 1 i32.mul i32.const 1 i32.div_s i32.const 1 i32.div_u
 *     i32.const -1 i32.and i32.const 32 i32.shr_s i32.const 64 i32.rotl)
 *   (func (export "chain64") (param i64) (result i64)
 *     local.get 0 i64.const 0 i64.add i64.const 64 i64.shl i64.const 1 i64.mul
 *     i64.const -1 i64.and i64.const 128 i64.shr_u i64.const 0 i64.rotr)
 *   (func (export "not_identity") (param i32) (result i32)
 *     local.get 0 i32.const 33 i32.shl i32.const 65535 i32.and i32.const 1 i32.add)
 *   (func (export "load_add0_set") (param i32) (result i32) (local i32)
 *     local.get 0 i32.load i32.const 0 i32.add local.set 1
 *     local.get 1 i32.const 3 i32.mul)
 *   (func (export "tee_add0") (param i32) (result i32) (local i32)
 *     local.get 0 i32.const 0 i32.add local.tee 1 local.get 1 i32.add)
 *   (func (export "local_after_set") (param i32) (result i32) (local i32)
 *     local.get 0 i32.const 0 i32.add
 *     i32.const 9 local.set 0)
 *   (func (export "param0_updated") (param i32 i32) (result i32)
 *     local.get 0 i32.const 5 i32.add local.set 0 local.get 0)
 *   (func (export "div_s_7") (param i32) (result i32) local.get 0 i32.const -7 i32.div_s)
 *   (func (export "div_u_big") (param i32) (result i32) local.get 0 i32.const 0x80000001 i32.div_u)
 *   (func (export "rem_s_7") (param i32) (result i32) local.get 0 i32.const -7 i32.rem_s)
 *   (func (export "rem_u_10") (param i32) (result i32) local.get 0 i32.const 10 i32.rem_u)
 *   (func (export "div_s_m1") (param i32) (result i32) local.get 0 i32.const -1 i32.div_s)
 *   (func (export "rem_s_m1") (param i32) (result i32) local.get 0 i32.const -1 i32.rem_s)
 *   (func (export "div_u_0") (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)
 *   (func (export "rem_s_0") (param i32) (result i32) local.get 0 i32.const 0 i32.rem_s)
 *   (func (export "select_ka") (param i32 i32) (result i32)
 *     i32.const 7 local.get 0 local.get 1 select)
 *   (func (export "select_kb") (param i32 i32) (result i32)
 *     local.get 0 i32.const -9 local.get 1 select)
 *   (func (export "select_kk") (param i32 i32) (result i32)
 *     i32.const 3 i32.const 4 local.get 1 select)
 *   (func (export "select_f32") (param i32 i32) (result i32)
 *     f32.const 1.5 local.get 0 f32.convert_i32_s local.get 1 select
 *     i32.trunc_f32_s)
 *   (func (export "ptrdiff12") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.sub i32.const 12 i32.div_s)
 *   (func (export "sub_div_m1") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.sub i32.const -1 i32.div_s)
 *   (func (export "mulk_add") (param i32 i32) (result i32)
 *     local.get 0 i32.const 12 i32.mul local.get 1 i32.add)
 *   (func (export "add_mulk") (param i32 i32) (result i32)
 *     local.get 1 local.get 0 i32.const -3 i32.mul i32.add))
 */
#include <string.h>

#include "compile.h"
#include "icode.h"
#include "interp.h"
#include "module.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char ident_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7e, 0x01, 0x7e, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7f, 0x03, 0x19, 0x18, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02,
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07,
    0x9e, 0x02, 0x18, 0x04, 0x61, 0x64, 0x64, 0x30, 0x00, 0x00, 0x07, 0x63,
    0x68, 0x61, 0x69, 0x6e, 0x33, 0x32, 0x00, 0x01, 0x07, 0x63, 0x68, 0x61,
    0x69, 0x6e, 0x36, 0x34, 0x00, 0x02, 0x0c, 0x6e, 0x6f, 0x74, 0x5f, 0x69,
    0x64, 0x65, 0x6e, 0x74, 0x69, 0x74, 0x79, 0x00, 0x03, 0x0d, 0x6c, 0x6f,
    0x61, 0x64, 0x5f, 0x61, 0x64, 0x64, 0x30, 0x5f, 0x73, 0x65, 0x74, 0x00,
    0x04, 0x08, 0x74, 0x65, 0x65, 0x5f, 0x61, 0x64, 0x64, 0x30, 0x00, 0x05,
    0x0f, 0x6c, 0x6f, 0x63, 0x61, 0x6c, 0x5f, 0x61, 0x66, 0x74, 0x65, 0x72,
    0x5f, 0x73, 0x65, 0x74, 0x00, 0x06, 0x0e, 0x70, 0x61, 0x72, 0x61, 0x6d,
    0x30, 0x5f, 0x75, 0x70, 0x64, 0x61, 0x74, 0x65, 0x64, 0x00, 0x07, 0x07,
    0x64, 0x69, 0x76, 0x5f, 0x73, 0x5f, 0x37, 0x00, 0x08, 0x09, 0x64, 0x69,
    0x76, 0x5f, 0x75, 0x5f, 0x62, 0x69, 0x67, 0x00, 0x09, 0x07, 0x72, 0x65,
    0x6d, 0x5f, 0x73, 0x5f, 0x37, 0x00, 0x0a, 0x08, 0x72, 0x65, 0x6d, 0x5f,
    0x75, 0x5f, 0x31, 0x30, 0x00, 0x0b, 0x08, 0x64, 0x69, 0x76, 0x5f, 0x73,
    0x5f, 0x6d, 0x31, 0x00, 0x0c, 0x08, 0x72, 0x65, 0x6d, 0x5f, 0x73, 0x5f,
    0x6d, 0x31, 0x00, 0x0d, 0x07, 0x64, 0x69, 0x76, 0x5f, 0x75, 0x5f, 0x30,
    0x00, 0x0e, 0x07, 0x72, 0x65, 0x6d, 0x5f, 0x73, 0x5f, 0x30, 0x00, 0x0f,
    0x09, 0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x5f, 0x6b, 0x61, 0x00, 0x10,
    0x09, 0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x5f, 0x6b, 0x62, 0x00, 0x11,
    0x09, 0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x5f, 0x6b, 0x6b, 0x00, 0x12,
    0x0a, 0x73, 0x65, 0x6c, 0x65, 0x63, 0x74, 0x5f, 0x66, 0x33, 0x32, 0x00,
    0x13, 0x09, 0x70, 0x74, 0x72, 0x64, 0x69, 0x66, 0x66, 0x31, 0x32, 0x00,
    0x14, 0x0a, 0x73, 0x75, 0x62, 0x5f, 0x64, 0x69, 0x76, 0x5f, 0x6d, 0x31,
    0x00, 0x15, 0x08, 0x6d, 0x75, 0x6c, 0x6b, 0x5f, 0x61, 0x64, 0x64, 0x00,
    0x16, 0x08, 0x61, 0x64, 0x64, 0x5f, 0x6d, 0x75, 0x6c, 0x6b, 0x00, 0x17,
    0x0a, 0xad, 0x02, 0x18, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6a, 0x0b,
    0x20, 0x00, 0x20, 0x00, 0x41, 0x00, 0x74, 0x41, 0x00, 0x72, 0x41, 0x00,
    0x73, 0x41, 0x01, 0x6c, 0x41, 0x01, 0x6d, 0x41, 0x01, 0x6e, 0x41, 0x7f,
    0x71, 0x41, 0x20, 0x75, 0x41, 0xc0, 0x00, 0x77, 0x0b, 0x18, 0x00, 0x20,
    0x00, 0x42, 0x00, 0x7c, 0x42, 0xc0, 0x00, 0x86, 0x42, 0x01, 0x7e, 0x42,
    0x7f, 0x83, 0x42, 0x80, 0x01, 0x88, 0x42, 0x00, 0x8a, 0x0b, 0x0f, 0x00,
    0x20, 0x00, 0x41, 0x21, 0x74, 0x41, 0xff, 0xff, 0x03, 0x71, 0x41, 0x01,
    0x6a, 0x0b, 0x13, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x28, 0x02, 0x00, 0x41,
    0x00, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x41, 0x03, 0x6c, 0x0b, 0x0e, 0x01,
    0x01, 0x7f, 0x20, 0x00, 0x41, 0x00, 0x6a, 0x22, 0x01, 0x20, 0x01, 0x6a,
    0x0b, 0x0d, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x41, 0x00, 0x6a, 0x41, 0x09,
    0x21, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x41, 0x05, 0x6a, 0x21, 0x00,
    0x20, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x79, 0x6d, 0x0b, 0x0b,
    0x00, 0x20, 0x00, 0x41, 0x81, 0x80, 0x80, 0x80, 0x78, 0x6e, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x41, 0x79, 0x6f, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41,
    0x0a, 0x70, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x7f, 0x6d, 0x0b, 0x07,
    0x00, 0x20, 0x00, 0x41, 0x7f, 0x6f, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41,
    0x00, 0x6e, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x00, 0x6f, 0x0b, 0x09,
    0x00, 0x41, 0x07, 0x20, 0x00, 0x20, 0x01, 0x1b, 0x0b, 0x09, 0x00, 0x20,
    0x00, 0x41, 0x77, 0x20, 0x01, 0x1b, 0x0b, 0x09, 0x00, 0x41, 0x03, 0x41,
    0x04, 0x20, 0x01, 0x1b, 0x0b, 0x0e, 0x00, 0x43, 0x00, 0x00, 0xc0, 0x3f,
    0x20, 0x00, 0xb2, 0x20, 0x01, 0x1b, 0xa8, 0x0b, 0x0a, 0x00, 0x20, 0x00,
    0x20, 0x01, 0x6b, 0x41, 0x0c, 0x6d, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x20,
    0x01, 0x6b, 0x41, 0x7f, 0x6d, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x0c,
    0x6c, 0x20, 0x01, 0x6a, 0x0b, 0x0a, 0x00, 0x20, 0x01, 0x20, 0x00, 0x41,
    0x7d, 0x6c, 0x6a, 0x0b, 0x0b, 0x0a, 0x01, 0x00, 0x41, 0x10, 0x0b, 0x04,
    0x07, 0x00, 0x00, 0x00,
};

static wexec_module *mod;
static wexec_instance *inst;

static int64_t call(const char *name, int64_t a, int64_t b)
{
	wexec_func *f = wexec_instance_func(inst, name);
	wexec_functype t;
	wexec_val args[2], r;
	wexec_error err = WEXEC_ERROR_INIT;
	if (!f)
		return -99;
	wexec_func_type(f, &t);
	bool wide = t.params[0] == WEXEC_I64;
	args[0] = wide ? wexec_val_i64(a) : wexec_val_i32((int32_t)a);
	args[1] = wexec_val_i32((int32_t)b);
	if (wexec_func_call(f, args, t.nparams, &r, 1, &err) != WEXEC_OK)
		return -99;
	return wide ? r.of.i64 : r.of.i32;
}

/* Whether export `name`(a) traps, and with what. */
static bool call_trap(const char *name, int32_t a, wexec_trap *trap)
{
	wexec_val arg = wexec_val_i32(a), r;
	wexec_error err = WEXEC_ERROR_INIT;
	*trap = WEXEC_TRAP_NONE;
	if (wexec_func_call(wexec_instance_func(inst, name), &arg, 1, &r, 1,
	                    &err) == WEXEC_OK)
		return false;
	*trap = err.trap;
	return true;
}

static void test_values(void)
{
	CHECK(call("add0", 12345, 0) == 12345);
	CHECK(call("add0", -7, 0) == -7);
	CHECK(call("chain32", 12345, 0) == 12345);
	CHECK(call("chain32", INT32_MIN, 0) == INT32_MIN);
	CHECK(call("chain64", -77, 0) == -77);
	CHECK(call("chain64", INT64_MAX, 0) == INT64_MAX);
	/* 33 is a shift by 1, 65535 a mask: not identities. */
	CHECK(call("not_identity", 12345, 0) == 24691);
	CHECK(call("load_add0_set", 16, 0) == 21);
	CHECK(call("tee_add0", 12345, 0) == 24690);
	CHECK(call("local_after_set", 12345, 0) == 12345);
	CHECK(call("param0_updated", 10, 20) == 15);
}

static void test_divisions(void)
{
	wexec_trap trap;
	CHECK(call("div_s_7", 100, 0) == -14);
	CHECK(call("div_s_7", INT32_MIN, 0) == 306783378);
	CHECK(call("div_u_big", -100, 0) == 1);
	CHECK(call("div_u_big", 100, 0) == 0);
	CHECK(call("rem_s_7", -100, 0) == -2);
	CHECK(call("rem_s_7", INT32_MIN, 0) == -2);
	CHECK(call("rem_u_10", -100, 0) == 6);
	CHECK(call("div_s_m1", -100, 0) == 100);
	CHECK(call("rem_s_m1", INT32_MIN, 0) == 0);
	CHECK(call_trap("div_s_m1", INT32_MIN, &trap) &&
	      trap == WEXEC_TRAP_INT_OVERFLOW);
	CHECK(call_trap("div_u_0", 5, &trap) && trap == WEXEC_TRAP_DIV_ZERO);
	CHECK(call_trap("rem_s_0", 5, &trap) && trap == WEXEC_TRAP_DIV_ZERO);
	/* (p - q) / 12, the subtraction wrapping first. */
	CHECK(call("ptrdiff12", 1000, 976) == 2);
	CHECK(call("ptrdiff12", 976, 1000) == -2);
	CHECK(call("ptrdiff12", INT32_MIN, 1) == 178956970);
	CHECK(call("sub_div_m1", 5, 7) == 2);
	/* x * k + b, wrapping, either operand order. */
	CHECK(call("mulk_add", 1000000000, 7) == -884901881);
	CHECK(call("add_mulk", 5, 100) == 85);
}

/* $add0 is one instruction: a return of parameter 0, in place. */
static void test_no_code(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_code *code = NULL;
	CHECK(wx_compile_func((const wx_module *)mod, 0, &code, &err) ==
	      WEXEC_OK);
	CHECK(code && code->ncells == 1);
}

/* Whether defined function `funcidx` starts with instruction `op`. */
static bool starts_with(uint32_t funcidx, wx_icode op)
{
	const void *const *h = wx_interp_handlers();
	wexec_error err = WEXEC_ERROR_INIT;
	wx_code *code = NULL;
	if (wx_compile_func((const wx_module *)mod, funcidx, &code, &err) !=
	    WEXEC_OK)
		return false;
	/* Threaded code holds handlers, switch dispatch numbers. */
	return h ? code->cells[0].h == h[op] : code->cells[0].op == op;
}

static void test_division_forms(void)
{
	CHECK(starts_with(8, WX_I_I32_DIV_S_K));   /* div_s_7 */
	CHECK(starts_with(9, WX_I_I32_DIV_U_K));   /* div_u_big */
	CHECK(starts_with(10, WX_I_I32_REM_S_K));  /* rem_s_7 */
	CHECK(starts_with(11, WX_I_I32_REM_U_K));  /* rem_u_10 */
	CHECK(!starts_with(12, WX_I_I32_DIV_S_K)); /* div_s_m1 */
	CHECK(!starts_with(14, WX_I_I32_DIV_U_K)); /* div_u_0 */
	CHECK(starts_with(20, WX_I_I32_SUB_DIV_S_K)); /* ptrdiff12 */
	CHECK(!starts_with(21, WX_I_I32_SUB_DIV_S_K)); /* sub_div_m1 */
	CHECK(starts_with(22, WX_I_I32_MULK_ADD));      /* mulk_add */
	CHECK(starts_with(23, WX_I_I32_MULK_ADD));      /* add_mulk */
}

static void test_selects(void)
{
	CHECK(call("select_ka", 5, 0) == 5);
	CHECK(call("select_ka", 5, 1) == 7);
	CHECK(call("select_kb", 5, 0) == -9);
	CHECK(call("select_kb", 5, 2) == 5);
	CHECK(call("select_kk", 5, 0) == 4);
	CHECK(call("select_kk", 5, -1) == 3);
	CHECK(call("select_f32", 5, 0) == 5);
	CHECK(call("select_f32", 5, 1) == 1);
	CHECK(starts_with(16, WX_I_SELECT_KA));
	CHECK(starts_with(17, WX_I_SELECT_KB));
}

int main(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	CHECK(wexec_module_new(ident_wasm, sizeof ident_wasm, &mod, &err) ==
	      WEXEC_OK);
	CHECK(mod && wexec_linker_instantiate(linker, mod, &inst, &err) ==
	                 WEXEC_OK);
	if (inst) {
		RUN(test_values);
		RUN(test_divisions);
		RUN(test_no_code);
		RUN(test_division_forms);
		RUN(test_selects);
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(mod);
	return unit_report();
}
