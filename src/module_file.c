/*
 * module_file.c - wexec_module_new_file: a binary module (spec:
 * binary/modules.rst) read from a file, mapped where the kernel can map
 * it and read where it cannot, then decoded and validated as
 * wexec_module_new does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

/* Reads what is left of fd into a malloc'd buffer: pipes, terminals and
 * the files whose size stat does not tell (/proc). */
static wexec_status slurp(int fd, const char *path, uint8_t **out,
                          size_t *len, wexec_error *err)
{
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : (size_t)1 << 16;
			uint8_t *nbuf = ncap > cap ? realloc(buf, ncap) : NULL;
			if (!nbuf) {
				free(buf);
				return wexec_error_set(
				    err, WEXEC_ERR_NOMEM,
				    "cannot read '%s': out of memory", path);
			}
			buf = nbuf;
			cap = ncap;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			return wexec_error_set(err, WEXEC_ERR_IO,
			                       "cannot read '%s': %s", path,
			                       strerror(e));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*out = buf;
	*len = n;
	return WEXEC_OK;
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
	uint8_t *bytes = NULL;
	size_t len = 0;
	void *map = MAP_FAILED;
	wexec_status st = WEXEC_OK;
	if (S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (uint64_t)sb.st_size <= SIZE_MAX)
		map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd,
		           0);
	if (map != MAP_FAILED) {
		bytes = map;
		len = (size_t)sb.st_size;
	} else {
		st = slurp(fd, path, &bytes, &len, err);
	}
	close(fd);
	if (st != WEXEC_OK)
		return st;
	if (len == 0)
		st = wexec_error_set(err, WEXEC_ERR_MALFORMED,
		                     "empty file, not a WebAssembly module");
	else
		st = wexec_module_new(bytes, len, out, err);
	if (map != MAP_FAILED)
		munmap(map, len);
	else
		free(bytes);
	return st;
}
