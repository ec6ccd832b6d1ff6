/*
 * memfs.h - the in-memory filesystem's tree, shared by its callbacks
 * (memfs.c) and the embedder's functions (memfs_api.c).
 */
#ifndef WX_MEMFS_H
#define WX_MEMFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wexec_wasi.h"

/* Files grow to this size at most (EFBIG), so a guest's write at a far
 * offset cannot ask for the whole address space. */
#define MEMFS_MAX_FILE (1ull << 30)

typedef struct mnode mnode;

typedef struct mentry {
	char *name;
	mnode *node;
	uint64_t serial; /* creation order in the directory: the cookie */
} mentry;

struct mnode {
	uint8_t type;   /* WEXEC_WASI_FILETYPE_* */
	uint64_t ino;
	uint64_t nlink; /* names it has (0: removed) */
	uint64_t opens; /* handles on it: it lives while either is > 0 */
	uint64_t atim, mtim, ctim;
	uint8_t *data;  /* a file's bytes, a symlink's target */
	size_t len, cap;
	mentry *ents;   /* a directory's entries, by serial */
	size_t nents, ents_cap;
	uint64_t serial; /* the next entry's */
	mnode *parent;   /* a directory's, NULL for the root */
};

struct wexec_memfs {
	mnode *root;
	uint64_t next_ino;
	uint64_t fixed_time; /* wexec_memfs_set_time's; 0: the host's clock */
};

/* The time to record now: the fixed time when one is set. */
uint64_t wx_memfs_now(const wexec_memfs *fs);
/* A new node of `type`, not linked anywhere: NULL when out of memory. */
mnode *wx_memfs_node(wexec_memfs *fs, uint8_t type);
/* The entry `name` of directory d, or NULL. */
mentry *wx_memfs_find(const mnode *d, const char *name);
/* Links node n into directory d as `name`: ENOMEM. */
int wx_memfs_link(const wexec_memfs *fs, mnode *d, const char *name,
                  mnode *n);
/* Removes entry e of directory d, freeing the node when nothing holds it. */
void wx_memfs_unlink(const wexec_memfs *fs, mnode *d, mentry *e);
/* Sets a file's size, zero-filling: EFBIG, ENOSPC. */
int wx_memfs_resize(mnode *n, uint64_t size);
/* Frees a node no name nor handle holds any more, and what it holds. */
void wx_memfs_drop(mnode *n);

#endif
