/*
 * test_pairs.c - two instructions in a row become one (compile_pairs.c, the
 * rows of pairs.def): two i32.loads or two i32.stores (I32_LOAD2,
 * I32_STORE2), and the pairs of i32.add_k, i32.load, i32.load8_u, i32.store,
 * i32.shl_add, i32.shl_k and i32.xor that PAIR_* name. The pair runs in
 * program order (a second load through the pointer the first loaded,
 * overlapping stores), a trap in the first leaves the second undone and a
 * trap in the second keeps the first's effect, a branch target on the second
 * enters the pair there (and one that pairs with the instruction after it
 * stays apart from the one before), an i32.eqz after the second still folds
 * it into its branch, and a loop counter's add still joins the branch that
 * closes the loop. The second of each new pair reads what the first wrote.
 * The module is wat2wasm of:
 *
 * (module
 *   (memory 1)
 *   (func (export "load2") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 i32.load offset=4 local.set 2
 *     local.get 1 i32.load offset=8 local.set 3
 *     local.get 2 local.get 3 i32.sub)
 *   (func (export "chain") (param i32) (result i32) (local i32 i32)
 *     local.get 0 i32.load local.set 1
 *     local.get 1 i32.load offset=4 local.set 2
 *     local.get 2 local.get 1 i32.add)
 *   (func (export "store2") (param i32 i32 i32 i32)
 *     local.get 0 local.get 1 i32.store
 *     local.get 2 local.get 3 i32.store offset=2)
 *   (func (export "peek") (param i32) (result i32) local.get 0 i32.load)
 *   (func (export "loop_load") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 i32.load local.set 2
 *     (loop $l
 *       local.get 1 i32.load local.set 3
 *       local.get 2 local.get 3 i32.add local.set 2
 *       local.get 1 i32.const 4 i32.add local.tee 1
 *       i32.const 64 i32.lt_u br_if $l)
 *     local.get 2)
 *   (func (export "load_eqz") (param i32 i32) (result i32) (local i32)
 *     local.get 0 i32.load local.set 2
 *     block
 *       local.get 1 i32.load i32.eqz br_if 0
 *       i32.const -1 return
 *     end
 *     local.get 2)
 *   (func (export "addk2") (param i32) (result i32) (local i32 i32)
 *     local.get 0 i32.const 5 i32.add local.set 1
 *     local.get 1 i32.const 7 i32.add local.set 2
 *     local.get 2 local.get 1 i32.mul)
 *   (func (export "addk_store") (param i32 i32)
 *     local.get 1 i32.const 3 i32.add local.set 1
 *     local.get 0 local.get 1 i32.store)
 *   (func (export "load_addk") (param i32 i32) (result i32) (local i32)
 *     local.get 0 i32.load local.set 2
 *     local.get 1 i32.const 9 i32.add local.set 1
 *     local.get 2 local.get 1 i32.sub)
 *   (func (export "store_addk") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.store
 *     local.get 1 i32.const 1 i32.add local.set 1
 *     local.get 1 local.get 0 i32.load i32.add)
 *   (func (export "load_shladd") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 i32.load local.set 2
 *     local.get 2 i32.const 2 i32.shl local.get 1 i32.add local.set 3
 *     local.get 3 local.get 2 i32.add)
 *   (func (export "shladd_load") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 i32.const 3 i32.shl local.get 1 i32.add local.set 2
 *     local.get 1 i32.load local.set 3
 *     local.get 2 local.get 3 i32.add)
 *   (func (export "count_loop") (param i32) (result i32) (local i32 i32)
 *     (loop $l
 *       local.get 1 i32.const 1 i32.add local.set 1
 *       local.get 2 i32.const 4 i32.add local.tee 2
 *       local.get 0 i32.lt_u br_if $l)
 *     local.get 1)
 *   (func (export "hash") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 i32.const 5 i32.shl local.set 2
 *     local.get 2 local.get 1 i32.xor local.set 3
 *     local.get 3 i32.const 3 i32.shl local.get 3 i32.add)
 *   (func (export "loadak_load") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 i32.const 8 i32.add i32.load local.set 2
 *     local.get 2 i32.load local.set 3
 *     local.get 3 local.get 1 i32.add)
 *   (func (export "xor_shl") (param i32 i32) (result i32) (local i32 i32)
 *     local.get 0 local.get 1 i32.xor local.set 2
 *     local.get 2 i32.const 7 i32.shl local.set 3
 *     local.get 3 local.get 2 i32.sub)
 *   (func (export "bytes2") (param i32) (result i32) (local i32 i32)
 *     local.get 0 i32.load8_u local.set 1
 *     local.get 0 i32.load8_u offset=1 local.set 2
 *     local.get 1 i32.const 8 i32.shl local.get 2 i32.or)
 *   (func (export "bytes_eqz") (param i32) (result i32) (local i32)
 *     local.get 0 i32.load8_u local.set 1
 *     block
 *       local.get 0 i32.load8_u offset=1 i32.eqz br_if 0
 *       i32.const -1 return
 *     end
 *     local.get 1)
 *   (func (export "mark") (param i32 i32 i32) (result i32)
 *     block
 *       local.get 1 local.get 2 i32.ge_u br_if 0
 *       loop
 *         local.get 0 local.get 1 i32.add i32.const 1 i32.store8
 *         local.get 1 local.get 1 i32.add local.tee 1
 *         i32.const 4096 i32.lt_u br_if 0
 *       end
 *     end
 *     local.get 1)
 *   (func (export "copy_addk_store") (param i32 i32) (result i32) (local i32 i32 i32)
 *     local.get 0 local.set 2
 *     local.get 1 local.set 3
 *     local.get 3 i32.const 5 i32.add local.set 4
 *     local.get 2 local.get 4 i32.store
 *     local.get 2 i32.load local.get 3 i32.add)
 *   (func (export "loop_head") (param i32) (result i32) (local i32 i32 i32)
 *     local.get 0 i32.load offset=4 local.set 1
 *     (loop $l
 *       local.get 0 i32.load local.set 2
 *       local.get 0 i32.load offset=8 local.set 3
 *       local.get 1 local.get 2 local.get 3 i32.sub i32.add local.set 1
 *       local.get 0 i32.const 4 i32.add local.tee 0
 *       i32.const 64 i32.lt_u br_if $l)
 *     local.get 1)
 *   (func (export "store_ret") (param i32 i32)
 *     (block local.get 1 i32.eqz br_if 0
 *       local.get 0 local.get 1 i32.store)))
 */
#include <string.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char pairs_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1f, 0x05, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x04,
    0x7f, 0x7f, 0x7f, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x00, 0x60, 0x03,
    0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x17, 0x16, 0x00, 0x01, 0x02, 0x01,
    0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x01, 0x04, 0x00, 0x01, 0x03, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07,
    0xf4, 0x01, 0x16, 0x05, 0x6c, 0x6f, 0x61, 0x64, 0x32, 0x00, 0x00, 0x05,
    0x63, 0x68, 0x61, 0x69, 0x6e, 0x00, 0x01, 0x06, 0x73, 0x74, 0x6f, 0x72,
    0x65, 0x32, 0x00, 0x02, 0x04, 0x70, 0x65, 0x65, 0x6b, 0x00, 0x03, 0x09,
    0x6c, 0x6f, 0x6f, 0x70, 0x5f, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x04, 0x08,
    0x6c, 0x6f, 0x61, 0x64, 0x5f, 0x65, 0x71, 0x7a, 0x00, 0x05, 0x05, 0x61,
    0x64, 0x64, 0x6b, 0x32, 0x00, 0x06, 0x0a, 0x61, 0x64, 0x64, 0x6b, 0x5f,
    0x73, 0x74, 0x6f, 0x72, 0x65, 0x00, 0x07, 0x09, 0x6c, 0x6f, 0x61, 0x64,
    0x5f, 0x61, 0x64, 0x64, 0x6b, 0x00, 0x08, 0x0a, 0x73, 0x74, 0x6f, 0x72,
    0x65, 0x5f, 0x61, 0x64, 0x64, 0x6b, 0x00, 0x09, 0x0b, 0x6c, 0x6f, 0x61,
    0x64, 0x5f, 0x73, 0x68, 0x6c, 0x61, 0x64, 0x64, 0x00, 0x0a, 0x0b, 0x73,
    0x68, 0x6c, 0x61, 0x64, 0x64, 0x5f, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x0b,
    0x0a, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x5f, 0x6c, 0x6f, 0x6f, 0x70, 0x00,
    0x0c, 0x04, 0x68, 0x61, 0x73, 0x68, 0x00, 0x0d, 0x0b, 0x6c, 0x6f, 0x61,
    0x64, 0x61, 0x6b, 0x5f, 0x6c, 0x6f, 0x61, 0x64, 0x00, 0x0e, 0x07, 0x78,
    0x6f, 0x72, 0x5f, 0x73, 0x68, 0x6c, 0x00, 0x0f, 0x06, 0x62, 0x79, 0x74,
    0x65, 0x73, 0x32, 0x00, 0x10, 0x09, 0x62, 0x79, 0x74, 0x65, 0x73, 0x5f,
    0x65, 0x71, 0x7a, 0x00, 0x11, 0x04, 0x6d, 0x61, 0x72, 0x6b, 0x00, 0x12,
    0x0f, 0x63, 0x6f, 0x70, 0x79, 0x5f, 0x61, 0x64, 0x64, 0x6b, 0x5f, 0x73,
    0x74, 0x6f, 0x72, 0x65, 0x00, 0x13, 0x09, 0x6c, 0x6f, 0x6f, 0x70, 0x5f,
    0x68, 0x65, 0x61, 0x64, 0x00, 0x14, 0x09, 0x73, 0x74, 0x6f, 0x72, 0x65,
    0x5f, 0x72, 0x65, 0x74, 0x00, 0x15, 0x0a, 0xd8, 0x04, 0x16, 0x17, 0x01,
    0x02, 0x7f, 0x20, 0x00, 0x28, 0x02, 0x04, 0x21, 0x02, 0x20, 0x01, 0x28,
    0x02, 0x08, 0x21, 0x03, 0x20, 0x02, 0x20, 0x03, 0x6b, 0x0b, 0x17, 0x01,
    0x02, 0x7f, 0x20, 0x00, 0x28, 0x02, 0x00, 0x21, 0x01, 0x20, 0x01, 0x28,
    0x02, 0x04, 0x21, 0x02, 0x20, 0x02, 0x20, 0x01, 0x6a, 0x0b, 0x10, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x20, 0x02, 0x20, 0x03, 0x36,
    0x02, 0x02, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b, 0x2b,
    0x01, 0x02, 0x7f, 0x20, 0x00, 0x28, 0x02, 0x00, 0x21, 0x02, 0x03, 0x40,
    0x20, 0x01, 0x28, 0x02, 0x00, 0x21, 0x03, 0x20, 0x02, 0x20, 0x03, 0x6a,
    0x21, 0x02, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x22, 0x01, 0x41, 0xc0, 0x00,
    0x49, 0x0d, 0x00, 0x0b, 0x20, 0x02, 0x0b, 0x1b, 0x01, 0x01, 0x7f, 0x20,
    0x00, 0x28, 0x02, 0x00, 0x21, 0x02, 0x02, 0x40, 0x20, 0x01, 0x28, 0x02,
    0x00, 0x45, 0x0d, 0x00, 0x41, 0x7f, 0x0f, 0x0b, 0x20, 0x02, 0x0b, 0x17,
    0x01, 0x02, 0x7f, 0x20, 0x00, 0x41, 0x05, 0x6a, 0x21, 0x01, 0x20, 0x01,
    0x41, 0x07, 0x6a, 0x21, 0x02, 0x20, 0x02, 0x20, 0x01, 0x6c, 0x0b, 0x10,
    0x00, 0x20, 0x01, 0x41, 0x03, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x20, 0x01,
    0x36, 0x02, 0x00, 0x0b, 0x17, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x28, 0x02,
    0x00, 0x21, 0x02, 0x20, 0x01, 0x41, 0x09, 0x6a, 0x21, 0x01, 0x20, 0x02,
    0x20, 0x01, 0x6b, 0x0b, 0x18, 0x00, 0x20, 0x00, 0x20, 0x01, 0x36, 0x02,
    0x00, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00,
    0x28, 0x02, 0x00, 0x6a, 0x0b, 0x1a, 0x01, 0x02, 0x7f, 0x20, 0x00, 0x28,
    0x02, 0x00, 0x21, 0x02, 0x20, 0x02, 0x41, 0x02, 0x74, 0x20, 0x01, 0x6a,
    0x21, 0x03, 0x20, 0x03, 0x20, 0x02, 0x6a, 0x0b, 0x1a, 0x01, 0x02, 0x7f,
    0x20, 0x00, 0x41, 0x03, 0x74, 0x20, 0x01, 0x6a, 0x21, 0x02, 0x20, 0x01,
    0x28, 0x02, 0x00, 0x21, 0x03, 0x20, 0x02, 0x20, 0x03, 0x6a, 0x0b, 0x1c,
    0x01, 0x02, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01,
    0x20, 0x02, 0x41, 0x04, 0x6a, 0x22, 0x02, 0x20, 0x00, 0x49, 0x0d, 0x00,
    0x0b, 0x20, 0x01, 0x0b, 0x1a, 0x01, 0x02, 0x7f, 0x20, 0x00, 0x41, 0x05,
    0x74, 0x21, 0x02, 0x20, 0x02, 0x20, 0x01, 0x73, 0x21, 0x03, 0x20, 0x03,
    0x41, 0x03, 0x74, 0x20, 0x03, 0x6a, 0x0b, 0x1a, 0x01, 0x02, 0x7f, 0x20,
    0x00, 0x41, 0x08, 0x6a, 0x28, 0x02, 0x00, 0x21, 0x02, 0x20, 0x02, 0x28,
    0x02, 0x00, 0x21, 0x03, 0x20, 0x03, 0x20, 0x01, 0x6a, 0x0b, 0x17, 0x01,
    0x02, 0x7f, 0x20, 0x00, 0x20, 0x01, 0x73, 0x21, 0x02, 0x20, 0x02, 0x41,
    0x07, 0x74, 0x21, 0x03, 0x20, 0x03, 0x20, 0x02, 0x6b, 0x0b, 0x1a, 0x01,
    0x02, 0x7f, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x21, 0x01, 0x20, 0x00, 0x2d,
    0x00, 0x01, 0x21, 0x02, 0x20, 0x01, 0x41, 0x08, 0x74, 0x20, 0x02, 0x72,
    0x0b, 0x1b, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x21, 0x01,
    0x02, 0x40, 0x20, 0x00, 0x2d, 0x00, 0x01, 0x45, 0x0d, 0x00, 0x41, 0x7f,
    0x0f, 0x0b, 0x20, 0x01, 0x0b, 0x28, 0x00, 0x02, 0x40, 0x20, 0x01, 0x20,
    0x02, 0x4f, 0x0d, 0x00, 0x03, 0x40, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x41,
    0x01, 0x3a, 0x00, 0x00, 0x20, 0x01, 0x20, 0x01, 0x6a, 0x22, 0x01, 0x41,
    0x80, 0x20, 0x49, 0x0d, 0x00, 0x0b, 0x0b, 0x20, 0x01, 0x0b, 0x22, 0x01,
    0x03, 0x7f, 0x20, 0x00, 0x21, 0x02, 0x20, 0x01, 0x21, 0x03, 0x20, 0x03,
    0x41, 0x05, 0x6a, 0x21, 0x04, 0x20, 0x02, 0x20, 0x04, 0x36, 0x02, 0x00,
    0x20, 0x02, 0x28, 0x02, 0x00, 0x20, 0x03, 0x6a, 0x0b, 0x35, 0x01, 0x03,
    0x7f, 0x20, 0x00, 0x28, 0x02, 0x04, 0x21, 0x01, 0x03, 0x40, 0x20, 0x00,
    0x28, 0x02, 0x00, 0x21, 0x02, 0x20, 0x00, 0x28, 0x02, 0x08, 0x21, 0x03,
    0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x6b, 0x6a, 0x21, 0x01, 0x20, 0x00,
    0x41, 0x04, 0x6a, 0x22, 0x00, 0x41, 0xc0, 0x00, 0x49, 0x0d, 0x00, 0x0b,
    0x20, 0x01, 0x0b, 0x11, 0x00, 0x02, 0x40, 0x20, 0x01, 0x45, 0x0d, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x0b, 0x0b};

static wexec_module *mod;
static wexec_instance *inst;

static wexec_status call(const char *name, const wexec_val *args,
                         size_t nargs, wexec_val *r, size_t nr)
{
	wexec_error err = WEXEC_ERROR_INIT;
	return wexec_func_call(wexec_instance_func(inst, name), args, nargs, r,
	                       nr, &err);
}

static void poke(uint32_t at, uint32_t v)
{
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_memory_write(wexec_instance_memory_at(inst, 0), at, &v, 4,
	                         &err) == WEXEC_OK);
}

static uint32_t peek(uint32_t at)
{
	wexec_val a = wexec_val_i32((int32_t)at), r = wexec_val_i32(0);
	CHECK(call("peek", &a, 1, &r, 1) == WEXEC_OK);
	return (uint32_t)r.of.i32;
}

/* Whether defined function `funcidx` translates to code holding `op`. */
static bool has_op(uint32_t funcidx, wx_icode op)
{
	return unit_code_has(mod, funcidx, op, false);
}

static void test_loads(void)
{
	wexec_val a[2] = {wexec_val_i32(100), wexec_val_i32(200)}, r;
	poke(104, 50);
	poke(208, 8);
	CHECK(call("load2", a, 2, &r, 1) == WEXEC_OK && r.of.i32 == 42);
	a[1] = wexec_val_i32(65530); /* the second is out of bounds */
	CHECK(call("load2", a, 2, &r, 1) == WEXEC_ERR_TRAP);
	/* The second loads through the pointer the first loaded. */
	poke(300, 400);
	poke(404, 7);
	a[0] = wexec_val_i32(300);
	CHECK(call("chain", a, 1, &r, 1) == WEXEC_OK && r.of.i32 == 407);
	poke(300, 65534);
	CHECK(call("chain", a, 1, &r, 1) == WEXEC_ERR_TRAP);
	CHECK(has_op(0, WX_I_I32_LOAD2) && has_op(1, WX_I_I32_LOAD2));
}

static void test_stores(void)
{
	wexec_val a[4] = {wexec_val_i32(0), wexec_val_i32(0x11223344),
	                  wexec_val_i32(0), wexec_val_i32(0x55667788)};
	/* The second store overlaps the first and wins. */
	CHECK(call("store2", a, 4, NULL, 0) == WEXEC_OK);
	CHECK(peek(0) == 0x77883344u && peek(4) == 0x5566u);
	/* A trap in the first: the second is not done. */
	poke(8, 0);
	a[0] = wexec_val_i32(65534);
	a[2] = wexec_val_i32(8);
	CHECK(call("store2", a, 4, NULL, 0) == WEXEC_ERR_TRAP);
	CHECK(peek(8) == 0);
	/* A trap in the second: the first stays done. */
	a[0] = wexec_val_i32(16);
	a[2] = wexec_val_i32(65534);
	CHECK(call("store2", a, 4, NULL, 0) == WEXEC_ERR_TRAP);
	CHECK(peek(16) == 0x11223344u);
	CHECK(has_op(2, WX_I_I32_STORE2));
}

/* The loop's first load is a branch target that pairs with nothing after
 * it: it joins the load before the loop, and every iteration enters the
 * pair at its second half. */
static void test_label_between(void)
{
	wexec_val a[2] = {wexec_val_i32(1000), wexec_val_i32(0)}, r;
	uint32_t sum = 0;
	poke(1000, 5);
	for (uint32_t i = 0; i < 64; i += 4) {
		poke(i, i * 3);
		sum += i * 3;
	}
	CHECK(call("loop_load", a, 2, &r, 1) == WEXEC_OK &&
	      (uint32_t)r.of.i32 == 5 + sum);
	CHECK(unit_code_has(mod, 4, WX_I_I32_LOAD2, true));
}

/* A loop's first load that pairs with the load after it stays in the
 * loop: the load before the loop stays alone. */
static void test_loop_head(void)
{
	wexec_val a = wexec_val_i32(0), r;
	uint32_t sum;
	for (uint32_t i = 0; i < 72; i += 4)
		poke(i, i * i + 1);
	/* [4], then [i] - [i + 8] for i = 0, 4, ..., 60. */
	sum = 4 * 4 + 1;
	for (uint32_t i = 0; i < 64; i += 4)
		sum += (i * i + 1) - ((i + 8) * (i + 8) + 1);
	CHECK(call("loop_head", &a, 1, &r, 1) == WEXEC_OK &&
	      (uint32_t)r.of.i32 == sum);
	CHECK(unit_code_has(mod, 20, WX_I_I32_LOAD, true) &&
	      has_op(20, WX_I_I32_LOAD2));
}

/* load; load; i32.eqz; br_if: the second load stays for the branch. */
static void test_eqz_keeps_its_load(void)
{
	wexec_val a[2] = {wexec_val_i32(2000), wexec_val_i32(2004)}, r;
	poke(2000, 11);
	poke(2004, 0);
	CHECK(call("load_eqz", a, 2, &r, 1) == WEXEC_OK && r.of.i32 == 11);
	poke(2004, 1);
	CHECK(call("load_eqz", a, 2, &r, 1) == WEXEC_OK && r.of.i32 == -1);
	CHECK(has_op(5, WX_I_BR_I32_LOAD_Z) && !has_op(5, WX_I_I32_LOAD2));
}

/* The pairs with i32.add_k and i32.shl_add: the second sees the first's
 * result, traps keep program order. */
static void test_mixed_pairs(void)
{
	wexec_val a[2] = {wexec_val_i32(10), wexec_val_i32(0)}, r;
	CHECK(call("addk2", a, 1, &r, 1) == WEXEC_OK && r.of.i32 == 22 * 15);
	CHECK(has_op(6, WX_I_PAIR_ADDK_ADDK));

	a[0] = wexec_val_i32(3000);
	a[1] = wexec_val_i32(39);
	CHECK(call("addk_store", a, 2, NULL, 0) == WEXEC_OK &&
	      peek(3000) == 42);
	a[0] = wexec_val_i32(65534);
	CHECK(call("addk_store", a, 2, NULL, 0) == WEXEC_ERR_TRAP);
	CHECK(has_op(7, WX_I_PAIR_ADDK_STORE));

	poke(3100, 100);
	a[0] = wexec_val_i32(3100);
	a[1] = wexec_val_i32(1);
	CHECK(call("load_addk", a, 2, &r, 1) == WEXEC_OK && r.of.i32 == 90);
	a[0] = wexec_val_i32(65533);
	CHECK(call("load_addk", a, 2, &r, 1) == WEXEC_ERR_TRAP);
	CHECK(has_op(8, WX_I_PAIR_LOAD_ADDK));

	/* store then add: 5 stored, then 6 + the 5 read back. */
	a[0] = wexec_val_i32(3200);
	a[1] = wexec_val_i32(5);
	CHECK(call("store_addk", a, 2, &r, 1) == WEXEC_OK && r.of.i32 == 11 &&
	      peek(3200) == 5);
	CHECK(has_op(9, WX_I_PAIR_STORE_ADDK));

	/* (x << 2) + b of the x just loaded, then + x. */
	poke(3300, 6);
	a[0] = wexec_val_i32(3300);
	a[1] = wexec_val_i32(1000);
	CHECK(call("load_shladd", a, 2, &r, 1) == WEXEC_OK &&
	      r.of.i32 == 6 * 4 + 1000 + 6);
	CHECK(has_op(10, WX_I_PAIR_LOAD_SHLADD));

	/* (x << 3) + b, then a load at b: a trap in the load ends it. */
	poke(3400, 77);
	a[0] = wexec_val_i32(2);
	a[1] = wexec_val_i32(3400);
	CHECK(call("shladd_load", a, 2, &r, 1) == WEXEC_OK &&
	      r.of.i32 == 16 + 3400 + 77);
	a[1] = wexec_val_i32(65534);
	CHECK(call("shladd_load", a, 2, &r, 1) == WEXEC_ERR_TRAP);
	CHECK(has_op(11, WX_I_PAIR_SHLADD_LOAD));

	/* A hash step: (x << 5) ^ y, then (h << 3) + h. */
	a[0] = wexec_val_i32(0x12345);
	a[1] = wexec_val_i32(0x777);
	uint32_t h = (0x12345u << 5) ^ 0x777u;
	CHECK(call("hash", a, 2, &r, 1) == WEXEC_OK &&
	      (uint32_t)r.of.i32 == (h << 3) + h);
	CHECK(has_op(13, WX_I_PAIR_SHLK_XOR));
	h = 0x12345u ^ 0x777u;
	CHECK(call("xor_shl", a, 2, &r, 1) == WEXEC_OK &&
	      (uint32_t)r.of.i32 == (h << 7) - h);
	CHECK(has_op(15, WX_I_PAIR_XOR_SHLK));

	/* p = *(q + 8), then *p: the second loads through the first. */
	poke(3508, 3600);
	poke(3600, 31);
	a[0] = wexec_val_i32(3500);
	a[1] = wexec_val_i32(11);
	CHECK(call("loadak_load", a, 2, &r, 1) == WEXEC_OK && r.of.i32 == 42);
	CHECK(has_op(14, WX_I_PAIR_LOADAK_LOAD));

	/* Two bytes; and a second byte that an i32.eqz branches on. */
	poke(3700, 0x00000612);
	a[0] = wexec_val_i32(3700);
	CHECK(call("bytes2", a, 1, &r, 1) == WEXEC_OK && r.of.i32 == 0x1206);
	CHECK(has_op(16, WX_I_PAIR_LOAD8U_LOAD8U));
	CHECK(call("bytes_eqz", a, 1, &r, 1) == WEXEC_OK && r.of.i32 == -1);
	poke(3700, 0x00000012);
	CHECK(call("bytes_eqz", a, 1, &r, 1) == WEXEC_OK && r.of.i32 == 0x12);
	CHECK(has_op(17, WX_I_BR_I32_LOAD8_U_Z) &&
	      !has_op(17, WX_I_PAIR_LOAD8U_LOAD8U));
}

/* i += 1; j += 4; br_if (j < n): the second add closes the loop with its
 * branch (BR_ADDK_LT_U) instead of joining the first. */
/* A loop's store and the branch closing it, the label of the block's end
 * right after them: a pair (sieve's marking loop). */
static void test_pair_before_label(void)
{
	wexec_val a[3] = {wexec_val_i32(1000), wexec_val_i32(3),
	                  wexec_val_i32(4096)},
	          r;
	CHECK(call("mark", a, 3, &r, 1) == WEXEC_OK && r.of.i32 == 6144);
	CHECK((peek(1000 + 3) & 0xff) == 1 && (peek(1000 + 6) & 0xff) == 1 &&
	      (peek(1000 + 1536) & 0xff) == 1);
	CHECK((peek(1000 + 4) & 0xff) == 0);
	CHECK(has_op(18, WX_I_PAIR_STORE8KAX_BRADDLTUK));
	/* Not entered: the block's branch skips the loop. */
	a[1] = wexec_val_i32(5000);
	CHECK(call("mark", a, 3, &r, 1) == WEXEC_OK && r.of.i32 == 5000);
}

/* Two copies, then an add and a store: a pair joins the copies before it,
 * three instructions in one dispatch. */
static void test_three(void)
{
	wexec_val a[2] = {wexec_val_i32(2000), wexec_val_i32(10)}, r;
	CHECK(call("copy_addk_store", a, 2, &r, 1) == WEXEC_OK &&
	      r.of.i32 == 25);
	CHECK(peek(2000) == 15);
	CHECK(has_op(19, WX_I_PAIR_COPY2_ADDKSTORE));
	a[0] = wexec_val_i32(65534); /* the store traps, the copies are done */
	CHECK(call("copy_addk_store", a, 2, &r, 1) == WEXEC_ERR_TRAP);
}

static void test_counter_keeps_its_branch(void)
{
	wexec_val a = wexec_val_i32(40), r;
	CHECK(call("count_loop", &a, 1, &r, 1) == WEXEC_OK && r.of.i32 == 10);
	CHECK(has_op(12, WX_I_BR_ADDK_LT_U) && !has_op(12, WX_I_PAIR_ADDK_ADDK));
}

/* A function's last two instructions pair too: the store and the return,
 * which the branch over the store enters at its second half. */
static void test_last_two(void)
{
	wexec_val a[2] = {wexec_val_i32(3000), wexec_val_i32(9)};
	poke(3000, 1);
	CHECK(call("store_ret", a, 2, NULL, 0) == WEXEC_OK && peek(3000) == 9);
	a[1] = wexec_val_i32(0);
	poke(3000, 1);
	CHECK(call("store_ret", a, 2, NULL, 0) == WEXEC_OK && peek(3000) == 1);
	CHECK(has_op(21, WX_I_PAIR_STORE_RETURN));
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, pairs_wasm, sizeof pairs_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_loads);
		RUN(test_stores);
		RUN(test_label_between);
		RUN(test_loop_head);
		RUN(test_last_two);
		RUN(test_mixed_pairs);
		RUN(test_counter_keeps_its_branch);
		RUN(test_eqz_keeps_its_load);
		RUN(test_pair_before_label);
		RUN(test_three);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
