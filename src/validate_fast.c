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
    [WX_I32] = WX_I32,
    [WX_I64] = WX_I64,
    [WX_F32] = WX_F32,
    [WX_F64] = WX_F64,
    [WX_V128] = WX_V128,
    [WX_FUNCREF] = WX_FUNCREF,
    [WX_EXTERNREF] = WX_EXTERNREF,
};

/* The instructions typed by hand in the loop below. */
static uint8_t hand_kind(wx_opcode op)
{
	/* A table reads better one row a line. */
	/* clang-format off */
	switch (op) {
	case WX_OP_UNREACHABLE: return WX_FAST_UNREACHABLE;
	case WX_OP_BLOCK: case WX_OP_LOOP: case WX_OP_IF: return WX_FAST_BLOCK;
	case WX_OP_ELSE: return WX_FAST_ELSE;
	case WX_OP_END: return WX_FAST_END;
	case WX_OP_BR: return WX_FAST_BR;
	case WX_OP_BR_IF: return WX_FAST_BR_IF;
	case WX_OP_RETURN: return WX_FAST_RETURN;
	case WX_OP_CALL: return WX_FAST_CALL;
	case WX_OP_DROP: return WX_FAST_DROP;
	case WX_OP_SELECT: return WX_FAST_SELECT;
	case WX_OP_LOCAL_GET: return WX_FAST_LOCAL_GET;
	case WX_OP_LOCAL_SET: return WX_FAST_LOCAL_SET;
	case WX_OP_LOCAL_TEE: return WX_FAST_LOCAL_TEE;
	case WX_OP_GLOBAL_GET: return WX_FAST_GLOBAL_GET;
	case WX_OP_GLOBAL_SET: return WX_FAST_GLOBAL_SET;
	case WX_OP_I32_CONST: return WX_FAST_I32_CONST;
	case WX_OP_I64_CONST: return WX_FAST_I64_CONST;
	case WX_OP_F32_CONST: return WX_FAST_F32_CONST;
	case WX_OP_F64_CONST: return WX_FAST_F64_CONST;
	default: return WX_FAST_NO;
	}
	/* clang-format on */
}

void wx_validate_fast_init(wx_optables *tab)
{
	memset(tab->fast, 0, sizeof tab->fast);
	for (int op = 0; op < WX_OP_COUNT; op++) {
		const wx_opinfo *info = &wx_opinfo_table[op];
		const wx_opsig *sig = &tab->sigs[op];
		wx_fastop f = {0};
		if (info->prefix != 0)
			continue;
		f.op = (uint8_t)op;
		f.kind = hand_kind((wx_opcode)op);
		if (f.kind == WX_FAST_NO && sig->fixed) {
			memcpy(f.params, sig->params, sig->nparams);
			f.result = sig->nresults ? sig->results[0] : 0;
			f.align = info->align;
			if (info->imm == WX_IMM_NONE)
				f.kind = (uint8_t)(WX_FAST_SIG0 + sig->nparams);
		}
		tab->fast[0][info->code] = f;
		/* Without a memory, loads and stores are errors to report. */
		if (f.kind == WX_FAST_NO && sig->fixed &&
		    info->imm == WX_IMM_MEMARG &&
		    (sig->nparams == 1 || sig->nparams == 2))
			f.kind =
			    sig->nparams == 1 ? WX_FAST_MEM1 : WX_FAST_MEM2;
		tab->fast[1][info->code] = f;
	}
}

/* A u32 LEB128 (binary/values.rst) within [*pos, end). Fails, leaving the
 * error to the full reader, on a cut-off or over-long encoding. */
static inline bool leb_u32(const uint8_t *code, size_t *pos, size_t end,
                           uint32_t *out)
{
	size_t p = *pos;
	uint32_t x = 0;
	if (p < end && code[p] < 0x80) { /* most indices: one byte */
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
static inline bool leb_skip_signed(const uint8_t *code, size_t *pos, size_t end,
                                   unsigned bits)
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
			uint8_t high =
			    (uint8_t)(0x7F & ~((1u << (used - 1)) - 1));
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

/* True when the `n` operands below `sp`, and above `base`, are exactly
 * `types`. */
static inline bool top_is(const wx_valtype *base, const wx_valtype *sp,
                          const wx_valtype *types, uint32_t n)
{
	/* A loop, not memcmp: n is mostly 0 to 2. */
	if ((size_t)(sp - base) < n)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (sp[(ptrdiff_t)i - (ptrdiff_t)n] != types[i])
			return false;
	return true;
}

/* How the loop below goes from one instruction to the next: threaded
 * (GCC/Clang labels as values), each handler ending in its own copy of
 * the dispatch, an indirect jump with its own branch-predictor entry; or
 * a portable switch with WX_SWITCH_DISPATCH. The loop is written once,
 * against these three macros. */
#if defined(__GNUC__) && !defined(WX_SWITCH_DISPATCH)
#define FAST_THREADED       1
#define FAST_DISPATCH(kind) goto *labels[kind];
#define FAST_CASE(kind)     L_##kind:
#define FAST_NEXT                                                              \
	do {                                                                   \
		at = pos;                                                      \
		if (pos >= end)                                                \
			goto stop;                                             \
		f = &fast[code[pos++]];                                        \
		goto *labels[f->kind];                                         \
	} while (0)
#else
#define FAST_DISPATCH(kind) switch (kind)
#define FAST_CASE(kind)     case kind:
#define FAST_NEXT           goto next
#endif

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
	/* The operand stack: values from `vals` up to `sp`, those of the
	 * innermost block from `base`. */
	wx_valtype *sp = vals + v->nvals;
	wx_valtype *base = vals + top_frame(v)->height;

	uint32_t idx, cnt;
	const wx_valtype *types;
	const wx_module *m;
	wx_ctrl *top;
	wx_valtype t;
	const wx_fastop *f;
#ifdef FAST_THREADED
	static const void *const labels[] = {
	    [WX_FAST_NO] = &&L_WX_FAST_NO,
	    [WX_FAST_SIG0] = &&L_WX_FAST_SIG0,
	    [WX_FAST_SIG1] = &&L_WX_FAST_SIG1,
	    [WX_FAST_SIG2] = &&L_WX_FAST_SIG2,
	    [WX_FAST_SIG3] = &&L_WX_FAST_SIG3,
	    [WX_FAST_MEM1] = &&L_WX_FAST_MEM1,
	    [WX_FAST_MEM2] = &&L_WX_FAST_MEM2,
	    [WX_FAST_UNREACHABLE] = &&L_WX_FAST_UNREACHABLE,
	    [WX_FAST_BLOCK] = &&L_WX_FAST_BLOCK,
	    [WX_FAST_ELSE] = &&L_WX_FAST_ELSE,
	    [WX_FAST_END] = &&L_WX_FAST_END,
	    [WX_FAST_BR] = &&L_WX_FAST_BR,
	    [WX_FAST_BR_IF] = &&L_WX_FAST_BR_IF,
	    [WX_FAST_RETURN] = &&L_WX_FAST_RETURN,
	    [WX_FAST_CALL] = &&L_WX_FAST_CALL,
	    [WX_FAST_DROP] = &&L_WX_FAST_DROP,
	    [WX_FAST_SELECT] = &&L_WX_FAST_SELECT,
	    [WX_FAST_LOCAL_GET] = &&L_WX_FAST_LOCAL_GET,
	    [WX_FAST_LOCAL_SET] = &&L_WX_FAST_LOCAL_SET,
	    [WX_FAST_LOCAL_TEE] = &&L_WX_FAST_LOCAL_TEE,
	    [WX_FAST_GLOBAL_GET] = &&L_WX_FAST_GLOBAL_GET,
	    [WX_FAST_GLOBAL_SET] = &&L_WX_FAST_GLOBAL_SET,
	    [WX_FAST_I32_CONST] = &&L_WX_FAST_I32_CONST,
	    [WX_FAST_I64_CONST] = &&L_WX_FAST_I64_CONST,
	    [WX_FAST_F32_CONST] = &&L_WX_FAST_F32_CONST,
	    [WX_FAST_F64_CONST] = &&L_WX_FAST_F64_CONST,
	};
#endif

	if (r->failed)
		return;
		/* The handlers are indented under their labels. */
		/* clang-format off */
#ifndef FAST_THREADED
next:
#endif
	at = pos;
	if (pos >= end)
		goto stop;
	f = &fast[code[pos++]];
	FAST_DISPATCH(f->kind) {
	FAST_CASE(WX_FAST_LOCAL_GET)
		if (!leb_u32(code, &pos, end, &idx) || idx >= nlocals)
			goto stop;
		*sp++ = ltypes[idx];
		FAST_NEXT;
	FAST_CASE(WX_FAST_LOCAL_SET)
		if (!leb_u32(code, &pos, end, &idx) || idx >= nlocals ||
		    sp == base || sp[-1] != ltypes[idx])
			goto stop;
		sp--;
		FAST_NEXT;
	FAST_CASE(WX_FAST_LOCAL_TEE)
		if (!leb_u32(code, &pos, end, &idx) || idx >= nlocals ||
		    sp == base || sp[-1] != ltypes[idx])
			goto stop;
		FAST_NEXT;
	FAST_CASE(WX_FAST_GLOBAL_GET)
		m = v->module;
		if (!leb_u32(code, &pos, end, &idx) ||
		    idx >= m->nglobals)
			goto stop;
		*sp++ = m->globals[idx].type.type;
		FAST_NEXT;
	FAST_CASE(WX_FAST_GLOBAL_SET)
		m = v->module;
		if (!leb_u32(code, &pos, end, &idx) ||
		    idx >= m->nglobals || !m->globals[idx].type.mut ||
		    sp == base || sp[-1] != m->globals[idx].type.type)
			goto stop;
		sp--;
		FAST_NEXT;
	FAST_CASE(WX_FAST_I32_CONST)
		/* Up to four bytes any value is valid: no loop. */
		if (end - pos >= 4 && code[pos] < 0x80)
			pos += 1;
		else if (end - pos >= 4 && code[pos + 1] < 0x80)
			pos += 2;
		else if (end - pos >= 4 && code[pos + 2] < 0x80)
			pos += 3;
		else if (!leb_skip_signed(code, &pos, end, 32))
			goto stop;
		*sp++ = WX_I32;
		FAST_NEXT;
	FAST_CASE(WX_FAST_I64_CONST)
		if (!leb_skip_signed(code, &pos, end, 64))
			goto stop;
		*sp++ = WX_I64;
		FAST_NEXT;
	FAST_CASE(WX_FAST_F32_CONST)
		if (end - pos < 4)
			goto stop;
		pos += 4;
		*sp++ = WX_F32;
		FAST_NEXT;
	FAST_CASE(WX_FAST_F64_CONST)
		if (end - pos < 8)
			goto stop;
		pos += 8;
		*sp++ = WX_F64;
		FAST_NEXT;
	FAST_CASE(WX_FAST_UNREACHABLE)
		sp = base;
		top_frame(v)->unreachable = true;
		FAST_NEXT;
	FAST_CASE(WX_FAST_BLOCK) /* block, loop, if */
		/* Block types [] and [t]; a type index is left to the
		 * full validator. */
		if (pos >= end || v->nctrls == v->capctrls)
			goto stop;
		t = code[pos];
		if (t != 0x40 && single_type[t] == 0)
			goto stop;
		if (f->op == WX_OP_IF) {
			if (sp == base || sp[-1] != WX_I32)
				goto stop;
			sp--;
		}
		pos++;
		top = &v->ctrls[v->nctrls++];
		top->opcode = f->op;
		top->start = NULL;
		top->nstart = 0;
		top->end = t == 0x40 ? NULL : &single_type[t];
		top->nend = t == 0x40 ? 0 : 1;
		top->height = (uint32_t)(sp - vals);
		base = sp;
		top->unreachable = false;
		FAST_NEXT;
	FAST_CASE(WX_FAST_ELSE) /* the then branch must leave exactly the
	                    * results, and the else branch starts over
	                    */
		top = top_frame(v);
		if (top->opcode != WX_OP_IF || top->nstart != 0 ||
		    (uint32_t)(sp - base) != top->nend ||
		    !top_is(base, sp, top->end, top->nend))
			goto stop;
		sp = base;
		top->opcode = WX_OP_ELSE;
		top->unreachable = false;
		FAST_NEXT;
	FAST_CASE(WX_FAST_END) /* the results, already in place, stay */
		top = top_frame(v);
		if ((uint32_t)(sp - base) != top->nend ||
		    !top_is(base, sp, top->end, top->nend))
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
		base = vals + top_frame(v)->height;
		FAST_NEXT;
	FAST_CASE(WX_FAST_BR)
		if (!leb_u32(code, &pos, end, &idx) ||
		    !label(v, idx, &types, &cnt) ||
		    !top_is(base, sp, types, cnt))
			goto stop;
		sp = base;
		top_frame(v)->unreachable = true;
		FAST_NEXT;
	FAST_CASE(WX_FAST_BR_IF) /* the operands stay, as their types */
		if (!leb_u32(code, &pos, end, &idx) ||
		    !label(v, idx, &types, &cnt) || sp == base ||
		    sp[-1] != WX_I32 ||
		    !top_is(base, sp - 1, types, cnt))
			goto stop;
		sp--;
		FAST_NEXT;
	FAST_CASE(WX_FAST_RETURN)
		if (!top_is(base, sp, v->ctrls[0].end,
		            v->ctrls[0].nend))
			goto stop;
		sp = base;
		top_frame(v)->unreachable = true;
		FAST_NEXT;
	FAST_CASE(WX_FAST_CALL) {
		const wx_functype *ft;
		m = v->module;
		if (!leb_u32(code, &pos, end, &idx) || idx >= m->nfuncs)
			goto stop;
		ft = wx_func_type(m, idx);
		/* Many results must leave the room promised above. */
		if (!top_is(base, sp, ft->params, ft->nparams) ||
		    (uint64_t)(sp - vals) - ft->nparams + ft->nresults +
		            (end - pos) + 1 >
		        v->capvals)
			goto stop;
		sp -= ft->nparams;
		for (uint32_t i = 0; i < ft->nresults; i++)
			*sp++ = ft->results[i];
		FAST_NEXT;
	}
	FAST_CASE(WX_FAST_DROP)
		if (sp == base)
			goto stop;
		sp--;
		FAST_NEXT;
	FAST_CASE(WX_FAST_SELECT) /* two operands of one numeric or vector
	                      * type; an Unknown one is left to the full
	                      * path */
		if (sp - base < 3 || sp[-1] != WX_I32 ||
		    sp[-2] != sp[-3] ||
		    (sp[-2] < WX_V128 || sp[-2] > WX_I32))
			goto stop;
		sp -= 2;
		FAST_NEXT;
	FAST_CASE(WX_FAST_MEM1)
	FAST_CASE(WX_FAST_MEM2) {
		uint32_t align, offset;
		if (!leb_u32(code, &pos, end, &align) ||
		    align > f->align ||
		    !leb_u32(code, &pos, end, &offset))
			goto stop;
		if (f->kind == WX_FAST_MEM1)
			goto sig1;
		goto sig2;
	}
	FAST_CASE(WX_FAST_SIG0)
		goto push;
	FAST_CASE(WX_FAST_SIG1)
	sig1:
		if (sp == base || sp[-1] != f->params[0])
			goto stop;
		sp--;
		goto push;
	FAST_CASE(WX_FAST_SIG2)
	sig2:
		if (sp - base < 2 || sp[-1] != f->params[1] ||
		    sp[-2] != f->params[0])
			goto stop;
		sp -= 2;
		goto push;
	FAST_CASE(WX_FAST_SIG3)
		if (!top_is(base, sp, f->params, 3))
			goto stop;
		sp -= 3;
	push:
		if (f->result)
			*sp++ = f->result;
		FAST_NEXT;
	FAST_CASE(WX_FAST_NO)
		goto stop;
	}
	/* clang-format on */
stop:
	r->pos = at;
	v->nvals = (uint32_t)(sp - vals);
}
