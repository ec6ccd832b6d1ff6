/*
 * instance.c - module instantiation (spec: exec/modules.rst,
 * "Instantiation" and "Allocation") and the evaluation of constant
 * expressions (exec/instructions.rst, "Expressions"; valid/instructions.rst,
 * "Constant Expressions").
 *
 * The spec allocates the module instance and evaluates its initialisers in
 * a mutually recursive way; as its note suggests, we stage it instead:
 * function instances first, then global initialisers and element segments
 * (which may only name functions and imported globals), then tables and
 * memories, then the segment writes and the start function.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "bigalloc.h"
#include "compile.h"
#include "decode.h"
#include "interp.h"
#include "numeric.h"
#include "reader.h"
#include "store.h"

/* ---------------------------------------------------------------- constant
 * expressions */

static inline void push_const(wx_slot *stack, uint32_t *n, wx_slot v)
{
	assert(*n < WX_CONSTEXPR_MAX_OPERANDS);
	stack[(*n)++] = v;
}

void wx_instance_eval_const(const wexec_instance *inst, wx_constexpr expr,
                            wx_slot out[2])
{
	const wx_module *m = inst->module;
	wx_slot stack[WX_CONSTEXPR_MAX_OPERANDS], v;
	wx_slot high = {.u64 = 0}; /* a v128's upper half */
	uint32_t n = 0;
	wx_reader r;
	wx_instr in;
	wx_reader_init(&r, m->bytes, expr.offset,
	               (size_t)expr.offset + expr.len, NULL);
	/* Validation has typed the expression: the operands of the
	 * arithmetic are there, and a value that is no integer (a float,
	 * v128 or reference) is the only instruction. Constants are bits,
	 * never converted through a float; i32 results are zero-extended as
	 * i32.const's are. */
	while (wx_read_instr(&r, &in) && in.op != WX_OP_END) {
		v.u64 = 0;
		switch (in.op) {
		case WX_OP_I32_CONST:
		case WX_OP_I64_CONST:
		case WX_OP_F32_CONST:
		case WX_OP_F64_CONST:
			v.u64 = in.bits[0];
			push_const(stack, &n, v);
			break;
		case WX_OP_V128_CONST: /* low half first */
			v.u64 = in.bits[0];
			high.u64 = in.bits[1];
			push_const(stack, &n, v);
			break;
		case WX_OP_REF_NULL:
			v.ref = NULL;
			push_const(stack, &n, v);
			break;
		case WX_OP_REF_FUNC:
			assert(in.x < m->nfuncs);
			v.ref = inst->funcs[in.x];
			push_const(stack, &n, v);
			break;
		case WX_OP_GLOBAL_GET:
			assert(in.x < m->nglobals && inst->globals[in.x]);
			high = inst->globals[in.x]->val[1];
			push_const(stack, &n, inst->globals[in.x]->val[0]);
			break;
		case WX_OP_I32_ADD:
			n--;
			stack[n - 1].u64 =
			    wx_num_i32_add(stack[n - 1].u32, stack[n].u32);
			break;
		case WX_OP_I32_SUB:
			n--;
			stack[n - 1].u64 =
			    wx_num_i32_sub(stack[n - 1].u32, stack[n].u32);
			break;
		case WX_OP_I32_MUL:
			n--;
			stack[n - 1].u64 =
			    wx_num_i32_mul(stack[n - 1].u32, stack[n].u32);
			break;
		case WX_OP_I64_ADD:
			n--;
			stack[n - 1].u64 =
			    wx_num_i64_add(stack[n - 1].u64, stack[n].u64);
			break;
		case WX_OP_I64_SUB:
			n--;
			stack[n - 1].u64 =
			    wx_num_i64_sub(stack[n - 1].u64, stack[n].u64);
			break;
		case WX_OP_I64_MUL:
			n--;
			stack[n - 1].u64 =
			    wx_num_i64_mul(stack[n - 1].u64, stack[n].u64);
			break;
		default:
			assert(!"constant expression not validated");
			return;
		}
	}
	assert(n == 1);
	out[0] = stack[0];
	out[1] = high;
}

/* ---------------------------------------------------------------- allocation
 */

void wx_instance_destroy(void *object)
{
	wexec_instance *inst = object;
	free(inst->funcs);
	free(inst->tables);
	free(inst->mems);
	free(inst->globals);
	free(inst->type_ids);
	free(inst->elem_dropped);
	free(inst->data_dropped);
	free(inst->elem_refs);
	free(inst);
}

/* calloc that never returns NULL for a zero count, so NULL means only
 * "out of memory". */
static void *zalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

/* The instance record and its index-space arrays, owned by the store. */
static wexec_status alloc_instance(wexec_store *store, const wx_module *m,
                                   wexec_instance **out, wexec_error *err)
{
	wexec_instance *inst = calloc(1, sizeof *inst);
	if (!inst || !wx_store_adopt(store, inst, wx_instance_destroy))
		return wx_store_nomem(err);
	inst->store = store;
	inst->module = m;
	inst->funcs = zalloc(m->nfuncs, sizeof *inst->funcs);
	inst->tables = zalloc(m->ntables, sizeof *inst->tables);
	inst->mems = zalloc(m->nmems, sizeof *inst->mems);
	inst->globals = zalloc(m->nglobals, sizeof *inst->globals);
	inst->type_ids = zalloc(m->ntypes, sizeof *inst->type_ids);
	inst->elem_dropped = zalloc(m->nelems, sizeof *inst->elem_dropped);
	inst->data_dropped = zalloc(m->ndatas, sizeof *inst->data_dropped);
	if (!inst->funcs || !inst->tables || !inst->mems || !inst->globals ||
	    !inst->type_ids || !inst->elem_dropped || !inst->data_dropped)
		return wx_store_nomem(err);
	for (uint32_t i = 0; i < m->ntypes; i++)
		if (!wx_store_type_id(store, &m->types[i], &inst->type_ids[i]))
			return wx_store_nomem(err);
	*out = inst;
	return WEXEC_OK;
}

/* Imports take the first indices of each index space, in import order. */
static void place_imports(wexec_instance *inst, const wexec_extern *imports)
{
	const wx_module *m = inst->module;
	uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
	for (uint32_t i = 0; i < m->nimports; i++) {
		switch (m->imports[i].kind) {
		case WX_EXTERN_FUNC:
			inst->funcs[nf++] = imports[i].of.func;
			break;
		case WX_EXTERN_TABLE:
			inst->tables[nt++] = imports[i].of.table;
			break;
		case WX_EXTERN_MEMORY:
			inst->mems[nm++] = imports[i].of.memory;
			break;
		case WX_EXTERN_GLOBAL:
			inst->globals[ng++] = imports[i].of.global;
			break;
		}
	}
	assert(nf == m->nfunc_imports && nt == m->ntable_imports &&
	       nm == m->nmem_imports && ng == m->nglobal_imports);
}

/* Defined functions: one block for all of them, since they live and die
 * with the instance. Translation to internal code happens on first call. */
static wexec_status alloc_funcs(wexec_instance *inst, wexec_error *err)
{
	const wx_module *m = inst->module;
	uint32_t n = m->nfuncs - m->nfunc_imports;
	if (n == 0)
		return WEXEC_OK;
	wexec_func *block = wx_big_calloc((size_t)n * sizeof *block);
	if (!block || !wx_store_adopt(inst->store, block, wx_big_free))
		return wx_store_nomem(err);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t funcidx = m->nfunc_imports + i;
		uint32_t typeidx = m->funcs[funcidx].typeidx;
		wexec_func *f = &block[i];
		f->store = inst->store;
		f->type = &m->types[typeidx];
		f->type_id = inst->type_ids[typeidx];
		f->inst = inst;
		f->funcidx = funcidx;
		f->code = wx_code_untranslated;
		inst->funcs[funcidx] = f;
	}
	return WEXEC_OK;
}

static wexec_status alloc_globals(wexec_instance *inst, wexec_error *err)
{
	const wx_module *m = inst->module;
	uint32_t n = m->nglobals - m->nglobal_imports;
	if (n == 0)
		return WEXEC_OK;
	wexec_global *block = calloc(n, sizeof *block);
	if (!block || !wx_store_adopt(inst->store, block, free))
		return wx_store_nomem(err);
	/* Initialisers may read imported globals only (validation), so each
	 * defined global can be set as soon as it is evaluated. */
	for (uint32_t i = 0; i < n; i++) {
		const wx_global *g = &m->globals[m->nglobal_imports + i];
		block[i].type = g->type;
		block[i].store = inst->store;
		wx_instance_eval_const(inst, g->init, block[i].val);
		inst->globals[m->nglobal_imports + i] = &block[i];
	}
	return WEXEC_OK;
}

/* Every segment's references, in one block that starts with the array of
 * per-segment pointers: segment i's entries start at elem_refs[i], and
 * freeing elem_refs frees them all. Passive segments keep them for
 * table.init. */
static wexec_status eval_elems(wexec_instance *inst, wexec_error *err)
{
	const wx_module *m = inst->module;
	size_t total = 0;
	if (m->nelems == 0)
		return WEXEC_OK;
	for (uint32_t i = 0; i < m->nelems; i++)
		total += m->elems[i].count;
	void ***index =
	    calloc(1, m->nelems * sizeof(void **) + total * sizeof(void *));
	if (!index)
		return wx_store_nomem(err);
	inst->elem_refs = index;
	void **refs = (void **)(index + m->nelems);
	for (uint32_t i = 0; i < m->nelems; i++) {
		const wx_elem *e = &m->elems[i];
		index[i] = refs;
		for (uint32_t j = 0; j < e->count; j++) {
			if (e->funcidx) {
				refs[j] = inst->funcs[e->funcidx[j]];
			} else {
				wx_slot v[2];
				wx_instance_eval_const(inst, e->exprs[j], v);
				refs[j] = v[0].ref;
			}
		}
		refs += e->count;
	}
	return WEXEC_OK;
}

static wexec_status alloc_tables_mems(wexec_instance *inst, wexec_error *err)
{
	const wx_module *m = inst->module;
	wexec_status st;
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
		st = wx_store_new_table(inst->store, &m->tables[i], NULL,
		                        &inst->tables[i], err);
		if (st != WEXEC_OK)
			return st;
	}
	for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
		st = wx_store_new_memory(inst->store, &m->mems[i],
		                         &inst->mems[i], err);
		if (st != WEXEC_OK)
			return st;
	}
	return WEXEC_OK;
}

/* ----------------------------------------------------------------
 * initialisation */

/* Steps 14-16 of instantiation: table.init + elem.drop for each active
 * element segment, elem.drop for declarative ones, then memory.init +
 * data.drop for each active data segment. A trap stops here, leaving
 * the writes already made. */
static wexec_status run_segments(wexec_instance *inst, wexec_error *err)
{
	const wx_module *m = inst->module;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const wx_elem *e = &m->elems[i];
		if (e->mode == WX_SEG_ACTIVE) {
			wx_slot off[2];
			wx_instance_eval_const(inst, e->offset, off);
			wexec_trap trap =
			    wx_table_init(inst->tables[e->table],
			                  (void *const *)inst->elem_refs[i],
			                  e->count, off[0].u32, 0, e->count);
			if (trap != WEXEC_TRAP_NONE)
				return wexec_error_trap(err, trap);
		}
		if (e->mode != WX_SEG_PASSIVE)
			inst->elem_dropped[i] = true;
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const wx_data *d = &m->datas[i];
		if (d->mode != WX_SEG_ACTIVE)
			continue;
		wx_slot off[2];
		wx_instance_eval_const(inst, d->offset, off);
		wexec_memory *mem = inst->mems[d->memory];
		wexec_trap trap = wx_memory_init(
		    mem, m->bytes + d->init.offset, d->init.len,
		    mem->type.is64 ? off[0].u64 : off[0].u32, 0, d->init.len);
		if (trap != WEXEC_TRAP_NONE)
			return wexec_error_trap(err, trap);
		inst->data_dropped[i] = true;
	}
	return WEXEC_OK;
}

wexec_status wx_instance_new(wexec_store *store, const wx_module *module,
                             const wexec_extern *imports, wexec_instance **out,
                             wexec_error *err)
{
	wexec_instance *inst = NULL;
	wexec_status st = alloc_instance(store, module, &inst, err);
	if (st != WEXEC_OK)
		return st;
	place_imports(inst, imports);
	if ((st = alloc_funcs(inst, err)) != WEXEC_OK ||
	    (st = alloc_globals(inst, err)) != WEXEC_OK ||
	    (st = eval_elems(inst, err)) != WEXEC_OK ||
	    (st = alloc_tables_mems(inst, err)) != WEXEC_OK ||
	    (st = run_segments(inst, err)) != WEXEC_OK)
		return st;
	if (module->has_start) {
		wx_slot slots[1];
		st = wx_interp_call(store, inst->funcs[module->start], slots,
		                    err);
		if (st != WEXEC_OK)
			return st;
	}
	*out = inst;
	return WEXEC_OK;
}

void wx_instance_extern(const wexec_instance *inst, const wx_export *exp,
                        wexec_extern *out)
{
	out->kind = (wexec_externkind)exp->kind;
	switch (exp->kind) {
	case WX_EXTERN_FUNC:
		out->of.func = inst->funcs[exp->index];
		break;
	case WX_EXTERN_TABLE:
		out->of.table = inst->tables[exp->index];
		break;
	case WX_EXTERN_MEMORY:
		out->of.memory = inst->mems[exp->index];
		break;
	case WX_EXTERN_GLOBAL:
		out->of.global = inst->globals[exp->index];
		break;
	}
}
