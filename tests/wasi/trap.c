/* Output written before a trap reaches stdout; the exit code is 134. */
#include "t.h"

int main(void)
{
	printf("before trap\n");
	fflush(stdout);
	__builtin_trap();
}
