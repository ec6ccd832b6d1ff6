/* fstimes.c - file times on an in-memory mount (--tmpfs /t) under
 * --deterministic: every time the filesystem records is the fixed epoch
 * (2000-01-01), so the output is fstimes.out on every run. */
#include <stdio.h>
#include <sys/stat.h>

static void show(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		return;
	}
	printf("%s: atime %lld.%09ld mtime %lld.%09ld ctime %lld.%09ld\n",
	       path, (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	       (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

int main(void)
{
	FILE *f = fopen("/t/a.txt", "w");
	if (!f || fputs("data\n", f) < 0 || fclose(f) != 0) {
		perror("/t/a.txt");
		return 1;
	}
	if (mkdir("/t/d", 0755) != 0) {
		perror("/t/d");
		return 1;
	}
	show("/t/a.txt");
	show("/t/d");
	show("/t");
	return 0;
}
