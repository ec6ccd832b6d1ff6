/*
 * runtime.h - the store's objects (spec: exec/runtime.rst): function,
 * table, memory and global instances, module instances and the store. These
 * structs are the definitions behind the opaque handles of wexec.h; the
 * interpreter reads them directly. Types only: the functions on them are
 * declared by the header of the file that defines them (store.h,
 * memory.h, table.h, instance.h, linker.h, interp.h, api.h).
 */
#ifndef WX_RUNTIME_H
#define WX_RUNTIME_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "module.h"
#include "wexec.h"

#define WX_PAGE_SIZE 65536u
#define WX_MAX_PAGES 65536u

/* One operand-stack or local slot. Every value takes one slot except v128,
 * which takes two consecutive slots (low half first). References are
 * pointers: a funcref is a wexec_func *, an externref the host's pointer,
 * null is NULL. */
typedef union wx_slot {
	uint64_t u64;
	int64_t i64;
	uint32_t u32;
	int32_t i32;
	float f32;
	double f64;
	void *ref;
} wx_slot;

struct wexec_memory {
	uint8_t *data;        /* size bytes; NULL when size == 0 */
	uint64_t size;        /* bytes, a multiple of WX_PAGE_SIZE */
	uint64_t max_pages;   /* effective maximum: the declared one capped by
	                         the store's limit */
	wx_limits type;       /* declared limits (for import matching; min is
	                         kept current with the size) */
	/* memory.c's bookkeeping: the address range reserved for the data
	 * (data == mapping whenever size > 0) and its length in bytes. */
	uint8_t *mapping;
	uint64_t mapped;
	bool reserved;        /* mapped counts against the process's total */
	wexec_store *store;   /* the owner: objects of two stores never mix */
};

struct wexec_table {
	void **elems;         /* size entries */
	uint32_t size;
	uint32_t capacity;
	uint64_t max;         /* effective maximum */
	wx_tabletype type;    /* limits.min kept current with size */
	wexec_store *store;   /* the owner; every element belongs to it */
};

struct wexec_global {
	wx_slot val[2];       /* two slots so a v128 fits */
	wx_globaltype type;
	wexec_store *store;   /* the owner; a funcref value belongs to it */
};

struct wexec_func {
	wexec_store *store;   /* the owner: a funcref never crosses stores */
	const wx_functype *type;
	uint32_t type_id;     /* the store's id for the type: two functions
	                         have the same type iff their ids are equal */
	/* A wasm function: */
	wexec_instance *inst;
	uint32_t funcidx;     /* index in inst->module's function space */
	/* A copy of the translated body's header (the module owns the
	 * cells), kept here so that a call reads one structure; until the
	 * first call, wx_code_untranslated, whose frame no stack has room
	 * for, so the fast call path needs no test of its own. */
	wx_code code;
	/* A host function (inst == NULL): */
	wexec_host_fn host;
	void *user;
	wx_functype host_type; /* storage for `type` of a host function */
	/* "module::name" of the host function's first linker definition,
	 * owned by the store, for error messages; NULL if never defined. */
	const char *host_name;
	/* While the store profiles (profile.c): calls made to the function
	 * and samples taken while it ran, counted by interp.c. */
	uint64_t calls;
	uint64_t samples;
};

struct wexec_instance {
	wexec_store *store;
	const wx_module *module;
	wexec_func **funcs;       /* module->nfuncs */
	wexec_table **tables;     /* module->ntables */
	wexec_memory **mems;      /* module->nmems */
	wexec_global **globals;   /* module->nglobals */
	uint32_t *type_ids;       /* module->ntypes: store type id per typeidx */
	bool *elem_dropped;       /* module->nelems */
	/* module->nelems: the references of each element segment, evaluated
	 * once at instantiation (instance.c); segment i has
	 * module->elems[i].count entries. table.init reads them. */
	void ***elem_refs;
	bool *data_dropped;       /* module->ndatas */
	/* wexec_instance_free sets module to NULL and frees the arrays
	 * above; the record stays in the store until it is freed, so its
	 * address is never reused for another instance there. */
	void *data;               /* the embedder's (wexec_instance_set_data) */
};

/* Interpreter state that lives in the store (interp.c). */
struct wx_stack;

/* The bits of wexec_store.attention; the ticks' count above them. */
#define WX_ATTN_INTERRUPT 1
#define WX_ATTN_PROFILING 2
#define WX_ATTN_TICK      4

struct wexec_store {
	wexec_config config;      /* defaults filled in */
	uint64_t fuel;            /* left, when config.fuel != 0 */
	/* What the interpreter must look at when it next polls (at calls and
	 * taken jumps): WX_ATTN_INTERRUPT, WX_ATTN_PROFILING while
	 * wexec_store_profile_start is in force (profile.c), and profile
	 * ticks not yet charged to a function, counted in units of
	 * WX_ATTN_TICK. Zero when there is nothing to do. */
	atomic_int attention;
	/* The address of the frame record that a wasm-to-wasm call may not
	 * reach on the interpreter's fast path: the depth limit, or 0 while
	 * fuel is metered or attention is nonzero (an interrupt, a profile),
	 * so that every call takes the path that polls (interp.c). */
	atomic_uintptr_t call_limit;
	uint32_t depth;           /* current nesting of wasm calls */
	uint64_t budget_used;     /* bytes of memories and tables, against
	                             config.max_store_bytes */

	/* Interned function types: index = type id. */
	wx_functype *types;
	uint32_t ntypes;
	uint32_t types_cap;
	/* store.c: a hash index over `types` (type ids, UINT32_MAX when
	 * empty), so interning stays fast with many distinct types. */
	uint32_t *type_index;
	uint32_t type_index_cap;  /* a power of two, or 0 */

	/* Every object the store owns, freed by wexec_store_free(). */
	void **objects;
	void (**destructors)(void *);
	size_t nobjects;
	size_t objects_cap;

	struct wx_stack *stack;   /* operand and frame stacks, made on first call */
	/* The call stack at the last trap (interp.c), innermost first. */
	wexec_frame backtrace[WEXEC_BACKTRACE_MAX];
	uint32_t nbacktrace;
	void *data;               /* the embedder's (wexec_store_set_data) */
	/* The store's live linkers (linker.c), so that freeing an instance
	 * can tell whether a linker still defines one of its exports. */
	struct wexec_linker *linkers;
};

/* Number of slots a value of `type` occupies. */
static inline uint32_t wx_slots_of(wx_valtype type)
{
	return type == WX_V128 ? 2 : 1;
}

#endif /* WX_RUNTIME_H */
