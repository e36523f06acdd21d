#include "stats/field_parse.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/civil_date.h"

namespace clearhost::stats {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Reads exactly `width` digits at `text[*position]`.
bool TakeDigits(std::string_view text, size_t* position, size_t width, int64_t* value) {
  if (*position + width > text.size()) return false;
  const std::string_view digits = text.substr(*position, width);
  if (!AllDigits(digits)) return false;
  *value = 0;
  for (const char c : digits) *value = *value * 10 + (c - '0');
  *position += width;
  return true;
}

}  // namespace

Result<int64_t> ParseCount(std::string_view field) {
  const std::string_view text = TrimAscii(field);
  if (text.empty()) return absl::InvalidArgumentError("empty count");
  if (text.front() == '-' && text.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat("negative count '", std::string(text), "'"));
  }
  std::string digits;
  if (text.find(',') != std::string_view::npos) {
    // Groups of three after the first group of one to three digits.
    size_t group_start = 0;
    bool first = true;
    while (group_start <= text.size()) {
      const size_t comma = text.find(',', group_start);
      const std::string_view group =
          text.substr(group_start, comma == std::string_view::npos ? std::string_view::npos
                                                                   : comma - group_start);
      const bool width_ok = first ? (!group.empty() && group.size() <= 3) : group.size() == 3;
      if (!width_ok || !AllDigits(group)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "'", std::string(text), "' is not a count (digits, with ',' every three)"));
      }
      digits += group;
      first = false;
      if (comma == std::string_view::npos) break;
      group_start = comma + 1;
    }
  } else {
    digits = std::string(text);
  }
  if (!AllDigits(digits)) {
    return absl::InvalidArgumentError(absl::StrCat("'", std::string(text), "' is not a count"));
  }
  if (digits.size() > 13) {
    return absl::InvalidArgumentError(absl::StrCat("count '", std::string(text), "' is too large"));
  }
  int64_t value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  if (value > kMaxCount) {
    return absl::InvalidArgumentError(absl::StrCat("count '", std::string(text), "' is too large"));
  }
  return value;
}

Result<int> ParseYear(std::string_view field) {
  const std::string_view text = TrimAscii(field);
  if (text.size() != 4 || !AllDigits(text)) {
    return absl::InvalidArgumentError(absl::StrCat("'", std::string(text), "' is not a year"));
  }
  const int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  if (year < 1900 || year > 2200) {
    return absl::InvalidArgumentError(absl::StrCat("year ", year, " is out of range"));
  }
  return year;
}

Result<std::string> ParseCountryCode(std::string_view field) {
  const std::string_view text = TrimAscii(field);
  bool letters = text.size() == 2 || text.size() == 3;
  for (const char c : text) letters = letters && absl::ascii_isalpha(static_cast<unsigned char>(c));
  if (!letters) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", std::string(text), "' is not an ISO 3166 alpha-2 or alpha-3 country code"));
  }
  std::string upper(text);
  for (char& c : upper) c = absl::ascii_toupper(static_cast<unsigned char>(c));
  return upper;
}

Result<int64_t> ParseTimestamp(std::string_view field) {
  const std::string_view text = TrimAscii(field);
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("'", std::string(text), "' is not a timestamp (YYYY-MM-DDTHH:MM:SSZ)"));
  };
  size_t position = 0;
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!TakeDigits(text, &position, 4, &year) || position >= text.size() ||
      text[position++] != '-' || !TakeDigits(text, &position, 2, &month) ||
      position >= text.size() || text[position++] != '-' || !TakeDigits(text, &position, 2, &day)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return bad();
  if (position < text.size() &&
      (text[position] == 'T' || text[position] == 't' || text[position] == ' ')) {
    ++position;
    if (!TakeDigits(text, &position, 2, &hour) || position >= text.size() ||
        text[position++] != ':' || !TakeDigits(text, &position, 2, &minute)) {
      return bad();
    }
    if (position < text.size() && text[position] == ':') {
      ++position;
      if (!TakeDigits(text, &position, 2, &second)) return bad();
      if (position < text.size() && (text[position] == '.' || text[position] == ',')) {
        ++position;
        const size_t fraction_start = position;
        while (position < text.size() &&
               absl::ascii_isdigit(static_cast<unsigned char>(text[position]))) {
          ++position;
        }
        if (position == fraction_start) return bad();
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return bad();
  }
  int64_t offset_seconds = 0;
  if (position < text.size()) {
    const char zone = text[position++];
    if (zone == 'Z' || zone == 'z') {
      // UTC
    } else if (zone == '+' || zone == '-') {
      int64_t zone_hours = 0, zone_minutes = 0;
      if (!TakeDigits(text, &position, 2, &zone_hours)) return bad();
      if (position < text.size() && text[position] == ':') ++position;
      if (!TakeDigits(text, &position, 2, &zone_minutes)) return bad();
      if (zone_hours > 23 || zone_minutes > 59) return bad();
      offset_seconds = (zone_hours * 3600 + zone_minutes * 60) * (zone == '+' ? 1 : -1);
    } else {
      return bad();
    }
  }
  if (position != text.size()) return bad();
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
         offset_seconds;
}

Result<uint32_t> ParseAsNumber(std::string_view field) {
  const std::string digits(TrimAscii(field));
  if (digits.empty() || digits.size() > 10 ||
      digits.find_first_not_of("0123456789") != std::string::npos ||
      std::stoull(digits) > 0xFFFFFFFFull) {
    return absl::InvalidArgumentError(absl::StrCat("'", digits, "' is not an AS number"));
  }
  return static_cast<uint32_t>(std::stoull(digits));
}

std::string FormatTimestamp(int64_t seconds) {
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  // civil_from_days (H. Hinnant).
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, rest / 3600,
                         rest % 3600 / 60, rest % 60);
}

}  // namespace clearhost::stats
