/*
 * test_scan_pool.c - the pre-pass of translation (compile.c, scan_pool),
 * which steps over most instructions' immediates through a table instead
 * of decoding them: behind every kind of instruction it leaves to the
 * full reader (br_table, select t*, a prefixed opcode, two LEB128s, a
 * ten-byte i64.const, a memarg with a memory index) it must still find
 * the float constants of a loop for the pool, and the accesses at a
 * constant address, or to another memory, that need the zero slot; also
 * in a body's last bytes, which the reader takes, and in the table's own
 * path (h's padding keeps its accesses out of the last bytes). The zero
 * slot shows in what a function zeroes on entry (and a missed one for
 * another memory fails an assertion of the translator); the pool in the
 * code's first cells. test_skim_agrees holds the table's steps to the
 * reader, on every one-byte opcode and on random bytes. The module
 * (wat2wasm --enable-multi-memory):
 *
 * (module
 *   (memory $m0 1)
 *   (memory $m1 16)
 *   (table 2 funcref)
 *   (type $t (func (param i32) (result i32)))
 *   (func $id (type $t) (local.get 0))
 *   (elem (i32.const 0) $id $id)
 *   (func (export "f") (param $n i32) (result f64)
 *     (local $x f64) (local $y f32) (local $i i64)
 *     (local.set $y (f32.const 1))
 *     (block $b0 (block $b1 (br_table $b0 $b1 $b0 (local.get $n))))
 *     (drop (select (result i32) (i32.const 1) (i32.const 2) (local.get $n)))
 *     (memory.fill (i32.const 64) (i32.const 7) (i32.const 8))
 *     (drop (call_indirect (type $t) (i32.const 5) (i32.const 1)))
 *     (local.set $i (i64.const 0x7fffffffffffffff))
 *     (i32.store $m1 offset=1000000 (i32.const 0) (i32.const 9))
 *     (loop $l
 *       (local.set $x (f64.add (local.get $x) (f64.const 1.25)))
 *       (local.set $y (f32.mul (local.get $y) (f32.const 0.5)))
 *       (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
 *     (f64.add
 *       (f64.add (local.get $x) (f64.promote_f32 (local.get $y)))
 *       (f64.convert_i32_u (i32.load8_u (i32.const 64)))))
 *   (func (export "g") (result i32)
 *     (i32.add (i32.load offset=60 (i32.const 4)) (i32.const 9)))
 *   (func (export "k") (param $p i32) (result i32)
 *     (i32.load $m1 offset=1000000 (local.get $p)))
 *   (func (export "h") (param $v i32) (result i32)
 *     (nop) ...twenty times
 *     (i32.store offset=4 (i32.const 8) (local.get $v))
 *     (nop) ...twenty times
 *     (i32.load offset=12 (i32.and (local.get $v) (i32.const 0)))
 *     (nop) ...twenty times))
 */
#include <stdint.h>
#include <string.h>

#include "code.h"
#include "compile_impl.h"
#include "decode.h"
#include "fixture.h"
#include "opcodes.h"
#include "unit.h"

static const uint8_t scan_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x03, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01, 0x7c, 0x60, 0x00, 0x01,
    0x7f, 0x03, 0x06, 0x05, 0x00, 0x01, 0x02, 0x00, 0x00, 0x04, 0x04, 0x01,
    0x70, 0x00, 0x02, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x10, 0x07, 0x11,
    0x04, 0x01, 0x66, 0x00, 0x01, 0x01, 0x67, 0x00, 0x02, 0x01, 0x6b, 0x00,
    0x03, 0x01, 0x68, 0x00, 0x04, 0x09, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b,
    0x02, 0x00, 0x00, 0x0a, 0xed, 0x01, 0x05, 0x04, 0x00, 0x20, 0x00, 0x0b,
    0x81, 0x01, 0x03, 0x01, 0x7c, 0x01, 0x7d, 0x01, 0x7e, 0x43, 0x00, 0x00,
    0x80, 0x3f, 0x21, 0x02, 0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0e, 0x02,
    0x01, 0x00, 0x01, 0x0b, 0x0b, 0x41, 0x01, 0x41, 0x02, 0x20, 0x00, 0x1c,
    0x01, 0x7f, 0x1a, 0x41, 0xc0, 0x00, 0x41, 0x07, 0x41, 0x08, 0xfc, 0x0b,
    0x00, 0x41, 0x05, 0x41, 0x01, 0x11, 0x00, 0x00, 0x1a, 0x42, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x21, 0x03, 0x41, 0x00,
    0x41, 0x09, 0x36, 0x42, 0x01, 0xc0, 0x84, 0x3d, 0x03, 0x40, 0x20, 0x01,
    0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf4, 0x3f, 0xa0, 0x21, 0x01,
    0x20, 0x02, 0x43, 0x00, 0x00, 0x00, 0x3f, 0x94, 0x21, 0x02, 0x20, 0x00,
    0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x20, 0x02,
    0xbb, 0xa0, 0x41, 0xc0, 0x00, 0x2d, 0x00, 0x00, 0xb8, 0xa0, 0x0b, 0x0a,
    0x00, 0x41, 0x04, 0x28, 0x02, 0x3c, 0x41, 0x09, 0x6a, 0x0b, 0x0a, 0x00,
    0x20, 0x00, 0x28, 0x42, 0x01, 0xc0, 0x84, 0x3d, 0x0b, 0x4d, 0x00, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x41, 0x08, 0x20, 0x00, 0x36,
    0x02, 0x04, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x20, 0x00,
    0x41, 0x00, 0x71, 0x28, 0x02, 0x0c, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x0b
};

/* Whether function `funcidx` of m writes the pool ahead of its body, that
 * is before its first instruction that is no constant (f's br_table): a
 * cell holding f64 bits `d` (CONST64's k) and one holding f32 bits `s`
 * (CONST32's k, alone or as a pair's half). */
static bool writes_pool_first(const wexec_module *m, uint32_t funcidx,
                              uint64_t d, uint32_t s)
{
	const void *const *h = wx_interp_handlers();
	wexec_error err = WEXEC_ERROR_INIT;
	wx_code *code = NULL;
	bool saw_d = false, saw_s = false;
	if (!h || wx_compile_func((const wx_module *)m, funcidx, &code,
	                          &err) != WEXEC_OK)
		return false;
	for (size_t at = 0; at < code->ncells;) {
		int i = 0;
		while (i < WX_I_COUNT && h[i] != code->cells[at].h)
			i++;
		if (i >= WX_I_COUNT || i == WX_I_BR_TABLE)
			break;
		for (size_t k = at + 1; k < at + wx_icode_cells[i]; k++) {
			saw_d |= code->cells[k].u64 == d;
			saw_s |= code->cells[k].s.b == s;
		}
		at += wx_icode_cells[i];
	}
	return saw_d && saw_s;
}

/* Whether function `funcidx` of m has the zero slot: it zeroes a slot on
 * entry although none of the function's locals is read before set. */
static bool has_zero_slot(const wexec_module *m, uint32_t funcidx)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_code *code = NULL;
	return wx_compile_func((const wx_module *)m, funcidx, &code, &err) ==
	           WEXEC_OK &&
	       code->nzero_slots > 0;
}

static void test_scan_pool(void)
{
	unit_fixture fx;
	if (!unit_fixture_new(&fx, scan_wasm, sizeof scan_wasm))
		goto done;
	static const struct {
		int32_t n;
		double want;
	} cases[] = {{1, 1.25 + 0.5 + 7},
	             {3, 3.75 + 0.125 + 7},
	             {10, 12.5 + 1.0 / 1024 + 7}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		wexec_val arg = wexec_val_i32(cases[i].n);
		wexec_val r = unit_call1(fx.inst, "f", &arg, NULL);
		CHECK(r.type == WEXEC_F64 && r.of.f64 == cases[i].want);
	}
	/* f filled bytes 64..71 with 7 and stored 9 in the other memory. */
	wexec_val r = unit_call1(fx.inst, "g", NULL, NULL);
	CHECK(r.type == WEXEC_I32 && (uint32_t)r.of.i32 == 0x07070707u + 9u);
	wexec_val zero = wexec_val_i32(0);
	r = unit_call1(fx.inst, "k", &zero, NULL);
	CHECK(r.type == WEXEC_I32 && r.of.i32 == 9);
	wexec_val v = wexec_val_i32(0x12345678);
	r = unit_call1(fx.inst, "h", &v, NULL);
	CHECK(r.type == WEXEC_I32 && r.of.i32 == 0x12345678);
	/* g's load (2) and h's store (4) are at constant addresses, in the
	 * reader's path and the table's; k's load (3) is from the other
	 * memory; $id (0) accesses none. */
	CHECK(has_zero_slot(fx.mod, 2));
	CHECK(has_zero_slot(fx.mod, 3));
	CHECK(has_zero_slot(fx.mod, 4));
	CHECK(!has_zero_slot(fx.mod, 0));
	/* The loop's two constants went to the pool, written once ahead
	 * (threaded code only: the test reads handlers). */
	if (wx_interp_handlers()) {
		float half = 0.5f;
		double five4 = 1.25;
		uint32_t sbits;
		uint64_t dbits;
		memcpy(&sbits, &half, sizeof sbits);
		memcpy(&dbits, &five4, sizeof dbits);
		CHECK(writes_pool_first(fx.mod, 1, dbits, sbits));
	}
done:
	unit_fixture_free(&fx);
}

/* ---------------------------------------------------------------- the
 * skim against the reader: wherever the table steps over an instruction
 * the reader accepts, both must end it at the same byte. */

static uint64_t rng = 0x2545F4914F6CDD1Du;

static uint32_t next32(void)
{
	rng = unit_xorshift(rng);
	return (uint32_t)(rng >> 11);
}

/* Random immediates of kind imm, well formed, of every length. */
static size_t put_immediates(uint8_t *p, wx_imm imm)
{
	size_t n = 0;
	switch (imm) {
	case WX_IMM_BLOCKTYPE:
		switch (next32() % 3) {
		case 0:
			p[n++] = 0x40;
			break;
		case 1:
			p[n++] = (uint8_t)(0x7C + next32() % 4);
			break;
		default:
			n += unit_put_uleb(p, next32() % 64, 1 + next32() % 5);
		}
		break;
	case WX_IMM_CALL_INDIRECT:
		n += unit_put_uleb(p, next32(), 5);
		n += unit_put_uleb(p + n, next32() % 128, 1 + next32() % 2);
		break;
	case WX_IMM_MEMARG:
		if (next32() % 4 == 0) { /* a memory index */
			p[n++] = (uint8_t)(0x40 | next32() % 4);
			n += unit_put_uleb(p + n, next32() % 3, 1);
		} else {
			p[n++] = (uint8_t)(next32() % 4);
		}
		n += unit_put_uleb(p + n, next32(), 1 + next32() % 5);
		break;
	case WX_IMM_I32:
		n += unit_put_uleb(p, next32() % 64, 1 + next32() % 5);
		break;
	case WX_IMM_I64:
		n += unit_put_uleb(p, next32() % 64, 1 + next32() % 10);
		break;
	case WX_IMM_F32:
		for (int i = 0; i < 4; i++)
			p[n++] = (uint8_t)next32();
		break;
	case WX_IMM_F64:
		for (int i = 0; i < 8; i++)
			p[n++] = (uint8_t)next32();
		break;
	case WX_IMM_REFTYPE:
		p[n++] = next32() % 2 ? 0x70 : 0x6F;
		break;
	default: /* an index */
		n += unit_put_uleb(p, next32() % 100, 1 + next32() % 5);
	}
	return n;
}

/* Whether the skim and the reader agree on the instruction at buf[0]. */
static bool skim_agrees(const uint8_t *buf, size_t len, bool *stepped)
{
	wexec_error e = WEXEC_ERROR_INIT;
	wx_reader r;
	wx_instr in;
	size_t next = wx_compile_skim(buf, 0, len);
	wx_reader_init(&r, buf, 0, len, &e);
	r.features = WEXEC_FEATURES_ALL;
	*stepped = next != 0;
	if (!wx_read_instr_any(&r, &in))
		return true; /* not an instruction: outside the skim's contract */
	return next == 0 || next == r.pos;
}

static void test_skim_agrees(void)
{
	uint8_t buf[64];
	unsigned stepped_count = 0, wrong = 0;
	/* Every one-byte opcode with immediates of every length. */
	for (int round = 0; round < 400; round++)
		for (unsigned b = 0; b < 0xFC; b++) {
			if (!wx_opcode_map[b])
				continue;
			wx_imm imm = wx_opinfo_table[wx_opcode_map[b] - 1].imm;
			memset(buf, 0x01, sizeof buf); /* nops after it */
			buf[0] = (uint8_t)b;
			put_immediates(buf + 1, imm);
			bool stepped;
			wrong += !skim_agrees(buf, sizeof buf, &stepped);
			stepped_count += stepped;
		}
	CHECK(wrong == 0);
	CHECK(stepped_count > 0);
	/* Random bytes. */
	for (int i = 0; i < 200000; i++) {
		for (size_t k = 0; k < sizeof buf; k++)
			buf[k] = (uint8_t)next32();
		bool stepped;
		wrong += !skim_agrees(buf, 16 + next32() % 48, &stepped);
	}
	CHECK(wrong == 0);
	/* Fewer than 16 bytes left: always the reader's. */
	memset(buf, 0x01, sizeof buf);
	CHECK(wx_compile_skim(buf, 0, 15) == 0);
	CHECK(wx_compile_skim(buf, 0, 16) == 1);
}

int main(void)
{
	RUN(test_scan_pool);
	RUN(test_skim_agrees);
	return unit_report();
}
