/*
 * icode.c - the tables that describe the internal instructions of icode.def
 * to the compiler: lengths and names, and which wasm instruction (or pair of
 * them) each internal one stands for (exec/instructions.rst gives the
 * meaning of the wasm side).
 */
#include "icode.h"
#include "opcodes.h"

const uint8_t wx_icode_cells[WX_I_COUNT] = {
#define WX_I(ident, cells, layout, meaning)   cells,
#define WX_NUM(ident, cells, layout, meaning) cells,
#include "icode.def"
};

const char *const wx_icode_names[WX_I_COUNT] = {
#define WX_I(ident, cells, layout, meaning)   #ident,
#define WX_NUM(ident, cells, layout, meaning) #ident,
#include "icode.def"
};

const wx_pair_parts wx_icode_pair_parts[WX_I_COUNT] = {
#define WX_PAIR(ident, first, second)                                          \
	[WX_I_##ident] = {WX_I_##first, WX_I_##second},
#include "pairs.def"
};

const wx_pair_parts wx_icode_chain_parts[WX_I_COUNT] = {
#define WX_CHAIN_K(ident, first, f, second, g)                                 \
	[WX_I_##ident] = {WX_I_##first, WX_I_##second},
#define WX_CHAIN_R(ident, first, f, second, g)                                 \
	[WX_I_##ident] = {WX_I_##first, WX_I_##second},
#include "chains.def"
};

/* The internal instruction of each numeric, load and store opcode; 0
 * (UNREACHABLE) for the others. */
const uint16_t wx_icode_of_op[WX_OP_COUNT] = {
#define WX_I(ident, cells, layout, meaning)
#define WX_NUM(ident, cells, layout, meaning) [WX_OP_##ident] = WX_I_##ident,
#include "icode.def"
};

/* Binary operators with a constant-operand form (second operand k); the
 * divisions only for a k that cannot trap (compile_ops.c, k_form). */
const uint16_t wx_icode_k_form[WX_OP_COUNT] = {
    [WX_OP_I32_ADD] = WX_I_I32_ADD_K,     [WX_OP_I32_SUB] = WX_I_I32_SUB_K,
    [WX_OP_I32_MUL] = WX_I_I32_MUL_K,     [WX_OP_I32_AND] = WX_I_I32_AND_K,
    [WX_OP_I32_DIV_S] = WX_I_I32_DIV_S_K, [WX_OP_I32_DIV_U] = WX_I_I32_DIV_U_K,
    [WX_OP_I32_REM_S] = WX_I_I32_REM_S_K, [WX_OP_I32_REM_U] = WX_I_I32_REM_U_K,
    [WX_OP_I32_OR] = WX_I_I32_OR_K,       [WX_OP_I32_XOR] = WX_I_I32_XOR_K,
    [WX_OP_I32_SHL] = WX_I_I32_SHL_K,     [WX_OP_I32_SHR_S] = WX_I_I32_SHR_S_K,
    [WX_OP_I32_SHR_U] = WX_I_I32_SHR_U_K, [WX_OP_I32_EQ] = WX_I_I32_EQ_K,
    [WX_OP_I32_NE] = WX_I_I32_NE_K,       [WX_OP_I32_LT_S] = WX_I_I32_LT_S_K,
    [WX_OP_I32_LT_U] = WX_I_I32_LT_U_K,   [WX_OP_I32_GT_S] = WX_I_I32_GT_S_K,
    [WX_OP_I32_GT_U] = WX_I_I32_GT_U_K,   [WX_OP_I32_LE_S] = WX_I_I32_LE_S_K,
    [WX_OP_I32_LE_U] = WX_I_I32_LE_U_K,   [WX_OP_I32_GE_S] = WX_I_I32_GE_S_K,
    [WX_OP_I32_GE_U] = WX_I_I32_GE_U_K,   [WX_OP_I64_ADD] = WX_I_I64_ADD_K,
    [WX_OP_I64_SUB] = WX_I_I64_SUB_K,     [WX_OP_I64_MUL] = WX_I_I64_MUL_K,
    [WX_OP_I64_AND] = WX_I_I64_AND_K,     [WX_OP_I64_OR] = WX_I_I64_OR_K,
    [WX_OP_I64_XOR] = WX_I_I64_XOR_K,     [WX_OP_I64_SHL] = WX_I_I64_SHL_K,
    [WX_OP_I64_SHR_S] = WX_I_I64_SHR_S_K, [WX_OP_I64_SHR_U] = WX_I_I64_SHR_U_K,
    [WX_OP_I64_EQ] = WX_I_I64_EQ_K,       [WX_OP_I64_NE] = WX_I_I64_NE_K,
    [WX_OP_I64_LT_S] = WX_I_I64_LT_S_K,   [WX_OP_I64_LT_U] = WX_I_I64_LT_U_K,
    [WX_OP_I64_GT_S] = WX_I_I64_GT_S_K,   [WX_OP_I64_GT_U] = WX_I_I64_GT_U_K,
    [WX_OP_I64_LE_S] = WX_I_I64_LE_S_K,   [WX_OP_I64_LE_U] = WX_I_I64_LE_U_K,
    [WX_OP_I64_GE_S] = WX_I_I64_GE_S_K,   [WX_OP_I64_GE_U] = WX_I_I64_GE_U_K,
    /* vector shifts: the count is an i32 */
    [WX_OP_I8X16_SHL] = WX_I_I8X16_SHL_K,
    [WX_OP_I8X16_SHR_S] = WX_I_I8X16_SHR_S_K,
    [WX_OP_I8X16_SHR_U] = WX_I_I8X16_SHR_U_K,
    [WX_OP_I16X8_SHL] = WX_I_I16X8_SHL_K,
    [WX_OP_I16X8_SHR_S] = WX_I_I16X8_SHR_S_K,
    [WX_OP_I16X8_SHR_U] = WX_I_I16X8_SHR_U_K,
    [WX_OP_I32X4_SHL] = WX_I_I32X4_SHL_K,
    [WX_OP_I32X4_SHR_S] = WX_I_I32X4_SHR_S_K,
    [WX_OP_I32X4_SHR_U] = WX_I_I32X4_SHR_U_K,
    [WX_OP_I64X2_SHL] = WX_I_I64X2_SHL_K,
    [WX_OP_I64X2_SHR_S] = WX_I_I64X2_SHR_S_K,
    [WX_OP_I64X2_SHR_U] = WX_I_I64X2_SHR_U_K,
};

/* The operator with its operands exchanged (a op b == b swapped a), so a
 * constant first operand can become the k of the second; 0 when none. */
const uint16_t wx_op_swapped[WX_OP_COUNT] = {
    [WX_OP_I32_ADD] = WX_OP_I32_ADD,   [WX_OP_I32_MUL] = WX_OP_I32_MUL,
    [WX_OP_I32_AND] = WX_OP_I32_AND,   [WX_OP_I32_OR] = WX_OP_I32_OR,
    [WX_OP_I32_XOR] = WX_OP_I32_XOR,   [WX_OP_I32_EQ] = WX_OP_I32_EQ,
    [WX_OP_I32_NE] = WX_OP_I32_NE,     [WX_OP_I32_LT_S] = WX_OP_I32_GT_S,
    [WX_OP_I32_GT_S] = WX_OP_I32_LT_S, [WX_OP_I32_LT_U] = WX_OP_I32_GT_U,
    [WX_OP_I32_GT_U] = WX_OP_I32_LT_U, [WX_OP_I32_LE_S] = WX_OP_I32_GE_S,
    [WX_OP_I32_GE_S] = WX_OP_I32_LE_S, [WX_OP_I32_LE_U] = WX_OP_I32_GE_U,
    [WX_OP_I32_GE_U] = WX_OP_I32_LE_U, [WX_OP_I64_ADD] = WX_OP_I64_ADD,
    [WX_OP_I64_MUL] = WX_OP_I64_MUL,   [WX_OP_I64_AND] = WX_OP_I64_AND,
    [WX_OP_I64_OR] = WX_OP_I64_OR,     [WX_OP_I64_XOR] = WX_OP_I64_XOR,
    [WX_OP_I64_EQ] = WX_OP_I64_EQ,     [WX_OP_I64_NE] = WX_OP_I64_NE,
    [WX_OP_I64_LT_S] = WX_OP_I64_GT_S, [WX_OP_I64_GT_S] = WX_OP_I64_LT_S,
    [WX_OP_I64_LT_U] = WX_OP_I64_GT_U, [WX_OP_I64_GT_U] = WX_OP_I64_LT_U,
    [WX_OP_I64_LE_S] = WX_OP_I64_GE_S, [WX_OP_I64_GE_S] = WX_OP_I64_LE_S,
    [WX_OP_I64_LE_U] = WX_OP_I64_GE_U, [WX_OP_I64_GE_U] = WX_OP_I64_LE_U,
};

/* Loads that can absorb the i32.add of a constant computing their address. */
const uint16_t wx_icode_load_ak[WX_I_COUNT] = {
    [WX_I_I32_LOAD] = WX_I_I32_LOAD_AK,
    [WX_I_I64_LOAD] = WX_I_I64_LOAD_AK,
    [WX_I_F32_LOAD] = WX_I_F32_LOAD_AK,
    [WX_I_F64_LOAD] = WX_I_F64_LOAD_AK,
    [WX_I_I32_LOAD8_S] = WX_I_I32_LOAD8_S_AK,
    [WX_I_I32_LOAD8_U] = WX_I_I32_LOAD8_U_AK,
    [WX_I_I32_LOAD16_S] = WX_I_I32_LOAD16_S_AK,
    [WX_I_I32_LOAD16_U] = WX_I_I32_LOAD16_U_AK,
    [WX_I_V128_LOAD] = WX_I_V128_LOAD_AK,
};

/* Vector operators with a form that loads their second operand, and
 * whether they are commutative (the loaded value may then come first). */
const wx_mform wx_icode_v128_m_form[WX_OP_COUNT] = {
    [WX_OP_F32X4_ADD] = {WX_I_F32X4_ADD_M, true},
    [WX_OP_F32X4_SUB] = {WX_I_F32X4_SUB_M, false},
    [WX_OP_F32X4_MUL] = {WX_I_F32X4_MUL_M, true},
    [WX_OP_F64X2_ADD] = {WX_I_F64X2_ADD_M, true},
    [WX_OP_F64X2_SUB] = {WX_I_F64X2_SUB_M, false},
    [WX_OP_F64X2_MUL] = {WX_I_F64X2_MUL_M, true},
    [WX_OP_I32X4_ADD] = {WX_I_I32X4_ADD_M, true},
    [WX_OP_I32X4_SUB] = {WX_I_I32X4_SUB_M, false},
    [WX_OP_I32X4_MUL] = {WX_I_I32X4_MUL_M, true},
    [WX_OP_I16X8_ADD] = {WX_I_I16X8_ADD_M, true},
    [WX_OP_I16X8_SUB] = {WX_I_I16X8_SUB_M, false},
    [WX_OP_I16X8_MUL] = {WX_I_I16X8_MUL_M, true},
    [WX_OP_I8X16_ADD] = {WX_I_I8X16_ADD_M, true},
    [WX_OP_I8X16_SUB] = {WX_I_I8X16_SUB_M, false},
    [WX_OP_V128_AND] = {WX_I_V128_AND_M, true},
    [WX_OP_V128_OR] = {WX_I_V128_OR_M, true},
    [WX_OP_V128_XOR] = {WX_I_V128_XOR_M, true},
};

/* Loads that can absorb the i32.add of two slots computing their address. */
const uint16_t wx_icode_load_ax[WX_I_COUNT] = {
    [WX_I_I32_LOAD] = WX_I_I32_LOAD_AX,
    [WX_I_I64_LOAD] = WX_I_I64_LOAD_AX,
    [WX_I_F32_LOAD] = WX_I_F32_LOAD_AX,
    [WX_I_F64_LOAD] = WX_I_F64_LOAD_AX,
    [WX_I_I32_LOAD8_S] = WX_I_I32_LOAD8_S_AX,
    [WX_I_I32_LOAD8_U] = WX_I_I32_LOAD8_U_AX,
    [WX_I_I32_LOAD16_S] = WX_I_I32_LOAD16_S_AX,
    [WX_I_I32_LOAD16_U] = WX_I_I32_LOAD16_U_AX,
};

/* Stores that can absorb the i32.add computing their address: of a
 * constant (AK), of two slots (AX), and the constant-value stores' AX. */
const uint16_t wx_icode_store_ak[WX_I_COUNT] = {
    [WX_I_I32_STORE] = WX_I_I32_STORE_AK,
    [WX_I_I64_STORE] = WX_I_I64_STORE_AK,
    [WX_I_F32_STORE] = WX_I_F32_STORE_AK,
    [WX_I_F64_STORE] = WX_I_F64_STORE_AK,
    [WX_I_I32_STORE8] = WX_I_I32_STORE8_AK,
    [WX_I_I32_STORE16] = WX_I_I32_STORE16_AK,
};
const uint16_t wx_icode_store_ax[WX_I_COUNT] = {
    [WX_I_I32_STORE] = WX_I_I32_STORE_AX,
    [WX_I_I64_STORE] = WX_I_I64_STORE_AX,
    [WX_I_F32_STORE] = WX_I_F32_STORE_AX,
    [WX_I_F64_STORE] = WX_I_F64_STORE_AX,
    [WX_I_I32_STORE8] = WX_I_I32_STORE8_AX,
    [WX_I_I32_STORE16] = WX_I_I32_STORE16_AX,
    [WX_I_I32_STORE_K] = WX_I_I32_STORE_K_AX,
    [WX_I_I32_STORE8_K] = WX_I_I32_STORE8_K_AX,
    [WX_I_I32_STORE16_K] = WX_I_I32_STORE16_K_AX,
};

/* Accesses whose address is an index scaled by their size plus a base:
 * the shift, and the forms for a constant base (SK) and a slot (SX). */
const wx_scaled wx_icode_scaled[WX_I_COUNT] = {
    [WX_I_I32_LOAD] = {2, WX_I_I32_LOAD_SK, WX_I_I32_LOAD_SX},
    [WX_I_I64_LOAD] = {3, WX_I_I64_LOAD_SK, WX_I_I64_LOAD_SX},
    [WX_I_F32_LOAD] = {2, WX_I_F32_LOAD_SK, WX_I_F32_LOAD_SX},
    [WX_I_F64_LOAD] = {3, WX_I_F64_LOAD_SK, WX_I_F64_LOAD_SX},
    [WX_I_I32_LOAD16_S] = {1, WX_I_I32_LOAD16_S_SK, WX_I_I32_LOAD16_S_SX},
    [WX_I_I32_LOAD16_U] = {1, WX_I_I32_LOAD16_U_SK, WX_I_I32_LOAD16_U_SX},
    [WX_I_I32_STORE] = {2, WX_I_I32_STORE_SK, WX_I_I32_STORE_SX},
    [WX_I_I64_STORE] = {3, WX_I_I64_STORE_SK, WX_I_I64_STORE_SX},
    [WX_I_F32_STORE] = {2, WX_I_F32_STORE_SK, WX_I_F32_STORE_SX},
    [WX_I_F64_STORE] = {3, WX_I_F64_STORE_SK, WX_I_F64_STORE_SX},
    [WX_I_I32_STORE16] = {1, WX_I_I32_STORE16_SK, WX_I_I32_STORE16_SX},
};

/* Binary operators with a form that loads their second operand, by the
 * load that computed it: a plain load (M, with its offset) or one that
 * absorbed an address add with offset 0 (MK, with the constant). */
const wx_mform_load wx_icode_m_forms[] = {
    {WX_OP_F64_ADD, WX_I_F64_LOAD, WX_I_F64_ADD_M, true},
    {WX_OP_F64_ADD, WX_I_F64_LOAD_AK, WX_I_F64_ADD_MK, true},
    {WX_OP_F64_SUB, WX_I_F64_LOAD, WX_I_F64_SUB_M, false},
    {WX_OP_F64_SUB, WX_I_F64_LOAD_AK, WX_I_F64_SUB_MK, false},
    {WX_OP_F64_MUL, WX_I_F64_LOAD, WX_I_F64_MUL_M, true},
    {WX_OP_F64_MUL, WX_I_F64_LOAD_AK, WX_I_F64_MUL_MK, true},
    {WX_OP_I32_ADD, WX_I_I32_LOAD, WX_I_I32_ADD_M, true},
    {WX_OP_I32_ADD, WX_I_I32_LOAD_AK, WX_I_I32_ADD_MK, true},
    {WX_OP_I32_MUL, WX_I_I32_LOAD, WX_I_I32_MUL_M, true},
    {WX_OP_I32_MUL, WX_I_I32_LOAD_AK, WX_I_I32_MUL_MK, true},
    {WX_OP_I32_ADD, WX_I_I32_LOAD16_S, WX_I_I32_ADD_M16S, true},
    {WX_OP_I32_ADD, WX_I_I32_LOAD16_S_AK, WX_I_I32_ADD_MK16S, true},
    {WX_OP_I32_MUL, WX_I_I32_LOAD16_S, WX_I_I32_MUL_M16S, true},
    {WX_OP_I32_MUL, WX_I_I32_LOAD16_S_AK, WX_I_I32_MUL_MK16S, true},
    {WX_OP_I32_MUL, WX_I_I32_LOAD16_U, WX_I_I32_MUL_M16U, true},
    {WX_OP_I32_MUL, WX_I_I32_LOAD16_U_AK, WX_I_I32_MUL_MK16U, true},
    {0, 0, 0, false},
};

/* Stores with a constant value operand. */
const uint16_t wx_icode_store_k[WX_I_COUNT] = {
    [WX_I_I32_STORE] = WX_I_I32_STORE_K,
    [WX_I_I32_STORE8] = WX_I_I32_STORE8_K,
    [WX_I_I32_STORE16] = WX_I_I32_STORE16_K,
    [WX_I_I64_STORE] = WX_I_I64_STORE_K,
};

/* Compare-and-branch fusion: the branch taken when the comparison holds,
 * and the one taken when it does not. Integer negation is another
 * comparison; f64 has "not" forms, which also branch on NaN. Indexed by
 * the comparison's internal instruction. */
const wx_brpair wx_icode_cmp_branch[WX_I_COUNT] = {
    /* A bit test: i32.and's result is the condition. */
    [WX_I_I32_AND] = {WX_I_BR_I32_AND, WX_I_BR_I32_NAND},
    [WX_I_I32_AND_K] = {WX_I_BR_I32_AND_K, WX_I_BR_I32_NAND_K},
    /* A difference tested for zero: a ^ b and a - b are nonzero exactly
     * when a != b. */
    [WX_I_I32_XOR] = {WX_I_BR_I32_NE, WX_I_BR_I32_EQ},
    [WX_I_I32_XOR_K] = {WX_I_BR_I32_NE_K, WX_I_BR_I32_EQ_K},
    [WX_I_I32_SUB] = {WX_I_BR_I32_NE, WX_I_BR_I32_EQ},
    [WX_I_I32_SUB_K] = {WX_I_BR_I32_NE_K, WX_I_BR_I32_EQ_K},
    /* A test of a value just loaded (offsets below 2^32 only). */
    [WX_I_I32_LOAD] = {WX_I_BR_I32_LOAD_NZ, WX_I_BR_I32_LOAD_Z},
    [WX_I_I32_LOAD8_U] = {WX_I_BR_I32_LOAD8_U_NZ, WX_I_BR_I32_LOAD8_U_Z},
    [WX_I_I32_EQ] = {WX_I_BR_I32_EQ, WX_I_BR_I32_NE},
    [WX_I_I32_NE] = {WX_I_BR_I32_NE, WX_I_BR_I32_EQ},
    [WX_I_I32_LT_S] = {WX_I_BR_I32_LT_S, WX_I_BR_I32_GE_S},
    [WX_I_I32_LT_U] = {WX_I_BR_I32_LT_U, WX_I_BR_I32_GE_U},
    [WX_I_I32_GT_S] = {WX_I_BR_I32_GT_S, WX_I_BR_I32_LE_S},
    [WX_I_I32_GT_U] = {WX_I_BR_I32_GT_U, WX_I_BR_I32_LE_U},
    [WX_I_I32_LE_S] = {WX_I_BR_I32_LE_S, WX_I_BR_I32_GT_S},
    [WX_I_I32_LE_U] = {WX_I_BR_I32_LE_U, WX_I_BR_I32_GT_U},
    [WX_I_I32_GE_S] = {WX_I_BR_I32_GE_S, WX_I_BR_I32_LT_S},
    [WX_I_I32_GE_U] = {WX_I_BR_I32_GE_U, WX_I_BR_I32_LT_U},
    [WX_I_I32_EQ_K] = {WX_I_BR_I32_EQ_K, WX_I_BR_I32_NE_K},
    [WX_I_I32_NE_K] = {WX_I_BR_I32_NE_K, WX_I_BR_I32_EQ_K},
    [WX_I_I32_LT_S_K] = {WX_I_BR_I32_LT_S_K, WX_I_BR_I32_GE_S_K},
    [WX_I_I32_LT_U_K] = {WX_I_BR_I32_LT_U_K, WX_I_BR_I32_GE_U_K},
    [WX_I_I32_GT_S_K] = {WX_I_BR_I32_GT_S_K, WX_I_BR_I32_LE_S_K},
    [WX_I_I32_GT_U_K] = {WX_I_BR_I32_GT_U_K, WX_I_BR_I32_LE_U_K},
    [WX_I_I32_LE_S_K] = {WX_I_BR_I32_LE_S_K, WX_I_BR_I32_GT_S_K},
    [WX_I_I32_LE_U_K] = {WX_I_BR_I32_LE_U_K, WX_I_BR_I32_GT_U_K},
    [WX_I_I32_GE_S_K] = {WX_I_BR_I32_GE_S_K, WX_I_BR_I32_LT_S_K},
    [WX_I_I32_GE_U_K] = {WX_I_BR_I32_GE_U_K, WX_I_BR_I32_LT_U_K},
    [WX_I_I64_EQ] = {WX_I_BR_I64_EQ, WX_I_BR_I64_NE},
    [WX_I_I64_NE] = {WX_I_BR_I64_NE, WX_I_BR_I64_EQ},
    [WX_I_I64_LT_S] = {WX_I_BR_I64_LT_S, WX_I_BR_I64_GE_S},
    [WX_I_I64_LT_U] = {WX_I_BR_I64_LT_U, WX_I_BR_I64_GE_U},
    [WX_I_I64_GT_S] = {WX_I_BR_I64_GT_S, WX_I_BR_I64_LE_S},
    [WX_I_I64_GT_U] = {WX_I_BR_I64_GT_U, WX_I_BR_I64_LE_U},
    [WX_I_I64_LE_S] = {WX_I_BR_I64_LE_S, WX_I_BR_I64_GT_S},
    [WX_I_I64_LE_U] = {WX_I_BR_I64_LE_U, WX_I_BR_I64_GT_U},
    [WX_I_I64_GE_S] = {WX_I_BR_I64_GE_S, WX_I_BR_I64_LT_S},
    [WX_I_I64_GE_U] = {WX_I_BR_I64_GE_U, WX_I_BR_I64_LT_U},
    [WX_I_F64_EQ] = {WX_I_BR_F64_EQ, WX_I_BR_F64_NE},
    [WX_I_F64_NE] = {WX_I_BR_F64_NE, WX_I_BR_F64_EQ},
    [WX_I_F64_LT] = {WX_I_BR_F64_LT, WX_I_BR_F64_NLT},
    [WX_I_F64_GT] = {WX_I_BR_F64_GT, WX_I_BR_F64_NGT},
    [WX_I_F64_LE] = {WX_I_BR_F64_LE, WX_I_BR_F64_NLE},
    [WX_I_F64_GE] = {WX_I_BR_F64_GE, WX_I_BR_F64_NGE},
    /* The one-operand forms: [a|off]. */
    [WX_I_I32_EQZ] = {WX_I_BR_UNLESS, WX_I_BR_IF},
    [WX_I_I64_EQZ] = {WX_I_BR_I64_EQZ, WX_I_BR_I64_NEZ},
};
