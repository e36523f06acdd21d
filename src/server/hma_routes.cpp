// AddHmaRoutes, HMA's public GET /status, and the helpers the HMA route files share.
#include "server/hma_routes.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace clearhost::server {
namespace hma {
namespace {

// HMA answers 503 INDEX-STALE when its index cache missed its refreshes for this long.
constexpr int64_t kStaleIndexMicros = 65'000'000;

// Copies clearhost's error message to the top-level "message" HMA clients read.
void AddHmaMessage(httplib::Response& response) {
  if (response.status < 400) return;
  nlohmann::ordered_json body =
      nlohmann::ordered_json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object() ||
      body.contains("message")) {
    return;
  }
  nlohmann::ordered_json answer{{"message", body["error"].value("message", "")}};
  answer["error"] = body["error"];
  response.set_content(answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

}  // namespace

httplib::Server::Handler WrapHma(const RouteContext& context, RoleSet allowed,
                                 RouteContext::Handler handler) {
  return [wrapped = context.Wrap(allowed, std::move(handler))](const httplib::Request& request,
                                                               httplib::Response& response) {
    wrapped(request, response);
    AddHmaMessage(response);
  };
}

Result<MatchService*> RequireMatch(const RouteContext& context) {
  if (context.match == nullptr) {
    return absl::UnavailableError(
        "this server has no bank store: serve it with a SQLite --db (or --banks) to use the "
        "bank and matching routes");
  }
  return context.match;
}

}  // namespace hma

void AddHmaRoutes(httplib::Server& http, const RouteContext& context) {
  hma::AddHashingRoutes(http, context);
  hma::AddMatchingRoutes(http, context);
  hma::AddCurationRoutes(http, context);
  // Public like /health: load balancers probe it. Plain text, as HMA answers.
  http.Get("/status", [&context](const httplib::Request&, httplib::Response& response) {
    if (context.match != nullptr) {
      const IndexStatus index = context.match->index_status();
      if (!index.ready) {
        response.status = 503;
        response.set_content("INDEX-NOT-LOADED", "text/plain");
        return;
      }
      if (SystemClockMicros() - index.refreshed_at > hma::kStaleIndexMicros) {
        response.status = 503;
        response.set_content("INDEX-STALE", "text/plain");
        return;
      }
    }
    response.status = 200;
    response.set_content("I-AM-ALIVE", "text/plain");
  });
}

}  // namespace clearhost::server
