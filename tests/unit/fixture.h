/*
 * fixture.h - one embedded module, instantiated in a store of its own: the
 * set-up of a test file whose tests all run against the same module, and
 * the call those tests make most, an export with one result.
 */
#ifndef WX_UNIT_FIXTURE_H
#define WX_UNIT_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "unit.h"
#include "wexec.h"

typedef struct unit_fixture {
	wexec_store *store;
	wexec_linker *linker;
	wexec_module *mod;
	wexec_instance *inst;
} unit_fixture;

/* Loads wasm[0..size) and instantiates it with no imports; false, after
 * a failed check, when either step fails. Free *f in any case. */
static inline bool unit_fixture_new(unit_fixture *f, const uint8_t *wasm,
                                    size_t size)
{
	wexec_error err = WEXEC_ERROR_INIT;
	f->store = wexec_store_new(NULL);
	f->linker = f->store ? wexec_linker_new(f->store) : NULL;
	f->mod = NULL;
	f->inst = NULL;
	CHECK(f->linker != NULL);
	if (!f->linker)
		return false;
	CHECK(wexec_module_new(wasm, size, &f->mod, &err) == WEXEC_OK);
	CHECK(f->mod && wexec_linker_instantiate(f->linker, f->mod, &f->inst,
	                                         &err) == WEXEC_OK);
	return f->inst != NULL;
}

static inline void unit_fixture_free(unit_fixture *f)
{
	wexec_linker_free(f->linker);
	wexec_store_free(f->store);
	wexec_module_free(f->mod);
}

/* Calls export `name` of inst with as many of args as it takes, and
 * returns its one result; a check fails when the call does not return
 * (*trap, if given, then says why, else any trap fails a check too). */
static inline wexec_val unit_call1(wexec_instance *inst, const char *name,
                                   const wexec_val *args, wexec_trap *trap)
{
	wexec_func *fn = wexec_instance_func(inst, name);
	wexec_val r = wexec_val_i64(0);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_functype type = {0};
	if (trap)
		*trap = WEXEC_TRAP_NONE;
	CHECK(fn != NULL);
	if (!fn)
		return r;
	wexec_func_type(fn, &type);
	wexec_status s = wexec_func_call(fn, args, type.nparams, &r, 1, &err);
	if (s == WEXEC_ERR_TRAP && trap) {
		*trap = err.trap;
		return wexec_val_i64(0);
	}
	CHECK(s == WEXEC_OK);
	return r;
}

#endif /* WX_UNIT_FIXTURE_H */
