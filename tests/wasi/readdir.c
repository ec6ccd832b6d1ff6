/* fd_readdir over a directory of 1000 files (many/f0000..f0999), read
 * through small buffers: every entry exactly once, "." and "..", cookies
 * that resume right after the last entry returned, truncated last entries. */
#include <dirent.h>
#include <stdlib.h>
#include "t.h"

static unsigned char seen[1000];
static int dots, dotdots, bad, total;

static void note(const char *name, size_t len, int type)
{
	total++;
	if (len == 1 && name[0] == '.')
		dots++, bad |= type != __WASI_FILETYPE_DIRECTORY;
	else if (len == 2 && !memcmp(name, "..", 2))
		dotdots++, bad |= type != __WASI_FILETYPE_DIRECTORY;
	else if (len == 5 && name[0] == 'f') {
		char digits[5];
		memcpy(digits, name + 1, 4);
		digits[4] = 0; /* names are not NUL-terminated */
		int k = atoi(digits);
		if (k >= 0 && k < 1000 && type == __WASI_FILETYPE_REGULAR_FILE)
			seen[k]++;
		else
			bad = 1;
	} else
		bad = 1;
}

/* Reads the whole directory with a buffer of `size` bytes; returns the
 * number of calls made. */
static int read_all(int fd, size_t size)
{
	uint8_t *buf = malloc(size);
	__wasi_dircookie_t cookie = 0;
	int calls = 0;
	for (;;) {
		size_t used;
		calls++;
		if (__wasi_fd_readdir(fd, buf, size, cookie, &used) != 0)
			return -1;
		size_t off = 0;
		int complete = 0;
		while (off + sizeof(__wasi_dirent_t) <= used) {
			__wasi_dirent_t d;
			memcpy(&d, buf + off, sizeof d);
			if (off + sizeof d + d.d_namlen > used)
				break; /* truncated: reread from cookie */
			note((char *)buf + off + sizeof d, d.d_namlen,
			     d.d_type);
			cookie = d.d_next;
			off += sizeof d + d.d_namlen;
			complete++;
		}
		if (used < size)
			break; /* the end of the directory */
		if (complete == 0)
			return -1; /* buffer smaller than one entry */
	}
	free(buf);
	return calls;
}

static int all_seen_once(void)
{
	for (int i = 0; i < 1000; i++)
		if (seen[i] != 1)
			return 0;
	return 1;
}

int main(void)
{
	int fd;
	TE("open many",
	   t_open(3, "many", 0, __WASI_OFLAGS_DIRECTORY, R_READ, &fd), 0);
	int calls = read_all(fd, 64);
	TB("read 64-byte buffers", calls > 500);
	TB("1002 entries", total == 1002 && dots == 1 && dotdots == 1 && !bad);
	TB("each file once", all_seen_once());
	memset(seen, 0, sizeof seen);
	total = dots = dotdots = bad = 0;
	calls = read_all(fd, 4096);
	TB("again, 4 KiB buffers",
	   calls > 1 && total == 1002 && all_seen_once() && !bad);
	/* Resume in the middle: the entry after cookie k is the one that
	 * followed entry k in a full listing. */
	uint8_t buf[29 * 3];
	size_t used;
	TE("readdir first", __wasi_fd_readdir(fd, buf, sizeof buf, 0, &used),
	   0);
	__wasi_dirent_t d0, d1, d2;
	memcpy(&d0, buf, sizeof d0);
	memcpy(&d1, buf + sizeof d0 + d0.d_namlen, sizeof d1);
	char name1[8] = {0};
	memcpy(name1, buf + 2 * sizeof d0 + d0.d_namlen,
	       d1.d_namlen < 8 ? d1.d_namlen : 7);
	TE("readdir resume",
	   __wasi_fd_readdir(fd, buf, sizeof buf, d0.d_next, &used), 0);
	memcpy(&d2, buf, sizeof d2);
	TB("resume at next", d2.d_namlen == d1.d_namlen &&
	                         !memcmp(buf + sizeof d2, name1, d2.d_namlen) &&
	                         d2.d_next == d1.d_next);
	TE("readdir tiny", __wasi_fd_readdir(fd, buf, 10, 0, &used), 0);
	TB("truncated to buffer", used == 10);
	TE("readdir no right", __wasi_fd_readdir(1, buf, sizeof buf, 0, &used),
	   __WASI_ERRNO_NOTCAPABLE);
	/* libc's readdir on top. */
	DIR *dir = opendir("/many");
	int n = 0;
	while (dir && readdir(dir))
		n++;
	TB("libc readdir", dir && n == 1002);
	return t_failed;
}
