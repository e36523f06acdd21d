#include "server/http_json.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace clearhost::server {

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

std::string ErrorCodeName(absl::StatusCode code) {
  // absl::StatusCodeToString gives "INVALID_ARGUMENT"; the API uses lowercase.
  return absl::AsciiStrToLower(absl::StatusCodeToString(code));
}

void ReplyJson(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

void ReplyError(httplib::Response& response, const Status& error) {
  const int status = HttpStatusFor(error.code());
  // Internal errors say what failed without the details of the database's message.
  const std::string message =
      status == 500 ? "internal error (see the server log)" : std::string(error.message());
  ReplyJson(response, status,
            {{"error", {{"code", ErrorCodeName(error.code())}, {"message", message}}}});
}

Result<nlohmann::json> ParseBody(const httplib::Request& request) {
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& error) {
    return absl::InvalidArgumentError(
        absl::StrCat("the body is not valid JSON (at byte ", error.byte, ")"));
  }
}

}  // namespace clearhost::server
