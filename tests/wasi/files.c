/* The fd_* family on a regular file in the preopen (fd 3), plus
 * fd_prestat_* and stdio's fdstat. Scratch has data.txt = "hello world\n". */
#include "t.h"

static __wasi_ciovec_t civ(const char *s)
{
	__wasi_ciovec_t v = {(const uint8_t *)s, strlen(s)};
	return v;
}

static void prestat(void)
{
	__wasi_prestat_t ps;
	char name[16];
	TE("prestat_get 3", __wasi_fd_prestat_get(3, &ps), 0);
	TB("prestat len", ps.tag == 0 && ps.u.dir.pr_name_len == 1);
	TE("prestat_dir_name short",
	   __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 0),
	   __WASI_ERRNO_NAMETOOLONG);
	TE("prestat_dir_name",
	   __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 16), 0);
	TB("prestat name", name[0] == '/');
	TE("prestat_get stdout", __wasi_fd_prestat_get(1, &ps),
	   __WASI_ERRNO_BADF);
	TE("prestat_get closed", __wasi_fd_prestat_get(99, &ps),
	   __WASI_ERRNO_BADF);
}

static void readwrite(int fd)
{
	__wasi_ciovec_t w[2] = {civ("abc"), civ("defgh")};
	size_t n;
	__wasi_filesize_t pos;
	char a[4] = {0}, b[8] = {0};
	__wasi_iovec_t r[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 5}};
	TE("write", __wasi_fd_write(fd, w, 2, &n), 0);
	TB("write count", n == 8);
	TE("tell", __wasi_fd_tell(fd, &pos), 0);
	TB("tell 8", pos == 8);
	TE("seek set", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos), 0);
	TE("read", __wasi_fd_read(fd, r, 2, &n), 0);
	TB("read data", n == 8 && !strcmp(a, "abc") && !strcmp(b, "defgh"));
	TE("read eof", __wasi_fd_read(fd, r, 1, &n), 0);
	TB("read eof 0", n == 0);
	TE("seek end", __wasi_fd_seek(fd, -2, __WASI_WHENCE_END, &pos), 0);
	TB("seek end pos", pos == 6);
	TE("seek cur", __wasi_fd_seek(fd, 1, __WASI_WHENCE_CUR, &pos), 0);
	TB("seek cur pos", pos == 7);
	TE("seek bad whence", __wasi_fd_seek(fd, 0, 9, &pos),
	   __WASI_ERRNO_INVAL);
	TE("seek negative", __wasi_fd_seek(fd, -100, __WASI_WHENCE_SET, &pos),
	   __WASI_ERRNO_INVAL);
	__wasi_ciovec_t pw = civ("XY");
	TE("pwrite", __wasi_fd_pwrite(fd, &pw, 1, 1, &n), 0);
	TE("pread", __wasi_fd_pread(fd, r, 1, 0, &n), 0);
	TB("pread data", n == 3 && !strcmp(a, "aXY"));
	TE("tell after p*", __wasi_fd_tell(fd, &pos), 0);
	TB("p* keep offset", pos == 7);
	TE("read efault",
	   __wasi_fd_read(fd, (__wasi_iovec_t *)0xfffffff8, 1, &n),
	   __WASI_ERRNO_FAULT);
}

static void stat_and_size(int fd)
{
	__wasi_filestat_t st;
	TE("filestat_get", __wasi_fd_filestat_get(fd, &st), 0);
	TB("filestat size", st.size == 8 &&
	                        st.filetype == __WASI_FILETYPE_REGULAR_FILE &&
	                        st.nlink == 1);
	TE("set_size", __wasi_fd_filestat_set_size(fd, 3), 0);
	TE("filestat_get 2", __wasi_fd_filestat_get(fd, &st), 0);
	TB("size 3", st.size == 3);
	TE("allocate", __wasi_fd_allocate(fd, 0, 100), 0);
	TE("filestat_get 3", __wasi_fd_filestat_get(fd, &st), 0);
	TB("size 100", st.size == 100);
	TE("set_times",
	   __wasi_fd_filestat_set_times(
	       fd, 1000000000ull * 5, 1000000000ull * 7 + 3,
	       __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM),
	   0);
	TE("filestat_get 4", __wasi_fd_filestat_get(fd, &st), 0);
	TB("times", st.atim == 5000000000ull && st.mtim == 7000000003ull);
	TE("set_times now",
	   __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), 0);
	TE("filestat_get 5", __wasi_fd_filestat_get(fd, &st), 0);
	TB("mtime now",
	   st.mtim > 1600000000ull * 1000000000ull && st.atim == 5000000000ull);
	TE("set_times both",
	   __wasi_fd_filestat_set_times(
	       fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
	   __WASI_ERRNO_INVAL);
	TE("advise", __wasi_fd_advise(fd, 0, 10, __WASI_ADVICE_SEQUENTIAL), 0);
	TE("advise bad", __wasi_fd_advise(fd, 0, 10, 77), __WASI_ERRNO_INVAL);
	TE("datasync", __wasi_fd_datasync(fd), 0);
	TE("sync", __wasi_fd_sync(fd), 0);
}

static void fdstat(int fd)
{
	__wasi_fdstat_t st;
	TE("fdstat_get", __wasi_fd_fdstat_get(fd, &st), 0);
	TB("fdstat type", st.fs_filetype == __WASI_FILETYPE_REGULAR_FILE);
	TE("set_flags append",
	   __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND), 0);
	TE("fdstat_get 2", __wasi_fd_fdstat_get(fd, &st), 0);
	TB("flags append", st.fs_flags & __WASI_FDFLAGS_APPEND);
	__wasi_ciovec_t w = civ("Z");
	size_t n;
	__wasi_filestat_t fs;
	TE("append write", __wasi_fd_write(fd, &w, 1, &n), 0);
	TE("append stat", __wasi_fd_filestat_get(fd, &fs), 0);
	TB("appended", fs.size == 101);
	TE("set_flags none", __wasi_fd_fdstat_set_flags(fd, 0), 0);
	TE("set_rights shrink",
	   __wasi_fd_fdstat_set_rights(fd,
	                               __WASI_RIGHTS_FD_READ |
	                                   __WASI_RIGHTS_FD_SEEK |
	                                   __WASI_RIGHTS_FD_FILESTAT_GET,
	                               0),
	   0);
	TE("fdstat_get 3", __wasi_fd_fdstat_get(fd, &st), 0);
	TB("rights shrunk",
	   st.fs_rights_base == (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK |
	                         __WASI_RIGHTS_FD_FILESTAT_GET));
	TE("set_rights grow",
	   __wasi_fd_fdstat_set_rights(
	       fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0),
	   __WASI_ERRNO_NOTCAPABLE);
	TE("write no right", __wasi_fd_write(fd, &w, 1, &n),
	   __WASI_ERRNO_NOTCAPABLE);
	TE("tell no right", __wasi_fd_tell(fd, (__wasi_filesize_t *)&n),
	   __WASI_ERRNO_NOTCAPABLE);
}

int main(void)
{
	prestat();
	int fd, fd2;
	TE("open",
	   t_open(3, "new.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
	          R_ALL, &fd),
	   0);
	readwrite(fd);
	stat_and_size(fd);
	fdstat(fd);
	TE("open data", t_open(3, "data.txt", 0, 0, R_READ, &fd2), 0);
	TE("renumber", __wasi_fd_renumber(fd2, fd), 0);
	char buf[6] = {0};
	__wasi_iovec_t r = {(uint8_t *)buf, 5};
	size_t n;
	TE("read renumbered", __wasi_fd_read(fd, &r, 1, &n), 0);
	TB("renumbered data", n == 5 && !strcmp(buf, "hello"));
	TE("old fd closed", __wasi_fd_close(fd2), __WASI_ERRNO_BADF);
	TE("renumber to closed", __wasi_fd_renumber(fd, 77), __WASI_ERRNO_BADF);
	TE("close", __wasi_fd_close(fd), 0);
	TE("close twice", __wasi_fd_close(fd), __WASI_ERRNO_BADF);
	__wasi_fdstat_t st;
	TE("stdout fdstat", __wasi_fd_fdstat_get(1, &st), 0);
	TB("stdout can write", st.fs_rights_base & __WASI_RIGHTS_FD_WRITE);
	TE("stdout read", __wasi_fd_read(1, &r, 1, &n),
	   __WASI_ERRNO_NOTCAPABLE);
	/* EBADF, as wasmtime answers (POSIX: EISDIR); dirsock.c has more. */
	TE("read dir", __wasi_fd_read(3, &r, 1, &n), __WASI_ERRNO_BADF);
	/* fdstat reports the sync flags path_open was given, as it does
	 * those of fd_fdstat_set_flags. */
	TE("open rsync",
	   raw_path_open(3, 0, "data.txt", 8, 0, R_READ, R_READ,
	                 __WASI_FDFLAGS_RSYNC, &fd),
	   0);
	TE("rsync fdstat", __wasi_fd_fdstat_get(fd, &st), 0);
	TB("rsync kept", st.fs_flags == __WASI_FDFLAGS_RSYNC);
	t_close(fd);
	TE("open dsync append",
	   raw_path_open(3, 0, "data.txt", 8, 0, R_ALL, R_ALL,
	                 __WASI_FDFLAGS_DSYNC | __WASI_FDFLAGS_APPEND, &fd),
	   0);
	TE("dsync fdstat", __wasi_fd_fdstat_get(fd, &st), 0);
	TB("dsync append kept",
	   st.fs_flags == (__WASI_FDFLAGS_DSYNC | __WASI_FDFLAGS_APPEND));
	t_close(fd);
	return t_failed;
}
