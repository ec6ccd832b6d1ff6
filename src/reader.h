/*
 * reader.h - a bounded cursor over module bytes: fixed-width reads, LEB128
 * (spec: binary/values.rst) and UTF-8 checks. Every read checks the bounds;
 * on failure the reader records a malformed error with the byte offset and
 * returns false, and every later read fails too, so callers may check once
 * after a group of reads.
 */
#ifndef WX_READER_H
#define WX_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wexec.h"

typedef struct wx_reader {
	const uint8_t *base;  /* start of the whole module: offsets are
	                         reported relative to it */
	size_t pos;           /* next byte to read, as an offset from base */
	size_t end;           /* one past the last readable byte */
	wexec_error *err;     /* receives the first failure; may be NULL */
	bool failed;
	/* Message for a read past `end`: "unexpected end" unless the caller
	 * sets another (the decoder says "unexpected end of section or
	 * function" inside sections, as the spec tests word it). */
	const char *eof_message;
	/* WEXEC_FEATURE_* bits that change how instructions are encoded
	 * (memory indices, 64-bit offsets): those of the module read. */
	uint32_t features;
} wx_reader;

void wx_reader_init(wx_reader *r, const uint8_t *base, size_t pos, size_t end,
                    wexec_error *err);

/* Records a malformed error "MESSAGE at offset N" (N = r->pos) and fails the
 * reader. */
void wx_reader_error(wx_reader *r, const char *message);

/* wx_reader_error, returning false. Inline so that the compiler sees each
 * `return wx_reader_fail(...)` return false: once the library's functions
 * are hidden it inlines callers such as wx_decode_len, and would otherwise
 * warn that their outputs may be left unset on a successful return. */
static inline bool wx_reader_fail(wx_reader *r, const char *message)
{
	wx_reader_error(r, message);
	return false;
}

static inline bool wx_reader_done(const wx_reader *r) { return r->pos >= r->end; }
static inline size_t wx_reader_left(const wx_reader *r) { return r->end - r->pos; }

bool wx_read_byte(wx_reader *r, uint8_t *out);
bool wx_read_bytes(wx_reader *r, size_t n, const uint8_t **out);
bool wx_read_u32le(wx_reader *r, uint32_t *out);
bool wx_read_u64le(wx_reader *r, uint64_t *out);
/* Unsigned and signed LEB128 of the given width: at most ceil(N/7) bytes,
 * and the unused bits of the last byte must be zero (unsigned) or copies of
 * the sign bit (signed); errors "integer representation too long" and
 * "integer too large", as the spec tests word them. */
bool wx_read_u32(wx_reader *r, uint32_t *out);
bool wx_read_u64(wx_reader *r, uint64_t *out);
bool wx_read_s32(wx_reader *r, int32_t *out);
bool wx_read_s33(wx_reader *r, int64_t *out);
bool wx_read_s64(wx_reader *r, int64_t *out);
/* A name: u32 length + bytes that must be valid UTF-8 ("malformed UTF-8
 * encoding"). *out points into the module bytes. */
bool wx_read_name(wx_reader *r, const char **out, uint32_t *len);

bool wx_utf8_valid(const uint8_t *s, size_t len);

#endif /* WX_READER_H */
