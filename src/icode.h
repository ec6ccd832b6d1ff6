/*
 * icode.h - the execution form of a function body: a flat array of 8-byte
 * cells (the compiled counterpart of exec/instructions.rst). The rows of
 * icode.def give every instruction, its length and its operand layout.
 */
#ifndef WX_ICODE_H
#define WX_ICODE_H

#include <stdbool.h>
#include <stdint.h>

#include "opcodes.h"

typedef enum wx_icode {
#define WX_I(ident, cells, layout, meaning)   WX_I_##ident,
#define WX_NUM(ident, cells, layout, meaning) WX_I_##ident,
#include "icode.def"
	WX_I_COUNT
} wx_icode;

/* Each instruction's length in cells, WX_LEN_<IDENT> (0 for BR_TABLE: it
 * is 3 + n), for the interpreter's steps. */
enum {
#define WX_I(ident, cells, layout, meaning)   WX_LEN_##ident = cells,
#define WX_NUM(ident, cells, layout, meaning) WX_LEN_##ident = cells,
#include "icode.def"
};

/* One cell: a handler address (threaded dispatch) or opcode number (switch
 * dispatch) in an instruction's first cell; operands in the others. */
typedef union wx_cell {
	const void *h;
	uint64_t op;
	uint64_t u64;
	int64_t i64;
	struct {
		uint32_t a;
		uint32_t b;
	} s;
} wx_cell;

/* icode.c: length in cells of each instruction (0 for BR_TABLE: 3 + n)
 * and its name. */
extern const uint8_t wx_icode_cells[WX_I_COUNT];
extern const char *const wx_icode_names[WX_I_COUNT];

/* The halves of each pair of pairs.def, {0, 0} for an instruction that is
 * none: `second` starts `wx_icode_cells[first]` cells in. */
typedef struct wx_pair_parts {
	uint16_t first, second;
} wx_pair_parts;
extern const wx_pair_parts wx_icode_pair_parts[WX_I_COUNT];
/* The two instructions each chain of chains.def computes as one, {0, 0}
 * for an instruction that is none: `first`'s result, read by `second`. */
extern const wx_pair_parts wx_icode_chain_parts[WX_I_COUNT];

/* The compiler's tables (0 means "none"; UNREACHABLE is 0 and never
 * appears in them): the internal instruction of a numeric, load or store
 * opcode; the constant-operand form of a binary opcode; the opcode with its
 * operands exchanged; the load that absorbs an i32.add of a constant; the
 * store of a constant value; the load of (a + b); the store to (a + k) and
 * to (a + b), the latter for constant-value stores too. */
extern const uint16_t wx_icode_of_op[WX_OP_COUNT];
extern const uint16_t wx_icode_k_form[WX_OP_COUNT];
extern const uint16_t wx_op_swapped[WX_OP_COUNT];
extern const uint16_t wx_icode_load_ak[WX_I_COUNT];
extern const uint16_t wx_icode_store_k[WX_I_COUNT];
extern const uint16_t wx_icode_load_ax[WX_I_COUNT];
extern const uint16_t wx_icode_store_ak[WX_I_COUNT];
extern const uint16_t wx_icode_store_ax[WX_I_COUNT];

/* The forms of an access at ((index << shift) + base) + offset. */
typedef struct wx_scaled {
	uint8_t shift;   /* log2 of the access size */
	uint16_t sk, sx; /* base a constant, base a slot; 0 for none */
} wx_scaled;
extern const wx_scaled wx_icode_scaled[WX_I_COUNT];

/* A scalar operator fused with the load of its second operand (the list
 * ends with a zero row). A load_ak row needs the load's offset to be 0. */
typedef struct wx_mform_load {
	uint16_t op;   /* the wasm operator */
	uint16_t load; /* the load that computed the operand */
	uint16_t fused;
	bool commutative; /* the loaded value may come first */
} wx_mform_load;
extern const wx_mform_load wx_icode_m_forms[];

/* A vector operator fused with the v128.load of an operand. */
typedef struct wx_mform {
	uint16_t op;      /* the fused instruction; 0 for none */
	bool commutative; /* the load may feed either operand */
} wx_mform;
extern const wx_mform wx_icode_v128_m_form[WX_OP_COUNT];

/* A comparison fused into a branch: the branch taken when it holds and the
 * one taken when it fails (f64 has "not" forms: NaN fails every test). */
typedef struct wx_brpair {
	uint16_t yes, no;
} wx_brpair;
extern const wx_brpair wx_icode_cmp_branch[WX_I_COUNT];

/* Whether instruction op also leaves its f64 result in the interpreter's
 * f64 register (the _XA and _XB forms read it). */
static inline bool wx_icode_sets_facc(wx_icode op)
{
	switch (op) {
	case WX_I_F64_ADD:
	case WX_I_F64_SUB:
	case WX_I_F64_MUL:
	case WX_I_F64_DIV:
	case WX_I_F64_MUL_ADD:
	case WX_I_F64_ADD_MUL:
	case WX_I_F64_ADD_M:
	case WX_I_F64_ADD_MK:
	case WX_I_F64_SUB_M:
	case WX_I_F64_SUB_MK:
	case WX_I_F64_MUL_M:
	case WX_I_F64_MUL_MK:
	case WX_I_F64_LOAD:
	case WX_I_F64_LOAD_AK:
	case WX_I_F64_LOAD_AX:
	case WX_I_F64_LOAD_SK:
	case WX_I_F64_LOAD_SX:
	case WX_I_F64_ADD_XA:
	case WX_I_F64_SUB_XA:
	case WX_I_F64_SUB_XB:
	case WX_I_F64_MUL_XA:
	case WX_I_F64_MUL_XX:
	case WX_I_F64_MUL_ADD_XA:
	case WX_I_F64_ADD_MUL_XA:
		return true;
	default:
		return false;
	}
}

#endif /* WX_ICODE_H */
