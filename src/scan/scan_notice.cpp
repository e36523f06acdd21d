#include "scan/scan_notice.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "core/sha256.h"

namespace clearhost::scan {
namespace {

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                      (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                      c == '~' || c == '/';
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

}  // namespace

Result<std::string> PublicUrl(const std::string& path, const UrlMap& url_map) {
  for (const auto& [prefix, url] : url_map) {
    std::string directory = prefix;
    if (!directory.empty() && directory.back() != '/') directory += '/';
    if (!path.starts_with(directory)) continue;
    std::string base = url;
    if (!base.empty() && base.back() != '/') base += '/';
    return base + PercentEncode(std::string_view(path).substr(directory.size()));
  }
  return absl::NotFoundError(
      absl::StrCat(path, ": no --notice-url mapping gives this file a public URL"));
}

nlohmann::json NoticeBody(const std::string& path, const std::string& sha256,
                          const std::string& url, const nlohmann::json& matches) {
  nlohmann::json hashes = nlohmann::json::array();
  std::set<std::string> seen;
  std::string lists;
  for (const nlohmann::json& match : matches) {
    const std::string signal = match.value("signal", "");
    if (seen.insert(signal).second && hashes.size() < 10) {
      hashes.push_back({{"signal_type", match.value("signal_type", "")}, {"value", signal}});
    }
    const std::string source = match.value("source", "");
    if (!source.empty() && lists.find(source) == std::string::npos) {
      absl::StrAppend(&lists, lists.empty() ? "" : ", ", source);
    }
  }
  hashes.push_back({{"signal_type", "sha256"}, {"value", sha256}});
  return {{"source_type", "proactive_match"},
          {"reference",
           absl::StrCat("scan-", sha256.substr(0, 32), "-", Sha256Hex(path).substr(0, 16))},
          {"urls", {url}},
          {"hashes", std::move(hashes)},
          {"reason", absl::StrCat("Proactive scan: the file matched known material in ",
                                  lists.empty() ? "a list" : lists)},
          {"automated_detection", true}};
}

}  // namespace clearhost::scan
