#include "core/iso_time.h"

#include <ctime>

#include "absl/strings/str_format.h"

namespace clearhost {
namespace {

int64_t FloorSeconds(int64_t micros) {
  return micros >= 0 ? micros / 1'000'000 : (micros - 999'999) / 1'000'000;
}

}  // namespace

std::string IsoTime(int64_t micros) {
  const int64_t seconds = FloorSeconds(micros);
  const int64_t fraction = micros - seconds * 1'000'000;
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                         utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
}

std::string LocalIsoTime(int64_t micros) {
  const std::time_t time = static_cast<std::time_t>(FloorSeconds(micros));
  std::tm local{};
  localtime_r(&time, &local);
  const long offset_minutes = local.tm_gmtoff / 60;
  const long magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", local.tm_year + 1900,
                         local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                         offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

}  // namespace clearhost
