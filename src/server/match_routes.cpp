// The matching routes: POST|GET /v1/match, POST /v1/hash, GET /v1/index and
// POST /v1/index/reload (docs/api.md). Uploaded bytes are hashed in memory and dropped.
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/iso_time.h"
#include "hash/digests.h"
#include "hash/file_hasher.h"
#include "server/http_json.h"
#include "server/match_json.h"
#include "server/route_context.h"
#include "video/video_sniff.h"
#include "video/vpdq_hasher.h"

namespace clearhost::server {
namespace {

constexpr RoleSet kMatchRoles = {Role::kAdmin, Role::kOperator};

Result<MatchService*> RequireMatch(const RouteContext& context) {
  if (context.match == nullptr) {
    return absl::UnavailableError(
        "this server has no bank store: start it with --banks FILE (or a sqlite: --db)");
  }
  return context.match;
}

std::span<const uint8_t> BodyBytes(const httplib::Request& request) {
  return {reinterpret_cast<const uint8_t*>(request.body.data()), request.body.size()};
}

Result<bool> OptionalFlag(const httplib::Request& request, const char* name) {
  if (!request.has_param(name)) return false;
  const std::string text = request.get_param_value(name);
  if (text == "true" || text == "1" || text.empty()) return true;
  if (text == "false" || text == "0") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("query parameter ", name, ": expected true or false, not '", text, "'"));
}

Status Answer(MatchService& service, const MatchRequest& request, httplib::Response& response) {
  CLEARHOST_ASSIGN_OR_RETURN(const auto results, service.Match(request.queries, request.options));
  nlohmann::ordered_json body = nlohmann::ordered_json::array();
  int64_t matched = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    matched += results[i].empty() ? 0 : 1;
    body.push_back(MatchResultJson(request.queries[i].signal, results[i]));
  }
  ReplyJson(response, 200, {{"results", std::move(body)}, {"matched_signals", matched}});
  return Status();
}

// The queries a hashed upload asks: its PDQ hash(es) with their quality, then its digests.
std::vector<MatchQuery> UploadQueries(const std::optional<hash::PdqDihedralHashes>& pdq,
                                      const std::vector<video::VideoFrameHash>& frames,
                                      const hash::FileDigests& digests) {
  std::vector<MatchQuery> queries;
  if (pdq.has_value()) {
    queries.push_back({.signal = {.type = lists::SignalType::kPdq, .pdq = pdq->hashes[0]},
                       .quality = pdq->quality});
  }
  for (const video::VideoFrameHash& frame : frames) {
    queries.push_back(
        {.signal = {.type = lists::SignalType::kPdq, .pdq = frame.pdq}, .quality = frame.quality});
  }
  const std::pair<lists::SignalType, const std::string*> hex[] = {
      {lists::SignalType::kMd5, &digests.md5},
      {lists::SignalType::kSha1, &digests.sha1},
      {lists::SignalType::kSha256, &digests.sha256}};
  for (const auto& [type, text] : hex) {
    Result<lists::Signal> signal = lists::ParseSignal(type, *text);
    if (signal.ok()) queries.push_back({.signal = *signal});
  }
  return queries;
}

Status HashUpload(const RouteContext& context, const httplib::Request& request,
                  httplib::Response& response, const Caller& caller) {
  if (request.body.empty()) {
    return absl::InvalidArgumentError("POST /v1/hash: the body must hold a picture or a video");
  }
  CLEARHOST_ASSIGN_OR_RETURN(const bool dihedral, OptionalFlag(request, "dihedral"));
  CLEARHOST_ASSIGN_OR_RETURN(const bool match, OptionalFlag(request, "match"));
  const std::span<const uint8_t> bytes = BodyBytes(request);
  nlohmann::ordered_json body;
  std::vector<MatchQuery> queries;
  if (video::LooksLikeVideo(bytes.first(std::min<size_t>(bytes.size(), 64)))) {
    CLEARHOST_ASSIGN_OR_RETURN(const hash::FileDigests digests, hash::ComputeDigests(bytes));
    video::VideoHashOptions options;
    options.limits.max_frame_pixels = context.options.max_pixels;
    Result<video::VideoHash> video = video::HashVideoBytes(bytes, "the uploaded video", options);
    if (!video.ok()) {
      return absl::InvalidArgumentError(std::string(video.status().message()));
    }
    body = VideoHashJson(digests, bytes.size(), *video);
    if (match) queries = UploadQueries(std::nullopt, video->frames, digests);
  } else {
    hash::FileHasher hasher(hash::FileHashOptions{.dihedral = dihedral,
                                                  .max_file_bytes = context.options.max_body_bytes,
                                                  .max_pixels = context.options.max_pixels});
    const hash::FileHashRecord record = hasher.HashBytes(bytes);
    if (!record.pdq.has_value()) {
      const Status why = record.error.ok()
                             ? absl::InvalidArgumentError("not a picture or video clearhost reads")
                             : record.error;
      return absl::InvalidArgumentError(
          absl::StrCat("the uploaded file: ", std::string(why.message())));
    }
    body = PictureHashJson(record, dihedral);
    if (match)
      queries = UploadQueries(record.pdq, {}, record.digests.value_or(hash::FileDigests{}));
  }
  if (match) {
    CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
    MatchRequestOptions options{.actor = caller.principal};
    CLEARHOST_ASSIGN_OR_RETURN(const auto results, service->Match(queries, options));
    nlohmann::ordered_json matches = nlohmann::ordered_json::array();
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].empty()) matches.push_back(MatchResultJson(queries[i].signal, results[i]));
    }
    body["matches"] = std::move(matches);
  }
  ReplyJson(response, 200, body);
  return Status();
}

nlohmann::ordered_json IndexStatusJson(const IndexStatus& status, const MatchStatistics& stats) {
  return {{"ready", status.ready},
          {"pdq_entries", status.pdq_entries},
          {"digest_entries", status.digest_entries},
          {"store_change", status.version.change},
          {"built_at", IsoTime(status.built_at)},
          {"refreshed_at", IsoTime(status.refreshed_at)},
          {"queries", stats.queries},
          {"refreshes", stats.refreshes},
          {"rebuilds", stats.rebuilds},
          {"refresh_failures", stats.refresh_failures}};
}

}  // namespace

void AddMatchRoutes(httplib::Server& http, const RouteContext& context) {
  http.Post(
      "/v1/match",
      context.Wrap(kMatchRoles,
                   [&context](const httplib::Request& request, httplib::Response& response,
                              const Caller& caller, store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                     CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json body, ParseBody(request));
                     CLEARHOST_ASSIGN_OR_RETURN(MatchRequest match, ParseMatchRequest(body));
                     match.options.actor = caller.principal;
                     return Answer(*service, match, response);
                   }));
  http.Get("/v1/match",
           context.Wrap(kMatchRoles,
                        [&context](const httplib::Request& request, httplib::Response& response,
                                   const Caller& caller, store::SqlConnection&) -> Status {
                          CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                          nlohmann::json signal = {
                              {"type", request.has_param("type") ? request.get_param_value("type")
                                                                 : std::string("pdq")},
                              {"value", request.get_param_value("value")}};
                          nlohmann::json body = {{"signals", nlohmann::json::array({signal})}};
                          if (request.has_param("radius")) {
                            int radius = -1;
                            if (!absl::SimpleAtoi(request.get_param_value("radius"), &radius)) {
                              return absl::InvalidArgumentError(
                                  "query parameter radius: expected an integer 0..256");
                            }
                            body["radius"] = radius;
                          }
                          CLEARHOST_ASSIGN_OR_RETURN(MatchRequest match, ParseMatchRequest(body));
                          match.options.actor = caller.principal;
                          return Answer(*service, match, response);
                        }));
  http.Post("/v1/hash",
            context.Wrap(kMatchRoles,
                         [&context](const httplib::Request& request, httplib::Response& response,
                                    const Caller& caller, store::SqlConnection&) -> Status {
                           return HashUpload(context, request, response, caller);
                         }));
  http.Get("/v1/index",
           context.Wrap({Role::kAdmin, Role::kOperator, Role::kRegulator, Role::kAuditor},
                        [&context](const httplib::Request&, httplib::Response& response,
                                   const Caller&, store::SqlConnection&) -> Status {
                          CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                          ReplyJson(
                              response, 200,
                              IndexStatusJson(service->index_status(), service->statistics()));
                          return Status();
                        }));
  http.Post(
      "/v1/index/reload",
      context.Wrap({Role::kAdmin},
                   [&context](const httplib::Request&, httplib::Response& response, const Caller&,
                              store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(MatchService * service, RequireMatch(context));
                     CLEARHOST_RETURN_IF_ERROR(service->Reload());
                     ReplyJson(response, 200,
                               IndexStatusJson(service->index_status(), service->statistics()));
                     return Status();
                   }));
}

}  // namespace clearhost::server
