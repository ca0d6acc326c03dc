// PLUMAGE_ISA_CLONES: on x86-64 Linux with GCC, compile a loop for the
// baseline ISA (SSE2) plus AVX2 and AVX-512 clones picked at load time. The
// kernel files that use it are compiled with -ffp-contract=off and write their
// reductions with a fixed lane count, so every clone rounds alike and results
// do not depend on the machine's ISA.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define PLUMAGE_ISA_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PLUMAGE_ISA_CLONES
#endif
