/*
 * decode_segments.c - the code, element and data sections
 * (spec: binary/modules.rst, "Code Section", "Element Section", "Data
 * Section") and the name custom section (spec: appendix/custom.rst).
 *
 * Function bodies are only split into their local declarations and the
 * instruction bytes; the validator walks the instructions once and reports
 * malformed ones itself.
 */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

/* Checks the local declarations of a body ending at `end` and counts them
 * into f->nlocals; *decls_at receives where they start, for
 * expand_locals once the whole section is checked and one block holds
 * the locals of every function. */
static bool read_locals(wx_decoder *d, wx_func *f, size_t end, size_t *decls_at)
{
	wx_reader *r = &d->r;
	size_t file_end = r->end;
	uint32_t ndecls, count;
	uint64_t total = 0;
	wx_valtype t;

	r->end = end;
	*decls_at = r->pos; /* the vector's length included */
	if (!wx_decode_len(r, &ndecls))
		goto fail;
	for (uint32_t i = 0; i < ndecls; i++) {
		size_t at = r->pos;
		if (!wx_read_u32(r, &count) || !wx_decode_valtype(r, &t))
			goto fail;
		total += count;
		if (total > WX_MAX_FUNC_LOCALS ||
		    d->total_locals + total > d->max_locals) {
			r->pos = at;
			wx_reader_fail(r, "too many locals");
			goto fail;
		}
	}
	r->end = file_end;
	d->total_locals += total;
	f->nlocals = (uint32_t)total;
	return true;
fail:
	r->end = file_end;
	r->pos = r->end;
	return false;
}

/* A body that does not end in `end`. The reference interpreter reads on
 * past the body's size until it meets an `end`, so the suite expects the
 * message for whatever follows: the end of the file, the next section, or
 * the next body. The validator still checks that the final 0x0B really is
 * an `end` instruction and not an immediate. */
static bool missing_end(wx_decoder *d, size_t body_end)
{
	const char *msg = "END opcode expected";
	if (body_end == d->r.end)
		msg = WX_DECODE_EOF_IN_SECTION;
	else if (body_end == d->section_end)
		msg = "section size mismatch";
	d->r.pos = body_end;
	return wx_reader_fail(&d->r, msg);
}

/* Fills f->locals at `out` from the declarations read_locals checked at
 * `decls` (their count first): cannot fail. */
static void expand_locals(wx_decoder *d, wx_func *f, size_t decls,
                          wx_valtype *out)
{
	wx_reader r;
	uint32_t ndecls, count;
	uint64_t k = 0;
	wx_valtype t;
	wx_reader_init(&r, d->m->bytes, decls, d->m->len, NULL);
	f->locals = out;
	wx_read_u32(&r, &ndecls);
	for (uint32_t i = 0; i < ndecls; i++) {
		wx_read_u32(&r, &count);
		wx_decode_valtype(&r, &t);
		memset(out + k, t, count);
		k += count;
	}
}

static bool read_body(wx_decoder *d, wx_func *f, size_t *decls_at)
{
	wx_reader *r = &d->r;
	uint32_t size;
	size_t end;

	if (!wx_decode_len(r, &size))
		return false;
	end = r->pos + size;
	if (end > r->end) {
		/* wx_decode_len lets a size overrun by its own length. */
		r->pos = r->end;
		return wx_reader_fail(r, WX_DECODE_EOF_IN_SECTION);
	}
	if (!read_locals(d, f, end, decls_at))
		return false;
	if (r->pos == end || r->base[end - 1] != 0x0B /* end */)
		return missing_end(d, end);
	f->body.offset = (uint32_t)r->pos;
	f->body.len = (uint32_t)(end - r->pos);
	r->pos = end;
	return true;
}

bool wx_decode_code_section(wx_decoder *d)
{
	wx_module *m = d->m;
	wx_reader *r = &d->r;
	size_t at = r->pos;
	uint32_t n, ndefined = m->funcs ? m->nfuncs - m->nfunc_imports : 0;
	size_t *decls;
	uint64_t total = 0, k = 0;
	bool ok = false;

	if (!wx_decode_len(r, &n))
		return false;
	d->have_code = true;
	if (n != ndefined) {
		r->pos = at;
		return wx_reader_fail(
		    r, "function and code section have inconsistent lengths");
	}
	if (n == 0)
		return true;
	/* All bodies are checked before any locals are expanded, so that
	 * one block holds them all (m->locals_pool): one allocation per
	 * module instead of one per function. */
	decls = wx_decode_alloc(d, n, sizeof *decls);
	if (!decls)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		if (!read_body(d, &m->funcs[m->nfunc_imports + i], &decls[i]))
			goto done;
		total += m->funcs[m->nfunc_imports + i].nlocals;
	}
	if (total > 0) {
		m->locals_pool = wx_decode_alloc(d, (size_t)total, 1);
		if (!m->locals_pool)
			goto done;
	}
	for (uint32_t i = 0; i < n; i++) {
		wx_func *f = &m->funcs[m->nfunc_imports + i];
		if (f->nlocals == 0)
			continue;
		expand_locals(d, f, decls[i], m->locals_pool + k);
		k += f->nlocals;
	}
	ok = true;
done:
	free(decls);
	return ok;
}

static bool read_funcidx_vec(wx_decoder *d, wx_elem *e)
{
	if (!wx_decode_count(d, &e->count))
		return false;
	if (e->count == 0)
		return true;
	e->funcidx = wx_decode_alloc(d, e->count, sizeof *e->funcidx);
	if (!e->funcidx)
		return false;
	for (uint32_t i = 0; i < e->count; i++)
		if (!wx_read_u32(&d->r, &e->funcidx[i]))
			return false;
	return true;
}

static bool read_expr_vec(wx_decoder *d, wx_elem *e)
{
	if (!wx_decode_count(d, &e->count))
		return false;
	if (e->count == 0)
		return true;
	e->exprs = wx_decode_alloc(d, e->count, sizeof *e->exprs);
	if (!e->exprs)
		return false;
	for (uint32_t i = 0; i < e->count; i++)
		if (!wx_decode_constexpr(&d->r, &e->exprs[i]))
			return false;
	return true;
}

/* The eight encodings of an element segment are a bitfield: bit 0 passive
 * or declarative, bit 1 explicit table index (active) or declarative,
 * bit 2 expressions instead of function indices. */
static bool read_elem(wx_decoder *d, wx_elem *e)
{
	wx_reader *r = &d->r;
	size_t at = r->pos;
	uint32_t flags;
	uint8_t kind;

	if (!wx_read_u32(r, &flags))
		return false;
	if (flags > 7) {
		r->pos = at;
		return wx_reader_fail(r, "malformed elements segment kind");
	}
	e->type = WX_FUNCREF;
	if (flags & 1) {
		e->mode = flags & 2 ? WX_SEG_DECLARATIVE : WX_SEG_PASSIVE;
	} else {
		e->mode = WX_SEG_ACTIVE;
		if ((flags & 2) && !wx_read_u32(r, &e->table))
			return false;
		if (!wx_decode_constexpr(r, &e->offset))
			return false;
	}
	if (!(flags & 4)) {
		if (flags & 3) {
			if (!wx_read_byte(r, &kind))
				return false;
			if (kind != 0x00) {
				r->pos--;
				return wx_reader_fail(r,
				                      "malformed element kind");
			}
		}
		return read_funcidx_vec(d, e);
	}
	if ((flags & 3) && !wx_decode_reftype(r, &e->type))
		return false;
	return read_expr_vec(d, e);
}

bool wx_decode_elem_section(wx_decoder *d)
{
	wx_module *m = d->m;
	uint32_t n;
	if (!wx_decode_count(d, &n))
		return false;
	m->elems = wx_decode_alloc(d, n, sizeof *m->elems);
	if (!m->elems)
		return false;
	m->nelems = n;
	for (uint32_t i = 0; i < n; i++)
		if (!read_elem(d, &m->elems[i]))
			return false;
	return true;
}

static bool read_data(wx_reader *r, wx_data *s)
{
	size_t at = r->pos;
	uint32_t flags, len;
	const uint8_t *p;

	if (!wx_read_u32(r, &flags))
		return false;
	switch (flags) {
	case 0:
	case 2:
		s->mode = WX_SEG_ACTIVE;
		if (flags == 2 && !wx_read_u32(r, &s->memory))
			return false;
		if (!wx_decode_constexpr(r, &s->offset))
			return false;
		break;
	case 1:
		s->mode = WX_SEG_PASSIVE;
		break;
	default:
		r->pos = at;
		return wx_reader_fail(r, "malformed data segment kind");
	}
	if (!wx_decode_len(r, &len))
		return false;
	s->init.offset = (uint32_t)r->pos;
	s->init.len = len;
	return wx_read_bytes(r, len, &p);
}

bool wx_decode_data_section(wx_decoder *d)
{
	wx_module *m = d->m;
	wx_reader *r = &d->r;
	size_t at = r->pos;
	uint32_t n;

	if (!wx_decode_count(d, &n))
		return false;
	if (m->has_datacount && n != m->datacount) {
		r->pos = at;
		return wx_reader_fail(
		    r, "data count and data section have inconsistent lengths");
	}
	m->datas = wx_decode_alloc(d, n, sizeof *m->datas);
	if (!m->datas)
		return false;
	m->ndatas = n;
	for (uint32_t i = 0; i < n; i++)
		if (!read_data(r, &m->datas[i]))
			return false;
	return true;
}

/* ------------------------------------------------------- name section */

static void read_func_names(wx_module *m, wx_reader *r)
{
	uint32_t n, idx;
	wx_name name;
	if (!wx_decode_len(r, &n))
		return;
	for (uint32_t i = 0; i < n; i++) {
		if (!wx_read_u32(r, &idx) || !wx_decode_name(r, &name))
			return;
		if (idx < m->nfuncs)
			m->funcs[idx].name = name;
	}
}

void wx_decode_names(wx_module *m, size_t start, size_t end)
{
	wx_reader r;
	/* No error record: a broken name section leaves the module valid. */
	wx_reader_init(&r, m->bytes, start, end, NULL);
	while (!wx_reader_done(&r)) {
		uint8_t id;
		uint32_t size;
		wx_reader sub;
		wx_name name;
		if (!wx_read_byte(&r, &id) || !wx_decode_len(&r, &size) ||
		    size > wx_reader_left(&r))
			return;
		wx_reader_init(&sub, m->bytes, r.pos, r.pos + size, NULL);
		if (id == 0 && wx_decode_name(&sub, &name))
			m->name = name;
		else if (id == 1)
			read_func_names(m, &sub);
		r.pos += size;
	}
}
