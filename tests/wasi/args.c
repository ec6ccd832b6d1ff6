/* args_*, environ_*: run as `args.wasm alpha "beta gamma"` with
 * --env FOO=bar --env EMPTY= */
#include <stdlib.h>
#include "t.h"

int main(int argc, char **argv)
{
	TB("argc", argc == 3);
	TB("argv1", argc > 1 && strcmp(argv[1], "alpha") == 0);
	TB("argv2", argc > 2 && strcmp(argv[2], "beta gamma") == 0);
	TB("argv0", strstr(argv[0], "args.wasm") != NULL);
	size_t n, size;
	TE("args_sizes_get", __wasi_args_sizes_get(&n, &size), 0);
	TB("args_sizes", n == 3 && size == strlen(argv[0]) + 1 + 6 + 11);
	TE("environ_sizes_get", __wasi_environ_sizes_get(&n, &size), 0);
	TB("environ_sizes", n == 2 && size == 8 + 7);
	const char *foo = getenv("FOO"), *empty = getenv("EMPTY");
	TB("env FOO", foo && strcmp(foo, "bar") == 0);
	TB("env EMPTY", empty && *empty == 0);
	TB("env absent", getenv("HOME") == NULL);
	/* A bad pointer is EFAULT, not a crash. */
	TE("args_get efault",
	   __wasi_args_get((uint8_t **)0xfffffff0, (uint8_t *)0xfffffff0),
	   __WASI_ERRNO_FAULT);
	return t_failed;
}
