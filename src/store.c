/*
 * store.c - the store (spec: exec/runtime.rst, "Store"): it owns every
 * runtime object, interns function types so that call_indirect can compare
 * them by id (exec/instructions.rst, "call_indirect": types are compared by
 * value), and holds the embedder's limits, fuel and interrupt flag.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "interp.h" /* defaults, wx_interp_stack_free */
#include "linker.h"

/* The fields of version 0.1, read when a caller leaves config->size 0.
 * Fixed: fields added later are read only when config->size covers them. */
#define CONFIG_SIZE_0_1 \
	(offsetof(wexec_config, max_store_bytes) + sizeof(uint64_t))

void wexec_config_init(wexec_config *config)
{
	if (!config)
		return;
	memset(config, 0, sizeof *config);
	config->size = sizeof *config;
}

wexec_store *wexec_store_new(const wexec_config *config)
{
	wexec_store *store = calloc(1, sizeof *store);
	if (!store)
		return NULL;
	wexec_config_init(&store->config);
	if (config) {
		size_t n = config->size ? config->size : CONFIG_SIZE_0_1;
		memcpy(&store->config, config,
		       n < sizeof store->config ? n : sizeof store->config);
	}
	/* 0 stays "none": each memory is then bounded by its type's spec
	 * maximum (memory.c), 65536 pages or memory64's 2^48. */
	if (store->config.max_memory_pages > WX_MAX_PAGES64)
		store->config.max_memory_pages = 0;
	if (store->config.max_call_depth == 0)
		store->config.max_call_depth = WX_DEFAULT_CALL_DEPTH;
	if (store->config.max_stack_slots == 0)
		store->config.max_stack_slots = WX_DEFAULT_STACK_SLOTS;
	store->fuel = store->config.fuel;
	atomic_init(&store->attention, 0);
	return store;
}

void wexec_store_free(wexec_store *store)
{
	if (!store)
		return;
	/* Reverse order of creation: an instance goes before the functions,
	 * memories and tables it was made with, though none of the destructors
	 * looks at another object anyway. */
	wx_linker_detach_all(store);
	for (size_t i = store->nobjects; i-- > 0;)
		store->destructors[i](store->objects[i]);
	free(store->objects);
	free(store->destructors);
	for (uint32_t i = 0; i < store->ntypes; i++)
		free(store->types[i].params); /* one block with the results */
	free(store->types);
	free(store->type_index);
	if (store->stack)
		wx_interp_stack_free(store->stack);
	free(store);
}

uint64_t wexec_store_fuel(const wexec_store *store)
{
	if (!store)
		return 0;
	return store->fuel;
}

void wexec_store_set_fuel(wexec_store *store, uint64_t fuel)
{
	if (!store)
		return;
	/* Refilling a store made without fuel turns metering on: config.fuel
	 * is what the interpreter tests to know whether to count. */
	if (store->config.fuel == 0 && fuel != 0)
		store->config.fuel = fuel;
	store->fuel = fuel;
	if (fuel != 0)
		atomic_store(&store->call_limit, 0);
}

void wexec_store_interrupt(wexec_store *store)
{
	if (!store)
		return;
	/* Flag first: an activation that sets the call limit afterwards
	 * sees it (interp.c, execute). */
	atomic_fetch_or(&store->attention, WX_ATTN_INTERRUPT);
	atomic_store(&store->call_limit, 0);
}

void wexec_store_clear_interrupt(wexec_store *store)
{
	if (!store)
		return;
	/* Profile ticks still pending stay. */
	atomic_fetch_and(&store->attention, ~WX_ATTN_INTERRUPT);
}

void wexec_store_set_data(wexec_store *store, void *data)
{
	if (store)
		store->data = data;
}

void *wexec_store_data(const wexec_store *store)
{
	return store ? store->data : NULL;
}

size_t wexec_store_backtrace(const wexec_store *store, wexec_frame *out,
                             size_t max)
{
	if (!store)
		return 0;
	for (size_t i = 0; out && i < max && i < store->nbacktrace; i++)
		out[i] = store->backtrace[i];
	return store->nbacktrace;
}

bool wx_functype_equal(const wx_functype *a, const wx_functype *b)
{
	if (a->nparams != b->nparams || a->nresults != b->nresults)
		return false;
	if (a->nparams && memcmp(a->params, b->params, a->nparams) != 0)
		return false;
	if (a->nresults && memcmp(a->results, b->results, a->nresults) != 0)
		return false;
	return true;
}

static uint32_t functype_hash(const wx_functype *t)
{
	uint32_t h = 2166136261u;
	h = (h ^ t->nparams) * 16777619u;
	for (uint32_t i = 0; i < t->nparams; i++)
		h = (h ^ t->params[i]) * 16777619u;
	h = (h ^ t->nresults) * 16777619u;
	for (uint32_t i = 0; i < t->nresults; i++)
		h = (h ^ t->results[i]) * 16777619u;
	return h;
}

/* The index slot holding `type`'s id, or the empty slot where it would go. */
static uint32_t *index_slot(const wexec_store *store, const wx_functype *type)
{
	uint32_t mask = store->type_index_cap - 1;
	for (uint32_t i = functype_hash(type) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &store->type_index[i];
		if (*slot == UINT32_MAX ||
		    wx_functype_equal(&store->types[*slot], type))
			return slot;
	}
}

/* Keeps the index at most half full, and `types` room for one more. */
static bool reserve_type(wexec_store *store)
{
	if (store->ntypes == store->types_cap) {
		uint32_t cap = store->types_cap ? store->types_cap * 2 : 16;
		wx_functype *types = realloc(store->types, cap * sizeof *types);
		if (!types)
			return false;
		store->types = types;
		store->types_cap = cap;
	}
	if ((store->ntypes + 1) * 2 <= store->type_index_cap)
		return true;
	uint32_t cap = store->type_index_cap ? store->type_index_cap * 2 : 32;
	uint32_t *index = malloc(cap * sizeof *index);
	if (!index)
		return false;
	memset(index, 0xFF, cap * sizeof *index);
	free(store->type_index);
	store->type_index = index;
	store->type_index_cap = cap;
	for (uint32_t id = 0; id < store->ntypes; id++)
		*index_slot(store, &store->types[id]) = id;
	return true;
}

/* Two functions have the same type id exactly when their types are equal
 * (spec: exec/instructions.rst, "call_indirect" compares types by value),
 * so call_indirect compares one integer. */
bool wx_store_type_id(wexec_store *store, const wx_functype *type,
                      uint32_t *out)
{
	if (store->type_index_cap) {
		uint32_t *slot = index_slot(store, type);
		if (*slot != UINT32_MAX) {
			*out = *slot;
			return true;
		}
	}
	if (!reserve_type(store))
		return false;
	/* One block for both arrays, at least one byte so that a type with
	 * no parameters and no results still owns a freeable pointer. */
	size_t n = (size_t)type->nparams + type->nresults;
	wx_valtype *block = malloc(n ? n : 1);
	if (!block)
		return false;
	if (type->nparams)
		memcpy(block, type->params, type->nparams);
	if (type->nresults)
		memcpy(block + type->nparams, type->results, type->nresults);
	wx_functype *copy = &store->types[store->ntypes];
	copy->nparams = type->nparams;
	copy->nresults = type->nresults;
	copy->params = block;
	copy->results = block + type->nparams;
	*index_slot(store, copy) = store->ntypes;
	*out = store->ntypes++;
	return true;
}

bool wx_store_adopt(wexec_store *store, void *object, void (*destroy)(void *))
{
	if (store->nobjects == store->objects_cap) {
		size_t cap = store->objects_cap ? store->objects_cap * 2 : 64;
		void **objects = realloc(store->objects, cap * sizeof *objects);
		if (!objects)
			goto fail;
		store->objects = objects;
		void (**destructors)(void *) =
		    realloc(store->destructors, cap * sizeof *destructors);
		if (!destructors)
			goto fail;
		store->destructors = destructors;
		store->objects_cap = cap;
	}
	store->objects[store->nobjects] = object;
	store->destructors[store->nobjects] = destroy;
	store->nobjects++;
	return true;
fail:
	destroy(object);
	return false;
}

void wx_store_release(wexec_store *store, void *object)
{
	size_t i = store->nobjects;
	while (i-- > 0 && store->objects[i] != object)
		;
	if (i >= store->nobjects)
		return; /* not the store's: nothing to do */
	store->destructors[i](object);
	memmove(&store->objects[i], &store->objects[i + 1],
	        (store->nobjects - i - 1) * sizeof *store->objects);
	memmove(&store->destructors[i], &store->destructors[i + 1],
	        (store->nobjects - i - 1) * sizeof *store->destructors);
	store->nobjects--;
}

/* ---------------------------------------------------------------- objects */

void wx_store_memory_destroy(void *object)
{
	wx_memory_clear(object);
	free(object);
}

void wx_store_table_destroy(void *object)
{
	wx_table_clear(object);
	free(object);
}

void wx_store_global_destroy(void *object)
{
	free(object);
}

wexec_status wx_store_nomem(wexec_error *err)
{
	return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
}

wexec_status wx_store_null_arg(wexec_error *err, const char *fn,
                               const char *arg)
{
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT, "%s: %s is NULL", fn,
	                       arg);
}

wexec_status wx_store_foreign(wexec_error *err, const char *fn,
                              const char *what)
{
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
	                       "%s: %s belongs to another store", fn, what);
}

bool wx_store_charge(wexec_store *store, uint64_t bytes)
{
	if (!store)
		return true;
	uint64_t max = store->config.max_store_bytes;
	if (max != 0 && bytes > max - store->budget_used)
		return false;
	store->budget_used += bytes;
	return true;
}

/* Gives back what a creation that failed had taken of the budget. */
static wexec_status refund(wexec_store *store, uint64_t bytes,
                           wexec_status st)
{
	store->budget_used -= bytes;
	return st;
}

/* WEXEC_ERR_LIMIT for an object whose initial size is over the budget. */
static wexec_status over_budget(const wexec_store *store, const char *what,
                                uint64_t bytes, wexec_error *err)
{
	return wexec_error_set(
	    err, WEXEC_ERR_LIMIT,
	    "%s of %llu bytes exceeds the store's budget for memories and "
	    "tables (%llu of %llu bytes left)",
	    what, (unsigned long long)bytes,
	    (unsigned long long)(store->config.max_store_bytes -
	                         store->budget_used),
	    (unsigned long long)store->config.max_store_bytes);
}

wexec_status wx_store_new_memory(wexec_store *store, const wx_limits *type,
                                 wexec_memory **out, wexec_error *err)
{
	/* A minimum past the spec's maximum is init_object's error. */
	uint64_t bytes = type->min < WX_MAX_PAGES64
	                     ? type->min * (uint64_t)WX_PAGE_SIZE
	                     : UINT64_MAX;
	if (!wx_store_charge(store, bytes))
		return over_budget(store, "memory", bytes, err);
	wexec_memory *mem = calloc(1, sizeof *mem);
	if (!mem)
		return refund(store, bytes, wx_store_nomem(err));
	/* Adopted before it is initialised, with plain free(): a failed
	 * wx_memory_init_object leaves nothing behind to clear, and once it
	 * succeeds the destructor becomes memory_destroy. */
	if (!wx_store_adopt(store, mem, free))
		return refund(store, bytes, wx_store_nomem(err));
	wexec_status st = wx_memory_init_object(
	    mem, type, store->config.max_memory_pages, err);
	if (st != WEXEC_OK)
		return refund(store, bytes, st);
	store->destructors[store->nobjects - 1] = wx_store_memory_destroy;
	mem->store = store;
	*out = mem;
	return WEXEC_OK;
}

wexec_status wx_store_new_table(wexec_store *store, const wx_tabletype *type,
                                void *init, wexec_table **out, wexec_error *err)
{
	uint64_t bytes = type->limits.min * (uint64_t)sizeof(void *);
	if (!wx_store_charge(store, bytes))
		return over_budget(store, "table", bytes, err);
	wexec_table *table = calloc(1, sizeof *table);
	if (!table)
		return refund(store, bytes, wx_store_nomem(err));
	if (!wx_store_adopt(store, table, free))
		return refund(store, bytes, wx_store_nomem(err));
	wexec_status st = wx_table_init_object(table, type, init, err);
	if (st != WEXEC_OK)
		return refund(store, bytes, st);
	store->destructors[store->nobjects - 1] = wx_store_table_destroy;
	table->store = store;
	*out = table;
	return WEXEC_OK;
}

wexec_status wx_store_new_global(wexec_store *store, const wx_globaltype *type,
                                 const wx_slot val[2], wexec_global **out,
                                 wexec_error *err)
{
	wexec_global *global = calloc(1, sizeof *global);
	if (!global || !wx_store_adopt(store, global, wx_store_global_destroy))
		return wx_store_nomem(err);
	global->type = *type;
	global->store = store;
	global->val[0] = val[0];
	global->val[1] = val[1];
	*out = global;
	return WEXEC_OK;
}
