/*
 * compile_impl.h - what the two halves of the translator share
 * (compile.c: control, calls, variables and the walk; compile_ops.c:
 * numeric, memory and table instructions). Not for other files.
 */
#ifndef WX_COMPILE_IMPL_H
#define WX_COMPILE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "icode.h"
#include "module.h"
#include "opcodes.h"
#include "reader.h"

enum { V_TEMP, V_LOCAL, V_CONST };

/* A virtual operand-stack entry. */
typedef struct ventry {
	uint8_t kind; /* V_* */
	wx_valtype type;
	uint32_t home;  /* this position's slot */
	uint32_t local; /* V_LOCAL: the local's slot */
	uint64_t k;     /* V_CONST: the bits (v128: the low half) */
	uint64_t k2;    /* V_CONST v128: the high half */
} ventry;

/* A forward branch waiting for its target: the displacement goes into
 * half `half` of cell `cell`, relative to the instruction at `base`. */
typedef struct patch {
	uint32_t cell;
	uint32_t base;
	uint32_t half;
	uint32_t next; /* 1-based index of the next patch, 0 ends */
} patch;

typedef struct ctrl {
	wx_opcode kind;  /* BLOCK, LOOP, IF; END for the function body */
	uint32_t height; /* stack entries below the block's parameters */
	uint32_t base;   /* home slot of the first parameter/result */
	uint32_t nparams, nresults;
	const wx_valtype *params, *results;
	wx_valtype single;   /* storage for a one-valtype blocktype */
	uint32_t loop_pc;    /* LOOP: the label's cell */
	uint32_t patches;    /* forward branches to the end */
	uint32_t else_patch; /* IF: the branch to else/end, 1-based */
	/* What br_table number pad_seq found for this label, once for all
	 * its entries: a direct jump, or a pad at pad_cell (0: not yet
	 * emitted) that moves the values. */
	uint32_t pad_seq, pad_cell;
	bool direct;
	uint32_t nset;     /* init_log entries when the block began */
	uint32_t br_clock; /* set_clock at the first branch here, or
	                      UINT32_MAX */
} ctrl;

#define POOL_MAX 16

typedef struct compiler {
	const wx_module *m;
	const wx_functype *type;
	const wx_opsig *sigs; /* wx_opsig_table(), looked up once */
	wx_reader r;

	wx_cell *code;
	uint32_t ncode, capcode;
	uint32_t *starts; /* first cell of each instruction */
	uint32_t nstarts, capstarts;

	ventry *stack;
	uint32_t nstack, capstack;
	ctrl *ctrls;
	uint32_t nctrls, capctrls;
	patch *patches;
	uint32_t npatches, cappatches;

	uint32_t *local_slot; /* frame slot of each local, params first */
	wx_valtype *local_type;
	uint32_t nlocals;   /* params included */
	uint32_t home_base; /* first slot of the operand stack */
	uint32_t max_slots;
	uint32_t locals_end; /* first slot after the locals */
	/* A hidden local, zeroed on entry like the others and never written:
	 * the address slot of loads and stores at constant addresses, whose
	 * address then goes into the offset; UINT32_MAX when the body has
	 * none. */
	uint32_t zero_slot;
	/* Which declared locals every path has set so far. init_log lists
	 * the locals set, each with the set_clock of its local.set, so that
	 * the end of a block can forget those some path to the end skips
	 * (compile_control.c, wx_compile_end). A local read while unset must
	 * start at zero: such locals lie in slots [zero_lo, zero_end), which
	 * the code's first instruction (ZERO_LOCALS) zeroes. */
	uint8_t *is_set;
	struct set_entry {
		uint32_t local, clock;
	} *init_log;
	uint32_t ninit_log;
	uint32_t set_clock;
	uint32_t zero_lo, zero_end;

	/* Float and vector constants used inside loops (which have no
	 * constant-operand forms) get slots of their own, after the locals,
	 * written once per call by a prologue: loop bodies then read them in
	 * place. */
	uint64_t pool_k[POOL_MAX];
	uint64_t pool_k2[POOL_MAX]; /* v128: the high half */
	wx_valtype pool_type[POOL_MAX];
	uint32_t pool_slot[POOL_MAX]; /* relative to locals_end */
	uint32_t npool;
	uint32_t pool_slots;

	uint32_t br_tables;  /* br_table instructions so far */
	/* Entries still reading a local (V_LOCAL), by local slot: how many,
	 * and at or above which stack index; nrefs and any_floor for all. */
	uint32_t *refs, *ref_floor;
	uint32_t nrefs, any_floor;
	/* Stack entries [temp_lo, temp_hi) are known to be in their homes
	 * (prepare_moves); empty when temp_lo >= temp_hi. */
	uint32_t temp_lo, temp_hi;
	bool unreachable;    /* skipping dead code after br/return/... */
	uint32_t skip_depth; /* blocks opened inside the dead code */
	uint32_t label_pos;  /* the latest cell a branch lands on */
	uint32_t label_prev; /* the one before, below label_pos */
	/* Locals known to hold a v128 constant, by slot: valid while
	 * known_gen[slot] == gen. Every label starts a new generation, since
	 * another path may reach it with other values. */
	uint32_t *known_gen;
	uint64_t (*known)[2];
	uint32_t gen;
	/* The latest i8x16.shuffle: its first cell and lanes, for the
	 * extensions clang spells as shuffle + shl + shr (compile_ops.c). */
	uint32_t shuffle_pos;
	uint8_t shuffle_lanes[16];
	bool last_ok;        /* the last instruction may be rewritten */
	bool want_zero;      /* the body reads or writes constant addresses */
	uint32_t last_pos;
	bool oom;
} compiler;

/* compile.c */
/* compile_ops.c */
/* The slot whose value the interpreter's f64 register holds when the
 * instruction after starts[i - 1] runs: that instruction's destination,
 * when it sets the register (wx_icode_sets_facc) and nothing follows it
 * before starts[i] (or the end of the code), with no label after it;
 * else UINT32_MAX. */
uint32_t wx_compile_facc_slot(const compiler *c, uint32_t i);

/* compile.c: the offset after the instruction at p of a validated body
 * ending at end, when scan_pool's table steps over it, else 0 (the
 * reader's turn); for the tests, which hold it to the reader. */
size_t wx_compile_skim(const uint8_t *b, size_t p, size_t end);

/* compile_pairs.c */
/* Builds the index of pairs.def's rows once, before a translation. */
void wx_compile_pairs_init(void);
/* Whether each instruction begins a row (built by wx_compile_pairs_init). */
extern uint8_t wx_compile_pair_heads[WX_I_COUNT];
/* wx_compile_pair_last once the first of the last two begins a row. */
void wx_compile_pair_join(compiler *c, wx_icode next);
/* Joins the last two instructions into a pair's when they make one and
 * `next`, about to be emitted, cannot still fuse with the second. Most
 * first instructions begin no row, which one load tells. */
static inline void wx_compile_pair_last(compiler *c, wx_icode next)
{
	if (c->oom || c->nstarts < 2)
		return;
	uint64_t first = c->code[c->starts[c->nstarts - 2]].op;
	if (first < WX_I_COUNT && wx_compile_pair_heads[first])
		wx_compile_pair_join(c, next);
}

/* Locals set since the block began, or since set_clock `clock`, count as
 * unset again. */
void wx_compile_forget_sets(compiler *c, const ctrl *t, uint32_t clock);
/* A branch to label t: the sets after it do not reach t's end. */
static inline void wx_compile_note_branch(compiler *c, ctrl *t)
{
	if (t->br_clock == UINT32_MAX)
		t->br_clock = c->set_clock;
}
/* wx_compile_grow when *cap is short of need. */
bool wx_compile_grow_to(void **p, uint32_t *cap, uint32_t need, size_t elem);
/* Grows *p (of *cap elements of elem bytes) to hold need; false when out
 * of memory. Room already there is one compare, inline. */
static inline bool wx_compile_grow(void **p, uint32_t *cap, uint32_t need,
                                   size_t elem)
{
	return need <= *cap || wx_compile_grow_to(p, cap, need, elem);
}
/* Sets half `half` (0: .s.a, 1: .s.b) of cell `cell`. */
void wx_compile_set_half(compiler *c, uint32_t cell, uint32_t half, uint32_t v);
/* Records a forward branch to t: its displacement goes into half `half`
 * of `cell`, relative to the instruction at `base`. */
void wx_compile_add_patch(compiler *c, ctrl *t, uint32_t cell, uint32_t half,
                          uint32_t base);
/* A branch lands on the next instruction: nothing before it may be fused
 * into what follows. */
void wx_compile_mark_label(compiler *c);
/* A branch target is being placed here: resolves `head`'s patch list and
 * marks the label. */
void wx_compile_resolve(compiler *c, uint32_t head);
/* The home slot of the next stack entry. */
uint32_t wx_compile_next_home(const compiler *c);
/* Drops the virtual stack entries above n. */
void wx_compile_pop_to(compiler *c, uint32_t n);
/* Writes entry e's value into `slot` (no change to the entry). */
void wx_compile_store_to(compiler *c, const ventry *e, uint32_t slot);
/* Moves stack entry i into its home. */
void wx_compile_materialize(compiler *c, uint32_t i);
/* Appends an instruction of n cells; returns its first cell. */
uint32_t wx_compile_emit(compiler *c, wx_icode op, uint32_t n);
void wx_compile_emit_copy(compiler *c, uint32_t d, uint32_t a);
/* The same for an instruction whose destination is cell 1's first half,
 * which later fusions (local.set, br_if, loads) may rewrite or drop. */
uint32_t wx_compile_emit_value(compiler *c, wx_icode op, uint32_t n,
                               uint32_t d);
/* Pushes a value computed into its home; returns the home slot. */
uint32_t wx_compile_push_temp(compiler *c, wx_valtype type);
/* Pushes a copy of entry e (a value popped and passed on unchanged). */
void wx_compile_push_entry(compiler *c, const ventry *e);
ventry wx_compile_pop(compiler *c);
/* True when entry e is a v128 constant, or a local known to hold one,
 * whose value then goes to out. */
bool wx_compile_known_v128(const compiler *c, const ventry *e, uint64_t *out);
/* The slot an operand can be read from (a constant may be written first). */
uint32_t wx_compile_operand(compiler *c, const ventry *e);

/* compile_ops.c */
/* Pops n operands (the last pushed last in out) and returns their slots. */
void wx_compile_pop_operands(compiler *c, uint32_t n, uint32_t *out);
/* A numeric or vector instruction, load or store (internal instruction
 * ni); v128.const is a constant, not one of these. */
void wx_compile_numeric(compiler *c, const wx_instr *in, wx_icode ni);
/* memory.*, data.drop, table.*, elem.drop, with immediates x and y. */
void wx_compile_bulk(compiler *c, wx_opcode op, uint32_t x, uint32_t y);

/* compile_control.c */
/* The number of values a branch to t carries. */
uint32_t wx_compile_label_arity(const ctrl *t);
/* The control frame a branch of depth `depth` targets. */
ctrl *wx_compile_label(compiler *c, uint32_t depth);
/* Before a branch that carries the top n values, and before any code
 * that only some paths run: a wide set of values goes to its homes. */
void wx_compile_prepare_moves(compiler *c, uint32_t n);
/* return, br to t, br_if, br_table (n labels at byte offset list). */
void wx_compile_return(compiler *c);
void wx_compile_br(compiler *c, ctrl *t);
void wx_compile_br_if(compiler *c, uint32_t depth);
void wx_compile_br_table(compiler *c, uint32_t n, size_t list);
/* block, loop and if (kind), else and end. */
void wx_compile_block(compiler *c, wx_opcode kind, const wx_instr *in);
void wx_compile_else(compiler *c);
void wx_compile_end(compiler *c);

/* compile_memory.c: memories other than a 32-bit memory 0. */
/* Whether load or store `in` (a memarg) goes to such a memory; it is then
 * translated by wx_compile_memory_access, which needs the zero slot. */
bool wx_compile_far_access(const compiler *c, const wx_instr *in);
void wx_compile_memory_access(compiler *c, const wx_instr *in, wx_icode ni);
/* The same for memory.size/grow/fill/copy/init with immediates x, y. */
bool wx_compile_far_bulk(const compiler *c, wx_opcode op, uint32_t x,
                         uint32_t y);
void wx_compile_memory_bulk(compiler *c, wx_opcode op, uint32_t x,
                            uint32_t y);

#endif /* WX_COMPILE_IMPL_H */
