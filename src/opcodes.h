/*
 * opcodes.h - the instruction table of opcodes.def as C data
 * (spec: binary/instructions.rst). Decoder, validator and compiler all look
 * instructions up here, so an opcode's encoding and signature live in one row.
 */
#ifndef WX_OPCODES_H
#define WX_OPCODES_H

#include <stdint.h>

typedef enum wx_opcode {
#define WX_OP(ident, prefix, code, name, imm, sig, align) WX_OP_##ident,
#include "opcodes.def"
	WX_OP_COUNT
} wx_opcode;

typedef enum wx_imm {
	WX_IMM_NONE,
	WX_IMM_BLOCKTYPE,
	WX_IMM_LABEL,
	WX_IMM_BR_TABLE,
	WX_IMM_FUNC,
	WX_IMM_CALL_INDIRECT,
	WX_IMM_LOCAL,
	WX_IMM_GLOBAL,
	WX_IMM_TABLE,
	WX_IMM_MEMARG,
	WX_IMM_MEMIDX,
	WX_IMM_I32,
	WX_IMM_I64,
	WX_IMM_F32,
	WX_IMM_F64,
	WX_IMM_SELECT_T,
	WX_IMM_REFTYPE,
	WX_IMM_DATA_MEMIDX,
	WX_IMM_MEMIDX_MEMIDX,
	WX_IMM_DATA,
	WX_IMM_ELEM,
	WX_IMM_ELEM_TABLE,
	WX_IMM_TABLE_TABLE,
} wx_imm;

typedef struct wx_opinfo {
	uint8_t prefix;       /* 0 or 0xFC */
	uint32_t code;
	const char *name;     /* text format name */
	wx_imm imm;
	const char *sig;      /* "PARAMS:RESULTS" or "*" */
	uint8_t align;        /* log2 of the natural alignment (memory ops) */
} wx_opinfo;

extern const wx_opinfo wx_opinfo_table[WX_OP_COUNT];

/* Maps an encoding to its opcode; returns WX_OP_COUNT for an unknown one. */
wx_opcode wx_opcode_lookup(uint8_t prefix, uint32_t code);

#endif /* WX_OPCODES_H */
