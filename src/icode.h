/*
 * icode.h - the execution form of a function body: a flat array of 8-byte
 * cells (the compiled counterpart of exec/instructions.rst). The rows of
 * icode.def give every instruction, its length and its operand layout.
 */
#ifndef WX_ICODE_H
#define WX_ICODE_H

#include <stdint.h>

typedef enum wx_icode {
#define WX_I(ident, cells, meaning) WX_I_##ident,
#define WX_NUM(ident, cells, meaning) WX_I_##ident,
#include "icode.def"
	WX_I_COUNT
} wx_icode;

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

/* Length in cells of each instruction (0 for BR_TABLE: 3 + n). */
extern const uint8_t wx_icode_cells[WX_I_COUNT];
extern const char *const wx_icode_names[WX_I_COUNT];

#endif /* WX_ICODE_H */
