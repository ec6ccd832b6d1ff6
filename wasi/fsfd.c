/*
 * fsfd.c - the fd_* functions of wasi_snapshot_preview1 (wasi-spec
 * docs.md, "fd_read" through "fd_readdir") on a file or directory of an
 * embedder's filesystem (a WASI_FD_FS entry): its callbacks work at
 * offsets, and the file position, the append mode and the readdir cookies
 * are kept here. fd.c has checked the entry and its rights.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "wasi.h"

#define OPS(f) ((f)->mount->ops)
#define FS(f) ((f)->mount->fs)

wasi_errno wasi_fs_stat(const wasi_fd *f, wexec_wasi_filestat *out)
{
	return wasi_fs_errno(OPS(f).stat(FS(f), f->handle, NULL, out));
}

/* Moves through the iovecs at `offset`, one callback per buffer, until
 * one is short: a short read is the end of the file, a short write
 * what the filesystem could take. An error after some bytes is a short
 * transfer, as the host's. */
wasi_errno wasi_fs_transfer_at(wasi_fd *f, struct iovec *iov, int n,
                               uint64_t offset, size_t *done, bool write)
{
	*done = 0;
	for (int i = 0; i < n; i++) {
		size_t k = 0;
		int r = write ? OPS(f).write(FS(f), f->handle, offset + *done,
		                             iov[i].iov_base, iov[i].iov_len, &k)
		              : OPS(f).read(FS(f), f->handle, offset + *done,
		                            iov[i].iov_base, iov[i].iov_len, &k);
		if (r)
			return *done ? WASI_ESUCCESS : wasi_fs_errno(r);
		if (k > iov[i].iov_len)
			k = iov[i].iov_len; /* a filesystem's mistake */
		*done += k;
		if (k < iov[i].iov_len)
			break;
	}
	return WASI_ESUCCESS;
}

/* At the file position, which moves on by what was transferred; an
 * append-mode write starts at the end of the file. */
wasi_errno wasi_fs_transfer(wasi_fd *f, struct iovec *iov, int n, size_t *done,
                            bool write)
{
	if (write && (f->flags & WASI_FDFLAG_APPEND)) {
		wexec_wasi_filestat st;
		wasi_errno e = wasi_fs_stat(f, &st);
		if (e)
			return e;
		f->pos = st.size;
	}
	wasi_errno e = wasi_fs_transfer_at(f, iov, n, f->pos, done, write);
	if (!e)
		f->pos += *done;
	return e;
}

wasi_errno wasi_fs_seek(wasi_fd *f, int64_t offset, uint32_t whence,
                        uint64_t *out)
{
	int64_t base = 0;
	if (whence == WASI_WHENCE_CUR) {
		base = (int64_t)f->pos;
	} else if (whence == WASI_WHENCE_END) {
		wexec_wasi_filestat st;
		wasi_errno e = wasi_fs_stat(f, &st);
		if (e)
			return e;
		base = (int64_t)st.size;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return WASI_EINVAL; /* as lseek: before the start */
	f->pos = (uint64_t)(base + offset);
	*out = f->pos;
	return WASI_ESUCCESS;
}

wasi_errno wasi_fs_set_size(wasi_fd *f, uint64_t size)
{
	return wasi_fs_errno(OPS(f).set_size(FS(f), f->handle, size));
}

/* posix_fallocate's effect that a guest can see: the file is at least
 * offset + len long. */
wasi_errno wasi_fs_allocate(wasi_fd *f, uint64_t offset, uint64_t len)
{
	wexec_wasi_filestat st;
	wasi_errno e = wasi_fs_stat(f, &st);
	if (e || st.size >= offset + len)
		return e;
	return wasi_fs_set_size(f, offset + len);
}

wasi_errno wasi_fs_set_times(wasi_fd *f, uint64_t atim, uint64_t mtim,
                             uint32_t fst)
{
	return wasi_fs_errno(
	    OPS(f).set_times(FS(f), f->handle, NULL, atim, mtim, fst));
}

/* Entries from `cookie` on, each with the cookie after it as d_next, the
 * last one truncated to the buffer, as the spec asks. */
wasi_errno wasi_fs_readdir(wasi_fd *f, uint8_t *buf, size_t len,
                           uint64_t cookie, size_t *used)
{
	wexec_wasi_dirent d;
	*used = 0;
	while (*used < len) {
		memset(&d, 0, sizeof d);
		int r = OPS(f).readdir(FS(f), f->handle, cookie, &d);
		if (r)
			return wasi_fs_errno(r);
		d.name[sizeof d.name - 1] = 0;
		if (!d.name[0])
			break;
		*used += wasi_put_dirent(buf + *used, len - *used, d.next,
		                         d.ino, d.name, d.filetype);
		cookie = d.next;
	}
	return WASI_ESUCCESS;
}
