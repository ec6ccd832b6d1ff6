/*
 * instance_free.c - freeing one module instance before its store. The
 * spec's store never frees anything (exec/runtime.rst, "Store": garbage
 * collection is left to the implementation); wexec frees an instance on
 * request, and only when nothing else in the store can reach what it
 * allocated: no other instance imports its functions, tables, memories or
 * globals, no table, global or element segment of the rest of the store
 * holds one of its functions, no linker defines one of them, and no code
 * is running. Otherwise it refuses, and the instance lives on until the
 * store goes.
 */
#include <stdlib.h>

#include "instance.h"
#include "linker.h"
#include "store.h"

/* Whether `inst` allocated the object (imports are someone else's). */
static bool owns_func(const wexec_instance *inst, const wexec_func *f)
{
	return f && f->inst == inst;
}

static bool owns_table(const wexec_instance *inst, const wexec_table *t)
{
	const wx_module *m = inst->module;
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
		if (inst->tables[i] == t)
			return true;
	return false;
}

static bool owns_memory(const wexec_instance *inst, const wexec_memory *mem)
{
	const wx_module *m = inst->module;
	for (uint32_t i = m->nmem_imports; i < m->nmems; i++)
		if (inst->mems[i] == mem)
			return true;
	return false;
}

static bool owns_global(const wexec_instance *inst, const wexec_global *g)
{
	const wx_module *m = inst->module;
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
		if (inst->globals[i] == g)
			return true;
	return false;
}

static bool owns_extern(const wexec_extern *ext, const void *ctx)
{
	const wexec_instance *inst = ctx;
	switch (ext->kind) {
	case WEXEC_EXTERN_FUNC:
		return owns_func(inst, ext->of.func);
	case WEXEC_EXTERN_TABLE:
		return owns_table(inst, ext->of.table);
	case WEXEC_EXTERN_MEMORY:
		return owns_memory(inst, ext->of.memory);
	case WEXEC_EXTERN_GLOBAL:
		return owns_global(inst, ext->of.global);
	}
	return false;
}

static bool global_holds(const wexec_instance *inst, const wexec_global *g)
{
	return g->type.type == WX_FUNCREF && owns_func(inst, g->val[0].ref);
}

/* What of `other`, another live instance, refers to `inst`; NULL for
 * nothing. Its own tables are looked at with the store's tables. */
static const char *instance_refers(const wexec_instance *inst,
                                   const wexec_instance *other)
{
	const wx_module *m = other->module;
	/* An instantiation that ran out of memory before its imports were
	 * placed holds nothing. */
	if (!other->funcs || !other->tables || !other->mems ||
	    !other->globals || !other->elem_dropped)
		return NULL;
	for (uint32_t i = 0; i < m->nfunc_imports; i++)
		if (owns_func(inst, other->funcs[i]))
			return "another instance imports one of its functions";
	for (uint32_t i = 0; i < m->ntable_imports; i++)
		if (owns_table(inst, other->tables[i]))
			return "another instance imports one of its tables";
	for (uint32_t i = 0; i < m->nmem_imports; i++)
		if (owns_memory(inst, other->mems[i]))
			return "another instance imports one of its memories";
	for (uint32_t i = 0; i < m->nglobal_imports; i++)
		if (owns_global(inst, other->globals[i]))
			return "another instance imports one of its globals";
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
		if (other->globals[i] && global_holds(inst, other->globals[i]))
			return "a global of another instance holds one of its "
			       "functions";
	for (uint32_t i = 0; i < m->nelems; i++) {
		if (!other->elem_refs || other->elem_dropped[i])
			continue;
		for (uint32_t j = 0; j < m->elems[i].count; j++)
			if (owns_func(inst, other->elem_refs[i][j]))
				return "an element segment of another instance "
				       "holds one of its functions";
	}
	return NULL;
}

static bool table_holds(const wexec_instance *inst, const wexec_table *t)
{
	if (t->type.elem != WX_FUNCREF)
		return false;
	for (uint32_t i = 0; i < t->size; i++)
		if (owns_func(inst, t->elems[i]))
			return true;
	return false;
}

/* Why `inst` cannot be freed yet, or NULL when it can. */
static const char *still_referenced(const wexec_instance *inst)
{
	const wexec_store *store = inst->store;
	for (size_t k = 0; k < store->nobjects; k++) {
		void (*destroy)(void *) = store->destructors[k];
		const void *obj = store->objects[k];
		const char *why = NULL;
		if (destroy == wx_instance_destroy) {
			const wexec_instance *other = obj;
			if (other != inst && other->module)
				why = instance_refers(inst, other);
		} else if (destroy == wx_store_table_destroy) {
			if (!owns_table(inst, obj) && table_holds(inst, obj))
				why = "a table holds one of its functions";
		} else if (destroy == wx_store_global_destroy) {
			if (global_holds(inst, obj))
				why = "a global holds one of its functions";
		}
		if (why)
			return why;
	}
	if (wx_linker_defines_any(store, owns_extern, inst))
		return "a linker defines one of its exports";
	return NULL;
}

/* Gives the store's budget back what a memory or table took of it. */
static void refund(wexec_store *store, uint64_t bytes)
{
	store->budget_used -= bytes < store->budget_used ? bytes
	                                                 : store->budget_used;
}

wexec_status wexec_instance_free(wexec_instance *instance, wexec_error *err)
{
	if (!instance || !instance->module)
		return WEXEC_OK;
	wexec_store *store = instance->store;
	if (store->depth > 0)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "%s: the store is running code", __func__);
	const char *why = still_referenced(instance);
	if (why)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "%s: the instance is still in use: %s",
		                       __func__, why);
	const wx_module *m = instance->module;
	/* Defined functions and globals are one block each (instance.c). */
	if (m->nfuncs > m->nfunc_imports)
		wx_store_release(store, instance->funcs[m->nfunc_imports]);
	if (m->nglobals > m->nglobal_imports)
		wx_store_release(store, instance->globals[m->nglobal_imports]);
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
		refund(store, (uint64_t)instance->tables[i]->size *
		                  sizeof(void *));
		wx_store_release(store, instance->tables[i]);
	}
	for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
		refund(store, instance->mems[i]->size);
		wx_store_release(store, instance->mems[i]);
	}
	/* The record stays, emptied, until the store goes. */
	free(instance->funcs);
	free(instance->tables);
	free(instance->mems);
	free(instance->globals);
	free(instance->type_ids);
	free(instance->elem_dropped);
	free(instance->data_dropped);
	free(instance->elem_refs);
	instance->funcs = NULL;
	instance->tables = NULL;
	instance->mems = NULL;
	instance->globals = NULL;
	instance->type_ids = NULL;
	instance->elem_dropped = NULL;
	instance->data_dropped = NULL;
	instance->elem_refs = NULL;
	instance->module = NULL;
	return WEXEC_OK;
}
