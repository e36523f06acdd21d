// Dashboard sessions: a login with an API token opens a session, kept in this server's memory
// only and named by a random 256-bit id (the session cookie); it ends on logout, after
// `idle_timeout` without a request, or when the server stops. Each session has its own random
// CSRF token, which every dashboard form carries and every POST must send back.
// The session keeps the API token (in memory, never logged or written) so that each request
// re-authenticates it: a revoked token ends its sessions at their next request.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "cases/deadline_policy.h"
#include "core/clock.h"
#include "server/api_tokens.h"

namespace clearhost::server {

struct UiSession {
  std::string id{};          // 64 hex digits: the session cookie's value
  std::string csrf_token{};  // 64 hex digits: the hidden field of every form
  std::string api_token{};   // what the user logged in with
  Caller caller{};
  int64_t last_seen = 0;  // Unix microseconds
};

class UiSessionStore {
 public:
  struct Options {
    int64_t idle_timeout_micros = 8 * cases::kMicrosPerHour;
    size_t max_sessions = 10'000;  // beyond: the least recently used session ends
  };

  explicit UiSessionStore(Options options, MicrosClock clock = SystemClockMicros);

  // Opens a session for a caller who presented `api_token`.
  UiSession Create(std::string api_token, const Caller& caller);
  // The live session named `id` (its idle time restarts); nullopt when unknown or expired.
  std::optional<UiSession> Find(std::string_view id);
  // Ends session `id` (nothing when unknown).
  void End(std::string_view id);
  // Live and not yet swept sessions.
  size_t size() const;

  const Options& options() const { return options_; }

 private:
  void SweepLocked(int64_t now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const Options options_;
  const MicrosClock clock_;
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, UiSession> sessions_ ABSL_GUARDED_BY(mutex_);
};

// 32 random bytes from the operating system's CSPRNG, as 64 lowercase hex digits.
std::string RandomToken();

// Whether `a` and `b` are equal, in a time that depends on their lengths only.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace clearhost::server
