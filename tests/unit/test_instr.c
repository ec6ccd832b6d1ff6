/*
 * test_instr.c - the one instruction reader, wx_read_instr
 * (spec: binary/instructions.rst): every opcode of the table read back
 * with sample immediates of its kind (multi-byte LEB128s, the longest
 * prefixed sub-opcodes), the fields each kind fills, every truncation
 * and the malformed errors with their offsets. The lists of legal
 * encodings below are written from the spec, not from opcodes.def, so a
 * row with a wrong code or a missing row shows up as a difference.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "unit.h"

static wexec_error err;
static wx_reader r;

/* Reads one instruction from buf[start, end); the reader keeps the
 * position for the caller to inspect. */
static bool read_at(const uint8_t *buf, size_t start, size_t end,
                    wx_instr *in)
{
	wexec_error_clear(&err);
	wx_reader_init(&r, buf, start, end, &err);
	memset(in, 0xA5, sizeof *in); /* no field is zero by accident */
	return wx_read_instr(&r, in);
}

#define READ(lit, in) \
	read_at((const uint8_t *)(lit), 0, sizeof(lit) - 1, (in))

/* Expects reading the bytes of `lit` to fail with exactly `msg`. */
#define BAD(lit, msg)                                                        \
	do {                                                                 \
		wx_instr bad_in;                                             \
		CHECK(!READ(lit, &bad_in));                                  \
		CHECK(r.failed && err.status == WEXEC_ERR_MALFORMED);        \
		CHECK_STR(err.message, msg);                                 \
	} while (0)

/* Expects the bytes of `lit` to read as opcode `op`, all of them. */
#define GOOD(lit, op_, in)                                                   \
	do {                                                                 \
		CHECK(READ(lit, (in)));                                      \
		CHECK((in)->op == (op_) && (in)->pos == 0);                  \
		CHECK(r.pos == sizeof(lit) - 1 && !r.failed);                \
	} while (0)

/* ---------------------------------------------------------------- encoding */

static size_t put_uleb(uint8_t *b, size_t n, uint64_t v)
{
	do {
		uint8_t byte = v & 0x7F;
		v >>= 7;
		b[n++] = (uint8_t)(byte | (v ? 0x80 : 0));
	} while (v);
	return n;
}

static size_t put_sleb(uint8_t *b, size_t n, int64_t v)
{
	for (;;) {
		uint8_t byte = (uint8_t)(v & 0x7F);
		v >>= 7; /* arithmetic in gcc and clang */
		if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
			b[n++] = byte;
			return n;
		}
		b[n++] = byte | 0x80;
	}
}

/* A u32 padded to the full five bytes, as the spec allows. */
static size_t put_u32_5(uint8_t *b, size_t n, uint32_t v)
{
	for (int i = 0; i < 4; i++, v >>= 7)
		b[n++] = (uint8_t)(0x80 | (v & 0x7F));
	b[n++] = (uint8_t)v;
	return n;
}

/* The sample immediates every row is encoded with. */
#define S_IDX      624485u           /* E5 8E 26 */
#define S_TYPEIDX  300               /* s33: AC 02 */
#define S_ALIGN    3u
#define S_OFFSET   0xFFFFFFFFu       /* FF FF FF FF 0F */
#define S_LANE     13u
#define S_I32      (-123456)
#define S_I64      (INT64_MIN + 5)

/* What encode() wrote, for checking the fields and the truncations. */
typedef struct enc {
	uint8_t b[64];
	size_t len;
	size_t fixed;    /* start of a fixed-width field (f32, f64, 16 bytes) */
	size_t list;     /* br_table: offset of the label vector */
} enc;

/* Encodes row `op` with the sample immediates; `long_sub` writes a
 * prefixed sub-opcode as a five-byte LEB128. */
static void encode(wx_opcode op, bool long_sub, enc *e)
{
	const wx_opinfo *info = &wx_opinfo_table[op];
	uint8_t *b = e->b;
	size_t n = 0;

	e->fixed = SIZE_MAX;
	e->list = 0;
	if (info->prefix) {
		b[n++] = info->prefix;
		n = long_sub ? put_u32_5(b, n, info->code)
		             : put_uleb(b, n, info->code);
	} else {
		b[n++] = (uint8_t)info->code;
	}
	switch (info->imm) {
	case WX_IMM_NONE:
		break;
	case WX_IMM_BLOCKTYPE:
		n = put_sleb(b, n, S_TYPEIDX);
		break;
	case WX_IMM_LABEL:
	case WX_IMM_FUNC:
	case WX_IMM_LOCAL:
	case WX_IMM_GLOBAL:
	case WX_IMM_TABLE:
	case WX_IMM_DATA:
	case WX_IMM_ELEM:
		n = put_uleb(b, n, S_IDX);
		break;
	case WX_IMM_BR_TABLE:
		n = put_uleb(b, n, 2);
		e->list = n;
		n = put_uleb(b, n, 130);
		n = put_uleb(b, n, 1);
		n = put_uleb(b, n, 70000);
		break;
	case WX_IMM_CALL_INDIRECT:
	case WX_IMM_ELEM_TABLE:
	case WX_IMM_TABLE_TABLE:
		n = put_uleb(b, n, 200);
		n = put_uleb(b, n, 3);
		break;
	case WX_IMM_MEMARG:
		n = put_uleb(b, n, S_ALIGN);
		n = put_uleb(b, n, S_OFFSET);
		break;
	case WX_IMM_MEMARG_LANE:
		n = put_uleb(b, n, 1);
		n = put_uleb(b, n, 129);
		b[n++] = S_LANE;
		break;
	case WX_IMM_LANE:
		b[n++] = S_LANE;
		break;
	case WX_IMM_MEMIDX:
		b[n++] = 0;
		break;
	case WX_IMM_DATA_MEMIDX:
		n = put_uleb(b, n, 129);
		b[n++] = 0;
		break;
	case WX_IMM_MEMIDX_MEMIDX:
		b[n++] = 0;
		b[n++] = 0;
		break;
	case WX_IMM_I32:
		n = put_sleb(b, n, S_I32);
		break;
	case WX_IMM_I64:
		n = put_sleb(b, n, S_I64);
		break;
	case WX_IMM_F32:
		e->fixed = n;
		memcpy(b + n, "\x01\x02\x03\x84", 4);
		n += 4;
		break;
	case WX_IMM_F64:
		e->fixed = n;
		memcpy(b + n, "\x01\x02\x03\x04\x05\x06\x07\x88", 8);
		n += 8;
		break;
	case WX_IMM_SELECT_T:
		n = put_uleb(b, n, 2);
		b[n++] = WX_V128;
		b[n++] = WX_I32;
		break;
	case WX_IMM_REFTYPE:
		b[n++] = WX_EXTERNREF;
		break;
	case WX_IMM_V128:
	case WX_IMM_SHUFFLE:
		e->fixed = n;
		for (int i = 0; i < 16; i++)
			b[n++] = (uint8_t)(0x10 + 7 * i);
		break;
	}
	e->len = n;
}

/* The fields the sample immediates must produce. */
static bool fields_ok(const wx_instr *in, const enc *e)
{
	switch (wx_opinfo_table[in->op].imm) {
	case WX_IMM_NONE:
		return true;
	case WX_IMM_BLOCKTYPE:
		return in->blockkind == 2 && in->x == S_TYPEIDX;
	case WX_IMM_LABEL:
	case WX_IMM_FUNC:
	case WX_IMM_LOCAL:
	case WX_IMM_GLOBAL:
	case WX_IMM_TABLE:
	case WX_IMM_DATA:
	case WX_IMM_ELEM:
		return in->x == S_IDX;
	case WX_IMM_BR_TABLE:
		return in->count == 2 && in->list == e->list && in->x == 70000;
	case WX_IMM_CALL_INDIRECT:
	case WX_IMM_ELEM_TABLE:
	case WX_IMM_TABLE_TABLE:
		return in->x == 200 && in->y == 3;
	case WX_IMM_MEMARG:
		return in->align == S_ALIGN && in->offset == S_OFFSET;
	case WX_IMM_MEMARG_LANE:
		return in->align == 1 && in->offset == 129 && in->lane == S_LANE;
	case WX_IMM_LANE:
		return in->lane == S_LANE;
	case WX_IMM_MEMIDX:
	case WX_IMM_MEMIDX_MEMIDX:
		return true;
	case WX_IMM_DATA_MEMIDX:
		return in->x == 129;
	case WX_IMM_I32:
		/* zero-extended */
		return in->bits[0] == (uint32_t)S_I32;
	case WX_IMM_I64:
		return in->bits[0] == (uint64_t)S_I64;
	case WX_IMM_F32:
		return in->bits[0] == 0x84030201u;
	case WX_IMM_F64:
		return in->bits[0] == 0x8807060504030201ull;
	case WX_IMM_SELECT_T:
		return in->count == 2 && in->type == WX_V128;
	case WX_IMM_REFTYPE:
		return in->type == WX_EXTERNREF;
	case WX_IMM_V128:
	case WX_IMM_SHUFFLE:
		/* bytes 0x10 + 7i, little-endian */
		return in->bits[0] == 0x413A332C251E1710ull &&
		       in->bits[1] == 0x79726B645D564F48ull;
	}
	return false;
}

/* ---------------------------------------------------------------- tests */

/* Every row reads back as itself with the fields of its kind, after
 * other bytes (pos and offsets are absolute) and before a byte that must
 * stay unread; prefixed rows also with the five-byte sub-opcode. Every
 * truncation fails with "unexpected end" where the bytes ran out: at
 * the cut for LEB128s and single bytes, at the start of the field (or of
 * its 4-byte half) for fixed-width ones. */
static void test_every_row(void)
{
	uint8_t buf[80];
	int bad_rows = 0, bad_cuts = 0;

	for (int op = 0; op < WX_OP_COUNT; op++) {
		for (int longsub = 0; longsub < 2; longsub++) {
			enc e;
			wx_instr in;
			if (longsub && !wx_opinfo_table[op].prefix)
				continue;
			encode((wx_opcode)op, longsub, &e);
			memcpy(buf, "\x01\x01\x01", 3);
			memcpy(buf + 3, e.b, e.len);
			buf[3 + e.len] = 0xFF; /* an illegal opcode */
			bool ok = read_at(buf, 3, e.len + 4, &in) &&
			          in.op == (wx_opcode)op && in.pos == 3 &&
			          r.pos == 3 + e.len;
			if (ok) {
				/* fields are checked on the bytes at offset 0 */
				ok = read_at(e.b, 0, e.len, &in) &&
				     in.op == (wx_opcode)op && fields_ok(&in, &e);
			}
			if (!ok) {
				bad_rows++;
				fprintf(stderr, "row %s (long %d): %s\n",
				        wx_opinfo_table[op].name, longsub,
				        err.message);
			}
			for (size_t cut = 1; cut < e.len; cut++) {
				char want[64];
				size_t at = cut;
				if (cut >= e.fixed) {
					at = e.fixed;
					if (wx_opinfo_table[op].imm == WX_IMM_F64 &&
					    cut >= e.fixed + 4)
						at = e.fixed + 4;
				}
				snprintf(want, sizeof want,
				         "unexpected end at offset %zu", at);
				if (read_at(e.b, 0, cut, &in) ||
				    strcmp(err.message, want) != 0) {
					bad_cuts++;
					fprintf(stderr, "%s cut at %zu: \"%s\", "
					        "want \"%s\"\n",
					        wx_opinfo_table[op].name, cut,
					        err.message, want);
				}
			}
		}
	}
	CHECK(bad_rows == 0);
	CHECK(bad_cuts == 0);
	/* The section's end-of-input wording is the reader's choice. */
	{
		wx_instr in;
		wexec_error_clear(&err);
		wx_reader_init(&r, (const uint8_t *)"\xfd\x0c\x00", 0, 3, &err);
		r.eof_message = WX_DECODE_EOF_IN_SECTION;
		CHECK(!wx_read_instr(&r, &in));
		CHECK_STR(err.message,
		          "unexpected end of section or function at offset 2");
	}
}

/* The legal encodings of Wasm 2.0, from the spec's tables: single bytes,
 * 0xFC sub-opcodes 0..17, 0xFD sub-opcodes 0..255 but for 20 reserved
 * holes. Everything else is an illegal opcode, named with its feature
 * when a later proposal owns it. */
static bool legal_single(uint32_t c)
{
	/* 0x12 and 0x13 are the tail calls (proposals/tail-call). */
	return c <= 0x05 || (c >= 0x0B && c <= 0x13) ||
	       (c >= 0x1A && c <= 0x1C) || (c >= 0x20 && c <= 0x26) ||
	       (c >= 0x28 && c <= 0xC4) || (c >= 0xD0 && c <= 0xD2);
}

static bool legal_fd(uint32_t c)
{
	static const uint8_t holes[] = {
	    0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB,
	    0xC2, 0xC5, 0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE};
	if (c > 0xFF)
		return false;
	for (size_t i = 0; i < sizeof holes; i++)
		if (holes[i] == c)
			return false;
	return true;
}

/* Reads prefix/code (the code as a LEB128 when prefixed) followed by
 * zeros; reports whether it was an instruction and the error message. */
static bool read_code(uint8_t prefix, uint32_t code, wx_instr *in)
{
	uint8_t b[32] = {0};
	size_t n = 0;
	if (prefix) {
		b[n++] = prefix;
		n = put_uleb(b, n, code);
	} else {
		b[n++] = (uint8_t)code;
	}
	/* Zeros make a well-formed immediate of every kind (index 0, an
	 * empty br_table or select t*, type index 0 as a blocktype) but a
	 * reference type. */
	if (prefix == 0 && code == 0xD0)
		b[n] = WX_FUNCREF;
	return read_at(b, 0, sizeof b, in);
}

static void test_opcode_space(void)
{
	wx_instr in;
	char want[96];
	int nsingle = 0, nfc = 0, nfd = 0, wrong = 0;

	for (uint32_t c = 0; c < 256; c++) {
		if (c == 0xFC || c == 0xFD)
			continue;
		bool ok = read_code(0, c, &in);
		if (ok != legal_single(c) ||
		    (ok && (wx_opinfo_table[in.op].prefix != 0 ||
		            wx_opinfo_table[in.op].code != c))) {
			wrong++;
			fprintf(stderr, "opcode 0x%02x: %s\n", c, err.message);
		}
		if (!ok) {
			const char *what = wx_opcode_proposal(0, c);
			int k = snprintf(want, sizeof want, "illegal opcode 0x%02x", c);
			if (what)
				k += snprintf(want + k, sizeof want - k, " (%s)", what);
			snprintf(want + k, sizeof want - k, " at offset 0");
			if (strcmp(err.message, want) != 0) {
				wrong++;
				fprintf(stderr, "got \"%s\", want \"%s\"\n",
				        err.message, want);
			}
		}
		nsingle += ok;
	}
	for (uint32_t c = 0; c < 0x130; c++) {
		bool ok = read_code(0xFC, c, &in);
		if (ok != (c <= 0x11) ||
		    (ok && (wx_opinfo_table[in.op].prefix != 0xFC ||
		            wx_opinfo_table[in.op].code != c)))
			wrong++;
		if (!ok) {
			snprintf(want, sizeof want,
			         "illegal opcode 0xfc 0x%02x at offset 0", c);
			if (strcmp(err.message, want) != 0)
				wrong++;
		}
		nfc += ok;
		ok = read_code(0xFD, c, &in);
		if (ok != legal_fd(c) ||
		    (ok && (wx_opinfo_table[in.op].prefix != 0xFD ||
		            wx_opinfo_table[in.op].code != c))) {
			wrong++;
			fprintf(stderr, "0xfd 0x%02x: %s\n", c, err.message);
		}
		if (!ok) {
			int k = snprintf(want, sizeof want,
			                 "illegal opcode 0xfd 0x%02x", c);
			if (c >= 0x100 && c <= 0x113)
				k += snprintf(want + k, sizeof want - k,
				              " (relaxed SIMD is not supported)");
			snprintf(want + k, sizeof want - k, " at offset 0");
			if (strcmp(err.message, want) != 0) {
				wrong++;
				fprintf(stderr, "got \"%s\", want \"%s\"\n",
				        err.message, want);
			}
		}
		nfd += ok;
	}
	CHECK(wrong == 0);
	CHECK(nsingle == 185);
	CHECK(nfc == 18);
	CHECK(nfd == 236);
}

/* A few rows by name, from the spec's encoding table. */
static void test_names(void)
{
	static const struct {
		uint8_t prefix;
		uint32_t code;
		const char *name;
	} rows[] = {
	    {0, 0x1C, "select"},  {0, 0x3F, "memory.size"},
	    {0, 0xC4, "i64.extend32_s"}, {0, 0xD1, "ref.is_null"},
	    {0xFC, 0x07, "i64.trunc_sat_f64_u"}, {0xFC, 0x11, "table.fill"},
	    {0xFD, 0x00, "v128.load"},  {0xFD, 0x0B, "v128.store"},
	    {0xFD, 0x0C, "v128.const"}, {0xFD, 0x0D, "i8x16.shuffle"},
	    {0xFD, 0x0E, "i8x16.swizzle"}, {0xFD, 0x14, "f64x2.splat"},
	    {0xFD, 0x15, "i8x16.extract_lane_s"},
	    {0xFD, 0x22, "f64x2.replace_lane"}, {0xFD, 0x4D, "v128.not"},
	    {0xFD, 0x52, "v128.bitselect"}, {0xFD, 0x53, "v128.any_true"},
	    {0xFD, 0x54, "v128.load8_lane"}, {0xFD, 0x5B, "v128.store64_lane"},
	    {0xFD, 0x5C, "v128.load32_zero"}, {0xFD, 0x5D, "v128.load64_zero"},
	    {0xFD, 0x5E, "f32x4.demote_f64x2_zero"},
	    {0xFD, 0x5F, "f64x2.promote_low_f32x4"},
	    {0xFD, 0x62, "i8x16.popcnt"}, {0xFD, 0x6B, "i8x16.shl"},
	    {0xFD, 0x6E, "i8x16.add"}, {0xFD, 0x71, "i8x16.sub"},
	    {0xFD, 0x82, "i16x8.q15mulr_sat_s"}, {0xFD, 0x8B, "i16x8.shl"},
	    {0xFD, 0x8E, "i16x8.add"}, {0xFD, 0x95, "i16x8.mul"},
	    {0xFD, 0x9B, "i16x8.avgr_u"}, {0xFD, 0xAB, "i32x4.shl"},
	    {0xFD, 0xAE, "i32x4.add"}, {0xFD, 0xB1, "i32x4.sub"},
	    {0xFD, 0xB5, "i32x4.mul"}, {0xFD, 0xBA, "i32x4.dot_i16x8_s"},
	    {0xFD, 0xCB, "i64x2.shl"}, {0xFD, 0xCD, "i64x2.shr_u"},
	    {0xFD, 0xD6, "i64x2.eq"}, {0xFD, 0xDB, "i64x2.ge_s"},
	    {0xFD, 0xE4, "f32x4.add"}, {0xFD, 0xE6, "f32x4.mul"},
	    {0xFD, 0xF0, "f64x2.add"}, {0xFD, 0xF1, "f64x2.sub"},
	    {0xFD, 0xFF, "f64x2.convert_low_i32x4_u"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		wx_opcode op = wx_opcode_lookup(rows[i].prefix, rows[i].code);
		CHECK(op != WX_OP_COUNT);
		if (op != WX_OP_COUNT)
			CHECK_STR(wx_opinfo_table[op].name, rows[i].name);
	}
}

/* Hand-written encodings of each immediate kind: edge values and the
 * malformed errors, with their offsets. */
static void test_blocktype(void)
{
	wx_instr in;
	GOOD("\x02\x40", WX_OP_BLOCK, &in);
	CHECK(in.blockkind == 0);
	GOOD("\x03\x7b", WX_OP_LOOP, &in);
	CHECK(in.blockkind == 1 && in.type == WX_V128);
	GOOD("\x04\x6f", WX_OP_IF, &in);
	CHECK(in.blockkind == 1 && in.type == WX_EXTERNREF);
	GOOD("\x02\x00", WX_OP_BLOCK, &in);
	CHECK(in.blockkind == 2 && in.x == 0);
	GOOD("\x02\x3f", WX_OP_BLOCK, &in);
	CHECK(in.blockkind == 2 && in.x == 63);
	GOOD("\x02\x80\x01", WX_OP_BLOCK, &in);
	CHECK(in.blockkind == 2 && in.x == 128);
	/* Zero padding up to the five bytes of an s33. */
	GOOD("\x02\x85\x80\x80\x80\x00", WX_OP_BLOCK, &in);
	CHECK(in.blockkind == 2 && in.x == 5);
	GOOD("\x02\xff\xff\xff\xff\x0f", WX_OP_BLOCK, &in);
	CHECK(in.blockkind == 2 && in.x == UINT32_MAX);
	/* 2^32 is past the largest s33, 2^32 - 1. */
	BAD("\x02\x80\x80\x80\x80\x10", "integer too large at offset 5");

	BAD("\x02", "unexpected end at offset 1");
	BAD("\x02\x80", "unexpected end at offset 2");
	BAD("\x02\x7a", "malformed value type at offset 1");
	BAD("\x04\x41", "malformed value type at offset 1");
	BAD("\x02\xff\x7f", "malformed value type at offset 1");
	BAD("\x02\x80\x80\x80\x80\x70", "malformed value type at offset 1");
	BAD("\x02\x80\x80\x80\x80\x20", "integer too large at offset 5");
	BAD("\x02\x80\x80\x80\x80\x80\x00",
	    "integer representation too long at offset 5");
}

static void test_indices(void)
{
	wx_instr in;
	GOOD("\x0c\x00", WX_OP_BR, &in);
	CHECK(in.x == 0);
	GOOD("\x0d\x7f", WX_OP_BR_IF, &in);
	CHECK(in.x == 127);
	GOOD("\x10\x80\x01", WX_OP_CALL, &in);
	CHECK(in.x == 128);
	GOOD("\x20\xff\xff\xff\xff\x0f", WX_OP_LOCAL_GET, &in);
	CHECK(in.x == UINT32_MAX);
	GOOD("\x24\x80\x80\x80\x80\x00", WX_OP_GLOBAL_SET, &in);
	CHECK(in.x == 0);
	GOOD("\xd2\x05", WX_OP_REF_FUNC, &in);
	CHECK(in.x == 5);
	GOOD("\x25\x02", WX_OP_TABLE_GET, &in);
	CHECK(in.x == 2);
	GOOD("\xfc\x10\x09", WX_OP_TABLE_SIZE, &in);
	CHECK(in.x == 9);
	GOOD("\xfc\x09\x81\x01", WX_OP_DATA_DROP, &in);
	CHECK(in.x == 129);
	GOOD("\xfc\x0d\x04", WX_OP_ELEM_DROP, &in);
	CHECK(in.x == 4);
	BAD("\x20", "unexpected end at offset 1");
	BAD("\x21\x80\x80", "unexpected end at offset 3");
	BAD("\x22\xff\xff\xff\xff\x1f", "integer too large at offset 5");
	BAD("\x23\x80\x80\x80\x80\x80\x00",
	    "integer representation too long at offset 5");

	/* Two indices. */
	GOOD("\x11\x05\x00", WX_OP_CALL_INDIRECT, &in);
	CHECK(in.x == 5 && in.y == 0);
	GOOD("\x11\x00\x81\x02", WX_OP_CALL_INDIRECT, &in);
	CHECK(in.x == 0 && in.y == 257);
	GOOD("\xfc\x0c\x07\x02", WX_OP_TABLE_INIT, &in);
	CHECK(in.x == 7 && in.y == 2);   /* elemidx, tableidx */
	GOOD("\xfc\x0e\x01\x02", WX_OP_TABLE_COPY, &in);
	CHECK(in.x == 1 && in.y == 2);   /* destination, source */
	BAD("\x11\x05", "unexpected end at offset 2");
	BAD("\xfc\x0c\x07", "unexpected end at offset 3");
	BAD("\xfc\x0e\x01\xff\xff\xff\xff\x7f", "integer too large at offset 7");

	/* br_table: labels, then the default in x. */
	GOOD("\x0e\x00\x04", WX_OP_BR_TABLE, &in);
	CHECK(in.count == 0 && in.list == 2 && in.x == 4);
	GOOD("\x0e\x03\x01\x80\x01\x02\x83\x01", WX_OP_BR_TABLE, &in);
	CHECK(in.count == 3 && in.list == 2 && in.x == 131);
	BAD("\x0e", "unexpected end at offset 1");
	BAD("\x0e\x02\x01\x02", "unexpected end at offset 4");
	/* A hostile count stops where the bytes do. */
	BAD("\x0e\xff\xff\xff\xff\x0f\x00\x00", "unexpected end at offset 8");
	BAD("\x0e\x01\x00\x80\x80\x80\x80\x80\x00",
	    "integer representation too long at offset 7");
}

static void test_memory_immediates(void)
{
	wx_instr in;
	GOOD("\x28\x02\x10", WX_OP_I32_LOAD, &in);
	CHECK(in.align == 2 && in.offset == 16);
	GOOD("\x36\x80\x01\xff\xff\xff\xff\x0f", WX_OP_I32_STORE, &in);
	CHECK(in.align == 128 && in.offset == 0xFFFFFFFFu);
	GOOD("\xfd\x00\x04\x80\x01", WX_OP_V128_LOAD, &in);
	CHECK(in.align == 4 && in.offset == 128);
	GOOD("\xfd\x0b\x00\x00", WX_OP_V128_STORE, &in);
	CHECK(in.align == 0 && in.offset == 0);
	GOOD("\xfd\x5d\x03\x08", WX_OP_V128_LOAD64_ZERO, &in);
	CHECK(in.align == 3 && in.offset == 8);
	BAD("\x28", "unexpected end at offset 1");
	BAD("\x28\x02", "unexpected end at offset 2");
	BAD("\xfd\x00\x04\x80", "unexpected end at offset 4");
	/* The offset is a u32 in 2.0. */
	BAD("\x28\x02\xff\xff\xff\xff\x1f", "integer too large at offset 6");
	BAD("\x28\x80\x80\x80\x80\x80\x00\x00",
	    "integer representation too long at offset 5");

	/* memarg + lane: the lane is a byte, not a LEB128. */
	GOOD("\xfd\x54\x00\x08\x0f", WX_OP_V128_LOAD8_LANE, &in);
	CHECK(in.align == 0 && in.offset == 8 && in.lane == 15);
	GOOD("\xfd\x5b\x03\xe5\x8e\x26\x01", WX_OP_V128_STORE64_LANE, &in);
	CHECK(in.align == 3 && in.offset == 624485 && in.lane == 1);
	GOOD("\xfd\x55\x01\x00\x80", WX_OP_V128_LOAD16_LANE, &in);
	CHECK(in.lane == 0x80);
	BAD("\xfd\x54\x00\x00", "unexpected end at offset 4");
	BAD("\xfd\x57\x03", "unexpected end at offset 3");

	/* Lane indices: one byte, any value (the validator bounds it). */
	GOOD("\xfd\x15\x0f", WX_OP_I8X16_EXTRACT_LANE_S, &in);
	CHECK(in.lane == 15);
	GOOD("\xfd\x22\xff", WX_OP_F64X2_REPLACE_LANE, &in);
	CHECK(in.lane == 255);
	GOOD("\xfd\x1d\x80", WX_OP_I64X2_EXTRACT_LANE, &in);
	CHECK(in.lane == 0x80);
	BAD("\xfd\x1b", "unexpected end at offset 2");

	/* The reserved memory index is one zero byte. */
	GOOD("\x3f\x00", WX_OP_MEMORY_SIZE, &in);
	GOOD("\x40\x00", WX_OP_MEMORY_GROW, &in);
	GOOD("\xfc\x0b\x00", WX_OP_MEMORY_FILL, &in);
	GOOD("\xfc\x0a\x00\x00", WX_OP_MEMORY_COPY, &in);
	GOOD("\xfc\x08\x83\x01\x00", WX_OP_MEMORY_INIT, &in);
	CHECK(in.x == 131);
	BAD("\x3f", "unexpected end at offset 1");
	BAD("\x40\x01", "zero byte expected at offset 1");
	BAD("\x3f\x80\x00", "zero byte expected at offset 1");
	BAD("\xfc\x0b\x01", "zero byte expected at offset 2");
	BAD("\xfc\x0a\x01\x00", "zero byte expected at offset 2");
	BAD("\xfc\x0a\x00\x01", "zero byte expected at offset 3");
	BAD("\xfc\x0a\x00", "unexpected end at offset 3");
	BAD("\xfc\x08\x03\x01", "zero byte expected at offset 3");
	BAD("\xfc\x08\x03", "unexpected end at offset 3");
}

static void test_constants(void)
{
	wx_instr in;
	GOOD("\x41\x00", WX_OP_I32_CONST, &in);
	CHECK(in.bits[0] == 0);
	GOOD("\x41\x0b", WX_OP_I32_CONST, &in);
	CHECK(in.bits[0] == 11);
	GOOD("\x41\x7f", WX_OP_I32_CONST, &in);
	CHECK(in.bits[0] == 0xFFFFFFFFu); /* -1, zero-extended */
	GOOD("\x41\x80\x80\x80\x80\x78", WX_OP_I32_CONST, &in);
	CHECK(in.bits[0] == 0x80000000u);
	GOOD("\x41\xff\xff\xff\xff\x07", WX_OP_I32_CONST, &in);
	CHECK(in.bits[0] == 0x7FFFFFFFu);
	GOOD("\x41\xff\xff\xff\xff\x7f", WX_OP_I32_CONST, &in);
	CHECK(in.bits[0] == 0xFFFFFFFFu);
	BAD("\x41", "unexpected end at offset 1");
	BAD("\x41\xff\xff\xff\xff\x0f", "integer too large at offset 5");
	BAD("\x41\x80\x80\x80\x80\x70", "integer too large at offset 5");
	BAD("\x41\x80\x80\x80\x80\x80\x00",
	    "integer representation too long at offset 5");

	GOOD("\x42\x7f", WX_OP_I64_CONST, &in);
	CHECK(in.bits[0] == UINT64_MAX);
	GOOD("\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", WX_OP_I64_CONST, &in);
	CHECK(in.bits[0] == 0x8000000000000000ull);
	GOOD("\x42\x80\x80\x80\x80\x10", WX_OP_I64_CONST, &in);
	CHECK(in.bits[0] == 0x100000000ull);
	BAD("\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01",
	    "integer too large at offset 10");
	BAD("\x42\x80\x80", "unexpected end at offset 3");

	GOOD("\x43\x00\x00\xc0\x7f", WX_OP_F32_CONST, &in);
	CHECK(in.bits[0] == 0x7FC00000u);
	GOOD("\x43\x01\x00\x80\xff", WX_OP_F32_CONST, &in);
	CHECK(in.bits[0] == 0xFF800001u); /* a signalling NaN, kept */
	GOOD("\x44\x00\x00\x00\x00\x00\x00\xf0\x7f", WX_OP_F64_CONST, &in);
	CHECK(in.bits[0] == 0x7FF0000000000000ull);
	BAD("\x43\x00\x00\x80", "unexpected end at offset 1");
	BAD("\x44\x00\x00\x00\x00\x00\x00\xf0", "unexpected end at offset 5");

	/* v128.const and i8x16.shuffle: 16 bytes, little-endian halves. */
	GOOD("\xfd\x0c" "\x00\x01\x02\x03\x04\x05\x06\x07"
	     "\x08\x09\x0a\x0b\x0c\x0d\x0e\xff", WX_OP_V128_CONST, &in);
	CHECK(in.bits[0] == 0x0706050403020100ull &&
	      in.bits[1] == 0xFF0E0D0C0B0A0908ull);
	/* A sub-opcode may be padded up to five bytes. */
	GOOD("\xfd\x8c\x80\x80\x80\x00" "\x01\x00\x00\x00\x00\x00\x00\x00"
	     "\x00\x00\x00\x00\x00\x00\x00\x80", WX_OP_V128_CONST, &in);
	CHECK(in.bits[0] == 1 && in.bits[1] == 0x8000000000000000ull);
	/* Lanes of 32 and more are the validator's to refuse. */
	GOOD("\xfd\x0d" "\x00\x10\x01\x11\x1f\x20\xff\x0f"
	     "\x00\x00\x00\x00\x00\x00\x00\x00", WX_OP_I8X16_SHUFFLE, &in);
	CHECK(in.bits[0] == 0x0FFF201F11011000ull && in.bits[1] == 0);
	BAD("\xfd\x0c" "\x00\x01\x02\x03\x04\x05\x06\x07"
	    "\x08\x09\x0a\x0b\x0c\x0d\x0e", "unexpected end at offset 2");
	BAD("\xfd\x0d", "unexpected end at offset 2");
}

static void test_types(void)
{
	wx_instr in;
	GOOD("\x1c\x01\x7b", WX_OP_SELECT_T, &in);
	CHECK(in.count == 1 && in.type == WX_V128);
	GOOD("\x1c\x02\x70\x7f", WX_OP_SELECT_T, &in);
	CHECK(in.count == 2 && in.type == WX_FUNCREF);
	GOOD("\x1c\x00", WX_OP_SELECT_T, &in);
	CHECK(in.count == 0 && in.type == 0);
	BAD("\x1c", "unexpected end at offset 1");
	BAD("\x1c\x01\x40", "malformed value type at offset 2");
	BAD("\x1c\x02\x7f\x7a", "malformed value type at offset 3");
	BAD("\x1c\x02\x7f", "unexpected end at offset 3");
	BAD("\x1c\x81\x80\x80\x80\x80\x00", "integer representation too long at offset 5");

	GOOD("\xd0\x70", WX_OP_REF_NULL, &in);
	CHECK(in.type == WX_FUNCREF);
	GOOD("\xd0\x6f", WX_OP_REF_NULL, &in);
	CHECK(in.type == WX_EXTERNREF);
	BAD("\xd0", "unexpected end at offset 1");
	BAD("\xd0\x7f", "malformed reference type at offset 1");
	BAD("\xd0\x7b", "malformed reference type at offset 1");
	BAD("\xd0\x40", "malformed reference type at offset 1");
}

static void test_illegal(void)
{
	BAD("", "unexpected end at offset 0");
	BAD("\x06", "illegal opcode 0x06 (try: exception handling is not "
	            "supported) at offset 0");
	BAD("\x14\x00", "illegal opcode 0x14 (call_ref: typed function "
	                "references are not supported) at offset 0");
	BAD("\xd3", "illegal opcode 0xd3 (ref.eq: garbage collection is not "
	            "supported) at offset 0");
	BAD("\xfb\x00", "illegal opcode 0xfb (garbage collection is not "
	                "supported) at offset 0");
	BAD("\xfe\x00", "illegal opcode 0xfe (threads (atomics) are not "
	                "supported) at offset 0");
	BAD("\x27", "illegal opcode 0x27 at offset 0");
	BAD("\xff", "illegal opcode 0xff at offset 0");
	BAD("\xc5", "illegal opcode 0xc5 at offset 0");
	BAD("\xfc\x12", "illegal opcode 0xfc 0x12 at offset 0");
	BAD("\xfc\x80\x01", "illegal opcode 0xfc 0x80 at offset 0");
	BAD("\xfd\x9a\x01", "illegal opcode 0xfd 0x9a at offset 0");
	BAD("\xfd\xee\x01", "illegal opcode 0xfd 0xee at offset 0");
	BAD("\xfd\x80\x02", "illegal opcode 0xfd 0x100 (relaxed SIMD is not "
	                    "supported) at offset 0");
	BAD("\xfd\x93\x02", "illegal opcode 0xfd 0x113 (relaxed SIMD is not "
	                    "supported) at offset 0");
	BAD("\xfd\x94\x02", "illegal opcode 0xfd 0x114 at offset 0");
	BAD("\xfd\xff\xff\xff\xff\x0f",
	    "illegal opcode 0xfd 0xffffffff at offset 0");
	/* The sub-opcode is a u32: a sixth byte or bits past 32 are
	 * malformed LEB128s, and a cut one ends the input. */
	BAD("\xfd\x80\x80\x80\x80\x80\x00",
	    "integer representation too long at offset 5");
	BAD("\xfc\x88\x80\x80\x80\x80\x00",
	    "integer representation too long at offset 5");
	BAD("\xfd\xff\xff\xff\xff\x1f", "integer too large at offset 5");
	BAD("\xfd", "unexpected end at offset 1");
	BAD("\xfd\x80", "unexpected end at offset 2");
	BAD("\xfc", "unexpected end at offset 1");

	/* The offset is the instruction's, wherever the reader starts, and
	 * the reader's end bounds it even when the buffer goes on. */
	{
		wx_instr in;
		CHECK(!read_at((const uint8_t *)"\x01\x01\x01\x01\xfd\x9a\x01", 4, 7,
		               &in));
		CHECK_STR(err.message, "illegal opcode 0xfd 0x9a at offset 4");
		CHECK(!read_at((const uint8_t *)"\x01\x41\x80\x01", 1, 3, &in));
		CHECK_STR(err.message, "unexpected end at offset 3");
		CHECK(!read_at((const uint8_t *)"\x01\x20\x05", 1, 2, &in));
		CHECK_STR(err.message, "unexpected end at offset 2");
		CHECK(!read_at((const uint8_t *)"\x01\xfd\x0c\x05", 1, 3, &in));
		CHECK_STR(err.message, "unexpected end at offset 3");
		/* Once failed, the reader reads nothing more. */
		CHECK(!wx_read_instr(&r, &in));
		CHECK_STR(err.message, "unexpected end at offset 3");
	}
}

/* A sequence: instructions follow each other with nothing skipped, and
 * the bytes of an immediate that look like `end` are not one. */
static void test_sequence(void)
{
	static const uint8_t body[] =
	    "\x41\x0b"                               /* i32.const 11 */
	    "\xfd\x0c\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"
	    "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"       /* v128.const */
	    "\xfd\x0d\x00\x01\x02\x03\x04\x05\x06\x07"
	    "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"       /* i8x16.shuffle */
	    "\xfd\x15\x0b"                           /* extract_lane_s 11 */
	    "\x0e\x01\x0b\x0b"                       /* br_table 11 11 */
	    "\xfd\xab\x01"                           /* i32x4.shl */
	    "\x0b";                                  /* end */
	static const wx_opcode want[] = {
	    WX_OP_I32_CONST, WX_OP_V128_CONST, WX_OP_I8X16_SHUFFLE,
	    WX_OP_I8X16_EXTRACT_LANE_S, WX_OP_BR_TABLE, WX_OP_I32X4_SHL,
	    WX_OP_END};
	wx_instr in;
	size_t i = 0;
	wexec_error_clear(&err);
	wx_reader_init(&r, body, 0, sizeof body - 1, &err);
	while (!wx_reader_done(&r) && i < sizeof want / sizeof want[0]) {
		if (!wx_read_instr(&r, &in) || in.op != want[i])
			break;
		i++;
	}
	CHECK(i == sizeof want / sizeof want[0] && wx_reader_done(&r));
	CHECK(!r.failed);
}

int main(void)
{
	RUN(test_every_row);
	RUN(test_opcode_space);
	RUN(test_names);
	RUN(test_blocktype);
	RUN(test_indices);
	RUN(test_memory_immediates);
	RUN(test_constants);
	RUN(test_types);
	RUN(test_illegal);
	RUN(test_sequence);
	return unit_report();
}
