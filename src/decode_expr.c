/*
 * decode_expr.c - instruction encodings and their immediates
 * (spec: binary/instructions.rst), and constant expressions
 * (binary/instructions.rst, "Expressions").
 *
 * This is the one place that knows how an instruction is encoded: the
 * decoder, the validator, the compiler and constant-expression evaluation
 * all read instructions through wx_read_instr(), so a new immediate kind is
 * one case here. The reader judges the encoding only; even the decoder,
 * which never interprets instructions, must read every immediate, because
 * the bytes of an immediate may look like `end` (0x0B in `i32.const 11`).
 */
#include <stdio.h>
#include <string.h>

#include "decode.h"

/* Fails the reader with a malformed error located at `pos`. */
static bool fail_at(wx_reader *r, size_t pos, const char *message)
{
	r->pos = pos;
	return wx_reader_fail(r, message);
}

/* Most immediates are one-byte LEB128s: read those without a call. */
static inline bool read_u32(wx_reader *r, uint32_t *out)
{
	if (r->pos < r->end && r->base[r->pos] < 0x80 && !r->failed) {
		*out = r->base[r->pos++];
		return true;
	}
	return wx_read_u32(r, out);
}

static bool is_valtype(uint8_t b)
{
	return b == WX_I32 || b == WX_I64 || b == WX_F32 || b == WX_F64 ||
	       b == WX_V128 || b == WX_FUNCREF || b == WX_EXTERNREF;
}

/* A memory index: with multi-memory a u32; in 2.0 a reserved single zero
 * byte, not a LEB128. */
static bool read_memidx(wx_reader *r, uint32_t *out)
{
	uint8_t b;
	size_t at = r->pos;
	if (r->features & WEXEC_FEATURE_MULTI_MEMORY)
		return read_u32(r, out);
	*out = 0;
	if (!wx_read_byte(r, &b))
		return false;
	return b == 0 || fail_at(r, at, "zero byte expected");
}

/* 0x40 (no result), a value type, or a non-negative s33 type index. */
static bool read_blocktype(wx_reader *r, wx_instr *in)
{
	int64_t idx;
	size_t at = r->pos;
	if (r->pos < r->end && !r->failed) {
		uint8_t b = r->base[r->pos];
		if (b == 0x40 || is_valtype(b)) {
			r->pos++;
			in->blockkind = b == 0x40 ? 0 : 1;
			in->type = b;
			return true;
		}
	}
	if (!wx_read_s33(r, &idx))
		return false;
	if (idx < 0)
		return fail_at(r, at, "malformed value type");
	in->blockkind = 2;
	in->x = idx > UINT32_MAX ? UINT32_MAX : (uint32_t)idx;
	return true;
}

static bool read_br_table(wx_reader *r, wx_instr *in)
{
	if (!read_u32(r, &in->count))
		return false;
	in->list = r->pos;
	/* The labels, then the default, which stays in x. A reader that
	 * fails stops the loop, so a huge count costs no more than the
	 * bytes that are there. */
	for (uint64_t i = 0; i <= in->count; i++)
		if (!read_u32(r, &in->x))
			return false;
	return true;
}

static bool read_select_types(wx_reader *r, wx_instr *in)
{
	if (!read_u32(r, &in->count))
		return false;
	in->type = 0;
	for (uint32_t i = 0; i < in->count; i++) {
		uint8_t b;
		size_t at = r->pos;
		if (!wx_read_byte(r, &b))
			return false;
		if (!is_valtype(b))
			return fail_at(r, at, "malformed value type");
		if (i == 0)
			in->type = b;
	}
	return true;
}

/* The alignment, with multi-memory a memory index when its bit 6 is set
 * (binary/instructions.rst "Memory Instructions"), and the offset: a u64
 * with memory64 (whether it fits a 32-bit memory is the validator's
 * question), else a u32. */
static bool read_memarg(wx_reader *r, wx_instr *in)
{
	uint32_t offset;
	in->x = 0;
	if (!read_u32(r, &in->align))
		return false;
	if ((r->features & WEXEC_FEATURE_MULTI_MEMORY) && (in->align & 0x40)) {
		in->align &= ~0x40u;
		if (!read_u32(r, &in->x))
			return false;
	}
	if (r->features & WEXEC_FEATURE_MEMORY64)
		return wx_read_u64(r, &in->offset);
	if (!read_u32(r, &offset))
		return false;
	in->offset = offset;
	return true;
}

static bool read_16_bytes(wx_reader *r, wx_instr *in)
{
	const uint8_t *p;
	if (!wx_read_bytes(r, 16, &p))
		return false;
	memcpy(in->bits, p, 16); /* little-endian host (interp.c) */
	return true;
}

bool wx_read_immediates(wx_reader *r, wx_instr *in)
{
	uint8_t b;
	int32_t i32;
	size_t at;
	switch (wx_opinfo_table[in->op].imm) {
	case WX_IMM_NONE:
		return true;
	case WX_IMM_BLOCKTYPE:
		return read_blocktype(r, in);
	case WX_IMM_LABEL:
	case WX_IMM_FUNC:
	case WX_IMM_LOCAL:
	case WX_IMM_GLOBAL:
	case WX_IMM_TABLE:
	case WX_IMM_DATA:
	case WX_IMM_ELEM:
		return read_u32(r, &in->x);
	case WX_IMM_BR_TABLE:
		return read_br_table(r, in);
	case WX_IMM_CALL_INDIRECT:
	case WX_IMM_ELEM_TABLE:
	case WX_IMM_TABLE_TABLE:
		return read_u32(r, &in->x) && read_u32(r, &in->y);
	case WX_IMM_MEMARG:
		return read_memarg(r, in);
	case WX_IMM_MEMARG_LANE:
		return read_memarg(r, in) && wx_read_byte(r, &in->lane);
	case WX_IMM_LANE:
		return wx_read_byte(r, &in->lane);
	case WX_IMM_MEMIDX:
		return read_memidx(r, &in->x);
	case WX_IMM_DATA_MEMIDX:
		return read_u32(r, &in->x) && read_memidx(r, &in->y);
	case WX_IMM_MEMIDX_MEMIDX:
		return read_memidx(r, &in->x) && read_memidx(r, &in->y);
	case WX_IMM_I32:
		if (!wx_read_s32(r, &i32))
			return false;
		in->bits[0] = (uint32_t)i32;
		return true;
	case WX_IMM_I64:
		return wx_read_s64(r, (int64_t *)&in->bits[0]);
	case WX_IMM_F32: {
		uint32_t u;
		if (!wx_read_u32le(r, &u))
			return false;
		in->bits[0] = u;
		return true;
	}
	case WX_IMM_F64:
		return wx_read_u64le(r, &in->bits[0]);
	case WX_IMM_V128:
	case WX_IMM_SHUFFLE:
		return read_16_bytes(r, in);
	case WX_IMM_SELECT_T:
		return read_select_types(r, in);
	case WX_IMM_REFTYPE:
		at = r->pos;
		if (!wx_read_byte(r, &b))
			return false;
		if (b != WX_FUNCREF && b != WX_EXTERNREF)
			return fail_at(r, at, "malformed reference type");
		in->type = b;
		return true;
	}
	return fail_at(r, in->pos, "illegal opcode");
}

bool wx_read_instr_any(wx_reader *r, wx_instr *in)
{
	uint8_t b;
	uint32_t code;
	in->pos = r->pos;
	if (!wx_read_byte(r, &b))
		return false;
	code = b;
	if (b == 0xFC || b == 0xFD) {
		if (!wx_read_u32(r, &code))
			return false;
		in->op = wx_opcode_lookup(b, code);
	} else {
		in->op = wx_opcode_lookup(0, b);
		b = 0;
	}
	if (in->op == WX_OP_COUNT)
		return wx_illegal_opcode(r, in->pos, b, code);
	if (wx_opinfo_table[in->op].imm == WX_IMM_NONE)
		return true;
	return wx_read_immediates(r, in);
}

bool wx_illegal_opcode(wx_reader *r, size_t pos, uint8_t prefix,
                       uint32_t code)
{
	char message[128];
	const char *what = wx_opcode_proposal(prefix, code);
	int n = prefix ? snprintf(message, sizeof message,
	                          "illegal opcode 0x%02x 0x%02x", prefix, code)
	               : snprintf(message, sizeof message,
	                          "illegal opcode 0x%02x", code);
	if (what && n > 0 && (size_t)n < sizeof message)
		snprintf(message + n, sizeof message - (size_t)n, " (%s)", what);
	return fail_at(r, pos, message);
}

bool wx_decode_constexpr(wx_reader *r, wx_constexpr *out)
{
	size_t start = r->pos;
	uint32_t depth = 0; /* blocks opened inside the expression */
	wx_instr in;

	for (;;) {
		if (!wx_read_instr(r, &in))
			return false;
		if (in.op == WX_OP_BLOCK || in.op == WX_OP_LOOP ||
		    in.op == WX_OP_IF) {
			depth++;
		} else if (in.op == WX_OP_END) {
			if (depth == 0)
				break;
			depth--;
		}
	}
	out->offset = (uint32_t)start;
	out->len = (uint32_t)(r->pos - start);
	return true;
}
