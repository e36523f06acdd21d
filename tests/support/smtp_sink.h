// A loopback SMTP server for tests: accepts connections on 127.0.0.1 (an ephemeral port), speaks
// enough ESMTP for libcurl (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT)
// and keeps every message it accepted. It can be told to refuse the next transactions with a
// given reply code, to test retries and refusals.
// Thread-safety: all members may be called from any thread while it serves.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace clearhost::testing {

struct ReceivedMail {
  std::string envelope_from;
  std::vector<std::string> recipients;
  std::string data;  // the message as transmitted, dot-unstuffed, without the final "."
};

class SmtpSink {
 public:
  SmtpSink();  // listening when constructed; aborts the test (ADD_FAILURE) if it cannot bind
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  std::string url() const;  // "smtp://127.0.0.1:<port>"

  std::vector<ReceivedMail> Received() const;
  // The next `count` transactions are answered with `code` (e.g. 451, 550) at MAIL FROM.
  void RefuseNext(int code, int count = 1);

 private:
  void Serve();
  void Converse(int client);

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mutex_;
  std::vector<ReceivedMail> received_ ABSL_GUARDED_BY(mutex_);
  int refuse_code_ ABSL_GUARDED_BY(mutex_) = 0;
  int refuse_count_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace clearhost::testing
