#include "hash/box_filter.h"

#include <algorithm>

#include "core/multiversion.h"

namespace clearhost::hash {
namespace {

// The reference's four phases (see box1DFloat): accumulate half a window without output; grow the
// window while writing; slide the full window; shrink it at the end.
struct BoxPhases {
  int accumulate, grow, slide, shrink;
};

BoxPhases PhasesFor(int length, int window) {
  const int half_window = (window + 2) / 2;
  return {half_window - 1, window - half_window + 1, length - window, half_window - 1};
}

inline void AddRow(float* __restrict sums, const float* __restrict row, int lanes) {
  for (int l = 0; l < lanes; ++l) sums[l] += row[l];
}

inline void SlideRow(float* __restrict sums, const float* __restrict added,
                     const float* __restrict removed, int lanes) {
  for (int l = 0; l < lanes; ++l) {
    sums[l] += added[l];
    sums[l] -= removed[l];
  }
}

inline void SubtractRow(float* __restrict sums, const float* __restrict row, int lanes) {
  for (int l = 0; l < lanes; ++l) sums[l] -= row[l];
}

inline void DivideRow(const float* __restrict sums, float* __restrict out, int lanes,
                      int window_size) {
  const float divisor = float(window_size);
  for (int l = 0; l < lanes; ++l) out[l] = sums[l] / divisor;
}

// Walks the phases, calling `emit(output_step, current_window_size)` once per output step after
// the sums are updated for it.
template <typename Emit>
void RunBox(const float* in, int length, int lanes, size_t stride, int window, float* sums,
            Emit&& emit) {
  const BoxPhases phases = PhasesFor(length, window);
  std::fill(sums, sums + lanes, 0.0f);
  int right = 0, left = 0, output = 0, window_size = 0;
  for (int i = 0; i < phases.accumulate; ++i, ++right, ++window_size) {
    AddRow(sums, in + right * stride, lanes);
  }
  for (int i = 0; i < phases.grow; ++i, ++right, ++output) {
    AddRow(sums, in + right * stride, lanes);
    ++window_size;
    emit(output, window_size);
  }
  for (int i = 0; i < phases.slide; ++i, ++right, ++left, ++output) {
    SlideRow(sums, in + right * stride, in + left * stride, lanes);
    emit(output, window_size);
  }
  for (int i = 0; i < phases.shrink; ++i, ++left, ++output) {
    SubtractRow(sums, in + left * stride, lanes);
    --window_size;
    emit(output, window_size);
  }
}

}  // namespace

CLEARHOST_MULTIVERSION void BoxFilterLanes(const float* in, float* out, int length, int lanes,
                                           size_t stride, int window, float* sums) {
  RunBox(in, length, lanes, stride, window, sums, [&](int output, int window_size) {
    DivideRow(sums, out + output * stride, lanes, window_size);
  });
}

CLEARHOST_MULTIVERSION void BoxFilterLanesSampled(const float* in, int length, int lanes,
                                                  size_t stride, int window,
                                                  std::span<const int> sample_steps, float* out,
                                                  size_t out_stride, float* sums) {
  size_t next = 0;
  RunBox(in, length, lanes, stride, window, sums, [&](int output, int window_size) {
    while (next < sample_steps.size() && sample_steps[next] == output) {
      DivideRow(sums, out + next * out_stride, lanes, window_size);
      ++next;
    }
  });
}

}  // namespace clearhost::hash
