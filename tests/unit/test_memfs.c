/*
 * test_memfs.c - the in-memory filesystem (wasi/memfs.c, memfs_api.c)
 * and filesystem preopens (wexec_wasi.h): an embedder fills a memfs, a
 * guest reads and writes it, the embedder reads the results back; the
 * rights of a read-only mount; the embedder's functions and their
 * errors; copying a host tree in; and the one resolver (wasi/path.c)
 * giving the same outcome over a host directory and over its in-memory
 * copy for random paths through escaping, looping and chained symlinks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "wasi.h" /* wasi_path_resolve, for the resolver comparison */
#include "wexec_wasi.h"

#include "failalloc.h"

/* memguest.wat (wat2wasm): opens "in.txt" beneath fd 3 for reading
 * (exit 10 + errno if it cannot), reads up to 64 bytes, then creates
 * or truncates "out/result.txt" (exit 100 + errno if it cannot) and
 * writes "got:" and the bytes read. */
static const unsigned char memguest_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x22, 0x05, 0x60,
    0x09, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7e, 0x7e, 0x7f, 0x7f, 0x01, 0x7f,
    0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x01,
    0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, 0x02, 0xac, 0x01, 0x05,
    0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68,
    0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09,
    0x70, 0x61, 0x74, 0x68, 0x5f, 0x6f, 0x70, 0x65, 0x6e, 0x00, 0x00, 0x16,
    0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f,
    0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x07, 0x66,
    0x64, 0x5f, 0x72, 0x65, 0x61, 0x64, 0x00, 0x01, 0x16, 0x77, 0x61, 0x73,
    0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70,
    0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x08, 0x66, 0x64, 0x5f, 0x77,
    0x72, 0x69, 0x74, 0x65, 0x00, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f,
    0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65,
    0x76, 0x69, 0x65, 0x77, 0x31, 0x08, 0x66, 0x64, 0x5f, 0x63, 0x6c, 0x6f,
    0x73, 0x65, 0x00, 0x02, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e,
    0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69,
    0x65, 0x77, 0x31, 0x09, 0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65, 0x78, 0x69,
    0x74, 0x00, 0x03, 0x03, 0x02, 0x01, 0x04, 0x05, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
    0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x05, 0x0a, 0xaf, 0x01,
    0x01, 0xac, 0x01, 0x01, 0x02, 0x7f, 0x41, 0x03, 0x41, 0x00, 0x41, 0xe4,
    0x00, 0x41, 0x06, 0x41, 0x00, 0x42, 0x02, 0x42, 0x00, 0x41, 0x00, 0x41,
    0xc8, 0x01, 0x10, 0x00, 0x21, 0x01, 0x20, 0x01, 0x04, 0x40, 0x41, 0x0a,
    0x20, 0x01, 0x6a, 0x10, 0x04, 0x0b, 0x41, 0xc8, 0x01, 0x28, 0x02, 0x00,
    0x21, 0x00, 0x41, 0xac, 0x02, 0x41, 0xe8, 0x07, 0x36, 0x02, 0x00, 0x41,
    0xb0, 0x02, 0x41, 0xc0, 0x00, 0x36, 0x02, 0x00, 0x20, 0x00, 0x41, 0xac,
    0x02, 0x41, 0x01, 0x41, 0xb4, 0x02, 0x10, 0x01, 0x1a, 0x20, 0x00, 0x10,
    0x03, 0x1a, 0x41, 0x03, 0x41, 0x00, 0x41, 0xf8, 0x00, 0x41, 0x0e, 0x41,
    0x09, 0x42, 0xc0, 0x00, 0x42, 0x00, 0x41, 0x00, 0x41, 0xc8, 0x01, 0x10,
    0x00, 0x21, 0x01, 0x20, 0x01, 0x04, 0x40, 0x41, 0xe4, 0x00, 0x20, 0x01,
    0x6a, 0x10, 0x04, 0x0b, 0x41, 0xc8, 0x01, 0x28, 0x02, 0x00, 0x21, 0x00,
    0x41, 0xac, 0x02, 0x41, 0xe4, 0x07, 0x36, 0x02, 0x00, 0x41, 0xb0, 0x02,
    0x41, 0x04, 0x41, 0xb4, 0x02, 0x28, 0x02, 0x00, 0x6a, 0x36, 0x02, 0x00,
    0x20, 0x00, 0x41, 0xac, 0x02, 0x41, 0x01, 0x41, 0xb4, 0x02, 0x10, 0x02,
    0x1a, 0x20, 0x00, 0x10, 0x03, 0x1a, 0x0b, 0x0b, 0x2b, 0x03, 0x00, 0x41,
    0xe4, 0x00, 0x0b, 0x06, 0x69, 0x6e, 0x2e, 0x74, 0x78, 0x74, 0x00, 0x41,
    0xf8, 0x00, 0x0b, 0x0e, 0x6f, 0x75, 0x74, 0x2f, 0x72, 0x65, 0x73, 0x75,
    0x6c, 0x74, 0x2e, 0x74, 0x78, 0x74, 0x00, 0x41, 0xe4, 0x07, 0x0b, 0x04,
    0x67, 0x6f, 0x74, 0x3a
};
static const unsigned int memguest_wasm_len = 472;

/* Runs memguest on `fs` mounted at "/" (read-only when asked). */
static int run_guest(wexec_memfs *fs, bool read_only)
{
	wexec_wasi_preopen pre = {NULL, "/", read_only, wexec_memfs_ops(), fs};
	wexec_wasi_config cfg;
	wexec_wasi_config_init(&cfg);
	cfg.preopens = &pre;
	cfg.npreopens = 1;
	cfg.stdout_mode = WEXEC_WASI_STDIO_BUFFER;
	wexec_wasi_result res;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_status st = wexec_wasi_run(memguest_wasm, memguest_wasm_len,
	                                 &cfg, NULL, &res, &err);
	CHECK(st == WEXEC_OK);
	int code = st == WEXEC_OK ? res.exit_code : -1;
	wexec_wasi_result_free(&res);
	return code;
}

static bool file_is(const wexec_memfs *fs, const char *path, const char *want)
{
	const uint8_t *data;
	size_t len;
	if (wexec_memfs_read(fs, path, &data, &len, NULL) != WEXEC_OK)
		return false;
	return len == strlen(want) && memcmp(data, want, len) == 0;
}

typedef struct listing {
	char names[8][32];
	uint8_t types[8];
	int n;
} listing;

static bool note(void *user, const char *name, uint8_t type)
{
	listing *l = user;
	if (l->n == 8)
		return false;
	snprintf(l->names[l->n], sizeof l->names[0], "%s", name);
	l->types[l->n++] = type;
	return true;
}

static void test_guest_reads_and_writes(void)
{
	wexec_memfs *fs;
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_write(fs, "in.txt", "hello", 5, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_mkdir(fs, "out", NULL) == WEXEC_OK);
	CHECK(wexec_memfs_write(fs, "out/result.txt", "old contents, longer",
	                        20, NULL) == WEXEC_OK);
	CHECK(run_guest(fs, false) == 0);
	CHECK(file_is(fs, "out/result.txt", "got:hello"));
	CHECK(file_is(fs, "in.txt", "hello"));
	listing l;
	memset(&l, 0, sizeof l);
	CHECK(wexec_memfs_list(fs, "/", note, &l, NULL) == WEXEC_OK);
	CHECK(l.n == 2 && !strcmp(l.names[0], "in.txt") &&
	      !strcmp(l.names[1], "out") &&
	      l.types[1] == WEXEC_WASI_FILETYPE_DIRECTORY);
	/* The same memfs again: what the last run left is there. */
	CHECK(wexec_memfs_write(fs, "in.txt", "again", 5, NULL) == WEXEC_OK);
	CHECK(run_guest(fs, false) == 0);
	CHECK(file_is(fs, "out/result.txt", "got:again"));
	wexec_memfs_free(fs);
}

static void test_guest_errors(void)
{
	wexec_memfs *fs;
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(run_guest(fs, false) == 10 + WASI_ENOENT);
	CHECK(wexec_memfs_write(fs, "in.txt", "x", 1, NULL) == WEXEC_OK);
	CHECK(run_guest(fs, false) == 100 + WASI_ENOENT); /* no out/ */
	CHECK(wexec_memfs_write(fs, "out", "", 0, NULL) == WEXEC_OK);
	CHECK(run_guest(fs, false) == 100 + WASI_ENOTDIR);
	/* Read-only: no write right to ask for, the memfs untouched. */
	wexec_wasi_filestat st;
	CHECK(wexec_memfs_stat(fs, "out", &st, NULL) == WEXEC_OK);
	CHECK(st.filetype == WEXEC_WASI_FILETYPE_REGULAR_FILE && st.size == 0);
	CHECK(wexec_memfs_read(fs, "out", &(const uint8_t *){NULL},
	                       &(size_t){0}, NULL) == WEXEC_OK);
	wexec_memfs_free(fs);
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_write(fs, "in.txt", "x", 1, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_mkdir(fs, "out", NULL) == WEXEC_OK);
	CHECK(run_guest(fs, true) == 100 + WASI_ENOTCAPABLE);
	listing l;
	memset(&l, 0, sizeof l);
	CHECK(wexec_memfs_list(fs, "out", note, &l, NULL) == WEXEC_OK);
	CHECK(l.n == 0);
	wexec_memfs_free(fs);
}

static void test_embedder_functions(void)
{
	wexec_memfs *fs;
	wexec_error err = WEXEC_ERROR_INIT;
	const uint8_t *data;
	size_t len;
	wexec_wasi_filestat st;
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_mkdir(fs, "/a/b/c", NULL) == WEXEC_OK);
	CHECK(wexec_memfs_mkdir(fs, "a/b", NULL) == WEXEC_OK); /* exists */
	CHECK(wexec_memfs_write(fs, "a/./b//f", "12345", 5, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_stat(fs, "a/b/f", &st, NULL) == WEXEC_OK);
	CHECK(st.size == 5 && st.nlink == 1);
	CHECK(wexec_memfs_stat(fs, "", &st, NULL) == WEXEC_OK);
	CHECK(st.filetype == WEXEC_WASI_FILETYPE_DIRECTORY && st.ino == 1);
	CHECK(wexec_memfs_symlink(fs, "../x", "a/l", NULL) == WEXEC_OK);
	CHECK(wexec_memfs_stat(fs, "a/l", &st, NULL) == WEXEC_OK);
	CHECK(st.filetype == WEXEC_WASI_FILETYPE_SYMBOLIC_LINK && st.size == 4);
	CHECK(wexec_memfs_write(fs, "missing/f", "x", 1, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(strstr(err.message, "missing/f") != NULL);
	CHECK(wexec_memfs_write(fs, "a/b/f/g", "x", 1, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_write(fs, "a/b", "x", 1, NULL) == WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_write(fs, "", "x", 1, NULL) == WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_write(fs, "a/../f", "x", 1, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_mkdir(fs, "a/b/f", NULL) == WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_read(fs, "a/b", &data, &len, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_read(fs, "nope", &data, &len, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_list(fs, "a/b/f", note, NULL, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(wexec_memfs_write(NULL, "f", "x", 1, NULL) == WEXEC_ERR_ARGUMENT);
	/* Replacing a file keeps one name, with the new bytes. */
	CHECK(wexec_memfs_write(fs, "a/b/f", "z", 1, NULL) == WEXEC_OK);
	CHECK(file_is(fs, "a/b/f", "z"));
	listing l;
	memset(&l, 0, sizeof l);
	CHECK(wexec_memfs_list(fs, "a/b", note, &l, NULL) == WEXEC_OK);
	CHECK(l.n == 2 && !strcmp(l.names[0], "c") && !strcmp(l.names[1], "f"));
	wexec_memfs_free(fs);
	wexec_memfs_free(NULL);
	CHECK(wexec_memfs_new(NULL, NULL) == WEXEC_ERR_ARGUMENT);
}

/* Calls path function `name` of context w with i32 arguments; guest
 * memory is mem (256 bytes). */
static int path_call(wexec_wasi *w, uint8_t *mem, const char *name, int n,
                     const int32_t *a)
{
	wasi_call c;
	memset(&c, 0, sizeof c);
	c.wasi = w;
	c.mem = mem;
	c.mem_size = 256;
	wexec_val args[8];
	for (int i = 0; i < n; i++)
		args[i] = wexec_val_i32(a[i]);
	for (const wasi_func *f = wasi_funcs_path; f->name; f++)
		if (!strcmp(f->name, name))
			return f->impl(&c, args);
	return -1;
}

/* A preopen must name a host directory or a filesystem with the
 * required callbacks; optional ones left NULL answer ENOTSUP, and a
 * filesystem without readlink has no symlinks. */
/* A fixed time for reproducible runs: the root at once, then every new
 * or written node; 0 gives the host's clock back. */
static void test_fixed_time(void)
{
	wexec_memfs *fs;
	wexec_wasi_filestat st;
	const uint64_t t = 946684800000000000u;
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	wexec_memfs_set_time(fs, t);
	CHECK(wexec_memfs_stat(fs, "", &st, NULL) == WEXEC_OK &&
	      st.atim == t && st.mtim == t && st.ctim == t);
	CHECK(wexec_memfs_write(fs, "f", "x", 1, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_stat(fs, "f", &st, NULL) == WEXEC_OK &&
	      st.atim == t && st.mtim == t && st.ctim == t);
	wexec_memfs_set_time(fs, 0);
	CHECK(wexec_memfs_write(fs, "g", "x", 1, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_stat(fs, "g", &st, NULL) == WEXEC_OK &&
	      st.mtim > t + 365ull * 86400 * 1000000000u);
	wexec_memfs_free(fs);
}

static void test_preopen_config(void)
{
	wexec_memfs *fs;
	wexec_wasi *w = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	static uint8_t mem[256];
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_write(fs, "f", "x", 1, NULL) == WEXEC_OK);
	wexec_wasi_fs ops = *wexec_memfs_ops();
	ops.stat = NULL;
	wexec_wasi_preopen pre = {NULL, "/", false, &ops, fs};
	wexec_wasi_config cfg;
	wexec_wasi_config_init(&cfg);
	cfg.preopens = &pre;
	cfg.npreopens = 1;
	CHECK(wexec_wasi_new(&cfg, &w, &err) == WEXEC_ERR_ARGUMENT && !w);
	CHECK(strstr(err.message, "stat") != NULL);
	pre.fs = NULL;
	CHECK(wexec_wasi_new(&cfg, &w, NULL) == WEXEC_ERR_ARGUMENT && !w);
	/* A table of an older, smaller size: the rest reads as NULL. */
	ops = *wexec_memfs_ops();
	ops.size = offsetof(wexec_wasi_fs, mkdir);
	pre.fs = &ops;
	CHECK(wexec_wasi_new(&cfg, &w, NULL) == WEXEC_OK && w);
	memcpy(mem + 16, "d", 1);
	CHECK(path_call(w, mem, "path_create_directory", 3,
	                (int32_t[]){3, 16, 1}) == WASI_ENOTSUP);
	wexec_wasi_free(w);
	/* No readlink, no symlink: names are never links. */
	ops = *wexec_memfs_ops();
	ops.readlink = NULL;
	ops.symlink = NULL;
	CHECK(wexec_wasi_new(&cfg, &w, NULL) == WEXEC_OK && w);
	memcpy(mem + 16, "f", 1);
	memcpy(mem + 32, "missing", 7);
	CHECK(path_call(w, mem, "path_readlink", 6,
	                (int32_t[]){3, 16, 1, 64, 64, 200}) == WASI_EINVAL);
	CHECK(path_call(w, mem, "path_readlink", 6,
	                (int32_t[]){3, 32, 7, 64, 64, 200}) == WASI_ENOENT);
	CHECK(path_call(w, mem, "path_symlink", 5,
	                (int32_t[]){16, 1, 3, 32, 7}) == WASI_ENOTSUP);
	CHECK(path_call(w, mem, "path_filestat_get", 5,
	                (int32_t[]){3, 1, 16, 1, 100}) == 0); /* followed */
	CHECK(mem[100 + offsetof(wasi_filestat, filetype)] ==
	      WASI_FILETYPE_REGULAR_FILE);
	wexec_wasi_free(w);
	wexec_memfs_free(fs);
}

/* A host tree with files, a directory, symlinks and a FIFO (left out). */
static void make_host_tree(const char *top)
{
	char p[600];
	snprintf(p, sizeof p, "%s/d/e", top);
	CHECK(mkdir(top, 0755) == 0 || errno == EEXIST);
	snprintf(p, sizeof p, "%s/d", top);
	CHECK(mkdir(p, 0755) == 0);
	snprintf(p, sizeof p, "%s/d/e", top);
	CHECK(mkdir(p, 0755) == 0);
	snprintf(p, sizeof p, "%s/d/f.txt", top);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (f) {
		for (int i = 0; i < 20000; i++)
			fputs("0123456789", f); /* more than one read */
		fclose(f);
	}
	snprintf(p, sizeof p, "%s/link", top);
	CHECK(symlink("d/f.txt", p) == 0);
	snprintf(p, sizeof p, "%s/d/out", top);
	CHECK(symlink("../../..", p) == 0);
	snprintf(p, sizeof p, "%s/fifo", top);
	CHECK(mkfifo(p, 0644) == 0);
}

static void test_copy_host(void)
{
	char top[] = "/tmp/wexec-memfs.XXXXXX";
	CHECK(mkdtemp(top) != NULL);
	make_host_tree(top);
	wexec_memfs *fs;
	wexec_error err = WEXEC_ERROR_INIT;
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_mkdir(fs, "copy", NULL) == WEXEC_OK);
	CHECK(wexec_memfs_copy_host(fs, "copy", top, NULL) == WEXEC_OK);
	wexec_wasi_filestat st;
	CHECK(wexec_memfs_stat(fs, "copy/d/f.txt", &st, NULL) == WEXEC_OK);
	CHECK(st.size == 200000);
	CHECK(wexec_memfs_stat(fs, "copy/d/e", &st, NULL) == WEXEC_OK);
	CHECK(st.filetype == WEXEC_WASI_FILETYPE_DIRECTORY);
	CHECK(wexec_memfs_stat(fs, "copy/link", &st, NULL) == WEXEC_OK);
	CHECK(st.filetype == WEXEC_WASI_FILETYPE_SYMBOLIC_LINK && st.size == 7);
	CHECK(wexec_memfs_stat(fs, "copy/fifo", &st, NULL) ==
	      WEXEC_ERR_ARGUMENT);
	/* Into a directory already holding a name: refused. */
	CHECK(wexec_memfs_copy_host(fs, "copy", top, &err) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_error err2 = WEXEC_ERROR_INIT; /* the first error wins */
	CHECK(wexec_memfs_copy_host(fs, "", "/nonexistent/wexec", &err2) ==
	      WEXEC_ERR_IO);
	CHECK(strstr(err2.message, "/nonexistent/wexec") != NULL);
	wexec_memfs_free(fs);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	CHECK(system(cmd) == 0);
}

/* The resolver over a host tree and over its in-memory copy: the same
 * errno and the same kind of file for every path. */
static int outcome(const wasi_mount *m, uint64_t root, const char *path,
                   bool follow, uint8_t *type)
{
	wasi_path p;
	wasi_errno e = wasi_path_resolve(
	    m, root, path, follow ? WASI_FINAL_FOLLOW : WASI_FINAL_NOFOLLOW, &p);
	*type = 0;
	if (!e) {
		wexec_wasi_filestat st;
		int r = m->ops.stat(m->fs, p.dir, p.name, &st);
		e = wasi_fs_errno(r);
		if (!e && p.must_dir &&
		    st.filetype != WEXEC_WASI_FILETYPE_DIRECTORY)
			e = WASI_ENOTDIR;
		if (!e)
			*type = st.filetype;
	}
	wasi_path_done(&p);
	return e;
}

static void make_link_tree(const char *top)
{
	static const char *const dirs[] = {"a", "a/b", "c"};
	static const char *const files[] = {"f", "a/g", "a/b/h"};
	static const char *const links[][2] = {
	    {"l1", "a/b"},      {"l2", "../out"},    {"a/l3", ".."},
	    {"a/l4", "../.."},  {"a/b/l5", "../../f"}, {"c/l6", "/etc"},
	    {"c/l7", "l7"},     {"c/l8", "none"},    {"l9", "a/l3/a/l3"},
	    {"c/l10", "../a/b/l5"}, {"c/l12", "../l1/"},
	};
	char p[600];
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		snprintf(p, sizeof p, "%s/%s", top, dirs[i]);
		CHECK(mkdir(p, 0755) == 0);
	}
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", top, files[i]);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(p, sizeof p, "%s/%s", top, links[i][0]);
		CHECK(symlink(links[i][1], p) == 0);
	}
}

static void test_resolver_same_on_both(void)
{
	static const char *const parts[] = {
	    "a",  "b",  "c",  "f",  "g",  "h",   "l1",  "l2", "l3", "l4",
	    "l5", "l6", "l7", "l8", "l9", "l10", "l12", "..", ".",  "",
	};
	const size_t nparts = sizeof parts / sizeof *parts;
	char top[] = "/tmp/wexec-memfs-walk.XXXXXX";
	CHECK(mkdtemp(top) != NULL);
	make_link_tree(top);
	wexec_memfs *fs;
	CHECK(wexec_memfs_new(&fs, NULL) == WEXEC_OK);
	CHECK(wexec_memfs_copy_host(fs, "", top, NULL) == WEXEC_OK);
	wasi_mount mem;
	memset(&mem, 0, sizeof mem);
	mem.ops = *wexec_memfs_ops();
	mem.fs = fs;
	uint64_t mroot;
	CHECK(mem.ops.root(fs, &mroot) == 0);
	int hroot = open(top, O_RDONLY | O_DIRECTORY);
	CHECK(hroot >= 0);
	uint64_t x = 0x9E3779B97F4A7C15u;
	int mismatches = 0, escapes = 0, found = 0;
	for (int i = 0; i < 20000 && hroot >= 0; i++) {
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
		bool follow = (x & 0x200000) != 0;
		uint8_t ta, tb;
		int ra = outcome(&wasi_host_mount, (uint64_t)hroot, path,
		                 follow, &ta);
		int rb = outcome(&mem, mroot, path, follow, &tb);
		escapes += ra == WASI_ENOTCAPABLE;
		found += ra == 0;
		if ((ra != rb || ta != tb) && mismatches++ < 10)
			fprintf(stderr,
			        "walk mismatch: '%s' (%s): host %d/%d, "
			        "memory %d/%d\n",
			        path, follow ? "follow" : "nofollow", ra, ta,
			        rb, tb);
	}
	CHECK(mismatches == 0);
	CHECK(escapes > 100 && found > 100);
	mem.ops.close(fs, mroot);
	if (hroot >= 0)
		close(hroot);
	wexec_memfs_free(fs);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	CHECK(system(cmd) == 0);
}

/* Filling a memfs, copying a host tree in and running a guest on it,
 * with each allocation failed in turn: every failure is an error status
 * or a failed guest call, and leaves no block behind. */
#ifndef NO_MALLOC_HOOK
static wexec_status fill_and_run(const char *host, int *code)
{
	wexec_memfs *fs = NULL;
	wexec_status st = wexec_memfs_new(&fs, NULL);
	if (!st)
		st = wexec_memfs_mkdir(fs, "out/x", NULL);
	if (!st)
		st = wexec_memfs_write(fs, "in.txt", "hello", 5, NULL);
	if (!st)
		st = wexec_memfs_symlink(fs, "in.txt", "ln", NULL);
	if (!st)
		st = wexec_memfs_copy_host(fs, "out/x", host, NULL);
	*code = -1;
	if (!st) {
		wexec_wasi_preopen pre = {NULL, "/", false, wexec_memfs_ops(),
		                          fs};
		wexec_wasi_config cfg;
		wexec_wasi_config_init(&cfg);
		cfg.preopens = &pre;
		cfg.npreopens = 1;
		wexec_wasi_result res;
		st = wexec_wasi_run(memguest_wasm, memguest_wasm_len, &cfg,
		                    NULL, &res, NULL);
		if (!st)
			*code = res.exit_code;
		wexec_wasi_result_free(&res);
	}
	if (!st && *code == 0 && !file_is(fs, "out/result.txt", "got:hello"))
		st = WEXEC_ERR_IO;
	wexec_memfs_free(fs);
	return st;
}

static void test_out_of_memory(void)
{
	char top[] = "/tmp/wexec-memfs-oom.XXXXXX";
	CHECK(mkdtemp(top) != NULL);
	char p[600];
	snprintf(p, sizeof p, "%s/sub", top);
	CHECK(mkdir(p, 0755) == 0);
	snprintf(p, sizeof p, "%s/sub/f", top);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	snprintf(p, sizeof p, "%s/l", top);
	CHECK(symlink("sub/f", p) == 0);
	int leaks = 0, n, code;
	for (n = 0; n < 5000; n++) {
		long live = alloc_live;
		alloc_countdown = n;
		wexec_status st = fill_and_run(top, &code);
		bool failed = alloc_countdown < 0;
		alloc_countdown = -1;
		leaks += alloc_live != live;
		if (!failed) {
			CHECK(st == WEXEC_OK && code == 0);
			break;
		}
	}
	CHECK(n > 20 && n < 5000);
	CHECK(leaks == 0);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	CHECK(system(cmd) == 0);
}
#else
static void test_out_of_memory(void)
{
	SKIP(__func__, "no malloc hook (AddressSanitizer or not glibc)");
}
#endif

int main(void)
{
	RUN(test_guest_reads_and_writes);
	RUN(test_guest_errors);
	RUN(test_embedder_functions);
	RUN(test_fixed_time);
	RUN(test_preopen_config);
	RUN(test_copy_host);
	RUN(test_resolver_same_on_both);
	RUN(test_out_of_memory);
	return unit_report();
}
