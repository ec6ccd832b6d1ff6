/* Two empty in-memory directories (--tmpfs / --tmpfs /other, fds 3 and
 * 4): files and directories made, written, listed and read back through
 * libc, the sandbox's rules on them, and no link or rename from one
 * mount to the other (EXDEV, as between two host filesystems). */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"

static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;
	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

int main(void)
{
	char prestat[16] = {0};
	TE("second mount", __wasi_fd_prestat_dir_name(4, (uint8_t *)prestat, 6),
	   0);
	TB("second mount name", !strcmp(prestat, "/other"));
	TB("starts empty", count_entries("/") == 2);
	FILE *f = fopen("/notes.txt", "w");
	TB("create", f != NULL);
	TB("write", f && fputs("in memory\n", f) >= 0 && fclose(f) == 0);
	TB("mkdir", mkdir("/d", 0777) == 0);
	TB("mkdir nested", mkdir("/d/e", 0777) == 0);
	TB("listed", count_entries("/") == 4 && count_entries("/d") == 3);
	char line[32] = {0};
	f = fopen("/notes.txt", "r");
	TB("read back",
	   f && fgets(line, sizeof line, f) && !strcmp(line, "in memory\n"));
	if (f)
		fclose(f);
	struct stat st;
	TB("stat", stat("/notes.txt", &st) == 0 && st.st_size == 10 &&
	               S_ISREG(st.st_mode));
	TB("rename within", rename("/notes.txt", "/d/e/notes.txt") == 0);
	TE("rename across", __wasi_path_rename(3, "d/e/notes.txt", 4, "n"),
	   __WASI_ERRNO_XDEV);
	TE("link across", __wasi_path_link(3, 0, "d/e/notes.txt", 4, "n"),
	   __WASI_ERRNO_XDEV);
	TE("escape", __wasi_path_create_directory(3, "d/../../x"),
	   __WASI_ERRNO_NOTCAPABLE);
	TE("symlink out", __wasi_path_symlink("../..", 3, "up"), 0);
	int fd;
	TE("through it", t_open(3, "up/x", 0, 0, R_READ, &fd),
	   __WASI_ERRNO_NOTCAPABLE);
	TB("other still empty", count_entries("/other") == 2);
	f = fopen("/other/o.txt", "w");
	TB("create in other", f && fclose(f) == 0);
	TB("other has it", count_entries("/other") == 3);
	TB("unlink", unlink("/d/e/notes.txt") == 0);
	TB("rmdir", rmdir("/d/e") == 0 && rmdir("/d") == 0);
	return t_failed;
}
