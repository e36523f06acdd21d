// The dashboard's bank page, GET /ui/banks: every bank of the server's bank store (kind,
// enabled, entries, disputed entries, match distance), what the index serves, and the recent
// matches the MatchService remembers. A server without a bank store (RouteContext::match is
// nullptr) says so.
#include "absl/strings/str_cat.h"
#include "server/match_service.h"
#include "server/ui_html.h"
#include "server/ui_page.h"
#include "server/ui_routes.h"

namespace clearhost::server {
namespace {

constexpr size_t kRecentMatches = 50;

Result<std::string> BanksTable(MatchService& match) {
  CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, match.LeaseStore());
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<store::Bank> banks, lease.store().ListBanks());
  if (banks.empty()) return std::string("<p class=\"muted\">no banks yet</p>");
  std::string table =
      "<table class=\"banks\"><thead><tr><th>Bank</th><th>Kind</th><th>Enabled</th>"
      "<th>Entries</th><th>Disputed</th><th>Distance</th><th>Source</th></tr></thead><tbody>";
  for (const store::Bank& bank : banks) {
    absl::StrAppend(&table, "<tr><td>", HtmlEscape(bank.settings.name), "</td><td>",
                    std::string(store::BankKindName(bank.settings.kind)), "</td><td>",
                    bank.settings.enabled ? "yes" : "no", "</td><td>", bank.current_entries,
                    "</td><td>", bank.disputed_entries, "</td><td>", bank.settings.match_distance,
                    "</td><td>", HtmlEscape(bank.settings.source), "</td></tr>");
  }
  absl::StrAppend(&table, "</tbody></table>");
  return table;
}

std::string IndexSummary(const IndexStatus& status) {
  if (!status.ready) return "<p class=\"muted\">the index is not built yet</p>";
  return absl::StrCat("<p>The index serves ", status.pdq_entries, " PDQ and ",
                      status.digest_entries, " digest entries, built ",
                      HtmlEscape(MinuteText(status.built_at)), ", caught up ",
                      HtmlEscape(MinuteText(status.refreshed_at)), ".</p>");
}

std::string RecentMatchesTable(const std::vector<RecentMatch>& recent) {
  if (recent.empty()) return "<p class=\"muted\">no matches since the server started</p>";
  std::string table =
      "<table class=\"matches\"><thead><tr><th>At</th><th>Bank</th><th>Entry</th><th>Signal"
      "</th><th>Distance</th><th>Verdict</th><th>Asked by</th></tr></thead><tbody>";
  for (const RecentMatch& match : recent) {
    absl::StrAppend(&table, "<tr><td>", HtmlEscape(MinuteText(match.at)), "</td><td>",
                    HtmlEscape(match.bank), "</td><td>", match.entry_id, "</td><td>",
                    std::string(lists::SignalTypeName(match.type)), "</td><td>", match.distance,
                    "</td><td>", std::string(scan::VerdictName(match.verdict)), "</td><td>",
                    HtmlEscape(match.actor), "</td></tr>");
  }
  absl::StrAppend(&table, "</tbody></table>");
  return table;
}

}  // namespace

void AddUiBankRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui) {
  const RouteContext& routes = ui->routes;
  http.Get("/ui/banks",
           UiWrap(ui, kUiRoles, [&routes](const UiRequest& request, httplib::Response& response) {
             MatchService* match = routes.match;
             std::string body;
             if (match == nullptr) {
               body =
                   "<p class=\"muted\">no bank store configured: this server matches nothing "
                   "(serve --banks FILE)</p>";
             } else {
               CLEARHOST_ASSIGN_OR_RETURN(body, BanksTable(*match));
               absl::StrAppend(&body, IndexSummary(match->index_status()),
                               "<h2>Recent matches</h2>",
                               RecentMatchesTable(match->RecentMatches(kRecentMatches)));
             }
             ReplyHtml(response, 200, RenderPage("Banks", body, &request.session));
             return Status();
           }));
}

}  // namespace clearhost::server
