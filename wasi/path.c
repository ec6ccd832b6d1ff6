/*
 * path.c - the sandbox (wasi-spec docs.md, "path_open" and the preview1
 * capability model): a guest path is resolved component by component
 * beneath a directory fd, never by joining strings. Each intermediate
 * directory is opened with O_NOFOLLOW|O_DIRECTORY relative to the previous
 * one, so the host never follows a link on the guest's behalf; symlinks are
 * read and expanded here, where `..` and absolute targets can be refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasi.h"

#define MAX_DEPTH 128   /* directories held open while resolving */
#define MAX_HOPS 32     /* symlinks expanded per resolution (then ELOOP) */

wasi_errno wasi_path_copy(wasi_call *c, uint32_t addr, uint32_t len,
                          char **out)
{
	*out = NULL;
	const uint8_t *p = wasi_mem(c, addr, len);
	if (!p)
		return WASI_EFAULT;
	if (memchr(p, 0, len))
		return WASI_EINVAL;
	char *s = malloc((size_t)len + 1);
	if (!s)
		return WASI_ENOMEM;
	memcpy(s, p, len);
	s[len] = 0;
	*out = s;
	return WASI_ESUCCESS;
}

void wasi_path_done(wasi_path *p)
{
	if (p->own_dirfd && p->dirfd >= 0)
		close(p->dirfd);
	p->dirfd = -1;
	p->own_dirfd = false;
}

typedef struct walk {
	int stack[MAX_DEPTH];  /* stack[0] is the root, not ours to close */
	int depth;
	char *buf;             /* the path still to resolve */
	size_t pos;
	int hops;
} walk;

static void walk_close(walk *k, int keep_top)
{
	for (int i = k->depth - keep_top; i >= 1; i--)
		close(k->stack[i]);
	free(k->buf);
	k->buf = NULL;
}

/* Replaces the resolved component with the symlink's target: the target
 * followed by whatever came after the link. */
static wasi_errno splice_link(walk *k, const char *target, size_t tlen,
                              size_t rest)
{
	if (++k->hops > MAX_HOPS)
		return WASI_ELOOP;
	if (tlen == 0)
		return WASI_ENOENT;
	if (target[0] == '/')
		return WASI_ENOTCAPABLE;  /* an absolute link leads out */
	size_t rlen = strlen(k->buf + rest);
	char *nb = malloc(tlen + rlen + 1);
	if (!nb)
		return WASI_ENOMEM;
	memcpy(nb, target, tlen);
	memcpy(nb + tlen, k->buf + rest, rlen + 1);
	free(k->buf);
	k->buf = nb;
	k->pos = 0;
	return WASI_ESUCCESS;
}

/* Handles one ordinary component `name` ending at buf[end]. Sets *done
 * when it was the final one and *out is filled. */
static wasi_errno step(walk *k, const char *name, size_t end, bool last,
                       bool trailing, bool follow_final, wasi_path *out,
                       bool *done)
{
	int dir = k->stack[k->depth];
	if (!last || follow_final || trailing) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(dir, name, target, sizeof target);
		if (n >= (ssize_t)sizeof target)
			return WASI_ENAMETOOLONG;
		if (n >= 0)
			return splice_link(k, target, (size_t)n, end);
		if (errno != EINVAL && !(errno == ENOENT && last))
			return wasi_errno_from_host(errno);
	}
	if (last) {
		strcpy(out->name, name);
		out->must_dir = trailing;
		out->dirfd = dir;
		out->own_dirfd = k->depth > 0;
		*done = true;
		return WASI_ESUCCESS;
	}
	if (k->depth + 1 >= MAX_DEPTH)
		return WASI_ENAMETOOLONG;
	int fd = openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return wasi_errno_from_host(errno);
	k->stack[++k->depth] = fd;
	return WASI_ESUCCESS;
}

wasi_errno wasi_path_resolve(int root, const char *path, bool follow_final,
                             wasi_path *out)
{
	walk k;
	memset(out, 0, sizeof *out);
	out->dirfd = -1;
	if (path[0] == 0)
		return WASI_ENOENT;
	if (path[0] == '/')
		return WASI_ENOTCAPABLE;
	k.stack[0] = root;
	k.depth = 0;
	k.hops = 0;
	k.pos = 0;
	k.buf = strdup(path);
	if (!k.buf)
		return WASI_ENOMEM;
	wasi_errno e = WASI_ESUCCESS;
	bool done = false;
	while (!done && e == WASI_ESUCCESS) {
		char *s = k.buf + k.pos;
		size_t len = strcspn(s, "/");
		size_t end = k.pos + len, after = end;
		while (k.buf[after] == '/')
			after++;
		bool last = k.buf[after] == 0;
		bool trailing = after > end;
		char name[256];
		if (len > 255) {
			e = WASI_ENAMETOOLONG;
			break;
		}
		memcpy(name, s, len);
		name[len] = 0;
		k.pos = after;
		if (len == 0 || strcmp(name, ".") == 0) {
			/* "", "." and the root of a link target: stay here */
		} else if (strcmp(name, "..") == 0) {
			if (k.depth == 0) {
				e = WASI_ENOTCAPABLE;  /* above the root */
				break;
			}
			close(k.stack[k.depth--]);
		} else {
			e = step(&k, name, end, last, trailing, follow_final,
			         out, &done);
			continue;
		}
		if (last) {
			strcpy(out->name, ".");
			out->must_dir = true;
			out->dirfd = k.stack[k.depth];
			out->own_dirfd = k.depth > 0;
			done = true;
		}
	}
	walk_close(&k, done ? 1 : 0);
	return e;
}
