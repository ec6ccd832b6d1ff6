/*
 * wasi_embed.c - a WASI command run from a host program: the module loaded
 * from its file, the program given its arguments, a read-only directory
 * and an environment, and its output received line by line through a
 * callback instead of the host's stdout (wexec_wasi.h).
 * Build and run:
 *   cc -Iinclude examples/wasi_embed.c build/libwexec.a -lm -lpthread -o wasi_embed
 *   ./wasi_embed examples/hello.wasm
 */
#include <stdio.h>

#include "wexec_wasi.h"

/* Every piece the guest writes to stdout or stderr, as it writes it. */
static bool on_output(void *user, int fd, const uint8_t *data, size_t len)
{
	fprintf(user, "[guest %s] %.*s", fd == 1 ? "stdout" : "stderr",
	        (int)len, (const char *)data);
	return true; /* false: the guest's write fails with EIO */
}

int main(int argc, char **argv)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *module = NULL;
	wexec_wasi *wasi = NULL;
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = store ? wexec_linker_new(store) : NULL;
	wexec_instance *inst;
	int code = 1;
	if (argc < 2) {
		fprintf(stderr, "usage: wasi_embed module.wasm [ARGS...]\n");
		return 2;
	}

	const char *env[] = {"GREETING=hello"};
	wexec_wasi_preopen dirs[] = {{".", "/work", true, NULL, NULL}};
	wexec_wasi_config cfg;
	wexec_wasi_config_init(&cfg);
	cfg.argv = (const char *const *)argv + 1; /* argv[0]: the module */
	cfg.argc = (size_t)argc - 1;
	cfg.env = env;
	cfg.envc = 1;
	cfg.preopens = dirs;
	cfg.npreopens = 1;
	cfg.stdout_mode = cfg.stderr_mode = WEXEC_WASI_STDIO_CALLBACK;
	cfg.output = on_output;
	cfg.output_user = stdout;

	if (!linker)
		wexec_error_set(&err, WEXEC_ERR_NOMEM, "out of memory");
	else if (!wexec_module_new_file(argv[1], &module, &err) &&
	         !wexec_wasi_new(&cfg, &wasi, &err) &&
	         !wexec_wasi_link(wasi, linker, &err) &&
	         !wexec_linker_instantiate(linker, module, &inst, &err) &&
	         !wexec_wasi_run_start(wasi, inst, &code, &err))
		printf("exit code %d\n", code); /* _start returned or exited */
	if (err.status != WEXEC_OK) /* could not run, or trapped */
		fprintf(stderr, "error: %s\n", err.message);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_wasi_free(wasi); /* after the store, which calls into it */
	wexec_module_free(module);
	return err.status == WEXEC_OK ? code : 1;
}
