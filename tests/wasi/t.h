/*
 * t.h - helpers for the WASI test programs (compiled to wasm32-wasi). Each
 * check prints "ok LABEL" or "FAIL LABEL: ..." so the expected output is a
 * list of ok lines; raw imports reach calls the libc hides.
 */
#ifndef T_H
#define T_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const char *const t_errnames[] = {"success",
                                         "2big",
                                         "acces",
                                         "addrinuse",
                                         "addrnotavail",
                                         "afnosupport",
                                         "again",
                                         "already",
                                         "badf",
                                         "badmsg",
                                         "busy",
                                         "canceled",
                                         "child",
                                         "connaborted",
                                         "connrefused",
                                         "connreset",
                                         "deadlk",
                                         "destaddrreq",
                                         "dom",
                                         "dquot",
                                         "exist",
                                         "fault",
                                         "fbig",
                                         "hostunreach",
                                         "idrm",
                                         "ilseq",
                                         "inprogress",
                                         "intr",
                                         "inval",
                                         "io",
                                         "isconn",
                                         "isdir",
                                         "loop",
                                         "mfile",
                                         "mlink",
                                         "msgsize",
                                         "multihop",
                                         "nametoolong",
                                         "netdown",
                                         "netreset",
                                         "netunreach",
                                         "nfile",
                                         "nobufs",
                                         "nodev",
                                         "noent",
                                         "noexec",
                                         "nolck",
                                         "nolink",
                                         "nomem",
                                         "nomsg",
                                         "noprotoopt",
                                         "nospc",
                                         "nosys",
                                         "notconn",
                                         "notdir",
                                         "notempty",
                                         "notrecoverable",
                                         "notsock",
                                         "notsup",
                                         "notty",
                                         "nxio",
                                         "overflow",
                                         "ownerdead",
                                         "perm",
                                         "pipe",
                                         "proto",
                                         "protonosupport",
                                         "prototype",
                                         "range",
                                         "rofs",
                                         "spipe",
                                         "srch",
                                         "stale",
                                         "timedout",
                                         "txtbsy",
                                         "xdev",
                                         "notcapable"};

static inline const char *ename(int e)
{
	if (e >= 0 && e < (int)(sizeof t_errnames / sizeof *t_errnames))
		return t_errnames[e];
	return "?";
}

static int t_failed;

/* An errno check: got must equal want. */
#define TE(label, got, want)                                                   \
	do {                                                                   \
		int g_ = (int)(got), w_ = (int)(want);                         \
		if (g_ == w_)                                                  \
			printf("ok %s\n", label);                              \
		else {                                                         \
			printf("FAIL %s: got %s, want %s\n", label, ename(g_), \
			       ename(w_));                                     \
			t_failed = 1;                                          \
		}                                                              \
	} while (0)

/* A boolean check. */
#define TB(label, cond)                                                        \
	do {                                                                   \
		if (cond)                                                      \
			printf("ok %s\n", label);                              \
		else {                                                         \
			printf("FAIL %s: %s\n", label, #cond);                 \
			t_failed = 1;                                          \
		}                                                              \
	} while (0)

#define WASI_IMPORT(name)                                                      \
	__attribute__((import_module("wasi_snapshot_preview1"),                \
	               import_name(#name)))

/* Raw forms taking explicit lengths, so paths may hold a NUL byte. */
WASI_IMPORT(path_open)
int raw_path_open(int fd, int dirflags, const char *path, size_t len,
                  int oflags, uint64_t base, uint64_t inh, int fdflags,
                  int *out);
WASI_IMPORT(path_filestat_get)
int raw_path_filestat_get(int fd, int flags, const char *path, size_t len,
                          void *out);
WASI_IMPORT(proc_raise)
int raw_proc_raise(int sig);

/* Opens `path` beneath dir fd `dir` through the raw call. */
static inline int t_open(int dir, const char *path, int follow, int oflags,
                         uint64_t rights, int *fd)
{
	return raw_path_open(dir,
	                     follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
	                     path, strlen(path), oflags, rights, rights, 0, fd);
}

static inline void t_close(int fd)
{
	if (__wasi_fd_close(fd) != 0)
		printf("close %d failed\n", fd);
}

#define R_READ                                                                 \
	(__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK |                       \
	 __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET |               \
	 __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN)
#define R_ALL ((uint64_t)0x3fffffff)
/* Everything but the rights that make path_open open for writing, which
 * a directory refuses (EISDIR). */
#define R_DIR                                                                  \
	(R_ALL &                                                               \
	 ~(uint64_t)(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC |      \
	             __WASI_RIGHTS_FD_ALLOCATE |                               \
	             __WASI_RIGHTS_FD_FILESTAT_SET_SIZE))

#endif
