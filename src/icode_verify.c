/*
 * icode_verify.c - checks translated code against the layouts of icode.def
 * (the compiled form of exec/instructions.rst): every instruction is a
 * known one that fits in the code, every slot operand is inside the frame,
 * every jump lands on the first cell of an instruction (or of a pair's
 * second half, which begins with its own instruction), and every index is
 * below the module's count. The compiler runs it on each function it
 * translates when built with WX_VERIFY_CODE (the sanitizer and
 * switch-dispatch test builds); a failure is a bug in wexec, not in the
 * module.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icode.h"
#include "icode_verify.h"

static const char *const layouts[WX_I_COUNT] = {
#define WX_I(ident, cells, layout, meaning)   layout,
#define WX_NUM(ident, cells, layout, meaning) layout,
#include "icode.def"
};

enum kind { SLOT, BASE, JUMP, CONST, INDEX, UNKNOWN };

/* What a field name stands for; `limit` receives an index's bound. */
static enum kind kind_of(const char *name, size_t len, const wx_module *m,
                         uint32_t *limit)
{
	static const char *const slots[] = {"d", "a", "b",  "c", "i",
	                                    "s", "n", "d2", "a2"};
	static const char *const consts[] = {"k",   "k2",   "k3",  "lane",
	                                     "count", "off", "off2", "pad"};
	for (size_t i = 0; i < sizeof slots / sizeof *slots; i++)
		if (strlen(slots[i]) == len && !memcmp(name, slots[i], len))
			return SLOT;
	for (size_t i = 0; i < sizeof consts / sizeof *consts; i++)
		if (strlen(consts[i]) == len && !memcmp(name, consts[i], len))
			return CONST;
	struct {
		const char *name;
		uint32_t n;
	} const idx[] = {{"funcidx", m->nfuncs},  {"typeidx", m->ntypes},
	                 {"tableidx", m->ntables}, {"t", m->ntables},
	                 {"t2", m->ntables},       {"idx", m->nglobals},
	                 {"elemidx", m->nelems},   {"dataidx", m->ndatas},
	                 {"memidx", m->nmems},     {"memidx2", m->nmems}};
	for (size_t i = 0; i < sizeof idx / sizeof *idx; i++)
		if (strlen(idx[i].name) == len &&
		    !memcmp(name, idx[i].name, len)) {
			*limit = idx[i].n;
			return INDEX;
		}
	if (len == 4 && !memcmp(name, "base", 4))
		return BASE;
	if (len == 4 && !memcmp(name, "jump", 4))
		return JUMP;
	return UNKNOWN;
}

typedef struct verifier {
	const wx_cell *cells;
	size_t ncells;
	uint32_t frame_slots;
	const wx_module *m;
	uint8_t *start; /* bit i set: cell i starts an instruction or a
	                 * pair's second half; NULL when
	                 * out of memory, and jumps go unchecked */
	char *msg;
	size_t msglen;
	bool ok;
} verifier;

static bool fail(verifier *v, size_t at, const char *fmt, ...)
{
	if (v->ok) {
		int n = snprintf(v->msg, v->msglen, "cell %zu (%s): ", at,
		                 v->cells[at].op < WX_I_COUNT
		                     ? wx_icode_names[v->cells[at].op]
		                     : "?");
		va_list ap;
		va_start(ap, fmt);
		if (n >= 0 && (size_t)n < v->msglen)
			vsnprintf(v->msg + n, v->msglen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	v->ok = false;
	return false;
}

/* Checks one field, `name` of `len` bytes, of the instruction at `at`:
 * `value` is its 32-bit value; a jump counts from cell `origin` (the
 * start of its half of a pair). Jumps are only checked in the second pass
 * (`final`), when every instruction start is known. */
static bool field(verifier *v, size_t at, size_t origin, const char *name,
                  size_t len, uint32_t value, bool final)
{
	uint32_t limit = 0;
	switch (kind_of(name, len, v->m, &limit)) {
	case SLOT:
		if (value >= v->frame_slots)
			return fail(v, at, "slot %.*s = %u, frame of %u",
			            (int)len, name, value, v->frame_slots);
		return true;
	case BASE:
		if (value > v->frame_slots)
			return fail(v, at, "call base %u, frame of %u", value,
			            v->frame_slots);
		return true;
	case INDEX:
		if (value >= limit)
			return fail(v, at, "%.*s = %u, %u defined", (int)len,
			            name, value, limit);
		return true;
	case JUMP: {
		int64_t to = (int64_t)origin + (int32_t)value;
		if (final && v->start &&
		    (to < 0 || (uint64_t)to >= v->ncells ||
		     !(v->start[to / 8] & (1u << (to % 8)))))
			return fail(v, at, "jump by %d to cell %lld, not an "
			            "instruction", (int32_t)value, (long long)to);
		return true;
	}
	case CONST:
		return true;
	case UNKNOWN:
		break;
	}
	return fail(v, at, "unknown field \"%.*s\" in its layout", (int)len,
	            name);
}

/* Walks the layout of instruction `op`, `n` cells long, in the cells from
 * `origin` on: the instruction at `at`, or a half of that pair. */
static bool fields(verifier *v, size_t at, size_t origin, wx_icode op,
                   size_t n, bool final)
{
	const wx_cell *c = &v->cells[origin];
	wx_pair_parts pp = wx_icode_pair_parts[op];
	if (pp.first) {
		/* The second half begins with its own instruction, where a
		 * branch may enter to run it alone. */
		size_t n1 = wx_icode_cells[pp.first];
		if (v->cells[origin + n1].op != pp.second)
			return fail(v, at, "half at cell %zu is not %s",
			            origin + n1, wx_icode_names[pp.second]);
		if (v->start)
			v->start[(origin + n1) / 8] |=
			    (uint8_t)(1u << ((origin + n1) % 8));
		return fields(v, at, origin, (wx_icode)pp.first, n1, final) &&
		       fields(v, at, origin + n1, (wx_icode)pp.second, n - n1,
		              final);
	}
	const char *p = layouts[op];
	size_t cell = 1;
	int half = 0;
	while (*p) {
		size_t len = strcspn(p, "|, *");
		const char *name = p;
		p += len;
		if (!strncmp(p, " (2 cells)", 10)) {
			/* A 16-byte constant: two whole cells. */
			p += 10;
			cell += 2;
		} else if (!strncmp(p, "*count", 6)) {
			/* br_table's entries: count jumps, one a cell. */
			p += 6;
			for (uint32_t i = 0; i < c[1].s.b; i++, cell++)
				if (!field(v, at, origin, name, len,
				           c[cell].s.a, final))
					return false;
		} else {
			if (cell >= n)
				return fail(v, at, "layout longer than %zu "
				            "cells", n);
			uint32_t value = half ? c[cell].s.b : c[cell].s.a;
			if (!field(v, at, origin, name, len, value, final))
				return false;
			if (*p == '|') {
				half = 1;
				p++;
				continue;
			}
			cell++;
		}
		half = 0;
		if (*p == ',')
			p++;
		if (*p == ' ')
			p++;
	}
	if (cell != n)
		return fail(v, at, "layout of %zu cells, length %zu", cell, n);
	if (op == WX_I_ZERO_LOCALS) {
		/* The entry's zeroing: first, and inside the frame. */
		if (origin != 0)
			return fail(v, at, "not the function's first");
		if ((uint64_t)c[1].s.a + c[1].s.b > v->frame_slots)
			return fail(v, at, "zeroes %u slots from %u, frame "
			            "of %u", c[1].s.b, c[1].s.a,
			            v->frame_slots);
	}
	return true;
}

/* The length of the instruction at `at`, or 0 when it does not fit. */
static size_t length(verifier *v, size_t at)
{
	const wx_cell *c = &v->cells[at];
	if (c->op >= WX_I_COUNT) {
		fail(v, at, "unknown instruction %llu",
		     (unsigned long long)c->op);
		return 0;
	}
	size_t n = wx_icode_cells[c->op];
	if (c->op == WX_I_BR_TABLE)
		n = at + 1 < v->ncells ? 3 + (size_t)c[1].s.b : 3;
	if (n > v->ncells - at) {
		fail(v, at, "%zu cells past the end of the code", n);
		return 0;
	}
	return n;
}

bool wx_icode_verify(const wx_cell *cells, size_t ncells,
                     uint32_t frame_slots, const wx_module *m, char *msg,
                     size_t msglen)
{
	/* Functions of up to 64K cells need no allocation, so the verifier
	 * works in the allocation-failure tests too. */
	uint8_t small[8192];
	size_t bytes = ncells / 8 + 1;
	verifier v = {cells, ncells,
	              frame_slots, m,
	              bytes <= sizeof small ? small : calloc(bytes, 1),
	              msg, msglen,
	              true};
	if (v.start == small)
		memset(small, 0, bytes);
	for (int pass = 0; pass < 2 && v.ok; pass++)
		for (size_t at = 0, n; v.ok && at < ncells; at += n) {
			if (!(n = length(&v, at)))
				break;
			if (v.start)
				v.start[at / 8] |= (uint8_t)(1u << (at % 8));
			fields(&v, at, at, (wx_icode)cells[at].op, n,
			       pass == 1);
		}
	if (v.start != small)
		free(v.start);
	return v.ok;
}

size_t wx_icode_layout_cells(wx_icode op)
{
	wx_pair_parts pp = wx_icode_pair_parts[op];
	if (pp.first)
		return wx_icode_layout_cells((wx_icode)pp.first) +
		       wx_icode_layout_cells((wx_icode)pp.second);
	const char *p = layouts[op];
	size_t cells = 1;
	while (*p) {
		size_t len = strcspn(p, "|, *");
		p += len;
		if (!strncmp(p, " (2 cells)", 10)) {
			p += 10;
			cells += 2;
		} else if (!strncmp(p, "*count", 6)) {
			p += 6;
		} else if (*p == '|') {
			p++;
			continue;
		} else {
			cells++;
		}
		if (*p == ',')
			p++;
		if (*p == ' ')
			p++;
	}
	return cells;
}

const char *wx_icode_layout(wx_icode op)
{
	return layouts[op];
}
