/*
 * wasi.h - internals shared by the WASI preview1 implementation: the
 * context behind wexec_wasi, its fd table, the per-call view of guest
 * memory and the sandboxed path resolver. Written against the public
 * headers (wexec.h, wexec_wasi.h) only.
 */
#ifndef WX_WASI_H
#define WX_WASI_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "wexec_wasi.h"

/* What a guest fd stands for. */
typedef enum wasi_fdkind {
	WASI_FD_FREE = 0,
	WASI_FD_HOST,   /* a host fd: file, directory, tty, pipe */
	WASI_FD_SOCKET, /* a host socket (listening or accepted) */
	WASI_FD_BUFIN,  /* stdin from the config's buffer */
	WASI_FD_BUFOUT, /* stdout/stderr captured into a buffer, or given
	                   to the config's output callback */
	WASI_FD_NULL,   /* empty stdin / discarded output */
	WASI_FD_FS,     /* a file or directory of an embedder's filesystem */
} wasi_fdkind;

/* A filesystem the guest's paths are resolved in: the host's (handles
 * are host fds, wasi_host_mount) or an embedder's (wexec_wasi_fs). Path
 * resolution and the path_* calls go through `ops` for both. */
typedef struct wasi_mount {
	wexec_wasi_fs ops; /* every callback set but perhaps readlink:
	                      missing ones answer ENOTSUP */
	void *fs;          /* the ops' first argument */
	bool host;         /* handles are host fds (WASI_FD_HOST entries) */
	struct wasi_mount *next; /* the context's list, freed with it */
} wasi_mount;

extern const wasi_mount wasi_host_mount;

/* A callback's result (0 or a host errno) as the guest's errno. */
static inline wasi_errno wasi_fs_errno(int r)
{
	return r ? wasi_errno_from_host(r) : WASI_ESUCCESS;
}

typedef struct wasi_buf {
	uint8_t *data;
	size_t len, cap;
} wasi_buf;

typedef struct wasi_fd {
	wasi_fdkind kind;
	int host;   /* host fd, or -1 */
	bool owned; /* close `host` when the entry closes */
	bool pipe;  /* a FIFO or socket: writes may raise SIGPIPE */
	uint8_t filetype;
	uint16_t flags; /* fdflags kept here, not on the host: sync modes
	                   (fixed at open on Linux) and every flag of
	                   inherited stdio and buffers */
	uint64_t base, inheriting; /* rights */
	char *preopen;             /* guest name of a preopen, else NULL */
	DIR *dir;                  /* fd_readdir stream, opened lazily */
	wasi_buf *out;             /* WASI_FD_BUFOUT: the capture buffer,
	                              NULL when the callback takes it */
	int stream;                /* WASI_FD_BUFOUT: 1 stdout, 2 stderr */
	/* Directories (host or not) and WASI_FD_FS files: the filesystem
	 * and the handle in it (for a host directory, its host fd). */
	const wasi_mount *mount;
	uint64_t handle;
	uint64_t pos; /* WASI_FD_FS files: the file position */
} wasi_fd;

struct wexec_wasi {
	char **argv;
	size_t argc;
	char **env;
	size_t envc;
	wasi_fd *fds;
	uint32_t nfds;
	uint8_t *stdin_data;
	size_t stdin_len, stdin_pos;
	wasi_buf out, errout;
	wasi_mount *mounts; /* the embedders' filesystems, one per preopen */
	wexec_wasi_output_fn output; /* WEXEC_WASI_STDIO_CALLBACK */
	void *output_user;
	struct wasi_binding *bindings; /* one per function, `user` of each */
	/* The last caller and its exported memory: the export lookup is
	 * by name, so it is done once per instance, not once per call. The
	 * handle stays valid (growing moves only its data). */
	const wexec_instance *mem_owner;
	wexec_memory *mem;
	bool exited; /* proc_exit ran: exit_code is the program's */
	int exit_code;
	wexec_wasi_trace_fn trace; /* NULL: no tracing (trace.c) */
	void *trace_user;
	/* Deterministic mode (config->deterministic): the virtual clock,
	 * in ns since its start, and the random generator's state. */
	bool deterministic;
	uint64_t vclock;
	uint64_t rng[4];
};

/* One host call: the context and the caller's memory, fetched afresh per
 * call because any wasm code may have grown (moved) it. */
typedef struct wasi_call {
	wexec_wasi *wasi;
	uint8_t *mem;
	uint64_t mem_size;
	wexec_error *err;
	wexec_status status; /* set by proc_exit/proc_raise to end the run */
} wasi_call;

/* The one bounds-checked access to guest memory: a pointer to `len` bytes
 * at guest address `addr`, or NULL when any of them lies outside memory
 * (the caller returns EFAULT). 64-bit arithmetic: no wraparound. */
static inline uint8_t *wasi_mem(const wasi_call *c, uint64_t addr, uint64_t len)
{
	if (!c->mem || addr > c->mem_size || len > c->mem_size - addr)
		return NULL; /* no memory exported, or out of it */
	return c->mem + addr;
}

static inline void wasi_put_u8(uint8_t *p, uint8_t v)
{
	p[0] = v;
}
static inline void wasi_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void wasi_put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wasi_put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t wasi_get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t wasi_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static inline uint64_t wasi_get_u64(const uint8_t *p)
{
	return (uint64_t)wasi_get_u32(p) | (uint64_t)wasi_get_u32(p + 4) << 32;
}

/* Stores a u32/u64 result at a guest address: EFAULT when out of range. */
wasi_errno wasi_store_u32(wasi_call *c, uint32_t addr, uint32_t v);
wasi_errno wasi_store_u64(wasi_call *c, uint32_t addr, uint64_t v);

/* ---- fd table (fdtable.c) */

/* The entry for guest fd `fd` holding every right in `need`: EBADF when
 * closed or out of range, ENOTCAPABLE when a right is missing. */
wasi_errno wasi_fd_get(wexec_wasi *w, uint32_t fd, uint64_t need,
                       wasi_fd **out);
/* Places `entry` in the lowest free slot; *out gets its number. On
 * failure the entry's resources are released. */
wasi_errno wasi_fd_add(wexec_wasi *w, const wasi_fd *entry, uint32_t *out);
/* wasi_fd_add, then the new fd's number stored at guest address `addr`
 * (the result of path_open and sock_accept); when that store fails
 * (EFAULT) the new entry is released again. */
wasi_errno wasi_fd_add_result(wasi_call *c, const wasi_fd *entry,
                              uint32_t addr);
/* Releases an entry's host resources and marks it free. */
void wasi_fd_release(wasi_fd *entry);
/* Moves *from into *to, releasing what *to held; *from is then free
 * (fd_renumber). Nothing happens when both are the same entry. */
void wasi_fd_move(wasi_fd *to, wasi_fd *from);
/* Filetype of a host fd per fstat. */
uint8_t wasi_filetype_of_mode(unsigned mode);
/* Appends to a capture buffer: ENOMEM on allocation failure. */
wasi_errno wasi_buf_append(wasi_buf *b, const void *data, size_t len);

/* ---- sandboxed path resolution (path.c) */

/* A resolved path: the directory holding the final component (a handle
 * the resolver opened, or the starting one itself) and the component's
 * name, in `mount`. */
typedef struct wasi_path {
	const wasi_mount *mount;
	uint64_t dir;
	bool own_dir;
	char name[256];
	bool must_dir; /* the path ended in '/' */
} wasi_path;

/* Copies the guest path (addr, len) out of memory into a NUL-terminated
 * host string *out (malloc'd): EFAULT, EINVAL (contains NUL), ENOMEM. */
wasi_errno wasi_path_copy(wasi_call *c, uint32_t addr, uint32_t len,
                          char **out);
/* What becomes of a symlink named by the final component. The host's
 * rule: calls that look a file up follow "link/" even when asked not to
 * follow, calls that make, remove or rename a name never do (unlink,
 * rmdir, rename of "link/" are ENOTDIR; mkdir of it is EEXIST). */
typedef enum wasi_final {
	WASI_FINAL_NOFOLLOW, /* the link itself, its target if "link/" */
	WASI_FINAL_FOLLOW,   /* the link's target */
	WASI_FINAL_NAME,     /* the link itself, even written "link/" */
} wasi_final;

/* Resolves `path` beneath the directory `root` of mount `m` (never above
 * it): every component opened with WEXEC_WASI_OPEN_PATH (no link
 * followed), symlinks expanded here while they stay inside, the final one
 * as `final` says. */
wasi_errno wasi_path_resolve(const wasi_mount *m, uint64_t root,
                             const char *path, wasi_final final,
                             wasi_path *out);
void wasi_path_done(wasi_path *p);

/* ---- shared encoders (pathops.c) */

struct stat;
struct timespec;
/* Encodes a filestat at guest address addr. */
wasi_errno wasi_put_filestat(wasi_call *c, uint32_t addr,
                             const wexec_wasi_filestat *st);
/* A host stat as the filestat the guest sees (hostfs.c). */
void wasi_filestat_of_host(const struct stat *st, wexec_wasi_filestat *out);
/* Fills the callbacks an embedder left NULL (hostfs.c), all but
 * readlink, which wasi_mount_readlink stands in for. */
void wasi_mount_fill(wexec_wasi_fs *ops);
/* The mount's readlink, or for a filesystem without one (and so without
 * symlinks) EINVAL for every name that exists. */
int wasi_mount_readlink(const wasi_mount *m, uint64_t dir, const char *name,
                        char *buf, size_t cap, size_t *len);
/* fstflags and times to the host's utimensat pair: EINVAL for a time
 * given both explicitly and as "now". */
wasi_errno wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst,
                      struct timespec ts[2]);

/* ---- the function families, each defining its table part */

/* A function's body: arguments already type-checked by the engine; returns
 * the guest's errno. */
typedef wasi_errno (*wasi_impl)(wasi_call *c, const wexec_val *args);

/* Argument i of a body as the unsigned value the ABI means (addresses,
 * lengths, flags and rights are all unsigned in witx). */
#define ARG32(i) ((uint32_t)args[i].of.i32)
#define ARG64(i) ((uint64_t)args[i].of.i64)

typedef struct wasi_func {
	const char *name;
	const char *params; /* one letter per parameter: 'i' i32, 'I' i64 */
	bool returns_errno; /* false only for proc_exit */
	wasi_impl impl;
	/* How --trace shows the arguments: one letter per argument or
	 * group of arguments, listed in trace.c; NULL prints them raw. */
	const char *trace;
} wasi_func;

struct wasi_binding {
	wexec_wasi *wasi;
	const wasi_func *func;
};

extern const wasi_func wasi_funcs_misc[]; /* args, environ, clock, random,
                                             poll, proc, sched (misc.c) */
extern const wasi_func wasi_funcs_fd[];   /* fd_* (fd.c) */
extern const wasi_func wasi_funcs_path[]; /* path_* (pathops.c) */
extern const wasi_func wasi_funcs_sock[]; /* sock_* (sock.c) */
/* Each table ends with an entry whose name is NULL. */

/* ---- tracing (trace.c) and determinism (prng.c, misc.c) */

/* Formats the call just made (its arguments, and errno e or its
 * results) and hands the line to the context's trace function. */
void wasi_trace_call(const wasi_call *c, const wasi_func *f,
                     const wexec_val *args, wasi_errno e);
/* How many wasm arguments a row's trace string describes (a test holds
 * each row's to its parameters). */
size_t wasi_trace_arity(const char *trace);

/* xoshiro256** seeded through splitmix64: the random_get of
 * deterministic mode. */
void wasi_prng_seed(uint64_t state[4], uint64_t seed);
uint64_t wasi_prng_next(uint64_t state[4]);
/* Fills len bytes with successive outputs, little-endian; the unused
 * bytes of the last output are dropped. */
void wasi_prng_fill(uint64_t state[4], uint8_t *p, size_t len);

/* Reads the iovec array into host iovecs (at most IOV_MAX; the rest is
 * left for a later call, a legal short transfer). */
struct iovec;
wasi_errno wasi_iovecs(wasi_call *c, uint32_t iovs, uint32_t n,
                       struct iovec **out, int *count);
/* Reads (write false) or writes the guest's iovec array at iovs (n
 * entries) from or to entry f and stores the byte count at guest address
 * `result`: the body of fd_read, fd_write and sock_send. */
wasi_errno wasi_transfer(wasi_call *c, wasi_fd *f, uint32_t iovs, uint32_t n,
                         uint32_t result, bool write);
/* One directory entry encoded into `room` bytes at dst, truncated as the
 * spec asks of the last one: the bytes used. */
size_t wasi_put_dirent(uint8_t *dst, size_t room, uint64_t next, uint64_t ino,
                       const char *name, uint8_t type);

/* ---- fd_* on WASI_FD_FS entries (fsfd.c): each the body of its fd_*
 * call once the entry and its rights are checked. */
wasi_errno wasi_fs_transfer(wasi_fd *f, struct iovec *iov, int n,
                            size_t *done, bool write);
wasi_errno wasi_fs_transfer_at(wasi_fd *f, struct iovec *iov, int n,
                               uint64_t offset, size_t *done, bool write);
wasi_errno wasi_fs_seek(wasi_fd *f, int64_t offset, uint32_t whence,
                        uint64_t *out);
wasi_errno wasi_fs_stat(const wasi_fd *f, wexec_wasi_filestat *out);
wasi_errno wasi_fs_set_size(wasi_fd *f, uint64_t size);
wasi_errno wasi_fs_allocate(wasi_fd *f, uint64_t offset, uint64_t len);
wasi_errno wasi_fs_set_times(wasi_fd *f, uint64_t atim, uint64_t mtim,
                             uint32_t fst);
wasi_errno wasi_fs_readdir(wasi_fd *f, uint8_t *buf, size_t len,
                           uint64_t cookie, size_t *used);

#endif /* WX_WASI_H */
