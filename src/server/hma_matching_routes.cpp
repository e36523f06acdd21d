// HMA's matching routes: GET /m/lookup (a signal, or a URL to hash), POST /m/lookup (an upload),
// GET /m/raw_lookup, POST /m/compare and GET /m/index/status, answered from MatchService.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/hma_json.h"
#include "server/hma_media.h"
#include "server/hma_routes.h"
#include "server/http_json.h"

namespace clearhost::server::hma {
namespace {

using nlohmann::ordered_json;

Result<std::string> RequireParam(const httplib::Request& request, const char* name) {
  if (!request.has_param(name)) {
    return absl::InvalidArgumentError(absl::StrCat(name, " is required"));
  }
  return request.get_param_value(name);
}

std::optional<std::string> OptionalParam(const httplib::Request& request, const char* name) {
  if (!request.has_param(name)) return std::nullopt;
  return request.get_param_value(name);
}

// The lookup parameters every /m/ lookup accepts.
struct LookupOptions {
  std::optional<std::set<std::string>> banks;  // only these banks' matches; all when unset
  std::string actor;
};

Result<LookupOptions> ParseLookupOptions(const httplib::Request& request, const Caller& caller) {
  LookupOptions options{ParseBankList(OptionalParam(request, "banks")), caller.principal};
  // HMA's coin flip against a bank's enabled ratio: clearhost ratios are 0 or 1 and disabled
  // banks are not in the index, so the seed and the bypass change nothing. Still validated.
  if (request.has_param("bypass_coinflip")) {
    CLEARHOST_RETURN_IF_ERROR(ParseBool(request.get_param_value("bypass_coinflip")).status());
  }
  return options;
}

// Every block-bank match of `signal` (any verdict), narrowed to the requested banks.
Result<std::vector<scan::BankMatch>> FindMatches(MatchService& service, const lists::Signal& signal,
                                                 std::optional<int> quality,
                                                 const LookupOptions& options) {
  MatchQuery query;
  query.signal = signal;
  query.quality = quality;
  MatchRequestOptions match_options;
  match_options.actor = options.actor;
  CLEARHOST_ASSIGN_OR_RETURN(std::vector<std::vector<scan::BankMatch>> results,
                             service.Match(std::span<const MatchQuery>(&query, 1), match_options));
  std::vector<scan::BankMatch> matches = std::move(results.front());
  if (options.banks.has_value()) {
    std::erase_if(matches, [&options](const scan::BankMatch& match) {
      return !options.banks->contains(match.bank);
    });
  }
  return matches;
}

// HMA's lookup answer, {"BANK": [{"bank_content_id", "distance"}, ...]}: the matches to act on
// (verdict "match"; allowlisted, held and low-quality ones are left out).
ordered_json ByBank(const std::vector<scan::BankMatch>& matches) {
  ordered_json banks = ordered_json::object();
  for (const scan::BankMatch& match : matches) {
    if (match.verdict != scan::Verdict::kMatch) continue;
    banks[match.bank].push_back(MatchJson(match));
  }
  return banks;
}

Result<ordered_json> LookupSignal(MatchService& service, std::string_view type,
                                  std::string_view value, std::optional<int> quality,
                                  const LookupOptions& options) {
  CLEARHOST_ASSIGN_OR_RETURN(const lists::Signal signal, ParseSignalValue(type, value));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<scan::BankMatch> matches,
                             FindMatches(service, signal, quality, options));
  return ByBank(matches);
}

// {"<signal type>": {"BANK": [...]}} for hashed media.
Result<ordered_json> LookupMedia(MatchService& service, const std::vector<MediaSignal>& signals,
                                 const LookupOptions& options) {
  ordered_json by_type = ordered_json::object();
  for (const MediaSignal& signal : signals) {
    CLEARHOST_ASSIGN_OR_RETURN(by_type[signal.type], LookupSignal(service, signal.type, signal.hex,
                                                                  signal.quality, options));
  }
  return by_type;
}

ordered_json IndexStatusJson(size_t size, const IndexStatus& index) {
  const bool present = index.ready && size > 0;
  return {{"present", present},
          {"built_to", present ? index.refreshed_at / 1'000'000 : -1},
          {"size", present ? size : 0}};
}

void AddLookupRoutes(httplib::Server& http, const RouteContext& context) {
  const std::vector<std::string>& allowed_hosts = context.options.hash_url_allow;
  http.Get("/m/lookup",
           WrapHma(context, kMatchRoles,
                   [&context, &allowed_hosts](const httplib::Request& request,
                                              httplib::Response& response, const Caller& caller,
                                              store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                     CLEARHOST_ASSIGN_OR_RETURN(const LookupOptions options,
                                                ParseLookupOptions(request, caller));
                     const std::optional<std::string> signal_type =
                         OptionalParam(request, "signal_type");
                     if (!request.get_param_value("url").empty()) {
                       CLEARHOST_ASSIGN_OR_RETURN(const std::vector<MediaSignal> signals,
                                                  HashUrl(request, allowed_hosts));
                       CLEARHOST_ASSIGN_OR_RETURN(ordered_json by_type,
                                                  LookupMedia(*service, signals, options));
                       // With signal_type too, HMA answers that type's banks only.
                       if (signal_type.has_value()) {
                         by_type = by_type.value(*signal_type, ordered_json::object());
                       }
                       ReplyJson(response, 200, by_type);
                       return Status();
                     }
                     const std::optional<std::string> signal = OptionalParam(request, "signal");
                     if (!signal.has_value() || !signal_type.has_value()) {
                       return absl::InvalidArgumentError(
                           "Either url or both signal and signal_type are required");
                     }
                     CLEARHOST_ASSIGN_OR_RETURN(
                         const ordered_json banks,
                         LookupSignal(*service, *signal_type, *signal, std::nullopt, options));
                     ReplyJson(response, 200, banks);
                     return Status();
                   }));

  http.Post("/m/lookup",
            WrapHma(context, kMatchRoles,
                    [&context](const httplib::Request& request, httplib::Response& response,
                               const Caller& caller, store::SqlConnection&) -> Status {
                      CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                      CLEARHOST_ASSIGN_OR_RETURN(const LookupOptions options,
                                                 ParseLookupOptions(request, caller));
                      CLEARHOST_ASSIGN_OR_RETURN(const std::vector<MediaSignal> signals,
                                                 HashUpload(request));
                      CLEARHOST_ASSIGN_OR_RETURN(const ordered_json by_type,
                                                 LookupMedia(*service, signals, options));
                      ReplyJson(response, 200, by_type);
                      return Status();
                    }));

  // Every match the index finds, whatever its verdict (HMA: "enable/disable status is NOT
  // checked"): entry ids, with distances when asked.
  http.Get(
      "/m/raw_lookup",
      WrapHma(
          context, kMatchRoles,
          [&context](const httplib::Request& request, httplib::Response& response,
                     const Caller& caller, store::SqlConnection&) -> Status {
            CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
            CLEARHOST_ASSIGN_OR_RETURN(const std::string value, RequireParam(request, "signal"));
            CLEARHOST_ASSIGN_OR_RETURN(const std::string type,
                                       RequireParam(request, "signal_type"));
            bool include_distance = false;
            if (request.has_param("include_distance")) {
              CLEARHOST_ASSIGN_OR_RETURN(include_distance,
                                         ParseBool(request.get_param_value("include_distance")));
            }
            CLEARHOST_ASSIGN_OR_RETURN(const LookupOptions options,
                                       ParseLookupOptions(request, caller));
            CLEARHOST_ASSIGN_OR_RETURN(const lists::Signal signal, ParseSignalValue(type, value));
            CLEARHOST_ASSIGN_OR_RETURN(const std::vector<scan::BankMatch> matches,
                                       FindMatches(*service, signal, std::nullopt, options));
            ordered_json list = ordered_json::array();
            for (const scan::BankMatch& match : matches) {
              if (include_distance) {
                list.push_back(MatchJson(match));
              } else {
                list.push_back(match.entry_id);
              }
            }
            ReplyJson(response, 200, {{"matches", list}});
            return Status();
          }));
}

}  // namespace

void AddMatchingRoutes(httplib::Server& http, const RouteContext& context) {
  AddLookupRoutes(http, context);

  http.Post("/m/compare",
            WrapHma(context, kMatchRoles,
                    [](const httplib::Request& request, httplib::Response& response, const Caller&,
                       store::SqlConnection&) -> Status {
                      CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                      CLEARHOST_ASSIGN_OR_RETURN(const ordered_json compared, CompareSignals(body));
                      ReplyJson(response, 200, compared);
                      return Status();
                    }));

  http.Get("/m/index/status",
           WrapHma(context, kReadRoles,
                   [&context](const httplib::Request& request, httplib::Response& response,
                              const Caller&, store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                     const IndexStatus index = service->index_status();
                     // The digest index holds every digest type; HMA's video_md5 is its md5.
                     ordered_json status{
                         {"pdq", IndexStatusJson(index.pdq_entries, index)},
                         {"video_md5", IndexStatusJson(index.digest_entries, index)}};
                     if (request.has_param("signal_type")) {
                       const std::string only = request.get_param_value("signal_type");
                       if (!status.contains(only)) {
                         return absl::InvalidArgumentError(
                             absl::StrCat("No such signal type '", only, "'"));
                       }
                       status = ordered_json{{only, status[only]}};
                     }
                     ReplyJson(response, 200, status);
                     return Status();
                   }));
}

}  // namespace clearhost::server::hma
