/*
 * wexec.h - the public interface of libwexec, a WebAssembly 2.0 interpreter
 * with WASI preview1 built in (whose interface is wexec_wasi.h).
 *
 * Object model (after the spec's "store", exec/runtime.rst):
 *   - A wexec_module is decoded, validated code. It copies its input bytes,
 *     is immutable after load (apart from lazily translated function bodies)
 *     and may be instantiated any number of times, in any store.
 *   - A wexec_store owns every runtime object: instances, functions,
 *     memories, tables and globals. They all live until wexec_store_free()
 *     (or wexec_instance_free() of the instance that made them); handles
 *     to them are borrowed pointers valid for the store's lifetime.
 *   - A wexec_linker maps (module, name) pairs to externals of one store and
 *     resolves a module's imports when it instantiates it.
 *
 * Errors are values: every fallible function returns a wexec_status and, when
 * the caller passes a wexec_error, writes one message into it. Nothing is
 * allocated on the error path. The first error written wins: a function never
 * overwrites a message already present (err->status != WEXEC_OK).
 *
 * NULL handles: a function that takes a handle (or a required pointer such
 * as `out`) and returns a wexec_status returns WEXEC_ERR_ARGUMENT with the
 * message "FUNCTION: ARGUMENT is NULL" when it is NULL, so that
 * wexec_func_call(wexec_instance_func(inst, "missing"), ...) is an error,
 * not a crash. Getters given a NULL handle return NULL, 0 or false, void
 * getters zero their outputs, setters without a status do nothing, and
 * every _free function accepts NULL.
 *
 * Stores do not mix: an object belongs to the store that made it, and
 * using a function, table, memory, global or instance of one store with
 * another store's objects (a funcref argument, a table element or global
 * value, a linker definition) fails with WEXEC_ERR_ARGUMENT ("... belongs
 * to another store"). So freeing one store never leaves another store
 * pointing into it.
 *
 * Threads: one store is used by one thread at a time. The only functions
 * that may be called from another thread (or a signal handler) are
 * wexec_store_interrupt() and wexec_store_profile_tick().
 */
#ifndef WEXEC_H
#define WEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; wexec_version() gives the library's. The
 * shared library's SONAME carries the major number (libwexec.so.0). */
#define WEXEC_VERSION_MAJOR 0
#define WEXEC_VERSION_MINOR 1
#define WEXEC_VERSION_PATCH 0
#define WEXEC_VERSION       "0.1.0"

/* Marks the declarations libwexec.so exports; everything else in the
 * library is hidden. Define it before including this header to override. */
#ifndef WEXEC_API
#if defined(__GNUC__) || defined(__clang__)
#define WEXEC_API __attribute__((visibility("default")))
#else
#define WEXEC_API
#endif
#endif

/* Ownership marker: the caller owns what a WEXEC_OWN pointer points to and
 * must release it with the matching _free function. */
#define WEXEC_OWN

/* The library's version, "MAJOR.MINOR.PATCH" (static string); it may be
 * newer than WEXEC_VERSION when a program runs with a later libwexec.so. */
WEXEC_API const char *wexec_version(void);

/* ---------------------------------------------------------------- errors */

typedef enum wexec_status {
	WEXEC_OK = 0,
	WEXEC_ERR_MALFORMED,   /* binary decoding failed (spec: "malformed") */
	WEXEC_ERR_INVALID,     /* validation failed (spec: "invalid") */
	WEXEC_ERR_UNLINKABLE,  /* an import is missing or has the wrong type */
	WEXEC_ERR_TRAP,        /* execution trapped; see wexec_error.trap */
	WEXEC_ERR_EXIT,        /* the program asked to exit (WASI proc_exit) */
	WEXEC_ERR_NOMEM,       /* a host allocation failed */
	WEXEC_ERR_LIMIT,       /* an embedder-set limit refused the request */
	WEXEC_ERR_ARGUMENT,    /* bad use of the API: wrong arity, types, name */
	WEXEC_ERR_IO,          /* a host I/O operation failed */
} wexec_status;

typedef enum wexec_trap {
	WEXEC_TRAP_NONE = 0,
	WEXEC_TRAP_UNREACHABLE,        /* "unreachable" */
	WEXEC_TRAP_DIV_ZERO,           /* "integer divide by zero" */
	WEXEC_TRAP_INT_OVERFLOW,       /* "integer overflow" */
	WEXEC_TRAP_INVALID_CONVERSION, /* "invalid conversion to integer" */
	WEXEC_TRAP_MEMORY_OOB,         /* "out of bounds memory access" */
	WEXEC_TRAP_TABLE_OOB,          /* "out of bounds table access" */
	WEXEC_TRAP_UNDEFINED_ELEMENT,  /* "undefined element" */
	WEXEC_TRAP_UNINITIALIZED,      /* "uninitialized element" */
	WEXEC_TRAP_INDIRECT_MISMATCH,  /* "indirect call type mismatch" */
	WEXEC_TRAP_STACK_EXHAUSTED,    /* "call stack exhausted" */
	WEXEC_TRAP_OUT_OF_FUEL,        /* "all fuel consumed" */
	WEXEC_TRAP_INTERRUPTED,        /* "interrupted" (wexec_store_interrupt) */
	WEXEC_TRAP_HOST,               /* a host function reported a trap */
} wexec_trap;

#define WEXEC_ERROR_MESSAGE_MAX 256

/* A caller-supplied error record. Zero-initialise it (WEXEC_ERROR_INIT)
 * before use. */
typedef struct wexec_error {
	wexec_status status;
	wexec_trap trap;   /* when status == WEXEC_ERR_TRAP */
	int exit_code;     /* when status == WEXEC_ERR_EXIT */
	char message[WEXEC_ERROR_MESSAGE_MAX];
} wexec_error;

#define WEXEC_ERROR_INIT {WEXEC_OK, WEXEC_TRAP_NONE, 0, {0}}

/* Writes a printf-style message into err unless err is NULL or already holds
 * an error. Returns status, so host functions can `return wexec_error_set(...)`. */
WEXEC_API wexec_status wexec_error_set(wexec_error *err, wexec_status status,
                                       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Records a trap of the given kind with the spec's wording for it. */
WEXEC_API wexec_status wexec_error_trap(wexec_error *err, wexec_trap trap);

/* Records a program exit (WASI proc_exit): status WEXEC_ERR_EXIT. */
WEXEC_API wexec_status wexec_error_exit(wexec_error *err, int exit_code);

/* Resets err to WEXEC_OK with an empty message. */
WEXEC_API void wexec_error_clear(wexec_error *err);

/* The spec's wording for a trap kind ("integer divide by zero", ...). The
 * string is static. */
WEXEC_API const char *wexec_trap_message(wexec_trap trap);

/* ---------------------------------------------------------------- types */

typedef enum wexec_valtype {
	WEXEC_I32 = 0x7F,
	WEXEC_I64 = 0x7E,
	WEXEC_F32 = 0x7D,
	WEXEC_F64 = 0x7C,
	WEXEC_V128 = 0x7B,
	WEXEC_FUNCREF = 0x70,
	WEXEC_EXTERNREF = 0x6F,
} wexec_valtype;

/* "i32", "funcref", ...; static string. */
WEXEC_API const char *wexec_valtype_name(wexec_valtype type);

typedef struct wexec_func wexec_func;
typedef struct wexec_memory wexec_memory;
typedef struct wexec_table wexec_table;
typedef struct wexec_global wexec_global;
typedef struct wexec_instance wexec_instance;
typedef struct wexec_module wexec_module;
typedef struct wexec_store wexec_store;
typedef struct wexec_linker wexec_linker;

/* A value. Floats keep their exact bit pattern (NaN payloads included);
 * read them through f32_bits/f64_bits when the bits matter. A null
 * reference is a NULL pointer. An externref is any host pointer. */
typedef struct wexec_val {
	wexec_valtype type;
	union {
		int32_t i32;
		int64_t i64;
		float f32;
		double f64;
		uint32_t f32_bits;
		uint64_t f64_bits;
		uint8_t v128[16];  /* little-endian lane order */
		wexec_func *funcref;
		void *externref;
	} of;
} wexec_val;

static inline wexec_val wexec_val_i32(int32_t v)
{ wexec_val r; r.type = WEXEC_I32; r.of.i64 = 0; r.of.i32 = v; return r; }
static inline wexec_val wexec_val_i64(int64_t v)
{ wexec_val r; r.type = WEXEC_I64; r.of.i64 = v; return r; }
static inline wexec_val wexec_val_f32(float v)
{ wexec_val r; r.type = WEXEC_F32; r.of.i64 = 0; r.of.f32 = v; return r; }
static inline wexec_val wexec_val_f64(double v)
{ wexec_val r; r.type = WEXEC_F64; r.of.f64 = v; return r; }

typedef struct wexec_functype {
	const wexec_valtype *params;   /* borrowed: see the function filling it */
	uint32_t nparams;
	const wexec_valtype *results;
	uint32_t nresults;
} wexec_functype;

typedef struct wexec_limits {
	uint64_t min;
	uint64_t max;      /* meaningful only when has_max */
	bool has_max;
	/* A memory of memory64: addresses are i64, and min and max may go
	 * up to 2^48 pages. False for tables and 32-bit memories. */
	bool is64;
} wexec_limits;

typedef enum wexec_externkind {
	WEXEC_EXTERN_FUNC = 0,
	WEXEC_EXTERN_TABLE = 1,
	WEXEC_EXTERN_MEMORY = 2,
	WEXEC_EXTERN_GLOBAL = 3,
} wexec_externkind;

typedef struct wexec_externtype {
	wexec_externkind kind;
	wexec_functype func;                                   /* FUNC */
	struct { wexec_valtype elem; wexec_limits limits; } table;  /* TABLE */
	wexec_limits memory;                                   /* MEMORY, pages */
	struct { wexec_valtype type; bool mutable_; } global;  /* GLOBAL */
} wexec_externtype;

/* A runtime external: one of the four handles, per kind. */
typedef struct wexec_extern {
	wexec_externkind kind;
	union {
		wexec_func *func;
		wexec_table *table;
		wexec_memory *memory;
		wexec_global *global;
	} of;
} wexec_extern;

/* ---------------------------------------------------------------- modules */

/* Decodes and validates a binary module. The module copies `bytes`.
 * Errors: WEXEC_ERR_MALFORMED or WEXEC_ERR_INVALID with a message naming
 * the problem and the byte offset where it was found; WEXEC_ERR_NOMEM. */
WEXEC_API wexec_status wexec_module_new(const uint8_t *bytes, size_t len,
                                        WEXEC_OWN wexec_module **out,
                                        wexec_error *err);
WEXEC_API void wexec_module_free(WEXEC_OWN wexec_module *module);

/* Features beyond WebAssembly 2.0 that a module may be made to do without.
 * wexec_module_new accepts all of them (WEXEC_FEATURES_ALL); with
 * wexec_module_new_features, a module using a feature left out of
 * `features` is rejected as the 2.0 specification rejects it (a second
 * memory "multiple memories", a memory index "zero byte expected", 64-bit
 * limits "integer too large"). Tail calls and extended constant
 * expressions are always accepted. */
#define WEXEC_FEATURE_MULTI_MEMORY 0x1u /* several memories, memidx */
#define WEXEC_FEATURE_MEMORY64 0x2u     /* memories with i64 addresses */
#define WEXEC_FEATURES_ALL 0x3u
WEXEC_API wexec_status wexec_module_new_features(const uint8_t *bytes,
                                                 size_t len, uint32_t features,
                                                 WEXEC_OWN wexec_module **out,
                                                 wexec_error *err);

/* wexec_module_new on the contents of the file at `path`, read with
 * read(): a regular file straight into the module's own copy, anything
 * else (a pipe, a terminal, /proc) to its end and then copied. The file
 * is closed before this returns, and a file that shrinks while it is read
 * gives the bytes read. Errors: WEXEC_ERR_IO naming the path and the
 * reason ("cannot open 'PATH': No such file or directory", "cannot read
 * 'PATH': Is a directory"); WEXEC_ERR_MALFORMED "empty file, not a
 * WebAssembly module" for a file of no bytes; otherwise those of
 * wexec_module_new, whose messages do not repeat the path;
 * WEXEC_ERR_ARGUMENT for a NULL path or out. */
WEXEC_API wexec_status wexec_module_new_file(const char *path,
                                             WEXEC_OWN wexec_module **out,
                                             wexec_error *err);

/* Names are UTF-8, not NUL-terminated (they may contain U+0000): use the
 * lengths. Every pointer in an import or export description, including the
 * functype arrays, is borrowed from the module and valid until it is freed. */
typedef struct wexec_import_desc {
	const char *module;
	size_t module_len;
	const char *name;
	size_t name_len;
	wexec_externtype type;
} wexec_import_desc;

typedef struct wexec_export_desc {
	const char *name;
	size_t name_len;
	wexec_externtype type;
} wexec_export_desc;

WEXEC_API size_t wexec_module_import_count(const wexec_module *module);
WEXEC_API size_t wexec_module_export_count(const wexec_module *module);
/* Fill *out with import/export `index` (< count); false when out of range. */
WEXEC_API bool wexec_module_import(const wexec_module *module, size_t index,
                                   wexec_import_desc *out);
WEXEC_API bool wexec_module_export(const wexec_module *module, size_t index,
                                   wexec_export_desc *out);

/* ---------------------------------------------------------------- store */

/* Limits of a store. Fill one with wexec_config_init(), then set the fields
 * wanted: later versions may add fields, and a config made this way keeps
 * working with them. A zeroed config (`wexec_config c = {0}`) is valid too
 * and means every default, as 0 does in each field below. */
typedef struct wexec_config {
	/* sizeof(wexec_config) as the caller compiled it, which
	 * wexec_config_init() sets: a library newer than the caller reads no
	 * field past it. 0 means the fields up to max_store_bytes. */
	size_t size;
	/* Largest memory any instance may grow to, in 64 KiB pages;
	 * 0 means the spec's maximum (65536, or 2^48 for a memory64
	 * memory). memory.grow beyond it fails
	 * (returns -1); instantiating a memory whose minimum exceeds it fails
	 * with WEXEC_ERR_LIMIT. */
	uint64_t max_memory_pages;
	/* Deepest nesting of wasm calls; 0 means the default (see README).
	 * Exceeding it traps with WEXEC_TRAP_STACK_EXHAUSTED. */
	uint32_t max_call_depth;
	/* Operand-stack size in 8-byte slots; 0 means the default. Exceeding
	 * it also traps with WEXEC_TRAP_STACK_EXHAUSTED. */
	uint64_t max_stack_slots;
	/* Fuel: when nonzero, every call and loop back-edge consumes one unit;
	 * running out traps with WEXEC_TRAP_OUT_OF_FUEL. 0 means unlimited. */
	uint64_t fuel;
	/* Budget for the memories and tables of the store together, in bytes
	 * (a table element counts 8); 0 means none. Creating or instantiating
	 * one beyond it fails with WEXEC_ERR_LIMIT, memory.grow and
	 * table.grow beyond it fail (return -1). */
	uint64_t max_store_bytes;
} wexec_config;

/* Sets every field of *config to its default (and config->size). */
WEXEC_API void wexec_config_init(wexec_config *config);

/* config may be NULL for defaults. Returns NULL when out of memory. */
WEXEC_API WEXEC_OWN wexec_store *wexec_store_new(const wexec_config *config);
WEXEC_API void wexec_store_free(WEXEC_OWN wexec_store *store);

/* Fuel left (only meaningful when the config set fuel) and refilling it.
 * Setting a nonzero amount on a store made without fuel turns metering on
 * from then on. */
WEXEC_API uint64_t wexec_store_fuel(const wexec_store *store);
WEXEC_API void wexec_store_set_fuel(wexec_store *store, uint64_t fuel);

/* Asks running code to stop: the next call, or a taken branch soon after
 * (within 1024), traps with WEXEC_TRAP_INTERRUPTED. Safe from another thread or a signal handler.
 * The flag stays set until wexec_store_clear_interrupt(). */
WEXEC_API void wexec_store_interrupt(wexec_store *store);
WEXEC_API void wexec_store_clear_interrupt(wexec_store *store);

/* One pointer of the embedder's own per store, for host functions to reach
 * its state (through wexec_instance_store(caller)). NULL until set; wexec
 * never reads or frees it. */
WEXEC_API void wexec_store_set_data(wexec_store *store, void *data);
WEXEC_API void *wexec_store_data(const wexec_store *store);

/* One wasm function of the call stack at a trap. */
typedef struct wexec_frame {
	uint32_t funcidx; /* in its module's function index space */
	/* Its name-section name, else the name it is exported under, else
	 * empty; at most 63 bytes (longer names are cut). */
	char name[64];
} wexec_frame;

#define WEXEC_BACKTRACE_MAX 32

/* The wasm functions that were running when the store's last call
 * trapped, innermost first: copies up to `max` of them into `out` and
 * returns how many there were (up to WEXEC_BACKTRACE_MAX; frames of tail
 * calls are gone, and host functions are not listed). 0 when the last
 * call did not trap. Each outermost call into the store starts a new
 * record. */
WEXEC_API size_t wexec_store_backtrace(const wexec_store *store,
                                       wexec_frame *out, size_t max);

/* ---------------------------------------------------------------- host functions */

/* A host function. `caller` is the instance whose code made the call (NULL
 * when the embedder called the function directly); use it to reach the
 * caller's exported memory. args has type->nparams values, results room for
 * type->nresults, which the function must fill with the declared types.
 * Return WEXEC_OK, or an error: wexec_error_trap()/wexec_error_set() with
 * WEXEC_ERR_TRAP traps the wasm caller, wexec_error_exit() ends the program.
 *
 * What a host function returns is normalised where it is called: results
 * start as zero (null) values of the declared types; a funcref result must
 * be a function of the same store (otherwise WEXEC_ERR_ARGUMENT). A trap
 * whose kind is not set (WEXEC_ERR_TRAP returned without a message, or
 * written with wexec_error_set) gets err->trap == WEXEC_TRAP_HOST. A status
 * that is not a wexec_status becomes a WEXEC_ERR_TRAP with WEXEC_TRAP_HOST
 * ("host function returned unknown status N (in function MOD::NAME)"),
 * because the wasm caller cannot go on. A failure without a message gets
 * one naming the function: "host function trapped (in function MOD::NAME)",
 * after the name of its first wexec_linker_define*() definition. */
typedef wexec_status (*wexec_host_fn)(wexec_instance *caller, void *user,
                                      const wexec_val *args, wexec_val *results,
                                      wexec_error *err);

/* Creates a host function in the store. The type's arrays are copied.
 * `user` is passed back on every call and never freed by wexec. */
WEXEC_API wexec_status wexec_func_new(wexec_store *store,
                                      const wexec_functype *type,
                                      wexec_host_fn fn, void *user,
                                      wexec_func **out, wexec_error *err);

/* ---------------------------------------------------------------- runtime objects */

/* The function's type; arrays borrowed from the store. */
WEXEC_API void wexec_func_type(const wexec_func *func, wexec_functype *out);

/* Calls a function (wasm or host). args must match the parameter types,
 * results must have room for every result. Traps return WEXEC_ERR_TRAP with
 * err->trap set and a message naming the trapping function when the module
 * has a name section; a proc_exit returns WEXEC_ERR_EXIT. A NULL func (as
 * wexec_instance_func returns for a missing export), args or results (when
 * nargs or nresults is nonzero), or a funcref argument of another store
 * fail with WEXEC_ERR_ARGUMENT. */
WEXEC_API wexec_status wexec_func_call(wexec_func *func, const wexec_val *args,
                                       size_t nargs, wexec_val *results,
                                       size_t nresults, wexec_error *err);

/* Name of a wasm function from the name section, or NULL. Borrowed. */
WEXEC_API const char *wexec_func_name(const wexec_func *func);

/* Standalone objects, as a host module (such as the spec's "spectest")
 * provides them. Limits are in pages (memory) or elements (table). */
WEXEC_API wexec_status wexec_memory_new(wexec_store *store,
                                        const wexec_limits *limits,
                                        wexec_memory **out, wexec_error *err);
WEXEC_API wexec_status wexec_table_new(wexec_store *store, wexec_valtype elem,
                                       const wexec_limits *limits,
                                       const wexec_val *init, wexec_table **out,
                                       wexec_error *err);
WEXEC_API wexec_status wexec_global_new(wexec_store *store,
                                        const wexec_val *value, bool mutable_,
                                        wexec_global **out, wexec_error *err);

/* Linear memory. The data pointer is valid until the memory grows (any
 * call into wasm may grow it); size is in bytes. */
WEXEC_API uint8_t *wexec_memory_data(wexec_memory *memory);
WEXEC_API uint64_t wexec_memory_size(const wexec_memory *memory);
WEXEC_API uint64_t wexec_memory_pages(const wexec_memory *memory);
/* The memory's type: its limits with the current size as min, and
 * whether it is a 64-bit memory (limits->is64). All zero for NULL. */
WEXEC_API void wexec_memory_type(const wexec_memory *memory,
                                 wexec_limits *limits);
/* Grows by delta pages; *old_pages (may be NULL) receives the previous
 * size. Fails with WEXEC_ERR_LIMIT beyond the maximum. */
WEXEC_API wexec_status wexec_memory_grow(wexec_memory *memory, uint64_t delta,
                                         uint64_t *old_pages, wexec_error *err);
/* Bounds-checked copies; an out-of-range access fails with
 * WEXEC_ERR_TRAP/WEXEC_TRAP_MEMORY_OOB and copies nothing. */
WEXEC_API wexec_status wexec_memory_read(const wexec_memory *memory,
                                         uint64_t offset, void *buf, size_t len,
                                         wexec_error *err);
WEXEC_API wexec_status wexec_memory_write(wexec_memory *memory, uint64_t offset,
                                          const void *buf, size_t len,
                                          wexec_error *err);

/* Elements are read and written as values of the table's element type;
 * a value of another type, or a function of another store (wexec_table_new
 * and wexec_table_grow's init, wexec_table_set's value), fails with
 * WEXEC_ERR_ARGUMENT, an index at or
 * past the size with WEXEC_ERR_TRAP/WEXEC_TRAP_TABLE_OOB. limits->min is
 * the current size. A NULL init means null references. Growing beyond the
 * maximum fails with WEXEC_ERR_LIMIT. */
WEXEC_API void wexec_table_type(const wexec_table *table, wexec_valtype *elem,
                                wexec_limits *limits);
WEXEC_API uint32_t wexec_table_size(const wexec_table *table);
WEXEC_API wexec_status wexec_table_get(const wexec_table *table, uint32_t index,
                                       wexec_val *out, wexec_error *err);
WEXEC_API wexec_status wexec_table_set(wexec_table *table, uint32_t index,
                                       const wexec_val *value,
                                       wexec_error *err);
WEXEC_API wexec_status wexec_table_grow(wexec_table *table, uint32_t delta,
                                        const wexec_val *init,
                                        uint32_t *old_size, wexec_error *err);

WEXEC_API void wexec_global_type(const wexec_global *global,
                                 wexec_valtype *type, bool *mutable_);
WEXEC_API void wexec_global_get(const wexec_global *global, wexec_val *out);
/* Fails with WEXEC_ERR_ARGUMENT for an immutable global, a wrong type or
 * a funcref of another store (wexec_global_new refuses one too). */
WEXEC_API wexec_status wexec_global_set(wexec_global *global,
                                        const wexec_val *value,
                                        wexec_error *err);

/* ---------------------------------------------------------------- linker and instances */

/* The linker keeps borrowed references into `store`; free it before the
 * store. Returns NULL when out of memory or when store is NULL. */
WEXEC_API WEXEC_OWN wexec_linker *wexec_linker_new(wexec_store *store);
WEXEC_API void wexec_linker_free(WEXEC_OWN wexec_linker *linker);

/* Defines (module, name) as an external of the linker's store. Redefining a
 * pair replaces the earlier definition. Strings are copied. An external of
 * another store fails with WEXEC_ERR_ARGUMENT. */
WEXEC_API wexec_status wexec_linker_define(wexec_linker *linker,
                                           const char *module, const char *name,
                                           const wexec_extern *ext,
                                           wexec_error *err);

/* Shorthand: wexec_func_new + wexec_linker_define. */
WEXEC_API wexec_status wexec_linker_define_func(
    wexec_linker *linker, const char *module, const char *name,
    const wexec_functype *type, wexec_host_fn fn, void *user, wexec_error *err);

/* Defines every export of `instance` under the module name `module`
 * (the spec's "register"). An instance of another store, or one freed
 * with wexec_instance_free, fails with WEXEC_ERR_ARGUMENT. */
WEXEC_API wexec_status wexec_linker_define_instance(wexec_linker *linker,
                                                    const char *module,
                                                    wexec_instance *instance,
                                                    wexec_error *err);

/* Defines each function import of `module` that the linker does not
 * define yet as a host function that traps when called, with the message
 * "unknown import MOD::NAME called" (WEXEC_ERR_TRAP, WEXEC_TRAP_HOST), so
 * that a module with imports nothing provides can still be instantiated
 * and run as long as it does not call them (wasmtime's
 * define_unknown_imports_as_traps). Call it after every real definition.
 * Imports of other kinds are left alone: instantiation still reports them
 * as unknown; so is an import defined with the wrong type. Errors:
 * WEXEC_ERR_ARGUMENT (NULL linker or module), WEXEC_ERR_NOMEM. */
WEXEC_API wexec_status wexec_linker_define_unknown_imports_as_traps(
    wexec_linker *linker, const wexec_module *module, wexec_error *err);

/* The same three with names as (pointer, length), UTF-8 and not
 * NUL-terminated, as wexec_import_desc and wexec_linker_get give them, so
 * an import can be defined straight from its description: names may hold
 * U+0000, and a pointer may be NULL when its length is 0. The bytes are
 * copied. Errors as above; a NULL name with a nonzero length is
 * WEXEC_ERR_ARGUMENT. */
WEXEC_API wexec_status wexec_linker_define_n(wexec_linker *linker,
                                             const char *module,
                                             size_t module_len,
                                             const char *name, size_t name_len,
                                             const wexec_extern *ext,
                                             wexec_error *err);
WEXEC_API wexec_status wexec_linker_define_func_n(
    wexec_linker *linker, const char *module, size_t module_len,
    const char *name, size_t name_len, const wexec_functype *type,
    wexec_host_fn fn, void *user, wexec_error *err);
WEXEC_API wexec_status wexec_linker_define_instance_n(
    wexec_linker *linker, const char *module, size_t module_len,
    wexec_instance *instance, wexec_error *err);

/* Looks up a definition; false when there is none. */
WEXEC_API bool wexec_linker_get(const wexec_linker *linker, const char *module,
                                size_t module_len, const char *name,
                                size_t name_len, wexec_extern *out);

/* How an import resolves in a linker. */
typedef enum wexec_import_status {
	WEXEC_IMPORT_NONE = 0,     /* no such import (or a NULL handle) */
	WEXEC_IMPORT_RESOLVED,     /* defined, with a type that matches */
	WEXEC_IMPORT_UNKNOWN,      /* not defined: "unknown import" */
	WEXEC_IMPORT_INCOMPATIBLE, /* defined, with a type that does not
	                              match: "incompatible import type" */
} wexec_import_status;

/* How import `index` of `module` resolves in the linker now, by the rules
 * wexec_linker_instantiate applies (import subtyping against the current
 * size of tables and memories). When instantiation fails with
 * WEXEC_ERR_UNLINKABLE, the import it names is the first, in the
 * module's order, that is not WEXEC_IMPORT_RESOLVED: this tells an
 * embedder which import failed and why without reading the message.
 * WEXEC_IMPORT_NONE for a NULL linker or module or an index past the
 * module's imports. */
WEXEC_API wexec_import_status
wexec_linker_import_status(const wexec_linker *linker,
                           const wexec_module *module, size_t index);

/* Instantiates `module` in the linker's store: resolves imports
 * (WEXEC_ERR_UNLINKABLE: "unknown import: MOD::NAME" or "incompatible
 * import type: MOD::NAME ..."), then allocates globals, tables and
 * memories, initialises element and data segments and runs the start
 * function, in the spec's order. A trap during initialisation returns
 * WEXEC_ERR_TRAP; writes already made to imported tables and memories
 * stay, as the spec requires. The instance belongs to the store; the
 * module must outlive it. */
WEXEC_API wexec_status wexec_linker_instantiate(wexec_linker *linker,
                                                const wexec_module *module,
                                                wexec_instance **out,
                                                wexec_error *err);

/* Frees what `instance` allocated (its functions, globals, tables and
 * memories) before its store goes, when nothing else can reach it. It
 * refuses with WEXEC_ERR_ARGUMENT, freeing nothing, while code runs in the
 * store ("the store is running code": from a host function, say) and
 * while the rest of the store still refers to it ("the instance is still
 * in use: WHY"): another instance imports one of its functions, tables,
 * memories or globals, a table, global or element segment outside it
 * holds one of its functions, or a linker defines one of its exports
 * (free that linker first). An instance whose instantiation failed counts
 * as a user of everything it imported, until the store goes. Handles to
 * the instance's own functions, globals, tables and memories, and the
 * memory data of those, are invalid afterwards. The instance handle
 * itself stays valid until the store is freed, so its address is never
 * another instance's: it then has no exports and no module (the export
 * functions answer as for an instance without exports), its user data
 * and store are kept, and freeing it again does nothing (WEXEC_OK, as
 * for NULL). Memories and tables freed give their bytes back to the
 * store's budget (max_store_bytes). */
WEXEC_API wexec_status wexec_instance_free(wexec_instance *instance,
                                           wexec_error *err);

/* Looks up an export by name (UTF-8, with length). false if absent. */
WEXEC_API bool wexec_instance_export(const wexec_instance *instance,
                                     const char *name, size_t name_len,
                                     wexec_extern *out);
/* An instance's exports, in the module's order, with the types of the
 * externals they are now: a function's type, a table's element type and
 * limits and a memory's limits with the current size as minimum (in
 * elements and pages), a global's type. wexec_instance_export_at fills
 * *out (and *ext, which may be NULL, with the external) for export
 * `index` < count; false, with *out and *ext zeroed, when index is out of
 * range or instance is NULL. The name and the functype arrays are
 * borrowed: the name from the module, valid until it is freed; the
 * arrays from the module or the store, valid while both are. */
WEXEC_API size_t wexec_instance_export_count(const wexec_instance *instance);
WEXEC_API bool wexec_instance_export_at(const wexec_instance *instance,
                                        size_t index, wexec_export_desc *out,
                                        wexec_extern *ext);
/* Conveniences for NUL-terminated names; NULL when absent or another kind. */
WEXEC_API wexec_func *wexec_instance_func(const wexec_instance *instance,
                                          const char *name);
WEXEC_API wexec_memory *wexec_instance_memory(const wexec_instance *instance,
                                              const char *name);
WEXEC_API wexec_global *wexec_instance_global(const wexec_instance *instance,
                                              const char *name);
/* The instance's memories by index, exported or not (multi-memory): the
 * module's memory index space, imported ones first. NULL past the last,
 * or for a freed instance. */
WEXEC_API uint32_t wexec_instance_memory_count(const wexec_instance *instance);
WEXEC_API wexec_memory *wexec_instance_memory_at(const wexec_instance *instance,
                                                 uint32_t index);
WEXEC_API wexec_table *wexec_instance_table(const wexec_instance *instance,
                                            const char *name);
WEXEC_API const wexec_module *
wexec_instance_module(const wexec_instance *instance);
/* The store the instance belongs to. */
WEXEC_API wexec_store *wexec_instance_store(const wexec_instance *instance);

/* One pointer of the embedder's own per instance, as for stores: a host
 * function finds it with wexec_instance_data(caller) (caller is NULL when
 * the embedder calls the function directly). NULL until set; wexec never
 * reads or frees it. */
WEXEC_API void wexec_instance_set_data(wexec_instance *instance, void *data);
WEXEC_API void *wexec_instance_data(const wexec_instance *instance);

/* ---------------------------------------------------------------- profiling */

/* Where a store's code spends its time, per function: while profiling is
 * on, every call to a function (wasm or host) is counted, and each tick
 * the embedder gives with wexec_store_profile_tick() becomes a sample of
 * the function running at the interpreter's next call, poll at a branch or
 * return (a host function's when it returns). The library takes no time
 * itself and installs no timer or signal handler: the embedder ticks at
 * the rate it wants, from a timer thread or a signal handler
 * (tools/profile.c, the command's --profile, ticks every millisecond of
 * the running thread's CPU time). Off, profiling costs nothing; on, every
 * wasm-to-wasm call takes the interpreter's slower general path.
 *
 * Counts accumulate in the functions over every period profiling was on
 * and are never reset; a function shared by instances (an import) has
 * one count. Ticks that come while no wasm code of the store runs are
 * dropped when the next outermost call begins. */
WEXEC_API void wexec_store_profile_start(wexec_store *store);
WEXEC_API void wexec_store_profile_stop(wexec_store *store);
WEXEC_API bool wexec_store_profiling(const wexec_store *store);

/* One sample is due: async-signal-safe and callable from any thread, as
 * wexec_store_interrupt(). Does nothing while the store does not profile.
 * Ticks coming faster than the code polls add up, none is lost. */
WEXEC_API void wexec_store_profile_tick(wexec_store *store);

/* One function of an instance's function index space (imports first). */
typedef struct wexec_profile_entry {
	uint32_t funcidx;
	/* An import: a host function, or a function of another instance. */
	bool imported;
	/* Its name-section name, else the name it is exported under, else
	 * for a host function "MODULE::NAME" of its first linker definition,
	 * else for another instance's function the name that instance's
	 * module gives it; NULL (len 0) for none. name_len bytes, not
	 * NUL-terminated; borrowed from the module or the store, valid while
	 * the instance lives. */
	const char *name;
	size_t name_len;
	uint64_t calls;   /* calls made to it while profiling */
	uint64_t samples; /* ticks that found it running */
} wexec_profile_entry;

/* Copies the records of the first `max` functions of the instance's
 * function index space into `out` (which may be NULL with max 0) and
 * returns how many functions it has; 0 for a NULL instance. */
WEXEC_API size_t wexec_instance_profile(const wexec_instance *instance,
                                        wexec_profile_entry *out,
                                        size_t max);

/* ---------------------------------------------------------------- bytes in, bytes out */

/* Calls export `name` of a plugin with bytes in and bytes out, by the
 * convention of docs/call-bytes.md. The instance exports its memory as
 * "memory", `alloc: (i32 len) -> i32 ptr`, optionally `dealloc: (i32 ptr,
 * i32 len) -> ()`, and `name: (i32 ptr, i32 len) -> i64`, whose result
 * packs where the output lies: the pointer in the high 32 bits, the length
 * in the low 32 bits.
 *
 * The input goes to alloc(in_len)'s block (an empty input is (0, 0),
 * nothing allocated); the output is copied into *out, which the caller
 * owns and frees with free() (NULL, with *out_len 0, for an empty
 * output). Both blocks are then the host's to give back: when the guest
 * exports dealloc, it is called for the output, then for the input (never
 * for a length of 0). A WASI reactor needs wexec_wasi_initialize() first.
 *
 * Errors, *out NULL and *out_len 0 with every one: WEXEC_ERR_ARGUMENT for
 * a NULL instance, name, out or out_len (or in with in_len > 0), an input
 * longer than 2^32 - 1 bytes, a missing export or one of another type
 * ("call_bytes: no exported function 'alloc'", "call_bytes: export 'f'
 * must have type (i32, i32) -> i64"), alloc returning 0, and a block the
 * guest names that does not lie inside its memory, its end reckoned in 64
 * bits ("call_bytes: the output (ptr P, len N) lies outside the guest's
 * memory (S bytes)"); WEXEC_ERR_TRAP and WEXEC_ERR_EXIT from the guest's
 * code; WEXEC_ERR_NOMEM. After a trap or exit no more guest code runs,
 * so the input block is not given back. */
WEXEC_API wexec_status wexec_call_bytes(wexec_instance *inst, const char *name,
                                        const uint8_t *in, size_t in_len,
                                        WEXEC_OWN uint8_t **out,
                                        size_t *out_len, wexec_error *err);

#ifdef __cplusplus
}
#endif

/* WASI preview1 has its own header. wexec.h still brings it in, so that
 * programs written before the split keep compiling; new code includes
 * wexec_wasi.h where it uses WASI, and defining WEXEC_NO_WASI leaves it
 * out (the engine is built so, as it must not depend on WASI). */
#ifndef WEXEC_NO_WASI
#include "wexec_wasi.h"
#endif

#endif /* WEXEC_H */
