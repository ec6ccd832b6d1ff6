/* Clocks, random_get, sched_yield and poll_oneoff: relative and absolute
 * clock timeouts, fd readiness on stdout and on stdin (a pipe the runner
 * fills with "ping\n"). */
#include "t.h"

static __wasi_timestamp_t now(__wasi_clockid_t id)
{
	__wasi_timestamp_t t = 0;
	if (__wasi_clock_time_get(id, 1, &t) != 0)
		return 0;
	return t;
}

static volatile unsigned spin;

static void clocks(void)
{
	__wasi_timestamp_t t;
	for (__wasi_clockid_t id = 0; id < 4; id++) {
		char label[32];
		snprintf(label, sizeof label, "clock %u", (unsigned)id);
		TE(label, __wasi_clock_res_get(id, &t), 0);
		TB(label, t > 0 && t <= 1000000000ull);
		TE(label, __wasi_clock_time_get(id, 1, &t), 0);
	}
	TB("realtime sane",
	   now(__WASI_CLOCKID_REALTIME) > 1600000000ull * 1000000000ull);
	TE("clock bad", __wasi_clock_time_get(9, 1, &t), __WASI_ERRNO_INVAL);
	TE("clock res bad", __wasi_clock_res_get(9, &t), __WASI_ERRNO_INVAL);
	__wasi_timestamp_t a = now(__WASI_CLOCKID_MONOTONIC);
	__wasi_timestamp_t b = now(__WASI_CLOCKID_MONOTONIC);
	TB("monotonic", b >= a);

	__wasi_timestamp_t c0 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
	for (unsigned i = 0; i < 300000; i++)
		spin += i;
	TB("cpu time advances", now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > c0);
}

static void random_and_yield(void)
{
	uint8_t a[32] = {0}, b[32] = {0};
	TE("random_get", __wasi_random_get(a, sizeof a), 0);
	TE("random_get 2", __wasi_random_get(b, sizeof b), 0);
	TB("random differs", memcmp(a, b, sizeof a) != 0);
	TE("random efault", __wasi_random_get((uint8_t *)0xfffffff0, 32),
	   __WASI_ERRNO_FAULT);
	TE("sched_yield", __wasi_sched_yield(), 0);
}

static __wasi_subscription_t clock_sub(uint64_t ud, __wasi_clockid_t id,
                                       uint64_t timeout, int abs)
{
	__wasi_subscription_t s;
	memset(&s, 0, sizeof s);
	s.userdata = ud;
	s.u.tag = __WASI_EVENTTYPE_CLOCK;
	s.u.u.clock.id = id;
	s.u.u.clock.timeout = timeout;
	s.u.u.clock.flags =
	    abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
	return s;
}

static __wasi_subscription_t fd_sub(uint64_t ud, int type, int fd)
{
	__wasi_subscription_t s;
	memset(&s, 0, sizeof s);
	s.userdata = ud;
	s.u.tag = (uint8_t)type;
	s.u.u.fd_read.file_descriptor = (uint32_t)fd;
	return s;
}

static void polls(void)
{
	__wasi_event_t ev[3];
	size_t n;
	__wasi_subscription_t s[3];
	__wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
	s[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 50000000, 0);
	TE("poll relative", __wasi_poll_oneoff(s, ev, 1, &n), 0);
	__wasi_timestamp_t dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
	TB("slept 50ms", n == 1 && ev[0].userdata == 7 && ev[0].error == 0 &&
	                     ev[0].type == __WASI_EVENTTYPE_CLOCK &&
	                     dt >= 50000000 && dt < 2000000000);
	t0 = now(__WASI_CLOCKID_REALTIME);
	s[0] = clock_sub(8, __WASI_CLOCKID_REALTIME, t0 + 30000000, 1);
	s[1] = clock_sub(9, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
	TE("poll absolute", __wasi_poll_oneoff(s, ev, 2, &n), 0);
	dt = now(__WASI_CLOCKID_REALTIME) - t0;
	TB("absolute fired first",
	   n == 1 && ev[0].userdata == 8 && dt >= 30000000 && dt < 2000000000);
	s[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 0, 1);
	TE("poll past deadline", __wasi_poll_oneoff(s, ev, 1, &n), 0);
	TB("past fires at once", n == 1 && ev[0].userdata == 1);
	s[0] = fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, 1);
	s[1] = clock_sub(3, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
	TE("poll stdout", __wasi_poll_oneoff(s, ev, 2, &n), 0);
	TB("stdout writable", n == 1 && ev[0].userdata == 2 &&
	                          ev[0].error == 0 &&
	                          ev[0].type == __WASI_EVENTTYPE_FD_WRITE);
	s[0] = fd_sub(4, __WASI_EVENTTYPE_FD_READ, 0);
	TE("poll stdin", __wasi_poll_oneoff(s, ev, 2, &n), 0);
	TB("stdin readable", n == 1 && ev[0].userdata == 4 &&
	                         ev[0].error == 0 &&
	                         ev[0].type == __WASI_EVENTTYPE_FD_READ &&
	                         ev[0].fd_readwrite.nbytes == 5);
	s[0] = fd_sub(5, __WASI_EVENTTYPE_FD_READ, 42);
	TE("poll bad fd", __wasi_poll_oneoff(s, ev, 1, &n), 0);
	TB("bad fd event",
	   n == 1 && ev[0].userdata == 5 && ev[0].error == __WASI_ERRNO_BADF);
	TE("poll none", __wasi_poll_oneoff(s, ev, 0, &n), __WASI_ERRNO_INVAL);
	TE("poll efault",
	   __wasi_poll_oneoff((__wasi_subscription_t *)0xffffff00, ev, 1, &n),
	   __WASI_ERRNO_FAULT);
}

int main(void)
{
	clocks();
	random_and_yield();
	polls();
	return t_failed;
}
