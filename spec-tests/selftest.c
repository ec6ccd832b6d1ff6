/*
 * selftest.c - checks of the runner's own parts (`spec-runner --self-test`):
 * the JSON reader's escapes, the result patterns of values.c and the rule
 * that matches error texts (script.c), so that a failing spec command can
 * be trusted to be the engine's fault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "runner.h"
#include "values.h"

static int checks, failures;

static void check(bool ok, const char *what)
{
	checks++;
	if (!ok) {
		failures++;
		fprintf(stderr, "self-test failed: %s\n", what);
	}
}

static bool parse(json_doc *doc, const char *text)
{
	char why[128];
	size_t len = strlen(text);
	char *buf = malloc(len + 1);
	if (!buf)
		return false;
	memcpy(buf, text, len + 1);
	return json_parse(doc, buf, len, why, sizeof why);
}

static void test_json(void)
{
	json_doc doc;
	bool ok = parse(&doc, "{\"a\": [1, \"x\\u0000y\", true, null],"
	                      " \"b\": \"\\ud83d\\ude00\\\"\\n\", \"c\": {}}");
	check(ok, "json parses");
	const json_node *a = json_get(doc.root, "a");
	check(json_count(a) == 4, "array length");
	check(a && a->child->kind == JSON_NUMBER && a->child->num == 1,
	      "number");
	const json_node *s = a ? a->child->next : NULL;
	check(s && s->len == 3 && memcmp(s->str, "x\0y", 3) == 0,
	      "\\u0000 keeps its length");
	const char *b = json_get_str(doc.root, "b");
	check(b && strcmp(b, "\xf0\x9f\x98\x80\"\n") == 0,
	      "surrogate pair and escapes");
	check(json_count(json_get(doc.root, "c")) == 0, "empty object");
	json_free(&doc);
	check(!parse(&doc, "{\"a\": [1, 2}"), "bad bracket rejected");
	json_free(&doc);
	check(!parse(&doc, "{} x"), "trailing text rejected");
	json_free(&doc);
}

static bool expect(const char *json, expected_val *out)
{
	json_doc doc;
	char why[128];
	bool ok = parse(&doc, json) &&
	          value_parse_expected(doc.root, out, why, sizeof why);
	json_free(&doc);
	return ok;
}

static void test_values(void)
{
	expected_val e;
	wexec_val v = wexec_val_i32(0);
	v.type = WEXEC_F32;
	check(expect("{\"type\": \"f32\", \"value\": \"nan:canonical\"}", &e),
	      "nan:canonical parses");
	v.of.f32_bits = 0xffc00000u;
	check(value_matches(&e, &v), "negative canonical NaN matches");
	v.of.f32_bits = 0x7fc00001u;
	check(!value_matches(&e, &v), "payload NaN is not canonical");
	check(expect("{\"type\": \"f32\", \"value\": \"nan:arithmetic\"}", &e),
	      "nan:arithmetic parses");
	check(value_matches(&e, &v), "payload quiet NaN is arithmetic");
	v.of.f32_bits = 0x7f800001u;
	check(!value_matches(&e, &v), "signalling NaN is not arithmetic");
	check(expect("{\"type\": \"i32\", \"value\": \"4294967295\"}", &e) &&
	              e.val.of.i32 == -1,
	      "unsigned i32 text");
	check(!expect("{\"type\": \"i32\", \"value\": \"4294967296\"}", &e),
	      "i32 out of range rejected");
	check(expect("{\"type\": \"externref\", \"value\": \"0\"}", &e) &&
	              e.val.of.externref != NULL,
	      "ref.extern 0 is not null");
	check(expect("{\"type\": \"v128\", \"lane_type\": \"i16\", \"value\":"
	             " [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"65535\"]}",
	             &e) &&
	              e.val.of.v128[2] == 2 && e.val.of.v128[14] == 0xff,
	      "v128 i16 lanes little-endian");
	check(expect("{\"type\": \"v128\", \"lane_type\": \"f64\", \"value\":"
	             " [\"nan:canonical\", \"0\"]}",
	             &e),
	      "v128 lane pattern parses");
	v.type = WEXEC_V128;
	memset(v.of.v128, 0, 16);
	v.of.v128[6] = 0xf8;
	v.of.v128[7] = 0x7f;
	check(value_matches(&e, &v), "v128 canonical NaN lane matches");
	v.of.v128[8] = 1;
	check(!value_matches(&e, &v), "v128 exact lane differs");
}

/* The reference interpreter's rule: the expected text is a prefix of the
 * message; not the other way round, and an empty text matches nothing. */
static void test_text(void)
{
	check(script_text_matches("integer divide by zero",
	                          "integer divide by zero"),
	      "equal texts match");
	check(script_text_matches("unknown import",
	                          "unknown import: env::f (no such module)"),
	      "the text is a prefix of the message");
	check(script_text_matches("integer divide by zero",
	                          "integer divide by zero (in function f)"),
	      "the engine's function name is ignored");
	check(!script_text_matches("integer overflow", "integer"),
	      "a message that is a prefix of the text does not match");
	check(!script_text_matches("out of bounds", ""),
	      "an empty message does not match");
	check(!script_text_matches("", "type mismatch"),
	      "an empty text matches nothing");
	check(!script_text_matches(NULL, "type mismatch"),
	      "a missing text matches nothing");
	check(!script_text_matches("invalid result arity",
	                           "type mismatch: invalid result arity"),
	      "the text must start the message");
	check(!script_text_matches("unreachable (in function f)",
	                           "unreachable (in function g)"),
	      "the appended function name is not part of the match");
	check(script_text_matches("zero flag expected",
	                          "zero byte expected at offset 31"),
	      "an older name of a message matches the current one");
	check(!script_text_matches("zero flag expected",
	                           "zero flag expected at offset 31"),
	      "a renamed message is matched by its current name only");
}

/* Skip rules name core files alone and a proposal's files with their
 * directory; a core rule must not reach a proposal's file of that name. */
static void test_skips(void)
{
	skip_rule rules[] = {
	    {"select.wast", 324, "core line"},
	    {"simd_*.wast", 0, "core files"},
	    {"memory64/load64.wast", 7, "proposal line"},
	};
	skip_list skips = {rules, sizeof rules / sizeof rules[0]};
	check(skip_lookup(&skips, "select.wast", 324) != NULL,
	      "a rule skips its line");
	check(skip_lookup(&skips, "select.wast", 325) == NULL,
	      "a line rule skips no other line");
	check(skip_lookup(&skips, "simd_lane.wast", 9) != NULL,
	      "a pattern rule skips every line of its files");
	check(skip_lookup(&skips, "x/select.wast", 324) == NULL,
	      "a core rule does not reach a proposal's file");
	check(skip_lookup(&skips, "x/simd_lane.wast", 9) == NULL,
	      "a pattern's * does not cross the directory");
	check(skip_lookup(&skips, "memory64/load64.wast", 7) != NULL,
	      "a proposal's rule names its directory");
}

int selftest_run(void)
{
	test_json();
	test_values();
	test_text();
	test_skips();
	printf("self-test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
