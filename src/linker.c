/*
 * linker.c - the (module, name) table that resolves imports, and import
 * matching (spec: exec/modules.rst, "Instantiation" steps 3-4;
 * valid/types.rst, "Import Subtyping"). Every *unlinkable* error of wexec
 * is reported here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linker.h"
#include "api.h"
#include "instance.h"
#include "store.h"

/* Open addressing with linear probing; keys are byte strings with lengths
 * because wasm names may contain NUL. */
typedef struct entry {
	char *key; /* module bytes then name bytes; NULL when free */
	size_t module_len;
	size_t name_len;
	uint64_t hash;
	wexec_extern ext;
} entry;

struct wexec_linker {
	wexec_store *store; /* NULL once the store was freed */
	wexec_linker *next; /* in store->linkers */
	entry *entries;
	size_t cap; /* a power of two, or 0 */
	size_t count;
};

/* FNV-1a over both names, with the module length mixed in so that
 * ("ab", "c") and ("a", "bc") differ. */
static uint64_t hash_key(const char *module, size_t module_len,
                         const char *name, size_t name_len)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < module_len; i++)
		h = (h ^ (uint8_t)module[i]) * 1099511628211ull;
	h = (h ^ module_len) * 1099511628211ull;
	for (size_t i = 0; i < name_len; i++)
		h = (h ^ (uint8_t)name[i]) * 1099511628211ull;
	return h;
}

static entry *find(const wexec_linker *linker, const char *module,
                   size_t module_len, const char *name, size_t name_len,
                   uint64_t hash)
{
	if (linker->cap == 0)
		return NULL;
	for (size_t i = hash & (linker->cap - 1);;
	     i = (i + 1) & (linker->cap - 1)) {
		entry *e = &linker->entries[i];
		if (!e->key)
			return e;
		if (e->hash == hash && e->module_len == module_len &&
		    e->name_len == name_len &&
		    memcmp(e->key, module, module_len) == 0 &&
		    memcmp(e->key + module_len, name, name_len) == 0)
			return e;
	}
}

/* Doubles the table; keeps the load under one half. */
static bool grow(wexec_linker *linker)
{
	size_t cap = linker->cap ? linker->cap * 2 : 64;
	entry *entries = calloc(cap, sizeof *entries);
	if (!entries)
		return false;
	for (size_t i = 0; i < linker->cap; i++) {
		entry *old = &linker->entries[i];
		if (!old->key)
			continue;
		size_t j = old->hash & (cap - 1);
		while (entries[j].key)
			j = (j + 1) & (cap - 1);
		entries[j] = *old;
	}
	free(linker->entries);
	linker->entries = entries;
	linker->cap = cap;
	return true;
}

wexec_linker *wexec_linker_new(wexec_store *store)
{
	if (!store)
		return NULL;
	wexec_linker *linker = calloc(1, sizeof *linker);
	if (!linker)
		return NULL;
	linker->store = store;
	linker->next = store->linkers;
	store->linkers = linker;
	return linker;
}

void wexec_linker_free(wexec_linker *linker)
{
	if (!linker)
		return;
	if (linker->store) {
		wexec_linker **p = &linker->store->linkers;
		while (*p != linker)
			p = &(*p)->next;
		*p = linker->next;
	}
	for (size_t i = 0; i < linker->cap; i++)
		free(linker->entries[i].key);
	free(linker->entries);
	free(linker);
}

void wx_linker_detach_all(wexec_store *store)
{
	for (wexec_linker *l = store->linkers; l; l = l->next)
		l->store = NULL;
	store->linkers = NULL;
}

bool wx_linker_defines_any(const wexec_store *store,
                           bool (*owned)(const wexec_extern *ext,
                                         const void *ctx),
                           const void *ctx)
{
	for (const wexec_linker *l = store->linkers; l; l = l->next)
		for (size_t i = 0; i < l->cap; i++)
			if (l->entries[i].key && owned(&l->entries[i].ext, ctx))
				return true;
	return false;
}

/* The store an external belongs to (its handle is not NULL). */
static const wexec_store *extern_store(const wexec_extern *ext)
{
	switch (ext->kind) {
	case WEXEC_EXTERN_FUNC:
		return ext->of.func->store;
	case WEXEC_EXTERN_TABLE:
		return ext->of.table->store;
	case WEXEC_EXTERN_MEMORY:
		return ext->of.memory->store;
	case WEXEC_EXTERN_GLOBAL:
		return ext->of.global->store;
	}
	return NULL;
}

/* Names a host function after its first definition, for the messages of
 * wx_api_host_status. Best effort: without memory it stays unnamed. */
static void name_host_func(wexec_linker *linker, wexec_func *f,
                           const char *module, size_t module_len,
                           const char *name, size_t name_len)
{
	if (f->inst || f->host_name)
		return;
	char *s = malloc(module_len + name_len + 3);
	if (!s || !wx_store_adopt(linker->store, s, free))
		return;
	memcpy(s, module, module_len);
	memcpy(s + module_len, "::", 2);
	memcpy(s + module_len + 2, name, name_len);
	s[module_len + 2 + name_len] = '\0';
	f->host_name = s;
}

static wexec_status define(wexec_linker *linker, const char *module,
                           size_t module_len, const char *name, size_t name_len,
                           const wexec_extern *ext, wexec_error *err)
{
	if ((unsigned)ext->kind > WEXEC_EXTERN_GLOBAL || !ext->of.func)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "no external to define as %.*s::%.*s",
		                       (int)module_len, module, (int)name_len,
		                       name);
	/* Every reference the store's code can follow stays in the store:
	 * another store may be freed first. */
	if (extern_store(ext) != linker->store)
		return wexec_error_set(
		    err, WEXEC_ERR_ARGUMENT,
		    "wexec_linker_define: %.*s::%.*s belongs to another store",
		    (int)module_len, module, (int)name_len, name);
	if (ext->kind == WEXEC_EXTERN_FUNC)
		name_host_func(linker, ext->of.func, module, module_len, name,
		               name_len);
	uint64_t hash = hash_key(module, module_len, name, name_len);
	entry *e = find(linker, module, module_len, name, name_len, hash);
	if (e && e->key) {
		e->ext = *ext;
		return WEXEC_OK;
	}
	if ((linker->count + 1) * 2 > linker->cap) {
		if (!grow(linker))
			return wx_store_nomem(err);
		e = find(linker, module, module_len, name, name_len, hash);
	}
	char *key = malloc(module_len + name_len + 1);
	if (!key)
		return wx_store_nomem(err);
	memcpy(key, module, module_len);
	memcpy(key + module_len, name, name_len);
	key[module_len + name_len] = '\0';
	e->key = key;
	e->module_len = module_len;
	e->name_len = name_len;
	e->hash = hash;
	e->ext = *ext;
	linker->count++;
	return WEXEC_OK;
}

/* A name argument: NULL only with length 0, and then "" (memcpy and
 * memcmp take no NULL, even for 0 bytes). */
static bool name_arg(const char **s, size_t len)
{
	if (!*s && len)
		return false;
	if (!*s)
		*s = "";
	return true;
}

wexec_status wexec_linker_define_n(wexec_linker *linker, const char *module,
                                   size_t module_len, const char *name,
                                   size_t name_len, const wexec_extern *ext,
                                   wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!name_arg(&module, module_len))
		return wx_store_null_arg(err, __func__, "module");
	if (!name_arg(&name, name_len))
		return wx_store_null_arg(err, __func__, "name");
	if (!ext)
		return wx_store_null_arg(err, __func__, "ext");
	return define(linker, module, module_len, name, name_len, ext, err);
}

wexec_status wexec_linker_define(wexec_linker *linker, const char *module,
                                 const char *name, const wexec_extern *ext,
                                 wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!module)
		return wx_store_null_arg(err, __func__, "module");
	if (!name)
		return wx_store_null_arg(err, __func__, "name");
	if (!ext)
		return wx_store_null_arg(err, __func__, "ext");
	return define(linker, module, strlen(module), name, strlen(name), ext,
	              err);
}

wexec_status wexec_linker_define_func_n(wexec_linker *linker,
                                        const char *module, size_t module_len,
                                        const char *name, size_t name_len,
                                        const wexec_functype *type,
                                        wexec_host_fn fn, void *user,
                                        wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!name_arg(&module, module_len))
		return wx_store_null_arg(err, __func__, "module");
	if (!name_arg(&name, name_len))
		return wx_store_null_arg(err, __func__, "name");
	wexec_extern ext = {.kind = WEXEC_EXTERN_FUNC};
	wexec_status st =
	    wexec_func_new(linker->store, type, fn, user, &ext.of.func, err);
	if (st != WEXEC_OK)
		return st;
	return define(linker, module, module_len, name, name_len, &ext, err);
}

wexec_status wexec_linker_define_func(wexec_linker *linker, const char *module,
                                      const char *name,
                                      const wexec_functype *type,
                                      wexec_host_fn fn, void *user,
                                      wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!module)
		return wx_store_null_arg(err, __func__, "module");
	if (!name)
		return wx_store_null_arg(err, __func__, "name");
	return wexec_linker_define_func_n(linker, module, strlen(module), name,
	                                  strlen(name), type, fn, user, err);
}

wexec_status wexec_linker_define_instance_n(wexec_linker *linker,
                                            const char *module,
                                            size_t module_len,
                                            wexec_instance *instance,
                                            wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!name_arg(&module, module_len))
		return wx_store_null_arg(err, __func__, "module");
	if (!instance)
		return wx_store_null_arg(err, __func__, "instance");
	if (instance->store != linker->store)
		return wx_store_foreign(err, __func__, "the instance");
	if (!instance->module)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "%s: the instance was freed", __func__);
	const wx_module *m = instance->module;
	for (uint32_t i = 0; i < m->nexports; i++) {
		wexec_extern ext;
		wx_instance_extern(instance, &m->exports[i], &ext);
		wexec_status st =
		    define(linker, module, module_len, m->exports[i].name.str,
		           m->exports[i].name.len, &ext, err);
		if (st != WEXEC_OK)
			return st;
	}
	return WEXEC_OK;
}

wexec_status wexec_linker_define_instance(wexec_linker *linker,
                                          const char *module,
                                          wexec_instance *instance,
                                          wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!module)
		return wx_store_null_arg(err, __func__, "module");
	if (!instance)
		return wx_store_null_arg(err, __func__, "instance");
	if (instance->store != linker->store)
		return wx_store_foreign(err, __func__, "the instance");
	return wexec_linker_define_instance_n(linker, module, strlen(module),
	                                      instance, err);
}

/* The body of every function that
 * wexec_linker_define_unknown_imports_as_traps defines: `user` is the
 * import's "MOD::NAME", kept by the store. */
static wexec_status unknown_import_called(wexec_instance *caller, void *user,
                                          const wexec_val *args,
                                          wexec_val *results, wexec_error *err)
{
	(void)caller;
	(void)args;
	(void)results;
	return wexec_error_set(err, WEXEC_ERR_TRAP, "unknown import %s called",
	                       (const char *)user);
}

wexec_status wexec_linker_define_unknown_imports_as_traps(
    wexec_linker *linker, const wexec_module *module, wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!module)
		return wx_store_null_arg(err, __func__, "module");
	for (uint32_t i = 0; i < module->nimports; i++) {
		wexec_import_desc d;
		wexec_extern ext = {.kind = WEXEC_EXTERN_FUNC};
		if (!wexec_module_import(module, i, &d) ||
		    d.type.kind != WEXEC_EXTERN_FUNC ||
		    wexec_linker_get(linker, d.module, d.module_len, d.name,
		                     d.name_len, &ext))
			continue;
		char *what = malloc(d.module_len + d.name_len + 3);
		if (!what || !wx_store_adopt(linker->store, what, free))
			return wx_store_nomem(err);
		snprintf(what, d.module_len + d.name_len + 3, "%.*s::%.*s",
		         (int)d.module_len, d.module, (int)d.name_len, d.name);
		wexec_status st = wexec_func_new(linker->store, &d.type.func,
		                                 unknown_import_called, what,
		                                 &ext.of.func, err);
		if (st == WEXEC_OK)
			st = define(linker, d.module, d.module_len, d.name,
			            d.name_len, &ext, err);
		if (st != WEXEC_OK)
			return st;
	}
	return WEXEC_OK;
}

bool wexec_linker_get(const wexec_linker *linker, const char *module,
                      size_t module_len, const char *name, size_t name_len,
                      wexec_extern *out)
{
	if (!linker || (!module && module_len) || (!name && name_len) || !out)
		return false;
	if (!module)
		module = ""; /* memcmp takes no NULL, even for 0 bytes */
	if (!name)
		name = "";
	uint64_t hash = hash_key(module, module_len, name, name_len);
	const entry *e = find(linker, module, module_len, name, name_len, hash);
	if (!e || !e->key)
		return false;
	*out = e->ext;
	return true;
}

/* ---------------------------------------------------------------- import
 * matching */

/* Imports match against an external's type as it is now: the spec's
 * store keeps a table's and a memory's type minimum equal to its size
 * (exec/modules.rst, "Growing tables", "Growing memories"). */
static wx_limits current_table_limits(const wexec_table *t)
{
	wx_limits l = t->type.limits;
	l.min = t->size;
	return l;
}

static wx_limits current_memory_limits(const wexec_memory *mem)
{
	wx_limits l = mem->type;
	l.min = mem->size / WX_PAGE_SIZE;
	return l;
}

/* A bounded text buffer for type descriptions in error messages. */
typedef struct text {
	char buf[96];
	size_t len;
} text;

static void put(text *t, const char *s)
{
	size_t n = strlen(s);
	if (n > sizeof t->buf - 1 - t->len)
		n = sizeof t->buf - 1 - t->len;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void put_valtypes(text *t, const wx_valtype *types, uint32_t n)
{
	put(t, "[");
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			put(t, " ");
		put(t, wexec_valtype_name((wexec_valtype)types[i]));
	}
	put(t, "]");
}

static void put_limits(text *t, const wx_limits *l)
{
	char num[64];
	if (l->has_max)
		snprintf(num, sizeof num, " {min %llu, max %llu}",
		         (unsigned long long)l->min,
		         (unsigned long long)l->max);
	else
		snprintf(num, sizeof num, " {min %llu}",
		         (unsigned long long)l->min);
	put(t, num);
}

static void put_functype(text *t, const wx_functype *f)
{
	put(t, "func ");
	put_valtypes(t, f->params, f->nparams);
	put(t, " -> ");
	put_valtypes(t, f->results, f->nresults);
}

static void put_tabletype(text *t, const wx_tabletype *tt)
{
	put(t, "table");
	put_limits(t, &tt->limits);
	put(t, " ");
	put(t, wexec_valtype_name((wexec_valtype)tt->elem));
}

static void put_memtype(text *t, const wx_limits *l)
{
	put(t, l->is64 ? "memory i64" : "memory");
	put_limits(t, l);
}

static void put_globaltype(text *t, const wx_globaltype *g)
{
	put(t, g->mut ? "global mut " : "global ");
	put(t, wexec_valtype_name((wexec_valtype)g->type));
}

/* The declared type of import i, described. */
static void put_import(text *t, const wx_module *m, const wx_import *imp)
{
	switch (imp->kind) {
	case WX_EXTERN_FUNC:
		put_functype(t, &m->types[imp->desc.typeidx]);
		break;
	case WX_EXTERN_TABLE:
		put_tabletype(t, &imp->desc.table);
		break;
	case WX_EXTERN_MEMORY:
		put_memtype(t, &imp->desc.memory);
		break;
	case WX_EXTERN_GLOBAL:
		put_globaltype(t, &imp->desc.global);
		break;
	}
}

/* The type of an external as it is now (tables and memories with their
 * current size as minimum). */
static void put_extern(text *t, const wexec_extern *ext)
{
	switch (ext->kind) {
	case WEXEC_EXTERN_FUNC:
		put_functype(t, ext->of.func->type);
		break;
	case WEXEC_EXTERN_TABLE: {
		wx_tabletype tt = ext->of.table->type;
		tt.limits = current_table_limits(ext->of.table);
		put_tabletype(t, &tt);
		break;
	}
	case WEXEC_EXTERN_MEMORY: {
		wx_limits l = current_memory_limits(ext->of.memory);
		put_memtype(t, &l);
		break;
	}
	case WEXEC_EXTERN_GLOBAL:
		put_globaltype(t, &ext->of.global->type);
		break;
	}
}

/* Limits subtyping: at least the minimum, and a maximum no larger than
 * the one required, when one is required. */
static bool limits_match(const wx_limits *have, const wx_limits *want)
{
	if (have->min < want->min)
		return false;
	if (!want->has_max)
		return true;
	return have->has_max && have->max <= want->max;
}

static bool extern_matches(const wx_module *m, const wx_import *imp,
                           const wexec_extern *ext)
{
	if ((unsigned)ext->kind != imp->kind)
		return false;
	switch (imp->kind) {
	case WX_EXTERN_FUNC:
		return wx_functype_equal(ext->of.func->type,
		                         &m->types[imp->desc.typeidx]);
	case WX_EXTERN_TABLE: {
		wx_limits have = current_table_limits(ext->of.table);
		return ext->of.table->type.elem == imp->desc.table.elem &&
		       limits_match(&have, &imp->desc.table.limits);
	}
	case WX_EXTERN_MEMORY: {
		wx_limits have = current_memory_limits(ext->of.memory);
		return have.is64 == imp->desc.memory.is64 &&
		       limits_match(&have, &imp->desc.memory);
	}
	case WX_EXTERN_GLOBAL:
		return ext->of.global->type.type == imp->desc.global.type &&
		       ext->of.global->type.mut == imp->desc.global.mut;
	}
	return false;
}

/* Import `i` of `m` against the linker's definition of it, into *out. */
static wexec_import_status match_import(const wexec_linker *linker,
                                        const wx_module *m, uint32_t i,
                                        wexec_extern *out)
{
	const wx_import *imp = &m->imports[i];
	if (!wexec_linker_get(linker, imp->module.str, imp->module.len,
	                      imp->name.str, imp->name.len, out))
		return WEXEC_IMPORT_UNKNOWN;
	return extern_matches(m, imp, out) ? WEXEC_IMPORT_RESOLVED
	                                   : WEXEC_IMPORT_INCOMPATIBLE;
}

wexec_import_status wexec_linker_import_status(const wexec_linker *linker,
                                               const wexec_module *module,
                                               size_t index)
{
	wexec_extern ext;
	if (!linker || !module || index >= module->nimports)
		return WEXEC_IMPORT_NONE;
	return match_import(linker, module, (uint32_t)index, &ext);
}

static wexec_status resolve_imports(const wexec_linker *linker,
                                    const wx_module *m, wexec_extern *out,
                                    wexec_error *err)
{
	for (uint32_t i = 0; i < m->nimports; i++) {
		const wx_import *imp = &m->imports[i];
		wexec_import_status how = match_import(linker, m, i, &out[i]);
		if (how == WEXEC_IMPORT_UNKNOWN)
			return wexec_error_set(
			    err, WEXEC_ERR_UNLINKABLE,
			    "unknown import: %.*s::%.*s", (int)imp->module.len,
			    imp->module.str, (int)imp->name.len, imp->name.str);
		if (how == WEXEC_IMPORT_INCOMPATIBLE) {
			text want = {.len = 0}, got = {.len = 0};
			put_import(&want, m, imp);
			put_extern(&got, &out[i]);
			return wexec_error_set(
			    err, WEXEC_ERR_UNLINKABLE,
			    "incompatible import type: %.*s::%.*s "
			    "(expected %s, got %s)",
			    (int)imp->module.len, imp->module.str,
			    (int)imp->name.len, imp->name.str, want.buf,
			    got.buf);
		}
	}
	return WEXEC_OK;
}

wexec_status wexec_linker_instantiate(wexec_linker *linker,
                                      const wexec_module *module,
                                      wexec_instance **out, wexec_error *err)
{
	if (!linker)
		return wx_store_null_arg(err, __func__, "linker");
	if (!module)
		return wx_store_null_arg(err, __func__, "module");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	wexec_extern *imports =
	    calloc(module->nimports ? module->nimports : 1, sizeof *imports);
	if (!imports)
		return wx_store_nomem(err);
	wexec_status st = resolve_imports(linker, module, imports, err);
	if (st == WEXEC_OK)
		st = wx_instance_new(linker->store, module, imports, out, err);
	free(imports);
	return st;
}
