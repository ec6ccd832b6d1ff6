/* A plugin by the bytes-in, bytes-out convention (docs/call-bytes.md),
 * built as a reactor (no _start; _initialize runs the libc constructors):
 * the host puts the input in a block from `alloc`, calls a function with
 * (ptr, len), and reads the output from the pointer and length packed in
 * the i64 it returns, high half the pointer. Every block comes from
 * malloc, so `dealloc` frees what the host gives back: the output as well
 * as the input. wexec runs it as
 *
 *   printf 'hello' | wexec --call upper --input - reactor_plugin.wasm
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("alloc"))) void *plugin_alloc(uint32_t len)
{
	return malloc(len);
}

__attribute__((export_name("dealloc"))) void plugin_dealloc(void *ptr,
                                                            uint32_t len)
{
	(void)len;
	free(ptr);
}

/* The output's place as the host reads it; (0, 0) is an empty output. */
static uint64_t output(const void *ptr, size_t len)
{
	return (uint64_t)(uintptr_t)ptr << 32 | (uint32_t)len;
}

/* The input, uppercased (ASCII letters only). */
__attribute__((export_name("upper"))) uint64_t upper(const uint8_t *in,
                                                    uint32_t len)
{
	uint8_t *out = len ? malloc(len) : NULL;
	if (!out)
		return output(NULL, 0);
	for (uint32_t i = 0; i < len; i++)
		out[i] = (uint8_t)toupper(in[i]);
	return output(out, len);
}

/* A small JSON text about the input: its length, its lines, and the
 * environment variable TAG, which shows that the WASI context is there
 * (null when TAG is unset). */
__attribute__((export_name("json_len"))) uint64_t json_len(const uint8_t *in,
                                                          uint32_t len)
{
	const char *tag = getenv("TAG");
	uint32_t lines = 0;
	char *out = malloc(128 + (tag ? strlen(tag) : 0));
	int n;
	if (!out)
		return output(NULL, 0);
	for (uint32_t i = 0; i < len; i++)
		lines += in[i] == '\n';
	if (tag)
		n = sprintf(out, "{\"len\":%u,\"lines\":%u,\"tag\":\"%s\"}\n",
		            (unsigned)len, (unsigned)lines, tag);
	else
		n = sprintf(out, "{\"len\":%u,\"lines\":%u,\"tag\":null}\n",
		            (unsigned)len, (unsigned)lines);
	return output(out, (size_t)n);
}
