// The operations routes: GET /health (the process answers), GET /ready (the database answers
// and the index is built: send traffic here) and GET /metrics (Prometheus text format, needs a
// token like every API route). docs/operations.md shows a scrape configuration.
#include <string>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "core/clock.h"
#include "server/http_json.h"
#include "server/route_context.h"

namespace clearhost::server {
namespace {

// Whether a leased connection answers a trivial query.
Status DatabaseAnswers(ConnectionPool& pool) {
  CLEARHOST_ASSIGN_OR_RETURN(ConnectionLease lease, pool.Lease());
  Result<store::SqlRows> rows = lease.connection().Query("SELECT 1", {});
  if (!rows.ok()) {
    lease.Discard();
    return rows.status();
  }
  return Status();
}

void AppendIndexMetrics(std::string& out, const MatchService& match) {
  const IndexStatus index = match.index_status();
  const MatchStatistics statistics = match.statistics();
  AppendMetricHeader(out, "clearhost_index_entries", "gauge", "Bank entries the index serves");
  AppendMetric(out, "clearhost_index_entries", "type=\"pdq\"", double(index.pdq_entries));
  AppendMetric(out, "clearhost_index_entries", "type=\"digest\"", double(index.digest_entries));
  AppendSingleMetric(out, "clearhost_index_refreshed_timestamp_seconds", "gauge",
                     "When the index last caught up with the bank store",
                     double(index.refreshed_at) / 1e6);
  AppendSingleMetric(out, "clearhost_index_refreshes_total", "counter",
                     "Catch-ups of the index with the bank store", double(statistics.refreshes));
  AppendSingleMetric(out, "clearhost_index_rebuilds_total", "counter",
                     "Full index builds (start, reload, bank removed)",
                     double(statistics.rebuilds));
  AppendSingleMetric(out, "clearhost_index_refresh_failures_total", "counter",
                     "Catch-ups that failed (retried at the next interval)",
                     double(statistics.refresh_failures));
  AppendSingleMetric(out, "clearhost_match_queries_total", "counter", "Signals matched",
                     double(statistics.queries));
  AppendMetricHeader(out, "clearhost_bank_matches_total", "counter",
                     "Matches against each block bank, any verdict");
  for (const auto& [bank, count] : statistics.matches_by_bank) {
    AppendMetric(out, "clearhost_bank_matches_total",
                 absl::StrCat("bank=\"", EscapeLabel(bank), "\""), double(count));
  }
}

}  // namespace

void AddOperationsRoutes(httplib::Server& http, const RouteContext& context,
                         const ServerMetrics& metrics) {
  http.Get("/health", [](const httplib::Request&, httplib::Response& response) {
    ReplyJson(response, 200, {{"status", "ok"}});
  });
  http.Get("/ready", [&context](const httplib::Request&, httplib::Response& response) {
    if (Status database = DatabaseAnswers(context.pool); !database.ok()) {
      ReplyJson(response, 503,
                {{"status", "unavailable"},
                 {"reason", absl::StrCat("database: ", std::string(database.message()))}});
      return;
    }
    if (context.match != nullptr && !context.match->index_status().ready) {
      ReplyJson(response, 503, {{"status", "unavailable"}, {"reason", "the index is not built"}});
      return;
    }
    ReplyJson(response, 200, {{"status", "ready"}, {"matching", context.match != nullptr}});
  });
  http.Get("/metrics",
           context.Wrap(
               {Role::kAdmin, Role::kOperator, Role::kRegulator, Role::kAuditor},
               [&context, &metrics](const httplib::Request&, httplib::Response& response,
                                    const Caller&, store::SqlConnection& database) -> Status {
                 std::string out = metrics.Render();
                 if (context.match != nullptr) AppendIndexMetrics(out, *context.match);
                 cases::CaseStore cases(database, context.options.deadlines);
                 CLEARHOST_ASSIGN_OR_RETURN(const cases::OpenCaseCounts counts,
                                            cases.CountOpen(SystemClockMicros()));
                 AppendSingleMetric(out, "clearhost_cases_open", "gauge",
                                    "Cases received, assessing or escalated", double(counts.open));
                 AppendSingleMetric(out, "clearhost_cases_overdue", "gauge",
                                    "Open cases past their legal deadline", double(counts.overdue));
                 response.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
                 return Status();
               }));
}

}  // namespace clearhost::server
