/* exit(42) flushes libc's buffered stdout, then proc_exit(42). */
#include <stdlib.h>
#include "t.h"

int main(void)
{
	printf("before exit\n");
	exit(42);
}
