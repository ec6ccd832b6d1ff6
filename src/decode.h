/*
 * decode.h - pieces of the binary decoder (spec: binary/modules.rst,
 * binary/types.rst, binary/instructions.rst) shared by decode.c (module
 * framing and the simple sections), decode_segments.c (code, element, data
 * and name sections) and decode_expr.c (instruction skipping, constant
 * expressions).
 *
 * Reads follow the reference interpreter's framing so that errors carry the
 * test suite's wording: every read is bounded by the end of the file, not of
 * the section, and a section (or function body) whose contents end anywhere
 * but at its declared size is a "section size mismatch".
 */
#ifndef WX_DECODE_H
#define WX_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "module.h"
#include "opcodes.h"
#include "reader.h"

/* Largest number of declared locals in one function; more is malformed
 * ("too many locals"). Keeps a 5-byte declaration from asking for
 * gigabytes. */
#define WX_MAX_FUNC_LOCALS 50000u
/* Largest number of parameters, and of results, of one function type: the
 * implementation limit other engines agree on (wasmparser, V8). It keeps
 * the work each block, call and return does on its operand types small,
 * so a body of many wide blocks costs at most a constant times its size. */
#define WX_MAX_FUNC_PARAMS 1000u
#define WX_MAX_FUNC_RESULTS 1000u
/* Largest number of expanded locals over all functions of a module: a
 * fixed allowance plus a few per input byte. Bounds what a hostile module of
 * many tiny bodies declaring 50000 locals each can make the decoder allocate
 * (one byte per local), while real code, whose bodies are longer than their
 * local lists, stays far below it. */
#define WX_MODULE_LOCALS_BASE (1u << 24)
#define WX_MODULE_LOCALS_PER_BYTE 8u

/* The message for a read past the end of the file inside a section, as the
 * spec tests word it (outside sections the reader's "unexpected end"). */
#define WX_DECODE_EOF_IN_SECTION "unexpected end of section or function"

/* One decoding run. */
typedef struct wx_decoder {
	wx_module *m;
	wx_reader r;              /* over m->bytes */
	wexec_error *err;
	bool nomem;               /* an allocation failed (status NOMEM) */
	uint64_t total_locals;    /* expanded locals so far, all functions */
	uint64_t max_locals;      /* the module's limit on total_locals */
	bool have_code;           /* the code section was read */
	size_t section_end;       /* declared end of the section being read */
	size_t names_start;       /* contents of the first `name` custom */
	size_t names_end;         /* section after its name; 0 when none */
} wx_decoder;

/* decode.c */

/* Decodes `bytes` into a new module (copying them), accepting the
 * WEXEC_FEATURE_* bits of `features`. On failure returns
 * WEXEC_ERR_MALFORMED (or NOMEM) with "... at offset N", and no module. */
wexec_status wx_decode_module(const uint8_t *bytes, size_t len,
                              uint32_t features, wx_module **out,
                              wexec_error *err);
/* The same for a block of wx_big_calloc, which the module takes over, or
 * which is freed on failure. */
wexec_status wx_decode_adopted(uint8_t *bytes, size_t len, uint32_t features,
                               wx_module **out, wexec_error *err);

/* calloc(n, size) that records "out of memory" in the decoder on failure. */
void *wx_decode_alloc(wx_decoder *d, size_t n, size_t size);
/* A length or vector count (the reference interpreter's len32): fails with
 * "length out of bounds" when it exceeds the bytes left, which also bounds
 * every allocation by the input size. */
bool wx_decode_len(wx_reader *r, uint32_t *out);
/* The count of a vector the decoder allocates: a len32 that must also fit
 * in the rest of the section, since each element takes at least one of its
 * bytes. Keeps every allocation within a small multiple of the section's
 * size. */
bool wx_decode_count(wx_decoder *d, uint32_t *out);
bool wx_decode_valtype(wx_reader *r, wx_valtype *out);
bool wx_decode_reftype(wx_reader *r, wx_valtype *out);
/* A name: len32 + UTF-8 bytes ("malformed UTF-8 encoding"). */
bool wx_decode_name(wx_reader *r, wx_name *out);

/* decode_segments.c: each reads the section's contents from d->r. */
bool wx_decode_code_section(wx_decoder *d);
bool wx_decode_elem_section(wx_decoder *d);
bool wx_decode_data_section(wx_decoder *d);
/* Reads the `name` custom section in [start, end) into the module and
 * function names. Never fails: a broken name section is ignored from the
 * first error on. */
void wx_decode_names(wx_module *m, size_t start, size_t end);

/* decode_expr.c: the one reader of instructions, shared by the decoder,
 * the validator, the compiler and constant-expression evaluation. */

/* One instruction as encoded: its opcode and immediates. */
typedef struct wx_instr {
	wx_opcode op;
	size_t pos;       /* offset of the first opcode byte */
	/* The u32 immediates in encoding order: label, funcidx, localidx,
	 * globalidx, tableidx, elemidx or dataidx; call_indirect: typeidx,
	 * tableidx; table.init: elemidx, tableidx; table.copy: destination,
	 * source; br_table: x is the default label; blocktype: x is the type
	 * index; memarg, memory.size/grow/fill: x is the memidx; memory.init:
	 * dataidx, memidx; memory.copy: destination, source memidx. */
	uint32_t x, y;
	uint32_t align;   /* memarg: the alignment exponent */
	uint64_t offset;  /* memarg: the offset */
	uint8_t lane;     /* LANE, MEMARG_LANE */
	uint32_t count;   /* br_table: labels before the default;
	                     select t*: number of types */
	size_t list;      /* br_table: offset of the label vector */
	wx_valtype type;  /* select t*: the first; ref.null; block [t] */
	/* BLOCKTYPE: 0 empty, 1 one value (`type`), 2 type index (`x`) */
	uint8_t blockkind;
	/* Constants: i32 (zero-extended), i64, f32 and f64 bits in bits[0];
	 * v128.const and i8x16.shuffle's 16 bytes, little-endian. */
	uint64_t bits[2];
} wx_instr;

/* Reads the immediates of in->op, whose opcode ends at r->pos. */
bool wx_read_immediates(wx_reader *r, wx_instr *in);
/* Fails for an opcode that names no instruction: "illegal opcode 0x12
 * (return_call: tail calls are not supported)" when it belongs to a later
 * proposal. */
bool wx_illegal_opcode(wx_reader *r, size_t pos, uint8_t prefix,
                       uint32_t code);

/* wx_read_instr's general path: any instruction (decode_expr.c). */
bool wx_read_instr_any(wx_reader *r, wx_instr *in);

/* A LEB128 of at most five bytes at b (all five readable): its payload
 * in *out and its length in *len; false for a longer one. Whether the
 * payload fits its type is the caller's question. */
static inline bool wx_short_leb(const uint8_t *b, uint64_t *out, size_t *len)
{
	uint64_t v = b[0] & 0x7Fu;
	size_t n = 1;
	if (b[0] >= 0x80) {
		v |= (uint64_t)(b[1] & 0x7Fu) << 7;
		n = 2;
		if (b[1] >= 0x80) {
			v |= (uint64_t)(b[2] & 0x7Fu) << 14 |
			     (uint64_t)(b[3] & 0x7Fu) << 21 |
			     (uint64_t)(b[4] & 0x7Fu) << 28;
			n = b[2] < 0x80 ? 3 : b[3] < 0x80 ? 4 : 5;
			if (n == 5 && b[4] >= 0x80)
				return false;
			/* Bytes past the last belong to the next instruction. */
			v &= ~(~(uint64_t)0 << (7 * n));
		}
	}
	*out = v;
	*len = n;
	return true;
}

/* The same for a u32: a fifth byte holds bits 28-31 only. */
static inline bool wx_short_u32(const uint8_t *b, uint32_t *out, size_t *len)
{
	uint64_t v;
	if (!wx_short_leb(b, &v, len) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Reads one instruction (binary/instructions.rst): its opcode, with the
 * 0xFC/0xFD prefixes, whose sub-opcode is a u32, and its immediates. Fails
 * with the malformed errors only ("illegal opcode", "zero byte expected",
 * "malformed value type", "malformed reference type", LEB128 errors):
 * whether the immediates make sense in the module is the validator's
 * question. */
static inline bool wx_read_instr(wx_reader *r, wx_instr *in)
{
	const size_t p = r->pos;
	/* Most instructions in a few loads: a one-byte opcode with no
	 * immediate, or with one of up to five bytes (an index, an
	 * i32.const or i64.const, a blocktype [] or [t] of a number type, a
	 * memarg without a memory index); linkers pad indices and addresses
	 * to five. Seven bytes left keep the reads in bounds. Prefixed
	 * opcodes, longer encodings and every error take the general path,
	 * which reads them all the same. */
	if (!r->failed && r->end - p >= 7 && r->base[p] < 0xFC &&
	    wx_opcode_map[r->base[p]]) {
		const uint8_t *b = r->base + p;
		const wx_opcode op = (wx_opcode)(wx_opcode_map[b[0]] - 1);
		uint64_t v;
		uint32_t w;
		size_t n, m;
		switch (wx_opinfo_table[op].imm) {
		case WX_IMM_NONE:
			n = 0;
			break;
		case WX_IMM_LABEL:
		case WX_IMM_FUNC:
		case WX_IMM_LOCAL:
		case WX_IMM_GLOBAL:
			if (!wx_short_u32(b + 1, &in->x, &n))
				return wx_read_instr_any(r, in);
			break;
		case WX_IMM_I32:
		case WX_IMM_I64:
			if (!wx_short_leb(b + 1, &v, &n))
				return wx_read_instr_any(r, in);
			/* Sign-extend from the payload's top bit. */
			if (v >> (7 * n - 1) & 1)
				v |= ~(uint64_t)0 << (7 * n);
			/* An i32's bits past 32 must all be that sign. */
			if (wx_opinfo_table[op].imm == WX_IMM_I32) {
				if ((uint64_t)(int64_t)(int32_t)v != v)
					return wx_read_instr_any(r, in);
				v = (uint32_t)v;
			}
			in->bits[0] = v;
			break;
		case WX_IMM_BLOCKTYPE:
			if (b[1] != 0x40 && (b[1] < 0x7C || b[1] > 0x7F))
				return wx_read_instr_any(r, in);
			in->blockkind = b[1] == 0x40 ? 0 : 1;
			in->type = b[1];
			n = 1;
			break;
		case WX_IMM_MEMARG:
			if (b[1] >= 0x40 || !wx_short_u32(b + 2, &w, &m))
				return wx_read_instr_any(r, in);
			in->x = 0;
			in->align = b[1];
			in->offset = w;
			n = 1 + m;
			break;
		default:
			return wx_read_instr_any(r, in);
		}
		in->pos = p;
		in->op = op;
		r->pos = p + 1 + n;
		return true;
	}
	return wx_read_instr_any(r, in);
}

/* Reads a constant expression: instructions up to and including the `end`
 * that closes it. Whether they are constant is for the validator. */
bool wx_decode_constexpr(wx_reader *r, wx_constexpr *out);

#endif /* WX_DECODE_H */
