/*
 * sock.c - the sock_* functions of wasi_snapshot_preview1 (wasi-spec
 * docs.md, "sock_accept" through "sock_shutdown"). Preview1 cannot create
 * or bind sockets: the host hands listening sockets in (config
 * listen_fds), and the guest accepts connections on them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi.h"

/* The socket entry `fd`, holding `need`. Any open fd that is not a
 * socket is ENOTSOCK before its rights are looked at (a file never holds
 * the sock_* rights, so checking them first would say ENOTCAPABLE), as
 * shutdown(2) and wasmtime's preview1 both answer; a closed one EBADF. */
static wasi_errno get_socket(wasi_call *c, uint32_t fd, uint64_t need,
                             wasi_fd **out)
{
	wasi_errno e = wasi_fd_get(c->wasi, fd, 0, out);
	if (e)
		return e;
	if ((*out)->kind != WASI_FD_SOCKET)
		return WASI_ENOTSOCK;
	return wasi_fd_get(c->wasi, fd, need, out);
}

static wasi_errno sock_accept(wasi_call *c, const wexec_val *args)
{
	wasi_fd *l;
	uint32_t flags = ARG32(1);
	wasi_errno e = get_socket(c, ARG32(0), WASI_R_SOCK_ACCEPT, &l);
	if (e)
		return e;
	if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
		return WASI_EINVAL;
	int s;
	do
		s = accept4(
		    l->host, NULL, NULL,
		    SOCK_CLOEXEC |
		        (flags & WASI_FDFLAG_NONBLOCK ? SOCK_NONBLOCK : 0));
	while (s < 0 && errno == EINTR);
	if (s < 0)
		return wasi_errno_from_host(errno);
	wasi_fd f;
	memset(&f, 0, sizeof f);
	f.kind = WASI_FD_SOCKET;
	f.host = s;
	f.owned = true;
	f.filetype = WASI_FILETYPE_SOCKET_STREAM;
	f.base = WASI_R_CONNECTION;
	return wasi_fd_add_result(c, &f, ARG32(2));
}

static wasi_errno sock_recv(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	struct iovec *iov;
	int n;
	uint32_t riflags = ARG32(3);
	wasi_errno e = get_socket(c, ARG32(0), WASI_R_FD_READ, &f);
	if (e)
		return e;
	if (riflags & ~3u)
		return WASI_EINVAL;
	if ((e = wasi_iovecs(c, ARG32(1), ARG32(2), &iov, &n)))
		return e;
	struct msghdr msg;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = iov;
	msg.msg_iovlen = (size_t)n;
	int fl = (riflags & WASI_RIFLAG_PEEK ? MSG_PEEK : 0) |
	         (riflags & WASI_RIFLAG_WAITALL ? MSG_WAITALL : 0);
	ssize_t r;
	do
		r = recvmsg(f->host, &msg, fl);
	while (r < 0 && errno == EINTR);
	int saved = errno;
	free(iov);
	if (r < 0)
		return wasi_errno_from_host(saved);
	uint16_t roflags =
	    msg.msg_flags & MSG_TRUNC ? WASI_ROFLAG_DATA_TRUNCATED : 0;
	if ((e = wasi_store_u32(c, ARG32(4), (uint32_t)r)))
		return e;
	uint8_t *p = wasi_mem(c, ARG32(5), 2);
	if (!p)
		return WASI_EFAULT;
	wasi_put_u16(p, roflags);
	return WASI_ESUCCESS;
}

static wasi_errno sock_send(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	wasi_errno e = get_socket(c, ARG32(0), WASI_R_FD_WRITE, &f);
	if (e)
		return e;
	if (ARG32(3) != 0)
		return WASI_EINVAL; /* preview1 defines no siflags */
	return wasi_transfer(c, f, ARG32(1), ARG32(2), ARG32(4), true);
}

static wasi_errno sock_shutdown(wasi_call *c, const wexec_val *args)
{
	wasi_fd *f;
	uint32_t how = ARG32(1);
	wasi_errno e = get_socket(c, ARG32(0), WASI_R_SOCK_SHUTDOWN, &f);
	if (e)
		return e;
	int h = how == (WASI_SDFLAG_RD | WASI_SDFLAG_WR) ? SHUT_RDWR
	        : how == WASI_SDFLAG_RD                  ? SHUT_RD
	        : how == WASI_SDFLAG_WR                  ? SHUT_WR
	                                                 : -1;
	if (h < 0)
		return WASI_EINVAL;
	if (shutdown(f->host, h) < 0)
		return wasi_errno_from_host(errno);
	return WASI_ESUCCESS;
}

const wasi_func wasi_funcs_sock[] = {
    {"sock_accept", "iii", true, sock_accept, "fG="},
    {"sock_recv", "iiiiii", true, sock_recv, "fvr=n"},
    {"sock_send", "iiiii", true, sock_send, "fvi="},
    {"sock_shutdown", "ii", true, sock_shutdown, "fS"},
    {NULL, NULL, false, NULL, NULL},
};
