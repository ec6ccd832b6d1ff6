/*
 * test_mul_mm.c - a product of two values loaded one after the other is
 * one instruction that does both loads (I32_MUL_MM16S with the loads'
 * offsets, I32_MUL_MMK16S with address adds that wrap modulo 2^32, and
 * the same for i32.load16_u and i32.load): extended as the load does,
 * trapping when either load is out of bounds. Not when the first value
 * is also kept in a local, nor when the two loads' forms differ. The
 * module is wat2wasm of:
 *
 * (module
 *   (memory 1)
 *   (data (i32.const 0) "\05\00")
 *   (data (i32.const 16) "\01\00\ff\ff\00\80\ff\7f\34\12")
 *   (func (export "mm") (param i32 i32) (result i32)
 *     local.get 0 i32.load16_s offset=2 local.get 1 i32.load16_s offset=4
 *     i32.mul)
 *   (func (export "mmk") (param i32 i32) (result i32)
 *     local.get 0 i32.const 2 i32.add i32.load16_s
 *     local.get 1 i32.const 4 i32.add i32.load16_s i32.mul)
 *   (func (export "kept") (param i32 i32) (result i32) (local i32)
 *     local.get 0 i32.load16_s local.tee 2 local.get 1 i32.load16_s
 *     i32.mul local.get 2 i32.add)
 *   (func (export "mixed") (param i32 i32) (result i32)
 *     local.get 0 i32.load16_s offset=2
 *     local.get 1 i32.const 4 i32.add i32.load16_s i32.mul)
 *   (func (export "dot") (param i32 i32 i32) (result i32) (local i32)
 *     loop
 *       local.get 0 i32.load16_s local.get 1 i32.load16_s i32.mul
 *       local.get 3 i32.add local.set 3
 *       local.get 0 i32.const 2 i32.add local.set 0
 *       local.get 1 i32.const 2 i32.add local.set 1
 *       local.get 2 i32.const 1 i32.sub local.tee 2
 *       br_if 0
 *     end
 *     local.get 3)
 *   (func (export "mm16u") (param i32 i32) (result i32)
 *     (as "mm" with i32.load16_u))
 *   (func (export "mmk16u") (param i32 i32) (result i32)
 *     (as "mmk" with i32.load16_u))
 *   (func (export "mm32") (param i32 i32) (result i32)
 *     (as "mm" with i32.load))
 *   (func (export "mmk32") (param i32 i32) (result i32)
 *     (as "mmk" with i32.load)))
 */
#include <stdint.h>

#include "code.h"
#include "fixture.h"
#include "unit.h"
#include "wexec.h"

static const uint8_t mm_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x02, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
    0x03, 0x0a, 0x09, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x41, 0x09, 0x02, 0x6d, 0x6d, 0x00,
    0x00, 0x03, 0x6d, 0x6d, 0x6b, 0x00, 0x01, 0x04, 0x6b, 0x65, 0x70, 0x74,
    0x00, 0x02, 0x05, 0x6d, 0x69, 0x78, 0x65, 0x64, 0x00, 0x03, 0x03, 0x64,
    0x6f, 0x74, 0x00, 0x04, 0x05, 0x6d, 0x6d, 0x31, 0x36, 0x75, 0x00, 0x05,
    0x06, 0x6d, 0x6d, 0x6b, 0x31, 0x36, 0x75, 0x00, 0x06, 0x04, 0x6d, 0x6d,
    0x33, 0x32, 0x00, 0x07, 0x05, 0x6d, 0x6d, 0x6b, 0x33, 0x32, 0x00, 0x08,
    0x0a, 0xbe, 0x01, 0x09, 0x0d, 0x00, 0x20, 0x00, 0x2e, 0x01, 0x02, 0x20,
    0x01, 0x2e, 0x01, 0x04, 0x6c, 0x0b, 0x13, 0x00, 0x20, 0x00, 0x41, 0x02,
    0x6a, 0x2e, 0x01, 0x00, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x2e, 0x01, 0x00,
    0x6c, 0x0b, 0x14, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x2e, 0x01, 0x00, 0x22,
    0x02, 0x20, 0x01, 0x2e, 0x01, 0x00, 0x6c, 0x20, 0x02, 0x6a, 0x0b, 0x10,
    0x00, 0x20, 0x00, 0x2e, 0x01, 0x02, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x2e,
    0x01, 0x00, 0x6c, 0x0b, 0x30, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x00,
    0x2e, 0x01, 0x00, 0x20, 0x01, 0x2e, 0x01, 0x00, 0x6c, 0x20, 0x03, 0x6a,
    0x21, 0x03, 0x20, 0x00, 0x41, 0x02, 0x6a, 0x21, 0x00, 0x20, 0x01, 0x41,
    0x02, 0x6a, 0x21, 0x01, 0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x0d,
    0x00, 0x0b, 0x20, 0x03, 0x0b, 0x0d, 0x00, 0x20, 0x00, 0x2f, 0x01, 0x02,
    0x20, 0x01, 0x2f, 0x01, 0x04, 0x6c, 0x0b, 0x13, 0x00, 0x20, 0x00, 0x41,
    0x02, 0x6a, 0x2f, 0x01, 0x00, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x2f, 0x01,
    0x00, 0x6c, 0x0b, 0x0d, 0x00, 0x20, 0x00, 0x28, 0x02, 0x02, 0x20, 0x01,
    0x28, 0x02, 0x04, 0x6c, 0x0b, 0x13, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6a,
    0x28, 0x02, 0x00, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x28, 0x02, 0x00, 0x6c,
    0x0b, 0x0b, 0x17, 0x02, 0x00, 0x41, 0x00, 0x0b, 0x02, 0x05, 0x00, 0x00,
    0x41, 0x10, 0x0b, 0x0a, 0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f,
    0x34, 0x12,
};

static wexec_module *mod;
static wexec_instance *inst;

/* Calls export `name` with i32 arguments; the result, or the trap in
 * *trap (WEXEC_TRAP_NONE when it returned). */
static int32_t call(const char *name, uint32_t x, uint32_t y, uint32_t z,
                    wexec_trap *trap)
{
	wexec_val args[3] = {wexec_val_i32((int32_t)x),
	                     wexec_val_i32((int32_t)y),
	                     wexec_val_i32((int32_t)z)};
	return unit_call1(inst, name, args, trap).of.i32;
}

static int32_t value(const char *name, uint32_t x, uint32_t y)
{
	wexec_trap trap;
	int32_t r = call(name, x, y, 0, &trap);
	CHECK(trap == WEXEC_TRAP_NONE);
	return r;
}

static wexec_trap trap_of(const char *name, uint32_t x, uint32_t y)
{
	wexec_trap trap;
	call(name, x, y, 0, &trap);
	return trap;
}

static void test_forms(void)
{
	CHECK(unit_code_has(mod, 0, WX_I_I32_MUL_MM16S, true));
	CHECK(unit_code_has(mod, 1, WX_I_I32_MUL_MMK16S, true));
	/* The kept value needs its own load; mixed forms fuse one load. */
	CHECK(!unit_code_has(mod, 2, WX_I_I32_MUL_MM16S, false));
	CHECK(!unit_code_has(mod, 3, WX_I_I32_MUL_MM16S, false) &&
	      !unit_code_has(mod, 3, WX_I_I32_MUL_MMK16S, false) &&
	      unit_code_has(mod, 3, WX_I_I32_MUL_MK16S, false));
	CHECK(unit_code_has(mod, 4, WX_I_I32_MUL_MM16S, false));
	CHECK(unit_code_has(mod, 5, WX_I_I32_MUL_MM16U, true));
	CHECK(unit_code_has(mod, 6, WX_I_I32_MUL_MMK16U, true));
	CHECK(unit_code_has(mod, 7, WX_I_I32_MUL_MM, true));
	CHECK(unit_code_has(mod, 8, WX_I_I32_MUL_MMK, true));
}

static void test_values(void)
{
	/* Memory 16.. holds the shorts 1, -1, -32768, 32767, 0x1234, and
	 * 0.. the short 5. */
	static const struct {
		uint32_t at;
		int32_t v;
	} shorts[] = {{16, 1}, {18, -1}, {20, -32768}, {22, 32767},
	              {24, 0x1234}, {0, 5}, {2, 0}};
	const size_t n = sizeof shorts / sizeof *shorts;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			uint32_t a = shorts[i].at, b = shorts[j].at;
			int32_t want = (int32_t)((uint32_t)shorts[i].v *
			                         (uint32_t)shorts[j].v);
			/* Below the offsets, only the adds reach them. */
			if (a >= 2 && b >= 4)
				CHECK(value("mm", a - 2, b - 4) == want);
			if (a >= 2)
				CHECK(value("mixed", a - 2, b - 4) == want);
			CHECK(value("mmk", a - 2, b - 4) == want);
			CHECK(value("kept", a, b) ==
			      (int32_t)((uint32_t)want +
			                (uint32_t)shorts[i].v));
		}
	/* Unsigned halves and words, read from the same bytes. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			uint32_t a = shorts[i].at, b = shorts[j].at;
			uint32_t x = (uint16_t)shorts[i].v,
			         y = (uint16_t)shorts[j].v;
			if (a >= 2 && b >= 4)
				CHECK(value("mm16u", a - 2, b - 4) ==
				      (int32_t)(x * y));
			CHECK(value("mmk16u", a - 2, b - 4) ==
			      (int32_t)(x * y));
		}
	/* Words at 16 and 20: 0xffff0001 and 0x7fff8000. */
	CHECK(value("mm32", 14, 16) ==
	      (int32_t)(0xffff0001u * 0x7fff8000u));
	CHECK(value("mmk32", 14, 16) ==
	      (int32_t)(0xffff0001u * 0x7fff8000u));
	CHECK(value("mmk32", 0xFFFFFFFEu, 0xFFFFFFFCu) == 25);
	/* 1*-1 + -1*-32768 + -32768*32767 + 32767*0x1234 */
	wexec_trap trap;
	CHECK(call("dot", 16, 18, 4, &trap) ==
	      (int32_t)(-1 + 32768 - 32768 * 32767 + 32767 * 0x1234));
	CHECK(trap == WEXEC_TRAP_NONE);
}

static void test_bounds(void)
{
	/* Adds wrap: 0xFFFFFFFE + 2 is address 0, which holds 5. */
	CHECK(value("mmk", 0xFFFFFFFEu, 0xFFFFFFFCu) == 25);
	CHECK(value("mmk", 0xFFFFFFFEu, 14) == -5);
	/* Offsets do not: the same addresses are out of bounds. */
	CHECK(trap_of("mm", 0xFFFFFFFEu, 14) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mm", 14, 0xFFFFFFFCu) == WEXEC_TRAP_MEMORY_OOB);
	/* Either load, at the memory's last byte. */
	CHECK(trap_of("mm", 65535 - 2, 14) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mm", 14, 65535 - 4) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mmk", 65535 - 2, 14) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mmk", 14, 65535 - 4) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(value("mm", 65534 - 2, 65534 - 4) == 0);
	CHECK(value("mmk", 65534 - 2, 65534 - 4) == 0);
	CHECK(trap_of("mm16u", 14, 65535 - 4) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mmk16u", 65535 - 2, 14) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mm32", 65533 - 2, 14) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(trap_of("mmk32", 14, 65533 - 4) == WEXEC_TRAP_MEMORY_OOB);
	CHECK(value("mm32", 65532 - 2, 65532 - 4) == 0);
	CHECK(value("mmk32", 65532 - 2, 65532 - 4) == 0);
}

int main(void)
{
	unit_fixture fx;
	if (unit_fixture_new(&fx, mm_wasm, sizeof mm_wasm)) {
		mod = fx.mod;
		inst = fx.inst;
		RUN(test_forms);
		RUN(test_values);
		RUN(test_bounds);
	}
	unit_fixture_free(&fx);
	return unit_report();
}
