// The scanner's webhook action: a JSON document POSTed to a URL the operator configured (an
// abuse-desk system, a ticket queue), with libcurl. http and https only, no redirects followed,
// loopback never through a proxy. A failure (no connection, timeout, a status other than 2xx)
// comes back as Unavailable so the caller retries it later with backoff.
// Thread-safety: PostJson may be called from any thread.
#pragma once

#include <string>

#include "core/status.h"

namespace clearhost::scan {

// POSTs `body` (application/json) to `url`; OK on a 2xx answer.
Status PostJson(const std::string& url, const std::string& body, int timeout_ms = 10'000);

// Whether `url` is one PostJson accepts (http:// or https:// with a host); the message says why
// not.
Status CheckWebhookUrl(const std::string& url);

}  // namespace clearhost::scan
