/*
 * fd.c - the fd_* functions of wasi_snapshot_preview1 (wasi-spec docs.md,
 * "fd_advise" through "fd_write"), over the fd table in fdtable.c. Captured
 * stdio lives in buffers; everything else is a host fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi.h"

static bool is_host(const wasi_fd *f)
{
	return f->kind == WASI_FD_HOST || f->kind == WASI_FD_SOCKET;
}

wasi_errno wasi_iovecs(wasi_call *c, uint32_t iovs, uint32_t n,
                       struct iovec **out, int *count)
{
	*out = NULL;
	*count = 0;
	const uint8_t *arr = wasi_mem(c, iovs, (uint64_t)n * 8);
	if (!arr)
		return WASI_EFAULT;
	if (n > IOV_MAX)
		n = IOV_MAX;
	struct iovec *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return WASI_ENOMEM;
	/* The guest learns the count as a u32: one transfer stops short of
	 * 4 GiB even when iovecs overlap (a legal short read or write). */
	uint64_t total = 0;
	uint32_t i;
	for (i = 0; i < n && total < UINT32_MAX; i++) {
		uint32_t buf = wasi_get_u32(arr + 8 * i);
		uint32_t len = wasi_get_u32(arr + 8 * i + 4);
		uint8_t *p = wasi_mem(c, buf, len);
		if (!p) {
			free(v);
			return WASI_EFAULT;
		}
		if (len > UINT32_MAX - total)
			len = (uint32_t)(UINT32_MAX - total);
		v[i].iov_base = p;
		v[i].iov_len = len;
		total += len;
	}
	*out = v;
	*count = (int)i;
	return WASI_ESUCCESS;
}

/* writev that reports a closed pipe as EPIPE instead of raising SIGPIPE,
 * which would end the embedding process: the signal is blocked for the
 * call and, if this write raised it, taken off the pending set. */
static ssize_t writev_nosig(const wasi_fd *f, const struct iovec *iov, int n)
{
	if (!f->pipe)
		return writev(f->host, iov, n); /* no SIGPIPE possible */
	int fd = f->host;
	sigset_t pipe, old;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &old);
	ssize_t r = writev(fd, iov, n);
	int saved = errno;
	if (r < 0 && saved == EPIPE && !sigismember(&old, SIGPIPE)) {
		struct timespec zero = {0, 0};
		sigtimedwait(&pipe, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return r;
}

/* Writes everything, retrying short writes: used for inherited stdio,
 * where the guest expects a console-like sink that never writes short.
 * A host fd that happens to be non-blocking is waited on, unless the guest
 * itself asked for non-blocking I/O. */
static wasi_errno write_all(const wasi_fd *f, struct iovec *iov, int n,
                            size_t *written)
{
	*written = 0;
	while (n > 0) {
		ssize_t r = writev_nosig(f, iov, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN &&
			    !(f->flags & WASI_FDFLAG_NONBLOCK)) {
				struct pollfd p = {f->host, POLLOUT, 0};
				poll(&p, 1, -1);
				continue;
			}
			return *written ? WASI_ESUCCESS
			                : wasi_errno_from_host(errno);
		}
		*written += (size_t)r;
		size_t left = (size_t)r;
		while (n > 0 && left >= iov->iov_len) {
			left -= iov->iov_len;
			iov++, n--;
		}
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + left;
			iov->iov_len -= left;
		}
	}
	return WASI_ESUCCESS;
}

/* Captured output: appended to the entry's buffer, or handed to the
 * embedder's callback (WEXEC_WASI_STDIO_CALLBACK), which may refuse it. */
static wasi_errno write_captured(wexec_wasi *w, wasi_fd *f, const void *data,
                                 size_t len)
{
	if (f->out)
		return wasi_buf_append(f->out, data, len);
	if (len == 0)
		return WASI_ESUCCESS;
	return w->output(w->output_user, f->stream, data, len) ? WASI_ESUCCESS
	                                                        : WASI_EIO;
}

/* Writes to a stdio, socket or host fd entry. */
static wasi_errno write_entry(wexec_wasi *w, wasi_fd *f, struct iovec *iov,
                              int n, size_t *written)
{
	*written = 0;
	switch (f->kind) {
	case WASI_FD_BUFOUT:
	case WASI_FD_NULL:
		for (int i = 0; i < n; i++) {
			if (f->kind == WASI_FD_BUFOUT) {
				wasi_errno e = write_captured(
				    w, f, iov[i].iov_base, iov[i].iov_len);
				if (e)
					return *written ? WASI_ESUCCESS : e;
			}
			*written += iov[i].iov_len;
		}
		return WASI_ESUCCESS;
	case WASI_FD_SOCKET: {
		struct msghdr msg;
		memset(&msg, 0, sizeof msg);
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)n;
		ssize_t r = sendmsg(f->host, &msg, MSG_NOSIGNAL);
		if (r < 0)
			return wasi_errno_from_host(errno);
		*written = (size_t)r;
		return WASI_ESUCCESS;
	}
	case WASI_FD_FS:
		return wasi_fs_transfer(f, iov, n, written, true);
	case WASI_FD_HOST:
		if (!f->owned)
			return write_all(f, iov, n, written);
		ssize_t r = writev_nosig(f, iov, n);
		if (r < 0)
			return wasi_errno_from_host(errno);
		*written = (size_t)r;
		return WASI_ESUCCESS;
	default:
		return WASI_EBADF;
	}
}

static wasi_errno read_entry(wexec_wasi *w, wasi_fd *f, struct iovec *iov,
                             int n, size_t *nread)
{
	*nread = 0;
	if (f->kind == WASI_FD_NULL)
		return WASI_ESUCCESS;
	if (f->kind == WASI_FD_BUFIN) {
		for (int i = 0; i < n && w->stdin_pos < w->stdin_len; i++) {
			size_t k = w->stdin_len - w->stdin_pos;
			if (k > iov[i].iov_len)
				k = iov[i].iov_len;
			memcpy(iov[i].iov_base, w->stdin_data + w->stdin_pos,
			       k);
			w->stdin_pos += k;
			*nread += k;
		}
		return WASI_ESUCCESS;
	}
	if (f->kind == WASI_FD_FS)
		return wasi_fs_transfer(f, iov, n, nread, false);
	if (!is_host(f))
		return WASI_EBADF;
	if (!f->owned && (f->flags & WASI_FDFLAG_NONBLOCK)) {
		/* Inherited fds stay blocking on the host (the file
		 * description is shared with our parent); emulate. */
		struct pollfd p = {f->host, POLLIN, 0};
		if (poll(&p, 1, 0) == 0)
			return WASI_EAGAIN;
	}
	ssize_t r;
	do
		r = readv(f->host, iov, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return wasi_errno_from_host(errno);
	*nread = (size_t)r;
	return WASI_ESUCCESS;
}

wasi_errno wasi_transfer(wasi_call *c, wasi_fd *f, uint32_t iovs, uint32_t n,
                         uint32_t result, bool write)
{
	struct iovec *iov;
	int count;
	size_t done = 0;
	wasi_errno e = wasi_iovecs(c, iovs, n, &iov, &count);
	if (e)
		return e;
	e = write ? write_entry(c->wasi, f, iov, count, &done)
	          : read_entry(c->wasi, f, iov, count, &done);
	free(iov);
	return e ? e : wasi_store_u32(c, result, (uint32_t)done);
}

/* fd_read and fd_write: on a directory EBADF, as wasmtime's preview1
 * answers for any descriptor that is not a file (POSIX says EISDIR). */
static wasi_errno stream(wasi_call *c, const wexec_val *args, bool write)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &f);
	if (e)
		return e;
	if (f->filetype == WASI_FILETYPE_DIRECTORY)
		return WASI_EBADF;
	e = wasi_fd_get(c->wasi, ARG32(0),
	                write ? WASI_R_FD_WRITE : WASI_R_FD_READ, &f);
	return e ? e : wasi_transfer(c, f, ARG32(1), ARG32(2), ARG32(3), write);
}

static wasi_errno fd_read(wasi_call *c, const wexec_val *args)
{
	return stream(c, args, false);
}

static wasi_errno fd_write(wasi_call *c, const wexec_val *args)
{
	return stream(c, args, true);
}

/* The entry for fd_seek, fd_tell, fd_pread and fd_pwrite, holding
 * `need`. A directory has no file position: EBADF whatever its rights
 * (it never holds WASI_R_FILE_POSITION), as wasmtime's preview1 answers
 * for any descriptor that is not a file; Linux would seek a directory,
 * but a guest's place in a listing is its fd_readdir cookie. */
static wasi_errno get_positioned(wexec_wasi *w, uint32_t fd, uint64_t need,
                                 wasi_fd **out)
{
	wasi_errno e = wasi_fd_get(w, fd, 0, out);
	if (e)
		return e;
	if ((*out)->filetype == WASI_FILETYPE_DIRECTORY)
		return WASI_EBADF;
	return wasi_fd_get(w, fd, need, out);
}

/* fd_pread and fd_pwrite: a transfer at an offset, which only a file
 * has; the fd's own position is left alone. */
static wasi_errno positioned(wasi_call *c, const wexec_val *args, bool write)
{
	wasi_fd *f;
	struct iovec *iov;
	int n;
	uint64_t need =
	    WASI_R_FD_SEEK | (write ? WASI_R_FD_WRITE : WASI_R_FD_READ);
	wasi_errno e = get_positioned(c->wasi, ARG32(0), need, &f);
	if (e)
		return e;
	if (f->kind != WASI_FD_HOST && f->kind != WASI_FD_FS)
		return WASI_ESPIPE;
	if (ARG64(3) > INT64_MAX)
		return WASI_EINVAL;
	if ((e = wasi_iovecs(c, ARG32(1), ARG32(2), &iov, &n)))
		return e;
	if (f->kind == WASI_FD_FS) {
		size_t done = 0;
		e = wasi_fs_transfer_at(f, iov, n, ARG64(3), &done, write);
		free(iov);
		return e ? e : wasi_store_u32(c, ARG32(4), (uint32_t)done);
	}
	ssize_t r = write ? pwritev(f->host, iov, n, (off_t)ARG64(3))
	                  : preadv(f->host, iov, n, (off_t)ARG64(3));
	int saved = errno;
	free(iov);
	if (r < 0)
		return wasi_errno_from_host(saved);
	return wasi_store_u32(c, ARG32(4), (uint32_t)r);
}

static wasi_errno fd_pread(wasi_call *c, const wexec_val *args)
{
	return positioned(c, args, false);
}

static wasi_errno fd_pwrite(wasi_call *c, const wexec_val *args)
{
	return positioned(c, args, true);
}

static wasi_errno fd_seek(wasi_call *c, const wexec_val *args)
{
	int64_t off = args[1].of.i64;
	uint32_t whence = ARG32(2);
	uint64_t need = (off == 0 && whence == WASI_WHENCE_CUR)
	                    ? WASI_R_FD_TELL
	                    : WASI_R_FD_SEEK;
	wasi_fd *f;
	wasi_errno e = get_positioned(c->wasi, ARG32(0), need, &f);
	if (e)
		return e;
	int how = whence == WASI_WHENCE_SET   ? SEEK_SET
	          : whence == WASI_WHENCE_CUR ? SEEK_CUR
	          : whence == WASI_WHENCE_END ? SEEK_END
	                                      : -1;
	if (how < 0)
		return WASI_EINVAL;
	if (f->kind == WASI_FD_FS) {
		uint64_t pos;
		e = wasi_fs_seek(f, off, whence, &pos);
		return e ? e : wasi_store_u64(c, ARG32(3), pos);
	}
	if (f->kind != WASI_FD_HOST)
		return WASI_ESPIPE;
	off_t r = lseek(f->host, (off_t)off, how);
	if (r < 0)
		return wasi_errno_from_host(errno);
	return wasi_store_u64(c, ARG32(3), (uint64_t)r);
}

static wasi_errno fd_tell(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = get_positioned(c->wasi, ARG32(0), WASI_R_FD_TELL, &f);
	if (e)
		return e;
	if (f->kind == WASI_FD_FS)
		return wasi_store_u64(c, ARG32(1), f->pos);
	if (f->kind != WASI_FD_HOST)
		return WASI_ESPIPE;
	off_t r = lseek(f->host, 0, SEEK_CUR);
	if (r < 0)
		return wasi_errno_from_host(errno);
	return wasi_store_u64(c, ARG32(1), (uint64_t)r);
}

static wasi_errno fd_close(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &f);
	if (e)
		return e;
	wasi_fd_release(f);
	return WASI_ESUCCESS;
}

static wasi_errno sync_common(wasi_call *c, const wexec_val *args,
                              uint64_t right, bool data_only)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), right, &f);
	if (e)
		return e;
	if (!is_host(f))
		return WASI_ESUCCESS; /* buffers have nothing to sync */
	int r = data_only ? fdatasync(f->host) : fsync(f->host);
	return r < 0 ? wasi_errno_from_host(errno) : WASI_ESUCCESS;
}

static wasi_errno fd_datasync(wasi_call *c, const wexec_val *args)
{
	return sync_common(c, args, WASI_R_FD_DATASYNC, true);
}

static wasi_errno fd_sync(wasi_call *c, const wexec_val *args)
{
	return sync_common(c, args, WASI_R_FD_SYNC, false);
}

/* The fdflags fd_fdstat_get reports: the sync modes as the guest set
 * them (Linux folds RSYNC into SYNC and cannot clear either later, so
 * the host's bits would not say what was asked), append and non-blocking
 * from the host for fds we own. */
static uint16_t host_fdflags(const wasi_fd *f)
{
	uint16_t flags = f->flags;
	if (!is_host(f) || !f->owned)
		return flags;
	int fl = fcntl(f->host, F_GETFL);
	if (fl < 0)
		return flags;
	if (fl & O_APPEND)
		flags |= WASI_FDFLAG_APPEND;
	if (fl & O_NONBLOCK)
		flags |= WASI_FDFLAG_NONBLOCK;
	return flags;
}

static wasi_errno fd_fdstat_get(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &f);
	if (e)
		return e;
	uint8_t *p = wasi_mem(c, ARG32(1), sizeof(wasi_fdstat));
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, sizeof(wasi_fdstat));
	wasi_put_u8(p + offsetof(wasi_fdstat, fs_filetype), f->filetype);
	wasi_put_u16(p + offsetof(wasi_fdstat, fs_flags), host_fdflags(f));
	wasi_put_u64(p + offsetof(wasi_fdstat, fs_rights_base), f->base);
	wasi_put_u64(p + offsetof(wasi_fdstat, fs_rights_inheriting),
	             f->inheriting);
	return WASI_ESUCCESS;
}

static wasi_errno fd_fdstat_set_flags(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	uint32_t flags = ARG32(1);
	wasi_errno e =
	    wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_FDSTAT_SET_FLAGS, &f);
	if (e)
		return e;
	if (flags & ~31u)
		return WASI_EINVAL;
	/* Linux cannot change the sync modes of an open file: they are kept
	 * here and reported back by fd_fdstat_get. So are all flags of
	 * inherited stdio and buffers: changing the host's flags would change
	 * them for the process that started us, too. */
	f->flags = (uint16_t)(flags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC |
	                               WASI_FDFLAG_SYNC));
	if (!is_host(f) || !f->owned) {
		f->flags = (uint16_t)flags;
		return WASI_ESUCCESS;
	}
	int fl = fcntl(f->host, F_GETFL);
	if (fl < 0)
		return wasi_errno_from_host(errno);
	fl &= ~(O_APPEND | O_NONBLOCK);
	if (flags & WASI_FDFLAG_APPEND)
		fl |= O_APPEND;
	if (flags & WASI_FDFLAG_NONBLOCK)
		fl |= O_NONBLOCK;
	if (fcntl(f->host, F_SETFL, fl) < 0)
		return wasi_errno_from_host(errno);
	return WASI_ESUCCESS;
}

static wasi_errno fd_fdstat_set_rights(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	uint64_t base = ARG64(1), inh = ARG64(2);
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &f);
	if (e)
		return e;
	if ((base & ~f->base) || (inh & ~f->inheriting))
		return WASI_ENOTCAPABLE; /* rights only ever shrink */
	f->base = base;
	f->inheriting = inh;
	return WASI_ESUCCESS;
}

static wasi_errno fd_filestat_get(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e =
	    wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_FILESTAT_GET, &f);
	if (e)
		return e;
	wexec_wasi_filestat st;
	memset(&st, 0, sizeof st);
	st.filetype = f->filetype;
	if (f->kind == WASI_FD_FS) {
		if ((e = wasi_fs_stat(f, &st)))
			return e;
	} else if (is_host(f)) {
		struct stat hst;
		if (fstat(f->host, &hst) < 0)
			return wasi_errno_from_host(errno);
		wasi_filestat_of_host(&hst, &st);
	}
	return wasi_put_filestat(c, ARG32(1), &st);
}

static wasi_errno fd_filestat_set_size(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e =
	    wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_FILESTAT_SET_SIZE, &f);
	if (e)
		return e;
	if (ARG64(1) > INT64_MAX)
		return WASI_EINVAL;
	if (f->kind == WASI_FD_FS)
		return wasi_fs_set_size(f, ARG64(1));
	if (!is_host(f))
		return WASI_EINVAL;
	if (ftruncate(f->host, (off_t)ARG64(1)) < 0)
		return wasi_errno_from_host(errno);
	return WASI_ESUCCESS;
}

static wasi_errno fd_filestat_set_times(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	struct timespec ts[2];
	wasi_errno e =
	    wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_FILESTAT_SET_TIMES, &f);
	if (e || (e = wasi_times(ARG64(1), ARG64(2), ARG32(3), ts)))
		return e;
	if (f->kind == WASI_FD_FS)
		return wasi_fs_set_times(f, ARG64(1), ARG64(2), ARG32(3));
	if (!is_host(f))
		return WASI_EBADF;
	if (futimens(f->host, ts) < 0)
		return wasi_errno_from_host(errno);
	return WASI_ESUCCESS;
}

static wasi_errno fd_advise(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	static const int advice[] = {
	    POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
	    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE,
	};
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_ADVISE, &f);
	if (e)
		return e;
	if (ARG32(3) > WASI_ADVICE_NOREUSE || ARG64(1) > INT64_MAX ||
	    ARG64(2) > INT64_MAX)
		return WASI_EINVAL;
	if (f->kind == WASI_FD_FS)
		return WASI_ESUCCESS; /* advice only */
	if (f->kind != WASI_FD_HOST)
		return WASI_ESPIPE;
	int r = posix_fadvise(f->host, (off_t)ARG64(1), (off_t)ARG64(2),
	                      advice[ARG32(3)]);
	return wasi_errno_from_host(r);
}

static wasi_errno fd_allocate(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_ALLOCATE, &f);
	if (e)
		return e;
	if (ARG64(1) > INT64_MAX || ARG64(2) > INT64_MAX - ARG64(1) ||
	    ARG64(2) == 0)
		return WASI_EINVAL;
	if (f->kind == WASI_FD_FS)
		return wasi_fs_allocate(f, ARG64(1), ARG64(2));
	if (f->kind != WASI_FD_HOST)
		return WASI_ESPIPE;
	int r = posix_fallocate(f->host, (off_t)ARG64(1), (off_t)ARG64(2));
	return wasi_errno_from_host(r);
}

static wasi_errno fd_prestat_get(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &f);
	if (e || !f->preopen)
		return WASI_EBADF;
	uint8_t *p = wasi_mem(c, ARG32(1), sizeof(wasi_prestat));
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, sizeof(wasi_prestat));
	wasi_put_u8(p + offsetof(wasi_prestat, tag), WASI_PREOPENTYPE_DIR);
	wasi_put_u32(p + offsetof(wasi_prestat, pr_name_len),
	             (uint32_t)strlen(f->preopen));
	return WASI_ESUCCESS;
}

static wasi_errno fd_prestat_dir_name(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &f);
	if (e || !f->preopen)
		return WASI_EBADF;
	size_t n = strlen(f->preopen);
	if (ARG32(2) < n)
		return WASI_ENAMETOOLONG;
	uint8_t *p = wasi_mem(c, ARG32(1), n);
	if (!p)
		return WASI_EFAULT;
	memcpy(p, f->preopen, n);
	return WASI_ESUCCESS;
}

static wasi_errno fd_renumber(wasi_call *c, const wexec_val *args)
{
	wasi_fd *from, *to;
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), 0, &from);
	if (e || (e = wasi_fd_get(c->wasi, ARG32(1), 0, &to)))
		return e;
	wasi_fd_move(to, from);
	return WASI_ESUCCESS;
}

/* One directory entry, encoded and truncated to what is left of the
 * guest buffer, as the spec asks of the last entry. */
size_t wasi_put_dirent(uint8_t *dst, size_t room, uint64_t next, uint64_t ino,
                         const char *name, uint8_t type)
{
	uint8_t hdr[sizeof(wasi_dirent)];
	size_t namlen = strlen(name);
	memset(hdr, 0, sizeof hdr);
	wasi_put_u64(hdr + offsetof(wasi_dirent, d_next), next);
	wasi_put_u64(hdr + offsetof(wasi_dirent, d_ino), ino);
	wasi_put_u32(hdr + offsetof(wasi_dirent, d_namlen), (uint32_t)namlen);
	wasi_put_u8(hdr + offsetof(wasi_dirent, d_type), type);
	size_t n = room < sizeof hdr ? room : sizeof hdr;
	memcpy(dst, hdr, n);
	size_t m = room - n < namlen ? room - n : namlen;
	memcpy(dst + n, name, m);
	return n + m;
}

static uint8_t dirent_type(int dirfd, const struct dirent *d)
{
	switch (d->d_type) {
	case DT_REG:
		return WASI_FILETYPE_REGULAR_FILE;
	case DT_DIR:
		return WASI_FILETYPE_DIRECTORY;
	case DT_LNK:
		return WASI_FILETYPE_SYMBOLIC_LINK;
	case DT_CHR:
		return WASI_FILETYPE_CHARACTER_DEVICE;
	case DT_BLK:
		return WASI_FILETYPE_BLOCK_DEVICE;
	case DT_SOCK:
		return WASI_FILETYPE_SOCKET_STREAM;
	case DT_FIFO:
		return WASI_FILETYPE_UNKNOWN;
	default: {
		struct stat st;
		if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return WASI_FILETYPE_UNKNOWN;
		return wasi_filetype_of_mode(st.st_mode);
	}
	}
}

/* Cookies are the host's telldir() positions: the cookie of an entry is
 * the position just after it, so seekdir(cookie) resumes exactly at the
 * next entry, however the guest's buffer cut the previous call short. */
static wasi_errno fd_readdir(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	uint32_t len = ARG32(2);
	uint64_t cookie = ARG64(3);
	wasi_errno e = wasi_fd_get(c->wasi, ARG32(0), WASI_R_FD_READDIR, &f);
	if (e)
		return e;
	if ((f->kind != WASI_FD_HOST && f->kind != WASI_FD_FS) ||
	    f->filetype != WASI_FILETYPE_DIRECTORY)
		return WASI_ENOTDIR;
	uint8_t *buf = wasi_mem(c, ARG32(1), len);
	if (!buf)
		return WASI_EFAULT;
	if (f->kind == WASI_FD_FS) {
		size_t used = 0;
		e = wasi_fs_readdir(f, buf, len, cookie, &used);
		return e ? e : wasi_store_u32(c, ARG32(4), (uint32_t)used);
	}
	if (cookie > LONG_MAX)
		return WASI_EINVAL;
	if (!f->dir) {
		int fd =
		    openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return wasi_errno_from_host(errno);
		f->dir = fdopendir(fd);
		if (!f->dir) {
			int saved = errno;
			close(fd);
			return wasi_errno_from_host(saved);
		}
	}
	if (cookie == 0)
		rewinddir(f->dir);
	else
		seekdir(f->dir, (long)cookie);
	size_t used = 0;
	while (used < len) {
		errno = 0;
		struct dirent *d = readdir(f->dir);
		if (!d) {
			if (errno)
				return wasi_errno_from_host(errno);
			break;
		}
		uint64_t next = (uint64_t)telldir(f->dir);
		used += wasi_put_dirent(buf + used, len - used, next, d->d_ino,
		                   d->d_name, dirent_type(dirfd(f->dir), d));
	}
	return wasi_store_u32(c, ARG32(4), (uint32_t)used);
}

const wasi_func wasi_funcs_fd[] = {
    {"fd_advise", "iIIi", true, fd_advise, "fIIa"},
    {"fd_allocate", "iII", true, fd_allocate, "fII"},
    {"fd_close", "i", true, fd_close, "f"},
    {"fd_datasync", "i", true, fd_datasync, "f"},
    {"fd_fdstat_get", "ii", true, fd_fdstat_get, "fD"},
    {"fd_fdstat_set_flags", "ii", true, fd_fdstat_set_flags, "fG"},
    {"fd_fdstat_set_rights", "iII", true, fd_fdstat_set_rights, "fxx"},
    {"fd_filestat_get", "ii", true, fd_filestat_get, "fT"},
    {"fd_filestat_set_size", "iI", true, fd_filestat_set_size, "fI"},
    {"fd_filestat_set_times", "iIIi", true, fd_filestat_set_times, "fIIt"},
    {"fd_pread", "iiiIi", true, fd_pread, "fvI="},
    {"fd_prestat_get", "ii", true, fd_prestat_get, "fp"},
    {"fd_prestat_dir_name", "iii", true, fd_prestat_dir_name, "fB"},
    {"fd_pwrite", "iiiIi", true, fd_pwrite, "fvI="},
    {"fd_read", "iiii", true, fd_read, "fv="},
    {"fd_readdir", "iiiIi", true, fd_readdir, "fbI="},
    {"fd_renumber", "ii", true, fd_renumber, "ff"},
    {"fd_seek", "iIii", true, fd_seek, "fJw~"},
    {"fd_sync", "i", true, fd_sync, "f"},
    {"fd_tell", "ii", true, fd_tell, "f~"},
    {"fd_write", "iiii", true, fd_write, "fv="},
    {NULL, NULL, false, NULL, NULL},
};
