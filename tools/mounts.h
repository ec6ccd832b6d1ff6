/*
 * mounts.h - the command's directories for the guest (--dir, --dir-ro,
 * --tmpfs, --dir-overlay): parsing the options and turning them into
 * WASI preopens, host directories or in-memory filesystems.
 */
#ifndef TOOLS_MOUNTS_H
#define TOOLS_MOUNTS_H

#include <stdbool.h>

#include "wexec_wasi.h"

typedef enum mount_kind {
	MOUNT_HOST,    /* --dir, --dir-ro: the host directory itself */
	MOUNT_TMPFS,   /* --tmpfs: an empty in-memory directory */
	MOUNT_OVERLAY, /* --dir-overlay: an in-memory copy of a host one */
} mount_kind;

typedef struct dir_opt {
	const char *host; /* NULL for MOUNT_TMPFS */
	const char *guest;
	bool readonly;
	mount_kind kind;
} dir_opt;

/* The names of the options mounts_parse takes, in its order. */
#define MOUNTS_OPTIONS "--dir", "--dir-ro", "--tmpfs", "--dir-overlay"
#define MOUNTS_NOPTIONS 4

/* Reads the value of option `which` (0 to MOUNTS_NOPTIONS - 1, as in
 * MOUNTS_OPTIONS) into *out, splitting `spec` in place; false when it is
 * malformed (spec then whole, for the message). */
bool mounts_parse(int which, char *spec, dir_opt *out);
/* The form each option's value takes, for a usage message. */
const char *mounts_form(int which);

/* Fills pre[i] for dirs[i]; the in-memory ones are made into fss[i]
 * (NULL for host ones), an overlay's filled from its host directory,
 * which is only read, and under --deterministic (`deterministic`) they
 * record the fixed epoch as every time. Free fss with mounts_free after
 * the WASI context. */
wexec_status mounts_preopens(const dir_opt *dirs, int n, bool deterministic,
                             wexec_wasi_preopen *pre, wexec_memfs **fss,
                             wexec_error *err);
void mounts_free(wexec_memfs **fss, int n);

#endif
