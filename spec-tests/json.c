/*
 * json.c - a small JSON reader (RFC 8259) for wast2json's scripts. Strings
 * are decoded in place: an escape never decodes to more bytes than it
 * occupies, so the decoded text always fits where the raw text was. Nodes
 * come from an arena of blocks so that pointers to them stay valid while
 * the tree grows.
 */
#include "json.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_NODES 4096
#define MAX_DEPTH 64

struct json_block {
	struct json_block *next;
	size_t used;
	json_node nodes[BLOCK_NODES];
};

typedef struct parser {
	json_doc *doc;
	char *s;
	size_t pos, len;
	char *why;
	size_t why_len;
	bool failed;
} parser;

static bool fail(parser *p, const char *what)
{
	if (!p->failed)
		snprintf(p->why, p->why_len, "%s at byte %zu", what, p->pos);
	p->failed = true;
	return false;
}

static json_node *new_node(parser *p, json_kind kind)
{
	struct json_block *b = p->doc->blocks;
	if (!b || b->used == BLOCK_NODES) {
		b = malloc(sizeof *b);
		if (!b) {
			fail(p, "out of memory");
			return NULL;
		}
		b->next = p->doc->blocks;
		b->used = 0;
		p->doc->blocks = b;
	}
	json_node *n = &b->nodes[b->used++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	return n;
}

static void skip_space(parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int hex4(parser *p, size_t at)
{
	int v = 0;
	if (at + 4 > p->len)
		return -1;
	for (size_t i = at; i < at + 4; i++) {
		char c = p->s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes a \uXXXX escape (p->pos at the 'u'), joining surrogate pairs. */
static bool unicode_escape(parser *p, uint32_t *cp)
{
	int hi = hex4(p, p->pos + 1);
	if (hi < 0)
		return fail(p, "bad \\u escape");
	p->pos += 5;
	*cp = (uint32_t)hi;
	if (hi >= 0xD800 && hi < 0xDC00 && p->pos + 1 < p->len &&
	    p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
		int lo = hex4(p, p->pos + 2);
		if (lo >= 0xDC00 && lo < 0xE000) {
			*cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) +
			      ((uint32_t)lo - 0xDC00);
			p->pos += 6;
		}
	}
	return true;
}

/* Parses a string at p->pos (the opening quote); *out receives the start of
 * the decoded bytes, NUL-terminated in place. */
static bool parse_string(parser *p, const char **out, size_t *len)
{
	char *dst = p->s + p->pos + 1;
	char *start = dst;
	p->pos++;
	for (;;) {
		if (p->pos >= p->len)
			return fail(p, "unterminated string");
		char c = p->s[p->pos];
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20)
			return fail(p, "control character in string");
		if (c != '\\') {
			*dst++ = c;
			p->pos++;
			continue;
		}
		if (++p->pos >= p->len)
			return fail(p, "unterminated escape");
		c = p->s[p->pos];
		const char *simple = strchr("\"\\/bfnrt", c);
		if (c != '\0' && simple) {
			static const char to[] = "\"\\/\b\f\n\r\t";
			*dst++ = to[simple - "\"\\/bfnrt"];
			p->pos++;
		} else if (c == 'u') {
			uint32_t cp;
			if (!unicode_escape(p, &cp))
				return false;
			dst += put_utf8(dst, cp);
		} else {
			return fail(p, "unknown escape");
		}
	}
	p->pos++;
	*len = (size_t)(dst - start);
	*dst = '\0';
	*out = start;
	return true;
}

static bool parse_value(parser *p, json_node **out, int depth);

/* Parses the elements of an array or the members of an object; p->pos is
 * just past the opening bracket. */
static bool parse_children(parser *p, json_node *parent, char close,
                           int depth)
{
	json_node **tail = &parent->child;
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return true;
	}
	for (;;) {
		const char *key = NULL;
		size_t key_len = 0;
		skip_space(p);
		if (close == '}') {
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return fail(p, "expected member name");
			if (!parse_string(p, &key, &key_len))
				return false;
			skip_space(p);
			if (p->pos >= p->len || p->s[p->pos] != ':')
				return fail(p, "expected ':'");
			p->pos++;
		}
		json_node *child;
		if (!parse_value(p, &child, depth + 1))
			return false;
		child->key = key;
		child->key_len = key_len;
		*tail = child;
		tail = &child->next;
		skip_space(p);
		if (p->pos >= p->len)
			return fail(p, "unterminated array or object");
		char c = p->s[p->pos++];
		if (c == close)
			return true;
		if (c != ',')
			return fail(p, "expected ',' or closing bracket");
	}
}

static bool parse_literal(parser *p, const char *word)
{
	size_t n = strlen(word);
	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return fail(p, "unexpected character");
	p->pos += n;
	return true;
}

static bool parse_number(parser *p, json_node *n)
{
	/* The buffer ends with a spare NUL, so strtod stops in bounds. */
	char *end;
	errno = 0;
	n->num = strtod(p->s + p->pos, &end);
	if (end == p->s + p->pos)
		return fail(p, "bad number");
	p->pos = (size_t)(end - p->s);
	return true;
}

static bool parse_value(parser *p, json_node **out, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(p, "nested too deeply");
	skip_space(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end");
	char c = p->s[p->pos];
	json_kind kind = c == '{'   ? JSON_OBJECT
	                 : c == '[' ? JSON_ARRAY
	                 : c == '"' ? JSON_STRING
	                 : c == 't' || c == 'f' ? JSON_BOOL
	                 : c == 'n' ? JSON_NULL
	                            : JSON_NUMBER;
	json_node *n = new_node(p, kind);
	if (!n)
		return false;
	*out = n;
	switch (kind) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		p->pos++;
		return parse_children(p, n, kind == JSON_OBJECT ? '}' : ']',
		                      depth);
	case JSON_STRING:
		return parse_string(p, &n->str, &n->len);
	case JSON_BOOL:
		n->boolean = c == 't';
		return parse_literal(p, n->boolean ? "true" : "false");
	case JSON_NULL:
		return parse_literal(p, "null");
	case JSON_NUMBER:
		return parse_number(p, n);
	}
	return fail(p, "unexpected character");
}

bool json_parse(json_doc *doc, char *text, size_t len, char *why,
                size_t why_len)
{
	parser p = {doc, text, 0, len, why, why_len, false};
	doc->text = text;
	doc->blocks = NULL;
	doc->root = NULL;
	text[len] = '\0';
	if (!parse_value(&p, &doc->root, 0))
		return false;
	skip_space(&p);
	if (p.pos != len)
		return fail(&p, "trailing characters");
	return true;
}

void json_free(json_doc *doc)
{
	struct json_block *b = doc->blocks;
	while (b) {
		struct json_block *next = b->next;
		free(b);
		b = next;
	}
	free(doc->text);
	doc->text = NULL;
	doc->blocks = NULL;
	doc->root = NULL;
}

bool json_read_file(const char *path, char **out, size_t *len, char *why,
                    size_t why_len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f) {
		snprintf(why, why_len, "cannot open %s: %s", path,
		         strerror(errno));
		return false;
	}
	for (;;) {
		if (cap - n < 2) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nbuf = realloc(buf, ncap);
			if (!nbuf) {
				snprintf(why, why_len, "out of memory");
				goto fail;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(why, why_len, "cannot read %s", path);
		goto fail;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return true;
fail:
	free(buf);
	fclose(f);
	return false;
}

const json_node *json_get(const json_node *obj, const char *key)
{
	if (!obj || obj->kind != JSON_OBJECT)
		return NULL;
	size_t n = strlen(key);
	for (const json_node *c = obj->child; c; c = c->next)
		if (c->key_len == n && memcmp(c->key, key, n) == 0)
			return c;
	return NULL;
}

const char *json_get_str(const json_node *obj, const char *key)
{
	const json_node *n = json_get(obj, key);
	return n && n->kind == JSON_STRING ? n->str : NULL;
}

size_t json_count(const json_node *arr)
{
	size_t n = 0;
	if (!arr || (arr->kind != JSON_ARRAY && arr->kind != JSON_OBJECT))
		return 0;
	for (const json_node *c = arr->child; c; c = c->next)
		n++;
	return n;
}
