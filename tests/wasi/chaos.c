/* Robustness: 200,000 calls of the WASI functions with random arguments
 * (fds, flags, lengths, pointers into a scratch area or far outside
 * memory, paths built from names, `..`, `.` and symlinks the guest makes
 * itself, pointing anywhere). Nothing may crash the runtime; the guest
 * checks that every result is a valid errno, and the runner checks that
 * nothing outside the preopen (fd 3) changed. stdin is /dev/null and
 * output is captured, so nothing blocks. proc_exit, proc_raise and
 * poll_oneoff on fds are left out (they end or block the program by
 * design). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define IMPORT(name)                                                           \
	__attribute__((import_module("wasi_snapshot_preview1"),                \
	               import_name(#name)))
typedef uint32_t u32;
typedef uint64_t u64;

IMPORT(args_get) int w_args_get(u32, u32);
IMPORT(args_sizes_get) int w_args_sizes_get(u32, u32);
IMPORT(environ_get) int w_environ_get(u32, u32);
IMPORT(environ_sizes_get) int w_environ_sizes_get(u32, u32);
IMPORT(clock_res_get) int w_clock_res_get(u32, u32);
IMPORT(clock_time_get) int w_clock_time_get(u32, u64, u32);
IMPORT(fd_advise) int w_fd_advise(u32, u64, u64, u32);
IMPORT(fd_allocate) int w_fd_allocate(u32, u64, u64);
IMPORT(fd_close) int w_fd_close(u32);
IMPORT(fd_datasync) int w_fd_datasync(u32);
IMPORT(fd_fdstat_get) int w_fd_fdstat_get(u32, u32);
IMPORT(fd_fdstat_set_flags) int w_fd_fdstat_set_flags(u32, u32);
IMPORT(fd_fdstat_set_rights) int w_fd_fdstat_set_rights(u32, u64, u64);
IMPORT(fd_filestat_get) int w_fd_filestat_get(u32, u32);
IMPORT(fd_filestat_set_size) int w_fd_filestat_set_size(u32, u64);
IMPORT(fd_filestat_set_times) int w_fd_filestat_set_times(u32, u64, u64, u32);
IMPORT(fd_pread) int w_fd_pread(u32, u32, u32, u64, u32);
IMPORT(fd_prestat_get) int w_fd_prestat_get(u32, u32);
IMPORT(fd_prestat_dir_name) int w_fd_prestat_dir_name(u32, u32, u32);
IMPORT(fd_pwrite) int w_fd_pwrite(u32, u32, u32, u64, u32);
IMPORT(fd_read) int w_fd_read(u32, u32, u32, u32);
IMPORT(fd_readdir) int w_fd_readdir(u32, u32, u32, u64, u32);
IMPORT(fd_renumber) int w_fd_renumber(u32, u32);
IMPORT(fd_seek) int w_fd_seek(u32, u64, u32, u32);
IMPORT(fd_sync) int w_fd_sync(u32);
IMPORT(fd_tell) int w_fd_tell(u32, u32);
IMPORT(fd_write) int w_fd_write(u32, u32, u32, u32);
IMPORT(path_create_directory) int w_path_create_directory(u32, u32, u32);
IMPORT(path_filestat_get) int w_path_filestat_get(u32, u32, u32, u32, u32);
IMPORT(path_open) int w_path_open(u32, u32, u32, u32, u32, u64, u64, u32, u32);
IMPORT(path_readlink) int w_path_readlink(u32, u32, u32, u32, u32, u32);
IMPORT(path_unlink_file) int w_path_unlink_file(u32, u32, u32);
IMPORT(path_remove_directory) int w_path_remove_directory(u32, u32, u32);
IMPORT(path_rename) int w_path_rename(u32, u32, u32, u32, u32, u32);
IMPORT(path_link) int w_path_link(u32, u32, u32, u32, u32, u32, u32);
IMPORT(path_symlink) int w_path_symlink(u32, u32, u32, u32, u32);
IMPORT(path_filestat_set_times)
int w_path_filestat_set_times(u32, u32, u32, u32, u64, u64, u32);
IMPORT(poll_oneoff) int w_poll_oneoff(u32, u32, u32, u32);
IMPORT(random_get) int w_random_get(u32, u32);
IMPORT(sched_yield) int w_sched_yield(void);
IMPORT(sock_accept) int w_sock_accept(u32, u32, u32);
IMPORT(sock_recv) int w_sock_recv(u32, u32, u32, u32, u32, u32);
IMPORT(sock_send) int w_sock_send(u32, u32, u32, u32, u32);
IMPORT(sock_shutdown) int w_sock_shutdown(u32, u32);

#define SCRATCH 65536
static uint8_t scratch[SCRATCH];
static u64 state = 0x243F6A8885A308D3u;

static u64 rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static u32 fd(void)
{
	u64 r = rnd();
	if ((r & 3) != 0)
		return r & 4 ? 3 : (u32)(r >> 3) % 8; /* mostly the preopen */
	return (u32)(r >> 32);
}

/* Half the time a pointer into scratch with room for `len` bytes, else
 * anything at all (mostly outside memory). */
static u32 ptr(u32 len)
{
	u64 r = rnd();
	if (len > SCRATCH)
		len = SCRATCH;
	if (r & 1)
		return (u32)(uintptr_t)scratch +
		       (u32)((r >> 1) % (SCRATCH - len + 1));
	return (u32)(r >> 32);
}

static u32 len(void)
{
	u64 r = rnd();
	return r & 1 ? (u32)(r >> 1) % 64 : (u32)(r >> 1) % SCRATCH;
}

/* A path in one of four slots at the end of scratch, built from names,
 * `.`, `..` and slashes; *n receives its length. Now and then a raw
 * pointer and length instead. */
static u32 path(u32 *n)
{
	static const char *const parts[] = {
	    "a",        "b",       "c",       "f",      "l",     "m",
	    "..",       ".",       "",        "a/b",    "../..", "sub",
	    "data.txt", "out_rel", "dirlink", "outdir",
	};
	if ((rnd() & 15) == 0) {
		*n = len();
		return ptr(*n);
	}
	static u32 slot;
	char *p = (char *)scratch + SCRATCH - 1024 + 256 * (slot++ % 4);
	u32 k = 0, count = 1 + (u32)(rnd() % 5);
	for (u32 i = 0; i < count; i++) {
		const char *part =
		    parts[rnd() % (sizeof parts / sizeof *parts)];
		if (i)
			p[k++] = '/';
		while (*part && k < 250)
			p[k++] = *part++;
	}
	if ((rnd() & 7) == 0)
		p[k++] = '/';
	*n = k;
	return (u32)(uintptr_t)p;
}

/* An iovec array in scratch whose buffers also lie in scratch. */
static u32 iovs(u32 n)
{
	u32 *v = (u32 *)(void *)scratch;
	for (u32 i = 0; i < n && i < 16; i++) {
		u32 l = len() % 4096;
		v[2 * i] = (u32)(uintptr_t)scratch + 256 +
		           (u32)(rnd() % (SCRATCH - 8192 - 256));
		v[2 * i + 1] = l;
	}
	return rnd() & 7 ? (u32)(uintptr_t)scratch : (u32)rnd();
}

static int one(void)
{
	u32 l = len();
	switch (rnd() % 39) {
	case 0:
		return w_args_get(ptr(64), ptr(256));
	case 1:
		return w_args_sizes_get(ptr(4), ptr(4));
	case 2:
		return w_environ_get(ptr(64), ptr(256));
	case 3:
		return w_environ_sizes_get(ptr(4), ptr(4));
	case 4:
		return w_clock_res_get((u32)rnd() % 6, ptr(8));
	case 5:
		return w_clock_time_get((u32)rnd() % 6, rnd(), ptr(8));
	case 6:
		return w_fd_advise(fd(), rnd(), rnd(), (u32)rnd() % 8);
	case 7:
		return w_fd_allocate(fd(), rnd() % 1000, rnd() % 1000);
	case 8:
		return w_fd_close(fd() + 4); /* keep stdio and the preopen */
	case 9:
		return rnd() % 64
		           ? 0
		           : w_fd_datasync(fd()); /* slow: a disk flush */
	case 10:
		return w_fd_fdstat_get(fd(), ptr(24));
	case 11:
		return w_fd_fdstat_set_flags(fd() + 3, (u32)rnd() % 40);
	case 12:
		return w_fd_fdstat_set_rights(fd() + 4, rnd(), rnd());
	case 13:
		return w_fd_filestat_get(fd(), ptr(64));
	case 14:
		return w_fd_filestat_set_size(fd(), rnd() % 100);
	case 15:
		return w_fd_filestat_set_times(fd(), rnd(), rnd(),
		                               (u32)rnd() % 20);
	case 16:
		return w_fd_pread(fd(), iovs(4), (u32)rnd() % 6, rnd(), ptr(4));
	case 17:
		return w_fd_prestat_get(fd(), ptr(8));
	case 18:
		return w_fd_prestat_dir_name(fd(), ptr(l), l);
	case 19:
		return w_fd_pwrite(fd() + 3, iovs(4), (u32)rnd() % 6, rnd(),
		                   ptr(4));
	case 20:
		return w_fd_read(fd(), iovs(4), (u32)rnd() % 6, ptr(4));
	case 21:
		return w_fd_readdir(fd(), ptr(l), l, rnd() % 4, ptr(4));
	case 22:
		return w_fd_renumber(fd() + 4, fd() + 4);
	case 23:
		return w_fd_seek(fd(), rnd(), (u32)rnd() % 4, ptr(8));
	case 24:
		return rnd() % 64 ? 0 : w_fd_sync(fd());
	case 25:
		return w_fd_tell(fd(), ptr(8));
	case 26:
		return w_fd_write(fd(), iovs(4), (u32)rnd() % 6, ptr(4));
	case 27: {
		u32 n, p = path(&n);
		return w_path_create_directory(fd(), p, n);
	}
	case 28: {
		u32 n, p = path(&n);
		return w_path_filestat_get(fd(), (u32)rnd() % 3, p, n, ptr(64));
	}
	case 29: {
		u32 n, p = path(&n), out = ptr(4);
		u32 nfd;
		int e = w_path_open(fd(), (u32)rnd() % 3, p, n, (u32)rnd() % 20,
		                    rnd(), rnd(), (u32)rnd() % 40,
		                    (u32)(uintptr_t)&nfd);
		(void)out;
		/* Keep the table small: most opened fds are closed again. */
		if (e == 0 && (rnd() & 3))
			w_fd_close(nfd);
		return e;
	}
	case 30: {
		u32 n, p = path(&n);
		return w_path_readlink(fd(), p, n, ptr(64), 64, ptr(4));
	}
	case 31: {
		u32 n, p = path(&n), m, q = path(&m);
		switch (rnd() % 6) {
		case 0:
			return w_path_unlink_file(fd(), p, n);
		case 1:
			return w_path_remove_directory(fd(), p, n);
		case 2:
			return w_path_rename(fd(), p, n, fd(), q, m);
		case 3:
			return w_path_link(fd(), (u32)rnd() % 2, p, n, fd(), q,
			                   m);
		case 4:
			return w_path_symlink(p, n, fd(), q, m);
		default:
			return w_path_filestat_set_times(fd(), (u32)rnd() % 2,
			                                 p, n, rnd(), rnd(),
			                                 (u32)rnd() % 16);
		}
	}
	case 32: {
		/* Clock subscriptions only, with short timeouts. */
		u32 n = (u32)rnd() % 4;
		for (u32 i = 0; i < n; i++) {
			uint8_t *s = scratch + 48 * i;
			memset(s, 0, 48);
			s[8] = 0;
			*(u32 *)(void *)(s + 16) = (u32)rnd() % 5;
			*(u64 *)(void *)(s + 24) = rnd() % 10000;
			*(uint16_t *)(void *)(s + 40) = (uint16_t)(rnd() % 2);
		}
		return w_poll_oneoff((u32)(uintptr_t)scratch,
		                     (u32)(uintptr_t)scratch + 1024, n, ptr(4));
	}
	case 33:
		return w_random_get(ptr(l), l);
	case 34:
		return w_sched_yield();
	case 35:
		return w_sock_accept(fd(), (u32)rnd() % 8, ptr(4));
	case 36:
		return w_sock_recv(fd(), iovs(2), 2, (u32)rnd() % 4, ptr(4),
		                   ptr(2));
	case 37:
		return w_sock_send(fd(), iovs(2), 2, 0, ptr(4));
	default:
		return w_sock_shutdown(fd(), (u32)rnd() % 4);
	}
}

int main(void)
{
	int bad = 0;
	for (int i = 0; i < 200000; i++) {
		int e = one();
		if (e < 0 || e > 76)
			bad++;
	}
	char msg[64];
	int n = snprintf(msg, sizeof msg, "chaos: %d invalid errnos\n", bad);
	scratch[0] = 0;
	u32 iov[2] = {(u32)(uintptr_t)msg, (u32)n};
	u32 written;
	w_fd_write(2, (u32)(uintptr_t)iov, 1, (u32)(uintptr_t)&written);
	return bad != 0;
}
