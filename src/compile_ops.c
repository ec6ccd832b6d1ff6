/*
 * compile_ops.c - translation of the numeric, memory and table
 * instructions (valid/instructions.rst "Numeric", "Memory" and "Table
 * Instructions" give the typing relied on), with the superinstructions
 * that fuse them: constant operands, loads absorbing an address add or
 * feeding f64 arithmetic, stores of constants. See docs/interp.md.
 */
#include <assert.h>
#include <string.h>

#include "compile_impl.h"
#include "runtime.h"

/* (compile_impl.h) The instruction at starts[i - 1] must be whole
 * before starts[i] or the end of the code: nothing emitted in between. */
uint32_t wx_compile_facc_slot(const compiler *c, uint32_t i)
{
	if (i == 0 || c->oom)
		return UINT32_MAX;
	uint32_t p = c->starts[i - 1];
	wx_icode op = (wx_icode)c->code[p].op;
	uint32_t end = i < c->nstarts ? c->starts[i] : c->ncode;
	if (p < c->label_pos || p + wx_icode_cells[op] != end ||
	    !wx_icode_sets_facc(op))
		return UINT32_MAX;
	return c->code[p + 1].s.a;
}

/* When entry e is the result of the load just emitted, the form of `op`
 * that does that load itself (wx_icode_m_forms); else NULL. */
static const wx_mform_load *last_load(const compiler *c, wx_opcode op,
                                      const ventry *e)
{
	if (e->kind != V_TEMP || !c->last_ok ||
	    c->code[c->last_pos + 1].s.a != e->home)
		return NULL;
	const wx_cell *l = &c->code[c->last_pos];
	for (const wx_mform_load *f = wx_icode_m_forms; f->fused; f++) {
		if (f->op != op || f->load != l->op)
			continue;
		/* A plain load has an AK form; an AK form has none. */
		bool ak = wx_icode_load_ak[f->load] == 0;
		if (ak ? l[2].s.b == 0 : l[2].u64 <= UINT32_MAX)
			return f;
	}
	return NULL;
}

/* A product of two values loaded one after the other (dot products:
 * CoreMark's matrices of shorts): when the fused load's partner is the
 * load just before it, of the same form, one instruction does both
 * loads. By the first load's form: the fused operator, and the product
 * with both operands from memory. */
static const struct {
	uint16_t load, fused, both;
} mul_mm_forms[] = {
    {WX_I_I32_LOAD16_S, WX_I_I32_MUL_M16S, WX_I_I32_MUL_MM16S},
    {WX_I_I32_LOAD16_S_AK, WX_I_I32_MUL_MK16S, WX_I_I32_MUL_MMK16S},
    {WX_I_I32_LOAD16_U, WX_I_I32_MUL_M16U, WX_I_I32_MUL_MM16U},
    {WX_I_I32_LOAD16_U_AK, WX_I_I32_MUL_MK16U, WX_I_I32_MUL_MMK16U},
    {WX_I_I32_LOAD, WX_I_I32_MUL_M, WX_I_I32_MUL_MM},
    {WX_I_I32_LOAD_AK, WX_I_I32_MUL_MK, WX_I_I32_MUL_MMK},
};

/* The slot of operand a, or, when a is the temporary that the instruction
 * just before (at the end of the code) loaded in a form that `both` can
 * take as its first operand, that load's address and constant, dropping
 * the load; then *both is set. */
static uint32_t load_partner(compiler *c, const ventry *a, wx_icode fused,
                             uint32_t *k, wx_icode *both)
{
	*both = 0;
	if (a->kind != V_TEMP || c->nstarts == 0 || c->oom)
		return wx_compile_operand(c, a);
	uint32_t p = c->starts[c->nstarts - 1];
	const wx_cell *l = &c->code[p];
	for (size_t i = 0; i < sizeof mul_mm_forms / sizeof *mul_mm_forms;
	     i++) {
		if (mul_mm_forms[i].fused != fused ||
		    l->op != mul_mm_forms[i].load || p + 3 != c->ncode ||
		    p < c->label_pos || l[1].s.a != a->home)
			continue;
		/* A plain load's offset must fit; an AK load's must be 0. */
		bool ak = wx_icode_load_ak[l->op] == 0;
		if (ak ? l[2].s.b != 0 : l[2].u64 > UINT32_MAX)
			continue;
		uint32_t addr = l[1].s.b;
		*k = ak ? l[2].s.a : (uint32_t)l[2].u64;
		*both = (wx_icode)mul_mm_forms[i].both;
		c->ncode = p;
		c->nstarts--;
		return addr;
	}
	return wx_compile_operand(c, a);
}

/* An arithmetic operator whose operand was just loaded: one instruction
 * with the load's address (the kernels' a[i] * b[j] and sum += a[i]). */
static bool fuse_load_operand(compiler *c, wx_opcode op, ventry *a, ventry *b,
                              wx_valtype rt)
{
	const wx_mform_load *f = last_load(c, op, b);
	if (!f) {
		if (!(f = last_load(c, op, a)) || !f->commutative)
			return false;
		ventry t = *a; /* the loaded value goes second */
		*a = *b;
		*b = t;
	}
	/* The load's address slot, and its offset or constant. */
	bool ak = wx_icode_load_ak[f->load] == 0;
	uint32_t addr = c->code[c->last_pos + 1].s.b;
	uint32_t k = ak ? c->code[c->last_pos + 2].s.a
	                : (uint32_t)c->code[c->last_pos + 2].u64;
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
	uint32_t ka = 0;
	wx_icode both;
	uint32_t sa = load_partner(c, a, (wx_icode)f->fused, &ka, &both);
	uint32_t d = wx_compile_push_temp(c, rt);
	if (both) {
		uint32_t pos = wx_compile_emit_value(c, both, 4, d);
		c->code[pos + 1].s.b = sa;
		c->code[pos + 2].s.a = addr;
		c->code[pos + 2].s.b = ka;
		c->code[pos + 3].s.a = k;
		return true;
	}
	uint32_t pos = wx_compile_emit_value(c, (wx_icode)f->fused, 3, d);
	c->code[pos + 1].s.b = sa;
	c->code[pos + 2].s.a = addr;
	c->code[pos + 2].s.b = k;
	return true;
}

/* i32.store of (i32.load at the same address) + k computed just before
 * (I32_LOAD_ADD_K): one read-modify-write, p->n += k (reference counts).
 * The sum still goes to its slot, which may be a local the program reads
 * later. Not when that slot is the address's: the store would use the
 * sum as its address. */
static bool fuse_add_to_k(compiler *c, const ventry *a, const ventry *v,
                          uint64_t offset)
{
	uint32_t p = c->last_pos;
	if (!c->last_ok || c->code[p].op != WX_I_I32_LOAD_ADD_K)
		return false;
	uint32_t d = c->code[p + 1].s.a, addr = c->code[p + 1].s.b;
	if (c->code[p + 2].s.a != offset || d == addr)
		return false;
	if (!((v->kind == V_TEMP && v->home == d) ||
	      (v->kind == V_LOCAL && v->local == d)) ||
	    !((a->kind == V_TEMP && a->home == addr) ||
	      (a->kind == V_LOCAL && a->local == addr)))
		return false;
	c->code[p].op = WX_I_I32_ADD_TO_K;
	c->last_ok = false;
	return true;
}

/* x[i] += y, where y is a product with an operand from memory computed
 * just before (F64_MUL_M, F64_MUL_MK) into a temporary: the two become
 * F64_MULM_ADD_TO (F64_MULMK_ADD_TO), y[i] += a * x[j] in one dispatch
 * (matrix products, axpy). The product's slot is dead after the add. */
static bool fuse_mul_add_to(compiler *c, uint32_t addr, uint64_t offset)
{
	uint32_t add = c->last_pos, prod = c->code[add + 1].s.b;
	if (c->nstarts < 2 || offset > UINT32_MAX)
		return false;
	uint32_t m = c->starts[c->nstarts - 2];
	wx_icode op = (wx_icode)c->code[m].op;
	if ((op != WX_I_F64_MUL_M && op != WX_I_F64_MUL_MK) || m + 3 != add ||
	    c->label_pos > m || c->code[m + 1].s.a != prod ||
	    prod < c->home_base)
		return false;
	wx_cell *f = &c->code[m];
	f->op = op == WX_I_F64_MUL_M ? WX_I_F64_MULM_ADD_TO
	                             : WX_I_F64_MULMK_ADD_TO;
	f[1].s.a = addr; /* f[1].s.b stays the factor, f[2] its address */
	f[3].u64 = offset;
	c->ncode = m + 4;
	c->nstarts--;
	c->last_ok = false;
	return true;
}

/* f64.store of an f64.add that just loaded from the same address (x[i] +=
 * y): the add becomes one read-modify-write of memory. */
static bool fuse_add_to(compiler *c, const ventry *a, const ventry *v,
                        uint64_t offset)
{
	if (v->kind != V_TEMP || !c->last_ok ||
	    c->code[c->last_pos].op != WX_I_F64_ADD_M ||
	    c->code[c->last_pos + 1].s.a != v->home ||
	    c->code[c->last_pos + 2].s.b != offset)
		return false;
	uint32_t addr = c->code[c->last_pos + 2].s.a;
	if (!((a->kind == V_LOCAL && a->local == addr) ||
	      (a->kind == V_TEMP && a->home == addr)))
		return false;
	if (fuse_mul_add_to(c, addr, offset))
		return true;
	wx_cell *add = &c->code[c->last_pos];
	/* The addend, from the register when the instruction before the
	 * add left it there. */
	bool in_facc = wx_compile_facc_slot(c, c->nstarts - 1) == add[1].s.b;
	add->op = in_facc ? WX_I_F64_ADD_TO_X : WX_I_F64_ADD_TO;
	add[1].s.a = addr;
	add[2].u64 = offset;
	c->last_ok = false;
	return true;
}

/* True when entry e is the result of the instruction just emitted, an
 * `op`. */
static bool is_last(const compiler *c, const ventry *e, wx_icode op)
{
	return e->kind == V_TEMP && c->last_ok &&
	       c->code[c->last_pos].op == op &&
	       c->code[c->last_pos + 1].s.a == e->home;
}

/* A vector operator whose operand was just loaded by v128.load (with or
 * without an absorbed address add): one instruction that loads and
 * operates, the loaded value second. */
static bool fuse_v128_load(compiler *c, wx_opcode op, ventry *a, ventry *b)
{
	wx_mform f = wx_icode_v128_m_form[op];
	if (!f.op)
		return false;
	if (!is_last(c, b, WX_I_V128_LOAD) && !is_last(c, b, WX_I_V128_LOAD_AK)) {
		if (!f.commutative || !(is_last(c, a, WX_I_V128_LOAD) ||
		                        is_last(c, a, WX_I_V128_LOAD_AK)))
			return false;
		ventry t = *a;
		*a = *b;
		*b = t;
	}
	const wx_cell *load = &c->code[c->last_pos];
	bool ak = load->op == WX_I_V128_LOAD_AK;
	uint32_t addr = load[1].s.b;
	uint32_t k = ak ? load[2].s.a : 0;
	uint64_t offset = ak ? load[2].s.b : load[2].u64;
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
	uint32_t sa = wx_compile_operand(c, a);
	uint32_t d = wx_compile_push_temp(c, WX_V128);
	uint32_t pos = wx_compile_emit_value(c, (wx_icode)f.op, 4, d);
	c->code[pos + 1].s.b = sa;
	c->code[pos + 2].s.a = addr;
	c->code[pos + 2].s.b = k;
	c->code[pos + 3].u64 = offset;
	return true;
}

/* The lane extensions that clang writes as a shuffle moving each narrow
 * lane to the bottom of a wide one, then a shift left and right by the
 * narrow width, which fills the top: one extend instruction does all
 * three. The lanes must be consecutive narrow lanes of one half of a or
 * b; the bytes the shifts discard may be anything. */
typedef struct extend_idiom {
	wx_opcode shr;  /* the closing shift, by `bits` */
	uint32_t bits;
	wx_icode shl;   /* the shift before it */
	uint32_t ratio; /* wide / narrow lane width */
	wx_icode low, high; /* extend_low and extend_high */
} extend_idiom;

static const extend_idiom extend_idioms[] = {
    {WX_OP_I32X4_SHR_S, 16, WX_I_I32X4_SHL_K, 2,
     WX_I_I32X4_EXTEND_LOW_I16X8_S, WX_I_I32X4_EXTEND_HIGH_I16X8_S},
    {WX_OP_I32X4_SHR_U, 16, WX_I_I32X4_SHL_K, 2,
     WX_I_I32X4_EXTEND_LOW_I16X8_U, WX_I_I32X4_EXTEND_HIGH_I16X8_U},
    {WX_OP_I16X8_SHR_S, 8, WX_I_I16X8_SHL_K, 2,
     WX_I_I16X8_EXTEND_LOW_I8X16_S, WX_I_I16X8_EXTEND_HIGH_I8X16_S},
    {WX_OP_I16X8_SHR_U, 8, WX_I_I16X8_SHL_K, 2,
     WX_I_I16X8_EXTEND_LOW_I8X16_U, WX_I_I16X8_EXTEND_HIGH_I8X16_U},
};

/* Which narrow lane of a then b (in narrow lanes) the shuffle puts at the
 * bottom of wide lane 0, if every wide lane j gets narrow lane first + j;
 * -1 otherwise. */
static int extend_source(const uint8_t *lanes, uint32_t nbytes)
{
	uint32_t wide = 2 * nbytes, first = lanes[0] / nbytes;
	if (lanes[0] % nbytes || first % (16 / wide))
		return -1;
	for (uint32_t j = 0; j < 16 / wide; j++)
		for (uint32_t b = 0; b < nbytes; b++)
			if (lanes[j * wide + b] != (first + j) * nbytes + b)
				return -1;
	return (int)first;
}

static bool fuse_extend(compiler *c, wx_opcode op, const ventry *a,
                        uint64_t count)
{
	const extend_idiom *x = NULL;
	for (size_t i = 0; i < sizeof extend_idioms / sizeof *extend_idioms;
	     i++)
		if (extend_idioms[i].shr == op && extend_idioms[i].bits == count)
			x = &extend_idioms[i];
	if (!x || !is_last(c, a, x->shl) ||
	    c->code[c->last_pos + 2].s.a != count || c->nstarts < 2)
		return false;
	uint32_t shl = c->last_pos, shuffle = c->starts[c->nstarts - 2];
	uint32_t src = c->code[shl + 1].s.b;
	/* The shuffle's result must be a temporary only the shift read. */
	wx_icode sop = (wx_icode)c->code[shuffle].op;
	if (shuffle != c->shuffle_pos || shuffle < c->label_pos ||
	    (sop != WX_I_I8X16_SHUFFLE && sop != WX_I_SHUFFLE_FEW &&
	     sop != WX_I_SHUFFLE_WINDOW) ||
	    c->code[shuffle + 1].s.a != src || src < c->home_base)
		return false;
	uint32_t nbytes = x->bits / 8;
	int first = extend_source(c->shuffle_lanes, nbytes);
	if (first < 0)
		return false;
	uint32_t half = 8 / nbytes; /* narrow lanes in half a vector */
	uint32_t from = (uint32_t)first < 2 * half ? c->code[shuffle + 1].s.b
	                                           : c->code[shuffle + 2].s.a;
	wx_icode ext = (uint32_t)first % (2 * half) ? x->high : x->low;
	c->ncode = shuffle;
	c->nstarts -= 2;
	c->last_ok = false;
	c->shuffle_pos = UINT32_MAX; /* the extend is no shuffle */
	uint32_t pos = wx_compile_emit_value(c, ext, 2,
	                                     wx_compile_push_temp(c, WX_V128));
	c->code[pos + 1].s.b = from;
	return true;
}

/* An add of a value just computed by a multiply (f64) or an add (i32):
 * one instruction doing both; f64 rounds twice, as the two instructions
 * would (no fused multiply-add). The other operand must already sit in a
 * slot: a constant written now could land on the first instruction's
 * second operand. */
/* The adds that absorb the instruction computing one of their operands:
 * the product for mul_add (first operand) and add_mul (second), which
 * round twice as the two instructions would (never a fused multiply-add);
 * for i32 another add (sums of several terms; integer addition is
 * associative, so one form does for both orders), and for i32 and i64 a
 * product (a multiply-accumulate; wrapping, it is exact either way). */
static const struct {
	wx_opcode add;
	wx_icode inner, mul_add, add_mul;
} mul_adds[] = {
    {WX_OP_I32_ADD, WX_I_I32_ADD, WX_I_I32_ADD3, WX_I_I32_ADD3},
    {WX_OP_I32_ADD, WX_I_I32_MUL, WX_I_I32_MUL_ADD, WX_I_I32_MUL_ADD},
    {WX_OP_I64_ADD, WX_I_I64_MUL, WX_I_I64_MUL_ADD, WX_I_I64_MUL_ADD},
    {WX_OP_F64_ADD, WX_I_F64_MUL, WX_I_F64_MUL_ADD, WX_I_F64_ADD_MUL},
    {WX_OP_F64_ADD, WX_I_F64_MUL_XA, WX_I_F64_MUL_ADD_XA, WX_I_F64_ADD_MUL_XA},
    {WX_OP_F32X4_ADD, WX_I_F32X4_MUL, WX_I_F32X4_MUL_ADD, WX_I_F32X4_ADD_MUL},
    {WX_OP_F64X2_ADD, WX_I_F64X2_MUL, WX_I_F64X2_MUL_ADD, WX_I_F64X2_ADD_MUL},
    {WX_OP_I32X4_ADD, WX_I_I32X4_MUL, WX_I_I32X4_MUL_ADD, WX_I_I32X4_MUL_ADD},
    {WX_OP_I16X8_ADD, WX_I_I16X8_MUL, WX_I_I16X8_MUL_ADD, WX_I_I16X8_MUL_ADD},
};

static bool fuse_mul_add(compiler *c, wx_opcode op, ventry *a, ventry *b,
                         wx_valtype rt)
{
	size_t i = 0, n = sizeof mul_adds / sizeof mul_adds[0];
	wx_icode fused = 0;
	const ventry *other = NULL;
	for (; i < n && !fused; i++) {
		if (mul_adds[i].add != op)
			continue;
		if (is_last(c, a, mul_adds[i].inner) && b->kind != V_CONST) {
			fused = mul_adds[i].mul_add; /* a * b' + c */
			other = b;
		} else if (is_last(c, b, mul_adds[i].inner) &&
		           a->kind != V_CONST) {
			fused = mul_adds[i].add_mul; /* c + a * b' */
			other = a;
		}
	}
	if (!fused)
		return false;
	uint32_t x = c->code[c->last_pos + 1].s.b;
	uint32_t y = c->code[c->last_pos + 2].s.a;
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
	uint32_t so = wx_compile_operand(c, other);
	uint32_t d = wx_compile_push_temp(c, rt);
	uint32_t pos = wx_compile_emit_value(c, fused, 3, d);
	c->code[pos + 1].s.b = so;
	c->code[pos + 2].s.a = x;
	c->code[pos + 2].s.b = y;
	return true;
}

/* i32.add of an i32.shl or i32.mul by a constant that the last
 * instruction computed (array indexing): one instruction. (x << s) + b
 * (I32_SHL_ADD, I32_SHL_ADD_K for a constant b) is what loads and stores
 * then absorb as a scaled address; x * k + b (I32_MULK_ADD) indexes
 * elements whose size is not a power of two. */
static bool fuse_scaled_add(compiler *c, wx_opcode op, ventry *a, ventry *b)
{
	wx_icode scale = (wx_icode)c->code[c->last_pos].op;
	if (op != WX_OP_I32_ADD || !c->last_ok ||
	    (scale != WX_I_I32_SHL_K && scale != WX_I_I32_MUL_K))
		return false;
	uint32_t home = c->code[c->last_pos + 1].s.a;
	if (b->kind == V_TEMP && b->home == home) {
		ventry t = *a;
		*a = *b;
		*b = t;
	}
	bool mul = scale == WX_I_I32_MUL_K;
	if (a->kind != V_TEMP || a->home != home || (mul && b->kind == V_CONST))
		return false;
	uint32_t x = c->code[c->last_pos + 1].s.b;
	uint32_t k = c->code[c->last_pos + 2].s.a & (mul ? UINT32_MAX : 31);
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
	uint32_t sb = b->kind == V_CONST ? (uint32_t)b->k
	                                 : wx_compile_operand(c, b);
	uint32_t pos = wx_compile_emit_value(
	    c,
	    mul                   ? WX_I_I32_MULK_ADD
	    : b->kind == V_CONST ? WX_I_I32_SHL_ADD_K
	                         : WX_I_I32_SHL_ADD,
	    3, wx_compile_push_temp(c, WX_I32));
	c->code[pos + 1].s.b = x;
	if (b->kind == V_CONST) {
		c->code[pos + 2].s.a = k;
		c->code[pos + 2].s.b = sb;
	} else {
		c->code[pos + 2].s.a = sb;
		c->code[pos + 2].s.b = k;
	}
	return true;
}

/* An operator with a constant whose other operand the last instruction
 * just computed into a temporary: the two become one instruction.
 *   (p - q) >> k    i32.sub, i32.shr_s     a pointer difference in elements
 *   p->n + k        i32.load, i32.add      (a load offset below 2^32)
 *   (x + k1) + k2   i32.add_k, i32.add     one add of k1 + k2 */
static bool fuse_last_k(compiler *c, wx_opcode op, const ventry *a,
                        const ventry *b, wx_valtype rt)
{
	if (b->kind != V_CONST || a->kind != V_TEMP || !c->last_ok ||
	    c->code[c->last_pos + 1].s.a != a->home)
		return false;
	const wx_cell *l = &c->code[c->last_pos];
	/* Every form below is three cells; the last instruction may be two,
	 * the code's last cells. */
	if (wx_icode_cells[l->op] != 3)
		return false;
	uint32_t k = (uint32_t)b->k, y = l[2].s.a;
	wx_icode fused;
	if (op == WX_OP_I32_SHR_S && l->op == WX_I_I32_SUB) {
		fused = WX_I_I32_SUB_SHR_S_K;
		k &= 31;
	} else if (op == WX_OP_I32_DIV_S && l->op == WX_I_I32_SUB && k != 0 &&
	           k != UINT32_MAX) {
		/* (p - q) / sizeof(T), T not a power of two in size. */
		fused = WX_I_I32_SUB_DIV_S_K;
	} else if (op == WX_OP_I32_ADD && l->op == WX_I_I32_LOAD &&
	           l[2].s.b == 0) {
		fused = WX_I_I32_LOAD_ADD_K;
	} else if (op == WX_OP_I32_ADD && l->op == WX_I_I32_ADD_K) {
		fused = WX_I_I32_ADD_K;
		y += k;
		k = 0;
	} else {
		return false;
	}
	uint32_t x = l[1].s.b;
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
	uint32_t pos =
	    wx_compile_emit_value(c, fused, 3, wx_compile_push_temp(c, rt));
	c->code[pos + 1].s.b = x;
	c->code[pos + 2].s.a = y;
	c->code[pos + 2].s.b = k;
	return true;
}

/* The rows of chains.def: the chain of `first` then `second`. */
static const struct {
	uint16_t first, second, chain;
} chains[] = {
#define WX_CHAIN_K(ident, first, f, second, g)                                 \
	{WX_I_##first, WX_I_##second, WX_I_##ident},
#define WX_CHAIN_R(ident, first, f, second, g)                                 \
	{WX_I_##first, WX_I_##second, WX_I_##ident},
#include "chains.def"
};

/* (x << 24) >> 24 and (x << 16) >> 16, arithmetic: the sign extension
 * that clang 14 writes without the sign-extension operators. Of a byte or
 * half just loaded into a temporary nothing else reads, the load becomes
 * the signed one; otherwise an i32.extend8_s or i32.extend16_s. */
static void sign_extend(compiler *c, uint32_t x, bool byte)
{
	uint32_t d = wx_compile_push_temp(c, WX_I32);
	if (c->nstarts && x >= c->home_base) {
		uint32_t p = c->starts[c->nstarts - 1];
		wx_icode op = (wx_icode)c->code[p].op;
		if (p + 3 == c->ncode && p >= c->label_pos &&
		    c->code[p + 1].s.a == x &&
		    op == (byte ? WX_I_I32_LOAD8_U : WX_I_I32_LOAD16_U)) {
			c->code[p].op = byte ? WX_I_I32_LOAD8_S : WX_I_I32_LOAD16_S;
			c->code[p + 1].s.a = d;
			c->last_ok = !c->oom;
			c->last_pos = p;
			return;
		}
	}
	uint32_t pos = wx_compile_emit_value(
	    c, byte ? WX_I_I32_EXTEND8_S : WX_I_I32_EXTEND16_S, 2, d);
	c->code[pos + 1].s.b = x;
}

/* `second` (an i32 operator with constant k, its other operand `a`) on the
 * value the last instruction just computed into the temporary `a`: the
 * row of chains.def doing both, which never stores the intermediate. */
static bool fuse_chain(compiler *c, wx_icode second, const ventry *a,
                       uint32_t k)
{
	if (a->kind != V_TEMP || !c->last_ok ||
	    c->code[c->last_pos + 1].s.a != a->home)
		return false;
	const wx_cell *l = &c->code[c->last_pos];
	size_t row = 0;
	while (row < sizeof chains / sizeof *chains &&
	       (chains[row].first != l->op || chains[row].second != second))
		row++;
	if (row == sizeof chains / sizeof *chains)
		return false;
	/* Every first is three cells: "d|a, k" or "d|a, b". */
	uint32_t x = l[1].s.b, y = l[2].s.a;
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
	if (chains[row].chain == WX_I_I32_SHL_SHRS_K && (y & 31) == (k & 31) &&
	    ((k & 31) == 24 || (k & 31) == 16)) {
		sign_extend(c, x, (k & 31) == 24);
		return true;
	}
	uint32_t pos = wx_compile_emit_value(c, chains[row].chain, 3,
	                                     wx_compile_push_temp(c, WX_I32));
	c->code[pos + 1].s.b = x;
	c->code[pos + 2].s.a = y;
	c->code[pos + 2].s.b = k;
	return true;
}

/* Whether `x op k` is x for every x: no code (clang leaves x + 0 where
 * an accumulator starts at zero). Integer operators only: for floats
 * x + 0.0 is not x when x is -0.0. */
static bool is_identity(wx_opcode op, uint64_t k)
{
	switch (op) {
	case WX_OP_I32_ADD:
	case WX_OP_I32_OR:
	case WX_OP_I32_XOR:
	case WX_OP_I64_ADD:
	case WX_OP_I64_OR:
	case WX_OP_I64_XOR:
		return k == 0;
	case WX_OP_I32_SHL:
	case WX_OP_I32_SHR_S:
	case WX_OP_I32_SHR_U:
	case WX_OP_I32_ROTL:
	case WX_OP_I32_ROTR:
		return (k & 31) == 0;
	case WX_OP_I64_SHL:
	case WX_OP_I64_SHR_S:
	case WX_OP_I64_SHR_U:
	case WX_OP_I64_ROTL:
	case WX_OP_I64_ROTR:
		return (k & 63) == 0;
	case WX_OP_I32_MUL:
	case WX_OP_I32_DIV_S:
	case WX_OP_I32_DIV_U:
	case WX_OP_I64_MUL:
	case WX_OP_I64_DIV_S:
	case WX_OP_I64_DIV_U:
		return k == 1;
	case WX_OP_I32_AND:
		return (uint32_t)k == UINT32_MAX;
	case WX_OP_I64_AND:
		return k == UINT64_MAX;
	default:
		return false;
	}
}

/* The form of `op` with constant second operand k, or 0. A division by
 * a k that cannot trap (not 0, and for the signed ones not -1, whose
 * quotient of INT32_MIN overflows) needs no checks. */
static wx_icode k_form(wx_opcode op, uint64_t k)
{
	switch (op) {
	case WX_OP_I32_DIV_S:
	case WX_OP_I32_REM_S:
		if ((uint32_t)k == UINT32_MAX)
			return (wx_icode)0;
		/* fall through */
	case WX_OP_I32_DIV_U:
	case WX_OP_I32_REM_U:
		if ((uint32_t)k == 0)
			return (wx_icode)0;
		break;
	default:
		break;
	}
	return (wx_icode)wx_icode_k_form[op];
}

/* f64 arithmetic on the result of the instruction just before, when that
 * one leaves its result in the interpreter's f64 register too: the form
 * that reads the register (F64_ADD_XA...), not the slot. */
static wx_icode from_facc(compiler *c, wx_icode ni, uint32_t *sa,
                          uint32_t *sb)
{
	if (ni != WX_I_F64_ADD && ni != WX_I_F64_SUB && ni != WX_I_F64_MUL)
		return ni;
	uint32_t d = wx_compile_facc_slot(c, c->nstarts);
	if (d == UINT32_MAX)
		return ni;
	if (ni == WX_I_F64_MUL && *sa == d && *sb == d)
		return WX_I_F64_MUL_XX;
	if (*sa == d && *sb != d)
		return ni == WX_I_F64_ADD   ? WX_I_F64_ADD_XA
		       : ni == WX_I_F64_SUB ? WX_I_F64_SUB_XA
		                            : WX_I_F64_MUL_XA;
	if (*sb == d && *sa != d) {
		if (ni == WX_I_F64_SUB)
			return WX_I_F64_SUB_XB;
		uint32_t t = *sa;
		*sa = *sb;
		*sb = t;
		return ni == WX_I_F64_ADD ? WX_I_F64_ADD_XA : WX_I_F64_MUL_XA;
	}
	return ni;
}

static void do_binary(compiler *c, wx_opcode op, wx_icode ni, wx_valtype rt)
{
	ventry b = wx_compile_pop(c), a = wx_compile_pop(c);
	if (a.kind == V_CONST && b.kind != V_CONST && wx_op_swapped[op] &&
	    wx_icode_k_form[wx_op_swapped[op]]) {
		ventry t = a;
		a = b;
		b = t;
		op = (wx_opcode)wx_op_swapped[op];
	}
	if (a.kind == V_CONST && b.kind != V_CONST && op == WX_OP_I32_SUB &&
	    fuse_chain(c, WX_I_I32_RSUB_K, &b, (uint32_t)a.k))
		return;
	if (a.kind == V_CONST && b.kind != V_CONST &&
	    (op == WX_OP_I32_SUB || op == WX_OP_I64_SUB)) {
		uint32_t sb = wx_compile_operand(c, &b);
		uint32_t d = wx_compile_push_temp(c, rt);
		uint32_t pos = wx_compile_emit_value(
		    c, op == WX_OP_I32_SUB ? WX_I_I32_RSUB_K : WX_I_I64_RSUB_K,
		    3, d);
		c->code[pos + 1].s.b = sb;
		if (a.type == WX_I32)
			c->code[pos + 2].s.a = (uint32_t)a.k;
		else
			c->code[pos + 2].u64 = a.k;
		return;
	}
	/* x - k is x + (-k): one form for both, which the address and
	 * loop-counter fusions then take (clang writes negative offsets
	 * as subtractions). */
	if (b.kind == V_CONST &&
	    (op == WX_OP_I32_SUB || op == WX_OP_I64_SUB)) {
		op = op == WX_OP_I32_SUB ? WX_OP_I32_ADD : WX_OP_I64_ADD;
		b.k = op == WX_OP_I32_ADD ? (uint32_t)(0u - (uint32_t)b.k)
		                          : 0u - b.k;
	}
	if (b.kind == V_CONST && is_identity(op, b.k)) {
		wx_compile_push_entry(c, &a);
		return;
	}
	if (fuse_scaled_add(c, op, &a, &b))
		return;
	if (b.kind == V_CONST && fuse_extend(c, op, &a, b.k))
		return;
	if (fuse_last_k(c, op, &a, &b, rt))
		return;
	if (b.kind == V_CONST && b.type == WX_I32 && k_form(op, b.k) &&
	    fuse_chain(c, k_form(op, b.k), &a, (uint32_t)b.k))
		return;
	if (b.kind == V_CONST && k_form(op, b.k)) {
		uint32_t sa = wx_compile_operand(c, &a);
		uint32_t d = wx_compile_push_temp(c, rt);
		uint32_t pos = wx_compile_emit_value(c, k_form(op, b.k), 3, d);
		c->code[pos + 1].s.b = sa;
		if (b.type == WX_I32)
			c->code[pos + 2].s.a = (uint32_t)b.k;
		else
			c->code[pos + 2].u64 = b.k;
		return;
	}
	if (fuse_load_operand(c, op, &a, &b, rt) ||
	    fuse_mul_add(c, op, &a, &b, rt) || fuse_v128_load(c, op, &a, &b))
		return;
	uint32_t sa = wx_compile_operand(c, &a), sb = wx_compile_operand(c, &b);
	ni = from_facc(c, ni, &sa, &sb);
	uint32_t d = wx_compile_push_temp(c, rt);
	uint32_t pos = wx_compile_emit_value(c, ni, 3, d);
	c->code[pos + 1].s.b = sa;
	c->code[pos + 2].s.a = sb;
}

/* The last instruction, when it computed `a` (just popped) as an address
 * that a load or store can absorb: i32.add of a slot and a constant or of
 * two slots, the same with the first scaled by a shift; else 0. Nothing
 * has changed its operands since. */
static wx_icode address_add(compiler *c, const ventry *a)
{
	if (a->kind != V_TEMP || !c->last_ok ||
	    c->code[c->last_pos + 1].s.a != a->home)
		return 0;
	wx_icode op = (wx_icode)c->code[c->last_pos].op;
	return op == WX_I_I32_ADD_K || op == WX_I_I32_ADD ||
	               op == WX_I_I32_SHL_ADD_K || op == WX_I_I32_SHL_ADD
	           ? op
	           : 0;
}

/* The access form of `ni` that also does the address computation `add`,
 * or 0. The scaled forms need the shift of the access's size. */
static wx_icode absorbing(const compiler *c, wx_icode ni, wx_icode add,
                          bool store)
{
	const wx_scaled *sc = &wx_icode_scaled[ni];
	uint32_t shift = add == WX_I_I32_SHL_ADD_K ? c->code[c->last_pos + 2].s.a
	                                           : c->code[c->last_pos + 2].s.b;
	switch (add) {
	case WX_I_I32_ADD_K:
		return (wx_icode)(store ? wx_icode_store_ak[ni]
		                        : wx_icode_load_ak[ni]);
	case WX_I_I32_ADD:
		return (wx_icode)(store ? wx_icode_store_ax[ni]
		                        : wx_icode_load_ax[ni]);
	case WX_I_I32_SHL_ADD_K:
		return sc->sk && sc->shift == shift ? (wx_icode)sc->sk : 0;
	case WX_I_I32_SHL_ADD:
		return sc->sx && sc->shift == shift ? (wx_icode)sc->sx : 0;
	default:
		return 0;
	}
}

/* Drops the address computation and returns its operands: the (index)
 * slot in x and the constant or base slot in y. */
static void take_address_add(compiler *c, uint32_t *x, uint32_t *y)
{
	*x = c->code[c->last_pos + 1].s.b;
	*y = c->code[c->last_pos].op == WX_I_I32_SHL_ADD_K
	         ? c->code[c->last_pos + 2].s.b
	         : c->code[c->last_pos + 2].s.a;
	c->ncode = c->last_pos;
	c->nstarts--;
	c->last_ok = false;
}

/* The load of an i32 (or narrower, widened) through a pointer just loaded
 * (p->q->x), for the load `ni`; 0 if none. */
static wx_icode load_through(wx_icode ni)
{
	switch (ni) {
	case WX_I_I32_LOAD:
		return WX_I_I32_LOAD_LOAD;
	case WX_I_I32_LOAD8_U:
		return WX_I_I32_LOAD_LOAD8_U;
	case WX_I_I32_LOAD8_S:
		return WX_I_I32_LOAD_LOAD8_S;
	case WX_I_I32_LOAD16_U:
		return WX_I_I32_LOAD_LOAD16_U;
	case WX_I_I32_LOAD16_S:
		return WX_I_I32_LOAD_LOAD16_S;
	default:
		return 0;
	}
}

/* A load whose address was just computed: drop that computation and emit
 * one load that does both. */
static bool fuse_load_add(compiler *c, wx_icode ni, wx_valtype rt,
                          uint32_t offset)
{
	const ventry *e = &c->stack[c->nstack - 1];
	wx_icode through = load_through(ni);
	if (through && e->kind == V_TEMP && c->last_ok &&
	    c->code[c->last_pos].op == WX_I_I32_LOAD &&
	    c->code[c->last_pos + 1].s.a == e->home &&
	    c->code[c->last_pos + 2].u64 <= UINT32_MAX) {
		/* p->q->x: a pointer just loaded, loaded through. */
		uint32_t a = c->code[c->last_pos + 1].s.b;
		uint32_t k = c->code[c->last_pos + 2].s.a;
		c->ncode = c->last_pos;
		c->nstarts--;
		c->last_ok = false;
		wx_compile_pop(c);
		uint32_t pos = wx_compile_emit_value(
		    c, through, 3, wx_compile_push_temp(c, rt));
		c->code[pos + 1].s.b = a;
		c->code[pos + 2].s.a = k;
		c->code[pos + 2].s.b = offset;
		return true;
	}
	wx_icode add = address_add(c, e);
	wx_icode fused = add ? absorbing(c, ni, add, false) : 0;
	if (!fused)
		return false;
	uint32_t a, y;
	take_address_add(c, &a, &y);
	wx_compile_pop(c);
	uint32_t pos = wx_compile_emit_value(c, fused, 3,
	                                     wx_compile_push_temp(c, rt));
	c->code[pos + 1].s.b = a;
	c->code[pos + 2].s.a = y;
	c->code[pos + 2].s.b = offset;
	return true;
}

/* A store whose address was computed by the last instruction, and whose
 * value needed no code (a constant or a local): one store that computes
 * the address. `store` is the store chosen for the value (a
 * constant-value form when kv). */
static bool fuse_store_add(compiler *c, wx_icode store, const ventry *a,
                           ventry *v, bool kv, uint64_t offset)
{
	if (offset > UINT32_MAX || (v->kind != V_CONST && v->kind != V_LOCAL))
		return false;
	wx_icode add = address_add(c, a);
	/* A constant value leaves no room for a constant address part. */
	if (!add || (kv && add != WX_I_I32_ADD))
		return false;
	wx_icode fused = absorbing(c, store, add, true);
	if (!fused)
		return false;
	bool k = add == WX_I_I32_ADD_K || add == WX_I_I32_SHL_ADD_K;
	uint32_t x, y;
	take_address_add(c, &x, &y);
	uint32_t sv = kv ? (uint32_t)v->k : wx_compile_operand(c, v);
	uint32_t pos = wx_compile_emit(c, fused, 3);
	c->code[pos + 1].s.a = x;
	if (k) {
		c->code[pos + 1].s.b = sv;
		c->code[pos + 2].s.a = y;
	} else {
		c->code[pos + 1].s.b = y;
		c->code[pos + 2].s.a = sv;
	}
	c->code[pos + 2].s.b = (uint32_t)offset;
	return true;
}

/* i8x16.shuffle: its lanes are constants, so the form is chosen here. A
 * window of a then b is one unaligned load; a shuffle that leaves most
 * bytes where they are (clang's zero- and sign-extensions) blends a and b
 * and moves the few others; anything else gathers all 16 bytes. */
static void compile_shuffle(compiler *c, const uint8_t *lanes, wx_icode ni,
                            uint32_t a, uint32_t b)
{
	uint8_t ma[16], mb[16], moves[16];
	uint32_t n = 0, pos;
	bool window = true;
	for (uint32_t i = 0; i < 16; i++) {
		window = window && lanes[i] == lanes[0] + i;
		ma[i] = lanes[i] == i ? 0xFF : 0;
		mb[i] = lanes[i] == 16 + i ? 0xFF : 0;
		if (!ma[i] && !mb[i] && n < 8) {
			moves[2 * n] = lanes[i];
			moves[2 * n + 1] = (uint8_t)i;
		}
		n += !ma[i] && !mb[i];
	}
	uint32_t d = wx_compile_push_temp(c, WX_V128);
	if (window) {
		pos = wx_compile_emit_value(c, WX_I_SHUFFLE_WINDOW, 3, d);
		c->code[pos + 2].s.b = lanes[0];
	} else if (n <= 8) {
		pos = wx_compile_emit_value(c, WX_I_SHUFFLE_FEW, 9, d);
		c->code[pos + 2].s.b = n;
		if (!c->oom) {
			memset(&c->code[pos + 7], 0, 16);
			memcpy(&c->code[pos + 3], ma, 16);
			memcpy(&c->code[pos + 5], mb, 16);
			memcpy(&c->code[pos + 7], moves, 2 * n);
		}
	} else {
		pos = wx_compile_emit_value(c, ni, 5, d);
		if (!c->oom)
			memcpy(&c->code[pos + 3], lanes, 16);
	}
	c->code[pos + 1].s.b = a;
	c->code[pos + 2].s.a = b;
	c->shuffle_pos = pos;
	memcpy(c->shuffle_lanes, lanes, 16);
}

/* A shuffle of a vector with a zero constant that spreads its consecutive
 * narrow lanes into wide ones, zeros above: clang's zero extension.
 * Which extend instruction does it, by narrow and wide lane bytes and
 * whether the lanes come from the low half (8 to 32 bits has a quarter:
 * ZEXT8TO32 takes the byte offset). */
static wx_icode zext_form(uint32_t n, uint32_t w, uint32_t first)
{
	if (n == 1 && w == 2)
		return first ? WX_I_I16X8_EXTEND_HIGH_I8X16_U
		             : WX_I_I16X8_EXTEND_LOW_I8X16_U;
	if (n == 2 && w == 4)
		return first ? WX_I_I32X4_EXTEND_HIGH_I16X8_U
		             : WX_I_I32X4_EXTEND_LOW_I16X8_U;
	if (n == 4 && w == 8)
		return first ? WX_I_I64X2_EXTEND_HIGH_I32X4_U
		             : WX_I_I64X2_EXTEND_LOW_I32X4_U;
	if (n == 1 && w == 4)
		return WX_I_ZEXT8TO32;
	return WX_I_UNREACHABLE;
}

/* Four bytes loaded by i32.load, splat and zero-extended to words (how
 * clang loads four u8 pixels into i32 lanes): one load that extends. */
static bool fuse_load_zext(compiler *c, const ventry *src)
{
	if (!is_last(c, src, WX_I_I32X4_SPLAT) || c->nstarts < 2)
		return false;
	uint32_t splat = c->last_pos, load = c->starts[c->nstarts - 2];
	uint32_t x = c->code[splat + 1].s.b;
	wx_icode lop = (wx_icode)c->code[load].op;
	if (load < c->label_pos || x < c->home_base ||
	    c->code[load + 1].s.a != x ||
	    !(lop == WX_I_I32_LOAD_AK ||
	      (lop == WX_I_I32_LOAD && c->code[load + 2].u64 <= UINT32_MAX)))
		return false;
	uint32_t addr = c->code[load + 1].s.b;
	uint32_t k = lop == WX_I_I32_LOAD_AK ? c->code[load + 2].s.a : 0;
	uint32_t offset = lop == WX_I_I32_LOAD_AK ? c->code[load + 2].s.b
	                                         : (uint32_t)c->code[load + 2].u64;
	c->ncode = load;
	c->nstarts -= 2;
	c->last_ok = false;
	uint32_t pos = wx_compile_emit_value(c, WX_I_V128_LOAD8X4_U_AK, 3,
	                                     wx_compile_push_temp(c, WX_V128));
	c->code[pos + 1].s.b = addr;
	c->code[pos + 2].s.a = k;
	c->code[pos + 2].s.b = offset;
	return true;
}

static bool zero_extend(compiler *c, const uint8_t *lanes, const ventry *e)
{
	uint64_t k[2];
	int z; /* the zero operand */
	if (wx_compile_known_v128(c, &e[0], k) && !k[0] && !k[1])
		z = 0;
	else if (wx_compile_known_v128(c, &e[1], k) && !k[0] && !k[1])
		z = 1;
	else
		return false;
	uint32_t base = z ? 0 : 16; /* the other operand's first index */
	for (uint32_t n = 1; n <= 4; n *= 2)
		for (uint32_t w = 2 * n; w <= 8; w *= 2) {
			uint32_t first = (uint32_t)(lanes[0] - base);
			bool ok = lanes[0] >= base && lanes[0] < base + 16 &&
			          first % n == 0 && (first / n) % (16 / w) == 0;
			for (uint32_t i = 0; ok && i < 16; i++) {
				uint32_t j = i / w, b = i % w;
				bool from_z = (lanes[i] >= 16) == (z == 1);
				ok = b < n ? lanes[i] == base + first + j * n + b
				           : from_z;
			}
			wx_icode op = zext_form(n, w, first);
			if (!ok || op == WX_I_UNREACHABLE)
				continue;
			if (op == WX_I_ZEXT8TO32 && fuse_load_zext(c, &e[1 - z]))
				return true;
			uint32_t src = wx_compile_operand(c, &e[1 - z]);
			uint32_t d = wx_compile_push_temp(c, WX_V128);
			uint32_t pos = wx_compile_emit_value(
			    c, op, wx_icode_cells[op], d);
			c->code[pos + 1].s.b = src;
			if (op == WX_I_ZEXT8TO32)
				c->code[pos + 2].s.a = first;
			return true;
		}
	return false;
}

/* Vector instructions with lane or shuffle immediates, and bitselect, the
 * one with three operands: layouts in icode.def. */
static void compile_vector(compiler *c, const wx_instr *in, wx_icode ni,
                           const wx_opsig *sig)
{
	uint32_t s[3], pos;
	switch (wx_opinfo_table[in->op].imm) {
	case WX_IMM_SHUFFLE: {
		ventry e[2];
		e[1] = wx_compile_pop(c);
		e[0] = wx_compile_pop(c);
		if (zero_extend(c, (const uint8_t *)in->bits, e))
			return;
		s[0] = wx_compile_operand(c, &e[0]);
		s[1] = wx_compile_operand(c, &e[1]);
		compile_shuffle(c, (const uint8_t *)in->bits, ni, s[0], s[1]);
		return;
	}
	case WX_IMM_LANE:
		wx_compile_pop_operands(c, sig->nparams, s);
		pos = wx_compile_emit_value(
		    c, ni, 3, wx_compile_push_temp(c, sig->results[0]));
		c->code[pos + 1].s.b = s[0];
		if (sig->nparams == 1) { /* extract_lane */
			c->code[pos + 2].s.a = in->lane;
		} else {                 /* replace_lane */
			c->code[pos + 2].s.a = s[1];
			c->code[pos + 2].s.b = in->lane;
		}
		return;
	case WX_IMM_MEMARG_LANE:
		wx_compile_pop_operands(c, 2, s);
		if (sig->nresults) { /* loadN_lane */
			pos = wx_compile_emit_value(
			    c, ni, 4, wx_compile_push_temp(c, WX_V128));
			c->code[pos + 1].s.b = s[0];
			c->code[pos + 3].s.a = s[1];
			c->code[pos + 3].s.b = in->lane;
		} else {             /* storeN_lane */
			pos = wx_compile_emit(c, ni, 4);
			c->code[pos + 1].s.a = s[0];
			c->code[pos + 1].s.b = s[1];
			c->code[pos + 3].s.a = in->lane;
		}
		c->code[pos + 2].u64 = in->offset;
		return;
	default: /* v128.bitselect */
		assert(sig->nparams == 3);
		wx_compile_pop_operands(c, 3, s);
		pos = wx_compile_emit_value(c, ni, 3,
		                            wx_compile_push_temp(c, WX_V128));
		c->code[pos + 1].s.b = s[0];
		c->code[pos + 2].s.a = s[1];
		c->code[pos + 2].s.b = s[2];
		return;
	}
}

/* The slot of a load's or store's address: a constant address (a C
 * global) moves into the offset, and the zero slot stands in for it. */
static uint32_t address_of(compiler *c, const ventry *a, uint64_t *offset)
{
	if (a->kind == V_CONST && c->zero_slot != UINT32_MAX) {
		*offset += (uint32_t)a->k;
		return c->zero_slot;
	}
	return wx_compile_operand(c, a);
}

void wx_compile_numeric(compiler *c, const wx_instr *in, wx_icode ni)
{
	wx_opcode op = in->op;
	const wx_opinfo *info = &wx_opinfo_table[op];
	const wx_opsig *sig = &c->sigs[op];
	uint64_t offset = in->offset;
	if ((info->imm == WX_IMM_MEMARG || info->imm == WX_IMM_MEMARG_LANE) &&
	    wx_compile_far_access(c, in)) {
		wx_compile_memory_access(c, in, ni);
		return;
	}
	if (info->imm == WX_IMM_SHUFFLE || info->imm == WX_IMM_LANE ||
	    info->imm == WX_IMM_MEMARG_LANE || sig->nparams == 3) {
		compile_vector(c, in, ni, sig);
		return;
	}
	if (info->imm == WX_IMM_MEMARG && sig->nresults == 0) {
		ventry v = wx_compile_pop(c), a = wx_compile_pop(c);
		bool k = wx_icode_store_k[ni] && v.kind == V_CONST &&
		         (v.type == WX_I32 || (int64_t)v.k == (int32_t)v.k);
		if (ni == WX_I_F64_STORE && fuse_add_to(c, &a, &v, offset))
			return;
		if (ni == WX_I_I32_STORE && fuse_add_to_k(c, &a, &v, offset))
			return;
		if (fuse_store_add(c, k ? (wx_icode)wx_icode_store_k[ni] : ni,
		                   &a, &v, k, offset))
			return;
		uint32_t sa = address_of(c, &a, &offset),
		         sv = k ? (uint32_t)v.k : wx_compile_operand(c, &v);
		if (k)
			ni = (wx_icode)wx_icode_store_k[ni];
		else if (ni == WX_I_F64_STORE &&
		         wx_compile_facc_slot(c, c->nstarts) == sv)
			ni = WX_I_F64_STORE_X;
		uint32_t pos = wx_compile_emit(c, ni, 3);
		c->code[pos + 1].s.a = sa;
		c->code[pos + 1].s.b = sv;
		c->code[pos + 2].u64 = offset;
		return;
	}
	wx_valtype rt = sig->results[0];
	if (sig->nparams == 2) {
		do_binary(c, op, ni, rt);
		return;
	}
	if (offset <= UINT32_MAX && fuse_load_add(c, ni, rt, (uint32_t)offset))
		return;
	ventry a = wx_compile_pop(c);
	uint32_t sa = info->imm == WX_IMM_MEMARG ? address_of(c, &a, &offset)
	                                         : wx_compile_operand(c, &a);
	uint32_t d = wx_compile_push_temp(c, rt);
	uint32_t pos = wx_compile_emit_value(c, ni, wx_icode_cells[ni], d);
	c->code[pos + 1].s.b = sa;
	if (info->imm == WX_IMM_MEMARG)
		c->code[pos + 2].u64 = offset;
}

/* Pops n operands (the last pushed last in out) and returns their slots. */
void wx_compile_pop_operands(compiler *c, uint32_t n, uint32_t *out)
{
	ventry e[3];
	for (uint32_t i = n; i-- > 0;)
		e[i] = wx_compile_pop(c);
	for (uint32_t i = 0; i < n; i++)
		out[i] = wx_compile_operand(c, &e[i]);
}

/* memory.*, data.drop, table.* and elem.drop. x and y are the immediates. */
void wx_compile_bulk(compiler *c, wx_opcode op, uint32_t x, uint32_t y)
{
	uint32_t s[3], pos, d;
	if (wx_compile_far_bulk(c, op, x, y)) {
		wx_compile_memory_bulk(c, op, x, y);
		return;
	}
	switch (op) {
	case WX_OP_MEMORY_SIZE:
		wx_compile_emit_value(c, WX_I_MEMORY_SIZE, 2,
		                      wx_compile_push_temp(c, WX_I32));
		return;
	case WX_OP_MEMORY_GROW:
		wx_compile_pop_operands(c, 1, s);
		pos = wx_compile_emit_value(c, WX_I_MEMORY_GROW, 2,
		                            wx_compile_push_temp(c, WX_I32));
		c->code[pos + 1].s.b = s[0];
		return;
	case WX_OP_MEMORY_INIT:
	case WX_OP_MEMORY_COPY:
	case WX_OP_MEMORY_FILL:
		wx_compile_pop_operands(c, 3, s);
		pos = wx_compile_emit(c,
		                      op == WX_OP_MEMORY_INIT ? WX_I_MEMORY_INIT
		                      : op == WX_OP_MEMORY_COPY
		                          ? WX_I_MEMORY_COPY
		                          : WX_I_MEMORY_FILL,
		                      3);
		c->code[pos + 1].s.a = s[0];
		c->code[pos + 1].s.b = s[1];
		c->code[pos + 2].s.a = s[2];
		c->code[pos + 2].s.b = x; /* dataidx for memory.init */
		return;
	case WX_OP_DATA_DROP:
	case WX_OP_ELEM_DROP:
		pos = wx_compile_emit(
		    c, op == WX_OP_DATA_DROP ? WX_I_DATA_DROP : WX_I_ELEM_DROP,
		    2);
		c->code[pos + 1].s.a = x;
		return;
	case WX_OP_TABLE_GET:
		wx_compile_pop_operands(c, 1, s);
		pos = wx_compile_emit_value(
		    c, WX_I_TABLE_GET, 3,
		    wx_compile_push_temp(c, c->m->tables[x].elem));
		c->code[pos + 1].s.b = s[0];
		c->code[pos + 2].s.a = x;
		return;
	case WX_OP_TABLE_SET:
		wx_compile_pop_operands(c, 2, s);
		pos = wx_compile_emit(c, WX_I_TABLE_SET, 3);
		c->code[pos + 1].s.a = s[0];
		c->code[pos + 1].s.b = s[1];
		c->code[pos + 2].s.a = x;
		return;
	case WX_OP_TABLE_SIZE:
		pos = wx_compile_emit_value(c, WX_I_TABLE_SIZE, 2,
		                            wx_compile_push_temp(c, WX_I32));
		c->code[pos + 1].s.b = x;
		return;
	case WX_OP_TABLE_GROW:
		wx_compile_pop_operands(c, 2, s);
		d = wx_compile_push_temp(c, WX_I32);
		pos = wx_compile_emit_value(c, WX_I_TABLE_GROW, 3, d);
		c->code[pos + 1].s.b = s[0];
		c->code[pos + 2].s.a = s[1];
		c->code[pos + 2].s.b = x;
		return;
	case WX_OP_TABLE_FILL:
		wx_compile_pop_operands(c, 3, s);
		pos = wx_compile_emit(c, WX_I_TABLE_FILL, 3);
		c->code[pos + 1].s.a = s[0];
		c->code[pos + 1].s.b = s[1];
		c->code[pos + 2].s.a = s[2];
		c->code[pos + 2].s.b = x;
		return;
	case WX_OP_TABLE_COPY: /* x = destination table, y = source */
	case WX_OP_TABLE_INIT: /* x = elemidx, y = table */
		wx_compile_pop_operands(c, 3, s);
		pos = wx_compile_emit(c,
		                      op == WX_OP_TABLE_COPY ? WX_I_TABLE_COPY
		                                             : WX_I_TABLE_INIT,
		                      4);
		c->code[pos + 1].s.a = s[0];
		c->code[pos + 1].s.b = s[1];
		c->code[pos + 2].s.a = s[2];
		c->code[pos + 2].s.b = op == WX_OP_TABLE_COPY ? x : y;
		c->code[pos + 3].s.a = op == WX_OP_TABLE_COPY ? y : x;
		return;
	default:
		assert(!"not a bulk instruction");
	}
}
