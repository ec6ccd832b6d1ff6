/*
 * test_linker.c - the (module, name) table and import resolution through
 * wexec.h (spec: exec/modules.rst, "Instantiation"; valid/types.rst,
 * "Import Subtyping"): definitions, replacement, names containing NUL,
 * registering an instance's exports and linking one module to another.
 * Modules are byte arrays made with `wat2wasm --debug-names` from the text
 * in the comment above each.
 */
#include <stdint.h>
#include <string.h>

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
	wexec_limits none = {0, 0, false};
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
	wexec_limits one = {1, 0, false};
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

int main(void)
{
	RUN(test_define_get);
	RUN(test_link_modules);
	RUN(test_table_current_size);
	RUN(test_define_foreign_store_refused);
	return unit_report();
}
