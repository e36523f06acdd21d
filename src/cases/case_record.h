// What a notice-and-takedown case is: the notice that opened it (who sent it, what it points
// at, on what legal basis), its deadline, and where it stands in its life (received ->
// assessing -> actioned -> confirmed gone, or rejected, or escalated). Plain values shared by
// the case store, the deadline rules, the DSA statements of reasons and the transparency report.
// docs/formats.md ("Cases") describes every field as the API and exports spell it.
// Thread-safety: values, no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::cases {

// Who sent the notice, which decides its default deadline and the DSA source type.
enum class SourceType {
  kHotline,          // a national hotline (INHOPE member), e.g. by e-mail with URL and IP
  kRemovalOrder,     // a binding order of an authority (e.g. the Dutch ATKM; TCO orders)
  kArticle16Notice,  // a DSA Art. 16 notice from anyone
  kTrustedFlagger,   // a DSA Art. 22 trusted flagger
  kProactiveMatch,   // the hoster's own scanner matched a hash list
  kLawEnforcement,   // police or prosecutor
};
inline constexpr SourceType kAllSourceTypes[] = {
    SourceType::kHotline,        SourceType::kRemovalOrder,   SourceType::kArticle16Notice,
    SourceType::kTrustedFlagger, SourceType::kProactiveMatch, SourceType::kLawEnforcement};
// "hotline", "removal_order", "article16_notice", "trusted_flagger", "proactive_match",
// "law_enforcement": as stored and as the API spells them.
std::string_view SourceTypeName(SourceType type);
Result<SourceType> ParseSourceType(std::string_view name);

enum class CaseState {
  kReceived,       // opened, nobody has looked yet
  kAssessing,      // someone is on it (the notice is acknowledged)
  kActioned,       // the content was removed, disabled or geo-blocked
  kConfirmedGone,  // re-checked: the content is no longer reachable
  kRejected,       // not actioned, with a reason (e.g. not illegal, not ours)
  kEscalated,      // handed on (law enforcement, legal review)
};
// "received", "assessing", "actioned", "confirmed_gone", "rejected", "escalated".
std::string_view CaseStateName(CaseState state);
Result<CaseState> ParseCaseState(std::string_view name);

// What was done to the content.
enum class ActionKind { kRemoved, kDisabled, kGeoBlocked };
// "removed", "disabled", "geo_blocked".
std::string_view ActionKindName(ActionKind kind);
Result<ActionKind> ParseActionKind(std::string_view name);

// What the content is, as far as the notice or the scanner says.
enum class ContentKind { kImage, kVideo, kArchive, kOther };
// "image", "video", "archive", "other".
std::string_view ContentKindName(ContentKind kind);
Result<ContentKind> ParseContentKind(std::string_view name);

// A hash the notice gives for the content: signal type ("pdq", "md5", "sha1", "sha256") and
// value (lowercase hex).
struct NoticeHash {
  std::string signal_type{};
  std::string value{};
  friend bool operator==(const NoticeHash&, const NoticeHash&) = default;
};

// A notice as received. Times are Unix microseconds, UTC.
struct Notice {
  SourceType source_type = SourceType::kHotline;
  std::string sender{};             // who sent it: the token's principal, or the scanner's name
  std::string reference{};          // the sender's own id for the notice ("" if none)
  std::vector<std::string> urls{};  // at least one; http or https
  std::string ip{};  // the IP the URL resolved to, as the notice gives it ("" if none)
  std::vector<NoticeHash> hashes{};
  std::string reason{};        // why the sender says it is illegal
  std::string legal_basis{};   // e.g. "NL Sr art. 252", "ATKM", "Regulation (EU) 2021/784"
  std::string member_state{};  // the ordering authority's EU member state (ISO alpha-2), orders
  ContentKind content_kind = ContentKind::kImage;
  bool automated_detection = false;  // found by automated means (hash match, classifier)
  int64_t received_at = 0;
  std::optional<int64_t> order_deadline{};  // the deadline the order itself sets, if any
  std::optional<int64_t> content_date{};    // when the content was uploaded/created, if known

  friend bool operator==(const Notice&, const Notice&) = default;
};

struct Case {
  int64_t id = 0;
  Notice notice{};
  CaseState state = CaseState::kReceived;
  std::optional<ActionKind> action{};            // set once actioned
  std::vector<std::string> territorial_scope{};  // geo-block: the countries it applies to
  std::string rejection_reason{};                // set when rejected
  bool automated_decision = false;               // the action was taken without a person
  int64_t opened_at = 0;
  int64_t deadline = 0;                      // act by then
  std::optional<int64_t> acknowledged_at{};  // first left "received"
  std::optional<int64_t> actioned_at{};      // (last) actioned
  std::optional<int64_t> closed_at{};        // confirmed gone or rejected
  int64_t reopen_count = 0;                  // times the content came back
  int64_t version = 1;                       // bumped by every change (optimistic locking)
  int64_t updated_at = 0;

  friend bool operator==(const Case&, const Case&) = default;
};

// One transition in a case's history.
struct CaseEvent {
  int64_t case_id = 0;
  int64_t at = 0;
  std::string actor{};
  std::optional<CaseState> from_state{};  // none for the opening event
  CaseState to_state = CaseState::kReceived;
  std::string note{};
  friend bool operator==(const CaseEvent&, const CaseEvent&) = default;
};

}  // namespace clearhost::cases
