/*
 * profile.c - where a store's code spends its time (no spec section: an
 * embedder's tool, as wexec_store_backtrace is). The counting is the
 * interpreter's (interp.c): while the store profiles, every call takes
 * the general call path, which counts it in the callee, and each pending
 * tick is charged at the next poll (a call or a taken branch) to the
 * function running. Profiling and ticks are bits of the store's
 * attention flags, beside the interrupt bit, so profiling off costs no
 * test the interpreter did not already make.
 */
#include <string.h>

#include "interp.h"
#include "runtime.h"

void wexec_store_profile_start(wexec_store *store)
{
	if (!store)
		return;
	/* Flag first, as wexec_store_interrupt: calls already running in
	 * this store leave their fast path now. */
	atomic_fetch_or(&store->attention, WX_ATTN_PROFILING);
	atomic_store(&store->call_limit, 0);
}

void wexec_store_profile_stop(wexec_store *store)
{
	if (!store)
		return;
	/* Pending ticks are dropped; an interrupt stays. */
	atomic_fetch_and(&store->attention, WX_ATTN_INTERRUPT);
}

bool wexec_store_profiling(const wexec_store *store)
{
	return store && (atomic_load(&store->attention) & WX_ATTN_PROFILING);
}

void wexec_store_profile_tick(wexec_store *store)
{
	/* Lock-free atomics only: a signal handler may call this. */
	if (store && (atomic_load_explicit(&store->attention,
	                                   memory_order_relaxed) &
	              WX_ATTN_PROFILING))
		atomic_fetch_add_explicit(&store->attention, WX_ATTN_TICK,
		                          memory_order_relaxed);
}

/* The name a profile shows for function `idx` of `inst`: the name this
 * instance's module gives it, else what it is where it comes from. */
static void entry_name(const wexec_instance *inst, uint32_t idx,
                       wexec_profile_entry *out)
{
	const wx_module *m = inst->module;
	const wexec_func *f = inst->funcs[idx];
	const wx_name *name = NULL;
	if (m->funcs[idx].name.len) {
		name = &m->funcs[idx].name;
	} else {
		for (uint32_t i = 0; i < m->nexports && !name; i++)
			if (m->exports[i].kind == WX_EXTERN_FUNC &&
			    m->exports[i].index == idx)
				name = &m->exports[i].name;
	}
	if (!name && f->inst && f->inst != inst && f->inst->module)
		name = wx_interp_func_name(f);
	if (name) {
		out->name = (const char *)name->str;
		out->name_len = name->len;
	} else if (!f->inst && f->host_name) {
		out->name = f->host_name;
		out->name_len = strlen(f->host_name);
	}
}

size_t wexec_instance_profile(const wexec_instance *instance,
                              wexec_profile_entry *out, size_t max)
{
	if (!instance || !instance->module)
		return 0;
	const wx_module *m = instance->module;
	for (uint32_t i = 0; out && i < max && i < m->nfuncs; i++) {
		const wexec_func *f = instance->funcs[i];
		memset(&out[i], 0, sizeof out[i]);
		out[i].funcidx = i;
		out[i].imported = i < m->nfunc_imports;
		out[i].calls = f->calls;
		out[i].samples = f->samples;
		entry_name(instance, i, &out[i]);
	}
	return m->nfuncs;
}
