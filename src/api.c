/*
 * api.c - the public interface of wexec.h that is not errors, the store or
 * the linker: the version, modules' public views and their import/export
 * descriptions (module.c makes and frees modules),
 * host functions, calls from the embedder (spec: exec/modules.rst,
 * "Invocation"), and the accessors of memories, tables, globals and
 * instances (the spec's embedding interface, appendix/embedding.rst).
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "instance.h"
#include "interp.h"
#include "store.h"

/* ---------------------------------------------------------------- version */

const char *wexec_version(void)
{
	return WEXEC_VERSION;
}

/* ---------------------------------------------------------------- modules */

/* Public views of a module, made once at load so that the accessors can
 * hand out borrowed pointers from a const module. One block holds it all:
 * this struct, the functypes, the name pointers, the converted valtypes
 * and the NUL-terminated names. */
struct wx_api_info {
	wexec_functype *types;   /* module->ntypes */
	const char **func_names; /* module->nfuncs; NULL when unnamed */
};

wexec_status wx_api_module_info(wx_module *m, wexec_error *err)
{
	size_t nvals = 0, nchars = 0;
	for (uint32_t i = 0; i < m->ntypes; i++)
		nvals += (size_t)m->types[i].nparams + m->types[i].nresults;
	for (uint32_t i = 0; i < m->nfuncs; i++)
		if (m->funcs[i].name.len)
			nchars += (size_t)m->funcs[i].name.len + 1;
	size_t size = sizeof(struct wx_api_info) +
	              m->ntypes * sizeof(wexec_functype) +
	              m->nfuncs * sizeof(const char *) +
	              nvals * sizeof(wexec_valtype) + nchars;
	char *block = calloc(1, size);
	if (!block)
		return wx_store_nomem(err);
	struct wx_api_info *api = (struct wx_api_info *)block;
	char *p = block + sizeof *api;
	api->types = (wexec_functype *)p;
	p += m->ntypes * sizeof(wexec_functype);
	api->func_names = (const char **)p;
	p += m->nfuncs * sizeof(const char *);
	wexec_valtype *vals = (wexec_valtype *)p;
	char *chars = p + nvals * sizeof(wexec_valtype);

	for (uint32_t i = 0; i < m->ntypes; i++) {
		const wx_functype *t = &m->types[i];
		api->types[i].params = vals;
		api->types[i].nparams = t->nparams;
		for (uint32_t j = 0; j < t->nparams; j++)
			*vals++ = (wexec_valtype)t->params[j];
		api->types[i].results = vals;
		api->types[i].nresults = t->nresults;
		for (uint32_t j = 0; j < t->nresults; j++)
			*vals++ = (wexec_valtype)t->results[j];
	}
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		const wx_name *n = &m->funcs[i].name;
		if (!n->len)
			continue;
		memcpy(chars, n->str, n->len);
		chars[n->len] = '\0';
		api->func_names[i] = chars;
		chars += n->len + 1;
	}
	m->api = api;
	return WEXEC_OK;
}

size_t wexec_module_import_count(const wexec_module *module)
{
	return module ? module->nimports : 0;
}

size_t wexec_module_export_count(const wexec_module *module)
{
	return module ? module->nexports : 0;
}

static void limits_out(const wx_limits *l, wexec_limits *out)
{
	out->min = l->min;
	out->max = l->max;
	out->has_max = l->has_max;
	out->is64 = l->is64;
}

static void functype_out(const wx_module *m, uint32_t typeidx,
                         wexec_functype *out)
{
	*out = m->api->types[typeidx];
}

static void tabletype_out(const wx_tabletype *t, wexec_externtype *out)
{
	out->table.elem = (wexec_valtype)t->elem;
	limits_out(&t->limits, &out->table.limits);
}

static void globaltype_out(const wx_globaltype *g, wexec_externtype *out)
{
	out->global.type = (wexec_valtype)g->type;
	out->global.mutable_ = g->mut;
}

bool wexec_module_import(const wexec_module *module, size_t index,
                         wexec_import_desc *out)
{
	if (!module || !out || index >= module->nimports)
		return false;
	const wx_import *imp = &module->imports[index];
	memset(out, 0, sizeof *out);
	out->module = imp->module.str;
	out->module_len = imp->module.len;
	out->name = imp->name.str;
	out->name_len = imp->name.len;
	out->type.kind = (wexec_externkind)imp->kind;
	switch (imp->kind) {
	case WX_EXTERN_FUNC:
		functype_out(module, imp->desc.typeidx, &out->type.func);
		break;
	case WX_EXTERN_TABLE:
		tabletype_out(&imp->desc.table, &out->type);
		break;
	case WX_EXTERN_MEMORY:
		limits_out(&imp->desc.memory, &out->type.memory);
		break;
	case WX_EXTERN_GLOBAL:
		globaltype_out(&imp->desc.global, &out->type);
		break;
	}
	return true;
}

bool wexec_module_export(const wexec_module *module, size_t index,
                         wexec_export_desc *out)
{
	if (!module || !out || index >= module->nexports)
		return false;
	const wx_export *exp = &module->exports[index];
	uint32_t i = exp->index;
	memset(out, 0, sizeof *out);
	out->name = exp->name.str;
	out->name_len = exp->name.len;
	out->type.kind = (wexec_externkind)exp->kind;
	switch (exp->kind) {
	case WX_EXTERN_FUNC:
		functype_out(module, module->funcs[i].typeidx, &out->type.func);
		break;
	case WX_EXTERN_TABLE:
		tabletype_out(&module->tables[i], &out->type);
		break;
	case WX_EXTERN_MEMORY:
		limits_out(&module->mems[i], &out->type.memory);
		break;
	case WX_EXTERN_GLOBAL:
		globaltype_out(&module->globals[i].type, &out->type);
		break;
	}
	return true;
}

/* ---------------------------------------------------------------- values */

void wx_vals_to_slots(const wx_valtype *types, uint32_t n,
                      const wexec_val *vals, wx_slot *slots)
{
	for (uint32_t i = 0; i < n; i++) {
		const wexec_val *v = &vals[i];
		slots->u64 = 0;
		switch (types[i]) {
		case WX_I32:
			slots->i32 = v->of.i32;
			break;
		case WX_I64:
			slots->i64 = v->of.i64;
			break;
		case WX_F32:
			slots->u32 = v->of.f32_bits;
			break;
		case WX_F64:
			slots->u64 = v->of.f64_bits;
			break;
		case WX_FUNCREF:
			slots->ref = v->of.funcref;
			break;
		case WX_EXTERNREF:
			slots->ref = v->of.externref;
			break;
		case WX_V128:
			/* Little-endian lanes: bytes 0-7 are the low slot. */
			for (int b = 7; b >= 0; b--)
				slots[0].u64 =
				    slots[0].u64 << 8 | v->of.v128[b];
			slots[1].u64 = 0;
			for (int b = 15; b >= 8; b--)
				slots[1].u64 =
				    slots[1].u64 << 8 | v->of.v128[b];
			slots++;
			break;
		}
		slots++;
	}
}

void wx_slots_to_vals(const wx_valtype *types, uint32_t n, const wx_slot *slots,
                      wexec_val *vals)
{
	for (uint32_t i = 0; i < n; i++) {
		wexec_val *v = &vals[i];
		memset(v, 0, sizeof *v);
		v->type = (wexec_valtype)types[i];
		switch (types[i]) {
		case WX_I32:
			v->of.i32 = slots->i32;
			break;
		case WX_I64:
			v->of.i64 = slots->i64;
			break;
		case WX_F32:
			v->of.f32_bits = slots->u32;
			break;
		case WX_F64:
			v->of.f64_bits = slots->u64;
			break;
		case WX_FUNCREF:
			v->of.funcref = slots->ref;
			break;
		case WX_EXTERNREF:
			v->of.externref = slots->ref;
			break;
		case WX_V128:
			for (int b = 0; b < 8; b++) {
				v->of.v128[b] =
				    (uint8_t)(slots[0].u64 >> (8 * b));
				v->of.v128[8 + b] =
				    (uint8_t)(slots[1].u64 >> (8 * b));
			}
			slots++;
			break;
		}
		slots++;
	}
}

static uint32_t slot_count(const wx_valtype *types, uint32_t n)
{
	uint32_t slots = 0;
	for (uint32_t i = 0; i < n; i++)
		slots += wx_slots_of(types[i]);
	return slots;
}

/* ---------------------------------------------------------------- host
 * functions */

/* A host function with its type in the same allocation: the wexec_valtype
 * arrays that wexec_func_type() lends, then the wx_valtype arrays of
 * func.host_type. `func` comes first, so a host wexec_func * converts back. */
typedef struct host_func {
	wexec_func func;
	wexec_functype api_type;
} host_func;

static bool valtype_known(wexec_valtype t)
{
	switch (t) {
	case WEXEC_I32:
	case WEXEC_I64:
	case WEXEC_F32:
	case WEXEC_F64:
	case WEXEC_V128:
	case WEXEC_FUNCREF:
	case WEXEC_EXTERNREF:
		return true;
	}
	return false;
}

wexec_status wexec_func_new(wexec_store *store, const wexec_functype *type,
                            wexec_host_fn fn, void *user, wexec_func **out,
                            wexec_error *err)
{
	if (!store)
		return wx_store_null_arg(err, __func__, "store");
	if (!type)
		return wx_store_null_arg(err, __func__, "type");
	if (!fn)
		return wx_store_null_arg(err, __func__, "fn");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	if ((!type->params && type->nparams) ||
	    (!type->results && type->nresults))
		return wx_store_null_arg(err, __func__, "a type array");
	size_t n = (size_t)type->nparams + type->nresults;
	for (size_t i = 0; i < n; i++) {
		wexec_valtype t = i < type->nparams
		                      ? type->params[i]
		                      : type->results[i - type->nparams];
		if (!valtype_known(t))
			return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
			                       "unknown value type 0x%x",
			                       (unsigned)t);
	}
	host_func *h = calloc(1, sizeof *h + n * (sizeof(wexec_valtype) + 1));
	if (!h || !wx_store_adopt(store, h, free))
		return wx_store_nomem(err);
	wexec_valtype *api_vals = (wexec_valtype *)(h + 1);
	wx_valtype *vals = (wx_valtype *)(api_vals + n);
	for (uint32_t i = 0; i < type->nparams; i++) {
		api_vals[i] = type->params[i];
		vals[i] = (wx_valtype)type->params[i];
	}
	for (uint32_t i = 0; i < type->nresults; i++) {
		api_vals[type->nparams + i] = type->results[i];
		vals[type->nparams + i] = (wx_valtype)type->results[i];
	}
	h->api_type.params = api_vals;
	h->api_type.nparams = type->nparams;
	h->api_type.results = api_vals + type->nparams;
	h->api_type.nresults = type->nresults;
	wexec_func *f = &h->func;
	f->store = store;
	f->host_type.params = vals;
	f->host_type.nparams = type->nparams;
	f->host_type.results = vals + type->nparams;
	f->host_type.nresults = type->nresults;
	f->type = &f->host_type;
	f->host = fn;
	f->user = user;
	if (!wx_store_type_id(store, f->type, &f->type_id))
		return wx_store_nomem(err);
	*out = f;
	return WEXEC_OK;
}

/* Whether st is one of wexec_status (no default: a new status must be
 * listed here, and the compiler says so). */
static bool status_known(wexec_status st)
{
	switch (st) {
	case WEXEC_OK:
	case WEXEC_ERR_MALFORMED:
	case WEXEC_ERR_INVALID:
	case WEXEC_ERR_UNLINKABLE:
	case WEXEC_ERR_TRAP:
	case WEXEC_ERR_EXIT:
	case WEXEC_ERR_NOMEM:
	case WEXEC_ERR_LIMIT:
	case WEXEC_ERR_ARGUMENT:
	case WEXEC_ERR_IO:
		return true;
	}
	return false;
}

/* Host functions have no name section: they are named after their first
 * linker definition, as record_trap names wasm functions. */
#define HOST_IN "(in function %s)"

static const char *host_name(const wexec_func *f)
{
	return f->host_name ? f->host_name : "<unnamed host function>";
}

wexec_status wx_api_host_status(const wexec_func *f, wexec_status st,
                                wexec_error *err)
{
	if (st == WEXEC_OK)
		return WEXEC_OK;
	if (!status_known(st)) {
		/* Not an error wexec knows how to report: the host function
		 * failed in a way only it understands, which for the wasm
		 * caller is a trap. */
		if (err->status == WEXEC_OK) {
			err->trap = WEXEC_TRAP_HOST;
			wexec_error_set(err, WEXEC_ERR_TRAP,
			                "host function returned unknown status "
			                "%d " HOST_IN,
			                (int)st, host_name(f));
		}
		st = err->status;
	} else if (err->status == WEXEC_OK) {
		if (st == WEXEC_ERR_TRAP) {
			err->trap = WEXEC_TRAP_HOST;
			wexec_error_set(err, st, "host function trapped " HOST_IN,
			                host_name(f));
		} else {
			wexec_error_set(err, st, "host function failed " HOST_IN,
			                host_name(f));
		}
	}
	/* wexec_error_set(err, WEXEC_ERR_TRAP, ...) names no kind. */
	if (err->status == WEXEC_ERR_TRAP && err->trap == WEXEC_TRAP_NONE)
		err->trap = WEXEC_TRAP_HOST;
	return st;
}

wexec_status wx_api_host_results(const wexec_func *f, const wexec_val *results,
                                 wexec_error *err)
{
	const wx_functype *t = f->type;
	for (uint32_t i = 0; i < t->nresults; i++) {
		if (t->results[i] != WX_FUNCREF)
			continue;
		if (results[i].type != WEXEC_FUNCREF)
			return wexec_error_set(
			    err, WEXEC_ERR_ARGUMENT,
			    "host function returned %s for result %u, declared "
			    "funcref " HOST_IN,
			    wexec_valtype_name(results[i].type), i + 1,
			    host_name(f));
		if (results[i].of.funcref &&
		    results[i].of.funcref->store != f->store)
			return wexec_error_set(
			    err, WEXEC_ERR_ARGUMENT,
			    "host function returned a function of another "
			    "store for result %u " HOST_IN,
			    i + 1, host_name(f));
	}
	return WEXEC_OK;
}

/* ---------------------------------------------------------------- functions */

void wexec_func_type(const wexec_func *func, wexec_functype *out)
{
	if (!out)
		return;
	if (!func) {
		memset(out, 0, sizeof *out);
		return;
	}
	if (!func->inst) {
		*out = ((const host_func *)func)->api_type;
		return;
	}
	const wx_module *m = func->inst->module;
	*out = m->api->types[m->funcs[func->funcidx].typeidx];
}

const char *wexec_func_name(const wexec_func *func)
{
	if (!func || !func->inst || !func->inst->module->api)
		return NULL;
	return func->inst->module->api->func_names[func->funcidx];
}

static wexec_status check_args(const wexec_func *func, const wexec_val *args,
                               size_t nargs, size_t nresults, wexec_error *err)
{
	const wx_functype *t = func->type;
	if (nargs != t->nparams)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "expected %u arguments, got %zu",
		                       t->nparams, nargs);
	for (size_t i = 0; i < nargs; i++) {
		if ((unsigned)args[i].type != t->params[i])
			return wexec_error_set(
			    err, WEXEC_ERR_ARGUMENT,
			    "argument %zu: expected %s, got %s", i + 1,
			    wexec_valtype_name((wexec_valtype)t->params[i]),
			    wexec_valtype_name(args[i].type));
		if (args[i].type == WEXEC_FUNCREF && args[i].of.funcref &&
		    args[i].of.funcref->store != func->store)
			return wexec_error_set(
			    err, WEXEC_ERR_ARGUMENT,
			    "wexec_func_call: argument %zu is a function of "
			    "another store",
			    i + 1);
	}
	if (nresults < t->nresults)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "expected room for %u results, got %zu",
		                       t->nresults, nresults);
	return WEXEC_OK;
}

wexec_status wexec_func_call(wexec_func *func, const wexec_val *args,
                             size_t nargs, wexec_val *results, size_t nresults,
                             wexec_error *err)
{
	if (!func)
		return wx_store_null_arg(err, __func__, "func");
	if (!args && nargs)
		return wx_store_null_arg(err, __func__, "args");
	if (!results && nresults)
		return wx_store_null_arg(err, __func__, "results");
	const wx_functype *t = func->type;
	wexec_status st = check_args(func, args, nargs, nresults, err);
	if (st != WEXEC_OK)
		return st;

	uint32_t in = slot_count(t->params, t->nparams);
	uint32_t outn = slot_count(t->results, t->nresults);
	size_t nslots = in > outn ? in : outn;
	wx_slot small[32];
	wx_slot *slots = nslots <= 32 ? small : malloc(nslots * sizeof *slots);
	if (!slots)
		return wx_store_nomem(err);
	wx_vals_to_slots(t->params, t->nparams, args, slots);
	/* Host functions too: the interpreter's call_host is the one place
	 * that normalises what they return. */
	st = wx_interp_call(func->store, func, slots, err);
	if (st == WEXEC_OK)
		wx_slots_to_vals(t->results, t->nresults, slots, results);
	if (slots != small)
		free(slots);
	return st;
}

/* ---------------------------------------------------------------- memories */

static wexec_status check_limits(const wexec_limits *l, uint64_t top,
                                 wexec_error *err)
{
	if (l->min > top || (l->has_max && (l->max > top || l->max < l->min)))
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "invalid limits: min %llu, max %llu",
		                       (unsigned long long)l->min,
		                       (unsigned long long)l->max);
	return WEXEC_OK;
}

wexec_status wexec_memory_new(wexec_store *store, const wexec_limits *limits,
                              wexec_memory **out, wexec_error *err)
{
	if (!store)
		return wx_store_null_arg(err, __func__, "store");
	if (!limits)
		return wx_store_null_arg(err, __func__, "limits");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	wexec_status st = check_limits(
	    limits, limits->is64 ? WX_MAX_PAGES64 : WX_MAX_PAGES, err);
	if (st != WEXEC_OK)
		return st;
	wx_limits type = {limits->min, limits->max, limits->has_max,
	                  limits->is64};
	return wx_store_new_memory(store, &type, out, err);
}

uint8_t *wexec_memory_data(wexec_memory *memory)
{
	return memory ? memory->data : NULL;
}

uint64_t wexec_memory_size(const wexec_memory *memory)
{
	return memory ? memory->size : 0;
}

uint64_t wexec_memory_pages(const wexec_memory *memory)
{
	return memory ? memory->size / WX_PAGE_SIZE : 0;
}

void wexec_memory_type(const wexec_memory *memory, wexec_limits *limits)
{
	if (!limits)
		return;
	memset(limits, 0, sizeof *limits);
	if (memory) {
		limits_out(&memory->type, limits);
		limits->min = memory->size / WX_PAGE_SIZE;
	}
}

wexec_status wexec_memory_grow(wexec_memory *memory, uint64_t delta,
                               uint64_t *old_pages, wexec_error *err)
{
	if (!memory)
		return wx_store_null_arg(err, __func__, "memory");
	int64_t old = wx_memory_grow(memory, delta);
	if (old < 0)
		return wexec_error_set(
		    err, WEXEC_ERR_LIMIT,
		    "memory of %llu pages cannot grow by %llu",
		    (unsigned long long)wexec_memory_pages(memory),
		    (unsigned long long)delta);
	if (old_pages)
		*old_pages = (uint64_t)old;
	return WEXEC_OK;
}

wexec_status wexec_memory_read(const wexec_memory *memory, uint64_t offset,
                               void *buf, size_t len, wexec_error *err)
{
	if (!memory)
		return wx_store_null_arg(err, __func__, "memory");
	if (!buf && len)
		return wx_store_null_arg(err, __func__, "buf");
	if (!wx_memory_range_ok(memory, offset, len))
		return wexec_error_trap(err, WEXEC_TRAP_MEMORY_OOB);
	if (len)
		memcpy(buf, memory->data + offset, len);
	return WEXEC_OK;
}

wexec_status wexec_memory_write(wexec_memory *memory, uint64_t offset,
                                const void *buf, size_t len, wexec_error *err)
{
	if (!memory)
		return wx_store_null_arg(err, __func__, "memory");
	if (!buf && len)
		return wx_store_null_arg(err, __func__, "buf");
	if (!wx_memory_range_ok(memory, offset, len))
		return wexec_error_trap(err, WEXEC_TRAP_MEMORY_OOB);
	if (len)
		memcpy(memory->data + offset, buf, len);
	return WEXEC_OK;
}

/* ---------------------------------------------------------------- tables */

static bool is_reftype(wexec_valtype t)
{
	return t == WEXEC_FUNCREF || t == WEXEC_EXTERNREF;
}

/* The reference inside a value of a reference type (NULL for null). */
static void *ref_of(const wexec_val *v)
{
	return v->type == WEXEC_FUNCREF ? (void *)v->of.funcref
	                                : v->of.externref;
}

/* An init value (NULL means null) must have the table's element type,
 * and a function must belong to the table's store. */
static wexec_status check_ref(const wexec_store *store, wexec_valtype elem,
                              const wexec_val *v, const char *fn,
                              wexec_error *err)
{
	if (v && v->type != elem)
		return wexec_error_set(
		    err, WEXEC_ERR_ARGUMENT, "expected a %s, got %s",
		    wexec_valtype_name(elem), wexec_valtype_name(v->type));
	if (v && v->type == WEXEC_FUNCREF && v->of.funcref &&
	    v->of.funcref->store != store)
		return wx_store_foreign(err, fn, "the function");
	return WEXEC_OK;
}

wexec_status wexec_table_new(wexec_store *store, wexec_valtype elem,
                             const wexec_limits *limits, const wexec_val *init,
                             wexec_table **out, wexec_error *err)
{
	if (!store)
		return wx_store_null_arg(err, __func__, "store");
	if (!limits)
		return wx_store_null_arg(err, __func__, "limits");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	if (!is_reftype(elem))
		return wexec_error_set(
		    err, WEXEC_ERR_ARGUMENT,
		    "table elements must be references, not %s",
		    wexec_valtype_name(elem));
	wexec_status st = check_limits(limits, UINT32_MAX, err);
	if (st == WEXEC_OK && limits->is64)
		st = wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                     "tables have 32-bit indices (is64)");
	if (st == WEXEC_OK)
		st = check_ref(store, elem, init, __func__, err);
	if (st != WEXEC_OK)
		return st;
	wx_tabletype type = {(wx_valtype)elem,
	                     {limits->min, limits->max, limits->has_max, false}};
	return wx_store_new_table(store, &type, init ? ref_of(init) : NULL, out,
	                          err);
}

void wexec_table_type(const wexec_table *table, wexec_valtype *elem,
                      wexec_limits *limits)
{
	if (!table) {
		if (elem)
			*elem = (wexec_valtype)0;
		if (limits)
			memset(limits, 0, sizeof *limits);
		return;
	}
	if (elem)
		*elem = (wexec_valtype)table->type.elem;
	if (limits) {
		limits_out(&table->type.limits, limits);
		limits->min = table->size;
	}
}

uint32_t wexec_table_size(const wexec_table *table)
{
	return table ? table->size : 0;
}

wexec_status wexec_table_get(const wexec_table *table, uint32_t index,
                             wexec_val *out, wexec_error *err)
{
	if (!table)
		return wx_store_null_arg(err, __func__, "table");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	if (index >= table->size)
		return wexec_error_trap(err, WEXEC_TRAP_TABLE_OOB);
	memset(out, 0, sizeof *out);
	out->type = (wexec_valtype)table->type.elem;
	if (out->type == WEXEC_FUNCREF)
		out->of.funcref = table->elems[index];
	else
		out->of.externref = table->elems[index];
	return WEXEC_OK;
}

wexec_status wexec_table_set(wexec_table *table, uint32_t index,
                             const wexec_val *value, wexec_error *err)
{
	if (!table)
		return wx_store_null_arg(err, __func__, "table");
	if (!value)
		return wx_store_null_arg(err, __func__, "value");
	wexec_status st = check_ref(table->store,
	                            (wexec_valtype)table->type.elem, value,
	                            __func__, err);
	if (st != WEXEC_OK)
		return st;
	if (index >= table->size)
		return wexec_error_trap(err, WEXEC_TRAP_TABLE_OOB);
	table->elems[index] = ref_of(value);
	return WEXEC_OK;
}

wexec_status wexec_table_grow(wexec_table *table, uint32_t delta,
                              const wexec_val *init, uint32_t *old_size,
                              wexec_error *err)
{
	if (!table)
		return wx_store_null_arg(err, __func__, "table");
	wexec_status st = check_ref(table->store,
	                            (wexec_valtype)table->type.elem, init,
	                            __func__, err);
	if (st != WEXEC_OK)
		return st;
	int64_t old = wx_table_grow(table, delta, init ? ref_of(init) : NULL);
	if (old < 0)
		return wexec_error_set(err, WEXEC_ERR_LIMIT,
		                       "table of %u elements cannot grow by %u",
		                       table->size, delta);
	if (old_size)
		*old_size = (uint32_t)old;
	return WEXEC_OK;
}

/* ---------------------------------------------------------------- globals */

wexec_status wexec_global_new(wexec_store *store, const wexec_val *value,
                              bool mutable_, wexec_global **out,
                              wexec_error *err)
{
	if (!store)
		return wx_store_null_arg(err, __func__, "store");
	if (!value)
		return wx_store_null_arg(err, __func__, "value");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	if (!valtype_known(value->type))
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "unknown value type 0x%x",
		                       (unsigned)value->type);
	if (value->type == WEXEC_FUNCREF && value->of.funcref &&
	    value->of.funcref->store != store)
		return wx_store_foreign(err, __func__, "the function");
	wx_globaltype type = {(wx_valtype)value->type, mutable_};
	wx_slot val[2] = {{0}, {0}};
	wx_vals_to_slots(&type.type, 1, value, val);
	return wx_store_new_global(store, &type, val, out, err);
}

void wexec_global_type(const wexec_global *global, wexec_valtype *type,
                       bool *mutable_)
{
	if (!global) {
		if (type)
			*type = (wexec_valtype)0;
		if (mutable_)
			*mutable_ = false;
		return;
	}
	if (type)
		*type = (wexec_valtype)global->type.type;
	if (mutable_)
		*mutable_ = global->type.mut;
}

void wexec_global_get(const wexec_global *global, wexec_val *out)
{
	if (!out)
		return;
	if (!global) {
		memset(out, 0, sizeof *out);
		return;
	}
	wx_slots_to_vals(&global->type.type, 1, global->val, out);
}

wexec_status wexec_global_set(wexec_global *global, const wexec_val *value,
                              wexec_error *err)
{
	if (!global)
		return wx_store_null_arg(err, __func__, "global");
	if (!value)
		return wx_store_null_arg(err, __func__, "value");
	if (!global->type.mut)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "global is immutable");
	if ((unsigned)value->type != global->type.type)
		return wexec_error_set(
		    err, WEXEC_ERR_ARGUMENT, "expected %s, got %s",
		    wexec_valtype_name((wexec_valtype)global->type.type),
		    wexec_valtype_name(value->type));
	if (value->type == WEXEC_FUNCREF && value->of.funcref &&
	    value->of.funcref->store != global->store)
		return wx_store_foreign(err, __func__, "the function");
	wx_vals_to_slots(&global->type.type, 1, value, global->val);
	return WEXEC_OK;
}

/* ---------------------------------------------------------------- instances */

bool wexec_instance_export(const wexec_instance *instance, const char *name,
                           size_t name_len, wexec_extern *out)
{
	if (!instance || !instance->module || (!name && name_len) || !out)
		return false;
	const wx_module *m = instance->module;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const wx_export *exp = &m->exports[i];
		if (exp->name.len == name_len &&
		    (name_len == 0 ||
		     memcmp(exp->name.str, name, name_len) == 0)) {
			wx_instance_extern(instance, exp, out);
			return true;
		}
	}
	return false;
}

size_t wexec_instance_export_count(const wexec_instance *instance)
{
	return instance && instance->module ? instance->module->nexports : 0;
}

/* The type of a runtime external as it is now. */
static void extern_type(const wexec_extern *ext, wexec_externtype *out)
{
	memset(out, 0, sizeof *out);
	out->kind = ext->kind;
	switch (ext->kind) {
	case WEXEC_EXTERN_FUNC:
		wexec_func_type(ext->of.func, &out->func);
		break;
	case WEXEC_EXTERN_TABLE:
		wexec_table_type(ext->of.table, &out->table.elem,
		                 &out->table.limits);
		break;
	case WEXEC_EXTERN_MEMORY:
		limits_out(&ext->of.memory->type, &out->memory);
		out->memory.min = wexec_memory_pages(ext->of.memory);
		break;
	case WEXEC_EXTERN_GLOBAL:
		wexec_global_type(ext->of.global, &out->global.type,
		                  &out->global.mutable_);
		break;
	}
}

bool wexec_instance_export_at(const wexec_instance *instance, size_t index,
                              wexec_export_desc *out, wexec_extern *ext)
{
	wexec_extern local;
	if (!ext)
		ext = &local;
	if (out)
		memset(out, 0, sizeof *out);
	memset(ext, 0, sizeof *ext);
	if (!instance || !instance->module || !out ||
	    index >= instance->module->nexports)
		return false;
	const wx_export *exp = &instance->module->exports[index];
	wx_instance_extern(instance, exp, ext);
	out->name = exp->name.str;
	out->name_len = exp->name.len;
	extern_type(ext, &out->type);
	return true;
}

/* The export `name` if it has the given kind. */
static bool export_of_kind(const wexec_instance *instance, const char *name,
                           wexec_externkind kind, wexec_extern *out)
{
	if (!name)
		return false;
	return wexec_instance_export(instance, name, strlen(name), out) &&
	       out->kind == kind;
}

wexec_func *wexec_instance_func(const wexec_instance *instance,
                                const char *name)
{
	wexec_extern ext;
	return export_of_kind(instance, name, WEXEC_EXTERN_FUNC, &ext)
	           ? ext.of.func
	           : NULL;
}

wexec_memory *wexec_instance_memory(const wexec_instance *instance,
                                    const char *name)
{
	wexec_extern ext;
	return export_of_kind(instance, name, WEXEC_EXTERN_MEMORY, &ext)
	           ? ext.of.memory
	           : NULL;
}

uint32_t wexec_instance_memory_count(const wexec_instance *instance)
{
	return instance && instance->module ? instance->module->nmems : 0;
}

wexec_memory *wexec_instance_memory_at(const wexec_instance *instance,
                                       uint32_t index)
{
	return index < wexec_instance_memory_count(instance)
	           ? instance->mems[index]
	           : NULL;
}

wexec_global *wexec_instance_global(const wexec_instance *instance,
                                    const char *name)
{
	wexec_extern ext;
	return export_of_kind(instance, name, WEXEC_EXTERN_GLOBAL, &ext)
	           ? ext.of.global
	           : NULL;
}

wexec_table *wexec_instance_table(const wexec_instance *instance,
                                  const char *name)
{
	wexec_extern ext;
	return export_of_kind(instance, name, WEXEC_EXTERN_TABLE, &ext)
	           ? ext.of.table
	           : NULL;
}

const wexec_module *wexec_instance_module(const wexec_instance *instance)
{
	return instance ? instance->module : NULL;
}

wexec_store *wexec_instance_store(const wexec_instance *instance)
{
	return instance ? instance->store : NULL;
}

void wexec_instance_set_data(wexec_instance *instance, void *data)
{
	if (instance)
		instance->data = data;
}

void *wexec_instance_data(const wexec_instance *instance)
{
	return instance ? instance->data : NULL;
}
