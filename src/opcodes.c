/*
 * opcodes.c - lookup of instruction encodings (spec: binary/instructions.rst).
 */
#include "opcodes.h"

#include <pthread.h>

const wx_opinfo wx_opinfo_table[WX_OP_COUNT] = {
#define WX_OP(ident, prefix, code, name, imm, sig, align) \
	{prefix, code, name, WX_IMM_##imm, sig, align},
#include "opcodes.def"
};

/* Dense maps from encoding to opcode, built once on first use (any thread).
 * Single-byte opcodes index `plain`; 0xFC sub-opcodes are small and index
 * `misc`. */
static uint8_t plain[256];
static uint8_t misc[32];
static pthread_once_t ready = PTHREAD_ONCE_INIT;

static void build(void)
{
	for (int i = 0; i < 256; i++)
		plain[i] = (uint8_t)WX_OP_COUNT;
	for (int i = 0; i < 32; i++)
		misc[i] = (uint8_t)WX_OP_COUNT;
	for (int op = 0; op < WX_OP_COUNT; op++) {
		const wx_opinfo *info = &wx_opinfo_table[op];
		if (info->prefix == 0)
			plain[info->code] = (uint8_t)op;
		else if (info->prefix == 0xFC && info->code < 32)
			misc[info->code] = (uint8_t)op;
	}
}

wx_opcode wx_opcode_lookup(uint8_t prefix, uint32_t code)
{
	_Static_assert(WX_OP_COUNT < 256, "opcode maps hold bytes");
	pthread_once(&ready, build);
	if (prefix == 0)
		return code < 256 ? (wx_opcode)plain[code] : WX_OP_COUNT;
	if (prefix == 0xFC)
		return code < 32 ? (wx_opcode)misc[code] : WX_OP_COUNT;
	return WX_OP_COUNT;
}
