#include "cases/outbound/smtp_sender.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "cases/outbound/outbound_mail.h"
#include "support/smtp_sink.h"

namespace clearhost::cases::outbound {
namespace {

SmtpOptions OptionsFor(const testing::SmtpSink& sink) {
  SmtpOptions options;
  options.url = sink.url();
  options.connect_timeout_seconds = 5;
  options.timeout_seconds = 20;
  return options;
}

std::string Message() {
  OutboundMail mail;
  mail.from = "abuse@example.net";
  mail.to = {"customer@example.com", "noc@example.com"};
  mail.subject = "Abuse notice 12";
  // Lines starting with a dot must survive SMTP's dot-stuffing.
  mail.text = "Dear customer,\n.\n..two dots\n.leading dot\n";
  mail.xarf_json = "{\"Version\": \"2\"}";
  mail.message_id = "case-12.1@example.net";
  mail.date = 1'772'359'200LL * 1'000'000;
  Result<std::string> message = ComposeMail(mail);
  EXPECT_TRUE(message.ok()) << message.status();
  return message.value_or("");
}

// A loopback port with nothing listening on it (bound, then closed).
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TEST(SmtpSenderTest, DeliversTheMessageByteExactWithTheEnvelope) {
  testing::SmtpSink sink;
  const std::string message = Message();
  ASSERT_TRUE(absl::StrContains(message, "\r\n..two dots\r\n"));
  const std::vector<std::string> recipients = {"customer@example.com", "noc@example.com"};
  const Status sent = SendMail(OptionsFor(sink), "bounces@example.net", recipients, message);
  ASSERT_TRUE(sent.ok()) << sent;
  const std::vector<testing::ReceivedMail> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].envelope_from, "bounces@example.net");
  EXPECT_EQ(received[0].recipients, recipients);
  EXPECT_EQ(received[0].data, message);
}

TEST(SmtpSenderTest, TemporaryRefusalIsUnavailableWithTheServersWords) {
  testing::SmtpSink sink;
  sink.RefuseNext(451);
  const std::vector<std::string> recipients = {"customer@example.com"};
  const Status sent = SendMail(OptionsFor(sink), "abuse@example.net", recipients, Message());
  EXPECT_EQ(sent.code(), absl::StatusCode::kUnavailable) << sent;
  EXPECT_TRUE(absl::StrContains(sent.message(), sink.url())) << sent;
  EXPECT_TRUE(absl::StrContains(sent.message(), "451 refused by the test sink")) << sent;
  EXPECT_TRUE(sink.Received().empty());

  // The refusal was for one transaction only: a retry goes through.
  EXPECT_TRUE(SendMail(OptionsFor(sink), "abuse@example.net", recipients, Message()).ok());
  EXPECT_EQ(sink.Received().size(), 1u);
}

TEST(SmtpSenderTest, PermanentRefusalIsFailedPrecondition) {
  testing::SmtpSink sink;
  sink.RefuseNext(550);
  const std::vector<std::string> recipients = {"customer@example.com"};
  const Status sent = SendMail(OptionsFor(sink), "abuse@example.net", recipients, Message());
  EXPECT_EQ(sent.code(), absl::StatusCode::kFailedPrecondition) << sent;
  EXPECT_TRUE(absl::StrContains(sent.message(), "550")) << sent;
}

TEST(SmtpSenderTest, ConnectionRefusedIsUnavailable) {
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + std::to_string(ClosedPort());
  options.connect_timeout_seconds = 5;
  const std::vector<std::string> recipients = {"customer@example.com"};
  const Status sent = SendMail(options, "abuse@example.net", recipients, Message());
  EXPECT_EQ(sent.code(), absl::StatusCode::kUnavailable) << sent;
  EXPECT_TRUE(absl::StrContains(sent.message(), options.url)) << sent;
}

TEST(SmtpSenderTest, ASilentServerTimesOutAsUnavailable) {
  // A listening socket that nobody accepts from: the connection opens, no greeting ever comes.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  options.timeout_seconds = 1;
  const std::vector<std::string> recipients = {"customer@example.com"};
  const auto start = std::chrono::steady_clock::now();
  const Status sent = SendMail(options, "abuse@example.net", recipients, Message());
  EXPECT_EQ(sent.code(), absl::StatusCode::kUnavailable) << sent;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  close(listener);
}

TEST(SmtpSenderTest, RefusesOtherSchemesAndBadEnvelopes) {
  const std::vector<std::string> recipients = {"customer@example.com"};
  for (const char* url : {"http://127.0.0.1:25", "file:///etc/passwd", "127.0.0.1:25", ""}) {
    SmtpOptions options;
    options.url = url;
    EXPECT_EQ(SendMail(options, "abuse@example.net", recipients, Message()).code(),
              absl::StatusCode::kInvalidArgument)
        << url;
  }
  SmtpOptions options;
  options.url = "smtp://127.0.0.1:25";
  EXPECT_EQ(SendMail(options, "abuse@example.net", {}, Message()).code(),
            absl::StatusCode::kInvalidArgument);
  const std::vector<std::string> injected = {"x@example.com>\r\nRCPT TO:<y@evil.example"};
  EXPECT_EQ(SendMail(options, "abuse@example.net", injected, Message()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SendMail(options, "a b@example.net", recipients, Message()).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SmtpSenderTest, ErrorsNeverShowThePassword) {
  SmtpOptions options;
  options.url = "http://user:secret-password@127.0.0.1:25";
  const std::vector<std::string> recipients = {"customer@example.com"};
  Status sent = SendMail(options, "abuse@example.net", recipients, Message());
  EXPECT_EQ(sent.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StrContains(sent.message(), "secret-password")) << sent;

  options.url = "smtp://user:secret-password@127.0.0.1:" + std::to_string(ClosedPort());
  sent = SendMail(options, "abuse@example.net", recipients, Message());
  EXPECT_EQ(sent.code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(absl::StrContains(sent.message(), "secret-password")) << sent;
}

TEST(SmtpSinkTest, StopsPromptlyWithASilentClientConnected) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const auto start = std::chrono::steady_clock::now();
  {
    testing::SmtpSink sink;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(sink.port()));
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // The client stays connected and silent; the destructor must not wait for it.
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  close(fd);
}

}  // namespace
}  // namespace clearhost::cases::outbound
