/*
 * kernel.h - what every benchmark kernel shares. A kernel is freestanding C
 * (no libc: it is compiled with clang --target=wasm32 -nostdlib) and
 * defines `int run(int n)`, doing n units of work and returning a checksum
 * that wexec and the native build must agree on.
 */
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

#if defined(__wasm__)
#define EXPORT __attribute__((export_name("run")))
#else
#define EXPORT
#endif

typedef unsigned int u32;
typedef unsigned long long u64;

int run(int n);

#endif
