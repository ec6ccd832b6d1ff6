/*
 * outside.c - a program built against an installed libwexec, as an
 * embedder builds one: only <wexec.h> and `pkg-config --cflags --libs
 * wexec` (tests/install/run.sh). It checks the version it was compiled
 * with against the library's, makes a store from wexec_config_init() and
 * calls an export of a small module.
 */
#include <stdio.h>
#include <string.h>

#include <wexec.h>

/* (module (func (export "add") (param i32 i32) (result i32)
 *   local.get 0 local.get 1 i32.add)) */
static const uint8_t add_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01,
    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07,
    0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01,
    0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};

int main(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_config config;
	wexec_module *module = NULL;
	wexec_store *store = NULL;
	wexec_linker *linker = NULL;
	wexec_instance *inst;
	wexec_val args[2] = {wexec_val_i32(40), wexec_val_i32(2)}, result;
	char header[32];
	int rc = 1;

	snprintf(header, sizeof header, "%d.%d.%d", WEXEC_VERSION_MAJOR,
	         WEXEC_VERSION_MINOR, WEXEC_VERSION_PATCH);
	if (strcmp(header, WEXEC_VERSION) != 0 ||
	    strcmp(wexec_version(), WEXEC_VERSION) != 0) {
		fprintf(stderr, "version mismatch: header %s (%s), library %s\n",
		        WEXEC_VERSION, header, wexec_version());
		return 1;
	}
	wexec_config_init(&config);
	config.fuel = 1000;
	store = wexec_store_new(&config);
	linker = wexec_linker_new(store);
	if (!store || !linker) {
		fprintf(stderr, "out of memory\n");
		goto done;
	}
	if (wexec_module_new(add_wasm, sizeof add_wasm, &module, &err) ||
	    wexec_linker_instantiate(linker, module, &inst, &err) ||
	    wexec_func_call(wexec_instance_func(inst, "add"), args, 2, &result,
	                    1, &err)) {
		fprintf(stderr, "error: %s\n", err.message);
		goto done;
	}
	printf("wexec %s: add(40, 2) = %d\n", wexec_version(), result.of.i32);
	rc = 0;
done:
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(module);
	return rc;
}
