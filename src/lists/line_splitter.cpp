#include "lists/line_splitter.h"

namespace clearhost::lists {

Status LineSplitter::Feed(std::span<const uint8_t> bytes, OnLine on_line) {
  std::string_view rest(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    const std::string_view piece = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    if (newline != std::string_view::npos && unfinished_line_bytes_ == 0) {
      // The common case: a whole line inside `bytes`, not copied.
      CLEARHOST_RETURN_IF_ERROR(EndLine(piece, piece.size(), on_line));
      continue;
    }
    unfinished_line_bytes_ += piece.size();
    if (unfinished_line_bytes_ <= max_line_bytes_) {
      unfinished_line_.append(piece);
    } else {
      unfinished_line_.clear();  // too long already: only its length matters now
    }
    if (newline != std::string_view::npos) {
      CLEARHOST_RETURN_IF_ERROR(EndLine(unfinished_line_, unfinished_line_bytes_, on_line));
    }
  }
  return absl::OkStatus();
}

Status LineSplitter::Finish(OnLine on_line) {
  if (unfinished_line_bytes_ == 0) return absl::OkStatus();
  return EndLine(unfinished_line_, unfinished_line_bytes_, on_line);
}

Status LineSplitter::EndLine(std::string_view text, uint64_t length, OnLine on_line) {
  ++lines_;
  const SplitLine line{length > max_line_bytes_ ? std::string_view() : text, length, lines_};
  const Status status = on_line(line);
  unfinished_line_.clear();
  unfinished_line_bytes_ = 0;
  return status;
}

}  // namespace clearhost::lists
