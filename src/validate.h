/*
 * validate.h - state shared by the module-level validator (validate.c,
 * spec: valid/modules.rst) and the code validator (validate_code.c, spec:
 * valid/instructions.rst and appendix/algorithm.rst).
 */
#ifndef WX_VALIDATE_H
#define WX_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "module.h"
#include "opcodes.h"
#include "reader.h"

/* The operand stack holds value types, plus this marker for a value whose
 * type is not known because the code after it is unreachable (the
 * algorithm's `Unknown`). No valtype encoding is zero. */
enum { WX_UNKNOWN = 0 };

/* A structured control instruction being validated (the algorithm's
 * ctrl_frame). Types are borrowed from the module or from a static table. */
typedef struct wx_ctrl {
	const wx_valtype *start; /* block parameters */
	const wx_valtype *end;   /* block results */
	uint32_t nstart;
	uint32_t nend;
	uint32_t height; /* operand stack height at entry */
	uint16_t opcode; /* WX_OP_BLOCK/LOOP/IF/ELSE; BLOCK for a body */
	bool unreachable;
} wx_ctrl;

/* How the fast path (validate_fast.c) takes a single-byte opcode: the
 * class its loop switches on, derived from opcodes.def at set-up. */
enum {
	WX_FAST_NO = 0, /* left to the full validator */
	/* A fixed signature without immediates, by number of operands: */
	WX_FAST_SIG0,
	WX_FAST_SIG1,
	WX_FAST_SIG2,
	WX_FAST_SIG3,
	/* A fixed signature after a memarg: loads, stores. */
	WX_FAST_MEM1,
	WX_FAST_MEM2,
	/* Typed by hand: */
	WX_FAST_UNREACHABLE,
	WX_FAST_BLOCK,
	WX_FAST_ELSE,
	WX_FAST_END,
	WX_FAST_BR,
	WX_FAST_BR_IF,
	WX_FAST_RETURN,
	WX_FAST_CALL,
	WX_FAST_DROP,
	WX_FAST_SELECT,
	WX_FAST_LOCAL_GET,
	WX_FAST_LOCAL_SET,
	WX_FAST_LOCAL_TEE,
	WX_FAST_GLOBAL_GET,
	WX_FAST_GLOBAL_SET,
	WX_FAST_I32_CONST,
	WX_FAST_I64_CONST,
	WX_FAST_F32_CONST,
	WX_FAST_F64_CONST,
};

typedef struct wx_fastop {
	uint8_t kind;         /* WX_FAST_* */
	uint8_t op;           /* its wx_opcode */
	wx_valtype params[3]; /* in push order */
	wx_valtype result;    /* 0: none */
	uint8_t align;        /* memarg: the largest alignment */
} wx_fastop;

/* One validation run over one module. Stacks are reused between function
 * bodies, so there is no allocation per instruction. */
typedef struct wx_validator {
	wx_module *module;
	wexec_error *err;
	bool mem64;           /* some memory of the module is 64-bit */
	/* When false only the malformed errors are looked for: the walk that
	 * follows an invalid error, since decoding precedes validation. */
	bool typing;
	/* Leaves the fast path (validate_fast.c) out, so tests can check
	 * that it agrees with the full validator. */
	bool no_fast;
	uint32_t funcidx; /* function being validated */
	/* Its local index space: the parameters, then the declared locals. */
	const wx_valtype *params;
	uint32_t nparams;
	const wx_valtype *locals;
	uint32_t nlocals;
	/* Both together, indexed by localidx; reused between bodies. */
	wx_valtype *ltypes;
	uint32_t capltypes;

	wx_valtype *vals;
	uint32_t nvals;
	uint32_t capvals;
	wx_ctrl *ctrls;
	uint32_t nctrls;
	uint32_t capctrls;

	/* br_table: the label type sequences already checked against the
	 * operands by the br_table numbered seen_seq, an open-addressing set
	 * of seen_cap (a power of two) pointers, so that many entries naming
	 * labels of one type cost one check. */
	const wx_valtype **seen;
	uint32_t *seen_at;
	uint32_t seen_cap, seen_seq;

	/* What is being validated, for messages: "function" 12, "global" 3.
	 * Formatted only when an error is reported. */
	const char *where_kind;
	uint32_t where_index;
	const struct wx_optables *tab;
	const wx_fastop *fast; /* tab->fast[module has a memory] */
} wx_validator;

/* The instruction table in the forms the validator reads: built once per
 * process, so that validating a small module costs little more than the
 * module. */
typedef struct wx_optables {
	const wx_opsig *sigs;     /* opcodes.c's, by opcode */
	uint8_t imm[WX_OP_COUNT]; /* wx_imm of each opcode, packed */
	/* By single-byte encoding, for a module without a memory and with
	 * one: loads and stores are left to the full validator without. */
	wx_fastop fast[2][256];
} wx_optables;

/* validate.c: checks every rule of valid/ (WEXEC_ERR_INVALID), and reports
 * malformed function bodies (WEXEC_ERR_MALFORMED) found while walking them. */
wexec_status wx_validate_module(wx_module *module, wexec_error *err);

/* validate_code.c */
void wx_validator_init(wx_validator *v, wx_module *module, wexec_error *err);
void wx_validator_clear(wx_validator *v);
/* Validates the body of defined function `funcidx` (or, when !v->typing,
 * only decodes it looking for malformed instructions). */
wexec_status wx_validate_func(wx_validator *v, uint32_t funcidx);
/* Validates a constant expression producing one value of type `type`;
 * global.get may only name globals below `nglobals`. `kind` and `index`
 * name the enclosing definition in messages ("global", 3). */
wexec_status wx_validate_constexpr(wx_validator *v, wx_constexpr expr,
                                   wx_valtype type, uint32_t nglobals,
                                   const char *kind, uint32_t index);

/* validate_fast.c: fills tab->fast from tab->sigs. */
void wx_validate_fast_init(wx_optables *tab);
/* Validates the common instructions of the body being validated from
 * r->pos on, as wx_validate_func would, and stops in front of the first
 * instruction that is rarer, invalid or malformed, or after the body's
 * final `end`. Reports nothing: the full validator takes over. Needs
 * v->nctrls > 0 and room for one value on the operand stack. */
void wx_validate_fast(wx_validator *v, wx_reader *r);

/* Sets the bit of every function that `expr` names with ref.func (the
 * spec's C.refs); ignores errors, which validation reports. */
void wx_constexpr_refs(wx_validator *v, wx_constexpr expr, uint8_t *bits);

#endif /* WX_VALIDATE_H */
