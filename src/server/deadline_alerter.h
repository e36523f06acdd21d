// Deadline alerts: a background thread that, every interval, claims the open cases due within
// the alert horizon that have not been alerted (cases/case_store.h ClaimDueAlerts: one server
// of several claims each) and POSTs one JSON alert per case to the configured webhook; a
// failed delivery gives the claim back so the next round retries it.
// Thread-safety: the constructor starts the thread, the destructor stops and joins it.
#pragma once

#include <cstdint>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "server/connection_pool.h"

namespace clearhost::server {

class DeadlineAlerter {
 public:
  DeadlineAlerter(ConnectionPool& pool, std::string webhook, int64_t horizon_micros,
                  int64_t interval_ms);
  ~DeadlineAlerter();
  DeadlineAlerter(const DeadlineAlerter&) = delete;
  DeadlineAlerter& operator=(const DeadlineAlerter&) = delete;

 private:
  void Loop();
  void RunOnce();

  ConnectionPool& pool_;
  const std::string webhook_;
  const int64_t horizon_micros_;
  const int64_t interval_ms_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace clearhost::server
