/*
 * fuzz_exec.c - a fuzz target for execution (spec: exec/modules.rst
 * "Instantiation", exec/instructions.rst): a module that loads is
 * instantiated with a stub for every import and each exported function is
 * called with zero arguments, under fuel and small limits. Function bodies
 * are translated on their first call, so this is the target that reaches
 * the compiler and the interpreter; fuzz_module.c stops at validation.
 *
 * Every outcome is a value: a module that does not load, an import that
 * cannot be stubbed (instantiation then fails as unlinkable), a trap, an
 * exhausted limit. What must never happen is a crash, a leak, an error
 * without a message, or a call that does not end.
 *
 * Built and run by `make fuzz` / `make fuzz-smoke` (clang, libFuzzer,
 * AddressSanitizer and UndefinedBehaviorSanitizer); seeds come from
 * tests/fuzz/make_corpus.sh. Without libFuzzer (any compiler), build with
 * -DWX_FUZZ_MAIN and pass files to run each once:
 *   cc -DWX_FUZZ_MAIN -fsanitize=address,undefined -Iinclude \
 *      tests/fuzz/fuzz_exec.c build/asan/libwexec.a -lm -lpthread -o fuzz
 *   ./fuzz FILE.wasm...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wexec.h"

/* Small enough that one input costs milliseconds, not seconds. Fuel counts
 * calls and loop back-edges, not the bytes a bulk instruction touches, so
 * the worst input (a memory.fill or table.fill of everything on every
 * back-edge) costs calls x fuel x budget: 8 x 5,000 x 2 MiB, a few seconds
 * under the sanitizers, well inside the fuzzer's timeout. */
enum {
	MAX_PAGES = 16,
	MAX_STORE_BYTES = 2 << 20,
	FUEL = 5000,
	MAX_CALL_DEPTH = 1000,
	MAX_STACK_SLOTS = 1 << 16,
	/* Exports called per input: each gets a full tank of fuel, so the
	 * cost of an input is bounded however many exports it has. */
	MAX_CALLS = 8,
	/* Arguments and results: wasm allows up to 1000 of each. */
	MAX_VALS = 1000,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every failure must say what failed. */
static void check_error(wexec_status st, const wexec_error *err)
{
	if (st == WEXEC_OK)
		return;
	if (err->status != st || err->message[0] == '\0')
		abort();
	if (st == WEXEC_ERR_TRAP && err->trap == WEXEC_TRAP_NONE)
		abort();
}

static wexec_val zero_of(wexec_valtype type)
{
	wexec_val v;
	memset(&v, 0, sizeof v);
	v.type = type;
	return v;
}

/* The stub every imported function is bound to: results of zero. The
 * store also zeroes them before the call; writing them here keeps the stub
 * correct whatever that rule becomes. */
static wexec_status stub(wexec_instance *caller, void *user,
                         const wexec_val *args, wexec_val *results,
                         wexec_error *err)
{
	const wexec_functype *type = user;
	(void)caller;
	(void)args;
	(void)err;
	for (uint32_t i = 0; i < type->nresults; i++)
		results[i] = zero_of(type->results[i]);
	return WEXEC_OK;
}

/* A NUL-terminated copy of a name, or NULL when the name holds U+0000
 * (which the linker's C-string interface cannot name; the import is then
 * left unresolved) or on allocation failure. */
static char *cstring(const char *s, size_t len)
{
	char *c;
	if (memchr(s, '\0', len))
		return NULL;
	if (!(c = malloc(len + 1)))
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

/* An external of the import's type, made in `store`. A stub function's
 * `user` is its type, `*functype`: the caller keeps it until the store is
 * freed (its arrays are the module's). */
static wexec_status make_extern(wexec_store *store, const wexec_externtype *t,
                                wexec_functype *functype, wexec_extern *out,
                                wexec_error *err)
{
	wexec_val v;
	out->kind = t->kind;
	switch (t->kind) {
	case WEXEC_EXTERN_FUNC:
		*functype = t->func;
		return wexec_func_new(store, functype, stub, functype,
		                      &out->of.func, err);
	case WEXEC_EXTERN_TABLE:
		return wexec_table_new(store, t->table.elem, &t->table.limits,
		                       NULL, &out->of.table, err);
	case WEXEC_EXTERN_MEMORY:
		return wexec_memory_new(store, &t->memory, &out->of.memory,
		                        err);
	case WEXEC_EXTERN_GLOBAL:
		v = zero_of(t->global.type);
		return wexec_global_new(store, &v, t->global.mutable_,
		                        &out->of.global, err);
	}
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT, "unknown kind %d",
	                       (int)t->kind);
}

/* Defines a stub for every import; functypes has room for one per
 * import. An import that cannot be made (a limit, a name with U+0000) is
 * skipped: instantiation then reports it. */
static void define_imports(wexec_linker *linker, wexec_store *store,
                           const wexec_module *m, wexec_functype *functypes)
{
	size_t n = wexec_module_import_count(m);
	for (size_t i = 0; i < n; i++) {
		wexec_import_desc d;
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_extern ext;
		wexec_status st;
		char *mod, *name;

		if (!wexec_module_import(m, i, &d))
			abort();
		st = make_extern(store, &d.type, &functypes[i], &ext, &err);
		check_error(st, &err);
		if (st != WEXEC_OK)
			continue;
		mod = cstring(d.module, d.module_len);
		name = cstring(d.name, d.name_len);
		if (mod && name) {
			st = wexec_linker_define(linker, mod, name, &ext, &err);
			check_error(st, &err);
		}
		free(mod);
		free(name);
	}
}

/* Calls each exported function (up to MAX_CALLS) with zero arguments. */
static void call_exports(wexec_store *store, const wexec_instance *inst,
                         const wexec_module *m, wexec_val *args,
                         wexec_val *results)
{
	size_t n = wexec_module_export_count(m);
	int calls = 0;
	for (size_t i = 0; i < n && calls < MAX_CALLS; i++) {
		wexec_export_desc d;
		wexec_extern ext;
		wexec_functype type;
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_status st;

		if (!wexec_module_export(m, i, &d))
			abort();
		if (d.type.kind != WEXEC_EXTERN_FUNC)
			continue;
		if (!wexec_instance_export(inst, d.name, d.name_len, &ext) ||
		    ext.kind != WEXEC_EXTERN_FUNC)
			abort();
		wexec_func_type(ext.of.func, &type);
		if (type.nparams > MAX_VALS || type.nresults > MAX_VALS)
			abort();
		for (uint32_t j = 0; j < type.nparams; j++)
			args[j] = zero_of(type.params[j]);
		wexec_store_set_fuel(store, FUEL);
		wexec_store_clear_interrupt(store);
		st = wexec_func_call(ext.of.func, args, type.nparams, results,
		                     type.nresults, &err);
		check_error(st, &err);
		/* Nothing but a trap or a limit can stop a validated call with
		 * stub imports: no import exits, no argument is wrong. */
		if (st != WEXEC_OK && st != WEXEC_ERR_TRAP &&
		    st != WEXEC_ERR_NOMEM && st != WEXEC_ERR_LIMIT)
			abort();
		calls++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wexec_val args[MAX_VALS], results[MAX_VALS];
	const wexec_config config = {
	    .max_memory_pages = MAX_PAGES,
	    .max_call_depth = MAX_CALL_DEPTH,
	    .max_stack_slots = MAX_STACK_SLOTS,
	    .fuel = FUEL,
	    .max_store_bytes = MAX_STORE_BYTES,
	};
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	wexec_store *store = NULL;
	wexec_linker *linker = NULL;
	wexec_instance *inst = NULL;
	wexec_functype *functypes = NULL;
	wexec_status st;

	st = wexec_module_new(data, size, &m, &err);
	check_error(st, &err);
	if (st != WEXEC_OK) {
		if (m != NULL)
			abort();
		return 0;
	}
	/* Imports cost at least 4 bytes each, so this is O(size). */
	functypes = calloc(wexec_module_import_count(m) + 1, sizeof *functypes);
	store = wexec_store_new(&config);
	linker = store ? wexec_linker_new(store) : NULL;
	if (!functypes || !linker)
		goto done;
	define_imports(linker, store, m, functypes);
	st = wexec_linker_instantiate(linker, m, &inst, &err);
	check_error(st, &err);
	if (st == WEXEC_OK)
		call_exports(store, inst, m, args, results);
done:
	wexec_linker_free(linker);
	wexec_store_free(store);
	free(functypes);
	wexec_module_free(m);
	return 0;
}

#ifdef WX_FUZZ_MAIN

#include "slurp.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t len = 0;
		uint8_t *b = slurp(argv[i], &len);
		if (!b) {
			perror(argv[i]);
			return 2;
		}
		LLVMFuzzerTestOneInput(b, len);
		free(b);
	}
	printf("%d inputs: no crash\n", argc - 1);
	return 0;
}

#endif /* WX_FUZZ_MAIN */
