// HMA's curation routes over clearhost's block banks: GET|POST /c/banks, GET|PUT|DELETE
// /c/bank/<name>, POST /c/bank/<name>/content (an upload or a URL, hashed) and POST
// /c/bank/<name>/signal (hashes given). Allow banks are clearhost's own: not shown here.
#include <string>

#include "absl/strings/str_cat.h"
#include "server/hma_json.h"
#include "server/hma_media.h"
#include "server/hma_routes.h"
#include "server/http_json.h"

namespace clearhost::server::hma {
namespace {

using nlohmann::ordered_json;

// Bank names as clearhost stores them ([A-Za-z0-9._-]), so banks made with the CLI are
// reachable; new and renamed banks must follow HMA's rule (CheckBankName).
constexpr std::string_view kBankPath = R"(/c/bank/([A-Za-z0-9._-]{1,128}))";

Status BankNotFound(std::string_view name) {
  return absl::NotFoundError(absl::StrCat("bank '", std::string(name), "' not found"));
}

// The block bank `name`; NotFound for an unknown bank or an allow bank.
Result<store::Bank> BlockBank(store::BankStore& store, std::string_view name) {
  Result<store::Bank> bank = store.GetBank(name);
  if (absl::IsNotFound(bank.status()) ||
      (bank.ok() && bank->settings.kind != store::BankKind::kBlock)) {
    return BankNotFound(name);
  }
  return bank;
}

// Adds `signals` ({"<type>": "<hex>"}) to `bank` as one import; answers HMA's {"id",
// "signals"}: the entry id of the first signal (each clearhost entry holds one signal) and the
// signals as stored.
Status AddSignals(store::BankStore& store, const store::Bank& bank,
                  const std::vector<std::pair<std::string, std::string>>& given,
                  const Caller& caller, httplib::Response& response) {
  if (given.empty()) return absl::InvalidArgumentError("No signals given");
  std::vector<lists::Signal> signals;
  ordered_json stored = ordered_json::object();
  for (const auto& [type, value] : given) {
    Result<lists::Signal> signal = ParseSignalValue(type, value);
    if (!signal.ok()) {
      return absl::IsInvalidArgument(ParseSignalType(type).status())
                 ? absl::InvalidArgumentError(absl::StrCat("No such signal type ", type))
                 : absl::InvalidArgumentError(
                       absl::StrCat("Invalid ", type, " signal: ", signal.status().message()));
    }
    signals.push_back(*signal);
    stored[type] = signal->ToHex();
  }
  const std::string& name = bank.settings.name;
  CLEARHOST_RETURN_IF_ERROR(store
                                .ImportEntries(
                                    name,
                                    [&signals](const store::EntrySink& sink) -> Status {
                                      for (const lists::Signal& signal : signals) {
                                        CLEARHOST_RETURN_IF_ERROR(sink(signal));
                                      }
                                      return Status();
                                    },
                                    caller.principal, store::ImportMode::kMerge)
                                .status());
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<store::EntryRecord> entries,
                             store.FindEntries(name, signals.front()));
  int64_t id = 0;
  for (const store::EntryRecord& entry : entries) {
    if (!entry.removed_at.has_value()) id = entry.id;
  }
  ReplyJson(response, 200, {{"id", id}, {"signals", stored}});
  return Status();
}

void AddHmaBankRoutes(httplib::Server& http, const RouteContext& context) {
  http.Get("/c/banks",
           WrapHma(context, kReadRoles,
                   [&context](const httplib::Request&, httplib::Response& response, const Caller&,
                              store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                     CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                     CLEARHOST_ASSIGN_OR_RETURN(const std::vector<store::Bank> banks,
                                                lease.store().ListBanks());
                     ordered_json list = ordered_json::array();
                     for (const store::Bank& bank : banks) {
                       if (bank.settings.kind == store::BankKind::kBlock) {
                         list.push_back(BankJson(bank));
                       }
                     }
                     ReplyJson(response, 200, list);
                     return Status();
                   }));

  http.Post(
      "/c/banks",
      WrapHma(context, kCurateRoles,
              [&context](const httplib::Request& request, httplib::Response& response,
                         const Caller& caller, store::SqlConnection&) -> Status {
                CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                if (!body.is_object() || !body.contains("name") || !body["name"].is_string()) {
                  return absl::InvalidArgumentError("name is required");
                }
                store::BankSettings settings;
                settings.name = body["name"].get<std::string>();
                CLEARHOST_RETURN_IF_ERROR(CheckBankName(settings.name));
                CLEARHOST_ASSIGN_OR_RETURN(const std::optional<bool> enabled,
                                           EnabledFromBody(body));
                settings.enabled = enabled.value_or(true);
                settings.source = "HMA API";
                CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                Result<store::Bank> created = lease.store().CreateBank(settings, caller.principal);
                if (absl::IsAlreadyExists(created.status())) {
                  // HMA answers 403 for a name that is taken.
                  return absl::PermissionDeniedError("Bank already exists");
                }
                CLEARHOST_RETURN_IF_ERROR(created.status());
                ReplyJson(response, 201, BankJson(*created));
                return Status();
              }));

  http.Get(std::string(kBankPath),
           WrapHma(context, kReadRoles,
                   [&context](const httplib::Request& request, httplib::Response& response,
                              const Caller&, store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                     CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                     CLEARHOST_ASSIGN_OR_RETURN(const store::Bank bank,
                                                BlockBank(lease.store(), request.matches[1].str()));
                     ReplyJson(response, 200, BankJson(bank));
                     return Status();
                   }));

  http.Put(
      std::string(kBankPath),
      WrapHma(
          context, kCurateRoles,
          [&context](const httplib::Request& request, httplib::Response& response,
                     const Caller& caller, store::SqlConnection&) -> Status {
            CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
            CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
            if (!body.is_object()) {
              return absl::InvalidArgumentError("the body must be a JSON object");
            }
            const std::string name = request.matches[1].str();
            if (body.contains("name") && !body["name"].is_null()) {
              if (!body["name"].is_string()) {
                return absl::InvalidArgumentError("name: a string");
              }
              const std::string new_name = body["name"].get<std::string>();
              CLEARHOST_RETURN_IF_ERROR(CheckBankName(new_name));
              if (new_name != name) {
                return absl::InvalidArgumentError(
                    "renaming banks is not supported: entries keep their bank's name in "
                    "clearhost's history");
              }
            }
            CLEARHOST_ASSIGN_OR_RETURN(const std::optional<bool> enabled, EnabledFromBody(body));
            CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
            CLEARHOST_RETURN_IF_ERROR(BlockBank(lease.store(), name).status());
            if (enabled.has_value()) {
              CLEARHOST_RETURN_IF_ERROR(lease.store().SetEnabled(name, *enabled, caller.principal));
            }
            CLEARHOST_ASSIGN_OR_RETURN(const store::Bank bank, BlockBank(lease.store(), name));
            ReplyJson(response, 200, BankJson(bank));
            return Status();
          }));

  // Deleting a bank that is not there succeeds, as in HMA.
  http.Delete(
      std::string(kBankPath),
      WrapHma(context, kCurateRoles,
              [&context](const httplib::Request& request, httplib::Response& response,
                         const Caller& caller, store::SqlConnection&) -> Status {
                CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                const std::string name = request.matches[1].str();
                Result<store::Bank> bank = BlockBank(lease.store(), name);
                if (bank.ok()) {
                  CLEARHOST_RETURN_IF_ERROR(lease.store().RemoveBank(name, caller.principal));
                } else if (!absl::IsNotFound(bank.status())) {
                  return bank.status();
                }
                ReplyJson(response, 200, {{"message", "Done"}});
                return Status();
              }));
}

void AddContentRoutes(httplib::Server& http, const RouteContext& context) {
  const std::vector<std::string>& allowed_hosts = context.options.hash_url_allow;
  http.Post(
      absl::StrCat(std::string(kBankPath), "/content"),
      WrapHma(
          context, kCurateRoles,
          [&context, &allowed_hosts](const httplib::Request& request, httplib::Response& response,
                                     const Caller& caller, store::SqlConnection&) -> Status {
            CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
            CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
            CLEARHOST_ASSIGN_OR_RETURN(const store::Bank bank,
                                       BlockBank(lease.store(), request.matches[1].str()));
            // Optional metadata in a JSON body, checked as HMA checks it; clearhost keeps
            // hashes only, so it is not stored.
            if (request.get_header_value("Content-Type").starts_with("application/json")) {
              CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
              if (body.is_object() && body.contains("metadata") && !body["metadata"].is_null()) {
                CLEARHOST_RETURN_IF_ERROR(CheckContentMetadata(body["metadata"]));
              }
            }
            std::vector<MediaSignal> signals;
            if (!request.get_param_value("url").empty()) {
              CLEARHOST_ASSIGN_OR_RETURN(signals, HashUrl(request, allowed_hosts));
            } else if (HasUpload(request)) {
              CLEARHOST_ASSIGN_OR_RETURN(signals, HashUpload(request));
            } else {
              return absl::InvalidArgumentError(
                  "Neither `url` nor multipart file upload was received");
            }
            std::vector<std::pair<std::string, std::string>> given;
            for (const MediaSignal& signal : signals) given.emplace_back(signal.type, signal.hex);
            return AddSignals(lease.store(), bank, given, caller, response);
          }));

  http.Post(absl::StrCat(std::string(kBankPath), "/signal"),
            WrapHma(context, kCurateRoles,
                    [&context](const httplib::Request& request, httplib::Response& response,
                               const Caller& caller, store::SqlConnection&) -> Status {
                      CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                      CLEARHOST_ASSIGN_OR_RETURN(BankStoreLease lease, service->LeaseStore());
                      CLEARHOST_ASSIGN_OR_RETURN(
                          const store::Bank bank,
                          BlockBank(lease.store(), request.matches[1].str()));
                      CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                      if (!body.is_object()) {
                        return absl::InvalidArgumentError(
                            "the body must be a JSON object of signal type to hash");
                      }
                      std::vector<std::pair<std::string, std::string>> given;
                      for (const auto& [type, value] : body.items()) {
                        if (!value.is_string()) {
                          return absl::InvalidArgumentError(
                              absl::StrCat("Invalid ", type, " signal: a string"));
                        }
                        given.emplace_back(type, value.get<std::string>());
                      }
                      return AddSignals(lease.store(), bank, given, caller, response);
                    }));
}

}  // namespace

void AddCurationRoutes(httplib::Server& http, const RouteContext& context) {
  AddHmaBankRoutes(http, context);
  AddContentRoutes(http, context);
}

}  // namespace clearhost::server::hma
