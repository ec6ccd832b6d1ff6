/*
 * script.c - runs the commands of one spec test script, as wast2json
 * converts a .wast file (the spec's "script" format: interpreter/README
 * of the reference interpreter and the test suite's README): modules,
 * registrations, actions and every kind of assertion. Modules of one file
 * share one store and one linker; the spectest host module is defined in
 * it first. A command that fails never stops the file.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "runner.h"
#include "spectest.h"
#include "values.h"
#include "wexec.h"

#define MAX_VALS 64

char runner_current[256];

typedef enum outcome { OUT_PASS, OUT_FAIL, OUT_SKIP } outcome;

typedef enum mod_state { MOD_OK, MOD_FAILED, MOD_SKIPPED } mod_state;

/* A module command's result, for the actions and registrations that
 * refer to it by name or as the latest module. */
typedef struct mod_entry {
	char *name;           /* "$M" as the script names it, or NULL */
	wexec_instance *inst; /* set when state == MOD_OK */
	mod_state state;
	char why[320];        /* why it failed or was skipped */
} mod_entry;

typedef struct script {
	const run_options *opt;
	const skip_list *skips;
	const char *file;     /* "NAME.wast" */
	char dir[1024];       /* where the .wasm files are, with a '/' */
	wexec_store *store;
	wexec_linker *linker;
	mod_entry *mods;
	size_t nmods, capmods;
	/* Every module loaded: kept until the store is gone, because
	 * functions of a failed instantiation may remain in imported
	 * tables. */
	wexec_module **loaded;
	size_t nloaded, caploaded;
	/* Names registered from skipped modules: importing from one makes a
	 * module skipped rather than unlinkable. */
	char **skipped_regs;
	size_t nregs, capregs;
	bool has_current;
	size_t current;
	/* The command being run. */
	long line;
	char desc[512];
	char msg[4096];
} script;

typedef struct action_result {
	wexec_status status;
	wexec_error err;
	wexec_val results[MAX_VALS];
	size_t nresults;
} action_result;

static void append(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;
	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static outcome fail(script *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static outcome fail(script *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	return OUT_FAIL;
}

static outcome skip(script *s, const char *why)
{
	snprintf(s->msg, sizeof s->msg, "%s", why);
	return OUT_SKIP;
}

static const char *status_name(wexec_status st)
{
	switch (st) {
	case WEXEC_OK: return "ok";
	case WEXEC_ERR_MALFORMED: return "malformed";
	case WEXEC_ERR_INVALID: return "invalid";
	case WEXEC_ERR_UNLINKABLE: return "unlinkable";
	case WEXEC_ERR_TRAP: return "trap";
	case WEXEC_ERR_EXIT: return "exit";
	case WEXEC_ERR_NOMEM: return "out of memory";
	case WEXEC_ERR_LIMIT: return "limit";
	case WEXEC_ERR_ARGUMENT: return "argument error";
	case WEXEC_ERR_IO: return "I/O error";
	}
	return "unknown status";
}

/* Appends a name with control characters, quotes and backslashes escaped
 * (other bytes are UTF-8 and print as they are). */
static void append_name(char *buf, size_t len, const char *name, size_t n)
{
	append(buf, len, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
			append(buf, len, "%c", c);
		else
			append(buf, len, "\\%02x", c);
	}
	append(buf, len, "\"");
}

/* ------------------------------------------------------------ modules */

static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *n = realloc(*arr, ncap * size);
	if (!n)
		return false;
	*arr = n;
	*cap = ncap;
	return true;
}

/* Adds an entry for a module command and makes it the current module. */
static mod_entry *push_module(script *s, const char *name)
{
	if (!grow((void **)&s->mods, &s->capmods, s->nmods + 1,
	          sizeof *s->mods))
		return NULL;
	mod_entry *m = &s->mods[s->nmods];
	memset(m, 0, sizeof *m);
	m->state = MOD_FAILED;
	if (name && !(m->name = strdup(name)))
		return NULL;
	s->current = s->nmods++;
	s->has_current = true;
	return m;
}

/* The module an action or register names (latest definition wins), or
 * the current one when name is NULL. */
static mod_entry *find_module(script *s, const char *name)
{
	if (!name)
		return s->has_current ? &s->mods[s->current] : NULL;
	for (size_t i = s->nmods; i-- > 0;)
		if (s->mods[i].name && strcmp(s->mods[i].name, name) == 0)
			return &s->mods[i];
	return NULL;
}

static bool is_skipped_reg(const script *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->nregs; i++)
		if (strlen(s->skipped_regs[i]) == len &&
		    memcmp(s->skipped_regs[i], name, len) == 0)
			return true;
	return false;
}

static void set_skipped_reg(script *s, const char *name, bool skipped)
{
	for (size_t i = 0; i < s->nregs; i++) {
		if (strcmp(s->skipped_regs[i], name) == 0) {
			if (!skipped) {
				free(s->skipped_regs[i]);
				s->nregs--;
				s->skipped_regs[i] = s->skipped_regs[s->nregs];
			}
			return;
		}
	}
	if (skipped && grow((void **)&s->skipped_regs, &s->capregs,
	                    s->nregs + 1, sizeof *s->skipped_regs)) {
		char *copy = strdup(name);
		if (copy)
			s->skipped_regs[s->nregs++] = copy;
	}
}

/* The import module name of `mod` that was registered from a skipped
 * module, or false. */
static bool skipped_dependency(script *s, const wexec_module *mod, char *out,
                               size_t len)
{
	size_t n = wexec_module_import_count(mod);
	for (size_t i = 0; i < n; i++) {
		wexec_import_desc d;
		if (!wexec_module_import(mod, i, &d) ||
		    !is_skipped_reg(s, d.module, d.module_len))
			continue;
		snprintf(out, len, "imports from skipped module \"%.*s\"",
		         (int)d.module_len, d.module);
		return true;
	}
	return false;
}

/* Reads and decodes the command's .wasm file. Returns the status of
 * wexec_module_new (err has the message), or WEXEC_ERR_IO when the file
 * cannot be read. A module that loads is kept in s->loaded. */
static wexec_status load_module(script *s, const json_node *cmd,
                                wexec_module **out, wexec_error *err)
{
	const char *filename = json_get_str(cmd, "filename");
	char path[1400], *bytes;
	size_t len;
	*out = NULL;
	if (!filename)
		return wexec_error_set(err, WEXEC_ERR_IO, "no filename");
	snprintf(s->desc + strlen(s->desc), sizeof s->desc - strlen(s->desc),
	         " %s", filename);
	snprintf(path, sizeof path, "%s%s", s->dir, filename);
	if (!json_read_file(path, &bytes, &len, err->message,
	                    sizeof err->message)) {
		err->status = WEXEC_ERR_IO;
		return WEXEC_ERR_IO;
	}
	if (!grow((void **)&s->loaded, &s->caploaded, s->nloaded + 1,
	          sizeof *s->loaded)) {
		free(bytes);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	wexec_status st =
		wexec_module_new_features((const uint8_t *)bytes, len,
		                          s->opt->features, out, err);
	free(bytes);
	if (st == WEXEC_OK)
		s->loaded[s->nloaded++] = *out;
	else
		*out = NULL;
	return st;
}

static outcome cmd_module(script *s, const json_node *cmd, const char *skipwhy)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod;
	mod_entry *m = push_module(s, json_get_str(cmd, "name"));
	if (!m)
		return fail(s, "out of memory");
	if (skipwhy) {
		const char *filename = json_get_str(cmd, "filename");
		append(s->desc, sizeof s->desc, " %s",
		       filename ? filename : "");
		m->state = MOD_SKIPPED;
		snprintf(m->why, sizeof m->why, "%s", skipwhy);
		return skip(s, skipwhy);
	}
	wexec_status st = load_module(s, cmd, &mod, &err);
	if (st == WEXEC_OK && skipped_dependency(s, mod, m->why,
	                                         sizeof m->why)) {
		m->state = MOD_SKIPPED;
		return skip(s, m->why);
	}
	if (st == WEXEC_OK)
		st = wexec_linker_instantiate(s->linker, mod, &m->inst, &err);
	if (st != WEXEC_OK) {
		snprintf(m->why, sizeof m->why, "%s: %s", status_name(st),
		         err.message);
		return fail(s, "module failed: %s: %s", status_name(st),
		            err.message);
	}
	m->state = MOD_OK;
	return OUT_PASS;
}

static outcome cmd_register(script *s, const json_node *cmd,
                            const char *skipwhy)
{
	wexec_error err = WEXEC_ERROR_INIT;
	const char *as = json_get_str(cmd, "as");
	const char *name = json_get_str(cmd, "name");
	mod_entry *m = find_module(s, name);
	if (!as)
		return fail(s, "register without \"as\"");
	snprintf(s->desc, sizeof s->desc, "register \"%s\"", as);
	if (skipwhy || (m && m->state == MOD_SKIPPED)) {
		set_skipped_reg(s, as, true);
		return skip(s, skipwhy ? skipwhy : m->why);
	}
	if (!m)
		return fail(s, "no module %s", name ? name : "defined yet");
	if (m->state != MOD_OK)
		return fail(s, "the module failed to load (%s)", m->why);
	if (wexec_linker_define_instance(s->linker, as, m->inst, &err) !=
	    WEXEC_OK)
		return fail(s, "register failed: %s", err.message);
	set_skipped_reg(s, as, false);
	return OUT_PASS;
}

/* ------------------------------------------------------------ actions */

/* Parses the arguments of an invoke, checks them against the function's
 * type and appends them to the description. */
static outcome invoke_args(script *s, const json_node *action,
                           const wexec_functype *ft, wexec_val *args,
                           size_t *nargs)
{
	const json_node *list = json_get(action, "args");
	char why[128], buf[256];
	size_t n = 0;
	append(s->desc, sizeof s->desc, "(");
	for (const json_node *a = list ? list->child : NULL; a; a = a->next) {
		if (n == MAX_VALS)
			return fail(s, "more than %d arguments", MAX_VALS);
		if (!value_parse_arg(a, &args[n], why, sizeof why))
			return fail(s, "bad argument: %s", why);
		value_format(&args[n], LANE_I32, buf, sizeof buf);
		append(s->desc, sizeof s->desc, "%s%s", n ? ", " : "", buf);
		n++;
	}
	append(s->desc, sizeof s->desc, ")");
	*nargs = n;
	if (ft->nparams != n)
		return fail(s, "the function takes %u arguments, not %zu",
		            ft->nparams, n);
	for (size_t i = 0; i < n; i++)
		if (ft->params[i] != args[i].type)
			return fail(s, "argument %zu is %s, the function "
			            "wants %s", i,
			            wexec_valtype_name(args[i].type),
			            wexec_valtype_name(ft->params[i]));
	return OUT_PASS;
}

static outcome do_invoke(script *s, const json_node *action,
                         const wexec_extern *ext, action_result *r)
{
	wexec_val args[MAX_VALS];
	size_t nargs = 0;
	wexec_functype ft;
	if (ext->kind != WEXEC_EXTERN_FUNC)
		return fail(s, "the export is not a function");
	wexec_func_type(ext->of.func, &ft);
	outcome o = invoke_args(s, action, &ft, args, &nargs);
	if (o != OUT_PASS)
		return o;
	if (ft.nresults > MAX_VALS)
		return fail(s, "more than %d results", MAX_VALS);
	memset(r->results, 0, sizeof r->results);
	r->nresults = ft.nresults;
	r->status = wexec_func_call(ext->of.func, args, nargs, r->results,
	                            r->nresults, &r->err);
	return OUT_PASS;
}

/* Runs an invoke or get. OUT_PASS means it ran (r->status tells how it
 * ended); OUT_FAIL or OUT_SKIP that it could not run. */
static outcome do_action(script *s, const json_node *action,
                         action_result *r)
{
	const char *type = json_get_str(action, "type");
	const char *modname = json_get_str(action, "module");
	const json_node *field = json_get(action, "field");
	wexec_extern ext;
	memset(r, 0, sizeof *r);
	if (!type || !field || field->kind != JSON_STRING)
		return fail(s, "malformed action");
	append(s->desc, sizeof s->desc, " %s ", type);
	if (modname)
		append(s->desc, sizeof s->desc, "%s.", modname);
	append_name(s->desc, sizeof s->desc, field->str, field->len);
	mod_entry *m = find_module(s, modname);
	if (!m)
		return fail(s, "no module %s", modname ? modname : "defined");
	if (m->state == MOD_SKIPPED)
		return skip(s, m->why);
	if (m->state != MOD_OK)
		return fail(s, "the module failed to load (%s)", m->why);
	if (!wexec_instance_export(m->inst, field->str, field->len, &ext))
		return fail(s, "no such export");
	if (strcmp(type, "invoke") == 0)
		return do_invoke(s, action, &ext, r);
	if (strcmp(type, "get") != 0)
		return fail(s, "unknown action type \"%s\"", type);
	if (ext.kind != WEXEC_EXTERN_GLOBAL)
		return fail(s, "the export is not a global");
	wexec_global_get(ext.of.global, &r->results[0]);
	r->nresults = 1;
	r->status = WEXEC_OK;
	return OUT_PASS;
}

/* A trap or error message matches the script's text as the reference
 * interpreter's assert_message has it: the expected text is a prefix of
 * the message, here without the " (in function ...)" the engine may
 * append. A message shorter than the text never matches, and neither does
 * anything when the script gives no text or an empty one (the reference
 * would take any message then; the suite has no such command, and a
 * script that lost its text should not pass every check). */
bool script_text_matches(const char *want, const char *message)
{
	/* Older names of messages, which proposal directories forked
	 * before 2.0 still use: the same check, renamed. */
	static const char *const renamed[][2] = {
	    {"zero flag expected", "zero byte expected"},
	    {"junk after last section", "unexpected content after last section"},
	};
	size_t n = strlen(message);
	const char *in = strstr(message, " (in function");
	if (in)
		n = (size_t)(in - message);
	if (!want || !want[0])
		return false;
	for (size_t i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
		if (strcmp(want, renamed[i][0]) == 0)
			want = renamed[i][1];
	size_t w = strlen(want);
	return w <= n && strncmp(message, want, w) == 0;
}

/* ------------------------------------------------------------ assertions */

static outcome compare_results(script *s, const json_node *expected,
                               const action_result *r)
{
	expected_val want[MAX_VALS];
	char why[128], buf[512];
	size_t n = 0;
	bool ok = true;
	for (const json_node *e = expected ? expected->child : NULL; e;
	     e = e->next) {
		if (n == MAX_VALS)
			return fail(s, "more than %d expected values",
			            MAX_VALS);
		if (!value_parse_expected(e, &want[n], why, sizeof why))
			return fail(s, "bad expected value: %s", why);
		n++;
	}
	if (n != r->nresults)
		return fail(s, "%zu results, expected %zu", r->nresults, n);
	for (size_t i = 0; i < n; i++)
		ok = ok && value_matches(&want[i], &r->results[i]);
	if (ok)
		return OUT_PASS;
	snprintf(s->msg, sizeof s->msg, "expected ");
	for (size_t i = 0; i < n; i++) {
		value_format_expected(&want[i], buf, sizeof buf);
		append(s->msg, sizeof s->msg, "%s%s", i ? ", " : "", buf);
	}
	append(s->msg, sizeof s->msg, "; got ");
	for (size_t i = 0; i < n; i++) {
		value_format(&r->results[i], want[i].lanes, buf, sizeof buf);
		append(s->msg, sizeof s->msg, "%s%s", i ? ", " : "", buf);
	}
	return OUT_FAIL;
}

/* assert_return, assert_trap, assert_exhaustion and action: run the
 * action, then check how it ended. */
static outcome cmd_action(script *s, const json_node *cmd, const char *type)
{
	action_result r;
	const char *text = json_get_str(cmd, "text");
	bool want_trap = strcmp(type, "assert_return") != 0 &&
	                 strcmp(type, "action") != 0;
	outcome o = do_action(s, json_get(cmd, "action"), &r);
	if (o != OUT_PASS)
		return o;
	if (want_trap) {
		if (r.status != WEXEC_ERR_TRAP)
			return fail(s, "expected trap \"%s\", got %s%s%s",
			            text ? text : "", status_name(r.status),
			            r.err.message[0] ? ": " : "",
			            r.err.message);
		if (!script_text_matches(text, r.err.message))
			return fail(s, "expected trap \"%s\", got trap \"%s\"",
			            text ? text : "", r.err.message);
		return OUT_PASS;
	}
	if (r.status != WEXEC_OK)
		return fail(s, "%s: %s", status_name(r.status), r.err.message);
	if (strcmp(type, "action") == 0)
		return OUT_PASS;
	return compare_results(s, json_get(cmd, "expected"), &r);
}

/* A rejection must also use the script's wording (unless --no-check-text). */
static outcome check_text(script *s, const char *want, const char *message)
{
	if (!s->opt->check_text || script_text_matches(want, message))
		return OUT_PASS;
	return fail(s, "TEXT: expected \"%s\", got \"%s\"", want ? want : "",
	            message);
}

/* assert_invalid and assert_malformed: decoding or validation must reject
 * the module with exactly the wanted kind of error. */
static outcome cmd_reject(script *s, const json_node *cmd, wexec_status want)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod;
	const char *text = json_get_str(cmd, "text");
	wexec_status st = load_module(s, cmd, &mod, &err);
	if (st == want)
		return check_text(s, text, err.message);
	if (st == WEXEC_OK)
		return fail(s, "module accepted, expected %s (\"%s\")",
		            status_name(want), text ? text : "");
	if (st == WEXEC_ERR_MALFORMED || st == WEXEC_ERR_INVALID)
		return fail(s, "WRONG KIND: rejected as %s (%s), expected "
		            "%s (\"%s\")", status_name(st), err.message,
		            status_name(want), text ? text : "");
	return fail(s, "expected %s (\"%s\"), got %s: %s",
	            status_name(want), text ? text : "", status_name(st),
	            err.message);
}

/* assert_unlinkable and assert_uninstantiable (and assert_trap on a
 * module): the module loads, and instantiating it fails as wanted. */
static outcome cmd_no_instance(script *s, const json_node *cmd,
                               wexec_status want)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *mod;
	wexec_instance *inst;
	char why[160];
	const char *text = json_get_str(cmd, "text");
	wexec_status st = load_module(s, cmd, &mod, &err);
	if (st != WEXEC_OK)
		return fail(s, "module failed to load: %s: %s",
		            status_name(st), err.message);
	if (skipped_dependency(s, mod, why, sizeof why))
		return skip(s, why);
	st = wexec_linker_instantiate(s->linker, mod, &inst, &err);
	if (st == WEXEC_OK)
		return fail(s, "module instantiated, expected %s (\"%s\")",
		            status_name(want), text ? text : "");
	if (st != want)
		return fail(s, "expected %s (\"%s\"), got %s: %s",
		            status_name(want), text ? text : "",
		            status_name(st), err.message);
	if (want == WEXEC_ERR_TRAP && !script_text_matches(text, err.message))
		return fail(s, "expected trap \"%s\", got trap \"%s\"",
		            text ? text : "", err.message);
	return check_text(s, text, err.message);
}

/* ------------------------------------------------------------ scripts */

static outcome run_command(script *s, const json_node *cmd)
{
	const char *type = json_get_str(cmd, "type");
	const char *module_type = json_get_str(cmd, "module_type");
	const char *skipwhy = skip_lookup(s->skips, s->file, s->line);
	s->msg[0] = '\0';
	snprintf(s->desc, sizeof s->desc, "%s", type ? type : "?");
	if (!type)
		return fail(s, "command without a type");
	if (strcmp(type, "module") == 0)
		return cmd_module(s, cmd, skipwhy);
	if (strcmp(type, "register") == 0)
		return cmd_register(s, cmd, skipwhy);
	if (skipwhy)
		return skip(s, skipwhy);
	if (module_type && strcmp(module_type, "text") == 0)
		return skip(s, "text format: wexec reads binary modules");
	if (strcmp(type, "assert_return") == 0 ||
	    strcmp(type, "assert_trap") == 0 ||
	    strcmp(type, "assert_exhaustion") == 0 ||
	    strcmp(type, "action") == 0) {
		if (json_get(cmd, "action"))
			return cmd_action(s, cmd, type);
		if (strcmp(type, "assert_trap") == 0)
			return cmd_no_instance(s, cmd, WEXEC_ERR_TRAP);
		return fail(s, "command without an action");
	}
	if (strcmp(type, "assert_invalid") == 0)
		return cmd_reject(s, cmd, WEXEC_ERR_INVALID);
	if (strcmp(type, "assert_malformed") == 0)
		return cmd_reject(s, cmd, WEXEC_ERR_MALFORMED);
	if (strcmp(type, "assert_unlinkable") == 0)
		return cmd_no_instance(s, cmd, WEXEC_ERR_UNLINKABLE);
	if (strcmp(type, "assert_uninstantiable") == 0)
		return cmd_no_instance(s, cmd, WEXEC_ERR_TRAP);
	return fail(s, "unknown command type");
}

static void report(script *s, outcome o, run_counts *counts)
{
	switch (o) {
	case OUT_PASS:
		counts->passed++;
		break;
	case OUT_FAIL:
		counts->failed++;
		if (s->opt->verbose)
			printf("%s:%ld: FAIL %s: %s\n", s->file, s->line,
			       s->desc, s->msg);
		break;
	case OUT_SKIP:
		counts->skipped++;
		if (s->opt->verbose || s->opt->list_skips)
			printf("%s:%ld: skip %s: %s\n", s->file, s->line,
			       s->desc, s->msg);
		break;
	}
}

static void script_clear(script *s)
{
	if (s->linker)
		wexec_linker_free(s->linker);
	if (s->store)
		wexec_store_free(s->store);
	for (size_t i = 0; i < s->nloaded; i++)
		wexec_module_free(s->loaded[i]);
	for (size_t i = 0; i < s->nmods; i++)
		free(s->mods[i].name);
	for (size_t i = 0; i < s->nregs; i++)
		free(s->skipped_regs[i]);
	free(s->loaded);
	free(s->mods);
	free(s->skipped_regs);
}

/* Makes the file's store and linker with spectest defined; false (with
 * the reason in s->msg) when that fails. */
static bool script_init(script *s)
{
	wexec_error err = WEXEC_ERROR_INIT;
	s->store = wexec_store_new(NULL);
	s->linker = s->store ? wexec_linker_new(s->store) : NULL;
	if (!s->linker) {
		fail(s, "cannot create a store and a linker");
		return false;
	}
	if (spectest_define(s->linker, s->store, s->opt->verbose, &err) !=
	    WEXEC_OK) {
		fail(s, "cannot define spectest: %s", err.message);
		return false;
	}
	return true;
}

static void run_commands(script *s, const json_node *commands,
                         run_counts *counts)
{
	bool ready = script_init(s);
	for (const json_node *c = commands->child; c; c = c->next) {
		const json_node *line = json_get(c, "line");
		s->line = line && line->kind == JSON_NUMBER ? (long)line->num
		                                            : 0;
		snprintf(runner_current, sizeof runner_current, "%s:%ld",
		         s->file, s->line);
		if (s->opt->trace) {
			fprintf(stderr, "%s\n", runner_current);
			fflush(stderr);
		}
		if (ready) {
			report(s, run_command(s, c), counts);
		} else {
			snprintf(s->desc, sizeof s->desc, "%s",
			         json_get_str(c, "type"));
			report(s, OUT_FAIL, counts);
		}
	}
	runner_current[0] = '\0';
}

void script_run(const run_options *opt, const skip_list *skips,
                const char *file, const char *json_path, run_counts *counts)
{
	script s;
	json_doc doc = {0};
	char *text;
	size_t len;
	memset(&s, 0, sizeof s);
	s.opt = opt;
	s.skips = skips;
	s.file = file;
	snprintf(s.dir, sizeof s.dir, "%s", json_path);
	char *slash = strrchr(s.dir, '/');
	if (slash)
		slash[1] = '\0';
	else
		s.dir[0] = '\0';
	if (!json_read_file(json_path, &text, &len, s.msg, sizeof s.msg) ||
	    !json_parse(&doc, text, len, s.msg, sizeof s.msg)) {
		fprintf(stderr, "%s: cannot read the converted script: %s\n",
		        file, s.msg);
		counts->failed++;
		json_free(&doc);
		return;
	}
	const json_node *commands = json_get(doc.root, "commands");
	const char *whole = skip_lookup(skips, file, 0);
	if (!commands || commands->kind != JSON_ARRAY) {
		fprintf(stderr, "%s: no commands in %s\n", file, json_path);
		counts->failed++;
	} else if (whole) {
		counts->skipped += json_count(commands);
		if (opt->verbose || opt->list_skips)
			printf("%s: skip all %zu commands: %s\n", file,
			       json_count(commands), whole);
	} else {
		run_commands(&s, commands, counts);
	}
	script_clear(&s);
	json_free(&doc);
}
