// Database connections for the server's worker threads: a connection is leased by one request
// at a time and returned afterwards, so each thread works on its own connection (as
// store::SqlConnection requires) and no more connections are opened than threads ever ran at
// once. Every connection is opened from the same URL; the schema is migrated by the first.
// Thread-safety: Lease() may be called from any thread; a Lease is used by one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/status.h"
#include "store/sql_connection.h"

namespace clearhost::server {

class ConnectionPool;

// A leased connection; returned to the pool by the destructor. A connection that failed with
// Unavailable is dropped instead (Discard()), so a restarted database is reconnected.
class ConnectionLease {
 public:
  ConnectionLease(ConnectionLease&&) noexcept = default;
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ~ConnectionLease();

  store::SqlConnection& connection() { return *connection_; }
  void Discard() { connection_.reset(); }

 private:
  friend class ConnectionPool;
  ConnectionLease(ConnectionPool* pool, std::unique_ptr<store::SqlConnection> connection)
      : pool_(pool), connection_(std::move(connection)) {}

  ConnectionPool* pool_;
  std::unique_ptr<store::SqlConnection> connection_;
};

class ConnectionPool {
 public:
  // Opens the first connection and migrates the schema (errors come back here, at start-up).
  static Result<std::unique_ptr<ConnectionPool>> Open(std::string url);

  Result<ConnectionLease> Lease();
  const std::string& name() const { return name_; }

 private:
  friend class ConnectionLease;
  explicit ConnectionPool(std::string url) : url_(std::move(url)) {}
  void Return(std::unique_ptr<store::SqlConnection> connection);

  const std::string url_;
  std::string name_;
  absl::Mutex mutex_;
  std::vector<std::unique_ptr<store::SqlConnection>> idle_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace clearhost::server
