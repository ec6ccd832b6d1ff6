/*
 * wexec_wasi.h - WASI preview1 for libwexec: a context that gives one
 * program its arguments, environment, files and sockets, defines the
 * wasi_snapshot_preview1 imports in a wexec_linker, and runs a command or
 * a reactor. Built on wexec.h, which it includes; the engine itself knows
 * nothing of WASI.
 */
#ifndef WEXEC_WASI_H
#define WEXEC_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wexec.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A WASI context holds everything one program sees of the host: its
 * arguments, environment, file descriptors (stdio, preopened directories,
 * listening sockets) and captured output. It is independent of any store:
 * wexec_wasi_link() defines the 46 wasi_snapshot_preview1 functions in a
 * linker, and those functions reach the calling instance's exported
 * "memory". One context serves one program at a time (one thread).
 *
 * File descriptors the guest sees, in order: 0, 1, 2 = stdio; then one per
 * preopen (3, 4, ...), in config order; then one per listening socket.
 * A guest sees only its preopened directories: every path is resolved
 * component by component inside its preopen; absolute paths, `..` above the
 * preopen and symlinks leading out fail with ENOTCAPABLE.
 *
 * Blocking calls (fd_read on a pipe or socket, poll_oneoff, sock_accept)
 * block the host thread; wexec_store_interrupt() takes effect when they
 * return. The guest's fdflags on inherited stdio are kept by the context,
 * never applied to the host fds, which the host process shares.
 */
typedef struct wexec_wasi wexec_wasi;

/* Where stdin comes from / stdout and stderr go. */
typedef enum wexec_wasi_stdio {
	/* stdin reads host fd 0; stdout/stderr write through to host fds 1
	 * and 2 (every write completes before the guest call returns, so
	 * nothing is left to flush on exit or trap). */
	WEXEC_WASI_STDIO_INHERIT = 0,
	/* stdin reads config->stdin_data; stdout/stderr are captured into
	 * growable buffers read with wexec_wasi_stdout()/wexec_wasi_stderr(). */
	WEXEC_WASI_STDIO_BUFFER,
	/* stdin is empty (reads return 0 bytes); output is discarded. */
	WEXEC_WASI_STDIO_NULL,
	/* stdout/stderr only: every write goes to config->output as it
	 * happens (see wexec_wasi_output_fn); nothing is kept. */
	WEXEC_WASI_STDIO_CALLBACK,
} wexec_wasi_stdio;

/* Receives the guest's output in WEXEC_WASI_STDIO_CALLBACK mode, during
 * its fd_write (or sock_send) call: `fd` is 1 for stdout, 2 for stderr
 * (also after the guest renumbered them), `data` holds `len` > 0 bytes
 * borrowed for the duration of the call. One guest write may arrive in
 * several calls, one per buffer it gave. Return true when the bytes were
 * taken; false fails the guest's write with EIO (bytes taken earlier in
 * the same write still count, as a short write). The callback runs on the
 * thread running the guest; it must not call into the store's wasm code
 * (the rest of the write still points into the guest's memory), nor free
 * the WASI context or the store. */
typedef bool (*wexec_wasi_output_fn)(void *user, int fd, const uint8_t *data,
                                     size_t len);

/* Receives one line per WASI call the guest makes when config->trace is
 * set, as `wexec --trace` prints them (strace's form): the function, its
 * decoded arguments, and ` = ` with the result or the errno's name:
 *
 *   path_open(3, "data/x.txt", oflags=CREAT|TRUNC, rights=0x..., ...) = 5
 *   path_open(3, "missing", rights=0x2, inheriting=0x0) = ENOENT
 *   fd_write(1, [12 bytes]) = 12
 *   proc_exit(0)
 *
 * The result is the call's main output when it has one (the byte count
 * of a read or write, a new fd, an offset, a time, the number of
 * events), else 0. Guest memory is read through the bounds checks of the
 * call itself: an argument that points outside it shows as `<bad
 * pointer>`. A call that ends the program (proc_exit, a proc_raise of a
 * terminating signal) has no result. `line` is NUL-terminated, has no
 * newline, is shorter than WEXEC_WASI_TRACE_MAX bytes (a longer one is
 * cut and ends in "...") and is borrowed for the duration of the
 * callback. It is called once the function has run, so a blocking call
 * shows when it returns. It runs on the thread running the guest and must not call into the
 * store's wasm code nor free the context or the store. */
typedef void (*wexec_wasi_trace_fn)(void *user, const char *line);

#define WEXEC_WASI_TRACE_MAX 1024

/* Deterministic mode (config->deterministic): the clocks are virtual.
 * Every clock reads one counter of nanoseconds that starts at 0 and
 * advances by WEXEC_WASI_DETERMINISTIC_STEP_NS (1 ms) after each
 * clock_time_get, of any clock: the realtime clock reads
 * WEXEC_WASI_DETERMINISTIC_EPOCH_NS (2000-01-01T00:00:00Z) plus the
 * counter, the monotonic and CPU-time clocks the counter itself, so the
 * first read of the realtime clock is the epoch exactly. clock_res_get
 * answers the step. A poll_oneoff whose clock subscriptions are not yet
 * due and whose fd subscriptions are not ready at once does not sleep:
 * the counter jumps to the earliest deadline and those subscriptions
 * fire. random_get returns the bytes of a xoshiro256** generator seeded
 * from config->seed (through splitmix64), 8 bytes per output word, little
 * endian, the rest of the last word discarded, so one seed gives one
 * stream. What stays the host's, and so is an input to the run: files'
 * contents, sizes, times, inode and device numbers as the guest reads
 * them, the order of directory entries, and when data arrives on a pipe,
 * a terminal or a socket (a read, or a poll that finds it ready, is as
 * short or as early as the host makes it). */
#define WEXEC_WASI_DETERMINISTIC_EPOCH_NS 946684800000000000ull
#define WEXEC_WASI_DETERMINISTIC_STEP_NS  1000000ull

/*
 * Filesystems the embedder provides (docs/filesystems.md). A preopen is a
 * host directory or a filesystem: a table of callbacks and an opaque
 * pointer passed back to each. The guest's paths are resolved by WASI
 * itself, component by component, through `open` and `readlink`, the
 * same walk that serves host directories: `..` above the preopen,
 * absolute paths and links leading out are ENOTCAPABLE before the
 * filesystem sees anything. The callbacks therefore only ever see one
 * name inside one directory, as the *at system calls do: never a '/',
 * never "..", and "." for the directory itself. They never follow a
 * symlink the name ends in.
 *
 * Objects are named by handles, uint64_t values of the filesystem's
 * choosing: `root` gives the preopen's, `open` the others, `close` ends
 * them (once each). A handle stays valid after its name is unlinked or
 * renamed, as an open file does.
 *
 * Every callback returns 0 or a positive errno of <errno.h> (ENOENT,
 * EEXIST, ENOTDIR, ...), which WASI turns into the guest's errno as it
 * does the host's: answer as Linux's *at calls would, and a guest cannot
 * tell the filesystem from a host directory. root, open, close and stat
 * are required. Without readlink the filesystem has no symlinks (every
 * name is "not a link", EINVAL); any other callback left NULL answers
 * ENOTSUP.
 */

/* WASI's filetypes, as wexec_wasi_filestat.filetype holds them. */
enum {
	WEXEC_WASI_FILETYPE_UNKNOWN = 0,
	WEXEC_WASI_FILETYPE_BLOCK_DEVICE = 1,
	WEXEC_WASI_FILETYPE_CHARACTER_DEVICE = 2,
	WEXEC_WASI_FILETYPE_DIRECTORY = 3,
	WEXEC_WASI_FILETYPE_REGULAR_FILE = 4,
	WEXEC_WASI_FILETYPE_SOCKET_DGRAM = 5,
	WEXEC_WASI_FILETYPE_SOCKET_STREAM = 6,
	WEXEC_WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

/* What `open` is asked for (any combination). */
enum {
	WEXEC_WASI_OPEN_READ = 1,       /* the handle will be read */
	WEXEC_WASI_OPEN_WRITE = 2,      /* written: a directory is EISDIR */
	WEXEC_WASI_OPEN_CREAT = 4,      /* create a missing file */
	WEXEC_WASI_OPEN_EXCL = 8,       /* with CREAT: EEXIST if it exists */
	WEXEC_WASI_OPEN_TRUNC = 16,     /* empty the file */
	WEXEC_WASI_OPEN_DIRECTORY = 32, /* must be a directory: ENOTDIR */
	/* A directory to look names up in, nothing more: how the resolver
	 * walks (always with DIRECTORY, never with the others). */
	WEXEC_WASI_OPEN_PATH = 64,
};

/* set_times: which times to set, WASI's fstflags. */
enum {
	WEXEC_WASI_TIME_ATIM = 1,     /* atim as given */
	WEXEC_WASI_TIME_ATIM_NOW = 2, /* atim to the current time */
	WEXEC_WASI_TIME_MTIM = 4,
	WEXEC_WASI_TIME_MTIM_NOW = 8,
};

typedef struct wexec_wasi_filestat {
	uint64_t dev, ino;
	uint8_t filetype; /* WEXEC_WASI_FILETYPE_* */
	uint64_t nlink;
	uint64_t size;             /* bytes; a symlink's target length */
	uint64_t atim, mtim, ctim; /* ns since the epoch */
} wexec_wasi_filestat;

typedef struct wexec_wasi_dirent {
	uint64_t next; /* the cookie that resumes after this entry */
	uint64_t ino;
	uint8_t filetype;
	char name[256]; /* NUL-terminated; "" at the end of the directory */
} wexec_wasi_dirent;

typedef struct wexec_wasi_fs {
	/* sizeof(wexec_wasi_fs) as the caller compiled it (0 means this
	 * header's); callbacks added later are NULL for a smaller one. */
	size_t size;
	/* The preopen's directory. */
	int (*root)(void *fs, uint64_t *out);
	/* Opens `name` in directory `dir` (WEXEC_WASI_OPEN_* flags; the
	 * guest's fdflags, WASI's, as a hint). A symlink is not followed:
	 * ELOOP, or ENOTDIR with DIRECTORY. */
	int (*open)(void *fs, uint64_t dir, const char *name, uint32_t oflags,
	            uint32_t fdflags, uint64_t *out);
	void (*close)(void *fs, uint64_t handle);
	/* The metadata of `name` in `dir` (a symlink itself), or of `dir`
	 * itself when name is NULL. */
	int (*stat)(void *fs, uint64_t dir, const char *name,
	            wexec_wasi_filestat *out);
	/* A symlink's target: up to `cap` bytes into buf, its length in
	 * *len (at least `cap` when it did not fit). EINVAL when `name` is
	 * not a symlink. Optional: NULL means there are none. */
	int (*readlink)(void *fs, uint64_t dir, const char *name, char *buf,
	                size_t cap, size_t *len);
	/* At an offset; the guest's file position is kept by WASI. A read
	 * at or past the end gives *n = 0. EISDIR on a directory. */
	int (*read)(void *fs, uint64_t file, uint64_t offset, uint8_t *buf,
	            size_t len, size_t *n);
	int (*write)(void *fs, uint64_t file, uint64_t offset,
	             const uint8_t *buf, size_t len, size_t *n);
	int (*set_size)(void *fs, uint64_t file, uint64_t size);
	/* Of `name` in `dir` (not following a symlink), or of `dir` itself
	 * when name is NULL; `which` says which times (WEXEC_WASI_TIME_*). */
	int (*set_times)(void *fs, uint64_t dir, const char *name,
	                 uint64_t atim, uint64_t mtim, uint32_t which);
	/* The entry at `cookie` (0: the first) of directory `dir`, "." and
	 * ".." included; out->name "" past the last one. */
	int (*readdir)(void *fs, uint64_t dir, uint64_t cookie,
	               wexec_wasi_dirent *out);
	int (*mkdir)(void *fs, uint64_t dir, const char *name);
	int (*rmdir)(void *fs, uint64_t dir, const char *name);
	int (*unlink)(void *fs, uint64_t dir, const char *name);
	int (*rename)(void *fs, uint64_t from_dir, const char *from,
	              uint64_t to_dir, const char *to);
	/* Optional (NULL: the guest gets ENOTSUP). */
	int (*symlink)(void *fs, const char *target, uint64_t dir,
	               const char *name);
	int (*link)(void *fs, uint64_t from_dir, const char *from,
	            uint64_t to_dir, const char *to);
} wexec_wasi_fs;

typedef struct wexec_wasi_preopen {
	const char *host_path;   /* directory on the host, or NULL with fs */
	const char *guest_path;  /* name the guest sees ("/", ".", "/data") */
	bool read_only;          /* refuse every write (rights reflect it) */
	/* A filesystem instead of a host directory: its callbacks (copied by
	 * wexec_wasi_new) and the pointer passed to each. `fs_data` must
	 * outlive the context. */
	const wexec_wasi_fs *fs;
	void *fs_data;
} wexec_wasi_preopen;

/*
 * The built-in in-memory filesystem: a tree of directories, files and
 * symlinks in the process's memory, mounted with
 *
 *   preopen.fs = wexec_memfs_ops(); preopen.fs_data = memfs;
 *
 * The embedder fills it before the run and reads it afterwards; nothing
 * touches the host's disk. Paths given to the functions below are
 * relative to its root ("a/b.txt"; a leading '/' is allowed), every
 * component a directory, no symlink followed. One memfs may serve
 * several preopens and contexts, one thread at a time; free it after
 * every context using it. Errors: WEXEC_ERR_ARGUMENT for a path that
 * does not name what the call needs (a missing parent, a file where a
 * directory must be), WEXEC_ERR_NOMEM.
 */
typedef struct wexec_memfs wexec_memfs;

WEXEC_API const wexec_wasi_fs *wexec_memfs_ops(void);
WEXEC_API wexec_status wexec_memfs_new(WEXEC_OWN wexec_memfs **out,
                                       wexec_error *err);
WEXEC_API void wexec_memfs_free(WEXEC_OWN wexec_memfs *fs);
/* From now on every time the filesystem records (a file's creation,
 * write, access) is `ns`, nanoseconds since 1970, instead of the host's
 * clock: for reproducible runs, with WEXEC_WASI_DETERMINISTIC_EPOCH_NS as
 * wexec --deterministic uses. The root directory takes the time at once.
 * 0 returns to the host's clock. Times the guest sets
 * (fd_filestat_set_times) and those wexec_memfs_copy_host copies are kept
 * as given. */
WEXEC_API void wexec_memfs_set_time(wexec_memfs *fs, uint64_t ns);
/* Makes directory `path` and any missing parents (existing ones are
 * fine). */
WEXEC_API wexec_status wexec_memfs_mkdir(wexec_memfs *fs, const char *path,
                                         wexec_error *err);
/* Creates or replaces file `path` (its parent must exist) with a copy
 * of `len` bytes. */
WEXEC_API wexec_status wexec_memfs_write(wexec_memfs *fs, const char *path,
                                         const void *data, size_t len,
                                         wexec_error *err);
/* Creates symlink `path` pointing at `target` (stored as given). */
WEXEC_API wexec_status wexec_memfs_symlink(wexec_memfs *fs, const char *target,
                                           const char *path, wexec_error *err);
/* The contents of file `path`, borrowed until the memfs next changes
 * (a guest's write, any call above, wexec_memfs_free). */
WEXEC_API wexec_status wexec_memfs_read(const wexec_memfs *fs,
                                        const char *path,
                                        const uint8_t **data, size_t *len,
                                        wexec_error *err);
/* What `path` is ("" for the root), as the guest's stat would say. */
WEXEC_API wexec_status wexec_memfs_stat(const wexec_memfs *fs,
                                        const char *path,
                                        wexec_wasi_filestat *out,
                                        wexec_error *err);
/* Calls fn once per entry of directory `path` ("." and ".." left out),
 * in creation order; fn returns false to stop. `name` is borrowed for
 * the call. */
typedef bool (*wexec_memfs_list_fn)(void *user, const char *name,
                                    uint8_t filetype);
WEXEC_API wexec_status wexec_memfs_list(const wexec_memfs *fs,
                                        const char *path,
                                        wexec_memfs_list_fn fn, void *user,
                                        wexec_error *err);
/* Copies the host directory `host_dir` into directory `path` of the
 * memfs (which must exist): files, subdirectories and symlinks (as
 * links, never followed), recursively. Other kinds of file are left
 * out. Reads the host only. Errors: also WEXEC_ERR_ARGUMENT for a name
 * the memfs directory already holds, WEXEC_ERR_IO naming the host path
 * that could not be read; what was copied before a failure stays. */
WEXEC_API wexec_status wexec_memfs_copy_host(wexec_memfs *fs, const char *path,
                                             const char *host_dir,
                                             wexec_error *err);

/* Everything in the config is copied by wexec_wasi_new(): the caller may
 * free or reuse it afterwards. A zeroed config is valid (no arguments, no
 * environment, no preopens, inherited stdio, no tracing, the host's
 * clocks and random bytes). */
typedef struct wexec_wasi_config {
	/* sizeof(wexec_wasi_config) as the caller compiled it, which
	 * wexec_wasi_config_init() sets: fields added to the end later are
	 * not read from a caller's smaller struct. 0 means this header's
	 * fields, so a zeroed config stays valid. */
	size_t size;
	const char *const *argv;  /* argv[0] is the program name */
	size_t argc;
	const char *const *env;   /* "NAME=VALUE" strings */
	size_t envc;
	const wexec_wasi_preopen *preopens;
	size_t npreopens;
	/* Host fds of listening TCP sockets (see wexec_wasi_listen_tcp). The
	 * context dup()s them; the caller keeps and closes its own. */
	const int *listen_fds;
	size_t nlisten_fds;
	wexec_wasi_stdio stdin_mode;
	const uint8_t *stdin_data;   /* WEXEC_WASI_STDIO_BUFFER only */
	size_t stdin_len;
	wexec_wasi_stdio stdout_mode;
	wexec_wasi_stdio stderr_mode;
	/* WEXEC_WASI_STDIO_CALLBACK only (read only when stdout_mode or
	 * stderr_mode is it, so a config compiled before these fields
	 * existed stays valid): the function receiving the output of both
	 * streams so directed, and the `user` it is passed. */
	wexec_wasi_output_fn output;
	void *output_user;
	/* One line per WASI call to trace(trace_user, line) (see
	 * wexec_wasi_trace_fn); NULL: no tracing. */
	wexec_wasi_trace_fn trace;
	void *trace_user;
	/* Virtual clocks and seeded random bytes (see
	 * WEXEC_WASI_DETERMINISTIC_EPOCH_NS); false: the host's. */
	bool deterministic;
	uint64_t seed; /* the random stream's seed when deterministic */
} wexec_wasi_config;

/* Sets every field of *config to its default (and config->size). */
WEXEC_API void wexec_wasi_config_init(wexec_wasi_config *config);

/* Exit code reported for a program that trapped (128 + SIGABRT, as a
 * native program that aborts). */
#define WEXEC_WASI_EXIT_TRAP 134

/* Creates a context. Opens every preopen directory now: a missing or
 * unreadable directory fails with WEXEC_ERR_IO naming it; a filesystem
 * preopen is asked for its root, whose errno fails it the same way.
 * config may be NULL for the defaults. Errors: WEXEC_ERR_IO, WEXEC_ERR_NOMEM,
 * WEXEC_ERR_ARGUMENT (a preopen with neither a host path nor a
 * filesystem, a filesystem without a required callback, an empty guest path,
 * WEXEC_WASI_STDIO_CALLBACK without an output function or for stdin). */
WEXEC_API wexec_status wexec_wasi_new(const wexec_wasi_config *config,
                                      WEXEC_OWN wexec_wasi **out,
                                      wexec_error *err);
/* Closes every host fd the context opened. Captured buffers are freed. */
WEXEC_API void wexec_wasi_free(WEXEC_OWN wexec_wasi *wasi);

/* Defines all 46 wasi_snapshot_preview1 functions in `linker`. The
 * functions keep a pointer to `wasi`: it must outlive every call into
 * them (free it after the store). */
WEXEC_API wexec_status wexec_wasi_link(wexec_wasi *wasi, wexec_linker *linker,
                                       wexec_error *err);

/* The WASI application ABI's command: a module exporting a function
 * `_start` that takes no parameters and returns no results, called once.
 * A module without `_start` is a reactor or a library, whose exports are
 * called after wexec_wasi_initialize().
 *
 * wexec_wasi_is_command: whether the module exports a function `_start`
 * (false for NULL). wexec_wasi_check_command: WEXEC_OK when it is a
 * command of the right type; otherwise WEXEC_ERR_ARGUMENT, "module
 * exports no _start function" or "_start must take no parameters and
 * return no results" (or for a NULL module). wexec_wasi_run_start and
 * wexec_wasi_run apply the same rule; checking the module first lets a
 * host refuse it before instantiation runs any of its code. */
WEXEC_API bool wexec_wasi_is_command(const wexec_module *module);
WEXEC_API wexec_status wexec_wasi_check_command(const wexec_module *module,
                                                wexec_error *err);

/* Runs a command: calls the instance's exported `_start`. *exit_code gets
 * 0 when _start returns, or the proc_exit code; both return WEXEC_OK.
 * A trap returns WEXEC_ERR_TRAP (err says which) with *exit_code =
 * WEXEC_WASI_EXIT_TRAP. No `_start` export, or one of another type than
 * [] -> []: WEXEC_ERR_ARGUMENT, as wexec_wasi_check_command, with nothing
 * run. */
WEXEC_API wexec_status wexec_wasi_run_start(wexec_wasi *wasi,
                                            wexec_instance *instance,
                                            int *exit_code, wexec_error *err);

/* Initializes a reactor: calls `_initialize` when the instance exports it
 * (absent is fine). Call once, before any other export. A proc_exit from
 * _initialize returns WEXEC_ERR_EXIT with err->exit_code set. */
WEXEC_API wexec_status wexec_wasi_initialize(wexec_wasi *wasi,
                                             wexec_instance *instance,
                                             wexec_error *err);

/* Captured output (WEXEC_WASI_STDIO_BUFFER); NULL and *len = 0 otherwise,
 * when nothing was written or when wasi is NULL. Borrowed: valid until the
 * next call into the guest, wexec_wasi_clear_output() or wexec_wasi_free().
 * Not NUL-terminated. */
WEXEC_API const uint8_t *wexec_wasi_stdout(const wexec_wasi *wasi, size_t *len);
WEXEC_API const uint8_t *wexec_wasi_stderr(const wexec_wasi *wasi, size_t *len);

/* Empties both capture buffers and releases their memory, so that an
 * embedder calling a reactor's exports one after another can read each
 * call's output alone. Does nothing for NULL or other modes. */
WEXEC_API void wexec_wasi_clear_output(wexec_wasi *wasi);

/* Opens a listening TCP socket for "HOST:PORT" (IPv4 dotted, a name, or
 * "[v6]"; PORT a number from 0 to 65535, 0 letting the kernel pick), for
 * config->listen_fds. The caller owns *fd. Errors: WEXEC_ERR_ARGUMENT for
 * a malformed address or port, WEXEC_ERR_IO otherwise. */
WEXEC_API wexec_status wexec_wasi_listen_tcp(const char *hostport, int *fd,
                                             wexec_error *err);

/* The one-call convenience: decode, validate and instantiate `bytes` with
 * WASI linked, run _start, and collect the outcome. */
typedef struct wexec_wasi_result {
	int exit_code;            /* as wexec_wasi_run_start */
	WEXEC_OWN uint8_t *stdout_data; /* captured (BUFFER mode), else NULL */
	size_t stdout_len;
	WEXEC_OWN uint8_t *stderr_data;
	size_t stderr_len;
} wexec_wasi_result;

/* store_config and config may be NULL for defaults. Returns WEXEC_OK when
 * the program ran to an exit (any code); WEXEC_ERR_TRAP when it trapped
 * (out is filled too, exit code WEXEC_WASI_EXIT_TRAP); other errors when it
 * could not be loaded or linked or is not a command (checked before it is
 * instantiated, as wexec_wasi_check_command; out is then zeroed). Free the
 * buffers with wexec_wasi_result_free(). */
WEXEC_API wexec_status wexec_wasi_run(const uint8_t *bytes, size_t len,
                                      const wexec_wasi_config *config,
                                      const wexec_config *store_config,
                                      wexec_wasi_result *out, wexec_error *err);
WEXEC_API void wexec_wasi_result_free(wexec_wasi_result *result);

#ifdef __cplusplus
}
#endif

#endif /* WEXEC_WASI_H */
