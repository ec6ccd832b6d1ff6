/*
 * test_read_instr.c - wx_read_instr's short path (a one-byte opcode with no
 * immediate, or with an index, an i32.const, a memarg or a blocktype of a
 * byte or two) against the general one, wx_read_instr_any, which reads
 * every instruction (spec: binary/instructions.rst): on random bytes, and
 * on the edges where the short path must step aside or sign-extend (the
 * last four bytes of the input, the sign of an i32.const of one to
 * three bytes, four-byte indices and offsets, a memory index flag, a blocktype that is
 * a vector, a reference or a type index, a failed reader).
 * Both must agree on the result, the position, the error and every field.
 */
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "unit.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

/* Reads buf[0..n) once each way, from the same start; true when the two
 * agree. */
static bool agree(const uint8_t *buf, size_t n, uint32_t features,
                  bool failed)
{
	wexec_error e1 = WEXEC_ERROR_INIT, e2 = WEXEC_ERROR_INIT;
	wx_reader r1, r2;
	wx_instr a, b;
	wx_reader_init(&r1, buf, 0, n, &e1);
	wx_reader_init(&r2, buf, 0, n, &e2);
	r1.features = r2.features = features;
	r1.failed = r2.failed = failed;
	memset(&a, 0xA5, sizeof a);
	memset(&b, 0xA5, sizeof b);
	bool ok1 = wx_read_instr(&r1, &a), ok2 = wx_read_instr_any(&r2, &b);
	if (ok1 != ok2 || r1.pos != r2.pos || r1.failed != r2.failed ||
	    e1.status != e2.status || strcmp(e1.message, e2.message) != 0)
		return false;
	if (!ok1)
		return true;
	return a.op == b.op && a.pos == b.pos && a.x == b.x && a.y == b.y &&
	       a.align == b.align && a.offset == b.offset &&
	       a.lane == b.lane && a.count == b.count && a.list == b.list &&
	       a.type == b.type && a.blockkind == b.blockkind &&
	       a.bits[0] == b.bits[0] && a.bits[1] == b.bits[1];
}

static void test_random(void)
{
	int differ = 0, short_ok = 0;
	for (int t = 0; t < 300000; t++) {
		uint8_t buf[8];
		size_t n = 1 + next32() % 7;
		for (size_t i = 0; i < n; i++) {
			uint32_t v = next32();
			/* Half the immediates small, where the short path
			 * applies. */
			buf[i] = (uint8_t)(i > 0 && (v & 0x100) ? v % 0x48 : v);
		}
		uint32_t features = next32() % 4;
		if (!agree(buf, n, features, false))
			differ++;
		else if (n >= 5)
			short_ok++;
	}
	CHECK(differ == 0);
	CHECK(short_ok > 100000);
}

static void test_edges(void)
{
	/* Six bytes (zeros after those given), so that the short path may
	 * take them. */
	static const struct {
		uint8_t bytes[6];
		size_t n;
	} cases[] = {
	    {{0x6A, 0x0B}, 6},                   /* i32.add */
	    {{0x20, 0x05, 0x0B}, 6},             /* local.get 5 */
	    {{0x20, 0x85, 0x01, 0x0B}, 6},       /* local.get 133 */
	    {{0x10, 0x85, 0x81, 0x01, 0x0B}, 6}, /* call 16517: three */
	    {{0x10, 0x85, 0x81, 0x81, 0x01}, 6}, /* four bytes */
	    {{0x20, 0x05, 0x0B, 0x0B}, 4},       /* four bytes left */
	    {{0x41, 0x3F, 0x0B}, 6},             /* i32.const 63 */
	    {{0x41, 0x40, 0x0B}, 6},             /* i32.const -64 */
	    {{0x41, 0x7F, 0x0B}, 6},             /* i32.const -1 */
	    {{0x41, 0x80, 0x01, 0x0B}, 6},       /* i32.const 128 */
	    {{0x41, 0x80, 0x40, 0x0B}, 6},       /* i32.const -8192 */
	    {{0x41, 0xFF, 0x3F, 0x0B}, 6},       /* i32.const 8191 */
	    {{0x41, 0x80, 0x80, 0x01, 0x0B}, 6}, /* i32.const 16384 */
	    {{0x41, 0x80, 0x80, 0x40, 0x0B}, 6}, /* i32.const -1048576 */
	    {{0x41, 0x80, 0x80, 0x80, 0x01}, 6}, /* four bytes */
	    {{0x28, 0x02, 0x10, 0x0B}, 6},       /* i32.load align=4 off=16 */
	    {{0x28, 0x42, 0x01, 0x10, 0x0B}, 6}, /* memory 1's flag */
	    {{0x28, 0x02, 0x90, 0x01, 0x0B}, 6}, /* offset 144 */
	    {{0x28, 0x02, 0x90, 0x81, 0x01}, 6}, /* offset 16528 */
	    {{0x28, 0x02, 0x90, 0x81, 0x81, 0x01}, 6}, /* four bytes */
	    {{0x02, 0x40, 0x0B}, 6},             /* block */
	    {{0x03, 0x7F, 0x0B}, 6},             /* loop (result i32) */
	    {{0x04, 0x7B, 0x0B}, 6},             /* if (result v128) */
	    {{0x02, 0x70, 0x0B}, 6},             /* block (result funcref) */
	    {{0x02, 0x05, 0x0B}, 6},             /* block (type 5) */
	    {{0x06, 0x0B}, 6},                   /* no opcode 0x06 */
	    {{0xFC, 0x00, 0x0B}, 6},             /* prefixed */
	    {{0xFF, 0x00, 0x0B}, 6},             /* no prefix 0xFF */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (uint32_t f = 0; f < 4; f++) {
			CHECK(agree(cases[i].bytes, cases[i].n, f, false));
			CHECK(agree(cases[i].bytes, cases[i].n, f, true));
		}
	/* The values themselves, not only agreement. */
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	wx_instr in;
	wx_reader_init(&r, (const uint8_t *)"\x41\x40\x0B\x0B\x0B", 0, 5, &err);
	CHECK(wx_read_instr(&r, &in) && in.op == WX_OP_I32_CONST &&
	      in.bits[0] == 0xFFFFFFC0u && r.pos == 2);
	wx_reader_init(&r, (const uint8_t *)"\x41\x80\x40\x0B\x0B", 0, 5, &err);
	CHECK(wx_read_instr(&r, &in) && in.bits[0] == 0xFFFFE000u &&
	      r.pos == 3);
	wx_reader_init(&r, (const uint8_t *)"\x41\x80\x80\x40\x0B", 0, 5, &err);
	CHECK(wx_read_instr(&r, &in) && in.bits[0] == 0xFFF00000u &&
	      r.pos == 4);
	wx_reader_init(&r, (const uint8_t *)"\x28\x02\x90\x01\x0B", 0, 5, &err);
	CHECK(wx_read_instr(&r, &in) && in.op == WX_OP_I32_LOAD &&
	      in.align == 2 && in.offset == 144 && in.x == 0 && r.pos == 4);
	/* A failed reader reads nothing. */
	wx_reader_init(&r, (const uint8_t *)"\x6A\x0B\x0B\x0B\x0B", 0, 5, &err);
	r.failed = true;
	CHECK(!wx_read_instr(&r, &in) && r.pos == 0);
}

int main(void)
{
	RUN(test_random);
	RUN(test_edges);
	return unit_report();
}
