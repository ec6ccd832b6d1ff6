/* sock_*: the runner passes one listening socket (--tcplisten, fd 3 when
 * there are no preopens) and connects, sends "hello", and reads the reply.
 * The guest accepts, receives (peek, then read), replies "HELLO", and
 * shuts down; results go to stdout. */
#include <ctype.h>
#include "t.h"

int main(void)
{
	__wasi_fdstat_t st;
	TE("listen fdstat", __wasi_fd_fdstat_get(3, &st), 0);
	TB("listen is socket", st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
	__wasi_prestat_t ps;
	TE("socket not preopen", __wasi_fd_prestat_get(3, &ps),
	   __WASI_ERRNO_BADF);
	int c;
	TE("accept", __wasi_sock_accept(3, 0, &c), 0);
	char buf[16] = {0};
	__wasi_iovec_t iv = {(uint8_t *)buf, 5};
	size_t n;
	__wasi_roflags_t ro;
	TE("recv peek",
	   __wasi_sock_recv(
	       c, &iv, 1,
	       __WASI_RIFLAGS_RECV_PEEK | __WASI_RIFLAGS_RECV_WAITALL, &n, &ro),
	   0);
	TB("peeked", n == 5 && !memcmp(buf, "hello", 5));
	memset(buf, 0, sizeof buf);
	TE("recv",
	   __wasi_sock_recv(c, &iv, 1, __WASI_RIFLAGS_RECV_WAITALL, &n, &ro),
	   0);
	TB("received", n == 5 && !memcmp(buf, "hello", 5) && ro == 0);
	for (int i = 0; i < 5; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	__wasi_ciovec_t cv = {(const uint8_t *)buf, 5};
	TE("send", __wasi_sock_send(c, &cv, 1, 0, &n), 0);
	TB("sent", n == 5);
	TE("shutdown bad", __wasi_sock_shutdown(c, 0), __WASI_ERRNO_INVAL);
	TE("shutdown", __wasi_sock_shutdown(c, __WASI_SDFLAGS_WR), 0);
	TE("accept on conn", __wasi_sock_accept(c, 0, &c),
	   __WASI_ERRNO_NOTCAPABLE);
	/* Not a socket, whatever its rights: ENOTSOCK. */
	TE("recv on file", __wasi_sock_recv(1, &iv, 1, 0, &n, &ro),
	   __WASI_ERRNO_NOTSOCK);
	t_close(c);
	return t_failed;
}
