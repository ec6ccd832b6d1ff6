/*
 * memfs_api.c - the embedder's side of the in-memory filesystem
 * (wexec_wasi.h, "wexec_memfs"): making it, filling it before a run,
 * reading it afterwards, and copying a host directory into it (the
 * CLI's --dir-overlay). The guest's side is memfs.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memfs.h"

wexec_status wexec_memfs_new(WEXEC_OWN wexec_memfs **out, wexec_error *err)
{
	if (!out)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "%s: out is NULL", __func__);
	*out = NULL;
	wexec_memfs *fs = calloc(1, sizeof *fs);
	if (!fs)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	fs->next_ino = 1;
	fs->root = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_DIRECTORY);
	if (!fs->root) {
		free(fs);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	fs->root->nlink = 1; /* never removed */
	*out = fs;
	return WEXEC_OK;
}

void wexec_memfs_set_time(wexec_memfs *fs, uint64_t ns)
{
	if (!fs)
		return;
	fs->fixed_time = ns;
	if (ns)
		fs->root->atim = fs->root->mtim = fs->root->ctim = ns;
}

void wexec_memfs_free(WEXEC_OWN wexec_memfs *fs)
{
	if (!fs)
		return;
	fs->root->nlink = 0;
	fs->root->opens = 0;
	wx_memfs_drop(fs->root);
	free(fs);
}

static wexec_status bad_path(wexec_error *err, const char *path,
                             const char *why)
{
	return wexec_error_set(err, WEXEC_ERR_ARGUMENT, "memfs: %s: %s", path,
	                       why);
}

/* Walks `path` from the root: *dir gets the directory holding the last
 * component and `last` its name ("" for the root itself). With `make`,
 * missing directories on the way are made. */
static wexec_status walk(const wexec_memfs *fs, const char *path, bool make,
                         mnode **dir, char last[256], wexec_error *err)
{
	last[0] = 0;
	if (!fs || !path)
		return wexec_error_set(err, WEXEC_ERR_ARGUMENT,
		                       "memfs: NULL argument");
	mnode *d = fs->root;
	const char *p = path;
	while (*p) {
		size_t n = strcspn(p, "/");
		const char *next = p + n + (p[n] == '/');
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p = next;
			continue;
		}
		if (n > 255)
			return bad_path(err, path, "name too long");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return bad_path(err, path, "\"..\" is not allowed");
		if (last[0]) {
			mentry *e = wx_memfs_find(d, last);
			if (!e && make) {
				mnode *m = wx_memfs_node(
				    (wexec_memfs *)fs,
				    WEXEC_WASI_FILETYPE_DIRECTORY);
				if (!m || wx_memfs_link(fs, d, last, m)) {
					free(m);
					return wexec_error_set(
					    err, WEXEC_ERR_NOMEM,
					    "out of memory");
				}
				e = wx_memfs_find(d, last);
			}
			if (!e)
				return bad_path(err, path, "no such directory");
			if (e->node->type != WEXEC_WASI_FILETYPE_DIRECTORY)
				return bad_path(err, path, "not a directory");
			d = e->node;
		}
		memcpy(last, p, n);
		last[n] = 0;
		p = next;
	}
	*dir = d;
	return WEXEC_OK;
}

/* The node `path` names, or an error. */
static wexec_status find(const wexec_memfs *fs, const char *path, mnode **out,
                         wexec_error *err)
{
	mnode *d;
	char last[256];
	wexec_status st = walk(fs, path, false, &d, last, err);
	if (st != WEXEC_OK)
		return st;
	if (!last[0]) {
		*out = d;
		return WEXEC_OK;
	}
	mentry *e = wx_memfs_find(d, last);
	if (!e)
		return bad_path(err, path, "no such file or directory");
	*out = e->node;
	return WEXEC_OK;
}

wexec_status wexec_memfs_mkdir(wexec_memfs *fs, const char *path,
                               wexec_error *err)
{
	mnode *d;
	char last[256];
	wexec_status st = walk(fs, path, true, &d, last, err);
	if (st != WEXEC_OK || !last[0])
		return st;
	mentry *e = wx_memfs_find(d, last);
	if (e)
		return e->node->type == WEXEC_WASI_FILETYPE_DIRECTORY
		           ? WEXEC_OK
		           : bad_path(err, path, "exists, not a directory");
	mnode *m = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_DIRECTORY);
	if (!m || wx_memfs_link(fs, d, last, m)) {
		free(m);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	return WEXEC_OK;
}

/* A new node of `type` holding `len` bytes named by `path`, replacing a
 * file or symlink there. */
static wexec_status put(wexec_memfs *fs, const char *path, uint8_t type,
                        const void *data, size_t len, wexec_error *err)
{
	mnode *d;
	char last[256];
	wexec_status st = walk(fs, path, false, &d, last, err);
	if (st != WEXEC_OK)
		return st;
	if (!last[0])
		return bad_path(err, path, "is the root");
	if (len && !data)
		return bad_path(err, path, "no data");
	mentry *e = wx_memfs_find(d, last);
	if (e && e->node->type == WEXEC_WASI_FILETYPE_DIRECTORY)
		return bad_path(err, path, "is a directory");
	mnode *n = wx_memfs_node(fs, type);
	if (!n)
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	int r = wx_memfs_resize(n, len);
	if (r) {
		free(n);
		return r == EFBIG ? bad_path(err, path, "file too large")
		                  : wexec_error_set(err, WEXEC_ERR_NOMEM,
		                                    "out of memory");
	}
	if (len)
		memcpy(n->data, data, len);
	if (e)
		wx_memfs_unlink(fs, d, e);
	if (wx_memfs_link(fs, d, last, n)) {
		free(n->data);
		free(n);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	return WEXEC_OK;
}

wexec_status wexec_memfs_write(wexec_memfs *fs, const char *path,
                               const void *data, size_t len, wexec_error *err)
{
	return put(fs, path, WEXEC_WASI_FILETYPE_REGULAR_FILE, data, len, err);
}

wexec_status wexec_memfs_symlink(wexec_memfs *fs, const char *target,
                                 const char *path, wexec_error *err)
{
	if (!target)
		return bad_path(err, path ? path : "", "no target");
	return put(fs, path, WEXEC_WASI_FILETYPE_SYMBOLIC_LINK, target,
	           strlen(target), err);
}

wexec_status wexec_memfs_read(const wexec_memfs *fs, const char *path,
                              const uint8_t **data, size_t *len,
                              wexec_error *err)
{
	mnode *n;
	wexec_status st = find(fs, path, &n, err);
	if (st != WEXEC_OK)
		return st;
	if (n->type != WEXEC_WASI_FILETYPE_REGULAR_FILE)
		return bad_path(err, path, "not a file");
	*data = n->data;
	*len = n->len;
	return WEXEC_OK;
}

wexec_status wexec_memfs_stat(const wexec_memfs *fs, const char *path,
                              wexec_wasi_filestat *out, wexec_error *err)
{
	mnode *n;
	wexec_status st = find(fs, path, &n, err);
	if (st != WEXEC_OK)
		return st;
	uint64_t h = (uint64_t)(uintptr_t)n;
	wexec_memfs_ops()->stat((void *)fs, h, NULL, out);
	return WEXEC_OK;
}

wexec_status wexec_memfs_list(const wexec_memfs *fs, const char *path,
                              wexec_memfs_list_fn fn, void *user,
                              wexec_error *err)
{
	mnode *n;
	wexec_status st = find(fs, path, &n, err);
	if (st != WEXEC_OK)
		return st;
	if (n->type != WEXEC_WASI_FILETYPE_DIRECTORY)
		return bad_path(err, path, "not a directory");
	if (!fn)
		return bad_path(err, path, "no function");
	for (size_t i = 0; i < n->nents; i++)
		if (!fn(user, n->ents[i].name, n->ents[i].node->type))
			break;
	return WEXEC_OK;
}

/* ---- copying a host directory in */

static wexec_status host_error(wexec_error *err, const char *what,
                               const char *name)
{
	return wexec_error_set(err, WEXEC_ERR_IO, "memfs: cannot read %s%s: %s",
	                       what, name, strerror(errno));
}

/* A host file's bytes into a new file `name` of d. */
static wexec_status copy_file(wexec_memfs *fs, mnode *d, int dirfd,
                              const char *name, wexec_error *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return host_error(err, "", name);
	mnode *n = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_REGULAR_FILE);
	if (!n || wx_memfs_link(fs, d, name, n)) {
		free(n);
		close(fd);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	uint8_t buf[65536];
	for (;;) {
		ssize_t k = read(fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			wexec_status st = host_error(err, "", name);
			close(fd);
			return st;
		}
		if (k == 0)
			break;
		size_t at = n->len;
		if (wx_memfs_resize(n, at + (size_t)k)) {
			close(fd);
			return wexec_error_set(err, WEXEC_ERR_NOMEM,
			                       "memfs: %s does not fit", name);
		}
		memcpy(n->data + at, buf, (size_t)k);
	}
	close(fd);
	return WEXEC_OK;
}

static wexec_status copy_dir(wexec_memfs *fs, mnode *d, int dirfd,
                             wexec_error *err);

/* One directory entry of the host, by its kind. */
static wexec_status copy_entry(wexec_memfs *fs, mnode *d, int dirfd,
                               const char *name, wexec_error *err)
{
	struct stat st;
	if (wx_memfs_find(d, name))
		return bad_path(err, name, "already exists");
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return host_error(err, "", name);
	if (S_ISREG(st.st_mode))
		return copy_file(fs, d, dirfd, name, err);
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(dirfd, name, target, sizeof target - 1);
		if (n < 0)
			return host_error(err, "", name);
		mnode *m = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_SYMBOLIC_LINK);
		if (!m || wx_memfs_resize(m, (size_t)n) ||
		    wx_memfs_link(fs, d, name, m)) {
			if (m)
				free(m->data);
			free(m);
			return wexec_error_set(err, WEXEC_ERR_NOMEM,
			                       "out of memory");
		}
		memcpy(m->data, target, (size_t)n);
		return WEXEC_OK;
	}
	if (!S_ISDIR(st.st_mode))
		return WEXEC_OK; /* devices, FIFOs, sockets: left out */
	mnode *m = wx_memfs_node(fs, WEXEC_WASI_FILETYPE_DIRECTORY);
	if (!m || wx_memfs_link(fs, d, name, m)) {
		free(m);
		return wexec_error_set(err, WEXEC_ERR_NOMEM, "out of memory");
	}
	int fd = openat(dirfd, name,
	                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return host_error(err, "directory ", name);
	return copy_dir(fs, m, fd, err);
}

/* Copies the entries of host directory fd (which it closes) into d. */
static wexec_status copy_dir(wexec_memfs *fs, mnode *d, int fd,
                             wexec_error *err)
{
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return host_error(err, "a directory", "");
	}
	wexec_status st = WEXEC_OK;
	struct dirent *e;
	while (st == WEXEC_OK && (e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		st = copy_entry(fs, d, dirfd(dir), e->d_name, err);
	}
	closedir(dir);
	return st;
}

wexec_status wexec_memfs_copy_host(wexec_memfs *fs, const char *path,
                                   const char *host_dir, wexec_error *err)
{
	mnode *d;
	if (!host_dir)
		return bad_path(err, path ? path : "", "no host directory");
	wexec_status st = find(fs, path, &d, err);
	if (st != WEXEC_OK)
		return st;
	if (d->type != WEXEC_WASI_FILETYPE_DIRECTORY)
		return bad_path(err, path, "not a directory");
	int fd = open(host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return host_error(err, "directory ", host_dir);
	return copy_dir(fs, d, fd, err);
}
