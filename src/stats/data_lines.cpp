#include "stats/data_lines.h"

#include "stats/field_parse.h"

namespace clearhost::stats {

bool DataLines::Next(std::string_view& line) {
  while (position_ < text_.size()) {
    size_t end = text_.find('\n', position_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(position_, end - position_);
    position_ = end + 1;
    ++number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!TrimAscii(line).empty() && line.front() != '#') return true;
  }
  return false;
}

}  // namespace clearhost::stats
