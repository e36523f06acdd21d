#include "server/ui_sessions.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "core/hex.h"

namespace clearhost::server {

UiSessionStore::UiSessionStore(Options options, MicrosClock clock)
    : options_(options), clock_(std::move(clock)) {}

UiSession UiSessionStore::Create(std::string api_token, const Caller& caller) {
  const int64_t now = clock_();
  UiSession session{.id = RandomToken(),
                    .csrf_token = RandomToken(),
                    .api_token = std::move(api_token),
                    .caller = caller,
                    .last_seen = now};
  absl::MutexLock lock(&mutex_);
  SweepLocked(now);
  if (sessions_.size() >= options_.max_sessions) {
    const auto oldest = std::min_element(
        sessions_.begin(), sessions_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    sessions_.erase(oldest);
  }
  sessions_.emplace(session.id, session);
  return session;
}

std::optional<UiSession> UiSessionStore::Find(std::string_view id) {
  const int64_t now = clock_();
  absl::MutexLock lock(&mutex_);
  const auto found = sessions_.find(std::string(id));
  if (found == sessions_.end()) return std::nullopt;
  if (now - found->second.last_seen >= options_.idle_timeout_micros) {
    sessions_.erase(found);
    return std::nullopt;
  }
  found->second.last_seen = now;
  return found->second;
}

void UiSessionStore::End(std::string_view id) {
  absl::MutexLock lock(&mutex_);
  sessions_.erase(std::string(id));
}

size_t UiSessionStore::size() const {
  absl::MutexLock lock(&mutex_);
  return sessions_.size();
}

void UiSessionStore::SweepLocked(int64_t now) {
  absl::erase_if(sessions_, [&](const auto& entry) {
    return now - entry.second.last_seen >= options_.idle_timeout_micros;
  });
}

std::string RandomToken() {
  std::array<uint8_t, 32> bytes{};
  // Without randomness there is no safe session id: a broken invariant, not an error to answer.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
  return HexEncode(bytes);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

}  // namespace clearhost::server
