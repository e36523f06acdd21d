// Hashing media for the HMA routes: an upload (multipart/form-data, one file whose field name is
// the content type, as HMA's POST /h/hash takes it) or a URL (hma_fetch.h), into HMA's signals
// {"pdq": hex} for a photo or {"video_md5": hex} for a video. Bytes are hashed in memory and
// dropped; only the hashes come out.
// Thread-safety: the functions keep no shared state; call them from any number of threads.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "server/hma_json.h"

namespace clearhost::server::hma {

// One hashed signal: its HMA type name and hex, and the PDQ quality for a photo's pdq.
struct MediaSignal {
  std::string type;
  std::string hex;
  std::optional<int> quality{};
};

// Hashes `bytes` as `content` into the signal types `types` (from SignalTypesFor).
// InvalidArgument when a photo is not a picture clearhost decodes.
Result<std::vector<MediaSignal>> HashMedia(std::span<const uint8_t> bytes, ContentType content,
                                           const std::vector<std::string>& types);

// Hashes the request's single uploaded file (HMA's rules: a multipart/form-data body with
// exactly one file, its field name the content type; the `types` parameter narrows the types).
// InvalidArgument "Missing multipart/form-data file upload" etc.
Result<std::vector<MediaSignal>> HashUpload(const httplib::Request& request);
// Whether the request carries an uploaded file (a multipart part with a file name).
bool HasUpload(const httplib::Request& request);

// Fetches the request's `url` parameter from an allowed host and hashes it (the content_type
// and types parameters apply); errors as FetchMedia's and HashMedia's.
Result<std::vector<MediaSignal>> HashUrl(const httplib::Request& request,
                                         std::span<const std::string> allowed_hosts);

// {"<type>": "<hex>", ...}: HMA's hash answer.
nlohmann::ordered_json SignalsJson(const std::vector<MediaSignal>& signals);

}  // namespace clearhost::server::hma
