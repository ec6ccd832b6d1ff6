/*
 * pathops.c - the path_* functions of wasi_snapshot_preview1 (wasi-spec
 * docs.md, "path_create_directory" through "path_unlink_file"). Every path
 * goes through wasi_path_resolve() (path.c); the mount's callback then
 * acts on (directory, final name) without following a final symlink
 * itself: the *at system calls for a host directory (hostfs.c), an
 * embedder's wexec_wasi_fs otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

wasi_errno wasi_put_filestat(wasi_call *c, uint32_t addr,
                             const wexec_wasi_filestat *st)
{
	uint8_t *p = wasi_mem(c, addr, sizeof(wasi_filestat));
	if (!p)
		return WASI_EFAULT;
	memset(p, 0, sizeof(wasi_filestat));
	wasi_put_u64(p + offsetof(wasi_filestat, dev), st->dev);
	wasi_put_u64(p + offsetof(wasi_filestat, ino), st->ino);
	wasi_put_u8(p + offsetof(wasi_filestat, filetype), st->filetype);
	wasi_put_u64(p + offsetof(wasi_filestat, nlink), st->nlink);
	wasi_put_u64(p + offsetof(wasi_filestat, size), st->size);
	wasi_put_u64(p + offsetof(wasi_filestat, atim), st->atim);
	wasi_put_u64(p + offsetof(wasi_filestat, mtim), st->mtim);
	wasi_put_u64(p + offsetof(wasi_filestat, ctim), st->ctim);
	return WASI_ESUCCESS;
}

static struct timespec one_time(uint64_t t, bool set, bool now)
{
	struct timespec ts = {0, UTIME_OMIT};
	if (now) {
		ts.tv_nsec = UTIME_NOW;
	} else if (set) {
		ts.tv_sec = (time_t)(t / 1000000000u);
		ts.tv_nsec = (long)(t % 1000000000u);
	}
	return ts;
}

wasi_errno wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst,
                      struct timespec ts[2])
{
	if ((fst & ~15u) ||
	    ((fst & WASI_FST_ATIM) && (fst & WASI_FST_ATIM_NOW)) ||
	    ((fst & WASI_FST_MTIM) && (fst & WASI_FST_MTIM_NOW)))
		return WASI_EINVAL;
	ts[0] = one_time(atim, fst & WASI_FST_ATIM, fst & WASI_FST_ATIM_NOW);
	ts[1] = one_time(mtim, fst & WASI_FST_MTIM, fst & WASI_FST_MTIM_NOW);
	return WASI_ESUCCESS;
}

/* The directory entry `fd` (holding `need`) and the resolved guest path
 * at (addr, len) beneath it. On success the caller ends with
 * wasi_path_done(out). */
static wasi_errno resolve(wasi_call *c, uint32_t fd, uint64_t need,
                          uint32_t addr, uint32_t len, wasi_final follow,
                          wasi_path *out, wasi_fd **dir)
{
	wasi_fd *f;
	char *path;
	out->mount = NULL;
	out->own_dir = false;
	wasi_errno e = wasi_fd_get(c->wasi, fd, 0, &f);
	if (e)
		return e;
	if (!f->mount || f->filetype != WASI_FILETYPE_DIRECTORY)
		return WASI_ENOTDIR;
	if ((f->base & need) != need)
		return WASI_ENOTCAPABLE;
	if ((e = wasi_path_copy(c, addr, len, &path)))
		return e;
	e = wasi_path_resolve(f->mount, f->handle, path, follow, out);
	free(path);
	if (dir)
		*dir = f;
	return e;
}

/* A lookup's lookupflags as the resolver's rule for the final link. */
static wasi_final lookup(uint32_t lookupflags)
{
	return lookupflags & WASI_LOOKUP_SYMLINK_FOLLOW ? WASI_FINAL_FOLLOW
	                                                : WASI_FINAL_NOFOLLOW;
}

/* The mount's callback `op` on p, and its errno. */
#define FS_CALL(p, op, ...) ((p)->mount->ops.op((p)->mount->fs, __VA_ARGS__))

static wasi_errno stat_name(const wasi_path *p, wexec_wasi_filestat *st)
{
	return wasi_fs_errno(FS_CALL(p, stat, p->dir, p->name, st));
}

/* Links and renames stay within one filesystem, as the host's stay
 * within one device. */
static wasi_errno same_fs(const wasi_path *a, const wasi_path *b)
{
	return a->mount->fs == b->mount->fs &&
	               a->mount->ops.open == b->mount->ops.open
	           ? WASI_ESUCCESS
	           : WASI_EXDEV;
}

/* A new link (hard or symbolic) is never a directory, so a new name
 * written "name/" fails as on the host: EEXIST when it exists, else
 * ENOENT. */
static wasi_errno slash_new_name(const wasi_path *p)
{
	wexec_wasi_filestat st;
	return stat_name(p, &st) ? WASI_ENOENT : WASI_EEXIST;
}

/* That p names something, and a directory when written "name/"
 * (ENOENT, ENOTDIR): the host's first checks of a name, made here where
 * the host would not see the slash the resolver took off, or where a
 * check of ours would otherwise come first. */
static wasi_errno check_exists(const wasi_path *p)
{
	wexec_wasi_filestat st;
	wasi_errno e = stat_name(p, &st);
	if (e)
		return e;
	return p->must_dir && st.filetype != WASI_FILETYPE_DIRECTORY
	           ? WASI_ENOTDIR
	           : WASI_ESUCCESS;
}

/* What the mount's open is asked for. The access mode follows the
 * rights granted (the write-side rights are those wasi-libc and Rust's
 * std ask for a file opened for writing), also for O_DIRECTORY: a
 * directory opened with write rights is refused with EISDIR, as
 * wasmtime's preview1 refuses it (it, too, passes the write mode to the
 * host's open), and as open("dir", O_WRONLY) fails natively; O_DIRECTORY
 * on a file stays ENOTDIR. */
static uint32_t open_flags(uint32_t oflags, uint64_t base, bool must_dir)
{
	const uint64_t writes = WASI_R_FD_WRITE | WASI_R_FD_ALLOCATE |
	                        WASI_R_FD_FILESTAT_SET_SIZE |
	                        WASI_R_FD_DATASYNC;
	const uint64_t reads = WASI_R_FD_READ | WASI_R_FD_READDIR;
	uint32_t of = 0;
	if ((oflags & WASI_O_DIRECTORY) || must_dir)
		of |= WEXEC_WASI_OPEN_DIRECTORY;
	if (base & writes)
		of |= WEXEC_WASI_OPEN_WRITE;
	if ((base & reads) || !(base & writes))
		of |= WEXEC_WASI_OPEN_READ;
	if (oflags & WASI_O_CREAT)
		of |= WEXEC_WASI_OPEN_CREAT;
	if (oflags & WASI_O_EXCL)
		of |= WEXEC_WASI_OPEN_EXCL;
	if (oflags & WASI_O_TRUNC)
		of |= WEXEC_WASI_OPEN_TRUNC;
	return of;
}

/* Resolves path_open's path. With O_CREAT the host refuses "name/"
 * before it follows anything (EISDIR; EEXIST for a final "." or ".."
 * under O_EXCL), so the final component is first taken as a name; a
 * link there is followed afterwards only when SYMLINK_FOLLOW asks and
 * O_EXCL allows (POSIX: O_CREAT|O_EXCL fails on any existing name, a
 * link included, where following would create the link's target). */
static wasi_errno open_target(wasi_call *c, const wexec_val *args,
                              uint64_t need, wasi_path *p, wasi_fd **dir)
{
	uint32_t oflags = ARG32(4);
	bool creat = oflags & WASI_O_CREAT;
	bool excl = creat && (oflags & WASI_O_EXCL);
	wasi_final final = excl ? WASI_FINAL_NAME : lookup(ARG32(1));
	if (!creat)
		return resolve(c, ARG32(0), need, ARG32(2), ARG32(3), final, p,
		               dir);
	wasi_errno e = resolve(c, ARG32(0), need, ARG32(2), ARG32(3),
	                       WASI_FINAL_NAME, p, dir);
	if (!e && !p->must_dir && final == WASI_FINAL_FOLLOW) {
		wasi_path_done(p);
		e = resolve(c, ARG32(0), need, ARG32(2), ARG32(3), final, p,
		            dir);
	}
	/* Also when a followed link says "dir/": a directory is never
	 * created by path_open. */
	if (!e && p->must_dir)
		e = excl && !strcmp(p->name, ".") ? WASI_EEXIST : WASI_EISDIR;
	return e;
}

/* The entry for what the mount's open gave: a host-fd entry for the
 * host's filesystem, a WASI_FD_FS one for an embedder's. */
static wasi_errno new_entry(const wasi_mount *m, uint64_t h, wasi_fd *f)
{
	memset(f, 0, sizeof *f);
	f->host = -1;
	f->mount = m;
	f->handle = h;
	if (m->host) {
		struct stat st;
		f->host = (int)h;
		f->kind = WASI_FD_HOST;
		f->owned = true;
		if (fstat(f->host, &st) < 0) {
			int saved = errno;
			close(f->host);
			return wasi_errno_from_host(saved);
		}
		f->filetype = wasi_filetype_of_mode(st.st_mode);
		f->pipe = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
		return WASI_ESUCCESS;
	}
	wexec_wasi_filestat st;
	int r = m->ops.stat(m->fs, h, NULL, &st);
	if (r) {
		m->ops.close(m->fs, h);
		return wasi_fs_errno(r);
	}
	f->kind = WASI_FD_FS;
	f->filetype = st.filetype;
	return WASI_ESUCCESS;
}

static wasi_errno path_open(wasi_call *c, const wexec_val *args)
{
	uint32_t oflags = ARG32(4), fdflags = ARG32(7);
	uint64_t need = WASI_R_PATH_OPEN;
	if (oflags & WASI_O_CREAT)
		need |= WASI_R_PATH_CREATE_FILE;
	if (oflags & WASI_O_TRUNC)
		need |= WASI_R_PATH_FILESTAT_SET_SIZE;
	if (oflags & ~15u || fdflags & ~31u)
		return WASI_EINVAL;
	wasi_path p;
	wasi_fd *dir;
	wasi_errno e = open_target(c, args, need, &p, &dir);
	if (e)
		goto done;
	uint64_t base = ARG64(5) & dir->inheriting;
	uint64_t inh = ARG64(6) & dir->inheriting;
	uint64_t h;
	wasi_fd f;
	e = wasi_fs_errno(FS_CALL(&p, open, p.dir, p.name,
	                          open_flags(oflags, base, p.must_dir),
	                          fdflags, &h));
	if (e || (e = new_entry(p.mount, h, &f)))
		goto done;
	if (f.filetype == WASI_FILETYPE_DIRECTORY)
		base &= ~WASI_R_FILE_POSITION;
	f.base = base;
	f.inheriting = inh;
	/* Kept for fd_fdstat_get, as fd_fdstat_set_flags keeps them; an
	 * embedder's file keeps APPEND here too, for fd_write. */
	f.flags = (uint16_t)(fdflags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC |
	                                WASI_FDFLAG_SYNC));
	if (f.kind == WASI_FD_FS)
		f.flags = (uint16_t)fdflags;
	e = wasi_fd_add_result(c, &f, ARG32(8));
done:
	wasi_path_done(&p);
	return e;
}

static wasi_errno path_create_directory(wasi_call *c, const wexec_val *args)
{
	wasi_path p;
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_CREATE_DIRECTORY,
	                       ARG32(1), ARG32(2), WASI_FINAL_NAME, &p, NULL);
	if (!e)
		e = wasi_fs_errno(FS_CALL(&p, mkdir, p.dir, p.name));
	wasi_path_done(&p);
	return e;
}

static wasi_errno path_filestat_get(wasi_call *c, const wexec_val *args)
{
	wasi_path p;
	wexec_wasi_filestat st;
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_FILESTAT_GET, ARG32(2),
	                       ARG32(3), lookup(ARG32(1)), &p, NULL);
	if (!e)
		e = stat_name(&p, &st);
	if (!e && p.must_dir && st.filetype != WASI_FILETYPE_DIRECTORY)
		e = WASI_ENOTDIR;
	if (!e)
		e = wasi_put_filestat(c, ARG32(4), &st);
	wasi_path_done(&p);
	return e;
}

static wasi_errno path_filestat_set_times(wasi_call *c, const wexec_val *args)
{
	wasi_path p;
	struct timespec ts[2];
	wasi_errno e = wasi_times(ARG64(4), ARG64(5), ARG32(6), ts);
	if (e)
		return e;
	e = resolve(c, ARG32(0), WASI_R_PATH_FILESTAT_SET_TIMES, ARG32(2),
	            ARG32(3), lookup(ARG32(1)), &p, NULL);
	if (!e)
		e = check_exists(&p);
	if (!e)
		e = wasi_fs_errno(FS_CALL(&p, set_times, p.dir, p.name,
		                          ARG64(4), ARG64(5), ARG32(6)));
	wasi_path_done(&p);
	return e;
}

static wasi_errno path_link(wasi_call *c, const wexec_val *args)
{
	wasi_path from, to;
	to.own_dir = false;
	/* In the host's order: the old name must exist (and be a directory
	 * if written "old/") before the new one is looked up at all; that
	 * cannot be "new/"; linkat itself then refuses an existing new
	 * name, then a directory. */
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_LINK_SOURCE, ARG32(2),
	                       ARG32(3), lookup(ARG32(1)), &from, NULL);
	if (!e)
		e = check_exists(&from);
	if (!e)
		e = resolve(c, ARG32(4), WASI_R_PATH_LINK_TARGET, ARG32(5),
		            ARG32(6), WASI_FINAL_NAME, &to, NULL);
	if (!e && to.must_dir)
		e = slash_new_name(&to);
	if (!e)
		e = same_fs(&from, &to);
	if (!e)
		e = wasi_fs_errno(FS_CALL(&from, link, from.dir, from.name,
		                          to.dir, to.name));
	wasi_path_done(&from);
	wasi_path_done(&to);
	return e;
}

static wasi_errno path_readlink(wasi_call *c, const wexec_val *args)
{
	wasi_path p;
	char target[PATH_MAX];
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_READLINK, ARG32(1),
	                       ARG32(2), WASI_FINAL_NOFOLLOW, &p, NULL);
	size_t n = 0;
	if (!e && p.must_dir)
		e = check_exists(&p); /* "file/" is ENOTDIR, not EINVAL */
	if (!e)
		e = wasi_fs_errno(wasi_mount_readlink(p.mount, p.dir, p.name,
		                                      target, sizeof target,
		                                      &n));
	if (n > sizeof target)
		n = sizeof target;
	wasi_path_done(&p);
	if (e)
		return e;
	uint32_t len = ARG32(4);
	uint8_t *buf = wasi_mem(c, ARG32(3), len);
	if (!buf)
		return WASI_EFAULT;
	size_t k = n < len ? n : len; /* truncates, as POSIX */
	memcpy(buf, target, k);
	return wasi_store_u32(c, ARG32(5), (uint32_t)k);
}

static wasi_errno path_remove_directory(wasi_call *c, const wexec_val *args)
{
	wasi_path p;
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_REMOVE_DIRECTORY,
	                       ARG32(1), ARG32(2), WASI_FINAL_NAME, &p, NULL);
	if (!e)
		e = wasi_fs_errno(FS_CALL(&p, rmdir, p.dir, p.name));
	wasi_path_done(&p);
	return e;
}

static wasi_errno path_rename(wasi_call *c, const wexec_val *args)
{
	wasi_path from, to;
	to.own_dir = false;
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_RENAME_SOURCE, ARG32(1),
	                       ARG32(2), WASI_FINAL_NAME, &from, NULL);
	if (!e)
		e = resolve(c, ARG32(3), WASI_R_PATH_RENAME_TARGET, ARG32(4),
		            ARG32(5), WASI_FINAL_NAME, &to, NULL);
	/* A final "." or ".." (both reach us as ".") cannot be moved or
	 * replaced; the host says EBUSY before anything else. */
	if (!e && (!strcmp(from.name, ".") || !strcmp(to.name, ".")))
		e = WASI_EBUSY;
	if (!e && (from.must_dir || to.must_dir)) {
		from.must_dir = true;
		e = check_exists(&from);
	}
	if (!e)
		e = same_fs(&from, &to);
	if (!e)
		e = wasi_fs_errno(FS_CALL(&from, rename, from.dir, from.name,
		                          to.dir, to.name));
	wasi_path_done(&from);
	wasi_path_done(&to);
	return e;
}

static wasi_errno path_symlink(wasi_call *c, const wexec_val *args)
{
	char *target;
	wasi_path p;
	wasi_errno e = wasi_path_copy(c, ARG32(0), ARG32(1), &target);
	if (e)
		return e;
	/* A link that could only ever point outside is refused at once. */
	if (target[0] == '/') {
		free(target);
		return WASI_ENOTCAPABLE;
	}
	e = resolve(c, ARG32(2), WASI_R_PATH_SYMLINK, ARG32(3), ARG32(4),
	            WASI_FINAL_NAME, &p, NULL);
	if (!e && p.must_dir)
		e = slash_new_name(&p);
	if (!e)
		e = wasi_fs_errno(FS_CALL(&p, symlink, target, p.dir, p.name));
	wasi_path_done(&p);
	free(target);
	return e;
}

static wasi_errno path_unlink_file(wasi_call *c, const wexec_val *args)
{
	wasi_path p;
	wasi_errno e = resolve(c, ARG32(0), WASI_R_PATH_UNLINK_FILE, ARG32(1),
	                       ARG32(2), WASI_FINAL_NAME, &p, NULL);
	if (!e && p.must_dir) {
		/* "name/" is a directory (EISDIR), or not one (ENOTDIR), or
		 * missing (ENOENT): check_dir tells which. */
		e = check_exists(&p);
		if (!e)
			e = WASI_EISDIR;
	}
	if (!e)
		e = wasi_fs_errno(FS_CALL(&p, unlink, p.dir, p.name));
	wasi_path_done(&p);
	return e;
}

const wasi_func wasi_funcs_path[] = {
    {"path_create_directory", "iii", true, path_create_directory, "fs"},
    {"path_filestat_get", "iiiii", true, path_filestat_get, "flsT"},
    {"path_filestat_set_times", "iiiiIIi", true, path_filestat_set_times, "flsIIt"},
    {"path_link", "iiiiiii", true, path_link, "flsfs"},
    {"path_open", "iiiiiIIii", true, path_open, "flsoRHF="},
    {"path_readlink", "iiiiii", true, path_readlink, "fsL"},
    {"path_remove_directory", "iii", true, path_remove_directory, "fs"},
    {"path_rename", "iiiiii", true, path_rename, "fsfs"},
    {"path_symlink", "iiiii", true, path_symlink, "sfs"},
    {"path_unlink_file", "iii", true, path_unlink_file, "fs"},
    {NULL, NULL, false, NULL, NULL},
};
