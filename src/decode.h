/*
 * decode.h - pieces of the binary decoder (spec: binary/modules.rst,
 * binary/types.rst, binary/instructions.rst) shared by decode.c (module
 * framing and the simple sections), decode_segments.c (code, element, data
 * and name sections) and decode_expr.c (instruction skipping, constant
 * expressions). The validator may reuse wx_skip_instr().
 *
 * Reads follow the reference interpreter's framing so that errors carry the
 * test suite's wording: every read is bounded by the end of the file, not of
 * the section, and a section (or function body) whose contents end anywhere
 * but at its declared size is a "section size mismatch".
 */
#ifndef WX_DECODE_H
#define WX_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "module.h"
#include "opcodes.h"
#include "reader.h"

/* Largest number of declared locals in one function; more is malformed
 * ("too many locals"). Keeps a 5-byte declaration from asking for
 * gigabytes. */
#define WX_MAX_FUNC_LOCALS 50000u
/* Largest number of expanded locals over all functions of a module: a
 * fixed allowance plus a few per input byte. Bounds what a hostile module of
 * many tiny bodies declaring 50000 locals each can make the decoder allocate
 * (one byte per local), while real code, whose bodies are longer than their
 * local lists, stays far below it. */
#define WX_MODULE_LOCALS_BASE (1u << 24)
#define WX_MODULE_LOCALS_PER_BYTE 8u

/* The message for a read past the end of the file inside a section, as the
 * spec tests word it (outside sections the reader's "unexpected end"). */
#define WX_DECODE_EOF_IN_SECTION "unexpected end of section or function"

/* One decoding run. */
typedef struct wx_decoder {
	wx_module *m;
	wx_reader r;              /* over m->bytes */
	wexec_error *err;
	bool nomem;               /* an allocation failed (status NOMEM) */
	uint64_t total_locals;    /* expanded locals so far, all functions */
	uint64_t max_locals;      /* the module's limit on total_locals */
	bool have_code;           /* the code section was read */
	size_t section_end;       /* declared end of the section being read */
	size_t names_start;       /* contents of the first `name` custom */
	size_t names_end;         /* section after its name; 0 when none */
} wx_decoder;

/* decode.c */

/* calloc(n, size) that records "out of memory" in the decoder on failure. */
void *wx_decode_alloc(wx_decoder *d, size_t n, size_t size);
/* A length or vector count (the reference interpreter's len32): fails with
 * "length out of bounds" when it exceeds the bytes left, which also bounds
 * every allocation by the input size. */
bool wx_decode_len(wx_reader *r, uint32_t *out);
/* The count of a vector the decoder allocates: a len32 that must also fit
 * in the rest of the section, since each element takes at least one of its
 * bytes. Keeps every allocation within a small multiple of the section's
 * size. */
bool wx_decode_count(wx_decoder *d, uint32_t *out);
bool wx_decode_valtype(wx_reader *r, wx_valtype *out);
bool wx_decode_reftype(wx_reader *r, wx_valtype *out);
/* A name: len32 + UTF-8 bytes ("malformed UTF-8 encoding"). */
bool wx_decode_name(wx_reader *r, wx_name *out);

/* decode_segments.c: each reads the section's contents from d->r. */
bool wx_decode_code_section(wx_decoder *d);
bool wx_decode_elem_section(wx_decoder *d);
bool wx_decode_data_section(wx_decoder *d);
/* Reads the `name` custom section in [start, end) into the module and
 * function names. Never fails: a broken name section is ignored from the
 * first error on. */
void wx_decode_names(wx_module *m, size_t start, size_t end);

/* decode_expr.c */

/* Reads one instruction with its immediates and stores its opcode in *out.
 * Fails with "illegal opcode" for an unknown encoding and with the malformed
 * errors of the immediates ("zero byte expected", "malformed reference
 * type", LEB128 errors). Judges nothing else. */
bool wx_skip_instr(wx_reader *r, wx_opcode *out);
/* Reads a constant expression: instructions up to and including the `end`
 * that closes it. Whether they are constant is for the validator. */
bool wx_decode_constexpr(wx_reader *r, wx_constexpr *out);

#endif /* WX_DECODE_H */
