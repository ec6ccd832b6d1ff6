/*
 * spectest.c - the `spectest` host module of the spec test suite (its
 * README and imports.wast): print functions of several signatures,
 * immutable globals holding 666 / 666.6, a funcref table of 10..20
 * elements and a memory of 1..2 pages. Built only with the public API.
 */
#include "spectest.h"

#include <inttypes.h>
#include <stdio.h>

#include "values.h"

static const wexec_valtype t_i32[] = {WEXEC_I32};
static const wexec_valtype t_i64[] = {WEXEC_I64};
static const wexec_valtype t_f32[] = {WEXEC_F32};
static const wexec_valtype t_f64[] = {WEXEC_F64};
static const wexec_valtype t_i32_f32[] = {WEXEC_I32, WEXEC_F32};
static const wexec_valtype t_f64_f64[] = {WEXEC_F64, WEXEC_F64};

static const struct {
	const char *name;
	const wexec_valtype *params;
	uint32_t nparams;
} prints[] = {
	{"print", NULL, 0},
	{"print_i32", t_i32, 1},
	{"print_i64", t_i64, 1},
	{"print_f32", t_f32, 1},
	{"print_f64", t_f64, 1},
	{"print_i32_f32", t_i32_f32, 2},
	{"print_f64_f64", t_f64_f64, 2},
};

/* The user pointer carries the index into prints[] and, in VERBOSE_BIT,
 * whether to print: quiet runs keep stdout to the summary lines. */
#define VERBOSE_BIT 0x100u

static wexec_status print_fn(wexec_instance *caller, void *user,
                             const wexec_val *args, wexec_val *results,
                             wexec_error *err)
{
	(void)caller;
	(void)results;
	(void)err;
	uintptr_t i = (uintptr_t)user & ~(uintptr_t)VERBOSE_BIT;
	if (!((uintptr_t)user & VERBOSE_BIT))
		return WEXEC_OK;
	printf("spectest.%s(", prints[i].name);
	for (uint32_t a = 0; a < prints[i].nparams; a++) {
		char buf[96];
		value_format(&args[a], LANE_I32, buf, sizeof buf);
		printf("%s%s", a ? ", " : "", buf);
	}
	printf(")\n");
	return WEXEC_OK;
}

static wexec_status define_global(wexec_linker *linker, wexec_store *store,
                                  const char *name, wexec_val value,
                                  wexec_error *err)
{
	wexec_extern ext = {.kind = WEXEC_EXTERN_GLOBAL};
	wexec_status st =
		wexec_global_new(store, &value, false, &ext.of.global, err);
	if (st != WEXEC_OK)
		return st;
	return wexec_linker_define(linker, "spectest", name, &ext, err);
}

wexec_status spectest_define(wexec_linker *linker, wexec_store *store,
                             bool verbose, wexec_error *err)
{
	wexec_status st = WEXEC_OK;
	for (size_t i = 0; i < sizeof prints / sizeof prints[0]; i++) {
		wexec_functype type = {prints[i].params, prints[i].nparams,
		                       NULL, 0};
		uintptr_t user = i | (verbose ? VERBOSE_BIT : 0);
		st = wexec_linker_define_func(linker, "spectest",
		                              prints[i].name, &type, print_fn,
		                              (void *)user, err);
		if (st != WEXEC_OK)
			return st;
	}
	if ((st = define_global(linker, store, "global_i32",
	                        wexec_val_i32(666), err)) != WEXEC_OK ||
	    (st = define_global(linker, store, "global_i64",
	                        wexec_val_i64(666), err)) != WEXEC_OK ||
	    (st = define_global(linker, store, "global_f32",
	                        wexec_val_f32(666.6f), err)) != WEXEC_OK ||
	    (st = define_global(linker, store, "global_f64",
	                        wexec_val_f64(666.6), err)) != WEXEC_OK)
		return st;

	wexec_limits table_limits = {10, 20, true, false};
	wexec_val null_ref = {.type = WEXEC_FUNCREF, .of.funcref = NULL};
	wexec_extern table = {.kind = WEXEC_EXTERN_TABLE};
	st = wexec_table_new(store, WEXEC_FUNCREF, &table_limits, &null_ref,
	                     &table.of.table, err);
	if (st != WEXEC_OK ||
	    (st = wexec_linker_define(linker, "spectest", "table", &table,
	                              err)) != WEXEC_OK)
		return st;

	wexec_limits mem_limits = {1, 2, true, false};
	wexec_extern mem = {.kind = WEXEC_EXTERN_MEMORY};
	st = wexec_memory_new(store, &mem_limits, &mem.of.memory, err);
	if (st != WEXEC_OK)
		return st;
	return wexec_linker_define(linker, "spectest", "memory", &mem, err);
}
