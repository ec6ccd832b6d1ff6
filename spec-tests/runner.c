/*
 * runner.c - the spec conformance runner's driver: finds the official test
 * suite (WebAssembly/testsuite), converts each root .wast file with
 * wast2json into a cache (again only when the .wast is newer), applies the
 * skip list and runs every script in this process, so that sanitizers see
 * the engine's faults. Prints one line per file and a total:
 *
 *   NAME.wast: P passed, F failed, S skipped
 *   spec: P passed, F failed, S skipped
 *
 * and exits non-zero when anything failed.
 *
 * With --proposal NAME (repeatable) it runs the directories
 * proposals/NAME of the suite instead, converted with the features
 * wast2json has beyond 2.0 enabled, and prints each file as NAME/FILE,
 * a subtotal per directory and a total:
 *
 *   NAME/FILE.wast: P passed, F failed, S skipped
 *   NAME: P passed, F failed, S skipped
 *   proposals: P passed, F failed, S skipped
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json.h"
#include "runner.h"
#include "wexec.h"

extern char **environ;

#define PATH_LEN 1024

typedef struct config {
	run_options opt;
	const char *suite;      /* NULL: search the usual places */
	const char *cache;
	const char *skip_file;
	bool skip_file_given;
	unsigned timeout;       /* seconds per file; 0 = none */
	const char **names;     /* file patterns to run; none = all */
	size_t nnames;
	/* --proposal: directories of proposals/ to run instead of the
	 * suite's root files. */
	const char **proposals;
	size_t nproposals;
	/* The project root (found from the runner's own path, so that it
	 * runs from any directory) and the defaults derived from it. */
	char root[PATH_LEN];
	char default_cache[PATH_LEN + 64];
	char default_skips[PATH_LEN + 64];
} config;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: spec-runner [options] [NAME...]\n"
	        "Runs the WebAssembly spec test suite against libwexec.\n"
	        "  NAME, -f NAME    run only these files (\"i32\", "
	        "\"i32.wast\", or a pattern \"simd_*\")\n"
	        "  -v               print every failure and skip with "
	        "file:line\n"
	        "  --list-skips     print every skipped command and why\n"
	        "  --trace          print each command on stderr before it "
	        "runs\n"
	        "  --suite DIR      the test suite (default: "
	        "$WEXEC_TESTSUITE,\n"
	        "                   ../shared/wasm-testsuite, "
	        "tools/testsuite)\n"
	        "  --cache DIR      where converted scripts go (default: "
	        "spec-cache beside\n"
	        "                   the runner)\n"
	        "  --skip-file F    the skip list (default: "
	        "spec-tests/skip.txt of the project)\n"
	        "  --no-check-text  compare only the kind of error of invalid, "
	        "malformed and\n"
	        "                   unlinkable modules, not its text (the "
	        "default checks\n"
	        "                   that the script's text is a prefix of "
	        "the message)\n"
	        "  --self-test      check the runner's JSON reader, value "
	        "patterns, text\n"
	        "                   rule and skip rules\n"
	        "  --timeout SECS   abort when one file runs longer "
	        "(default 300, 0 = never)\n"
	        "  --proposal NAME  run the suite's proposals/NAME directory "
	        "instead of its\n"
	        "                   root files, converted with "
	        "wast2json --enable-all\n"
	        "                   (repeatable; cached in "
	        "CACHE/proposals/NAME)\n");
}

static bool parse_args(int argc, char **argv, config *cfg)
{
	cfg->names = calloc((size_t)argc, sizeof *cfg->names);
	cfg->proposals = calloc((size_t)argc, sizeof *cfg->proposals);
	if (!cfg->names || !cfg->proposals)
		return false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_next = i + 1 < argc;
		if (strcmp(a, "-v") == 0) {
			cfg->opt.verbose = true;
		} else if (strcmp(a, "--list-skips") == 0) {
			cfg->opt.list_skips = true;
		} else if (strcmp(a, "--check-text") == 0) {
			cfg->opt.check_text = true; /* the default */
		} else if (strcmp(a, "--no-check-text") == 0) {
			cfg->opt.check_text = false;
		} else if (strcmp(a, "--trace") == 0) {
			cfg->opt.trace = true;
		} else if (strcmp(a, "--self-test") == 0) {
			exit(selftest_run());
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		} else if (has_next && strcmp(a, "-f") == 0) {
			cfg->names[cfg->nnames++] = argv[++i];
		} else if (has_next && strcmp(a, "--suite") == 0) {
			cfg->suite = argv[++i];
		} else if (has_next && strcmp(a, "--cache") == 0) {
			cfg->cache = argv[++i];
		} else if (has_next && strcmp(a, "--skip-file") == 0) {
			cfg->skip_file = argv[++i];
			cfg->skip_file_given = true;
		} else if (has_next && strcmp(a, "--proposal") == 0) {
			cfg->proposals[cfg->nproposals++] = argv[++i];
		} else if (has_next && strcmp(a, "--timeout") == 0) {
			cfg->timeout = (unsigned)strtoul(argv[++i], NULL, 10);
		} else if (a[0] == '-') {
			fprintf(stderr, "spec-runner: unknown option %s\n", a);
			usage(stderr);
			return false;
		} else {
			cfg->names[cfg->nnames++] = a;
		}
	}
	return true;
}

/* ------------------------------------------------------------ skip list */

const char *skip_lookup(const skip_list *skips, const char *file, long line)
{
	for (size_t i = 0; skips && i < skips->count; i++) {
		const skip_rule *r = &skips->rules[i];
		/* FNM_PATHNAME: a proposal's files ("memory64/address.wast")
		 * are matched only by rules that name the directory. */
		if ((r->line == 0 || r->line == line) &&
		    fnmatch(r->pattern, file, FNM_PATHNAME) == 0)
			return r->reason;
	}
	return NULL;
}

/* Parses one line "PATTERN[:LINE] REASON" into a new rule. */
static bool add_rule(skip_list *skips, char *text, const char *path, int lno)
{
	char *pattern = text, *reason = text + strcspn(text, " \t");
	if (*reason)
		*reason++ = '\0';
	reason += strspn(reason, " \t");
	if (!*reason) {
		fprintf(stderr, "%s:%d: a skip needs a reason\n", path, lno);
		return false;
	}
	skip_rule *rules = realloc(skips->rules,
	                           (skips->count + 1) * sizeof *rules);
	if (!rules)
		return false;
	skips->rules = rules;
	skip_rule *r = &rules[skips->count];
	char *colon = strrchr(pattern, ':');
	r->line = 0;
	if (colon) {
		*colon = '\0';
		r->line = strtol(colon + 1, NULL, 10);
	}
	r->pattern = strdup(pattern);
	r->reason = strdup(reason);
	if (!r->pattern || !r->reason)
		return false;
	skips->count++;
	return true;
}

static bool load_skips(const config *cfg, skip_list *skips)
{
	char buf[1024];
	int lno = 0;
	FILE *f = fopen(cfg->skip_file, "r");
	if (!f) {
		if (!cfg->skip_file_given)
			return true;
		fprintf(stderr, "spec-runner: cannot open %s: %s\n",
		        cfg->skip_file, strerror(errno));
		return false;
	}
	while (fgets(buf, sizeof buf, f)) {
		lno++;
		buf[strcspn(buf, "\r\n")] = '\0';
		char *t = buf + strspn(buf, " \t");
		if (*t == '\0' || *t == '#')
			continue;
		if (!add_rule(skips, t, cfg->skip_file, lno)) {
			fclose(f);
			return false;
		}
	}
	fclose(f);
	return true;
}

static void free_skips(skip_list *skips)
{
	for (size_t i = 0; i < skips->count; i++) {
		free(skips->rules[i].pattern);
		free(skips->rules[i].reason);
	}
	free(skips->rules);
}

/* ------------------------------------------------------------ the suite */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The root .wast files of dir, sorted; NULL when dir holds none. */
static char **list_wast(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (!has_suffix(e->d_name, ".wast") || e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			char **nn = realloc(names, cap * sizeof *names);
			if (!nn)
				break;
			names = nn;
		}
		if ((names[n] = strdup(e->d_name)) != NULL)
			n++;
	}
	closedir(d);
	if (n == 0) {
		free(names);
		return NULL;
	}
	qsort(names, n, sizeof *names, compare_names);
	*count = n;
	return names;
}

/* Finds the suite: --suite, $WEXEC_TESTSUITE, the shared copy beside the
 * project, or the clone tools/fetch-testsuite.sh makes. */
static char **find_suite(const config *cfg, const char **dir, size_t *count)
{
	const char *env = getenv("WEXEC_TESTSUITE");
	const char *places[] = {"../shared/wasm-testsuite", "tools/testsuite"};
	static char path[PATH_LEN + 64];
	const char *given = cfg->suite ? cfg->suite
	                    : env && *env ? env
	                                  : NULL;
	char **names;
	if (given) {
		*dir = given;
		names = list_wast(given, count);
		if (!names)
			fprintf(stderr, "spec-runner: no .wast files in %s\n",
			        given);
		return names;
	}
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", cfg->root, places[i]);
		*dir = path;
		if ((names = list_wast(path, count)) != NULL)
			return names;
	}
	fprintf(stderr, "spec-runner: test suite not found; set "
	                "WEXEC_TESTSUITE or run tools/fetch-testsuite.sh\n");
	return NULL;
}

/* A directory of .wast files to run: the suite's root, or one proposal's
 * directory, whose files are named "NAME/FILE" in the output and the skip
 * list. */
typedef struct file_set {
	const char *dir;        /* where the .wast files are */
	const char *cache;      /* where their conversions go */
	const char *prefix;     /* "" or "NAME/" */
	bool enable_all;        /* wast2json --enable-all */
	uint32_t features;      /* run_options.features */
} file_set;

/* Whether a NAME argument selects `file`: by its name alone ("address")
 * or with its directory ("memory64/address", a pattern "memory64/a*"). */
static bool selected(const config *cfg, const file_set *set, const char *file)
{
	char stem[256], full[512];
	if (cfg->nnames == 0)
		return true;
	snprintf(stem, sizeof stem, "%.*s", (int)(strlen(file) - 5), file);
	snprintf(full, sizeof full, "%s%s", set->prefix, stem);
	for (size_t i = 0; i < cfg->nnames; i++) {
		char want[256];
		snprintf(want, sizeof want, "%s", cfg->names[i]);
		if (has_suffix(want, ".wast"))
			want[strlen(want) - 5] = '\0';
		if (fnmatch(want, stem, 0) == 0 ||
		    fnmatch(want, full, FNM_PATHNAME) == 0)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------ conversion */

static bool make_dirs(const char *path)
{
	char buf[PATH_LEN];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return false;
		*p = c;
		if (c == '\0')
			return true;
	}
}

static bool newer(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

static bool run_wast2json(const char *wast, const char *json, bool enable_all)
{
	char *argv[] = {"wast2json", (char *)wast, "-o", (char *)json, NULL,
	                NULL};
	pid_t pid;
	int status;
	if (enable_all)
		argv[4] = "--enable-all";
	int rc = posix_spawnp(&pid, "wast2json", NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "spec-runner: cannot run wast2json: %s\n",
		        strerror(rc));
		return false;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Removes a directory of plain files (a converted script's). */
static void remove_dir(const char *dir)
{
	char path[PATH_LEN + 300];
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Converts `wast` into a private directory, then swaps it in as `dir`:
 * a runner that reads the cache never sees a half-written script, and two
 * runners converting at once do not write the same files. */
static bool convert_into(const file_set *set, const char *wast,
                         const char *dir, const char *stem)
{
	const char *cache = set->cache;
	char tmp[PATH_LEN], old[PATH_LEN], json[PATH_LEN + 300];
	long pid = (long)getpid();
	snprintf(tmp, sizeof tmp, "%s/.%s.new.%ld", cache, stem, pid);
	snprintf(old, sizeof old, "%s/.%s.old.%ld", cache, stem, pid);
	snprintf(json, sizeof json, "%s/%s.json", tmp, stem);
	remove_dir(tmp);
	if (!make_dirs(tmp)) {
		fprintf(stderr, "spec-runner: cannot create %s: %s\n", tmp,
		        strerror(errno));
		return false;
	}
	if (!run_wast2json(wast, json, set->enable_all)) {
		fprintf(stderr, "spec-runner: wast2json failed on %s\n", wast);
		remove_dir(tmp);
		return false;
	}
	bool had_old = rename(dir, old) == 0;
	if (rename(tmp, dir) != 0)
		remove_dir(tmp); /* another runner just put its copy there */
	if (had_old)
		remove_dir(old);
	return true;
}

/* Converts DIR/FILE into CACHE/NAME/NAME.json unless that is up to date;
 * json receives its path. */
static bool convert(const file_set *set, const char *file, char *json,
                    size_t json_len)
{
	char wast[PATH_LEN], dir[PATH_LEN], stem[256];
	struct stat ws, js;
	snprintf(stem, sizeof stem, "%.*s", (int)(strlen(file) - 5), file);
	if (snprintf(wast, sizeof wast, "%s/%s", set->dir, file) >= PATH_LEN ||
	    snprintf(dir, sizeof dir, "%s/%s", set->cache, stem) >=
	            PATH_LEN - 300 ||
	    snprintf(json, json_len, "%s/%s.json", dir, stem) >=
	            (int)json_len) {
		fprintf(stderr, "spec-runner: path too long for %s\n", file);
		return false;
	}
	if (stat(wast, &ws) != 0) {
		fprintf(stderr, "spec-runner: %s: %s\n", wast, strerror(errno));
		return false;
	}
	if (stat(json, &js) == 0 && !newer(&ws, &js))
		return true;
	return convert_into(set, wast, dir, stem);
}

/* ------------------------------------------------------------ faults */

static void write_str(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));
	(void)r;
}

/* Names the command that was running when the engine crashed or hung,
 * then lets the signal end the process as it would have. */
static void on_fatal(int sig)
{
	const char *what = sig == SIGALRM   ? "timeout"
	                   : sig == SIGSEGV ? "segmentation fault"
	                   : sig == SIGBUS  ? "bus error"
	                   : sig == SIGFPE  ? "arithmetic exception"
	                   : sig == SIGILL  ? "illegal instruction"
	                                    : "abort";
	write_str("\nspec-runner: ");
	write_str(what);
	write_str(" while running ");
	write_str(runner_current[0] ? runner_current : "(no command)");
	write_str("\n");
	signal(sig, SIG_DFL);
	raise(sig);
}

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif

static void install_handlers(void)
{
	signal(SIGALRM, on_fatal);
#ifndef HAVE_ASAN
	/* AddressSanitizer reports these itself, with a stack trace. */
	signal(SIGSEGV, on_fatal);
	signal(SIGBUS, on_fatal);
	signal(SIGFPE, on_fatal);
	signal(SIGILL, on_fatal);
	signal(SIGABRT, on_fatal);
#endif
}

/* ------------------------------------------------------------ main */

/* Finds the project root: the nearest directory above the runner's
 * executable that holds spec-tests/skip.txt, else the current directory.
 * The cache defaults to spec-cache beside the executable, so each build
 * directory (build, build/asan) keeps its own. */
static void find_root(config *cfg)
{
	char exe[PATH_LEN], probe[PATH_LEN + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	snprintf(cfg->root, sizeof cfg->root, ".");
	snprintf(cfg->default_cache, sizeof cfg->default_cache,
	         "build/spec-cache");
	if (n <= 0)
		goto done;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		goto done;
	*slash = '\0';
	snprintf(cfg->default_cache, sizeof cfg->default_cache,
	         "%s/spec-cache", exe);
	while ((slash = strrchr(exe, '/')) != NULL) {
		snprintf(probe, sizeof probe, "%s/spec-tests/skip.txt", exe);
		if (access(probe, R_OK) == 0) {
			snprintf(cfg->root, sizeof cfg->root, "%s", exe);
			break;
		}
		*slash = '\0';
	}
done:
	snprintf(cfg->default_skips, sizeof cfg->default_skips,
	         "%s/spec-tests/skip.txt", cfg->root);
}

static void print_counts(const char *label, const run_counts *c)
{
	printf("%s: %lu passed, %lu failed, %lu skipped\n", label, c->passed,
	       c->failed, c->skipped);
	fflush(stdout);
}

static void add_counts(run_counts *total, const run_counts *c)
{
	total->passed += c->passed;
	total->failed += c->failed;
	total->skipped += c->skipped;
}

/* Runs the selected files of `set`, printing each, into *total; *ran
 * counts the files run. */
static void run_set(const config *cfg, const skip_list *skips,
                    const file_set *set, char **files, size_t nfiles,
                    run_counts *total, size_t *ran)
{
	for (size_t i = 0; i < nfiles; i++) {
		run_counts c = {0, 0, 0};
		char json[PATH_LEN], label[512];
		if (!selected(cfg, set, files[i]))
			continue;
		(*ran)++;
		snprintf(label, sizeof label, "%s%s", set->prefix, files[i]);
		alarm(cfg->timeout);
		run_options opt = cfg->opt;
		opt.features = set->features;
		if (convert(set, files[i], json, sizeof json))
			script_run(&opt, skips, label, json, &c);
		else
			c.failed++;
		alarm(0);
		print_counts(label, &c);
		add_counts(total, &c);
	}
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The root files of the suite, as `make spec` runs them. */
static int run_core(const config *cfg, const skip_list *skips,
                    const char *suite, char **files, size_t nfiles)
{
	run_counts total = {0, 0, 0};
	size_t ran = 0;
	file_set set = {suite, cfg->cache, "", false, 0};
	run_set(cfg, skips, &set, files, nfiles, &total, &ran);
	if (ran == 0) {
		fprintf(stderr, "spec-runner: no test file matches\n");
		return 2;
	}
	print_counts("spec", &total);
	return total.failed ? 1 : 0;
}

/* The features a proposal's directory is written for (tail calls and
 * extended constants are always on). */
static uint32_t features_of(const char *proposal)
{
	if (strcmp(proposal, "multi-memory") == 0)
		return WEXEC_FEATURE_MULTI_MEMORY;
	if (strcmp(proposal, "memory64") == 0)
		return WEXEC_FEATURE_MEMORY64;
	return 0;
}

/* The directories proposals/NAME of the suite, with a subtotal each. A
 * directory that is missing or holds no .wast file is an error. */
static int run_proposals(const config *cfg, const skip_list *skips,
                         const char *suite)
{
	run_counts total = {0, 0, 0};
	size_t ran = 0;
	for (size_t p = 0; p < cfg->nproposals; p++) {
		const char *name = cfg->proposals[p];
		char dir[PATH_LEN], cache[PATH_LEN + 128], prefix[256];
		run_counts sub = {0, 0, 0};
		size_t nfiles = 0, ran_before = ran;
		char **files;
		if (snprintf(dir, sizeof dir, "%s/proposals/%s", suite, name) >=
		            (int)sizeof dir ||
		    snprintf(cache, sizeof cache, "%s/proposals/%s",
		             cfg->cache, name) >= PATH_LEN ||
		    snprintf(prefix, sizeof prefix, "%s/", name) >=
		            (int)sizeof prefix) {
			fprintf(stderr, "spec-runner: path too long for %s\n",
			        name);
			return 2;
		}
		if (!(files = list_wast(dir, &nfiles))) {
			fprintf(stderr, "spec-runner: no .wast files in %s\n",
			        dir);
			return 2;
		}
		file_set set = {dir, cache, prefix, true, features_of(name)};
		run_set(cfg, skips, &set, files, nfiles, &sub, &ran);
		free_names(files, nfiles);
		if (ran > ran_before)
			print_counts(name, &sub);
		add_counts(&total, &sub);
	}
	if (ran == 0) {
		fprintf(stderr, "spec-runner: no test file matches\n");
		return 2;
	}
	print_counts("proposals", &total);
	return total.failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	config cfg = {.timeout = 300, .opt.check_text = true};
	skip_list skips = {NULL, 0};
	const char *suite;
	size_t nfiles = 0;
	char **files;
	int rc = 2;
	find_root(&cfg);
	if (!parse_args(argc, argv, &cfg))
		goto done;
	if (!cfg.cache)
		cfg.cache = cfg.default_cache;
	if (!cfg.skip_file)
		cfg.skip_file = cfg.default_skips;
	if (!load_skips(&cfg, &skips))
		goto done;
	if (!(files = find_suite(&cfg, &suite, &nfiles)))
		goto done;
	install_handlers();
	rc = cfg.nproposals ? run_proposals(&cfg, &skips, suite)
	                    : run_core(&cfg, &skips, suite, files, nfiles);
	free_names(files, nfiles);
done:
	free_skips(&skips);
	free(cfg.names);
	free(cfg.proposals);
	return rc;
}
