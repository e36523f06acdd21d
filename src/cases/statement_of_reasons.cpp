#include "cases/statement_of_reasons.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace clearhost::cases {
namespace {

constexpr int64_t kMicrosPerDay = int64_t{86'400'000'000};
// Bounds the database's validation puts on the dates, as days since 1970-01-01.
constexpr int64_t kDay2000_01_01 = 10'957;
constexpr int64_t kDay2020_01_01 = 18'262;
constexpr int64_t kDay2038_01_01 = 24'837;
// Longest text the database accepts in each free-text field, in characters.
constexpr size_t kMaxShortText = 500;
constexpr size_t kMaxExplanation = 2000;
constexpr size_t kMaxFacts = 5000;

int64_t DayOf(int64_t at) {
  return at >= 0 ? at / kMicrosPerDay : -((-at + kMicrosPerDay - 1) / kMicrosPerDay);
}

// Unicode code points in UTF-8 `text`: what the database's length limits count.
size_t CharacterCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  }));
}

Status CheckLength(const Case& actioned_case, std::string_view field, std::string_view text,
                   size_t max_characters) {
  if (CharacterCount(text) <= max_characters) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("case ", actioned_case.id, ": ", std::string(field), " is longer than the ",
                   max_characters, " characters the DSA database accepts"));
}

Result<std::string> CheckedDate(const Case& actioned_case, std::string_view field, int64_t at,
                                int64_t first_day) {
  const int64_t day = DayOf(at);
  if (day < first_day || day > kDay2038_01_01) {
    return absl::InvalidArgumentError(
        absl::StrCat("case ", actioned_case.id, ": ", std::string(field), " ", StatementDate(at),
                     " is outside the range the DSA database accepts (",
                     StatementDate(first_day * kMicrosPerDay), " to 2038-01-01)"));
  }
  return StatementDate(at);
}

std::string_view DsaSourceType(SourceType type) {
  switch (type) {
    case SourceType::kArticle16Notice:
      return "SOURCE_ARTICLE_16";
    case SourceType::kTrustedFlagger:
      return "SOURCE_TRUSTED_FLAGGER";
    case SourceType::kProactiveMatch:
      return "SOURCE_VOLUNTARY";
    case SourceType::kHotline:
    case SourceType::kRemovalOrder:
    case SourceType::kLawEnforcement:
      return "SOURCE_TYPE_OTHER_NOTIFICATION";
  }
  return "SOURCE_TYPE_OTHER_NOTIFICATION";  // unreachable: every enumerator is handled
}

// The notifier may be named only where that is no personal data: organisations (hotlines,
// trusted flaggers, authorities). An Art. 16 notice may come from a natural person, and the
// database ignores source_identity for own-initiative decisions.
bool MayNameSource(SourceType type) {
  return type != SourceType::kArticle16Notice && type != SourceType::kProactiveMatch;
}

std::string_view SourceDescription(SourceType type) {
  switch (type) {
    case SourceType::kHotline:
      return "a notice from a national hotline";
    case SourceType::kRemovalOrder:
      return "a removal order of an authority";
    case SourceType::kArticle16Notice:
      return "a notice under Article 16 DSA";
    case SourceType::kTrustedFlagger:
      return "a notice from a trusted flagger (Article 22 DSA)";
    case SourceType::kProactiveMatch:
      return "the provider's own scan, which matched a list of hashes of known material";
    case SourceType::kLawEnforcement:
      return "a notification from law enforcement";
  }
  return "";  // unreachable
}

std::string_view ContentTypeOther(ContentKind kind) {
  return kind == ContentKind::kArchive ? "Archive file" : "File of another type";
}

std::string_view DsaContentType(ContentKind kind) {
  switch (kind) {
    case ContentKind::kImage:
      return "CONTENT_TYPE_IMAGE";
    case ContentKind::kVideo:
      return "CONTENT_TYPE_VIDEO";
    case ContentKind::kArchive:
    case ContentKind::kOther:
      return "CONTENT_TYPE_OTHER";
  }
  return "CONTENT_TYPE_OTHER";  // unreachable
}

// Fully: no person took part. Partially: a person confirmed what automated means (a hash match)
// found. Not automated: a person decided on a notice that no automated means had flagged.
std::string_view DsaAutomatedDecision(const Case& actioned_case) {
  if (actioned_case.automated_decision) return "AUTOMATED_DECISION_FULLY";
  if (actioned_case.notice.automated_detection) return "AUTOMATED_DECISION_PARTIALLY";
  return "AUTOMATED_DECISION_NOT_AUTOMATED";
}

Result<std::vector<std::string>> TerritorialScope(const Case& actioned_case,
                                                  const StatementOptions& options) {
  const bool geo_blocked = actioned_case.action == ActionKind::kGeoBlocked;
  const std::vector<std::string>& scope =
      geo_blocked ? actioned_case.territorial_scope : options.default_territorial_scope;
  if (scope.empty()) {
    return geo_blocked ? absl::FailedPreconditionError(absl::StrCat(
                             "case ", actioned_case.id, " is geo-blocked but names no countries"))
                       : absl::InvalidArgumentError("the default territorial scope is empty");
  }
  std::set<std::string> codes;
  for (const std::string& code : scope) {
    if (std::find(kEuEeaCountryCodes.begin(), kEuEeaCountryCodes.end(), code) ==
        kEuEeaCountryCodes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("case ", actioned_case.id,
                                                     ": territorial scope '", code,
                                                     "' is not an EU/EEA country code"));
    }
    codes.insert(code);
  }
  return std::vector<std::string>(codes.begin(), codes.end());
}

Result<std::string> Puid(const Case& actioned_case, const StatementOptions& options) {
  const bool allowed =
      std::all_of(options.puid_prefix.begin(), options.puid_prefix.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
      });
  if (!allowed) {
    return absl::InvalidArgumentError(absl::StrCat("puid prefix '", options.puid_prefix,
                                                   "' may hold only letters, digits, '-' and '_'"));
  }
  std::string puid = absl::StrCat(options.puid_prefix, actioned_case.id);
  if (actioned_case.reopen_count > 0) absl::StrAppend(&puid, "-r", actioned_case.reopen_count);
  CLEARHOST_RETURN_IF_ERROR(CheckLength(actioned_case, "puid", puid, kMaxShortText));
  return puid;
}

std::string DecisionFacts(const Case& actioned_case, const std::vector<std::string>& scope) {
  const Notice& notice = actioned_case.notice;
  std::set<std::string> signal_types;
  for (const NoticeHash& hash : notice.hashes) signal_types.insert(hash.signal_type);
  std::string facts = absl::StrCat(
      "Case ", actioned_case.id, ", opened on ", std::string(SourceDescription(notice.source_type)),
      " received on ", StatementDate(notice.received_at), ". It concerns ", notice.urls.size(),
      " location(s) of ", std::string(ContentKindName(notice.content_kind)), " content");
  if (!signal_types.empty()) {
    absl::StrAppend(&facts, " and gives ", notice.hashes.size(), " hash(es) (",
                    absl::StrJoin(signal_types, ", "), ")");
  }
  absl::StrAppend(&facts, ". The content was ",
                  notice.automated_detection ? "detected by automated means (hash matching)"
                                             : "identified without automated means",
                  ". ");
  const std::string date = StatementDate(*actioned_case.actioned_at);
  switch (*actioned_case.action) {
    case ActionKind::kRemoved:
      absl::StrAppend(&facts, "It was removed on ", date, ".");
      break;
    case ActionKind::kDisabled:
      absl::StrAppend(&facts, "Access to it was disabled on ", date, ".");
      break;
    case ActionKind::kGeoBlocked:
      absl::StrAppend(&facts, "Access to it was disabled in ", absl::StrJoin(scope, ", "), " on ",
                      date, ".");
      break;
  }
  if (actioned_case.reopen_count > 0) {
    absl::StrAppend(&facts, " The content had come back ", actioned_case.reopen_count,
                    " time(s) after an earlier action.");
  }
  return facts;
}

}  // namespace

std::string StatementDate(int64_t at) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{DayOf(at)}}};
  return absl::StrFormat("%04d-%02u-%02u", static_cast<int>(date.year()),
                         static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Result<nlohmann::json> StatementOfReasons(const Case& actioned_case,
                                          const StatementOptions& options) {
  const bool actioned = actioned_case.state == CaseState::kActioned ||
                        actioned_case.state == CaseState::kConfirmedGone;
  if (!actioned || !actioned_case.action || !actioned_case.actioned_at) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case ", actioned_case.id, " is not actioned (state ",
        std::string(CaseStateName(actioned_case.state)), actioned_case.action ? "" : ", no action",
        actioned_case.actioned_at ? "" : ", no actioned_at",
        "): a statement of reasons is only made for a removal, a disabling or a geo-block"));
  }
  const Notice& notice = actioned_case.notice;
  const std::string& legal_ground =
      notice.legal_basis.empty() ? options.default_legal_ground : notice.legal_basis;
  if (legal_ground.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", actioned_case.id,
                     " has no legal basis and no default legal ground is configured"));
  }
  CLEARHOST_RETURN_IF_ERROR(
      CheckLength(actioned_case, "illegal_content_legal_ground", legal_ground, kMaxShortText));
  const std::string explanation = absl::StrReplaceAll(
      options.explanation_template,
      {{"{legal_ground}", legal_ground}, {"{case_id}", absl::StrCat(actioned_case.id)}});
  CLEARHOST_RETURN_IF_ERROR(
      CheckLength(actioned_case, "illegal_content_explanation", explanation, kMaxExplanation));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<std::string> scope,
                             TerritorialScope(actioned_case, options));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string puid, Puid(actioned_case, options));
  CLEARHOST_ASSIGN_OR_RETURN(
      const std::string application_date,
      CheckedDate(actioned_case, "application_date", *actioned_case.actioned_at, kDay2020_01_01));
  // Unknown upload date: the content was hosted at the latest when the notice arrived.
  CLEARHOST_ASSIGN_OR_RETURN(
      const std::string content_date,
      CheckedDate(actioned_case, "content_date", notice.content_date.value_or(notice.received_at),
                  kDay2000_01_01));
  const std::string facts = DecisionFacts(actioned_case, scope);
  CLEARHOST_RETURN_IF_ERROR(CheckLength(actioned_case, "decision_facts", facts, kMaxFacts));

  nlohmann::json statement = {
      {"decision_visibility",
       nlohmann::json::array({actioned_case.action == ActionKind::kRemoved
                                  ? "DECISION_VISIBILITY_CONTENT_REMOVED"
                                  : "DECISION_VISIBILITY_CONTENT_DISABLED"})},
      {"decision_ground", "DECISION_GROUND_ILLEGAL_CONTENT"},
      {"illegal_content_legal_ground", legal_ground},
      {"illegal_content_explanation", explanation},
      {"category", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"},
      {"category_specification", nlohmann::json::array({"KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"})},
      {"content_type", nlohmann::json::array({DsaContentType(notice.content_kind)})},
      {"territorial_scope", scope},
      {"content_date", content_date},
      {"application_date", application_date},
      {"decision_facts", facts},
      {"source_type", DsaSourceType(notice.source_type)},
      {"automated_detection", notice.automated_detection ? "Yes" : "No"},
      {"automated_decision", DsaAutomatedDecision(actioned_case)},
      {"puid", puid},
  };
  if (DsaContentType(notice.content_kind) == "CONTENT_TYPE_OTHER") {
    statement["content_type_other"] = ContentTypeOther(notice.content_kind);
  }
  if (!options.legal_ground_reference_url.empty()) {
    CLEARHOST_RETURN_IF_ERROR(CheckLength(actioned_case, "decision_ground_reference_url",
                                          options.legal_ground_reference_url, kMaxShortText));
    statement["decision_ground_reference_url"] = options.legal_ground_reference_url;
  }
  if (!options.content_language.empty()) {
    const std::string& language = options.content_language;
    if (language.size() != 2 || !std::all_of(language.begin(), language.end(),
                                             [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return absl::InvalidArgumentError(
          absl::StrCat("content language '", language, "' is not an uppercase ISO 639-1 code"));
    }
    statement["content_language"] = options.content_language;
  }
  if (MayNameSource(notice.source_type) && !notice.sender.empty()) {
    CLEARHOST_RETURN_IF_ERROR(
        CheckLength(actioned_case, "source_identity", notice.sender, kMaxShortText));
    statement["source_identity"] = notice.sender;
  }
  return statement;
}

}  // namespace clearhost::cases
