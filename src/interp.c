/*
 * interp.c - runs the internal code of icode.def (spec: exec/instructions.rst
 * for every instruction, exec/runtime.rst "Activations and Frames" for the
 * frames). Docs: docs/interp.md.
 *
 * A frame is a window of slots on the store's operand stack: parameters,
 * locals, then the operand stack positions, each at a fixed index the
 * compiler chose. A call's arguments already sit in consecutive slots at
 * the caller's stack top; they become the callee's parameters where they
 * are, and its results come back in the same place. Wasm-to-wasm calls
 * push a record on an explicit frame stack and never recurse on the C
 * stack, so the depth limit is the embedder's, not the host's. Only a host
 * function calling back into wasm nests a C activation of this loop.
 * What the loop calls off its hot paths (the stacks, host calls, traps,
 * fuel and profile samples, the entry from the API) is in interp_rt.c.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "dispatch.h"
#include "interp.h"
#include "interp_rt.h"
#include "memory.h"
#include "numeric.h"
#include "runtime.h"
#include "simd.h"
#include "table.h"

/* Loads and stores copy little-endian bytes straight into slots. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "wexec needs a little-endian host"
#endif
_Static_assert(sizeof(wx_slot) == 8, "a slot is 8 bytes");
_Static_assert(sizeof(wx_cell) == 8, "a code cell is 8 bytes");

/* Stands in for the memory of an instance that has none, so the hot path
 * needs no NULL test: every access is out of bounds. */
static wexec_memory no_memory;

static const void *const *handler_table;

/* The f64 register (facc, in the loop below): FACC_PUT(v) leaves v in it,
 * FACC_TAKE() reads what the instruction before left there. With gcc on
 * x86-64 it lives in xmm15; the empty asm statements make gcc put the
 * value there (a store it might otherwise drop as dead) and take it from
 * there, across the dispatch jump between two handlers. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define FACC_DECL register double facc __asm__("xmm15")
#define FACC_PUT(v)                                                            \
	do {                                                                   \
		facc = (v);                                                    \
		__asm__ volatile("" : : "x"(facc));                            \
	} while (0)
#define FACC_TAKE() __asm__ volatile("" : "=x"(facc))
#else
#define FACC_DECL double facc
#define FACC_PUT(v) (facc = (v))
#define FACC_TAKE() ((void)0)
#endif
/* d = v, which also goes to the f64 register. */
#define PUT_F64(d, v)                                                          \
	do {                                                                   \
		double r_ = (v);                                               \
		fp[d].f64 = r_;                                                \
		FACC_PUT(r_);                                                  \
	} while (0)

/* Taken jumps and calls ask one flag whether wx_charge() has anything to
 * do: the store's attention flags, or, while fuel is metered, this one,
 * which is always set. One load, from a pointer chosen on entry. Calls
 * poll while the store profiles, to count themselves; loop heads do not
 * (the test of a mask costs what the test of zero did). */
static atomic_int always = 1;
#define POLL_EVERY 1024

static inline bool must_poll(const atomic_int *attention)
{
	return (atomic_load_explicit(attention, memory_order_relaxed) &
	        ~WX_ATTN_PROFILING) != 0;
}

static inline bool call_must_poll(const atomic_int *attention)
{
	return atomic_load_explicit(attention, memory_order_relaxed) != 0;
}

/* Locals start at zero, those some path reads before setting them: the
 * code's first instruction, ZERO_LOCALS, zeroes their slots. Test builds
 * first fill every local with garbage on entry, so that the spec suite
 * and the fuzzer catch a local read before it was set and not zeroed. */
static inline void poison_locals(wx_slot *fp, const wx_code *code)
{
#ifdef WX_VERIFY_CODE
	wx_slot *local = fp + code->nparam_slots;
	for (uint32_t i = 0; i < code->nlocal_slots; i++)
		local[i].u64 = 0x5a5a5a5a5a5a5a5a;
#else
	(void)fp;
	(void)code;
#endif
}

static wexec_memory *memory0(const wexec_instance *inst)
{
	return inst->module->nmems ? inst->mems[0] : &no_memory;
}

/* The two ways a handler ends, shared by all of them: STEP(NAME) goes on
 * to the next instruction, NAME's length (icode.def) further; JUMP(off)
 * goes `off` cells from this instruction. Every taken jump counts down
 * the budget, which costs what testing the direction did; the poll then
 * charges fuel for backward jumps only (loop iterations: only loop heads
 * are jumped to backwards). */
#define STEP(name) do { ip += WX_LEN_##name; VM_NEXT; } while (0)
#define JUMP(o)                                                                \
	do {                                                                   \
		int32_t off_ = (int32_t)(o);                                   \
		ip += off_;                                                    \
		if (--budget == 0) {                                           \
			if (off_ <= 0)                                         \
				goto poll;                                     \
			goto poll_forward;                                     \
		}                                                              \
		VM_NEXT;                                                       \
	} while (0)

/* call_indirect's checks (exec/instructions.rst): element i of table
 * tableidx must exist, be set and have type typeidx. The function, or
 * NULL with the trap in *trap. */
static inline wexec_func *indirect_callee(const wexec_instance *inst,
                                          uint32_t typeidx, uint32_t tableidx,
                                          uint32_t i, wexec_trap *trap)
{
	const wexec_table *t = inst->tables[tableidx];
	wexec_func *f;
	if (i >= t->size) {
		*trap = WEXEC_TRAP_UNDEFINED_ELEMENT;
		return NULL;
	}
	f = t->elems[i];
	if (!f) {
		*trap = WEXEC_TRAP_UNINITIALIZED;
		return NULL;
	}
	if (f->type_id != inst->type_ids[typeidx]) {
		*trap = WEXEC_TRAP_INDIRECT_MISMATCH;
		return NULL;
	}
	return f;
}

/* Pops the frame record: the caller's ip and fp. The caller runs in the
 * same instance (a call into another instance returns through
 * INSTANCE_RETURN) and the memory registers are already right (memory.grow
 * in the callee updated them), so a return is two loads. */
#define RETURN_TO_CALLER()                                                     \
	do {                                                                   \
		--fr;                                                          \
		ip = fr->ip;                                                   \
		fp = fr->fp;                                                   \
		VM_NEXT;                                                       \
	} while (0)

/* A call of f, arguments at fp[base..], returning to the cell `back`. The
 * fast path, for a function of the running instance (`local`: never a
 * host function) that is translated, within the depth limit (call_limit
 * is 0 while every call must poll) and whose frame fits: push the record
 * and enter. Anything else takes the general path (enter). */
#define CALL_FAST(f, base, back, local)                                        \
	do {                                                                   \
		wexec_func *f_ = (f);                                          \
		wx_slot *n_ = fp + (base);                                     \
		const wx_code *code_ = &f_->code;                              \
		if (!(local) ||                                                \
		    (uintptr_t)fr >= atomic_load_explicit(                     \
		                         &store->call_limit,                   \
		                         memory_order_relaxed) ||              \
		    n_ + code_->frame_slots > limit) {                         \
			callee = f_;                                           \
			nbase = (base);                                        \
			ret = (back);                                          \
			goto enter;                                            \
		}                                                              \
		fr->ip = (back);                                               \
		fr->fp = fp;                                                   \
		fr->func = f_;                                                 \
		fr++;                                                          \
		fp = n_;                                                       \
		poison_locals(fp, code_);                                        \
		ip = code_->cells;                                             \
		VM_NEXT;                                                       \
	} while (0)

/* The memory registers: the size, and memend, the size less 7 (0 below
 * 8). */
#define SET_MEMSIZE(n)                                                         \
	do {                                                                   \
		memsize = (n);                                                 \
		memend = memsize >= 8 ? memsize - 7 : 0;                       \
	} while (0)
/* Whether n bytes at ea reach past the memory's end. An access of at
 * most 8 bytes below memend is in bounds, so the common case is one
 * compare; the exact test runs near the end only. */
#define OUT_OF_BOUNDS(ea, n)                                                   \
	((n) <= 8 ? (ea) >= memend && (ea) + (n) > memsize                     \
	          : (ea) + (n) > memsize)
/* A load or a store of a T at effective address `ea`, bounds-checked
 * against the memory's size; a load's value widens into `dst` by C's
 * conversions (signed types sign-extend). DO_ does the access, LOAD and
 * STORE then step to the next instruction. */
#define DO_LOAD(T, ea, dst)                                                    \
	do {                                                                   \
		uint64_t ea_ = (ea);                                           \
		T ld_;                                                         \
		if (OUT_OF_BOUNDS(ea_, sizeof(T)))                             \
			goto oob;                                              \
		memcpy(&ld_, mem + ea_, sizeof(T));                            \
		dst = ld_;                                                     \
	} while (0)
#define DO_STORE(T, ea, val)                                                   \
	do {                                                                   \
		uint64_t ea_ = (ea);                                           \
		T v_ = (T)(val);                                               \
		if (OUT_OF_BOUNDS(ea_, sizeof(T)))                             \
			goto oob;                                              \
		memcpy(mem + ea_, &v_, sizeof(T));                             \
	} while (0)
#define LOAD(name, T, ea, dst)                                                 \
	do {                                                                   \
		DO_LOAD(T, ea, dst);                                           \
		STEP(name);                                                    \
	} while (0)
#define STORE(name, T, ea, val)                                                \
	do {                                                                   \
		DO_STORE(T, ea, val);                                          \
		STEP(name);                                                    \
	} while (0)

/* p->q->x (layout "d|a, k|off"): the i32 pointer at a + k, then the T at
 * that pointer + off, widened into d. */
#define LOAD_THROUGH(name, T)                                                  \
	do {                                                                   \
		uint32_t p_;                                                   \
		DO_LOAD(uint32_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].s.a, p_); \
		LOAD(name, T, (uint64_t)p_ + ip[2].s.b, fp[ip[1].s.a].u32);    \
	} while (0)

/* A branch on a T loaded from a + off (layout "a|off, jump"). */
#define BRANCH_LOAD(name, T, cond)                                             \
	do {                                                                   \
		T v_;                                                          \
		DO_LOAD(T, (uint64_t)fp[ip[1].s.a].u32 + ip[1].s.b, v_);       \
		if (cond)                                                      \
			JUMP(ip[2].s.a);                                       \
		STEP(name);                                                    \
	} while (0)

/* d = fn(a, the f64 at effective address ea): an operand from memory. */
#define F64_M(name, fn, ea)                                                    \
	do {                                                                   \
		double v_;                                                     \
		DO_LOAD(double, ea, v_);                                       \
		PUT_F64(ip[1].s.a, fn(fp[ip[1].s.b].f64, v_));                 \
		STEP(name);                                                    \
	} while (0)
/* An f64 load, its value left in the f64 register too. */
#define LOAD_F64(name, ea)                                                     \
	do {                                                                   \
		double v_;                                                     \
		DO_LOAD(double, ea, v_);                                       \
		PUT_F64(ip[1].s.a, v_);                                        \
		STEP(name);                                                    \
	} while (0)

/* y[i] += a * x[j] (layout "c|a, b|?, off2"), the instruction at c: the
 * f64 at c + off2 gains a times the f64 at `eb`, rounded twice as f64.mul
 * then f64.add are. */
#define DO_F64_MUL_ADD_TO(c, eb)                                               \
	do {                                                                   \
		uint64_t eb_ = (eb);                                           \
		uint64_t ec_ = (uint64_t)fp[(c)[1].s.a].u32 + (c)[3].u64;      \
		double x_, y_;                                                 \
		if (OUT_OF_BOUNDS(eb_, 8) || OUT_OF_BOUNDS(ec_, 8))            \
			goto oob;                                              \
		memcpy(&x_, mem + eb_, 8);                                     \
		memcpy(&y_, mem + ec_, 8);                                     \
		y_ = wx_num_f64_add(wx_num_f64_mul(fp[(c)[1].s.b].f64, x_), y_); \
		memcpy(mem + ec_, &y_, 8);                                     \
	} while (0)

/* The same for i32 arithmetic, on a T loaded (and widened) from memory. */
#define DO_I32_M(c, fn, T, ea)                                                 \
	do {                                                                   \
		T v_;                                                          \
		DO_LOAD(T, ea, v_);                                            \
		fp[(c)[1].s.a].u32 = fn(fp[(c)[1].s.b].u32, (uint32_t)v_);     \
	} while (0)
/* d = the product of two Ts loaded at ea and eb, in that order (a trap in
 * the first leaves the second unread). */
#define MUL_MM(name, T, ea, eb)                                                \
	do {                                                                   \
		T x_, y_;                                                      \
		DO_LOAD(T, ea, x_);                                            \
		DO_LOAD(T, eb, y_);                                            \
		fp[ip[1].s.a].u32 =                                            \
		    wx_num_i32_mul((uint32_t)x_, (uint32_t)y_);                \
		STEP(name);                                                    \
	} while (0)
#define I32_M(name, fn, T, ea)                                                 \
	do {                                                                   \
		DO_I32_M(ip, fn, T, ea);                                       \
		STEP(name);                                                    \
	} while (0)

/* d = (a + k) & k2; if d cmp k3 jump (layout "d|a, k|k2, jump|k3"),
 * unsigned. */
#define BR_ADDANDK(name, cmp)                                                  \
	do {                                                                   \
		uint32_t v_ = (fp[ip[1].s.b].u32 + ip[2].s.a) & ip[2].s.b;     \
		fp[ip[1].s.a].u32 = v_;                                        \
		if (v_ cmp (uint32_t)ip[3].s.b)                                \
			JUMP(ip[3].s.a);                                       \
		STEP(name);                                                    \
	} while (0)

#include "interp_pairs.h"

/* Runs `func` (a wasm function) with its arguments at fp[0..]; the results
 * are left at fp[0..]. Called with func == NULL it only publishes the
 * handler table. The dispatch loop is one long function on purpose: ip,
 * fp and the memory base and size must stay in registers. */
wexec_status wx_interp_execute(wexec_store *store, struct wx_stack *stk,
                               wexec_func *func, wx_slot *fp,
                               wexec_error *err)
{
#ifndef WX_SWITCH_DISPATCH
	static const void *const labels[WX_I_COUNT] = {
#define WX_I(ident, cells, layout, meaning)   &&L_##ident,
#define WX_NUM(ident, cells, layout, meaning) &&L_##ident,
#include "icode.def"
	};
	if (!func) {
		/* Every thread stores the same pointer. */
		__atomic_store_n(&handler_table, labels, __ATOMIC_RELEASE);
		return WEXEC_OK;
	}
#else
	if (!func)
		return WEXEC_OK;
#endif
	const uint32_t entry = stk->nframes;
	/* fr is the next free frame record; the function running is
	 * fr[-1].func, or `func` before the first record is pushed. */
	wx_frame *fr = stk->frames + entry;
	wx_frame *const bottom = fr;
#define RUNNING() (fr > bottom ? fr[-1].func : func)
	/* A frame's own record is below fr_max; its trampolines (at most
	 * two) fit in the reservation above it. */
	const size_t depth_max = (stk->nframes_max - 2u) / 2u;
	wx_frame *const fr_max =
	    stk->frames + (atomic_load(&store->attention) & WX_ATTN_PROFILING
	                       ? 2u * depth_max
	                       : depth_max);
	wx_slot *const limit = stk->slots + stk->nslots;
	const atomic_int *const attention =
	    store->config.fuel ? &always : &store->attention;
	/* Taken jumps count down from poll_every and poll at zero: each one
	 * while fuel is metered, else one in POLL_EVERY (an interrupt or a
	 * profile tick waits that many jumps at most; calls poll on their
	 * own). A counter costs less than a load through a pointer. */
	const int poll_every = store->config.fuel ? 1 : POLL_EVERY;
	int budget = poll_every;
	/* The outermost frame returns to an EXIT instruction, so returning
	 * needs no test for the bottom of this activation. */
	wx_cell exit_code[1], profile_return[1], instance_return[1];
#ifndef WX_SWITCH_DISPATCH
	exit_code[0].h = labels[WX_I_EXIT];
	profile_return[0].h = labels[WX_I_PROFILE_RETURN];
	instance_return[0].h = labels[WX_I_INSTANCE_RETURN];
#else
	exit_code[0].op = WX_I_EXIT;
	profile_return[0].op = WX_I_PROFILE_RETURN;
	instance_return[0].op = WX_I_INSTANCE_RETURN;
#endif
	/* Calls' fast path: the depth limit, unless every call must poll
	 * (an interrupt, fuel, a profile). The limit is stored before the flag
	 * is read and an interrupt sets the flag before clearing the limit,
	 * so none is lost. */
	atomic_store(&store->call_limit,
	             store->config.fuel ? 0 : (uintptr_t)fr_max);
	if (atomic_load(&store->attention))
		atomic_store(&store->call_limit, 0);
	/* The f64 register: the result of the last f64 instruction that
	 * wx_icode_sets_facc() names, which the _XA and _XB forms right
	 * after it read instead of its slot. It spares a dependent chain
	 * the slot's store and reload (mandel -26% time). gcc gives a plain
	 * local a stack home, since every xmm register is call-clobbered,
	 * so on x86-64 it is pinned to xmm15, which no handler needs kept
	 * across a call: the value only ever passes from one handler
	 * straight to the next. */
	FACC_DECL = 0;
	wexec_func *callee = func;
	wexec_instance *inst = func->inst;
	wexec_memory *mem0 = memory0(inst);
	uint8_t *mem = mem0->data;
	uint64_t memsize, memend;
	SET_MEMSIZE(mem0->size);
	/* A call through the general path: the callee's frame starts nbase
	 * slots into the caller's (an offset, not a pointer, so that the
	 * fast paths keep theirs in a register). */
	size_t nbase = 0;
	wx_cell *ip = NULL, *ret = exit_code;
	wexec_trap trap = WEXEC_TRAP_NONE;
	wexec_status status = WEXEC_OK;
	bool profiled;

	goto enter;
	/* The handlers stay one line each where they fit, so the loop reads
	 * as a table (as wabt's interpreter does): */
	/* clang-format off */
	VM_DISPATCH(ip) {
	enter: {
		/* callee is called with its arguments at nfp; the caller
		 * resumes at ret. */
		wx_slot *const nfp = fp + nbase;
		profiled = false;
		if (call_must_poll(attention)) {
			if ((trap = wx_charge(store, RUNNING(), callee)) != WEXEC_TRAP_NONE)
				goto trapped;
			profiled = atomic_load_explicit(&store->attention, memory_order_relaxed) & WX_ATTN_PROFILING;
		}
		if (!callee->inst) {
			stk->top = fp + RUNNING()->code.frame_slots;
			stk->nframes = (uint32_t)(fr - stk->frames);
			status = wx_call_host(callee, inst, nfp, err);
			wx_pending_samples(store, callee);
			if (status != WEXEC_OK) {
				wx_host_failed(store, err, status, fr, bottom);
				goto failed;
			}
			mem = mem0->data;
			SET_MEMSIZE(mem0->size);
			ip = ret;
			VM_NEXT;
		}
		const wx_code *code = &callee->code;
		if (!code->cells) {
			wx_code *made;
			status = wx_compile_func(callee->inst->module, callee->funcidx, &made, err);
			if (status != WEXEC_OK)
				goto failed;
			callee->code = *made;
		}
		if (fr >= fr_max || nfp + code->frame_slots > limit) {
			trap = WEXEC_TRAP_STACK_EXHAUSTED;
			goto trapped;
		}
		fr->ip = ret;
		fr->fp = fp;
		fr->func = callee;
		fr++;
		if (callee->inst != inst) {
			/* Returns restore no instance: a call into another
			 * one returns through INSTANCE_RETURN. */
			fr->ip = instance_return;
			fr->fp = NULL;
			fr->func = callee;
			fr++;
			inst = callee->inst;
			mem0 = memory0(inst);
			mem = mem0->data;
			SET_MEMSIZE(mem0->size);
		}
		if (profiled) {
			/* A profiled call returns through PROFILE_RETURN,
			 * which charges the callee the ticks of its last
			 * stretch (a function that neither loops nor calls
			 * would show none). */
			fr->ip = profile_return;
			fr->fp = NULL;
			fr->func = callee;
			fr++;
		}
		fp = nfp;
		poison_locals(fp, code);
		ip = code->cells;
		VM_NEXT;
	}
	do_return: RETURN_TO_CALLER();

	tail_enter: {
		/* A tail call: callee replaces the running function in its
		 * frame, arguments at fp[0..], and returns to its caller. */
		if (call_must_poll(attention)) {
			if ((trap = wx_charge(store, fr[-1].func, callee)) != WEXEC_TRAP_NONE)
				goto trapped;
		}
		if (!callee->inst) {
			stk->top = fp + fr[-1].func->code.frame_slots;
			stk->nframes = (uint32_t)(fr - stk->frames);
			status = wx_call_host(callee, inst, fp, err);
			wx_pending_samples(store, callee);
			if (status != WEXEC_OK) {
				wx_host_failed(store, err, status, fr, bottom);
				goto failed;
			}
			mem = mem0->data;
			SET_MEMSIZE(mem0->size);
			goto do_return;
		}
		const wx_code *code = &callee->code;
		if (!code->cells) {
			wx_code *made;
			status = wx_compile_func(callee->inst->module, callee->funcidx, &made, err);
			if (status != WEXEC_OK)
				goto failed;
			callee->code = *made;
		}
		if (fp + code->frame_slots > limit) {
			trap = WEXEC_TRAP_STACK_EXHAUSTED;
			goto trapped;
		}
		/* The frame's records, its own and its trampolines', now
		 * name callee. */
		bool restores = false;
		for (wx_frame *r = fr - 1;; r--) {
			r->func = callee;
			restores |= r->ip == instance_return;
			if (r->fp)
				break;
		}
		if (callee->inst != inst) {
			if (!restores) {
				fr->ip = instance_return;
				fr->fp = NULL;
				fr->func = callee;
				fr++;
			}
			inst = callee->inst;
			mem0 = memory0(inst);
			mem = mem0->data;
			SET_MEMSIZE(mem0->size);
		}
		poison_locals(fp, code);
		ip = code->cells;
		VM_NEXT;
	}

	poll_forward:
		/* Fuel counts loop iterations, so a forward jump leaves it
		 * alone. */
		if (store->config.fuel) {
			budget = poll_every;
			VM_NEXT;
		}
		/* fall through */
	poll: {
		/* A taken jump that used up the budget: fuel, interrupts and
		 * profile ticks. ip is already at the target. */
		budget = poll_every;
		if (must_poll(attention) &&
		    (trap = wx_charge(store, fr[-1].func, NULL)) != WEXEC_TRAP_NONE)
			goto trapped;
		VM_NEXT;
	}

	/* ---- control */
		VM_CASE(EXIT) goto done;
		VM_CASE(PROFILE_RETURN) {
			/* fr[-1] is a record of the function returning. */
			wx_pending_samples(store, fr[-1].func);
			RETURN_TO_CALLER();
		}
		VM_CASE(INSTANCE_RETURN) {
			/* Above the records of a frame whose caller runs in
			 * another instance (or is EXIT): that instance again. */
			const wx_frame *r = fr - 1;
			while (!r->fp)
				r--;
			if (r > bottom) {
				inst = r[-1].func->inst;
				mem0 = memory0(inst);
				mem = mem0->data;
				SET_MEMSIZE(mem0->size);
			}
			RETURN_TO_CALLER();
		}
		VM_CASE(UNREACHABLE) {
			trap = WEXEC_TRAP_UNREACHABLE;
			goto trapped;
		}
		VM_CASE(BR) SOLO(BR);
		VM_CASE(BR_IF) SOLO(BR_IF);
		VM_CASE(BR_UNLESS) SOLO(BR_UNLESS);
		VM_CASE(BR_F64_EQ_XA) { FACC_TAKE(); if (wx_num_f64_eq(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_EQ_XA); }
		VM_CASE(BR_F64_NE_XA) { FACC_TAKE(); if (wx_num_f64_ne(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NE_XA); }
		VM_CASE(BR_F64_LT_XA) { FACC_TAKE(); if (wx_num_f64_lt(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_LT_XA); }
		VM_CASE(BR_F64_GT_XA) { FACC_TAKE(); if (wx_num_f64_gt(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_GT_XA); }
		VM_CASE(BR_F64_LE_XA) { FACC_TAKE(); if (wx_num_f64_le(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_LE_XA); }
		VM_CASE(BR_F64_GE_XA) { FACC_TAKE(); if (wx_num_f64_ge(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_GE_XA); }
		VM_CASE(BR_F64_NLT_XA) { FACC_TAKE(); if (!wx_num_f64_lt(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NLT_XA); }
		VM_CASE(BR_F64_NGT_XA) { FACC_TAKE(); if (!wx_num_f64_gt(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NGT_XA); }
		VM_CASE(BR_F64_NLE_XA) { FACC_TAKE(); if (!wx_num_f64_le(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NLE_XA); }
		VM_CASE(BR_F64_NGE_XA) { FACC_TAKE(); if (!wx_num_f64_ge(facc, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NGE_XA); }
		VM_CASE(BR_F64_EQ) { if (wx_num_f64_eq(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_EQ); }
		VM_CASE(BR_F64_NE) { if (wx_num_f64_ne(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NE); }
		VM_CASE(BR_F64_LT) { if (wx_num_f64_lt(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_LT); }
		VM_CASE(BR_F64_GT) { if (wx_num_f64_gt(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_GT); }
		VM_CASE(BR_F64_LE) { if (wx_num_f64_le(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_LE); }
		VM_CASE(BR_F64_GE) { if (wx_num_f64_ge(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_GE); }
		VM_CASE(BR_F64_NLT) { if (!wx_num_f64_lt(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NLT); }
		VM_CASE(BR_F64_NGT) { if (!wx_num_f64_gt(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NGT); }
		VM_CASE(BR_F64_NLE) { if (!wx_num_f64_le(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NLE); }
		VM_CASE(BR_F64_NGE) { if (!wx_num_f64_ge(fp[ip[1].s.a].f64, fp[ip[1].s.b].f64)) JUMP(ip[2].s.a); STEP(BR_F64_NGE); }
		VM_CASE(BR_ADDK_NE_K) SOLO(BR_ADDK_NE_K);
		VM_CASE(BR_ADDK_LT_U_K) {
			uint32_t v = fp[ip[1].s.b].u32 + ip[2].s.a;
			fp[ip[1].s.a].u32 = v;
			if (v < ip[2].s.b) JUMP(ip[3].s.a);
			STEP(BR_ADDK_LT_U_K);
		}
		VM_CASE(BR_ADDK_LT_S_K) {
			uint32_t v = fp[ip[1].s.b].u32 + ip[2].s.a;
			fp[ip[1].s.a].u32 = v;
			if ((int32_t)v < (int32_t)ip[2].s.b) JUMP(ip[3].s.a);
			STEP(BR_ADDK_LT_S_K);
		}
		VM_CASE(BR_ADDK_NE) {
			uint32_t v = fp[ip[1].s.b].u32 + ip[2].s.a;
			fp[ip[1].s.a].u32 = v;
			if (v != fp[ip[2].s.b].u32) JUMP(ip[3].s.a);
			STEP(BR_ADDK_NE);
		}
		VM_CASE(BR_ADDK_LT_U) {
			uint32_t v = fp[ip[1].s.b].u32 + ip[2].s.a;
			fp[ip[1].s.a].u32 = v;
			if (v < fp[ip[2].s.b].u32) JUMP(ip[3].s.a);
			STEP(BR_ADDK_LT_U);
		}
		VM_CASE(BR_ADDK_LT_S) {
			uint32_t v = fp[ip[1].s.b].u32 + ip[2].s.a;
			fp[ip[1].s.a].u32 = v;
			if ((int32_t)v < (int32_t)fp[ip[2].s.b].u32) JUMP(ip[3].s.a);
			STEP(BR_ADDK_LT_S);
		}
		VM_CASE(BR_ADD_NE_K) {
			uint32_t v = fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32;
			fp[ip[1].s.a].u32 = v;
			if (v != ip[2].s.b) JUMP(ip[3].s.a);
			STEP(BR_ADD_NE_K);
		}
		VM_CASE(BR_ADD_LT_U_K) SOLO(BR_ADD_LT_U_K);
		VM_CASE(BR_ADD_LT_S_K) {
			uint32_t v = fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32;
			fp[ip[1].s.a].u32 = v;
			if ((int32_t)v < (int32_t)ip[2].s.b) JUMP(ip[3].s.a);
			STEP(BR_ADD_LT_S_K);
		}
		VM_CASE(BR_ADDANDK_LT_U_K) BR_ADDANDK(BR_ADDANDK_LT_U_K, <);
		VM_CASE(BR_ADDANDK_GE_U_K) BR_ADDANDK(BR_ADDANDK_GE_U_K, >=);
		VM_CASE(BR_ADDANDK_GT_U_K) BR_ADDANDK(BR_ADDANDK_GT_U_K, >);
		VM_CASE(BR_ADDANDK_LE_U_K) BR_ADDANDK(BR_ADDANDK_LE_U_K, <=);
		VM_CASE(BR_I64_EQZ) { if (fp[ip[1].s.a].u64 == 0) JUMP(ip[1].s.b); STEP(BR_I64_EQZ); }
		VM_CASE(BR_I64_NEZ) { if (fp[ip[1].s.a].u64 != 0) JUMP(ip[1].s.b); STEP(BR_I64_NEZ); }
		VM_CASE(BR_TABLE) {
			uint32_t i = fp[ip[1].s.a].u32, n = ip[1].s.b;
			JUMP(ip[2 + (i < n ? i : n)].s.a);
		}
		VM_CASE(RETURN) DO_RETURN(ip);
		VM_CASE(RETURN1) DO_RETURN1(ip);
		VM_CASE(CALL) {
			callee = inst->funcs[ip[1].s.a];
			nbase = ip[1].s.b;
			ret = ip + 2;
			goto enter;
		}
		/* A function of this module: same instance, never a host
		 * function. */
		VM_CASE(CALL_LOCAL) DO_CALL_LOCAL(ip);
		VM_CASE(RETURN_CALL) {
			callee = inst->funcs[ip[1].s.a];
			memmove(fp, fp + ip[1].s.b, ip[2].s.a * sizeof *fp);
			goto tail_enter;
		}
		VM_CASE(RETURN_CALL_INDIRECT) {
			callee = indirect_callee(inst, ip[1].s.a, ip[1].s.b,
			                         fp[ip[2].s.b].u32, &trap);
			if (!callee)
				goto trapped;
			memmove(fp, fp + ip[2].s.a, ip[3].s.a * sizeof *fp);
			goto tail_enter;
		}
		VM_CASE(CALL_INDIRECT) {
			wexec_func *f = indirect_callee(inst, ip[1].s.a, ip[1].s.b,
			                                fp[ip[2].s.b].u32, &trap);
			if (!f)
				goto trapped;
			CALL_FAST(f, ip[2].s.a, ip + 3, f->inst == inst);
		}

	/* ---- moves and parametric */
		VM_CASE(COPY) SOLO(COPY);
		VM_CASE(COPY2) SOLO(COPY2);
		VM_CASE(COPY_N) memmove(&fp[ip[1].s.a], &fp[ip[1].s.b], ip[2].s.a * sizeof *fp); STEP(COPY_N);
		VM_CASE(ZERO_LOCALS) {
			/* Four unconditional stores beat a libc call for few
			 * slots: the ones past the count land on locals set
			 * before they are read, on slots the prologue's
			 * constants or the operand stack fill later, or in
			 * the stack's slack (ZERO_SLACK). */
			wx_slot *z = &fp[ip[1].s.a];
			if (ip[1].s.b <= ZERO_SLACK) {
				z[0].u64 = 0;
				z[1].u64 = 0;
				z[2].u64 = 0;
				z[3].u64 = 0;
			} else {
				memset(z, 0, ip[1].s.b * sizeof *fp);
			}
			STEP(ZERO_LOCALS);
		}
		VM_CASE(CONST32) SOLO(CONST32);
		VM_CASE(CONST64) fp[ip[1].s.a].u64 = ip[2].u64; STEP(CONST64);
		VM_CASE(SELECT_KA) SOLO(SELECT_KA);
		VM_CASE(SELECT_KB) {
			fp[ip[1].s.a].u64 = fp[ip[1].s.b].u32 ? fp[ip[2].s.a].u64 : ip[2].s.b;
			STEP(SELECT_KB);
		}
		VM_CASE(SELECT) SOLO(SELECT);

	/* ---- variables */
		VM_CASE(GLOBAL_GET) fp[ip[1].s.a] = inst->globals[ip[1].s.b]->val[0]; STEP(GLOBAL_GET);
		VM_CASE(GLOBAL_SET) inst->globals[ip[1].s.b]->val[0] = fp[ip[1].s.a]; STEP(GLOBAL_SET);
		VM_CASE(GLOBAL_ADD_K) {
			wx_slot *g = inst->globals[ip[1].s.b]->val;
			g->u64 = wx_num_i32_add(g->u32, ip[2].s.a);
			fp[ip[1].s.a] = *g;
			STEP(GLOBAL_ADD_K);
		}
		VM_CASE(ADD_K_GLOBAL_SET) SOLO(ADD_K_GLOBAL_SET);

	/* ---- tables and references */
		VM_CASE(TABLE_GET) {
			wexec_table *t = inst->tables[ip[2].s.a];
			uint32_t i = fp[ip[1].s.b].u32;
			if (i >= t->size) {
				trap = WEXEC_TRAP_TABLE_OOB;
				goto trapped;
			}
			fp[ip[1].s.a].ref = t->elems[i];
			STEP(TABLE_GET);
		}
		VM_CASE(TABLE_SET) {
			wexec_table *t = inst->tables[ip[2].s.a];
			uint32_t i = fp[ip[1].s.a].u32;
			if (i >= t->size) {
				trap = WEXEC_TRAP_TABLE_OOB;
				goto trapped;
			}
			t->elems[i] = fp[ip[1].s.b].ref;
			STEP(TABLE_SET);
		}
		VM_CASE(TABLE_SIZE) fp[ip[1].s.a].u64 = inst->tables[ip[1].s.b]->size; STEP(TABLE_SIZE);
		VM_CASE(TABLE_GROW) {
			wexec_table *t = inst->tables[ip[2].s.b];
			int64_t old = wx_table_grow(t, fp[ip[2].s.a].u32, fp[ip[1].s.b].ref);
			fp[ip[1].s.a].u64 = (uint32_t)old;
			STEP(TABLE_GROW);
		}
		VM_CASE(TABLE_FILL) {
			wexec_table *t = inst->tables[ip[2].s.b];
			trap = wx_table_fill(t, fp[ip[1].s.a].u32, fp[ip[1].s.b].ref, fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(TABLE_FILL);
		}
		VM_CASE(TABLE_COPY) {
			trap = wx_table_copy(inst->tables[ip[2].s.b], inst->tables[ip[3].s.a],
			                     fp[ip[1].s.a].u32, fp[ip[1].s.b].u32, fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(TABLE_COPY);
		}
		VM_CASE(TABLE_INIT) {
			uint32_t e = ip[3].s.a;
			uint32_t len = inst->elem_dropped[e] ? 0 : inst->module->elems[e].count;
			void *const *refs = inst->elem_refs ? (void *const *)inst->elem_refs[e] : NULL;
			trap = wx_table_init(inst->tables[ip[2].s.b], refs, len,
			                     fp[ip[1].s.a].u32, fp[ip[1].s.b].u32, fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(TABLE_INIT);
		}
		VM_CASE(ELEM_DROP) inst->elem_dropped[ip[1].s.a] = true; STEP(ELEM_DROP);
		VM_CASE(REF_IS_NULL) fp[ip[1].s.a].u64 = fp[ip[1].s.b].ref == NULL; STEP(REF_IS_NULL);
		VM_CASE(REF_FUNC) fp[ip[1].s.a].ref = inst->funcs[ip[1].s.b]; STEP(REF_FUNC);

	/* ---- memory */
		VM_CASE(I32_LOAD) SOLO(I32_LOAD);
		VM_CASE(I64_LOAD) SOLO(I64_LOAD);
		VM_CASE(F32_LOAD) LOAD(F32_LOAD, uint32_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u32);
		VM_CASE(F64_LOAD) LOAD_F64(F64_LOAD, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64);
		VM_CASE(I32_LOAD8_S) LOAD(I32_LOAD8_S, int8_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD8_U) SOLO(I32_LOAD8_U);
		VM_CASE(I32_LOAD16_S) SOLO(I32_LOAD16_S);
		VM_CASE(I32_LOAD16_U) LOAD(I32_LOAD16_U, uint16_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u32);
		VM_CASE(I64_LOAD8_S) LOAD(I64_LOAD8_S, int8_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u64);
		VM_CASE(I64_LOAD8_U) LOAD(I64_LOAD8_U, uint8_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u64);
		VM_CASE(I64_LOAD16_S) LOAD(I64_LOAD16_S, int16_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u64);
		VM_CASE(I64_LOAD16_U) LOAD(I64_LOAD16_U, uint16_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u64);
		VM_CASE(I64_LOAD32_S) LOAD(I64_LOAD32_S, int32_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u64);
		VM_CASE(I64_LOAD32_U) LOAD(I64_LOAD32_U, uint32_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].u64, fp[ip[1].s.a].u64);
		VM_CASE(I32_STORE) SOLO(I32_STORE);
		VM_CASE(I64_STORE) SOLO(I64_STORE);
		VM_CASE(F32_STORE) STORE(F32_STORE, uint32_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, fp[ip[1].s.b].u32);
		VM_CASE(F64_STORE) SOLO(F64_STORE);
		VM_CASE(I32_STORE8) STORE(I32_STORE8, uint8_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, fp[ip[1].s.b].u32);
		VM_CASE(I32_STORE16) STORE(I32_STORE16, uint16_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, fp[ip[1].s.b].u32);
		VM_CASE(I64_STORE8) STORE(I64_STORE8, uint8_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, fp[ip[1].s.b].u64);
		VM_CASE(I64_STORE16) STORE(I64_STORE16, uint16_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, fp[ip[1].s.b].u64);
		VM_CASE(I64_STORE32) STORE(I64_STORE32, uint32_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, fp[ip[1].s.b].u64);
		VM_CASE(MEMORY_SIZE) fp[ip[1].s.a].u64 = memsize / WX_PAGE_SIZE; STEP(MEMORY_SIZE);
		VM_CASE(MEMORY_GROW) {
			int64_t old = wx_memory_grow(mem0, fp[ip[1].s.b].u32);
			fp[ip[1].s.a].u64 = (uint32_t)old;
			mem = mem0->data;
			SET_MEMSIZE(mem0->size);
			STEP(MEMORY_GROW);
		}
		VM_CASE(MEMORY_FILL) {
			trap = wx_memory_fill(mem0, fp[ip[1].s.a].u32, (uint8_t)fp[ip[1].s.b].u32,
			                      fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(MEMORY_FILL);
		}
		VM_CASE(MEMORY_COPY) {
			trap = wx_memory_copy(mem0, mem0, fp[ip[1].s.a].u32, fp[ip[1].s.b].u32,
			                      fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(MEMORY_COPY);
		}
		VM_CASE(MEMORY_INIT) {
			const wx_module *m = inst->module;
			const wx_data *seg = &m->datas[ip[2].s.b];
			uint64_t len = inst->data_dropped[ip[2].s.b] ? 0 : seg->init.len;
			trap = wx_memory_init(mem0, m->bytes + seg->init.offset, len,
			                      fp[ip[1].s.a].u32, fp[ip[1].s.b].u32, fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(MEMORY_INIT);
		}
		VM_CASE(DATA_DROP) inst->data_dropped[ip[1].s.a] = true; STEP(DATA_DROP);

	/* ---- the other memories and 64-bit ones (compile_memory.c) */
		VM_CASE(MEM_AT32) {
			const wexec_memory *m_ = inst->mems[ip[1].s.b];
			uint64_t ea = (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64;
			if (!wx_memory_range_ok(m_, ea, ip[3].u64))
				goto oob;
			mem = m_->data + ea;
			SET_MEMSIZE(ip[3].u64);
			STEP(MEM_AT32);
		}
		VM_CASE(MEM_AT64) {
			const wexec_memory *m_ = inst->mems[ip[1].s.b];
			uint64_t ea = fp[ip[1].s.a].u64 + ip[2].u64;
			if (ea < ip[2].u64 || !wx_memory_range_ok(m_, ea, ip[3].u64))
				goto oob;
			mem = m_->data + ea;
			SET_MEMSIZE(ip[3].u64);
			STEP(MEM_AT64);
		}
		VM_CASE(MEM_RESTORE) mem = mem0->data; SET_MEMSIZE(mem0->size); STEP(MEM_RESTORE);
		VM_CASE(MEMORY_SIZE_AT) fp[ip[1].s.a].u64 = inst->mems[ip[1].s.b]->size / WX_PAGE_SIZE; STEP(MEMORY_SIZE_AT);
		VM_CASE(MEMORY_GROW_AT) {
			wexec_memory *m_ = inst->mems[ip[2].s.a];
			const wx_slot *a_ = &fp[ip[1].s.b];
			int64_t old = wx_memory_grow(m_, m_->type.is64 ? a_->u64 : a_->u32);
			fp[ip[1].s.a].u64 = m_->type.is64 ? (uint64_t)old : (uint32_t)old;
			/* It may be memory 0 under another index. */
			mem = mem0->data;
			SET_MEMSIZE(mem0->size);
			STEP(MEMORY_GROW_AT);
		}
		VM_CASE(MEMORY_FILL_AT) {
			wexec_memory *m_ = inst->mems[ip[2].s.b];
			bool w = m_->type.is64;
			trap = wx_memory_fill(m_, w ? fp[ip[1].s.a].u64 : fp[ip[1].s.a].u32,
			                      (uint8_t)fp[ip[1].s.b].u32,
			                      w ? fp[ip[2].s.a].u64 : fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(MEMORY_FILL_AT);
		}
		VM_CASE(MEMORY_COPY_AT) {
			wexec_memory *d_ = inst->mems[ip[2].s.b], *s_ = inst->mems[ip[3].s.a];
			bool dw = d_->type.is64, sw = s_->type.is64;
			trap = wx_memory_copy(d_, s_, dw ? fp[ip[1].s.a].u64 : fp[ip[1].s.a].u32,
			                      sw ? fp[ip[1].s.b].u64 : fp[ip[1].s.b].u32,
			                      dw && sw ? fp[ip[2].s.a].u64 : fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(MEMORY_COPY_AT);
		}
		VM_CASE(MEMORY_INIT_AT) {
			const wx_module *m = inst->module;
			const wx_data *seg = &m->datas[ip[2].s.b];
			wexec_memory *m_ = inst->mems[ip[3].s.a];
			uint64_t len = inst->data_dropped[ip[2].s.b] ? 0 : seg->init.len;
			trap = wx_memory_init(m_, m->bytes + seg->init.offset, len,
			                      m_->type.is64 ? fp[ip[1].s.a].u64 : fp[ip[1].s.a].u32,
			                      fp[ip[1].s.b].u32, fp[ip[2].s.a].u32);
			if (trap != WEXEC_TRAP_NONE)
				goto trapped;
			STEP(MEMORY_INIT_AT);
		}

	/* ---- numeric */
		VM_CASE(I32_EQZ) fp[ip[1].s.a].u32 = wx_num_i32_eqz(fp[ip[1].s.b].u32); STEP(I32_EQZ);
		VM_CASE(I32_EQ) fp[ip[1].s.a].u32 = wx_num_i32_eq(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_EQ);
		VM_CASE(I32_NE) fp[ip[1].s.a].u32 = wx_num_i32_ne(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_NE);
		VM_CASE(I32_LT_S) fp[ip[1].s.a].u32 = wx_num_i32_lt_s(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_LT_S);
		VM_CASE(I32_LT_U) fp[ip[1].s.a].u32 = wx_num_i32_lt_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_LT_U);
		VM_CASE(I32_GT_S) SOLO(I32_GT_S);
		VM_CASE(I32_GT_U) fp[ip[1].s.a].u32 = wx_num_i32_gt_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_GT_U);
		VM_CASE(I32_LE_S) fp[ip[1].s.a].u32 = wx_num_i32_le_s(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_LE_S);
		VM_CASE(I32_LE_U) fp[ip[1].s.a].u32 = wx_num_i32_le_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_LE_U);
		VM_CASE(I32_GE_S) fp[ip[1].s.a].u32 = wx_num_i32_ge_s(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_GE_S);
		VM_CASE(I32_GE_U) fp[ip[1].s.a].u32 = wx_num_i32_ge_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_GE_U);
		VM_CASE(I64_EQZ) fp[ip[1].s.a].u32 = wx_num_i64_eqz(fp[ip[1].s.b].u64); STEP(I64_EQZ);
		VM_CASE(I64_EQ) fp[ip[1].s.a].u32 = wx_num_i64_eq(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_EQ);
		VM_CASE(I64_NE) fp[ip[1].s.a].u32 = wx_num_i64_ne(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_NE);
		VM_CASE(I64_LT_S) fp[ip[1].s.a].u32 = wx_num_i64_lt_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_LT_S);
		VM_CASE(I64_LT_U) fp[ip[1].s.a].u32 = wx_num_i64_lt_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_LT_U);
		VM_CASE(I64_GT_S) fp[ip[1].s.a].u32 = wx_num_i64_gt_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_GT_S);
		VM_CASE(I64_GT_U) fp[ip[1].s.a].u32 = wx_num_i64_gt_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_GT_U);
		VM_CASE(I64_LE_S) fp[ip[1].s.a].u32 = wx_num_i64_le_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_LE_S);
		VM_CASE(I64_LE_U) fp[ip[1].s.a].u32 = wx_num_i64_le_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_LE_U);
		VM_CASE(I64_GE_S) fp[ip[1].s.a].u32 = wx_num_i64_ge_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_GE_S);
		VM_CASE(I64_GE_U) fp[ip[1].s.a].u32 = wx_num_i64_ge_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_GE_U);
		VM_CASE(F32_EQ) fp[ip[1].s.a].u32 = wx_num_f32_eq(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_EQ);
		VM_CASE(F32_NE) fp[ip[1].s.a].u32 = wx_num_f32_ne(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_NE);
		VM_CASE(F32_LT) fp[ip[1].s.a].u32 = wx_num_f32_lt(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_LT);
		VM_CASE(F32_GT) fp[ip[1].s.a].u32 = wx_num_f32_gt(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_GT);
		VM_CASE(F32_LE) fp[ip[1].s.a].u32 = wx_num_f32_le(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_LE);
		VM_CASE(F32_GE) fp[ip[1].s.a].u32 = wx_num_f32_ge(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_GE);
		VM_CASE(F64_EQ) fp[ip[1].s.a].u32 = wx_num_f64_eq(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_EQ);
		VM_CASE(F64_NE) fp[ip[1].s.a].u32 = wx_num_f64_ne(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_NE);
		VM_CASE(F64_LT) fp[ip[1].s.a].u32 = wx_num_f64_lt(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_LT);
		VM_CASE(F64_GT) fp[ip[1].s.a].u32 = wx_num_f64_gt(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_GT);
		VM_CASE(F64_LE) fp[ip[1].s.a].u32 = wx_num_f64_le(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_LE);
		VM_CASE(F64_GE) fp[ip[1].s.a].u32 = wx_num_f64_ge(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_GE);
		VM_CASE(I32_CLZ) fp[ip[1].s.a].u32 = wx_num_i32_clz(fp[ip[1].s.b].u32); STEP(I32_CLZ);
		VM_CASE(I32_CTZ) fp[ip[1].s.a].u32 = wx_num_i32_ctz(fp[ip[1].s.b].u32); STEP(I32_CTZ);
		VM_CASE(I32_POPCNT) fp[ip[1].s.a].u32 = wx_num_i32_popcnt(fp[ip[1].s.b].u32); STEP(I32_POPCNT);
		VM_CASE(I32_ADD) SOLO(I32_ADD);
		VM_CASE(I32_SUB) fp[ip[1].s.a].u32 = wx_num_i32_sub(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_SUB);
		VM_CASE(I32_MUL) fp[ip[1].s.a].u32 = wx_num_i32_mul(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_MUL);
		VM_CASE(I32_DIV_S) {
			uint32_t v;
			if ((trap = wx_num_i32_div_s(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_DIV_S);
		}
		VM_CASE(I32_DIV_U) {
			uint32_t v;
			if ((trap = wx_num_i32_div_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_DIV_U);
		}
		VM_CASE(I32_REM_S) {
			uint32_t v;
			if ((trap = wx_num_i32_rem_s(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_REM_S);
		}
		VM_CASE(I32_REM_U) {
			uint32_t v;
			if ((trap = wx_num_i32_rem_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_REM_U);
		}
		VM_CASE(I32_AND) fp[ip[1].s.a].u32 = wx_num_i32_and(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_AND);
		VM_CASE(I32_OR) fp[ip[1].s.a].u32 = wx_num_i32_or(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_OR);
		VM_CASE(I32_XOR) SOLO(I32_XOR);
		VM_CASE(I32_SHL) fp[ip[1].s.a].u32 = wx_num_i32_shl(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_SHL);
		VM_CASE(I32_SHR_S) fp[ip[1].s.a].u32 = wx_num_i32_shr_s(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_SHR_S);
		VM_CASE(I32_SHR_U) fp[ip[1].s.a].u32 = wx_num_i32_shr_u(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_SHR_U);
		VM_CASE(I32_ROTL) fp[ip[1].s.a].u32 = wx_num_i32_rotl(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_ROTL);
		VM_CASE(I32_ROTR) fp[ip[1].s.a].u32 = wx_num_i32_rotr(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32); STEP(I32_ROTR);
		VM_CASE(I64_CLZ) fp[ip[1].s.a].u64 = wx_num_i64_clz(fp[ip[1].s.b].u64); STEP(I64_CLZ);
		VM_CASE(I64_CTZ) fp[ip[1].s.a].u64 = wx_num_i64_ctz(fp[ip[1].s.b].u64); STEP(I64_CTZ);
		VM_CASE(I64_POPCNT) fp[ip[1].s.a].u64 = wx_num_i64_popcnt(fp[ip[1].s.b].u64); STEP(I64_POPCNT);
		VM_CASE(I64_ADD) fp[ip[1].s.a].u64 = wx_num_i64_add(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_ADD);
		VM_CASE(I64_SUB) fp[ip[1].s.a].u64 = wx_num_i64_sub(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_SUB);
		VM_CASE(I64_MUL) fp[ip[1].s.a].u64 = wx_num_i64_mul(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_MUL);
		VM_CASE(I64_DIV_S) {
			uint64_t v;
			if ((trap = wx_num_i64_div_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_DIV_S);
		}
		VM_CASE(I64_DIV_U) {
			uint64_t v;
			if ((trap = wx_num_i64_div_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_DIV_U);
		}
		VM_CASE(I64_REM_S) {
			uint64_t v;
			if ((trap = wx_num_i64_rem_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_REM_S);
		}
		VM_CASE(I64_REM_U) {
			uint64_t v;
			if ((trap = wx_num_i64_rem_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_REM_U);
		}
		VM_CASE(I64_AND) fp[ip[1].s.a].u64 = wx_num_i64_and(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_AND);
		VM_CASE(I64_OR) fp[ip[1].s.a].u64 = wx_num_i64_or(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_OR);
		VM_CASE(I64_XOR) fp[ip[1].s.a].u64 = wx_num_i64_xor(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_XOR);
		VM_CASE(I64_SHL) fp[ip[1].s.a].u64 = wx_num_i64_shl(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_SHL);
		VM_CASE(I64_SHR_S) fp[ip[1].s.a].u64 = wx_num_i64_shr_s(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_SHR_S);
		VM_CASE(I64_SHR_U) fp[ip[1].s.a].u64 = wx_num_i64_shr_u(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_SHR_U);
		VM_CASE(I64_ROTL) fp[ip[1].s.a].u64 = wx_num_i64_rotl(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_ROTL);
		VM_CASE(I64_ROTR) fp[ip[1].s.a].u64 = wx_num_i64_rotr(fp[ip[1].s.b].u64, fp[ip[2].s.a].u64); STEP(I64_ROTR);
		VM_CASE(F32_ABS) fp[ip[1].s.a].f32 = wx_num_f32_abs(fp[ip[1].s.b].f32); STEP(F32_ABS);
		VM_CASE(F32_NEG) fp[ip[1].s.a].f32 = wx_num_f32_neg(fp[ip[1].s.b].f32); STEP(F32_NEG);
		VM_CASE(F32_CEIL) fp[ip[1].s.a].f32 = wx_num_f32_ceil(fp[ip[1].s.b].f32); STEP(F32_CEIL);
		VM_CASE(F32_FLOOR) fp[ip[1].s.a].f32 = wx_num_f32_floor(fp[ip[1].s.b].f32); STEP(F32_FLOOR);
		VM_CASE(F32_TRUNC) fp[ip[1].s.a].f32 = wx_num_f32_trunc(fp[ip[1].s.b].f32); STEP(F32_TRUNC);
		VM_CASE(F32_NEAREST) fp[ip[1].s.a].f32 = wx_num_f32_nearest(fp[ip[1].s.b].f32); STEP(F32_NEAREST);
		VM_CASE(F32_SQRT) fp[ip[1].s.a].f32 = wx_num_f32_sqrt(fp[ip[1].s.b].f32); STEP(F32_SQRT);
		VM_CASE(F32_ADD) fp[ip[1].s.a].f32 = wx_num_f32_add(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_ADD);
		VM_CASE(F32_SUB) fp[ip[1].s.a].f32 = wx_num_f32_sub(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_SUB);
		VM_CASE(F32_MUL) fp[ip[1].s.a].f32 = wx_num_f32_mul(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_MUL);
		VM_CASE(F32_DIV) fp[ip[1].s.a].f32 = wx_num_f32_div(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_DIV);
		VM_CASE(F32_MIN) fp[ip[1].s.a].f32 = wx_num_f32_min(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_MIN);
		VM_CASE(F32_MAX) fp[ip[1].s.a].f32 = wx_num_f32_max(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_MAX);
		VM_CASE(F32_COPYSIGN) fp[ip[1].s.a].f32 = wx_num_f32_copysign(fp[ip[1].s.b].f32, fp[ip[2].s.a].f32); STEP(F32_COPYSIGN);
		VM_CASE(F64_ABS) fp[ip[1].s.a].f64 = wx_num_f64_abs(fp[ip[1].s.b].f64); STEP(F64_ABS);
		VM_CASE(F64_NEG) fp[ip[1].s.a].f64 = wx_num_f64_neg(fp[ip[1].s.b].f64); STEP(F64_NEG);
		VM_CASE(F64_CEIL) fp[ip[1].s.a].f64 = wx_num_f64_ceil(fp[ip[1].s.b].f64); STEP(F64_CEIL);
		VM_CASE(F64_FLOOR) fp[ip[1].s.a].f64 = wx_num_f64_floor(fp[ip[1].s.b].f64); STEP(F64_FLOOR);
		VM_CASE(F64_TRUNC) fp[ip[1].s.a].f64 = wx_num_f64_trunc(fp[ip[1].s.b].f64); STEP(F64_TRUNC);
		VM_CASE(F64_NEAREST) fp[ip[1].s.a].f64 = wx_num_f64_nearest(fp[ip[1].s.b].f64); STEP(F64_NEAREST);
		VM_CASE(F64_SQRT) fp[ip[1].s.a].f64 = wx_num_f64_sqrt(fp[ip[1].s.b].f64); STEP(F64_SQRT);
		VM_CASE(F64_ADD) SOLO(F64_ADD);
		VM_CASE(F64_SUB) SOLO(F64_SUB);
		VM_CASE(F64_MUL) SOLO(F64_MUL);
		VM_CASE(F64_DIV) { PUT_F64(ip[1].s.a, wx_num_f64_div(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64)); STEP(F64_DIV); }
		VM_CASE(F64_ADD_XA) { FACC_TAKE(); PUT_F64(ip[1].s.a, wx_num_f64_add(facc, fp[ip[2].s.a].f64)); STEP(F64_ADD_XA); }
		VM_CASE(F64_SUB_XA) { FACC_TAKE(); PUT_F64(ip[1].s.a, wx_num_f64_sub(facc, fp[ip[2].s.a].f64)); STEP(F64_SUB_XA); }
		VM_CASE(F64_SUB_XB) { FACC_TAKE(); PUT_F64(ip[1].s.a, wx_num_f64_sub(fp[ip[1].s.b].f64, facc)); STEP(F64_SUB_XB); }
		VM_CASE(F64_MUL_XA) { FACC_TAKE(); PUT_F64(ip[1].s.a, wx_num_f64_mul(facc, fp[ip[2].s.a].f64)); STEP(F64_MUL_XA); }
		VM_CASE(F64_MUL_XX) { FACC_TAKE(); PUT_F64(ip[1].s.a, wx_num_f64_mul(facc, facc)); STEP(F64_MUL_XX); }
		VM_CASE(F64_MIN) fp[ip[1].s.a].f64 = wx_num_f64_min(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_MIN);
		VM_CASE(F64_MAX) fp[ip[1].s.a].f64 = wx_num_f64_max(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_MAX);
		VM_CASE(F64_COPYSIGN) fp[ip[1].s.a].f64 = wx_num_f64_copysign(fp[ip[1].s.b].f64, fp[ip[2].s.a].f64); STEP(F64_COPYSIGN);
		VM_CASE(I32_WRAP_I64) fp[ip[1].s.a].u32 = wx_num_i32_wrap_i64(fp[ip[1].s.b].u64); STEP(I32_WRAP_I64);
		VM_CASE(I32_TRUNC_F32_S) {
			uint32_t v;
			if ((trap = wx_num_i32_trunc_f32_s(fp[ip[1].s.b].f32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_TRUNC_F32_S);
		}
		VM_CASE(I32_TRUNC_F32_U) {
			uint32_t v;
			if ((trap = wx_num_i32_trunc_f32_u(fp[ip[1].s.b].f32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_TRUNC_F32_U);
		}
		VM_CASE(I32_TRUNC_F64_S) {
			uint32_t v;
			if ((trap = wx_num_i32_trunc_f64_s(fp[ip[1].s.b].f64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_TRUNC_F64_S);
		}
		VM_CASE(I32_TRUNC_F64_U) {
			uint32_t v;
			if ((trap = wx_num_i32_trunc_f64_u(fp[ip[1].s.b].f64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u32 = v;
			STEP(I32_TRUNC_F64_U);
		}
		VM_CASE(I64_EXTEND_I32_S) fp[ip[1].s.a].u64 = wx_num_i64_extend_i32_s(fp[ip[1].s.b].u32); STEP(I64_EXTEND_I32_S);
		VM_CASE(I64_EXTEND_I32_U) fp[ip[1].s.a].u64 = wx_num_i64_extend_i32_u(fp[ip[1].s.b].u32); STEP(I64_EXTEND_I32_U);
		VM_CASE(I64_TRUNC_F32_S) {
			uint64_t v;
			if ((trap = wx_num_i64_trunc_f32_s(fp[ip[1].s.b].f32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_TRUNC_F32_S);
		}
		VM_CASE(I64_TRUNC_F32_U) {
			uint64_t v;
			if ((trap = wx_num_i64_trunc_f32_u(fp[ip[1].s.b].f32, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_TRUNC_F32_U);
		}
		VM_CASE(I64_TRUNC_F64_S) {
			uint64_t v;
			if ((trap = wx_num_i64_trunc_f64_s(fp[ip[1].s.b].f64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_TRUNC_F64_S);
		}
		VM_CASE(I64_TRUNC_F64_U) {
			uint64_t v;
			if ((trap = wx_num_i64_trunc_f64_u(fp[ip[1].s.b].f64, &v)) != WEXEC_TRAP_NONE)
				goto trapped;
			fp[ip[1].s.a].u64 = v;
			STEP(I64_TRUNC_F64_U);
		}
		VM_CASE(F32_CONVERT_I32_S) fp[ip[1].s.a].f32 = wx_num_f32_convert_i32_s(fp[ip[1].s.b].u32); STEP(F32_CONVERT_I32_S);
		VM_CASE(F32_CONVERT_I32_U) fp[ip[1].s.a].f32 = wx_num_f32_convert_i32_u(fp[ip[1].s.b].u32); STEP(F32_CONVERT_I32_U);
		VM_CASE(F32_CONVERT_I64_S) fp[ip[1].s.a].f32 = wx_num_f32_convert_i64_s(fp[ip[1].s.b].u64); STEP(F32_CONVERT_I64_S);
		VM_CASE(F32_CONVERT_I64_U) fp[ip[1].s.a].f32 = wx_num_f32_convert_i64_u(fp[ip[1].s.b].u64); STEP(F32_CONVERT_I64_U);
		VM_CASE(F32_DEMOTE_F64) fp[ip[1].s.a].f32 = wx_num_f32_demote_f64(fp[ip[1].s.b].f64); STEP(F32_DEMOTE_F64);
		VM_CASE(F64_CONVERT_I32_S) fp[ip[1].s.a].f64 = wx_num_f64_convert_i32_s(fp[ip[1].s.b].u32); STEP(F64_CONVERT_I32_S);
		VM_CASE(F64_CONVERT_I32_U) fp[ip[1].s.a].f64 = wx_num_f64_convert_i32_u(fp[ip[1].s.b].u32); STEP(F64_CONVERT_I32_U);
		VM_CASE(F64_CONVERT_I64_S) fp[ip[1].s.a].f64 = wx_num_f64_convert_i64_s(fp[ip[1].s.b].u64); STEP(F64_CONVERT_I64_S);
		VM_CASE(F64_CONVERT_I64_U) fp[ip[1].s.a].f64 = wx_num_f64_convert_i64_u(fp[ip[1].s.b].u64); STEP(F64_CONVERT_I64_U);
		VM_CASE(F64_PROMOTE_F32) fp[ip[1].s.a].f64 = wx_num_f64_promote_f32(fp[ip[1].s.b].f32); STEP(F64_PROMOTE_F32);
		VM_CASE(I32_REINTERPRET_F32) fp[ip[1].s.a].u32 = wx_num_i32_reinterpret_f32(fp[ip[1].s.b].f32); STEP(I32_REINTERPRET_F32);
		VM_CASE(I64_REINTERPRET_F64) fp[ip[1].s.a].u64 = wx_num_i64_reinterpret_f64(fp[ip[1].s.b].f64); STEP(I64_REINTERPRET_F64);
		VM_CASE(F32_REINTERPRET_I32) fp[ip[1].s.a].f32 = wx_num_f32_reinterpret_i32(fp[ip[1].s.b].u32); STEP(F32_REINTERPRET_I32);
		VM_CASE(F64_REINTERPRET_I64) fp[ip[1].s.a].f64 = wx_num_f64_reinterpret_i64(fp[ip[1].s.b].u64); STEP(F64_REINTERPRET_I64);
		VM_CASE(I32_EXTEND8_S) fp[ip[1].s.a].u32 = wx_num_i32_extend8_s(fp[ip[1].s.b].u32); STEP(I32_EXTEND8_S);
		VM_CASE(I32_EXTEND16_S) fp[ip[1].s.a].u32 = wx_num_i32_extend16_s(fp[ip[1].s.b].u32); STEP(I32_EXTEND16_S);
		VM_CASE(I64_EXTEND8_S) fp[ip[1].s.a].u64 = wx_num_i64_extend8_s(fp[ip[1].s.b].u64); STEP(I64_EXTEND8_S);
		VM_CASE(I64_EXTEND16_S) fp[ip[1].s.a].u64 = wx_num_i64_extend16_s(fp[ip[1].s.b].u64); STEP(I64_EXTEND16_S);
		VM_CASE(I64_EXTEND32_S) fp[ip[1].s.a].u64 = wx_num_i64_extend32_s(fp[ip[1].s.b].u64); STEP(I64_EXTEND32_S);
		VM_CASE(I32_TRUNC_SAT_F32_S) fp[ip[1].s.a].u32 = wx_num_i32_trunc_sat_f32_s(fp[ip[1].s.b].f32); STEP(I32_TRUNC_SAT_F32_S);
		VM_CASE(I32_TRUNC_SAT_F32_U) fp[ip[1].s.a].u32 = wx_num_i32_trunc_sat_f32_u(fp[ip[1].s.b].f32); STEP(I32_TRUNC_SAT_F32_U);
		VM_CASE(I32_TRUNC_SAT_F64_S) fp[ip[1].s.a].u32 = wx_num_i32_trunc_sat_f64_s(fp[ip[1].s.b].f64); STEP(I32_TRUNC_SAT_F64_S);
		VM_CASE(I32_TRUNC_SAT_F64_U) fp[ip[1].s.a].u32 = wx_num_i32_trunc_sat_f64_u(fp[ip[1].s.b].f64); STEP(I32_TRUNC_SAT_F64_U);
		VM_CASE(I64_TRUNC_SAT_F32_S) fp[ip[1].s.a].u64 = wx_num_i64_trunc_sat_f32_s(fp[ip[1].s.b].f32); STEP(I64_TRUNC_SAT_F32_S);
		VM_CASE(I64_TRUNC_SAT_F32_U) fp[ip[1].s.a].u64 = wx_num_i64_trunc_sat_f32_u(fp[ip[1].s.b].f32); STEP(I64_TRUNC_SAT_F32_U);
		VM_CASE(I64_TRUNC_SAT_F64_S) fp[ip[1].s.a].u64 = wx_num_i64_trunc_sat_f64_s(fp[ip[1].s.b].f64); STEP(I64_TRUNC_SAT_F64_S);
		VM_CASE(I64_TRUNC_SAT_F64_U) fp[ip[1].s.a].u64 = wx_num_i64_trunc_sat_f64_u(fp[ip[1].s.b].f64); STEP(I64_TRUNC_SAT_F64_U);

	/* ---- superinstructions */
		VM_CASE(I32_ADD_K) SOLO(I32_ADD_K);
		VM_CASE(I32_SUB_K) fp[ip[1].s.a].u32 = wx_num_i32_sub(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_SUB_K);
		VM_CASE(I32_MUL_K) fp[ip[1].s.a].u32 = wx_num_i32_mul(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_MUL_K);
		VM_CASE(I32_DIV_S_K) fp[ip[1].s.a].u32 = (uint32_t)((int32_t)fp[ip[1].s.b].u32 / (int32_t)ip[2].s.a); STEP(I32_DIV_S_K);
		VM_CASE(I32_DIV_U_K) fp[ip[1].s.a].u32 = fp[ip[1].s.b].u32 / ip[2].s.a; STEP(I32_DIV_U_K);
		VM_CASE(I32_REM_S_K) fp[ip[1].s.a].u32 = (uint32_t)((int32_t)fp[ip[1].s.b].u32 % (int32_t)ip[2].s.a); STEP(I32_REM_S_K);
		VM_CASE(I32_REM_U_K) fp[ip[1].s.a].u32 = fp[ip[1].s.b].u32 % ip[2].s.a; STEP(I32_REM_U_K);
		VM_CASE(I32_AND_K) SOLO(I32_AND_K);
		VM_CASE(I32_OR_K) SOLO(I32_OR_K);
		VM_CASE(I32_XOR_K) fp[ip[1].s.a].u32 = wx_num_i32_xor(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_XOR_K);
		VM_CASE(I32_SHL_K) SOLO(I32_SHL_K);
		VM_CASE(I32_SHR_S_K) fp[ip[1].s.a].u32 = wx_num_i32_shr_s(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_SHR_S_K);
		VM_CASE(I32_SHR_U_K) SOLO(I32_SHR_U_K);
		VM_CASE(I32_EQ_K) fp[ip[1].s.a].u32 = wx_num_i32_eq(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_EQ_K);
		VM_CASE(I32_NE_K) fp[ip[1].s.a].u32 = wx_num_i32_ne(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_NE_K);
		VM_CASE(I32_LT_S_K) fp[ip[1].s.a].u32 = wx_num_i32_lt_s(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_LT_S_K);
		VM_CASE(I32_LT_U_K) fp[ip[1].s.a].u32 = wx_num_i32_lt_u(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_LT_U_K);
		VM_CASE(I32_GT_S_K) fp[ip[1].s.a].u32 = wx_num_i32_gt_s(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_GT_S_K);
		VM_CASE(I32_GT_U_K) fp[ip[1].s.a].u32 = wx_num_i32_gt_u(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_GT_U_K);
		VM_CASE(I32_LE_S_K) fp[ip[1].s.a].u32 = wx_num_i32_le_s(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_LE_S_K);
		VM_CASE(I32_LE_U_K) fp[ip[1].s.a].u32 = wx_num_i32_le_u(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_LE_U_K);
		VM_CASE(I32_GE_S_K) fp[ip[1].s.a].u32 = wx_num_i32_ge_s(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_GE_S_K);
		VM_CASE(I32_GE_U_K) fp[ip[1].s.a].u32 = wx_num_i32_ge_u(fp[ip[1].s.b].u32, ip[2].s.a); STEP(I32_GE_U_K);
		VM_CASE(I64_ADD_K) fp[ip[1].s.a].u64 = wx_num_i64_add(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_ADD_K);
		VM_CASE(I64_SUB_K) fp[ip[1].s.a].u64 = wx_num_i64_sub(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_SUB_K);
		VM_CASE(I64_MUL_K) fp[ip[1].s.a].u64 = wx_num_i64_mul(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_MUL_K);
		VM_CASE(I64_AND_K) fp[ip[1].s.a].u64 = wx_num_i64_and(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_AND_K);
		VM_CASE(I64_OR_K) fp[ip[1].s.a].u64 = wx_num_i64_or(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_OR_K);
		VM_CASE(I64_XOR_K) fp[ip[1].s.a].u64 = wx_num_i64_xor(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_XOR_K);
		VM_CASE(I64_SHL_K) fp[ip[1].s.a].u64 = wx_num_i64_shl(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_SHL_K);
		VM_CASE(I64_SHR_S_K) fp[ip[1].s.a].u64 = wx_num_i64_shr_s(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_SHR_S_K);
		VM_CASE(I64_SHR_U_K) fp[ip[1].s.a].u64 = wx_num_i64_shr_u(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_SHR_U_K);
		VM_CASE(I64_EQ_K) fp[ip[1].s.a].u32 = wx_num_i64_eq(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_EQ_K);
		VM_CASE(I64_NE_K) fp[ip[1].s.a].u32 = wx_num_i64_ne(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_NE_K);
		VM_CASE(I64_LT_S_K) fp[ip[1].s.a].u32 = wx_num_i64_lt_s(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_LT_S_K);
		VM_CASE(I64_LT_U_K) fp[ip[1].s.a].u32 = wx_num_i64_lt_u(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_LT_U_K);
		VM_CASE(I64_GT_S_K) fp[ip[1].s.a].u32 = wx_num_i64_gt_s(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_GT_S_K);
		VM_CASE(I64_GT_U_K) fp[ip[1].s.a].u32 = wx_num_i64_gt_u(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_GT_U_K);
		VM_CASE(I64_LE_S_K) fp[ip[1].s.a].u32 = wx_num_i64_le_s(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_LE_S_K);
		VM_CASE(I64_LE_U_K) fp[ip[1].s.a].u32 = wx_num_i64_le_u(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_LE_U_K);
		VM_CASE(I64_GE_S_K) fp[ip[1].s.a].u32 = wx_num_i64_ge_s(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_GE_S_K);
		VM_CASE(I64_GE_U_K) fp[ip[1].s.a].u32 = wx_num_i64_ge_u(fp[ip[1].s.b].u64, ip[2].u64); STEP(I64_GE_U_K);
		VM_CASE(I32_LOAD_AK) SOLO(I32_LOAD_AK);
		VM_CASE(I64_LOAD_AK) LOAD(I64_LOAD_AK, uint64_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u64);
		VM_CASE(F32_LOAD_AK) LOAD(F32_LOAD_AK, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(F64_LOAD_AK) LOAD_F64(F64_LOAD_AK, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.a) + ip[2].s.b);
		VM_CASE(I32_LOAD8_S_AK) LOAD(I32_LOAD8_S_AK, int8_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD8_U_AK) LOAD(I32_LOAD8_U_AK, uint8_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD16_S_AK) SOLO(I32_LOAD16_S_AK);
		VM_CASE(I32_LOAD16_U_AK) LOAD(I32_LOAD16_U_AK, uint16_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_STORE_K) STORE(I32_STORE_K, uint32_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, ip[1].s.b);
		VM_CASE(I32_STORE8_K) STORE(I32_STORE8_K, uint8_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, ip[1].s.b);
		VM_CASE(I32_STORE16_K) STORE(I32_STORE16_K, uint16_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, ip[1].s.b);
		VM_CASE(I64_STORE_K) STORE(I64_STORE_K, uint64_t, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, (int64_t)(int32_t)ip[1].s.b);
		VM_CASE(I32_SUB_DIV_S_K) fp[ip[1].s.a].u32 = (uint32_t)((int32_t)wx_num_i32_sub(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32) / (int32_t)ip[2].s.b); STEP(I32_SUB_DIV_S_K);
		VM_CASE(I32_SUB_SHR_S_K) fp[ip[1].s.a].u32 = wx_num_i32_shr_s(wx_num_i32_sub(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32), ip[2].s.b); STEP(I32_SUB_SHR_S_K);
		VM_CASE(I32_ADD_TO_K) SOLO(I32_ADD_TO_K);
		VM_CASE(I32_LOAD_ADD_K) {
			uint32_t v;
			DO_LOAD(uint32_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].s.a, v);
			fp[ip[1].s.a].u32 = wx_num_i32_add(v, ip[2].s.b);
			STEP(I32_LOAD_ADD_K);
		}
		VM_CASE(I32_LOAD_LOAD) LOAD_THROUGH(I32_LOAD_LOAD, uint32_t);
		VM_CASE(I32_LOAD_LOAD8_U) LOAD_THROUGH(I32_LOAD_LOAD8_U, uint8_t);
		VM_CASE(I32_LOAD_LOAD8_S) LOAD_THROUGH(I32_LOAD_LOAD8_S, int8_t);
		VM_CASE(I32_LOAD_LOAD16_U) LOAD_THROUGH(I32_LOAD_LOAD16_U, uint16_t);
		VM_CASE(I32_LOAD_LOAD16_S) LOAD_THROUGH(I32_LOAD_LOAD16_S, int16_t);
		/* two instructions in one dispatch (pairs.def) */
#define WX_PAIR(ident, first, second) VM_CASE(ident) PAIR(ident, first, second);
#include "pairs.def"
		/* an operator with a constant on the one before (chains.def) */
#define WX_CHAIN_K(ident, first, f, second, g) VM_CASE(ident) { fp[ip[1].s.a].u32 = wx_num_i32_##g(wx_num_i32_##f(fp[ip[1].s.b].u32, ip[2].s.a), ip[2].s.b); STEP(ident); }
#define WX_CHAIN_R(ident, first, f, second, g) VM_CASE(ident) { fp[ip[1].s.a].u32 = wx_num_i32_##g(wx_num_i32_##f(fp[ip[1].s.b].u32, fp[ip[2].s.a].u32), ip[2].s.b); STEP(ident); }
#include "chains.def"
		VM_CASE(I32_LOAD_AX) LOAD(I32_LOAD_AX, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I64_LOAD_AX) LOAD(I64_LOAD_AX, uint64_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u64);
		VM_CASE(F32_LOAD_AX) LOAD(F32_LOAD_AX, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(F64_LOAD_AX) LOAD_F64(F64_LOAD_AX, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b);
		VM_CASE(I32_LOAD8_S_AX) LOAD(I32_LOAD8_S_AX, int8_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD8_U_AX) SOLO(I32_LOAD8_U_AX);
		VM_CASE(I32_LOAD16_S_AX) LOAD(I32_LOAD16_S_AX, int16_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD16_U_AX) LOAD(I32_LOAD16_U_AX, uint16_t, (uint64_t)(uint32_t)(fp[ip[1].s.b].u32 + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_STORE_AK) SOLO(I32_STORE_AK);
		VM_CASE(I64_STORE_AK) STORE(I64_STORE_AK, uint64_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u64);
		VM_CASE(F32_STORE_AK) STORE(F32_STORE_AK, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u32);
		VM_CASE(F64_STORE_AK) STORE(F64_STORE_AK, uint64_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u64);
		VM_CASE(I32_STORE8_AK) STORE(I32_STORE8_AK, uint8_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u32);
		VM_CASE(I32_STORE16_AK) STORE(I32_STORE16_AK, uint16_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u32);
		VM_CASE(I32_STORE_AX) STORE(I32_STORE_AX, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(I64_STORE_AX) STORE(I64_STORE_AX, uint64_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u64);
		VM_CASE(F32_STORE_AX) STORE(F32_STORE_AX, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(F64_STORE_AX) STORE(F64_STORE_AX, uint64_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u64);
		VM_CASE(I32_STORE8_AX) STORE(I32_STORE8_AX, uint8_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(I32_STORE16_AX) STORE(I32_STORE16_AX, uint16_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(I32_STORE_K_AX) STORE(I32_STORE_K_AX, uint32_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, ip[2].s.a);
		VM_CASE(I32_STORE8_K_AX) SOLO(I32_STORE8_K_AX);
		VM_CASE(I32_STORE16_K_AX) STORE(I32_STORE16_K_AX, uint16_t, (uint64_t)(uint32_t)(fp[ip[1].s.a].u32 + fp[ip[1].s.b].u32) + ip[2].s.b, ip[2].s.a);
		VM_CASE(I32_SHL_ADD_K) SOLO(I32_SHL_ADD_K);
		VM_CASE(I32_MULK_ADD) fp[ip[1].s.a].u32 = wx_num_i32_add(wx_num_i32_mul(fp[ip[1].s.b].u32, ip[2].s.b), fp[ip[2].s.a].u32); STEP(I32_MULK_ADD);
		VM_CASE(I32_SHL_ADD) SOLO(I32_SHL_ADD);
		VM_CASE(I32_LOAD_SK) LOAD(I32_LOAD_SK, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 2) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD_SX) LOAD(I32_LOAD_SX, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 2) + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I64_LOAD_SK) LOAD(I64_LOAD_SK, uint64_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 3) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u64);
		VM_CASE(I64_LOAD_SX) LOAD(I64_LOAD_SX, uint64_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 3) + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u64);
		VM_CASE(F32_LOAD_SK) LOAD(F32_LOAD_SK, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 2) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(F32_LOAD_SX) LOAD(F32_LOAD_SX, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 2) + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(F64_LOAD_SK) LOAD_F64(F64_LOAD_SK, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 3) + ip[2].s.a) + ip[2].s.b);
		VM_CASE(F64_LOAD_SX) LOAD_F64(F64_LOAD_SX, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 3) + fp[ip[2].s.a].u32) + ip[2].s.b);
		VM_CASE(I32_LOAD16_S_SK) LOAD(I32_LOAD16_S_SK, int16_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 1) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD16_S_SX) LOAD(I32_LOAD16_S_SX, int16_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 1) + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD16_U_SK) LOAD(I32_LOAD16_U_SK, uint16_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 1) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_LOAD16_U_SX) LOAD(I32_LOAD16_U_SX, uint16_t, (uint64_t)(uint32_t)((fp[ip[1].s.b].u32 << 1) + fp[ip[2].s.a].u32) + ip[2].s.b, fp[ip[1].s.a].u32);
		VM_CASE(I32_STORE_SK) STORE(I32_STORE_SK, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 2) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u32);
		VM_CASE(I32_STORE_SX) STORE(I32_STORE_SX, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 2) + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(I64_STORE_SK) STORE(I64_STORE_SK, uint64_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 3) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u64);
		VM_CASE(I64_STORE_SX) STORE(I64_STORE_SX, uint64_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 3) + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u64);
		VM_CASE(F32_STORE_SK) STORE(F32_STORE_SK, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 2) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u32);
		VM_CASE(F32_STORE_SX) STORE(F32_STORE_SX, uint32_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 2) + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(F64_STORE_SK) STORE(F64_STORE_SK, uint64_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 3) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u64);
		VM_CASE(F64_STORE_SX) STORE(F64_STORE_SX, uint64_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 3) + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u64);
		VM_CASE(I32_STORE16_SK) STORE(I32_STORE16_SK, uint16_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 1) + ip[2].s.a) + ip[2].s.b, fp[ip[1].s.b].u32);
		VM_CASE(I32_STORE16_SX) STORE(I32_STORE16_SX, uint16_t, (uint64_t)(uint32_t)((fp[ip[1].s.a].u32 << 1) + fp[ip[1].s.b].u32) + ip[2].s.b, fp[ip[2].s.a].u32);
		VM_CASE(F64_ADD_M) F64_M(F64_ADD_M, wx_num_f64_add, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(F64_SUB_M) F64_M(F64_SUB_M, wx_num_f64_sub, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(F64_MUL_M) F64_M(F64_MUL_M, wx_num_f64_mul, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(F64_ADD_MK) F64_M(F64_ADD_MK, wx_num_f64_add, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(F64_SUB_MK) F64_M(F64_SUB_MK, wx_num_f64_sub, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(F64_MUL_MK) F64_M(F64_MUL_MK, wx_num_f64_mul, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(I32_ADD_M) I32_M(I32_ADD_M, wx_num_i32_add, uint32_t, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(I32_ADD_MK) I32_M(I32_ADD_MK, wx_num_i32_add, uint32_t, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(I32_ADD_M16S) I32_M(I32_ADD_M16S, wx_num_i32_add, int16_t, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(I32_ADD_MK16S) I32_M(I32_ADD_MK16S, wx_num_i32_add, int16_t, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(I32_MUL_M) I32_M(I32_MUL_M, wx_num_i32_mul, uint32_t, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(I32_MUL_MK) I32_M(I32_MUL_MK, wx_num_i32_mul, uint32_t, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(I32_MUL_M16S) SOLO(I32_MUL_M16S);
		VM_CASE(I32_MUL_MK16S) SOLO(I32_MUL_MK16S);
		VM_CASE(I32_MUL_MM16S) MUL_MM(I32_MUL_MM16S, int16_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].s.b, (uint64_t)fp[ip[2].s.a].u32 + ip[3].s.a);
		VM_CASE(I32_MUL_MMK16S) MUL_MM(I32_MUL_MMK16S, int16_t, (uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.b), (uint32_t)(fp[ip[2].s.a].u32 + ip[3].s.a));
		VM_CASE(I32_MUL_M16U) I32_M(I32_MUL_M16U, wx_num_i32_mul, uint16_t, (uint64_t)fp[ip[2].s.a].u32 + ip[2].s.b);
		VM_CASE(I32_MUL_MK16U) I32_M(I32_MUL_MK16U, wx_num_i32_mul, uint16_t, (uint32_t)(fp[ip[2].s.a].u32 + ip[2].s.b));
		VM_CASE(I32_MUL_MM16U) MUL_MM(I32_MUL_MM16U, uint16_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].s.b, (uint64_t)fp[ip[2].s.a].u32 + ip[3].s.a);
		VM_CASE(I32_MUL_MMK16U) MUL_MM(I32_MUL_MMK16U, uint16_t, (uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.b), (uint32_t)(fp[ip[2].s.a].u32 + ip[3].s.a));
		VM_CASE(I32_MUL_MM) MUL_MM(I32_MUL_MM, uint32_t, (uint64_t)fp[ip[1].s.b].u32 + ip[2].s.b, (uint64_t)fp[ip[2].s.a].u32 + ip[3].s.a);
		VM_CASE(I32_MUL_MMK) MUL_MM(I32_MUL_MMK, uint32_t, (uint32_t)(fp[ip[1].s.b].u32 + ip[2].s.b), (uint32_t)(fp[ip[2].s.a].u32 + ip[3].s.a));
		VM_CASE(F64_ADD_TO) {
			uint64_t ea = (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64;
			double v;
			DO_LOAD(double, ea, v);
			v = wx_num_f64_add(fp[ip[1].s.b].f64, v);
			memcpy(mem + ea, &v, 8); /* in bounds: just loaded */
			STEP(F64_ADD_TO);
		}
		VM_CASE(F64_ADD_TO_X) {
			FACC_TAKE();
			uint64_t ea = (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64;
			double v;
			DO_LOAD(double, ea, v);
			v = wx_num_f64_add(facc, v);
			memcpy(mem + ea, &v, 8); /* in bounds: just loaded */
			STEP(F64_ADD_TO_X);
		}
		VM_CASE(F64_STORE_X) { FACC_TAKE(); STORE(F64_STORE_X, double, (uint64_t)fp[ip[1].s.a].u32 + ip[2].u64, facc); }
		VM_CASE(F64_MULM_ADD_TO) SOLO(F64_MULM_ADD_TO);
		VM_CASE(F64_MULMK_ADD_TO) SOLO(F64_MULMK_ADD_TO);
		VM_CASE(I32_ADD3) SOLO(I32_ADD3);
		VM_CASE(I32_MUL_ADD) fp[ip[1].s.a].u32 = wx_num_i32_add(wx_num_i32_mul(fp[ip[2].s.a].u32, fp[ip[2].s.b].u32), fp[ip[1].s.b].u32); STEP(I32_MUL_ADD);
		VM_CASE(I64_MUL_ADD) fp[ip[1].s.a].u64 = wx_num_i64_add(wx_num_i64_mul(fp[ip[2].s.a].u64, fp[ip[2].s.b].u64), fp[ip[1].s.b].u64); STEP(I64_MUL_ADD);
		VM_CASE(F64_MUL_ADD) {
			double m = wx_num_f64_mul(fp[ip[2].s.a].f64, fp[ip[2].s.b].f64);
			PUT_F64(ip[1].s.a, wx_num_f64_add(m, fp[ip[1].s.b].f64));
			STEP(F64_MUL_ADD);
		}
		VM_CASE(F64_ADD_MUL) {
			double m = wx_num_f64_mul(fp[ip[2].s.a].f64, fp[ip[2].s.b].f64);
			PUT_F64(ip[1].s.a, wx_num_f64_add(fp[ip[1].s.b].f64, m));
			STEP(F64_ADD_MUL);
		}
		VM_CASE(F64_MUL_ADD_XA) {
			FACC_TAKE();
			double m = wx_num_f64_mul(facc, fp[ip[2].s.b].f64);
			PUT_F64(ip[1].s.a, wx_num_f64_add(m, fp[ip[1].s.b].f64));
			STEP(F64_MUL_ADD_XA);
		}
		VM_CASE(F64_ADD_MUL_XA) {
			FACC_TAKE();
			double m = wx_num_f64_mul(facc, fp[ip[2].s.b].f64);
			PUT_F64(ip[1].s.a, wx_num_f64_add(fp[ip[1].s.b].f64, m));
			STEP(F64_ADD_MUL_XA);
		}
		VM_CASE(I32_RSUB_K) SOLO(I32_RSUB_K);
		VM_CASE(I64_RSUB_K) fp[ip[1].s.a].u64 = wx_num_i64_sub(ip[2].u64, fp[ip[1].s.b].u64); STEP(I64_RSUB_K);
		VM_CASE(BR_I32_EQ) SOLO(BR_I32_EQ);
		VM_CASE(BR_I32_NE) SOLO(BR_I32_NE);
		VM_CASE(BR_I32_LT_S) { if (wx_num_i32_lt_s(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_LT_S); }
		VM_CASE(BR_I32_LT_U) { if (wx_num_i32_lt_u(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_LT_U); }
		VM_CASE(BR_I32_GT_S) { if (wx_num_i32_gt_s(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_GT_S); }
		VM_CASE(BR_I32_GT_U) { if (wx_num_i32_gt_u(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_GT_U); }
		VM_CASE(BR_I32_LE_S) { if (wx_num_i32_le_s(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_LE_S); }
		VM_CASE(BR_I32_LE_U) { if (wx_num_i32_le_u(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_LE_U); }
		VM_CASE(BR_I32_GE_S) { if (wx_num_i32_ge_s(fp[ip[1].s.a].u32, fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_GE_S); }
		VM_CASE(BR_I32_GE_U) SOLO(BR_I32_GE_U);
		VM_CASE(BR_I32_EQ_K) SOLO(BR_I32_EQ_K);
		VM_CASE(BR_I32_NE_K) SOLO(BR_I32_NE_K);
		VM_CASE(BR_I32_LT_S_K) SOLO(BR_I32_LT_S_K);
		VM_CASE(BR_I32_LT_U_K) { if (wx_num_i32_lt_u(fp[ip[1].s.a].u32, ip[1].s.b)) JUMP(ip[2].s.a); STEP(BR_I32_LT_U_K); }
		VM_CASE(BR_I32_GT_S_K) SOLO(BR_I32_GT_S_K);
		VM_CASE(BR_I32_GT_U_K) { if (wx_num_i32_gt_u(fp[ip[1].s.a].u32, ip[1].s.b)) JUMP(ip[2].s.a); STEP(BR_I32_GT_U_K); }
		VM_CASE(BR_I32_LE_S_K) { if (wx_num_i32_le_s(fp[ip[1].s.a].u32, ip[1].s.b)) JUMP(ip[2].s.a); STEP(BR_I32_LE_S_K); }
		VM_CASE(BR_I32_LE_U_K) { if (wx_num_i32_le_u(fp[ip[1].s.a].u32, ip[1].s.b)) JUMP(ip[2].s.a); STEP(BR_I32_LE_U_K); }
		VM_CASE(BR_I32_GE_S_K) { if (wx_num_i32_ge_s(fp[ip[1].s.a].u32, ip[1].s.b)) JUMP(ip[2].s.a); STEP(BR_I32_GE_S_K); }
		VM_CASE(BR_I32_GE_U_K) { if (wx_num_i32_ge_u(fp[ip[1].s.a].u32, ip[1].s.b)) JUMP(ip[2].s.a); STEP(BR_I32_GE_U_K); }
		VM_CASE(BR_I32_AND) { if (fp[ip[1].s.a].u32 & fp[ip[1].s.b].u32) JUMP(ip[2].s.a); STEP(BR_I32_AND); }
		VM_CASE(BR_I32_NAND) { if (!(fp[ip[1].s.a].u32 & fp[ip[1].s.b].u32)) JUMP(ip[2].s.a); STEP(BR_I32_NAND); }
		VM_CASE(BR_I32_AND_K) { if (fp[ip[1].s.a].u32 & ip[1].s.b) JUMP(ip[2].s.a); STEP(BR_I32_AND_K); }
		VM_CASE(BR_I32_NAND_K) SOLO(BR_I32_NAND_K);
		VM_CASE(BR_I32_LOAD_NZ) BRANCH_LOAD(BR_I32_LOAD_NZ, uint32_t, v_ != 0);
		VM_CASE(BR_I32_LOAD_Z) BRANCH_LOAD(BR_I32_LOAD_Z, uint32_t, v_ == 0);
		VM_CASE(BR_I32_LOAD8_U_NZ) SOLO(BR_I32_LOAD8_U_NZ);
		VM_CASE(BR_I32_LOAD8_U_Z) BRANCH_LOAD(BR_I32_LOAD8_U_Z, uint8_t, v_ == 0);
		VM_CASE(LOAD_BR_NZ) SOLO(LOAD_BR_NZ);
		VM_CASE(LOAD_BR_Z) SOLO(LOAD_BR_Z);
		VM_CASE(BR_I64_EQ) { if (wx_num_i64_eq(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_EQ); }
		VM_CASE(BR_I64_NE) { if (wx_num_i64_ne(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_NE); }
		VM_CASE(BR_I64_LT_S) { if (wx_num_i64_lt_s(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_LT_S); }
		VM_CASE(BR_I64_LT_U) { if (wx_num_i64_lt_u(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_LT_U); }
		VM_CASE(BR_I64_GT_S) { if (wx_num_i64_gt_s(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_GT_S); }
		VM_CASE(BR_I64_GT_U) { if (wx_num_i64_gt_u(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_GT_U); }
		VM_CASE(BR_I64_LE_S) { if (wx_num_i64_le_s(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_LE_S); }
		VM_CASE(BR_I64_LE_U) { if (wx_num_i64_le_u(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_LE_U); }
		VM_CASE(BR_I64_GE_S) { if (wx_num_i64_ge_s(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_GE_S); }
		VM_CASE(BR_I64_GE_U) { if (wx_num_i64_ge_u(fp[ip[1].s.a].u64, fp[ip[1].s.b].u64)) JUMP(ip[2].s.a); STEP(BR_I64_GE_U); }
	/* ---- vector instructions */
#include "interp_simd.inc"
#ifdef WX_SWITCH_DISPATCH
		case WX_I_COUNT:
			abort();
#endif
	}
	/* clang-format on */

oob:
	trap = WEXEC_TRAP_MEMORY_OOB;
trapped:
	wx_record_backtrace(store, func, fr, bottom);
	/* A failed call_indirect is still at ip, its index in its slot. */
	wx_record_trap(err, trap, RUNNING(),
	            trap == WEXEC_TRAP_UNDEFINED_ELEMENT ||
	                    trap == WEXEC_TRAP_UNINITIALIZED
	                ? &fp[ip[2].s.b].u32
	                : NULL);
	status = WEXEC_ERR_TRAP;
failed:
	stk->nframes = entry;
	return status;
done:
	stk->nframes = entry;
	return WEXEC_OK;
#undef RUNNING
}

const void *const *wx_interp_handlers(void)
{
	const void *const *table =
	    __atomic_load_n(&handler_table, __ATOMIC_ACQUIRE);
	if (!table) {
		wx_interp_execute(NULL, NULL, NULL, NULL, NULL);
		table = __atomic_load_n(&handler_table, __ATOMIC_ACQUIRE);
	}
	return table;
}

