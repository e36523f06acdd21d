#include "server/match_json.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "hash/pdq_dct.h"
#include "image/image.h"
#include "scan/verdict.h"

namespace clearhost::server {
namespace {

Result<std::string> StringField(const nlohmann::json& json, const char* name,
                                std::string_view where) {
  const auto field = json.find(name);
  if (field == json.end() || !field->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(where), ": \"", name, "\" must be a string"));
  }
  return field->get<std::string>();
}

}  // namespace

Result<MatchQuery> ParseSignalJson(const nlohmann::json& json, std::string_view where) {
  if (!json.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(where), ": a signal is an object {\"type\", \"value\"}"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(const std::string type_name, StringField(json, "type", where));
  const std::optional<lists::SignalType> type = lists::ParseSignalTypeName(type_name);
  if (!type.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(where), ": unknown signal type '",
                                                   type_name, "' (pdq, md5, sha1, sha256)"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(const std::string value, StringField(json, "value", where));
  Result<lists::Signal> signal = lists::ParseSignal(*type, value);
  if (!signal.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(where), ": ", std::string(signal.status().message())));
  }
  MatchQuery query{.signal = *signal};
  if (const auto quality = json.find("quality"); quality != json.end()) {
    if (!quality->is_number_integer() || *quality < 0 || *quality > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(where), ": \"quality\" must be an integer 0..100"));
    }
    query.quality = quality->get<int>();
  }
  return query;
}

Result<MatchRequest> ParseMatchRequest(const nlohmann::json& body) {
  if (!body.is_object()) return absl::InvalidArgumentError("the body must be a JSON object");
  MatchRequest request;
  const auto signals = body.find("signals");
  if (signals == body.end()) {
    CLEARHOST_ASSIGN_OR_RETURN(MatchQuery query, ParseSignalJson(body, "the signal"));
    request.queries.push_back(query);
  } else {
    if (!signals->is_array() || signals->empty()) {
      return absl::InvalidArgumentError("\"signals\" must be a non-empty array of signals");
    }
    if (signals->size() > kMaxMatchBatch) {
      return absl::ResourceExhaustedError(
          absl::StrCat(signals->size(), " signals: at most ", kMaxMatchBatch, " per request"));
    }
    request.queries.reserve(signals->size());
    for (size_t i = 0; i < signals->size(); ++i) {
      CLEARHOST_ASSIGN_OR_RETURN(MatchQuery query,
                                 ParseSignalJson((*signals)[i], absl::StrCat("signals[", i, "]")));
      request.queries.push_back(query);
    }
  }
  if (const auto radius = body.find("radius"); radius != body.end()) {
    if (!radius->is_number_integer() || *radius < 0 || *radius > 256) {
      return absl::InvalidArgumentError("\"radius\" must be an integer 0..256");
    }
    request.options.radius = radius->get<int>();
  }
  if (const auto banks = body.find("banks"); banks != body.end()) {
    if (!banks->is_array())
      return absl::InvalidArgumentError("\"banks\" must be an array of names");
    std::vector<std::string> names;
    for (const nlohmann::json& name : *banks) {
      if (!name.is_string()) return absl::InvalidArgumentError("\"banks\" must hold bank names");
      names.push_back(name.get<std::string>());
    }
    request.options.banks = std::move(names);
  }
  return request;
}

nlohmann::ordered_json MatchResultJson(const lists::Signal& query,
                                       const std::vector<scan::BankMatch>& matches) {
  nlohmann::ordered_json found = nlohmann::ordered_json::array();
  for (const scan::BankMatch& match : matches) {
    nlohmann::ordered_json json = {
        {"bank", match.bank},         {"bank_id", match.bank_id},
        {"entry_id", match.entry_id}, {"signal", match.match.ToHex()},
        {"distance", match.distance}, {"verdict", scan::VerdictName(match.verdict)}};
    if (!match.reason.empty()) json["reason"] = match.reason;
    if (match.suppressed_by.has_value()) {
      json["suppressed_by"] = {{"bank", match.suppressed_by->bank},
                               {"entry_id", match.suppressed_by->entry_id},
                               {"distance", match.suppressed_by->distance}};
    }
    found.push_back(std::move(json));
  }
  return {{"signal", {{"type", lists::SignalTypeName(query.type)}, {"value", query.ToHex()}}},
          {"matches", std::move(found)}};
}

nlohmann::ordered_json PictureHashJson(const hash::FileHashRecord& record, bool dihedral) {
  nlohmann::ordered_json json = {{"kind", "picture"},
                                 {"format", image::ImageFormatName(record.format)},
                                 {"bytes", record.bytes},
                                 {"width", record.width},
                                 {"height", record.height}};
  if (record.pdq.has_value()) {
    json["pdq"] = record.pdq->hashes[0].ToHex();
    json["quality"] = record.pdq->quality;
    if (dihedral) {
      nlohmann::ordered_json transforms = nlohmann::ordered_json::object();
      for (size_t i = 0; i < hash::kDihedralCount; ++i) {
        transforms[hash::kDihedralNames[i]] = record.pdq->hashes[i].ToHex();
      }
      json["dihedral"] = std::move(transforms);
    }
  }
  if (record.digests.has_value()) {
    json["md5"] = record.digests->md5;
    json["sha1"] = record.digests->sha1;
    json["sha256"] = record.digests->sha256;
  }
  return json;
}

nlohmann::ordered_json VideoHashJson(const hash::FileDigests& digests, uint64_t bytes,
                                     const video::VideoHash& video) {
  nlohmann::ordered_json frames = nlohmann::ordered_json::array();
  for (const video::VideoFrameHash& frame : video.frames) {
    frames.push_back({{"frame", frame.frame_number},
                      {"quality", frame.quality},
                      {"pdq", frame.pdq.ToHex()},
                      {"timestamp", frame.timestamp_seconds}});
  }
  return {{"kind", "video"},           {"container", video.info.container},
          {"codec", video.info.codec}, {"bytes", bytes},
          {"width", video.info.width}, {"height", video.info.height},
          {"fps", video.info.fps},     {"duration_seconds", video.info.duration_seconds},
          {"md5", digests.md5},        {"sha1", digests.sha1},
          {"sha256", digests.sha256},  {"frames_decoded", video.frames_decoded},
          {"vpdq", std::move(frames)}};
}

}  // namespace clearhost::server
