// The reporting routes: GET /v1/cases/{id}/statement (DSA Art. 17), GET
// /v1/reports/transparency (DSA Art. 15), GET /v1/audit/verify, GET /v1/whoami.
#include <string>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "cases/statement_of_reasons.h"
#include "cases/transparency_report.h"
#include "server/case_json.h"
#include "server/http_json.h"
#include "server/route_context.h"
#include "store/audit_chain.h"

namespace clearhost::server {

void AddReportRoutes(httplib::Server& http, const RouteContext& context) {
  const RoleSet readers = {Role::kAdmin, Role::kOperator, Role::kRegulator, Role::kAuditor};
  const ServerOptions& options = context.options;

  http.Get(
      R"(/v1/cases/(\d{1,18})/statement)",
      context.Wrap(readers, [&options](const httplib::Request& request, httplib::Response& response,
                                       const Caller&, store::SqlConnection& database) {
        cases::CaseStore store(database, options.deadlines);
        CLEARHOST_ASSIGN_OR_RETURN(const cases::Case found,
                                   store.Get(std::stoll(request.matches[1])));
        CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json statement,
                                   cases::StatementOfReasons(found, options.statements));
        response.status = 200;
        response.set_content(statement.dump(), "application/json");
        return Status();
      }));

  http.Get(
      "/v1/reports/transparency",
      context.Wrap(readers, [&options](const httplib::Request& request, httplib::Response& response,
                                       const Caller&, store::SqlConnection& database) {
        for (const auto& [name, value] : request.params) {
          if (name != "from" && name != "to" && name != "format") {
            return absl::InvalidArgumentError(absl::StrCat("unknown query parameter '", name, "'"));
          }
        }
        if (!request.has_param("from") || !request.has_param("to")) {
          return absl::InvalidArgumentError(
              "query parameters from and to are required (dates or RFC 3339 times; the "
              "period is [from, to))");
        }
        CLEARHOST_ASSIGN_OR_RETURN(const int64_t from,
                                   ParseTime(request.get_param_value("from"), "from"));
        CLEARHOST_ASSIGN_OR_RETURN(const int64_t to,
                                   ParseTime(request.get_param_value("to"), "to"));
        if (to <= from) return absl::InvalidArgumentError("to: must be after from");
        const std::string format =
            request.has_param("format") ? request.get_param_value("format") : "json";
        if (format != "json" && format != "csv") {
          return absl::InvalidArgumentError("format: json or csv");
        }
        cases::CaseStore store(database, options.deadlines);
        CLEARHOST_ASSIGN_OR_RETURN(const std::vector<cases::Case> received,
                                   store.ReceivedBetween(from, to));
        const cases::TransparencyReport report = cases::BuildTransparencyReport(received, from, to);
        response.status = 200;
        if (format == "csv") {
          response.set_content(cases::TransparencyReportCsv(report), "text/csv");
        } else {
          response.set_content(cases::TransparencyReportJson(report).dump(), "application/json");
        }
        return Status();
      }));

  http.Get("/v1/audit/verify", context.Wrap({Role::kAdmin, Role::kAuditor},
                                            [](const httplib::Request&, httplib::Response& response,
                                               const Caller&, store::SqlConnection& database) {
                                              CLEARHOST_ASSIGN_OR_RETURN(
                                                  const store::AuditVerification verification,
                                                  store::VerifyAuditChain(database));
                                              nlohmann::ordered_json body{
                                                  {"intact", !verification.broken_at.has_value()},
                                                  {"records", verification.records},
                                                  {"unchained_records", verification.unchained},
                                                  {"head_id", verification.head_id},
                                                  {"head_hash", verification.head_hash}};
                                              if (verification.broken_at) {
                                                body["broken_at"] = *verification.broken_at;
                                                body["problem"] = verification.problem;
                                              }
                                              ReplyJson(response, 200, body);
                                              return Status();
                                            }));

  http.Get("/v1/whoami", context.Wrap({Role::kAdmin, Role::kOperator, Role::kNotifier,
                                       Role::kRegulator, Role::kAuditor},
                                      [](const httplib::Request&, httplib::Response& response,
                                         const Caller& caller, store::SqlConnection&) {
                                        ReplyJson(response, 200,
                                                  {{"principal", caller.principal},
                                                   {"role", RoleName(caller.role)},
                                                   {"token_id", caller.token_id}});
                                        return Status();
                                      }));
}

}  // namespace clearhost::server
