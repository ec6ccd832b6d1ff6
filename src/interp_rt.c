/*
 * interp_rt.c - the interpreter's work off its hot paths: the operand and
 * frame stacks, calls to host functions (values between slots and
 * wexec_val), the message and backtrace of a trap, fuel and profile
 * samples, and the entry from the API (wx_interp_call), which nests an
 * activation of the dispatch loop (interp.c) on the C stack.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "api.h"
#include "interp_rt.h"

static size_t page_round(size_t n)
{
	return (n + 65535) & ~(size_t)65535;
}

static void *reserve(size_t bytes)
{
	void *p = mmap(NULL, page_round(bytes), PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void wx_interp_stack_free(struct wx_stack *stack)
{
	if (!stack)
		return;
	if (stack->slots)
		munmap(stack->slots, page_round((stack->nslots + ZERO_SLACK) *
		                                sizeof(wx_slot)));
	if (stack->frames)
		munmap(stack->frames,
		       page_round(stack->nframes_max * sizeof(wx_frame)));
	free(stack);
}

/* The stacks are reserved on the first call, untouched pages cost nothing. */
static struct wx_stack *get_stack(wexec_store *store)
{
	if (store->stack)
		return store->stack;
	struct wx_stack *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->nslots = store->config.max_stack_slots
	                ? store->config.max_stack_slots
	                : WX_DEFAULT_STACK_SLOTS;
	/* Twice the depth: a call may add trampoline records above its
	 * own (wx_interp_execute's enter). */
	s->nframes_max =
	    2u * (size_t)(store->config.max_call_depth
	                      ? store->config.max_call_depth
	                      : WX_DEFAULT_CALL_DEPTH) +
	    2u;
	s->slots = reserve((s->nslots + ZERO_SLACK) * sizeof(wx_slot));
	s->frames = reserve(s->nframes_max * sizeof(wx_frame));
	if (!s->slots || !s->frames) {
		wx_interp_stack_free(s);
		return NULL;
	}
	s->top = s->slots;
	store->stack = s;
	return s;
}

static void slot_to_val(wx_valtype type, const wx_slot *s, wexec_val *v)
{
	memset(v, 0, sizeof *v);
	v->type = (wexec_valtype)type;
	switch (type) {
	case WX_I32:
		v->of.i32 = s->i32;
		break;
	case WX_I64:
		v->of.i64 = s->i64;
		break;
	case WX_F32:
		v->of.f32_bits = s->u32;
		break;
	case WX_F64:
		v->of.f64_bits = s->u64;
		break;
	case WX_V128:
		memcpy(v->of.v128, s, 16);
		break;
	default:
		v->of.externref = s->ref;
		break;
	}
}

static void val_to_slot(wx_valtype type, const wexec_val *v, wx_slot *s)
{
	s->u64 = 0;
	switch (type) {
	case WX_I32:
		s->u32 = (uint32_t)v->of.i32;
		break;
	case WX_I64:
		s->i64 = v->of.i64;
		break;
	case WX_F32:
		s->u32 = v->of.f32_bits;
		break;
	case WX_F64:
		s->u64 = v->of.f64_bits;
		break;
	case WX_V128:
		memcpy(s, v->of.v128, 16);
		break;
	default:
		s->ref = v->of.externref;
		break;
	}
}

/* Calls a host function with arguments in slots[0..]; results come back
 * there. Host calls are not the hot path: values are converted both ways. */
wexec_status wx_call_host(wexec_func *f, wexec_instance *caller,
                              wx_slot *slots, wexec_error *err)
{
	const wx_functype *t = f->type;
	wexec_val small[16];
	wexec_val *args = small, *results = small + 8;
	if (t->nparams > 8 || t->nresults > 8) {
		args =
		    calloc((size_t)t->nparams + t->nresults + 1, sizeof *args);
		if (!args)
			return wexec_error_set(
			    err, WEXEC_ERR_NOMEM,
			    "out of memory calling a host function");
		results = args + t->nparams;
	}
	uint32_t s = 0;
	for (uint32_t i = 0; i < t->nparams; i++) {
		slot_to_val(t->params[i], &slots[s], &args[i]);
		s += wx_slots_of(t->params[i]);
	}
	/* Results start as zeroes of the declared types, so a host function
	 * that leaves one unset returns zero or null, never stack garbage. */
	for (uint32_t i = 0; i < t->nresults; i++) {
		memset(&results[i], 0, sizeof results[i]);
		results[i].type = (wexec_valtype)t->results[i];
	}
	wexec_error local = WEXEC_ERROR_INIT;
	wexec_error *e = err ? err : &local;
	wexec_status st = f->host(caller, f->user, args, results, e);
	if (st == WEXEC_OK)
		st = wx_api_host_results(f, results, e);
	if (st == WEXEC_OK) {
		s = 0;
		for (uint32_t i = 0; i < t->nresults; i++) {
			val_to_slot(t->results[i], &results[i], &slots[s]);
			s += wx_slots_of(t->results[i]);
		}
	} else {
		st = wx_api_host_status(f, st, e);
	}
	if (args != small)
		free(args);
	return st;
}

/* A wasm function's name for messages: its name-section entry, else the
 * name it is exported under; NULL for neither. */
static const wx_name *func_name(const wexec_func *f)
{
	const wx_module *m = f->inst->module;
	const wx_func *wf = &m->funcs[f->funcidx];
	if (wf->name.len)
		return &wf->name;
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == WX_EXTERN_FUNC &&
		    m->exports[i].index == f->funcidx)
			return &m->exports[i].name;
	return NULL;
}

/* Writes the trap's message, with the element index of a failed
 * call_indirect (`elem`, the spec interpreter's "uninitialized element
 * 2"), and appends " (in function NAME)". */
void wx_record_trap(wexec_error *err, wexec_trap trap, const wexec_func *f,
                        const uint32_t *elem)
{
	if (!err || err->status != WEXEC_OK)
		return;
	wexec_error_trap(err, trap);
	if (elem) {
		size_t n = strlen(err->message);
		snprintf(err->message + n, sizeof err->message - n, " %u",
		         (unsigned)*elem);
	}
	if (!f || !f->inst)
		return;
	const wx_name *name = func_name(f);
	size_t len = strlen(err->message);
	if (name)
		snprintf(err->message + len, sizeof err->message - len,
		         " (in function %.*s)", (int)name->len, name->str);
	else
		snprintf(err->message + len, sizeof err->message - len,
		         " (in function #%u)", (unsigned)f->funcidx);
}

static void emit_frame(wexec_store *store, uint32_t n, const wexec_func *f)
{
	wexec_frame *out = &store->backtrace[n];
	const wx_name *name = func_name(f);
	out->funcidx = f->funcidx;
	snprintf(out->name, sizeof out->name, "%.*s",
	         name ? (int)name->len : 0, name ? name->str : "");
}

/* Records the wasm functions of this activation at a trap, innermost
 * first: one per frame record, trampolines skipped. `func` is the
 * activation's function, running when no record was pushed yet. */
void wx_record_backtrace(wexec_store *store, const wexec_func *func,
                             const wx_frame *fr, const wx_frame *bottom)
{
	uint32_t n = 0;
	if (fr == bottom)
		emit_frame(store, n++, func);
	for (size_t i = (size_t)(fr - bottom); i-- > 0 && n < WEXEC_BACKTRACE_MAX;)
		if (bottom[i].fp)
			emit_frame(store, n++, bottom[i].func);
	store->nbacktrace = n;
}

/* A host function called from wasm trapped: its message says which host
 * function; this adds the wasm function that called it, and records the
 * wasm call stack. Exits (proc_exit) and other errors pass unchanged. */
void wx_host_failed(wexec_store *store, wexec_error *err,
                        wexec_status status, const wx_frame *fr,
                        const wx_frame *bottom)
{
	if (status != WEXEC_ERR_TRAP)
		return;
	wx_record_backtrace(store, NULL, fr, bottom);
	const wexec_func *cur = fr[-1].func;
	if (!err || !cur || !cur->inst)
		return;
	const wx_name *name = func_name(cur);
	size_t len = strlen(err->message);
	if (name)
		snprintf(err->message + len, sizeof err->message - len,
		         " (called from function %.*s)", (int)name->len,
		         name->str);
	else
		snprintf(err->message + len, sizeof err->message - len,
		         " (called from function #%u)", (unsigned)cur->funcidx);
}

const wx_name *wx_interp_func_name(const wexec_func *f)
{
	return func_name(f);
}

/* Profile ticks pending (wexec_store_profile_tick) are time spent in `f`:
 * charges them to it. */
void wx_take_samples(wexec_store *store, wexec_func *f)
{
	int old = atomic_fetch_and_explicit(
	    &store->attention, WX_ATTN_INTERRUPT | WX_ATTN_PROFILING,
	    memory_order_relaxed);
	if (old & WX_ATTN_PROFILING)
		f->samples += (unsigned)old / WX_ATTN_TICK;
}

/* Interrupt, profile and fuel, checked at calls and loop heads only: `cur`
 * is the function running, `callee` the one a call enters (NULL at a
 * loop head). */
wexec_trap wx_charge(wexec_store *store, wexec_func *cur,
                         wexec_func *callee)
{
	int attn = atomic_load_explicit(&store->attention, memory_order_relaxed);
	if (attn & WX_ATTN_INTERRUPT)
		return WEXEC_TRAP_INTERRUPTED;
	if (attn >= WX_ATTN_TICK)
		wx_take_samples(store, cur);
	if ((attn & WX_ATTN_PROFILING) && callee)
		callee->calls++;
	if (store->config.fuel) {
		if (store->fuel == 0)
			return WEXEC_TRAP_OUT_OF_FUEL;
		store->fuel--;
	}
	return WEXEC_TRAP_NONE;
}

static wexec_status call_nested(wexec_store *store, wexec_func *func,
                                wx_slot *slots, wexec_error *err);

/* The lowest address of this thread's C stack, 0 when unknown; found once
 * per thread (for the main thread glibc reads /proc/self/maps). */
static uintptr_t c_stack_low(void)
{
	static _Thread_local uintptr_t low;
	static _Thread_local bool known;
	if (!known) {
		pthread_attr_t attr;
		void *addr;
		size_t size;
		known = true;
		if (pthread_getattr_np(pthread_self(), &attr) == 0) {
			if (pthread_attr_getstack(&attr, &addr, &size) == 0)
				low = (uintptr_t)addr;
			pthread_attr_destroy(&attr);
		}
	}
	return low;
}

/* Host functions that call back into wasm nest calls of this function on
 * the C stack, the one stack wexec does not own: a nested call is refused
 * with "call stack exhausted" when less than WX_C_STACK_RESERVE bytes of
 * it are left, or past WX_MAX_NESTING calls where its extent is unknown. */
static bool c_stack_left(const wexec_store *store)
{
	char here;
	uintptr_t low = c_stack_low();
	if (low == 0)
		return store->depth < WX_MAX_NESTING;
	return (uintptr_t)&here > low &&
	       (uintptr_t)&here - low > WX_C_STACK_RESERVE;
}

wexec_status wx_interp_call(wexec_store *store, wexec_func *func,
                            wx_slot *slots, wexec_error *err)
{
	if (store->depth == 0) {
		store->nbacktrace = 0;
		/* Ticks between outermost calls were the embedder's time. */
		if (atomic_load_explicit(&store->attention,
		                         memory_order_relaxed) >= WX_ATTN_TICK)
			atomic_fetch_and(&store->attention,
			                 WX_ATTN_INTERRUPT | WX_ATTN_PROFILING);
	}
	if (!c_stack_left(store))
		return wexec_error_trap(err, WEXEC_TRAP_STACK_EXHAUSTED);
	store->depth++;
	wexec_status st = call_nested(store, func, slots, err);
	store->depth--;
	return st;
}

static wexec_status call_nested(wexec_store *store, wexec_func *func,
                                wx_slot *slots, wexec_error *err)
{
	if (!func->inst)
		return wx_call_host(func, NULL, slots, err);
	struct wx_stack *stk = get_stack(store);
	if (!stk)
		return wexec_error_set(err, WEXEC_ERR_NOMEM,
		                       "out of memory for the operand stack");
	/* A nested activation (a host function calling back) starts above
	 * everything in use. */
	wx_slot *base = stk->top, *saved_top = stk->top;
	uint32_t saved_frames = stk->nframes;
	const wx_functype *t = func->type;
	uint32_t nparam = 0, nresult = 0;
	for (uint32_t i = 0; i < t->nparams; i++)
		nparam += wx_slots_of(t->params[i]);
	for (uint32_t i = 0; i < t->nresults; i++)
		nresult += wx_slots_of(t->results[i]);
	if (base + nparam > stk->slots + stk->nslots)
		return wexec_error_trap(err, WEXEC_TRAP_STACK_EXHAUSTED);
	memcpy(base, slots, nparam * sizeof *slots);
	wexec_status st = wx_interp_execute(store, stk, func, base, err);
	stk->top = saved_top;
	stk->nframes = saved_frames;
	if (st == WEXEC_OK)
		memcpy(slots, base, nresult * sizeof *slots);
	return st;
}
