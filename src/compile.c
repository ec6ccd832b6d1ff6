/*
 * compile.c - translation of a validated function body into the internal
 * code of icode.def. The typing rules of valid/instructions.rst and the
 * control stack of appendix/algorithm.rst are mirrored here, but nothing is
 * checked: the validator has accepted the body, so this file only assert()s.
 *
 * The compiler keeps a virtual operand stack. Every stack position has a
 * fixed "home" slot in the frame (after the parameters and locals), and an
 * entry says where its value is now: in its home (TEMP), still in a local
 * (LOCAL, after local.get: nothing emitted) or a constant (CONST, after
 * t.const: nothing emitted). Instructions then read locals and constants
 * directly, which turns stack code into three-address code. Values are
 * moved to their homes only where the position must hold them: at block
 * boundaries, as call arguments, and before the local they name is
 * overwritten. See docs/interp.md. This file has emission, the virtual
 * stack, calls, variables and the walk; compile_control.c labels, branches
 * and blocks; compile_ops.c the numeric, memory and table instructions;
 * compile_memory.c the accesses to other and 64-bit memories.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "compile_impl.h"
#include "icode_verify.h"
#include "interp.h"
#include "opcodes.h"
#include "reader.h"
#include "runtime.h"

/* ------------------------------------------------------------ emission */

/* More cells than the longest fixed-length instruction (SHUFFLE_FEW). */
#define MIN_CODE_CELLS 16
#define WX_I(ident, cells, layout, meaning)                                    \
	_Static_assert(cells < MIN_CODE_CELLS,                                 \
	               #ident " is longer than the "                           \
	                      "code buffer's minimum");
#define WX_NUM(ident, cells, layout, meaning)                                  \
	WX_I(ident, cells, layout, meaning)
#include "icode.def"

bool wx_compile_grow_to(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	void *np = realloc(*p, (size_t)ncap * elem);
	if (!np)
		return false;
	*p = np;
	*cap = ncap;
	return true;
}

/* Appends an instruction of n cells and returns its first cell. On
 * allocation failure it records oom and returns cell 0, whose cells then
 * take harmless writes (the code is thrown away): setup() allocates room
 * for the longest instruction before anything is emitted, so those writes
 * always land in the buffer. */
uint32_t wx_compile_emit(compiler *c, wx_icode op, uint32_t n)
{
	wx_compile_pair_last(c, op);
	c->last_ok = false;
	if (c->oom ||
	    !wx_compile_grow((void **)&c->code, &c->capcode, c->ncode + n,
	                     sizeof *c->code) ||
	    !wx_compile_grow((void **)&c->starts, &c->capstarts, c->nstarts + 1,
	                     sizeof *c->starts)) {
		c->oom = true;
		return 0;
	}
	uint32_t pos = c->ncode;
	for (uint32_t i = 0; i < n; i++)
		c->code[pos + i].u64 = 0;
	c->code[pos].op = op;
	c->ncode += n;
	c->starts[c->nstarts++] = pos;
	return pos;
}

/* Appends `d = a` (one slot). A copy right after another, with no label
 * between, joins it as one COPY2: argument set-up and the moves at block
 * ends come in runs. */
void wx_compile_emit_copy(compiler *c, uint32_t d, uint32_t a)
{
	uint32_t p = c->nstarts ? c->starts[c->nstarts - 1] : 0;
	if (c->nstarts && !c->oom && c->code[p].op == WX_I_COPY &&
	    p + 2 == c->ncode && p >= c->label_pos &&
	    wx_compile_grow((void **)&c->code, &c->capcode, c->ncode + 1,
	                    sizeof *c->code)) {
		c->code[p].op = WX_I_COPY2;
		c->code[p + 2].s.a = d;
		c->code[p + 2].s.b = a;
		c->ncode++;
		c->last_ok = false;
		return;
	}
	uint32_t pos = wx_compile_emit(c, WX_I_COPY, 2);
	c->code[pos + 1].s.a = d;
	c->code[pos + 1].s.b = a;
}

void wx_compile_set_half(compiler *c, uint32_t cell, uint32_t half, uint32_t v)
{
	if (c->oom)
		return;
	if (half == 0)
		c->code[cell].s.a = v;
	else
		c->code[cell].s.b = v;
}

/* An instruction whose destination is cell 1's first half. */
uint32_t wx_compile_emit_value(compiler *c, wx_icode op, uint32_t n, uint32_t d)
{
	uint32_t pos = wx_compile_emit(c, op, n);
	c->code[pos + 1].s.a = d;
	c->last_ok = !c->oom;
	c->last_pos = pos;
	return pos;
}

void wx_compile_add_patch(compiler *c, ctrl *t, uint32_t cell, uint32_t half,
                          uint32_t base)
{
	if (c->oom || !wx_compile_grow((void **)&c->patches, &c->cappatches,
	                               c->npatches + 1, sizeof *c->patches)) {
		c->oom = true;
		return;
	}
	patch *p = &c->patches[c->npatches++];
	p->cell = cell;
	p->half = half;
	p->base = base;
	p->next = t->patches;
	t->patches = c->npatches;
}

void wx_compile_mark_label(compiler *c)
{
	if (c->label_pos != c->ncode)
		c->label_prev = c->label_pos;
	c->label_pos = c->ncode;
	c->last_ok = false;
	c->gen++;
}

/* A branch target is being placed here: resolve `head`'s list and stop
 * instruction fusion across the label. */
void wx_compile_resolve(compiler *c, uint32_t head)
{
	if (head)
		wx_compile_mark_label(c);
	for (uint32_t i = head; i; i = c->patches[i - 1].next) {
		patch *p = &c->patches[i - 1];
		wx_compile_set_half(c, p->cell, p->half, c->ncode - p->base);
	}
	c->last_ok = false;
}

/* ------------------------------------------------------------ virtual stack */

uint32_t wx_compile_next_home(const compiler *c)
{
	if (c->nstack == 0)
		return c->home_base;
	const ventry *e = &c->stack[c->nstack - 1];
	return e->home + wx_slots_of(e->type);
}

static ventry *push(compiler *c, uint8_t kind, wx_valtype type);

/* push once the stack is full: kept apart, so that push itself saves no
 * registers for a call it seldom makes. */
static __attribute__((noinline)) ventry *push_grown(compiler *c,
                                                    uint8_t kind,
                                                    wx_valtype type)
{
	static ventry scratch;
	if (!wx_compile_grow_to((void **)&c->stack, &c->capstack,
	                        c->nstack + 1, sizeof *c->stack)) {
		c->oom = true;
		return &scratch;
	}
	return push(c, kind, type);
}

static ventry *push(compiler *c, uint8_t kind, wx_valtype type)
{
	if (c->nstack >= c->capstack)
		return push_grown(c, kind, type);
	uint32_t home = wx_compile_next_home(c);
	ventry *e = &c->stack[c->nstack++];
	e->kind = kind;
	e->type = type;
	e->home = home;
	e->local = 0;
	e->k = 0;
	e->k2 = 0;
	if (home + wx_slots_of(type) > c->max_slots)
		c->max_slots = home + wx_slots_of(type);
	return e;
}

/* Pending reads of locals are counted per local slot, with the lowest
 * stack index that may hold one (and overall), so that a local.set or a
 * block looks only at the entries that can matter, not at the whole
 * stack each time: translation stays linear in the body. */
static void ref_local(compiler *c)
{
	if (c->oom || c->nstack == 0) /* the push failed */
		return;
	uint32_t i = c->nstack - 1;
	const ventry *e = &c->stack[i];
	if (e->kind != V_LOCAL)
		return;
	if (c->refs[e->local]++ == 0 || c->ref_floor[e->local] > i)
		c->ref_floor[e->local] = i;
	if (c->nrefs++ == 0 || c->any_floor > i)
		c->any_floor = i;
}

static void unref_local(compiler *c, const ventry *e)
{
	if (e->kind != V_LOCAL)
		return;
	c->refs[e->local]--;
	c->nrefs--;
}

static void push_local(compiler *c, wx_valtype type, uint32_t slot)
{
	push(c, V_LOCAL, type)->local = slot;
	ref_local(c);
}

void wx_compile_push_entry(compiler *c, const ventry *e)
{
	ventry *n = push(c, e->kind, e->type);
	n->local = e->local;
	n->k = e->k;
	n->k2 = e->k2;
	ref_local(c);
}

/* Drops the entries above n. */
void wx_compile_pop_to(compiler *c, uint32_t n)
{
	while (c->nstack > n)
		unref_local(c, &c->stack[--c->nstack]);
	if (c->temp_hi > c->nstack)
		c->temp_hi = c->nstack;
}

uint32_t wx_compile_push_temp(compiler *c, wx_valtype type)
{
	return push(c, V_TEMP, type)->home;
}

ventry wx_compile_pop(compiler *c)
{
	assert(c->nstack > 0);
	--c->nstack;
	if (c->temp_hi > c->nstack)
		c->temp_hi = c->nstack;
	unref_local(c, &c->stack[c->nstack]);
	return c->stack[c->nstack];
}

/* Writes entry e's value into `slot` (no change to the entry). */
void wx_compile_store_to(compiler *c, const ventry *e, uint32_t slot)
{
	uint32_t pos;
	switch (e->kind) {
	case V_CONST:
		if (e->type == WX_I32 || e->type == WX_F32) {
			pos = wx_compile_emit(c, WX_I_CONST32, 2);
			c->code[pos + 1].s.a = slot;
			c->code[pos + 1].s.b = (uint32_t)e->k;
		} else if (e->type == WX_V128) {
			pos = wx_compile_emit(c, WX_I_CONST128, 4);
			c->code[pos + 1].s.a = slot;
			c->code[pos + 2].u64 = e->k;
			c->code[pos + 3].u64 = e->k2;
		} else {
			pos = wx_compile_emit(c, WX_I_CONST64, 3);
			c->code[pos + 1].s.a = slot;
			c->code[pos + 2].u64 = e->k;
		}
		return;
	case V_LOCAL:
	case V_TEMP: {
		uint32_t src = e->kind == V_LOCAL ? e->local : e->home;
		if (src == slot)
			return;
		if (e->type == WX_V128) {
			pos = wx_compile_emit(c, WX_I_COPY_V128, 2);
			c->code[pos + 1].s.a = slot;
			c->code[pos + 1].s.b = src;
		} else {
			wx_compile_emit_copy(c, slot, src);
		}
		return;
	}
	}
}

/* Moves stack entry i into its home. */
void wx_compile_materialize(compiler *c, uint32_t i)
{
	ventry *e = &c->stack[i];
	if (e->kind == V_TEMP)
		return;
	wx_compile_store_to(c, e, e->home);
	unref_local(c, e);
	e->kind = V_TEMP;
}

/* Every entry still reading local `slot` from the lowest one on, which
 * afterwards are all in their homes. */
static void materialize_local(compiler *c, uint32_t slot)
{
	for (uint32_t i = c->ref_floor[slot]; c->refs[slot] && i < c->nstack;
	     i++)
		if (c->stack[i].kind == V_LOCAL && c->stack[i].local == slot)
			wx_compile_materialize(c, i);
}

static bool refers_to_local(const compiler *c, uint32_t slot)
{
	return c->refs[slot] != 0;
}

/* The slot an operand can be read from; a constant is first written to its
 * home (free: the entry was just popped). */
uint32_t wx_compile_operand(compiler *c, const ventry *e)
{
	switch (e->kind) {
	case V_LOCAL:
		return e->local;
	case V_CONST:
		for (uint32_t i = 0; i < c->npool; i++)
			if (c->pool_type[i] == e->type &&
			    c->pool_k[i] == e->k && c->pool_k2[i] == e->k2)
				return c->locals_end + c->pool_slot[i];
		wx_compile_store_to(c, e, e->home);
		return e->home;
	default:
		return e->home;
	}
}

/* ------------------------------------------------------------ calls */

/* Puts the top n values in their homes, the callee's parameter slots. */
static uint32_t take_args(compiler *c, uint32_t n)
{
	for (uint32_t i = c->nstack - n; i < c->nstack; i++)
		wx_compile_materialize(c, i);
	wx_compile_pop_to(c, c->nstack - n);
	return wx_compile_next_home(c);
}

static void push_results(compiler *c, const wx_functype *ft)
{
	for (uint32_t i = 0; i < ft->nresults; i++)
		wx_compile_push_temp(c, ft->results[i]);
}

static void do_call(compiler *c, uint32_t funcidx)
{
	const wx_functype *ft = wx_func_type(c->m, funcidx);
	uint32_t base = take_args(c, ft->nparams);
	wx_icode op =
	    funcidx < c->m->nfunc_imports ? WX_I_CALL : WX_I_CALL_LOCAL;
	uint32_t pos = wx_compile_emit(c, op, 2);
	c->code[pos + 1].s.a = funcidx;
	c->code[pos + 1].s.b = base;
	push_results(c, ft);
}

/* return_call and return_call_indirect (proposals/tail-call): the
 * arguments go to their homes as for a call, and the instruction moves
 * them to the frame's first slots and enters the callee in this frame. */
static void do_return_call(compiler *c, const wx_instr *in)
{
	bool indirect = in->op == WX_OP_RETURN_CALL_INDIRECT;
	const wx_functype *ft =
	    indirect ? &c->m->types[in->x] : wx_func_type(c->m, in->x);
	uint32_t i = 0, nslots = 0;
	if (indirect) {
		ventry e = wx_compile_pop(c);
		i = wx_compile_operand(c, &e);
	}
	uint32_t base = take_args(c, ft->nparams);
	for (uint32_t p = 0; p < ft->nparams; p++)
		nslots += wx_slots_of(ft->params[p]);
	uint32_t pos = wx_compile_emit(
	    c, indirect ? WX_I_RETURN_CALL_INDIRECT : WX_I_RETURN_CALL,
	    indirect ? 4 : 3);
	c->code[pos + 1].s.a = in->x;
	if (indirect) {
		c->code[pos + 1].s.b = in->y;
		c->code[pos + 2].s.a = base;
		c->code[pos + 2].s.b = i;
		c->code[pos + 3].s.a = nslots;
	} else {
		c->code[pos + 1].s.b = base;
		c->code[pos + 2].s.a = nslots;
	}
	c->unreachable = true;
}

static void do_call_indirect(compiler *c, uint32_t typeidx, uint32_t tableidx)
{
	const wx_functype *ft = &c->m->types[typeidx];
	ventry e = wx_compile_pop(c);
	uint32_t i = wx_compile_operand(c, &e);
	uint32_t base = take_args(c, ft->nparams);
	uint32_t pos = wx_compile_emit(c, WX_I_CALL_INDIRECT, 3);
	c->code[pos + 1].s.a = typeidx;
	c->code[pos + 1].s.b = tableidx;
	c->code[pos + 2].s.a = base;
	c->code[pos + 2].s.b = i;
	push_results(c, ft);
}

/* ------------------------------------------------------------ variables */

bool wx_compile_known_v128(const compiler *c, const ventry *e, uint64_t *out)
{
	if (e->type != WX_V128)
		return false;
	if (e->kind == V_CONST) {
		out[0] = e->k;
		out[1] = e->k2;
		return true;
	}
	if (e->kind != V_LOCAL || c->known_gen[e->local] != c->gen)
		return false;
	out[0] = c->known[e->local][0];
	out[1] = c->known[e->local][1];
	return true;
}

/* Records what local `slot` holds after a write of e. */
static void note_local(compiler *c, uint32_t slot, const ventry *e)
{
	uint64_t k[2];
	if (wx_compile_known_v128(c, e, k)) {
		c->known[slot][0] = k[0];
		c->known[slot][1] = k[1];
		c->known_gen[slot] = c->gen;
	} else {
		c->known_gen[slot] = 0;
	}
}

/* global.set of an i32.add of a constant just computed (into a temporary
 * or, through local.tee, a local): one instruction, and with the
 * global.get before it, one that adjusts the global in place (the stack
 * pointer's adjustment on entry and exit of a C function). */
static bool fuse_global_set(compiler *c, uint32_t idx)
{
	const ventry *e = &c->stack[c->nstack - 1];
	uint32_t p = c->last_pos;
	if (!c->last_ok || c->code[p].op != WX_I_I32_ADD_K)
		return false;
	uint32_t d = c->code[p + 1].s.a;
	if (!((e->kind == V_TEMP && e->home == d) ||
	      (e->kind == V_LOCAL && e->local == d)))
		return false;
	uint32_t a = c->code[p + 1].s.b, k = c->code[p + 2].s.a;
	wx_compile_pop(c);
	uint32_t q = c->nstarts >= 2 ? c->starts[c->nstarts - 2] : UINT32_MAX;
	bool get = q != UINT32_MAX && q + 2 == p && q >= c->label_pos &&
	           c->code[q].op == WX_I_GLOBAL_GET &&
	           c->code[q + 1].s.a == a && c->code[q + 1].s.b == idx &&
	           a >= c->home_base;
	c->ncode = get ? q : p;
	c->nstarts -= get ? 2 : 1;
	uint32_t pos = wx_compile_emit(
	    c, get ? WX_I_GLOBAL_ADD_K : WX_I_ADD_K_GLOBAL_SET, 3);
	c->code[pos + 1].s.a = d;
	if (get) {
		c->code[pos + 1].s.b = idx;
		c->code[pos + 2].s.a = k;
	} else {
		c->code[pos + 1].s.b = a;
		c->code[pos + 2].s.a = k;
		c->code[pos + 2].s.b = idx;
	}
	return true;
}

/* Local x is read: unless every path has set it, it starts at zero. */
static void local_read(compiler *c, uint32_t x)
{
	if (x < c->type->nparams || c->is_set[x])
		return;
	uint32_t end = c->local_slot[x] + wx_slots_of(c->local_type[x]);
	if (c->local_slot[x] < c->zero_lo)
		c->zero_lo = c->local_slot[x];
	if (end > c->zero_end)
		c->zero_end = end;
}

static void local_written(compiler *c, uint32_t x)
{
	if (x < c->type->nparams || c->is_set[x])
		return;
	c->is_set[x] = 1;
	c->init_log[c->ninit_log].local = x;
	c->init_log[c->ninit_log++].clock = c->set_clock++;
}

void wx_compile_forget_sets(compiler *c, const ctrl *t, uint32_t clock)
{
	while (c->ninit_log > t->nset &&
	       c->init_log[c->ninit_log - 1].clock >= clock)
		c->is_set[c->init_log[--c->ninit_log].local] = 0;
}

static void do_local_set(compiler *c, uint32_t x, bool tee)
{
	local_written(c, x);
	uint32_t slot = c->local_slot[x];
	ventry e = wx_compile_pop(c);
	note_local(c, slot, &e);
	if (refers_to_local(c, slot)) {
		materialize_local(c, slot);
	} else if (e.kind == V_TEMP && c->last_ok &&
	           c->code[c->last_pos + 1].s.a == e.home) {
		/* The value was just computed: compute it into the local.
		 * last_ok stays set: the destination is now a local, which no
		 * home-based fusion can mistake for its operand. */
		c->code[c->last_pos + 1].s.a = slot;
		if (tee)
			push_local(c, e.type, slot);
		return;
	} else if (e.kind == V_LOCAL && e.local != slot && c->last_ok &&
	           wx_slots_of(e.type) == 1 &&
	           c->code[c->last_pos + 1].s.a == e.local) {
		/* `op; local.tee a; local.set b`: compute into b and copy to
		 * a. Both end up equal, and a loop variable kept in b no longer
		 * waits on the copy from one iteration to the next. */
		c->code[c->last_pos + 1].s.a = slot;
		wx_compile_emit_copy(c, e.local, slot);
		if (tee)
			push_local(c, e.type, slot);
		return;
	}
	wx_compile_store_to(c, &e, slot);
	if (tee)
		wx_compile_push_entry(c, &e);
}

static void do_select(compiler *c)
{
	ventry k = wx_compile_pop(c), b = wx_compile_pop(c),
	       a = wx_compile_pop(c);
	/* A 32-bit constant choice stays in the code, as CONST32 would
	 * write it. */
	bool small = a.type == WX_I32 || a.type == WX_F32;
	wx_icode op = a.type == WX_V128 ? WX_I_SELECT_V128
	              : small && a.kind == V_CONST ? WX_I_SELECT_KA
	              : small && b.kind == V_CONST ? WX_I_SELECT_KB
	                                           : WX_I_SELECT;
	uint32_t sk = wx_compile_operand(c, &k);
	uint32_t sb = op == WX_I_SELECT_KB ? (uint32_t)b.k
	                                   : wx_compile_operand(c, &b);
	uint32_t sa = op == WX_I_SELECT_KA ? (uint32_t)a.k
	                                   : wx_compile_operand(c, &a);
	uint32_t d = wx_compile_push_temp(c, a.type);
	uint32_t pos = wx_compile_emit_value(c, op, 3, d);
	c->code[pos + 1].s.b = sk;
	c->code[pos + 2].s.a = sa;
	c->code[pos + 2].s.b = sb;
}

static void push_const(compiler *c, wx_valtype type, const uint64_t *bits)
{
	ventry *e = push(c, V_CONST, type);
	e->k = bits[0];
	e->k2 = type == WX_V128 ? bits[1] : 0;
}

/* ------------------------------------------------------------ the walk */

static void compile_op(compiler *c, const wx_instr *in)
{
	wx_opcode op = in->op;
	wx_icode ni = (wx_icode)wx_icode_of_op[op];
	if (ni != WX_I_UNREACHABLE) {
		wx_compile_numeric(c, in, ni);
		return;
	}
	switch (op) {
	case WX_OP_UNREACHABLE:
		wx_compile_emit(c, WX_I_UNREACHABLE, 1);
		c->unreachable = true;
		break;
	case WX_OP_NOP:
		break;
	case WX_OP_BLOCK:
	case WX_OP_LOOP:
	case WX_OP_IF:
		wx_compile_block(c, op, in);
		break;
	case WX_OP_ELSE:
		wx_compile_else(c);
		break;
	case WX_OP_END:
		wx_compile_end(c);
		break;
	case WX_OP_BR:
		wx_compile_note_branch(c, wx_compile_label(c, in->x));
		wx_compile_prepare_moves(
		    c, wx_compile_label_arity(wx_compile_label(c, in->x)));
		wx_compile_br(c, wx_compile_label(c, in->x));
		c->unreachable = true;
		break;
	case WX_OP_BR_IF:
		wx_compile_br_if(c, in->x);
		break;
	case WX_OP_BR_TABLE:
		wx_compile_br_table(c, in->count, in->list);
		break;
	case WX_OP_RETURN:
		wx_compile_prepare_moves(c, c->type->nresults);
		wx_compile_return(c);
		c->unreachable = true;
		break;
	case WX_OP_RETURN_CALL:
	case WX_OP_RETURN_CALL_INDIRECT:
		do_return_call(c, in);
		break;
	case WX_OP_CALL:
		do_call(c, in->x);
		break;
	case WX_OP_CALL_INDIRECT:
		do_call_indirect(c, in->x, in->y);
		break;
	case WX_OP_DROP:
		wx_compile_pop(c);
		break;
	case WX_OP_SELECT:
	case WX_OP_SELECT_T:
		do_select(c);
		break;
	case WX_OP_LOCAL_GET:
		local_read(c, in->x);
		push_local(c, c->local_type[in->x], c->local_slot[in->x]);
		break;
	case WX_OP_LOCAL_SET:
		do_local_set(c, in->x, false);
		break;
	case WX_OP_LOCAL_TEE:
		do_local_set(c, in->x, true);
		break;
	case WX_OP_GLOBAL_GET: {
		wx_valtype t = c->m->globals[in->x].type.type;
		uint32_t d = wx_compile_push_temp(c, t);
		uint32_t pos = wx_compile_emit_value(
		    c, t == WX_V128 ? WX_I_GLOBAL_GET_V128 : WX_I_GLOBAL_GET, 2,
		    d);
		c->code[pos + 1].s.b = in->x;
		break;
	}
	case WX_OP_GLOBAL_SET: {
		uint32_t s[1];
		wx_valtype t = c->m->globals[in->x].type.type;
		if (fuse_global_set(c, in->x))
			break;
		wx_compile_pop_operands(c, 1, s);
		uint32_t pos = wx_compile_emit(
		    c, t == WX_V128 ? WX_I_GLOBAL_SET_V128 : WX_I_GLOBAL_SET,
		    2);
		c->code[pos + 1].s.a = s[0];
		c->code[pos + 1].s.b = in->x;
		break;
	}
	case WX_OP_I32_CONST:
		push_const(c, WX_I32, in->bits);
		break;
	case WX_OP_I64_CONST:
		push_const(c, WX_I64, in->bits);
		break;
	case WX_OP_F32_CONST:
		push_const(c, WX_F32, in->bits);
		break;
	case WX_OP_F64_CONST:
		push_const(c, WX_F64, in->bits);
		break;
	case WX_OP_V128_CONST:
		push_const(c, WX_V128, in->bits);
		break;
	case WX_OP_REF_NULL: {
		static const uint64_t null[2];
		push_const(c, in->type, null);
		break;
	}
	case WX_OP_REF_IS_NULL: {
		uint32_t s[1];
		wx_compile_pop_operands(c, 1, s);
		uint32_t pos = wx_compile_emit_value(
		    c, WX_I_REF_IS_NULL, 2, wx_compile_push_temp(c, WX_I32));
		c->code[pos + 1].s.b = s[0];
		break;
	}
	case WX_OP_REF_FUNC: {
		uint32_t pos = wx_compile_emit_value(
		    c, WX_I_REF_FUNC, 2, wx_compile_push_temp(c, WX_FUNCREF));
		c->code[pos + 1].s.b = in->x;
		break;
	}
	default:
		wx_compile_bulk(c, op, in->x, in->y);
		break;
	}
}

/* In dead code only the nesting matters. */
static void skip_op(compiler *c, wx_opcode op)
{
	switch (op) {
	case WX_OP_BLOCK:
	case WX_OP_LOOP:
	case WX_OP_IF:
		c->skip_depth++;
		break;
	case WX_OP_ELSE:
		if (c->skip_depth == 0)
			wx_compile_else(c);
		break;
	case WX_OP_END:
		if (c->skip_depth == 0)
			wx_compile_end(c);
		else
			c->skip_depth--;
		break;
	default:
		break;
	}
}

/* Adds a constant to the pool unless it is there. */
static void pool_add(compiler *c, wx_valtype t, const uint64_t *bits)
{
	uint64_t hi = t == WX_V128 ? bits[1] : 0;
	if (c->npool == POOL_MAX)
		return;
	for (uint32_t i = 0; i < c->npool; i++)
		if (c->pool_type[i] == t && c->pool_k[i] == bits[0] &&
		    c->pool_k2[i] == hi)
			return;
	c->pool_type[c->npool] = t;
	c->pool_k[c->npool] = bits[0];
	c->pool_k2[c->npool] = hi;
	c->pool_slot[c->npool] = c->pool_slots;
	c->pool_slots += wx_slots_of(t);
	c->npool++;
}

/* What scan_pool does with a one-byte opcode, without decoding it: step
 * over no, one or two LEB128s, or over a float's 4 or 8 bytes, keeping
 * track of blocks and of what the zero slot needs. SKIM_READ (br_table,
 * select t*, the prefixes) takes the reader. This is a second reader of
 * immediates, against the rule of one: decoding cost the scan more than
 * the rest of it. It is kept safe by deriving its table from the opcode
 * table's immediate kinds, any kind it does not know going to the
 * reader, and by test_scan_pool, which holds its steps to the reader's. */
enum {
	SKIM_READ,
	SKIM_NONE,
	SKIM_LEB,
	SKIM_LEB2,
	SKIM_I32_CONST, /* a LEB128, and an i32.const for the next access */
	SKIM_LOAD,      /* a memarg; reads its address from the last one */
	SKIM_STORE,     /* a memarg; its address is the one before last */
	SKIM_BLOCK,     /* block, if: a blocktype */
	SKIM_LOOP,
	SKIM_END,
	SKIM_F32,
	SKIM_F64,
};
static uint8_t skim_kinds[256];
static pthread_once_t skim_once = PTHREAD_ONCE_INIT;

static void build_skim_kinds(void)
{
	const wx_opsig *sigs = wx_opsig_table();
	for (unsigned b = 0; b < 0xFC; b++) {
		if (!wx_opcode_map[b])
			continue;
		wx_opcode op = (wx_opcode)(wx_opcode_map[b] - 1);
		uint8_t k = SKIM_READ;
		switch (wx_opinfo_table[op].imm) {
		case WX_IMM_NONE:
			k = SKIM_NONE;
			break;
		case WX_IMM_BLOCKTYPE: /* 0x40, a value type or an s33 */
			k = SKIM_BLOCK;
			break;
		case WX_IMM_LABEL:
		case WX_IMM_FUNC:
		case WX_IMM_LOCAL:
		case WX_IMM_GLOBAL:
		case WX_IMM_TABLE:
		case WX_IMM_MEMIDX:
		case WX_IMM_REFTYPE:
		case WX_IMM_I32:
		case WX_IMM_I64:
			k = SKIM_LEB;
			break;
		case WX_IMM_CALL_INDIRECT:
			k = SKIM_LEB2;
			break;
		case WX_IMM_MEMARG:
			k = sigs[op].nresults == 0 ? SKIM_STORE : SKIM_LOAD;
			break;
		case WX_IMM_F32:
			k = SKIM_F32;
			break;
		case WX_IMM_F64:
			k = SKIM_F64;
			break;
		default:
			break;
		}
		if (op == WX_OP_I32_CONST)
			k = SKIM_I32_CONST;
		else if (op == WX_OP_LOOP)
			k = SKIM_LOOP;
		else if (op == WX_OP_END)
			k = SKIM_END;
		skim_kinds[b] = k;
	}
}

/* The offset after the LEB128 at p (the body is validated: it ends). */
static size_t skip_leb(const uint8_t *b, size_t p, size_t end)
{
	while (p < end && b[p] >= 0x80)
		p++;
	return p + 1;
}

static uint64_t read_le(const uint8_t *b, int n)
{
	uint64_t v = 0;
	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

/* The offset after the instruction at p of kind k, when the table can
 * step over it; 0 when the reader must (SKIM_READ, a memory index). */
static inline size_t skim_step(const uint8_t *b, size_t p, size_t end,
                               uint8_t k)
{
	switch (k) {
	case SKIM_NONE:
	case SKIM_END:
		return p + 1;
	case SKIM_LEB:
	case SKIM_I32_CONST:
	case SKIM_BLOCK:
	case SKIM_LOOP:
		return skip_leb(b, p + 1, end);
	case SKIM_LEB2:
		return skip_leb(b, skip_leb(b, p + 1, end), end);
	case SKIM_LOAD:
	case SKIM_STORE:
		/* A memory index follows flags of 0x40 or more. */
		return b[p + 1] >= 0x40 ? 0 : skip_leb(b, p + 2, end);
	case SKIM_F32:
		return p + 5;
	case SKIM_F64:
		return p + 9;
	default:
		return 0;
	}
}

size_t wx_compile_skim(const uint8_t *b, size_t p, size_t end)
{
	pthread_once(&skim_once, build_skim_kinds);
	return end - p < 16 ? 0 : skim_step(b, p, end, skim_kinds[b[p]]);
}

/* Collects the pool: float and vector constants inside loops, at most
 * POOL_MAX; and whether the body needs the zero slot. Only what this
 * needs is read of each instruction: a table of the one-byte opcodes
 * says how to step over the rest, and the reader takes the others. */
static bool scan_pool(compiler *c, uint32_t body_len)
{
	wx_reader r = c->r;
	const uint8_t *b = r.base;
	uint8_t *is_loop = malloc((size_t)body_len + 2);
	uint32_t depth = 0, loops = 0;
	/* Whether the last instruction, and the one before, was an
	 * i32.const: an access at a constant address (a C global), which
	 * the zero slot serves, reads it. */
	bool k1 = false, k2 = false;
	/* Every access to a 64-bit memory 0 uses the zero slot too. */
	const bool mem64 = c->m->nmems > 0 && c->m->mems[0].is64;
	if (!is_loop)
		return false;
	pthread_once(&skim_once, build_skim_kinds);
	/* The position and the end stay in registers: only the reader's
	 * path goes through r. */
	size_t p = r.pos;
	const size_t end = r.end;
	while (p < end) {
		uint8_t k = end - p < 16 ? SKIM_READ : skim_kinds[b[p]];
		size_t next = skim_step(b, p, end, k);
		bool is_const = false;
		if (!next)
			k = SKIM_READ;
		/* Most instructions need nothing more than stepping over. */
		if (k >= SKIM_NONE && k <= SKIM_LEB2) {
			p = next;
			k2 = k1;
			k1 = false;
			continue;
		}
		switch (k) {
		case SKIM_I32_CONST:
			is_const = true;
			break;
		case SKIM_LOAD:
		case SKIM_STORE:
			if ((k == SKIM_LOAD ? k1 : k2) || mem64)
				c->want_zero = true;
			break;
		case SKIM_BLOCK:
		case SKIM_LOOP:
			is_loop[depth++] = k == SKIM_LOOP;
			loops += k == SKIM_LOOP;
			break;
		case SKIM_END:
			if (depth > 0)
				loops -= is_loop[--depth];
			break;
		case SKIM_F32:
		case SKIM_F64:
			if (loops) {
				int n = k == SKIM_F32 ? 4 : 8;
				uint64_t bits[2] = {read_le(b + p + 1, n), 0};
				pool_add(c, k == SKIM_F32 ? WX_F32 : WX_F64,
				         bits);
			}
			break;
		case SKIM_READ: { /* the reader, and the above for any opcode */
			wx_instr in;
			r.pos = p;
			if (r.failed || !wx_read_instr_any(&r, &in))
				goto done;
			next = r.pos;
			wx_opcode op = in.op;
			wx_imm imm = wx_opinfo_table[op].imm;
			switch (op) {
			case WX_OP_BLOCK:
			case WX_OP_IF:
			case WX_OP_LOOP:
				is_loop[depth++] = op == WX_OP_LOOP;
				loops += op == WX_OP_LOOP;
				break;
			case WX_OP_END:
				if (depth > 0)
					loops -= is_loop[--depth];
				break;
			case WX_OP_I32_CONST:
				is_const = true;
				break;
			case WX_OP_F32_CONST:
			case WX_OP_F64_CONST:
			case WX_OP_V128_CONST:
				if (loops)
					pool_add(c,
					         op == WX_OP_F32_CONST   ? WX_F32
					         : op == WX_OP_F64_CONST ? WX_F64
					                                 : WX_V128,
					         in.bits);
				break;
			default:
				break;
			}
			if (imm != WX_IMM_MEMARG && imm != WX_IMM_MEMARG_LANE)
				break;
			if (imm == WX_IMM_MEMARG && op != WX_OP_V128_LOAD &&
			    op != WX_OP_V128_STORE &&
			    (c->sigs[op].nresults == 0 ? k2 : k1))
				c->want_zero = true;
			/* Accesses to the other memories all use it. */
			if (wx_compile_far_access(c, &in))
				c->want_zero = true;
			break;
		}
		default:
			break;
		}
		p = next;
		k2 = k1;
		k1 = is_const;
	}
done:
	free(is_loop);
	return true;
}

static void walk(compiler *c)
{
	while (c->nctrls > 0 && !c->r.failed && !c->oom) {
		wx_instr in;
		if (!wx_read_instr(&c->r, &in))
			break;
		if (c->unreachable)
			skip_op(c, in.op);
		else
			compile_op(c, &in);
	}
}

/* ------------------------------------------------------------ entry points */

const wx_code wx_code_untranslated = {.frame_slots = UINT32_MAX};

static uint32_t result_slots(const wx_functype *t)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->nresults; i++)
		n += wx_slots_of(t->results[i]);
	return n;
}

/* Threaded code: the handlers of the second halves of the pair (or three
 * in a row) at `at`, whose first cells keep their own instructions for
 * branches that enter there; `at` itself is left to the caller. */
static void second_halves(wx_cell *at, wx_icode op,
                          const void *const *handlers)
{
	wx_pair_parts pp = wx_icode_pair_parts[op];
	if (!pp.first)
		return;
	second_halves(at, (wx_icode)pp.first, handlers);
	wx_cell *q = at + wx_icode_cells[pp.first];
	second_halves(q, (wx_icode)pp.second, handlers);
	q->h = handlers[pp.second];
}

/* Local i, of type t, at `slot`: returns the slot after it. */
static uint32_t place_local(compiler *c, uint32_t i, wx_valtype t,
                            uint32_t slot)
{
	c->local_type[i] = t;
	c->local_slot[i] = slot;
	return slot + wx_slots_of(t);
}

static bool setup(compiler *c, const wx_module *m, uint32_t funcidx)
{
	const wx_func *f = &m->funcs[funcidx];
	c->m = m;
	c->type = &m->types[f->typeidx];
	c->sigs = wx_opsig_table();
	wx_compile_pairs_init();
	c->nlocals = c->type->nparams + f->nlocals;
	c->local_slot =
	    malloc(((size_t)c->nlocals + 1) * sizeof *c->local_slot);
	c->local_type = malloc((size_t)c->nlocals + 1);
	c->is_set = calloc((size_t)c->nlocals + 1, 1);
	c->init_log =
	    malloc(((size_t)c->nlocals + 1) * sizeof *c->init_log);
	if (!c->local_slot || !c->local_type || !c->is_set || !c->init_log ||
	    !wx_compile_grow((void **)&c->ctrls, &c->capctrls, 1,
	                     sizeof *c->ctrls))
		return false;
	c->shuffle_pos = UINT32_MAX;
	/* Bodies come to about 0.43 cells a byte (yosys, clang): room for
	 * a little more spares most functions the buffers' growth. */
	if (!wx_compile_grow((void **)&c->code, &c->capcode,
	                     MIN_CODE_CELLS + f->body.len / 2,
	                     sizeof *c->code) ||
	    !wx_compile_grow((void **)&c->starts, &c->capstarts,
	                     MIN_CODE_CELLS + f->body.len / 4,
	                     sizeof *c->starts))
		return false;
	wx_reader_init(&c->r, m->bytes, f->body.offset,
	               (size_t)f->body.offset + f->body.len, NULL);
	c->r.features = m->features;
	if (!scan_pool(c, f->body.len))
		return false;
	/* Parameters, the zero slot if any, then the declared locals: the
	 * zero slot is always zeroed, locals only when read before set. */
	uint32_t slot = 0;
	for (uint32_t i = 0; i < c->type->nparams; i++)
		slot = place_local(c, i, c->type->params[i], slot);
	c->zero_slot = UINT32_MAX;
	if (c->want_zero) {
		/* Past the result slots too, which a return writes. */
		uint32_t nresult_slots = result_slots(c->type);
		if (slot < nresult_slots)
			slot = nresult_slots;
		c->zero_slot = slot++;
	}
	for (uint32_t i = c->type->nparams; i < c->nlocals; i++)
		slot = place_local(c, i, f->locals[i - c->type->nparams], slot);
	c->locals_end = slot;
	c->refs = calloc((size_t)slot + 1, sizeof *c->refs);
	c->ref_floor = calloc((size_t)slot + 1, sizeof *c->ref_floor);
	if (!c->refs || !c->ref_floor)
		return false;
	c->known_gen = calloc((size_t)slot + 1, sizeof *c->known_gen);
	c->known = malloc(((size_t)slot + 1) * sizeof *c->known);
	c->gen = 1;
	if (!c->known_gen || !c->known)
		return false;
	c->home_base = c->max_slots = slot + c->pool_slots;
	/* Room for ZERO_LOCALS, filled in or dropped once the body says
	 * which locals need it (finish). */
	c->zero_lo = UINT32_MAX;
	wx_compile_emit(c, WX_I_ZERO_LOCALS, 2);
	for (uint32_t i = 0; i < c->npool; i++) {
		ventry e = {V_CONST, c->pool_type[i], 0,
		            0,       c->pool_k[i],    c->pool_k2[i]};
		wx_compile_store_to(c, &e, slot + c->pool_slot[i]);
	}
	ctrl *t = &c->ctrls[c->nctrls++];
	memset(t, 0, sizeof *t);
	t->kind = WX_OP_END;
	t->nresults = c->type->nresults;
	t->results = c->type->results;
	return true;
}

static wx_code *finish(compiler *c, uint32_t funcidx)
{
	/* The last two instructions (a store and the return, say) pair as
	 * any two do once a third follows. */
	wx_compile_pair_last(c, WX_I_UNREACHABLE);
	wx_code *code = calloc(1, sizeof *code);
	if (!code)
		return NULL;
	/* The buffer grew by doubling: the code keeps only what it uses. */
	wx_cell *fit = realloc(c->code, (size_t)c->ncode * sizeof *c->code);
	if (fit) {
		c->code = fit;
		c->capcode = c->ncode;
	}
	code->cells = c->code;
	code->ncells = c->ncode;
	c->code = NULL;
	uint32_t nparam_slots = 0, nresult_slots = result_slots(c->type);
	for (uint32_t i = 0; i < c->type->nparams; i++)
		nparam_slots += wx_slots_of(c->type->params[i]);
	code->nparam_slots = nparam_slots;
	/* Only locals some path reads before setting are zeroed, and
	 * the zero slot; the code begins with ZERO_LOCALS when any is. */
	uint32_t lo = c->zero_lo, end = c->zero_end;
	if (c->zero_slot != UINT32_MAX) {
		lo = lo < c->zero_slot ? lo : c->zero_slot;
		end = end > c->zero_slot ? end : c->zero_slot + 1;
	}
	if (lo < end) {
		code->cells[1].s.a = lo;
		code->cells[1].s.b = end - lo;
		code->nzero_slots = end - lo;
	} else {
		/* Jumps are relative: the code moves as a whole. */
		code->ncells -= 2;
		memmove(code->cells, code->cells + 2,
		        code->ncells * sizeof *code->cells);
		for (uint32_t i = 1; i < c->nstarts; i++)
			c->starts[i - 1] = c->starts[i] - 2;
		c->nstarts--;
	}
	code->nlocal_slots = c->locals_end - nparam_slots;
	code->frame_slots =
	    c->max_slots > nresult_slots ? c->max_slots : nresult_slots;
#ifdef WX_VERIFY_CODE
	/* Test builds: code that breaks its layouts is a wexec bug. */
	char msg[256];
	if (!wx_icode_verify(code->cells, code->ncells, code->frame_slots, c->m,
	                     msg, sizeof msg)) {
		fprintf(stderr, "wexec: bad code for function %u: %s\n",
		        funcidx, msg);
		abort();
	}
#else
	(void)funcidx;
#endif
	const void *const *handlers = wx_interp_handlers();
	if (handlers)
		for (uint32_t i = 0; i < c->nstarts; i++) {
			wx_cell *at = &code->cells[c->starts[i]];
			second_halves(at, (wx_icode)at->op, handlers);
			at->h = handlers[at->op];
		}
	return code;
}

void wx_compile_code_free(wx_code *code)
{
	if (code) {
		free(code->cells);
		free(code);
	}
}

wexec_status wx_compile_func(const wx_module *module, uint32_t funcidx,
                             wx_code **out, wexec_error *err)
{
	/* The translation cache is the one part of a module that changes
	 * after loading (wexec.h: "apart from lazily translated bodies"). */
	wx_module *m = (wx_module *)module;
	assert(funcidx >= m->nfunc_imports && funcidx < m->nfuncs);
	wx_code **entry = wx_module_code_entry(m, funcidx);
	if (!entry)
		return wexec_error_set(err, WEXEC_ERR_NOMEM,
		                       "out of memory translating a function");
	wx_code *done = __atomic_load_n(entry, __ATOMIC_ACQUIRE);
	if (done) {
		*out = done;
		return WEXEC_OK;
	}
	compiler c;
	memset(&c, 0, sizeof c);
	wx_code *code = NULL;
	if (setup(&c, m, funcidx)) {
		walk(&c);
		assert(!c.r.failed);
		if (!c.oom)
			code = finish(&c, funcidx);
	}
	free(c.code);
	free(c.starts);
	free(c.stack);
	free(c.ctrls);
	free(c.patches);
	free(c.local_slot);
	free(c.local_type);
	free(c.is_set);
	free(c.init_log);
	free(c.known_gen);
	free(c.refs);
	free(c.ref_floor);
	free(c.known);
	if (!code)
		return wexec_error_set(err, WEXEC_ERR_NOMEM,
		                       "out of memory translating a function");
	if (!__atomic_compare_exchange_n(entry, &done, code, false,
	                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		wx_compile_code_free(code);
		code = done;
	}
	*out = code;
	return WEXEC_OK;
}
