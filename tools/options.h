/*
 * options.h - the `wexec` command's options, as options_parse reads them
 * from argv (options.c), and its exit codes and failure messages.
 */
#ifndef WEXEC_TOOLS_OPTIONS_H
#define WEXEC_TOOLS_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "mounts.h"

enum {
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_TIMEOUT = 124,
	EXIT_TRAP = 134,
};

typedef struct options {
	const char *path; /* the module file */
	char **args;      /* what follows the module path */
	int nargs;
	const char *invoke; /* --invoke FUNC, or NULL */
	const char *call;   /* --call FUNC, or NULL */
	const char *input;  /* --input FILE ("-": stdin), or NULL: empty */
	dir_opt *dirs;
	int ndirs;
	const char **envs; /* NAME=VALUE strings */
	int nenvs;
	bool inherit_env;
	bool trap_unknown_imports;
	const char *tcplisten;
	double timeout; /* seconds; 0 = none */
	uint64_t max_memory_pages;
	uint64_t max_store_bytes; /* --max-memory covers tables too */
	uint64_t fuel;
	bool trace;               /* --trace or --trace=FILE */
	const char *trace_file;   /* NULL: stderr */
	bool profile;             /* --profile or --profile=FILE */
	const char *profile_file; /* NULL: stderr */
	bool deterministic;
	uint64_t seed;
} options;

/* Parses argv into *o (zeroed by the caller): -1 when the command should
 * run, else the exit code (0 after --help or --version, EXIT_USAGE or
 * EXIT_ERROR after printing why). o->dirs and o->envs are the caller's to
 * free. */
int options_parse(int argc, char **argv, options *o);

/* Prints "wexec: MESSAGE" as one line on stderr, after flushing stdout so
 * guest output comes first. */
void cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
