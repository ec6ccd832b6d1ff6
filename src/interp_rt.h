/*
 * interp_rt.h - what the dispatch loop (interp.c) shares with the code it
 * calls off its hot paths (interp_rt.c): the frame records and stacks,
 * host calls, traps and backtraces, fuel and profile samples.
 */
#ifndef WX_INTERP_RT_H
#define WX_INTERP_RT_H

#include <stdatomic.h>

#include "compile.h"
#include "interp.h"
#include "runtime.h"

/* A call in progress: where the caller resumes (ip, fp) and the function
 * called, which runs in this frame, so the function running is always
 * fr[-1].func and a return loads two words. The bottom record of an
 * activation returns to EXIT. Records with fp NULL are trampolines a
 * frame may carry above its own (a return to INSTANCE_RETURN or
 * PROFILE_RETURN); they name the frame's function too. */
typedef struct wx_frame {
	wx_cell *ip;
	wx_slot *fp;
	wexec_func *func;
} wx_frame;

struct wx_stack {
	wx_slot *slots;
	size_t nslots;
	wx_frame *frames;
	size_t nframes_max;
	/* Shared by nested activations: the first free slot and frame. */
	wx_slot *top;
	uint32_t nframes;
};

/* Slots reserved past the end of the operand stack, for ZERO_LOCALS. */
#define ZERO_SLACK 4

/* Runs `func` (a wasm function) with its arguments at fp[0..] in one
 * activation of the dispatch loop; the results are left at fp[0..].
 * Called with func == NULL it only publishes the handler table. */
wexec_status wx_interp_execute(wexec_store *store, struct wx_stack *stk,
                               wexec_func *func, wx_slot *fp,
                               wexec_error *err);

/* Calls host function f with arguments at slots[0..], results back at
 * slots[0..]; `caller` is the instance of the wasm code calling. */
wexec_status wx_call_host(wexec_func *f, wexec_instance *caller,
                          wx_slot *slots, wexec_error *err);

/* A trap's message (with the element index of a failed call_indirect),
 * naming function f; the wasm functions of an activation at a trap,
 * innermost first; a host function's trap, with its wasm caller. */
void wx_record_trap(wexec_error *err, wexec_trap trap, const wexec_func *f,
                    const uint32_t *elem);
void wx_record_backtrace(wexec_store *store, const wexec_func *func,
                         const wx_frame *fr, const wx_frame *bottom);
void wx_host_failed(wexec_store *store, wexec_error *err, wexec_status status,
                    const wx_frame *fr, const wx_frame *bottom);

/* Profile ticks pending are time spent in f: charges them to it. */
void wx_take_samples(wexec_store *store, wexec_func *f);
/* Interrupt, profile and fuel, checked at calls and loop heads only: `cur`
 * is the function running, `callee` the one a call enters (NULL at a
 * loop head). */
wexec_trap wx_charge(wexec_store *store, wexec_func *cur, wexec_func *callee);

/* Charges `f` the ticks pending, if any: after a host call (the poll
 * before the call took the ticks that came earlier, so these came while
 * the host function ran) and as a profiled function returns. */
static inline void wx_pending_samples(wexec_store *store, wexec_func *f)
{
	if (atomic_load_explicit(&store->attention, memory_order_relaxed) >=
	    WX_ATTN_TICK)
		wx_take_samples(store, f);
}

#endif /* WX_INTERP_RT_H */
