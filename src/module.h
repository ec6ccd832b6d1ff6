/*
 * module.h - the decoded form of a module (spec: syntax/modules.rst,
 * binary/modules.rst). Made and freed by module.c, filled by decode.c,
 * checked by validate.c, read by compile.c and instance.c. Everything here
 * is owned by the wx_module and freed by wx_module_free().
 */
#ifndef WX_MODULE_H
#define WX_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wexec.h"

typedef uint8_t wx_valtype;  /* binary encoding: 0x7F i32 ... 0x6F externref */

enum {
	WX_I32 = 0x7F,
	WX_I64 = 0x7E,
	WX_F32 = 0x7D,
	WX_F64 = 0x7C,
	WX_V128 = 0x7B,
	WX_FUNCREF = 0x70,
	WX_EXTERNREF = 0x6F,
};

enum { WX_EXTERN_FUNC = 0, WX_EXTERN_TABLE = 1, WX_EXTERN_MEMORY = 2, WX_EXTERN_GLOBAL = 3 };

/* A byte range inside wx_module.bytes. */
typedef struct wx_span {
	uint32_t offset;
	uint32_t len;
} wx_span;

/* A name: UTF-8 (checked by the decoder), may contain NUL. `str` points into
 * wx_module.bytes. */
typedef struct wx_name {
	const char *str;
	uint32_t len;
} wx_name;

typedef struct wx_functype {
	uint32_t nparams;
	uint32_t nresults;
	wx_valtype *params;   /* nparams entries */
	wx_valtype *results;  /* nresults entries */
} wx_functype;

/* memory64's limit on a memory's size: 2^48 pages, 2^64 bytes. */
#define WX_MAX_PAGES64 ((uint64_t)1 << 48)

typedef struct wx_limits {
	uint64_t min;
	uint64_t max;
	bool has_max;
	bool is64;                /* a memory64 memory: i64 addresses */
} wx_limits;

typedef struct wx_tabletype {
	wx_valtype elem;      /* WX_FUNCREF or WX_EXTERNREF */
	wx_limits limits;
} wx_tabletype;

typedef struct wx_globaltype {
	wx_valtype type;
	bool mut;
} wx_globaltype;

/* A constant expression: the instruction bytes up to and including the final
 * `end` (0x0B). Validated by validate.c, evaluated at instantiation. */
typedef wx_span wx_constexpr;

/* An implementation limit (appendix/implementation.rst): the values a
 * constant expression may hold on its operand stack at once. The validator
 * refuses deeper expressions, so that evaluation needs no allocation. */
#define WX_CONSTEXPR_MAX_OPERANDS 256

typedef struct wx_import {
	wx_name module;
	wx_name name;
	uint8_t kind;         /* WX_EXTERN_* */
	union {
		uint32_t typeidx;     /* FUNC */
		wx_tabletype table;   /* TABLE */
		wx_limits memory;     /* MEMORY */
		wx_globaltype global; /* GLOBAL */
	} desc;
} wx_import;

typedef struct wx_export {
	wx_name name;
	uint8_t kind;         /* WX_EXTERN_* */
	uint32_t index;       /* into the kind's index space */
} wx_export;

/* Every function of the index space, imported ones first. */
typedef struct wx_func {
	uint32_t typeidx;
	/* Defined functions only (index >= nfunc_imports): */
	uint32_t nlocals;         /* declared locals, parameters excluded */
	wx_valtype *locals;       /* nlocals entries, expanded; points into
	                             wx_module.locals_pool */
	wx_span body;             /* instruction bytes after the locals, through
	                             the final `end` */
	wx_name name;             /* from the name section; len 0 when none */
} wx_func;

typedef struct wx_global {
	wx_globaltype type;
	wx_constexpr init;        /* defined globals only */
} wx_global;

enum { WX_SEG_ACTIVE = 0, WX_SEG_PASSIVE = 1, WX_SEG_DECLARATIVE = 2 };

typedef struct wx_elem {
	uint8_t mode;             /* WX_SEG_* */
	wx_valtype type;          /* WX_FUNCREF or WX_EXTERNREF */
	uint32_t table;           /* active only */
	wx_constexpr offset;      /* active only */
	uint32_t count;
	/* Exactly one of the two is non-NULL (unless count == 0): */
	uint32_t *funcidx;        /* encodings with a vector of funcidx */
	wx_constexpr *exprs;      /* encodings with a vector of expressions */
} wx_elem;

typedef struct wx_data {
	uint8_t mode;             /* WX_SEG_ACTIVE or WX_SEG_PASSIVE */
	uint32_t memory;          /* active only */
	wx_constexpr offset;      /* active only */
	wx_span init;             /* the bytes */
} wx_data;

struct wx_code;               /* compile.h: a translated function body */

struct wexec_module {
	uint8_t *bytes;           /* owned copy of the binary (bigalloc.h) */
	size_t len;
	/* WEXEC_FEATURE_* bits the module was decoded with; every reader
	 * of its instructions reads with them (wx_reader.features). */
	uint32_t features;

	wx_functype *types;
	uint32_t ntypes;

	wx_import *imports;
	uint32_t nimports;

	wx_func *funcs;           /* index space: imports, then definitions */
	uint32_t nfuncs;
	uint32_t nfunc_imports;

	wx_tabletype *tables;
	uint32_t ntables;
	uint32_t ntable_imports;

	wx_limits *mems;
	uint32_t nmems;
	uint32_t nmem_imports;

	wx_global *globals;
	uint32_t nglobals;
	uint32_t nglobal_imports;

	wx_export *exports;
	uint32_t nexports;

	bool has_start;
	uint32_t start;

	wx_elem *elems;
	uint32_t nelems;

	wx_data *datas;
	uint32_t ndatas;

	bool has_datacount;
	uint32_t datacount;

	wx_name name;             /* module name from the name section */

	/* The locals of every defined function, which wx_func.locals point
	 * into: one block. */
	wx_valtype *locals_pool;

	/* Filled by the validator: bit i set when function i may be the
	 * operand of ref.func (spec: C.refs, valid/modules.rst). */
	uint8_t *declared_funcs;

	/* The translation cache, filled lazily by compile.c: one slot per
	 * defined function (index funcidx - nfunc_imports); NULL until
	 * first translated. Freed with the module (module.c). */
	struct wx_code **code;

	/* Filled by api.c (wx_api_module_info, from wexec_module_new): the
	 * types converted for the public wexec_functype and NUL-terminated
	 * function names, so the accessors of wexec.h can hand out borrowed
	 * pointers. NULL for a module made by wx_decode_module alone. */
	struct wx_api_info *api;
};
typedef struct wexec_module wx_module;

/* module.c: a new, empty module holding its own copy of `bytes`, for the
 * decoder to fill; NULL when out of memory. */
wx_module *wx_module_new(const uint8_t *bytes, size_t len);
/* module.c: the same, holding `bytes` themselves, a block of
 * wx_big_calloc that the module now owns (and that is freed when this
 * fails). */
wx_module *wx_module_adopt(uint8_t *bytes, size_t len);
/* module.c: wexec_module_new for a block of wx_big_calloc holding the
 * binary, which the module takes over, or which is freed on failure
 * (module_file.c reads a file into one). */
wexec_status wx_module_new_adopt(uint8_t *bytes, size_t len,
                                 wexec_module **out, wexec_error *err);
/* module.c: frees the module and everything it owns, whoever filled it:
 * the decoded sections, the validator's and the API's additions and the
 * translation cache. Accepts NULL and a module the decoder left half
 * filled. */
void wx_module_free(wx_module *module);
/* module.c: the translation cache's entry for defined function `funcidx`
 * (NULL until translated; compile.c publishes into it with
 * compare-and-swap), the cache made on first use; NULL when out of
 * memory. */
struct wx_code **wx_module_code_entry(wx_module *module, uint32_t funcidx);

static inline const wx_functype *wx_func_type(const wx_module *m, uint32_t funcidx)
{
	return &m->types[m->funcs[funcidx].typeidx];
}

#endif /* WX_MODULE_H */
