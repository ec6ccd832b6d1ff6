/*
 * compile.h - translation of a validated function body (valid/instructions.rst
 * gives the typing the translation relies on) into the internal code of
 * icode.def: register-style three-address code over frame slots. Docs:
 * docs/interp.md.
 */
#ifndef WX_COMPILE_H
#define WX_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "icode.h"
#include "module.h"

/* A translated function body. It holds no instance pointers, so every
 * instance of the module shares it (cached in module->code). */
typedef struct wx_code {
	wx_cell *cells;
	size_t ncells;
	uint32_t nparam_slots; /* frame slots 0.. hold the parameters */
	uint32_t nzero_slots;  /* how many the first instruction zeroes */
	uint32_t nlocal_slots; /* the locals' slots, those zeroed included */
	uint32_t frame_slots;  /* the most slots the frame ever uses */
} wx_code;

/* What a function's code is until its first call translates it: a frame
 * of UINT32_MAX slots fails every call's room check and sends the call
 * down the general path, which translates. */
extern const wx_code wx_code_untranslated;

/* Translates defined function `funcidx` of `module` unless already done and
 * returns the cached code. The body must have been validated. Errors:
 * WEXEC_ERR_NOMEM only. */
wexec_status wx_compile_func(const wx_module *module, uint32_t funcidx,
                             wx_code **out, wexec_error *err);

/* Frees one translated body (module.c, freeing a module's cache). */
void wx_compile_code_free(wx_code *code);

#endif /* WX_COMPILE_H */
