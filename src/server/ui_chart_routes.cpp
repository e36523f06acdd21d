// The dashboard's measurement page, GET /ui/charts: the charts of server/ui_charts.h over the
// cases received in the last 90 days, inline SVG (no images to fetch, nothing to script).
#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "core/clock.h"
#include "server/ui_charts.h"
#include "server/ui_html.h"
#include "server/ui_page.h"
#include "server/ui_routes.h"

namespace clearhost::server {
namespace {

constexpr int64_t kChartDays = 90;

}  // namespace

void AddUiChartRoutes(httplib::Server& http, const std::shared_ptr<UiContext>& ui) {
  const cases::DeadlinePolicy& policy = ui->routes.options.deadlines;
  http.Get("/ui/charts",
           UiWrap(ui, kUiRoles, [&policy](const UiRequest& request, httplib::Response& response) {
             const int64_t now = SystemClockMicros();
             const int64_t from = now - kChartDays * 24 * cases::kMicrosPerHour;
             cases::CaseStore store(request.database, policy);
             // Until a little after now: received_at may lie slightly ahead (clock skew).
             CLEARHOST_ASSIGN_OR_RETURN(
                 const std::vector<cases::Case> found,
                 store.ReceivedBetween(from, now + policy.max_clock_skew_micros + 1));
             const std::vector<SourceTypeMeasures> measures = MeasureCases(found);
             const std::string body =
                 absl::StrCat("<p>", found.size(), " cases received since ",
                              HtmlEscape(MinuteText(from)), " (the last ", kChartDays,
                              " days).</p><div class=\"charts\">", CasesBySourceChart(measures),
                              RemovalBandsChart(measures), WithinDeadlineChart(measures), "</div>");
             ReplyHtml(response, 200, RenderPage("Charts", body, &request.session));
             return Status();
           }));
}

}  // namespace clearhost::server
