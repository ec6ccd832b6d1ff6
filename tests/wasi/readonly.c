/* A read-only preopen (fd 3): reading works, every write is refused, and
 * the rights say so. Scratch has data.txt and sub/. */
#include "t.h"

int main(void)
{
	const int NC = __WASI_ERRNO_NOTCAPABLE;
	__wasi_fdstat_t fs;
	TE("fdstat", __wasi_fd_fdstat_get(3, &fs), 0);
	TB("no write rights",
	   !(fs.fs_rights_base &
	     (__WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_UNLINK_FILE |
	      __WASI_RIGHTS_FD_WRITE)) &&
	       !(fs.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE));
	TB("read rights",
	   (fs.fs_rights_base & __WASI_RIGHTS_PATH_OPEN) &&
	       (fs.fs_rights_inheriting & __WASI_RIGHTS_FD_READ));
	int fd;
	TE("open read", t_open(3, "data.txt", 0, 0, R_READ, &fd), 0);
	char buf[16] = {0};
	__wasi_iovec_t r = {(uint8_t *)buf, 12};
	size_t n;
	TE("read", __wasi_fd_read(fd, &r, 1, &n), 0);
	TB("read data", n == 12 && !strcmp(buf, "hello world\n"));
	t_close(fd);
	TE("open all rights", t_open(3, "data.txt", 0, 0, R_ALL, &fd), 0);
	__wasi_ciovec_t w = {(const uint8_t *)"X", 1};
	TE("write refused", __wasi_fd_write(fd, &w, 1, &n), NC);
	TE("pwrite refused", __wasi_fd_pwrite(fd, &w, 1, 0, &n), NC);
	TE("set_size refused", __wasi_fd_filestat_set_size(fd, 0), NC);
	TE("allocate refused", __wasi_fd_allocate(fd, 0, 10), NC);
	TE("set_times refused",
	   __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW),
	   NC);
	t_close(fd);
	TE("trunc refused",
	   t_open(3, "data.txt", 0, __WASI_OFLAGS_TRUNC, R_ALL, &fd), NC);
	TE("creat refused",
	   t_open(3, "new.txt", 0, __WASI_OFLAGS_CREAT, R_ALL, &fd), NC);
	TE("mkdir refused", __wasi_path_create_directory(3, "d"), NC);
	TE("rmdir refused", __wasi_path_remove_directory(3, "sub"), NC);
	TE("unlink refused", __wasi_path_unlink_file(3, "data.txt"), NC);
	TE("rename refused", __wasi_path_rename(3, "data.txt", 3, "x"), NC);
	TE("link refused", __wasi_path_link(3, 0, "data.txt", 3, "x"), NC);
	TE("symlink refused", __wasi_path_symlink("data.txt", 3, "x"), NC);
	TE("path set_times refused",
	   __wasi_path_filestat_set_times(3, 0, "data.txt", 0, 0,
	                                  __WASI_FSTFLAGS_MTIM_NOW),
	   NC);
	TE("subdir inherits",
	   t_open(3, "sub", 0, __WASI_OFLAGS_DIRECTORY, R_ALL, &fd), 0);
	TE("subdir creat refused",
	   t_open(fd, "n", 0, __WASI_OFLAGS_CREAT, R_ALL, &fd), NC);
	TE("rights cannot grow", __wasi_fd_fdstat_set_rights(3, R_ALL, R_ALL),
	   NC);
	FILE *f = fopen("/data.txt", "w");
	TB("fopen w fails", f == NULL);
	f = fopen("/data.txt", "r");
	TB("content intact",
	   f && fgets(buf, sizeof buf, f) && !strcmp(buf, "hello world\n"));
	return t_failed;
}
