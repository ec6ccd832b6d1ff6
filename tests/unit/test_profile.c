/*
 * test_profile.c - per-function profiles (wexec_store_profile_*,
 * wexec_instance_profile): exact call counts over every kind of call
 * (call, call_local, call_indirect, return_call, host), samples charged
 * to the function that runs (a hot loop, a host function), nothing
 * counted while profiling is off, and ticks beside interrupts and fuel.
 * The module is `wat2wasm --debug-names --enable-tail-call` of:
 *
 * (module
 *   (type $v (func))
 *   (type $ii (func (param i32) (result i32)))
 *   (import "env" "tick" (func (type $v)))
 *   (table 1 funcref)
 *   (elem (i32.const 0) $leaf)
 *   (func $fib (export "fib") (param i32) (result i32)
 *     local.get 0 i32.const 2 i32.lt_s
 *     if (result i32) local.get 0
 *     else
 *       local.get 0 i32.const 1 i32.sub call $fib
 *       local.get 0 i32.const 2 i32.sub call $fib i32.add
 *     end)
 *   (func $leaf (type $ii) local.get 0 i32.const 1 i32.add)
 *   (func (export "ticks") (param i32) (result i32)
 *     block loop
 *       local.get 0 i32.eqz br_if 1
 *       call 0
 *       local.get 0 i32.const 1 i32.sub local.set 0
 *       br 0
 *     end end
 *     local.get 0)
 *   (func (export "mixed") (param i32) (result i32)
 *     local.get 0 i32.const 0 call_indirect (type $ii)
 *     call 5)
 *   (func (param i32) (result i32)
 *     local.get 0 return_call $leaf)
 *   (func $spin (export "spin") (param i32) (result i32) (local i32)
 *     loop
 *       local.get 1 local.get 0 i32.add local.set 1
 *       local.get 0 i32.const 1 i32.sub local.tee 0
 *       br_if 0
 *     end
 *     local.get 1)
 *   (func $cold (param i32) (result i32) local.get 0 i32.const 3 i32.mul)
 *   (func (export "work") (param i32) (result i32)
 *     local.get 0 call $cold
 *     local.get 0 call $spin i32.add)
 *   (func $leafwork (param i32) (result i32) (local i32)
 *     ;; 24 times, K = 0 to 23:
 *     local.get 1 local.get 0 i32.mul i32.const K i32.add local.set 1
 *     local.get 1)
 *   (func (export "leafy") (param i32) (result i32) (local i32)
 *     loop
 *       local.get 1 local.get 0 call $leafwork i32.add local.set 1
 *       local.get 0 i32.const 1 i32.sub local.tee 0
 *       br_if 0
 *     end
 *     local.get 1)
 *   (func $div0 (param i32) (result i32) local.get 0 i32.const 0 i32.div_s)
 *   (func (export "deep") (param i32) (result i32) local.get 0 call $div0))
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "runtime.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char prof_wasm[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60,
  0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x02, 0x0c, 0x01, 0x03, 0x65,
  0x6e, 0x76, 0x04, 0x74, 0x69, 0x63, 0x6b, 0x00, 0x00, 0x03, 0x0d, 0x0c,
  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
  0x04, 0x04, 0x01, 0x70, 0x00, 0x01, 0x07, 0x34, 0x07, 0x03, 0x66, 0x69,
  0x62, 0x00, 0x01, 0x05, 0x74, 0x69, 0x63, 0x6b, 0x73, 0x00, 0x03, 0x05,
  0x6d, 0x69, 0x78, 0x65, 0x64, 0x00, 0x04, 0x04, 0x73, 0x70, 0x69, 0x6e,
  0x00, 0x06, 0x04, 0x77, 0x6f, 0x72, 0x6b, 0x00, 0x08, 0x05, 0x6c, 0x65,
  0x61, 0x66, 0x79, 0x00, 0x0a, 0x04, 0x64, 0x65, 0x65, 0x70, 0x00, 0x0c,
  0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x02, 0x0a, 0xa5, 0x03,
  0x0c, 0x1c, 0x00, 0x20, 0x00, 0x41, 0x02, 0x48, 0x04, 0x7f, 0x20, 0x00,
  0x05, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x10, 0x01, 0x20, 0x00, 0x41, 0x02,
  0x6b, 0x10, 0x01, 0x6a, 0x0b, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01,
  0x6a, 0x0b, 0x1a, 0x00, 0x02, 0x40, 0x03, 0x40, 0x20, 0x00, 0x45, 0x0d,
  0x01, 0x10, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x21, 0x00, 0x0c, 0x00,
  0x0b, 0x0b, 0x20, 0x00, 0x0b, 0x0b, 0x00, 0x20, 0x00, 0x41, 0x00, 0x11,
  0x01, 0x00, 0x10, 0x05, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x12, 0x02, 0x0b,
  0x19, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21,
  0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20,
  0x01, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x41, 0x03, 0x6c, 0x0b, 0x0b, 0x00,
  0x20, 0x00, 0x10, 0x07, 0x20, 0x00, 0x10, 0x06, 0x6a, 0x0b, 0xf6, 0x01,
  0x01, 0x01, 0x7f, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x00, 0x6a, 0x21,
  0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x01, 0x6a, 0x21, 0x01, 0x20,
  0x01, 0x20, 0x00, 0x6c, 0x41, 0x02, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20,
  0x00, 0x6c, 0x41, 0x03, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c,
  0x41, 0x04, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x05,
  0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x06, 0x6a, 0x21,
  0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x07, 0x6a, 0x21, 0x01, 0x20,
  0x01, 0x20, 0x00, 0x6c, 0x41, 0x08, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20,
  0x00, 0x6c, 0x41, 0x09, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c,
  0x41, 0x0a, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x0b,
  0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x0c, 0x6a, 0x21,
  0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x0d, 0x6a, 0x21, 0x01, 0x20,
  0x01, 0x20, 0x00, 0x6c, 0x41, 0x0e, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20,
  0x00, 0x6c, 0x41, 0x0f, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c,
  0x41, 0x10, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x11,
  0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x12, 0x6a, 0x21,
  0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x13, 0x6a, 0x21, 0x01, 0x20,
  0x01, 0x20, 0x00, 0x6c, 0x41, 0x14, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20,
  0x00, 0x6c, 0x41, 0x15, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c,
  0x41, 0x16, 0x6a, 0x21, 0x01, 0x20, 0x01, 0x20, 0x00, 0x6c, 0x41, 0x17,
  0x6a, 0x21, 0x01, 0x20, 0x01, 0x0b, 0x1b, 0x01, 0x01, 0x7f, 0x03, 0x40,
  0x20, 0x01, 0x20, 0x00, 0x10, 0x09, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x41,
  0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b, 0x07, 0x00,
  0x20, 0x00, 0x41, 0x00, 0x6d, 0x0b, 0x06, 0x00, 0x20, 0x00, 0x10, 0x0b,
  0x0b, 0x00, 0x56, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x28, 0x06, 0x01,
  0x03, 0x66, 0x69, 0x62, 0x02, 0x04, 0x6c, 0x65, 0x61, 0x66, 0x06, 0x04,
  0x73, 0x70, 0x69, 0x6e, 0x07, 0x04, 0x63, 0x6f, 0x6c, 0x64, 0x09, 0x08,
  0x6c, 0x65, 0x61, 0x66, 0x77, 0x6f, 0x72, 0x6b, 0x0b, 0x04, 0x64, 0x69,
  0x76, 0x30, 0x02, 0x1b, 0x0d, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03,
  0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x00, 0x08, 0x00, 0x09,
  0x00, 0x0a, 0x00, 0x0b, 0x00, 0x0c, 0x00, 0x04, 0x08, 0x02, 0x00, 0x01,
  0x76, 0x01, 0x02, 0x69, 0x69
};

enum { F_TICK, F_FIB, F_LEAF, F_TICKS, F_MIXED, F_TAIL, F_SPIN, F_COLD,
       F_WORK, F_LEAFWORK, F_LEAFY, F_DIV0, F_DEEP, NFUNCS };

typedef struct fixture {
	wexec_module *module;
	wexec_store *store;
	wexec_linker *linker;
	wexec_instance *inst;
	wexec_profile_entry prof[NFUNCS];
} fixture;

/* env::tick: one profile tick, as a timer would give it. */
static wexec_status host_tick(wexec_instance *caller, void *user,
                              const wexec_val *args, wexec_val *results,
                              wexec_error *err)
{
	(void)user, (void)args, (void)results, (void)err;
	wexec_store_profile_tick(wexec_instance_store(caller));
	return WEXEC_OK;
}

static bool setup(fixture *fx, const wexec_config *cfg)
{
	wexec_error err = WEXEC_ERROR_INIT;
	static const wexec_functype v = {NULL, 0, NULL, 0};
	memset(fx, 0, sizeof *fx);
	fx->store = wexec_store_new(cfg);
	fx->linker = wexec_linker_new(fx->store);
	CHECK(wexec_module_new(prof_wasm, sizeof prof_wasm, &fx->module,
	                       &err) == WEXEC_OK);
	CHECK(wexec_linker_define_func(fx->linker, "env", "tick", &v,
	                               host_tick, NULL, &err) == WEXEC_OK);
	CHECK(fx->module && wexec_linker_instantiate(fx->linker, fx->module,
	                                             &fx->inst,
	                                             &err) == WEXEC_OK);
	return fx->inst != NULL;
}

static void teardown(fixture *fx)
{
	wexec_linker_free(fx->linker);
	wexec_store_free(fx->store);
	wexec_module_free(fx->module);
}

static int32_t call(fixture *fx, const char *name, int32_t arg,
                    wexec_status want)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_val a = wexec_val_i32(arg), r = wexec_val_i32(-1);
	CHECK(wexec_func_call(wexec_instance_func(fx->inst, name), &a, 1, &r,
	                      1, &err) == want);
	return r.of.i32;
}

static void read_profile(fixture *fx)
{
	memset(fx->prof, 0xff, sizeof fx->prof);
	CHECK(wexec_instance_profile(fx->inst, fx->prof, NFUNCS) == NFUNCS);
}

static bool named(const wexec_profile_entry *e, const char *name)
{
	return e->name_len == strlen(name) &&
	       memcmp(e->name, name, e->name_len) == 0;
}

static void test_calls(void)
{
	fixture fx;
	if (!setup(&fx, NULL))
		goto done;
	/* Off: nothing is counted, ticks are ignored. */
	CHECK(call(&fx, "fib", 10, WEXEC_OK) == 55);
	CHECK(call(&fx, "ticks", 2, WEXEC_OK) == 0);
	CHECK(atomic_load(&fx.store->attention) == 0);
	read_profile(&fx);
	for (int i = 0; i < NFUNCS; i++)
		CHECK(fx.prof[i].funcidx == (uint32_t)i &&
		      fx.prof[i].calls == 0 && fx.prof[i].samples == 0);
	CHECK(!wexec_store_profiling(fx.store));

	wexec_store_profile_start(fx.store);
	CHECK(wexec_store_profiling(fx.store));
	/* fib(10) makes 177 calls: 1 from outside, 176 call_local. */
	CHECK(call(&fx, "fib", 10, WEXEC_OK) == 55);
	/* Three host calls, each of which ticks: the tick comes while the
	 * host function runs, so the sample is its own. */
	CHECK(call(&fx, "ticks", 3, WEXEC_OK) == 0);
	/* call_indirect to leaf, call to the unnamed 5, return_call to leaf. */
	CHECK(call(&fx, "mixed", 5, WEXEC_OK) == 7);
	read_profile(&fx);
	CHECK(fx.prof[F_FIB].calls == 177 && fx.prof[F_FIB].samples == 0);
	CHECK(fx.prof[F_TICK].calls == 3 && fx.prof[F_TICK].samples == 3);
	CHECK(fx.prof[F_TICKS].calls == 1 && fx.prof[F_TICKS].samples == 0);
	CHECK(fx.prof[F_MIXED].calls == 1);
	CHECK(fx.prof[F_TAIL].calls == 1);
	CHECK(fx.prof[F_LEAF].calls == 2);
	CHECK(fx.prof[F_SPIN].calls == 0 && fx.prof[F_WORK].calls == 0);

	/* Names: name section, export, host definition, none. */
	CHECK(fx.prof[F_TICK].imported && !fx.prof[F_FIB].imported);
	CHECK(named(&fx.prof[F_FIB], "fib") && named(&fx.prof[F_LEAF], "leaf"));
	CHECK(named(&fx.prof[F_TICKS], "ticks"));
	CHECK(named(&fx.prof[F_TICK], "env::tick"));
	CHECK(fx.prof[F_TAIL].name == NULL && fx.prof[F_TAIL].name_len == 0);

	/* Stopped: the counts stay as they were. */
	wexec_store_profile_stop(fx.store);
	CHECK(call(&fx, "fib", 10, WEXEC_OK) == 55);
	CHECK(call(&fx, "ticks", 1, WEXEC_OK) == 0);
	read_profile(&fx);
	CHECK(fx.prof[F_FIB].calls == 177 && fx.prof[F_TICK].samples == 3);
	/* Started again, they go on from there. */
	wexec_store_profile_start(fx.store);
	CHECK(call(&fx, "fib", 1, WEXEC_OK) == 1);
	read_profile(&fx);
	CHECK(fx.prof[F_FIB].calls == 178);

	/* Asking for fewer, for none, or of nothing. */
	memset(fx.prof, 0, sizeof fx.prof);
	CHECK(wexec_instance_profile(fx.inst, fx.prof, 2) == NFUNCS);
	CHECK(fx.prof[1].calls == 178 && fx.prof[2].calls == 0);
	CHECK(wexec_instance_profile(fx.inst, NULL, 0) == NFUNCS);
	CHECK(wexec_instance_profile(NULL, fx.prof, NFUNCS) == 0);
	wexec_store_profile_start(NULL);
	wexec_store_profile_tick(NULL);
	CHECK(!wexec_store_profiling(NULL));
done:
	teardown(&fx);
}

/* What leafy(n) returns: the sum of leafwork(i) for i = n down to 1. */
static int32_t leafy_result(uint32_t n)
{
	uint32_t sum = 0;
	for (uint32_t i = n; i > 0; i--) {
		uint32_t x = 0;
		for (uint32_t k = 0; k < 24; k++)
			x = x * i + k;
		sum += x;
	}
	return (int32_t)sum;
}

/* Ticks from another thread every 100 us, until told to stop. */
static atomic_bool ticking;

static void *ticker(void *arg)
{
	struct timespec ts = {0, 100000};
	while (atomic_load(&ticking)) {
		wexec_store_profile_tick(arg);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

/* Runs export `name`(arg) while a thread ticks; returns all samples. */
static uint64_t sampled_call(fixture *fx, const char *name, int32_t arg,
                             int32_t want)
{
	pthread_t t;
	uint64_t total = 0;
	atomic_store(&ticking, true);
	if (pthread_create(&t, NULL, ticker, fx->store) != 0) {
		SKIP(name, "cannot start a thread");
		return 0;
	}
	CHECK(call(fx, name, arg, WEXEC_OK) == want);
	atomic_store(&ticking, false);
	pthread_join(t, NULL);
	read_profile(fx);
	for (int i = 0; i < NFUNCS; i++)
		total += fx->prof[i].samples;
	return total;
}

/* `f` has at least `tenths` tenths of the samples (and one at least). */
static bool has_share(const fixture *fx, int f, uint64_t total, int tenths)
{
	uint64_t got = fx->prof[f].samples;
	if (got > 0 && got * 10 >= total * (uint64_t)tenths)
		return true;
	fprintf(stderr, "function %d has %llu of %llu samples\n", f,
	        (unsigned long long)got, (unsigned long long)total);
	return false;
}

static void test_samples(void)
{
	fixture fx;
	uint64_t total;
	if (!setup(&fx, NULL))
		goto done;
	wexec_store_profile_start(fx.store);
	/* work calls cold once, then spin, which loops 20 million times:
	 * the loop is where the time goes, nearly every sample is spin's. */
	total = sampled_call(&fx, "work", 20000000,
	                     (int32_t)(uint32_t)(20000000ull * 20000001ull / 2 +
	                                         60000000ull));
	CHECK(has_share(&fx, F_SPIN, total, 9));
	CHECK(fx.prof[F_WORK].calls == 1 && fx.prof[F_SPIN].calls == 1 &&
	      fx.prof[F_COLD].calls == 1);
	/* leafy's loop calls leafwork, which neither loops nor calls, so
	 * never polls: its time is charged as it returns. It has about half
	 * of the samples (the calls cost the rest); none without that. */
	total = sampled_call(&fx, "leafy", 3000000, leafy_result(3000000));
	CHECK(has_share(&fx, F_LEAFWORK, total, 3));
	CHECK(fx.prof[F_LEAFWORK].calls == 3000000);
done:
	teardown(&fx);
}

/* Under profiling, calls take two frame records: the depth limit and the
 * backtrace stay what they are without. */
static void test_frames(void)
{
	fixture fx;
	wexec_config cfg;
	wexec_frame frames[4];
	wexec_status plain[12];
	wexec_config_init(&cfg);
	cfg.max_call_depth = 16;
	if (!setup(&fx, &cfg))
		goto done;
	for (int n = 10; n < 22; n++) {
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_val a = wexec_val_i32(n), r;
		plain[n - 10] = wexec_func_call(wexec_instance_func(fx.inst, "fib"),
		                                &a, 1, &r, 1, &err);
	}
	CHECK(plain[0] == WEXEC_OK && plain[11] == WEXEC_ERR_TRAP);
	wexec_store_profile_start(fx.store);
	for (int n = 10; n < 22; n++) {
		wexec_error err = WEXEC_ERROR_INIT;
		wexec_val a = wexec_val_i32(n), r;
		CHECK(wexec_func_call(wexec_instance_func(fx.inst, "fib"), &a, 1,
		                      &r, 1, &err) == plain[n - 10]);
	}
	call(&fx, "deep", 1, WEXEC_ERR_TRAP);
	CHECK(wexec_store_backtrace(fx.store, frames, 4) == 2);
	CHECK(!strcmp(frames[0].name, "div0") && !strcmp(frames[1].name, "deep"));
	read_profile(&fx);
	CHECK(fx.prof[F_DEEP].calls == 1 && fx.prof[F_DIV0].calls == 1);
done:
	teardown(&fx);
}

static void test_interrupt_and_fuel(void)
{
	fixture fx;
	wexec_config cfg;
	if (!setup(&fx, NULL))
		goto done;
	wexec_store_profile_start(fx.store);
	/* Ticks and an interrupt pending together: the interrupt still
	 * traps; the ticks, which came before the call, are dropped. */
	for (int i = 0; i < 5; i++)
		wexec_store_profile_tick(fx.store);
	wexec_store_interrupt(fx.store);
	call(&fx, "spin", 1000, WEXEC_ERR_TRAP);
	wexec_store_clear_interrupt(fx.store);
	CHECK(call(&fx, "spin", 4, WEXEC_OK) == 10);
	read_profile(&fx);
	/* The interrupted call never began. */
	CHECK(fx.prof[F_SPIN].samples == 0 && fx.prof[F_SPIN].calls == 1);
	/* Clearing an interrupt keeps the ticks; stopping drops them. */
	wexec_store_profile_tick(fx.store);
	wexec_store_interrupt(fx.store);
	wexec_store_clear_interrupt(fx.store);
	CHECK(atomic_load(&fx.store->attention) ==
	      (WX_ATTN_PROFILING | WX_ATTN_TICK));
	wexec_store_profile_stop(fx.store);
	CHECK(atomic_load(&fx.store->attention) == 0);
	teardown(&fx);

	/* With fuel, calls are still counted, and fuel still runs out. */
	wexec_config_init(&cfg);
	cfg.fuel = 1000000;
	if (!setup(&fx, &cfg))
		goto done;
	wexec_store_profile_start(fx.store);
	CHECK(call(&fx, "fib", 10, WEXEC_OK) == 55);
	CHECK(call(&fx, "ticks", 2, WEXEC_OK) == 0);
	read_profile(&fx);
	CHECK(fx.prof[F_FIB].calls == 177);
	CHECK(fx.prof[F_TICK].calls == 2 && fx.prof[F_TICK].samples == 2);
	wexec_store_set_fuel(fx.store, 50);
	call(&fx, "spin", 1000, WEXEC_ERR_TRAP);
done:
	teardown(&fx);
}

int main(void)
{
	RUN(test_calls);
	RUN(test_samples);
	RUN(test_frames);
	RUN(test_interrupt_and_fuel);
	return unit_report();
}
