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
 * overwritten. See docs/interp.md. This file has the control stack, calls,
 * variables and the walk; compile_ops.c the numeric, memory and table
 * instructions.
 */
#include <assert.h>
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
	_Static_assert(cells < MIN_CODE_CELLS, #ident " is longer than the "  \
	                                              "code buffer's minimum");
#define WX_NUM(ident, cells, layout, meaning) WX_I(ident, cells, layout, meaning)
#include "icode.def"

static bool grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
	if (need <= *cap)
		return true;
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
	c->last_ok = false;
	if (c->oom ||
	    !grow((void **)&c->code, &c->capcode, c->ncode + n,
	          sizeof *c->code) ||
	    !grow((void **)&c->starts, &c->capstarts, c->nstarts + 1,
	          sizeof *c->starts)) {
		c->oom = true;
		return 0;
	}
	uint32_t pos = c->ncode;
	memset(&c->code[pos], 0, n * sizeof *c->code);
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
	    grow((void **)&c->code, &c->capcode, c->ncode + 1,
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

/* Appends a raw operand cell (br_table entries). */
static uint32_t emit_cell(compiler *c)
{
	if (c->oom || !grow((void **)&c->code, &c->capcode, c->ncode + 1,
	                    sizeof *c->code)) {
		c->oom = true;
		return 0;
	}
	c->code[c->ncode].u64 = 0;
	return c->ncode++;
}

static void set_half(compiler *c, uint32_t cell, uint32_t half, uint32_t v)
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

static void add_patch(compiler *c, ctrl *t, uint32_t cell, uint32_t half,
                      uint32_t base)
{
	if (c->oom || !grow((void **)&c->patches, &c->cappatches,
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

/* A branch target is being placed here: resolve `head`'s list and stop
 * instruction fusion across the label. */
/* A branch lands on the next instruction: nothing before it may be fused
 * into what follows. */
static void mark_label(compiler *c)
{
	c->label_pos = c->ncode;
	c->last_ok = false;
	c->gen++;
}

static void resolve(compiler *c, uint32_t head)
{
	if (head)
		mark_label(c);
	for (uint32_t i = head; i; i = c->patches[i - 1].next) {
		patch *p = &c->patches[i - 1];
		set_half(c, p->cell, p->half, c->ncode - p->base);
	}
	c->last_ok = false;
}

/* ------------------------------------------------------------ virtual stack */

static uint32_t next_home(const compiler *c)
{
	if (c->nstack == 0)
		return c->home_base;
	const ventry *e = &c->stack[c->nstack - 1];
	return e->home + wx_slots_of(e->type);
}

static ventry *push(compiler *c, uint8_t kind, wx_valtype type)
{
	static ventry scratch;
	if (!grow((void **)&c->stack, &c->capstack, c->nstack + 1,
	          sizeof *c->stack)) {
		c->oom = true;
		return &scratch;
	}
	uint32_t home = next_home(c);
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

/* Drops the entries above n. */
static void pop_to(compiler *c, uint32_t n)
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
static void store_to(compiler *c, const ventry *e, uint32_t slot)
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
static void materialize(compiler *c, uint32_t i)
{
	ventry *e = &c->stack[i];
	if (e->kind == V_TEMP)
		return;
	store_to(c, e, e->home);
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
			materialize(c, i);
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
			if (c->pool_type[i] == e->type && c->pool_k[i] == e->k &&
			    c->pool_k2[i] == e->k2)
				return c->locals_end + c->pool_slot[i];
		store_to(c, e, e->home);
		return e->home;
	default:
		return e->home;
	}
}

/* ------------------------------------------------------------ labels */

/* A one-valtype blocktype keeps its type in the ctrl itself, which moves
 * when the control stack grows: take its address only when needed. */
static const wx_valtype *ctrl_results(const ctrl *t)
{
	return t->results ? t->results : &t->single;
}

static uint32_t label_arity(const ctrl *t)
{
	return t->kind == WX_OP_LOOP ? t->nparams : t->nresults;
}

static const wx_valtype *label_types(const ctrl *t)
{
	return t->kind == WX_OP_LOOP ? t->params : ctrl_results(t);
}

/* A branch carrying more values than this moves them with one COPY_N,
 * after they have been put in their homes once (prepare_moves), so that
 * many branches to a label of many values cost code linear in the body. */
#define WIDE_MOVES 4

/* True when branching to t needs values moved into its slots. */
static bool needs_moves(const compiler *c, const ctrl *t)
{
	uint32_t n = label_arity(t), slot = t->base;
	const wx_valtype *types = label_types(t);
	/* Prepared wide values sit in consecutive homes: one test. */
	if (n > WIDE_MOVES && c->temp_lo <= c->nstack - n &&
	    c->temp_hi >= c->nstack)
		return c->stack[c->nstack - n].home != slot;
	for (uint32_t i = 0; i < n; i++) {
		const ventry *e = &c->stack[c->nstack - n + i];
		if (e->kind != V_TEMP || e->home != slot)
			return true;
		slot += wx_slots_of(types[i]);
	}
	return false;
}

/* Before a branch that carries the top n values, and before any code that
 * only some paths run: a wide set of values goes to its homes here, where
 * every path passes. */
static void prepare_moves(compiler *c, uint32_t n)
{
	uint32_t lo = c->nstack - n, hi = c->nstack;
	if (n <= WIDE_MOVES || (c->temp_lo <= lo && c->temp_hi >= hi))
		return;
	for (uint32_t i = lo; i < hi; i++)
		if (i < c->temp_lo || i >= c->temp_hi)
			materialize(c, i);
	/* [temp_lo, temp_hi) holds only values in their homes: pops shrink
	 * it, nothing else can put a pending value below the top. */
	if (c->temp_hi >= lo && c->temp_lo <= hi && c->temp_lo < c->temp_hi) {
		c->temp_lo = c->temp_lo < lo ? c->temp_lo : lo;
	} else {
		c->temp_lo = lo;
	}
	c->temp_hi = hi;
}

/* Copies the top n values, all in their homes, to `slot` on with one
 * instruction; false when they are not all there. */
static bool copy_wide(compiler *c, uint32_t n, uint32_t slot)
{
	if (n <= WIDE_MOVES)
		return false;
	const ventry *first = &c->stack[c->nstack - n];
	const ventry *last = &c->stack[c->nstack - 1];
	if (c->temp_lo > c->nstack - n || c->temp_hi < c->nstack)
		return false; /* not prepared */
	if (first->home != slot) {
		uint32_t pos = wx_compile_emit(c, WX_I_COPY_N, 3);
		c->code[pos + 1].s.a = slot;
		c->code[pos + 1].s.b = first->home;
		c->code[pos + 2].s.a =
		    last->home + wx_slots_of(last->type) - first->home;
	}
	return true;
}

/* Moves the top values into t's slots. Sources lie at or above their
 * destinations, so ascending order never overwrites an unread source. */
static void emit_moves(compiler *c, const ctrl *t)
{
	uint32_t n = label_arity(t), slot = t->base;
	const wx_valtype *types = label_types(t);
	if (copy_wide(c, n, slot))
		return;
	for (uint32_t i = 0; i < n; i++) {
		store_to(c, &c->stack[c->nstack - n + i], slot);
		slot += wx_slots_of(types[i]);
	}
}

/* Return from the function: the results go to slots 0.., from the top of
 * the stack. The virtual stack is left as it is (br_table pads share it). */
static void emit_return(compiler *c)
{
	uint32_t n = c->type->nresults;
	if (n == 0) {
		wx_compile_emit(c, WX_I_RETURN, 1);
		return;
	}
	const ventry *top = &c->stack[c->nstack - 1];
	if (n == 1 && top->kind == V_TEMP && c->last_ok &&
	    c->code[c->last_pos + 1].s.a == top->home) {
		/* The result was just computed: compute it into slot 0. */
		c->code[c->last_pos + 1].s.a = 0;
		wx_compile_emit(c, WX_I_RETURN, 1);
		return;
	}
	if (n == 1 && top->kind != V_CONST && wx_slots_of(top->type) == 1) {
		uint32_t pos = wx_compile_emit(c, WX_I_RETURN1, 2);
		c->code[pos + 1].s.a =
		    top->kind == V_LOCAL ? top->local : top->home;
		return;
	}
	if (copy_wide(c, n, 0)) {
		wx_compile_emit(c, WX_I_RETURN, 1);
		return;
	}
	uint32_t nslots = 0;
	for (uint32_t i = 0; i < n; i++)
		nslots += wx_slots_of(c->type->results[i]);
	/* A local below nslots could be overwritten before it is read: copy
	 * such locals to their homes first (homes never clash). */
	bool hazard = false;
	for (uint32_t i = 0; i < n; i++) {
		const ventry *e = &c->stack[c->nstack - n + i];
		if (n > 1 && e->kind == V_LOCAL && e->local < nslots)
			hazard = true;
	}
	if (hazard)
		for (uint32_t i = 0; i < n; i++) {
			const ventry *e = &c->stack[c->nstack - n + i];
			if (e->kind == V_LOCAL)
				store_to(c, e, e->home);
		}
	uint32_t slot = 0;
	for (uint32_t i = 0; i < n; i++) {
		ventry e = c->stack[c->nstack - n + i];
		if (hazard && e.kind == V_LOCAL)
			e.kind = V_TEMP;
		store_to(c, &e, slot);
		slot += wx_slots_of(e.type);
	}
	wx_compile_emit(c, WX_I_RETURN, 1);
}

/* ------------------------------------------------------------ branches */

/* Where a branch's displacement goes. */
typedef struct site {
	uint32_t cell, half, base;
} site;

/* A branch condition: a plain i32 slot, or the comparison that computed
 * it, taken over from the instruction just emitted. */
typedef struct cond {
	uint16_t yes, no; /* branch if the condition holds / fails */
	uint32_t a, b;    /* operands; b is a slot or a 32-bit constant */
	bool wide;        /* three-cell form [a|b][off] */
	bool sets;        /* [d|a][b|off]: the branch also writes d */
	uint32_t d;
} cond;

/* The branch of an i32.eqz (k: unless or if on k->a) whose operand the
 * instruction before it computed into a temporary that nothing else reads:
 * a load or an i32.and, which the branch then does itself, negated. */
static void fold_eqz_operand(compiler *c, cond *k)
{
	if (!c->nstarts)
		return;
	uint32_t p = c->starts[c->nstarts - 1];
	wx_icode op = (wx_icode)c->code[p].op;
	wx_brpair bp = wx_icode_cmp_branch[op];
	if (!bp.yes || p < c->label_pos || p + 3 != c->ncode ||
	    c->code[p + 1].s.a != k->a ||
	    (op != WX_I_I32_LOAD && op != WX_I_I32_LOAD8_U &&
	     op != WX_I_I32_AND && op != WX_I_I32_AND_K))
		return;
	if ((op == WX_I_I32_LOAD || op == WX_I_I32_LOAD8_U) &&
	    c->code[p + 2].s.b != 0)
		return;
	if (k->a < c->home_base) {
		/* A local (local.tee): only a load that keeps writing it. */
		if (op != WX_I_I32_LOAD)
			return;
		k->sets = true;
		k->d = k->a;
		k->yes = WX_I_LOAD_BR_Z;
		k->no = WX_I_LOAD_BR_NZ;
		k->a = c->code[p + 1].s.b;
		k->b = c->code[p + 2].s.a;
		c->ncode = p;
		c->nstarts--;
		return;
	}
	/* k branches when the operand is zero: the test's "no" form. */
	k->yes = bp.no;
	k->no = bp.yes;
	k->a = c->code[p + 1].s.b;
	k->b = c->code[p + 2].s.a;
	k->wide = true;
	c->ncode = p;
	c->nstarts--;
}

static cond take_cond(compiler *c)
{
	ventry e = wx_compile_pop(c);
	cond k;
	if (e.kind == V_TEMP && c->last_ok &&
	    c->code[c->last_pos + 1].s.a == e.home) {
		wx_icode op = (wx_icode)c->code[c->last_pos].op;
		wx_brpair bp = wx_icode_cmp_branch[op];
		/* A load's 64-bit offset must fit the branch's half cell. */
		bool wide_offset = (op == WX_I_I32_LOAD || op == WX_I_I32_LOAD8_U) &&
		                   c->code[c->last_pos + 2].s.b != 0;
		if (bp.yes && !wide_offset) {
			k.sets = false;
			k.yes = bp.yes;
			k.no = bp.no;
			k.a = c->code[c->last_pos + 1].s.b;
			k.wide = wx_icode_cells[op] == 3;
			k.b = k.wide ? c->code[c->last_pos + 2].s.a : 0;
			/* Drop the comparison: the branch does it. */
			c->ncode = c->last_pos;
			c->nstarts--;
			c->last_ok = false;
			if (op == WX_I_I32_EQZ)
				fold_eqz_operand(c, &k);
			return k;
		}
	}
	k.sets = false;
	if (e.kind == V_LOCAL && c->last_ok &&
	    c->code[c->last_pos].op == WX_I_I32_LOAD &&
	    c->code[c->last_pos + 1].s.a == e.local &&
	    c->code[c->last_pos + 2].s.b == 0) {
		/* local.tee of a load, tested: load, keep and branch. */
		k.yes = WX_I_LOAD_BR_NZ;
		k.no = WX_I_LOAD_BR_Z;
		k.sets = true;
		k.d = e.local;
		k.a = c->code[c->last_pos + 1].s.b;
		k.b = c->code[c->last_pos + 2].s.a;
		k.wide = true;
		c->ncode = c->last_pos;
		c->nstarts--;
		c->last_ok = false;
		return k;
	}
	k.yes = WX_I_BR_IF;
	k.no = WX_I_BR_UNLESS;
	k.a = wx_compile_operand(c, &e);
	k.b = 0;
	k.wide = false;
	return k;
}

/* The add of a counter followed by the branch that tests it (the
 * closing of nearly every counted loop): which fused instruction does both,
 * given the add and the branch; 0 when none. */
static wx_icode inc_branch(wx_icode add, wx_icode br)
{
	if (add == WX_I_I32_ADD_K) {
		switch (br) {
		case WX_I_BR_I32_NE_K:
			return WX_I_BR_ADDK_NE_K;
		case WX_I_BR_I32_LT_U_K:
			return WX_I_BR_ADDK_LT_U_K;
		case WX_I_BR_I32_LT_S_K:
			return WX_I_BR_ADDK_LT_S_K;
		case WX_I_BR_I32_NE:
			return WX_I_BR_ADDK_NE;
		case WX_I_BR_I32_LT_U:
			return WX_I_BR_ADDK_LT_U;
		case WX_I_BR_I32_LT_S:
			return WX_I_BR_ADDK_LT_S;
		default:
			return WX_I_UNREACHABLE;
		}
	}
	if (add == WX_I_I32_ADD) {
		switch (br) {
		case WX_I_BR_I32_NE_K:
			return WX_I_BR_ADD_NE_K;
		case WX_I_BR_I32_LT_U_K:
			return WX_I_BR_ADD_LT_U_K;
		case WX_I_BR_I32_LT_S_K:
			return WX_I_BR_ADD_LT_S_K;
		default:
			return WX_I_UNREACHABLE;
		}
	}
	return WX_I_UNREACHABLE;
}

/* Emits branch `op` on (a, b) fused with the add just before it, when that
 * add computed a and no branch lands between them. */
static bool emit_inc_branch(compiler *c, wx_icode op, uint32_t a, uint32_t b,
                            site *s)
{
	if (c->nstarts == 0)
		return false;
	uint32_t p = c->starts[c->nstarts - 1];
	if (p < c->label_pos || p + 3 != c->ncode || c->code[p + 1].s.a != a)
		return false;
	wx_icode fused = inc_branch((wx_icode)c->code[p].op, op);
	if (fused == WX_I_UNREACHABLE)
		return false;
	uint32_t d = c->code[p + 1].s.a, src = c->code[p + 1].s.b;
	uint32_t x = c->code[p + 2].s.a; /* the add's k or second slot */
	c->ncode = p;
	c->nstarts--;
	uint32_t pos = wx_compile_emit(c, fused, 4);
	c->code[pos + 1].s.a = d;
	c->code[pos + 1].s.b = src;
	c->code[pos + 2].s.a = x;
	c->code[pos + 2].s.b = b;
	s->cell = pos + 3;
	s->half = 0;
	s->base = pos;
	return true;
}

static site emit_cond_branch(compiler *c, const cond *k, bool negate)
{
	site s;
	uint32_t pos;
	if (k->wide &&
	    emit_inc_branch(c, negate ? k->no : k->yes, k->a, k->b, &s))
		return s;
	if (k->sets) {
		pos = wx_compile_emit(c, negate ? k->no : k->yes, 3);
		c->code[pos + 1].s.a = k->d;
		c->code[pos + 1].s.b = k->a;
		c->code[pos + 2].s.a = k->b;
		s.cell = pos + 2;
		s.half = 1;
	} else if (k->wide) {
		pos = wx_compile_emit(c, negate ? k->no : k->yes, 3);
		c->code[pos + 1].s.a = k->a;
		c->code[pos + 1].s.b = k->b;
		s.cell = pos + 2;
		s.half = 0;
	} else {
		pos = wx_compile_emit(c, negate ? k->no : k->yes, 2);
		c->code[pos + 1].s.a = k->a;
		s.cell = pos + 1;
		s.half = 1;
	}
	s.base = pos;
	return s;
}

static void jump_to(compiler *c, ctrl *t, site s)
{
	if (t->kind == WX_OP_LOOP)
		set_half(c, s.cell, s.half, t->loop_pc - s.base);
	else
		add_patch(c, t, s.cell, s.half, s.base);
}

/* Moves the label's values and jumps (or returns, for the body's label). */
static void emit_br(compiler *c, ctrl *t)
{
	if (t->kind == WX_OP_END) {
		emit_return(c);
		return;
	}
	emit_moves(c, t);
	uint32_t pos = wx_compile_emit(c, WX_I_BR, 2);
	jump_to(c, t, (site){pos + 1, 0, pos});
}

static ctrl *label(compiler *c, uint32_t depth)
{
	assert(depth < c->nctrls);
	return &c->ctrls[c->nctrls - 1 - depth];
}

static void do_br_if(compiler *c, uint32_t depth)
{
	cond k = take_cond(c);
	ctrl *t = label(c, depth);
	prepare_moves(c, label_arity(t));
	if (t->kind != WX_OP_END && !needs_moves(c, t)) {
		jump_to(c, t, emit_cond_branch(c, &k, false));
		return;
	}
	site skip = emit_cond_branch(c, &k, true);
	emit_br(c, t);
	set_half(c, skip.cell, skip.half, c->ncode - skip.base);
	mark_label(c);
	c->last_ok = false;
}

/* br_table: a jump table; a target that needs values moved gets a pad
 * after it that moves them and jumps on, one pad per label however many
 * entries name it, so the code stays linear in the table's size. */
static void do_br_table(compiler *c, uint32_t n, size_t list)
{
	ventry e = wx_compile_pop(c);
	uint32_t a = wx_compile_operand(c, &e);
	/* Every label of the table has the same arity. */
	wx_reader r0;
	uint32_t depth0 = 0;
	wx_reader_init(&r0, c->r.base, list, c->r.end, NULL);
	wx_read_u32(&r0, &depth0);
	prepare_moves(c, label_arity(label(c, depth0)));
	uint32_t pos = wx_compile_emit(c, WX_I_BR_TABLE, 2);
	c->code[pos + 1].s.a = a;
	c->code[pos + 1].s.b = n;
	uint32_t first = c->ncode, seq = ++c->br_tables;
	for (uint32_t i = 0; i <= n; i++)
		emit_cell(c);
	wx_reader r;
	wx_reader_init(&r, c->r.base, list, c->r.end, NULL);
	for (uint32_t i = 0; i <= n; i++) {
		uint32_t depth = 0;
		wx_read_u32(&r, &depth);
		ctrl *t = label(c, depth);
		if (t->pad_seq != seq) { /* the label's first entry */
			t->pad_seq = seq;
			t->pad_cell = 0;
			t->direct = t->kind != WX_OP_END && !needs_moves(c, t);
		}
		if (t->direct) {
			jump_to(c, t, (site){first + i, 0, pos});
		} else if (t->pad_cell) {
			set_half(c, first + i, 0, t->pad_cell - pos);
		} else {
			t->pad_cell = c->ncode;
			set_half(c, first + i, 0, c->ncode - pos);
			mark_label(c);
			emit_br(c, t);
		}
	}
	c->unreachable = true;
}

/* ------------------------------------------------------------ blocks */

static void blocktype(const compiler *c, const wx_instr *in, ctrl *t)
{
	t->nparams = t->nresults = 0;
	t->params = t->results = NULL;
	if (in->blockkind == 0)
		return;
	if (in->blockkind == 1) {
		t->single = in->type;
		t->nresults = 1;
		return;
	}
	const wx_functype *ft = &c->m->types[in->x];
	t->params = ft->params;
	t->nparams = ft->nparams;
	t->results = ft->results;
	t->nresults = ft->nresults;
}

static void do_block(compiler *c, wx_opcode kind, const wx_instr *in)
{
	if (!grow((void **)&c->ctrls, &c->capctrls, c->nctrls + 1,
	          sizeof *c->ctrls)) {
		c->oom = true;
		return;
	}
	ctrl *t = &c->ctrls[c->nctrls++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	blocktype(c, in, t);
	cond k = {0, 0, 0, 0, false, false, 0};
	if (kind == WX_OP_IF)
		k = take_cond(c);
	/* Branches inside may skip code, so no entry may wait on a local
	 * that the block could overwrite, and the parameters must sit where
	 * every path into the block body leaves them. */
	for (uint32_t i = c->any_floor; c->nrefs && i < c->nstack; i++)
		if (c->stack[i].kind == V_LOCAL)
			materialize(c, i);
	for (uint32_t i = c->nstack - t->nparams; i < c->nstack; i++)
		materialize(c, i);
	t->height = c->nstack - t->nparams;
	t->base = t->nparams ? c->stack[t->height].home : next_home(c);
	if (kind == WX_OP_LOOP) {
		/* The label; fuel and interrupts are checked by the backward
		 * branches that reach it. */
		t->loop_pc = c->ncode;
		mark_label(c);
		c->last_ok = false;
	} else if (kind == WX_OP_IF) {
		site s = emit_cond_branch(c, &k, true);
		ctrl tmp = {0};
		add_patch(c, &tmp, s.cell, s.half, s.base);
		t->else_patch = tmp.patches;
	}
}

static void reset_stack(compiler *c, const ctrl *t, uint32_t n,
                        const wx_valtype *types)
{
	pop_to(c, t->height);
	for (uint32_t i = 0; i < n; i++)
		wx_compile_push_temp(c, types[i]);
}

static void do_else(compiler *c)
{
	ctrl *t = label(c, 0);
	assert(t->kind == WX_OP_IF);
	if (!c->unreachable) {
		for (uint32_t i = t->height; i < c->nstack; i++)
			materialize(c, i);
		uint32_t pos = wx_compile_emit(c, WX_I_BR, 2);
		add_patch(c, t, pos + 1, 0, pos);
	}
	resolve(c, t->else_patch);
	t->else_patch = 0;
	reset_stack(c, t, t->nparams, t->params);
	c->unreachable = false;
}

static void do_end(compiler *c)
{
	ctrl *t = label(c, 0);
	if (t->kind == WX_OP_END) {
		if (!c->unreachable) {
			prepare_moves(c, c->type->nresults);
			emit_return(c);
		}
		c->nctrls--;
		return;
	}
	if (!c->unreachable)
		for (uint32_t i = t->height; i < c->nstack; i++)
			materialize(c, i);
	resolve(c, t->else_patch);
	resolve(c, t->patches);
	reset_stack(c, t, t->nresults, ctrl_results(t));
	c->nctrls--;
	c->unreachable = false;
}

/* ------------------------------------------------------------ calls */

/* Puts the top n values in their homes, the callee's parameter slots. */
static uint32_t take_args(compiler *c, uint32_t n)
{
	for (uint32_t i = c->nstack - n; i < c->nstack; i++)
		materialize(c, i);
	pop_to(c, c->nstack - n);
	return next_home(c);
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

static void do_local_set(compiler *c, uint32_t x, bool tee)
{
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
	store_to(c, &e, slot);
	if (tee) {
		ventry *n = push(c, e.kind, e.type);
		n->local = e.local;
		n->k = e.k;
		n->k2 = e.k2;
		ref_local(c);
	}
}

static void do_select(compiler *c)
{
	ventry k = wx_compile_pop(c), b = wx_compile_pop(c),
	       a = wx_compile_pop(c);
	uint32_t sk = wx_compile_operand(c, &k), sb = wx_compile_operand(c, &b),
	         sa = wx_compile_operand(c, &a);
	uint32_t d = wx_compile_push_temp(c, a.type);
	uint32_t pos = wx_compile_emit_value(
	    c, a.type == WX_V128 ? WX_I_SELECT_V128 : WX_I_SELECT, 3, d);
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
		do_block(c, op, in);
		break;
	case WX_OP_ELSE:
		do_else(c);
		break;
	case WX_OP_END:
		do_end(c);
		break;
	case WX_OP_BR:
		prepare_moves(c, label_arity(label(c, in->x)));
		emit_br(c, label(c, in->x));
		c->unreachable = true;
		break;
	case WX_OP_BR_IF:
		do_br_if(c, in->x);
		break;
	case WX_OP_BR_TABLE:
		do_br_table(c, in->count, in->list);
		break;
	case WX_OP_RETURN:
		prepare_moves(c, c->type->nresults);
		emit_return(c);
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
		    c, t == WX_V128 ? WX_I_GLOBAL_SET_V128 : WX_I_GLOBAL_SET, 2);
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
			do_else(c);
		break;
	case WX_OP_END:
		if (c->skip_depth == 0)
			do_end(c);
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

/* Collects the pool: float and vector constants inside loops, at most
 * POOL_MAX; and whether the body needs the zero slot. */
static bool scan_pool(compiler *c, uint32_t body_len)
{
	wx_reader r = c->r;
	uint8_t *is_loop = malloc((size_t)body_len + 2);
	uint32_t depth = 0, loops = 0;
	wx_opcode prev = WX_OP_NOP, prev2 = WX_OP_NOP;
	if (!is_loop)
		return false;
	while (!wx_reader_done(&r) && !r.failed) {
		wx_instr in;
		if (!wx_read_instr(&r, &in))
			break;
		wx_opcode op = in.op;
		if (op == WX_OP_BLOCK || op == WX_OP_IF || op == WX_OP_LOOP) {
			is_loop[depth++] = op == WX_OP_LOOP;
			loops += op == WX_OP_LOOP;
		} else if (op == WX_OP_END && depth > 0) {
			loops -= is_loop[--depth];
		} else if (loops && op == WX_OP_F32_CONST) {
			pool_add(c, WX_F32, in.bits);
		} else if (loops && op == WX_OP_F64_CONST) {
			pool_add(c, WX_F64, in.bits);
		} else if (loops && op == WX_OP_V128_CONST) {
			pool_add(c, WX_V128, in.bits);
		}
		/* i32.const then a scalar load, or a store of a value that
		 * took one instruction: an access at a constant address
		 * (a C global), which the zero slot serves. */
		const wx_opinfo *info = &wx_opinfo_table[op];
		if (info->imm == WX_IMM_MEMARG && op != WX_OP_V128_LOAD &&
		    op != WX_OP_V128_STORE &&
		    (prev == WX_OP_I32_CONST || prev2 == WX_OP_I32_CONST))
			c->want_zero = true;
		/* Accesses to the other memories all use it. */
		if ((info->imm == WX_IMM_MEMARG ||
		     info->imm == WX_IMM_MEMARG_LANE) &&
		    wx_compile_far_access(c, &in))
			c->want_zero = true;
		prev2 = prev;
		prev = op;
	}
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

static bool setup(compiler *c, const wx_module *m, uint32_t funcidx)
{
	const wx_func *f = &m->funcs[funcidx];
	c->m = m;
	c->type = &m->types[f->typeidx];
	c->nlocals = c->type->nparams + f->nlocals;
	c->local_slot =
	    malloc(((size_t)c->nlocals + 1) * sizeof *c->local_slot);
	c->local_type = malloc((size_t)c->nlocals + 1);
	if (!c->local_slot || !c->local_type ||
	    !grow((void **)&c->ctrls, &c->capctrls, 1, sizeof *c->ctrls))
		return false;
	uint32_t slot = 0;
	for (uint32_t i = 0; i < c->nlocals; i++) {
		wx_valtype t = i < c->type->nparams
		                   ? c->type->params[i]
		                   : f->locals[i - c->type->nparams];
		c->local_type[i] = t;
		c->local_slot[i] = slot;
		slot += wx_slots_of(t);
	}
	c->locals_end = slot;
	c->shuffle_pos = UINT32_MAX;
	if (!grow((void **)&c->code, &c->capcode, MIN_CODE_CELLS,
	          sizeof *c->code) ||
	    !grow((void **)&c->starts, &c->capstarts, MIN_CODE_CELLS,
	          sizeof *c->starts))
		return false;
	wx_reader_init(&c->r, m->bytes, f->body.offset,
	               (size_t)f->body.offset + f->body.len, NULL);
	c->r.features = m->features;
	if (!scan_pool(c, f->body.len))
		return false;
	c->zero_slot = UINT32_MAX;
	if (c->want_zero) {
		/* Past the result slots too, which a return writes. */
		uint32_t nresult_slots = 0;
		for (uint32_t i = 0; i < c->type->nresults; i++)
			nresult_slots += wx_slots_of(c->type->results[i]);
		if (slot < nresult_slots)
			slot = nresult_slots;
		c->zero_slot = slot++;
		c->locals_end = slot;
	}
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
	for (uint32_t i = 0; i < c->npool; i++) {
		ventry e = {V_CONST,         c->pool_type[i], 0, 0,
		            c->pool_k[i], c->pool_k2[i]};
		store_to(c, &e, slot + c->pool_slot[i]);
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
	wx_code *code = calloc(1, sizeof *code);
	if (!code)
		return NULL;
	code->cells = c->code;
	code->ncells = c->ncode;
	c->code = NULL;
	uint32_t nparam_slots = 0, nresult_slots = 0;
	for (uint32_t i = 0; i < c->type->nparams; i++)
		nparam_slots += wx_slots_of(c->type->params[i]);
	for (uint32_t i = 0; i < c->type->nresults; i++)
		nresult_slots += wx_slots_of(c->type->results[i]);
	code->nparam_slots = nparam_slots;
	code->nlocal_slots = c->locals_end - nparam_slots;
	code->frame_slots =
	    c->max_slots > nresult_slots ? c->max_slots : nresult_slots;
#ifdef WX_VERIFY_CODE
	/* Test builds: code that breaks its layouts is a wexec bug. */
	char msg[256];
	if (!wx_icode_verify(code->cells, code->ncells, code->frame_slots,
	                     c->m, msg, sizeof msg)) {
		fprintf(stderr, "wexec: bad code for function %u: %s\n",
		        funcidx, msg);
		abort();
	}
#else
	(void)funcidx;
#endif
	const void *const *handlers = wx_interp_handlers();
	if (handlers)
		for (uint32_t i = 0; i < c->nstarts; i++)
			code->cells[c->starts[i]].h =
			    handlers[code->cells[c->starts[i]].op];
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

