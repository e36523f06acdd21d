#include "cases/case_record.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace clearhost::cases {
namespace {

// Parses `name` against a table of (value, name) pairs; the error lists the accepted names.
template <typename Enum, size_t N>
Result<Enum> ParseName(std::string_view name, std::string_view what,
                       const std::array<std::pair<Enum, std::string_view>, N>& table) {
  for (const auto& [value, value_name] : table) {
    if (value_name == name) return value;
  }
  std::vector<std::string> names;
  for (const auto& entry : table) names.emplace_back(entry.second);
  return absl::InvalidArgumentError(absl::StrCat("unknown ", std::string(what), " '",
                                                 std::string(name), "': expected one of ",
                                                 absl::StrJoin(names, ", ")));
}

template <typename Enum, size_t N>
std::string_view NameOf(Enum value, const std::array<std::pair<Enum, std::string_view>, N>& table) {
  for (const auto& [entry_value, name] : table) {
    if (entry_value == value) return name;
  }
  return "?";  // unreachable: every enumerator is in its table
}

constexpr std::array<std::pair<SourceType, std::string_view>, 6> kSourceTypes = {{
    {SourceType::kHotline, "hotline"},
    {SourceType::kRemovalOrder, "removal_order"},
    {SourceType::kArticle16Notice, "article16_notice"},
    {SourceType::kTrustedFlagger, "trusted_flagger"},
    {SourceType::kProactiveMatch, "proactive_match"},
    {SourceType::kLawEnforcement, "law_enforcement"},
}};

constexpr std::array<std::pair<CaseState, std::string_view>, 6> kCaseStates = {{
    {CaseState::kReceived, "received"},
    {CaseState::kAssessing, "assessing"},
    {CaseState::kActioned, "actioned"},
    {CaseState::kConfirmedGone, "confirmed_gone"},
    {CaseState::kRejected, "rejected"},
    {CaseState::kEscalated, "escalated"},
}};

constexpr std::array<std::pair<ActionKind, std::string_view>, 3> kActionKinds = {{
    {ActionKind::kRemoved, "removed"},
    {ActionKind::kDisabled, "disabled"},
    {ActionKind::kGeoBlocked, "geo_blocked"},
}};

constexpr std::array<std::pair<ContentKind, std::string_view>, 4> kContentKinds = {{
    {ContentKind::kImage, "image"},
    {ContentKind::kVideo, "video"},
    {ContentKind::kArchive, "archive"},
    {ContentKind::kOther, "other"},
}};

}  // namespace

std::string_view SourceTypeName(SourceType type) {
  return NameOf(type, kSourceTypes);
}
Result<SourceType> ParseSourceType(std::string_view name) {
  return ParseName(name, "source type", kSourceTypes);
}
std::string_view CaseStateName(CaseState state) {
  return NameOf(state, kCaseStates);
}
Result<CaseState> ParseCaseState(std::string_view name) {
  return ParseName(name, "case state", kCaseStates);
}
std::string_view ActionKindName(ActionKind kind) {
  return NameOf(kind, kActionKinds);
}
Result<ActionKind> ParseActionKind(std::string_view name) {
  return ParseName(name, "action", kActionKinds);
}
std::string_view ContentKindName(ContentKind kind) {
  return NameOf(kind, kContentKinds);
}
Result<ContentKind> ParseContentKind(std::string_view name) {
  return ParseName(name, "content kind", kContentKinds);
}

}  // namespace clearhost::cases
