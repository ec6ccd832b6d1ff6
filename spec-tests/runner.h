/*
 * runner.h - what the spec runner's driver (runner.c: options, finding
 * and converting the suite, the skip list, totals) shares with the script
 * interpreter (script.c: the commands of one converted .wast file).
 */
#ifndef SPEC_RUNNER_H
#define SPEC_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct run_options {
	bool verbose;     /* -v: every failure with file:line and values */
	bool list_skips;  /* --list-skips: every skipped command, and why */
	bool trace;       /* --trace: each command on stderr before it runs */
	/* On unless --no-check-text: invalid, malformed and unlinkable
	 * modules must also be rejected with the script's wording (traps
	 * always are). */
	bool check_text;
	/* WEXEC_FEATURE_* bits modules are loaded with: none for the 2.0
	 * suite, a proposal's own for its directory, as each was written
	 * for a reference interpreter with that feature alone. */
	uint32_t features;
} run_options;

typedef struct run_counts {
	unsigned long passed, failed, skipped;
} run_counts;

/* One line of the skip list: a file pattern (fnmatch) and, when line > 0,
 * the one command at that line. */
typedef struct skip_rule {
	char *pattern;
	long line;
	char *reason;
} skip_rule;

typedef struct skip_list {
	skip_rule *rules;
	size_t count;
} skip_list;

/* The reason to skip the command of `file` (e.g. "i32.wast") at `line`, or
 * for the whole file when line == 0; NULL when it runs. Rules for the
 * whole file also match every line of it. */
const char *skip_lookup(const skip_list *skips, const char *file, long line);

/* Runs the converted script json_path (wasm files next to it) of `file`
 * and adds its commands to *counts. A file that cannot be read counts as
 * one failure. */
void script_run(const run_options *opt, const skip_list *skips,
                const char *file, const char *json_path, run_counts *counts);

/* Whether an engine message matches the script's expected text: `want`
 * is a non-empty prefix of `message` (without its " (in function ...)"). */
bool script_text_matches(const char *want, const char *message);

/* selftest.c: checks the JSON reader and the value patterns; returns the
 * exit status (0 when every check passed). */
int selftest_run(void);

/* The command running now ("FILE:LINE"), for crash and timeout reports. */
extern char runner_current[256];

#endif /* SPEC_RUNNER_H */
