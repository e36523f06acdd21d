#include "server/case_json.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cases/case_transitions.h"
#include "core/iso_time.h"
#include "stats/field_parse.h"

namespace clearhost::server {
namespace {

using cases::Case;
using cases::Notice;

Status FieldError(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": ", std::string(problem)));
}

// The body must be an object with no field outside `known`.
Status CheckObject(const nlohmann::json& body, const std::set<std::string_view>& known) {
  if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    if (!known.contains(name)) {
      std::vector<std::string> names(known.begin(), known.end());
      return FieldError(name,
                        absl::StrCat("unknown field; known fields: ", absl::StrJoin(names, ", ")));
    }
  }
  return Status();
}

Result<std::string> Text(const nlohmann::json& body, std::string_view field) {
  const auto found = body.find(field);
  if (found == body.end() || found->is_null()) return std::string();
  if (!found->is_string()) return FieldError(field, "expected a string");
  return found->get<std::string>();
}

Result<bool> Flag(const nlohmann::json& body, std::string_view field) {
  const auto found = body.find(field);
  if (found == body.end() || found->is_null()) return false;
  if (!found->is_boolean()) return FieldError(field, "expected true or false");
  return found->get<bool>();
}

Result<std::vector<std::string>> TextList(const nlohmann::json& body, std::string_view field) {
  std::vector<std::string> out;
  const auto found = body.find(field);
  if (found == body.end() || found->is_null()) return out;
  if (!found->is_array()) return FieldError(field, "expected an array of strings");
  for (const nlohmann::json& item : *found) {
    if (!item.is_string()) return FieldError(field, "expected an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::optional<int64_t>> OptionalTime(const nlohmann::json& body, std::string_view field) {
  CLEARHOST_ASSIGN_OR_RETURN(const std::string text, Text(body, field));
  if (text.empty()) return std::optional<int64_t>();
  CLEARHOST_ASSIGN_OR_RETURN(const int64_t micros, ParseTime(text, field));
  return std::optional<int64_t>(micros);
}

template <typename Enum>
Result<Enum> EnumField(Result<Enum> parsed, std::string_view field) {
  if (parsed.ok()) return parsed;
  return FieldError(field, std::string(parsed.status().message()));
}

nlohmann::json OptionalTimeJson(const std::optional<int64_t>& micros) {
  return micros ? nlohmann::json(IsoTime(*micros)) : nlohmann::json(nullptr);
}

}  // namespace

Result<int64_t> ParseTime(std::string_view text, std::string_view field) {
  Result<int64_t> seconds = stats::ParseTimestamp(text);
  if (!seconds.ok()) return FieldError(field, std::string(seconds.status().message()));
  return *seconds * 1'000'000;
}

Result<Notice> NoticeFromJson(const nlohmann::json& body) {
  CLEARHOST_RETURN_IF_ERROR(
      CheckObject(body, {"source_type", "sender", "reference", "urls", "ip", "hashes", "reason",
                         "legal_basis", "member_state", "content_kind", "automated_detection",
                         "received_at", "order_deadline", "content_date"}));
  Notice notice;
  CLEARHOST_ASSIGN_OR_RETURN(const std::string source_type, Text(body, "source_type"));
  if (source_type.empty()) return FieldError("source_type", "is required");
  CLEARHOST_ASSIGN_OR_RETURN(notice.source_type,
                             EnumField(cases::ParseSourceType(source_type), "source_type"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.sender, Text(body, "sender"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.reference, Text(body, "reference"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.urls, TextList(body, "urls"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.ip, Text(body, "ip"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.reason, Text(body, "reason"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.legal_basis, Text(body, "legal_basis"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.member_state, Text(body, "member_state"));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string content_kind, Text(body, "content_kind"));
  if (!content_kind.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(notice.content_kind,
                               EnumField(cases::ParseContentKind(content_kind), "content_kind"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(notice.automated_detection, Flag(body, "automated_detection"));
  CLEARHOST_ASSIGN_OR_RETURN(const std::optional<int64_t> received_at,
                             OptionalTime(body, "received_at"));
  notice.received_at = received_at.value_or(0);
  CLEARHOST_ASSIGN_OR_RETURN(notice.order_deadline, OptionalTime(body, "order_deadline"));
  CLEARHOST_ASSIGN_OR_RETURN(notice.content_date, OptionalTime(body, "content_date"));
  const auto hashes = body.find("hashes");
  if (hashes != body.end() && !hashes->is_null()) {
    if (!hashes->is_array()) return FieldError("hashes", "expected an array of objects");
    for (size_t i = 0; i < hashes->size(); ++i) {
      const nlohmann::json& hash = (*hashes)[i];
      const std::string field = absl::StrCat("hashes[", i, "]");
      if (!hash.is_object() || hash.size() != 2 || !hash.contains("signal_type") ||
          !hash.contains("value") || !hash["signal_type"].is_string() ||
          !hash["value"].is_string()) {
        return FieldError(field, "expected {\"signal_type\": \"pdq\", \"value\": \"<hex>\"}");
      }
      notice.hashes.push_back(
          {hash["signal_type"].get<std::string>(), hash["value"].get<std::string>()});
    }
  }
  return notice;
}

Result<cases::TransitionRequest> TransitionFromJson(const nlohmann::json& body,
                                                    std::string_view actor) {
  CLEARHOST_RETURN_IF_ERROR(CheckObject(body, {"to", "note", "action", "territorial_scope",
                                               "reason", "automated", "expected_version"}));
  cases::TransitionRequest request;
  request.actor = std::string(actor);
  CLEARHOST_ASSIGN_OR_RETURN(const std::string to, Text(body, "to"));
  if (to.empty()) return FieldError("to", "is required");
  CLEARHOST_ASSIGN_OR_RETURN(request.to_state, EnumField(cases::ParseCaseState(to), "to"));
  CLEARHOST_ASSIGN_OR_RETURN(request.note, Text(body, "note"));
  CLEARHOST_ASSIGN_OR_RETURN(const std::string action, Text(body, "action"));
  if (!action.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(request.action, EnumField(cases::ParseActionKind(action), "action"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(request.territorial_scope, TextList(body, "territorial_scope"));
  CLEARHOST_ASSIGN_OR_RETURN(request.reason, Text(body, "reason"));
  CLEARHOST_ASSIGN_OR_RETURN(request.automated, Flag(body, "automated"));
  const auto version = body.find("expected_version");
  if (version != body.end() && !version->is_null()) {
    if (!version->is_number_integer()) return FieldError("expected_version", "expected an integer");
    request.expected_version = version->get<int64_t>();
  }
  return request;
}

nlohmann::ordered_json CaseToJson(const Case& item, int64_t now) {
  const Notice& notice = item.notice;
  nlohmann::json hashes = nlohmann::json::array();
  for (const cases::NoticeHash& hash : notice.hashes) {
    hashes.push_back({{"signal_type", hash.signal_type}, {"value", hash.value}});
  }
  return {
      {"id", item.id},
      {"state", cases::CaseStateName(item.state)},
      {"version", item.version},
      {"source_type", cases::SourceTypeName(notice.source_type)},
      {"sender", notice.sender},
      {"reference", notice.reference},
      {"urls", notice.urls},
      {"ip", notice.ip},
      {"hashes", hashes},
      {"reason", notice.reason},
      {"legal_basis", notice.legal_basis},
      {"member_state", notice.member_state},
      {"content_kind", cases::ContentKindName(notice.content_kind)},
      {"automated_detection", notice.automated_detection},
      {"received_at", IsoTime(notice.received_at)},
      {"order_deadline", OptionalTimeJson(notice.order_deadline)},
      {"content_date", OptionalTimeJson(notice.content_date)},
      {"deadline", IsoTime(item.deadline)},
      {"deadline_local", LocalIsoTime(item.deadline)},
      {"overdue", cases::IsOpenState(item.state) && item.deadline < now},
      {"action",
       item.action ? nlohmann::json(cases::ActionKindName(*item.action)) : nlohmann::json(nullptr)},
      {"territorial_scope", item.territorial_scope},
      {"rejection_reason", item.rejection_reason},
      {"automated_decision", item.automated_decision},
      {"opened_at", IsoTime(item.opened_at)},
      {"acknowledged_at", OptionalTimeJson(item.acknowledged_at)},
      {"actioned_at", OptionalTimeJson(item.actioned_at)},
      {"closed_at", OptionalTimeJson(item.closed_at)},
      {"reopen_count", item.reopen_count},
      {"updated_at", IsoTime(item.updated_at)},
  };
}

nlohmann::ordered_json EventToJson(const cases::CaseEvent& event) {
  return {{"at", IsoTime(event.at)},
          {"actor", event.actor},
          {"from", event.from_state ? nlohmann::json(cases::CaseStateName(*event.from_state))
                                    : nlohmann::json(nullptr)},
          {"to", cases::CaseStateName(event.to_state)},
          {"note", event.note}};
}

}  // namespace clearhost::server
