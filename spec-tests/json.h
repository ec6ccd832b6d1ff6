/*
 * json.h - a small JSON reader (RFC 8259) for the scripts wast2json writes
 * from the spec test suite. The whole document is parsed into a tree of
 * nodes; strings are decoded in place in the caller's buffer, which the
 * document takes over.
 */
#ifndef SPEC_JSON_H
#define SPEC_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum json_kind {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
} json_kind;

typedef struct json_node {
	json_kind kind;
	/* Member name when the node is a member of an object, else NULL.
	 * NUL-terminated; key_len counts the bytes (names may hold U+0000). */
	const char *key;
	size_t key_len;
	/* STRING: the decoded UTF-8 bytes, NUL-terminated, len bytes long. */
	const char *str;
	size_t len;
	double num;       /* NUMBER */
	bool boolean;     /* BOOL */
	struct json_node *child;  /* ARRAY/OBJECT: first element or member */
	struct json_node *next;   /* next sibling in the parent */
} json_node;

struct json_block;

typedef struct json_doc {
	char *text;                /* owned: the parsed buffer */
	struct json_block *blocks; /* owned: node storage */
	json_node *root;
} json_doc;

/* Parses text[0..len) (text must have one spare byte at text[len]). The
 * document takes ownership of `text` (malloc'd) whether or not parsing
 * succeeds. Returns false with a message in why (which includes the byte
 * offset) when the text is not JSON or memory runs out. */
bool json_parse(json_doc *doc, char *text, size_t len, char *why,
                size_t why_len);
void json_free(json_doc *doc);

/* Reads a whole file into a malloc'd buffer with a spare byte at the end. */
bool json_read_file(const char *path, char **out, size_t *len, char *why,
                    size_t why_len);

/* The member `key` of an object, or NULL (also when obj is not an object). */
const json_node *json_get(const json_node *obj, const char *key);
/* The member's string, or NULL when absent or not a string. */
const char *json_get_str(const json_node *obj, const char *key);
/* Number of elements of an array (0 for anything else). */
size_t json_count(const json_node *arr);

#endif /* SPEC_JSON_H */
