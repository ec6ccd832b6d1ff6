/*
 * test_pair_halves.c - every row of pairs.def does what its two halves do
 * one after the other. For each pair, code is built by hand around it:
 * the pair, then three exits (fell through; jumped from the first half;
 * jumped from the second), each recording which in a result. The same
 * cells run once as the pair and once as its halves (the two operation
 * cells changed back), from the same frame of random slots and the same
 * random memory, and must agree on the outcome: the trap, or the results
 * and the memory. Operands follow each half's layout in icode.def: slots
 * among the parameters, constants and offsets from a set that reaches both
 * ends of memory and past them. A pair none of whose runs finished, or
 * whose branch was never taken, fails: the draw must exercise it.
 *
 * Every row of chains.def, likewise, does what its two instructions do,
 * the first's result in a slot of its own: on operands from the same
 * draw, constants among them that a shift takes modulo 32.
 *
 * The module is wat2wasm of:
 *
 * (module
 *   (memory (export "mem") 1)
 *   (global (mut i32) (i32.const 0))
 *   (func (export "f")
 *     (param i64 i64 i64 i64 i64 i64 i64 i64)
 *     (result i64 i64 i64 i64 i64 i64 i64 i64 i64)
 *     local.get 0 local.get 1 local.get 2 local.get 3
 *     local.get 4 local.get 5 local.get 6 local.get 7
 *     i64.const 0)
 *   (func (param i64) (result i64)
 *     local.get 0 i64.const 1 i64.add))
 *
 * whose first body the test replaces (white box: runtime.h's
 * wexec_func.code). A call in a pair calls the second function, its
 * argument and result in a slot among the parameters; a global is the
 * global; a pair that ends in a return leaves the exit slot unset, and
 * only the parameters' slots are compared.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "code.h"
#include "icode_verify.h"
#include "runtime.h"
#include "unit.h"
#include "wexec.h"

static const unsigned char frame_wasm[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1a, 0x02, 0x60,
    0x08, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x09, 0x7e, 0x7e,
    0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x7e, 0x60, 0x01, 0x7e, 0x01, 0x7e,
    0x03, 0x03, 0x02, 0x00, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x06,
    0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x0b, 0x02, 0x03, 0x6d, 0x65,
    0x6d, 0x02, 0x00, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x1e, 0x02, 0x14, 0x00,
    0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x20, 0x04, 0x20, 0x05,
    0x20, 0x06, 0x20, 0x07, 0x42, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x42,
    0x01, 0x7c, 0x0b};

#define NPARAMS 8
#define NRESULTS 9 /* the parameters' slots, then the exit taken */
#define TRIALS 200
#define MAX_LEAVES 5
/* The memory the accesses can reach without trapping: operands keep
 * addresses below LOW or within the last HIGH bytes, or out of bounds. */
#define PAGE 65536
#define LOW 16384
#define HIGH 128

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next32(void)
{
	rng = unit_xorshift(rng);
	return (uint32_t)(rng >> 16);
}

static uint32_t pick(const uint32_t *set, size_t n)
{
	return set[next32() % n];
}

/* A slot's value: mostly an address low in memory, or one near the end,
 * or past it; random high bits for the 64-bit operands. */
static uint64_t slot_value(void)
{
	static const uint32_t edge[] = {0,          1,          2,
	                                PAGE - 8,   PAGE - 4,   PAGE - 1,
	                                PAGE,       0xFFFFFFF0u, 0xFFFFFFFFu};
	uint32_t lo = next32() % 4 ? next32() % 4096 : pick(edge, 9);
	uint64_t hi = next32() % 2 ? next32() : 0;
	return hi << 32 | lo;
}

static uint32_t constant(void)
{
	static const uint32_t k[] = {0, 1, 2, 3, 4, 8, 31, 64, 255,
	                             0xFFFFFFF8u, 0xFFFFFFFFu, 0x10000};
	return pick(k, sizeof k / sizeof *k);
}

/* Fills the operands of instruction `op` (a pair: its halves) whose first
 * cell is code[at]. Leaf halves are numbered from *leaf on; a jump in leaf
 * i lands on exit i + 1, at cell exits + 3 * (i + 1). Returns false for
 * a field this test does not know. */
static bool fill(wx_cell *code, size_t at, wx_icode op, int *leaf,
                 size_t exits, uint8_t *jumps)
{
	wx_pair_parts pp = wx_icode_pair_parts[op];
	if (pp.first)
		return fill(code, at, (wx_icode)pp.first, leaf, exits, jumps) &&
		       fill(code, at + wx_icode_cells[pp.first],
		            (wx_icode)pp.second, leaf, exits, jumps);
	int me = (*leaf)++;
	const char *p = wx_icode_layout(op);
	size_t cell = at + 1;
	int half = 0;
	while (*p) {
		size_t len = strcspn(p, "|, ");
		char name[16];
		if (len >= sizeof name)
			return false;
		memcpy(name, p, len);
		name[len] = 0;
		p += len;
		bool alone = !half && *p != '|';
		uint32_t v;
		if (strchr("dabcin", name[0]) && (len == 1 || !strcmp(name, "d2") ||
		                                  !strcmp(name, "a2"))) {
			v = next32() % NPARAMS;
		} else if (!strcmp(name, "jump")) {
			v = (uint32_t)(exits + 3 * (size_t)(me + 1) - at);
			jumps[me] = 1;
		} else if (!strcmp(name, "k") || !strcmp(name, "k2") ||
		           !strcmp(name, "off") || !strcmp(name, "off2")) {
			v = constant();
		} else if (!strcmp(name, "pad") || !strcmp(name, "idx")) {
			v = 0;
		} else if (!strcmp(name, "funcidx")) {
			v = 1;
		} else if (!strcmp(name, "base")) {
			v = next32() % NPARAMS;
		} else {
			fprintf(stderr, "  %s: field \"%s\" unknown to the test\n",
			        wx_icode_names[op], name);
			return false;
		}
		if (alone)
			code[cell].u64 = v;
		else if (half)
			code[cell].s.b = v;
		else
			code[cell].s.a = v;
		if (*p == '|') {
			half = 1;
			p++;
			continue;
		}
		half = 0;
		cell++;
		if (*p == ',')
			p++;
		if (*p == ' ')
			p++;
	}
	return true;
}

/* Puts the handler (threaded code) or the number (switch) of op in c. */
static void set_op(wx_cell *c, wx_icode op)
{
	const void *const *h = wx_interp_handlers();
	if (h)
		c->h = h[op];
	else
		c->op = op;
}

typedef struct outcome {
	wexec_status status;
	wexec_trap trap;
	uint64_t results[NRESULTS];
} outcome;

static wexec_store *store;
static wexec_instance *inst;
static wexec_func *fn;
static uint8_t *mem;

static outcome run(wx_cell *code, size_t ncells, const uint64_t *args)
{
	outcome o;
	memset(&o, 0, sizeof o);
	fn->code.cells = code;
	fn->code.ncells = ncells;
	fn->code.nparam_slots = NPARAMS;
	fn->code.nzero_slots = 0;
	fn->code.nlocal_slots = 0;
	fn->code.frame_slots = 16;
	wexec_val a[NPARAMS], r[NRESULTS];
	for (int i = 0; i < NPARAMS; i++)
		a[i] = wexec_val_i64((int64_t)args[i]);
	wexec_error err = WEXEC_ERROR_INIT;
	o.status = wexec_func_call(fn, a, NPARAMS, r, NRESULTS, &err);
	o.trap = err.trap;
	if (o.status == WEXEC_OK)
		for (int i = 0; i < NRESULTS; i++)
			o.results[i] = (uint64_t)r[i].of.i64;
	return o;
}

/* The memory a run starts from: random bytes at both ends, zeros between
 * (an address loaded from memory may land anywhere). */
static void fill_memory(const uint8_t *low, const uint8_t *high)
{
	memcpy(mem, low, LOW);
	memset(mem + LOW, 0, PAGE - LOW - HIGH);
	memcpy(mem + PAGE - HIGH, high, HIGH);
}

/* Whether every half that may jump has jumped (to exit i + 1). */
static bool all_taken(const uint8_t *jumps, const int *seen)
{
	for (int i = 0; i < MAX_LEAVES; i++)
		if (jumps[i] && !seen[i + 1])
			return false;
	return true;
}

/* The pair `op` against its halves, TRIALS times or more. */
static void check_pair(wx_icode op)
{
	wx_pair_parts pp = wx_icode_pair_parts[op];
	size_t len = wx_icode_cells[op], exits = len;
	bool returns = pp.second == WX_I_RETURN || pp.second == WX_I_RETURN1;
	wx_cell code[32];
	static uint8_t low[LOW], high[HIGH], after[PAGE];
	int ran = 0, differ = 0, seen[MAX_LEAVES + 1] = {0};
	uint8_t jumps[MAX_LEAVES] = {0};
	/* Up to four times the trials while a branch was never taken. */
	for (int t = 0; !differ && t < 4 * TRIALS &&
	                (t < TRIALS || !all_taken(jumps, seen));
	     t++) {
		int leaf = 0;
		memset(code, 0, sizeof code);
		if (!fill(code, 0, op, &leaf, exits, jumps) || leaf > MAX_LEAVES) {
			CHECK(!"a pair this test can fill");
			return;
		}
		for (int e = 0; e <= MAX_LEAVES; e++) {
			set_op(&code[exits + 3 * e], WX_I_CONST32);
			code[exits + 3 * e + 1].s.a = NRESULTS - 1;
			code[exits + 3 * e + 1].s.b = (uint32_t)e + 1;
			set_op(&code[exits + 3 * e + 2], WX_I_RETURN);
		}
		uint64_t args[NPARAMS];
		for (int i = 0; i < NPARAMS; i++)
			args[i] = slot_value();
		/* Half the bytes zero: loads of zero, for the branches. */
		for (size_t i = 0; i < LOW; i++)
			low[i] = next32() % 2 ? (uint8_t)next32() : 0;
		for (size_t i = 0; i < HIGH; i++)
			high[i] = next32() % 2 ? (uint8_t)next32() : 0;

		/* As the pair. */
		fill_memory(low, high);
		set_op(&code[0], op);
		set_op(&code[wx_icode_cells[pp.first]], WX_I_UNREACHABLE);
		code[wx_icode_cells[pp.first]].u64 = 0;
		outcome a = run(code, exits + 3 * (MAX_LEAVES + 1), args);
		memcpy(after, mem, PAGE);

		/* As its halves, one after the other. */
		fill_memory(low, high);
		set_op(&code[0], (wx_icode)pp.first);
		set_op(&code[wx_icode_cells[pp.first]], (wx_icode)pp.second);
		outcome b = run(code, exits + 3 * (MAX_LEAVES + 1), args);

		bool same = a.status == b.status && a.trap == b.trap &&
		            !memcmp(a.results, b.results,
		                    (returns ? NPARAMS : NRESULTS) *
		                        sizeof *a.results) &&
		            (a.status != WEXEC_OK || !memcmp(after, mem, PAGE));
		if (!same) {
			differ = 1;
			fprintf(stderr, "  %s differs from %s then %s (trial %d: "
			        "status %d/%d, exit %llu/%llu)\n",
			        wx_icode_names[op], wx_icode_names[pp.first],
			        wx_icode_names[pp.second], t, (int)a.status,
			        (int)b.status,
			        (unsigned long long)a.results[NRESULTS - 1],
			        (unsigned long long)b.results[NRESULTS - 1]);
		}
		if (a.status == WEXEC_OK) {
			ran++;
			uint64_t e = a.results[NRESULTS - 1];
			if (e >= 1 && e <= MAX_LEAVES + 1)
				seen[e - 1]++;
		}
	}
	CHECK(!differ);
	CHECK(ran > 0);
	if (ran == 0)
		fprintf(stderr, "  %s: no trial ran without a trap\n",
		        wx_icode_names[op]);
	for (int i = 0; i < MAX_LEAVES; i++) {
		CHECK(!jumps[i] || seen[i + 1] > 0);
		if (jumps[i] && !seen[i + 1])
			fprintf(stderr, "  %s: half %d never jumped\n",
			        wx_icode_names[op], i);
	}
}

/* The chain `op` (chains.def) against its two instructions, the first's
 * result kept in a slot of its own, TRIALS times. */
static void check_chain(wx_icode op)
{
	enum { SCRATCH = 12 };
	wx_pair_parts cp = wx_icode_chain_parts[op];
	bool slot = !strcmp(wx_icode_layout(cp.first), "d|a, b");
	int differ = 0;
	for (int t = 0; t < TRIALS && !differ; t++) {
		wx_cell one[6], two[9];
		memset(one, 0, sizeof one);
		memset(two, 0, sizeof two);
		uint32_t d = next32() % NPARAMS, a = next32() % NPARAMS;
		uint32_t y = slot ? next32() % NPARAMS : constant(), k = constant();
		set_op(&one[0], op);
		one[1].s.a = d;
		one[1].s.b = a;
		one[2].s.a = y;
		one[2].s.b = k;
		set_op(&two[0], (wx_icode)cp.first);
		two[1].s.a = SCRATCH;
		two[1].s.b = a;
		two[2].s.a = y;
		set_op(&two[3], (wx_icode)cp.second);
		two[4].s.a = d;
		two[4].s.b = SCRATCH;
		two[5].s.a = k;
		for (int i = 0; i < 2; i++) {
			wx_cell *exit = i ? &two[6] : &one[3];
			set_op(&exit[0], WX_I_CONST32);
			exit[1].s.a = NRESULTS - 1;
			exit[1].s.b = 1;
			set_op(&exit[2], WX_I_RETURN);
		}
		uint64_t args[NPARAMS];
		for (int i = 0; i < NPARAMS; i++)
			args[i] = next32() % 2 ? slot_value()
			                       : (uint64_t)next32() << 16 ^ next32();
		outcome o1 = run(one, 6, args), o2 = run(two, 9, args);
		if (o1.status != WEXEC_OK || o2.status != WEXEC_OK ||
		    memcmp(o1.results, o2.results, sizeof o1.results)) {
			differ = 1;
			fprintf(stderr, "  %s differs from %s then %s (trial %d)\n",
			        wx_icode_names[op], wx_icode_names[cp.first],
			        wx_icode_names[cp.second], t);
		}
	}
	CHECK(!differ);
}

static void test_every_pair(void)
{
	wexec_error err = WEXEC_ERROR_INIT;
	wexec_module *m = NULL;
	store = wexec_store_new(NULL);
	wexec_linker *linker = wexec_linker_new(store);
	CHECK(wexec_module_new(frame_wasm, sizeof frame_wasm, &m, &err) ==
	      WEXEC_OK);
	CHECK(m && wexec_linker_instantiate(linker, m, &inst, &err) ==
	               WEXEC_OK);
	fn = wexec_instance_func(inst, "f");
	mem = wexec_memory_data(wexec_instance_memory(inst, "mem"));
	CHECK(fn && mem);
	if (!fn || !mem) {
		wexec_linker_free(linker);
		wexec_store_free(store);
		wexec_module_free(m);
		return;
	}
	wx_code saved = fn->code;
	int npairs = 0;
	for (int op = 0; op < WX_I_COUNT; op++) {
		if (!wx_icode_pair_parts[op].first)
			continue;
		npairs++;
		check_pair((wx_icode)op);
	}
	CHECK(npairs >= 12);
	int nchains = 0;
	for (int op = 0; op < WX_I_COUNT; op++) {
		if (!wx_icode_chain_parts[op].first)
			continue;
		nchains++;
		check_chain((wx_icode)op);
	}
	CHECK(nchains >= 20);
	fn->code = saved;
	wexec_linker_free(linker);
	wexec_store_free(store);
	wexec_module_free(m);
}

int main(void)
{
	RUN(test_every_pair);
	return unit_report();
}
