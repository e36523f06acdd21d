// How the server answers: JSON bodies, and errors as {"error": {"code", "message"}} with an
// HTTP status and a stable code derived from the Status (docs/api.md lists them).
// Thread-safety: pure functions.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/status.h"

namespace clearhost::server {

// The HTTP status for a Status code: InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists/Aborted/FailedPrecondition 409,
// ResourceExhausted 413, Unavailable 503, anything else 500.
int HttpStatusFor(absl::StatusCode code);
// "invalid_argument", "not_found", ...: the error code clients can rely on.
std::string ErrorCodeName(absl::StatusCode code);

void ReplyJson(httplib::Response& response, int status, const nlohmann::ordered_json& body);
void ReplyError(httplib::Response& response, const Status& error);

// The request body as a JSON value; InvalidArgument (naming the position) when it is not JSON.
Result<nlohmann::json> ParseBody(const httplib::Request& request);

}  // namespace clearhost::server
