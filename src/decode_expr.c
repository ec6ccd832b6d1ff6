/*
 * decode_expr.c - instruction encodings and their immediates
 * (spec: binary/instructions.rst), read only to find where an instruction
 * ends, and constant expressions (binary/instructions.rst, "Expressions").
 *
 * The decoder never interprets instructions; it must still read every
 * immediate, because the bytes of an immediate may look like `end` (0x0B in
 * `i32.const 11`).
 */
#include "decode.h"

/* The reserved memory index of 2.0 is a single zero byte, not a LEB128. */
static bool read_zero_byte(wx_reader *r)
{
	uint8_t b;
	if (!wx_read_byte(r, &b))
		return false;
	if (b != 0) {
		r->pos--;
		return wx_reader_fail(r, "zero byte expected");
	}
	return true;
}

static bool read_u32s(wx_reader *r, int n)
{
	uint32_t x;
	for (int i = 0; i < n; i++)
		if (!wx_read_u32(r, &x))
			return false;
	return true;
}

static bool skip_br_table(wx_reader *r)
{
	uint32_t n;
	if (!wx_decode_len(r, &n))
		return false;
	/* n labels and the default one. */
	for (uint64_t i = 0; i <= n; i++)
		if (!read_u32s(r, 1))
			return false;
	return true;
}

static bool skip_select_types(wx_reader *r)
{
	uint32_t n;
	wx_valtype t;
	if (!wx_decode_len(r, &n))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!wx_decode_valtype(r, &t))
			return false;
	return true;
}

/* 0x40 (no result), a one-byte value type (0x40..0x7F: a negative s33
 * that must name a type), or a non-negative s33 type index. */
static bool skip_blocktype(wx_reader *r)
{
	int64_t idx;
	wx_valtype t;
	if (r->pos < r->end && r->base[r->pos] == 0x40) {
		r->pos++;
		return true;
	}
	if (r->pos < r->end && (r->base[r->pos] & 0xC0) == 0x40)
		return wx_decode_valtype(r, &t);
	return wx_read_s33(r, &idx);
}

static bool skip_imm(wx_reader *r, wx_imm imm)
{
	const uint8_t *p;
	int32_t i32;
	int64_t i64;
	wx_valtype t;

	switch (imm) {
	case WX_IMM_NONE:
		return true;
	case WX_IMM_BLOCKTYPE:
		return skip_blocktype(r);
	case WX_IMM_LABEL:
	case WX_IMM_FUNC:
	case WX_IMM_LOCAL:
	case WX_IMM_GLOBAL:
	case WX_IMM_TABLE:
	case WX_IMM_DATA:
	case WX_IMM_ELEM:
		return read_u32s(r, 1);
	case WX_IMM_BR_TABLE:
		return skip_br_table(r);
	case WX_IMM_CALL_INDIRECT:
	case WX_IMM_MEMARG:
	case WX_IMM_ELEM_TABLE:
	case WX_IMM_TABLE_TABLE:
		return read_u32s(r, 2);
	case WX_IMM_MEMIDX:
		return read_zero_byte(r);
	case WX_IMM_DATA_MEMIDX:
		return read_u32s(r, 1) && read_zero_byte(r);
	case WX_IMM_MEMIDX_MEMIDX:
		return read_zero_byte(r) && read_zero_byte(r);
	case WX_IMM_I32:
		return wx_read_s32(r, &i32);
	case WX_IMM_I64:
		return wx_read_s64(r, &i64);
	case WX_IMM_F32:
		return wx_read_bytes(r, 4, &p);
	case WX_IMM_F64:
		return wx_read_bytes(r, 8, &p);
	case WX_IMM_SELECT_T:
		return skip_select_types(r);
	case WX_IMM_REFTYPE:
		return wx_decode_reftype(r, &t);
	}
	return wx_reader_fail(r, "illegal opcode");
}

bool wx_skip_instr(wx_reader *r, wx_opcode *out)
{
	size_t start = r->pos;
	uint8_t b;
	uint32_t code;
	uint8_t prefix = 0;
	wx_opcode op;

	if (!wx_read_byte(r, &b))
		return false;
	code = b;
	if (b == 0xFC || b == 0xFD) {
		prefix = b;
		if (!wx_read_u32(r, &code))
			return false;
	}
	op = wx_opcode_lookup(prefix, code);
	if (op == WX_OP_COUNT) {
		r->pos = start;
		return wx_reader_fail(r, "illegal opcode");
	}
	if (!skip_imm(r, wx_opinfo_table[op].imm))
		return false;
	*out = op;
	return true;
}

bool wx_decode_constexpr(wx_reader *r, wx_constexpr *out)
{
	size_t start = r->pos;
	uint32_t depth = 0;  /* blocks opened inside the expression */
	wx_opcode op;

	for (;;) {
		if (!wx_skip_instr(r, &op))
			return false;
		if (op == WX_OP_BLOCK || op == WX_OP_LOOP || op == WX_OP_IF) {
			depth++;
		} else if (op == WX_OP_END) {
			if (depth == 0)
				break;
			depth--;
		}
	}
	out->offset = (uint32_t)start;
	out->len = (uint32_t)(r->pos - start);
	return true;
}
