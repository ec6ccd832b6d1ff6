/*
 * mounts.c - the command's directories for the guest: `--dir` and
 * `--dir-ro` preopen host directories; `--tmpfs GUEST` an empty
 * in-memory directory that vanishes at exit; `--dir-overlay HOST::GUEST`
 * an in-memory copy of a host directory, made when the run starts, so
 * the guest may change it freely while the host's is never written.
 * All are WASI preopens (wexec_wasi.h); the in-memory ones are the
 * built-in wexec_memfs.
 */
#include <string.h>

#include "mounts.h"

/* HOST[::GUEST][::ro]; a second part "ro" alone also means read-only.
 * The spec is split in place, and only once it is known to be good, so a
 * refused one is still whole for the error message. */
static bool parse_host(char *spec, bool readonly, dir_opt *out)
{
	char *sep = strstr(spec, "::");
	char *sep2 = sep ? strstr(sep + 2, "::") : NULL;
	if (sep == spec || (sep && sep[2] == '\0') ||
	    (sep2 && (sep2 == sep + 2 || strcmp(sep2 + 2, "ro") != 0)) ||
	    spec[0] == '\0')
		return false;
	out->host = spec;
	out->guest = spec;
	out->readonly = readonly;
	if (!sep)
		return true;
	*sep = '\0';
	if (sep2) {
		*sep2 = '\0';
		out->readonly = true;
		out->guest = sep + 2;
	} else if (strcmp(sep + 2, "ro") == 0) {
		out->readonly = true;
	} else {
		out->guest = sep + 2;
	}
	return true;
}

bool mounts_parse(int which, char *spec, dir_opt *out)
{
	memset(out, 0, sizeof *out);
	switch (which) {
	case 0:
	case 1:
		out->kind = MOUNT_HOST;
		return parse_host(spec, which == 1, out);
	case 2:
		/* A guest path only: "::" would promise a host side. */
		if (spec[0] == '\0' || strstr(spec, "::"))
			return false;
		out->kind = MOUNT_TMPFS;
		out->guest = spec;
		return true;
	default:
		out->kind = MOUNT_OVERLAY;
		return parse_host(spec, false, out);
	}
}

const char *mounts_form(int which)
{
	return which == 2 ? "GUEST" : "HOST[::GUEST][::ro]";
}

wexec_status mounts_preopens(const dir_opt *dirs, int n, bool deterministic,
                             wexec_wasi_preopen *pre, wexec_memfs **fss,
                             wexec_error *err)
{
	for (int i = 0; i < n; i++) {
		memset(&pre[i], 0, sizeof pre[i]);
		fss[i] = NULL;
		pre[i].guest_path = dirs[i].guest;
		pre[i].read_only = dirs[i].readonly;
		if (dirs[i].kind == MOUNT_HOST) {
			pre[i].host_path = dirs[i].host;
			continue;
		}
		wexec_status st = wexec_memfs_new(&fss[i], err);
		if (st == WEXEC_OK && deterministic)
			wexec_memfs_set_time(fss[i],
			                     WEXEC_WASI_DETERMINISTIC_EPOCH_NS);
		if (st == WEXEC_OK && dirs[i].kind == MOUNT_OVERLAY)
			st = wexec_memfs_copy_host(fss[i], "", dirs[i].host,
			                           err);
		if (st != WEXEC_OK)
			return st;
		pre[i].fs = wexec_memfs_ops();
		pre[i].fs_data = fss[i];
	}
	return WEXEC_OK;
}

void mounts_free(wexec_memfs **fss, int n)
{
	for (int i = 0; fss && i < n; i++)
		wexec_memfs_free(fss[i]);
}
