/*
 * fdtable.c - the guest's file descriptor table (wasi-spec docs.md, "fd",
 * "rights"): numbering, rights checks, releasing host resources, and the
 * growable buffers behind captured stdout/stderr.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

wasi_errno wasi_fd_get(wexec_wasi *w, uint32_t fd, uint64_t need, wasi_fd **out)
{
	if (fd >= w->nfds || w->fds[fd].kind == WASI_FD_FREE)
		return WASI_EBADF;
	if ((w->fds[fd].base & need) != need)
		return WASI_ENOTCAPABLE;
	*out = &w->fds[fd];
	return WASI_ESUCCESS;
}

/* The one representation of a free slot. */
static void set_free(wasi_fd *f)
{
	memset(f, 0, sizeof *f);
	f->host = -1;
	f->kind = WASI_FD_FREE;
}

void wasi_fd_release(wasi_fd *f)
{
	if (f->dir)
		closedir(f->dir);
	if (f->owned && f->host >= 0)
		close(f->host);
	if (f->kind == WASI_FD_FS)
		f->mount->ops.close(f->mount->fs, f->handle);
	free(f->preopen);
	set_free(f);
}

void wasi_fd_move(wasi_fd *to, wasi_fd *from)
{
	if (to == from)
		return;
	wasi_fd_release(to);
	*to = *from;
	set_free(from);
}

wasi_errno wasi_fd_add(wexec_wasi *w, const wasi_fd *entry, uint32_t *out)
{
	uint32_t i = 0;
	while (i < w->nfds && w->fds[i].kind != WASI_FD_FREE)
		i++;
	if (i == w->nfds) {
		/* Guest fds are u32 but stay far below that: the host's own
		 * fd limit is reached long before. */
		uint32_t n = w->nfds ? w->nfds * 2 : 8;
		wasi_fd *fds = realloc(w->fds, n * sizeof *fds);
		if (!fds) {
			wasi_fd tmp = *entry;
			wasi_fd_release(&tmp);
			return WASI_ENOMEM;
		}
		for (uint32_t k = w->nfds; k < n; k++)
			set_free(&fds[k]);
		w->fds = fds;
		w->nfds = n;
	}
	w->fds[i] = *entry;
	*out = i;
	return WASI_ESUCCESS;
}

wasi_errno wasi_fd_add_result(wasi_call *c, const wasi_fd *entry, uint32_t addr)
{
	uint32_t num;
	wasi_errno e = wasi_fd_add(c->wasi, entry, &num);
	if (e)
		return e;
	/* The guest never learns the number of an fd it cannot store:
	 * close it again rather than leave it open for the whole run. */
	if ((e = wasi_store_u32(c, addr, num)))
		wasi_fd_release(&c->wasi->fds[num]);
	return e;
}

uint8_t wasi_filetype_of_mode(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return WASI_FILETYPE_REGULAR_FILE;
	case S_IFDIR:
		return WASI_FILETYPE_DIRECTORY;
	case S_IFCHR:
		return WASI_FILETYPE_CHARACTER_DEVICE;
	case S_IFBLK:
		return WASI_FILETYPE_BLOCK_DEVICE;
	case S_IFLNK:
		return WASI_FILETYPE_SYMBOLIC_LINK;
	case S_IFSOCK:
		return WASI_FILETYPE_SOCKET_STREAM;
	default:
		return WASI_FILETYPE_UNKNOWN; /* FIFOs have no WASI type */
	}
}

wasi_errno wasi_buf_append(wasi_buf *b, const void *data, size_t len)
{
	if (len == 0)
		return WASI_ESUCCESS; /* data may be NULL then */
	if (len > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->len < len) {
			if (cap > SIZE_MAX / 2)
				return WASI_ENOMEM;
			cap *= 2;
		}
		uint8_t *p = realloc(b->data, cap);
		if (!p)
			return WASI_ENOMEM;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return WASI_ESUCCESS;
}

wasi_errno wasi_store_u32(wasi_call *c, uint32_t addr, uint32_t v)
{
	uint8_t *p = wasi_mem(c, addr, 4);
	if (!p)
		return WASI_EFAULT;
	wasi_put_u32(p, v);
	return WASI_ESUCCESS;
}

wasi_errno wasi_store_u64(wasi_call *c, uint32_t addr, uint64_t v)
{
	uint8_t *p = wasi_mem(c, addr, 8);
	if (!p)
		return WASI_EFAULT;
	wasi_put_u64(p, v);
	return WASI_ESUCCESS;
}
