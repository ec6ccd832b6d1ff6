/*
 * memfs.c - the built-in in-memory filesystem's callbacks, a
 * wexec_wasi_fs (docs/filesystems.md). Each answers as Linux's *at call
 * of the same name answers on a local filesystem, errno for errno
 * (tests/unit/test_memfs.c holds them to a host directory), so a guest
 * sees no difference but the absence of the disk. Handles are node
 * pointers; a node lives while a name or a handle holds it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memfs.h"

uint64_t wx_memfs_now(const wexec_memfs *fs)
{
	struct timespec ts;
	if (fs->fixed_time)
		return fs->fixed_time;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

mnode *wx_memfs_node(wexec_memfs *fs, uint8_t type)
{
	mnode *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->type = type;
	n->ino = fs->next_ino++;
	n->atim = n->mtim = n->ctim = wx_memfs_now(fs);
	return n;
}

void wx_memfs_drop(mnode *n)
{
	if (n->nlink || n->opens)
		return;
	for (size_t i = 0; i < n->nents; i++) {
		mnode *c = n->ents[i].node;
		free(n->ents[i].name);
		c->nlink--;
		if (c->parent == n)
			c->parent = NULL;
		wx_memfs_drop(c);
	}
	free(n->ents);
	free(n->data);
	free(n);
}

mentry *wx_memfs_find(const mnode *d, const char *name)
{
	for (size_t i = 0; i < d->nents; i++)
		if (strcmp(d->ents[i].name, name) == 0)
			return &d->ents[i];
	return NULL;
}

int wx_memfs_link(const wexec_memfs *fs, mnode *d, const char *name,
                  mnode *n)
{
	if (d->nents == d->ents_cap) {
		size_t cap = d->ents_cap ? d->ents_cap * 2 : 8;
		mentry *e = realloc(d->ents, cap * sizeof *e);
		if (!e)
			return ENOMEM;
		d->ents = e;
		d->ents_cap = cap;
	}
	size_t len = strlen(name) + 1;
	char *copy = malloc(len);
	if (!copy)
		return ENOMEM;
	memcpy(copy, name, len);
	d->ents[d->nents++] = (mentry){copy, n, d->serial++};
	n->nlink++;
	if (n->type == WEXEC_WASI_FILETYPE_DIRECTORY)
		n->parent = d;
	d->mtim = d->ctim = wx_memfs_now(fs);
	return 0;
}

void wx_memfs_unlink(const wexec_memfs *fs, mnode *d, mentry *e)
{
	mnode *n = e->node;
	free(e->name);
	size_t i = (size_t)(e - d->ents);
	memmove(e, e + 1, (d->nents - i - 1) * sizeof *e);
	d->nents--;
	d->mtim = d->ctim = wx_memfs_now(fs);
	n->nlink--;
	n->ctim = d->ctim;
	if (n->parent == d)
		n->parent = NULL; /* a removed directory is its own ".." */
	wx_memfs_drop(n);
}

int wx_memfs_resize(mnode *n, uint64_t size)
{
	if (size > MEMFS_MAX_FILE)
		return EFBIG;
	if (size > n->cap) {
		size_t cap = n->cap ? n->cap : 64;
		while (cap < size)
			cap *= 2;
		uint8_t *p = realloc(n->data, cap);
		if (!p)
			return ENOSPC;
		n->data = p;
		n->cap = cap;
	}
	if (size > n->len)
		memset(n->data + n->len, 0, (size_t)size - n->len);
	n->len = (size_t)size;
	return 0;
}

/* ---- the callbacks */

static mnode *node(uint64_t h)
{
	return (mnode *)(uintptr_t)h;
}

static bool is_dir(const mnode *n)
{
	return n->type == WEXEC_WASI_FILETYPE_DIRECTORY;
}

/* `name` in directory handle `dir`: "." is the directory itself. */
static int lookup(uint64_t dir, const char *name, mnode **out)
{
	mnode *d = node(dir);
	*out = NULL;
	if (!is_dir(d))
		return ENOTDIR;
	if (strcmp(name, ".") == 0) {
		*out = d;
		return 0;
	}
	mentry *e = wx_memfs_find(d, name);
	if (!e)
		return ENOENT;
	*out = e->node;
	return 0;
}

/* A directory in which a name may be made: not removed (ENOENT), the
 * name not taken (EEXIST, "." included). */
static int can_make(uint64_t dir, const char *name)
{
	mnode *n;
	int r = lookup(dir, name, &n);
	if (r != ENOENT)
		return r ? r : EEXIST;
	return node(dir)->nlink ? 0 : ENOENT;
}

static int m_root(void *fs, uint64_t *out)
{
	wexec_memfs *m = fs;
	m->root->opens++;
	*out = (uint64_t)(uintptr_t)m->root;
	return 0;
}

static int create_file(wexec_memfs *fs, uint64_t dir, const char *name,
                       mnode **out)
{
	int r = can_make(dir, name);
	if (r)
		return r;
	mnode *n = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_REGULAR_FILE);
	if (!n)
		return ENOSPC;
	if ((r = wx_memfs_link(fs, node(dir), name, n))) {
		free(n);
		return r;
	}
	*out = n;
	return 0;
}

/* Linux's open(2) checks, in its order. */
static int m_open(void *fs, uint64_t dir, const char *name, uint32_t of,
                  uint32_t fdflags, uint64_t *out)
{
	(void)fdflags;
	mnode *n;
	bool creat = of & WEXEC_WASI_OPEN_CREAT;
	if (creat && (of & WEXEC_WASI_OPEN_DIRECTORY))
		return EINVAL;
	int r = lookup(dir, name, &n);
	if (r == ENOENT && creat)
		r = create_file(fs, dir, name, &n);
	else if (!r && creat && (of & WEXEC_WASI_OPEN_EXCL))
		return EEXIST;
	if (r)
		return r;
	if (creat && is_dir(n))
		return EISDIR;
	if ((of & WEXEC_WASI_OPEN_DIRECTORY) && !is_dir(n))
		return ENOTDIR;
	if (n->type == WEXEC_WASI_FILETYPE_SYMBOLIC_LINK)
		return ELOOP;
	if (is_dir(n) && (of & (WEXEC_WASI_OPEN_WRITE | WEXEC_WASI_OPEN_TRUNC)))
		return EISDIR;
	if ((of & WEXEC_WASI_OPEN_TRUNC) && n->len) {
		n->len = 0;
		n->mtim = n->ctim = wx_memfs_now(fs);
	}
	n->opens++;
	*out = (uint64_t)(uintptr_t)n;
	return 0;
}

static void m_close(void *fs, uint64_t h)
{
	(void)fs;
	mnode *n = node(h);
	n->opens--;
	wx_memfs_drop(n);
}

static uint64_t nlink_of(const mnode *n)
{
	if (!is_dir(n))
		return n->nlink;
	uint64_t k = n->nlink ? 2 : 1; /* its name and its "." */
	for (size_t i = 0; i < n->nents; i++)
		k += is_dir(n->ents[i].node);
	return k;
}

static int m_stat(void *fs, uint64_t dir, const char *name,
                  wexec_wasi_filestat *out)
{
	mnode *n = node(dir);
	if (name) {
		int r = lookup(dir, name, &n);
		if (r)
			return r;
	}
	memset(out, 0, sizeof *out);
	out->dev = (uint64_t)(uintptr_t)fs;
	out->ino = n->ino;
	out->filetype = n->type;
	out->nlink = nlink_of(n);
	out->size = is_dir(n) ? 4096 : n->len;
	out->atim = n->atim;
	out->mtim = n->mtim;
	out->ctim = n->ctim;
	return 0;
}

static int m_readlink(void *fs, uint64_t dir, const char *name, char *buf,
                      size_t cap, size_t *len)
{
	(void)fs;
	mnode *n;
	int r = lookup(dir, name, &n);
	if (r)
		return r;
	if (n->type != WEXEC_WASI_FILETYPE_SYMBOLIC_LINK)
		return EINVAL;
	memcpy(buf, n->data, n->len < cap ? n->len : cap);
	*len = n->len;
	return 0;
}

static int m_read(void *fs, uint64_t h, uint64_t off, uint8_t *buf,
                  size_t len, size_t *got)
{
	(void)fs;
	mnode *n = node(h);
	*got = 0;
	if (is_dir(n))
		return EISDIR;
	if (off < n->len) {
		*got = n->len - (size_t)off < len ? n->len - (size_t)off : len;
		memcpy(buf, n->data + off, *got);
	}
	n->atim = wx_memfs_now(fs);
	return 0;
}

static int m_write(void *fs, uint64_t h, uint64_t off, const uint8_t *buf,
                   size_t len, size_t *put)
{
	(void)fs;
	mnode *n = node(h);
	*put = 0;
	if (is_dir(n))
		return EISDIR;
	if (off > MEMFS_MAX_FILE || len > MEMFS_MAX_FILE - off)
		return EFBIG;
	if (off + len > n->len) {
		int r = wx_memfs_resize(n, off + len);
		if (r)
			return r;
	}
	if (len)
		memcpy(n->data + off, buf, len);
	*put = len;
	n->mtim = n->ctim = wx_memfs_now(fs);
	return 0;
}

static int m_set_size(void *fs, uint64_t h, uint64_t size)
{
	(void)fs;
	mnode *n = node(h);
	if (n->type != WEXEC_WASI_FILETYPE_REGULAR_FILE)
		return EINVAL;
	int r = wx_memfs_resize(n, size);
	if (!r)
		n->mtim = n->ctim = wx_memfs_now(fs);
	return r;
}

static int m_set_times(void *fs, uint64_t dir, const char *name,
                       uint64_t atim, uint64_t mtim, uint32_t which)
{
	(void)fs;
	mnode *n = node(dir);
	if (name) {
		int r = lookup(dir, name, &n);
		if (r)
			return r;
	}
	uint64_t now = wx_memfs_now(fs);
	if (which & WEXEC_WASI_TIME_ATIM)
		n->atim = atim;
	if (which & WEXEC_WASI_TIME_ATIM_NOW)
		n->atim = now;
	if (which & WEXEC_WASI_TIME_MTIM)
		n->mtim = mtim;
	if (which & WEXEC_WASI_TIME_MTIM_NOW)
		n->mtim = now;
	n->ctim = now;
	return 0;
}

/* Cookies: 0 is ".", 1 "..", then an entry of serial s is s + 2, so a
 * listing resumes after the last entry it gave, whatever was removed or
 * added meanwhile. */
static int m_readdir(void *fs, uint64_t dir, uint64_t cookie,
                     wexec_wasi_dirent *out)
{
	(void)fs;
	mnode *d = node(dir);
	if (!is_dir(d))
		return ENOTDIR;
	out->name[0] = 0;
	if (cookie < 2) {
		mnode *n = cookie == 0 || !d->parent ? d : d->parent;
		out->next = cookie + 1;
		out->ino = n->ino;
		out->filetype = WEXEC_WASI_FILETYPE_DIRECTORY;
		strcpy(out->name, cookie == 0 ? "." : "..");
		return 0;
	}
	size_t lo = 0, hi = d->nents; /* the first entry of serial >= s */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->ents[mid].serial + 2 < cookie)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == d->nents)
		return 0;
	const mentry *e = &d->ents[lo];
	out->next = e->serial + 3;
	out->ino = e->node->ino;
	out->filetype = e->node->type;
	size_t n = strlen(e->name);
	if (n >= sizeof out->name)
		n = sizeof out->name - 1;
	memcpy(out->name, e->name, n);
	out->name[n] = 0;
	return 0;
}

static int m_mkdir(void *fs, uint64_t dir, const char *name)
{
	int r = can_make(dir, name);
	if (r)
		return r;
	mnode *n = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_DIRECTORY);
	if (!n)
		return ENOSPC;
	if ((r = wx_memfs_link(fs, node(dir), name, n)))
		free(n);
	return r;
}

static int m_rmdir(void *fs, uint64_t dir, const char *name)
{
	(void)fs;
	mnode *n;
	if (strcmp(name, ".") == 0)
		return is_dir(node(dir)) ? EINVAL : ENOTDIR;
	int r = lookup(dir, name, &n);
	if (r)
		return r;
	if (!is_dir(n))
		return ENOTDIR;
	if (n->nents)
		return ENOTEMPTY;
	wx_memfs_unlink(fs, node(dir), wx_memfs_find(node(dir), name));
	return 0;
}

static int m_unlink(void *fs, uint64_t dir, const char *name)
{
	(void)fs;
	mnode *n;
	int r = lookup(dir, name, &n);
	if (r)
		return r;
	if (is_dir(n))
		return EISDIR;
	wx_memfs_unlink(fs, node(dir), wx_memfs_find(node(dir), name));
	return 0;
}

/* Whether directory a is d or one of d's ancestors. */
static bool encloses(const mnode *a, const mnode *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

/* renameat(2)'s checks in the kernel's order, then the move. */
static int m_rename(void *fs, uint64_t fd, const char *from, uint64_t td,
                    const char *to)
{
	(void)fs;
	mnode *src, *dst, *fdir = node(fd), *tdir = node(td);
	if (!strcmp(from, ".") || !strcmp(to, "."))
		return EBUSY;
	int r = lookup(fd, from, &src);
	if (r)
		return r;
	r = lookup(td, to, &dst);
	if (r && r != ENOENT)
		return r;
	if (r && !tdir->nlink)
		return ENOENT;
	if (is_dir(src) && encloses(src, tdir))
		return EINVAL;
	if (dst && is_dir(dst) && encloses(dst, fdir))
		return ENOTEMPTY;
	if (dst == src)
		return 0;
	if (dst && is_dir(src) && !is_dir(dst))
		return ENOTDIR;
	if (dst && !is_dir(src) && is_dir(dst))
		return EISDIR;
	if (dst && is_dir(dst) && dst->nents)
		return ENOTEMPTY;
	src->opens++; /* held while it has no name */
	if (dst)
		wx_memfs_unlink(fs, tdir, wx_memfs_find(tdir, to));
	wx_memfs_unlink(fs, fdir, wx_memfs_find(fdir, from));
	r = wx_memfs_link(fs, tdir, to, src);
	src->opens--;
	wx_memfs_drop(src);
	return r;
}

static int m_symlink(void *fs, const char *target, uint64_t dir,
                     const char *name)
{
	int r = can_make(dir, name);
	if (r)
		return r;
	mnode *n = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_SYMBOLIC_LINK);
	if (!n || wx_memfs_resize(n, strlen(target))) {
		free(n);
		return ENOSPC;
	}
	memcpy(n->data, target, n->len);
	if ((r = wx_memfs_link(fs, node(dir), name, n))) {
		free(n->data);
		free(n);
	}
	return r;
}

static int m_link(void *fs, uint64_t fd, const char *from, uint64_t td,
                  const char *to)
{
	(void)fs;
	mnode *src;
	int r = lookup(fd, from, &src);
	if (r || (r = can_make(td, to)))
		return r;
	if (is_dir(src))
		return EPERM;
	r = wx_memfs_link(fs, node(td), to, src);
	if (!r)
		src->ctim = wx_memfs_now(fs);
	return r;
}

static const wexec_wasi_fs memfs_ops = {
    .size = sizeof(wexec_wasi_fs),
    .root = m_root,
    .open = m_open,
    .close = m_close,
    .stat = m_stat,
    .readlink = m_readlink,
    .read = m_read,
    .write = m_write,
    .set_size = m_set_size,
    .set_times = m_set_times,
    .readdir = m_readdir,
    .mkdir = m_mkdir,
    .rmdir = m_rmdir,
    .unlink = m_unlink,
    .rename = m_rename,
    .symlink = m_symlink,
    .link = m_link,
};

const wexec_wasi_fs *wexec_memfs_ops(void)
{
	return &memfs_ops;
}
