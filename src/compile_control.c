/*
 * compile_control.c - translating structured control (spec:
 * exec/instructions.rst "Control Instructions", the control stack of
 * appendix/algorithm.rst): labels and the moves of their values, branches
 * with the compare-and-branch forms they fuse into, br_table, blocks,
 * loops, if/else and end. The rest of the walk is compile.c's.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "compile_impl.h"
#include "interp.h"
#include "opcodes.h"

/* Appends a raw operand cell (br_table entries). */
static uint32_t emit_cell(compiler *c)
{
	if (c->oom || !wx_compile_grow((void **)&c->code, &c->capcode,
	                               c->ncode + 1, sizeof *c->code)) {
		c->oom = true;
		return 0;
	}
	c->code[c->ncode].u64 = 0;
	return c->ncode++;
}

/* ------------------------------------------------------------ labels */

/* A one-valtype blocktype keeps its type in the ctrl itself, which moves
 * when the control stack grows: take its address only when needed. */
static const wx_valtype *ctrl_results(const ctrl *t)
{
	return t->results ? t->results : &t->single;
}

uint32_t wx_compile_label_arity(const ctrl *t)
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
	uint32_t n = wx_compile_label_arity(t), slot = t->base;
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
void wx_compile_prepare_moves(compiler *c, uint32_t n)
{
	uint32_t lo = c->nstack - n, hi = c->nstack;
	if (n <= WIDE_MOVES || (c->temp_lo <= lo && c->temp_hi >= hi))
		return;
	for (uint32_t i = lo; i < hi; i++)
		if (i < c->temp_lo || i >= c->temp_hi)
			wx_compile_materialize(c, i);
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
	uint32_t n = wx_compile_label_arity(t), slot = t->base;
	const wx_valtype *types = label_types(t);
	if (copy_wide(c, n, slot))
		return;
	for (uint32_t i = 0; i < n; i++) {
		wx_compile_store_to(c, &c->stack[c->nstack - n + i], slot);
		slot += wx_slots_of(types[i]);
	}
}

/* Return from the function: the results go to slots 0.., from the top of
 * the stack. The virtual stack is left as it is (br_table pads share it). */
void wx_compile_return(compiler *c)
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
		uint32_t from = top->kind == V_LOCAL ? top->local : top->home;
		if (from == 0) { /* already there: parameter 0 */
			wx_compile_emit(c, WX_I_RETURN, 1);
			return;
		}
		uint32_t pos = wx_compile_emit(c, WX_I_RETURN1, 2);
		c->code[pos + 1].s.a = from;
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
				wx_compile_store_to(c, e, e->home);
		}
	uint32_t slot = 0;
	for (uint32_t i = 0; i < n; i++) {
		ventry e = c->stack[c->nstack - n + i];
		if (hazard && e.kind == V_LOCAL)
			e.kind = V_TEMP;
		wx_compile_store_to(c, &e, slot);
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
 * a load, an i32.and or a comparison, which the branch then does itself,
 * negated (a float comparison's "not" form, which branches on NaN as
 * i32.eqz of the comparison does). */
static void fold_eqz_operand(compiler *c, cond *k)
{
	if (!c->nstarts)
		return;
	uint32_t p = c->starts[c->nstarts - 1];
	wx_icode op = (wx_icode)c->code[p].op;
	wx_brpair bp = wx_icode_cmp_branch[op];
	if (!bp.yes || p < c->label_pos || p + 3 != c->ncode ||
	    wx_icode_cells[op] != 3 || c->code[p + 1].s.a != k->a)
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
		bool wide_offset =
		    (op == WX_I_I32_LOAD || op == WX_I_I32_LOAD8_U) &&
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
	if (add == WX_I_I32_ADD_AND_K) {
		switch (br) {
		case WX_I_BR_I32_LT_U_K:
			return WX_I_BR_ADDANDK_LT_U_K;
		case WX_I_BR_I32_GE_U_K:
			return WX_I_BR_ADDANDK_GE_U_K;
		case WX_I_BR_I32_GT_U_K:
			return WX_I_BR_ADDANDK_GT_U_K;
		case WX_I_BR_I32_LE_U_K:
			return WX_I_BR_ADDANDK_LE_U_K;
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
	if (p < c->label_pos || p + 3 != c->ncode)
		return false;
	if (c->code[p + 1].s.a != a) {
		/* The counter second (n != i, n > i): the other way round. */
		wx_icode swapped = op == WX_I_BR_I32_NE      ? WX_I_BR_I32_NE
		                   : op == WX_I_BR_I32_GT_U ? WX_I_BR_I32_LT_U
		                   : op == WX_I_BR_I32_GT_S ? WX_I_BR_I32_LT_S
		                                            : WX_I_UNREACHABLE;
		if (c->code[p + 1].s.a != b || swapped == WX_I_UNREACHABLE)
			return false;
		op = swapped;
		b = a;
	}
	wx_icode fused = inc_branch((wx_icode)c->code[p].op, op);
	if (fused == WX_I_UNREACHABLE)
		return false;
	uint32_t d = c->code[p + 1].s.a, src = c->code[p + 1].s.b;
	wx_cell x = c->code[p + 2]; /* the add's k or second slot (, mask) */
	c->ncode = p;
	c->nstarts--;
	uint32_t pos = wx_compile_emit(c, fused, 4);
	c->code[pos + 1].s.a = d;
	c->code[pos + 1].s.b = src;
	if (fused >= WX_I_BR_ADDANDK_LT_U_K && fused <= WX_I_BR_ADDANDK_LE_U_K) {
		/* (a + k) & k2, then the bound in the jump's cell */
		c->code[pos + 2] = x;
		c->code[pos + 3].s.b = b;
	} else {
		c->code[pos + 2].s.a = x.s.a;
		c->code[pos + 2].s.b = b;
	}
	s->cell = pos + 3;
	s->half = 0;
	s->base = pos;
	return true;
}

/* An f64 compare-and-branch on the result of the instruction just
 * before, when that one left it in the interpreter's f64 register: the
 * form that reads the register (compile_ops.c, from_facc), with the
 * comparison mirrored when the result is its second operand. */
static void f64_branch_from_facc(const compiler *c, wx_icode *op, uint32_t *a,
                                 uint32_t *b)
{
	static const uint16_t forms[][3] = {
	    /* branch, its _XA form, the branch with operands exchanged */
	    {WX_I_BR_F64_EQ, WX_I_BR_F64_EQ_XA, WX_I_BR_F64_EQ},
	    {WX_I_BR_F64_NE, WX_I_BR_F64_NE_XA, WX_I_BR_F64_NE},
	    {WX_I_BR_F64_LT, WX_I_BR_F64_LT_XA, WX_I_BR_F64_GT},
	    {WX_I_BR_F64_GT, WX_I_BR_F64_GT_XA, WX_I_BR_F64_LT},
	    {WX_I_BR_F64_LE, WX_I_BR_F64_LE_XA, WX_I_BR_F64_GE},
	    {WX_I_BR_F64_GE, WX_I_BR_F64_GE_XA, WX_I_BR_F64_LE},
	    {WX_I_BR_F64_NLT, WX_I_BR_F64_NLT_XA, WX_I_BR_F64_NGT},
	    {WX_I_BR_F64_NGT, WX_I_BR_F64_NGT_XA, WX_I_BR_F64_NLT},
	    {WX_I_BR_F64_NLE, WX_I_BR_F64_NLE_XA, WX_I_BR_F64_NGE},
	    {WX_I_BR_F64_NGE, WX_I_BR_F64_NGE_XA, WX_I_BR_F64_NLE},
	};
	size_t i = 0, n = sizeof forms / sizeof *forms;
	while (i < n && forms[i][0] != *op)
		i++;
	uint32_t d = i < n ? wx_compile_facc_slot(c, c->nstarts) : UINT32_MAX;
	if (d == UINT32_MAX || *a == *b || (*a != d && *b != d))
		return;
	if (*b == d) {
		/* b op a, the result first. */
		uint32_t t = *a;
		*a = *b;
		*b = t;
		size_t j = 0;
		while (forms[j][0] != forms[i][2])
			j++;
		i = j;
	}
	*op = (wx_icode)forms[i][1];
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
		wx_icode op = negate ? k->no : k->yes;
		uint32_t a = k->a, b = k->b;
		f64_branch_from_facc(c, &op, &a, &b);
		pos = wx_compile_emit(c, op, 3);
		c->code[pos + 1].s.a = a;
		c->code[pos + 1].s.b = b;
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
		wx_compile_set_half(c, s.cell, s.half, t->loop_pc - s.base);
	else
		wx_compile_add_patch(c, t, s.cell, s.half, s.base);
}

/* Moves the label's values and jumps (or returns, for the body's label). */
void wx_compile_br(compiler *c, ctrl *t)
{
	if (t->kind == WX_OP_END) {
		wx_compile_return(c);
		return;
	}
	emit_moves(c, t);
	uint32_t pos = wx_compile_emit(c, WX_I_BR, 2);
	jump_to(c, t, (site){pos + 1, 0, pos});
}

ctrl *wx_compile_label(compiler *c, uint32_t depth)
{
	assert(depth < c->nctrls);
	return &c->ctrls[c->nctrls - 1 - depth];
}

void wx_compile_br_if(compiler *c, uint32_t depth)
{
	wx_compile_note_branch(c, wx_compile_label(c, depth));
	cond k = take_cond(c);
	ctrl *t = wx_compile_label(c, depth);
	wx_compile_prepare_moves(c, wx_compile_label_arity(t));
	if (t->kind != WX_OP_END && !needs_moves(c, t)) {
		jump_to(c, t, emit_cond_branch(c, &k, false));
		return;
	}
	site skip = emit_cond_branch(c, &k, true);
	wx_compile_br(c, t);
	wx_compile_set_half(c, skip.cell, skip.half, c->ncode - skip.base);
	wx_compile_mark_label(c);
	c->last_ok = false;
}

/* br_table: a jump table; a target that needs values moved gets a pad
 * after it that moves them and jumps on, one pad per label however many
 * entries name it, so the code stays linear in the table's size. */
void wx_compile_br_table(compiler *c, uint32_t n, size_t list)
{
	ventry e = wx_compile_pop(c);
	uint32_t a = wx_compile_operand(c, &e);
	/* Every label of the table has the same arity. */
	wx_reader r0;
	uint32_t depth0 = 0;
	wx_reader_init(&r0, c->r.base, list, c->r.end, NULL);
	wx_read_u32(&r0, &depth0);
	wx_compile_prepare_moves(
	    c, wx_compile_label_arity(wx_compile_label(c, depth0)));
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
		ctrl *t = wx_compile_label(c, depth);
		wx_compile_note_branch(c, t);
		if (t->pad_seq != seq) { /* the label's first entry */
			t->pad_seq = seq;
			t->pad_cell = 0;
			t->direct = t->kind != WX_OP_END && !needs_moves(c, t);
		}
		if (t->direct) {
			jump_to(c, t, (site){first + i, 0, pos});
		} else if (t->pad_cell) {
			wx_compile_set_half(c, first + i, 0, t->pad_cell - pos);
		} else {
			t->pad_cell = c->ncode;
			wx_compile_set_half(c, first + i, 0, c->ncode - pos);
			wx_compile_mark_label(c);
			wx_compile_br(c, t);
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

void wx_compile_block(compiler *c, wx_opcode kind, const wx_instr *in)
{
	if (!wx_compile_grow((void **)&c->ctrls, &c->capctrls, c->nctrls + 1,
	                     sizeof *c->ctrls)) {
		c->oom = true;
		return;
	}
	ctrl *t = &c->ctrls[c->nctrls++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->nset = c->ninit_log;
	t->br_clock = UINT32_MAX;
	blocktype(c, in, t);
	cond k = {0, 0, 0, 0, false, false, 0};
	if (kind == WX_OP_IF)
		k = take_cond(c);
	/* Branches inside may skip code, so no entry may wait on a local
	 * that the block could overwrite, and the parameters must sit where
	 * every path into the block body leaves them. */
	for (uint32_t i = c->any_floor; c->nrefs && i < c->nstack; i++)
		if (c->stack[i].kind == V_LOCAL)
			wx_compile_materialize(c, i);
	for (uint32_t i = c->nstack - t->nparams; i < c->nstack; i++)
		wx_compile_materialize(c, i);
	t->height = c->nstack - t->nparams;
	t->base =
	    t->nparams ? c->stack[t->height].home : wx_compile_next_home(c);
	if (kind == WX_OP_LOOP) {
		/* The label; fuel and interrupts are checked by the backward
		 * branches that reach it. */
		t->loop_pc = c->ncode;
		wx_compile_mark_label(c);
		c->last_ok = false;
	} else if (kind == WX_OP_IF) {
		site s = emit_cond_branch(c, &k, true);
		ctrl tmp = {0};
		wx_compile_add_patch(c, &tmp, s.cell, s.half, s.base);
		t->else_patch = tmp.patches;
	}
}

static void reset_stack(compiler *c, const ctrl *t, uint32_t n,
                        const wx_valtype *types)
{
	wx_compile_pop_to(c, t->height);
	for (uint32_t i = 0; i < n; i++)
		wx_compile_push_temp(c, types[i]);
}

void wx_compile_else(compiler *c)
{
	ctrl *t = wx_compile_label(c, 0);
	assert(t->kind == WX_OP_IF);
	if (!c->unreachable) {
		for (uint32_t i = t->height; i < c->nstack; i++)
			wx_compile_materialize(c, i);
		uint32_t pos = wx_compile_emit(c, WX_I_BR, 2);
		wx_compile_add_patch(c, t, pos + 1, 0, pos);
	}
	wx_compile_resolve(c, t->else_patch);
	t->else_patch = 0;
	wx_compile_forget_sets(c, t, 0);
	reset_stack(c, t, t->nparams, t->params);
	c->unreachable = false;
}

void wx_compile_end(compiler *c)
{
	ctrl *t = wx_compile_label(c, 0);
	if (t->kind == WX_OP_END) {
		if (!c->unreachable) {
			wx_compile_prepare_moves(c, c->type->nresults);
			wx_compile_return(c);
		}
		c->nctrls--;
		return;
	}
	if (!c->unreachable)
		for (uint32_t i = t->height; i < c->nstack; i++)
			wx_compile_materialize(c, i);
	wx_compile_resolve(c, t->else_patch);
	wx_compile_resolve(c, t->patches);
	/* Which locals every path to here has set. An if's arms may be
	 * skipped: it forgets theirs. A block's end is reached by falling
	 * through its body and by branches to it: it keeps what was set
	 * before the first branch (inner blocks forgot what may be
	 * skipped). A loop's end is reached only by falling through, since
	 * its branches go back to the start: it keeps everything. */
	if (t->kind == WX_OP_IF)
		wx_compile_forget_sets(c, t, 0);
	else if (t->kind == WX_OP_BLOCK)
		wx_compile_forget_sets(c, t, t->br_clock);
	reset_stack(c, t, t->nresults, ctrl_results(t));
	c->nctrls--;
	c->unreachable = false;
}
