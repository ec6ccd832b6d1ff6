/*
 * module.c - a module's lifetime (spec: appendix/embedding.rst,
 * "Modules": module_decode, module_validate): a module is made from a
 * copy of its bytes, decoded, validated and given its public views, and is
 * freed with everything it came to own on the way, the translation cache
 * included (the entries for the bodies compile.c translates on first
 * call). The
 * decoder and the validator fill a module; only this file makes or frees
 * one, so neither of them depends on the compiler.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "bigalloc.h"
#include "compile.h"
#include "decode.h"
#include "store.h"
#include "validate.h"

wx_module *wx_module_adopt(uint8_t *bytes, size_t len)
{
	wx_module *m = calloc(1, sizeof *m);
	if (!m || !bytes) {
		free(m);
		wx_big_free(bytes);
		return NULL;
	}
	m->bytes = bytes;
	m->len = len;
	return m;
}

wx_module *wx_module_new(const uint8_t *bytes, size_t len)
{
	uint8_t *copy = wx_big_calloc(len ? len : 1);
	if (copy && len)
		memcpy(copy, bytes, len);
	return wx_module_adopt(copy, len);
}

/* A module may be instantiated in stores that run on different threads,
 * so the cache array and its entries are published with compare-and-swap:
 * a thread that loses the race frees its copy and uses the winner's. */
wx_code **wx_module_code_entry(wx_module *m, uint32_t funcidx)
{
	wx_code **cache = __atomic_load_n(&m->code, __ATOMIC_ACQUIRE);
	if (!cache) {
		wx_code **fresh = calloc(
		    (size_t)(m->nfuncs - m->nfunc_imports) + 1, sizeof *fresh);
		if (!fresh)
			return NULL;
		if (__atomic_compare_exchange_n(&m->code, &cache, fresh, false,
		                                __ATOMIC_ACQ_REL,
		                                __ATOMIC_ACQUIRE))
			cache = fresh;
		else
			free(fresh);
	}
	return &cache[funcidx - m->nfunc_imports];
}

void wx_module_free(wx_module *m)
{
	if (!m)
		return;
	/* Translated bodies first: they were made from what follows. */
	for (uint32_t i = 0; m->code && i < m->nfuncs - m->nfunc_imports; i++)
		wx_compile_code_free(m->code[i]);
	free(m->code);
	free(m->api); /* one block */
	for (uint32_t i = 0; m->types && i < m->ntypes; i++)
		free(m->types[i].params);
	free(m->types);
	free(m->imports);
	free(m->locals_pool);
	free(m->funcs);
	free(m->tables);
	free(m->mems);
	free(m->globals);
	free(m->exports);
	for (uint32_t i = 0; m->elems && i < m->nelems; i++) {
		free(m->elems[i].funcidx);
		free(m->elems[i].exprs);
	}
	free(m->elems);
	free(m->datas);
	free(m->declared_funcs);
	wx_big_free(m->bytes);
	free(m);
}

/* Validates the module decode_st says was decoded and gives it its
 * public views. */
static wexec_status module_finish(wexec_status decode_st, wx_module *m,
                                  wexec_module **out, wexec_error *err)
{
	wexec_status st = decode_st;
	if (st != WEXEC_OK)
		return st;
	if ((st = wx_validate_module(m, err)) != WEXEC_OK ||
	    (st = wx_api_module_info(m, err)) != WEXEC_OK) {
		wx_module_free(m);
		return st;
	}
	*out = m;
	return WEXEC_OK;
}

/* wexec_module_new and wexec_module_new_features, as `fn`. */
static wexec_status module_new(const char *fn, const uint8_t *bytes,
                               size_t len, uint32_t features,
                               wexec_module **out, wexec_error *err)
{
	if (!out)
		return wx_store_null_arg(err, fn, "out");
	if (!bytes && len)
		return wx_store_null_arg(err, fn, "bytes");
	wx_module *m = NULL;
	wexec_status st = wx_decode_module(
	    bytes, len, features & WEXEC_FEATURES_ALL, &m, err);
	return module_finish(st, m, out, err);
}

wexec_status wx_module_new_adopt(uint8_t *bytes, size_t len,
                                 wexec_module **out, wexec_error *err)
{
	wx_module *m = NULL;
	wexec_status st =
	    wx_decode_adopted(bytes, len, WEXEC_FEATURES_ALL, &m, err);
	return module_finish(st, m, out, err);
}

wexec_status wexec_module_new(const uint8_t *bytes, size_t len,
                              wexec_module **out, wexec_error *err)
{
	return module_new(__func__, bytes, len, WEXEC_FEATURES_ALL, out, err);
}

wexec_status wexec_module_new_features(const uint8_t *bytes, size_t len,
                                       uint32_t features, wexec_module **out,
                                       wexec_error *err)
{
	return module_new(__func__, bytes, len, features, out, err);
}

void wexec_module_free(wexec_module *module)
{
	wx_module_free(module);
}
