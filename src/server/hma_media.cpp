#include "server/hma_media.h"

#include "absl/strings/str_cat.h"
#include "hash/digests.h"
#include "hash/file_hasher.h"
#include "server/hma_fetch.h"

namespace clearhost::server::hma {
namespace {

std::optional<std::string> OptionalParam(const httplib::Request& request, const char* name) {
  if (!request.has_param(name)) return std::nullopt;
  return request.get_param_value(name);
}

std::span<const uint8_t> AsBytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

Result<std::vector<MediaSignal>> HashMedia(std::span<const uint8_t> bytes, ContentType content,
                                           const std::vector<std::string>& types) {
  std::vector<MediaSignal> signals;
  for (const std::string& type : types) {
    if (type == "pdq") {
      hash::FileHasher hasher(hash::FileHashOptions{});
      const hash::FileHashRecord record = hasher.HashBytes(bytes);
      if (!record.pdq.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat(
            std::string(ContentTypeName(content)), ": not a picture clearhost can hash (",
            record.error.ok() ? "unknown format" : record.error.message(), ")"));
      }
      signals.push_back({type, record.pdq->hashes[0].ToHex(), record.pdq->quality});
    } else {
      CLEARHOST_ASSIGN_OR_RETURN(const hash::FileDigests digests, hash::ComputeDigests(bytes));
      signals.push_back({type, digests.md5, std::nullopt});
    }
  }
  return signals;
}

bool HasUpload(const httplib::Request& request) {
  for (const auto& [name, part] : request.files) {
    if (!part.filename.empty()) return true;
  }
  return false;
}

Result<std::vector<MediaSignal>> HashUpload(const httplib::Request& request) {
  const httplib::MultipartFormData* upload = nullptr;
  for (const auto& [name, part] : request.files) {
    if (part.filename.empty()) continue;  // a plain form field, not a file
    if (upload != nullptr) return absl::InvalidArgumentError("Only one file allowed per request");
    upload = &part;
  }
  if (upload == nullptr) {
    return absl::InvalidArgumentError("Missing multipart/form-data file upload");
  }
  CLEARHOST_ASSIGN_OR_RETURN(const ContentType content, ParseContentType(upload->name));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<std::string> types,
                             SignalTypesFor(content, OptionalParam(request, "types")));
  return HashMedia(AsBytes(upload->content), content, types);
}

Result<std::vector<MediaSignal>> HashUrl(const httplib::Request& request,
                                         std::span<const std::string> allowed_hosts) {
  const std::string url = request.get_param_value("url");
  if (url.empty()) return absl::InvalidArgumentError("url is required");
  CLEARHOST_ASSIGN_OR_RETURN(const FetchedMedia media,
                             FetchMedia(url, allowed_hosts, FetchLimits{}));
  CLEARHOST_ASSIGN_OR_RETURN(
      const ContentType content,
      ContentTypeOf(media.content_type, request.get_param_value("content_type")));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<std::string> types,
                             SignalTypesFor(content, OptionalParam(request, "types")));
  return HashMedia(media.bytes, content, types);
}

nlohmann::ordered_json SignalsJson(const std::vector<MediaSignal>& signals) {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const MediaSignal& signal : signals) json[signal.type] = signal.hex;
  return json;
}

}  // namespace clearhost::server::hma
