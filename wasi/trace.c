/*
 * trace.c - one line per WASI call, in strace's form, for --trace and
 * config->trace (wexec_wasi_trace_fn): the function's arguments decoded
 * by the types of wasi_snapshot_preview1.witx (flags by name, strings
 * quoted, iovecs summed, structs the call filled), then its result or
 * errno name. Guest memory is read only through wasi_mem(), so a pointer
 * the guest got wrong prints as <bad pointer>, never a crash.
 *
 * Each function's row (misc.c, fd.c, pathops.c, sock.c) spells its
 * arguments with these letters, in the ABI's order:
 *
 *   inputs, one wasm argument each
 *     f  fd               i  u32         I  u64         J  s64 (filedelta)
 *     x  u64 in hex       c  clockid     w  whence      a  advice
 *     G  fdflags          t  fstflags    r  riflags     S  sdflags
 *     l  lookupflags      (left out when 0)
 *     o  oflags=...       F  fdflags=...  (left out when 0)
 *     R  rights=0x...     H  inheriting=0x...
 *   inputs of several wasm arguments
 *     s  string (ptr, len)             b  buffer (ptr, len): [N bytes]
 *     v  iovecs (ptr, count): [N bytes]
 *     P  subscriptions (in, out, count)
 *     A  args (argv, buf): the strings   E  environ, the same
 *   outputs, shown once the call succeeded (else their address)
 *     =  u32 result, shown as the call's result (bytes, fd, events)
 *     ~  u64 result, the same (offset, time)
 *     n  u32             D  fdstat      T  filestat    p  prestat
 *     B  buffer (ptr, len) filled with a string
 *     L  buffer (ptr, len, used ptr) filled with a string of `used`
 *        bytes, which is the call's result
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wasi.h"

/* Longest string argument shown, in guest bytes. */
#define STRING_SHOWN 200
/* Most poll subscriptions shown. */
#define SUBS_SHOWN 8

typedef struct line {
	char buf[WEXEC_WASI_TRACE_MAX];
	size_t len;
	bool cut;   /* something did not fit */
	bool comma; /* an argument was written: the next needs ", " */
} line;

static void put(line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(line *l, const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof l->buf - l->len;
	if (l->cut)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(l->buf + l->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		l->cut = true;
		l->len = sizeof l->buf - 1;
	} else {
		l->len += (size_t)n;
	}
}

/* Starts the next argument. */
static void arg(line *l)
{
	if (l->comma)
		put(l, ", ");
	l->comma = true;
}

static void bad_pointer(line *l)
{
	put(l, "<bad pointer>");
}

/* `names` has one entry per bit, from bit 0; bits without a name print
 * as a number. 0 prints as 0. */
static void put_flags(line *l, uint64_t v, const char *const *names,
                      size_t n)
{
	bool first = true;
	if (v == 0) {
		put(l, "0");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(v & ((uint64_t)1 << i)))
			continue;
		put(l, "%s%s", first ? "" : "|", names[i]);
		first = false;
		v &= ~((uint64_t)1 << i);
	}
	if (v)
		put(l, "%s0x%" PRIx64, first ? "" : "|", v);
}

static void put_enum(line *l, uint32_t v, const char *const *names,
                     size_t n)
{
	if (v < n)
		put(l, "%s", names[v]);
	else
		put(l, "%" PRIu32, v);
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const fdflag_names[] = {"APPEND", "DSYNC", "NONBLOCK",
                                           "RSYNC", "SYNC"};
static const char *const oflag_names[] = {"CREAT", "DIRECTORY", "EXCL",
                                          "TRUNC"};
static const char *const lookup_names[] = {"SYMLINK_FOLLOW"};
static const char *const fst_names[] = {"ATIM", "ATIM_NOW", "MTIM",
                                        "MTIM_NOW"};
static const char *const riflag_names[] = {"RECV_PEEK", "RECV_WAITALL"};
static const char *const sdflag_names[] = {"RD", "WR"};
static const char *const clock_names[] = {"REALTIME", "MONOTONIC",
                                          "PROCESS_CPUTIME_ID",
                                          "THREAD_CPUTIME_ID"};
static const char *const whence_names[] = {"SET", "CUR", "END"};
static const char *const advice_names[] = {"NORMAL",   "SEQUENTIAL",
                                           "RANDOM",   "WILLNEED",
                                           "DONTNEED", "NOREUSE"};
static const char *const filetype_names[] = {
    "UNKNOWN",        "BLOCK_DEVICE",  "CHARACTER_DEVICE",
    "DIRECTORY",      "REGULAR_FILE",  "SOCKET_DGRAM",
    "SOCKET_STREAM",  "SYMBOLIC_LINK"};

/* A host string, quoted, with C escapes for what is not printable. */
static void put_bytes(line *l, const uint8_t *p, size_t len)
{
	size_t shown = len > STRING_SHOWN ? STRING_SHOWN : len;
	put(l, "\"");
	for (size_t i = 0; i < shown; i++) {
		uint8_t ch = p[i];
		if (ch == '"' || ch == '\\')
			put(l, "\\%c", ch);
		else if (ch == '\n')
			put(l, "\\n");
		else if (ch == '\t')
			put(l, "\\t");
		else if (ch < 0x20 || ch >= 0x7f)
			put(l, "\\x%02x", ch);
		else
			put(l, "%c", ch);
	}
	put(l, "\"%s", shown < len ? "..." : "");
}

static void put_guest_string(line *l, const wasi_call *c, uint32_t ptr,
                             uint32_t len)
{
	const uint8_t *p = wasi_mem(c, ptr, len);
	if (p)
		put_bytes(l, p, len);
	else
		bad_pointer(l);
}

static void put_strings(line *l, char **v, size_t n)
{
	put(l, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(l, ", ");
		put_bytes(l, (const uint8_t *)v[i], strlen(v[i]));
	}
	put(l, "]");
}

/* The total length of an iovec array, or false for a bad pointer. */
static bool iovec_total(const wasi_call *c, uint32_t ptr, uint32_t n,
                        uint64_t *out)
{
	const uint8_t *p = wasi_mem(c, ptr, (uint64_t)n * sizeof(wasi_iovec));
	*out = 0;
	if (!p)
		return false;
	for (uint32_t i = 0; i < n; i++)
		*out += wasi_get_u32(p + (size_t)i * sizeof(wasi_iovec) +
		                     offsetof(wasi_iovec, buf_len));
	return true;
}

static void put_subscriptions(line *l, const wasi_call *c, uint32_t ptr,
                              uint32_t n)
{
	const uint8_t *p =
	    wasi_mem(c, ptr, (uint64_t)n * sizeof(wasi_subscription));
	if (!p) {
		bad_pointer(l);
		return;
	}
	put(l, "[");
	for (uint32_t i = 0; i < n && i < SUBS_SHOWN; i++) {
		const uint8_t *s = p + (size_t)i * sizeof(wasi_subscription);
		const uint8_t *u = s + offsetof(wasi_subscription, u);
		uint8_t tag = s[offsetof(wasi_subscription, tag)];
		if (i)
			put(l, ", ");
		if (tag == WASI_EVENTTYPE_CLOCK) {
			put(l, "clock(");
			put_enum(l,
			         wasi_get_u32(u + offsetof(
			                              wasi_subscription_clock,
			                              id)),
			         clock_names, COUNT(clock_names));
			uint16_t fl = wasi_get_u16(
			    u + offsetof(wasi_subscription_clock, flags));
			put(l, ", %s%" PRIu64 ")",
			    fl & WASI_SUBCLOCK_ABSTIME ? "abstime=" : "",
			    wasi_get_u64(u + offsetof(wasi_subscription_clock,
			                              timeout)));
		} else if (tag == WASI_EVENTTYPE_FD_READ ||
		           tag == WASI_EVENTTYPE_FD_WRITE) {
			put(l, "%s(%" PRIu32 ")",
			    tag == WASI_EVENTTYPE_FD_READ ? "fd_read"
			                                  : "fd_write",
			    wasi_get_u32(u));
		} else {
			put(l, "eventtype %u", tag);
		}
	}
	put(l, "%s]", n > SUBS_SHOWN ? ", ..." : "");
}

static void put_fdstat(line *l, const uint8_t *p)
{
	put(l, "{");
	put_enum(l, p[offsetof(wasi_fdstat, fs_filetype)], filetype_names,
	         COUNT(filetype_names));
	put(l, ", flags=");
	put_flags(l, wasi_get_u16(p + offsetof(wasi_fdstat, fs_flags)),
	          fdflag_names, COUNT(fdflag_names));
	put(l, ", rights=0x%" PRIx64 ", inheriting=0x%" PRIx64 "}",
	    wasi_get_u64(p + offsetof(wasi_fdstat, fs_rights_base)),
	    wasi_get_u64(p + offsetof(wasi_fdstat, fs_rights_inheriting)));
}

static void put_filestat(line *l, const uint8_t *p)
{
	put(l, "{");
	put_enum(l, p[offsetof(wasi_filestat, filetype)], filetype_names,
	         COUNT(filetype_names));
	put(l, ", size=%" PRIu64 "}",
	    wasi_get_u64(p + offsetof(wasi_filestat, size)));
}

/* What the arguments' outputs make of the result. */
typedef struct result {
	bool has_value;
	uint64_t value;
	bool bad; /* the result pointer is outside memory */
} result;

static void take_result(const wasi_call *c, uint32_t ptr, unsigned size,
                        result *r)
{
	const uint8_t *p = wasi_mem(c, ptr, size);
	r->has_value = true;
	if (!p)
		r->bad = true;
	else
		r->value = size == 4 ? wasi_get_u32(p) : wasi_get_u64(p);
}

/* An output argument of `size` bytes at ptr: the struct decoded when the
 * call succeeded, else its address. Returns the bytes, or NULL when
 * nothing more is to be printed. */
static const uint8_t *output(line *l, const wasi_call *c, uint32_t ptr,
                             uint64_t size, bool ok)
{
	const uint8_t *p;
	arg(l);
	if (!ok) {
		put(l, "0x%" PRIx32, ptr);
		return NULL;
	}
	if (!(p = wasi_mem(c, ptr, size)))
		bad_pointer(l);
	return p;
}

/* The output letters: n, D, T, p, B and L. */
static void put_output(line *l, const wasi_call *c, char kind,
                       const wexec_val *args, size_t *i, bool ok, result *r)
{
	size_t k = *i - 1;
	uint32_t a = (uint32_t)args[k].of.i32;
	const uint8_t *p;
	switch (kind) {
	case 'n':
		if ((p = output(l, c, a, 4, ok)))
			put(l, "%" PRIu32, wasi_get_u32(p));
		break;
	case 'D':
		if ((p = output(l, c, a, sizeof(wasi_fdstat), ok)))
			put_fdstat(l, p);
		break;
	case 'T':
		if ((p = output(l, c, a, sizeof(wasi_filestat), ok)))
			put_filestat(l, p);
		break;
	case 'p':
		if ((p = output(l, c, a, sizeof(wasi_prestat), ok)))
			put(l, "{%s, name_len=%" PRIu32 "}",
			    p[offsetof(wasi_prestat, tag)] ==
			            WASI_PREOPENTYPE_DIR
			        ? "dir"
			        : "?",
			    wasi_get_u32(p + offsetof(wasi_prestat,
			                              pr_name_len)));
		break;
	case 'B': {
		uint32_t len = (uint32_t)args[k + 1].of.i32;
		*i += 1;
		if ((p = output(l, c, a, len, ok)))
			put_bytes(l, p, len);
		break;
	}
	case 'L': {
		/* The string is as long as the count the call stored. */
		uint32_t len = (uint32_t)args[k + 1].of.i32;
		*i += 2;
		take_result(c, (uint32_t)args[k + 2].of.i32, 4, r);
		r->has_value = ok;
		if (!(p = output(l, c, a, len, ok)))
			break;
		if (r->bad || r->value > len)
			bad_pointer(l);
		else
			put_bytes(l, p, (size_t)r->value);
		break;
	}
	default:
		arg(l);
		put(l, "?");
		break;
	}
}

/* One letter of a row's trace string; *i is the next wasm argument, and
 * advances past those the letter takes. */
static void put_arg(line *l, const wasi_call *c, char kind,
                    const wexec_val *args, size_t *i, bool ok, result *r)
{
	size_t k = *i;
	uint32_t a = (uint32_t)args[k].of.i32;
	uint64_t a64 = (uint64_t)args[k].of.i64;
	uint64_t total;
	*i += 1;
	switch (kind) {
	case 'l':
	case 'o':
	case 'F':
		if (a == 0)
			return;
		arg(l);
		if (kind == 'o') {
			put(l, "oflags=");
			put_flags(l, a, oflag_names, COUNT(oflag_names));
		} else if (kind == 'F') {
			put(l, "fdflags=");
			put_flags(l, a, fdflag_names, COUNT(fdflag_names));
		} else {
			put_flags(l, a, lookup_names, COUNT(lookup_names));
		}
		return;
	case '=':
	case '~':
		take_result(c, a, kind == '=' ? 4 : 8, r);
		r->has_value = ok;
		return;
	case 'n':
	case 'D':
	case 'T':
	case 'p':
	case 'B':
	case 'L':
		put_output(l, c, kind, args, i, ok, r);
		return;
	default:
		break;
	}
	arg(l);
	switch (kind) {
	case 'f':
	case 'i':
		put(l, "%" PRIu32, a);
		break;
	case 'I':
		put(l, "%" PRIu64, a64);
		break;
	case 'J':
		put(l, "%" PRId64, (int64_t)a64);
		break;
	case 'x':
		put(l, "0x%" PRIx64, a64);
		break;
	case 'R':
		put(l, "rights=0x%" PRIx64, a64);
		break;
	case 'H':
		put(l, "inheriting=0x%" PRIx64, a64);
		break;
	case 'c':
		put_enum(l, a, clock_names, COUNT(clock_names));
		break;
	case 'w':
		put_enum(l, a, whence_names, COUNT(whence_names));
		break;
	case 'a':
		put_enum(l, a, advice_names, COUNT(advice_names));
		break;
	case 'G':
		put_flags(l, a, fdflag_names, COUNT(fdflag_names));
		break;
	case 't':
		put_flags(l, a, fst_names, COUNT(fst_names));
		break;
	case 'r':
		put_flags(l, a, riflag_names, COUNT(riflag_names));
		break;
	case 'S':
		put_flags(l, a, sdflag_names, COUNT(sdflag_names));
		break;
	case 's':
		put_guest_string(l, c, a, (uint32_t)args[k + 1].of.i32);
		*i += 1;
		break;
	case 'b':
		if (wasi_mem(c, a, (uint32_t)args[k + 1].of.i32))
			put(l, "[%" PRIu32 " bytes]",
			    (uint32_t)args[k + 1].of.i32);
		else
			bad_pointer(l);
		*i += 1;
		break;
	case 'v':
		if (iovec_total(c, a, (uint32_t)args[k + 1].of.i32, &total))
			put(l, "[%" PRIu64 " bytes]", total);
		else
			bad_pointer(l);
		*i += 1;
		break;
	case 'P':
		put_subscriptions(l, c, a, (uint32_t)args[k + 2].of.i32);
		*i += 2;
		break;
	case 'A':
		put_strings(l, c->wasi->argv, c->wasi->argc);
		*i += 1;
		break;
	case 'E':
		put_strings(l, c->wasi->env, c->wasi->envc);
		*i += 1;
		break;
	default:
		put(l, "?");
		break;
	}
}

/* Arguments without a trace string: as the integers they are. */
static void put_raw(line *l, const wasi_func *f, const wexec_val *args)
{
	for (size_t i = 0; f->params[i]; i++) {
		arg(l);
		if (f->params[i] == 'I')
			put(l, "%" PRIu64, (uint64_t)args[i].of.i64);
		else
			put(l, "%" PRIu32, (uint32_t)args[i].of.i32);
	}
}

void wasi_trace_call(const wasi_call *c, const wasi_func *f,
                     const wexec_val *args, wasi_errno e)
{
	line l;
	result r;
	bool ok = e == WASI_ESUCCESS;
	size_t nparams = strlen(f->params);
	memset(&r, 0, sizeof r);
	l.len = 0;
	l.buf[0] = '\0';
	l.cut = false;
	l.comma = false;
	put(&l, "%s(", f->name);
	if (f->trace) {
		size_t i = 0;
		for (const char *t = f->trace; *t && i < nparams; t++)
			put_arg(&l, c, *t, args, &i, ok, &r);
	} else {
		put_raw(&l, f, args);
	}
	put(&l, ")");
	/* A call that ended the program returns nowhere. */
	if (f->returns_errno && c->status == WEXEC_OK) {
		if (!ok) {
			const char *name = wasi_errno_name(e);
			if (name)
				put(&l, " = %s", name);
			else
				put(&l, " = errno %u", e);
		} else if (r.has_value && r.bad) {
			put(&l, " = <bad pointer>");
		} else {
			put(&l, " = %" PRIu64, r.has_value ? r.value : 0);
		}
	}
	if (l.cut)
		memcpy(l.buf + sizeof l.buf - 4, "...", 4);
	c->wasi->trace(c->wasi->trace_user, l.buf);
}

size_t wasi_trace_arity(const char *trace)
{
	size_t n = 0;
	for (; *trace; trace++)
		n += strchr("svbBEA", *trace) ? 2
		     : *trace == 'P' || *trace == 'L' ? 3
		                                      : 1;
	return n;
}
