/*
 * embed.c - wexec as a library: load a module, give it a host function,
 * instantiate it and call an export through typed values (the embedding
 * interface, spec appendix/embedding.rst). Build and run:
 *   cc -Iinclude examples/embed.c build/libwexec.a -lm -lpthread -o embed
 *   ./embed examples/fib.wasm
 * The module may import env::log (i32) -> (); fib.wasm does not need it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "wexec.h"

/* A host function the module may import as env::log. */
static wexec_status log_i32(wexec_instance *caller, void *user,
                            const wexec_val *args, wexec_val *results,
                            wexec_error *err)
{
	(void)caller;
	(void)user;
	(void)results;
	(void)err;
	printf("log: %d\n", args[0].of.i32);
	return WEXEC_OK;
}

static int run(const uint8_t *wasm, size_t len)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *module = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = store ? wexec_linker_new(store) : NULL;
	wexec_instance *inst;
	wexec_func *fib;
	static const wexec_valtype i32[] = {WEXEC_I32};
	wexec_functype log_type = {i32, 1, NULL, 0};
	wexec_val args[1] = {wexec_val_i32(10)}, result;

	if (!linker)
		wexec_error_set(&err, WEXEC_ERR_NOMEM, "out of memory");
	else if (wexec_module_new(wasm, len, &module, &err) ||
	         wexec_linker_define_func(linker, "env", "log", &log_type,
	                                  log_i32, NULL, &err) ||
	         wexec_linker_instantiate(linker, module, &inst, &err))
		; /* err holds the reason */
	else if (!(fib = wexec_instance_func(inst, "fib")))
		wexec_error_set(&err, WEXEC_ERR_ARGUMENT, "no export 'fib'");
	else if (!wexec_func_call(fib, args, 1, &result, 1, &err))
		printf("fib(10) = %d\n", result.of.i32);
	if (err.status != WEXEC_OK)
		fprintf(stderr, "error: %s\n", err.message);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(module);
	return err.status == WEXEC_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	static uint8_t buf[1 << 20];
	size_t len;
	FILE *f;
	if (argc != 2) {
		fprintf(stderr, "usage: embed module.wasm\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return run(buf, len);
}
