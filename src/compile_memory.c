/*
 * compile_memory.c - translating accesses to the memories that the fast
 * instructions do not reach: a memory other than memory 0
 * (proposals/multi-memory) and a memory with i64 addresses
 * (proposals/memory64), for loads, stores and the bulk instructions of
 * exec/instructions.rst "Memory Instructions".
 *
 * The interpreter keeps memory 0's base and size in registers, and every
 * load and store handler checks against them. An access to another memory
 * reuses those handlers unchanged: MEM_AT checks the whole access against
 * the memory it names (with a 64-bit address when the memory is 64-bit)
 * and points the registers at exactly its bytes; the usual handler then
 * runs at address zero (the hidden zero slot) with offset 0, and
 * MEM_RESTORE points the registers back at memory 0. The fast paths for a
 * 32-bit memory 0 stay as they are, and the choice is made here, once.
 */
#include <assert.h>

#include "compile_impl.h"

bool wx_compile_far_access(const compiler *c, const wx_instr *in)
{
	return in->x != 0 || c->m->mems[0].is64;
}

void wx_compile_memory_access(compiler *c, const wx_instr *in, wx_icode ni)
{
	const wx_opinfo *info = &wx_opinfo_table[in->op];
	const wx_opsig *sig = &c->sigs[in->op];
	uint32_t s[2], pos;
	assert(c->zero_slot != UINT32_MAX);
	wx_compile_pop_operands(c, sig->nparams, s);
	pos = wx_compile_emit(
	    c, c->m->mems[in->x].is64 ? WX_I_MEM_AT64 : WX_I_MEM_AT32, 4);
	c->code[pos + 1].s.a = s[0];
	c->code[pos + 1].s.b = in->x;
	c->code[pos + 2].u64 = in->offset;
	c->code[pos + 3].u64 = (uint64_t)1 << info->align;
	if (info->imm == WX_IMM_MEMARG_LANE && sig->nresults) {
		/* loadN_lane: "d|a, off, b|lane" */
		pos = wx_compile_emit_value(c, ni, 4,
		                            wx_compile_push_temp(c, WX_V128));
		c->code[pos + 1].s.b = c->zero_slot;
		c->code[pos + 3].s.a = s[1];
		c->code[pos + 3].s.b = in->lane;
	} else if (info->imm == WX_IMM_MEMARG_LANE) {
		/* storeN_lane: "a|b, off, lane" */
		pos = wx_compile_emit(c, ni, 4);
		c->code[pos + 1].s.a = c->zero_slot;
		c->code[pos + 1].s.b = s[1];
		c->code[pos + 3].s.a = in->lane;
	} else if (sig->nresults) {
		/* a load: "d|a, off" */
		pos = wx_compile_emit_value(
		    c, ni, 3, wx_compile_push_temp(c, sig->results[0]));
		c->code[pos + 1].s.b = c->zero_slot;
	} else {
		/* a store: "a|b, off" */
		pos = wx_compile_emit(c, ni, 3);
		c->code[pos + 1].s.a = c->zero_slot;
		c->code[pos + 1].s.b = s[1];
	}
	c->code[pos + 2].u64 = 0;
	wx_compile_emit(c, WX_I_MEM_RESTORE, 1);
}

bool wx_compile_far_bulk(const compiler *c, wx_opcode op, uint32_t x,
                         uint32_t y)
{
	const wx_limits *mems = c->m->mems;
	switch (op) {
	case WX_OP_MEMORY_SIZE:
	case WX_OP_MEMORY_GROW:
	case WX_OP_MEMORY_FILL:
		return x != 0 || mems[x].is64;
	case WX_OP_MEMORY_INIT: /* x is the data segment */
		return y != 0 || mems[y].is64;
	case WX_OP_MEMORY_COPY:
		return x != 0 || y != 0 || mems[0].is64;
	default:
		return false;
	}
}

void wx_compile_memory_bulk(compiler *c, wx_opcode op, uint32_t x, uint32_t y)
{
	const wx_limits *mems = c->m->mems;
	uint32_t s[3], pos;
	switch (op) {
	case WX_OP_MEMORY_SIZE:
		pos = wx_compile_emit_value(
		    c, WX_I_MEMORY_SIZE_AT, 2,
		    wx_compile_push_temp(c, mems[x].is64 ? WX_I64 : WX_I32));
		c->code[pos + 1].s.b = x;
		return;
	case WX_OP_MEMORY_GROW:
		wx_compile_pop_operands(c, 1, s);
		pos = wx_compile_emit_value(
		    c, WX_I_MEMORY_GROW_AT, 3,
		    wx_compile_push_temp(c, mems[x].is64 ? WX_I64 : WX_I32));
		c->code[pos + 1].s.b = s[0];
		c->code[pos + 2].s.a = x;
		return;
	default:
		break;
	}
	wx_compile_pop_operands(c, 3, s);
	pos = wx_compile_emit(c,
	                      op == WX_OP_MEMORY_FILL   ? WX_I_MEMORY_FILL_AT
	                      : op == WX_OP_MEMORY_COPY ? WX_I_MEMORY_COPY_AT
	                                                : WX_I_MEMORY_INIT_AT,
	                      op == WX_OP_MEMORY_FILL ? 3 : 4);
	c->code[pos + 1].s.a = s[0];
	c->code[pos + 1].s.b = s[1];
	c->code[pos + 2].s.a = s[2];
	/* fill: memory x; copy: memory y into memory x; init: data segment
	 * x into memory y. */
	c->code[pos + 2].s.b = x;
	if (op != WX_OP_MEMORY_FILL)
		c->code[pos + 3].s.a = y;
}
