// The dashboard's case pages: GET /ui (the cases with their deadlines: overdue first, then by
// time left, then the closed ones newest first; filters state and open), GET /ui/cases/{id}
// (the case, its URLs, hashes and history, and a form per transition the state machine allows)
// and POST /ui/cases/{id}/transitions, which applies a transition exactly as the JSON route POST
// /v1/cases/{id}/transitions does (server/case_json.h's TransitionFromJson, then
// CaseStore::Transition), as the session's principal.
#include <algorithm>
#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cases/case_store.h"
#include "core/clock.h"
#include "server/case_json.h"
#include "server/http_json.h"
#include "server/ui_html.h"
#include "server/ui_page.h"
#include "server/ui_routes.h"

namespace clearhost::server {
namespace {

using cases::Case;
using cases::CaseState;

constexpr std::string_view kCasePagePattern = R"(/ui/cases/(\d{1,18}))";
constexpr CaseState kAllStates[] = {CaseState::kReceived, CaseState::kAssessing,
                                    CaseState::kActioned, CaseState::kConfirmedGone,
                                    CaseState::kRejected, CaseState::kEscalated};

// The order of the transition forms: forward first, re-opening last.
constexpr CaseState kTransitionOrder[] = {CaseState::kAssessing,     CaseState::kActioned,
                                          CaseState::kConfirmedGone, CaseState::kRejected,
                                          CaseState::kEscalated,     CaseState::kReceived};

std::string CaseLink(int64_t id) {
  return absl::StrCat("<a href=\"/ui/cases/", id, "\">#", id, "</a>");
}

std::string DeadlineCell(const Case& item, int64_t now) {
  if (!cases::IsOpenState(item.state)) {
    return absl::StrCat("<span class=\"muted\">", HtmlEscape(MinuteText(item.deadline)), "</span>");
  }
  return absl::StrCat(HtmlEscape(DeadlineText(item.deadline, now)), "<br><span class=\"muted\">",
                      HtmlEscape(MinuteText(item.deadline)), "</span>");
}

// Open cases by deadline (the overdue ones first), then the rest as listed (newest first).
void OrderByUrgency(std::vector<Case>& found) {
  const auto open_end = std::stable_partition(
      found.begin(), found.end(), [](const Case& item) { return cases::IsOpenState(item.state); });
  std::stable_sort(found.begin(), open_end,
                   [](const Case& a, const Case& b) { return a.deadline < b.deadline; });
}

std::string FilterForm(const std::optional<CaseState>& state, bool open_only) {
  std::string options = "<option value=\"\">any</option>";
  for (const CaseState candidate : kAllStates) {
    const std::string name(cases::CaseStateName(candidate));
    absl::StrAppend(&options, "<option value=\"", name, "\"", state == candidate ? " selected" : "",
                    ">", name, "</option>");
  }
  return absl::StrCat(
      "<form method=\"get\" action=\"/ui\" class=\"filters\"><label>State <select "
      "name=\"state\">",
      options, "</select></label><label><input type=\"checkbox\" name=\"open\" value=\"1\"",
      open_only ? " checked" : "",
      "> open cases only</label><button type=\"submit\">Filter</button></form>");
}

Status CaseListPage(const UiRequest& request, httplib::Response& response,
                    const cases::DeadlinePolicy& policy) {
  cases::CaseFilter filter{.limit = 1000};
  const std::string state = request.http.get_param_value("state");
  if (!state.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(filter.state, cases::ParseCaseState(state));
  }
  filter.open_only = request.http.get_param_value("open") == "1";
  const int64_t now = SystemClockMicros();
  cases::CaseStore store(request.database, policy);
  CLEARHOST_ASSIGN_OR_RETURN(std::vector<Case> found, store.List(filter));
  OrderByUrgency(found);
  const auto overdue = std::count_if(found.begin(), found.end(), [now](const Case& item) {
    return cases::IsOpenState(item.state) && item.deadline <= now;
  });
  std::string body = FilterForm(filter.state, filter.open_only);
  absl::StrAppend(&body, "<p>", found.size(), found.size() == 1 ? " case" : " cases", ", ", overdue,
                  " overdue", found.size() == 1000 ? " (the newest 1000)" : "",
                  ".</p><table class=\"cases\"><thead><tr><th>Case</th><th>State</th>"
                  "<th>Deadline</th><th>Source</th><th>Sender</th><th>Reference</th><th>URL</th>"
                  "<th>Received</th></tr></thead><tbody>\n");
  for (const Case& item : found) {
    const bool late = cases::IsOpenState(item.state) && item.deadline <= now;
    const std::string more =
        item.notice.urls.size() > 1 ? absl::StrCat(" (+", item.notice.urls.size() - 1, ")") : "";
    absl::StrAppend(&body, "<tr class=\"", late ? "overdue" : "case", "\" data-case-id=\"", item.id,
                    "\"><td>", CaseLink(item.id), "</td><td>",
                    std::string(cases::CaseStateName(item.state)), "</td><td class=\"deadline\">",
                    DeadlineCell(item, now), "</td><td>",
                    std::string(cases::SourceTypeName(item.notice.source_type)), "</td><td>",
                    HtmlEscape(item.notice.sender), "</td><td>", HtmlEscape(item.notice.reference),
                    "</td><td class=\"mono\">",
                    HtmlEscape(item.notice.urls.empty() ? "" : item.notice.urls.front()), more,
                    "</td><td>", HtmlEscape(MinuteText(item.notice.received_at)), "</td></tr>\n");
  }
  absl::StrAppend(&body, "</tbody></table>");
  ReplyHtml(response, 200, RenderPage("Cases", body, &request.session));
  return Status();
}

std::string Row(std::string_view name, std::string_view html) {
  return absl::StrCat("<tr><th>", std::string(name), "</th><td>", std::string(html), "</td></tr>");
}

std::string OptionalTime(const std::optional<int64_t>& micros) {
  return micros ? HtmlEscape(MinuteText(*micros)) : "–";
}

std::string_view TransitionLabel(CaseState to) {
  switch (to) {
    case CaseState::kReceived:
      return "Re-open";
    case CaseState::kAssessing:
      return "Assess";
    case CaseState::kActioned:
      return "Action";
    case CaseState::kConfirmedGone:
      return "Confirm gone";
    case CaseState::kRejected:
      return "Reject";
    case CaseState::kEscalated:
      return "Escalate";
  }
  return "";
}

// One form per transition the state machine allows from the case's state.
std::string TransitionForms(const Case& item, const UiSession& session) {
  std::string forms;
  for (const CaseState to : kTransitionOrder) {
    if (!cases::IsAllowedTransition(item.state, to)) continue;
    const std::string name(cases::CaseStateName(to));
    absl::StrAppend(&forms, "<form method=\"post\" action=\"/ui/cases/", item.id,
                    "/transitions\" class=\"transition\" data-to=\"", name, "\">",
                    CsrfField(session.csrf_token), "<input type=\"hidden\" name=\"to\" value=\"",
                    name, "\"><input type=\"hidden\" name=\"expected_version\" value=\"",
                    item.version, "\">");
    if (to == CaseState::kActioned) {
      absl::StrAppend(&forms,
                      "<label>Action <select name=\"action\"><option value=\"removed\">removed"
                      "</option><option value=\"disabled\">disabled</option><option "
                      "value=\"geo_blocked\">geo_blocked</option></select></label><label>Scope "
                      "(geo-block) <input name=\"territorial_scope\" size=\"8\" "
                      "placeholder=\"NL BE\"></label>");
    }
    if (to == CaseState::kRejected) {
      absl::StrAppend(&forms, "<label>Reason <input name=\"reason\" required></label>");
    }
    absl::StrAppend(&forms, "<label>Note <input name=\"note\"></label><button type=\"submit\">",
                    std::string(TransitionLabel(to)), "</button></form>\n");
  }
  return forms;
}

std::string CasePageBody(const Case& item, const std::vector<cases::CaseEvent>& events,
                         const UiSession& session, std::string_view error, int64_t now) {
  const cases::Notice& notice = item.notice;
  std::string body;
  if (!error.empty()) absl::StrAppend(&body, "<p class=\"error\">", HtmlEscape(error), "</p>");
  std::string scope;
  for (const std::string& country : item.territorial_scope) {
    absl::StrAppend(&scope, scope.empty() ? "" : " ", HtmlEscape(country));
  }
  absl::StrAppend(
      &body, "<table class=\"details\">",
      Row("State",
          absl::StrCat("<span class=\"state\">", std::string(cases::CaseStateName(item.state)),
                       "</span> (version ", item.version, ")")),
      Row("Deadline", DeadlineCell(item, now)),
      Row("Source", std::string(cases::SourceTypeName(notice.source_type))),
      Row("Sender", HtmlEscape(notice.sender)), Row("Reference", HtmlEscape(notice.reference)),
      Row("Received", HtmlEscape(MinuteText(notice.received_at))), Row("IP", HtmlEscape(notice.ip)),
      Row("Legal basis", HtmlEscape(notice.legal_basis)),
      Row("Member state", HtmlEscape(notice.member_state)),
      Row("Reason", HtmlEscape(notice.reason)),
      Row("Content", std::string(cases::ContentKindName(notice.content_kind))),
      Row("Action", item.action ? std::string(cases::ActionKindName(*item.action)) : "–"),
      Row("Territorial scope", scope), Row("Rejection reason", HtmlEscape(item.rejection_reason)),
      Row("Acknowledged", OptionalTime(item.acknowledged_at)),
      Row("Actioned", OptionalTime(item.actioned_at)), Row("Closed", OptionalTime(item.closed_at)),
      Row("Re-opened", absl::StrCat(item.reopen_count, " times")), "</table>\n");
  absl::StrAppend(&body, "<h2>URLs</h2><ul class=\"urls\">");
  for (const std::string& url : notice.urls) {
    absl::StrAppend(&body, "<li class=\"mono\">", HtmlEscape(url), "</li>");
  }
  absl::StrAppend(&body, "</ul><h2>Hashes</h2>");
  if (notice.hashes.empty()) absl::StrAppend(&body, "<p class=\"muted\">none given</p>");
  for (const cases::NoticeHash& hash : notice.hashes) {
    absl::StrAppend(&body, "<p>", HtmlEscape(hash.signal_type), " <span class=\"mono\">",
                    HtmlEscape(hash.value), "</span></p>");
  }
  absl::StrAppend(&body,
                  "<h2>History</h2><table class=\"events\"><thead><tr><th>At</th><th>Actor</th>"
                  "<th>From</th><th>To</th><th>Note</th></tr></thead><tbody>");
  for (const cases::CaseEvent& event : events) {
    absl::StrAppend(&body, "<tr><td>", HtmlEscape(MinuteText(event.at)), "</td><td>",
                    HtmlEscape(event.actor), "</td><td>",
                    event.from_state ? std::string(cases::CaseStateName(*event.from_state)) : "–",
                    "</td><td>", std::string(cases::CaseStateName(event.to_state)), "</td><td>",
                    HtmlEscape(event.note), "</td></tr>");
  }
  absl::StrAppend(&body, "</tbody></table>");
  if (kUiCaseWorkers.contains(session.caller.role)) {
    const std::string forms = TransitionForms(item, session);
    absl::StrAppend(&body, "<h2>Next step</h2>",
                    forms.empty() ? "<p class=\"muted\">none: the case is closed</p>" : forms);
  }
  return body;
}

// The case page; `error` (with its HTTP status) when a transition was refused.
Status ReplyCasePage(const UiRequest& request, httplib::Response& response, cases::CaseStore& store,
                     int64_t id, const Status& error) {
  CLEARHOST_ASSIGN_OR_RETURN(const Case item, store.Get(id));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<cases::CaseEvent> events, store.Events(id));
  ReplyHtml(response, error.ok() ? 200 : HttpStatusFor(error.code()),
            RenderPage(absl::StrCat("Case #", id),
                       CasePageBody(item, events, request.session, std::string(error.message()),
                                    SystemClockMicros()),
                       &request.session));
  return Status();
}

// The JSON body POST /v1/cases/{id}/transitions would get for this form.
Result<nlohmann::json> TransitionBody(const FormFields& form) {
  nlohmann::json body{{"to", FormValue(form, "to")}};
  const std::string version = FormValue(form, "expected_version");
  if (!version.empty()) {
    int64_t value = 0;
    const auto [end, problem] =
        std::from_chars(version.data(), version.data() + version.size(), value);
    if (problem != std::errc() || end != version.data() + version.size()) {
      return absl::InvalidArgumentError("expected_version: not an integer");
    }
    body["expected_version"] = value;
  }
  if (body["to"] == "actioned") {
    body["action"] = FormValue(form, "action");
    nlohmann::json scope = nlohmann::json::array();
    for (const absl::string_view country : absl::StrSplit(
             FormValue(form, "territorial_scope"), absl::ByAnyChar(" ,"), absl::SkipEmpty())) {
      scope.push_back(std::string(country));
    }
    if (!scope.empty()) body["territorial_scope"] = scope;
  }
  if (body["to"] == "rejected") body["reason"] = FormValue(form, "reason");
  const std::string note = FormValue(form, "note");
  if (!note.empty()) body["note"] = note;
  return body;
}

// The form's transition, as the JSON route applies it, made by the session's principal.
Status ApplyTransition(cases::CaseStore& store, int64_t id, const UiRequest& request) {
  CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, TransitionBody(request.form));
  CLEARHOST_ASSIGN_OR_RETURN(const cases::TransitionRequest transition,
                             TransitionFromJson(body, request.session.caller.principal));
  return store.Transition(id, transition).status();
}

}  // namespace

void AddUiCaseRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui) {
  const cases::DeadlinePolicy& policy = ui->routes.options.deadlines;
  http.Get("/ui",
           UiWrap(ui, kUiRoles, [&policy](const UiRequest& request, httplib::Response& response) {
             return CaseListPage(request, response, policy);
           }));

  http.Get(std::string(kCasePagePattern),
           UiWrap(ui, kUiRoles, [&policy](const UiRequest& request, httplib::Response& response) {
             cases::CaseStore store(request.database, policy);
             return ReplyCasePage(request, response, store, std::stoll(request.http.matches[1]),
                                  Status());
           }));

  http.Post(
      absl::StrCat(std::string(kCasePagePattern), "/transitions"),
      UiWrap(ui, kUiCaseWorkers, [&policy](const UiRequest& request, httplib::Response& response) {
        const int64_t id = std::stoll(request.http.matches[1]);
        cases::CaseStore store(request.database, policy);
        const Status refused = ApplyTransition(store, id, request);
        if (refused.ok()) {
          ReplyRedirect(response, absl::StrCat("/ui/cases/", id));
          return Status();
        }
        // Unknown case, unreachable database: the error page; a refused change: the case again.
        if (refused.code() == absl::StatusCode::kNotFound || HttpStatusFor(refused.code()) >= 500) {
          return refused;
        }
        return ReplyCasePage(request, response, store, id, refused);
      }));
}

}  // namespace clearhost::server
