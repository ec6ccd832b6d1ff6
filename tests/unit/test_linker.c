/*
 * test_linker.c - the (module, name) table and import resolution through
 * wexec.h (spec: exec/modules.rst, "Instantiation"; valid/types.rst,
 * "Import Subtyping"): definitions, replacement, names containing NUL,
 * registering an instance's exports and linking one module to another.
 * Modules are byte arrays made with `wat2wasm --debug-names` from the text
 * in the comment above each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "failalloc.h"
#include "unit.h"
#include "wexec.h"

/*
 * (module
 *   (func (export "f") (result i32) i32.const 7)
 *   (func (export "a\00b") (result i32) i32.const 8)
 *   (memory (export "m") 1)
 *   (global (export "g") i32 (i32.const 3))
 *   (table (export "t") 1 funcref))
 */
static const uint8_t exporter_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x00, 0x04, 0x04, 0x01, 0x70,
    0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06, 0x01, 0x7f, 0x00,
    0x41, 0x03, 0x0b, 0x07, 0x17, 0x05, 0x01, 0x66, 0x00, 0x00, 0x03, 0x61,
    0x00, 0x62, 0x00, 0x01, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x67, 0x03, 0x00,
    0x01, 0x74, 0x01, 0x00, 0x0a, 0x0b, 0x02, 0x04, 0x00, 0x41, 0x07, 0x0b,
    0x04, 0x00, 0x41, 0x08, 0x0b, 0x00, 0x0c, 0x04, 0x6e, 0x61, 0x6d, 0x65,
    0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
};

/*
 * (module
 *   (import "A" "f" (func $f (result i32)))
 *   (import "A" "a\00b" (func $ab (result i32)))
 *   (import "A" "g" (global $g i32))
 *   (import "A" "m" (memory 1))
 *   (import "A" "t" (table 1 funcref))
 *   (func (export "sum") (result i32)
 *     call $f call $ab i32.add global.get $g i32.add))
 */
static const uint8_t importer_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x02, 0x25, 0x05, 0x01, 0x41, 0x01, 0x66, 0x00, 0x00,
    0x01, 0x41, 0x03, 0x61, 0x00, 0x62, 0x00, 0x00, 0x01, 0x41, 0x01, 0x67,
    0x03, 0x7f, 0x00, 0x01, 0x41, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x01, 0x41,
    0x01, 0x74, 0x01, 0x70, 0x00, 0x01, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07,
    0x01, 0x03, 0x73, 0x75, 0x6d, 0x00, 0x02, 0x0a, 0x0c, 0x01, 0x0a, 0x00,
    0x10, 0x00, 0x10, 0x01, 0x6a, 0x23, 0x00, 0x6a, 0x0b, 0x00, 0x1e, 0x04,
    0x6e, 0x61, 0x6d, 0x65, 0x01, 0x08, 0x02, 0x00, 0x01, 0x66, 0x01, 0x02,
    0x61, 0x62, 0x02, 0x07, 0x03, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x07,
    0x04, 0x01, 0x00, 0x01, 0x67,
};

/*
 * (module
 *   (import "env" "foo" (func $foo (param i32) (result i32)))
 *   (import "env" "bar" (func $bar (result i32)))
 *   (func (export "call_foo") (result i32) (call $foo (i32.const 1)))
 *   (func (export "call_bar") (result i32) (call $bar))
 *   (func (export "ok") (result i32) (i32.const 5)))
 */
static const uint8_t unknown_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60,
    0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7f, 0x02, 0x15, 0x02, 0x03,
    0x65, 0x6e, 0x76, 0x03, 0x66, 0x6f, 0x6f, 0x00, 0x00, 0x03, 0x65, 0x6e,
    0x76, 0x03, 0x62, 0x61, 0x72, 0x00, 0x01, 0x03, 0x04, 0x03, 0x01, 0x01,
    0x01, 0x07, 0x1c, 0x03, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x66, 0x6f,
    0x6f, 0x00, 0x02, 0x08, 0x63, 0x61, 0x6c, 0x6c, 0x5f, 0x62, 0x61, 0x72,
    0x00, 0x03, 0x02, 0x6f, 0x6b, 0x00, 0x04, 0x0a, 0x12, 0x03, 0x06, 0x00,
    0x41, 0x01, 0x10, 0x00, 0x0b, 0x04, 0x00, 0x10, 0x01, 0x0b, 0x04, 0x00,
    0x41, 0x05, 0x0b, 0x00, 0x1f, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x0b,
    0x02, 0x00, 0x03, 0x66, 0x6f, 0x6f, 0x01, 0x03, 0x62, 0x61, 0x72, 0x02,
    0x0b, 0x05, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00,
};

/*
 * (module
 *   (import "env" "f" (func $f))
 *   (import "env" "mem" (memory 1)))
 */
static const uint8_t unknown_memory_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01,
    0x60, 0x00, 0x00, 0x02, 0x14, 0x02, 0x03, 0x65, 0x6e, 0x76, 0x01,
    0x66, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x65, 0x6d,
    0x02, 0x00, 0x01, 0x00, 0x10, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01,
    0x04, 0x01, 0x00, 0x01, 0x66, 0x02, 0x03, 0x01, 0x00, 0x00,
};

static wexec_module *load(const uint8_t *bytes, size_t len)
{
	wexec_module *m = NULL;
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_status st = wexec_module_new(bytes, len, &m, &err);
	if (st != WEXEC_OK)
		fprintf(stderr, "load: %s\n", err.message);
	CHECK(st == WEXEC_OK);
	return m;
}

static wexec_extern global_extern(wexec_store *store, int32_t v)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val val = wexec_val_i32(v);
	wexec_extern ext = {.kind = WEXEC_EXTERN_GLOBAL};
	CHECK(wexec_global_new(store, &val, false, &ext.of.global, &err) ==
	      WEXEC_OK);
	return ext;
}

static int32_t global_value(const wexec_extern *ext)
{
	wexec_val v;
	wexec_global_get(ext->of.global, &v);
	return v.of.i32;
}

static void test_define_get(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_extern a = global_extern(store, 1), b = global_extern(store, 2);
	wexec_extern out;

	CHECK(!wexec_linker_get(linker, "m", 1, "x", 1, &out));
	CHECK(wexec_linker_define(linker, "m", "x", &a, &err) == WEXEC_OK);
	CHECK(wexec_linker_get(linker, "m", 1, "x", 1, &out));
	CHECK(out.kind == WEXEC_EXTERN_GLOBAL && global_value(&out) == 1);
	/* Module and name are separate keys: "m"+"x" is not "mx"+"". */
	CHECK(!wexec_linker_get(linker, "mx", 2, "", 0, &out));
	CHECK(!wexec_linker_get(linker, "", 0, "mx", 2, &out));
	CHECK(!wexec_linker_get(linker, "m", 1, "x\0", 2, &out));

	/* Redefinition replaces. */
	CHECK(wexec_linker_define(linker, "m", "x", &b, &err) == WEXEC_OK);
	CHECK(wexec_linker_get(linker, "m", 1, "x", 1, &out));
	CHECK(global_value(&out) == 2);

	/* Many names: the table grows and keeps them all. */
	char name[16];
	for (int i = 0; i < 1000; i++) {
		wexec_extern g = global_extern(store, i);
		snprintf(name, sizeof name, "g%d", i);
		CHECK(wexec_linker_define(linker, "many", name, &g, &err) ==
		      WEXEC_OK);
	}
	bool all = true;
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "g%d", i);
		all = all &&
		      wexec_linker_get(linker, "many", 4, name, strlen(name),
		                       &out) &&
		      global_value(&out) == i;
	}
	CHECK(all);
	CHECK(wexec_linker_get(linker, "m", 1, "x", 1, &out));
	CHECK(err.status == WEXEC_OK);

	/* An empty external is refused. */
	wexec_extern empty = {.kind = WEXEC_EXTERN_FUNC};
	CHECK(wexec_linker_define(linker, "m", "e", &empty, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK(!wexec_linker_get(linker, "m", 1, "e", 1, &out));
	wexec_linker_free(linker);
	wexec_store_free(store);
}

static void test_link_modules(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *exporter = load(exporter_wasm, sizeof exporter_wasm);
	wexec_module *importer = load(importer_wasm, sizeof importer_wasm);
	wexec_instance *a = NULL, *b = NULL;
	wexec_extern out;

	CHECK(wexec_linker_instantiate(linker, exporter, &a, &err) == WEXEC_OK);
	/* Nothing registered yet. */
	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "unknown import: A::f");
	wexec_error_clear(&err);

	CHECK(wexec_linker_define_instance(linker, "A", a, &err) == WEXEC_OK);
	CHECK(wexec_linker_get(linker, "A", 1, "a\0b", 3, &out));
	CHECK(out.kind == WEXEC_EXTERN_FUNC);
	CHECK(!wexec_linker_get(linker, "A", 1, "a", 1, &out));
	CHECK(wexec_instance_export(a, "a\0b", 3, &out) &&
	      out.kind == WEXEC_EXTERN_FUNC);
	CHECK(wexec_linker_get(linker, "A", 1, "m", 1, &out) &&
	      out.kind == WEXEC_EXTERN_MEMORY &&
	      out.of.memory == wexec_instance_memory(a, "m"));
	CHECK(wexec_instance_module(a) == exporter);

	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) == WEXEC_OK);
	wexec_func *sum = b ? wexec_instance_func(b, "sum") : NULL;
	CHECK(sum != NULL);
	if (sum) {
		wexec_val r;
		CHECK(wexec_func_call(sum, NULL, 0, &r, 1, &err) == WEXEC_OK);
		CHECK(r.type == WEXEC_I32 && r.of.i32 == 7 + 8 + 3);
	}
	/* The same module instantiates again, as a separate instance. */
	wexec_instance *a2 = NULL;
	CHECK(wexec_linker_instantiate(linker, exporter, &a2, &err) ==
	      WEXEC_OK);
	CHECK(a2 && a2 != a &&
	      wexec_instance_memory(a2, "m") != wexec_instance_memory(a, "m"));

	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(importer);
	wexec_module_free(exporter);
}

/* Tables match against their current size, like memories. */
static void test_table_current_size(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *importer = load(importer_wasm, sizeof importer_wasm);
	wexec_module *exporter = load(exporter_wasm, sizeof exporter_wasm);
	wexec_instance *a = NULL, *b = NULL;
	wexec_limits none = {0, 0, false, false};
	wexec_extern t = {.kind = WEXEC_EXTERN_TABLE};

	CHECK(wexec_linker_instantiate(linker, exporter, &a, &err) == WEXEC_OK);
	CHECK(wexec_linker_define_instance(linker, "A", a, &err) == WEXEC_OK);
	CHECK(wexec_table_new(store, WEXEC_FUNCREF, &none, NULL, &t.of.table,
	                      &err) == WEXEC_OK);
	CHECK(wexec_linker_define(linker, "A", "t", &t, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "incompatible import type: A::t (expected table "
	                       "{min 1} funcref, got table {min 0} funcref)");
	wexec_error_clear(&err);
	CHECK(wexec_table_grow(t.of.table, 1, NULL, NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) == WEXEC_OK);
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(importer);
	wexec_module_free(exporter);
}

/* wexec_linker_import_status says, per import, what instantiation would
 * find: the first import not RESOLVED is the one the error names. */
static void test_import_status(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *importer = load(importer_wasm, sizeof importer_wasm);
	wexec_module *exporter = load(exporter_wasm, sizeof exporter_wasm);
	wexec_instance *a = NULL, *b = NULL;
	wexec_limits none = {0, 0, false, false};
	wexec_extern t = {.kind = WEXEC_EXTERN_TABLE};

	CHECK(wexec_module_import_count(importer) == 5);
	for (size_t i = 0; i < 5; i++)
		CHECK(wexec_linker_import_status(linker, importer, i) ==
		      WEXEC_IMPORT_UNKNOWN);
	CHECK(wexec_linker_import_status(linker, importer, 5) ==
	      WEXEC_IMPORT_NONE);
	CHECK(wexec_linker_import_status(NULL, importer, 0) ==
	      WEXEC_IMPORT_NONE);
	CHECK(wexec_linker_import_status(linker, NULL, 0) ==
	      WEXEC_IMPORT_NONE);
	CHECK(wexec_linker_import_status(linker, exporter, 0) ==
	      WEXEC_IMPORT_NONE);

	CHECK(wexec_linker_instantiate(linker, exporter, &a, &err) == WEXEC_OK);
	CHECK(wexec_linker_define_instance(linker, "A", a, &err) == WEXEC_OK);
	for (size_t i = 0; i < 5; i++)
		CHECK(wexec_linker_import_status(linker, importer, i) ==
		      WEXEC_IMPORT_RESOLVED);

	/* A::t replaced by a table too small, then grown to fit: import
	 * matching goes by the current size, as instantiation does. */
	CHECK(wexec_table_new(store, WEXEC_FUNCREF, &none, NULL, &t.of.table,
	                      &err) == WEXEC_OK);
	CHECK(wexec_linker_define(linker, "A", "t", &t, &err) == WEXEC_OK);
	CHECK(wexec_linker_import_status(linker, importer, 3) ==
	      WEXEC_IMPORT_RESOLVED);
	CHECK(wexec_linker_import_status(linker, importer, 4) ==
	      WEXEC_IMPORT_INCOMPATIBLE);
	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	wexec_error_clear(&err);
	CHECK(wexec_table_grow(t.of.table, 1, NULL, NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_import_status(linker, importer, 4) ==
	      WEXEC_IMPORT_RESOLVED);
	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) == WEXEC_OK);

	/* A global of the wrong type is incompatible too. */
	wexec_val v = wexec_val_i64(1);
	wexec_extern g = {.kind = WEXEC_EXTERN_GLOBAL};
	CHECK(wexec_global_new(store, &v, false, &g.of.global, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_define(linker, "A", "g", &g, &err) == WEXEC_OK);
	CHECK(wexec_linker_import_status(linker, importer, 2) ==
	      WEXEC_IMPORT_INCOMPATIBLE);

	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(importer);
	wexec_module_free(exporter);
}

/* Issue 6: a linker defines only externals of its own store, so freeing
 * another store leaves nothing behind that points into it. */
static void test_define_foreign_store_refused(void)
{
	wexec_store *store = wexec_store_new(NULL);
	wexec_store *other = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_linker *other_linker = wexec_linker_new(other);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *exporter = load(exporter_wasm, sizeof exporter_wasm);
	wexec_module *importer = load(importer_wasm, sizeof importer_wasm);
	wexec_instance *a = NULL, *b = NULL;
	wexec_limits one = {1, 0, false, false};
	wexec_extern out;
	wexec_extern exts[4] = {global_extern(other, 1)};
	exts[1].kind = WEXEC_EXTERN_MEMORY;
	CHECK(wexec_memory_new(other, &one, &exts[1].of.memory, &err) ==
	      WEXEC_OK);
	exts[2].kind = WEXEC_EXTERN_TABLE;
	CHECK(wexec_table_new(other, WEXEC_FUNCREF, &one, NULL,
	                      &exts[2].of.table, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(other_linker, exporter, &a, &err) ==
	      WEXEC_OK);
	exts[3].kind = WEXEC_EXTERN_FUNC;
	exts[3].of.func = a ? wexec_instance_func(a, "f") : NULL;
	static const char *const names[4] = {"g", "m", "t", "f"};
	for (int i = 0; i < 4; i++) {
		char want[64];
		snprintf(want, sizeof want,
		         "wexec_linker_define: A::%s belongs to another store",
		         names[i]);
		CHECK(wexec_linker_define(linker, "A", names[i], &exts[i],
		                          &err) == WEXEC_ERR_ARGUMENT);
		CHECK_STR(err.message, want);
		wexec_error_clear(&err);
		CHECK(!wexec_linker_get(linker, "A", 1, names[i], 1, &out));
	}
	CHECK(wexec_linker_define_instance(linker, "A", a, &err) ==
	      WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_linker_define_instance: the instance "
	                       "belongs to another store");
	wexec_error_clear(&err);
	CHECK(!wexec_linker_get(linker, "A", 1, "f", 1, &out));

	/* With the other store gone, instantiating finds nothing of it. */
	wexec_linker_free(other_linker);
	wexec_store_free(other);
	CHECK(wexec_linker_instantiate(linker, importer, &b, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "unknown import: A::f");
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(importer);
	wexec_module_free(exporter);
}

static wexec_status bar_is_9(wexec_instance *caller, void *user,
                             const wexec_val *args, wexec_val *results,
                             wexec_error *err)
{
	(void)caller;
	(void)user;
	(void)args;
	(void)err;
	results[0] = wexec_val_i32(9);
	return WEXEC_OK;
}

/* Calls export `name` of inst, which returns one i32, into *out. */
static wexec_status call_i32(wexec_instance *inst, const char *name,
                             int32_t *out, wexec_error *err)
{
	wexec_val r = wexec_val_i32(-1);
	wexec_status st = wexec_func_call(wexec_instance_func(inst, name), NULL,
	                                  0, &r, 1, err);
	*out = r.of.i32;
	return st;
}

/* Imports nothing defines become functions that trap when called, naming
 * the import; the module runs as long as it does not call them, and what
 * the linker defines stays as it was. */
static void test_unknown_imports_as_traps(void)
{
	wexec_module *m = load(unknown_wasm, sizeof unknown_wasm);
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_instance *inst = NULL;
	int32_t v = 0;
	static const wexec_valtype i32[] = {WEXEC_I32};
	wexec_functype bar_type = {NULL, 0, i32, 1};

	CHECK(wexec_linker_define_func(linker, "env", "bar", &bar_type,
	                               bar_is_9, NULL, &err) == WEXEC_OK);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "unknown import: env::foo");
	wexec_error_clear(&err);

	CHECK(wexec_linker_define_unknown_imports_as_traps(linker, m, &err) ==
	      WEXEC_OK);
	wexec_extern ext;
	CHECK(wexec_linker_get(linker, "env", 3, "foo", 3, &ext) &&
	      ext.kind == WEXEC_EXTERN_FUNC);
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) == WEXEC_OK);
	CHECK(call_i32(inst, "ok", &v, &err) == WEXEC_OK && v == 5);
	CHECK(call_i32(inst, "call_bar", &v, &err) == WEXEC_OK && v == 9);
	CHECK(call_i32(inst, "call_foo", &v, &err) == WEXEC_ERR_TRAP);
	CHECK(err.status == WEXEC_ERR_TRAP && err.trap == WEXEC_TRAP_HOST);
	const char *want = "unknown import env::foo called";
	CHECK(strncmp(err.message, want, strlen(want)) == 0);
	if (strncmp(err.message, want, strlen(want)) != 0)
		fprintf(stderr, "message: %s\n", err.message);
	wexec_error_clear(&err);
	/* The instance goes on after the trap. */
	CHECK(call_i32(inst, "ok", &v, &err) == WEXEC_OK && v == 5);

	/* Once all are defined, a second call defines nothing new. */
	CHECK(wexec_linker_define_unknown_imports_as_traps(linker, m, &err) ==
	      WEXEC_OK);
	wexec_extern again;
	CHECK(wexec_linker_get(linker, "env", 3, "foo", 3, &again) &&
	      again.of.func == ext.of.func);

	CHECK(wexec_linker_define_unknown_imports_as_traps(NULL, m, &err) ==
	      WEXEC_ERR_ARGUMENT);
	wexec_error_clear(&err);
	CHECK(wexec_linker_define_unknown_imports_as_traps(
	          linker, NULL, &err) == WEXEC_ERR_ARGUMENT);
	CHECK_STR(err.message, "wexec_linker_define_unknown_imports_as_traps: "
	                       "module is NULL");
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

/* Only functions are made up: an unknown memory stays unlinkable. */
static void test_unknown_memory_stays_unknown(void)
{
	wexec_module *m = load(unknown_memory_wasm, sizeof unknown_memory_wasm);
	wexec_store *store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_instance *inst = NULL;
	wexec_extern ext;
	CHECK(wexec_linker_define_unknown_imports_as_traps(linker, m, &err) ==
	      WEXEC_OK);
	CHECK(wexec_linker_get(linker, "env", 3, "f", 1, &ext));
	CHECK(!wexec_linker_get(linker, "env", 3, "mem", 3, &ext));
	CHECK(wexec_linker_instantiate(linker, m, &inst, &err) ==
	      WEXEC_ERR_UNLINKABLE);
	CHECK_STR(err.message, "unknown import: env::mem");
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

#ifndef NO_MALLOC_HOOK
/* Each allocation failed in turn: WEXEC_ERR_NOMEM (or success, when only
 * a best-effort allocation failed), nothing leaked once the store is
 * freed, and a later call still defines every import. */
static void test_unknown_imports_out_of_memory(void)
{
	wexec_module *m = load(unknown_wasm, sizeof unknown_wasm);
	bool ok = true, no_leak = true, succeeded = false;
	for (long n = 0; n < 100 && !succeeded; n++) {
		long live = alloc_live;
		wexec_store *store = wexec_store_new(NULL);
		wexec_linker *linker = wexec_linker_new(store);
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_instance *inst = NULL;
		alloc_countdown = n;
		wexec_status st = wexec_linker_define_unknown_imports_as_traps(
		    linker, m, &err);
		bool failed = alloc_countdown < 0;
		alloc_countdown = -1;
		/* Naming a host function after its definition is best
		 * effort (the trap message does not depend on it). */
		if (failed)
			ok &= st == WEXEC_ERR_NOMEM || st == WEXEC_OK;
		else
			succeeded = st == WEXEC_OK;
		wexec_error_clear(&err);
		if (wexec_linker_define_unknown_imports_as_traps(linker, m,
		                                                 &err) ||
		    wexec_linker_instantiate(linker, m, &inst, &err))
			ok = false;
		wexec_linker_free(linker);
		wexec_store_free(store);
		no_leak &= alloc_live == live;
	}
	CHECK(ok);
	CHECK(no_leak);
	CHECK(succeeded);
	wexec_module_free(m);
}
#endif

int main(void)
{
	RUN(test_define_get);
	RUN(test_link_modules);
	RUN(test_table_current_size);
	RUN(test_import_status);
	RUN(test_define_foreign_store_refused);
	RUN(test_unknown_imports_as_traps);
	RUN(test_unknown_memory_stays_unknown);
#ifndef NO_MALLOC_HOOK
	RUN(test_unknown_imports_out_of_memory);
#else
	SKIP("test_unknown_imports_out_of_memory", "no malloc hook here");
#endif
	return unit_report();
}
