// The bank routes (docs/api.md): GET|POST /v1/banks, GET|PATCH|DELETE /v1/banks/{name},
// POST /v1/banks/{name}/signals, GET /v1/entries/{id} and POST /v1/entries/{id}/status.
// Every change is audited in the bank store with the caller's principal as the actor; after a
// change the index is caught up before the answer, so what was added matches at once.
#include <charconv>
#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/bank_json.h"
#include "server/http_json.h"
#include "server/match_json.h"
#include "server/route_context.h"

namespace clearhost::server {
namespace {

constexpr RoleSet kReadRoles = {Role::kAdmin, Role::kOperator, Role::kRegulator, Role::kAuditor};
constexpr RoleSet kWriteRoles = {Role::kAdmin, Role::kOperator};
constexpr std::string_view kBankPattern = R"(/v1/banks/([A-Za-z0-9._-]{1,128}))";
constexpr std::string_view kEntryPattern = R"(/v1/entries/(\d{1,18}))";

Result<MatchService*> RequireBanks(const RouteContext& context) {
  if (context.match == nullptr) {
    return absl::UnavailableError(
        "this server has no bank store: start it with --banks FILE (or a sqlite: --db)");
  }
  return context.match;
}

template <typename T>
Status ReadField(const nlohmann::json& body, const char* name, T& out) {
  const auto field = body.find(name);
  if (field == body.end()) return Status();
  try {
    out = field->get<T>();
  } catch (const nlohmann::json::exception&) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" has the wrong type"));
  }
  return Status();
}

// Applies the settings fields present in `body` (all optional) to `settings`. The store
// validates the values.
Status ApplySettings(const nlohmann::json& body, store::BankSettings& settings) {
  if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  static constexpr const char* kKnown[] = {"name",        "kind",        "source",
                                           "labels",      "enabled",     "match_distance",
                                           "min_quality", "flood_files", "flood_window_seconds"};
  for (const auto& field : body.items()) {
    const std::string& key = field.key();
    if (std::find_if(std::begin(kKnown), std::end(kKnown),
                     [&key](const char* known) { return key == known; }) == std::end(kKnown)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown bank field \"", key, "\""));
    }
  }
  std::string kind(store::BankKindName(settings.kind));
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "kind", kind));
  if (kind != "block" && kind != "allow") {
    return absl::InvalidArgumentError("\"kind\" must be \"block\" or \"allow\"");
  }
  settings.kind = kind == "allow" ? store::BankKind::kAllow : store::BankKind::kBlock;
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "source", settings.source));
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "labels", settings.labels));
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "enabled", settings.enabled));
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "match_distance", settings.match_distance));
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "min_quality", settings.min_quality));
  CLEARHOST_RETURN_IF_ERROR(ReadField(body, "flood_files", settings.flood_files));
  return ReadField(body, "flood_window_seconds", settings.flood_window_seconds);
}

Result<int64_t> EntryId(const httplib::Request& request) {
  int64_t id = 0;
  const std::string text = request.matches[1];
  std::from_chars(text.data(), text.data() + text.size(), id);
  return id;
}

using BankHandler =
    std::function<Status(const httplib::Request& request, httplib::Response& response,
                         const Caller& caller, MatchService* service)>;

// RouteContext::Wrap for a bank route: 503 when the server has no bank store.
httplib::Server::Handler WrapBanks(const RouteContext& context, RoleSet allowed,
                                   BankHandler handler) {
  return context.Wrap(allowed,
                      [&context, handler = std::move(handler)](
                          const httplib::Request& request, httplib::Response& response,
                          const Caller& caller, store::SqlConnection&) -> Status {
                        CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireBanks(context));
                        return handler(request, response, caller, service);
                      });
}

// Runs `change` on a leased store, then catches the index up.
template <typename Change>
Status ChangeBanks(MatchService& service, Change change) {
  {
    CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service.LeaseStore());
    CLEARHOST_RETURN_IF_ERROR(change(lease.store()));
  }
  return service.Refresh();
}

}  // namespace

void AddBankRoutes(httplib::Server& http, const RouteContext& context) {
  http.Get("/v1/banks", WrapBanks(context, kReadRoles,
                                  [](const httplib::Request&, httplib::Response& response,
                                     const Caller&, MatchService* service) -> Status {
                                    CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease,
                                                               service->LeaseStore());
                                    CLEARHOST_ASSIGN_OR_RETURN(const std::vector<store::Bank> banks,
                                                               lease.store().ListBanks());
                                    nlohmann::ordered_json list = nlohmann::ordered_json::array();
                                    for (const store::Bank& bank : banks)
                                      list.push_back(BankJson(bank));
                                    ReplyJson(response, 200, {{"banks", std::move(list)}});
                                    return Status();
                                  }));
  http.Post("/v1/banks",
            WrapBanks(context, kWriteRoles,
                      [](const httplib::Request& request, httplib::Response& response,
                         const Caller& caller, MatchService* service) -> Status {
                        CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                        store::BankSettings settings;
                        CLEARHOST_RETURN_IF_ERROR(ApplySettings(body, settings));
                        CLEARHOST_RETURN_IF_ERROR(ReadField(body, "name", settings.name));
                        store::Bank created;
                        CLEARHOST_RETURN_IF_ERROR(
                            ChangeBanks(*service, [&](store::BankStore& store) -> Status {
                              CLEARHOST_ASSIGN_OR_RETURN(
                                  created, store.CreateBank(settings, caller.principal));
                              return Status();
                            }));
                        ReplyJson(response, 201, BankJson(created));
                        return Status();
                      }));
  http.Get(std::string(kBankPattern),
           WrapBanks(context, kReadRoles,
                     [](const httplib::Request& request, httplib::Response& response, const Caller&,
                        MatchService* service) -> Status {
                       CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                       CLEARHOST_ASSIGN_OR_RETURN(
                           const store::Bank bank,
                           lease.store().GetBank(std::string(request.matches[1])));
                       ReplyJson(response, 200, BankJson(bank));
                       return Status();
                     }));
  http.Patch(
      std::string(kBankPattern),
      WrapBanks(
          context, kWriteRoles,
          [](const httplib::Request& request, httplib::Response& response, const Caller& caller,
             MatchService* service) -> Status {
            CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
            const std::string name = request.matches[1];
            if (body.is_object() && body.contains("name") && body["name"] != name) {
              return absl::InvalidArgumentError("a bank cannot be renamed");
            }
            store::Bank updated;
            CLEARHOST_RETURN_IF_ERROR(ChangeBanks(*service, [&](store::BankStore& store) -> Status {
              CLEARHOST_ASSIGN_OR_RETURN(store::Bank bank, store.GetBank(name));
              CLEARHOST_RETURN_IF_ERROR(ApplySettings(body, bank.settings));
              CLEARHOST_RETURN_IF_ERROR(store.UpdateBankSettings(bank.settings, caller.principal));
              CLEARHOST_ASSIGN_OR_RETURN(updated, store.GetBank(name));
              return Status();
            }));
            ReplyJson(response, 200, BankJson(updated));
            return Status();
          }));
  http.Delete(
      std::string(kBankPattern),
      WrapBanks(context, {Role::kAdmin},
                [](const httplib::Request& request, httplib::Response& response,
                   const Caller& caller, MatchService* service) -> Status {
                  const std::string name = request.matches[1];
                  CLEARHOST_RETURN_IF_ERROR(ChangeBanks(*service, [&](store::BankStore& store) {
                    return store.RemoveBank(name, caller.principal);
                  }));
                  ReplyJson(response, 200, {{"bank", name}, {"removed", true}});
                  return Status();
                }));
  http.Post(
      std::string(kBankPattern) + "/signals",
      WrapBanks(
          context, kWriteRoles,
          [](const httplib::Request& request, httplib::Response& response, const Caller& caller,
             MatchService* service) -> Status {
            CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
            CLEARHOST_ASSIGN_OR_RETURN(const MatchRequest signals, ParseMatchRequest(body));
            std::string mode = "merge";
            CLEARHOST_RETURN_IF_ERROR(ReadField(body, "mode", mode));
            if (mode != "merge" && mode != "replace") {
              return absl::InvalidArgumentError("\"mode\" must be \"merge\" or \"replace\"");
            }
            const std::string name = request.matches[1];
            store::ImportSummary summary;
            CLEARHOST_RETURN_IF_ERROR(ChangeBanks(*service, [&](store::BankStore& store) -> Status {
              const store::EntrySource source = [&signals](const store::EntrySink& sink) {
                for (const MatchQuery& query : signals.queries) {
                  CLEARHOST_RETURN_IF_ERROR(sink(query.signal));
                }
                return Status();
              };
              CLEARHOST_ASSIGN_OR_RETURN(
                  summary, store.ImportEntries(name, source, caller.principal,
                                               mode == "replace" ? store::ImportMode::kReplace
                                                                 : store::ImportMode::kMerge));
              return Status();
            }));
            ReplyJson(response, 200,
                      {{"bank", name},
                       {"added", summary.added},
                       {"unchanged", summary.unchanged},
                       {"removed", summary.removed}});
            return Status();
          }));
  http.Get(std::string(kEntryPattern),
           WrapBanks(context, kReadRoles,
                     [](const httplib::Request& request, httplib::Response& response, const Caller&,
                        MatchService* service) -> Status {
                       CLEARHOST_ASSIGN_OR_RETURN(const int64_t id, EntryId(request));
                       CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                       CLEARHOST_ASSIGN_OR_RETURN(const std::optional<store::EntryRecord> entry,
                                                  lease.store().GetEntry(id));
                       if (!entry.has_value()) {
                         return absl::NotFoundError(absl::StrCat("no bank entry ", id));
                       }
                       ReplyJson(response, 200, EntryJson(*entry));
                       return Status();
                     }));
  http.Post(std::string(kEntryPattern) + "/status",
            WrapBanks(context, kWriteRoles,
                      [](const httplib::Request& request, httplib::Response& response,
                         const Caller& caller, MatchService* service) -> Status {
                        CLEARHOST_ASSIGN_OR_RETURN(const int64_t id, EntryId(request));
                        CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                        std::string status_name;
                        std::string reason;
                        if (!body.is_object())
                          return absl::InvalidArgumentError("expected a JSON object");
                        CLEARHOST_RETURN_IF_ERROR(ReadField(body, "status", status_name));
                        CLEARHOST_RETURN_IF_ERROR(ReadField(body, "reason", reason));
                        const std::optional<store::EntryStatus> status =
                            store::ParseEntryStatusName(status_name);
                        if (!status.has_value()) {
                          return absl::InvalidArgumentError(
                              "\"status\" must be \"active\", \"disputed\" or \"confirmed\"");
                        }
                        if (reason.empty())
                          return absl::InvalidArgumentError("\"reason\" is required");
                        std::optional<store::EntryRecord> entry;
                        CLEARHOST_RETURN_IF_ERROR(
                            ChangeBanks(*service, [&](store::BankStore& store) -> Status {
                              CLEARHOST_RETURN_IF_ERROR(
                                  store.SetEntryStatusById(id, *status, reason, caller.principal));
                              CLEARHOST_ASSIGN_OR_RETURN(entry, store.GetEntry(id));
                              return Status();
                            }));
                        ReplyJson(response, 200, EntryJson(entry.value()));
                        return Status();
                      }));
}

}  // namespace clearhost::server
