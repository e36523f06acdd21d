// An 8x8 float transpose in registers, and the eight-float vector type the strip kernels use
// (GCC/Clang vector extension: AVX registers in AVX2 clones, pairs of SSE registers otherwise).
// Internal to hash/; included only by the .cpp files of its SIMD kernels.
#pragma once

#include <cstddef>
#include <cstring>

namespace clearhost::hash {

// GCC/Clang vector extension: eight floats, lowered to AVX or to pairs of SSE registers.
typedef float Vec8 __attribute__((vector_size(32)));

#define CLEARHOST_LOAD8(v, p) std::memcpy(&(v), (p), sizeof(Vec8))
#define CLEARHOST_STORE8(p, v) std::memcpy((p), &(v), sizeof(Vec8))

// Transposes the 8x8 block whose row i starts at in + i * in_stride into out + i * out_stride.
inline __attribute__((always_inline)) void Transpose8x8(const float* in, size_t in_stride,
                                                        float* out, size_t out_stride) {
  Vec8 r0, r1, r2, r3, r4, r5, r6, r7;
  CLEARHOST_LOAD8(r0, in);
  CLEARHOST_LOAD8(r1, in + in_stride);
  CLEARHOST_LOAD8(r2, in + 2 * in_stride);
  CLEARHOST_LOAD8(r3, in + 3 * in_stride);
  CLEARHOST_LOAD8(r4, in + 4 * in_stride);
  CLEARHOST_LOAD8(r5, in + 5 * in_stride);
  CLEARHOST_LOAD8(r6, in + 6 * in_stride);
  CLEARHOST_LOAD8(r7, in + 7 * in_stride);
  // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
  const Vec8 t0 = __builtin_shufflevector(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13);
  const Vec8 t1 = __builtin_shufflevector(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15);
  const Vec8 t2 = __builtin_shufflevector(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13);
  const Vec8 t3 = __builtin_shufflevector(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15);
  const Vec8 t4 = __builtin_shufflevector(r4, r5, 0, 8, 1, 9, 4, 12, 5, 13);
  const Vec8 t5 = __builtin_shufflevector(r4, r5, 2, 10, 3, 11, 6, 14, 7, 15);
  const Vec8 t6 = __builtin_shufflevector(r6, r7, 0, 8, 1, 9, 4, 12, 5, 13);
  const Vec8 t7 = __builtin_shufflevector(r6, r7, 2, 10, 3, 11, 6, 14, 7, 15);
  const Vec8 u0 = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
  const Vec8 u1 = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
  const Vec8 u2 = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
  const Vec8 u3 = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
  const Vec8 u4 = __builtin_shufflevector(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
  const Vec8 u5 = __builtin_shufflevector(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
  const Vec8 u6 = __builtin_shufflevector(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
  const Vec8 u7 = __builtin_shufflevector(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
  const Vec8 c0 = __builtin_shufflevector(u0, u4, 0, 1, 2, 3, 8, 9, 10, 11);
  const Vec8 c1 = __builtin_shufflevector(u1, u5, 0, 1, 2, 3, 8, 9, 10, 11);
  const Vec8 c2 = __builtin_shufflevector(u2, u6, 0, 1, 2, 3, 8, 9, 10, 11);
  const Vec8 c3 = __builtin_shufflevector(u3, u7, 0, 1, 2, 3, 8, 9, 10, 11);
  const Vec8 c4 = __builtin_shufflevector(u0, u4, 4, 5, 6, 7, 12, 13, 14, 15);
  const Vec8 c5 = __builtin_shufflevector(u1, u5, 4, 5, 6, 7, 12, 13, 14, 15);
  const Vec8 c6 = __builtin_shufflevector(u2, u6, 4, 5, 6, 7, 12, 13, 14, 15);
  const Vec8 c7 = __builtin_shufflevector(u3, u7, 4, 5, 6, 7, 12, 13, 14, 15);
  CLEARHOST_STORE8(out, c0);
  CLEARHOST_STORE8(out + out_stride, c1);
  CLEARHOST_STORE8(out + 2 * out_stride, c2);
  CLEARHOST_STORE8(out + 3 * out_stride, c3);
  CLEARHOST_STORE8(out + 4 * out_stride, c4);
  CLEARHOST_STORE8(out + 5 * out_stride, c5);
  CLEARHOST_STORE8(out + 6 * out_stride, c6);
  CLEARHOST_STORE8(out + 7 * out_stride, c7);
}

}  // namespace clearhost::hash
