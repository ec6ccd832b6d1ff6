/*
 * hostfs.c - the host's filesystem as a wexec_wasi_fs (docs/filesystems.md):
 * handles are host fds and every callback is the *at system call of the
 * same name, so the resolver (path.c) and the path_* calls (pathops.c)
 * serve host directories and embedders' filesystems with one code. Files
 * opened here become ordinary host-fd entries: fd_read, fd_readdir and
 * the rest use the host fd directly (fd.c), as before there were other
 * filesystems. Also the stubs that stand in for callbacks an embedder
 * left out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

/* The public names are WASI's own values: filetypes and fstflags pass
 * between a filesystem and the guest unchanged. */
#define SAME(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME(WEXEC_WASI_FILETYPE_UNKNOWN, WASI_FILETYPE_UNKNOWN) &&
                   SAME(WEXEC_WASI_FILETYPE_DIRECTORY,
                        WASI_FILETYPE_DIRECTORY) &&
                   SAME(WEXEC_WASI_FILETYPE_REGULAR_FILE,
                        WASI_FILETYPE_REGULAR_FILE) &&
                   SAME(WEXEC_WASI_FILETYPE_SOCKET_STREAM,
                        WASI_FILETYPE_SOCKET_STREAM) &&
                   SAME(WEXEC_WASI_FILETYPE_SYMBOLIC_LINK,
                        WASI_FILETYPE_SYMBOLIC_LINK),
               "filetypes are WASI's");
_Static_assert(SAME(WEXEC_WASI_TIME_ATIM, WASI_FST_ATIM) &&
                   SAME(WEXEC_WASI_TIME_ATIM_NOW, WASI_FST_ATIM_NOW) &&
                   SAME(WEXEC_WASI_TIME_MTIM, WASI_FST_MTIM) &&
                   SAME(WEXEC_WASI_TIME_MTIM_NOW, WASI_FST_MTIM_NOW),
               "time flags are WASI's fstflags");
#undef SAME

void wasi_filestat_of_host(const struct stat *st, wexec_wasi_filestat *out)
{
	memset(out, 0, sizeof *out);
	out->dev = (uint64_t)st->st_dev;
	out->ino = (uint64_t)st->st_ino;
	out->filetype = wasi_filetype_of_mode(st->st_mode);
	out->nlink = (uint64_t)st->st_nlink;
	out->size = (uint64_t)st->st_size;
	out->atim = (uint64_t)st->st_atim.tv_sec * 1000000000u +
	            (uint64_t)st->st_atim.tv_nsec;
	out->mtim = (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	            (uint64_t)st->st_mtim.tv_nsec;
	out->ctim = (uint64_t)st->st_ctim.tv_sec * 1000000000u +
	            (uint64_t)st->st_ctim.tv_nsec;
}

static int result(int r)
{
	return r < 0 ? errno : 0;
}

static int host_root(void *fs, uint64_t *out)
{
	(void)fs;
	(void)out;
	return EBADF; /* a host preopen opens its directory itself (ctx.c) */
}

/* The access mode follows READ and WRITE, also for a directory, which
 * the host then refuses with EISDIR as open("dir", O_WRONLY) fails
 * natively and as wasmtime's preview1 answers. */
static int open_flags(uint32_t of, uint32_t fdflags)
{
	int fl = O_CLOEXEC | O_NOFOLLOW;
	if (of & WEXEC_WASI_OPEN_PATH)
		return fl | O_PATH | O_DIRECTORY;
	if (of & WEXEC_WASI_OPEN_DIRECTORY)
		fl |= O_DIRECTORY;
	if ((of & WEXEC_WASI_OPEN_WRITE) && (of & WEXEC_WASI_OPEN_READ))
		fl |= O_RDWR;
	else if (of & WEXEC_WASI_OPEN_WRITE)
		fl |= O_WRONLY;
	else
		fl |= O_RDONLY;
	if (of & WEXEC_WASI_OPEN_CREAT)
		fl |= O_CREAT;
	if (of & WEXEC_WASI_OPEN_EXCL)
		fl |= O_EXCL;
	if (of & WEXEC_WASI_OPEN_TRUNC)
		fl |= O_TRUNC;
	if (fdflags & WASI_FDFLAG_APPEND)
		fl |= O_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		fl |= O_NONBLOCK;
	if (fdflags & WASI_FDFLAG_DSYNC)
		fl |= O_DSYNC;
	if (fdflags & (WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC))
		fl |= O_SYNC;
	return fl;
}

static int host_open(void *fs, uint64_t dir, const char *name, uint32_t of,
                     uint32_t fdflags, uint64_t *out)
{
	(void)fs;
	int fd = openat((int)dir, name, open_flags(of, fdflags), 0666);
	if (fd < 0)
		return errno;
	*out = (uint64_t)fd;
	return 0;
}

static void host_close(void *fs, uint64_t h)
{
	(void)fs;
	close((int)h);
}

static int host_stat(void *fs, uint64_t dir, const char *name,
                     wexec_wasi_filestat *out)
{
	(void)fs;
	struct stat st;
	int r = name ? fstatat((int)dir, name, &st, AT_SYMLINK_NOFOLLOW)
	             : fstat((int)dir, &st);
	if (r < 0)
		return errno;
	wasi_filestat_of_host(&st, out);
	return 0;
}

static int host_readlink(void *fs, uint64_t dir, const char *name, char *buf,
                         size_t cap, size_t *len)
{
	(void)fs;
	ssize_t n = readlinkat((int)dir, name, buf, cap);
	if (n < 0)
		return errno;
	*len = (size_t)n; /* == cap: perhaps cut */
	return 0;
}

static int host_set_times(void *fs, uint64_t dir, const char *name,
                          uint64_t atim, uint64_t mtim, uint32_t which)
{
	(void)fs;
	struct timespec ts[2];
	if (wasi_times(atim, mtim, which, ts))
		return EINVAL;
	return result(name ? utimensat((int)dir, name, ts, AT_SYMLINK_NOFOLLOW)
	                   : futimens((int)dir, ts));
}

static int host_mkdir(void *fs, uint64_t dir, const char *name)
{
	(void)fs;
	return result(mkdirat((int)dir, name, 0777));
}

static int host_rmdir(void *fs, uint64_t dir, const char *name)
{
	(void)fs;
	return result(unlinkat((int)dir, name, AT_REMOVEDIR));
}

static int host_unlink(void *fs, uint64_t dir, const char *name)
{
	(void)fs;
	return result(unlinkat((int)dir, name, 0));
}

static int host_rename(void *fs, uint64_t fd, const char *from, uint64_t td,
                       const char *to)
{
	(void)fs;
	return result(renameat((int)fd, from, (int)td, to));
}

static int host_symlink(void *fs, const char *target, uint64_t dir,
                        const char *name)
{
	(void)fs;
	return result(symlinkat(target, (int)dir, name));
}

static int host_link(void *fs, uint64_t fd, const char *from, uint64_t td,
                     const char *to)
{
	(void)fs;
	return result(linkat((int)fd, from, (int)td, to, 0));
}

/* Stand-ins for the callbacks a filesystem may leave out. The host's
 * read, write, set_size and readdir are never called: its files and
 * directories are host-fd entries. */
static int no_read(void *fs, uint64_t h, uint64_t off, uint8_t *buf,
                   size_t len, size_t *n)
{
	(void)fs, (void)h, (void)off, (void)buf, (void)len, (void)n;
	return ENOTSUP;
}

static int no_write(void *fs, uint64_t h, uint64_t off, const uint8_t *buf,
                    size_t len, size_t *n)
{
	(void)fs, (void)h, (void)off, (void)buf, (void)len, (void)n;
	return ENOTSUP;
}

static int no_set_size(void *fs, uint64_t h, uint64_t size)
{
	(void)fs, (void)h, (void)size;
	return ENOTSUP;
}

static int no_set_times(void *fs, uint64_t dir, const char *name,
                        uint64_t atim, uint64_t mtim, uint32_t which)
{
	(void)fs, (void)dir, (void)name, (void)atim, (void)mtim, (void)which;
	return ENOTSUP;
}

static int no_readdir(void *fs, uint64_t dir, uint64_t cookie,
                      wexec_wasi_dirent *out)
{
	(void)fs, (void)dir, (void)cookie, (void)out;
	return ENOTSUP;
}

static int no_name(void *fs, uint64_t dir, const char *name)
{
	(void)fs, (void)dir, (void)name;
	return ENOTSUP;
}

static int no_two(void *fs, uint64_t fd, const char *from, uint64_t td,
                  const char *to)
{
	(void)fs, (void)fd, (void)from, (void)td, (void)to;
	return ENOTSUP;
}

static int no_symlink(void *fs, const char *target, uint64_t dir,
                      const char *name)
{
	(void)fs, (void)target, (void)dir, (void)name;
	return ENOTSUP;
}

int wasi_mount_readlink(const wasi_mount *m, uint64_t dir, const char *name,
                        char *buf, size_t cap, size_t *len)
{
	if (m->ops.readlink)
		return m->ops.readlink(m->fs, dir, name, buf, cap, len);
	/* No readlink, no symlinks: every name that exists is something
	 * else (EINVAL), as readlinkat answers. */
	wexec_wasi_filestat st;
	int r = m->ops.stat(m->fs, dir, name, &st);
	return r ? r : EINVAL;
}

void wasi_mount_fill(wexec_wasi_fs *ops)
{
	ops->size = sizeof *ops; /* readlink stays NULL: no symlinks */
	if (!ops->read)
		ops->read = no_read;
	if (!ops->write)
		ops->write = no_write;
	if (!ops->set_size)
		ops->set_size = no_set_size;
	if (!ops->set_times)
		ops->set_times = no_set_times;
	if (!ops->readdir)
		ops->readdir = no_readdir;
	if (!ops->mkdir)
		ops->mkdir = no_name;
	if (!ops->rmdir)
		ops->rmdir = no_name;
	if (!ops->unlink)
		ops->unlink = no_name;
	if (!ops->rename)
		ops->rename = no_two;
	if (!ops->symlink)
		ops->symlink = no_symlink;
	if (!ops->link)
		ops->link = no_two;
}

const wasi_mount wasi_host_mount = {
    .ops =
        {
            .size = sizeof(wexec_wasi_fs),
            .root = host_root,
            .open = host_open,
            .close = host_close,
            .stat = host_stat,
            .readlink = host_readlink,
            .read = no_read,
            .write = no_write,
            .set_size = no_set_size,
            .set_times = host_set_times,
            .readdir = no_readdir,
            .mkdir = host_mkdir,
            .rmdir = host_rmdir,
            .unlink = host_unlink,
            .rename = host_rename,
            .symlink = host_symlink,
            .link = host_link,
        },
    .fs = NULL,
    .host = true,
    .next = NULL,
};
