/*
 * test_embed.c - the embedding conveniences of wexec.h, through the public
 * API only: loading a module from a file, user data on stores and
 * instances, freeing one instance, names given with lengths to the linker,
 * and iterating an instance's exports (spec: appendix/embedding.rst).
 * Modules are byte arrays made with wat2wasm from the text above each.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "wexec.h"

/*
 * (module
 *   (import "host" "cb" (func $cb (param i32) (result i32)))
 *   (memory (export "mem") 1 2)
 *   (global (export "g") (mut i64) (i64.const 7))
 *   (table (export "tab") 1 funcref)
 *   (func $add (export "add") (param i32 i32) (result i32)
 *     local.get 0 local.get 1 i32.add)
 *   (func (export "call_cb") (param i32) (result i32)
 *     local.get 0 call $cb)
 *   (elem (i32.const 0) func $add))
 */
static const uint8_t embed_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x0b,
    0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x02, 0x63, 0x62, 0x00, 0x00, 0x03,
    0x03, 0x02, 0x01, 0x00, 0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x05, 0x04,
    0x01, 0x01, 0x01, 0x02, 0x06, 0x06, 0x01, 0x7e, 0x01, 0x42, 0x07, 0x0b,
    0x07, 0x21, 0x05, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01, 0x67, 0x03,
    0x00, 0x03, 0x74, 0x61, 0x62, 0x01, 0x00, 0x03, 0x61, 0x64, 0x64, 0x00,
    0x01, 0x07, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x63, 0x62, 0x00, 0x02, 0x09,
    0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x01, 0x0a, 0x10, 0x02, 0x07,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10,
    0x00, 0x0b
};

/* A file of this test's own under $TMPDIR (or /tmp) holding `len` bytes;
 * the caller unlinks it. */
static const char *temp_file(const void *bytes, size_t len)
{
	static char path[512];
	const char *dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/wexec-test-XXXXXX",
	         dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	if (len && write(fd, bytes, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* ---------------------------------------------------------------- files */

static void test_module_new_file(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	const char *path = temp_file(embed_wasm, sizeof embed_wasm);
	CHECK(path != NULL);
	if (!path)
		return;
	CHECK(wexec_module_new_file(path, &m, &err) == WEXEC_OK);
	CHECK(m != NULL);
	CHECK(wexec_module_export_count(m) == 5);
	CHECK(wexec_module_import_count(m) == 1);
	wexec_module_free(m);
	unlink(path);

	/* The module keeps its own copy: the file may go at once. */
	m = NULL;
	path = temp_file("\0asm\1\0\0\0", 8);
	CHECK(path && wexec_module_new_file(path, &m, &err) == WEXEC_OK);
	if (path)
		unlink(path);
	CHECK(m && wexec_module_export_count(m) == 0);
	wexec_module_free(m);
}

static void test_module_new_file_errors(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	CHECK(wexec_module_new_file("/nonexistent/dir/x.wasm", &m, &err) ==
	      WEXEC_ERR_IO);
	CHECK(err.status == WEXEC_ERR_IO);
	CHECK_STR(err.message, "cannot open '/nonexistent/dir/x.wasm': "
	                       "No such file or directory");
	CHECK(m == NULL);

	wexec_error_clear(&err);
	CHECK(wexec_module_new_file("/", &m, &err) == WEXEC_ERR_IO);
	CHECK_STR(err.message, "cannot read '/': Is a directory");

	const char *path = temp_file(NULL, 0);
	CHECK(path != NULL);
	if (path) {
		wexec_error_clear(&err);
		CHECK(wexec_module_new_file(path, &m, &err) ==
		      WEXEC_ERR_MALFORMED);
		CHECK_STR(err.message, "empty file, not a WebAssembly module");
		unlink(path);
	}

	/* Decoding errors are wexec_module_new's, path left out. */
	path = temp_file("\0asX\1\0\0\0", 8);
	CHECK(path != NULL);
	if (path) {
		wexec_error_clear(&err);
		CHECK(wexec_module_new_file(path, &m, &err) ==
		      WEXEC_ERR_MALFORMED);
		CHECK(strstr(err.message, "magic header not detected") ==
		      err.message);
		unlink(path);
	}

	wexec_error_clear(&err);
	CHECK(wexec_module_new_file(NULL, &m, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_module_new_file: path is NULL");
	wexec_error_clear(&err);
	CHECK(wexec_module_new_file("/", NULL, &err) == WEXEC_ERR_ARGUMENT);
	CHECK(m == NULL);
}

/* A pipe cannot be mapped: the bytes are read instead. */
static void test_module_new_file_pipe(void)
{
	int p[2];
	char path[64];
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	if (access("/dev/fd/0", F_OK) != 0) {
		SKIP("module_new_file_pipe", "no /dev/fd");
		return;
	}
	CHECK(pipe(p) == 0);
	/* Smaller than any pipe buffer: the write does not block. */
	CHECK(write(p[1], embed_wasm, sizeof embed_wasm) ==
	      (ssize_t)sizeof embed_wasm);
	close(p[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
	CHECK(wexec_module_new_file(path, &m, &err) == WEXEC_OK);
	CHECK(m && wexec_module_export_count(m) == 5);
	wexec_module_free(m);
	close(p[0]);
}

/* ---------------------------------------------------------------- user data */

typedef struct embedder {
	int calls;
	int last_arg;
} embedder;

/* host::cb: counts into the store's embedder state and answers with the
 * caller instance's own number. */
static wexec_status host_cb(wexec_instance *caller, void *user,
                            const wexec_val *args, wexec_val *results,
                            wexec_error *err)
{
	(void)user;
	embedder *e = wexec_store_data(wexec_instance_store(caller));
	const int *tag = wexec_instance_data(caller);
	if (!e || !tag)
		return wexec_error_set(err, WEXEC_ERR_TRAP, "no user data");
	e->calls++;
	e->last_arg = args[0].of.i32;
	results[0] = wexec_val_i32(*tag + args[0].of.i32);
	return WEXEC_OK;
}

static const wexec_valtype i32_1[] = {WEXEC_I32};
static const wexec_functype cb_type = {i32_1, 1, i32_1, 1};

static wexec_module *load_embed(void)
{
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	if (wexec_module_new(embed_wasm, sizeof embed_wasm, &m, &err))
		fprintf(stderr, "load: %s\n", err.message);
	return m;
}

static void test_user_data(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = load_embed();
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *a = NULL, *b = NULL;
	embedder state = {0, 0};
	int tag_a = 100, tag_b = 200;
	CHECK(wexec_store_data(store) == NULL);
	wexec_store_set_data(store, &state);
	CHECK(wexec_store_data(store) == &state);
	CHECK(wexec_linker_define_func(linker, "host", "cb", &cb_type, host_cb,
	                               NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &a, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &b, &err) == WEXEC_OK);
	CHECK(wexec_instance_store(a) == store);
	CHECK(wexec_instance_data(a) == NULL);
	wexec_instance_set_data(a, &tag_a);
	wexec_instance_set_data(b, &tag_b);
	CHECK(wexec_instance_data(a) == &tag_a);
	CHECK(wexec_instance_data(b) == &tag_b);

	/* Each caller reaches its own data and the store's. */
	wexec_val arg = wexec_val_i32(5), res;
	CHECK(wexec_func_call(wexec_instance_func(a, "call_cb"), &arg, 1, &res,
	                      1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 105);
	arg = wexec_val_i32(7);
	CHECK(wexec_func_call(wexec_instance_func(b, "call_cb"), &arg, 1, &res,
	                      1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 207);
	CHECK(state.calls == 2 && state.last_arg == 7);

	/* Called directly there is no caller, so no data. */
	wexec_extern cb;
	CHECK(wexec_linker_get(linker, "host", 4, "cb", 2, &cb));
	CHECK(wexec_func_call(cb.of.func, &arg, 1, &res, 1, &err) ==
	      WEXEC_ERR_TRAP);
	CHECK(strstr(err.message, "no user data") != NULL);

	/* NULL handles: getters give NULL, setters do nothing. */
	wexec_store_set_data(NULL, &state);
	wexec_instance_set_data(NULL, &state);
	CHECK(wexec_store_data(NULL) == NULL);
	CHECK(wexec_instance_data(NULL) == NULL);
	CHECK(wexec_instance_store(NULL) == NULL);

	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* ---------------------------------------------------------------- names
 * with lengths */

/* Defining every function import straight from its description. */
static void test_define_from_import_desc(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = load_embed();
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	embedder state = {0, 0};
	int tag = 1000;
	wexec_store_set_data(store, &state);
	for (size_t i = 0; i < wexec_module_import_count(m); i++) {
		wexec_import_desc d;
		CHECK(wexec_module_import(m, i, &d));
		CHECK(d.type.kind == WEXEC_EXTERN_FUNC);
		CHECK(wexec_linker_define_func_n(linker, d.module, d.module_len,
		                                 d.name, d.name_len,
		                                 &d.type.func, host_cb, NULL,
		                                 &err) == WEXEC_OK);
	}
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_instance_set_data(inst, &tag);
	wexec_val arg = wexec_val_i32(1), res;
	CHECK(wexec_func_call(wexec_instance_func(inst, "call_cb"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == 1001 && state.calls == 1);

	/* Only the given bytes count: "host" of "hostile", a name with a
	 * NUL inside, and NULL for an empty name. */
	wexec_extern ext = {.kind = WEXEC_EXTERN_MEMORY}, got;
	ext.of.memory = wexec_instance_memory(inst, "mem");
	CHECK(wexec_linker_define_n(linker, "hostile", 4, "a\0b", 3, &ext,
	                            &err) == WEXEC_OK);
	CHECK(wexec_linker_get(linker, "host", 4, "a\0b", 3, &got));
	CHECK(got.kind == WEXEC_EXTERN_MEMORY && got.of.memory == ext.of.memory);
	CHECK(!wexec_linker_get(linker, "host", 4, "a", 1, &got));
	CHECK(!wexec_linker_get(linker, "hostile", 7, "a\0b", 3, &got));
	CHECK(wexec_linker_define_n(linker, NULL, 0, NULL, 0, &ext, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_get(linker, "", 0, "", 0, &got));

	/* An instance registered under a name with lengths. */
	CHECK(wexec_linker_define_instance_n(linker, "in\0st", 5, inst, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_get(linker, "in\0st", 5, "add", 3, &got));
	CHECK(got.kind == WEXEC_EXTERN_FUNC &&
	      got.of.func == wexec_instance_func(inst, "add"));
	CHECK(!wexec_linker_get(linker, "in", 2, "add", 3, &got));
	CHECK(err.status == WEXEC_OK);

	/* A NULL name with a length, and NULL handles, are refused. */
	CHECK(wexec_linker_define_n(linker, NULL, 1, "x", 1, &ext, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_linker_define_n: module is NULL");
	wexec_error_clear(&err);
	CHECK(wexec_linker_define_func_n(linker, "m", 1, NULL, 2, &cb_type,
	                                 host_cb, NULL, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_linker_define_func_n: name is NULL");
	wexec_error_clear(&err);
	CHECK(wexec_linker_define_instance_n(NULL, "m", 1, inst, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_linker_define_instance_n: linker is NULL");
	wexec_error_clear(&err);
	CHECK(wexec_linker_define_n(linker, "m", 1, "x", 1, NULL, &err) ==
	      WEXEC_ERR_ARGUMENT);

	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* ---------------------------------------------------------------- exports */

static void test_instance_exports(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = load_embed();
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	CHECK(wexec_linker_define_func(linker, "host", "cb", &cb_type, host_cb,
	                               NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	CHECK(wexec_instance_export_count(inst) == 5);
	static const char *const names[] = {"mem", "g", "tab", "add",
	                                    "call_cb"};
	static const wexec_externkind kinds[] = {
	    WEXEC_EXTERN_MEMORY, WEXEC_EXTERN_GLOBAL, WEXEC_EXTERN_TABLE,
	    WEXEC_EXTERN_FUNC, WEXEC_EXTERN_FUNC};
	for (size_t i = 0; i < 5; i++) {
		wexec_export_desc d;
		wexec_extern ext, want;
		CHECK(wexec_instance_export_at(inst, i, &d, &ext));
		CHECK(d.name_len == strlen(names[i]) &&
		      memcmp(d.name, names[i], d.name_len) == 0);
		CHECK(d.type.kind == kinds[i] && ext.kind == kinds[i]);
		CHECK(wexec_instance_export(inst, d.name, d.name_len, &want));
		CHECK(want.kind == ext.kind && want.of.func == ext.of.func);
	}

	wexec_export_desc d;
	CHECK(wexec_instance_export_at(inst, 3, &d, NULL));
	CHECK(d.type.func.nparams == 2 && d.type.func.nresults == 1);
	CHECK(d.type.func.params[0] == WEXEC_I32 &&
	      d.type.func.params[1] == WEXEC_I32 &&
	      d.type.func.results[0] == WEXEC_I32);
	CHECK(wexec_instance_export_at(inst, 1, &d, NULL));
	CHECK(d.type.global.type == WEXEC_I64 && d.type.global.mutable_);
	CHECK(wexec_instance_export_at(inst, 2, &d, NULL));
	CHECK(d.type.table.elem == WEXEC_FUNCREF &&
	      d.type.table.limits.min == 1 && !d.type.table.limits.has_max);

	/* Memories and tables are described as they are now. */
	CHECK(wexec_instance_export_at(inst, 0, &d, NULL));
	CHECK(d.type.memory.min == 1 && d.type.memory.has_max &&
	      d.type.memory.max == 2);
	CHECK(wexec_memory_grow(wexec_instance_memory(inst, "mem"), 1, NULL,
	                        &err) == WEXEC_OK);
	CHECK(wexec_table_grow(wexec_instance_table(inst, "tab"), 3, NULL, NULL,
	                       &err) == WEXEC_OK);
	CHECK(wexec_instance_export_at(inst, 0, &d, NULL));
	CHECK(d.type.memory.min == 2 && d.type.memory.max == 2);
	CHECK(wexec_instance_export_at(inst, 2, &d, NULL));
	CHECK(d.type.table.limits.min == 4);

	/* Out of range, or no instance: false, outputs zeroed. */
	wexec_extern ext = {.kind = WEXEC_EXTERN_GLOBAL};
	CHECK(!wexec_instance_export_at(inst, 5, &d, &ext));
	CHECK(d.name == NULL && d.name_len == 0 && ext.of.func == NULL);
	CHECK(!wexec_instance_export_at(NULL, 0, &d, &ext));
	CHECK(!wexec_instance_export_at(inst, 0, NULL, &ext));
	CHECK(wexec_instance_export_count(NULL) == 0);

	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* ---------------------------------------------------------------- freeing
 * one instance */

/*
 * (module
 *   (import "a" "add" (func $add (param i32 i32) (result i32)))
 *   (export "add" (func $add)))
 */
static const uint8_t user_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60,
    0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x09, 0x01, 0x01, 0x61, 0x03, 0x61,
    0x64, 0x64, 0x00, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00,
    0x00
};

static wexec_status host_cb_ok(wexec_instance *caller, void *user,
                               const wexec_val *args, wexec_val *results,
                               wexec_error *err)
{
	(void)caller, (void)user, (void)err;
	results[0] = args[0];
	return WEXEC_OK;
}

/* A store with embed.wasm's host::cb defined, and budget for one of its
 * instances at a time: one page of memory and one table element. */
typedef struct world {
	wexec_module *embed, *user;
	wexec_store *store;
	wexec_linker *linker;
} world;

static void world_open(world *w, uint64_t budget)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_config cfg;
	wexec_config_init(&cfg);
	cfg.max_store_bytes = budget;
	w->embed = load_embed();
	w->user = NULL;
	CHECK(wexec_module_new(user_wasm, sizeof user_wasm, &w->user, &err) ==
	      WEXEC_OK);
	w->store = wexec_store_new(&cfg);
	w->linker = wexec_linker_new(w->store);
	CHECK(wexec_linker_define_func(w->linker, "host", "cb", &cb_type,
	                               host_cb_ok, NULL, &err) == WEXEC_OK);
}

static void world_close(world *w)
{
	wexec_linker_free(w->linker);
	wexec_store_free(w->store);
	wexec_module_free(w->embed);
	wexec_module_free(w->user);
}

static void test_instance_free(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	world w;
	world_open(&w, 65536 + 8);
	wexec_instance *a = NULL, *b = NULL;
	int tag = 5;
	CHECK(wexec_linker_instantiate(w.linker, w.embed, &a, &err) ==
	      WEXEC_OK);
	wexec_instance_set_data(a, &tag);
	/* The budget holds one instance's memory and table only. */
	CHECK(wexec_linker_instantiate(w.linker, w.embed, &b, &err) ==
	      WEXEC_ERR_LIMIT);
	wexec_error_clear(&err);

	CHECK(wexec_instance_free(a, &err) == WEXEC_OK);
	CHECK(err.status == WEXEC_OK);
	CHECK(wexec_instance_export_count(a) == 0);
	CHECK(wexec_instance_func(a, "add") == NULL);
	CHECK(wexec_instance_memory(a, "mem") == NULL);
	CHECK(wexec_instance_module(a) == NULL);
	CHECK(wexec_instance_data(a) == &tag);
	CHECK(wexec_instance_store(a) == w.store);
	wexec_export_desc d;
	CHECK(!wexec_instance_export_at(a, 0, &d, NULL));
	CHECK(wexec_linker_define_instance(w.linker, "a", a, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "wexec_linker_define_instance_n: the instance was freed");
	wexec_error_clear(&err);
	CHECK(wexec_instance_free(a, &err) == WEXEC_OK); /* again */
	CHECK(wexec_instance_free(NULL, &err) == WEXEC_OK);

	/* Its budget is back, and its address is not reused. */
	CHECK(wexec_linker_instantiate(w.linker, w.embed, &b, &err) ==
	      WEXEC_OK);
	CHECK(b != NULL && b != a);
	wexec_val args[2] = {wexec_val_i32(2), wexec_val_i32(3)}, res;
	CHECK(wexec_func_call(wexec_instance_func(b, "add"), args, 2, &res, 1,
	                      &err) == WEXEC_OK);
	CHECK(res.of.i32 == 5);
	world_close(&w);
}

static void test_instance_free_refused_while_used(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	world w;
	world_open(&w, 0);
	wexec_instance *a = NULL, *c = NULL;
	CHECK(wexec_linker_instantiate(w.linker, w.embed, &a, &err) ==
	      WEXEC_OK);
	wexec_func *add = wexec_instance_func(a, "add");

	/* A linker defines its function: refused until that linker goes. */
	wexec_linker *l2 = wexec_linker_new(w.store);
	wexec_extern ext = {.kind = WEXEC_EXTERN_FUNC};
	ext.of.func = add;
	CHECK(wexec_linker_define(l2, "a", "add", &ext, &err) == WEXEC_OK);
	CHECK(wexec_instance_free(a, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_instance_free: the instance is still "
	                       "in use: a linker defines one of its exports");
	wexec_error_clear(&err);
	CHECK(wexec_linker_instantiate(l2, w.user, &c, &err) == WEXEC_OK);
	wexec_linker_free(l2);

	/* Another instance imports it: refused until that one is freed. */
	CHECK(wexec_instance_free(a, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message,
	          "wexec_instance_free: the instance is still in use: "
	          "another instance imports one of its functions");
	wexec_error_clear(&err);
	wexec_val args[2] = {wexec_val_i32(4), wexec_val_i32(5)}, res;
	CHECK(wexec_func_call(wexec_instance_func(c, "add"), args, 2, &res, 1,
	                      &err) == WEXEC_OK);
	CHECK(res.of.i32 == 9);
	CHECK(wexec_instance_free(c, &err) == WEXEC_OK);

	/* A table of the store holds its function. */
	wexec_limits one = {1, 0, false, false};
	wexec_table *t = NULL;
	wexec_val ref = {.type = WEXEC_FUNCREF};
	ref.of.funcref = add;
	CHECK(wexec_table_new(w.store, WEXEC_FUNCREF, &one, &ref, &t, &err) ==
	      WEXEC_OK);
	CHECK(wexec_instance_free(a, &err) == WEXEC_ERR_ARGUMENT);
	CHECK(strstr(err.message, "a table holds one of its functions"));
	wexec_error_clear(&err);
	wexec_val null = {.type = WEXEC_FUNCREF};
	CHECK(wexec_table_set(t, 0, &null, &err) == WEXEC_OK);

	/* So does a global. */
	wexec_global *g = NULL;
	CHECK(wexec_global_new(w.store, &ref, true, &g, &err) == WEXEC_OK);
	CHECK(wexec_instance_free(a, &err) == WEXEC_ERR_ARGUMENT);
	CHECK(strstr(err.message, "a global holds one of its functions"));
	wexec_error_clear(&err);
	CHECK(wexec_global_set(g, &null, &err) == WEXEC_OK);

	/* Its own table holding its own function is no obstacle. */
	CHECK(wexec_instance_free(a, &err) == WEXEC_OK);
	CHECK(err.status == WEXEC_OK);
	world_close(&w);
}

/* host::cb that tries to free its caller: refused while code runs. */
static wexec_status host_free_caller(wexec_instance *caller, void *user,
                                     const wexec_val *args, wexec_val *results,
                                     wexec_error *err)
{
	(void)args, (void)err;
	wexec_error *seen = user;
	results[0] = wexec_val_i32(
	    (int32_t)wexec_instance_free(caller, seen));
	return WEXEC_OK;
}

static void test_instance_free_refused_while_running(void)
{
	wexec_error err = WEXEC_ERROR_INIT, seen = WEXEC_ERROR_INIT;
	wexec_module *m = load_embed();
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_instance *inst = NULL;
	CHECK(wexec_linker_define_func(linker, "host", "cb", &cb_type,
	                               host_free_caller, &seen,
	                               &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	wexec_val arg = wexec_val_i32(0), res;
	CHECK(wexec_func_call(wexec_instance_func(inst, "call_cb"), &arg, 1,
	                      &res, 1, &err) == WEXEC_OK);
	CHECK(res.of.i32 == WEXEC_ERR_ARGUMENT);
	CHECK_STR(seen.message, "wexec_instance_free: the store is running code");
	/* Still whole, and free once the call returned. */
	CHECK(wexec_instance_export_count(inst) == 5);
	CHECK(wexec_instance_free(inst, &err) == WEXEC_OK);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* A linker freed after its store (the header asks for the other order)
 * does not touch the freed store. */
static void test_linker_outlives_store(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *a = wexec_linker_new(store);
	wexec_linker *b = wexec_linker_new(store);
	wexec_linker_free(a);
	wexec_store_free(store);
	wexec_linker_free(b);
	CHECK(true);
}

int main(void)
{
	RUN(test_module_new_file);
	RUN(test_module_new_file_errors);
	RUN(test_module_new_file_pipe);
	RUN(test_user_data);
	RUN(test_define_from_import_desc);
	RUN(test_instance_exports);
	RUN(test_instance_free);
	RUN(test_instance_free_refused_while_used);
	RUN(test_instance_free_refused_while_running);
	RUN(test_linker_outlives_store);
	return unit_report();
}
