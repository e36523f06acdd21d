#include "server/route_context.h"

#include <exception>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/http_json.h"

namespace clearhost::server {
namespace {

Result<std::string> BearerToken(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  if (header.empty()) {
    return absl::UnauthenticatedError("an API token is required: Authorization: Bearer <token>");
  }
  constexpr std::string_view kScheme = "Bearer ";
  if (!header.starts_with(kScheme)) {
    return absl::UnauthenticatedError("the Authorization header must be 'Bearer <token>'");
  }
  return header.substr(kScheme.size());
}

}  // namespace

httplib::Server::Handler RouteContext::Wrap(RoleSet allowed, Handler handler) const {
  return [this, allowed, handler = std::move(handler)](const httplib::Request& request,
                                                       httplib::Response& response) {
    Result<std::string> token = BearerToken(request);
    if (!token.ok()) return ReplyError(response, token.status());
    Result<ConnectionLease> lease = pool.Lease();
    if (!lease.ok()) return ReplyError(response, lease.status());
    Status status;
    try {
      Result<Caller> caller = Authenticate(lease->connection(), *token);
      if (!caller.ok()) {
        status = caller.status();
      } else if (!allowed.contains(caller->role)) {
        status = absl::PermissionDeniedError(
            absl::StrCat("role ", std::string(RoleName(caller->role)), " may not ", request.method,
                         " ", request.path));
      } else {
        status = handler(request, response, *caller, lease->connection());
      }
    } catch (const std::exception& error) {
      // JSON or library exceptions that escaped a handler: a bug, answered as one.
      status = absl::InternalError(error.what());
    }
    if (status.code() == absl::StatusCode::kUnavailable) lease->Discard();
    if (!status.ok()) {
      if (HttpStatusFor(status.code()) == 500) {
        std::fprintf(stderr, "%s\n",
                     nlohmann::json{{"level", "error"},
                                    {"path", request.path},
                                    {"error", std::string(status.message())}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                         .c_str());
      }
      ReplyError(response, status);
    }
  };
}

}  // namespace clearhost::server
