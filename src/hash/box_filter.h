// One-dimensional box filters of PDQ's Jarosz blur, vectorized across independent lines.
//
// The reference filters one line at a time with a running sum (`box1DFloat`). These kernels run
// the same recurrence for `lanes` lines at once: element (step s, lane l) lives at
// `data[s * stride + l]`, so a pass down image columns uses lanes = width, and a pass along rows
// first transposes a strip of rows into lanes. Every lane sees exactly the reference's sequence
// of float additions, subtractions and divisions, so results are bit-identical to it.
// Thread-safety: pure functions over caller-owned buffers.
#pragma once

#include <cstddef>
#include <span>

namespace clearhost::hash {

// The reference's window size: ceil(old_dimension / (2 * new_dimension)).
inline int JaroszWindowSize(int old_dimension, int new_dimension) {
  return (old_dimension + 2 * new_dimension - 1) / (2 * new_dimension);
}

// Full box filter: writes all `length` outputs of every lane. `sums` holds `lanes` floats.
void BoxFilterLanes(const float* in, float* out, int length, int lanes, size_t stride, int window,
                    float* sums);

// Box filter that writes only the outputs at steps `sample_steps` (non-decreasing): output k goes
// to `out[k * out_stride + lane]`. The running sums are updated at every step as the full filter
// does, so sampled values are identical to it; divisions happen only where a value is kept.
void BoxFilterLanesSampled(const float* in, int length, int lanes, size_t stride, int window,
                           std::span<const int> sample_steps, float* out, size_t out_stride,
                           float* sums);

}  // namespace clearhost::hash
