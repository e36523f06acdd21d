// Reading and writing vPDQ per-frame files, the output of Meta's vpdq-hash-video:
// `frameNumber,quality,pdqHex,timestamp` per line; docs/formats.md ("vPDQ per-frame file") is
// the specification.
// Thread-safety: a VpdqFileParser is used by one thread at a time; FormatVpdqFrame is pure.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "lists/line_list_parser.h"
#include "lists/list_record.h"
#include "video/vpdq_hasher.h"

namespace clearhost::lists {

// Timestamps at or over this many seconds are bad lines: below it, a timestamp with 3 decimals
// survives the round trip through a double exactly.
inline constexpr double kMaxVpdqTimestampSeconds = 1e9;

struct VpdqCallbacks {
  // Each valid frame in file order, with its 1-based line. A non-OK Status stops the read.
  std::function<Status(const VpdqFrame& frame, uint64_t line)> on_frame;
  // Each bad line in file order. May be empty.
  std::function<void(const ListProblem& problem)> on_problem;
};

class VpdqFileParser final : public LineListParser {
 public:
  // `max_line_bytes` other than kMaxLineBytes is for tests and fuzzing.
  VpdqFileParser(std::string_view display_name, VpdqCallbacks callbacks,
                 size_t max_line_bytes = kMaxLineBytes);

 private:
  void ParseLine(const SplitLine& line) override;

  const std::function<Status(const VpdqFrame&, uint64_t)> on_frame_;
};

// "30,100,e0f5...,1.000\n": the frame as vpdq-hash-video writes it (timestamp with 3 decimals).
std::string FormatVpdqFrame(const VpdqFrame& frame);

// A frame hashed by video::HashVideoBytes as the record this module reads and writes.
inline VpdqFrame ToVpdqFrame(const video::VideoFrameHash& frame) {
  return {frame.frame_number, frame.quality, frame.pdq, frame.timestamp_seconds};
}

}  // namespace clearhost::lists
