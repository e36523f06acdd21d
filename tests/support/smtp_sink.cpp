#include "support/smtp_sink.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace clearhost::testing {
namespace {

constexpr int kPollMilliseconds = 50;  // how often a waiting thread looks at the stop flag
constexpr auto kIdleTimeout = std::chrono::seconds(10);  // a silent client is dropped
constexpr size_t kMaxBuffered = 32 << 20;

void SendAll(int client, std::string_view text) {
  while (!text.empty()) {
    const ssize_t sent = send(client, text.data(), text.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return;
    text.remove_prefix(static_cast<size_t>(sent));
  }
}

// The address between "<" and ">" in "MAIL FROM:<a@example.com> SIZE=1".
std::string AngleAddress(std::string_view line) {
  const size_t open = line.find('<');
  const size_t close = line.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  return std::string(line.substr(open + 1, close - open - 1));
}

// Reads CRLF-terminated lines from one client, with an idle timeout and the sink's stop flag.
class LineReader {
 public:
  LineReader(int client, const std::atomic<bool>& stopping)
      : client_(client), stopping_(stopping) {}

  // The next line without its CRLF; false at end of stream, timeout, stop or overflow.
  bool Next(std::string& line) {
    auto idle_since = std::chrono::steady_clock::now();
    while (true) {
      const size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line.assign(buffer_, 0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      if (stopping_ || buffer_.size() > kMaxBuffered) return false;
      if (std::chrono::steady_clock::now() - idle_since > kIdleTimeout) return false;
      pollfd poll_fd{client_, POLLIN, 0};
      const int ready = poll(&poll_fd, 1, kPollMilliseconds);
      if (ready < 0 && errno != EINTR) return false;
      if (ready <= 0) continue;
      char chunk[4096];
      const ssize_t count = recv(client_, chunk, sizeof chunk, 0);
      if (count < 0 && errno == EINTR) continue;
      if (count <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(count));
      idle_since = std::chrono::steady_clock::now();
    }
  }

 private:
  int client_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
};

}  // namespace

SmtpSink::SmtpSink() {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) {
    ADD_FAILURE() << "SmtpSink: socket: " << std::strerror(errno);
    return;
  }
  const int reuse = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener_, 16) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ADD_FAILURE() << "SmtpSink: cannot listen on 127.0.0.1: " << std::strerror(errno);
    close(listener_);
    listener_ = -1;
    return;
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

SmtpSink::~SmtpSink() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) close(listener_);
}

std::string SmtpSink::url() const {
  return absl::StrCat("smtp://127.0.0.1:", port_);
}

std::vector<ReceivedMail> SmtpSink::Received() const {
  absl::MutexLock lock(&mutex_);
  return received_;
}

void SmtpSink::RefuseNext(int code, int count) {
  absl::MutexLock lock(&mutex_);
  refuse_code_ = code;
  refuse_count_ = count;
}

void SmtpSink::Serve() {
  while (!stopping_) {
    pollfd poll_fd{listener_, POLLIN, 0};
    if (poll(&poll_fd, 1, kPollMilliseconds) <= 0) continue;
    const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    Converse(client);
    close(client);
  }
}

void SmtpSink::Converse(int client) {
  LineReader reader(client, stopping_);
  SendAll(client, "220 sink.example.com ESMTP test sink\r\n");
  ReceivedMail mail;
  bool in_transaction = false;
  std::string line;
  while (reader.Next(line)) {
    if (absl::StartsWithIgnoreCase(line, "EHLO")) {
      SendAll(client, "250-sink.example.com\r\n250 8BITMIME\r\n");
    } else if (absl::StartsWithIgnoreCase(line, "HELO")) {
      SendAll(client, "250 sink.example.com\r\n");
    } else if (absl::StartsWithIgnoreCase(line, "MAIL FROM:")) {
      int refuse_code = 0;
      {
        absl::MutexLock lock(&mutex_);
        if (refuse_count_ > 0) {
          --refuse_count_;
          refuse_code = refuse_code_;
        }
      }
      if (refuse_code != 0) {
        SendAll(client, absl::StrCat(refuse_code, " refused by the test sink\r\n"));
        continue;
      }
      mail = ReceivedMail{};
      mail.envelope_from = AngleAddress(line);
      in_transaction = true;
      SendAll(client, "250 sender ok\r\n");
    } else if (absl::StartsWithIgnoreCase(line, "RCPT TO:")) {
      if (!in_transaction) {
        SendAll(client, "503 MAIL first\r\n");
        continue;
      }
      mail.recipients.push_back(AngleAddress(line));
      SendAll(client, "250 recipient ok\r\n");
    } else if (absl::EqualsIgnoreCase(line, "DATA")) {
      if (!in_transaction || mail.recipients.empty()) {
        SendAll(client, "503 RCPT first\r\n");
        continue;
      }
      SendAll(client, "354 end with <CRLF>.<CRLF>\r\n");
      bool complete = false;
      while (reader.Next(line)) {
        if (line == ".") {
          complete = true;
          break;
        }
        // RFC 5321 4.5.2: a leading dot was doubled by the sender.
        mail.data.append(line, line.starts_with('.') ? 1 : 0);
        mail.data += "\r\n";
      }
      if (!complete) return;
      {
        absl::MutexLock lock(&mutex_);
        received_.push_back(std::move(mail));
      }
      mail = ReceivedMail{};
      in_transaction = false;
      SendAll(client, "250 queued\r\n");
    } else if (absl::EqualsIgnoreCase(line, "RSET")) {
      mail = ReceivedMail{};
      in_transaction = false;
      SendAll(client, "250 reset\r\n");
    } else if (absl::EqualsIgnoreCase(line, "NOOP")) {
      SendAll(client, "250 ok\r\n");
    } else if (absl::EqualsIgnoreCase(line, "QUIT")) {
      SendAll(client, "221 bye\r\n");
      return;
    } else {
      SendAll(client, "502 command not recognised\r\n");
    }
  }
}

}  // namespace clearhost::testing
