/* Escape attempts from the preopen (fd 3 = ROOT). The runner builds:
 *   ROOT/data.txt, ROOT/sub/inner.txt, ../secret.txt (outside ROOT),
 *   out_rel -> ../secret.txt, out_abs -> /etc/passwd, in_rel ->
 *   sub/inner.txt, chain1 -> chain2 -> sub/../data.txt, chain_out1 ->
 *   chain_out2 -> sub/../../secret.txt, loop1 <-> loop2, dirlink -> sub,
 *   outdir -> .., sub/up -> .., sub/upup -> ../.. */
#include <stdlib.h>
#include "t.h"

static int try_open(const char *path, int follow)
{
	int fd;
	int e = t_open(3, path, follow, 0, R_READ, &fd);
	if (e == 0)
		t_close(fd);
	return e;
}

int main(void)
{
	const int NC = __WASI_ERRNO_NOTCAPABLE;
	TE("dotdot", try_open("../secret.txt", 1), NC);
	TE("absolute", try_open("/etc/passwd", 1), NC);
	TE("interior dotdot out", try_open("sub/../../secret.txt", 1), NC);
	TE("deep dotdot out", try_open("sub/../sub/../../secret.txt", 1), NC);
	TE("interior dotdot in", try_open("sub/../data.txt", 1), 0);
	TE("dot segments", try_open("./sub/./../data.txt", 1), 0);
	TE("symlink rel out", try_open("out_rel", 1), NC);
	TE("symlink abs out", try_open("out_abs", 1), NC);
	TE("symlink out nofollow", try_open("out_rel", 0), __WASI_ERRNO_LOOP);
	TE("symlink in", try_open("in_rel", 1), 0);
	TE("symlink chain in", try_open("chain1", 1), 0);
	TE("symlink chain out", try_open("chain_out1", 1), NC);
	TE("symlink loop", try_open("loop1", 1), __WASI_ERRNO_LOOP);
	TE("dir symlink in", try_open("dirlink/inner.txt", 0), 0);
	TE("dir symlink out", try_open("outdir/secret.txt", 0), NC);
	TE("nested symlink up in", try_open("sub/up/data.txt", 0), 0);
	TE("nested symlink up out", try_open("sub/upup/secret.txt", 0), NC);
	TE("dir triple slash", try_open("sub///", 0), 0);
	TE("file trailing slash", try_open("data.txt/", 1),
	   __WASI_ERRNO_NOTDIR);
	TE("empty path", try_open("", 1), __WASI_ERRNO_NOENT);
	int fd;
	TE("nul in path",
	   raw_path_open(3, 0, "data.txt\0x", 10, 0, R_READ, R_READ, 0, &fd),
	   __WASI_ERRNO_INVAL);
	__wasi_filestat_t st;
	TE("nul in stat path", raw_path_filestat_get(3, 0, "sub\0", 4, &st),
	   __WASI_ERRNO_INVAL);
	TE("stat link itself", __wasi_path_filestat_get(3, 0, "out_rel", &st),
	   0);
	TE("stat through link out",
	   __wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
	                            "out_rel", &st),
	   NC);
	TE("mkdir out", __wasi_path_create_directory(3, "../escape"), NC);
	TE("mkdir abs", __wasi_path_create_directory(3, "/tmp/escape"), NC);
	TE("create via symlink dir",
	   t_open(3, "outdir/new.txt", 0, __WASI_OFLAGS_CREAT, R_ALL, &fd), NC);
	TE("symlink abs target", __wasi_path_symlink("/etc/passwd", 3, "abs"),
	   NC);
	TE("symlink name out", __wasi_path_symlink("data.txt", 3, "../x"), NC);
	TE("rename out", __wasi_path_rename(3, "data.txt", 3, "../stolen"), NC);
	TE("link out", __wasi_path_link(3, 0, "data.txt", 3, "../stolen"), NC);
	TE("link from out",
	   __wasi_path_link(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "out_rel", 3,
	                    "stolen"),
	   NC);
	TE("unlink out", __wasi_path_unlink_file(3, "../secret.txt"), NC);
	TE("readlink out",
	   __wasi_path_readlink(3, "../x", (uint8_t *)&st, 8, (size_t *)&fd),
	   NC);
	/* Links the guest makes itself are held to the same rules. */
	TE("make escaping link", __wasi_path_symlink("../secret.txt", 3, "esc"),
	   0);
	TE("follow own escaping link", try_open("esc", 1), NC);
	TE("make dir link out", __wasi_path_symlink("sub/../..", 3, "escdir"),
	   0);
	TE("through own dir link", try_open("escdir/secret.txt", 0), NC);
	/* A chain of 40 links (no loop) is past the hop limit; 20 is fine. */
	char name[16], target[16];
	int made = 1;
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof name, "c%d", i);
		snprintf(target, sizeof target, i == 39 ? "data.txt" : "c%d",
		         i + 1);
		made &= __wasi_path_symlink(target, 3, name) == 0;
	}
	TB("made chain", made);
	TE("long chain", try_open("c0", 1), __WASI_ERRNO_LOOP);
	TE("shorter chain", try_open("c20", 1), 0);
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	TE("name too long", try_open(longname, 0), __WASI_ERRNO_NAMETOOLONG);
	/* A directory fd is a capability of its own: no way above it. */
	int sub;
	TE("open sub",
	   t_open(3, "sub", 0, __WASI_OFLAGS_DIRECTORY, R_DIR, &sub), 0);
	int in;
	TE("sub relative", t_open(sub, "inner.txt", 0, 0, R_READ, &in), 0);
	TE("sub dotdot", t_open(sub, "../data.txt", 0, 0, R_READ, &in), NC);
	TE("sub up link", t_open(sub, "up/data.txt", 0, 0, R_READ, &in), NC);
	/* Through libc: the secret stays unread. */
	FILE *f = fopen("../secret.txt", "r");
	TB("fopen dotdot fails", f == NULL);
	f = fopen("/out_rel", "r");
	TB("fopen symlink out fails", f == NULL);
	f = fopen("/sub/../data.txt", "r");
	char line[32] = {0};
	TB("fopen interior dotdot", f && fgets(line, sizeof line, f) &&
	                                strcmp(line, "hello world\n") == 0);
	return t_failed;
}
