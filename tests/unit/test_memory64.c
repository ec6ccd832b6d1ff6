/*
 * test_memory64.c - several memories (proposals/multi-memory) and 64-bit
 * memories (proposals/memory64) beyond what the spec suite covers:
 * memory.copy from one memory into another and from a 64-bit memory into
 * a 32-bit one, a 64-bit memory grown past 4 GiB and accessed above it
 * (where the host lets a process have that much), a carry past 2^64 in an
 * effective address, vector loads and stores (lanes, splats, widening)
 * on memories other than memory 0, memory 0 untouched by accesses to the
 * others, thousands of memories, and the features an embedder can leave
 * out. The first module is `wat2wasm --enable-multi-memory
 * --enable-memory64` of:
 *
 * (module
 *   (memory $m0 1)
 *   (memory $m1 (export "m1") 2 4)
 *   (memory $big (export "big") i64 1)
 *   (data (memory $m1) (i32.const 16) "hello")
 *   (func (export "copy01") (param i32 i32 i32)
 *     local.get 0 local.get 1 local.get 2 memory.copy $m0 $m1)
 *   (func (export "load0") (param i32) (result i32) local.get 0 i32.load8_u $m0)
 *   (func (export "load1") (param i32) (result i32) local.get 0 i32.load8_u $m1)
 *   (func (export "store1") (param i32 i32)
 *     local.get 0 local.get 1 i32.store $m1 offset=4)
 *   (func (export "size1") (result i32) memory.size $m1)
 *   (func (export "grow1") (param i32) (result i32) local.get 0 memory.grow $m1)
 *   (func (export "grow64") (param i64) (result i64) local.get 0 memory.grow $big)
 *   (func (export "store64") (param i64 i64) local.get 0 local.get 1 i64.store $big)
 *   (func (export "load64") (param i64) (result i64) local.get 0 i64.load $big)
 *   (func (export "load64_far") (param i64) (result i64)
 *     local.get 0 i64.load $big offset=0xffffffff)
 *   (func (export "fill64") (param i64 i32 i64)
 *     local.get 0 local.get 1 local.get 2 memory.fill $big)
 *   (func (export "copy_big_to_1") (param i32 i64 i32)
 *     local.get 0 local.get 1 local.get 2 memory.copy $m1 $big)
 *   (func (export "v128_1") (param i32) (result i64)
 *     local.get 0 v128.load $m1 i64x2.extract_lane 0)
 * )
 */
#include <stdlib.h>
#include <string.h>

#include "runtime.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char mm_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x30, 0x09, 0x60,
    0x03, 0x7f, 0x7f, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02,
    0x7f, 0x7f, 0x00, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7e, 0x01, 0x7e,
    0x60, 0x02, 0x7e, 0x7e, 0x00, 0x60, 0x03, 0x7e, 0x7f, 0x7e, 0x00, 0x60,
    0x03, 0x7f, 0x7e, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7e, 0x03, 0x0e,
    0x0d, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, 0x04, 0x05, 0x04, 0x04, 0x06,
    0x07, 0x08, 0x05, 0x08, 0x03, 0x00, 0x01, 0x01, 0x02, 0x04, 0x04, 0x01,
    0x07, 0x89, 0x01, 0x0f, 0x02, 0x6d, 0x31, 0x02, 0x01, 0x03, 0x62, 0x69,
    0x67, 0x02, 0x02, 0x06, 0x63, 0x6f, 0x70, 0x79, 0x30, 0x31, 0x00, 0x00,
    0x05, 0x6c, 0x6f, 0x61, 0x64, 0x30, 0x00, 0x01, 0x05, 0x6c, 0x6f, 0x61,
    0x64, 0x31, 0x00, 0x02, 0x06, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x31, 0x00,
    0x03, 0x05, 0x73, 0x69, 0x7a, 0x65, 0x31, 0x00, 0x04, 0x05, 0x67, 0x72,
    0x6f, 0x77, 0x31, 0x00, 0x05, 0x06, 0x67, 0x72, 0x6f, 0x77, 0x36, 0x34,
    0x00, 0x06, 0x07, 0x73, 0x74, 0x6f, 0x72, 0x65, 0x36, 0x34, 0x00, 0x07,
    0x06, 0x6c, 0x6f, 0x61, 0x64, 0x36, 0x34, 0x00, 0x08, 0x0a, 0x6c, 0x6f,
    0x61, 0x64, 0x36, 0x34, 0x5f, 0x66, 0x61, 0x72, 0x00, 0x09, 0x06, 0x66,
    0x69, 0x6c, 0x6c, 0x36, 0x34, 0x00, 0x0a, 0x0d, 0x63, 0x6f, 0x70, 0x79,
    0x5f, 0x62, 0x69, 0x67, 0x5f, 0x74, 0x6f, 0x5f, 0x31, 0x00, 0x0b, 0x06,
    0x76, 0x31, 0x32, 0x38, 0x5f, 0x31, 0x00, 0x0c, 0x0a, 0x84, 0x01, 0x0d,
    0x0c, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0a, 0x00, 0x01,
    0x0b, 0x07, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b, 0x08, 0x00, 0x20,
    0x00, 0x2d, 0x40, 0x01, 0x00, 0x0b, 0x0a, 0x00, 0x20, 0x00, 0x20, 0x01,
    0x36, 0x42, 0x01, 0x04, 0x0b, 0x04, 0x00, 0x3f, 0x01, 0x0b, 0x06, 0x00,
    0x20, 0x00, 0x40, 0x01, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x40, 0x02, 0x0b,
    0x0a, 0x00, 0x20, 0x00, 0x20, 0x01, 0x37, 0x43, 0x02, 0x00, 0x0b, 0x08,
    0x00, 0x20, 0x00, 0x29, 0x43, 0x02, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00,
    0x29, 0x43, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b, 0x0b, 0x00, 0x20,
    0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0b, 0x02, 0x0b, 0x0c, 0x00, 0x20,
    0x00, 0x20, 0x01, 0x20, 0x02, 0xfc, 0x0a, 0x01, 0x02, 0x0b, 0x0c, 0x00,
    0x20, 0x00, 0xfd, 0x00, 0x44, 0x01, 0x00, 0xfd, 0x1d, 0x00, 0x0b, 0x0b,
    0x0c, 0x01, 0x02, 0x01, 0x41, 0x10, 0x0b, 0x05, 0x68, 0x65, 0x6c, 0x6c,
    0x6f
};

/* The vector memory instructions on a 64-bit memory that is not memory 0,
 * `wat2wasm --enable-multi-memory --enable-memory64` of:
 *
 * (module
 *   (memory $a 1)
 *   (memory $b i64 1)
 *   (data (memory $b) (i64.const 8) "\01\02\03\04\05\06\07\08")
 *   (func (export "lane") (param i64) (result i32)
 *     (v128.load8_lane $b 3 (local.get 0) (v128.const i64x2 0 0))
 *     i8x16.extract_lane_u 3)
 *   (func (export "store_lane") (param i64) (result i32)
 *     (v128.store16_lane $b 1 (local.get 0) (v128.const i16x8 0 0xabcd 0 0 0 0 0 0))
 *     (i32.load16_u $b (local.get 0)))
 *   (func (export "splat") (param i64) (result i32)
 *     (v128.load32_splat $b (local.get 0)) i32x4.extract_lane 3)
 *   (func (export "zero") (param i64) (result i64)
 *     (v128.load64_zero $b (local.get 0)) i64x2.extract_lane 1)
 *   (func (export "ext") (param i64) (result i32)
 *     (v128.load8x8_u $b (local.get 0)) i16x8.extract_lane_u 7))
 */
static const unsigned char simd_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60,
    0x01, 0x7e, 0x01, 0x7f, 0x60, 0x01, 0x7e, 0x01, 0x7e, 0x03, 0x06, 0x05,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x05, 0x02, 0x00, 0x01, 0x04, 0x01,
    0x07, 0x2a, 0x05, 0x04, 0x6c, 0x61, 0x6e, 0x65, 0x00, 0x00, 0x0a, 0x73,
    0x74, 0x6f, 0x72, 0x65, 0x5f, 0x6c, 0x61, 0x6e, 0x65, 0x00, 0x01, 0x05,
    0x73, 0x70, 0x6c, 0x61, 0x74, 0x00, 0x02, 0x04, 0x7a, 0x65, 0x72, 0x6f,
    0x00, 0x03, 0x03, 0x65, 0x78, 0x74, 0x00, 0x04, 0x0a, 0x6b, 0x05, 0x1f,
    0x00, 0x20, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x54, 0x40,
    0x01, 0x00, 0x03, 0xfd, 0x16, 0x03, 0x0b, 0x22, 0x00, 0x20, 0x00, 0xfd,
    0x0c, 0x00, 0x00, 0xcd, 0xab, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x59, 0x41, 0x01, 0x00, 0x01, 0x20,
    0x00, 0x2f, 0x41, 0x01, 0x00, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0xfd, 0x09,
    0x42, 0x01, 0x00, 0xfd, 0x1b, 0x03, 0x0b, 0x0c, 0x00, 0x20, 0x00, 0xfd,
    0x5d, 0x43, 0x01, 0x00, 0xfd, 0x1d, 0x01, 0x0b, 0x0c, 0x00, 0x20, 0x00,
    0xfd, 0x02, 0x43, 0x01, 0x00, 0xfd, 0x19, 0x07, 0x0b, 0x0b, 0x0f, 0x01,
    0x02, 0x01, 0x42, 0x08, 0x0b, 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
    0x07, 0x08
};

typedef struct fixture {
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *mod;
	wexec_instance *inst;
} fixture;

static bool setup_module(fixture *f, const uint8_t *bytes, size_t len)
{
	wexec_error err = WEXEC_ERROR_INIT;
	memset(f, 0, sizeof *f);
	f->store = wexec_store_new(NULL);
	f->linker = wexec_linker_new(f->store);
	return f->linker &&
	       wexec_module_new(bytes, len, &f->mod, &err) == WEXEC_OK &&
	       wexec_linker_instantiate(f->linker, f->mod, &f->inst, &err) ==
	           WEXEC_OK;
}

static bool setup(fixture *f)
{
	return setup_module(f, mm_wasm, sizeof mm_wasm);
}

static void teardown(fixture *f)
{
	wexec_linker_free(f->linker);
	wexec_store_free(f->store);
	wexec_module_free(f->mod);
}

/* Calls export `name`; the trap, or WEXEC_TRAP_NONE, goes to *trap. */
static wexec_status call(fixture *f, const char *name, const wexec_val *args,
                         size_t nargs, wexec_val *r, wexec_trap *trap)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_func *fn = wexec_instance_func(f->inst, name);
	wexec_functype t = {0};
	if (fn)
		wexec_func_type(fn, &t);
	wexec_status st = wexec_func_call(fn, args, nargs, r, t.nresults, &err);
	if (trap)
		*trap = st == WEXEC_ERR_TRAP ? err.trap : WEXEC_TRAP_NONE;
	return st;
}

static int32_t call_i32(fixture *f, const char *name, int32_t a)
{
	wexec_val arg = wexec_val_i32(a), r = wexec_val_i32(-999);
	CHECK(call(f, name, &arg, 1, &r, NULL) == WEXEC_OK);
	return r.of.i32;
}

static int32_t size1(fixture *f)
{
	wexec_val r = wexec_val_i32(-999);
	CHECK(call(f, "size1", NULL, 0, &r, NULL) == WEXEC_OK);
	return r.of.i32;
}

static void test_two_memories(void)
{
	fixture f;
	wexec_trap trap;
	CHECK(setup(&f));
	if (!f.inst)
		goto out;
	/* "hello" lies at 16 of memory 1 only. */
	CHECK(call_i32(&f, "load1", 16) == 'h' && call_i32(&f, "load0", 0) == 0);
	wexec_val copy[3] = {wexec_val_i32(0), wexec_val_i32(16),
	                     wexec_val_i32(5)};
	CHECK(call(&f, "copy01", copy, 3, NULL, NULL) == WEXEC_OK);
	CHECK(call_i32(&f, "load0", 0) == 'h' && call_i32(&f, "load0", 4) == 'o');
	/* Each range is checked against its own memory: 2 pages in 1. */
	copy[1] = wexec_val_i32(2 * 65536 - 2);
	CHECK(call(&f, "copy01", copy, 3, NULL, &trap) == WEXEC_ERR_TRAP &&
	      trap == WEXEC_TRAP_MEMORY_OOB);
	wexec_val st[2] = {wexec_val_i32(0), wexec_val_i32(0x11223344)};
	CHECK(call(&f, "store1", st, 2, NULL, NULL) == WEXEC_OK);
	CHECK(call_i32(&f, "load1", 4) == 0x44 && call_i32(&f, "load0", 4) == 'o');
	wexec_val v = wexec_val_i32(4), r;
	CHECK(call(&f, "v128_1", &v, 1, &r, NULL) == WEXEC_OK &&
	      (uint64_t)r.of.i64 == 0x11223344u);
	/* The last 4 bytes of memory 1, then one byte past them. */
	st[0] = wexec_val_i32(2 * 65536 - 8);
	CHECK(call(&f, "store1", st, 2, NULL, NULL) == WEXEC_OK);
	st[0] = wexec_val_i32(2 * 65536 - 7);
	CHECK(call(&f, "store1", st, 2, NULL, &trap) == WEXEC_ERR_TRAP &&
	      trap == WEXEC_TRAP_MEMORY_OOB);
	CHECK(size1(&f) == 2);
	CHECK(call_i32(&f, "grow1", 2) == 2 && size1(&f) == 4);
	CHECK(call_i32(&f, "grow1", 1) == -1);
	CHECK(wexec_memory_pages(wexec_instance_memory(f.inst, "m1")) == 4);
	/* By index, exported or not. */
	CHECK(wexec_instance_memory_count(f.inst) == 3);
	CHECK(wexec_instance_memory_at(f.inst, 1) ==
	      wexec_instance_memory(f.inst, "m1"));
	CHECK(wexec_memory_data(wexec_instance_memory_at(f.inst, 0))[0] == 'h');
	CHECK(wexec_instance_memory_at(f.inst, 3) == NULL);
	/* From the 64-bit memory into memory 1: an i64 source, i32 length. */
	wexec_val c2[3] = {wexec_val_i32(100), wexec_val_i64(0),
	                   wexec_val_i32(8)};
	uint8_t *big = wexec_memory_data(wexec_instance_memory(f.inst, "big"));
	if (big)
		memcpy(big, "64-bit!", 8);
	CHECK(call(&f, "copy_big_to_1", c2, 3, NULL, NULL) == WEXEC_OK);
	CHECK(call_i32(&f, "load1", 100) == '6' && call_i32(&f, "load1", 106) == '!');
out:
	teardown(&f);
}

static void test_memory64(void)
{
	fixture f;
	wexec_trap trap;
	wexec_val a[3], r;
	CHECK(setup(&f));
	if (!f.inst)
		goto out;
	wexec_limits lim;
	wexec_memory_type(wexec_instance_memory(f.inst, "big"), &lim);
	CHECK(lim.is64 && lim.min == 1 && !lim.has_max);
	/* An address whose sum with the offset 0xffffffff carries past
	 * 2^64 lands on no byte of any memory. */
	a[0] = wexec_val_i64((int64_t)0xffffffffffffff00u);
	CHECK(call(&f, "load64_far", a, 1, &r, &trap) == WEXEC_ERR_TRAP &&
	      trap == WEXEC_TRAP_MEMORY_OOB);
	a[0] = wexec_val_i64(65536 - 8);
	a[1] = wexec_val_i64(0x0102030405060708);
	CHECK(call(&f, "store64", a, 2, NULL, NULL) == WEXEC_OK);
	CHECK(call(&f, "load64", a, 1, &r, NULL) == WEXEC_OK &&
	      r.of.i64 == 0x0102030405060708);
	a[0] = wexec_val_i64(65536 - 7);
	CHECK(call(&f, "load64", a, 1, &r, &trap) == WEXEC_ERR_TRAP &&
	      trap == WEXEC_TRAP_MEMORY_OOB);
	/* fill: i64 destination and length. */
	a[0] = wexec_val_i64(10);
	a[1] = wexec_val_i32(0x5a);
	a[2] = wexec_val_i64(65536);
	CHECK(call(&f, "fill64", a, 3, NULL, &trap) == WEXEC_ERR_TRAP &&
	      trap == WEXEC_TRAP_MEMORY_OOB);

	/* Past 4 GiB: 65536 more pages. */
	a[0] = wexec_val_i64(65536);
	CHECK(call(&f, "grow64", a, 1, &r, NULL) == WEXEC_OK);
	if (r.of.i64 == -1) {
		SKIP("memory64 above 4 GiB",
		     "the host refused 4 GiB more for the memory");
		goto out;
	}
	CHECK(r.of.i64 == 1);
	const uint64_t high = ((uint64_t)1 << 32) + 24;
	a[0] = wexec_val_i64((int64_t)high);
	a[1] = wexec_val_i64(-2);
	CHECK(call(&f, "store64", a, 2, NULL, NULL) == WEXEC_OK);
	CHECK(call(&f, "load64", a, 1, &r, NULL) == WEXEC_OK && r.of.i64 == -2);
	/* Not at the address's low 32 bits. */
	a[0] = wexec_val_i64(24);
	CHECK(call(&f, "load64", a, 1, &r, NULL) == WEXEC_OK && r.of.i64 == 0);
	a[0] = wexec_val_i64((int64_t)(65537ull * 65536 - 8));
	CHECK(call(&f, "load64", a, 1, &r, NULL) == WEXEC_OK);
	a[0] = wexec_val_i64((int64_t)(65537ull * 65536 - 4));
	CHECK(call(&f, "load64", a, 1, &r, &trap) == WEXEC_ERR_TRAP &&
	      trap == WEXEC_TRAP_MEMORY_OOB);
out:
	teardown(&f);
}

static int64_t call_i64(fixture *f, const char *name, int64_t a,
                        wexec_trap *trap)
{
	wexec_val arg = wexec_val_i64(a), r = wexec_val_i64(-999);
	call(f, name, &arg, 1, &r, trap);
	return r.type == WEXEC_I32 ? r.of.i32 : r.of.i64;
}

/* Lane loads and stores, splats, zero-extending and widening loads go
 * through MEM_AT like scalar ones, and trap at the memory's end. */
static void test_vectors(void)
{
	fixture f;
	wexec_trap trap;
	CHECK(setup_module(&f, simd_wasm, sizeof simd_wasm));
	if (!f.inst)
		goto out;
	CHECK(call_i64(&f, "lane", 8, &trap) == 1 && trap == WEXEC_TRAP_NONE);
	CHECK(call_i64(&f, "store_lane", 100, &trap) == 0xabcd);
	CHECK(call_i64(&f, "splat", 8, &trap) == 0x04030201);
	CHECK(call_i64(&f, "zero", 8, &trap) == 0);
	CHECK(call_i64(&f, "ext", 8, &trap) == 8);
	call_i64(&f, "ext", 65530, &trap);
	CHECK(trap == WEXEC_TRAP_MEMORY_OOB);
	call_i64(&f, "lane", 65536, &trap);
	CHECK(trap == WEXEC_TRAP_MEMORY_OOB);
	call_i64(&f, "store_lane", 65535, &trap);
	CHECK(trap == WEXEC_TRAP_MEMORY_OOB);
out:
	teardown(&f);
}

/* The features an embedder may leave out reject the module as 2.0 does. */
static void test_features(void)
{
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	/* memory.copy's second memory index is not a zero byte. */
	CHECK(wexec_module_new_features(mm_wasm, sizeof mm_wasm,
	                                WEXEC_FEATURE_MEMORY64, &m,
	                                &err) == WEXEC_ERR_MALFORMED);
	CHECK(strstr(err.message, "zero byte expected") == err.message);
	wexec_error_clear(&err);
	CHECK(wexec_module_new_features(mm_wasm, sizeof mm_wasm,
	                                WEXEC_FEATURE_MULTI_MEMORY, &m,
	                                &err) == WEXEC_ERR_MALFORMED);
	CHECK(strstr(err.message, "integer too large (memory64") == err.message);
	wexec_error_clear(&err);
	CHECK(m == NULL);
	CHECK(wexec_module_new_features(mm_wasm, sizeof mm_wasm,
	                                WEXEC_FEATURES_ALL, &m,
	                                &err) == WEXEC_OK);
	wexec_module_free(m);

	/* A 64-bit memory made by the host, and the import rule: the
	 * address types must agree. */
	wexec_store *s = wexec_store_new(NULL);
	wexec_limits l64 = {1, 0, false, true};
	wexec_memory *mem = NULL;
	CHECK(wexec_memory_new(s, &l64, &mem, &err) == WEXEC_OK);
	wexec_limits got;
	wexec_memory_type(mem, &got);
	CHECK(got.is64 && got.min == 1);
	wexec_error_clear(&err);
	wexec_limits l32big = {65537, 0, false, false};
	CHECK(wexec_memory_new(s, &l32big, &mem, &err) == WEXEC_ERR_ARGUMENT);
	wexec_store_free(s);
}

/* A module of n memories of one page without a maximum, each of which
 * would reserve 4 GiB of address space. */
static uint8_t *many_memories(uint32_t n, size_t *len)
{
	static const uint8_t hdr[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 5};
	uint32_t body = 3 + 2 * n; /* a 3-byte LEB128 count, then entries */
	uint8_t *b = malloc(sizeof hdr + 3 + body);
	size_t at = sizeof hdr;
	if (!b)
		return NULL;
	memcpy(b, hdr, sizeof hdr);
	b[at++] = (uint8_t)(0x80 | (body & 0x7f));
	b[at++] = (uint8_t)(0x80 | ((body >> 7) & 0x7f));
	b[at++] = (uint8_t)(body >> 14);
	b[at++] = (uint8_t)(0x80 | (n & 0x7f));
	b[at++] = (uint8_t)(0x80 | ((n >> 7) & 0x7f));
	b[at++] = (uint8_t)(n >> 14);
	for (uint32_t i = 0; i < n; i++) {
		b[at++] = 0x00; /* no maximum */
		b[at++] = 0x01; /* one page */
	}
	*len = at;
	return b;
}

/* Thousands of memories reserve no more than the process's share of
 * address space (16 TiB, memory.c); the rest map exactly their pages and
 * still work, and a freed store gives its share back. */
static void test_many_memories(void)
{
	const uint32_t n = 5000;
	size_t len = 0;
	uint8_t *bytes = many_memories(n, &len);
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(bytes && wexec_module_new(bytes, len, &m, &err) == WEXEC_OK);
	for (int round = 0; round < 2 && m; round++) {
		wexec_store *s = wexec_store_new(NULL);
		wexec_linker *l = wexec_linker_new(s);
		wexec_instance *inst = NULL;
		CHECK(wexec_linker_instantiate(l, m, &inst, &err) == WEXEC_OK);
		if (inst) {
			wexec_memory *first = wexec_instance_memory_at(inst, 0);
			wexec_memory *last = wexec_instance_memory_at(inst, n - 1);
			CHECK(first->reserved && !last->reserved);
			uint64_t old = 0;
			uint8_t byte = 0;
			CHECK(wexec_memory_grow(last, 3, &old, &err) == WEXEC_OK &&
			      old == 1);
			CHECK(wexec_memory_write(last, 4 * 65536 - 1, "x", 1,
			                         &err) == WEXEC_OK);
			CHECK(wexec_memory_read(last, 4 * 65536 - 1, &byte, 1,
			                        &err) == WEXEC_OK &&
			      byte == 'x');
		}
		wexec_linker_free(l);
		wexec_store_free(s);
	}
	wexec_module_free(m);
	free(bytes);
}

int main(void)
{
	RUN(test_two_memories);
	RUN(test_memory64);
	RUN(test_vectors);
	RUN(test_features);
	RUN(test_many_memories);
	return unit_report();
}
