#include "server/ui_html.h"

#include "absl/strings/str_cat.h"
#include "core/iso_time.h"
#include "stats/svg_writer.h"

namespace clearhost::server {

std::string HtmlEscape(std::string_view text) {
  return stats::XmlEscape(text);
}

std::string MinuteText(int64_t micros) {
  std::string text = IsoTime(micros).substr(0, 16);  // "2026-11-29T10:00"
  if (text.size() == 16 && text[10] == 'T') text[10] = ' ';
  return text + " UTC";
}

std::string DurationText(int64_t micros) {
  constexpr int64_t kMicrosPerMinute = 60'000'000;
  const int64_t minutes = (micros < 0 ? -micros : micros) / kMicrosPerMinute;
  if (minutes == 0) return "< 1 min";
  if (minutes < 60) return absl::StrCat(minutes, " min");
  return absl::StrCat(minutes / 60, " h ", minutes % 60, " min");
}

std::string DeadlineText(int64_t deadline, int64_t now) {
  if (deadline <= now) return absl::StrCat("overdue by ", DurationText(now - deadline));
  return absl::StrCat(DurationText(deadline - now), " left");
}

}  // namespace clearhost::server
