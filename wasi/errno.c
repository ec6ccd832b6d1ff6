/*
 * errno.c - host errno to WASI errno (wasi-spec docs.md, "errno"). The one
 * place the mapping lives; every function file calls it. Also the errnos'
 * names, for --trace.
 */
#include <errno.h>

#include "abi.h"

/* Indexed by host errno; a hole (0) means no WASI code corresponds. Host
 * aliases (EWOULDBLOCK, ENOTSUP, EDEADLOCK on Linux) share their index,
 * so each appears once: -Woverride-init would catch a second. */
static const wasi_errno from_host[] = {
    [E2BIG] = WASI_E2BIG,
    [EACCES] = WASI_EACCES,
    [EADDRINUSE] = WASI_EADDRINUSE,
    [EADDRNOTAVAIL] = WASI_EADDRNOTAVAIL,
    [EAFNOSUPPORT] = WASI_EAFNOSUPPORT,
    [EAGAIN] = WASI_EAGAIN,
    [EALREADY] = WASI_EALREADY,
    [EBADF] = WASI_EBADF,
    [EBADMSG] = WASI_EBADMSG,
    [EBUSY] = WASI_EBUSY,
    [ECANCELED] = WASI_ECANCELED,
    [ECHILD] = WASI_ECHILD,
    [ECONNABORTED] = WASI_ECONNABORTED,
    [ECONNREFUSED] = WASI_ECONNREFUSED,
    [ECONNRESET] = WASI_ECONNRESET,
    [EDEADLK] = WASI_EDEADLK,
    [EDESTADDRREQ] = WASI_EDESTADDRREQ,
    [EDOM] = WASI_EDOM,
    [EDQUOT] = WASI_EDQUOT,
    [EEXIST] = WASI_EEXIST,
    [EFAULT] = WASI_EFAULT,
    [EFBIG] = WASI_EFBIG,
    [EHOSTUNREACH] = WASI_EHOSTUNREACH,
    [EIDRM] = WASI_EIDRM,
    [EILSEQ] = WASI_EILSEQ,
    [EINPROGRESS] = WASI_EINPROGRESS,
    [EINTR] = WASI_EINTR,
    [EINVAL] = WASI_EINVAL,
    [EIO] = WASI_EIO,
    [EISCONN] = WASI_EISCONN,
    [EISDIR] = WASI_EISDIR,
    [ELOOP] = WASI_ELOOP,
    [EMFILE] = WASI_EMFILE,
    [EMLINK] = WASI_EMLINK,
    [EMSGSIZE] = WASI_EMSGSIZE,
    [EMULTIHOP] = WASI_EMULTIHOP,
    [ENAMETOOLONG] = WASI_ENAMETOOLONG,
    [ENETDOWN] = WASI_ENETDOWN,
    [ENETRESET] = WASI_ENETRESET,
    [ENETUNREACH] = WASI_ENETUNREACH,
    [ENFILE] = WASI_ENFILE,
    [ENOBUFS] = WASI_ENOBUFS,
    [ENODEV] = WASI_ENODEV,
    [ENOENT] = WASI_ENOENT,
    [ENOEXEC] = WASI_ENOEXEC,
    [ENOLCK] = WASI_ENOLCK,
    [ENOLINK] = WASI_ENOLINK,
    [ENOMEM] = WASI_ENOMEM,
    [ENOMSG] = WASI_ENOMSG,
    [ENOPROTOOPT] = WASI_ENOPROTOOPT,
    [ENOSPC] = WASI_ENOSPC,
    [ENOSYS] = WASI_ENOSYS,
    [ENOTCONN] = WASI_ENOTCONN,
    [ENOTDIR] = WASI_ENOTDIR,
    [ENOTEMPTY] = WASI_ENOTEMPTY,
    [ENOTRECOVERABLE] = WASI_ENOTRECOVERABLE,
    [ENOTSOCK] = WASI_ENOTSOCK,
    [EOPNOTSUPP] = WASI_ENOTSUP,
    [ENOTTY] = WASI_ENOTTY,
    [ENXIO] = WASI_ENXIO,
    [EOVERFLOW] = WASI_EOVERFLOW,
    [EOWNERDEAD] = WASI_EOWNERDEAD,
    [EPERM] = WASI_EPERM,
    [EPIPE] = WASI_EPIPE,
    [EPROTO] = WASI_EPROTO,
    [EPROTONOSUPPORT] = WASI_EPROTONOSUPPORT,
    [EPROTOTYPE] = WASI_EPROTOTYPE,
    [ERANGE] = WASI_ERANGE,
    [EROFS] = WASI_EROFS,
    [ESPIPE] = WASI_ESPIPE,
    [ESRCH] = WASI_ESRCH,
    [ESTALE] = WASI_ESTALE,
    [ETIMEDOUT] = WASI_ETIMEDOUT,
    [ETXTBSY] = WASI_ETXTBSY,
    [EXDEV] = WASI_EXDEV,
};

wasi_errno wasi_errno_from_host(int e)
{
	if (e == 0)
		return WASI_ESUCCESS;
	if (e > 0 && (size_t)e < sizeof from_host / sizeof *from_host &&
	    from_host[e] != WASI_ESUCCESS)
		return from_host[e];
	return WASI_EIO; /* no closer WASI code exists */
}

static const char *const names[] = {
    "ESUCCESS",        "E2BIG",           "EACCES",
    "EADDRINUSE",      "EADDRNOTAVAIL",   "EAFNOSUPPORT",
    "EAGAIN",          "EALREADY",        "EBADF",
    "EBADMSG",         "EBUSY",           "ECANCELED",
    "ECHILD",          "ECONNABORTED",    "ECONNREFUSED",
    "ECONNRESET",      "EDEADLK",         "EDESTADDRREQ",
    "EDOM",            "EDQUOT",          "EEXIST",
    "EFAULT",          "EFBIG",           "EHOSTUNREACH",
    "EIDRM",           "EILSEQ",          "EINPROGRESS",
    "EINTR",           "EINVAL",          "EIO",
    "EISCONN",         "EISDIR",          "ELOOP",
    "EMFILE",          "EMLINK",          "EMSGSIZE",
    "EMULTIHOP",       "ENAMETOOLONG",    "ENETDOWN",
    "ENETRESET",       "ENETUNREACH",     "ENFILE",
    "ENOBUFS",         "ENODEV",          "ENOENT",
    "ENOEXEC",         "ENOLCK",          "ENOLINK",
    "ENOMEM",          "ENOMSG",          "ENOPROTOOPT",
    "ENOSPC",          "ENOSYS",          "ENOTCONN",
    "ENOTDIR",         "ENOTEMPTY",       "ENOTRECOVERABLE",
    "ENOTSOCK",        "ENOTSUP",         "ENOTTY",
    "ENXIO",           "EOVERFLOW",       "EOWNERDEAD",
    "EPERM",           "EPIPE",           "EPROTO",
    "EPROTONOSUPPORT", "EPROTOTYPE",      "ERANGE",
    "EROFS",           "ESPIPE",          "ESRCH",
    "ESTALE",          "ETIMEDOUT",       "ETXTBSY",
    "EXDEV",           "ENOTCAPABLE",
};
_Static_assert(sizeof names / sizeof *names == WASI_ENOTCAPABLE + 1,
               "one name per WASI errno");

const char *wasi_errno_name(wasi_errno e)
{
	return e < sizeof names / sizeof *names ? names[e] : NULL;
}
