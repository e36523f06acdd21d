#include "server/api_server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "scan/webhook.h"
#include "server/connection_pool.h"
#include "server/deadline_alerter.h"
#include "server/http_json.h"
#include "server/route_context.h"
#include "server/server_metrics.h"

namespace clearhost::server {
namespace {

// When the worker thread started reading the current request, and whether no route took it
// (set by the error handler): the logger, on the same thread, turns them into metrics.
thread_local std::chrono::steady_clock::time_point request_started;
thread_local bool request_unrouted = false;

std::string_view MethodLabel(const std::string& method) {
  for (const std::string_view known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"}) {
    if (method == known) return known;
  }
  return "other";
}

// One JSON line per request (never the body, the query string or any header), and its metrics.
void LogRequest(ServerMetrics& metrics, const httplib::Request& request,
                const httplib::Response& response) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - request_started).count();
  metrics.Observe(request_unrouted ? "unmatched" : RouteLabel(request.path),
                  MethodLabel(request.method), response.status, seconds);
  std::fprintf(stderr, "%s\n",
               nlohmann::ordered_json{{"at", IsoTime(SystemClockMicros())},
                                      {"method", request.method},
                                      {"path", request.path},
                                      {"status", response.status},
                                      {"ms", std::round(seconds * 1e5) / 100},
                                      {"remote", request.remote_addr}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                   .c_str());
}

// The bank store file: the option, else the --db file when it is SQLite; "" for none.
std::string BanksPath(const ServerOptions& options) {
  if (!options.banks_path.empty()) return options.banks_path;
  constexpr std::string_view kSqlite = "sqlite:";
  if (options.database_url.starts_with(kSqlite)) {
    return options.database_url.substr(kSqlite.size());
  }
  return "";
}

}  // namespace

struct ApiServer::State {
  ServerOptions options;
  std::unique_ptr<ConnectionPool> pool;
  std::unique_ptr<MatchService> match;
  ServerMetrics metrics;
  std::unique_ptr<RouteContext> routes;
  httplib::Server http;
  int port = 0;
  std::unique_ptr<DeadlineAlerter> alerter;
};

ApiServer::ApiServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
ApiServer::~ApiServer() = default;

Result<std::unique_ptr<ApiServer>> ApiServer::Create(const ServerOptions& options) {
  if (options.threads < 1 || options.threads > 256) {
    return absl::InvalidArgumentError("--threads: 1 to 256");
  }
  if (!options.alert_webhook.empty()) {
    CLEARHOST_RETURN_IF_ERROR(scan::CheckWebhookUrl(options.alert_webhook));
  }
  auto state = std::make_unique<State>();
  state->options = options;
  CLEARHOST_ASSIGN_OR_RETURN(state->pool, ConnectionPool::Open(options.database_url));
  if (const std::string banks = BanksPath(options); !banks.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(state->match,
                               MatchService::Open({.banks_path = banks,
                                                   .refresh_interval_ms = options.index_refresh_ms,
                                                   .build_threads = std::min(options.threads, 4)}));
  }
  state->routes = std::make_unique<RouteContext>(
      RouteContext{*state->pool, state->options, state->match.get()});
  httplib::Server& http = state->http;
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body_bytes);
  // Answers go out at once, not after the client's delayed ACK (Nagle): 40 ms per request
  // on a kept-alive connection otherwise.
  http.set_tcp_nodelay(true);
  // Slow clients (slowloris) are dropped, not waited for: the read and the wait for the next
  // request on a kept-alive connection are both bounded.
  http.set_read_timeout(std::chrono::seconds(options.read_timeout_seconds));
  http.set_keep_alive_timeout(options.read_timeout_seconds);
  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = std::chrono::steady_clock::now();
    request_unrouted = false;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_logger([metrics = &state->metrics](const httplib::Request& request,
                                              const httplib::Response& response) {
    LogRequest(*metrics, request, response);
  });
  // Answers httplib produces itself (unknown route, body too large) get a JSON body too.
  http.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    request_unrouted = response.status == 404;
    const absl::StatusCode code = response.status == 404   ? absl::StatusCode::kNotFound
                                  : response.status == 413 ? absl::StatusCode::kResourceExhausted
                                  : response.status == 400 ? absl::StatusCode::kInvalidArgument
                                                           : absl::StatusCode::kUnknown;
    const int status = response.status;
    ReplyError(response, Status(code, absl::StrCat("HTTP ", status, " for ", request.method, " ",
                                                   request.path)));
    response.status = status;
  });
  AddCaseRoutes(http, *state->routes);
  AddReportRoutes(http, *state->routes);
  AddMatchRoutes(http, *state->routes);
  AddBankRoutes(http, *state->routes);
  AddOperationsRoutes(http, *state->routes, state->metrics);
  AddOpenApiRoute(http);
  AddHmaRoutes(http, *state->routes);
  AddUiRoutes(http, *state->routes);
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(state)));
}

Status ApiServer::Bind() {
  State& state = *state_;
  if (state.options.port == 0) {
    state.port = state.http.bind_to_any_port(state.options.host);
  } else if (state.http.bind_to_port(state.options.host, state.options.port)) {
    state.port = state.options.port;
  } else {
    state.port = -1;
  }
  if (state.port <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", state.options.host, ":",
                                               state.options.port,
                                               " (address in use, or not an address here)"));
  }
  return Status();
}

int ApiServer::port() const {
  return state_->port;
}

Status ApiServer::Run() {
  State& state = *state_;
  if (!state.options.alert_webhook.empty()) {
    state.alerter = std::make_unique<DeadlineAlerter>(*state.pool, state.options.alert_webhook,
                                                      state.options.alert_before_micros,
                                                      state.options.alert_interval_ms);
  }
  const bool served = state.http.listen_after_bind();
  state.alerter.reset();
  if (!served) return absl::InternalError("the HTTP server stopped with an error");
  return Status();
}

void ApiServer::Stop() {
  state_->http.stop();
}

Status ApiServer::ReloadIndex() {
  if (state_->match == nullptr) return absl::FailedPreconditionError("no bank store configured");
  return state_->match->Reload();
}

}  // namespace clearhost::server
