/*
 * profile.h - the command's --profile: ticks a store's profile from a
 * timer thread, one tick per millisecond of CPU time the running thread
 * used, and prints where the time went, per function.
 */
#ifndef TOOLS_PROFILE_H
#define TOOLS_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "wexec.h"

/* The CPU time one sample stands for. */
#define PROFILE_PERIOD_MS 1

/* Functions the table lists, the busiest first. */
#define PROFILE_TOP 20

typedef struct profiler profiler;

/* Turns profiling on in `store` and starts the thread that ticks it by
 * the CPU time of the calling thread, which must be the one that runs
 * the store's code. Returns NULL, profiling off again, when the thread
 * cannot be made (out of memory, no thread CPU clock). */
profiler *profiler_start(wexec_store *store);

/* Stops the ticks and profiling, and frees p (NULL: nothing). The store
 * keeps the counts for profile_print. */
void profiler_stop(profiler *p);

/* Writes the table of the PROFILE_TOP functions of `inst` with the most
 * samples (then calls): self time in % of all samples, samples, calls,
 * name. Returns false when out of memory (nothing written). */
bool profile_print(FILE *out, const wexec_instance *inst);

#endif /* TOOLS_PROFILE_H */
