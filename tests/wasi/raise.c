/* proc_raise: ignored signals return, SIGTERM ends the program with
 * 128 + 15, an unknown signal is EINVAL. */
#include "t.h"

int main(void)
{
	TE("raise none", raw_proc_raise(0), 0);
	TE("raise chld", raw_proc_raise(16), 0);
	TE("raise bad", raw_proc_raise(99), __WASI_ERRNO_INVAL);
	fflush(stdout);
	raw_proc_raise(15);
	printf("not reached\n");
	return 0;
}
