// Fetching media by URL for the HMA routes (/h/hash?url=, /m/lookup?url=, bank content by
// URL), guarded against server-side request forgery: only http(s) URLs whose host is on the
// operator's allowlist (`serve --hash-url-allow HOST`; empty: fetching is off), redirects
// followed only to allowed hosts, bounded in size and time. The bytes stay in memory; nothing
// is written to disk.
// Thread-safety: the functions keep no shared state; call them from any number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::server::hma {

struct FetchLimits {
  uint64_t max_bytes = uint64_t{32} << 20;  // larger answers: ResourceExhausted (413)
  int timeout_ms = 30'000;                  // the whole transfer, redirects included
  int max_redirects = 5;
};

struct FetchedMedia {
  std::vector<uint8_t> bytes;
  std::string content_type;  // the answer's Content-Type header ("" when it had none)
};

// The host of `url` when it is an http or https URL whose host is `allowed` or a subdomain of
// an allowed name (HMA's ALLOWED_HOSTNAMES rule); InvalidArgument "Invalid or unsafe URL
// provided" otherwise. The host is the one libcurl would connect to (its own URL parser).
Result<std::string> CheckUrlAllowed(std::string_view url, std::span<const std::string> allowed);

// GETs `url` (see the top). PermissionDenied when `allowed` is empty (fetching is off);
// InvalidArgument for a URL or redirect off the allowlist, a failed transfer or an HTTP error
// status; ResourceExhausted "Content too large" past limits.max_bytes.
Result<FetchedMedia> FetchMedia(const std::string& url, std::span<const std::string> allowed,
                                const FetchLimits& limits);

}  // namespace clearhost::server::hma
