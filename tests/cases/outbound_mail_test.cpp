#include "cases/outbound/outbound_mail.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace clearhost::cases::outbound {
namespace {

constexpr int64_t kDate = (1'772'359'200LL + 1800) * 1'000'000;  // 2026-03-01T10:30:00Z

OutboundMail Notice() {
  OutboundMail mail;
  mail.from = "abuse@example.net";
  mail.from_name = "Example Hosting Abuse Desk";
  mail.to = {"customer@example.com"};
  mail.cc = {"noc@example.com"};
  mail.subject = "Abuse notice 12: illegal content on your service";
  mail.text = "Dear customer,\n\nThe following URL:\nhttps://files.example.com/a.jpg\n";
  mail.xarf_json = "{\n  \"Version\": \"2\"\n}";
  mail.message_id = "case-12.1@example.net";
  mail.date = kDate;
  return mail;
}

std::vector<std::string> Lines(const std::string& message) {
  return absl::StrSplit(message, "\r\n");
}

// The header block, unfolded: one entry per header field.
std::vector<std::string> UnfoldedHeaders(const std::string& message) {
  const std::string block = message.substr(0, message.find("\r\n\r\n"));
  std::vector<std::string> headers;
  for (const std::string& line : Lines(block)) {
    if (!line.empty() && line[0] == ' ' && !headers.empty()) {
      headers.back() += line;
    } else {
      headers.push_back(line);
    }
  }
  return headers;
}

std::string Header(const std::string& message, std::string_view name) {
  for (const std::string& header : UnfoldedHeaders(message)) {
    if (absl::StartsWith(header, std::string(name) + ": ")) return header.substr(name.size() + 2);
  }
  return "<absent>";
}

std::string DecodeQuotedPrintable(std::string_view encoded) {
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '=') {
      out += encoded[i];
    } else if (encoded.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(std::string(encoded.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

// The decoded text of "=?UTF-8?B?...?= =?UTF-8?B?...?=" (folding whitespace between words).
std::string DecodeEncodedWords(const std::string& header) {
  std::string out;
  for (const std::string& word :
       std::vector<std::string>(absl::StrSplit(header, ' ', absl::SkipEmpty()))) {
    EXPECT_TRUE(absl::StartsWith(word, "=?UTF-8?B?") && absl::EndsWith(word, "?=")) << word;
    EXPECT_LE(word.size(), 75u);
    std::string decoded;
    EXPECT_TRUE(absl::Base64Unescape(word.substr(10, word.size() - 12), &decoded));
    out += decoded;
  }
  return out;
}

// The body of the MIME part whose headers contain `content_type`.
std::string PartBody(const std::string& message, const std::string& content_type) {
  const std::string boundary =
      "--" + std::string(absl::StripSuffix(
                 absl::StripPrefix(Header(message, "Content-Type"), "multipart/mixed; boundary=\""),
                 "\""));
  for (absl::string_view part : absl::StrSplit(message, boundary)) {
    const size_t end_of_headers = part.find("\r\n\r\n");
    if (end_of_headers == absl::string_view::npos) continue;
    if (!absl::StrContains(part.substr(0, end_of_headers), content_type)) continue;
    absl::string_view body = part.substr(end_of_headers + 4);
    body.remove_suffix(2);  // the CRLF that belongs to the next boundary
    return std::string(body);
  }
  return "<absent>";
}

void ExpectWellFormedLines(const std::string& message) {
  ASSERT_TRUE(absl::EndsWith(message, "\r\n"));
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
    }
    if (message[i] == '\r') {
      ASSERT_EQ(message[i + 1], '\n') << "bare CR at " << i;
    }
  }
  for (const std::string& line : Lines(message)) EXPECT_LE(line.size(), 998u) << line;
}

TEST(OutboundMailTest, NoticeHasTheHeadersATextPartAndTheXarfAttachment) {
  const Result<std::string> message = ComposeMail(Notice());
  ASSERT_TRUE(message.ok()) << message.status();
  ExpectWellFormedLines(*message);
  EXPECT_EQ(Header(*message, "From"), "\"Example Hosting Abuse Desk\" <abuse@example.net>");
  EXPECT_EQ(Header(*message, "To"), "customer@example.com");
  EXPECT_EQ(Header(*message, "Cc"), "noc@example.com");
  EXPECT_EQ(Header(*message, "Subject"), "Abuse notice 12: illegal content on your service");
  EXPECT_EQ(Header(*message, "Date"), "Sun, 01 Mar 2026 10:30:00 +0000");
  EXPECT_EQ(Header(*message, "Message-ID"), "<case-12.1@example.net>");
  EXPECT_EQ(Header(*message, "In-Reply-To"), "<absent>");
  EXPECT_EQ(Header(*message, "MIME-Version"), "1.0");
  EXPECT_EQ(Header(*message, "X-XARF"), "PLAIN");
  EXPECT_TRUE(absl::StartsWith(Header(*message, "Content-Type"), "multipart/mixed; boundary=\"=_"));

  const std::string text = PartBody(*message, "text/plain; charset=utf-8");
  EXPECT_EQ(DecodeQuotedPrintable(text),
            "Dear customer,\r\n\r\nThe following URL:\r\nhttps://files.example.com/a.jpg\r\n");
  const std::string attachment = PartBody(*message, "name=\"xarf.json\"");
  std::string json;
  ASSERT_TRUE(absl::Base64Unescape(attachment, &json)) << attachment;
  EXPECT_EQ(json, Notice().xarf_json);
  EXPECT_TRUE(
      absl::StrContains(*message, "Content-Disposition: attachment; filename=\"xarf.json\""));
  EXPECT_TRUE(absl::StrContains(*message, "Content-Transfer-Encoding: base64"));
}

TEST(OutboundMailTest, WithoutXarfItIsOneTextPlainMessage) {
  OutboundMail mail = Notice();
  mail.xarf_json.clear();
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  ExpectWellFormedLines(*message);
  EXPECT_EQ(Header(*message, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Header(*message, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(Header(*message, "X-XARF"), "<absent>");
  EXPECT_FALSE(absl::StrContains(*message, "multipart"));
  const std::string body = message->substr(message->find("\r\n\r\n") + 4);
  EXPECT_EQ(DecodeQuotedPrintable(body),
            "Dear customer,\r\n\r\nThe following URL:\r\nhttps://files.example.com/a.jpg\r\n");
}

TEST(OutboundMailTest, QuotedPrintableEncodesNonAsciiEqualsTrailingSpaceAndLongLines) {
  OutboundMail mail = Notice();
  mail.xarf_json.clear();
  mail.text = "Verwijder vóór 14:00 a=b \nx" + std::string(300, 'y') + "\r\n.dot line\n";
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  const std::string body = message->substr(message->find("\r\n\r\n") + 4);
  EXPECT_TRUE(absl::StrContains(body, "v=C3=B3=C3=B3r 14:00 a=3Db=20\r\n")) << body;
  for (const std::string& line : Lines(body)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(DecodeQuotedPrintable(body),
            "Verwijder vóór 14:00 a=b \r\nx" + std::string(300, 'y') + "\r\n.dot line\r\n");
}

TEST(OutboundMailTest, NonAsciiSubjectAndNameAreRfc2047Encoded) {
  OutboundMail mail = Notice();
  mail.subject = "Melding 12: illegale inhoud op uw dienst – verwijder vóór 14:00 " +
                 std::string("ééééééééééééééééééééééééééééééééééééééééé");
  mail.from_name = "Afdeling Misbruik – Voorbeeld B.V.";
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  ExpectWellFormedLines(*message);
  const std::string subject = Header(*message, "Subject");
  EXPECT_TRUE(absl::StartsWith(subject, "=?UTF-8?B?")) << subject;
  EXPECT_EQ(DecodeEncodedWords(subject), mail.subject);
  const std::string from = Header(*message, "From");
  ASSERT_TRUE(absl::EndsWith(from, " <abuse@example.net>")) << from;
  EXPECT_EQ(DecodeEncodedWords(from.substr(0, from.size() - 20)), mail.from_name);
  for (const std::string& line : Lines(message->substr(0, message->find("\r\n\r\n")))) {
    EXPECT_LE(line.size(), 78u) << line;
  }
}

TEST(OutboundMailTest, LongAsciiSubjectIsFoldedAtSpaces) {
  OutboundMail mail = Notice();
  mail.subject.clear();
  for (int i = 0; i < 30; ++i) mail.subject += "word" + std::to_string(i) + " ";
  mail.subject += "end";
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  int subject_lines = 0;
  bool in_subject = false;
  for (const std::string& line : Lines(message->substr(0, message->find("\r\n\r\n")))) {
    EXPECT_LE(line.size(), 78u) << line;
    in_subject = absl::StartsWith(line, "Subject:") || (in_subject && line[0] == ' ');
    subject_lines += in_subject ? 1 : 0;
  }
  EXPECT_GT(subject_lines, 1);
  EXPECT_EQ(Header(*message, "Subject"), mail.subject);  // unfolding gives it back
}

TEST(OutboundMailTest, AQuotedDisplayNameEscapesQuotesAndBackslashes) {
  OutboundMail mail = Notice();
  mail.from_name = "Abuse \"Desk\" \\ Example";
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(Header(*message, "From"), "\"Abuse \\\"Desk\\\" \\\\ Example\" <abuse@example.net>");
}

TEST(OutboundMailTest, ReNoticeRefersToTheFirstNotice) {
  OutboundMail mail = Notice();
  mail.message_id = "case-12.2@example.net";
  mail.in_reply_to = "case-12.1@example.net";
  mail.to = {"customer@example.com", "second@example.com"};
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(Header(*message, "In-Reply-To"), "<case-12.1@example.net>");
  EXPECT_EQ(Header(*message, "References"), "<case-12.1@example.net>");
  EXPECT_EQ(Header(*message, "To"), "customer@example.com, second@example.com");
}

// Every header value with a line break or other control character is refused, naming the field.
TEST(OutboundMailTest, RefusesHeaderInjectionInEveryField) {
  const std::string injections[] = {"\r\nBcc: x@evil.example", "\nBcc: x@evil.example",
                                    "\rBcc: x@evil.example",   "\tx",
                                    std::string("a\0b", 3),    "\x7f"};
  struct Field {
    std::string name;
    void (*set)(OutboundMail&, const std::string&);
  };
  const Field fields[] = {
      {"from", [](OutboundMail& m, const std::string& v) { m.from += v; }},
      {"from_name", [](OutboundMail& m, const std::string& v) { m.from_name += v; }},
      {"to", [](OutboundMail& m, const std::string& v) { m.to.push_back("b@example.com" + v); }},
      {"cc", [](OutboundMail& m, const std::string& v) { m.cc[0] += v; }},
      {"subject", [](OutboundMail& m, const std::string& v) { m.subject += v; }},
      {"message_id", [](OutboundMail& m, const std::string& v) { m.message_id += v; }},
      {"in_reply_to",
       [](OutboundMail& m, const std::string& v) { m.in_reply_to = "first@example.net" + v; }},
  };
  for (const Field& field : fields) {
    for (const std::string& injection : injections) {
      OutboundMail mail = Notice();
      field.set(mail, injection);
      const Result<std::string> message = ComposeMail(mail);
      ASSERT_FALSE(message.ok()) << field.name << " " << absl::CEscape(injection);
      EXPECT_EQ(message.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_TRUE(absl::StartsWith(message.status().message(), field.name + ":"))
          << message.status();
    }
  }
}

TEST(OutboundMailTest, BodyTextMayContainWhatHeadersMayNot) {
  OutboundMail mail = Notice();
  mail.text = "line\r\nBcc: x@evil.example\r\n";
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(Header(*message, "Bcc"), "<absent>");
}

TEST(OutboundMailTest, RefusesBadAddressesAndMissingRecipients) {
  OutboundMail mail = Notice();
  mail.to.clear();
  EXPECT_EQ(ComposeMail(mail).status().code(), absl::StatusCode::kInvalidArgument);

  mail = Notice();
  mail.to = {"Customer <customer@example.com>"};
  EXPECT_TRUE(absl::StartsWith(ComposeMail(mail).status().message(), "to:"));
  mail = Notice();
  mail.cc = {"noc@example.com, other@example.com"};
  EXPECT_TRUE(absl::StartsWith(ComposeMail(mail).status().message(), "cc:"));
  mail = Notice();
  mail.message_id = "";
  EXPECT_TRUE(absl::StartsWith(ComposeMail(mail).status().message(), "message_id:"));
  mail = Notice();
  mail.message_id = "<case-12.1@example.net>";
  EXPECT_TRUE(absl::StartsWith(ComposeMail(mail).status().message(), "message_id:"));
}

TEST(OutboundMailTest, ValidateMailAddressAcceptsOnlyPlainAddrSpecs) {
  for (const char* good : {"abuse@example.net", "first.last+tag@sub.example.com", "a@b"}) {
    EXPECT_TRUE(ValidateMailAddress(good).ok()) << good;
  }
  for (const char* bad :
       {"", "abuse", "@example.net", "abuse@", "a@b@example.net", "a b@example.net",
        "<a@example.net>", "a@example.net>", "a@[192.0.2.1]", "\"a\"@example.net",
        "a,b@example.net", "a@.example.net", "a@example..net", "a@example.net.", "ä@example.net",
        "a@example.net\r\n"}) {
    const Status status = ValidateMailAddress(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << absl::CEscape(bad);
  }
  EXPECT_FALSE(ValidateMailAddress(std::string(250, 'a') + "@example.net").ok());
  EXPECT_TRUE(
      absl::StrContains(ValidateMailAddress("a b@example.net").message(), "a b@example.net"));
}

TEST(OutboundMailTest, NoLineExceeds998BytesWhateverTheInput) {
  OutboundMail mail = Notice();
  mail.subject = std::string(3000, 'S');  // one word too long to fold: encoded instead
  mail.text = std::string(5000, 'x') + "\n" + std::string(2000, ' ') + "\n";
  mail.xarf_json = std::string(10000, 'j');
  for (int i = 0; i < 200; ++i) mail.to.push_back("recipient" + std::to_string(i) + "@example.com");
  mail.from_name = std::string(200, 'N');
  const Result<std::string> message = ComposeMail(mail);
  ASSERT_TRUE(message.ok()) << message.status();
  ExpectWellFormedLines(*message);
  for (const std::string& line : Lines(*message)) EXPECT_LE(line.size(), 998u);
  EXPECT_EQ(DecodeEncodedWords(Header(*message, "Subject")), mail.subject);
  EXPECT_EQ(DecodeQuotedPrintable(PartBody(*message, "text/plain")),
            std::string(5000, 'x') + "\r\n" + std::string(2000, ' ') + "\r\n");
}

}  // namespace
}  // namespace clearhost::cases::outbound
