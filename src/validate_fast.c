/*
 * validate_fast.c - the common case of function body validation
 * (spec: valid/instructions.rst, appendix/algorithm.rst), for start-up
 * speed: local and global access, constants, numeric instructions, loads
 * and stores, blocks, branches and calls, with the operand stack kept in
 * locals of one loop.
 *
 * The fast path decides nothing on its own: it takes an instruction only
 * when its encoding is short and well-formed and its operands are exactly
 * the types it wants, so that the full validator (validate_code.c) would
 * accept it with the same effect. Anything else - an error, an Unknown
 * operand of unreachable code, a long LEB128, a rarer instruction - makes it
 * stop in front of that instruction, untouched, and the full validator
 * handles it and reports any error with its usual message. Each check thus
 * still lives in one place; this file only skips the ones that pass.
 */
#include <string.h>

#include "validate.h"

/* Result types of the block types `[]` and `[t]`, borrowed by frames. */
static const wx_valtype single_type[256] = {
	[WX_I32] = WX_I32, [WX_I64] = WX_I64, [WX_F32] = WX_F32,
	[WX_F64] = WX_F64, [WX_V128] = WX_V128, [WX_FUNCREF] = WX_FUNCREF,
	[WX_EXTERNREF] = WX_EXTERNREF,
};

void wx_validate_fast_init(wx_validator *v)
{
	memset(v->fast, 0, sizeof v->fast);
	for (int op = 0; op < WX_OP_COUNT; op++) {
		const wx_opinfo *info = &wx_opinfo_table[op];
		const wx_opsig *sig = &v->sigs[op];
		wx_fastop *f;
		if (info->prefix != 0 || !sig->fixed)
			continue;
		if (info->imm != WX_IMM_NONE && info->imm != WX_IMM_MEMARG)
			continue;
		/* Without a memory, loads and stores are errors to report. */
		if (info->imm == WX_IMM_MEMARG && v->module->nmems == 0)
			continue;
		f = &v->fast[info->code];
		f->kind = info->imm == WX_IMM_NONE ? WX_FAST_SIG : WX_FAST_MEM;
		f->nparams = sig->nparams;
		memcpy(f->params, sig->params, sig->nparams);
		f->result = sig->nresults ? sig->results[0] : 0;
		f->align = info->align;
	}
}

/* A u32 LEB128 (binary/values.rst) within [*pos, end). Fails, leaving the
 * error to the full reader, on a cut-off or over-long encoding. */
static inline bool leb_u32(const uint8_t *code, size_t *pos, size_t end,
                           uint32_t *out)
{
	size_t p = *pos;
	uint32_t x = 0;
	if (p < end && code[p] < 0x80) {  /* most indices: one byte */
		*out = code[p];
		*pos = p + 1;
		return true;
	}
	for (unsigned shift = 0; shift < 35 && p < end; shift += 7, p++) {
		uint8_t c = code[p];
		x |= (uint32_t)(c & 0x7F) << shift;
		if (c < 0x80) {
			/* The fifth byte holds bits 28-31 only. */
			if (shift == 28 && c > 0x0F)
				return false;
			*out = x;
			*pos = p + 1;
			return true;
		}
	}
	return false;
}

/* Skips a signed LEB128 of `bits` (32 or 64) whose value is not needed:
 * at most ceil(bits/7) bytes, the unused bits of the last one copies of
 * the sign bit. */
static inline bool leb_skip_signed(const uint8_t *code, size_t *pos,
                                   size_t end, unsigned bits)
{
	unsigned nbytes = (bits + 6) / 7;
	size_t p = *pos;
	for (unsigned i = 0; i < nbytes && p < end; i++, p++) {
		uint8_t c = code[p];
		if (c >= 0x80)
			continue;
		if (i == nbytes - 1) {
			/* Bits left in the last byte; the rest must repeat
			 * its top one. */
			unsigned used = bits - 7 * i;
			uint8_t high = (uint8_t)(0x7F & ~((1u << (used - 1)) - 1));
			if ((c & high) != 0 && (c & high) != high)
				return false;
		}
		*pos = p + 1;
		return true;
	}
	return false;
}

/* The label types of the frame `depth` levels out (NULL if none). */
static inline const wx_ctrl *label(const wx_validator *v, uint32_t depth,
                                   const wx_valtype **types, uint32_t *n)
{
	const wx_ctrl *c;
	if (depth >= v->nctrls)
		return NULL;
	c = &v->ctrls[v->nctrls - 1 - depth];
	if (c->opcode == WX_OP_LOOP) {
		*types = c->start;
		*n = c->nstart;
	} else {
		*types = c->end;
		*n = c->nend;
	}
	return c;
}

/* True when the top `n` operands above `height` are exactly `types`. */
static inline bool top_is(const wx_valtype *vals, uint32_t nvals,
                          uint32_t height, const wx_valtype *types, uint32_t n)
{
	/* A loop, not memcmp: n is mostly 0 to 2. */
	if (nvals - height < n)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (vals[nvals - n + i] != types[i])
			return false;
	return true;
}

static inline wx_ctrl *top_frame(wx_validator *v)
{
	return &v->ctrls[v->nctrls - 1];
}

/* Validates instructions of the current body from r->pos while they are
 * common and valid; returns in front of the first other one, or after the
 * body's final `end` (v->nctrls == 0). Needs v->nctrls > 0 and room for
 * one value per byte left in the body plus one: no instruction it takes
 * pushes more values than it has bytes, except a call, which checks.
 * Few variables live across the loop, so that they all stay in
 * registers; the rarer instructions reach the rest through `v`. */
void wx_validate_fast(wx_validator *v, wx_reader *r)
{
	const uint8_t *code = r->base;
	const wx_fastop *fast = v->fast;
	const wx_valtype *ltypes = v->ltypes;
	const uint32_t nlocals = v->nparams + v->nlocals;
	size_t pos = r->pos, end = r->end, at;
	wx_valtype *vals = v->vals;
	uint32_t n = v->nvals;
	uint32_t height = top_frame(v)->height;

	if (r->failed)
		return;
	for (;;) {
		uint32_t idx, cnt;
		const wx_valtype *types;
		const wx_module *m;
		wx_ctrl *top;
		wx_valtype t;
		at = pos;
		if (pos >= end)
			break;
		switch (code[pos++]) {
		case 0x20: /* local.get */
			if (!leb_u32(code, &pos, end, &idx) || idx >= nlocals)
				goto stop;
			vals[n++] = ltypes[idx];
			continue;
		case 0x21: /* local.set */
			if (!leb_u32(code, &pos, end, &idx) || idx >= nlocals ||
			    n == height || vals[n - 1] != ltypes[idx])
				goto stop;
			n--;
			continue;
		case 0x22: /* local.tee */
			if (!leb_u32(code, &pos, end, &idx) || idx >= nlocals ||
			    n == height || vals[n - 1] != ltypes[idx])
				goto stop;
			continue;
		case 0x23: /* global.get */
			m = v->module;
			if (!leb_u32(code, &pos, end, &idx) || idx >= m->nglobals)
				goto stop;
			vals[n++] = m->globals[idx].type.type;
			continue;
		case 0x24: /* global.set */
			m = v->module;
			if (!leb_u32(code, &pos, end, &idx) || idx >= m->nglobals ||
			    !m->globals[idx].type.mut || n == height ||
			    vals[n - 1] != m->globals[idx].type.type)
				goto stop;
			n--;
			continue;
		case 0x41: /* i32.const */
			if (pos < end && code[pos] < 0x80)
				pos++;
			else if (!leb_skip_signed(code, &pos, end, 32))
				goto stop;
			vals[n++] = WX_I32;
			continue;
		case 0x42: /* i64.const */
			if (!leb_skip_signed(code, &pos, end, 64))
				goto stop;
			vals[n++] = WX_I64;
			continue;
		case 0x43: /* f32.const */
			if (end - pos < 4)
				goto stop;
			pos += 4;
			vals[n++] = WX_F32;
			continue;
		case 0x44: /* f64.const */
			if (end - pos < 8)
				goto stop;
			pos += 8;
			vals[n++] = WX_F64;
			continue;
		case 0x00: /* unreachable */
			n = height;
			top_frame(v)->unreachable = true;
			continue;
		case 0x02: /* block */
		case 0x03: /* loop */
		case 0x04: /* if */
			/* Block types [] and [t]; a type index is left to the
			 * full validator. */
			if (pos >= end || v->nctrls == v->capctrls)
				goto stop;
			t = code[pos];
			if (t != 0x40 && single_type[t] == 0)
				goto stop;
			if (code[at] == 0x04) {
				if (n == height || vals[n - 1] != WX_I32)
					goto stop;
				n--;
			}
			pos++;
			top = &v->ctrls[v->nctrls++];
			top->opcode = code[at] == 0x02 ? WX_OP_BLOCK :
			              code[at] == 0x03 ? WX_OP_LOOP : WX_OP_IF;
			top->start = NULL;
			top->nstart = 0;
			top->end = t == 0x40 ? NULL : &single_type[t];
			top->nend = t == 0x40 ? 0 : 1;
			top->height = height = n;
			top->unreachable = false;
			continue;
		case 0x05: /* else: the then branch must leave exactly the
		            * results, and the else branch starts over */
			top = top_frame(v);
			if (top->opcode != WX_OP_IF || top->nstart != 0 ||
			    n - height != top->nend ||
			    !top_is(vals, n, height, top->end, top->nend))
				goto stop;
			n = height;
			top->opcode = WX_OP_ELSE;
			top->unreachable = false;
			continue;
		case 0x0B: /* end: the results, already in place, stay */
			top = top_frame(v);
			if (n - height != top->nend ||
			    !top_is(vals, n, height, top->end, top->nend))
				goto stop;
			/* An `if` without `else` must pass its parameters
			 * through as its results. */
			if (top->opcode == WX_OP_IF &&
			    (top->nstart != top->nend ||
			     (top->nend > 0 &&
			      memcmp(top->start, top->end, top->nend) != 0)))
				goto stop;
			if (--v->nctrls == 0) {
				at = pos;
				goto stop;
			}
			height = top_frame(v)->height;
			continue;
		case 0x0C: /* br */
			if (!leb_u32(code, &pos, end, &idx) ||
			    !label(v, idx, &types, &cnt) ||
			    !top_is(vals, n, height, types, cnt))
				goto stop;
			n = height;
			top_frame(v)->unreachable = true;
			continue;
		case 0x0D: /* br_if: the operands stay, as their types */
			if (!leb_u32(code, &pos, end, &idx) ||
			    !label(v, idx, &types, &cnt) || n == height ||
			    vals[n - 1] != WX_I32 ||
			    !top_is(vals, n - 1, height, types, cnt))
				goto stop;
			n--;
			continue;
		case 0x0F: /* return */
			if (!top_is(vals, n, height, v->ctrls[0].end,
			            v->ctrls[0].nend))
				goto stop;
			n = height;
			top_frame(v)->unreachable = true;
			continue;
		case 0x10: { /* call */
			const wx_functype *ft;
			m = v->module;
			if (!leb_u32(code, &pos, end, &idx) || idx >= m->nfuncs)
				goto stop;
			ft = wx_func_type(m, idx);
			/* Many results must leave the room promised above. */
			if (!top_is(vals, n, height, ft->params, ft->nparams) ||
			    (uint64_t)n - ft->nparams + ft->nresults +
			    (end - pos) + 1 > v->capvals)
				goto stop;
			n -= ft->nparams;
			for (uint32_t i = 0; i < ft->nresults; i++)
				vals[n++] = ft->results[i];
			continue;
		}
		case 0x1A: /* drop */
			if (n == height)
				goto stop;
			n--;
			continue;
		case 0x1B: /* select: two operands of one numeric or vector
		            * type; an Unknown one is left to the full path */
			if (n - height < 3 || vals[n - 1] != WX_I32 ||
			    vals[n - 2] != vals[n - 3] ||
			    (vals[n - 2] < WX_V128 || vals[n - 2] > WX_I32))
				goto stop;
			n -= 2;
			continue;
		default: {
			const wx_fastop *f = &fast[code[at]];
			if (f->kind == WX_FAST_MEM) {
				uint32_t align, offset;
				if (!leb_u32(code, &pos, end, &align) ||
				    align > f->align ||
				    !leb_u32(code, &pos, end, &offset))
					goto stop;
			} else if (f->kind != WX_FAST_SIG) {
				goto stop;
			}
			/* Spelled out by arity: most take two operands. */
			switch (f->nparams) {
			case 0:
				break;
			case 1:
				if (n == height || vals[n - 1] != f->params[0])
					goto stop;
				n--;
				break;
			case 2:
				if (n - height < 2 || vals[n - 1] != f->params[1] ||
				    vals[n - 2] != f->params[0])
					goto stop;
				n -= 2;
				break;
			default:
				if (!top_is(vals, n, height, f->params, 3))
					goto stop;
				n -= 3;
				break;
			}
			if (f->result)
				vals[n++] = f->result;
			continue;
		}
		}
	}
stop:
	r->pos = at;
	v->nvals = n;
}
