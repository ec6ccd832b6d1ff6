/*
 * path.c - the sandbox (wasi-spec docs.md, "path_open" and the preview1
 * capability model): a guest path is resolved component by component
 * beneath a directory, never by joining strings. Each intermediate
 * directory is opened through the mount's `open` (WEXEC_WASI_OPEN_PATH:
 * O_PATH|O_DIRECTORY|O_NOFOLLOW on the host) relative to the previous
 * one, so no filesystem follows a link on the guest's behalf; symlinks are
 * read with the mount's `readlink` and expanded here, where `..` and
 * absolute targets can be refused. The same walk serves host directories
 * and embedders' filesystems.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "wasi.h"

#define MAX_HOPS 32 /* symlinks expanded per resolution (then ELOOP) */

wasi_errno wasi_path_copy(wasi_call *c, uint32_t addr, uint32_t len, char **out)
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
	if (p->own_dir)
		p->mount->ops.close(p->mount->fs, p->dir);
	p->own_dir = false;
}

/* The walk holds one directory open at a time, however deep the path:
 * `trail` names the way down from the root ("/a/b"), so `..` reopens the
 * parent by walking down again instead of asking the host for "..", which
 * a concurrent rename could point anywhere. */
typedef struct walk {
	const wasi_mount *m;
	uint64_t root; /* not ours to close */
	uint64_t cur;  /* root, or a handle we opened */
	int depth; /* components in trail */
	char *trail;
	size_t trail_len, trail_cap;
	char *buf; /* the path still to resolve */
	size_t pos;
	int hops;
} walk;

static void set_cur(walk *k, uint64_t h)
{
	if (k->cur != k->root)
		k->m->ops.close(k->m->fs, k->cur);
	k->cur = h;
}

/* A directory to look names up in: never a link followed. */
static int open_dir(walk *k, const char *name, uint64_t *out)
{
	return k->m->ops.open(k->m->fs, k->cur, name,
	                      WEXEC_WASI_OPEN_PATH | WEXEC_WASI_OPEN_DIRECTORY,
	                      0, out);
}

static wasi_errno descend(walk *k, const char *name)
{
	size_t n = strlen(name);
	if (k->trail_len + n + 2 > k->trail_cap) {
		size_t cap = (k->trail_cap ? k->trail_cap * 2 : 256) + n;
		char *t = realloc(k->trail, cap);
		if (!t)
			return WASI_ENOMEM;
		k->trail = t;
		k->trail_cap = cap;
	}
	uint64_t h;
	int r = open_dir(k, name, &h);
	if (r)
		return wasi_fs_errno(r);
	set_cur(k, h);
	k->trail[k->trail_len++] = '/';
	memcpy(k->trail + k->trail_len, name, n + 1);
	k->trail_len += n;
	k->depth++;
	return WASI_ESUCCESS;
}

static wasi_errno ascend(walk *k)
{
	if (k->depth == 0)
		return WASI_ENOTCAPABLE; /* above the root */
	while (k->trail[--k->trail_len] != '/')
		;
	k->trail[k->trail_len] = 0;
	k->depth--;
	set_cur(k, k->root);
	char *s = k->trail;
	while (*s) {
		char *name = s + 1, *slash = strchr(name, '/');
		if (slash)
			*slash = 0;
		uint64_t h;
		int r = open_dir(k, name, &h);
		if (slash)
			*slash = '/';
		if (r)
			return wasi_fs_errno(r);
		set_cur(k, h);
		s = slash ? slash : name + strlen(name);
	}
	return WASI_ESUCCESS;
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
		return WASI_ENOTCAPABLE; /* an absolute link leads out */
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
                       bool trailing, wasi_final final, wasi_path *out,
                       bool *done)
{
	if (!last || final == WASI_FINAL_FOLLOW ||
	    (trailing && final == WASI_FINAL_NOFOLLOW)) {
		char target[PATH_MAX];
		size_t n = 0;
		int r = wasi_mount_readlink(k->m, k->cur, name, target,
		                            sizeof target, &n);
		if (!r && n >= sizeof target)
			return WASI_ENAMETOOLONG;
		if (!r)
			return splice_link(k, target, n, end);
		if (r != EINVAL && !(r == ENOENT && last))
			return wasi_fs_errno(r);
	}
	if (!last)
		return descend(k, name);
	strcpy(out->name, name);
	out->must_dir = trailing;
	*done = true;
	return WASI_ESUCCESS;
}

wasi_errno wasi_path_resolve(const wasi_mount *m, uint64_t root,
                             const char *path, wasi_final final,
                             wasi_path *out)
{
	walk k;
	memset(out, 0, sizeof *out);
	out->mount = m;
	if (path[0] == 0)
		return WASI_ENOENT;
	if (path[0] == '/')
		return WASI_ENOTCAPABLE;
	memset(&k, 0, sizeof k);
	k.m = m;
	k.root = k.cur = root;
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
		if (strcmp(name, "..") == 0) {
			e = ascend(&k);
		} else if (len != 0 && strcmp(name, ".") != 0) {
			e = step(&k, name, end, last, trailing, final, out,
			         &done);
			continue;
		}
		/* "", "." and ".." as the last component name the directory
		 * reached: act on it as "." */
		if (e == WASI_ESUCCESS && last) {
			strcpy(out->name, ".");
			out->must_dir = true;
			done = true;
		}
	}
	if (done) {
		out->dir = k.cur;
		out->own_dir = k.cur != root;
	} else {
		set_cur(&k, root);
	}
	free(k.buf);
	free(k.trail);
	return e;
}
