/*
 * opcodes.c - lookup of instruction encodings and signatures
 * (spec: binary/instructions.rst).
 */
#include "opcodes.h"

#include <pthread.h>
#include <string.h>

const wx_opinfo wx_opinfo_table[WX_OP_COUNT] = {
#define WX_OP(ident, prefix, code, name, imm, sig, align) \
	{prefix, code, name, WX_IMM_##imm, sig, align},
#include "opcodes.def"
};

_Static_assert(WX_OP_COUNT < UINT16_MAX, "the map holds opcode + 1");

#define MAP_INDEX(prefix, code)                                                \
	((prefix) == 0 ? (code) : (prefix) == 0xFC ? WX_OPMAP_FC + (code)      \
	                                           : WX_OPMAP_FD + (code))

const uint16_t wx_opcode_map[WX_OPMAP_SIZE] = {
#define WX_OP(ident, prefix, code, name, imm, sig, align) \
	[MAP_INDEX(prefix, code)] = WX_OP_##ident + 1,
#include "opcodes.def"
};

static wx_valtype sig_type(char c)
{
	switch (c) {
	case 'i':
		return WX_I32;
	case 'l':
		return WX_I64;
	case 'f':
		return WX_F32;
	case 'd':
		return WX_F64;
	default:
		return WX_V128;
	}
}

static wx_opsig sigs[WX_OP_COUNT];
static pthread_once_t sigs_once = PTHREAD_ONCE_INIT;

static void parse_sigs(void)
{
	for (int op = 0; op < WX_OP_COUNT; op++) {
		const char *s = wx_opinfo_table[op].sig;
		wx_opsig *sig = &sigs[op];
		memset(sig, 0, sizeof *sig);
		if (strcmp(s, "*") == 0)
			continue;
		sig->fixed = true;
		for (; *s && *s != ':'; s++)
			if (sig->nparams < 3)
				sig->params[sig->nparams++] = sig_type(*s);
		if (*s == ':')
			s++;
		for (; *s; s++)
			if (sig->nresults < 1)
				sig->results[sig->nresults++] = sig_type(*s);
	}
}

const wx_opsig *wx_opsig_table(void)
{
	pthread_once(&sigs_once, parse_sigs);
	return sigs;
}

/* Encodings of the proposals that followed 2.0, by prefix and code. */
static const struct {
	uint8_t prefix;
	uint32_t lo, hi;
	const char *what;
} proposals[] = {
    {0, 0x06, 0x06, "try: exception handling is not supported"},
    {0, 0x07, 0x07, "catch: exception handling is not supported"},
    {0, 0x08, 0x08, "throw: exception handling is not supported"},
    {0, 0x09, 0x09, "rethrow: exception handling is not supported"},
    {0, 0x0A, 0x0A, "throw_ref: exception handling is not supported"},
    {0, 0x14, 0x14, "call_ref: typed function references are not supported"},
    {0, 0x15, 0x15, "return_call_ref: typed function references are not supported"},
    {0, 0x18, 0x18, "delegate: exception handling is not supported"},
    {0, 0x19, 0x19, "catch_all: exception handling is not supported"},
    {0, 0x1F, 0x1F, "try_table: exception handling is not supported"},
    {0, 0xD3, 0xD3, "ref.eq: garbage collection is not supported"},
    {0, 0xD4, 0xD4, "ref.as_non_null: typed function references are not supported"},
    {0, 0xD5, 0xD5, "br_on_null: typed function references are not supported"},
    {0, 0xD6, 0xD6, "br_on_non_null: typed function references are not supported"},
    {0, 0xFB, 0xFB, "garbage collection is not supported"},
    {0, 0xFE, 0xFE, "threads (atomics) are not supported"},
    {0xFD, 0x100, 0x113, "relaxed SIMD is not supported"},
};

const char *wx_opcode_proposal(uint8_t prefix, uint32_t code)
{
	for (size_t i = 0; i < sizeof proposals / sizeof proposals[0]; i++)
		if (proposals[i].prefix == prefix && code >= proposals[i].lo &&
		    code <= proposals[i].hi)
			return proposals[i].what;
	return NULL;
}
