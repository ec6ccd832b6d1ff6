/*
 * compile_pairs.c - two instructions in a row that run as one: the pairs
 * most frequent in large C++ programs and left unfused by the other
 * superinstructions (docs/interp.md), joined when a third instruction is
 * emitted, so that every fusion that could still take the second one has
 * had its chance. The interpreter runs the first's work, then the
 * second's (PAIR in interp_pairs.h).
 */
#include <pthread.h>

#include "compile_impl.h"

/* The rows of pairs.def. */
static const struct {
	uint16_t first, second, pair;
} pairs[] = {
#define WX_PAIR(ident, first, second)                                          \
	{WX_I_##first, WX_I_##second, WX_I_##ident},
#include "pairs.def"
};

/* Whether instruction `next` may still fuse with the `second` before it
 * and the one before that: an i32.eqz or i32x4.splat folds the load or
 * the i32.and before it into a branch or a widening load
 * (fold_eqz_operand, fuse_load_zext), an i32 comparison the add before it
 * into the branch closing a loop (emit_inc_branch), an f64.add with a
 * memory operand the product before it into y[i] += a * x[j]
 * (fuse_mul_add_to), an i32.add_k the global.get before it into
 * GLOBAL_ADD_K (fuse_global_set). */
static bool may_fuse_back(wx_icode second, wx_icode next)
{
	switch (second) {
	case WX_I_I32_LOAD:
	case WX_I_I32_LOAD8_U:
	case WX_I_I32_AND:
	case WX_I_I32_AND_K:
		return next == WX_I_I32_EQZ || next == WX_I_I32X4_SPLAT;
	case WX_I_I32_ADD_K:
	case WX_I_I32_ADD:
		return (next >= WX_I_I32_EQ && next <= WX_I_I32_GE_U) ||
		       (next >= WX_I_I32_EQ_K && next <= WX_I_I32_GE_U_K);
	case WX_I_F64_MUL_M:
	case WX_I_F64_MUL_MK:
		return next == WX_I_F64_ADD_M;
	case WX_I_GLOBAL_GET:
		return next == WX_I_I32_ADD_K;
	default:
		return false;
	}
}

#define NPAIRS (sizeof pairs / sizeof *pairs)
_Static_assert(NPAIRS < 255, "row numbers must fit a byte");

/* The rows as a table: the instructions that begin a row are numbered
 * from 1 in wx_compile_pair_heads, those that end one in second_index,
 * and row_of holds 1 + the row for each such two, or 0 (the first row
 * when two have the same instructions). Built once. */
uint8_t wx_compile_pair_heads[WX_I_COUNT];
static uint8_t second_index[WX_I_COUNT];
static uint8_t row_of[NPAIRS + 1][NPAIRS + 1];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void build_index(void)
{
	uint8_t nfirst = 0, nsecond = 0;
	for (size_t i = 0; i < NPAIRS; i++) {
		if (!wx_compile_pair_heads[pairs[i].first])
			wx_compile_pair_heads[pairs[i].first] = ++nfirst;
		if (!second_index[pairs[i].second])
			second_index[pairs[i].second] = ++nsecond;
	}
	for (size_t i = NPAIRS; i-- > 0;)
		row_of[wx_compile_pair_heads[pairs[i].first]]
		      [second_index[pairs[i].second]] = (uint8_t)(i + 1);
}

void wx_compile_pairs_init(void)
{
	pthread_once(&index_once, build_index);
}

/* The row of pairs.def for `first` then `second`, or -1 (after
 * wx_compile_pairs_init). */
static int find_pair(uint64_t first, uint64_t second)
{
	if (first >= WX_I_COUNT || second >= WX_I_COUNT)
		return -1;
	return (int)row_of[wx_compile_pair_heads[first]]
	                  [second_index[second]] - 1;
}

/* Whether a branch lands in (p, q]: on the second of two instructions.
 * Labels come in order and no later than the next cell, so the latest
 * two tell. */
static bool lands_between(const compiler *c, uint32_t p, uint32_t q)
{
	if (c->label_pos <= p)
		return false;
	if (c->label_pos <= q)
		return true;
	return c->label_prev > p;
}

/* Two instructions of a pair in a row: once a third instruction follows,
 * no fusion can take the second any more, and the first becomes the pair
 * (I32_LOAD2, PAIR_ADDK_STORE, ...), which runs both in one dispatch. No
 * cell moves, and the second's first cell keeps its own instruction, so a
 * branch to the second still runs it alone. Such a branch target joins
 * the instruction before it only when it cannot pair with the one after
 * (`next`): a loop's head is better paired inside the loop. A pair just
 * made may in turn be the second of a row (three instructions in one). */
void wx_compile_pair_join(compiler *c, wx_icode next)
{
	if (c->oom || c->nstarts < 2 ||
	    may_fuse_back((wx_icode)c->code[c->starts[c->nstarts - 1]].op,
	                  next))
		return;
	for (bool first = true; c->nstarts >= 2; first = false) {
		uint32_t p = c->starts[c->nstarts - 2];
		uint32_t q = c->starts[c->nstarts - 1];
		int i = find_pair(c->code[p].op, c->code[q].op);
		if (i < 0 || q != p + wx_icode_cells[pairs[i].first] ||
		    (first && lands_between(c, p, q) &&
		     find_pair(c->code[q].op, next) >= 0))
			return;
		c->code[p].op = pairs[i].pair;
		c->nstarts--;
	}
}
