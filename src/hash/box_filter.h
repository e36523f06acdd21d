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

// The full box filter down the columns of an image (every column a lane), producing eight output
// rows per NextStrip() call, directly in strip layout (strip[8 * x + l], see strip_kernels.h) for
// the next along-row pass. The rows it reads can be produced just in time into a small ring.
// Bit-identical to BoxFilterLanes with stride == lanes == width.
class ColumnBoxStream {
 public:
  // Input row y is read from ring + (y % ring_rows) * width; `sums` holds width floats.
  ColumnBoxStream(const float* ring, int ring_rows, int width, int height, int window, float* sums);

  // The largest input row the next `rows` outputs read (-1 if none); the caller must have written
  // every row up to it, and the ring must still hold the rows `window` before the first.
  int LastRowNeeded(int rows) const;

  // Computes the next `rows` (1..8) output rows into strip layout; lanes past `rows` repeat the
  // last one. Call until `height` rows have been produced.
  void NextStrip(int rows, float* strip);

  // What one output row does to the sums: add a row, subtract a row (either may be absent),
  // then divide by the window size.
  struct Step {
    const float* added;
    const float* removed;
    float divisor;
  };

 private:
  const float* Row(int y) const { return ring_ + size_t(y % ring_rows_) * width_; }
  void Start();
  Step NextStep();

  const float* ring_;
  int ring_rows_, width_;
  int accumulate_, grow_end_, slide_end_;  // phase lengths and output indices where they change
  bool started_ = false;
  int right_ = 0, left_ = 0, output_ = 0, window_size_ = 0;
  float* sums_;
};

}  // namespace clearhost::hash
