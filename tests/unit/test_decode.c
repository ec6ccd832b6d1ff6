/*
 * test_decode.c - the binary decoder (spec: binary/modules.rst): what each
 * section decodes into, and one hand-written module per malformed error,
 * including hostile counts that must fail without allocating.
 */
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode.h"
#include "unit.h"

#define HDR "\x00" "asm" "\x01\x00\x00\x00"

static wexec_error err;

/* Decodes the bytes of string literal `lit` (a NUL inside is data). */
#define DEC(lit, out) dec((const uint8_t *)(lit), sizeof(lit) - 1, (out))

/* The features dec() decodes with: 2.0's, unless a test says. */
static uint32_t features;

static wexec_status dec(const uint8_t *bytes, size_t len, wx_module **out)
{
	wexec_error_clear(&err);
	return wx_decode_module(bytes, len, features, out, &err);
}

/* Expects decoding to fail as malformed with exactly `msg`. */
#define BAD(lit, msg)                                                        \
	do {                                                                 \
		wx_module *bad_m = (wx_module *)1;                           \
		CHECK(DEC(lit, &bad_m) == WEXEC_ERR_MALFORMED);              \
		CHECK(bad_m == NULL);                                        \
		CHECK_STR(err.message, msg);                                 \
	} while (0)

/* A type of 1,001 parameters (or results, when `results`): one past the
 * arity limit, with every byte present so only the limit can refuse it. */
static void test_arity_limit(void)
{
	for (int results = 0; results < 2; results++) {
		uint8_t b[1100] = {0, 'a', 's', 'm', 1, 0, 0, 0};
		size_t n = 8, body;
		wx_module *m = (wx_module *)1;
		b[n++] = 0x01;
		b[n++] = 0x89, b[n++] = 0x08; /* section size, filled below */
		body = n;
		b[n++] = 0x01, b[n++] = 0x60;
		if (results)
			b[n++] = 0x00;
		b[n++] = 0xe9, b[n++] = 0x07; /* 1001 */
		memset(b + n, 0x7f, 1001), n += 1001;
		if (!results)
			b[n++] = 0x00;
		b[body - 2] = (uint8_t)(0x80 | ((n - body) & 0x7f));
		b[body - 1] = (uint8_t)((n - body) >> 7);
		CHECK(dec(b, n, &m) == WEXEC_ERR_MALFORMED && m == NULL);
		CHECK_STR(err.message,
		          results ? "too many results (more than 1000) at offset 16"
		                  : "too many parameters (more than 1000) at offset 15");
	}
}

static void test_preamble(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR, &m) == WEXEC_OK);
	CHECK(m && m->nfuncs == 0 && m->ntypes == 0 && !m->has_start);
	wx_module_free(m);

	BAD("", "unexpected end at offset 0");
	BAD("\x00" "as", "unexpected end at offset 0");
	BAD("asm\x00\x01\x00\x00\x00", "magic header not detected at offset 0");
	BAD("\x00" "asm", "unexpected end at offset 4");
	BAD("\x00" "asm\x01\x00\x00", "unexpected end at offset 4");
	BAD("\x00" "asm\x02\x00\x00\x00", "unknown binary version at offset 4");
	BAD("\x00" "asm\x00\x00\x00\x01", "unknown binary version at offset 4");

	/* The error record is optional. */
	m = (wx_module *)1;
	CHECK(wx_decode_module((const uint8_t *)"xx", 2, 0, &m, NULL) ==
	      WEXEC_ERR_MALFORMED && m == NULL);
}

static void test_sections(void)
{
	BAD(HDR "\x0d\x00", "malformed section id at offset 8");
	BAD(HDR "\x80\x00\x01\x00", "malformed section id at offset 8");
	/* Out of order and repeated sections. */
	BAD(HDR "\x03\x01\x00" "\x01\x01\x00",
	    "unexpected content after last section at offset 11");
	BAD(HDR "\x01\x01\x00" "\x01\x01\x00",
	    "unexpected content after last section at offset 11");
	/* Data count goes before code, not after. */
	BAD(HDR "\x0a\x01\x00" "\x0c\x01\x00",
	    "unexpected content after last section at offset 11");
	/* Custom sections may appear anywhere, even between others. */
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x00\x02\x01x" "\x01\x01\x00" "\x00\x01\x00"
	          "\x0c\x01\x00" "\x0a\x01\x00", &m) == WEXEC_OK);
	wx_module_free(m);

	/* Sizes: too long for the file, contents shorter or longer. */
	BAD(HDR "\x01\x07\x02\x60\x00\x00", "length out of bounds at offset 9");
	BAD(HDR "\x01\x07\x01\x60\x00\x00\x60\x00\x00",
	    "section size mismatch at offset 10");
	BAD(HDR "\x01\x05\x01\x60\x00\x00\x00\x00",
	    "section size mismatch at offset 10");
	BAD(HDR "\x04\x01\x01",
	    "unexpected end of section or function at offset 11");
	BAD(HDR "\x01", "unexpected end at offset 9");
	/* Concatenated modules: the second magic reads as a custom section. */
	BAD(HDR HDR, "length out of bounds at offset 9");
}

static void test_custom(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x00\x0a\x04" "abcd" "xyzzy", &m) == WEXEC_OK);
	wx_module_free(m);
	BAD(HDR "\x00", "unexpected end at offset 9");
	BAD(HDR "\x00\x00", "unexpected end of section or function at offset 10");
	BAD(HDR "\x00\x03\x02\xC0\x80", "malformed UTF-8 encoding at offset 11");
	BAD(HDR "\x00\x03\x05" "ab", "length out of bounds at offset 10");
	/* A size overrunning the file by its own LEB128 length. */
	BAD(HDR "\x00\x04\x01" "a" "b",
	    "unexpected end of section or function at offset 13");
}

static void test_types(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x01\x0f\x03"
	          "\x60\x00\x00"
	          "\x60\x02\x7f\x7e\x01\x7b"
	          "\x60\x00\x02\x70\x6f", &m) == WEXEC_OK);
	if (m) {
		CHECK(m->ntypes == 3);
		CHECK(m->types[0].nparams == 0 && m->types[0].nresults == 0);
		CHECK(m->types[1].nparams == 2 && m->types[1].params[0] == WX_I32 &&
		      m->types[1].params[1] == WX_I64);
		CHECK(m->types[1].nresults == 1 && m->types[1].results[0] == WX_V128);
		CHECK(m->types[2].nresults == 2 && m->types[2].results[0] == WX_FUNCREF &&
		      m->types[2].results[1] == WX_EXTERNREF);
	}
	wx_module_free(m);

	BAD(HDR "\x01\x04\x01\x61\x00\x00", "malformed function type at offset 11");
	BAD(HDR "\x01\x05\x01\xe0\x7f\x00\x00",
	    "integer representation too long at offset 12");
	BAD(HDR "\x01\x05\x01\x60\x01\x40\x00", "malformed value type at offset 13");
	/* A count that fits in the file but not in its section is refused
	 * before the vector is allocated. */
	BAD(HDR "\x04\x01\x05" "\x00\x05\x04name",
	    "unexpected end of section or function at offset 11");
	/* A hostile count: four billion types in a few bytes. */
	BAD(HDR "\x01\x06\xff\xff\xff\xff\x0f", "length out of bounds at offset 10");
	BAD(HDR "\x01\x08\x01\x60\xff\xff\xff\xff\x0f",
	    "length out of bounds at offset 12");
}

static void test_imports(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x01\x04\x01\x60\x00\x00"
	          "\x02\x1e\x04"
	          "\x01m\x01" "f" "\x00\x00"
	          "\x01m\x01" "t" "\x01\x70\x01\x02\x03"
	          "\x01m\x01" "M" "\x02\x00\x01"
	          "\x01m\x01" "g" "\x03\x7e\x01"
	          "\x03\x02\x01\x00" "\x0a\x04\x01\x02\x00\x0b", &m) == WEXEC_OK);
	if (m) {
		CHECK(m->nimports == 4);
		CHECK(m->nfuncs == 2 && m->nfunc_imports == 1);
		CHECK(m->ntables == 1 && m->ntable_imports == 1);
		CHECK(m->tables[0].elem == WX_FUNCREF && m->tables[0].limits.min == 2 &&
		      m->tables[0].limits.has_max && m->tables[0].limits.max == 3);
		CHECK(m->nmems == 1 && m->mems[0].min == 1 && !m->mems[0].has_max);
		CHECK(m->nglobals == 1 && m->globals[0].type.type == WX_I64 &&
		      m->globals[0].type.mut);
		CHECK(m->imports[3].name.len == 1 && m->imports[3].name.str[0] == 'g');
	}
	wx_module_free(m);

	BAD(HDR "\x02\x07\x01\x01m\x01" "f" "\x04\x00",
	    "malformed import kind at offset 15");
	BAD(HDR "\x02\x07\x01\x01m\x01" "f" "\x80\x00",
	    "malformed import kind at offset 15");
	BAD(HDR "\x02\x07\x01\x01m\x01\xff\x00\x00",
	    "malformed UTF-8 encoding at offset 14");
	BAD(HDR "\x02\x08\x01\x01m\x01" "g" "\x03\x7f\x02",
	    "malformed mutability at offset 17");
	BAD(HDR "\x02\x08\x01\x01m\x01" "t" "\x01\x7f\x00\x00",
	    "malformed reference type at offset 16");
}

static void test_tables_memories(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x04\x04\x01\x6f\x00\x05" "\x05\x07\x02\x00\x01\x01\x02\x80\x02",
	          &m) == WEXEC_OK);
	if (m) {
		CHECK(m->ntables == 1 && m->tables[0].elem == WX_EXTERNREF &&
		      m->tables[0].limits.min == 5 && !m->tables[0].limits.has_max);
		CHECK(m->nmems == 2 && m->mems[1].min == 2 && m->mems[1].max == 256);
	}
	wx_module_free(m);

	/* Limits flags of later proposals name them after the spec's words. */
	BAD(HDR "\x05\x02\x01\x02",
	    "integer too large (shared memories: threads are not supported) "
	    "at offset 11");
	BAD(HDR "\x05\x03\x01\x03\x00",
	    "integer too large (shared memories: threads are not supported) "
	    "at offset 11");
	BAD(HDR "\x05\x03\x01\x04\x00",
	    "integer too large (memory64 is not enabled) at offset 11");
	BAD(HDR "\x05\x03\x01\x08\x00", "integer too large at offset 11");
	BAD(HDR "\x05\x05\x01\x81\x00\x00\x00",
	    "integer representation too long at offset 12");
	BAD(HDR "\x04\x04\x01\x70\x02\x00",
	    "integer too large (shared memories: threads are not supported) "
	    "at offset 12");
	BAD(HDR "\x05\x01\x01", "unexpected end of section or function at offset 11");
}

static void test_globals_exports_start(void)
{
	wx_module *m = NULL;
	/* i32.const 11 holds a 0x0B byte that is not `end`. */
	CHECK(DEC(HDR "\x06\x12\x02" "\x7f\x00\x41\x0b\x0b"
	          "\x7c\x01\x44\x00\x00\x00\x00\x00\x00\x0b\x0b\x0b"
	          "\x07\x05\x01\x01" "g" "\x03\x01" "\x08\x01\x07", &m) == WEXEC_OK);
	if (m) {
		CHECK(m->nglobals == 2 && m->globals[0].init.offset == 13 &&
		      m->globals[0].init.len == 3);
		CHECK(m->globals[1].type.mut && m->globals[1].init.len == 10);
		CHECK(m->nexports == 1 && m->exports[0].kind == WX_EXTERN_GLOBAL &&
		      m->exports[0].index == 1);
		CHECK(m->has_start && m->start == 7);
	}
	wx_module_free(m);

	BAD(HDR "\x06\x04\x01\x7f\x00\x41", "unexpected end of section or function at offset 14");
	BAD(HDR "\x06\x05\x01\x7f\x00\x06\x0b",
	    "illegal opcode 0x06 (try: exception handling is not supported) "
	    "at offset 13");
	BAD(HDR "\x06\x06\x01\x7f\x00\xfc\x40\x0b",
	    "illegal opcode 0xfc 0x40 at offset 13");
	/* Encodings of later proposals name the feature after the spec's
	 * words, which the suite matches as a prefix. */
	BAD(HDR "\x06\x05\x01\x7f\x00\x14\x0b",
	    "illegal opcode 0x14 (call_ref: typed function references are not "
	    "supported) at offset 13");
	BAD(HDR "\x06\x05\x01\x7f\x00\xfe\x0b",
	    "illegal opcode 0xfe (threads (atomics) are not supported) "
	    "at offset 13");
	BAD(HDR "\x06\x07\x01\x7f\x00\xfd\x80\x02\x0b",
	    "illegal opcode 0xfd 0x100 (relaxed SIMD is not supported) "
	    "at offset 13");
	BAD(HDR "\x06\x07\x01\x7f\x00\xfd\x9a\x01\x0b",
	    "illegal opcode 0xfd 0x9a at offset 13");
	BAD(HDR "\x06\x05\x01\x7f\xff\x00\x0b", "malformed mutability at offset 12");
	BAD(HDR "\x06\x06\x01\x7f\x00\x3f\x01\x0b", "zero byte expected at offset 14");
	BAD(HDR "\x07\x05\x01\x01" "e" "\x04\x00", "malformed export kind at offset 13");
	/* A block type byte in 0x40..0x7F must be a value type. */
	BAD(HDR "\x06\x07\x01\x7f\x00\x02\x7a\x0b\x0b",
	    "malformed value type at offset 14");
	/* Nested blocks inside an expression are skipped whole (the validator
	 * rejects them as not constant). */
	CHECK(DEC(HDR "\x06\x09\x01\x7f\x00\x02\x40\x41\x0b\x0b\x0b", &m) == WEXEC_OK);
	if (m)
		CHECK(m->globals[0].init.len == 6);
	wx_module_free(m);
}

static void test_code(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x03\x02\x00\x00"
	          "\x0a\x0e\x02"
	          "\x08\x03\x00\x7f\x02\x7e\x01\x7d\x0b"
	          "\x03\x00\x01\x0b", &m) == WEXEC_OK);
	if (m) {
		wx_func *f = &m->funcs[0];
		CHECK(f->nlocals == 3 && f->locals[0] == WX_I64 &&
		      f->locals[1] == WX_I64 && f->locals[2] == WX_F32);
		CHECK(f->body.len == 1 && m->bytes[f->body.offset] == 0x0b);
		CHECK(m->funcs[1].nlocals == 0 && m->funcs[1].body.len == 2);
	}
	wx_module_free(m);

	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x03\x02\x00\x00",
	    "function and code section have inconsistent lengths at offset 19");
	BAD(HDR "\x0a\x04\x01\x02\x00\x0b",
	    "function and code section have inconsistent lengths at offset 10");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x07\x02\x02\x00\x0b\x02\x00\x0b",
	    "function and code section have inconsistent lengths at offset 20");
	/* 2^32-1 locals in six bytes. */
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x0c\x01\x0a\x02\xff\xff\xff\xff\x0f\x7f\x02\x7e\x0b",
	    "too many locals at offset 23");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x0a\x01\x08\x02\xd0\x86\x03\x7f\x01\x7e\x0b",
	    "too many locals at offset 27");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x07\x01\x05\x01\x01\x40\x00\x0b",
	    "malformed value type at offset 24");
	/* A missing final `end`: worded after what the body runs into. */
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x06\x01\x04\x00\x41\x01\x1a",
	    "unexpected end of section or function at offset 26");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x06\x01\x04\x00\x41\x01\x1a\x0b\x03\x01\x01\x00",
	    "section size mismatch at offset 26");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x03\x02\x00\x00"
	    "\x0a\x0c\x02\x04\x00\x41\x01\x1a\x05\x00\x41\x01\x1a\x0b",
	    "END opcode expected at offset 27");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x05\x01\x02\x00\x0b\x00",
	    "section size mismatch at offset 20");
	/* A body size past the end of the section and file. */
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x04\x01\x03\x00\x0b",
	    "unexpected end of section or function at offset 24");
	BAD(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x02\x01\x00"
	    "\x0a\x04\x01\x04\x00\x0b",
	    "length out of bounds at offset 21");
}

static void test_elems(void)
{
	wx_module *m = NULL;
	/* One segment of each of the eight encodings. */
	CHECK(DEC(HDR "\x09\x32\x08"
	          "\x00\x41\x00\x0b\x01\x05"
	          "\x01\x00\x02\x01\x02"
	          "\x02\x03\x41\x01\x0b\x00\x00"
	          "\x03\x00\x01\x09"
	          "\x04\x41\x02\x0b\x01\xd2\x04\x0b"
	          "\x05\x6f\x01\xd0\x6f\x0b"
	          "\x06\x02\x41\x03\x0b\x70\x00"
	          "\x07\x70\x01\xd2\x00\x0b", &m) == WEXEC_OK);
	if (m && m->nelems == 8) {
		wx_elem *e = m->elems;
		CHECK(e[0].mode == WX_SEG_ACTIVE && e[0].table == 0 &&
		      e[0].type == WX_FUNCREF && e[0].count == 1 && e[0].funcidx[0] == 5);
		CHECK(e[0].offset.len == 3);
		CHECK(e[1].mode == WX_SEG_PASSIVE && e[1].count == 2 &&
		      e[1].funcidx[1] == 2);
		CHECK(e[2].mode == WX_SEG_ACTIVE && e[2].table == 3 && e[2].count == 0);
		CHECK(e[3].mode == WX_SEG_DECLARATIVE && e[3].funcidx[0] == 9);
		CHECK(e[4].mode == WX_SEG_ACTIVE && e[4].exprs && e[4].count == 1 &&
		      e[4].exprs[0].len == 3 && !e[4].funcidx);
		CHECK(e[5].mode == WX_SEG_PASSIVE && e[5].type == WX_EXTERNREF);
		CHECK(e[6].mode == WX_SEG_ACTIVE && e[6].table == 2 && e[6].count == 0);
		CHECK(e[7].mode == WX_SEG_DECLARATIVE && e[7].type == WX_FUNCREF);
	} else {
		CHECK(!"eight element segments");
	}
	wx_module_free(m);

	BAD(HDR "\x09\x02\x01\x08", "malformed elements segment kind at offset 11");
	BAD(HDR "\x09\x03\x01\x88\x00", "malformed elements segment kind at offset 11");
	BAD(HDR "\x09\x04\x01\x01\x01\x00", "malformed element kind at offset 12");
	BAD(HDR "\x09\x07\x01\x05\x7f\x01\xd2\x00\x0b",
	    "malformed reference type at offset 12");
	BAD(HDR "\x09\x07\x01\x05\x70\x01\xf3\x00\x0b",
	    "illegal opcode 0xf3 at offset 14");
	BAD(HDR "\x09\x04\x01\x01\x00\xff\x0f", "length out of bounds at offset 13");
}

static void test_data(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x0c\x01\x03" "\x0b\x13\x03"
	          "\x00\x41\x08\x0b\x02hi"
	          "\x01\x03" "abc"
	          "\x02\x01\x41\x00\x0b\x00", &m) == WEXEC_OK);
	if (m) {
		CHECK(m->has_datacount && m->datacount == 3 && m->ndatas == 3);
		CHECK(m->datas[0].mode == WX_SEG_ACTIVE && m->datas[0].init.len == 2 &&
		      m->bytes[m->datas[0].init.offset] == 'h');
		CHECK(m->datas[1].mode == WX_SEG_PASSIVE && m->datas[1].init.len == 3);
		CHECK(m->datas[2].memory == 1 && m->datas[2].init.len == 0);
	}
	wx_module_free(m);

	BAD(HDR "\x0c\x01\x03" "\x0b\x05\x02\x01\x00\x01\x00",
	    "data count and data section have inconsistent lengths at offset 13");
	BAD(HDR "\x0c\x01\x01",
	    "data count and data section have inconsistent lengths at offset 11");
	BAD(HDR "\x0b\x02\x01\x03", "malformed data segment kind at offset 11");
	BAD(HDR "\x0b\x03\x01\x83\x00", "malformed data segment kind at offset 11");
	BAD(HDR "\x0b\x07\x01\x00\x41\x03\x0b\x07" "abcdef",
	    "unexpected end of section or function at offset 16");
	BAD(HDR "\x0b\x0c\x01\x00\x41\x00\x0b\x05" "abcdef",
	    "section size mismatch at offset 10");
	/* A data count of zero with no data section is consistent. */
	CHECK(DEC(HDR "\x0c\x01\x00", &m) == WEXEC_OK);
	wx_module_free(m);
}

static void test_names(void)
{
	wx_module *m = NULL;
	CHECK(DEC(HDR "\x01\x04\x01\x60\x00\x00"
	          "\x02\x07\x01\x01m\x01" "f" "\x00\x00"
	          "\x03\x02\x01\x00" "\x0a\x04\x01\x02\x00\x0b"
	          "\x00\x16\x04name"
	          "\x00\x04\x03mod"
	          "\x01\x09\x02\x00\x02im\x01\x02" "df", &m) == WEXEC_OK);
	if (m) {
		CHECK(m->name.len == 3 && memcmp(m->name.str, "mod", 3) == 0);
		CHECK(m->funcs[0].name.len == 2 && memcmp(m->funcs[0].name.str, "im", 2) == 0);
		CHECK(m->funcs[1].name.len == 2 && memcmp(m->funcs[1].name.str, "df", 2) == 0);
	}
	wx_module_free(m);

	/* A broken name section is ignored from the error on; the module
	 * stays well-formed. */
	CHECK(DEC(HDR "\x03\x02\x01\x00" "\x0a\x04\x01\x02\x00\x0b"
	          "\x00\x10\x04name"
	          "\x00\x02\x01z"
	          "\x01\x05\x02\x00\x01" "a" "\x07", &m) == WEXEC_OK);
	if (m) {
		CHECK(m->name.len == 1 && m->name.str[0] == 'z');
		CHECK(m->funcs[0].name.len == 1 && m->funcs[0].name.str[0] == 'a');
	}
	wx_module_free(m);
	CHECK(DEC(HDR "\x00\x0a\x04name\x00\x03\x02\xc0\x80", &m) == WEXEC_OK);
	if (m)
		CHECK(m->name.len == 0);
	wx_module_free(m);
	/* Before the function section: names apply once functions exist. */
	CHECK(DEC(HDR "\x00\x0b\x04name\x01\x04\x01\x00\x01" "x"
	          "\x03\x02\x01\x00" "\x0a\x04\x01\x02\x00\x0b", &m) == WEXEC_OK);
	if (m)
		CHECK(m->funcs[0].name.len == 1 && m->funcs[0].name.str[0] == 'x');
	wx_module_free(m);
}

/* Appends a two-byte LEB128 (values below 2^14). */
static size_t put_u14(uint8_t *b, size_t n, size_t v)
{
	b[n] = (uint8_t)(0x80 | (v & 0x7f));
	b[n + 1] = (uint8_t)(v >> 7);
	return n + 2;
}

/* A module of `nfuncs` tiny bodies that each declare 50000 i32 locals:
 * 7 bytes that expand to 50000. */
static size_t many_locals(uint8_t *b, size_t nfuncs)
{
	static const uint8_t body[] = {6, 1, 0xd0, 0x86, 0x03, 0x7f, 0x0b};
	size_t n = 14;
	memcpy(b, HDR "\x01\x04\x01\x60\x00\x00", n);
	b[n++] = 3;
	n = put_u14(b, n, 2 + nfuncs);
	n = put_u14(b, n, nfuncs);
	memset(b + n, 0, nfuncs);
	n += nfuncs;
	b[n++] = 10;
	n = put_u14(b, n, 2 + nfuncs * sizeof body);
	n = put_u14(b, n, nfuncs);
	for (size_t i = 0; i < nfuncs; i++, n += sizeof body)
		memcpy(b + n, body, sizeof body);
	return n;
}

/* The module-wide limit on expanded locals stops many small bodies from
 * asking for gigabytes; a few such bodies are fine. */
static void test_locals_limit(void)
{
	uint8_t *b = malloc(64 + 400 * 8);
	wx_module *m = NULL;

	CHECK(dec(b, many_locals(b, 400), &m) == WEXEC_ERR_MALFORMED);
	CHECK(strncmp(err.message, "too many locals at offset", 25) == 0);
	CHECK(dec(b, many_locals(b, 10), &m) == WEXEC_OK);
	if (m)
		CHECK(m->nfuncs == 10 && m->funcs[9].nlocals == 50000 &&
		      m->funcs[9].locals[49999] == WX_I32);
	wx_module_free(m);
	free(b);
}

/* Three-byte LEB128 (values below 2^21). */
static size_t put_u21(uint8_t *b, size_t n, size_t v)
{
	b[n] = (uint8_t)(0x80 | (v & 0x7f));
	b[n + 1] = (uint8_t)(0x80 | ((v >> 7) & 0x7f));
	b[n + 2] = (uint8_t)(v >> 14);
	return n + 3;
}

/* Whether AddressSanitizer is on: it reserves terabytes of address space,
 * so tests that cap RLIMIT_AS cannot run under it. */
static bool under_asan(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return true;
#endif
#endif
	return false;
}

/* An allocation failure: in a child whose address space is capped, a
 * module of two million functions (80 MB of wx_func) must fail with NOMEM
 * and free what it had. AddressSanitizer needs a huge address space, so
 * under it the test is a counted skip. */
static void test_out_of_memory(void)
{
	if (under_asan()) {
		SKIP(__func__, "AddressSanitizer needs more address space "
		               "than the cap leaves");
		return;
	}
	enum { NFUNCS = 2000000 };
	uint8_t *b = malloc(64 + NFUNCS);
	size_t n = 14;
	long vm_pages = 0;
	FILE *statm;
	pid_t pid;
	int status = 0;

	memcpy(b, HDR "\x01\x04\x01\x60\x00\x00", n);
	b[n++] = 3;
	n = put_u21(b, n, 3 + NFUNCS);
	n = put_u21(b, n, NFUNCS);
	memset(b + n, 0, NFUNCS);
	n += NFUNCS;
	statm = fopen("/proc/self/statm", "r");
	if (!statm || fscanf(statm, "%ld", &vm_pages) != 1) {
		if (statm)
			fclose(statm);
		free(b);
		SKIP(__func__, "no /proc/self/statm to measure the cap against");
		return;
	}
	fclose(statm);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct rlimit lim;
		wx_module *m = NULL;
		lim.rlim_cur = lim.rlim_max =
			(rlim_t)vm_pages * (rlim_t)sysconf(_SC_PAGESIZE) + (32u << 20);
		if (setrlimit(RLIMIT_AS, &lim) != 0)
			_exit(3);
		if (dec(b, n, &m) != WEXEC_ERR_NOMEM || m != NULL)
			_exit(1);
		_exit(strcmp(err.message, "out of memory") == 0 ? 0 : 2);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(b);
}

/* Every truncation of a well-formed module is malformed, and decoding it
 * neither crashes nor leaks (run under ASan). */
static void test_truncations(void)
{
	static const uint8_t full[] =
		HDR "\x01\x05\x01\x60\x01\x7f\x00"
		"\x02\x07\x01\x01m\x01" "f" "\x00\x00"
		"\x03\x02\x01\x00" "\x04\x04\x01\x70\x00\x01" "\x05\x03\x01\x00\x01"
		"\x06\x06\x01\x7f\x00\x41\x0b\x0b"
		"\x07\x05\x01\x01" "e" "\x00\x01"
		"\x09\x07\x01\x00\x41\x00\x0b\x01\x01"
		"\x0c\x01\x01"
		"\x0a\x09\x01\x07\x01\x02\x7f\x20\x00\x1a\x0b"
		"\x0b\x07\x01\x00\x41\x00\x0b\x01" "d";
	wx_module *m = NULL;
	CHECK(dec(full, sizeof full - 1, &m) == WEXEC_OK);
	wx_module_free(m);
	for (size_t n = 0; n + 1 < sizeof full - 1; n++) {
		m = NULL;
		if (dec(full, n, &m) != WEXEC_ERR_MALFORMED) {
			/* Cutting exactly between sections leaves a valid prefix. */
			CHECK(m != NULL);
			wx_module_free(m);
		}
	}
	/* Flipping each byte must never crash either. */
	uint8_t copy[sizeof full];
	for (size_t i = 8; i < sizeof full - 1; i++) {
		memcpy(copy, full, sizeof full);
		for (int v = 0; v < 256; v += 17) {
			copy[i] = (uint8_t)v;
			m = NULL;
			if (dec(copy, sizeof full - 1, &m) == WEXEC_OK)
				wx_module_free(m);
		}
	}
}

/* Reads one instruction from `lit` with `feats`; false when malformed. */
#define INSTR(lit, feats, in) instr((const uint8_t *)(lit), sizeof(lit) - 1, feats, in)

static bool instr(const uint8_t *bytes, size_t len, uint32_t feats,
                  wx_instr *in)
{
	wx_reader r;
	wexec_error_clear(&err);
	wx_reader_init(&r, bytes, 0, len, &err);
	r.features = feats;
	return wx_read_instr(&r, in) && r.pos == len;
}

/* multi-memory and memory64 change encodings only when enabled. */
static void test_features(void)
{
	wx_module *m = NULL;
	wx_instr in;

	features = WEXEC_FEATURE_MEMORY64;
	/* i64 limits, min 1 max 2; then min 2^32 pages without a max. */
	CHECK(DEC(HDR "\x05\x04\x01\x05\x01\x02", &m) == WEXEC_OK);
	if (m)
		CHECK(m->nmems == 1 && m->mems[0].is64 && m->mems[0].has_max &&
		      m->mems[0].min == 1 && m->mems[0].max == 2);
	wx_module_free(m);
	m = NULL;
	CHECK(DEC(HDR "\x05\x07\x01\x04\x80\x80\x80\x80\x10", &m) == WEXEC_OK);
	if (m)
		CHECK(m->mems[0].is64 && m->mems[0].min == (uint64_t)1 << 32);
	wx_module_free(m);
	BAD(HDR "\x05\x03\x01\x08\x00", "malformed limits flags at offset 11");
	features = 0;
	BAD(HDR "\x05\x04\x01\x05\x01\x02",
	    "integer too large (memory64 is not enabled) at offset 11");

	/* memory.size 1, i32.load with a memory index, a 64-bit offset. */
	CHECK(INSTR("\x3f\x01", WEXEC_FEATURE_MULTI_MEMORY, &in) && in.x == 1);
	CHECK(!INSTR("\x3f\x01", 0, &in));
	CHECK(strstr(err.message, "zero byte expected") != NULL);
	CHECK(INSTR("\x28\x42\x01\x08", WEXEC_FEATURE_MULTI_MEMORY, &in) &&
	      in.align == 2 && in.x == 1 && in.offset == 8);
	/* Without multi-memory, bit 6 is part of the alignment. */
	CHECK(INSTR("\x28\x42\x08", 0, &in) && in.align == 0x42 &&
	      in.x == 0 && in.offset == 8);
	CHECK(INSTR("\x28\x02\x80\x80\x80\x80\x10", WEXEC_FEATURE_MEMORY64,
	            &in) &&
	      in.offset == (uint64_t)1 << 32);
	CHECK(!INSTR("\x28\x02\x80\x80\x80\x80\x10", 0, &in));
	CHECK(INSTR("\xfc\x0a\x01\x02", WEXEC_FEATURE_MULTI_MEMORY, &in) &&
	      in.x == 1 && in.y == 2); /* memory.copy 1 2 */
	CHECK(INSTR("\xfc\x08\x03\x01", WEXEC_FEATURE_MULTI_MEMORY, &in) &&
	      in.x == 3 && in.y == 1); /* memory.init data 3, memory 1 */
}

int main(void)
{
	RUN(test_preamble);
	RUN(test_arity_limit);
	RUN(test_sections);
	RUN(test_custom);
	RUN(test_types);
	RUN(test_imports);
	RUN(test_tables_memories);
	RUN(test_globals_exports_start);
	RUN(test_code);
	RUN(test_elems);
	RUN(test_data);
	RUN(test_names);
	RUN(test_locals_limit);
	RUN(test_out_of_memory);
	RUN(test_truncations);
	RUN(test_features);
	return unit_report();
}
