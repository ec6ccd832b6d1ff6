/*
 * wexec.c - the `wexec` command: runs a WASI preview1 command module the way
 * `wasmtime run` does, or calls one export with --invoke, or with --call by
 * the bytes-in, bytes-out convention (docs/call-bytes.md). Written against
 * the public API (include/wexec.h, include/wexec_wasi.h) only. Module instantiation and invocation
 * follow the spec's embedding interface (appendix/embedding.rst); the
 * argument and result text (values.c) follows the text format's number
 * syntax (text/values.rst).
 *
 * Exit codes (also printed by --help):
 *   0    success (or the program's own exit code, from WASI proc_exit;
 *        one outside 0-255 becomes 1 rather than wrapping to success)
 *   1    error: unreadable file, malformed/invalid module, unknown import,
 *        bad --invoke argument, resource limit, a module without _start
 *        run without --invoke (nothing was run)
 *   2    usage error (bad option, no module)
 *   124  --timeout expired
 *   134  the program trapped (128 + SIGABRT, as wasmtime does on Unix)
 * Every failure prints exactly one line on stderr, prefixed "wexec: ".
 *
 * Execution runs on a worker thread with a large stack, so that deep guest
 * recursion ends in the engine's "call stack exhausted" trap rather than in
 * a host stack overflow; the main thread only waits and enforces --timeout.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mounts.h"
#include "options.h"
#include "profile.h"
#include "values.h"
#include "wexec.h"
#include "wexec_wasi.h"

/* Host stack for the thread running wasm code. Only touched pages cost
 * memory; the size just has to exceed what the engine's call-depth limit
 * can use, with room for sanitizer builds. */
#define WORKER_STACK_BYTES ((size_t)256 << 20)

/* After --timeout expires and the interrupt was requested, how long the
 * guest may stay blocked in a host call before the process is ended. */
#define TIMEOUT_GRACE_SECONDS 1.0

/* State shared by the worker and the main (timer) thread. */
typedef struct run_state {
	const options *opts;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;          /* the worker has finished */
	bool timed_out;     /* the timer fired */
	wexec_store *store; /* published while wasm may run */
	wexec_instance *inst; /* once instantiated, for --profile */
	int exit_code;      /* the worker's result */
} run_state;

/* ---------------------------------------------------------------- loading */

/* Whether the bytes start like the text format: "(module", or a comment,
 * after optional white space. */
static bool looks_like_text(const uint8_t *bytes, size_t len)
{
	size_t i = 0;
	while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' ||
	                   bytes[i] == '\n' || bytes[i] == '\r'))
		i++;
	return (len - i >= 7 && memcmp(bytes + i, "(module", 7) == 0) ||
	       (len - i >= 2 && (memcmp(bytes + i, ";;", 2) == 0 ||
	                         memcmp(bytes + i, "(;", 2) == 0));
}

/* Whether the regular file at `path` starts like the text format. It is
 * opened again, after wexec_module_new_file refused it, only to choose the
 * message: anything else (a pipe, a FIFO, which O_NONBLOCK keeps from
 * blocking, an error) counts as no. */
static bool file_looks_like_text(const char *path)
{
	uint8_t head[4096];
	struct stat sb;
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		n = read(fd, head, sizeof head);
	close(fd);
	return n > 0 && looks_like_text(head, (size_t)n);
}

/* Whether every import the linker does not define is a function: then
 * --trap-unknown-imports would let the module run. */
static bool unknown_imports_are_funcs(const wexec_module *m,
                                      const wexec_linker *linker)
{
	size_t n = wexec_module_import_count(m);
	wexec_import_desc d;
	for (size_t i = 0; i < n; i++)
		if (wexec_linker_import_status(linker, m, i) ==
		        WEXEC_IMPORT_UNKNOWN &&
		    wexec_module_import(m, i, &d) &&
		    d.type.kind != WEXEC_EXTERN_FUNC)
			return false;
	return true;
}

/* "add, sub, ..." : the function exports, for the hint to use --invoke;
 * a reactor's _initialize, which --invoke runs anyway, is left out. */
static void list_func_exports(const wexec_module *m, char *buf, size_t size)
{
	size_t n = wexec_module_export_count(m), used = 0;
	wexec_export_desc d;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 8 < size; i++) {
		if (!wexec_module_export(m, i, &d) ||
		    d.type.kind != WEXEC_EXTERN_FUNC ||
		    (d.name_len == 11 && !memcmp(d.name, "_initialize", 11)))
			continue;
		int w = snprintf(buf + used, size - used, "%s%.*s",
		                 used ? ", " : "", (int)d.name_len, d.name);
		if (w < 0 || (size_t)w >= size - used) {
			snprintf(buf + used, size - used, ", ...");
			break;
		}
		used += (size_t)w;
	}
}

/* ---------------------------------------------------------------- outcomes */

/* Maps a WASI exit code to a process exit status; codes that do not fit
 * one still mean failure. */
static int exit_status(int code)
{
	return code >= 0 && code <= 255 ? code : EXIT_ERROR;
}

/* After a trap's line: the wasm calls that led to it, when there was more
 * than the one the line names, innermost first, up to 10. */
static void print_backtrace(const run_state *st)
{
	wexec_frame frames[10];
	size_t n = st->store ? wexec_store_backtrace(st->store, frames, 10) : 0;
	if (n < 2)
		return;
	fprintf(stderr, "wasm backtrace, innermost first:\n");
	for (size_t i = 0; i < n && i < 10; i++) {
		if (frames[i].name[0])
			fprintf(stderr, "  %2zu: %s (function %" PRIu32 ")\n", i,
			        frames[i].name, frames[i].funcidx);
		else
			fprintf(stderr, "  %2zu: function %" PRIu32 "\n", i,
			        frames[i].funcidx);
	}
	/* The store keeps the innermost WEXEC_BACKTRACE_MAX. */
	if (n >= WEXEC_BACKTRACE_MAX)
		fprintf(stderr, "  ... and more\n");
	else if (n > 10)
		fprintf(stderr, "  ... and %zu more\n", n - 10);
}

/* Prints the one failure line for err (and, for a trap, the backtrace
 * under it) and returns the exit code. */
static int report(run_state *st, const wexec_error *err)
{
	const options *o = st->opts;
	bool timed_out;
	switch (err->status) {
	case WEXEC_OK:
		return 0;
	case WEXEC_ERR_EXIT:
		fflush(stdout);
		return exit_status(err->exit_code);
	case WEXEC_ERR_TRAP:
		pthread_mutex_lock(&st->lock);
		timed_out = st->timed_out;
		pthread_mutex_unlock(&st->lock);
		if (timed_out && err->trap == WEXEC_TRAP_INTERRUPTED) {
			cli_fail("timeout after %g s", o->timeout);
			return EXIT_TIMEOUT;
		}
		cli_fail("trap: %s", err->message);
		print_backtrace(st);
		return EXIT_TRAP;
	case WEXEC_ERR_MALFORMED:
	case WEXEC_ERR_INVALID:
		cli_fail("%s: %s", o->path, err->message);
		return EXIT_ERROR;
	case WEXEC_ERR_NOMEM:
		cli_fail("out of memory%s%s", err->message[0] ? ": " : "",
		         err->message);
		return EXIT_ERROR;
	default:
		cli_fail("%s", err->message[0] ? err->message : "error");
		return EXIT_ERROR;
	}
}

/* Reports a failed import resolution, with a hint when one applies. The
 * import that failed is the first the linker does not resolve, as
 * wexec_linker_instantiate reports it; the hint goes by its module name
 * and by why it failed, never by the message's text. */
static int report_unlinkable(run_state *st, const wexec_module *m,
                             const wexec_linker *linker,
                             const wexec_error *err)
{
	size_t n = wexec_module_import_count(m);
	wexec_import_status how = WEXEC_IMPORT_NONE;
	wexec_import_desc d;
	size_t i;
	for (i = 0; i < n; i++) {
		how = wexec_linker_import_status(linker, m, i);
		if (how != WEXEC_IMPORT_RESOLVED)
			break;
	}
	if (i == n || !wexec_module_import(m, i, &d))
		return report(st, err);
	if (d.module_len == 13 && memcmp(d.module, "wasi_unstable", 13) == 0) {
		cli_fail("%s (wexec provides wasi_snapshot_preview1, not the "
		         "older wasi_unstable)",
		         err->message);
		return EXIT_ERROR;
	}
	if (how == WEXEC_IMPORT_UNKNOWN && !st->opts->trap_unknown_imports &&
	    unknown_imports_are_funcs(m, linker)) {
		cli_fail("%s (--trap-unknown-imports runs the module and traps "
		         "if it is called)",
		         err->message);
		return EXIT_ERROR;
	}
	return report(st, err);
}

/* ---------------------------------------------------------------- --invoke */

static void describe_params(const wexec_functype *ft, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < ft->nparams && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		                         i ? " " : "",
		                         wexec_valtype_name(ft->params[i]));
}

static int invoke(run_state *st, wexec_instance *inst, wexec_error *err)
{
	const options *o = st->opts;
	wexec_functype ft;
	wexec_val *args = NULL, *results = NULL;
	wexec_func *func = wexec_instance_func(inst, o->invoke);
	char types[256];
	int rc = EXIT_ERROR;
	if (!func) {
		wexec_extern ext;
		bool other = wexec_instance_export(inst, o->invoke,
		                                   strlen(o->invoke), &ext);
		cli_fail(other ? "export '%s' is not a function"
		               : "no exported function '%s'",
		         o->invoke);
		return EXIT_ERROR;
	}
	wexec_func_type(func, &ft);
	describe_params(&ft, types, sizeof types);
	if ((uint32_t)o->nargs != ft.nparams) {
		cli_fail("function '%s' takes %" PRIu32
		         " argument%s (%s), got %d",
		         o->invoke, ft.nparams, ft.nparams == 1 ? "" : "s",
		         types, o->nargs);
		return EXIT_ERROR;
	}
	args = calloc(ft.nparams + 1, sizeof *args);
	results = calloc(ft.nresults + 1, sizeof *results);
	if (!args || !results) {
		cli_fail("out of memory");
		goto done;
	}
	for (uint32_t i = 0; i < ft.nparams; i++) {
		if (!values_parse(o->args[i], ft.params[i], &args[i])) {
			cli_fail("bad argument '%s' for parameter %" PRIu32
			         " of '%s': "
			         "expected %s",
			         o->args[i], i, o->invoke,
			         wexec_valtype_name(ft.params[i]));
			goto done;
		}
	}
	if (wexec_func_call(func, args, ft.nparams, results, ft.nresults,
	                    err)) {
		rc = report(st, err);
		goto done;
	}
	for (uint32_t i = 0; i < ft.nresults; i++) {
		char text[VALUES_TEXT_MAX];
		values_format(&results[i], text, sizeof text);
		printf("%s\n", text);
	}
	fflush(stdout);
	rc = 0;
done:
	free(args);
	free(results);
	return rc;
}

/* ---------------------------------------------------------------- --call */

/* Reads all of --input (stdin for "-"; nothing without it) into a
 * malloc'd buffer. False, with the one line printed, when it cannot. */
static bool read_input(const char *path, uint8_t **out, size_t *len)
{
	FILE *f;
	size_t cap = 0, n = 0;
	uint8_t *buf = NULL;
	*out = NULL;
	*len = 0;
	if (!path)
		return true;
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		cli_fail("--input: cannot open '%s': %s", path, strerror(errno));
		return false;
	}
	for (;;) {
		if (n == cap) {
			size_t grown = cap ? cap * 2 : 65536;
			uint8_t *b = grown > cap ? realloc(buf, grown) : NULL;
			if (!b) {
				cli_fail("--input: out of memory");
				goto fail;
			}
			buf = b;
			cap = grown;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		cli_fail("--input: cannot read '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	*out = buf;
	*len = n;
	return true;
fail:
	if (f != stdin)
		fclose(f);
	free(buf);
	return false;
}

static int call(run_state *st, wexec_instance *inst, wexec_error *err)
{
	const options *o = st->opts;
	uint8_t *in, *out = NULL;
	size_t in_len, out_len = 0;
	int rc = 0;
	if (!read_input(o->input, &in, &in_len))
		return EXIT_ERROR;
	/* An empty output is NULL, which fwrite may not be given. */
	if (wexec_call_bytes(inst, o->call, in, in_len, &out, &out_len, err)) {
		rc = report(st, err);
	} else if ((out_len && fwrite(out, 1, out_len, stdout) != out_len) ||
	           fflush(stdout) != 0) {
		cli_fail("cannot write the output: %s", strerror(errno));
		rc = EXIT_ERROR;
	}
	free(in);
	free(out);
	return rc;
}

/* ---------------------------------------------------------------- running */

/* Whether --env sets the variable of the inherited "NAME=VALUE" entry:
 * the explicit value wins, as it would in a shell. */
static bool env_overridden(const options *o, const char *entry)
{
	size_t len = strcspn(entry, "=");
	for (int i = 0; i < o->nenvs; i++)
		if (strncmp(o->envs[i], entry, len) == 0 &&
		    o->envs[i][len] == '=')
			return true;
	return false;
}

/* --trace: each line goes out in one write(), so that it stays whole
 * when the program's own stderr is the same file or terminal. */
static void trace_line(void *user, const char *line)
{
	int fd = *(const int *)user;
	char buf[WEXEC_WASI_TRACE_MAX + 1];
	size_t len = strlen(line), off = 0;
	memcpy(buf, line, len);
	buf[len++] = '\n';
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the trace is lost, the program goes on */
		off += (size_t)w;
	}
}

/* Builds the WASI context from the options: argv is the module path then
 * ARGS; the environment is wexec's own (--inherit-env) then --env. */
static wexec_status make_wasi(const options *o, int listen_fd,
                              int *trace_fd, wexec_memfs **fss,
                              wexec_wasi **out, wexec_error *err)
{
	wexec_wasi_config cfg;
	wexec_wasi_preopen *pre = calloc((size_t)o->ndirs + 1, sizeof *pre);
	size_t nenv = 0, ninherit = 0;
	const char **argv = calloc((size_t)o->nargs + 2, sizeof *argv);
	const char **env;
	wexec_status s;
	if (o->inherit_env)
		while (environ[ninherit])
			ninherit++;
	env = calloc(ninherit + (size_t)o->nenvs + 1, sizeof *env);
	if (!pre || !argv || !env) {
		s = wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
		goto done;
	}
	argv[0] = o->path;
	for (int i = 0; i < o->nargs; i++)
		argv[i + 1] = o->args[i];
	for (size_t i = 0; i < ninherit; i++)
		if (!env_overridden(o, environ[i]))
			env[nenv++] = environ[i];
	for (int i = 0; i < o->nenvs; i++)
		env[nenv++] = o->envs[i];
	if ((s = mounts_preopens(o->dirs, o->ndirs, o->deterministic, pre,
	                         fss, err)))
		goto done;
	wexec_wasi_config_init(&cfg);
	cfg.argv = argv;
	cfg.argc = (size_t)o->nargs + 1;
	cfg.env = env;
	cfg.envc = nenv;
	cfg.preopens = pre;
	cfg.npreopens = (size_t)o->ndirs;
	cfg.listen_fds = &listen_fd;
	cfg.nlisten_fds = listen_fd >= 0 ? 1 : 0;
	if (o->trace) {
		cfg.trace = trace_line;
		cfg.trace_user = trace_fd;
	}
	cfg.deterministic = o->deterministic;
	cfg.seed = o->seed;
	s = wexec_wasi_new(&cfg, out, err);
done:
	free(pre);
	free(argv);
	free(env);
	return s;
}

/* Makes the store visible to the timer thread (or hides it again with
 * NULL); interrupts at once if the timeout already fired. */
static void publish_store(run_state *st, wexec_store *store)
{
	pthread_mutex_lock(&st->lock);
	st->store = store;
	if (store && st->timed_out)
		wexec_store_interrupt(store);
	pthread_mutex_unlock(&st->lock);
}

/* Instantiates and runs; the store, linker and WASI context exist. */
static int run_instance(run_state *st, const wexec_module *module,
                        wexec_linker *linker, wexec_wasi *wasi,
                        wexec_error *err)
{
	const options *o = st->opts;
	wexec_instance *inst;
	int code = 0;
	/* A library or a WASI reactor: nothing to run unless asked which
	 * export (wasmtime would run _initialize and stop, silently). */
	if (!o->invoke && !o->call && !wexec_wasi_is_command(module)) {
		char names[256];
		list_func_exports(module, names, sizeof names);
		cli_fail("%s: module has no _start; nothing was run (use "
		         "--invoke FUNC to call an export%s%s)",
		         o->path, names[0] ? ": " : "", names);
		return EXIT_ERROR;
	}
	/* A command of the wrong shape is refused before it is instantiated
	 * (its start function would run). */
	if (!o->invoke && !o->call &&
	    wexec_wasi_check_command(module, err)) {
		cli_fail("%s: %s", o->path, err->message);
		return EXIT_ERROR;
	}
	if (wexec_linker_instantiate(linker, module, &inst, err)) {
		if (err->status == WEXEC_ERR_UNLINKABLE)
			return report_unlinkable(st, module, linker, err);
		return report(st, err);
	}
	st->inst = inst;
	if (o->invoke) {
		/* A reactor: initialize, then call the one export asked for. */
		if (wexec_wasi_initialize(wasi, inst, err))
			return report(st, err);
		return invoke(st, inst, err);
	}
	if (o->call) {
		if (wexec_wasi_initialize(wasi, inst, err))
			return report(st, err);
		return call(st, inst, err);
	}
	if (wexec_wasi_run_start(wasi, inst, &code, err))
		return report(st, err);
	fflush(stdout);
	return exit_status(code);
}

static int run_module(run_state *st)
{
	const options *o = st->opts;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_config cfg;
	wexec_module *module = NULL;
	wexec_wasi *wasi = NULL;
	wexec_memfs **fss = NULL; /* --tmpfs and --dir-overlay */
	wexec_store *store = NULL;
	wexec_linker *linker = NULL;
	int listen_fd = -1;
	int trace_fd = 2; /* --trace: stderr unless a FILE is named */
	FILE *profile_out = stderr;
	profiler *prof = NULL;
	int rc = EXIT_ERROR;
	if (wexec_module_new_file(o->path, &module, &err)) {
		if (err.status == WEXEC_ERR_MALFORMED &&
		    file_looks_like_text(o->path)) {
			cli_fail(
			    "%s: this is WebAssembly text, not a binary module "
			    "(convert it with wat2wasm)",
			    o->path);
			goto done;
		}
		rc = report(st, &err);
		goto done;
	}
	if (o->tcplisten &&
	    wexec_wasi_listen_tcp(o->tcplisten, &listen_fd, &err)) {
		cli_fail("--tcplisten: %s", err.message);
		goto done;
	}
	if (o->trace_file) {
		trace_fd = open(o->trace_file,
		                O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (trace_fd < 0) {
			cli_fail("--trace: cannot open '%s': %s", o->trace_file,
			         strerror(errno));
			goto done;
		}
	}
	if (o->profile_file) {
		profile_out = fopen(o->profile_file, "we");
		if (!profile_out) {
			profile_out = stderr;
			cli_fail("--profile: cannot open '%s': %s",
			         o->profile_file, strerror(errno));
			goto done;
		}
	}
	fss = calloc((size_t)o->ndirs + 1, sizeof *fss);
	if (!fss) {
		cli_fail("out of memory");
		goto done;
	}
	if (make_wasi(o, listen_fd, &trace_fd, fss, &wasi, &err)) {
		rc = report(st, &err);
		goto done;
	}
	wexec_config_init(&cfg);
	cfg.max_memory_pages = o->max_memory_pages;
	cfg.max_store_bytes = o->max_store_bytes;
	cfg.fuel = o->fuel;
	store = wexec_store_new(&cfg);
	linker = store ? wexec_linker_new(store) : NULL;
	if (!linker) {
		cli_fail("out of memory");
		goto done;
	}
	if (wexec_wasi_link(wasi, linker, &err) ||
	    (o->trap_unknown_imports &&
	     wexec_linker_define_unknown_imports_as_traps(linker, module,
	                                                  &err))) {
		rc = report(st, &err);
		goto done;
	}
	/* The profiler ticks by this thread's CPU time. */
	if (o->profile && !(prof = profiler_start(store))) {
		cli_fail("--profile: cannot start the profiler");
		goto done;
	}
	publish_store(st, store);
	rc = run_instance(st, module, linker, wasi, &err);
	publish_store(st, NULL);
	/* After a trap or an exit too: where the time went up to there. */
	profiler_stop(prof);
	if (prof && st->inst && !profile_print(profile_out, st->inst)) {
		cli_fail("--profile: out of memory");
		rc = rc ? rc : EXIT_ERROR;
	}
done:
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_wasi_free(wasi);
	mounts_free(fss, o->ndirs); /* after the context using them */
	free(fss);
	wexec_module_free(module);
	if (listen_fd >= 0)
		close(listen_fd);
	if (trace_fd > 2)
		close(trace_fd);
	if (profile_out != stderr && fclose(profile_out) != 0 && rc == 0) {
		cli_fail("--profile: cannot write '%s': %s", o->profile_file,
		         strerror(errno));
		rc = EXIT_ERROR;
	}
	return rc;
}

static void *worker(void *arg)
{
	run_state *st = arg;
	int rc = run_module(st);
	pthread_mutex_lock(&st->lock);
	st->exit_code = rc;
	st->done = true;
	pthread_cond_signal(&st->cond);
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

static struct timespec deadline_after(double seconds)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += (time_t)seconds;
	t.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* Waits for the worker. When --timeout expires, interrupts the store; if
 * the guest is stuck in a host call and does not notice within the grace
 * period, ends the process. */
static void wait_worker(run_state *st)
{
	const options *o = st->opts;
	struct timespec deadline = deadline_after(o->timeout);
	pthread_mutex_lock(&st->lock);
	while (!st->done) {
		int r;
		if (o->timeout <= 0) {
			pthread_cond_wait(&st->cond, &st->lock);
			continue;
		}
		r = pthread_cond_timedwait(&st->cond, &st->lock, &deadline);
		if (r != ETIMEDOUT || st->done)
			continue;
		if (st->timed_out) {
			cli_fail("timeout after %g s", o->timeout);
			_exit(EXIT_TIMEOUT);
		}
		st->timed_out = true;
		if (st->store)
			wexec_store_interrupt(st->store);
		deadline = deadline_after(TIMEOUT_GRACE_SECONDS);
	}
	pthread_mutex_unlock(&st->lock);
}

static int run(const options *o)
{
	run_state st;
	pthread_attr_t attr;
	pthread_condattr_t cattr;
	pthread_t tid;
	int r;
	memset(&st, 0, sizeof st);
	st.opts = o;
	pthread_mutex_init(&st.lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&st.cond, &cattr);
	pthread_condattr_destroy(&cattr);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES);
	r = pthread_create(&tid, &attr, worker, &st);
	pthread_attr_destroy(&attr);
	if (r != 0) /* a smaller address-space limit: try the default stack */
		r = pthread_create(&tid, NULL, worker, &st);
	if (r != 0) {
		cli_fail("cannot start a thread: %s", strerror(r));
		return EXIT_ERROR;
	}
	wait_worker(&st);
	pthread_join(tid, NULL);
	pthread_cond_destroy(&st.cond);
	pthread_mutex_destroy(&st.lock);
	return st.exit_code;
}

int main(int argc, char **argv)
{
	options o;
	int rc;
	/* A guest writing to a closed pipe gets EPIPE, not a dead host. */
	signal(SIGPIPE, SIG_IGN);
	memset(&o, 0, sizeof o);
	rc = options_parse(argc, argv, &o);
	if (rc < 0)
		rc = run(&o);
	fflush(stdout);
	free(o.dirs);
	free(o.envs);
	return rc;
}
