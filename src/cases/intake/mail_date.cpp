#include "cases/intake/mail_date.h"

#include <array>
#include <charconv>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/ascii_text.h"
#include "core/civil_date.h"

namespace clearhost::cases::intake {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

struct DateTime {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t micros = 0;      // the fraction of the second
  int offset_minutes = 0;  // east of UTC
};

// Unix microseconds for `time`, or an error naming `text` when a field is out of range.
Result<int64_t> ToMicros(const DateTime& time, std::string_view kind, std::string_view text) {
  if (time.year < 1900 || time.year > 9999 || time.month < 1 || time.month > 12 || time.day < 1 ||
      time.day > DaysInMonth(time.year, time.month) || time.hour > 23 || time.minute > 59 ||
      time.second > 60) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(kind), " '", std::string(text), "' is out of range"));
  }
  const int64_t seconds = DaysFromCivil(time.year, time.month, time.day) * 86400 +
                          time.hour * 3600 + time.minute * 60 + time.second -
                          int64_t{time.offset_minutes} * 60;
  return seconds * kMicrosPerSecond + time.micros;
}

// Reads an unsigned decimal of `min_digits` to `max_digits` digits at `text`, advancing it.
bool ReadNumber(std::string_view& text, size_t min_digits, size_t max_digits, int& value) {
  size_t digits = 0;
  while (digits < text.size() && digits < max_digits && absl::ascii_isdigit(text[digits])) {
    ++digits;
  }
  if (digits < min_digits) return false;
  std::from_chars(text.data(), text.data() + digits, value);
  text.remove_prefix(digits);
  return true;
}

bool ReadChar(std::string_view& text, char expected) {
  if (text.empty() || text[0] != expected) return false;
  text.remove_prefix(1);
  return true;
}

void SkipSpaces(std::string_view& text) {
  while (!text.empty() &&
         (text[0] == ' ' || text[0] == '\t' || text[0] == '\r' || text[0] == '\n')) {
    text.remove_prefix(1);
  }
}

std::string_view ReadWord(std::string_view& text) {
  size_t length = 0;
  while (length < text.size() && absl::ascii_isalpha(text[length])) ++length;
  const std::string_view word = text.substr(0, length);
  text.remove_prefix(length);
  return word;
}

int MonthNumber(std::string_view name) {
  constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (EqualsIgnoreCase(name, kMonths[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

// The offset of an RFC 5322 zone name (section 4.3), false when unknown.
bool ZoneNameOffset(std::string_view name, int& offset_minutes) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  constexpr std::array<Zone, 12> kZones = {{{"UT", 0},
                                            {"GMT", 0},
                                            {"UTC", 0},
                                            {"EST", -5},
                                            {"EDT", -4},
                                            {"CST", -6},
                                            {"CDT", -5},
                                            {"MST", -7},
                                            {"MDT", -6},
                                            {"PST", -8},
                                            {"PDT", -7},
                                            {"Z", 0}}};
  for (const Zone& zone : kZones) {
    if (EqualsIgnoreCase(name, zone.name)) {
      offset_minutes = zone.hours * 60;
      return true;
    }
  }
  // Military single letters: their sign was specified backwards, so RFC 5322 reads them as
  // +0000 (no information).
  if (name.size() == 1 && absl::ascii_isalpha(name[0]) && name[0] != 'j' && name[0] != 'J') {
    offset_minutes = 0;
    return true;
  }
  return false;
}

// Reads "+hhmm", "+hh:mm" or "+hh", advancing `text`.
bool ReadNumericOffset(std::string_view& text, int& offset_minutes) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return false;
  const int sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  int hours = 0;
  int minutes = 0;
  if (!ReadNumber(text, 2, 2, hours)) return false;
  if (!text.empty() && text[0] == ':') text.remove_prefix(1);
  if (!text.empty() && absl::ascii_isdigit(text[0]) && !ReadNumber(text, 2, 2, minutes)) {
    return false;
  }
  if (hours > 23 || minutes > 59) return false;
  offset_minutes = sign * (hours * 60 + minutes);
  return true;
}

Status MailDateError(std::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", std::string(text.substr(0, 64)), "' is not an RFC 5322 date"));
}

Status IsoError(std::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat("'", std::string(text.substr(0, 64)),
                                                 "' is not an ISO 8601 date-time with a zone"));
}

}  // namespace

Result<int64_t> ParseMailDate(std::string_view text) {
  std::string_view rest = TrimAscii(text);
  DateTime time;
  SkipSpaces(rest);
  // An optional day name and comma.
  std::string_view copy = rest;
  if (!ReadWord(copy).empty()) {
    SkipSpaces(copy);
    if (!ReadChar(copy, ',')) return MailDateError(text);
    rest = copy;
  }
  SkipSpaces(rest);
  if (!ReadNumber(rest, 1, 2, time.day)) return MailDateError(text);
  SkipSpaces(rest);
  time.month = MonthNumber(ReadWord(rest));
  if (time.month == 0) return MailDateError(text);
  SkipSpaces(rest);
  const size_t year_start = rest.size();
  if (!ReadNumber(rest, 2, 4, time.year)) return MailDateError(text);
  const size_t year_digits = year_start - rest.size();
  if (year_digits == 2) time.year += time.year < 50 ? 2000 : 1900;
  if (year_digits == 3) time.year += 1900;
  SkipSpaces(rest);
  if (!ReadNumber(rest, 2, 2, time.hour) || !ReadChar(rest, ':') ||
      !ReadNumber(rest, 2, 2, time.minute)) {
    return MailDateError(text);
  }
  if (ReadChar(rest, ':') && !ReadNumber(rest, 2, 2, time.second)) return MailDateError(text);
  SkipSpaces(rest);
  if (!ReadNumericOffset(rest, time.offset_minutes) &&
      !ZoneNameOffset(ReadWord(rest), time.offset_minutes)) {
    return MailDateError(text);
  }
  SkipSpaces(rest);
  if (!rest.empty() && rest[0] != '(') return MailDateError(text);
  return ToMicros(time, "the date", text);
}

Result<int64_t> ParseIsoTimestamp(std::string_view text) {
  std::string_view rest = TrimAscii(text);
  DateTime time;
  if (!ReadNumber(rest, 4, 4, time.year) || !ReadChar(rest, '-') ||
      !ReadNumber(rest, 2, 2, time.month) || !ReadChar(rest, '-') ||
      !ReadNumber(rest, 2, 2, time.day)) {
    return IsoError(text);
  }
  if (rest.empty() || (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ')) return IsoError(text);
  rest.remove_prefix(1);
  if (!ReadNumber(rest, 2, 2, time.hour) || !ReadChar(rest, ':') ||
      !ReadNumber(rest, 2, 2, time.minute) || !ReadChar(rest, ':') ||
      !ReadNumber(rest, 2, 2, time.second)) {
    return IsoError(text);
  }
  if (ReadChar(rest, '.') || ReadChar(rest, ',')) {
    int64_t scale = 100'000;
    size_t digits = 0;
    while (!rest.empty() && absl::ascii_isdigit(rest[0])) {
      time.micros += (rest[0] - '0') * scale;
      scale /= 10;
      rest.remove_prefix(1);
      ++digits;
    }
    if (digits == 0) return IsoError(text);
  }
  if (rest == "Z" || rest == "z") {
    time.offset_minutes = 0;
  } else if (!ReadNumericOffset(rest, time.offset_minutes) || !rest.empty()) {
    return IsoError(text);
  }
  return ToMicros(time, "the timestamp", text);
}

}  // namespace clearhost::cases::intake
