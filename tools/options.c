/*
 * options.c - the `wexec` command's options (README "The command",
 * docs/wexec.1) and its one-line failure messages.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mounts.h"
#include "options.h"
#include "wexec.h"

extern char **environ;

/* ---------------------------------------------------------------- messages */

/* The one line a failure prints. Guest output that went through stdio is
 * flushed first so it appears before the message. */
void cli_fail(const char *fmt, ...)
{
	va_list ap;
	char line[1024];
	fflush(stdout);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* Messages are one line even if an engine message held a newline. */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "wexec: %s\n", line);
	fflush(stderr);
}

static const char usage_text[] =
    "usage: wexec [run] [OPTIONS] [--] module.wasm [ARGS...]\n"
    "\n"
    "Runs a WebAssembly module: a WASI command's _start with ARGS as its\n"
    "arguments, or with --invoke, one exported function with ARGS as its\n"
    "parameters. `wexec run ...` is the same as `wexec ...`, as with\n"
    "wasmtime; a module file named run is run as ./run, or after --\n"
    "(wexec -- run).\n"
    "\n"
    "options:\n"
    "  --dir HOST[::GUEST]      preopen directory HOST as GUEST (default:\n"
    "                           the same path; GUEST may be /). Repeatable.\n"
    "                           A trailing ::ro makes it read-only.\n"
    "  --dir-ro HOST[::GUEST]   the same, read-only\n"
    "  --tmpfs GUEST            preopen an empty in-memory directory as\n"
    "                           GUEST, gone at exit. Repeatable.\n"
    "  --dir-overlay HOST[::GUEST]\n"
    "                           preopen an in-memory copy of HOST, made at\n"
    "                           start: the guest may change it, HOST is\n"
    "                           never written. Repeatable.\n"
    "  --env NAME=VALUE         set an environment variable (just NAME: pass\n"
    "                           the host's value). Repeatable.\n"
    "  --inherit-env            pass wexec's whole environment\n"
    "  --invoke FUNC            call export FUNC with ARGS parsed by its\n"
    "                           parameter types (integers: decimal or 0x hex;\n"
    "                           floats: decimal, hex, nan, nan:0xPAYLOAD,\n"
    "                           inf, -0; v128: 0x and 32 hex digits); print\n"
    "                           each result on its own line.\n"
    "                           A reactor's _initialize runs first; a\n"
    "                           module without _start needs --invoke.\n"
    "  --call FUNC              call export FUNC(ptr, len) -> i64 of a\n"
    "                           plugin (docs/call-bytes.md) with the bytes\n"
    "                           of --input and write the bytes it returns\n"
    "                           to stdout; ARGS are the program's arguments\n"
    "  --input FILE             --call's input (- for stdin; default: none)\n"
    "  --trap-unknown-imports   define function imports that nothing\n"
    "                           provides as functions that trap when\n"
    "                           called, instead of refusing the module\n"
    "  --tcplisten HOST:PORT    give the program a listening TCP socket\n"
    "                           (PORT 0 to 65535; 0: any free port)\n"
    "  --timeout SECONDS        stop the program after SECONDS\n"
    "  --max-memory BYTES       cap linear memories and tables, together\n"
    "                           (suffixes K, M, G)\n"
    "  --fuel N                 trap after N calls and loop iterations\n"
    "  --trace[=FILE]           print each WASI call, its arguments and its\n"
    "                           result or errno, one line per call, to\n"
    "                           stderr or to FILE (never to the program's\n"
    "                           stdout)\n"
    "  --profile[=FILE]         count the calls to each function and\n"
    "                           sample where the CPU time goes (every ms);\n"
    "                           at exit, print the 20 busiest functions to\n"
    "                           stderr or to FILE\n"
    "  --deterministic          the same module and inputs give the same\n"
    "                           output: clocks start at a fixed time and\n"
    "                           advance 1 ms per read, sleeps take no time,\n"
    "                           random_get is a generator seeded by --seed\n"
    "  --seed N                 the seed for --deterministic (default 0);\n"
    "                           implies --deterministic\n"
    "  -h, --help               print this help\n"
    "  -V, --version            print the version\n"
    "\n"
    "exit status:\n"
    "  0    success, or the program's exit code (WASI proc_exit; a code\n"
    "       outside 0-255 becomes 1)\n"
    "  1    error: unreadable or invalid module, unknown import, bad\n"
    "       argument, resource limit; no _start and no --invoke\n"
    "  2    usage error\n"
    "  124  --timeout expired\n"
    "  134  the program trapped\n";

/* ---------------------------------------------------------------- options */

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* A bad command line: the one line, and exit code 2. */
static int usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cli_fail("%s (see wexec --help)", msg);
	return EXIT_USAGE;
}

/* Parses "1234", "64K", "16M", "1G" (binary units) into bytes. */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return false;
	/* K, M, G: 2^10, 2^20, 2^30. */
	const char *units = "kKmMgG", *unit = *end ? strchr(units, *end) : NULL;
	if (unit) {
		mult = 1ull << (10 * (1 + (unit - units) / 2));
		end++;
	}
	if (*end == 'i' || *end == 'b' || *end == 'B')
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end || (mult > 1 && v > UINT64_MAX / mult))
		return false;
	*out = v * mult;
	return true;
}

/* A whole number, decimal or 0x hex, that fits 64 bits. */
static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	/* Not strtoull's base 0, which reads a leading 0 as octal. */
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (hex && !isxdigit((unsigned char)s[2]))
		return false; /* strtoull would take "0x-1" or "0x 1" */
	unsigned long long v = strtoull(hex ? s + 2 : s, &end, hex ? 16 : 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v;
	if ((*s < '0' || *s > '9') && *s != '.')
		return false;
	v = strtod(s, &end);
	if (*end == 's')
		end++;
	if (*end || !(v > 0) || v > 1e9)
		return false;
	*out = v;
	return true;
}

/* `--env NAME` passes the host's value: its "NAME=VALUE" entry in environ,
 * or NULL when the host has none (then the program has none either). */
static const char *host_env_entry(const char *name)
{
	size_t len = strlen(name);
	for (char **e = environ; *e; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e;
	return NULL;
}

/* Matches "--name VALUE" and "--name=VALUE"; *i advances past the value.
 * Returns 1 on a match with *value set, 0 for another option, -1 when the
 * value is missing. */
static int option_value(int argc, char **argv, int *i, const char *name,
                        const char **value)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

/* Handles one option that takes a value; returns -1 when `a` is none of
 * them, else 0 or an exit code. */
static int parse_valued(int argc, char **argv, int *i, options *o)
{
	static const char *const names[] = {
	    MOUNTS_OPTIONS, "--env",  "--invoke", "--tcplisten", "--timeout",
	    "--max-memory", "--fuel", "--seed",   "--call",      "--input",
	};
	const char *v = NULL;
	size_t k;
	int m = 0;
	for (k = 0; k < sizeof names / sizeof *names; k++) {
		m = option_value(argc, argv, i, names[k], &v);
		if (m)
			break;
	}
	if (m == 0)
		return -1;
	if (m < 0)
		return usage_error("option %s needs a value", names[k]);
	if (k < MOUNTS_NOPTIONS) {
		if (!mounts_parse((int)k, (char *)v, &o->dirs[o->ndirs++]))
			return usage_error("bad directory '%s' (%s %s)", v,
			                   names[k], mounts_form((int)k));
		return 0;
	}
	switch (k - MOUNTS_NOPTIONS + 2) {
	case 2:
		if (v[0] == '=' || v[0] == '\0')
			return usage_error(
			    "bad --env '%s' (NAME=VALUE or NAME)", v);
		if (strchr(v, '='))
			o->envs[o->nenvs++] = v;
		else if ((v = host_env_entry(v)))
			o->envs[o->nenvs++] = v;
		return 0;
	case 3:
		o->invoke = v;
		return 0;
	case 4:
		if (!strrchr(v, ':'))
			return usage_error("bad --tcplisten '%s' (HOST:PORT)",
			                   v);
		o->tcplisten = v;
		return 0;
	case 5:
		if (!parse_seconds(v, &o->timeout))
			return usage_error("bad --timeout '%s' (seconds > 0)",
			                   v);
		return 0;
	case 6: {
		uint64_t bytes;
		if (!parse_size(v, &bytes) || bytes < 65536)
			return usage_error(
			    "bad --max-memory '%s' (bytes, at least 64K)", v);
		/* A 32-bit memory stops at 65536 pages whatever this
		 * says; a 64-bit one may take all of it. */
		o->max_memory_pages = bytes / 65536;
		o->max_store_bytes = bytes;
		return 0;
	}
	case 7:
		if (!parse_size(v, &o->fuel) || o->fuel == 0)
			return usage_error("bad --fuel '%s' (a positive count)",
			                   v);
		return 0;
	case 8:
		if (!parse_u64(v, &o->seed))
			return usage_error("bad --seed '%s' (0 to 2^64-1)", v);
		o->deterministic = true;
		return 0;
	case 9:
		o->call = v;
		return 0;
	default:
		o->input = v;
		return 0;
	}
}

/* Returns -1 to go on running, else the exit code. */
int options_parse(int argc, char **argv, options *o)
{
	int i;
	/* Every repeatable option takes one argv slot at least. */
	o->dirs = calloc((size_t)argc, sizeof *o->dirs);
	o->envs = calloc((size_t)argc, sizeof *o->envs);
	if (!o->dirs || !o->envs) {
		cli_fail("out of memory");
		return EXIT_ERROR;
	}
	/* `wexec run ...`, wasmtime's spelling, is `wexec ...`. */
	i = argc > 1 && strcmp(argv[1], "run") == 0 ? 2 : 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		int r;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("wexec %s\n", WEXEC_VERSION);
			return 0;
		}
		if (strcmp(a, "--inherit-env") == 0) {
			o->inherit_env = true;
			continue;
		}
		if (strcmp(a, "--trap-unknown-imports") == 0) {
			o->trap_unknown_imports = true;
			continue;
		}
		if (strcmp(a, "--deterministic") == 0) {
			o->deterministic = true;
			continue;
		}
		/* --trace FILE would take the module for the file. */
		if (strcmp(a, "--trace") == 0 ||
		    strncmp(a, "--trace=", 8) == 0) {
			o->trace = true;
			o->trace_file = a[7] == '=' ? a + 8 : NULL;
			if (o->trace_file && !o->trace_file[0])
				return usage_error("--trace= needs a file");
			continue;
		}
		if (strcmp(a, "--profile") == 0 ||
		    strncmp(a, "--profile=", 10) == 0) {
			o->profile = true;
			o->profile_file = a[9] == '=' ? a + 10 : NULL;
			if (o->profile_file && !o->profile_file[0])
				return usage_error("--profile= needs a file");
			continue;
		}
		r = parse_valued(argc, argv, &i, o);
		if (r < 0)
			return usage_error("unknown option '%s'", a);
		if (r > 0)
			return r;
	}
	if (o->call && o->invoke)
		return usage_error("--call and --invoke do not go together");
	if (o->input && !o->call)
		return usage_error("--input needs --call");
	if (i >= argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	o->path = argv[i];
	o->args = argv + i + 1;
	o->nargs = argc - i - 1;
	return -1;
}
