// `clearhost serve`: the HTTP/JSON API (docs/api.md): notice-and-takedown over the case store
// (SQLite or PostgreSQL), matching against the banks (server/match_service.h), /health, /ready
// and Prometheus /metrics. Every route but /health needs a bearer token (server/api_tokens.h)
// whose role allows it; a notifier sees only its own cases. One JSON log line per request goes
// to stderr (never a token or a body). A background thread sends deadline alerts to a webhook.
// Several servers may share one PostgreSQL database (see cases/case_store.h).
// Thread-safety: Stop() may be called from any thread; the rest from the owning thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "cases/deadline_policy.h"
#include "cases/statement_of_reasons.h"
#include "core/status.h"

namespace clearhost::server {

struct ServerOptions {
  std::string database_url;         // sqlite:FILE or postgresql://...
  std::string host = "127.0.0.1";   // loopback unless told otherwise
  int port = 8440;                  // 0: any free port (see ApiServer::port())
  int threads = 8;                  // request worker threads
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413
  int read_timeout_seconds = 10;    // a client slower than this to send a request is dropped
  cases::DeadlinePolicy deadlines{};
  cases::StatementOptions statements{};
  std::string alert_webhook{};  // POSTed a JSON alert before a deadline; "" for none
  int64_t alert_before_micros = 2 * cases::kMicrosPerHour;
  int64_t alert_interval_ms = 10'000;
  // The bank store (SQLite file) matching uses; "" means the --db file when that is SQLite, and
  // no matching (bank and match routes answer 503) when it is PostgreSQL.
  std::string banks_path{};
  int index_refresh_ms = 1000;        // how often the index catches up with the bank store
  uint64_t max_pixels = 100'000'000;  // /v1/hash: larger pictures (and video frames) refused
};

class ApiServer {
 public:
  // Opens the database (migrating it) and sets up the routes; binds nothing yet.
  static Result<std::unique_ptr<ApiServer>> Create(const ServerOptions& options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds the listening socket; Unavailable when the address is taken.
  Status Bind();
  // The bound port (after Bind()).
  int port() const;
  // Serves until Stop(); returns once every request in flight has been answered.
  Status Run();
  void Stop();
  // Builds a new index from the bank store and swaps it in (SIGHUP); requests go on meanwhile.
  Status ReloadIndex();

 private:
  struct State;
  explicit ApiServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace clearhost::server
