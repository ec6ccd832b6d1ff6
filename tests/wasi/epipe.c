/* Writing into a pipe whose reader has gone is EPIPE for the guest, not a
 * SIGPIPE that kills the runtime: the runner reads one line and closes. */
#include <unistd.h>
#include "t.h"

int main(void)
{
	__wasi_ciovec_t iov = {(const uint8_t *)"y\n", 2};
	size_t n;
	for (long i = 0; i < 100000000; i++) {
		int e = __wasi_fd_write(1, &iov, 1, &n);
		if (e) {
			fprintf(stderr, "write: %s\n", ename(e));
			return e == __WASI_ERRNO_PIPE ? 3 : 4;
		}
	}
	return 0;
}
