// SIMD kernels for PDQ's along-row filter passes. Eight image rows form a "strip"; in strip
// layout, element (x, row l) lives at strip[8 * x + l], so one 8-float vector holds one column of
// the strip and the reference's running-sum recurrence along x runs on all eight rows at once.
// Rows go in and out of strip layout through 8x8 register transposes.
// Every lane performs exactly the reference's float operations in the reference's order, so the
// kernels are bit-identical to box1DFloat whatever instruction set the dispatcher picks.
// Thread-safety: pure functions over caller-owned buffers.
#pragma once

#include <cstddef>
#include <span>

namespace clearhost::hash {

inline constexpr int kStripRows = 8;

// Transposes a strip back into rows (row l at rows + l * row_stride), writing only the first
// `row_count` (1..8) rows.
void StripToRows(const float* strip, int width, float* rows, size_t row_stride, int row_count);

// The reference box filter along x on all eight rows of a strip: `out` gets every output.
void BoxFilterStrip(const float* in, float* out, int width, int window);

// Same recurrence; only outputs at x = sample_steps[k] (non-decreasing) are divided and written,
// to out[8 * k + l].
void BoxFilterStripSampled(const float* in, int width, int window,
                           std::span<const int> sample_steps, float* out);

}  // namespace clearhost::hash
