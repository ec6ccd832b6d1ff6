/* Directory and socket semantics that must match wasmtime's preview1
 * (issue 11), each result printed as its errno's name and number so the
 * golden file shows what a guest sees. Beneath the preopen (fd 3):
 * data.txt and the directory sub/.
 *   - A directory cannot be opened for writing: EISDIR, through libc's
 *     open() and through path_open with write rights, with or without
 *     O_DIRECTORY (a file with O_DIRECTORY stays ENOTDIR).
 *   - A directory has no file position: its rights lack FD_SEEK and
 *     FD_TELL, and fd_seek, fd_tell, fd_pread and fd_pwrite on it are
 *     EBADF, as in wasmtime; so are fd_read and fd_write (POSIX would
 *     say EISDIR).
 *   - sock_* on an open fd that is not a socket is ENOTSOCK. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "t.h"

#define R_WRITE                                                                \
	(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC |                  \
	 __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE)
#define R_POSITION (__WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL)

/* Prints "LABEL: NAME (N)"; a result other than `want` fails the run. */
static void show(const char *label, int got, int want)
{
	printf("%s: %s (%d)\n", label, ename(got), got);
	if (got != want) {
		printf("FAIL %s: want %s (%d)\n", label, ename(want), want);
		t_failed = 1;
	}
}

/* libc's open(): -1 and errno, or 0 after closing what it opened. */
static int libc_open(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void open_for_writing(void)
{
	int fd = -1;
	show("open(dir, O_WRONLY)", libc_open("/sub", O_WRONLY), EISDIR);
	show("open(dir, O_RDWR)", libc_open("/sub", O_RDWR), EISDIR);
	show("open(dir, O_WRONLY|O_DIRECTORY)",
	     libc_open("/sub", O_WRONLY | O_DIRECTORY), EISDIR);
	show("open(dir, O_RDONLY)", libc_open("/sub", O_RDONLY), 0);
	show("open(file, O_WRONLY)", libc_open("/data.txt", O_WRONLY), 0);
	show("path_open dir, write rights",
	     t_open(3, "sub", 0, 0, R_READ | R_WRITE, &fd), __WASI_ERRNO_ISDIR);
	show("path_open dir, fd_write only",
	     t_open(3, "sub", 0, 0, __WASI_RIGHTS_FD_WRITE, &fd),
	     __WASI_ERRNO_ISDIR);
	show(
	    "path_open O_DIRECTORY, read+write rights",
	    t_open(3, "sub", 0, __WASI_OFLAGS_DIRECTORY, R_READ | R_WRITE, &fd),
	    __WASI_ERRNO_ISDIR);
	show("path_open O_DIRECTORY, all rights",
	     t_open(3, "sub", 0, __WASI_OFLAGS_DIRECTORY, R_ALL, &fd),
	     __WASI_ERRNO_ISDIR);
	show("path_open \"sub/.\", write rights",
	     t_open(3, "sub/.", 0, 0, R_ALL, &fd), __WASI_ERRNO_ISDIR);
	show("path_open file O_DIRECTORY, write rights",
	     t_open(3, "data.txt", 0, __WASI_OFLAGS_DIRECTORY, R_ALL, &fd),
	     __WASI_ERRNO_NOTDIR);
}

/* fd_seek, fd_tell, fd_pread, fd_pwrite on directory fd `fd`. */
static void no_position(const char *what, int fd)
{
	char label[96], buf[8];
	__wasi_filesize_t pos;
	__wasi_fdstat_t st;
	size_t n;
	__wasi_iovec_t r = {(uint8_t *)buf, sizeof buf};
	__wasi_ciovec_t w = {(const uint8_t *)"x", 1};
	snprintf(label, sizeof label, "%s: fdstat", what);
	show(label, __wasi_fd_fdstat_get(fd, &st), 0);
	printf("%s: FD_SEEK %s, FD_TELL %s in base rights\n", what,
	       st.fs_rights_base & __WASI_RIGHTS_FD_SEEK ? "is" : "not",
	       st.fs_rights_base & __WASI_RIGHTS_FD_TELL ? "is" : "not");
	if (st.fs_rights_base & R_POSITION)
		t_failed = 1;
	snprintf(label, sizeof label, "%s: fd_seek", what);
	show(label, __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos),
	     __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: fd_seek(0, CUR)", what);
	show(label, __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos),
	     __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: fd_tell", what);
	show(label, __wasi_fd_tell(fd, &pos), __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: fd_pread", what);
	show(label, __wasi_fd_pread(fd, &r, 1, 0, &n), __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: fd_pwrite", what);
	show(label, __wasi_fd_pwrite(fd, &w, 1, 0, &n), __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: lseek()", what);
	show(label, lseek(fd, 0, SEEK_SET) < 0 ? errno : 0, EBADF);
	snprintf(label, sizeof label, "%s: fd_read", what);
	show(label, __wasi_fd_read(fd, &r, 1, &n), __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: fd_write", what);
	show(label, __wasi_fd_write(fd, &w, 1, &n), __WASI_ERRNO_BADF);
	snprintf(label, sizeof label, "%s: read()", what);
	show(label, read(fd, buf, 1) < 0 ? errno : 0, EBADF);
}

static void directories_have_no_position(void)
{
	__wasi_fdstat_t st;
	int fd = -1;
	show("fdstat of the preopen", __wasi_fd_fdstat_get(3, &st), 0);
	printf("preopen: FD_SEEK and FD_TELL %s inheriting rights\n",
	       (st.fs_rights_inheriting & R_POSITION) == R_POSITION
	           ? "are in"
	           : "are not all in");
	no_position("preopen", 3);
	/* R_READ asks for FD_SEEK and FD_TELL: a directory is not given
	 * them, but may still pass them on to files. */
	show("path_open O_DIRECTORY, read rights",
	     t_open(3, "sub", 0, __WASI_OFLAGS_DIRECTORY, R_READ, &fd), 0);
	no_position("opened dir", fd);
	char buf[256];
	size_t n;
	show("opened dir: fd_readdir",
	     __wasi_fd_readdir(fd, (uint8_t *)buf, sizeof buf, 0, &n), 0);
	t_close(fd);
	show("path_open file, read rights",
	     t_open(3, "data.txt", 0, 0, R_READ, &fd), 0);
	__wasi_filesize_t pos;
	show("file: fd_seek", __wasi_fd_seek(fd, 6, __WASI_WHENCE_SET, &pos),
	     0);
	show("file: fd_tell", __wasi_fd_tell(fd, &pos), 0);
	printf("file: position %llu\n", (unsigned long long)pos);
	t_close(fd);
}

static void not_sockets(void)
{
	int fd = -1, out = 0;
	size_t n;
	__wasi_roflags_t ro;
	char buf[8];
	__wasi_iovec_t r = {(uint8_t *)buf, sizeof buf};
	__wasi_ciovec_t w = {(const uint8_t *)"x", 1};
	show("open file", t_open(3, "data.txt", 0, 0, R_ALL, &fd), 0);
	show("sock_shutdown(file)",
	     __wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR),
	     __WASI_ERRNO_NOTSOCK);
	show("sock_shutdown(file, bad how)", __wasi_sock_shutdown(fd, 0),
	     __WASI_ERRNO_NOTSOCK);
	show("sock_accept(file)", __wasi_sock_accept(fd, 0, &out),
	     __WASI_ERRNO_NOTSOCK);
	show("sock_recv(file)", __wasi_sock_recv(fd, &r, 1, 0, &n, &ro),
	     __WASI_ERRNO_NOTSOCK);
	show("sock_send(file)", __wasi_sock_send(fd, &w, 1, 0, &n),
	     __WASI_ERRNO_NOTSOCK);
	t_close(fd);
	show("sock_shutdown(dir)", __wasi_sock_shutdown(3, __WASI_SDFLAGS_WR),
	     __WASI_ERRNO_NOTSOCK);
	show("sock_shutdown(stdout)",
	     __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
	show("sock_shutdown(closed fd)",
	     __wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
}

int main(void)
{
	open_for_writing();
	directories_have_no_position();
	not_sockets();
	return t_failed;
}
