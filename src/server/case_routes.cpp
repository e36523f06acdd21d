// The case routes: POST /v1/notices, GET /v1/cases, GET /v1/cases/{id}, GET
// /v1/cases/{id}/events, POST /v1/cases/{id}/transitions, GET /v1/deadlines.
#include <charconv>
#include <string>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "server/case_json.h"
#include "server/http_json.h"
#include "server/route_context.h"

namespace clearhost::server {
namespace {

using cases::Case;
using cases::CaseStore;

constexpr std::string_view kCaseIdPattern = R"(/v1/cases/(\d{1,18}))";

Result<int64_t> IntegerParameter(const httplib::Request& request, const std::string& name) {
  const std::string text = request.get_param_value(name.c_str());
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("query parameter ", name, ": '", text, "' is not an integer"));
  }
  return value;
}

Result<bool> FlagParameter(const httplib::Request& request, const std::string& name) {
  const std::string text = request.get_param_value(name.c_str());
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("query parameter ", name, ": expected true or false, not '", text, "'"));
}

Status CheckKnownParameters(const httplib::Request& request,
                            std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown query parameter '", name, "'"));
    }
  }
  return Status();
}

// A notifier sees its own cases only; anyone else's is "not found", not "forbidden", so case
// numbers reveal nothing.
Result<Case> VisibleCase(CaseStore& store, int64_t id, const Caller& caller) {
  Result<Case> found = store.Get(id);
  if (found.ok() && caller.role == Role::kNotifier && found->notice.sender != caller.principal) {
    return absl::NotFoundError(absl::StrCat("no case ", id));
  }
  return found;
}

// Who may send what: notifiers and regulators send as themselves; a regulator sends orders, a
// notifier neither orders nor scanner matches. Operators and admins may enter a notice on
// someone's behalf (e.g. one that came by e-mail).
Status CheckSender(cases::Notice& notice, const Caller& caller) {
  if (caller.role == Role::kNotifier || caller.role == Role::kRegulator) {
    if (!notice.sender.empty() && notice.sender != caller.principal) {
      return absl::PermissionDeniedError(
          absl::StrCat("sender: notices from this token are sent as '", caller.principal, "'"));
    }
    notice.sender = caller.principal;
  } else if (notice.sender.empty()) {
    notice.sender = caller.principal;
  }
  const cases::SourceType type = notice.source_type;
  if (caller.role == Role::kRegulator && type != cases::SourceType::kRemovalOrder) {
    return absl::PermissionDeniedError("a regulator token sends removal_order notices only");
  }
  if (caller.role == Role::kNotifier &&
      (type == cases::SourceType::kRemovalOrder || type == cases::SourceType::kProactiveMatch)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "a notifier token may not send ", std::string(cases::SourceTypeName(type)), " notices"));
  }
  return Status();
}

nlohmann::ordered_json CaseList(const std::vector<Case>& found, int64_t now) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Case& item : found) list.push_back(CaseToJson(item, now));
  return list;
}

Result<cases::CaseFilter> ListFilter(const httplib::Request& request, const Caller& caller,
                                     int64_t now) {
  CLEARHOST_RETURN_IF_ERROR(CheckKnownParameters(
      request, {"state", "source_type", "open", "overdue", "due_within_hours", "sender", "url",
                "before_id", "limit", "received_from", "received_until"}));
  cases::CaseFilter filter;
  if (request.has_param("state")) {
    CLEARHOST_ASSIGN_OR_RETURN(filter.state,
                               cases::ParseCaseState(request.get_param_value("state")));
  }
  if (request.has_param("source_type")) {
    CLEARHOST_ASSIGN_OR_RETURN(filter.source_type,
                               cases::ParseSourceType(request.get_param_value("source_type")));
  }
  if (request.has_param("open")) {
    CLEARHOST_ASSIGN_OR_RETURN(filter.open_only, FlagParameter(request, "open"));
  }
  if (request.has_param("overdue")) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool overdue, FlagParameter(request, "overdue"));
    if (overdue) filter.deadline_before = now;
  }
  if (request.has_param("due_within_hours")) {
    CLEARHOST_ASSIGN_OR_RETURN(const int64_t hours, IntegerParameter(request, "due_within_hours"));
    if (hours < 0 || hours > 24 * 365) {
      return absl::InvalidArgumentError("query parameter due_within_hours: 0 to 8760");
    }
    filter.deadline_before = now + hours * cases::kMicrosPerHour;
  }
  if (request.has_param("sender")) filter.sender = request.get_param_value("sender");
  if (caller.role == Role::kNotifier) filter.sender = caller.principal;
  if (request.has_param("url")) filter.url = request.get_param_value("url");
  if (request.has_param("before_id")) {
    CLEARHOST_ASSIGN_OR_RETURN(filter.before_id, IntegerParameter(request, "before_id"));
  }
  if (request.has_param("limit")) {
    CLEARHOST_ASSIGN_OR_RETURN(filter.limit, IntegerParameter(request, "limit"));
  }
  if (request.has_param("received_from")) {
    CLEARHOST_ASSIGN_OR_RETURN(
        filter.received_from,
        ParseTime(request.get_param_value("received_from"), "query parameter received_from"));
  }
  if (request.has_param("received_until")) {
    CLEARHOST_ASSIGN_OR_RETURN(
        filter.received_until,
        ParseTime(request.get_param_value("received_until"), "query parameter received_until"));
  }
  return filter;
}

}  // namespace

void AddCaseRoutes(httplib::Server& http, const RouteContext& context) {
  const RoleSet everyone = {Role::kAdmin, Role::kOperator, Role::kNotifier, Role::kRegulator,
                            Role::kAuditor};
  const RoleSet case_workers = {Role::kAdmin, Role::kOperator};
  const cases::DeadlinePolicy& policy = context.options.deadlines;

  http.Post(
      "/v1/notices",
      context.Wrap({Role::kAdmin, Role::kOperator, Role::kNotifier, Role::kRegulator},
                   [&policy](const httplib::Request& request, httplib::Response& response,
                             const Caller& caller, store::SqlConnection& database) {
                     CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                     CLEARHOST_ASSIGN_OR_RETURN(cases::Notice notice, NoticeFromJson(body));
                     CLEARHOST_RETURN_IF_ERROR(CheckSender(notice, caller));
                     CaseStore store(database, policy);
                     CLEARHOST_ASSIGN_OR_RETURN(const cases::IntakeResult result,
                                                store.Intake(std::move(notice), caller.principal));
                     response.set_header("Location", absl::StrCat("/v1/cases/", result.opened.id));
                     ReplyJson(response, result.created ? 201 : 200,
                               {{"created", result.created},
                                {"case", CaseToJson(result.opened, SystemClockMicros())}});
                     return Status();
                   }));

  http.Get("/v1/cases", context.Wrap(everyone, [&policy](const httplib::Request& request,
                                                         httplib::Response& response,
                                                         const Caller& caller,
                                                         store::SqlConnection& database) {
    const int64_t now = SystemClockMicros();
    CLEARHOST_ASSIGN_OR_RETURN(const cases::CaseFilter filter, ListFilter(request, caller, now));
    CaseStore store(database, policy);
    CLEARHOST_ASSIGN_OR_RETURN(const std::vector<Case> found, store.List(filter));
    nlohmann::ordered_json body{{"cases", CaseList(found, now)}};
    if (static_cast<int64_t>(found.size()) == filter.limit) {
      body["next_before_id"] = found.back().id;
    }
    ReplyJson(response, 200, body);
    return Status();
  }));

  http.Get(
      std::string(kCaseIdPattern),
      context.Wrap(everyone, [&policy](const httplib::Request& request, httplib::Response& response,
                                       const Caller& caller, store::SqlConnection& database) {
        CaseStore store(database, policy);
        CLEARHOST_ASSIGN_OR_RETURN(const Case found,
                                   VisibleCase(store, std::stoll(request.matches[1]), caller));
        ReplyJson(response, 200, CaseToJson(found, SystemClockMicros()));
        return Status();
      }));

  http.Get(
      absl::StrCat(std::string(kCaseIdPattern), "/events"),
      context.Wrap(everyone, [&policy](const httplib::Request& request, httplib::Response& response,
                                       const Caller& caller, store::SqlConnection& database) {
        CaseStore store(database, policy);
        const int64_t id = std::stoll(request.matches[1]);
        CLEARHOST_RETURN_IF_ERROR(VisibleCase(store, id, caller).status());
        CLEARHOST_ASSIGN_OR_RETURN(const std::vector<cases::CaseEvent> events, store.Events(id));
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const cases::CaseEvent& event : events) list.push_back(EventToJson(event));
        ReplyJson(response, 200, {{"case_id", id}, {"events", list}});
        return Status();
      }));

  http.Post(absl::StrCat(std::string(kCaseIdPattern), "/transitions"),
            context.Wrap(case_workers, [&policy](const httplib::Request& request,
                                                 httplib::Response& response, const Caller& caller,
                                                 store::SqlConnection& database) {
              CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
              CLEARHOST_ASSIGN_OR_RETURN(const cases::TransitionRequest transition,
                                         TransitionFromJson(body, caller.principal));
              CaseStore store(database, policy);
              CLEARHOST_ASSIGN_OR_RETURN(
                  const Case changed, store.Transition(std::stoll(request.matches[1]), transition));
              ReplyJson(response, 200, CaseToJson(changed, SystemClockMicros()));
              return Status();
            }));

  http.Get("/v1/deadlines", context.Wrap(case_workers, [&policy](const httplib::Request& request,
                                                                 httplib::Response& response,
                                                                 const Caller&,
                                                                 store::SqlConnection& database) {
    CLEARHOST_RETURN_IF_ERROR(CheckKnownParameters(request, {"within_hours"}));
    int64_t hours = 2;
    if (request.has_param("within_hours")) {
      CLEARHOST_ASSIGN_OR_RETURN(hours, IntegerParameter(request, "within_hours"));
      if (hours < 0 || hours > 24 * 365) {
        return absl::InvalidArgumentError("query parameter within_hours: 0 to 8760");
      }
    }
    const int64_t now = SystemClockMicros();
    CaseStore store(database, policy);
    CLEARHOST_ASSIGN_OR_RETURN(const std::vector<Case> overdue,
                               store.List({.deadline_before = now, .limit = 1000}));
    CLEARHOST_ASSIGN_OR_RETURN(
        std::vector<Case> due,
        store.List({.deadline_before = now + hours * cases::kMicrosPerHour, .limit = 1000}));
    std::erase_if(due, [now](const Case& item) { return item.deadline < now; });
    ReplyJson(response, 200,
              {{"now", IsoTime(now)},
               {"overdue", CaseList(overdue, now)},
               {"due_soon", CaseList(due, now)}});
    return Status();
  }));
}

}  // namespace clearhost::server
