/*
 * dispatch.h - how the interpreter goes from one internal instruction to the
 * next. Threaded code by default: each instruction's first cell holds the
 * address of its handler (GCC/Clang labels as values), so dispatch is one
 * indirect jump per instruction, with a separate branch-predictor entry per
 * handler. Define WX_SWITCH_DISPATCH for a portable switch over opcode
 * numbers. The handlers are written once, against these three macros:
 *
 *   VM_DISPATCH(ip)  { ... }   the body holding the handlers
 *   VM_CASE(NAME)              starts the handler of WX_I_NAME
 *   VM_NEXT                    runs the instruction at ip
 */
#ifndef WX_DISPATCH_H
#define WX_DISPATCH_H

#if !defined(WX_SWITCH_DISPATCH) && !defined(__GNUC__)
#define WX_SWITCH_DISPATCH 1
#endif

#ifdef WX_SWITCH_DISPATCH
/* VM_NEXT is a goto, not `continue`, so it may sit inside do-while(0). */
#define VM_DISPATCH(ip)                                                        \
	for (;;)                                                               \
	vm_dispatch:                                                           \
		switch ((wx_icode)(ip)->op)
#define VM_CASE(name) case WX_I_##name:
#define VM_NEXT       goto vm_dispatch
#else
#define VM_DISPATCH(ip) goto *(ip)->h;
#define VM_CASE(name)   L_##name:
#define VM_NEXT         goto * ip->h
#endif

#endif /* WX_DISPATCH_H */
