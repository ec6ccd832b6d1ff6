/*
 * opcodes.h - the instruction table of opcodes.def as C data
 * (spec: binary/instructions.rst). Decoder, validator and compiler all look
 * instructions up here, so an opcode's encoding and signature live in one row.
 */
#ifndef WX_OPCODES_H
#define WX_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

#include "module.h"

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
	WX_IMM_V128,
	WX_IMM_SHUFFLE,
	WX_IMM_LANE,
	WX_IMM_MEMARG_LANE,
} wx_imm;

typedef struct wx_opinfo {
	uint8_t prefix;       /* 0, 0xFC or 0xFD */
	uint32_t code;
	const char *name;     /* text format name */
	wx_imm imm;
	const char *sig;      /* "PARAMS:RESULTS" or "*" */
	uint8_t align;        /* log2 of the natural alignment (memory ops),
	                         of the lane size (lane ops) */
} wx_opinfo;

extern const wx_opinfo wx_opinfo_table[WX_OP_COUNT];

/* Whether instructions with immediates of this kind name a memory. */
static inline bool wx_imm_names_memory(unsigned imm)
{
	return imm == WX_IMM_MEMARG || imm == WX_IMM_MEMARG_LANE ||
	       imm == WX_IMM_MEMIDX || imm == WX_IMM_DATA_MEMIDX ||
	       imm == WX_IMM_MEMIDX_MEMIDX;
}

/* The SIG column parsed: operand types in push order. Rows typed by hand
 * ("*") have fixed == false. */
typedef struct wx_opsig {
	bool fixed;
	uint8_t nparams;
	uint8_t nresults;
	wx_valtype params[3];
	wx_valtype results[1];
} wx_opsig;

/* Parsed once per process, on first use (any thread). */
const wx_opsig *wx_opsig_table(void);

/* Encoding -> opcode + 1 (0: no such instruction), filled at compile time
 * from opcodes.def: single-byte opcodes first, then the 0xFC sub-opcodes,
 * then the 0xFD ones. */
#define WX_OPMAP_FC    256u
#define WX_OPMAP_FD    (256u + 32u)
#define WX_OPMAP_SIZE  (256u + 32u + 256u)
extern const uint16_t wx_opcode_map[WX_OPMAP_SIZE];

/* Maps an encoding to its opcode; returns WX_OP_COUNT for an unknown one. */
static inline wx_opcode wx_opcode_lookup(uint8_t prefix, uint32_t code)
{
	uint32_t i;
	if (prefix == 0 && code < 256)
		i = code;
	else if (prefix == 0xFC && code < 32)
		i = WX_OPMAP_FC + code;
	else if (prefix == 0xFD && code < 256)
		i = WX_OPMAP_FD + code;
	else
		return WX_OP_COUNT;
	return wx_opcode_map[i] ? (wx_opcode)(wx_opcode_map[i] - 1)
	                        : WX_OP_COUNT;
}

/* For an encoding wexec does not implement that belongs to a later
 * proposal (tail calls, exceptions, threads, ...): "NAME: FEATURE is not
 * supported", so messages tell an unsupported feature from a corrupt file;
 * NULL otherwise. */
const char *wx_opcode_proposal(uint8_t prefix, uint32_t code);

#endif /* WX_OPCODES_H */
