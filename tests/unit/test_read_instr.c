/*
 * test_read_instr.c - wx_read_instr's short path (a one-byte opcode with no
 * immediate, or with an index, a constant, a memarg or a blocktype of up
 * to five bytes) against the general one, wx_read_instr_any, which reads
 * every instruction (spec: binary/instructions.rst): on random bytes, and
 * on the edges where the short path must step aside or sign-extend: the
 * last six bytes of the input; the sign of an i32.const or i64.const of
 * one to five bytes, and the bits an i32's fifth byte may hold; indices
 * and offsets padded to five bytes, too large or too long; a memory index
 * flag; a blocktype that is a vector, a reference or a type index; a
 * failed reader.
 * Both must agree on the result, the position, the error and every field.
 */
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "unit.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next32(void)
{
	rng = unit_xorshift(rng);
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
		uint8_t buf[10];
		size_t n = 1 + next32() % 10;
		for (size_t i = 0; i < n; i++) {
			uint32_t v = next32();
			/* Half the immediates small, where the short path
			 * applies. */
			buf[i] = (uint8_t)(i > 0 && (v & 0x100) ? v % 0x48
			                   : i > 0 && (v & 0x200) ? 0x80 | v
			                                          : v);
		}
		uint32_t features = next32() % 4;
		if (!agree(buf, n, features, false))
			differ++;
		else if (n >= 7)
			short_ok++;
	}
	CHECK(differ == 0);
	CHECK(short_ok > 100000);
}

/* Reads one instruction of `len` bytes followed by `end`s, seven bytes in
 * all; the reader's position after it in *pos. */
static bool read7(const char *bytes, size_t len, wx_instr *in, size_t *pos)
{
	static uint8_t buf[7];
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	memset(buf, 0x0B, sizeof buf);
	memcpy(buf, bytes, len);
	wx_reader_init(&r, buf, 0, sizeof buf, &err);
	bool ok = wx_read_instr(&r, in);
	*pos = r.pos;
	return ok;
}

static void test_edges(void)
{
	/* Eight bytes (zeros after those given), so that the short path
	 * may take them. */
	static const struct {
		uint8_t bytes[8];
		size_t n;
	} cases[] = {
	    {{0x6A, 0x0B}, 8},                         /* i32.add */
	    {{0x20, 0x05}, 8},                         /* local.get 5 */
	    {{0x20, 0x85, 0x01}, 8},                   /* local.get 133 */
	    {{0x10, 0x85, 0x81, 0x01}, 8},             /* call 16517 */
	    {{0x10, 0x85, 0x80, 0x80, 0x80, 0x00}, 8}, /* call 5, padded */
	    {{0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 8}, /* call 2^32 - 1 */
	    {{0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 8}, /* too large */
	    {{0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 8}, /* too long */
	    {{0x20, 0x05, 0x0B, 0x0B, 0x0B, 0x0B}, 6}, /* six bytes left */
	    {{0x41, 0x3F}, 8},                         /* i32.const 63 */
	    {{0x41, 0x40}, 8},                         /* i32.const -64 */
	    {{0x41, 0x7F}, 8},                         /* i32.const -1 */
	    {{0x41, 0x80, 0x01}, 8},                   /* i32.const 128 */
	    {{0x41, 0x80, 0x40}, 8},                   /* i32.const -8192 */
	    {{0x41, 0xFF, 0x3F}, 8},                   /* i32.const 8191 */
	    {{0x41, 0x80, 0x80, 0x40}, 8},             /* -1048576 */
	    {{0x41, 0x80, 0x80, 0x80, 0x40}, 8},       /* -2^27 */
	    {{0x41, 0x80, 0x80, 0x80, 0x80, 0x78}, 8}, /* INT32_MIN */
	    {{0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07}, 8}, /* INT32_MAX */
	    {{0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 8}, /* too large */
	    {{0x41, 0x80, 0x80, 0x80, 0x80, 0x70}, 8}, /* too large */
	    {{0x41, 0x85, 0x80, 0x80, 0x80, 0x00}, 8}, /* 5, padded */
	    {{0x42, 0x7F}, 8},                         /* i64.const -1 */
	    {{0x42, 0x80, 0x80, 0x80, 0x80, 0x70}, 8}, /* -2^32 */
	    {{0x42, 0x80, 0x80, 0x80, 0x80, 0x10}, 8}, /* 2^32 */
	    {{0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 8}, /* 2^35 */
	    {{0x28, 0x02, 0x10}, 8},                   /* align=4 offset=16 */
	    {{0x28, 0x42, 0x01, 0x10}, 8},             /* memory 1's flag */
	    {{0x28, 0x02, 0x90, 0x01}, 8},             /* offset 144 */
	    {{0x28, 0x02, 0x90, 0x81, 0x01}, 8},       /* offset 16528 */
	    {{0x28, 0x02, 0x90, 0x80, 0x80, 0x80, 0x00}, 8}, /* padded */
	    {{0x28, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 8}, /* 2^33 - 1 */
	    {{0x02, 0x40}, 8},                         /* block */
	    {{0x03, 0x7F}, 8},                         /* loop (result i32) */
	    {{0x04, 0x7B}, 8},                         /* if (result v128) */
	    {{0x02, 0x70}, 8},                         /* block (result funcref) */
	    {{0x02, 0x05}, 8},                         /* block (type 5) */
	    {{0x06, 0x0B}, 8},                         /* no opcode 0x06 */
	    {{0xFC, 0x00}, 8},                         /* prefixed */
	    {{0xFF, 0x00}, 8},                         /* no prefix 0xFF */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (uint32_t f = 0; f < 4; f++) {
			CHECK(agree(cases[i].bytes, cases[i].n, f, false));
			CHECK(agree(cases[i].bytes, cases[i].n, f, true));
		}
	/* The values themselves, not only agreement. */
	wx_instr in;
	size_t pos;
	CHECK(read7("\x41\x40", 2, &in, &pos) && in.op == WX_OP_I32_CONST &&
	      in.bits[0] == 0xFFFFFFC0u && pos == 2);
	CHECK(read7("\x41\x80\x40", 3, &in, &pos) &&
	      in.bits[0] == 0xFFFFE000u && pos == 3);
	CHECK(read7("\x41\x80\x80\x40", 4, &in, &pos) &&
	      in.bits[0] == 0xFFF00000u && pos == 4);
	CHECK(read7("\x41\x80\x80\x80\x80\x78", 6, &in, &pos) &&
	      in.bits[0] == 0x80000000u && pos == 6);
	CHECK(read7("\x42\x80\x80\x80\x80\x70", 6, &in, &pos) &&
	      in.op == WX_OP_I64_CONST && in.bits[0] == 0xFFFFFFFF00000000u);
	CHECK(read7("\x10\x85\x80\x80\x80\x00", 6, &in, &pos) &&
	      in.op == WX_OP_CALL && in.x == 5 && pos == 6);
	CHECK(read7("\x28\x02\x90\x01", 4, &in, &pos) &&
	      in.op == WX_OP_I32_LOAD && in.align == 2 && in.offset == 144 &&
	      in.x == 0 && pos == 4);
	/* A failed reader reads nothing. */
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	wx_reader_init(&r, (const uint8_t *)"\x6A\x0B\x0B\x0B\x0B\x0B\x0B", 0,
	               7, &err);
	r.failed = true;
	CHECK(!wx_read_instr(&r, &in) && r.pos == 0);
}

int main(void)
{
	RUN(test_random);
	RUN(test_edges);
	return unit_report();
}
