/*
 * compile_pairs.c - two instructions in a row that run as one: the pairs
 * most frequent in large C++ programs and left unfused by the other
 * superinstructions (docs/interp.md), joined when a third instruction is
 * emitted, so that every fusion that could still take the second one has
 * had its chance. The interpreter runs the first's work, then the
 * second's (PAIR in interp.c).
 */
#include "compile_impl.h"

/* Instructions that run as one, the most frequent unfused pairs in large
 * C++ programs (docs/interp.md): each three cells, the first's work then
 * the second's. */
static const struct {
	uint16_t first, second, pair;
} pairs[] = {
    {WX_I_I32_LOAD, WX_I_I32_LOAD, WX_I_I32_LOAD2},
    {WX_I_I32_STORE, WX_I_I32_STORE, WX_I_I32_STORE2},
    {WX_I_I32_ADD_K, WX_I_I32_ADD_K, WX_I_PAIR_ADDK_ADDK},
    {WX_I_I32_ADD_K, WX_I_I32_STORE, WX_I_PAIR_ADDK_STORE},
    {WX_I_I32_LOAD, WX_I_I32_ADD_K, WX_I_PAIR_LOAD_ADDK},
    {WX_I_I32_STORE, WX_I_I32_ADD_K, WX_I_PAIR_STORE_ADDK},
    {WX_I_I32_LOAD, WX_I_I32_SHL_ADD, WX_I_PAIR_LOAD_SHLADD},
    {WX_I_I32_SHL_ADD, WX_I_I32_LOAD, WX_I_PAIR_SHLADD_LOAD},
    {WX_I_I32_LOAD_AK, WX_I_I32_LOAD, WX_I_PAIR_LOADAK_LOAD},
    {WX_I_I32_SHL_K, WX_I_I32_XOR, WX_I_PAIR_SHLK_XOR},
    {WX_I_I32_XOR, WX_I_I32_SHL_K, WX_I_PAIR_XOR_SHLK},
    {WX_I_I32_LOAD8_U, WX_I_I32_LOAD8_U, WX_I_PAIR_LOAD8U_LOAD8U},
};

/* Whether instruction `next` may still fuse with the `second` before it
 * and the one before that: an i32.eqz or i32x4.splat folds the load
 * before it into a branch or a widening load (fold_eqz_operand,
 * fuse_load_zext), an i32 comparison the add before it into the branch
 * closing a loop (emit_inc_branch). */
static bool may_fuse_back(wx_icode second, wx_icode next)
{
	if (second == WX_I_I32_LOAD || second == WX_I_I32_LOAD8_U)
		return next == WX_I_I32_EQZ || next == WX_I_I32X4_SPLAT;
	if (second == WX_I_I32_ADD_K)
		return (next >= WX_I_I32_EQ && next <= WX_I_I32_GE_U) ||
		       (next >= WX_I_I32_EQ_K && next <= WX_I_I32_GE_U_K);
	return false;
}

/* Two instructions of a pair in a row, the second no branch target: once
 * a third instruction follows, no fusion can take the second any more,
 * and the first becomes the pair (I32_LOAD2, PAIR_ADDK_STORE, ...),
 * which runs both in one dispatch. The second's first cell turns into
 * padding, so no cell moves. */
void wx_compile_pair_last(compiler *c, wx_icode next)
{
	if (c->nstarts < 2)
		return;
	uint32_t p = c->starts[c->nstarts - 2], q = c->starts[c->nstarts - 1];
	if (q != p + 3 || c->label_pos > p ||
	    may_fuse_back((wx_icode)c->code[q].op, next))
		return;
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		if (pairs[i].first == c->code[p].op &&
		    pairs[i].second == c->code[q].op) {
			c->code[p].op = pairs[i].pair;
			c->code[q].u64 = 0;
			c->nstarts--;
			return;
		}
	}
}
