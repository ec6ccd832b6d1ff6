/*
 * test_reader.c - the bounded byte reader: LEB128 limits and their error
 * wording (spec: binary/values.rst), UTF-8 names, failure stickiness.
 */
#include "reader.h"
#include "unit.h"

/* Sets up r over the bytes of string literal `lit`. */
#define OVER(r, err, lit) \
	wx_reader_init(&(r), (const uint8_t *)(lit), 0, sizeof(lit) - 1, &(err))

static void test_u32(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	uint32_t v = 0;

	OVER(r, err, "\x00");
	CHECK(wx_read_u32(&r, &v) && v == 0 && wx_reader_done(&r));
	OVER(r, err, "\xE5\x8E\x26");
	CHECK(wx_read_u32(&r, &v) && v == 624485);
	OVER(r, err, "\xFF\xFF\xFF\xFF\x0F");
	CHECK(wx_read_u32(&r, &v) && v == 0xFFFFFFFFu);
	/* Padding with zero continuation bytes is fine within 5 bytes. */
	OVER(r, err, "\x80\x80\x80\x80\x00");
	CHECK(wx_read_u32(&r, &v) && v == 0);

	OVER(r, err, "\x80\x80\x80\x80\x80\x00");
	CHECK(!wx_read_u32(&r, &v));
	CHECK_STR(err.message, "integer representation too long at offset 4");

	wexec_error_clear(&err);
	OVER(r, err, "\x82\x80\x80\x80\x10");
	CHECK(!wx_read_u32(&r, &v));
	CHECK(err.status == WEXEC_ERR_MALFORMED);
	CHECK_STR(err.message, "integer too large at offset 4");

	/* Unused bits set and a continuation bit: "too large" wins. */
	wexec_error_clear(&err);
	OVER(r, err, "\xFF\xFF\xFF\xFF\xFF\x0F");
	CHECK(!wx_read_u32(&r, &v));
	CHECK_STR(err.message, "integer too large at offset 4");

	wexec_error_clear(&err);
	OVER(r, err, "\x80\x80");
	CHECK(!wx_read_u32(&r, &v));
	CHECK_STR(err.message, "unexpected end at offset 2");
}

static void test_u64(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	uint64_t v = 0;

	OVER(r, err, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01");
	CHECK(wx_read_u64(&r, &v) && v == UINT64_MAX);
	OVER(r, err, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x02");
	CHECK(!wx_read_u64(&r, &v));
	CHECK_STR(err.message, "integer too large at offset 9");
	wexec_error_clear(&err);
	OVER(r, err, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00");
	CHECK(!wx_read_u64(&r, &v));
	CHECK_STR(err.message, "integer representation too long at offset 9");
}

static void test_signed(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	int32_t s32 = 0;
	int64_t s64 = 0;

	OVER(r, err, "\x7F");
	CHECK(wx_read_s32(&r, &s32) && s32 == -1);
	OVER(r, err, "\x80\x7F");
	CHECK(wx_read_s32(&r, &s32) && s32 == -128);
	OVER(r, err, "\x80\x80\x80\x80\x78");
	CHECK(wx_read_s32(&r, &s32) && s32 == INT32_MIN);
	OVER(r, err, "\xFF\xFF\xFF\xFF\x07");
	CHECK(wx_read_s32(&r, &s32) && s32 == INT32_MAX);
	/* Unused bits must copy the sign bit. */
	OVER(r, err, "\xFF\xFF\xFF\xFF\x0F");
	CHECK(!wx_read_s32(&r, &s32));
	CHECK_STR(err.message, "integer too large at offset 4");
	wexec_error_clear(&err);
	OVER(r, err, "\x80\x80\x80\x80\x70");
	CHECK(!wx_read_s32(&r, &s32));
	CHECK_STR(err.message, "integer too large at offset 4");
	wexec_error_clear(&err);
	OVER(r, err, "\xFF\xFF\xFF\xFF\xFF\x7F");
	CHECK(!wx_read_s32(&r, &s32));
	CHECK_STR(err.message, "integer representation too long at offset 4");

	wexec_error_clear(&err);
	OVER(r, err, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7F");
	CHECK(wx_read_s64(&r, &s64) && s64 == INT64_MIN);
	OVER(r, err, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7E");
	CHECK(!wx_read_s64(&r, &s64));
	CHECK_STR(err.message, "integer too large at offset 9");

	/* s33: a block type index may use all 32 bits of a u32. */
	wexec_error_clear(&err);
	OVER(r, err, "\xFF\xFF\xFF\xFF\x0F");
	CHECK(wx_read_s33(&r, &s64) && s64 == 0xFFFFFFFF);
	OVER(r, err, "\x40");
	CHECK(wx_read_s33(&r, &s64) && s64 == -64);
}

static void test_sticky_failure(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	uint8_t b;
	uint32_t v;

	OVER(r, err, "\x01");
	CHECK(wx_read_byte(&r, &b) && b == 1);
	CHECK(!wx_read_byte(&r, &b));
	/* Every later read fails and the first message stays. */
	r.pos = 0;
	CHECK(!wx_read_u32(&r, &v));
	CHECK_STR(err.message, "unexpected end at offset 1");

	wexec_error_clear(&err);
	OVER(r, err, "\x01\x02");
	r.eof_message = "unexpected end of section or function";
	CHECK(!wx_read_u32le(&r, &v));
	CHECK_STR(err.message, "unexpected end of section or function at offset 0");

	/* A NULL error record is allowed. */
	wx_reader_init(&r, (const uint8_t *)"", 0, 0, NULL);
	CHECK(!wx_read_byte(&r, &b) && r.failed);
}

static void test_utf8(void)
{
	CHECK(wx_utf8_valid((const uint8_t *)"", 0));
	CHECK(wx_utf8_valid((const uint8_t *)"abc\0d", 5));
	CHECK(wx_utf8_valid((const uint8_t *)"\xC2\x80", 2));
	CHECK(wx_utf8_valid((const uint8_t *)"\xE2\x82\xAC", 3));
	CHECK(wx_utf8_valid((const uint8_t *)"\xF4\x8F\xBF\xBF", 4));
	CHECK(wx_utf8_valid((const uint8_t *)"\xEF\xBF\xBF", 3));
	CHECK(!wx_utf8_valid((const uint8_t *)"\x80", 1));          /* stray */
	CHECK(!wx_utf8_valid((const uint8_t *)"\xC0\x80", 2));      /* overlong */
	CHECK(!wx_utf8_valid((const uint8_t *)"\xE0\x9F\xBF", 3));  /* overlong */
	CHECK(!wx_utf8_valid((const uint8_t *)"\xED\xA0\x80", 3));  /* surrogate */
	CHECK(!wx_utf8_valid((const uint8_t *)"\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	CHECK(!wx_utf8_valid((const uint8_t *)"\xF8\x88\x80\x80\x80", 5));
	CHECK(!wx_utf8_valid((const uint8_t *)"\xE2\x82", 2));      /* truncated */
	CHECK(!wx_utf8_valid((const uint8_t *)"\xC2\x41", 2));      /* bad trail */
}

static void test_name(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wx_reader r;
	const char *s = NULL;
	uint32_t len = 0;

	OVER(r, err, "\x03" "abc");
	CHECK(wx_read_name(&r, &s, &len) && len == 3 && memcmp(s, "abc", 3) == 0);
	OVER(r, err, "\x02\xC0\x80");
	CHECK(!wx_read_name(&r, &s, &len));
	CHECK_STR(err.message, "malformed UTF-8 encoding at offset 1");
	wexec_error_clear(&err);
	OVER(r, err, "\x05" "ab");
	CHECK(!wx_read_name(&r, &s, &len));
	CHECK_STR(err.message, "unexpected end at offset 1");
}

int main(void)
{
	RUN(test_u32);
	RUN(test_u64);
	RUN(test_signed);
	RUN(test_sticky_failure);
	RUN(test_utf8);
	RUN(test_name);
	return unit_report();
}
