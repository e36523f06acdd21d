// `clearhost serve`: the notice-and-takedown HTTP/JSON API (docs/api.md) over the case store,
// on SQLite or PostgreSQL. Every route but /health needs a bearer token (server/api_tokens.h)
// whose role allows it; a notifier sees only its own cases. One JSON log line per request goes
// to stderr (never a token or a body). A background thread sends deadline alerts to a webhook.
// Several servers may share one PostgreSQL database (see cases/case_store.h).
// Thread-safety: Stop() may be called from any thread; the rest from the owning thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  cases::DeadlinePolicy deadlines{};
  cases::StatementOptions statements{};
  std::string alert_webhook{};  // POSTed a JSON alert before a deadline; "" for none
  int64_t alert_before_micros = 2 * cases::kMicrosPerHour;
  int64_t alert_interval_ms = 10'000;
  // Hosts the HMA routes may fetch media from by URL (and their subdomains); empty: hashing by
  // URL is off (no server-side request forgery). See server/hma_fetch.h.
  std::vector<std::string> hash_url_allow{};
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

 private:
  struct State;
  explicit ApiServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace clearhost::server
