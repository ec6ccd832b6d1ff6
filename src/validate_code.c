/*
 * validate_code.c - validation of function bodies and constant expressions
 * (spec: valid/instructions.rst, following the single-pass algorithm of
 * appendix/algorithm.rst), together with the decoding errors of instruction
 * sequences (binary/instructions.rst): the decoder keeps bodies as raw byte
 * spans, so this walk is the one place that reads instructions first.
 *
 * An instruction is handled in three steps: read its encoding and
 * immediates (malformed errors only), check its immediates against the
 * module (index spaces, alignment), then type it, either from the fixed
 * signature of its opcodes.def row or by hand for the "*" rows.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opcodes.h"
#include "reader.h"
#include "validate.h"

/* Each value type as a one-element sequence, for the block type `[t]`
 * and the result of typed select: frames borrow these. */
static const wx_valtype single_type[256] = {
    [WX_I32] = WX_I32,
    [WX_I64] = WX_I64,
    [WX_F32] = WX_F32,
    [WX_F64] = WX_F64,
    [WX_V128] = WX_V128,
    [WX_FUNCREF] = WX_FUNCREF,
    [WX_EXTERNREF] = WX_EXTERNREF,
};

static bool is_num(wx_valtype t)
{
	return t == WX_I32 || t == WX_I64 || t == WX_F32 || t == WX_F64 ||
	       t == WX_UNKNOWN;
}

static bool is_vec(wx_valtype t)
{
	return t == WX_V128 || t == WX_UNKNOWN;
}

static bool is_ref(wx_valtype t)
{
	return t == WX_FUNCREF || t == WX_EXTERNREF || t == WX_UNKNOWN;
}

/* ---------------------------------------------------------------- errors */

/* Records "PHRASE at offset N (in function 12 "name"): DETAIL", the name
 * when the name section gave one, the detail when there is one. */
static bool report(wx_validator *v, size_t pos, const char *phrase,
                   const char *detail)
{
	const wx_module *m = v->module;
	const wx_name *name = NULL;
	if (strcmp(v->where_kind, "function") == 0 &&
	    v->where_index < m->nfuncs && m->funcs[v->where_index].name.len)
		name = &m->funcs[v->where_index].name;
	wexec_error_set(v->err, WEXEC_ERR_INVALID,
	                "%s at offset %zu (in %s %u%s%.*s%s)%s%s", phrase, pos,
	                v->where_kind, v->where_index, name ? " \"" : "",
	                name ? (int)(name->len > 64 ? 64 : name->len) : 0,
	                name ? name->str : "", name ? "\"" : "",
	                detail ? ": " : "", detail ? detail : "");
	return false;
}

/* An invalid-module error with a printf-style phrase. Always returns
 * false so checks read `return invalid(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool
invalid(wx_validator *v, size_t pos, const char *fmt, ...)
{
	char phrase[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(phrase, sizeof phrase, fmt, ap);
	va_end(ap);
	return report(v, pos, phrase, NULL);
}

static bool mismatch(wx_validator *v, size_t pos)
{
	return report(v, pos, "type mismatch", NULL);
}

static const char *type_name(wx_valtype t)
{
	return t == WX_UNKNOWN ? "any" : wexec_valtype_name((wexec_valtype)t);
}

/* "type mismatch", saying which operand was wanted and what was there
 * (NULL: the block had no operand left). */
static bool operand_mismatch(wx_validator *v, size_t pos, wx_valtype expect,
                             const wx_valtype *actual)
{
	char detail[64];
	snprintf(detail, sizeof detail, "expected %s, found %s",
	         type_name(expect),
	         actual ? type_name(*actual) : "an empty stack");
	return report(v, pos, "type mismatch", detail);
}

/* "type mismatch" at the end of a block that leaves too many values. */
static bool extra_values(wx_validator *v, size_t pos, uint32_t n)
{
	char detail[64];
	snprintf(detail, sizeof detail,
	         "%u value%s left at the end of the block", n,
	         n == 1 ? "" : "s");
	return report(v, pos, "type mismatch", detail);
}

static bool nomem(wx_validator *v)
{
	wexec_error_set(v->err, WEXEC_ERR_NOMEM,
	                "out of memory validating %s %u", v->where_kind,
	                v->where_index);
	return false;
}

/* Fails the reader with a malformed error located at `pos`. */
static bool malformed_at(wx_reader *r, size_t pos, const char *message)
{
	r->pos = pos;
	return wx_reader_fail(r, message);
}

/* ---------------------------------------------------------------- setup */

static wx_optables tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void build_tables(void)
{
	tables.sigs = wx_opsig_table();
	for (int op = 0; op < WX_OP_COUNT; op++)
		tables.imm[op] = (uint8_t)wx_opinfo_table[op].imm;
	wx_validate_fast_init(&tables);
}

void wx_validator_init(wx_validator *v, wx_module *module, wexec_error *err)
{
	pthread_once(&tables_once, build_tables);
	memset(v, 0, sizeof *v);
	v->module = module;
	v->err = err;
	v->typing = true;
	v->tab = &tables;
	for (uint32_t i = 0; i < module->nmems; i++)
		v->mem64 |= module->mems[i].is64;
	/* The fast path types addresses as i32. */
	v->fast = tables.fast[module->nmems > 0 && !module->mems[0].is64];
}

void wx_validator_clear(wx_validator *v)
{
	free(v->vals);
	free(v->ctrls);
	free(v->ltypes);
	free(v->seen);
	free(v->seen_at);
	v->vals = NULL;
	v->ctrls = NULL;
	v->ltypes = NULL;
	v->seen = NULL;
	v->seen_at = NULL;
	v->seen_cap = 0;
	v->nvals = v->capvals = v->nctrls = v->capctrls = v->capltypes = 0;
}

/* ---------------------------------------------------------------- stacks */

static bool reserve_vals(wx_validator *v, uint32_t more)
{
	uint64_t need = (uint64_t)v->nvals + more;
	uint32_t cap;
	wx_valtype *p;
	if (need <= v->capvals)
		return true;
	if (need > UINT32_MAX / 2)
		return nomem(v);
	cap = v->capvals ? v->capvals : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(v->vals, cap);
	if (!p)
		return nomem(v);
	v->vals = p;
	v->capvals = cap;
	return true;
}

static inline bool push_val(wx_validator *v, wx_valtype t)
{
	if (v->nvals == v->capvals && !reserve_vals(v, 1))
		return false;
	v->vals[v->nvals++] = t;
	return true;
}

static bool push_vals(wx_validator *v, const wx_valtype *types, uint32_t n)
{
	if (n == 0)
		return true;
	if (!reserve_vals(v, n))
		return false;
	memcpy(v->vals + v->nvals, types, n);
	v->nvals += n;
	return true;
}

/* The algorithm's pop_val(expect); WX_UNKNOWN accepts any type. The type
 * popped goes to *out when out is not NULL. */
static inline bool pop_val(wx_validator *v, size_t pos, wx_valtype expect,
                           wx_valtype *out)
{
	const wx_ctrl *top = &v->ctrls[v->nctrls - 1];
	wx_valtype actual;
	if (v->nvals == top->height) {
		if (!top->unreachable)
			return operand_mismatch(v, pos, expect, NULL);
		actual = WX_UNKNOWN;
	} else {
		actual = v->vals[--v->nvals];
	}
	if (actual != expect && actual != WX_UNKNOWN && expect != WX_UNKNOWN)
		return operand_mismatch(v, pos, expect, &actual);
	if (out)
		*out = actual;
	return true;
}

static bool pop_vals(wx_validator *v, size_t pos, const wx_valtype *types,
                     uint32_t n)
{
	while (n > 0)
		if (!pop_val(v, pos, types[--n], NULL))
			return false;
	return true;
}

static bool push_ctrl(wx_validator *v, uint16_t opcode, const wx_valtype *start,
                      uint32_t nstart, const wx_valtype *end, uint32_t nend)
{
	wx_ctrl *c;
	if (v->nctrls == v->capctrls) {
		uint32_t cap = v->capctrls ? v->capctrls * 2 : 16;
		wx_ctrl *p = realloc(v->ctrls, (size_t)cap * sizeof *p);
		if (!p)
			return nomem(v);
		v->ctrls = p;
		v->capctrls = cap;
	}
	c = &v->ctrls[v->nctrls++];
	c->opcode = opcode;
	c->start = start;
	c->nstart = nstart;
	c->end = end;
	c->nend = nend;
	c->height = v->nvals;
	c->unreachable = false;
	return push_vals(v, start, nstart);
}

static bool pop_ctrl(wx_validator *v, size_t pos, wx_ctrl *out)
{
	const wx_ctrl *top = &v->ctrls[v->nctrls - 1];
	if (!pop_vals(v, pos, top->end, top->nend))
		return false;
	if (v->nvals != top->height)
		return extra_values(v, pos, v->nvals - top->height);
	*out = *top;
	v->nctrls--;
	return true;
}

static void set_unreachable(wx_validator *v)
{
	wx_ctrl *top = &v->ctrls[v->nctrls - 1];
	v->nvals = top->height;
	top->unreachable = true;
}

/* The label of the frame `depth` levels out: a loop's label takes its
 * parameters, every other label its results. */
static void label_types(const wx_ctrl *c, const wx_valtype **types, uint32_t *n)
{
	if (c->opcode == WX_OP_LOOP) {
		*types = c->start;
		*n = c->nstart;
	} else {
		*types = c->end;
		*n = c->nend;
	}
}

/* ---------------------------------------------------------------- reading */

/* memory.init and data.drop name data segments before the data section
 * is read, so they need its count up front (binary/modules.rst). A module
 * with no data segments at all needs none: its index space is empty, and
 * the index is then invalid rather than the encoding malformed. */
static bool need_datacount(const wx_validator *v, wx_reader *r, const wx_instr *in)
{
	if (v->module->has_datacount || v->module->ndatas == 0)
		return true;
	return malformed_at(r, in->pos, "data count section required");
}

/* Reads one instruction through the shared reader (decode_expr.c), then
 * the one malformed case that depends on the module. */
static inline bool read_instr(wx_validator *v, wx_reader *r, wx_instr *in)
{
	if (!wx_read_instr(r, in))
		return false;
	switch (v->tab->imm[in->op]) {
	case WX_IMM_DATA_MEMIDX:
	case WX_IMM_DATA:
		return need_datacount(v, r, in);
	default:
		return true;
	}
}

/* ---------------------------------------------------------------- immediates
 */

static bool check_memory(wx_validator *v, const wx_instr *in, uint32_t idx)
{
	if (idx >= v->module->nmems)
		return invalid(v, in->pos, "unknown memory %u", idx);
	return true;
}

static bool check_table(wx_validator *v, const wx_instr *in, uint32_t idx)
{
	if (idx >= v->module->ntables)
		return invalid(v, in->pos, "unknown table %u", idx);
	return true;
}

static bool check_data(wx_validator *v, const wx_instr *in)
{
	const wx_module *m = v->module;
	if (in->x >= (m->has_datacount ? m->datacount : m->ndatas))
		return invalid(v, in->pos, "unknown data segment %u", in->x);
	return true;
}

static bool check_elem(wx_validator *v, const wx_instr *in, uint32_t idx)
{
	if (idx >= v->module->nelems)
		return invalid(v, in->pos, "unknown elem segment %u", idx);
	return true;
}

/* A lane index below the lane count; a lane instruction's ALIGN column is
 * log2 of its lane size. */
static bool check_lane(wx_validator *v, const wx_instr *in)
{
	if (in->lane >= 16u >> wx_opinfo_table[in->op].align)
		return invalid(v, in->pos, "invalid lane index");
	return true;
}

/* Checks the immediates that refer to the module (valid/instructions.rst:
 * the context C) for the instructions with a fixed signature; the others
 * check theirs while being typed. */
static bool check_immediates(wx_validator *v, const wx_instr *in)
{
	const wx_module *m = v->module;
	const wx_opinfo *info = &wx_opinfo_table[in->op];
	switch (info->imm) {
	case WX_IMM_MEMARG:
	case WX_IMM_MEMARG_LANE:
		if (!check_memory(v, in, in->x))
			return false;
		if (in->align > wx_opinfo_table[in->op].align)
			return invalid(
			    v, in->pos,
			    "alignment must not be larger than natural");
		if (!m->mems[in->x].is64 && in->offset > UINT32_MAX)
			return invalid(v, in->pos, "offset out of range");
		return info->imm == WX_IMM_MEMARG || check_lane(v, in);
	case WX_IMM_LANE:
		return check_lane(v, in);
	case WX_IMM_SHUFFLE:
		for (int i = 0; i < 16; i++)
			if (((const uint8_t *)in->bits)[i] >= 32)
				return invalid(v, in->pos,
				               "invalid lane index");
		return true;
	case WX_IMM_MEMIDX:
		return check_memory(v, in, in->x);
	case WX_IMM_MEMIDX_MEMIDX:
		return check_memory(v, in, in->x) && check_memory(v, in, in->y);
	case WX_IMM_DATA_MEMIDX:
		return check_memory(v, in, in->y) && check_data(v, in);
	case WX_IMM_DATA:
		return check_data(v, in);
	case WX_IMM_ELEM:
		return check_elem(v, in, in->x);
	case WX_IMM_ELEM_TABLE:
		if (!check_table(v, in, in->y) || !check_elem(v, in, in->x))
			return false;
		if (m->elems[in->x].type != m->tables[in->y].elem)
			return mismatch(v, in->pos);
		return true;
	case WX_IMM_TABLE_TABLE:
		if (!check_table(v, in, in->x) || !check_table(v, in, in->y))
			return false;
		if (m->tables[in->x].elem != m->tables[in->y].elem)
			return mismatch(v, in->pos);
		return true;
	case WX_IMM_TABLE:
		return check_table(v, in, in->x);
	default:
		return true;
	}
}

/* ---------------------------------------------------------------- typing */

static bool blocktype(wx_validator *v, const wx_instr *in,
                      const wx_valtype **params, uint32_t *nparams,
                      const wx_valtype **results, uint32_t *nresults)
{
	const wx_functype *ft;
	*params = NULL;
	*nparams = 0;
	*results = NULL;
	*nresults = 0;
	if (in->blockkind == 1) {
		*results = &single_type[in->type];
		*nresults = 1;
	} else if (in->blockkind == 2) {
		if (in->x >= v->module->ntypes)
			return invalid(v, in->pos, "unknown type %u", in->x);
		ft = &v->module->types[in->x];
		*params = ft->params;
		*nparams = ft->nparams;
		*results = ft->results;
		*nresults = ft->nresults;
	}
	return true;
}

/* block, loop, if, else, end (valid/instructions.rst, control). */
static bool type_block(wx_validator *v, const wx_instr *in)
{
	const wx_valtype *params, *results;
	uint32_t nparams, nresults;
	wx_ctrl frame;
	switch (in->op) {
	case WX_OP_BLOCK:
	case WX_OP_LOOP:
	case WX_OP_IF:
		if (!blocktype(v, in, &params, &nparams, &results, &nresults))
			return false;
		if (in->op == WX_OP_IF && !pop_val(v, in->pos, WX_I32, NULL))
			return false;
		return pop_vals(v, in->pos, params, nparams) &&
		       push_ctrl(v, (uint16_t)in->op, params, nparams, results,
		                 nresults);
	case WX_OP_ELSE:
		if (!pop_ctrl(v, in->pos, &frame))
			return false;
		return push_ctrl(v, WX_OP_ELSE, frame.start, frame.nstart,
		                 frame.end, frame.nend);
	default: /* END */
		if (!pop_ctrl(v, in->pos, &frame))
			return false;
		/* An `if` without `else` has an empty else branch, which
		 * passes its parameters through as results. */
		if (frame.opcode == WX_OP_IF &&
		    (frame.nstart != frame.nend ||
		     (frame.nend > 0 &&
		      memcmp(frame.start, frame.end, frame.nend) != 0)))
			return mismatch(v, in->pos);
		return push_vals(v, frame.end, frame.nend);
	}
}

static const wx_ctrl *label_frame(wx_validator *v, const wx_instr *in,
                                  uint32_t depth)
{
	if (depth >= v->nctrls) {
		invalid(v, in->pos, "unknown label");
		return NULL;
	}
	return &v->ctrls[v->nctrls - 1 - depth];
}

/* Makes room in the set of checked label types for a br_table of `count`
 * entries and starts it empty. */
static bool seen_reset(wx_validator *v, uint32_t count)
{
	uint64_t need = 2 * (uint64_t)count + 16;
	if (need > v->seen_cap) {
		uint32_t cap = 16;
		while (cap < need && cap < (1u << 31))
			cap *= 2;
		const wx_valtype **keys = calloc(cap, sizeof *keys);
		uint32_t *at = calloc(cap, sizeof *at);
		if (!keys || !at) {
			free(keys);
			free(at);
			return nomem(v);
		}
		free(v->seen);
		free(v->seen_at);
		v->seen = keys;
		v->seen_at = at;
		v->seen_cap = cap;
		v->seen_seq = 0;
	}
	v->seen_seq++;
	return true;
}

/* Adds `types` to the set; true when it was there already. */
static bool seen_add(wx_validator *v, const wx_valtype *types)
{
	uint32_t mask = v->seen_cap - 1;
	uint32_t i = (uint32_t)(((uintptr_t)types >> 3) * 0x9E3779B1u) & mask;
	while (v->seen_at[i] == v->seen_seq) {
		if (v->seen[i] == types)
			return true;
		i = (i + 1) & mask;
	}
	v->seen[i] = types;
	v->seen_at[i] = v->seen_seq;
	return false;
}

/* br_table: every target's label must have the default's arity and accept
 * the operands; checked in place, as push_vals(pop_vals(...)) would, once
 * per distinct label type sequence, so the cost is the table's length plus
 * the types it names, not their product. */
static bool type_br_table(wx_validator *v, const wx_instr *in)
{
	wx_reader r;
	const wx_ctrl *c = label_frame(v, in, in->x);
	const wx_valtype *types;
	uint32_t arity, n, depth;
	if (!c || !pop_val(v, in->pos, WX_I32, NULL) ||
	    !seen_reset(v, in->count))
		return false;
	label_types(c, &types, &arity);
	wx_reader_init(&r, v->module->bytes, in->list, v->module->len, NULL);
	for (uint32_t i = 0; i < in->count; i++) {
		const wx_ctrl *top = &v->ctrls[v->nctrls - 1];
		wx_read_u32(&r, &depth);
		c = label_frame(v, in, depth);
		if (!c)
			return false;
		label_types(c, &types, &n);
		if (n != arity)
			return mismatch(v, in->pos);
		if (n == 0 || seen_add(v, types))
			continue;
		for (uint32_t k = 0; k < n; k++) { /* k: depth from the top */
			wx_valtype want = types[n - 1 - k], got;
			if (v->nvals - top->height <= k) {
				if (!top->unreachable)
					return mismatch(v, in->pos);
				continue; /* an Unknown operand */
			}
			got = v->vals[v->nvals - 1 - k];
			if (got != want && got != WX_UNKNOWN)
				return mismatch(v, in->pos);
		}
	}
	c = label_frame(v, in, in->x);
	label_types(c, &types, &n);
	if (!pop_vals(v, in->pos, types, n))
		return false;
	set_unreachable(v);
	return true;
}

/* br, br_if, br_table, return, unreachable. */
static bool type_branch(wx_validator *v, const wx_instr *in)
{
	const wx_ctrl *c;
	const wx_valtype *types;
	uint32_t n;
	switch (in->op) {
	case WX_OP_UNREACHABLE:
		set_unreachable(v);
		return true;
	case WX_OP_BR:
	case WX_OP_BR_IF:
		c = label_frame(v, in, in->x);
		if (!c)
			return false;
		label_types(c, &types, &n);
		if (in->op == WX_OP_BR_IF)
			return pop_val(v, in->pos, WX_I32, NULL) &&
			       pop_vals(v, in->pos, types, n) &&
			       push_vals(v, types, n);
		if (!pop_vals(v, in->pos, types, n))
			return false;
		set_unreachable(v);
		return true;
	case WX_OP_BR_TABLE:
		return type_br_table(v, in);
	default: /* RETURN: the outermost frame holds the function's results */
		c = &v->ctrls[0];
		if (!pop_vals(v, in->pos, c->end, c->nend))
			return false;
		set_unreachable(v);
		return true;
	}
}

/* call, call_indirect, and their tail-call forms (proposals/tail-call:
 * the callee's results must be the function's, and what follows is
 * unreachable, as after return). */
static bool type_call(wx_validator *v, const wx_instr *in)
{
	const wx_module *m = v->module;
	const wx_functype *ft;
	if (in->op == WX_OP_CALL || in->op == WX_OP_RETURN_CALL) {
		if (in->x >= m->nfuncs)
			return invalid(v, in->pos, "unknown function %u",
			               in->x);
		ft = wx_func_type(m, in->x);
	} else {
		/* call_indirect typeidx tableidx */
		if (!check_table(v, in, in->y))
			return false;
		if (m->tables[in->y].elem != WX_FUNCREF)
			return mismatch(v, in->pos);
		if (in->x >= m->ntypes)
			return invalid(v, in->pos, "unknown type %u", in->x);
		ft = &m->types[in->x];
		if (!pop_val(v, in->pos, WX_I32, NULL))
			return false;
	}
	if (!pop_vals(v, in->pos, ft->params, ft->nparams))
		return false;
	if (in->op == WX_OP_CALL || in->op == WX_OP_CALL_INDIRECT)
		return push_vals(v, ft->results, ft->nresults);
	const wx_ctrl *fn = &v->ctrls[0];
	if (fn->nend != ft->nresults ||
	    (ft->nresults &&
	     memcmp(fn->end, ft->results, ft->nresults * sizeof *ft->results)))
		return mismatch(v, in->pos);
	set_unreachable(v);
	return true;
}

static inline bool local_type(wx_validator *v, const wx_instr *in, wx_valtype *out)
{
	uint64_t idx = in->x;
	if (idx < v->nparams) {
		*out = v->params[idx];
		return true;
	}
	idx -= v->nparams;
	if (idx < v->nlocals) {
		*out = v->locals[idx];
		return true;
	}
	return invalid(v, in->pos, "unknown local %u", in->x);
}

/* drop, select, locals and globals (valid/instructions.rst, parametric
 * and variable instructions). */
static bool type_variable(wx_validator *v, const wx_instr *in)
{
	const wx_module *m = v->module;
	wx_valtype t = WX_UNKNOWN, t1 = WX_UNKNOWN, t2 = WX_UNKNOWN;
	switch (in->op) {
	case WX_OP_DROP:
		return pop_val(v, in->pos, WX_UNKNOWN, NULL);
	case WX_OP_SELECT:
		if (!pop_val(v, in->pos, WX_I32, NULL) ||
		    !pop_val(v, in->pos, WX_UNKNOWN, &t1) ||
		    !pop_val(v, in->pos, WX_UNKNOWN, &t2))
			return false;
		if (!((is_num(t1) && is_num(t2)) || (is_vec(t1) && is_vec(t2))))
			return mismatch(v, in->pos);
		if (t1 != t2 && t1 != WX_UNKNOWN && t2 != WX_UNKNOWN)
			return mismatch(v, in->pos);
		return push_val(v, t1 == WX_UNKNOWN ? t2 : t1);
	case WX_OP_SELECT_T:
		if (in->count != 1)
			return invalid(v, in->pos, "invalid result arity");
		return pop_val(v, in->pos, WX_I32, NULL) &&
		       pop_val(v, in->pos, in->type, NULL) &&
		       pop_val(v, in->pos, in->type, NULL) &&
		       push_val(v, in->type);
	case WX_OP_LOCAL_GET:
		return local_type(v, in, &t) && push_val(v, t);
	case WX_OP_LOCAL_SET:
		return local_type(v, in, &t) && pop_val(v, in->pos, t, NULL);
	case WX_OP_LOCAL_TEE:
		return local_type(v, in, &t) && pop_val(v, in->pos, t, NULL) &&
		       push_val(v, t);
	default: /* GLOBAL_GET, GLOBAL_SET */
		if (in->x >= m->nglobals)
			return invalid(v, in->pos, "unknown global %u", in->x);
		t = m->globals[in->x].type.type;
		if (in->op == WX_OP_GLOBAL_GET)
			return push_val(v, t);
		if (!m->globals[in->x].type.mut)
			return invalid(v, in->pos, "global is immutable");
		return pop_val(v, in->pos, t, NULL);
	}
}

/* Table and reference instructions without a fixed signature. */
static bool type_table_ref(wx_validator *v, const wx_instr *in)
{
	const wx_module *m = v->module;
	wx_valtype t = WX_UNKNOWN;
	switch (in->op) {
	case WX_OP_REF_NULL:
		return push_val(v, in->type);
	case WX_OP_REF_IS_NULL:
		if (!pop_val(v, in->pos, WX_UNKNOWN, &t))
			return false;
		if (!is_ref(t))
			return mismatch(v, in->pos);
		return push_val(v, WX_I32);
	case WX_OP_REF_FUNC:
		if (in->x >= m->nfuncs)
			return invalid(v, in->pos, "unknown function %u",
			               in->x);
		if (!(m->declared_funcs[in->x / 8] & (1u << (in->x % 8))))
			return invalid(v, in->pos,
			               "undeclared function reference");
		return push_val(v, WX_FUNCREF);
	default:
		break;
	}
	/* table.get/set/grow/fill: the table was checked with the immediates */
	t = m->tables[in->x].elem;
	switch (in->op) {
	case WX_OP_TABLE_GET:
		return pop_val(v, in->pos, WX_I32, NULL) && push_val(v, t);
	case WX_OP_TABLE_SET:
		return pop_val(v, in->pos, t, NULL) &&
		       pop_val(v, in->pos, WX_I32, NULL);
	case WX_OP_TABLE_GROW:
		return pop_val(v, in->pos, WX_I32, NULL) &&
		       pop_val(v, in->pos, t, NULL) && push_val(v, WX_I32);
	default: /* TABLE_FILL */
		return pop_val(v, in->pos, WX_I32, NULL) &&
		       pop_val(v, in->pos, t, NULL) &&
		       pop_val(v, in->pos, WX_I32, NULL);
	}
}

/* The signature of a memory instruction on a memory64 memory
 * (proposals/memory64: the address type is the memory's): its address
 * operands, and memory.size and memory.grow's results, are i64;
 * memory.copy's length is i64 only between two 64-bit memories. */
static bool type_memory64(wx_validator *v, const wx_instr *in,
                          const wx_opsig *sig)
{
	const wx_limits *mems = v->module->mems;
	wx_valtype p[3], res = sig->nresults ? sig->results[0] : 0;
	memcpy(p, sig->params, sizeof p);
	switch (v->tab->imm[in->op]) {
	case WX_IMM_MEMARG:
	case WX_IMM_MEMARG_LANE:
		if (mems[in->x].is64)
			p[0] = WX_I64;
		break;
	case WX_IMM_MEMIDX: /* memory.size, memory.grow, memory.fill */
		if (!mems[in->x].is64)
			break;
		if (in->op == WX_OP_MEMORY_FILL) {
			p[0] = p[2] = WX_I64;
		} else {
			p[0] = WX_I64;
			res = WX_I64;
		}
		break;
	case WX_IMM_DATA_MEMIDX: /* memory.init */
		if (mems[in->y].is64)
			p[0] = WX_I64;
		break;
	case WX_IMM_MEMIDX_MEMIDX: /* memory.copy */
		p[0] = mems[in->x].is64 ? WX_I64 : WX_I32;
		p[1] = mems[in->y].is64 ? WX_I64 : WX_I32;
		p[2] = p[0] == WX_I64 && p[1] == WX_I64 ? WX_I64 : WX_I32;
		break;
	}
	for (uint32_t i = sig->nparams; i > 0; i--)
		if (!pop_val(v, in->pos, p[i - 1], NULL))
			return false;
	return sig->nresults == 0 || push_val(v, res);
}

static bool type_instr(wx_validator *v, const wx_instr *in)
{
	const wx_opsig *sig = &v->tab->sigs[in->op];
	if (v->tab->imm[in->op] != WX_IMM_NONE && !check_immediates(v, in))
		return false;
	if (v->mem64 && sig->fixed && wx_imm_names_memory(v->tab->imm[in->op]))
		return type_memory64(v, in, sig);
	if (sig->fixed) {
		for (uint32_t i = sig->nparams; i > 0; i--)
			if (!pop_val(v, in->pos, sig->params[i - 1], NULL))
				return false;
		return sig->nresults == 0 || push_val(v, sig->results[0]);
	}
	switch (in->op) {
	case WX_OP_BLOCK:
	case WX_OP_LOOP:
	case WX_OP_IF:
	case WX_OP_ELSE:
	case WX_OP_END:
		return type_block(v, in);
	case WX_OP_UNREACHABLE:
	case WX_OP_BR:
	case WX_OP_BR_IF:
	case WX_OP_BR_TABLE:
	case WX_OP_RETURN:
		return type_branch(v, in);
	case WX_OP_CALL:
	case WX_OP_CALL_INDIRECT:
	case WX_OP_RETURN_CALL:
	case WX_OP_RETURN_CALL_INDIRECT:
		return type_call(v, in);
	case WX_OP_DROP:
	case WX_OP_SELECT:
	case WX_OP_SELECT_T:
	case WX_OP_LOCAL_GET:
	case WX_OP_LOCAL_SET:
	case WX_OP_LOCAL_TEE:
	case WX_OP_GLOBAL_GET:
	case WX_OP_GLOBAL_SET:
		return type_variable(v, in);
	default:
		return type_table_ref(v, in);
	}
}

/* ---------------------------------------------------------------- bodies */

/* The local index space as one array, for the fast path. */
static bool gather_locals(wx_validator *v)
{
	uint64_t n = (uint64_t)v->nparams + v->nlocals;
	if (n > v->capltypes) {
		wx_valtype *p;
		if (n > UINT32_MAX)
			return nomem(v);
		p = realloc(v->ltypes, n);
		if (!p)
			return nomem(v);
		v->ltypes = p;
		v->capltypes = (uint32_t)n;
	}
	if (v->nparams)
		memcpy(v->ltypes, v->params, v->nparams);
	if (v->nlocals)
		memcpy(v->ltypes + v->nparams, v->locals, v->nlocals);
	return true;
}

/* The nesting of blocks when only decoding: the frames carry the opcode
 * so that `else` is accepted inside an `if` only. */
static bool scan_structure(wx_validator *v, const wx_instr *in)
{
	switch (in->op) {
	case WX_OP_BLOCK:
	case WX_OP_LOOP:
	case WX_OP_IF:
		return push_ctrl(v, (uint16_t)in->op, NULL, 0, NULL, 0);
	case WX_OP_ELSE:
		v->ctrls[v->nctrls - 1].opcode = WX_OP_ELSE;
		return true;
	case WX_OP_END:
		v->nctrls--;
		return true;
	default:
		return true;
	}
}

wexec_status wx_validate_func(wx_validator *v, uint32_t funcidx)
{
	wx_module *m = v->module;
	const wx_func *f = &m->funcs[funcidx];
	/* Only decoding: the type index itself may be invalid. */
	const wx_functype *ft = v->typing ? wx_func_type(m, funcidx) : NULL;
	wx_reader r;
	wx_instr in;
	memset(&in, 0, sizeof in);
	v->funcidx = funcidx;
	v->where_kind = "function";
	v->where_index = funcidx;
	v->params = ft ? ft->params : NULL;
	v->nparams = ft ? ft->nparams : 0;
	v->locals = f->locals;
	v->nlocals = f->nlocals;
	v->nvals = 0;
	v->nctrls = 0;
	wx_reader_init(&r, m->bytes, f->body.offset,
	               (size_t)f->body.offset + f->body.len, v->err);
	r.features = m->features;
	if (!push_ctrl(v, WX_OP_BLOCK, NULL, 0, ft ? ft->results : NULL,
	               ft ? ft->nresults : 0))
		return v->err->status;
	if (v->typing && !gather_locals(v))
		return v->err->status;
	while (v->nctrls > 0) {
		/* The common instructions first; the full step below takes
		 * the one the fast path stopped at. */
		if (v->typing && !v->no_fast) {
			if (!reserve_vals(v, (uint32_t)(r.end - r.pos) + 1))
				return v->err->status;
			wx_validate_fast(v, &r);
			if (v->nctrls == 0)
				break;
		}
		/* A body without its last `end`: worded as the reference
		 * decoder, which reads on into the bytes that follow. */
		if (wx_reader_done(&r))
			return malformed_at(&r, r.pos,
			                    r.pos == m->len
			                        ? "unexpected end"
			                        : "END opcode expected"),
			       WEXEC_ERR_MALFORMED;
		if (!read_instr(v, &r, &in))
			return WEXEC_ERR_MALFORMED;
		if (in.op == WX_OP_ELSE &&
		    v->ctrls[v->nctrls - 1].opcode != WX_OP_IF)
			return malformed_at(&r, in.pos, "END opcode expected"),
			       WEXEC_ERR_MALFORMED;
		if (v->typing) {
			if (!type_instr(v, &in))
				return v->err->status;
		} else if (!scan_structure(v, &in)) {
			return v->err->status;
		}
	}
	if (!wx_reader_done(&r))
		return malformed_at(&r, r.pos, "section size mismatch"),
		       WEXEC_ERR_MALFORMED;
	return WEXEC_OK;
}

/* ---------------------------------------------------------------- constant
 * expressions */

/* The typing of a constant expression: its operand stack, and the first
 * instruction that extended constant expressions (WebAssembly 3.0) added,
 * iNN.add, iNN.sub or iNN.mul. */
typedef struct const_typing {
	wx_valtype stack[WX_CONSTEXPR_MAX_OPERANDS];
	uint32_t n;
	bool extended;
	wx_opcode ext_op;
	size_t ext_pos;
} const_typing;

/* A type error in a constant expression. One that uses an extended
 * instruction is reported with WebAssembly 2.0's error first, as that
 * instruction is not constant there ("constant expression required", at
 * the instruction), and the type error after it; 3.0 reports only the
 * type error. */
static bool const_mismatch(wx_validator *v, const const_typing *c, size_t pos,
                           const char *detail)
{
	char text[200];
	if (!c->extended)
		return report(v, pos, "type mismatch", detail);
	snprintf(text, sizeof text,
	         "%s is constant only with extended constant expressions "
	         "(3.0), where this expression has a type mismatch at "
	         "offset %zu: %s",
	         wx_opinfo_table[c->ext_op].name, pos, detail);
	return report(v, c->ext_pos, "constant expression required", text);
}

/* iNN.add, iNN.sub, iNN.mul: [t t] -> [t], from their opcodes.def rows. */
static bool type_const_arith(wx_validator *v, const wx_instr *in,
                             const_typing *c)
{
	const wx_opsig *sig = &v->tab->sigs[in->op];
	char detail[64];
	if (!c->extended) {
		c->extended = true;
		c->ext_op = in->op;
		c->ext_pos = in->pos;
	}
	for (uint32_t i = sig->nparams; i-- > 0;) {
		if (c->n == 0 || c->stack[c->n - 1] != sig->params[i]) {
			snprintf(detail, sizeof detail, "expected %s, found %s",
			         type_name(sig->params[i]),
			         c->n ? type_name(c->stack[c->n - 1])
			              : "an empty stack");
			return const_mismatch(v, c, in->pos, detail);
		}
		c->n--;
	}
	c->stack[c->n++] = sig->results[0];
	return true;
}

/* One constant instruction (valid/instructions.rst, "Constant
 * Expressions", with the extended constant expressions of 3.0), typed on
 * the expression's operand stack. */
static bool type_constant(wx_validator *v, const wx_instr *in,
                          uint32_t nglobals, const_typing *c)
{
	const wx_module *m = v->module;
	wx_valtype type;
	switch (in->op) {
	case WX_OP_I32_CONST:
		type = WX_I32;
		break;
	case WX_OP_I64_CONST:
		type = WX_I64;
		break;
	case WX_OP_F32_CONST:
		type = WX_F32;
		break;
	case WX_OP_F64_CONST:
		type = WX_F64;
		break;
	case WX_OP_V128_CONST:
		type = WX_V128;
		break;
	case WX_OP_REF_NULL:
		type = in->type;
		break;
	case WX_OP_REF_FUNC:
		if (in->x >= m->nfuncs)
			return invalid(v, in->pos, "unknown function %u",
			               in->x);
		type = WX_FUNCREF;
		break;
	case WX_OP_GLOBAL_GET:
		if (in->x >= nglobals)
			return invalid(v, in->pos, "unknown global %u", in->x);
		if (m->globals[in->x].type.mut)
			return invalid(v, in->pos,
			               "constant expression required");
		type = m->globals[in->x].type.type;
		break;
	case WX_OP_I32_ADD:
	case WX_OP_I32_SUB:
	case WX_OP_I32_MUL:
	case WX_OP_I64_ADD:
	case WX_OP_I64_SUB:
	case WX_OP_I64_MUL:
		return type_const_arith(v, in, c);
	default:
		return invalid(v, in->pos, "constant expression required");
	}
	if (c->n == WX_CONSTEXPR_MAX_OPERANDS)
		return invalid(v, in->pos,
		               "constant expression too deep: more than %u "
		               "values on its stack (an implementation limit)",
		               WX_CONSTEXPR_MAX_OPERANDS);
	c->stack[c->n++] = type;
	return true;
}

wexec_status wx_validate_constexpr(wx_validator *v, wx_constexpr expr,
                                   wx_valtype type, uint32_t nglobals,
                                   const char *kind, uint32_t index)
{
	wx_reader r;
	wx_instr in;
	uint32_t depth = 0;
	const_typing c;
	char detail[64];
	c.n = 0;
	c.extended = false;
	memset(&in, 0, sizeof in);
	v->where_kind = kind;
	v->where_index = index;
	wx_reader_init(&r, v->module->bytes, expr.offset,
	               (size_t)expr.offset + expr.len, v->err);
	for (;;) {
		if (wx_reader_done(&r))
			return malformed_at(&r, r.pos, "END opcode expected"),
			       WEXEC_ERR_MALFORMED;
		if (!read_instr(v, &r, &in))
			return WEXEC_ERR_MALFORMED;
		if (in.op == WX_OP_END && depth == 0)
			break;
		/* Only decoding: blocks are not constant, but their `end`
		 * must not be taken for the expression's. */
		if (in.op == WX_OP_BLOCK || in.op == WX_OP_LOOP ||
		    in.op == WX_OP_IF)
			depth++;
		else if (in.op == WX_OP_END)
			depth--;
		if (v->typing && !type_constant(v, &in, nglobals, &c))
			return WEXEC_ERR_INVALID;
	}
	if (!wx_reader_done(&r))
		return malformed_at(&r, r.pos, "section size mismatch"),
		       WEXEC_ERR_MALFORMED;
	if (!v->typing || (c.n == 1 && c.stack[0] == type))
		return WEXEC_OK;
	if (c.n > 1)
		snprintf(detail, sizeof detail,
		         "%u values left, one %s expected", c.n,
		         type_name(type));
	else
		snprintf(detail, sizeof detail, "expected %s, found %s",
		         type_name(type),
		         c.n ? type_name(c.stack[0]) : "an empty stack");
	return const_mismatch(v, &c, in.pos, detail), WEXEC_ERR_INVALID;
}

void wx_constexpr_refs(wx_validator *v, wx_constexpr expr, uint8_t *bits)
{
	wx_reader r;
	wx_instr in;
	memset(&in, 0, sizeof in);
	wx_reader_init(&r, v->module->bytes, expr.offset,
	               (size_t)expr.offset + expr.len, NULL);
	while (!wx_reader_done(&r) && read_instr(v, &r, &in))
		if (in.op == WX_OP_REF_FUNC && in.x < v->module->nfuncs)
			bits[in.x / 8] |= (uint8_t)(1u << (in.x % 8));
}
