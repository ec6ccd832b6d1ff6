/* Copies stdin to stdout through fd_read/fd_write, then checks stdin's
 * fdstat. */
#include <unistd.h>
#include "t.h"

int main(void)
{
	char buf[7]; /* small: many reads */
	ssize_t n;
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write(1, buf, (size_t)n) != n)
			return 1;
	printf("\n");
	__wasi_fdstat_t st;
	TE("stdin fdstat", __wasi_fd_fdstat_get(0, &st), 0);
	TB("stdin can read", st.fs_rights_base & __WASI_RIGHTS_FD_READ);
	TE("stdin nonblock",
	   __wasi_fd_fdstat_set_flags(0, __WASI_FDFLAGS_NONBLOCK), 0);
	TE("stdin fdstat 2", __wasi_fd_fdstat_get(0, &st), 0);
	TB("stdin flags kept", st.fs_flags == __WASI_FDFLAGS_NONBLOCK);
	TE("stdin eof", read(0, buf, 1) == 0 ? 0 : 1, 0);
	TE("stdin write", write(0, "x", 1) < 0 ? 0 : 1, 0);
	return t_failed;
}
