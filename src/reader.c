/*
 * reader.c - bounded byte cursor, LEB128 and UTF-8 (spec: binary/values.rst).
 */
#include "reader.h"

#include <string.h>

void wx_reader_init(wx_reader *r, const uint8_t *base, size_t pos, size_t end,
                    wexec_error *err)
{
	r->base = base;
	r->pos = pos;
	r->end = end;
	r->err = err;
	r->failed = false;
	r->eof_message = "unexpected end";
	r->features = 0;
}

void wx_reader_error(wx_reader *r, const char *message)
{
	if (!r->failed)
		wexec_error_set(r->err, WEXEC_ERR_MALFORMED, "%s at offset %zu",
		                message, r->pos);
	r->failed = true;
	r->pos = r->end;
}

bool wx_read_byte(wx_reader *r, uint8_t *out)
{
	if (r->failed)
		return false;
	if (r->pos >= r->end)
		return wx_reader_fail(r, r->eof_message);
	*out = r->base[r->pos++];
	return true;
}

bool wx_read_bytes(wx_reader *r, size_t n, const uint8_t **out)
{
	if (r->failed)
		return false;
	if (n > r->end - r->pos)
		return wx_reader_fail(r, r->eof_message);
	*out = r->base + r->pos;
	r->pos += n;
	return true;
}

bool wx_read_u32le(wx_reader *r, uint32_t *out)
{
	const uint8_t *p;
	if (!wx_read_bytes(r, 4, &p))
		return false;
	*out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
	return true;
}

bool wx_read_u64le(wx_reader *r, uint64_t *out)
{
	uint32_t lo, hi;
	if (!wx_read_u32le(r, &lo) || !wx_read_u32le(r, &hi))
		return false;
	*out = (uint64_t)hi << 32 | lo;
	return true;
}

/* Reads an unsigned LEB128 of at most `bits` bits. */
static bool read_uleb(wx_reader *r, unsigned bits, uint64_t *out)
{
	uint64_t result = 0;
	unsigned shift = 0;
	for (;;) {
		uint8_t b;
		if (r->failed)
			return false;
		if (r->pos >= r->end)
			return wx_reader_fail(r, r->eof_message);
		b = r->base[r->pos];
		/* Payload bits past `bits` are checked before the continuation
		 * bit, so "\xff\xff\xff\xff\xff\x0f" is "too large" as in the
		 * spec tests. */
		if (shift + 7 > bits && (b & 0x7F) >> (bits - shift))
			return wx_reader_fail(r, "integer too large");
		if (shift + 7 >= bits && (b & 0x80))
			return wx_reader_fail(r, "integer representation too long");
		r->pos++;
		result |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	*out = result;
	return true;
}

/* Reads a signed LEB128 of at most `bits` bits. */
static bool read_sleb(wx_reader *r, unsigned bits, int64_t *out)
{
	uint64_t result = 0;
	unsigned shift = 0;
	uint8_t b;
	for (;;) {
		if (r->failed)
			return false;
		if (r->pos >= r->end)
			return wx_reader_fail(r, r->eof_message);
		b = r->base[r->pos];
		if (shift + 7 > bits) {
			/* The bits beyond `bits` must all equal the sign bit. */
			unsigned used = bits - shift;           /* 1..6 */
			uint8_t rest = (uint8_t)((b & 0x7F) >> (used - 1));
			uint8_t all = (uint8_t)(0x7F >> (used - 1));
			if (rest != 0 && rest != all)
				return wx_reader_fail(r, "integer too large");
		}
		if (shift + 7 >= bits && (b & 0x80))
			return wx_reader_fail(r, "integer representation too long");
		r->pos++;
		result |= (uint64_t)(b & 0x7F) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	if (shift < 64 && (b & 0x40))
		result |= ~(uint64_t)0 << shift;
	*out = (int64_t)result;
	return true;
}

bool wx_read_u32(wx_reader *r, uint32_t *out)
{
	uint64_t v;
	/* Most indices and counts fit in one byte. */
	if (!r->failed && r->pos < r->end && r->base[r->pos] < 0x80) {
		*out = r->base[r->pos++];
		return true;
	}
	if (!read_uleb(r, 32, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool wx_read_u64(wx_reader *r, uint64_t *out)
{
	return read_uleb(r, 64, out);
}

bool wx_read_s32(wx_reader *r, int32_t *out)
{
	int64_t v;
	if (!read_sleb(r, 32, &v))
		return false;
	*out = (int32_t)v;
	return true;
}

bool wx_read_s33(wx_reader *r, int64_t *out)
{
	return read_sleb(r, 33, out);
}

bool wx_read_s64(wx_reader *r, int64_t *out)
{
	return read_sleb(r, 64, out);
}

bool wx_utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint8_t c = s[i];
		uint32_t cp;
		size_t n;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n > len - i - 1)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		/* Reject overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

bool wx_read_name(wx_reader *r, const char **out, uint32_t *len)
{
	uint32_t n;
	const uint8_t *p;
	if (!wx_read_u32(r, &n))
		return false;
	if (!wx_read_bytes(r, n, &p))
		return false;
	if (!wx_utf8_valid(p, n)) {
		r->pos -= n;
		return wx_reader_fail(r, "malformed UTF-8 encoding");
	}
	*out = (const char *)p;
	*len = n;
	return true;
}
