#include "hash/strip_kernels.h"

#include <cstring>

#include "core/multiversion.h"
#include "hash/transpose8x8.h"

namespace clearhost::hash {
namespace {

// The reference's phases (box1DFloat) on the eight lanes of a strip; `emit(x, sum, size)` is
// called once per output x after the sums are updated for it.
template <typename Emit>
inline __attribute__((always_inline)) void RunStripBox(const float* in, int width, int window,
                                                       Emit&& emit) {
  const int half_window = (window + 2) / 2;
  const int accumulate = half_window - 1, grow = window - half_window + 1;
  const int slide = width - window, shrink = half_window - 1;
  Vec8 sum = {}, value, removed;
  int right = 0, left = 0, output = 0, size = 0;
  for (int i = 0; i < accumulate; ++i, ++right, ++size) {
    CLEARHOST_LOAD8(value, in + 8 * right);
    sum += value;
  }
  for (int i = 0; i < grow; ++i, ++right, ++output) {
    CLEARHOST_LOAD8(value, in + 8 * right);
    sum += value;
    ++size;
    emit(output, sum, size);
  }
  for (int i = 0; i < slide; ++i, ++right, ++left, ++output) {
    CLEARHOST_LOAD8(value, in + 8 * right);
    CLEARHOST_LOAD8(removed, in + 8 * left);
    sum += value;
    sum -= removed;
    emit(output, sum, size);
  }
  for (int i = 0; i < shrink; ++i, ++left, ++output) {
    CLEARHOST_LOAD8(removed, in + 8 * left);
    sum -= removed;
    --size;
    emit(output, sum, size);
  }
}

}  // namespace

CLEARHOST_MULTIVERSION void StripToRows(const float* strip, int width, float* rows,
                                        size_t row_stride, int row_count) {
  int x = 0;
  if (row_count == kStripRows) {
    for (; x + 8 <= width; x += 8) Transpose8x8(strip + 8 * x, 8, rows + x, row_stride);
  }
  for (; x < width; ++x) {
    for (int l = 0; l < row_count; ++l) rows[l * row_stride + x] = strip[8 * x + l];
  }
}

CLEARHOST_MULTIVERSION void BoxFilterStrip(const float* in, float* out, int width, int window) {
  RunStripBox(in, width, window, [&](int output, const Vec8& sum, int size) {
    const Vec8 divided = sum / float(size);
    CLEARHOST_STORE8(out + 8 * output, divided);
  });
}

CLEARHOST_MULTIVERSION void BoxFilterStripSampled(const float* in, int width, int window,
                                                  std::span<const int> sample_steps, float* out) {
  size_t next = 0;
  RunStripBox(in, width, window, [&](int output, const Vec8& sum, int size) {
    while (next < sample_steps.size() && sample_steps[next] == output) {
      const Vec8 divided = sum / float(size);
      CLEARHOST_STORE8(out + 8 * next, divided);
      ++next;
    }
  });
}

}  // namespace clearhost::hash
