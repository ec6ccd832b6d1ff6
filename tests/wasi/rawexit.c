/* A raw fd_write then proc_exit(7): the write is out before the exit, and
 * nothing after proc_exit runs. */
#include "t.h"

int main(void)
{
	static const char msg[] = "raw write\n";
	__wasi_ciovec_t iov = {(const uint8_t *)msg, sizeof msg - 1};
	size_t n;
	if (__wasi_fd_write(1, &iov, 1, &n))
		return 1;
	__wasi_proc_exit(7);
	printf("not reached\n");
	return 0;
}
