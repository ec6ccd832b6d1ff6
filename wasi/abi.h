/*
 * abi.h - the guest ABI of wasi_snapshot_preview1 (wasi-spec docs.md,
 * typenames.witx): constants and the wasm32 layout of every struct. Structs
 * are never copied to guest memory as host structs; they are encoded field
 * by field, little-endian, at the offsets asserted below, so host padding
 * and byte order cannot leak into the guest.
 */
#ifndef WX_WASI_ABI_H
#define WX_WASI_ABI_H

#include <stddef.h>
#include <stdint.h>

typedef uint16_t wasi_errno;

enum {
	WASI_ESUCCESS = 0,
	WASI_E2BIG = 1,
	WASI_EACCES = 2,
	WASI_EADDRINUSE = 3,
	WASI_EADDRNOTAVAIL = 4,
	WASI_EAFNOSUPPORT = 5,
	WASI_EAGAIN = 6,
	WASI_EALREADY = 7,
	WASI_EBADF = 8,
	WASI_EBADMSG = 9,
	WASI_EBUSY = 10,
	WASI_ECANCELED = 11,
	WASI_ECHILD = 12,
	WASI_ECONNABORTED = 13,
	WASI_ECONNREFUSED = 14,
	WASI_ECONNRESET = 15,
	WASI_EDEADLK = 16,
	WASI_EDESTADDRREQ = 17,
	WASI_EDOM = 18,
	WASI_EDQUOT = 19,
	WASI_EEXIST = 20,
	WASI_EFAULT = 21,
	WASI_EFBIG = 22,
	WASI_EHOSTUNREACH = 23,
	WASI_EIDRM = 24,
	WASI_EILSEQ = 25,
	WASI_EINPROGRESS = 26,
	WASI_EINTR = 27,
	WASI_EINVAL = 28,
	WASI_EIO = 29,
	WASI_EISCONN = 30,
	WASI_EISDIR = 31,
	WASI_ELOOP = 32,
	WASI_EMFILE = 33,
	WASI_EMLINK = 34,
	WASI_EMSGSIZE = 35,
	WASI_EMULTIHOP = 36,
	WASI_ENAMETOOLONG = 37,
	WASI_ENETDOWN = 38,
	WASI_ENETRESET = 39,
	WASI_ENETUNREACH = 40,
	WASI_ENFILE = 41,
	WASI_ENOBUFS = 42,
	WASI_ENODEV = 43,
	WASI_ENOENT = 44,
	WASI_ENOEXEC = 45,
	WASI_ENOLCK = 46,
	WASI_ENOLINK = 47,
	WASI_ENOMEM = 48,
	WASI_ENOMSG = 49,
	WASI_ENOPROTOOPT = 50,
	WASI_ENOSPC = 51,
	WASI_ENOSYS = 52,
	WASI_ENOTCONN = 53,
	WASI_ENOTDIR = 54,
	WASI_ENOTEMPTY = 55,
	WASI_ENOTRECOVERABLE = 56,
	WASI_ENOTSOCK = 57,
	WASI_ENOTSUP = 58,
	WASI_ENOTTY = 59,
	WASI_ENXIO = 60,
	WASI_EOVERFLOW = 61,
	WASI_EOWNERDEAD = 62,
	WASI_EPERM = 63,
	WASI_EPIPE = 64,
	WASI_EPROTO = 65,
	WASI_EPROTONOSUPPORT = 66,
	WASI_EPROTOTYPE = 67,
	WASI_ERANGE = 68,
	WASI_EROFS = 69,
	WASI_ESPIPE = 70,
	WASI_ESRCH = 71,
	WASI_ESTALE = 72,
	WASI_ETIMEDOUT = 73,
	WASI_ETXTBSY = 74,
	WASI_EXDEV = 75,
	WASI_ENOTCAPABLE = 76,
};

/* rights (a u64 bit set) */
#define WASI_RIGHT(n)                  ((uint64_t)1 << (n))
#define WASI_R_FD_DATASYNC             WASI_RIGHT(0)
#define WASI_R_FD_READ                 WASI_RIGHT(1)
#define WASI_R_FD_SEEK                 WASI_RIGHT(2)
#define WASI_R_FD_FDSTAT_SET_FLAGS     WASI_RIGHT(3)
#define WASI_R_FD_SYNC                 WASI_RIGHT(4)
#define WASI_R_FD_TELL                 WASI_RIGHT(5)
#define WASI_R_FD_WRITE                WASI_RIGHT(6)
#define WASI_R_FD_ADVISE               WASI_RIGHT(7)
#define WASI_R_FD_ALLOCATE             WASI_RIGHT(8)
#define WASI_R_PATH_CREATE_DIRECTORY   WASI_RIGHT(9)
#define WASI_R_PATH_CREATE_FILE        WASI_RIGHT(10)
#define WASI_R_PATH_LINK_SOURCE        WASI_RIGHT(11)
#define WASI_R_PATH_LINK_TARGET        WASI_RIGHT(12)
#define WASI_R_PATH_OPEN               WASI_RIGHT(13)
#define WASI_R_FD_READDIR              WASI_RIGHT(14)
#define WASI_R_PATH_READLINK           WASI_RIGHT(15)
#define WASI_R_PATH_RENAME_SOURCE      WASI_RIGHT(16)
#define WASI_R_PATH_RENAME_TARGET      WASI_RIGHT(17)
#define WASI_R_PATH_FILESTAT_GET       WASI_RIGHT(18)
#define WASI_R_PATH_FILESTAT_SET_SIZE  WASI_RIGHT(19)
#define WASI_R_PATH_FILESTAT_SET_TIMES WASI_RIGHT(20)
#define WASI_R_FD_FILESTAT_GET         WASI_RIGHT(21)
#define WASI_R_FD_FILESTAT_SET_SIZE    WASI_RIGHT(22)
#define WASI_R_FD_FILESTAT_SET_TIMES   WASI_RIGHT(23)
#define WASI_R_PATH_SYMLINK            WASI_RIGHT(24)
#define WASI_R_PATH_REMOVE_DIRECTORY   WASI_RIGHT(25)
#define WASI_R_PATH_UNLINK_FILE        WASI_RIGHT(26)
#define WASI_R_POLL_FD_READWRITE       WASI_RIGHT(27)
#define WASI_R_SOCK_SHUTDOWN           WASI_RIGHT(28)
#define WASI_R_SOCK_ACCEPT             WASI_RIGHT(29)
#define WASI_R_ALL                     (WASI_RIGHT(30) - 1)

/* Every right that changes the file system or a file's contents: a
 * read-only preopen (and everything opened beneath it) lacks all of them. */
#define WASI_R_WRITES                                                          \
	(WASI_R_FD_DATASYNC | WASI_R_FD_WRITE | WASI_R_FD_ALLOCATE |           \
	 WASI_R_PATH_CREATE_DIRECTORY | WASI_R_PATH_CREATE_FILE |              \
	 WASI_R_PATH_LINK_SOURCE | WASI_R_PATH_LINK_TARGET |                   \
	 WASI_R_PATH_RENAME_SOURCE | WASI_R_PATH_RENAME_TARGET |               \
	 WASI_R_PATH_FILESTAT_SET_SIZE | WASI_R_PATH_FILESTAT_SET_TIMES |      \
	 WASI_R_FD_FILESTAT_SET_SIZE | WASI_R_FD_FILESTAT_SET_TIMES |          \
	 WASI_R_PATH_SYMLINK | WASI_R_PATH_REMOVE_DIRECTORY |                  \
	 WASI_R_PATH_UNLINK_FILE | WASI_R_FD_SYNC)

/* The rights a directory fd never holds, whatever was asked: it has no
 * file position to move or read (its place in a listing is the
 * fd_readdir cookie). wasmtime's preview1 leaves FD_SEEK out of every
 * directory's rights and both out of a preopen's; fd_seek and fd_tell
 * on a directory are EBADF there, and here (fd.c). Inheriting rights
 * keep them, for the files opened beneath. */
#define WASI_R_FILE_POSITION (WASI_R_FD_SEEK | WASI_R_FD_TELL)

/* The rights of a connected socket: data both ways, no accept. A
 * listening socket has these and WASI_R_SOCK_ACCEPT. */
#define WASI_R_CONNECTION                                                      \
	(WASI_R_FD_READ | WASI_R_FD_WRITE | WASI_R_FD_FDSTAT_SET_FLAGS |       \
	 WASI_R_FD_FILESTAT_GET | WASI_R_POLL_FD_READWRITE |                   \
	 WASI_R_SOCK_SHUTDOWN)

enum {
	WASI_FILETYPE_UNKNOWN = 0,
	WASI_FILETYPE_BLOCK_DEVICE = 1,
	WASI_FILETYPE_CHARACTER_DEVICE = 2,
	WASI_FILETYPE_DIRECTORY = 3,
	WASI_FILETYPE_REGULAR_FILE = 4,
	WASI_FILETYPE_SOCKET_DGRAM = 5,
	WASI_FILETYPE_SOCKET_STREAM = 6,
	WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

enum { /* fdflags */
       WASI_FDFLAG_APPEND = 1,
       WASI_FDFLAG_DSYNC = 2,
       WASI_FDFLAG_NONBLOCK = 4,
       WASI_FDFLAG_RSYNC = 8,
       WASI_FDFLAG_SYNC = 16,
};
enum { /* oflags */
       WASI_O_CREAT = 1,
       WASI_O_DIRECTORY = 2,
       WASI_O_EXCL = 4,
       WASI_O_TRUNC = 8,
};
enum { WASI_LOOKUP_SYMLINK_FOLLOW = 1 };
enum { WASI_WHENCE_SET = 0, WASI_WHENCE_CUR = 1, WASI_WHENCE_END = 2 };
enum { /* fstflags */
       WASI_FST_ATIM = 1,
       WASI_FST_ATIM_NOW = 2,
       WASI_FST_MTIM = 4,
       WASI_FST_MTIM_NOW = 8,
};
enum { /* clockid */
       WASI_CLOCK_REALTIME = 0,
       WASI_CLOCK_MONOTONIC = 1,
       WASI_CLOCK_PROCESS_CPUTIME = 2,
       WASI_CLOCK_THREAD_CPUTIME = 3,
};
enum {
	WASI_EVENTTYPE_CLOCK = 0,
	WASI_EVENTTYPE_FD_READ = 1,
	WASI_EVENTTYPE_FD_WRITE = 2
};
enum { WASI_SUBCLOCK_ABSTIME = 1 };
enum { WASI_EVENTRW_HANGUP = 1 };
enum { WASI_RIFLAG_PEEK = 1, WASI_RIFLAG_WAITALL = 2 };
enum { WASI_ROFLAG_DATA_TRUNCATED = 1 };
enum { WASI_SDFLAG_RD = 1, WASI_SDFLAG_WR = 2 };
enum { WASI_PREOPENTYPE_DIR = 0 };
enum {
	WASI_ADVICE_NORMAL = 0,
	WASI_ADVICE_SEQUENTIAL = 1,
	WASI_ADVICE_RANDOM = 2,
	WASI_ADVICE_WILLNEED = 3,
	WASI_ADVICE_DONTNEED = 4,
	WASI_ADVICE_NOREUSE = 5
};
enum { WASI_SIGNAL_MAX = 30 };

/*
 * Guest struct layouts. These host structs exist only to state the wasm32
 * layout (offsets and sizes) in one checked place; encoders in the
 * function files write each field at offsetof(...) little-endian.
 */
typedef struct wasi_iovec {
	uint32_t buf, buf_len;
} wasi_iovec;
_Static_assert(sizeof(wasi_iovec) == 8, "iovec is 8 bytes");
_Static_assert(offsetof(wasi_iovec, buf_len) == 4, "iovec.buf_len @4");

typedef struct wasi_fdstat {
	uint8_t fs_filetype;
	uint16_t fs_flags;
	uint64_t fs_rights_base;
	uint64_t fs_rights_inheriting;
} wasi_fdstat;
_Static_assert(sizeof(wasi_fdstat) == 24, "fdstat is 24 bytes");
_Static_assert(offsetof(wasi_fdstat, fs_flags) == 2, "fdstat.fs_flags @2");
_Static_assert(offsetof(wasi_fdstat, fs_rights_base) == 8, "rights @8");
_Static_assert(offsetof(wasi_fdstat, fs_rights_inheriting) == 16, "@16");

typedef struct wasi_filestat {
	uint64_t dev, ino;
	uint8_t filetype;
	uint64_t nlink, size, atim, mtim, ctim;
} wasi_filestat;
_Static_assert(sizeof(wasi_filestat) == 64, "filestat is 64 bytes");
_Static_assert(offsetof(wasi_filestat, filetype) == 16, "filetype @16");
_Static_assert(offsetof(wasi_filestat, nlink) == 24, "nlink @24");
_Static_assert(offsetof(wasi_filestat, size) == 32, "size @32");
_Static_assert(offsetof(wasi_filestat, atim) == 40, "atim @40");
_Static_assert(offsetof(wasi_filestat, mtim) == 48, "mtim @48");
_Static_assert(offsetof(wasi_filestat, ctim) == 56, "ctim @56");

typedef struct wasi_prestat {
	uint8_t tag;
	uint32_t pr_name_len;
} wasi_prestat;
_Static_assert(sizeof(wasi_prestat) == 8, "prestat is 8 bytes");
_Static_assert(offsetof(wasi_prestat, pr_name_len) == 4, "name_len @4");

typedef struct wasi_dirent {
	uint64_t d_next, d_ino;
	uint32_t d_namlen;
	uint8_t d_type;
} wasi_dirent;
_Static_assert(sizeof(wasi_dirent) == 24, "dirent is 24 bytes");
_Static_assert(offsetof(wasi_dirent, d_ino) == 8, "d_ino @8");
_Static_assert(offsetof(wasi_dirent, d_namlen) == 16, "d_namlen @16");
_Static_assert(offsetof(wasi_dirent, d_type) == 20, "d_type @20");

typedef struct wasi_event {
	uint64_t userdata;
	uint16_t error;
	uint8_t type;
	struct {
		uint64_t nbytes;
		uint16_t flags;
	} fd_readwrite;
} wasi_event;
_Static_assert(sizeof(wasi_event) == 32, "event is 32 bytes");
_Static_assert(offsetof(wasi_event, error) == 8, "event.error @8");
_Static_assert(offsetof(wasi_event, type) == 10, "event.type @10");
_Static_assert(offsetof(wasi_event, fd_readwrite) == 16, "fd_readwrite @16");
_Static_assert(offsetof(wasi_event, fd_readwrite.flags) == 24, "flags @24");

typedef struct wasi_subscription_clock {
	uint32_t id;
	uint64_t timeout, precision;
	uint16_t flags;
} wasi_subscription_clock;
typedef struct wasi_subscription {
	uint64_t userdata;
	uint8_t tag;
	union {
		wasi_subscription_clock clock;
		uint32_t fd;
	} u;
} wasi_subscription;
_Static_assert(sizeof(wasi_subscription) == 48, "subscription is 48 bytes");
_Static_assert(offsetof(wasi_subscription, tag) == 8, "tag @8");
_Static_assert(offsetof(wasi_subscription, u) == 16, "union @16");
_Static_assert(offsetof(wasi_subscription, u.clock.timeout) == 24, "@24");
_Static_assert(offsetof(wasi_subscription, u.clock.precision) == 32, "@32");
_Static_assert(offsetof(wasi_subscription, u.clock.flags) == 40, "@40");

/* Host errno -> WASI errno, the one place the mapping lives (errno.c). */
wasi_errno wasi_errno_from_host(int host_errno);
/* "ENOENT", ..., "ENOTCAPABLE"; "ESUCCESS" for 0, NULL past the last. */
const char *wasi_errno_name(wasi_errno e);

#endif /* WX_WASI_ABI_H */
