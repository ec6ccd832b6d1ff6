/*
 * decode.c - binary module decoding (spec: binary/modules.rst: preamble,
 * sections and their order, type, import, function, table, memory, global,
 * export, start and data count sections; binary/types.rst: value, reference,
 * function, limit, table, memory and global types). The code, element, data
 * and name sections are in decode_segments.c, instructions in decode_expr.c.
 *
 * Only *malformed* errors are reported here; index ranges and typing are the
 * validator's. Every vector count is checked against the bytes left before
 * anything is allocated, so hostile counts cannot make the decoder allocate
 * more than a small multiple of the input size.
 */
#include "decode.h"
#include "bigalloc.h"

#include <stdlib.h>
#include <string.h>

enum {
	SEC_CUSTOM = 0, SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY,
	SEC_GLOBAL, SEC_EXPORT, SEC_START, SEC_ELEM, SEC_CODE, SEC_DATA,
	SEC_DATACOUNT, SEC_COUNT
};

/* Position of each section id in the required order (binary/modules.rst,
 * "Modules"): data count sits between element and code. */
static const uint8_t section_rank[SEC_COUNT] = {
	[SEC_TYPE] = 1, [SEC_IMPORT] = 2, [SEC_FUNCTION] = 3, [SEC_TABLE] = 4,
	[SEC_MEMORY] = 5, [SEC_GLOBAL] = 6, [SEC_EXPORT] = 7, [SEC_START] = 8,
	[SEC_ELEM] = 9, [SEC_DATACOUNT] = 10, [SEC_CODE] = 11, [SEC_DATA] = 12,
};

void *wx_decode_alloc(wx_decoder *d, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		d->nomem = true;
		wexec_error_set(d->err, WEXEC_ERR_NOMEM, "out of memory");
		d->r.failed = true;
	}
	return p;
}

bool wx_decode_len(wx_reader *r, uint32_t *out)
{
	/* Measured from before the length itself, as the reference
	 * interpreter does; the suite's messages depend on it. */
	size_t start = r->pos;
	uint32_t n;
	if (!wx_read_u32(r, &n))
		return false;
	if (n > r->end - start) {
		r->pos = start;
		return wx_reader_fail(r, "length out of bounds");
	}
	*out = n;
	return true;
}

bool wx_decode_count(wx_decoder *d, uint32_t *out)
{
	wx_reader *r = &d->r;
	size_t left;
	if (!wx_decode_len(r, out))
		return false;
	left = d->section_end > r->pos ? d->section_end - r->pos : 0;
	if (*out > left) {
		/* The elements cannot all fit: reading them would run out of
		 * the section. */
		r->pos = d->section_end < r->end ? d->section_end : r->end;
		return wx_reader_fail(r, WX_DECODE_EOF_IN_SECTION);
	}
	return true;
}

/* A one-byte LEB128 field whose value is 0 or 1 (limits flags): the
 * reference interpreter reads it as a 1-bit integer, hence its messages. */
static bool read_flag(wx_reader *r, bool *out)
{
	uint8_t b;
	if (!wx_read_byte(r, &b))
		return false;
	if (b & 0x7E) {
		r->pos--;
		/* Bits of later proposals: say which. */
		return wx_reader_fail(
		    r, b == 0x02 || b == 0x03
		           ? "integer too large (shared memories: threads are "
		             "not supported)"
		       : (b & 0x78) == 0 ? "integer too large (memory64 is not "
		                           "enabled)"
		                         : "integer too large");
	}
	if (b & 0x80)
		return wx_reader_fail(r, "integer representation too long");
	*out = b != 0;
	return true;
}

/* Types are one-byte negative s7 values: a continuation bit is an overlong
 * integer rather than an unknown type. */
static bool read_type_byte(wx_reader *r, uint8_t *out)
{
	if (!wx_read_byte(r, out))
		return false;
	if (*out & 0x80)
		return wx_reader_fail(r, "integer representation too long");
	return true;
}

bool wx_decode_valtype(wx_reader *r, wx_valtype *out)
{
	uint8_t b;
	if (!read_type_byte(r, &b))
		return false;
	switch (b) {
	case WX_I32: case WX_I64: case WX_F32: case WX_F64: case WX_V128:
	case WX_FUNCREF: case WX_EXTERNREF:
		*out = b;
		return true;
	}
	r->pos--;
	return wx_reader_fail(r, "malformed value type");
}

bool wx_decode_reftype(wx_reader *r, wx_valtype *out)
{
	uint8_t b;
	if (!read_type_byte(r, &b))
		return false;
	if (b != WX_FUNCREF && b != WX_EXTERNREF) {
		r->pos--;
		return wx_reader_fail(r, "malformed reference type");
	}
	*out = b;
	return true;
}

bool wx_decode_name(wx_reader *r, wx_name *out)
{
	uint32_t n;
	const uint8_t *p;
	if (!wx_decode_len(r, &n) || !wx_read_bytes(r, n, &p))
		return false;
	if (!wx_utf8_valid(p, n)) {
		r->pos -= n;
		return wx_reader_fail(r, "malformed UTF-8 encoding");
	}
	out->str = (const char *)p;
	out->len = n;
	return true;
}

static bool read_limits(wx_reader *r, wx_limits *out)
{
	uint32_t min, max = 0;
	bool has_max = false;
	if (!read_flag(r, &has_max) || !wx_read_u32(r, &min))
		return false;
	if (has_max && !wx_read_u32(r, &max))
		return false;
	out->min = min;
	out->max = max;
	out->has_max = has_max;
	out->is64 = false;
	return true;
}

/* A memory type (binary/types.rst "Memory Types"): with memory64 the flags
 * byte may also say i64 (0x04), and the bounds of every memory are read
 * as u64s (whether a 32-bit one's fit is the validator's question). */
static bool read_memtype(wx_reader *r, wx_limits *out)
{
	uint8_t flags;
	if (!(r->features & WEXEC_FEATURE_MEMORY64))
		return read_limits(r, out);
	if (!wx_read_byte(r, &flags))
		return false;
	if (flags & ~0x05u) {
		r->pos--;
		return wx_reader_fail(r, flags == 0x02 || flags == 0x03
		                             ? "malformed limits flags (shared "
		                               "memories: threads are not "
		                               "supported)"
		                             : "malformed limits flags");
	}
	out->has_max = flags & 1;
	out->is64 = flags & 4;
	out->max = 0;
	return wx_read_u64(r, &out->min) &&
	       (!out->has_max || wx_read_u64(r, &out->max));
}

static bool read_tabletype(wx_reader *r, wx_tabletype *out)
{
	return wx_decode_reftype(r, &out->elem) && read_limits(r, &out->limits);
}

static bool read_globaltype(wx_reader *r, wx_globaltype *out)
{
	uint8_t mut;
	if (!wx_decode_valtype(r, &out->type) || !wx_read_byte(r, &mut))
		return false;
	if (mut > 1) {
		r->pos--;
		return wx_reader_fail(r, "malformed mutability");
	}
	out->mut = mut == 1;
	return true;
}

/* ------------------------------------------------------------ sections */

static bool read_functype(wx_decoder *d, wx_functype *out)
{
	wx_reader *r = &d->r;
	uint8_t form;
	uint32_t np, nr;
	size_t at;
	wx_valtype *types;

	if (!read_type_byte(r, &form))
		return false;
	if (form != 0x60) {
		r->pos--;
		return wx_reader_fail(r, "malformed function type");
	}
	/* Params and results share one allocation, owned by `params` (even
	 * when there are none). The params are checked in place and copied
	 * once the results' count gives the allocation's size. */
	if (!wx_decode_len(r, &np))
		return false;
	if (np > WX_MAX_FUNC_PARAMS)
		return wx_reader_fail(r, "too many parameters (more than 1000)");
	at = r->pos;
	for (uint32_t i = 0; i < np; i++)
		if (!wx_decode_valtype(r, &form))
			return false;
	if (!wx_decode_len(r, &nr))
		return false;
	if (nr > WX_MAX_FUNC_RESULTS)
		return wx_reader_fail(r, "too many results (more than 1000)");
	if (np == 0 && nr == 0)
		return true;
	types = wx_decode_alloc(d, (size_t)np + nr, 1);
	if (!types)
		return false;
	memcpy(types, r->base + at, np);
	out->params = types;
	out->results = types + np;
	out->nparams = np;
	out->nresults = nr;
	for (uint32_t i = 0; i < nr; i++)
		if (!wx_decode_valtype(r, &types[np + i]))
			return false;
	return true;
}

static bool decode_types(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n))
		return false;
	m->types = wx_decode_alloc(d, n, sizeof *m->types);
	if (!m->types)
		return false;
	m->ntypes = n;
	for (uint32_t i = 0; i < n; i++)
		if (!read_functype(d, &m->types[i]))
			return false;
	return true;
}

static bool read_import(wx_reader *r, wx_import *out)
{
	if (!wx_decode_name(r, &out->module) || !wx_decode_name(r, &out->name) ||
	    !wx_read_byte(r, &out->kind))
		return false;
	switch (out->kind) {
	case WX_EXTERN_FUNC:
		return wx_read_u32(r, &out->desc.typeidx);
	case WX_EXTERN_TABLE:
		return read_tabletype(r, &out->desc.table);
	case WX_EXTERN_MEMORY:
		return read_memtype(r, &out->desc.memory);
	case WX_EXTERN_GLOBAL:
		return read_globaltype(r, &out->desc.global);
	}
	r->pos--;
	return wx_reader_fail(r, "malformed import kind");
}

static bool decode_imports(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n))
		return false;
	m->imports = wx_decode_alloc(d, n, sizeof *m->imports);
	if (!m->imports)
		return false;
	m->nimports = n;
	for (uint32_t i = 0; i < n; i++) {
		wx_import *im = &m->imports[i];
		if (!read_import(&d->r, im))
			return false;
		m->nfunc_imports += im->kind == WX_EXTERN_FUNC;
		m->ntable_imports += im->kind == WX_EXTERN_TABLE;
		m->nmem_imports += im->kind == WX_EXTERN_MEMORY;
		m->nglobal_imports += im->kind == WX_EXTERN_GLOBAL;
	}
	return true;
}

/* Allocates the index space of one extern kind for its imports plus
 * `ndefined` definitions, and fills in the imported entries. Called when
 * the kind's section is decoded, or after the last section for a kind
 * whose section is absent. */
static bool alloc_space(wx_decoder *d, uint8_t kind, uint32_t ndefined)
{
	wx_module *m = d->m;
	size_t k = 0;
	switch (kind) {
	case WX_EXTERN_FUNC:
		m->nfuncs = m->nfunc_imports + ndefined;
		m->funcs = wx_decode_alloc(d, m->nfuncs, sizeof *m->funcs);
		if (!m->funcs)
			return false;
		break;
	case WX_EXTERN_TABLE:
		m->ntables = m->ntable_imports + ndefined;
		m->tables = wx_decode_alloc(d, m->ntables, sizeof *m->tables);
		if (!m->tables)
			return false;
		break;
	case WX_EXTERN_MEMORY:
		m->nmems = m->nmem_imports + ndefined;
		m->mems = wx_decode_alloc(d, m->nmems, sizeof *m->mems);
		if (!m->mems)
			return false;
		break;
	case WX_EXTERN_GLOBAL:
		m->nglobals = m->nglobal_imports + ndefined;
		m->globals = wx_decode_alloc(d, m->nglobals, sizeof *m->globals);
		if (!m->globals)
			return false;
		break;
	}
	for (uint32_t i = 0; i < m->nimports; i++) {
		const wx_import *im = &m->imports[i];
		if (im->kind != kind)
			continue;
		switch (kind) {
		case WX_EXTERN_FUNC: m->funcs[k].typeidx = im->desc.typeidx; break;
		case WX_EXTERN_TABLE: m->tables[k] = im->desc.table; break;
		case WX_EXTERN_MEMORY: m->mems[k] = im->desc.memory; break;
		case WX_EXTERN_GLOBAL: m->globals[k].type = im->desc.global; break;
		}
		k++;
	}
	return true;
}

static bool decode_functions(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n) || !alloc_space(d, WX_EXTERN_FUNC, n))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!wx_read_u32(&d->r, &m->funcs[m->nfunc_imports + i].typeidx))
			return false;
	return true;
}

static bool decode_tables(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n) || !alloc_space(d, WX_EXTERN_TABLE, n))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!read_tabletype(&d->r, &m->tables[m->ntable_imports + i]))
			return false;
	return true;
}

static bool decode_memories(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n) || !alloc_space(d, WX_EXTERN_MEMORY, n))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!read_memtype(&d->r, &m->mems[m->nmem_imports + i]))
			return false;
	return true;
}

static bool decode_globals(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n) || !alloc_space(d, WX_EXTERN_GLOBAL, n))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		wx_global *g = &m->globals[m->nglobal_imports + i];
		if (!read_globaltype(&d->r, &g->type) ||
		    !wx_decode_constexpr(&d->r, &g->init))
			return false;
	}
	return true;
}

static bool decode_exports(wx_decoder *d)
{
	wx_module *m = d->m;
	wx_reader *r = &d->r;
	uint32_t n;
	if (!wx_decode_count(d, &n))
		return false;
	m->exports = wx_decode_alloc(d, n, sizeof *m->exports);
	if (!m->exports)
		return false;
	m->nexports = n;
	for (uint32_t i = 0; i < n; i++) {
		wx_export *ex = &m->exports[i];
		if (!wx_decode_name(r, &ex->name) || !wx_read_byte(r, &ex->kind))
			return false;
		if (ex->kind > WX_EXTERN_GLOBAL) {
			r->pos--;
			return wx_reader_fail(r, "malformed export kind");
		}
		if (!wx_read_u32(r, &ex->index))
			return false;
	}
	return true;
}

static bool decode_section(wx_decoder *d, uint8_t id)
{
	wx_module *m = d->m;
	switch (id) {
	case SEC_TYPE: return decode_types(d);
	case SEC_IMPORT: return decode_imports(d);
	case SEC_FUNCTION: return decode_functions(d);
	case SEC_TABLE: return decode_tables(d);
	case SEC_MEMORY: return decode_memories(d);
	case SEC_GLOBAL: return decode_globals(d);
	case SEC_EXPORT: return decode_exports(d);
	case SEC_START:
		m->has_start = true;
		return wx_read_u32(&d->r, &m->start);
	case SEC_ELEM: return wx_decode_elem_section(d);
	case SEC_CODE: return wx_decode_code_section(d);
	case SEC_DATA: return wx_decode_data_section(d);
	case SEC_DATACOUNT:
		m->has_datacount = true;
		return wx_read_u32(&d->r, &m->datacount);
	}
	return false;
}

/* A custom section: a name, then opaque bytes. Its reads stay inside the
 * section since nothing follows the name to check the size against. */
static bool decode_custom(wx_decoder *d, size_t end)
{
	wx_reader r;
	wx_name name;
	/* The size may overrun the file by the length of its own LEB128
	 * (see wx_decode_len). */
	wx_reader_init(&r, d->r.base, d->r.pos, end < d->r.end ? end : d->r.end,
	               d->err);
	r.features = d->r.features;
	r.eof_message = WX_DECODE_EOF_IN_SECTION;
	if (!wx_decode_name(&r, &name)) {
		d->r.failed = true;
		return false;
	}
	if (end > d->r.end) {
		d->r.pos = d->r.end;
		return wx_reader_fail(&d->r, WX_DECODE_EOF_IN_SECTION);
	}
	if (d->names_end == 0 && name.len == 4 && memcmp(name.str, "name", 4) == 0) {
		d->names_start = r.pos;
		d->names_end = end;
	}
	d->r.pos = end;
	return true;
}

/* Reads the section header at d->r.pos and the section's contents. `rank`
 * is the order rank of the last non-custom section seen. */
static bool decode_one(wx_decoder *d, uint8_t *rank)
{
	wx_reader *r = &d->r;
	size_t start = r->pos, body;
	uint8_t id;
	uint32_t size;

	r->eof_message = "unexpected end";
	if (!wx_read_byte(r, &id))
		return false;
	if (id >= SEC_COUNT) {
		r->pos = start;
		return wx_reader_fail(r, "malformed section id");
	}
	if (id != SEC_CUSTOM) {
		if (section_rank[id] <= *rank) {
			r->pos = start;
			return wx_reader_fail(r, "unexpected content after last section");
		}
		*rank = section_rank[id];
	}
	if (!wx_decode_len(r, &size))
		return false;
	body = r->pos;
	d->section_end = body + size;
	r->eof_message = WX_DECODE_EOF_IN_SECTION;
	if (id == SEC_CUSTOM)
		return decode_custom(d, body + size);
	if (!decode_section(d, id))
		return false;
	if (r->pos != body + size) {
		r->pos = body;
		return wx_reader_fail(r, "section size mismatch");
	}
	return true;
}

static bool read_preamble(wx_reader *r)
{
	uint32_t magic, version;
	if (!wx_read_u32le(r, &magic))
		return false;
	if (magic != 0x6D736100) {
		r->pos = 0;
		return wx_reader_fail(r, "magic header not detected");
	}
	if (!wx_read_u32le(r, &version))
		return false;
	if (version != 1) {
		r->pos = 4;
		return wx_reader_fail(r, "unknown binary version");
	}
	return true;
}

/* The checks that need every section: counts that two sections must agree
 * on, and the index spaces of kinds whose section was absent. */
static bool finish(wx_decoder *d)
{
	wx_module *m = d->m;
	wx_reader *r = &d->r;
	if (!d->have_code && m->nfuncs > m->nfunc_imports)
		return wx_reader_fail(r, "function and code section have inconsistent lengths");
	if (m->has_datacount && !m->datas && m->datacount != 0)
		return wx_reader_fail(r, "data count and data section have inconsistent lengths");
	if (!m->funcs && !alloc_space(d, WX_EXTERN_FUNC, 0))
		return false;
	if (!m->tables && !alloc_space(d, WX_EXTERN_TABLE, 0))
		return false;
	if (!m->mems && !alloc_space(d, WX_EXTERN_MEMORY, 0))
		return false;
	if (!m->globals && !alloc_space(d, WX_EXTERN_GLOBAL, 0))
		return false;
	return true;
}

static bool decode_all(wx_decoder *d)
{
	uint8_t rank = 0;

	if (!read_preamble(&d->r))
		return false;
	while (!wx_reader_done(&d->r))
		if (!decode_one(d, &rank))
			return false;
	if (!finish(d))
		return false;
	/* Names are read last so they can name functions declared after
	 * the name section. */
	if (d->names_end)
		wx_decode_names(d->m, d->names_start, d->names_end);
	return true;
}

/* Decodes the bytes m holds (the module is freed on failure). */
static wexec_status decode_into(wx_module *m, size_t len, uint32_t features,
                                wx_module **out, wexec_error *err)
{
	wx_decoder d = {0};

	*out = NULL;
	if (!m)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	d.m = m;
	d.err = err;
	d.max_locals = WX_MODULE_LOCALS_BASE + (uint64_t)WX_MODULE_LOCALS_PER_BYTE * len;
	m->features = features;
	wx_reader_init(&d.r, m->bytes, 0, len, err);
	d.r.features = features;
	if (!decode_all(&d)) {
		wx_module_free(m);
		return d.nomem ? WEXEC_ERR_NOMEM : WEXEC_ERR_MALFORMED;
	}
	*out = m;
	return WEXEC_OK;
}

static wexec_status too_long(wexec_error *err)
{
	return wexec_error_set(err, WEXEC_ERR_MALFORMED,
	                       "length out of bounds at offset 0");
}

wexec_status wx_decode_module(const uint8_t *bytes, size_t len,
                              uint32_t features, wx_module **out,
                              wexec_error *err)
{
	*out = NULL;
	if (len > UINT32_MAX)
		return too_long(err);
	return decode_into(wx_module_new(bytes, len), len, features, out, err);
}

wexec_status wx_decode_adopted(uint8_t *bytes, size_t len, uint32_t features,
                               wx_module **out, wexec_error *err)
{
	*out = NULL;
	if (len > UINT32_MAX) {
		wx_big_free(bytes);
		return too_long(err);
	}
	return decode_into(wx_module_adopt(bytes, len), len, features, out,
	                   err);
}
