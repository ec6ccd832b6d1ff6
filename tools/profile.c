/*
 * profile.c - the command's --profile (no spec section; written against
 * include/wexec.h only). The library counts calls and charges ticks to
 * the function running (wexec_store_profile_start); the ticks come from
 * here: a thread that wakes every PROFILE_PERIOD_MS of wall time, reads
 * the CPU-time clock of the thread running the guest, and gives one tick
 * per period of CPU time it used since the last. A thread rather than a
 * SIGPROF timer, so the guest's system calls are never interrupted (no
 * EINTR reaching WASI); CPU time rather than wall time, so time the guest
 * spends blocked, or the host spends running something else, is not
 * counted.
 */
#include "profile.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define PERIOD_NS ((int64_t)PROFILE_PERIOD_MS * 1000000)

struct profiler {
	wexec_store *store;
	clockid_t cpu; /* the CPU-time clock of the thread running the guest */
	pthread_t thread;
	atomic_bool stop;
};

static bool cpu_ns(clockid_t clock, int64_t *out)
{
	struct timespec t;
	if (clock_gettime(clock, &t) != 0)
		return false;
	*out = (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
	return true;
}

static void *ticker(void *arg)
{
	profiler *p = arg;
	const struct timespec period = {0, PERIOD_NS};
	int64_t last = 0, now;
	if (!cpu_ns(p->cpu, &last))
		return NULL;
	while (!atomic_load(&p->stop)) {
		nanosleep(&period, NULL);
		if (!cpu_ns(p->cpu, &now))
			break;
		for (; now - last >= PERIOD_NS; last += PERIOD_NS)
			wexec_store_profile_tick(p->store);
	}
	return NULL;
}

profiler *profiler_start(wexec_store *store)
{
	profiler *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->store = store;
	atomic_init(&p->stop, false);
	if (pthread_getcpuclockid(pthread_self(), &p->cpu) != 0)
		goto fail;
	wexec_store_profile_start(store);
	if (pthread_create(&p->thread, NULL, ticker, p) != 0) {
		wexec_store_profile_stop(store);
		goto fail;
	}
	return p;
fail:
	free(p);
	return NULL;
}

void profiler_stop(profiler *p)
{
	if (!p)
		return;
	atomic_store(&p->stop, true);
	pthread_join(p->thread, NULL);
	wexec_store_profile_stop(p->store);
	free(p);
}

/* The busiest first: samples, then calls, then the lower index. */
static int busier(const void *a, const void *b)
{
	const wexec_profile_entry *x = a, *y = b;
	if (x->samples != y->samples)
		return x->samples > y->samples ? -1 : 1;
	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return x->funcidx < y->funcidx ? -1 : x->funcidx > y->funcidx;
}

bool profile_print(FILE *out, const wexec_instance *inst)
{
	size_t n = wexec_instance_profile(inst, NULL, 0), used = 0;
	wexec_profile_entry *e = calloc(n + 1, sizeof *e);
	uint64_t samples = 0, calls = 0;
	if (!e)
		return false;
	wexec_instance_profile(inst, e, n);
	/* Only the functions that ran. */
	for (size_t i = 0; i < n; i++) {
		samples += e[i].samples;
		calls += e[i].calls;
		if (e[i].samples || e[i].calls)
			e[used++] = e[i];
	}
	qsort(e, used, sizeof *e, busier);
	fprintf(out,
	        "profile: %" PRIu64 " samples of %d ms CPU time, %" PRIu64
	        " calls, %zu functions ran\n",
	        samples, PROFILE_PERIOD_MS, calls, used);
	fprintf(out, "  self%%    samples        calls  function\n");
	for (size_t i = 0; i < used && i < PROFILE_TOP; i++) {
		double pct = samples ? 100.0 * (double)e[i].samples /
		                           (double)samples
		                     : 0.0;
		fprintf(out, "%6.1f%% %10" PRIu64 " %12" PRIu64 "  ", pct,
		        e[i].samples, e[i].calls);
		if (e[i].name)
			fprintf(out, "%.*s\n", (int)e[i].name_len, e[i].name);
		else
			fprintf(out, "function %" PRIu32 "\n", e[i].funcidx);
	}
	if (used > PROFILE_TOP)
		fprintf(out, "  ... and %zu more functions\n", used - PROFILE_TOP);
	fflush(out);
	free(e);
	return true;
}
