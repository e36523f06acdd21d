#include "lists/list_text.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace clearhost::lists {
namespace {

constexpr size_t kMaxQuotedBytes = 40;
constexpr std::string_view kThreatExchangeMd5Name = "video_md5";
constexpr std::string_view kVpdqName = "vpdq";

}  // namespace

std::string_view TrimSpacesAndTabs(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string QuoteForMessage(std::string_view text) {
  const bool cut = text.size() > kMaxQuotedBytes;
  const std::string escaped = absl::CHexEscape(std::string(text.substr(0, kMaxQuotedBytes)));
  return absl::StrCat("'", escaped, cut ? "...'" : "'");
}

std::string_view LineText(std::string_view line, uint64_t line_number) {
  if (line_number == 1 && line.starts_with(kUtf8ByteOrderMark)) {
    line.remove_prefix(kUtf8ByteOrderMark.size());
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string KnownTypeNames() {
  std::string names;
  for (const SignalType type : kAllSignalTypes) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", TypeName(type));
  }
  return names;
}

Result<SignalType> ParseExchangeSignalTypeName(std::string_view name) {
  if (const std::optional<SignalType> type = ParseSignalTypeName(name)) return *type;
  const std::string text(name);
  if (absl::EqualsIgnoreCase(text, std::string(kThreatExchangeMd5Name))) return SignalType::kMd5;
  if (absl::EqualsIgnoreCase(text, std::string(kVpdqName))) {
    return absl::InvalidArgumentError(
        "vpdq is a per-frame file of pdq hashes, not one signal: read it with the vpdq format");
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown signal type ", QuoteForMessage(name),
                                                 " (known: ", KnownTypeNames(),
                                                 "; video_md5 reads as md5)"));
}

std::string TypeName(SignalType type) {
  return std::string(SignalTypeName(type));
}

std::string NulByteProblem(std::string_view line) {
  const size_t nul = line.find('\0');
  if (nul == std::string_view::npos) return {};
  return absl::StrCat("NUL byte at character ", nul + 1, ": binary data, not a text list");
}

}  // namespace clearhost::lists
