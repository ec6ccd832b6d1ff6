/*
 * interp_pairs.h - the works of the instructions that pairs.def joins, for
 * interp.c only: each DO_<IDENT>(c) does instruction IDENT at cell c, its
 * first cell, without stepping; a branch that is taken jumps from c and
 * leaves the handler. One body serves the instruction alone (SOLO) and in
 * a pair (PAIR). They use the dispatch loop's registers (ip, fp, mem,
 * memsize, memend) and labels (oob, poll).
 *
 * A pair's handler is two works in a row, and a three-instruction row's
 * first half a pair's two: one macro level more than the style's families,
 * on purpose. Written out by hand, each body would be pasted once per row
 * of pairs.def it appears in, and kept in step by hand; here every body
 * is written once, and test_pair_halves holds each row to its halves.
 */
#ifndef WX_INTERP_PAIRS_H
#define WX_INTERP_PAIRS_H

/* Jumps by o cells from the instruction at c (o computed first: c may be
 * written in terms of ip). */
#define JUMP_AT(c, o)                                                          \
	do {                                                                   \
		int32_t o_ = (int32_t)(o);                                     \
		ip = (c);                                                      \
		JUMP(o_);                                                      \
	} while (0)

/* One instruction; two in a row, the pair's handler never reading the
 * second's first cell (that is the second alone, for branches). A trap
 * in the second leaves the first's effect, a taken branch in the first
 * skips the second: as running them one after the other would. */
#define SOLO(name)                                                             \
	do {                                                                   \
		DO_##name(ip);                                                 \
		STEP(name);                                                    \
	} while (0)
#define PAIR(name, first, second)                                              \
	do {                                                                   \
		DO_##first(ip);                                                \
		DO_##second(ip + WX_LEN_##first);                              \
		STEP(name);                                                    \
	} while (0)
#define DO_PAIR_OF(c, first, second)                                           \
	do {                                                                   \
		DO_##first(c);                                                 \
		DO_##second((c) + WX_LEN_##first);                             \
	} while (0)

/* ---- moves and integer arithmetic */
#define DO_COPY(c) (fp[(c)[1].s.a] = fp[(c)[1].s.b])
#define DO_COPY2(c)                                                            \
	do {                                                                   \
		fp[(c)[1].s.a] = fp[(c)[1].s.b];                               \
		fp[(c)[2].s.a] = fp[(c)[2].s.b];                               \
	} while (0)
#define DO_SELECT(c)                                                           \
	(fp[(c)[1].s.a] = fp[(c)[1].s.b].u32 ? fp[(c)[2].s.a] : fp[(c)[2].s.b])
#define DO_SELECT_KA(c)                                                        \
	(fp[(c)[1].s.a].u64 =                                                  \
	     fp[(c)[1].s.b].u32 ? (c)[2].s.a : fp[(c)[2].s.b].u64)
#define DO_CONST32(c) (fp[(c)[1].s.a].u64 = (c)[1].s.b)
#define DO_ADD_K_GLOBAL_SET(c)                                                 \
	do {                                                                   \
		wx_slot v_;                                                    \
		v_.u64 = wx_num_i32_add(fp[(c)[1].s.b].u32, (c)[2].s.a);       \
		fp[(c)[1].s.a] = v_;                                           \
		inst->globals[(c)[2].s.b]->val[0] = v_;                        \
	} while (0)
#define I32_RR(c, fn)                                                          \
	(fp[(c)[1].s.a].u32 = fn(fp[(c)[1].s.b].u32, fp[(c)[2].s.a].u32))
#define I32_RK(c, fn) (fp[(c)[1].s.a].u32 = fn(fp[(c)[1].s.b].u32, (c)[2].s.a))
#define DO_I32_ADD(c)     I32_RR(c, wx_num_i32_add)
#define DO_I32_XOR(c)     I32_RR(c, wx_num_i32_xor)
#define DO_I32_GT_S(c)    I32_RR(c, wx_num_i32_gt_s)
#define DO_I32_ADD_K(c)   I32_RK(c, wx_num_i32_add)
#define DO_I32_AND_K(c)   I32_RK(c, wx_num_i32_and)
#define DO_I32_OR_K(c)    I32_RK(c, wx_num_i32_or)
#define DO_I32_SHL_K(c)   I32_RK(c, wx_num_i32_shl)
#define DO_I32_SHR_U_K(c) I32_RK(c, wx_num_i32_shr_u)
#define DO_I32_XOR_K(c)   I32_RK(c, wx_num_i32_xor)
/* the chains.def rows that pairs join: g(f(a, k), k2), g(f(a, b), k) */
#define DO_I32_SHRU_AND_K(c)                                                   \
	(fp[(c)[1].s.a].u32 = wx_num_i32_and(                                  \
	     wx_num_i32_shr_u(fp[(c)[1].s.b].u32, (c)[2].s.a), (c)[2].s.b))
#define DO_I32_XOR_AND_RK(c)                                                   \
	(fp[(c)[1].s.a].u32 = wx_num_i32_and(                                  \
	     wx_num_i32_xor(fp[(c)[1].s.b].u32, fp[(c)[2].s.a].u32), (c)[2].s.b))
#define DO_I32_RSUB_K(c)                                                       \
	(fp[(c)[1].s.a].u32 = wx_num_i32_sub((c)[2].s.a, fp[(c)[1].s.b].u32))
#define DO_I32_ADD3(c)                                                         \
	(fp[(c)[1].s.a].u32 = wx_num_i32_add(                                  \
	     wx_num_i32_add(fp[(c)[2].s.a].u32, fp[(c)[2].s.b].u32),           \
	     fp[(c)[1].s.b].u32))
#define DO_I32_SHL_ADD(c)                                                      \
	(fp[(c)[1].s.a].u32 = wx_num_i32_add(                                  \
	     wx_num_i32_shl(fp[(c)[1].s.b].u32, (c)[2].s.b), fp[(c)[2].s.a].u32))
#define DO_I32_SHL_ADD_K(c)                                                    \
	(fp[(c)[1].s.a].u32 = wx_num_i32_add(                                  \
	     wx_num_i32_shl(fp[(c)[1].s.b].u32, (c)[2].s.a), (c)[2].s.b))

/* ---- f64 arithmetic */
#define F64_RR(c, fn)                                                          \
	PUT_F64((c)[1].s.a, fn(fp[(c)[1].s.b].f64, fp[(c)[2].s.a].f64))
#define DO_F64_ADD(c) F64_RR(c, wx_num_f64_add)
#define DO_F64_SUB(c) F64_RR(c, wx_num_f64_sub)
#define DO_F64_MUL(c) F64_RR(c, wx_num_f64_mul)
#define DO_F64_MULM_ADD_TO(c)                                                  \
	DO_F64_MUL_ADD_TO(c, (uint64_t)fp[(c)[2].s.a].u32 + (c)[2].s.b)
#define DO_F64_MULMK_ADD_TO(c)                                                 \
	DO_F64_MUL_ADD_TO(c, (uint32_t)(fp[(c)[2].s.a].u32 + (c)[2].s.b))

/* ---- loads and stores: at a + off, at (a + k) mod 2^32 + off, at
 * (a + b) mod 2^32 + off */
#define EA(c, x)      ((uint64_t)fp[(c)[1].s.x].u32 + (c)[2].u64)
#define EA_K(c, x)                                                             \
	((uint64_t)(uint32_t)(fp[(c)[1].s.x].u32 + (c)[2].s.a) + (c)[2].s.b)
#define DO_I32_LOAD(c)     DO_LOAD(uint32_t, EA(c, b), fp[(c)[1].s.a].u32)
#define DO_I32_LOAD8_U(c)  DO_LOAD(uint8_t, EA(c, b), fp[(c)[1].s.a].u32)
#define DO_I32_LOAD16_S(c) DO_LOAD(int16_t, EA(c, b), fp[(c)[1].s.a].u32)
#define DO_I64_LOAD(c)     DO_LOAD(uint64_t, EA(c, b), fp[(c)[1].s.a].u64)
#define DO_I32_LOAD_AK(c)  DO_LOAD(uint32_t, EA_K(c, b), fp[(c)[1].s.a].u32)
#define DO_I32_LOAD16_S_AK(c)                                                  \
	DO_LOAD(int16_t, EA_K(c, b), fp[(c)[1].s.a].u32)
#define DO_I32_LOAD8_U_AX(c)                                                   \
	DO_LOAD(uint8_t,                                                       \
	        (uint64_t)(uint32_t)(fp[(c)[1].s.b].u32 + fp[(c)[2].s.a].u32) + \
	            (c)[2].s.b,                                                \
	        fp[(c)[1].s.a].u32)
#define DO_I32_STORE(c)    DO_STORE(uint32_t, EA(c, a), fp[(c)[1].s.b].u32)
#define DO_F64_STORE(c)    DO_STORE(uint64_t, EA(c, a), fp[(c)[1].s.b].u64)
#define DO_I64_STORE(c)    DO_STORE(uint64_t, EA(c, a), fp[(c)[1].s.b].u64)
#define DO_I32_STORE_AK(c) DO_STORE(uint32_t, EA_K(c, a), fp[(c)[1].s.b].u32)
#define DO_I32_STORE8_K_AX(c)                                                  \
	DO_STORE(uint8_t,                                                      \
	         (uint64_t)(uint32_t)(fp[(c)[1].s.a].u32 + fp[(c)[1].s.b].u32) + \
	             (c)[2].s.b,                                               \
	         (c)[2].s.a)
#define DO_I32_MUL_M16S(c)                                                     \
	DO_I32_M(c, wx_num_i32_mul, int16_t,                                   \
	         (uint64_t)fp[(c)[2].s.a].u32 + (c)[2].s.b)
#define DO_I32_MUL_MK16S(c)                                                    \
	DO_I32_M(c, wx_num_i32_mul, int16_t,                                   \
	         (uint32_t)(fp[(c)[2].s.a].u32 + (c)[2].s.b))
/* p->n += k: the sum goes back to memory and to d. */
#define DO_I32_ADD_TO_K(c)                                                     \
	do {                                                                   \
		uint64_t at_ = (uint64_t)fp[(c)[1].s.b].u32 + (c)[2].s.a;      \
		uint32_t n_;                                                   \
		DO_LOAD(uint32_t, at_, n_);                                    \
		n_ = wx_num_i32_add(n_, (c)[2].s.b);                           \
		memcpy(mem + at_, &n_, 4); /* in bounds: just loaded */        \
		fp[(c)[1].s.a].u32 = n_;                                       \
	} while (0)

/* ---- branches */
#define DO_BR(c) JUMP_AT(c, (c)[1].s.a)
#define DO_BR_IF(c)                                                            \
	do {                                                                   \
		if (fp[(c)[1].s.a].u32 != 0)                                   \
			JUMP_AT(c, (c)[1].s.b);                                \
	} while (0)
#define DO_BR_UNLESS(c)                                                        \
	do {                                                                   \
		if (fp[(c)[1].s.a].u32 == 0)                                   \
			JUMP_AT(c, (c)[1].s.b);                                \
	} while (0)
/* if fn(a, b) jump; if fn(a, k) jump (layouts "a|b, jump", "a|k, jump") */
#define BR_RR(c, fn)                                                           \
	do {                                                                   \
		if (fn(fp[(c)[1].s.a].u32, fp[(c)[1].s.b].u32))                \
			JUMP_AT(c, (c)[2].s.a);                                \
	} while (0)
#define BR_RK(c, fn)                                                           \
	do {                                                                   \
		if (fn(fp[(c)[1].s.a].u32, (c)[1].s.b))                        \
			JUMP_AT(c, (c)[2].s.a);                                \
	} while (0)
#define DO_BR_I32_EQ(c)    BR_RR(c, wx_num_i32_eq)
#define DO_BR_I32_NE(c)    BR_RR(c, wx_num_i32_ne)
#define DO_BR_I32_GE_U(c)  BR_RR(c, wx_num_i32_ge_u)
#define DO_BR_I32_EQ_K(c)   BR_RK(c, wx_num_i32_eq)
#define DO_BR_I32_NE_K(c)   BR_RK(c, wx_num_i32_ne)
#define DO_BR_I32_LT_S_K(c) BR_RK(c, wx_num_i32_lt_s)
#define DO_BR_I32_GT_S_K(c) BR_RK(c, wx_num_i32_gt_s)
#define DO_BR_I32_NAND_K(c)                                                    \
	do {                                                                   \
		if (!(fp[(c)[1].s.a].u32 & (c)[1].s.b))                        \
			JUMP_AT(c, (c)[2].s.a);                                \
	} while (0)
#define DO_BR_I32_LOAD8_U_NZ(c)                                                \
	do {                                                                   \
		uint8_t b_;                                                    \
		DO_LOAD(uint8_t, (uint64_t)fp[(c)[1].s.a].u32 + (c)[1].s.b, b_); \
		if (b_ != 0)                                                   \
			JUMP_AT(c, (c)[2].s.a);                                \
	} while (0)
/* d = the i32 at a + off; if d == 0 (!= 0) jump */
#define LOAD_BR(c, test)                                                       \
	do {                                                                   \
		uint32_t w_;                                                   \
		DO_LOAD(uint32_t, (uint64_t)fp[(c)[1].s.b].u32 + (c)[2].s.a, w_); \
		fp[(c)[1].s.a].u32 = w_;                                       \
		if (w_ test 0)                                                 \
			JUMP_AT(c, (c)[2].s.b);                                \
	} while (0)
#define DO_LOAD_BR_Z(c)  LOAD_BR(c, ==)
#define DO_LOAD_BR_NZ(c) LOAD_BR(c, !=)
/* d = a + k (or + b); if d != k2 (<u k2) jump: a loop's counter */
#define DO_BR_ADDK_NE_K(c)                                                     \
	do {                                                                   \
		uint32_t s_ = fp[(c)[1].s.b].u32 + (c)[2].s.a;                 \
		fp[(c)[1].s.a].u32 = s_;                                       \
		if (s_ != (c)[2].s.b)                                          \
			JUMP_AT(c, (c)[3].s.a);                                \
	} while (0)
#define DO_BR_ADD_LT_U_K(c)                                                    \
	do {                                                                   \
		uint32_t s_ = fp[(c)[1].s.b].u32 + fp[(c)[2].s.a].u32;         \
		fp[(c)[1].s.a].u32 = s_;                                       \
		if (s_ < (c)[2].s.b)                                           \
			JUMP_AT(c, (c)[3].s.a);                                \
	} while (0)

/* ---- calls and returns, which leave the handler: a call returns to the
 * cell after its own (the pair's end) */
#define DO_CALL_LOCAL(c)                                                       \
	CALL_FAST(inst->funcs[(c)[1].s.a], (c)[1].s.b, (c) + 2, true)
#define DO_RETURN(c) RETURN_TO_CALLER()
#define DO_RETURN1(c)                                                          \
	do {                                                                   \
		fp[0] = fp[(c)[1].s.a];                                        \
		RETURN_TO_CALLER();                                            \
	} while (0)

/* ---- pairs that are halves of longer rows of pairs.def */
#define DO_PAIR_LOAD_STORE(c)    DO_PAIR_OF(c, I32_LOAD, I32_STORE)
#define DO_I32_LOAD2(c)          DO_PAIR_OF(c, I32_LOAD, I32_LOAD)
#define DO_PAIR_ADDK_STORE(c)    DO_PAIR_OF(c, I32_ADD_K, I32_STORE)
#define DO_PAIR_LOAD_ADDK(c)     DO_PAIR_OF(c, I32_LOAD, I32_ADD_K)
#define DO_PAIR_LOAD_SHLADD(c)   DO_PAIR_OF(c, I32_LOAD, I32_SHL_ADD)
#define DO_PAIR_XOR_SHLK(c)      DO_PAIR_OF(c, I32_XOR, I32_SHL_K)
#define DO_PAIR_LOAD8U_LOAD8U(c) DO_PAIR_OF(c, I32_LOAD8_U, I32_LOAD8_U)
/* written out: DO_PAIR_OF does not expand inside itself */
#define DO_PAIR_COPY_LOADSTORE(c)                                              \
	do {                                                                   \
		DO_COPY(c);                                                    \
		DO_PAIR_LOAD_STORE((c) + WX_LEN_COPY);                         \
	} while (0)
#define DO_PAIR_SHRUK_XORANDRK(c)                                              \
	do {                                                                   \
		DO_I32_SHR_U_K(c);                                             \
		DO_I32_XOR_AND_RK((c) + WX_LEN_I32_SHR_U_K);                   \
	} while (0)
#define DO_PAIR_BRUNLESS_COPY(c)                                               \
	do {                                                                   \
		DO_BR_UNLESS(c);                                               \
		DO_COPY((c) + WX_LEN_BR_UNLESS);                               \
	} while (0)
#define DO_PAIR_COPY_BRIF(c)      DO_PAIR_OF(c, COPY, BR_IF)
#define DO_PAIR_ANDK_BREQ(c)      DO_PAIR_OF(c, I32_AND_K, BR_I32_EQ)

#endif /* WX_INTERP_PAIRS_H */
