/*
 * unit.h - a minimal unit-test harness. A test file defines test functions,
 * lists them in main() with RUN(), and ends with `return unit_report();`.
 */
#ifndef WX_UNIT_H
#define WX_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures;
static int unit_checks;

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

static inline int unit_report(void)
{
	printf("%d checks, %d failed\n", unit_checks, unit_failures);
	return unit_failures != 0;
}

#endif /* WX_UNIT_H */
