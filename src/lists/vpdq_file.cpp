#include "lists/vpdq_file.h"

#include <charconv>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lists/list_text.h"

namespace clearhost::lists {
namespace {

constexpr int kMaxQuality = 100;

bool AllDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// A decimal number of digits only, at most `max`.
std::optional<uint64_t> ParseDecimal(std::string_view text, uint64_t max) {
  uint64_t value = 0;
  if (!AllDigits(text)) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

// DIGITS or DIGITS.DIGITS, under kMaxVpdqTimestampSeconds.
std::optional<double> ParseTimestamp(std::string_view text) {
  const size_t point = text.find('.');
  if (!AllDigits(text.substr(0, point))) return std::nullopt;
  if (point != std::string_view::npos && !AllDigits(text.substr(point + 1))) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!(value < kMaxVpdqTimestampSeconds)) return std::nullopt;
  return value;
}

}  // namespace

VpdqFileParser::VpdqFileParser(std::string_view display_name, VpdqCallbacks callbacks,
                               size_t max_line_bytes)
    : LineListParser(display_name, std::move(callbacks.on_problem), max_line_bytes),
      on_frame_(std::move(callbacks.on_frame)) {}

void VpdqFileParser::ParseLine(const SplitLine& line) {
  const std::optional<std::string_view> entry = EntryText(line);
  if (!entry) return;
  const std::vector<std::string> fields = absl::StrSplit(std::string(*entry), ',');
  if (fields.size() != 4) {
    AddProblem(line.number, absl::StrCat(fields.size(), " fields; a vpdq line has 4: ",
                                         "frameNumber,quality,pdqHex,timestamp"));
    return;
  }
  VpdqFrame frame;
  const std::optional<uint64_t> frame_number = ParseDecimal(fields[0], UINT32_MAX);
  if (!frame_number) {
    AddProblem(line.number, absl::StrCat("frame number ", QuoteForMessage(fields[0]),
                                         " is not a whole number 0..4294967295"));
    return;
  }
  frame.frame_number = uint32_t(*frame_number);
  const std::optional<uint64_t> quality = ParseDecimal(fields[1], kMaxQuality);
  if (!quality) {
    AddProblem(line.number, absl::StrCat("quality ", QuoteForMessage(fields[1]),
                                         " is not a whole number 0..100"));
    return;
  }
  frame.quality = int(*quality);
  const Result<Signal> pdq = ParseSignal(SignalType::kPdq, fields[2]);
  if (!pdq.ok()) {
    AddProblem(line.number, std::string(pdq.status().message()));
    return;
  }
  frame.pdq = pdq->pdq;
  const std::optional<double> timestamp = ParseTimestamp(fields[3]);
  if (!timestamp) {
    AddProblem(line.number, absl::StrCat("timestamp ", QuoteForMessage(fields[3]),
                                         " is not a number of seconds like 1.000 (under 1e9)"));
    return;
  }
  frame.timestamp_seconds = *timestamp;
  CountRecord(on_frame_ ? on_frame_(frame, line.number) : absl::OkStatus());
}

std::string FormatVpdqFrame(const VpdqFrame& frame) {
  return absl::StrFormat("%u,%d,%s,%.3f\n", frame.frame_number, frame.quality, frame.pdq.ToHex(),
                         frame.timestamp_seconds);
}

}  // namespace clearhost::lists
