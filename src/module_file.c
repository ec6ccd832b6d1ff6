/*
 * module_file.c - wexec_module_new_file: a binary module (spec:
 * binary/modules.rst) read from a file, a regular one straight into the
 * block the module keeps, then decoded and validated as
 * wexec_module_new does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bigalloc.h"
#include "module.h"
#include "store.h"

/* Reads fd into buf[*n..cap) until it is full or the file ends, adding
 * what it read to *n. */
static wexec_status read_into(int fd, const char *path, uint8_t *buf,
                              size_t cap, size_t *n, wexec_error *err)
{
	while (*n < cap) {
		ssize_t got = read(fd, buf + *n, cap - *n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return wexec_error_set(err, WEXEC_ERR_IO,
			                       "cannot read '%s': %s", path,
			                       strerror(errno));
		if (got == 0)
			break;
		*n += (size_t)got;
	}
	return WEXEC_OK;
}

/* Reads what is left of fd into a malloc'd buffer: pipes, terminals and
 * the files whose size stat does not tell (/proc). */
static wexec_status slurp(int fd, const char *path, uint8_t **out,
                          size_t *len, wexec_error *err)
{
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		size_t ncap = cap ? cap * 2 : (size_t)1 << 16;
		uint8_t *nbuf = ncap > cap ? realloc(buf, ncap) : NULL;
		if (!nbuf) {
			free(buf);
			return wexec_error_set(err, WEXEC_ERR_NOMEM,
			                       "cannot read '%s': out of memory",
			                       path);
		}
		buf = nbuf;
		cap = ncap;
		wexec_status st = read_into(fd, path, buf, cap, &n, err);
		if (st != WEXEC_OK) {
			free(buf);
			return st;
		}
		if (n < cap) /* the end */
			break;
	}
	*out = buf;
	*len = n;
	return WEXEC_OK;
}

static wexec_status empty(wexec_error *err)
{
	return wexec_error_set(err, WEXEC_ERR_MALFORMED,
	                       "empty file, not a WebAssembly module");
}

/* A regular file of `size` bytes, read straight into the block the module
 * keeps (no copy of a mapping): up to `size` bytes, fewer if it shrank. */
static wexec_status read_regular(int fd, const char *path, uint64_t size,
                                 wexec_module **out, wexec_error *err)
{
	if (size > UINT32_MAX) /* what the decoder says of any such length */
		return wexec_error_set(err, WEXEC_ERR_MALFORMED,
		                       "length out of bounds at offset 0");
	uint8_t *bytes = wx_big_calloc((size_t)size);
	if (!bytes)
		return wexec_error_set(err, WEXEC_ERR_NOMEM,
		                       "cannot read '%s': out of memory", path);
	size_t n = 0;
	wexec_status st = read_into(fd, path, bytes, (size_t)size, &n, err);
	if (st != WEXEC_OK) {
		wx_big_free(bytes);
		return st;
	}
	if (n == 0) {
		wx_big_free(bytes);
		return empty(err);
	}
	return wx_module_new_adopt(bytes, n, out, err);
}

wexec_status wexec_module_new_file(const char *path, wexec_module **out,
                                   wexec_error *err)
{
	if (!path)
		return wx_store_null_arg(err, __func__, "path");
	if (!out)
		return wx_store_null_arg(err, __func__, "out");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return wexec_error_set(err, WEXEC_ERR_IO, "cannot open '%s': %s",
		                       path, strerror(errno));
	struct stat sb;
	int e = fstat(fd, &sb) != 0 ? errno : S_ISDIR(sb.st_mode) ? EISDIR : 0;
	if (e) {
		close(fd);
		return wexec_error_set(err, WEXEC_ERR_IO, "cannot read '%s': %s",
		                       path, strerror(e));
	}
	if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
		wexec_status st = read_regular(fd, path, (uint64_t)sb.st_size,
		                               out, err);
		close(fd);
		return st;
	}
	uint8_t *bytes = NULL;
	size_t len = 0;
	wexec_status st = slurp(fd, path, &bytes, &len, err);
	close(fd);
	if (st != WEXEC_OK)
		return st;
	if (len == 0)
		st = empty(err);
	else
		st = wexec_module_new(bytes, len, out, err);
	free(bytes);
	return st;
}
