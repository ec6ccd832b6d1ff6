/*
 * icode_verify.h - the checker of translated code against icode.def's
 * layouts (see icode_verify.c).
 */
#ifndef WX_ICODE_VERIFY_H
#define WX_ICODE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "icode.h"
#include "module.h"

/* Checks `ncells` cells of code that still hold opcode numbers (before
 * handler addresses replace them) for a frame of `frame_slots` slots in
 * `module`. On failure, writes what and where into msg (msglen bytes) and
 * returns false. */
bool wx_icode_verify(const wx_cell *cells, size_t ncells,
                     uint32_t frame_slots, const wx_module *module,
                     char *msg, size_t msglen);

/* The number of cells op's layout describes (for BR_TABLE, with no
 * entries), to hold icode.def's layouts to its lengths. */
size_t wx_icode_layout_cells(wx_icode op);

/* The operand layout of `op` as icode.def writes it ("pair" for the rows
 * of pairs.def). */
const char *wx_icode_layout(wx_icode op);

#endif /* WX_ICODE_VERIFY_H */
