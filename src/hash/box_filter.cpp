#include "hash/box_filter.h"

#include <algorithm>
#include <cstring>

#include "core/multiversion.h"
#include "hash/strip_kernels.h"
#include "hash/transpose8x8.h"

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

// NextStrip's arithmetic for `rows` steps over `width` columns. A free function in this file
// rather than the member itself: Clang 14 does not export target_clones member functions to
// other translation units.
CLEARHOST_MULTIVERSION void StripFromSteps(const ColumnBoxStream::Step* steps, int rows, int width,
                                           float* __restrict sums, float* __restrict strip) {
  // Per element and row: sum += added; sum -= removed; out = sum / divisor, in row order: the
  // reference's operations exactly. Eight columns at a time, transposed into the strip.
  alignas(32) float block[kStripRows * kStripRows];
  int x = 0;
  for (; x + kStripRows <= width; x += kStripRows) {
    Vec8 sum, value;
    CLEARHOST_LOAD8(sum, sums + x);
    for (int r = 0; r < rows; ++r) {
      if (steps[r].added != nullptr) {
        CLEARHOST_LOAD8(value, steps[r].added + x);
        sum += value;
      }
      if (steps[r].removed != nullptr) {
        CLEARHOST_LOAD8(value, steps[r].removed + x);
        sum -= value;
      }
      const Vec8 out = sum / steps[r].divisor;
      CLEARHOST_STORE8(block + kStripRows * r, out);
    }
    for (int r = rows; r < kStripRows; ++r) {
      std::memcpy(block + kStripRows * r, block + kStripRows * (rows - 1), sizeof(Vec8));
    }
    CLEARHOST_STORE8(sums + x, sum);
    Transpose8x8(block, kStripRows, strip + kStripRows * x, kStripRows);
  }
  for (; x < width; ++x) {
    float sum = sums[x];
    for (int r = 0; r < kStripRows; ++r) {
      if (r < rows) {
        if (steps[r].added != nullptr) sum += steps[r].added[x];
        if (steps[r].removed != nullptr) sum -= steps[r].removed[x];
        strip[kStripRows * x + r] = sum / steps[r].divisor;
      } else {
        strip[kStripRows * x + r] = strip[kStripRows * x + rows - 1];
      }
    }
    sums[x] = sum;
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

ColumnBoxStream::ColumnBoxStream(const float* ring, int ring_rows, int width, int height,
                                 int window, float* sums)
    : ring_(ring), ring_rows_(ring_rows), width_(width), sums_(sums) {
  const BoxPhases phases = PhasesFor(height, window);
  accumulate_ = phases.accumulate;
  grow_end_ = phases.grow;
  slide_end_ = phases.grow + phases.slide;
}

int ColumnBoxStream::LastRowNeeded(int rows) const {
  // Before the first output the accumulate phase also reads rows 0 .. accumulate-1.
  const int right = started_ ? right_ : accumulate_;
  const int reading = std::min(output_ + rows, slide_end_) - output_;
  return reading > 0 ? right + reading - 1 : -1;
}

void ColumnBoxStream::Start() {
  std::fill(sums_, sums_ + width_, 0.0f);
  for (int i = 0; i < accumulate_; ++i, ++right_, ++window_size_) {
    AddRow(sums_, Row(right_), width_);
  }
  started_ = true;
}

ColumnBoxStream::Step ColumnBoxStream::NextStep() {
  Step step{nullptr, nullptr, 0.0f};
  if (output_ < grow_end_) {
    step.added = Row(right_++);
    ++window_size_;
  } else if (output_ < slide_end_) {
    step.added = Row(right_++);
    step.removed = Row(left_++);
  } else {
    step.removed = Row(left_++);
    --window_size_;
  }
  step.divisor = float(window_size_);
  ++output_;
  return step;
}

void ColumnBoxStream::NextStrip(int rows, float* strip) {
  if (!started_) Start();
  Step steps[kStripRows];
  for (int r = 0; r < rows; ++r) steps[r] = NextStep();
  StripFromSteps(steps, rows, width_, sums_, strip);
}

}  // namespace clearhost::hash
