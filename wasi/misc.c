/*
 * misc.c - the wasi_snapshot_preview1 functions that are not about files
 * (wasi-spec docs.md): args_*, environ_*, clock_*, random_get,
 * poll_oneoff, proc_exit, proc_raise and sched_yield. In deterministic
 * mode (wexec_wasi.h) the clocks are virtual and random_get comes from
 * prng.c.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi.h"

/* args_get and environ_get: an array of pointers into one buffer of
 * NUL-terminated strings. */
static wasi_errno put_strings(wasi_call *c, char **v, size_t n, uint32_t ptrs,
                              uint32_t buf)
{
	uint8_t *pp = wasi_mem(c, ptrs, (uint64_t)n * 4);
	if (!pp)
		return WASI_EFAULT;
	uint64_t at = buf;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;
		uint8_t *dst = wasi_mem(c, at, len);
		if (!dst || at > UINT32_MAX)
			return WASI_EFAULT;
		memcpy(dst, v[i], len);
		wasi_put_u32(pp + 4 * i, (uint32_t)at);
		at += len;
	}
	return WASI_ESUCCESS;
}

static wasi_errno put_sizes(wasi_call *c, char **v, size_t n, uint32_t count,
                            uint32_t size)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(v[i]) + 1;
	if (total > UINT32_MAX || n > UINT32_MAX)
		return WASI_EOVERFLOW;
	wasi_errno e = wasi_store_u32(c, count, (uint32_t)n);
	return e ? e : wasi_store_u32(c, size, (uint32_t)total);
}

static wasi_errno args_get(wasi_call *c, const wexec_val *args)
{
	return put_strings(c, c->wasi->argv, c->wasi->argc, ARG32(0), ARG32(1));
}

static wasi_errno args_sizes_get(wasi_call *c, const wexec_val *args)
{
	return put_sizes(c, c->wasi->argv, c->wasi->argc, ARG32(0), ARG32(1));
}

static wasi_errno environ_get(wasi_call *c, const wexec_val *args)
{
	return put_strings(c, c->wasi->env, c->wasi->envc, ARG32(0), ARG32(1));
}

static wasi_errno environ_sizes_get(wasi_call *c, const wexec_val *args)
{
	return put_sizes(c, c->wasi->env, c->wasi->envc, ARG32(0), ARG32(1));
}

static bool host_clock(uint32_t id, clockid_t *out)
{
	switch (id) {
	case WASI_CLOCK_REALTIME:
		*out = CLOCK_REALTIME;
		return true;
	case WASI_CLOCK_MONOTONIC:
		*out = CLOCK_MONOTONIC;
		return true;
	case WASI_CLOCK_PROCESS_CPUTIME:
		*out = CLOCK_PROCESS_CPUTIME_ID;
		return true;
	case WASI_CLOCK_THREAD_CPUTIME:
		*out = CLOCK_THREAD_CPUTIME_ID;
		return true;
	default:
		return false;
	}
}

static uint64_t ns_of(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

static uint64_t now_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ns_of(&ts);
}

/* clock_res_get and clock_time_get: a host clock query stored as ns. */
static wasi_errno clock_query(wasi_call *c, uint32_t clock, uint32_t result,
                              int (*query)(clockid_t, struct timespec *))
{
	clockid_t id;
	struct timespec ts;
	if (!host_clock(clock, &id))
		return WASI_EINVAL;
	if (query(id, &ts) < 0)
		return wasi_errno_from_host(errno);
	return wasi_store_u64(c, result, ns_of(&ts));
}

/* Deterministic mode's clock `id` (a valid one) at virtual time t: the
 * realtime clock counts from a fixed epoch, the others from 0. */
static uint64_t virtual_now(uint32_t id, uint64_t t)
{
	return id == WASI_CLOCK_REALTIME ? WEXEC_WASI_DETERMINISTIC_EPOCH_NS + t
	                                 : t;
}

static wasi_errno clock_res_get(wasi_call *c, const wexec_val *args)
{
	clockid_t id;
	if (c->wasi->deterministic)
		return host_clock(ARG32(0), &id)
		           ? wasi_store_u64(c, ARG32(1),
		                            WEXEC_WASI_DETERMINISTIC_STEP_NS)
		           : WASI_EINVAL;
	return clock_query(c, ARG32(0), ARG32(1), clock_getres);
}

/* The precision argument (ARG64(1)) is a tolerance the guest grants; the
 * host clock read at full resolution always meets it. */
static wasi_errno clock_time_get(wasi_call *c, const wexec_val *args)
{
	wexec_wasi *w = c->wasi;
	clockid_t id;
	if (!w->deterministic)
		return clock_query(c, ARG32(0), ARG32(2), clock_gettime);
	if (!host_clock(ARG32(0), &id))
		return WASI_EINVAL;
	wasi_errno e =
	    wasi_store_u64(c, ARG32(2), virtual_now(ARG32(0), w->vclock));
	/* Only a read the guest received moves the clock on. */
	if (e == WASI_ESUCCESS)
		w->vclock += WEXEC_WASI_DETERMINISTIC_STEP_NS;
	return e;
}

static wasi_errno random_get(wasi_call *c, const wexec_val *args)
{
	uint32_t len = ARG32(1);
	uint8_t *p = wasi_mem(c, ARG32(0), len);
	if (!p)
		return WASI_EFAULT;
	if (c->wasi->deterministic) {
		wasi_prng_fill(c->wasi->rng, p, len);
		return WASI_ESUCCESS;
	}
	while (len > 0) {
		ssize_t r = getrandom(p, len, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return wasi_errno_from_host(errno);
		}
		p += r;
		len -= (uint32_t)r;
	}
	return WASI_ESUCCESS;
}

static wasi_errno sched_yield_(wasi_call *c, const wexec_val *args)
{
	(void)c, (void)args;
	sched_yield();
	return WASI_ESUCCESS;
}

static wasi_errno proc_exit(wasi_call *c, const wexec_val *args)
{
	c->wasi->exited = true;
	c->wasi->exit_code = args[0].of.i32;
	c->status = wexec_error_exit(c->err, args[0].of.i32);
	return WASI_ESUCCESS;
}

/* Raising a signal ends the program as the signal's default action would
 * end a native one (exit code 128 + host signal number); signals whose
 * default is to be ignored, or to stop, do nothing. The host process
 * itself is never signalled. */
static wasi_errno proc_raise(wasi_call *c, const wexec_val *args)
{
	static const int host_sig[WASI_SIGNAL_MAX + 1] = {
	    0,       SIGHUP,  SIGINT,  SIGQUIT, SIGILL,    SIGTRAP, SIGABRT,
	    SIGBUS,  SIGFPE,  SIGKILL, SIGUSR1, SIGSEGV,   SIGUSR2, SIGPIPE,
	    SIGALRM, SIGTERM, SIGCHLD, SIGCONT, SIGSTOP,   SIGTSTP, SIGTTIN,
	    SIGTTOU, SIGURG,  SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH,
	    SIGPOLL, SIGPWR,  SIGSYS,
	};
	uint32_t sig = ARG32(0);
	if (sig > WASI_SIGNAL_MAX)
		return WASI_EINVAL;
	int s = host_sig[sig];
	if (s == 0 || s == SIGCHLD || s == SIGCONT || s == SIGURG ||
	    s == SIGWINCH || s == SIGSTOP || s == SIGTSTP || s == SIGTTIN ||
	    s == SIGTTOU)
		return WASI_ESUCCESS;
	c->wasi->exited = true;
	c->wasi->exit_code = 128 + s;
	c->status = wexec_error_exit(c->err, 128 + s);
	return WASI_ESUCCESS;
}

/* ---- poll_oneoff */

typedef struct psub {
	uint64_t userdata;
	uint8_t type;
	wasi_errno error;  /* found while reading the subscription */
	uint64_t deadline; /* CLOCK: CLOCK_MONOTONIC ns */
	wasi_fd *fd;       /* FD_READ/FD_WRITE */
	int pollidx;       /* index in the pollfd array, or -1 */
	bool ready;
	uint64_t nbytes;
	uint16_t flags;
} psub;

/* Reads one subscription. A bad clock id, event type or fd is not the
 * call's errno: it becomes that subscription's event, ready at once, so
 * the other subscriptions still report (as the spec's event.error
 * field intends). */
static void read_sub(wasi_call *c, const uint8_t *p, psub *s, uint64_t mono)
{
	memset(s, 0, sizeof *s);
	s->pollidx = -1;
	s->userdata = wasi_get_u64(p + offsetof(wasi_subscription, userdata));
	s->type = p[offsetof(wasi_subscription, tag)];
	if (s->type == WASI_EVENTTYPE_CLOCK) {
		const uint8_t *q = p + offsetof(wasi_subscription, u);
		uint32_t id =
		    wasi_get_u32(q + offsetof(wasi_subscription_clock, id));
		uint64_t t = wasi_get_u64(
		    q + offsetof(wasi_subscription_clock, timeout));
		uint16_t fl =
		    wasi_get_u16(q + offsetof(wasi_subscription_clock, flags));
		clockid_t hid;
		if (!host_clock(id, &hid)) {
			s->error = WASI_EINVAL;
			s->ready = true;
			return;
		}
		uint64_t rel = t;
		if (fl & WASI_SUBCLOCK_ABSTIME) {
			uint64_t now = c->wasi->deterministic
			                   ? virtual_now(id, c->wasi->vclock)
			                   : now_ns(hid);
			rel = t > now ? t - now : 0;
		}
		s->deadline = rel > UINT64_MAX - mono ? UINT64_MAX : mono + rel;
		return;
	}
	if (s->type != WASI_EVENTTYPE_FD_READ &&
	    s->type != WASI_EVENTTYPE_FD_WRITE) {
		s->error = WASI_EINVAL;
		s->ready = true;
		return;
	}
	uint32_t fd = wasi_get_u32(p + offsetof(wasi_subscription, u));
	s->error = wasi_fd_get(c->wasi, fd, WASI_R_POLL_FD_READWRITE, &s->fd);
	if (s->error) {
		s->ready = true;
		return;
	}
	bool rd = s->type == WASI_EVENTTYPE_FD_READ;
	struct stat st;
	switch (s->fd->kind) {
	case WASI_FD_BUFIN:
		s->ready = true;
		s->nbytes = c->wasi->stdin_len - c->wasi->stdin_pos;
		break;
	case WASI_FD_BUFOUT:
	case WASI_FD_NULL:
		s->ready = true; /* buffers never block */
		break;
	case WASI_FD_FS: {
		/* An embedder's files are always ready, like the host's. */
		wexec_wasi_filestat fst;
		s->ready = true;
		if (rd && !wasi_fs_stat(s->fd, &fst) && fst.size > s->fd->pos)
			s->nbytes = fst.size - s->fd->pos;
		break;
	}
	default:
		/* Regular files are always ready; report what is left. */
		if (fstat(s->fd->host, &st) == 0 && S_ISREG(st.st_mode)) {
			s->ready = true;
			off_t pos = lseek(s->fd->host, 0, SEEK_CUR);
			if (rd && pos >= 0 && st.st_size > pos)
				s->nbytes = (uint64_t)(st.st_size - pos);
		}
		break;
	}
}

static void finish_fd(psub *s, const struct pollfd *pfd)
{
	if (!pfd->revents)
		return;
	s->ready = true;
	if (pfd->revents & POLLNVAL)
		s->error = WASI_EBADF;
	if (pfd->revents & POLLHUP)
		s->flags |= WASI_EVENTRW_HANGUP;
	int avail = 0;
	if (s->type == WASI_EVENTTYPE_FD_READ &&
	    ioctl(pfd->fd, FIONREAD, &avail) == 0 && avail > 0)
		s->nbytes = (uint64_t)avail;
}

/* Waits until at least one subscription is ready (clock deadlines are
 * turned into the poll timeout, so nothing spins); a host poll failure
 * other than EINTR is returned as the call's errno. */
static wasi_errno wait_ready(psub *subs, uint32_t n, struct pollfd *pfds)
{
	for (;;) {
		int npfd = 0;
		bool any = false;
		uint64_t soonest = UINT64_MAX;
		uint64_t mono = now_ns(CLOCK_MONOTONIC);
		for (uint32_t i = 0; i < n; i++) {
			psub *s = &subs[i];
			if (s->type == WASI_EVENTTYPE_CLOCK && !s->error &&
			    s->deadline <= mono)
				s->ready = true;
			if (s->ready)
				any = true;
			else if (s->type == WASI_EVENTTYPE_CLOCK) {
				if (s->deadline < soonest)
					soonest = s->deadline;
			} else {
				s->pollidx = npfd;
				pfds[npfd].fd = s->fd->host;
				pfds[npfd].events =
				    s->type == WASI_EVENTTYPE_FD_READ ? POLLIN
				                                      : POLLOUT;
				pfds[npfd].revents = 0;
				npfd++;
			}
		}
		struct timespec ts = {0, 0}, *tp = &ts;
		if (!any) {
			if (soonest == UINT64_MAX)
				tp = NULL;
			else {
				ts.tv_sec =
				    (time_t)((soonest - mono) / 1000000000u);
				ts.tv_nsec =
				    (long)((soonest - mono) % 1000000000u);
			}
		}
		int r = ppoll(pfds, (nfds_t)npfd, tp, NULL);
		if (r < 0 && errno != EINTR)
			return wasi_errno_from_host(errno);
		for (uint32_t i = 0; r > 0 && i < n; i++)
			if (subs[i].pollidx >= 0)
				finish_fd(&subs[i], &pfds[subs[i].pollidx]);
		mono = now_ns(CLOCK_MONOTONIC);
		for (uint32_t i = 0; i < n; i++) {
			subs[i].pollidx = -1;
			if (subs[i].type == WASI_EVENTTYPE_CLOCK &&
			    !subs[i].error && subs[i].deadline <= mono)
				subs[i].ready = true;
			if (subs[i].ready)
				any = true;
		}
		if (any)
			return WASI_ESUCCESS;
	}
}

/* Deterministic mode: clock deadlines are on the virtual clock, and
 * waiting for one costs no time. The fds are looked at once, without
 * waiting; when none is ready and a clock subscription is pending, the
 * clock jumps to its deadline and every subscription due then fires.
 * Returns false when nothing is ready and no clock is pending (only fds
 * to wait for): then the caller waits for them for real. */
static bool wait_virtual(wexec_wasi *w, psub *subs, uint32_t n,
                         struct pollfd *pfds)
{
	int npfd = 0;
	bool any = false;
	uint64_t soonest = UINT64_MAX;
	for (uint32_t i = 0; i < n; i++) {
		psub *s = &subs[i];
		if (s->ready || s->type != WASI_EVENTTYPE_CLOCK)
			continue;
		if (s->deadline <= w->vclock)
			s->ready = true;
		else if (s->deadline < soonest)
			soonest = s->deadline;
	}
	for (uint32_t i = 0; i < n; i++) {
		psub *s = &subs[i];
		if (s->ready || s->type == WASI_EVENTTYPE_CLOCK)
			continue;
		s->pollidx = npfd;
		pfds[npfd].fd = s->fd->host;
		pfds[npfd].events =
		    s->type == WASI_EVENTTYPE_FD_READ ? POLLIN : POLLOUT;
		pfds[npfd].revents = 0;
		npfd++;
	}
	if (npfd > 0 && poll(pfds, (nfds_t)npfd, 0) > 0)
		for (uint32_t i = 0; i < n; i++)
			if (subs[i].pollidx >= 0)
				finish_fd(&subs[i], &pfds[subs[i].pollidx]);
	for (uint32_t i = 0; i < n; i++) {
		subs[i].pollidx = -1;
		any |= subs[i].ready;
	}
	if (any)
		return true;
	if (soonest == UINT64_MAX)
		return false;
	w->vclock = soonest;
	for (uint32_t i = 0; i < n; i++)
		if (subs[i].type == WASI_EVENTTYPE_CLOCK && !subs[i].error &&
		    subs[i].deadline <= soonest)
			subs[i].ready = true;
	return true;
}

static wasi_errno poll_oneoff(wasi_call *c, const wexec_val *args)
{
	uint32_t n = ARG32(2);
	if (n == 0)
		return WASI_EINVAL;
	const uint8_t *in =
	    wasi_mem(c, ARG32(0), (uint64_t)n * sizeof(wasi_subscription));
	uint8_t *out = wasi_mem(c, ARG32(1), (uint64_t)n * sizeof(wasi_event));
	if (!in || !out)
		return WASI_EFAULT;
	psub *subs = calloc(n, sizeof *subs);
	struct pollfd *pfds = calloc(n, sizeof *pfds);
	wasi_errno e = WASI_ENOMEM;
	if (!subs || !pfds)
		goto done;
	bool virt = c->wasi->deterministic;
	uint64_t mono = virt ? c->wasi->vclock : now_ns(CLOCK_MONOTONIC);
	for (uint32_t i = 0; i < n; i++)
		read_sub(c, in + (size_t)i * sizeof(wasi_subscription),
		         &subs[i], mono);
	if (!virt || !wait_virtual(c->wasi, subs, n, pfds))
		if ((e = wait_ready(subs, n, pfds)))
			goto done;
	uint32_t nev = 0;
	for (uint32_t i = 0; i < n; i++) {
		psub *s = &subs[i];
		if (!s->ready)
			continue;
		uint8_t *ev = out + (size_t)nev++ * sizeof(wasi_event);
		memset(ev, 0, sizeof(wasi_event));
		wasi_put_u64(ev + offsetof(wasi_event, userdata), s->userdata);
		wasi_put_u16(ev + offsetof(wasi_event, error), s->error);
		wasi_put_u8(ev + offsetof(wasi_event, type), s->type);
		if (s->type != WASI_EVENTTYPE_CLOCK) {
			wasi_put_u64(
			    ev + offsetof(wasi_event, fd_readwrite.nbytes),
			    s->nbytes);
			wasi_put_u16(
			    ev + offsetof(wasi_event, fd_readwrite.flags),
			    s->flags);
		}
	}
	e = wasi_store_u32(c, ARG32(3), nev);
done:
	free(subs);
	free(pfds);
	return e;
}

const wasi_func wasi_funcs_misc[] = {
    {"args_get", "ii", true, args_get, "A"},
    {"args_sizes_get", "ii", true, args_sizes_get, "nn"},
    {"environ_get", "ii", true, environ_get, "E"},
    {"environ_sizes_get", "ii", true, environ_sizes_get, "nn"},
    {"clock_res_get", "ii", true, clock_res_get, "c~"},
    {"clock_time_get", "iIi", true, clock_time_get, "cI~"},
    {"random_get", "ii", true, random_get, "b"},
    {"poll_oneoff", "iiii", true, poll_oneoff, "P="},
    {"proc_exit", "i", false, proc_exit, "i"},
    {"proc_raise", "i", true, proc_raise, "i"},
    {"sched_yield", "", true, sched_yield_, ""},
    {NULL, NULL, false, NULL, NULL},
};
