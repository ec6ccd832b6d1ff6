/*
 * validate.c - module validation (spec: valid/modules.rst, valid/types.rst):
 * index spaces, limits, globals, segments, start, exports and C.refs. The
 * function bodies and constant expressions are checked by validate_code.c.
 *
 * Decoding comes before validation in the spec, so a malformed function
 * body makes the module malformed even when an earlier rule already failed:
 * after the first invalid error the bodies are walked again for malformed
 * errors only, and one of those wins.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "validate.h"

#define MAX_PAGES 65536u
#define NO_INDEX  UINT32_MAX /* a definition that is one of a kind */

/* Records "PHRASE (in KIND INDEX)": module-level definitions keep no
 * offsets. Always returns false. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static bool
invalid(wx_validator *v, const char *kind, uint32_t index, const char *fmt, ...)
{
	char phrase[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(phrase, sizeof phrase, fmt, ap);
	va_end(ap);
	if (index == NO_INDEX)
		wexec_error_set(v->err, WEXEC_ERR_INVALID, "%s (in %s)", phrase,
		                kind);
	else
		wexec_error_set(v->err, WEXEC_ERR_INVALID, "%s (in %s %u)",
		                phrase, kind, index);
	return false;
}

/* valid/types.rst, limits: min <= max, both within the range. */
static bool check_limits(wx_validator *v, const wx_limits *l, bool memory,
                         const char *kind, uint32_t index)
{
	if (memory && !l->is64 &&
	    (l->min > MAX_PAGES || (l->has_max && l->max > MAX_PAGES)))
		return invalid(
		    v, kind, index,
		    "memory size must be at most 65536 pages (4GiB)");
	if (memory && l->is64 &&
	    (l->min > WX_MAX_PAGES64 || (l->has_max && l->max > WX_MAX_PAGES64)))
		return invalid(v, kind, index,
		               "memory size must be at most 2^48 pages");
	if (!memory &&
	    (l->min > UINT32_MAX || (l->has_max && l->max > UINT32_MAX)))
		return invalid(v, kind, index,
		               "table size must be at most 2^32-1");
	if (l->has_max && l->min > l->max)
		return invalid(v, kind, index,
		               "size minimum must not be greater than maximum");
	return true;
}

/* Function types, tables and memories (imported ones included). */
static bool check_types_and_limits(wx_validator *v)
{
	const wx_module *m = v->module;
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		if (m->funcs[i].typeidx >= m->ntypes) {
			return invalid(v, "function", i, "unknown type %u",
			               m->funcs[i].typeidx);
		}
	}
	for (uint32_t i = 0; i < m->ntables; i++) {
		if (!check_limits(v, &m->tables[i].limits, false, "table", i))
			return false;
	}
	if (m->nmems > 1 && !(m->features & WEXEC_FEATURE_MULTI_MEMORY))
		return invalid(v, "memory", 1,
		               "multiple memories (multi-memory is not "
		               "enabled)");
	for (uint32_t i = 0; i < m->nmems; i++) {
		if (!check_limits(v, &m->mems[i], true, "memory", i))
			return false;
	}
	return true;
}

static void declare(uint8_t *bits, uint32_t funcidx, uint32_t nfuncs)
{
	if (funcidx < nfuncs)
		bits[funcidx / 8] |= (uint8_t)(1u << (funcidx % 8));
}

/* C.refs (valid/modules.rst): the functions named anywhere outside the
 * function bodies and the start section may be operands of ref.func. */
static bool collect_refs(wx_validator *v)
{
	wx_module *m = v->module;
	uint8_t *bits;
	free(m->declared_funcs);
	m->declared_funcs = bits = calloc((size_t)m->nfuncs / 8 + 1, 1);
	if (!bits) {
		wexec_error_set(v->err, WEXEC_ERR_NOMEM, "out of memory");
		return false;
	}
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
		wx_constexpr_refs(v, m->globals[i].init, bits);
	for (uint32_t i = 0; i < m->nelems; i++) {
		const wx_elem *e = &m->elems[i];
		if (e->mode == WX_SEG_ACTIVE)
			wx_constexpr_refs(v, e->offset, bits);
		for (uint32_t k = 0; k < e->count; k++) {
			if (e->funcidx)
				declare(bits, e->funcidx[k], m->nfuncs);
			else if (e->exprs)
				wx_constexpr_refs(v, e->exprs[k], bits);
		}
	}
	for (uint32_t i = 0; i < m->ndatas; i++)
		if (m->datas[i].mode == WX_SEG_ACTIVE)
			wx_constexpr_refs(v, m->datas[i].offset, bits);
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == WX_EXTERN_FUNC)
			declare(bits, m->exports[i].index, m->nfuncs);
	return true;
}

/* Globals: constant initialisers that may read imported globals only. */
static wexec_status check_globals(wx_validator *v)
{
	const wx_module *m = v->module;
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
		wexec_status st;
		st = wx_validate_constexpr(v, m->globals[i].init,
		                           m->globals[i].type.type,
		                           m->nglobal_imports, "global", i);
		if (st != WEXEC_OK)
			return st;
	}
	return WEXEC_OK;
}

static wexec_status check_elem(wx_validator *v, uint32_t index)
{
	const wx_module *m = v->module;
	const wx_elem *e = &m->elems[index];
	wexec_status st;
	if (e->mode == WX_SEG_ACTIVE) {
		if (e->table >= m->ntables)
			return invalid(v, "elem segment", index,
			               "unknown table %u", e->table),
			       WEXEC_ERR_INVALID;
		if (m->tables[e->table].elem != e->type)
			return invalid(v, "elem segment", index,
			               "type mismatch"),
			       WEXEC_ERR_INVALID;
		st = wx_validate_constexpr(v, e->offset, WX_I32,
		                           m->nglobal_imports, "elem segment",
		                           index);
		if (st != WEXEC_OK)
			return st;
	}
	for (uint32_t k = 0; k < e->count; k++) {
		if (e->funcidx) {
			if (e->funcidx[k] >= m->nfuncs)
				return invalid(v, "elem segment", index,
				               "unknown function %u",
				               e->funcidx[k]),
				       WEXEC_ERR_INVALID;
		} else if (e->exprs) {
			st = wx_validate_constexpr(v, e->exprs[k], e->type,
			                           m->nglobal_imports,
			                           "elem segment", index);
			if (st != WEXEC_OK)
				return st;
		}
	}
	return WEXEC_OK;
}

static wexec_status check_datas(wx_validator *v)
{
	const wx_module *m = v->module;
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const wx_data *d = &m->datas[i];
		wexec_status st;
		if (d->mode != WX_SEG_ACTIVE)
			continue;
		if (d->memory >= m->nmems)
			return invalid(v, "data segment", i,
			               "unknown memory %u", d->memory),
			       WEXEC_ERR_INVALID;
		st = wx_validate_constexpr(v, d->offset,
		                           m->mems[d->memory].is64 ? WX_I64
		                                                   : WX_I32,
		                           m->nglobal_imports, "data segment",
		                           i);
		if (st != WEXEC_OK)
			return st;
	}
	return WEXEC_OK;
}

static bool check_start(wx_validator *v)
{
	const wx_module *m = v->module;
	const wx_functype *ft;
	if (!m->has_start)
		return true;
	if (m->start >= m->nfuncs)
		return invalid(v, "start section", NO_INDEX,
		               "unknown function %u", m->start);
	ft = wx_func_type(m, m->start);
	if (ft->nparams != 0 || ft->nresults != 0)
		return invalid(v, "function", m->start,
		               "start function must have type [] -> []");
	return true;
}

static int compare_names(const void *a, const void *b)
{
	const wx_name *x = a, *y = b;
	uint32_t n = x->len < y->len ? x->len : y->len;
	int c = n ? memcmp(x->str, y->str, n) : 0;
	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Exports: indices in range, names unique (sorted copy: modules with many
 * exports would make pairwise comparison quadratic). */
static bool check_exports(wx_validator *v)
{
	const wx_module *m = v->module;
	static const char *const kinds[] = {"function", "table", "memory",
	                                    "global"};
	const uint32_t counts[] = {m->nfuncs, m->ntables, m->nmems,
	                           m->nglobals};
	wx_name *names;
	bool ok = true;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const wx_export *e = &m->exports[i];
		if (e->kind > WX_EXTERN_GLOBAL)
			return invalid(v, "export", i, "unknown export kind");
		if (e->index >= counts[e->kind])
			return invalid(v, "export", i, "unknown %s %u",
			               kinds[e->kind], e->index);
	}
	if (m->nexports < 2)
		return true;
	names = malloc((size_t)m->nexports * sizeof *names);
	if (!names) {
		wexec_error_set(v->err, WEXEC_ERR_NOMEM, "out of memory");
		return false;
	}
	for (uint32_t i = 0; i < m->nexports; i++)
		names[i] = m->exports[i].name;
	qsort(names, m->nexports, sizeof *names, compare_names);
	for (uint32_t i = 1; i < m->nexports && ok; i++)
		if (compare_names(&names[i - 1], &names[i]) == 0) {
			/* The name says more than a position in the copy. */
			int shown = names[i].len > 64 ? 64 : (int)names[i].len;
			wexec_error_set(v->err, WEXEC_ERR_INVALID,
			                "duplicate export name \"%.*s\"", shown,
			                names[i].str);
			ok = false;
		}
	free(names);
	return ok;
}

/* Function bodies are validated on several threads when there is this
 * much code: each thread takes a run of bodies with a validator of its own
 * and stops at its first error, and the error of the lowest function wins,
 * as it would one thread. */
#define PARALLEL_CODE_BYTES (2u << 20)
#define MAX_THREADS         8

typedef struct body_run {
	wx_validator v;
	wexec_error err;
	uint32_t from, to; /* function indices [from, to) */
	uint32_t failed;   /* the function that failed, or to */
} body_run;

static void *validate_run(void *arg)
{
	body_run *run = arg;
	run->failed = run->to;
	for (uint32_t i = run->from; i < run->to; i++)
		if (wx_validate_func(&run->v, i) != WEXEC_OK) {
			run->failed = i;
			break;
		}
	return NULL;
}

static wexec_status validate_bodies(wx_validator *v)
{
	const wx_module *m = v->module;
	uint64_t code = 0;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
		code += m->funcs[i].body.len;
	long cpus = code >= PARALLEL_CODE_BYTES ? sysconf(_SC_NPROCESSORS_ONLN)
	                                        : 1;
	uint32_t n = cpus > MAX_THREADS ? MAX_THREADS : cpus > 1 ? (uint32_t)cpus
	                                                          : 1;
	body_run runs[MAX_THREADS];
	pthread_t threads[MAX_THREADS];
	bool started[MAX_THREADS] = {false};
	if (n == 1) {
		for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
			if (wx_validate_func(v, i) != WEXEC_OK)
				return v->err->status;
		return WEXEC_OK;
	}
	/* Runs of about equal code. */
	uint32_t at = m->nfunc_imports;
	for (uint32_t t = 0; t < n; t++) {
		uint64_t share = code * (t + 1) / n, sum = 0;
		wx_validator_init(&runs[t].v, v->module, &runs[t].err);
		runs[t].v.no_fast = v->no_fast;
		runs[t].err = (wexec_error)WEXEC_ERROR_INIT;
		runs[t].from = at;
		for (uint32_t i = m->nfunc_imports; i < at; i++)
			sum += m->funcs[i].body.len;
		while (at < m->nfuncs && (sum < share || t == n - 1))
			sum += m->funcs[at++].body.len;
		runs[t].to = at;
	}
	for (uint32_t t = 1; t < n; t++)
		started[t] = pthread_create(&threads[t], NULL, validate_run,
		                            &runs[t]) == 0;
	validate_run(&runs[0]);
	for (uint32_t t = 1; t < n; t++) {
		if (started[t])
			pthread_join(threads[t], NULL);
		else
			validate_run(&runs[t]); /* no thread: do it here */
	}
	wexec_status st = WEXEC_OK;
	for (uint32_t t = 0; t < n; t++) {
		if (st == WEXEC_OK && runs[t].failed < runs[t].to) {
			*v->err = runs[t].err;
			st = runs[t].err.status;
		}
		wx_validator_clear(&runs[t].v);
	}
	return st;
}

/* Every rule, in the order of valid/modules.rst; stops at the first error. */
static wexec_status validate_all(wx_validator *v)
{
	const wx_module *m = v->module;
	wexec_status st;
	if (!check_types_and_limits(v) || !collect_refs(v))
		return v->err->status;
	if ((st = check_globals(v)) != WEXEC_OK)
		return st;
	for (uint32_t i = 0; i < m->nelems; i++)
		if ((st = check_elem(v, i)) != WEXEC_OK)
			return st;
	if ((st = check_datas(v)) != WEXEC_OK)
		return st;
	if (!check_start(v) || !check_exports(v))
		return v->err->status;
	return validate_bodies(v);
}

/* The walk for malformed errors only, over every instruction sequence. */
static void scan_all(wx_validator *v)
{
	const wx_module *m = v->module;
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
		if (wx_validate_constexpr(v, m->globals[i].init, 0, 0, "global",
		                          i))
			return;
	for (uint32_t i = 0; i < m->nelems; i++) {
		const wx_elem *e = &m->elems[i];
		if (e->mode == WX_SEG_ACTIVE &&
		    wx_validate_constexpr(v, e->offset, 0, 0, "elem segment",
		                          i))
			return;
		for (uint32_t k = 0; e->exprs && k < e->count; k++)
			if (wx_validate_constexpr(v, e->exprs[k], 0, 0,
			                          "elem segment", i))
				return;
	}
	for (uint32_t i = 0; i < m->ndatas; i++)
		if (m->datas[i].mode == WX_SEG_ACTIVE &&
		    wx_validate_constexpr(v, m->datas[i].offset, 0, 0,
		                          "data segment", i))
			return;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
		if (wx_validate_func(v, i) != WEXEC_OK)
			return;
}

wexec_status wx_validate_module(wx_module *module, wexec_error *err)
{
	wexec_error first = WEXEC_ERROR_INIT;
	wexec_error decoding = WEXEC_ERROR_INIT;
	wx_validator v;
	wexec_status st;
	wx_validator_init(&v, module, &first);
	st = validate_all(&v);
	if (st == WEXEC_ERR_INVALID) {
		v.err = &decoding;
		v.typing = false;
		scan_all(&v);
		if (decoding.status == WEXEC_ERR_MALFORMED)
			first = decoding;
	}
	wx_validator_clear(&v);
	if (first.status == WEXEC_OK)
		return WEXEC_OK;
	return wexec_error_set(err, first.status, "%s", first.message);
}
