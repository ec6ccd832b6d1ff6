/* 64 MiB to stdout in one fd_write of 1024 iovecs over one 64 KiB block
 * (the runner counts the bytes and the time); short writes are resumed. */
#include <string.h>
#include "t.h"

static char block[65536];

int main(void)
{
	static __wasi_ciovec_t iov[1024];
	memset(block, 'x', sizeof block);
	for (int i = 0; i < 1024; i++) {
		iov[i].buf = (const uint8_t *)block;
		iov[i].buf_len = sizeof block;
	}
	size_t total = 0, first = 0;
	while (first < 1024) {
		size_t n;
		if (__wasi_fd_write(1, iov + first, 1024 - first, &n) != 0)
			return 2;
		total += n;
		while (first < 1024 && n >= iov[first].buf_len)
			n -= iov[first++].buf_len;
		if (first < 1024) {
			iov[first].buf += n;
			iov[first].buf_len -= n;
		}
	}
	return total == (64u << 20) ? 0 : 3;
}
