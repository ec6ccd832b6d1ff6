/* The path_* family beneath the preopen (fd 3). Scratch has data.txt and
 * an empty directory sub/. */
#include "t.h"

/* Directories: create, remove, and what a trailing / means. */
static void directories(void)
{
	__wasi_filestat_t st;
	int fd;
	TE("mkdir", __wasi_path_create_directory(3, "d1"), 0);
	TE("mkdir exists", __wasi_path_create_directory(3, "d1"),
	   __WASI_ERRNO_EXIST);
	TE("mkdir trailing slash", __wasi_path_create_directory(3, "d2/"), 0);
	TE("mkdir nested missing", __wasi_path_create_directory(3, "nope/x"),
	   __WASI_ERRNO_NOENT);
	TE("stat dir", __wasi_path_filestat_get(3, 0, "d1", &st), 0);
	TB("stat dir type", st.filetype == __WASI_FILETYPE_DIRECTORY);
	TE("open in d1", t_open(3, "d1/f", 0, __WASI_OFLAGS_CREAT, R_ALL, &fd),
	   0);
	TE("close f", __wasi_fd_close(fd), 0);
	TE("rmdir nonempty", __wasi_path_remove_directory(3, "d1"),
	   __WASI_ERRNO_NOTEMPTY);
	TE("rmdir file", __wasi_path_remove_directory(3, "data.txt"),
	   __WASI_ERRNO_NOTDIR);
	TE("unlink dir", __wasi_path_unlink_file(3, "d2"), __WASI_ERRNO_ISDIR);
	TE("rmdir slash", __wasi_path_remove_directory(3, "d2/"), 0);
}

/* Files: stat, times, rename, link, unlink. */
static void files(void)
{
	__wasi_filestat_t st;
	TE("stat file", __wasi_path_filestat_get(3, 0, "data.txt", &st), 0);
	TB("stat file size",
	   st.size == 12 && st.filetype == __WASI_FILETYPE_REGULAR_FILE);
	TE("stat missing", __wasi_path_filestat_get(3, 0, "missing", &st),
	   __WASI_ERRNO_NOENT);
	TE("stat file slash", __wasi_path_filestat_get(3, 0, "data.txt/", &st),
	   __WASI_ERRNO_NOTDIR);
	TE("set_times",
	   __wasi_path_filestat_set_times(
	       3, 0, "data.txt", 2000000000ull, 3000000000ull,
	       __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM),
	   0);
	TE("stat times", __wasi_path_filestat_get(3, 0, "data.txt", &st), 0);
	TB("times set", st.atim == 2000000000ull && st.mtim == 3000000000ull);
	TE("link", __wasi_path_link(3, 0, "data.txt", 3, "d1/hard"), 0);
	TE("stat nlink", __wasi_path_filestat_get(3, 0, "data.txt", &st), 0);
	TB("nlink 2", st.nlink == 2);
	TE("link exists", __wasi_path_link(3, 0, "data.txt", 3, "d1/hard"),
	   __WASI_ERRNO_EXIST);
	TE("rename", __wasi_path_rename(3, "d1/hard", 3, "moved"), 0);
	TE("stat renamed", __wasi_path_filestat_get(3, 0, "moved", &st), 0);
	TE("stat old name", __wasi_path_filestat_get(3, 0, "d1/hard", &st),
	   __WASI_ERRNO_NOENT);
	TE("rename dir", __wasi_path_rename(3, "d1", 3, "sub/d1"), 0);
	TE("rename missing", __wasi_path_rename(3, "d1", 3, "x"),
	   __WASI_ERRNO_NOENT);
	TE("unlink", __wasi_path_unlink_file(3, "moved"), 0);
	TE("unlink again", __wasi_path_unlink_file(3, "moved"),
	   __WASI_ERRNO_NOENT);
	TE("unlink slash", __wasi_path_unlink_file(3, "data.txt/"),
	   __WASI_ERRNO_NOTDIR);
}

/* Symlinks the guest makes: read, stat and open with and without
 * following. */
static void symlinks(void)
{
	__wasi_filestat_t st;
	char buf[64];
	size_t n;
	int fd;
	TE("symlink", __wasi_path_symlink("data.txt", 3, "ln"), 0);
	TE("symlink exists", __wasi_path_symlink("data.txt", 3, "ln"),
	   __WASI_ERRNO_EXIST);
	TE("readlink",
	   __wasi_path_readlink(3, "ln", (uint8_t *)buf, sizeof buf, &n), 0);
	TB("readlink text", n == 8 && memcmp(buf, "data.txt", 8) == 0);
	TE("readlink short",
	   __wasi_path_readlink(3, "ln", (uint8_t *)buf, 4, &n), 0);
	TB("readlink truncated", n == 4 && memcmp(buf, "data", 4) == 0);
	TE("readlink file",
	   __wasi_path_readlink(3, "data.txt", (uint8_t *)buf, 64, &n),
	   __WASI_ERRNO_INVAL);
	TE("lstat link", __wasi_path_filestat_get(3, 0, "ln", &st), 0);
	TB("lstat type", st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK);
	TE("stat follow",
	   __wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "ln",
	                            &st),
	   0);
	TB("stat follow type",
	   st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.size == 12);
	TE("open link nofollow", t_open(3, "ln", 0, 0, R_READ, &fd),
	   __WASI_ERRNO_LOOP);
	TE("open link follow", t_open(3, "ln", 1, 0, R_READ, &fd), 0);
	__wasi_iovec_t r = {(uint8_t *)buf, 5};
	TE("read via link", __wasi_fd_read(fd, &r, 1, &n), 0);
	TB("read via link data", n == 5 && memcmp(buf, "hello", 5) == 0);
	TE("close link fd", __wasi_fd_close(fd), 0);
	TE("unlink link", __wasi_path_unlink_file(3, "ln"), 0);
	TE("target kept", __wasi_path_filestat_get(3, 0, "data.txt", &st), 0);
}

/* path_open of directories, and its flags. */
static void opening(void)
{
	__wasi_filestat_t st;
	char buf[64];
	size_t n;
	int fd;
	TE("open dir", t_open(3, "sub", 0, __WASI_OFLAGS_DIRECTORY, R_DIR, &fd),
	   0);
	TE("stat through dir fd", __wasi_path_filestat_get(fd, 0, "d1", &st),
	   0);
	TE("close dir", __wasi_fd_close(fd), 0);
	/* Write rights make it an open for writing, which a directory
	 * refuses (tests/wasi/dirsock.c has the other cases). */
	TE("open dir all rights", t_open(3, "sub", 0, 0, R_ALL, &fd),
	   __WASI_ERRNO_ISDIR);
	TE("open dir without O_DIRECTORY", t_open(3, "sub", 0, 0, R_DIR, &fd),
	   0);
	TE("readdir it",
	   __wasi_fd_readdir(fd, (uint8_t *)buf, sizeof buf, 0, &n), 0);
	TE("close it", __wasi_fd_close(fd), 0);
	TE("open file as dir",
	   t_open(3, "data.txt", 0, __WASI_OFLAGS_DIRECTORY, R_READ, &fd),
	   __WASI_ERRNO_NOTDIR);
	TE("open excl exists",
	   t_open(3, "data.txt", 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
	          R_ALL, &fd),
	   __WASI_ERRNO_EXIST);
	TE("open missing", t_open(3, "missing", 0, 0, R_READ, &fd),
	   __WASI_ERRNO_NOENT);
	TE("open trunc",
	   t_open(3, "data.txt", 0, __WASI_OFLAGS_TRUNC, R_ALL, &fd), 0);
	TE("trunc stat", __wasi_fd_filestat_get(fd, &st), 0);
	TB("truncated", st.size == 0);
	TE("close trunc", __wasi_fd_close(fd), 0);
}

/* Depth is not limited by open fds: 200 levels down and back up. */
static void depth(void)
{
	int fd;
	static char deep[200 * 2 + 1 + 200 * 3 + 16];
	int ok = 1;
	size_t len = 0;
	for (int i = 0; i < 200; i++) {
		memcpy(deep + len, "d/", 2);
		len += 2;
		deep[len] = 0;
		ok &= __wasi_path_create_directory(3, deep) == 0;
	}
	TB("mkdir 200 deep", ok);
	strcpy(deep + len, "f");
	TE("create deep", t_open(3, deep, 0, __WASI_OFLAGS_CREAT, R_ALL, &fd),
	   0);
	t_close(fd);
	for (int i = 0; i < 200; i++, len += 3)
		memcpy(deep + len, "../", 3);
	strcpy(deep + len, "data.txt");
	TE("200 up again", t_open(3, deep, 0, 0, R_READ, &fd), 0);
	t_close(fd);
	memcpy(deep + len, "../data.txt", 12);
	TE("one more is out", t_open(3, deep, 0, 0, R_READ, &fd),
	   __WASI_ERRNO_NOTCAPABLE);
	TE("path on file fd", __wasi_path_create_directory(1, "x"),
	   __WASI_ERRNO_NOTDIR);
}

/* A trailing '/' on a missing name is ENOENT, as on the host. */
static void slash_errors(void)
{
	TE("unlink missing slash", __wasi_path_unlink_file(3, "missing/"),
	   __WASI_ERRNO_NOENT);
	TE("link missing slash", __wasi_path_link(3, 0, "missing/", 3, "x"),
	   __WASI_ERRNO_NOENT);
	/* The new name of a hard link, like a symlink's, cannot end in
	 * '/'; the old one can only when it is a directory, which cannot
	 * be linked. */
	TE("link to new slash", __wasi_path_link(3, 0, "data.txt", 3, "nl/"),
	   __WASI_ERRNO_NOENT);
	TE("link to existing slash",
	   __wasi_path_link(3, 0, "data.txt", 3, "sub/"), __WASI_ERRNO_EXIST);
	TE("link dir slash", __wasi_path_link(3, 0, "sub/", 3, "nl"),
	   __WASI_ERRNO_PERM);
	/* A symlink is never a directory, so "name/" cannot be one. */
	__wasi_filestat_t st;
	TE("symlink new slash", __wasi_path_symlink("data.txt", 3, "sl/"),
	   __WASI_ERRNO_NOENT);
	TE("symlink slash made nothing",
	   __wasi_path_filestat_get(3, 0, "sl", &st), __WASI_ERRNO_NOENT);
	TE("symlink existing slash", __wasi_path_symlink("data.txt", 3, "sub/"),
	   __WASI_ERRNO_EXIST);
}

/* O_CREAT|O_EXCL never follows a final symlink, even a dangling
 * one: it fails with EEXIST and creates nothing. */
static void excl_symlink(void)
{
	__wasi_filestat_t st;
	int fd;
	TE("dangling link", __wasi_path_symlink("made_by_excl", 3, "dangling"),
	   0);
	TE("excl on dangling link",
	   t_open(3, "dangling", 1, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
	          R_ALL, &fd),
	   __WASI_ERRNO_EXIST);
	TE("excl created nothing",
	   __wasi_path_filestat_get(3, 0, "made_by_excl", &st),
	   __WASI_ERRNO_NOENT);
	TE("creat follows dangling link",
	   t_open(3, "dangling", 1, __WASI_OFLAGS_CREAT, R_ALL, &fd), 0);
	t_close(fd);
	TE("creat made target",
	   __wasi_path_filestat_get(3, 0, "made_by_excl", &st), 0);
}

/* An fd whose number cannot be stored is closed again. */
static void efault_fd(void)
{
	int first, again;
	TE("open probe", t_open(3, "data.txt", 0, 0, R_READ, &first), 0);
	t_close(first);
	TE("open efault",
	   raw_path_open(3, 0, "data.txt", 8, 0, R_READ, R_READ, 0,
	                 (int *)0xfffffff0),
	   __WASI_ERRNO_FAULT);
	TE("open after efault", t_open(3, "data.txt", 0, 0, R_READ, &again), 0);
	TB("efault left no fd", again == first);
	t_close(again);
}

/* Calls that make, remove or rename a name never follow a final link,
 * even written "link/": like the host, they refuse it (ENOTDIR) or find
 * the name taken (EEXIST), and the link's target is left alone. */
static void slash_on_links(void)
{
	__wasi_filestat_t st;
	TE("mkdir target", __wasi_path_create_directory(3, "tdir"), 0);
	TE("link to dir", __wasi_path_symlink("tdir", 3, "tlink"), 0);
	TE("rmdir link slash", __wasi_path_remove_directory(3, "tlink/"),
	   __WASI_ERRNO_NOTDIR);
	TE("unlink link slash", __wasi_path_unlink_file(3, "tlink/"),
	   __WASI_ERRNO_NOTDIR);
	TE("rename link slash", __wasi_path_rename(3, "tlink/", 3, "moved2"),
	   __WASI_ERRNO_NOTDIR);
	TE("target still there", __wasi_path_filestat_get(3, 0, "tdir", &st),
	   0);
	TE("stat link slash follows",
	   __wasi_path_filestat_get(3, 0, "tlink/", &st), 0);
	TB("stat link slash is dir", st.filetype == __WASI_FILETYPE_DIRECTORY);
	TE("dangling to dir", __wasi_path_symlink("tnone", 3, "tdang"), 0);
	TE("mkdir dangling slash", __wasi_path_create_directory(3, "tdang/"),
	   __WASI_ERRNO_EXIST);
	TE("dangling target not made",
	   __wasi_path_filestat_get(3, 0, "tnone", &st), __WASI_ERRNO_NOENT);
}

int main(void)
{
	directories();
	files();
	symlinks();
	opening();
	depth();
	slash_errors();
	excl_symlink();
	efault_fd();
	slash_on_links();
	return t_failed;
}
