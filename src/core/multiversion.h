// Runtime instruction-set dispatch for hot loops: CLEARHOST_MULTIVERSION compiles a function for
// AVX2 and for the baseline, and the dynamic loader picks the best one for the CPU (GCC/Clang
// target_clones). Results must not depend on the version chosen: the project builds with
// -ffp-contract=off, so vectorized float code performs exactly the scalar operations.
#pragma once

// Sanitizer builds use the baseline only (ifunc resolvers run before the sanitizer runtime).
#if defined(__x86_64__) && !defined(CLEARHOST_SANITIZE_BUILD)
#define CLEARHOST_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define CLEARHOST_MULTIVERSION
#endif
