/*
 * values.h - the values of spec test scripts: arguments and expected
 * results as wast2json writes them (integers as unsigned decimal text,
 * floats as the decimal text of their bits, NaN patterns, references, v128
 * lanes), converted to wexec values and compared with what the engine
 * returned (spec: the test suite's `assert_return` result patterns).
 */
#ifndef SPEC_VALUES_H
#define SPEC_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"
#include "wexec.h"

/* How an expected value (or one v128 lane) is matched. */
typedef enum value_pat {
	PAT_EXACT,          /* same type and same bits */
	PAT_NAN_CANONICAL,  /* a NaN with only the quiet bit in the payload */
	PAT_NAN_ARITHMETIC, /* a NaN with the quiet bit set */
	PAT_REF_NONNULL,    /* any non-null reference (ref.func in a result) */
	PAT_ANY,            /* any value of the type */
} value_pat;

typedef enum lane_type {
	LANE_I8,
	LANE_I16,
	LANE_I32,
	LANE_I64,
	LANE_F32,
	LANE_F64,
} lane_type;

typedef struct expected_val {
	wexec_val val;      /* the exact value (type always set) */
	value_pat pat;      /* scalars and references */
	lane_type lanes;    /* v128: how the 16 bytes split into lanes */
	value_pat lane_pat[16];
} expected_val;

/* Externref N of the scripts is the host pointer N + 1, so that
 * ref.extern 0 is not the null reference. */
void *value_extern_ref(unsigned long long n);

/* Parses one argument ({"type": ..., "value": ...}) into *out. False with
 * a reason in why when the node is not a value the runner understands. */
bool value_parse_arg(const json_node *node, wexec_val *out, char *why,
                     size_t why_len);

/* Parses one expected result, with NaN and reference patterns. */
bool value_parse_expected(const json_node *node, expected_val *out, char *why,
                          size_t why_len);

bool value_matches(const expected_val *want, const wexec_val *got);

/* Human-readable forms for failure messages; a v128 is shown split into
 * `lanes`. */
void value_format(const wexec_val *val, lane_type lanes, char *buf,
                  size_t len);
void value_format_expected(const expected_val *want, char *buf, size_t len);

#endif /* SPEC_VALUES_H */
