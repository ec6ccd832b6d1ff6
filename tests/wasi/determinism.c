/*
 * determinism.c - what a program sees of time and chance, printed: every
 * clock's resolution and readings, libc's clock_gettime, time() and a
 * sleep, and random bytes. Run with --deterministic, the output is the
 * same on every run (determinism.out); run.sh runs it twice and with
 * another --seed.
 */
#include <inttypes.h>
#include <time.h>
#include "t.h"

static void print_random(uint32_t len)
{
	uint8_t buf[32];
	__wasi_errno_t e = __wasi_random_get(buf, len);
	printf("random %2" PRIu32 ":", len);
	if (e)
		printf(" %s", t_errnames[e]);
	for (uint32_t i = 0; !e && i < len; i++)
		printf(" %02x", buf[i]);
	printf("\n");
}

int main(void)
{
	static const char *const names[] = {"realtime", "monotonic",
	                                    "process", "thread"};
	__wasi_timestamp_t res, t;
	for (__wasi_clockid_t id = 0; id < 4; id++) {
		__wasi_errno_t e1 = __wasi_clock_res_get(id, &res);
		__wasi_errno_t e2 = __wasi_clock_time_get(id, 1, &t);
		printf("clock %-9s res %s %" PRIu64 " time %s %" PRIu64 "\n",
		       names[id], t_errnames[e1], e1 ? 0 : res,
		       t_errnames[e2], e2 ? 0 : t);
	}
	__wasi_errno_t e = __wasi_clock_time_get(7, 1, &t);
	printf("clock 7: %s\n", t_errnames[e]);

	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("clock_gettime monotonic %lld.%09ld\n", (long long)ts.tv_sec,
	       ts.tv_nsec);
	printf("time %lld\n", (long long)time(NULL));

	/* A sleep moves the virtual clock on by its length, at once. */
	struct timespec before, after, nap = {1, 500000000};
	clock_gettime(CLOCK_MONOTONIC, &before);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &after);
	long long ns = (after.tv_sec - before.tv_sec) * 1000000000LL +
	               (after.tv_nsec - before.tv_nsec);
	printf("slept 1.5 s: monotonic moved %lld ns\n", ns);

	print_random(16);
	print_random(5);
	print_random(8);
	print_random(32);
	print_random(0);
	return 0;
}
