/*
 * unit.h - a minimal unit-test harness. A test file defines test functions,
 * lists them in main() with RUN(), and ends with `return unit_report();`.
 * A test that cannot run here says so with SKIP(name, reason): the skip is
 * printed and counted, never silent, and never a passing check.
 */
#ifndef WX_UNIT_H
#define WX_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int unit_failures;
static int unit_checks;
static int unit_skips;

#define CHECK(cond)                                                          \
	do {                                                                 \
		unit_checks++;                                               \
		if (!(cond)) {                                               \
			unit_failures++;                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			        __LINE__, #cond);                            \
		}                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                 \
	do {                                                                 \
		unit_checks++;                                               \
		if (strcmp((got), (want)) != 0) {                            \
			unit_failures++;                                     \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",   \
			        __FILE__, __LINE__, (got), (want));          \
		}                                                            \
	} while (0)

#define RUN(fn)                                                              \
	do {                                                                 \
		fn();                                                        \
	} while (0)

/* A test, or a part of one, that cannot run in this build or on this host:
 * prints "skip  NAME: REASON" and counts it in unit_report's line. */
#define SKIP(name, reason) unit_skip((name), (reason))

static inline void unit_skip(const char *name, const char *reason)
{
	unit_skips++;
	printf("skip  %s: %s\n", name, reason);
}

/* The next state of a xorshift generator (Marsaglia's 13, 7, 17): the
 * tests' random inputs, the same sequence on every run. */
static inline uint64_t unit_xorshift(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* Writes v as an unsigned LEB128 at p and returns its length: the
 * shortest encoding when width is 0, else exactly width bytes, padded
 * with continuation bytes (v must fit in 7 * width bits). */
static inline size_t unit_put_uleb(uint8_t *p, uint64_t v, size_t width)
{
	size_t n = 0;
	do {
		uint8_t byte = (uint8_t)(v & 0x7F);
		v >>= 7;
		bool more = width ? n + 1 < width : v != 0;
		p[n++] = byte | (more ? 0x80 : 0);
		if (!more)
			break;
	} while (1);
	return n;
}

static inline int unit_report(void)
{
	printf("%d checks, %d failed, %d skipped\n", unit_checks, unit_failures,
	       unit_skips);
	return unit_failures != 0;
}

#endif /* WX_UNIT_H */
