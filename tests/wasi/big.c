/* One 64 MiB write to stdout (the runner counts the bytes). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	size_t n = 64u << 20;
	char *p = malloc(n);
	if (!p)
		return 1;
	memset(p, 'x', n);
	size_t done = 0;
	while (done < n) {
		ssize_t r = write(1, p + done, n - done);
		if (r <= 0)
			return 2;
		done += (size_t)r;
	}
	return 0;
}
