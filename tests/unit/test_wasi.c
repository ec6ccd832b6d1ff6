/*
 * test_wasi.c - WASI preview1 through the embedding API (wexec_wasi.h):
 * stdin from a buffer, stdout/stderr captured, proc_exit as an exit code,
 * traps after partial output, a reactor initialised and driven through its
 * exports with an embedder import, the command rules, the one-call runner,
 * and errors for bad configs. The modules are tiny hand-written ones (their
 * WAT is in the comments), compiled once and embedded as bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif

#include "unit.h"
#include "wasi.h" /* wasi_path_resolve, for the differential test */
#include "wexec_wasi.h"

#include "failalloc.h"

/* cmd.wat: reads up to 64 bytes of stdin, writes them to stdout, writes
 * "err\n" to stderr, then proc_exit(3). */
static const unsigned char cmd_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x10, 0x03, 0x60,
    0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60,
    0x00, 0x00, 0x02, 0x67, 0x03, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73,
    0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76,
    0x69, 0x65, 0x77, 0x31, 0x07, 0x66, 0x64, 0x5f, 0x72, 0x65, 0x61, 0x64,
    0x00, 0x00, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70,
    0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77,
    0x31, 0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x00,
    0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68,
    0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09,
    0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x01, 0x03,
    0x02, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06,
    0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74,
    0x61, 0x72, 0x74, 0x00, 0x03, 0x0a, 0x53, 0x01, 0x51, 0x00, 0x41, 0x00,
    0x41, 0xe4, 0x00, 0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0xc0, 0x00, 0x36,
    0x02, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x00,
    0x1a, 0x41, 0x04, 0x41, 0x08, 0x28, 0x02, 0x00, 0x36, 0x02, 0x00, 0x41,
    0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x01, 0x1a, 0x41, 0x00,
    0x41, 0xc8, 0x01, 0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0x04, 0x36, 0x02,
    0x00, 0x41, 0x02, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x01, 0x1a,
    0x41, 0x03, 0x10, 0x02, 0x00, 0x0b, 0x0b, 0x0b, 0x01, 0x00, 0x41, 0xc8,
    0x01, 0x0b, 0x04, 0x65, 0x72, 0x72, 0x0a};
static const unsigned int cmd_wasm_len = 259;
/* trap.wat: writes "partial\n" to stdout, then traps (unreachable). */
static const unsigned char trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02, 0x23,
    0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73,
    0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31,
    0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x00, 0x03,
    0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06,
    0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74,
    0x61, 0x72, 0x74, 0x00, 0x01, 0x0a, 0x1f, 0x01, 0x1d, 0x00, 0x41, 0x00,
    0x41, 0xe4, 0x00, 0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0x08, 0x36, 0x02,
    0x00, 0x41, 0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x00, 0x1a,
    0x00, 0x0b, 0x0b, 0x0f, 0x01, 0x00, 0x41, 0xe4, 0x00, 0x0b, 0x08, 0x70,
    0x61, 0x72, 0x74, 0x69, 0x61, 0x6c, 0x0a};
static const unsigned int trap_wasm_len = 139;
/* reactor.wat: no _start. _initialize sets base = 100 and writes "init\n";
 * compute(x) = env.add(base, x); prestat(fd) = fd_prestat_get(fd, 16);
 * bad_write() = fd_write with an iovec running past memory's end;
 * poll_stdin() = poll_oneoff on one fd_read subscription for stdin
 * (userdata 77) at 400, the event at 500, the count at 600. */
static const unsigned char reactor_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1b, 0x05, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01,
    0x7f, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01,
    0x7f, 0x02, 0x7a, 0x04, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x61, 0x64, 0x64,
    0x00, 0x00, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70,
    0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77,
    0x31, 0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x01,
    0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68,
    0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x0e,
    0x66, 0x64, 0x5f, 0x70, 0x72, 0x65, 0x73, 0x74, 0x61, 0x74, 0x5f, 0x67,
    0x65, 0x74, 0x00, 0x00, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e,
    0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69,
    0x65, 0x77, 0x31, 0x0b, 0x70, 0x6f, 0x6c, 0x6c, 0x5f, 0x6f, 0x6e, 0x65,
    0x6f, 0x66, 0x66, 0x00, 0x01, 0x03, 0x06, 0x05, 0x02, 0x03, 0x03, 0x04,
    0x04, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x01, 0x41,
    0x00, 0x0b, 0x07, 0x45, 0x06, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79,
    0x02, 0x00, 0x0b, 0x5f, 0x69, 0x6e, 0x69, 0x74, 0x69, 0x61, 0x6c, 0x69,
    0x7a, 0x65, 0x00, 0x04, 0x07, 0x63, 0x6f, 0x6d, 0x70, 0x75, 0x74, 0x65,
    0x00, 0x05, 0x07, 0x70, 0x72, 0x65, 0x73, 0x74, 0x61, 0x74, 0x00, 0x06,
    0x09, 0x62, 0x61, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x07,
    0x0a, 0x70, 0x6f, 0x6c, 0x6c, 0x5f, 0x73, 0x74, 0x64, 0x69, 0x6e, 0x00,
    0x08, 0x0a, 0x7c, 0x05, 0x21, 0x00, 0x41, 0xe4, 0x00, 0x24, 0x00, 0x41,
    0x00, 0x41, 0xac, 0x02, 0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0x05, 0x36,
    0x02, 0x00, 0x41, 0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10, 0x01,
    0x1a, 0x0b, 0x08, 0x00, 0x23, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b, 0x08,
    0x00, 0x20, 0x00, 0x41, 0x10, 0x10, 0x02, 0x0b, 0x1d, 0x00, 0x41, 0x00,
    0x41, 0xfa, 0xff, 0x03, 0x36, 0x02, 0x00, 0x41, 0x04, 0x41, 0xe4, 0x00,
    0x36, 0x02, 0x00, 0x41, 0x01, 0x41, 0x00, 0x41, 0x01, 0x41, 0x08, 0x10,
    0x01, 0x0b, 0x28, 0x00, 0x41, 0x90, 0x03, 0x42, 0xcd, 0x00, 0x37, 0x03,
    0x00, 0x41, 0x98, 0x03, 0x41, 0x01, 0x3a, 0x00, 0x00, 0x41, 0xa0, 0x03,
    0x41, 0x00, 0x36, 0x02, 0x00, 0x41, 0x90, 0x03, 0x41, 0xf4, 0x03, 0x41,
    0x01, 0x41, 0xd8, 0x04, 0x10, 0x03, 0x0b, 0x0b, 0x0c, 0x01, 0x00, 0x41,
    0xac, 0x02, 0x0b, 0x05, 0x69, 0x6e, 0x69, 0x74, 0x0a};
static const unsigned int reactor_wasm_len = 393;

static wexec_status host_add(wexec_instance *caller, void *user,
                             const wexec_val *args, wexec_val *results,
                             wexec_error *err)
{
	(void)caller, (void)user, (void)err;
	results[0] = wexec_val_i32(args[0].of.i32 + args[1].of.i32);
	return WEXEC_OK;
}

static void test_capture_and_exit(void)
{
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	const char *argv[] = {"cmd"};
	cfg.argv = argv;
	cfg.argc = 1;
	cfg.stdin_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stdin_data = (const uint8_t *)"hello stdin";
	cfg.stdin_len = 11;
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stderr_mode = WEXEC_WASI_STDIO_BUFFER;
	wexec_wasi_result r;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_wasi_run(cmd_wasm, cmd_wasm_len, &cfg, NULL, &r, &err) ==
	      WEXEC_OK);
	CHECK(err.status == WEXEC_OK);
	CHECK(r.exit_code == 3);
	CHECK(r.stdout_len == 11 &&
	      memcmp(r.stdout_data, "hello stdin", 11) == 0);
	CHECK(r.stderr_len == 4 && memcmp(r.stderr_data, "err\n", 4) == 0);
	wexec_wasi_result_free(&r);
	CHECK(r.stdout_data == NULL);
}

static void test_trap(void)
{
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	wexec_wasi_result r;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_wasi_run(trap_wasm, trap_wasm_len, &cfg, NULL, &r, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(err.trap == WEXEC_TRAP_UNREACHABLE);
	CHECK(r.exit_code == WEXEC_WASI_EXIT_TRAP);
	CHECK(r.stdout_len == 8 && memcmp(r.stdout_data, "partial\n", 8) == 0);
	wexec_wasi_result_free(&r);
}

/* The step-by-step API: new, link, instantiate, run_start, read the
 * capture, free. */
static void test_run_start(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	CHECK(wexec_module_new(cmd_wasm, cmd_wasm_len, &m, &err) == WEXEC_OK);
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdin_mode = WEXEC_WASI_STDIO_NULL;
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stderr_mode = WEXEC_WASI_STDIO_NULL;
	wexec_wasi *w = NULL;
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_OK);
	CHECK(wexec_wasi_link(w, linker, &err) == WEXEC_OK);
	wexec_instance *inst = NULL;
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	int code = -1;
	CHECK(wexec_wasi_run_start(w, inst, &code, NULL) == WEXEC_OK);
	CHECK(code == 3);
	size_t len = 99;
	CHECK(wexec_wasi_stdout(w, &len) == NULL && len == 0); /* empty stdin */
	CHECK(wexec_wasi_stderr(w, &len) == NULL && len == 0); /* discarded */
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_wasi_free(w);
	wexec_module_free(m);
}

/* (module (func (export "_start") (result i32) i32.const 3)) */
static const unsigned char badstart_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x0a, 0x01, 0x06, 0x5f,
    0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00,
    0x41, 0x03, 0x0b};
/* (module (func $s unreachable) (start $s) (func (export "f"))) */
static const unsigned char nostart_trap_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66,
    0x00, 0x01, 0x08, 0x01, 0x00, 0x0a, 0x08, 0x02, 0x03, 0x00, 0x00, 0x0b,
    0x02, 0x00, 0x0b};

/* The application ABI's command: `_start`, [] -> [], checked on the
 * module, by run_start on the instance and by the one-call runner before
 * anything runs. */
static void test_command_rules(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *cmd = NULL, *reactor = NULL, *bad = NULL;
	CHECK(wexec_module_new(cmd_wasm, cmd_wasm_len, &cmd, &err) ==
	      WEXEC_OK);
	CHECK(wexec_module_new(reactor_wasm, reactor_wasm_len, &reactor,
	                       &err) == WEXEC_OK);
	CHECK(wexec_module_new(badstart_wasm, sizeof badstart_wasm, &bad,
	                       &err) == WEXEC_OK);

	CHECK(wexec_wasi_is_command(cmd));
	CHECK(wexec_wasi_check_command(cmd, &err) == WEXEC_OK);
	CHECK(!wexec_wasi_is_command(reactor));
	CHECK(wexec_wasi_check_command(reactor, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "module exports no _start function");
	wexec_error_clear(&err);
	CHECK(wexec_wasi_is_command(bad));
	CHECK(wexec_wasi_check_command(bad, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "_start must take no parameters and return no results");
	wexec_error_clear(&err);
	CHECK(!wexec_wasi_is_command(NULL));
	CHECK(wexec_wasi_check_command(NULL, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_wasi_check_command: module is NULL");
	wexec_error_clear(&err);

	/* run_start refuses the wrong type too, calling nothing. */
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_wasi *w = NULL;
	wexec_instance *inst = NULL;
	int code = 0;
	CHECK(wexec_wasi_new(NULL, &w, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, bad, &inst, &err) == WEXEC_OK);
	CHECK(wexec_wasi_run_start(w, inst, &code, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "_start must take no parameters and return no results");
	wexec_error_clear(&err);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_wasi_free(w);

	/* The one-call runner refuses a module without _start before its
	 * start function (which traps) runs. */
	wexec_wasi_result r;
	CHECK(wexec_wasi_run(nostart_trap_wasm, sizeof nostart_trap_wasm,
	                     NULL, NULL, &r, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "module exports no _start function");
	CHECK(r.exit_code == 0 && r.stdout_data == NULL);
	wexec_error_clear(&err);
	CHECK(wexec_wasi_run(badstart_wasm, sizeof badstart_wasm, NULL, NULL,
	                     &r, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);

	wexec_module_free(cmd);
	wexec_module_free(reactor);
	wexec_module_free(bad);
}

static void test_reactor(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	CHECK(wexec_module_new(reactor_wasm, reactor_wasm_len, &m, &err) ==
	      WEXEC_OK);
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stdin_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stdin_data = (const uint8_t *)"abc";
	cfg.stdin_len = 3;
	wexec_wasi *w = NULL;
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_OK);
	CHECK(wexec_wasi_link(w, linker, &err) == WEXEC_OK);
	static const wexec_valtype p2[] = {WEXEC_I32, WEXEC_I32},
	                           r1[] = {WEXEC_I32};
	wexec_functype add_type = {p2, 2, r1, 1};
	CHECK(wexec_linker_define_func(linker, "env", "add", &add_type,
	                               host_add, NULL, &err) == WEXEC_OK);
	wexec_instance *inst = NULL;
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	int code;
	CHECK(wexec_wasi_run_start(w, inst, &code, &err) == WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	CHECK(wexec_wasi_initialize(w, inst, &err) == WEXEC_OK);
	size_t len;
	const uint8_t *out = wexec_wasi_stdout(w, &len);
	CHECK(len == 5 && memcmp(out, "init\n", 5) == 0);
	wexec_val arg = wexec_val_i32(23), res;
	CHECK(wexec_func_call(wexec_instance_func(inst, "compute"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 123);
	/* fd 0 is stdin, not a preopen: EBADF (8); so is a closed fd. */
	arg = wexec_val_i32(0);
	CHECK(wexec_func_call(wexec_instance_func(inst, "prestat"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 8);
	arg = wexec_val_i32(1000);
	CHECK(wexec_func_call(wexec_instance_func(inst, "prestat"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 8);
	/* A buffer past the end of memory is EFAULT (21), not a host crash. */
	CHECK(wexec_func_call(wexec_instance_func(inst, "bad_write"), NULL, 0,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 21);
	/* Buffered stdin is always ready, with what is left of it. */
	CHECK(wexec_func_call(wexec_instance_func(inst, "poll_stdin"), NULL, 0,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 0);
	uint8_t ev[32];
	uint32_t nev = 0;
	wexec_memory *mem = wexec_instance_memory(inst, "memory");
	CHECK(wexec_memory_read(mem, 500, ev, sizeof ev, &err) == WEXEC_OK);
	CHECK(wexec_memory_read(mem, 600, &nev, 4, &err) == WEXEC_OK);
	CHECK(nev == 1 && ev[0] == 77 && ev[8] == 0 && ev[10] == 1 &&
	      ev[16] == 3);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_wasi_free(w);
	wexec_module_free(m);
}

/* Every preview1 function, with its parameter count (witx). */
static void test_all_46_linked(void)
{
	static const struct {
		const char *name;
		uint32_t nparams;
	} fns[] = {
	    {"args_get", 2},
	    {"args_sizes_get", 2},
	    {"environ_get", 2},
	    {"environ_sizes_get", 2},
	    {"clock_res_get", 2},
	    {"clock_time_get", 3},
	    {"fd_advise", 4},
	    {"fd_allocate", 3},
	    {"fd_close", 1},
	    {"fd_datasync", 1},
	    {"fd_fdstat_get", 2},
	    {"fd_fdstat_set_flags", 2},
	    {"fd_fdstat_set_rights", 3},
	    {"fd_filestat_get", 2},
	    {"fd_filestat_set_size", 2},
	    {"fd_filestat_set_times", 4},
	    {"fd_pread", 5},
	    {"fd_prestat_get", 2},
	    {"fd_prestat_dir_name", 3},
	    {"fd_pwrite", 5},
	    {"fd_read", 4},
	    {"fd_readdir", 5},
	    {"fd_renumber", 2},
	    {"fd_seek", 4},
	    {"fd_sync", 1},
	    {"fd_tell", 2},
	    {"fd_write", 4},
	    {"path_create_directory", 3},
	    {"path_filestat_get", 5},
	    {"path_filestat_set_times", 7},
	    {"path_link", 7},
	    {"path_open", 9},
	    {"path_readlink", 6},
	    {"path_remove_directory", 3},
	    {"path_rename", 6},
	    {"path_symlink", 5},
	    {"path_unlink_file", 3},
	    {"poll_oneoff", 4},
	    {"proc_exit", 1},
	    {"proc_raise", 1},
	    {"sched_yield", 0},
	    {"random_get", 2},
	    {"sock_accept", 3},
	    {"sock_recv", 6},
	    {"sock_send", 5},
	    {"sock_shutdown", 2},
	};
	CHECK(sizeof fns / sizeof *fns == 46);
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_wasi *w = NULL;
	CHECK(wexec_wasi_new(NULL, &w, NULL) == WEXEC_OK);
	CHECK(wexec_wasi_link(w, linker, NULL) == WEXEC_OK);
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
		wexec_extern ext;
		const char *mod = "wasi_snapshot_preview1";
		bool found =
		    wexec_linker_get(linker, mod, strlen(mod), fns[i].name,
		                     strlen(fns[i].name), &ext);
		CHECK(found && ext.kind == WEXEC_EXTERN_FUNC);
		if (!found)
			continue;
		wexec_functype t;
		wexec_func_type(ext.of.func, &t);
		CHECK(t.nparams == fns[i].nparams);
		CHECK(t.nresults ==
		      (strcmp(fns[i].name, "proc_exit") ? 1u : 0u));
	}
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_wasi_free(w);
}

static void test_bad_config(void)
{
	wexec_wasi_preopen pre = {"/nonexistent/wexec-dir", "/", false, NULL, NULL};
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.preopens = &pre;
	cfg.npreopens = 1;
	wexec_wasi *w = (wexec_wasi *)&cfg;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_ERR_IO);
	CHECK(w == NULL);
	CHECK(strstr(err.message, "/nonexistent/wexec-dir") != NULL);
	pre.host_path = ".";
	pre.guest_path = "";
	wexec_error_clear(&err);
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_ERR_ARGUMENT);
	memset(&cfg, 0, sizeof cfg);
	cfg.stdin_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stdin_len = 4;
	wexec_error_clear(&err);
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_ERR_ARGUMENT);
	/* A NULL config gives the defaults. */
	CHECK(wexec_wasi_new(NULL, &w, NULL) == WEXEC_OK);
	wexec_wasi_free(w);
	int fd = -1;
	wexec_error_clear(&err);
	CHECK(wexec_wasi_listen_tcp("no-port", &fd, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(wexec_wasi_listen_tcp("127.0.0.1:0", &fd, NULL) == WEXEC_OK);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
}

/* Host errno -> WASI errno: aliases of one host value map once, and
 * anything unknown (negative, unassigned, huge) is EIO. */
static void test_errno_map(void)
{
	CHECK(wasi_errno_from_host(0) == WASI_ESUCCESS);
	CHECK(wasi_errno_from_host(E2BIG) == WASI_E2BIG);
	CHECK(wasi_errno_from_host(ENOENT) == WASI_ENOENT);
	CHECK(wasi_errno_from_host(EXDEV) == WASI_EXDEV);
	CHECK(wasi_errno_from_host(EWOULDBLOCK) == WASI_EAGAIN);
	CHECK(wasi_errno_from_host(ENOTSUP) == WASI_ENOTSUP);
	CHECK(wasi_errno_from_host(EOPNOTSUPP) == WASI_ENOTSUP);
	CHECK(wasi_errno_from_host(EDEADLOCK) == WASI_EDEADLK);
	CHECK(wasi_errno_from_host(ENOTBLK) == WASI_EIO);
	CHECK(wasi_errno_from_host(-1) == WASI_EIO);
	CHECK(wasi_errno_from_host(100000) == WASI_EIO);
	int mapped = 0;
	for (int e = 1; e < 200; e++)
		mapped += wasi_errno_from_host(e) != WASI_EIO;
	/* Codes 1-76 less EIO itself and ENOTCAPABLE, which no host call
	 * gives. */
	CHECK(mapped == 74);
}

/*
 * Differential test of the path_* calls against the host's own *at calls:
 * two identical trees, random operations on random names (with and
 * without a trailing '/', through links to a file, a directory and
 * nothing), one tree changed through the WASI functions, the other
 * through the kernel. Every result must carry the same errno. The tree
 * has no way out, so the sandbox never has to refuse anything here.
 */
static const wasi_func *find_func(const wasi_func *table, const char *name)
{
	for (; table->name; table++)
		if (strcmp(table->name, name) == 0)
			return table;
	return NULL;
}

typedef struct pathdiff {
	wasi_call call;
	uint8_t mem[4096];
	int host; /* the kernel's tree */
} pathdiff;

/* Calls WASI function `name` with i32 arguments (the i64 ones listed in
 * `wide` by position) and returns its errno. */
static int wasi_do(pathdiff *d, const char *name, int n, const int64_t *a,
                   unsigned wide)
{
	const wasi_func *f = find_func(wasi_funcs_path, name);
	if (!f)
		f = find_func(wasi_funcs_fd, name);
	wexec_val args[9];
	for (int i = 0; i < n; i++)
		args[i] = wide & (1u << i) ? wexec_val_i64(a[i])
		                           : wexec_val_i32((int32_t)a[i]);
	return f ? f->impl(&d->call, args) : -1;
}

/* Places a path in guest memory at `at`; returns its length. */
static int64_t put_path(pathdiff *d, uint32_t at, const char *p)
{
	size_t n = strlen(p);
	memcpy(d->mem + at, p, n);
	return (int64_t)n;
}

static int host_errno(int r)
{
	return r < 0 ? wasi_errno_from_host(errno) : 0;
}

/* One operation on both trees; returns true when the errnos agree. */
static bool diff_op(pathdiff *d, int op, const char *p, const char *q,
                    bool follow, uint32_t oflags)
{
	int64_t lp = put_path(d, 100, p), lq = put_path(d, 400, q);
	int ours = 0, theirs = 0, fd;
	struct stat st;
	char text[64];
	switch (op) {
	case 0:
		ours = wasi_do(d, "path_create_directory", 3,
		               (int64_t[]){3, 100, lp}, 0);
		theirs = host_errno(mkdirat(d->host, p, 0777));
		break;
	case 1:
		ours = wasi_do(d, "path_remove_directory", 3,
		               (int64_t[]){3, 100, lp}, 0);
		theirs = host_errno(unlinkat(d->host, p, AT_REMOVEDIR));
		break;
	case 2:
		ours = wasi_do(d, "path_unlink_file", 3,
		               (int64_t[]){3, 100, lp}, 0);
		theirs = host_errno(unlinkat(d->host, p, 0));
		break;
	case 3:
		/* Targets without a trailing '/': where Linux takes one in
		 * the middle of following a link with O_CREAT (EISDIR at
		 * once, even inside a loop) is not reproduced. */
		lq -= lq > 1 && q[lq - 1] == '/';
		snprintf(text, sizeof text, "%.*s", (int)lq, q);
		ours = wasi_do(d, "path_symlink", 5,
		               (int64_t[]){400, lq, 3, 100, lp}, 0);
		theirs = host_errno(symlinkat(text, d->host, p));
		break;
	case 4:
		ours = wasi_do(d, "path_link", 7,
		               (int64_t[]){3, 0, 100, lp, 3, 400, lq}, 0);
		theirs = host_errno(linkat(d->host, p, d->host, q, 0));
		break;
	case 5:
		ours = wasi_do(d, "path_rename", 6,
		               (int64_t[]){3, 100, lp, 3, 400, lq}, 0);
		theirs = host_errno(renameat(d->host, p, d->host, q));
		break;
	case 6:
		ours = wasi_do(d, "path_filestat_get", 5,
		               (int64_t[]){3, follow, 100, lp, 800}, 0);
		theirs = host_errno(
		    fstatat(d->host, p, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW));
		break;
	case 7:
		ours =
		    wasi_do(d, "path_filestat_set_times", 7,
		            (int64_t[]){3, follow, 100, lp, 0, 0,
		                        WASI_FST_ATIM_NOW | WASI_FST_MTIM_NOW},
		            (1u << 4) | (1u << 5));
		theirs = host_errno(utimensat(
		    d->host, p, NULL, follow ? 0 : AT_SYMLINK_NOFOLLOW));
		break;
	case 8:
		ours = wasi_do(d, "path_readlink", 6,
		               (int64_t[]){3, 100, lp, 800, 64, 900}, 0);
		theirs =
		    host_errno((int)readlinkat(d->host, p, text, sizeof text));
		break;
	default: {
		/* Read-only rights, so both sides open O_RDONLY. */
		uint64_t rights = WASI_R_FD_READ | WASI_R_FD_READDIR;
		ours = wasi_do(d, "path_open", 9,
		               (int64_t[]){3, follow, 100, lp, oflags,
		                           (int64_t)rights, (int64_t)rights, 0,
		                           900},
		               (1u << 5) | (1u << 6));
		if (ours == 0) {
			uint32_t gfd;
			memcpy(&gfd, d->mem + 900, 4);
			wasi_do(d, "fd_close", 1, (int64_t[]){gfd}, 0);
		}
		int fl = O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW) |
		         (oflags & WASI_O_CREAT ? O_CREAT : 0) |
		         (oflags & WASI_O_EXCL ? O_EXCL : 0) |
		         (oflags & WASI_O_DIRECTORY ? O_DIRECTORY : 0);
		fd = openat(d->host, p, fl, 0666);
		theirs = host_errno(fd);
		if (fd >= 0)
			close(fd);
	}
	}
	if (ours == theirs)
		return true;
	fprintf(stderr,
	        "path mismatch: op %d '%s' '%s' follow %d oflags %u: "
	        "ours %d, host %d\n",
	        op, p, q, follow, oflags, ours, theirs);
	return false;
}

static void make_plain_tree(const char *top)
{
	char path[600];
	static const char *const dirs[] = {"", "/d", "/d/e"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", top, dirs[i]);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof path, "%s/f", top);
	close(open(path, O_CREAT | O_WRONLY, 0644));
	snprintf(path, sizeof path, "%s/d/g", top);
	close(open(path, O_CREAT | O_WRONLY, 0644));
	static const char *const links[][2] = {
	    {"/ld", "d"}, {"/lf", "f"}, {"/dang", "nothing"}};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", top, links[i][0]);
		CHECK(symlink(links[i][1], path) == 0);
	}
}

/* The path calls on a preopen of tree a, a host directory or its copy
 * in a memfs, against the *at system calls on tree b, errno for errno. */
static void path_ops_match_host(bool in_memory)
{
	static const char *const names[] = {"d",   "e",    "f",     "g", "ld",
	                                    "lf",  "dang", "new",   "x", "d/e",
	                                    "d/g", "ld/g", "d/new", "."};
	const size_t nnames = sizeof names / sizeof *names;
	char top[] = "/tmp/wexec-pathops.XXXXXX";
	CHECK(mkdtemp(top) != NULL);
	char a[600], b[600];
	snprintf(a, sizeof a, "%s/a", top);
	snprintf(b, sizeof b, "%s/b", top);
	make_plain_tree(a);
	make_plain_tree(b);
	wexec_wasi_preopen pre = {a, "/", false, NULL, NULL};
	wexec_memfs *fs = NULL;
	if (in_memory) {
		CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
		CHECK(wexec_memfs_copy_host(fs, "", a, NULL) == WEXEC_OK);
		pre = (wexec_wasi_preopen){NULL, "/", false, wexec_memfs_ops(),
		                           fs};
	}
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.preopens = &pre;
	cfg.npreopens = 1;
	static pathdiff d;
	memset(&d, 0, sizeof d);
	d.host = open(b, O_RDONLY | O_DIRECTORY);
	CHECK(wexec_wasi_new(&cfg, &d.call.wasi, NULL) == WEXEC_OK);
	d.call.mem = d.mem;
	d.call.mem_size = sizeof d.mem;
	uint64_t x = 0x2545F4914F6CDD1Du;
	int mismatches = 0;
	for (int i = 0; i < 4000 && d.call.wasi && mismatches == 0; i++) {
		char p[64], q[64];
		x = unit_xorshift(x);
		snprintf(p, sizeof p, "%s%s", names[x % nnames],
		         (x >> 8) % 4 == 0 ? "/" : "");
		snprintf(q, sizeof q, "%s%s", names[(x >> 16) % nnames],
		         (x >> 24) % 4 == 0 ? "/" : "");
		int op = (int)((x >> 32) % 10);
		bool follow = (x >> 40) & 1;
		uint32_t oflags =
		    (uint32_t)(x >> 44) &
		    (WASI_O_CREAT | WASI_O_DIRECTORY | WASI_O_EXCL);
		/* What O_CREAT|O_DIRECTORY does changed with Linux 6.4. */
		if (oflags & WASI_O_CREAT)
			oflags &= ~(uint32_t)WASI_O_DIRECTORY;
		if (!diff_op(&d, op, p, q, follow, oflags))
			mismatches++;
	}
	CHECK(mismatches == 0);
	wexec_wasi_free(d.call.wasi);
	wexec_memfs_free(fs);
	close(d.host);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	CHECK(system(cmd) == 0);
}

static void test_path_ops_match_host(void)
{
	path_ops_match_host(false);
}

static void test_path_ops_in_memory_match_host(void)
{
	path_ops_match_host(true);
}

/* wexec_wasi_new with enough preopens that the fd table must grow, each
 * of its allocations failed in turn: every failure is WEXEC_ERR_NOMEM and
 * leaves no block and no host fd behind (a preopen whose table slot could
 * not be allocated was once released twice). */
#ifndef NO_MALLOC_HOOK
static int open_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static void test_new_out_of_memory(void)
{
	static const char *const argv[] = {"prog", "arg"};
	static const char *const env[] = {"A=1", "B=2"};
	wexec_wasi_preopen pre[8];
	for (int i = 0; i < 8; i++)
		pre[i] = (wexec_wasi_preopen){".", "/d", i % 2 == 1, NULL, NULL};
	wexec_wasi_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.argv = argv;
	cfg.argc = 2;
	cfg.env = env;
	cfg.envc = 2;
	cfg.preopens = pre;
	cfg.npreopens = 8;
	cfg.stdin_mode = WEXEC_WASI_STDIO_BUFFER;
	cfg.stdin_data = (const uint8_t *)"in";
	cfg.stdin_len = 2;
	int bad_status = 0, leaks = 0, fd_leaks = 0, n;
	for (n = 0; n < 1000; n++) {
		long live = alloc_live;
		int fds = open_fds();
		wexec_wasi *w = NULL;
		wexec_error err = WEXEC_ERROR_INIT;
		alloc_countdown = n;
		wexec_status st = wexec_wasi_new(&cfg, &w, &err);
		bool failed = alloc_countdown < 0; /* the Nth was refused */
		alloc_countdown = -1;
		wexec_wasi_free(w);
		if (alloc_live != live)
			leaks++;
		if (open_fds() != fds)
			fd_leaks++;
		if (failed && (st != WEXEC_ERR_NOMEM || w != NULL))
			bad_status++;
		if (!failed) {
			CHECK(st == WEXEC_OK);
			break;
		}
	}
	CHECK(n > 10 && n < 1000);
	CHECK(bad_status == 0);
	CHECK(leaks == 0);
	CHECK(fd_leaks == 0);
}
#else
static void test_new_out_of_memory(void)
{
	SKIP(__func__, "no malloc hook (AddressSanitizer or not glibc)");
}
#endif

/*
 * Differential test of the sandbox walk (wasi/path.c) against the kernel's
 * own beneath-the-root resolution, openat2(RESOLVE_BENEATH): random paths
 * over a tree full of symlinks (inside, outside, absolute, looping,
 * dangling, chained) must give the same outcome, escape for escape and
 * inode for inode.
 */
#ifdef RESOLVE_BENEATH
enum { ESCAPE = -1 };

static int ours(int root, const char *path, bool follow, struct stat *st)
{
	wasi_path p;
	wasi_errno e = wasi_path_resolve(
	    &wasi_host_mount, (uint64_t)root, path,
	    follow ? WASI_FINAL_FOLLOW : WASI_FINAL_NOFOLLOW, &p);
	if (e) {
		wasi_path_done(&p);
		return e == WASI_ENOTCAPABLE ? ESCAPE
		       : e == WASI_ENOENT    ? ENOENT
		       : e == WASI_ENOTDIR   ? ENOTDIR
		       : e == WASI_ELOOP     ? ELOOP
		                             : 1000 + e;
	}
	int fd = openat((int)p.dir, p.name,
	                O_PATH | O_NOFOLLOW | (p.must_dir ? O_DIRECTORY : 0));
	int r = fd < 0 ? errno : 0;
	if (fd >= 0) {
		fstat(fd, st);
		close(fd);
	}
	wasi_path_done(&p);
	return r;
}

static int kernels(int root, const char *path, bool follow, struct stat *st)
{
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = O_PATH | (follow ? 0 : O_NOFOLLOW);
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	long fd = syscall(SYS_openat2, root, path, &how, sizeof how);
	if (fd < 0)
		return errno == EXDEV ? ESCAPE : errno;
	fstat((int)fd, st);
	close((int)fd);
	return 0;
}

static void make_tree(const char *top)
{
	static const char *const dirs[] = {"root", "root/a", "root/a/b",
	                                   "root/c"};
	static const char *const files[] = {"out", "root/f", "root/a/g",
	                                    "root/a/b/h"};
	static const char *const links[][2] = {
	    {"root/l1", "a/b"},
	    {"root/l2", "../out"},
	    {"root/a/l3", ".."},
	    {"root/a/l4", "../.."},
	    {"root/a/b/l5", "../../f"},
	    {"root/c/l6", "/etc"},
	    {"root/c/l7", "l7"},
	    {"root/c/l8", "none"},
	    {"root/l9", "a/l3/a/l3"},
	    {"root/c/l10", "../a/b/l5"},
	    {"root/a/b/l11", "../../../root/f"},
	    {"root/c/l12", "../l1/"},
	};
	char path[512];
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		snprintf(path, sizeof path, "%s/%s", top, dirs[i]);
		mkdir(path, 0755);
	}
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", top, files[i]);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(path, sizeof path, "%s/%s", top, links[i][0]);
		CHECK(symlink(links[i][1], path) == 0);
	}
}

static void test_sandbox_matches_kernel(void)
{
	static const char *const parts[] = {
	    "a",   "b",   "c",  "f",  "g",  "h",   "l1",   "l2",
	    "l3",  "l4",  "l5", "l6", "l7", "l8",  "l9",   "l10",
	    "l11", "l12", "..", ".",  "",   "out", "root",
	};
	const size_t nparts = sizeof parts / sizeof *parts;
	char top[] = "/tmp/wexec-sandbox.XXXXXX";
	CHECK(mkdtemp(top) != NULL);
	make_tree(top);
	char rootpath[600];
	snprintf(rootpath, sizeof rootpath, "%s/root", top);
	int root = open(rootpath, O_RDONLY | O_DIRECTORY);
	CHECK(root >= 0);
	uint64_t x = 0x9E3779B97F4A7C15u;
	int mismatches = 0, escapes = 0, found = 0;
	struct stat probe;
	if (root >= 0 && kernels(root, ".", true, &probe) != 0) {
		/* No openat2 here (old kernel, or a seccomp filter): nothing
		 * to compare with. */
		SKIP(__func__, "openat2 unavailable (kernel before 5.6, or "
		               "filtered)");
		char rm[700];
		close(root);
		snprintf(rm, sizeof rm, "rm -rf '%s'", top);
		CHECK(system(rm) == 0);
		return;
	}
	for (int i = 0; i < 20000 && root >= 0; i++) {
		char path[256] = "";
		x = unit_xorshift(x);
		int n = 1 + (int)(x % 6);
		for (int k = 0; k < n; k++) {
			x = unit_xorshift(x);
			if (k)
				strcat(path, "/");
			strcat(path, parts[x % nparts]);
		}
		if (x & 0x100000)
			strcat(path, "/");
		struct stat a, b;
		bool follow = (x & 0x200000) != 0;
		int ra = ours(root, path, follow, &a);
		int rb = kernels(root, path, follow, &b);
		bool same =
		    ra == rb &&
		    (ra != 0 || (a.st_ino == b.st_ino && a.st_dev == b.st_dev));
		escapes += ra == ESCAPE;
		found += ra == 0;
		if (!same && mismatches++ < 10)
			fprintf(stderr,
			        "sandbox mismatch: '%s' (%s): ours %d, "
			        "kernel %d\n",
			        path, follow ? "follow" : "nofollow", ra, rb);
	}
	CHECK(mismatches == 0);
	CHECK(escapes > 100 && found > 100); /* both outcomes exercised */
	if (root >= 0)
		close(root);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	CHECK(system(cmd) == 0);
}
#else
static void test_sandbox_matches_kernel(void)
{
	SKIP(__func__, "built without <linux/openat2.h>: no kernel walk to "
	               "compare with");
}
#endif

int main(void)
{
	RUN(test_capture_and_exit);
	RUN(test_trap);
	RUN(test_run_start);
	RUN(test_command_rules);
	RUN(test_reactor);
	RUN(test_all_46_linked);
	RUN(test_bad_config);
	RUN(test_errno_map);
	RUN(test_path_ops_match_host);
	RUN(test_path_ops_in_memory_match_host);
	RUN(test_new_out_of_memory);
	RUN(test_sandbox_matches_kernel);
	return unit_report();
}
