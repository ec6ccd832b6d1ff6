/*
 * code.h - what a unit test may ask of a function's translated code: the
 * white-box half of the tests of superinstructions, which check that the
 * translator chose the form they exercise.
 */
#ifndef WX_UNIT_CODE_H
#define WX_UNIT_CODE_H

#include <stdbool.h>

#include "compile.h"
#include "icode.h"
#include "interp.h"
#include "module.h"
#include "wexec.h"

/* Whether defined function `funcidx` of module m translates to code
 * holding instruction `op`, anywhere or (first) as its first. The code
 * stays in the module's translation cache. */
static inline bool unit_code_has(const wexec_module *m, uint32_t funcidx,
                                 wx_icode op, bool first)
{
	const void *const *h = wx_interp_handlers();
	wexec_error err = WEXEC_ERROR_INIT;
	wx_code *code = NULL;
	if (wx_compile_func((const wx_module *)m, funcidx, &code, &err) !=
	    WEXEC_OK)
		return false;
	for (size_t at = 0; at < code->ncells;) {
		/* Threaded code holds handlers, switch dispatch numbers. */
		int i = h ? 0 : (int)code->cells[at].op;
		while (h && i < WX_I_COUNT && h[i] != code->cells[at].h)
			i++;
		if (i >= WX_I_COUNT)
			return false;
		if (i == (int)op)
			return true;
		if (first)
			return false;
		at += i == WX_I_BR_TABLE ? 3 + code->cells[at + 1].s.b
		                         : wx_icode_cells[i];
	}
	return false;
}

#endif /* WX_UNIT_CODE_H */
