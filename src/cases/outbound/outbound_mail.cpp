#include "cases/outbound/outbound_mail.h"

#include <ctime>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cases/outbound/mime_encoding.h"
#include "core/sha256.h"

namespace clearhost::cases::outbound {
namespace {

constexpr size_t kMaxAddressLength = 254;  // RFC 5321 4.5.3.1.3 (a path less its brackets)
constexpr size_t kMaxHeaderLine = 78;      // RFC 5322 2.1.1: "SHOULD" limit
constexpr size_t kMaxAsciiSubjectWord = 60;

// Abseil 20220623 (Debian) takes absl::string_view, which is not std::string_view there.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

Status HasNoControlCharacter(std::string_view field, std::string_view value) {
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return absl::InvalidArgumentError(
          absl::StrCat(Absl(field), ": control character in a header value refused: \"",
                       absl::CHexEscape(Absl(value)), "\""));
    }
  }
  return absl::OkStatus();
}

// "Sun, 29 Nov 2026 14:00:00 +0000" (RFC 5322 3.3), in UTC.
std::string MailDate(int64_t micros) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t seconds = micros >= 0 ? micros / 1'000'000 : (micros - 999'999) / 1'000'000;
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return absl::StrFormat("%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                         kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                         utc.tm_sec);
}

// Encoded-words, one per line after the first.
std::string JoinEncodedWords(std::string_view utf8) {
  std::string out;
  for (const std::string& word : EncodedWords(utf8)) {
    if (!out.empty()) out += "\r\n ";
    out += word;
  }
  return out;
}

// "Subject: ..." folded at spaces to at most 78 characters a line; non-ASCII text, words too
// long to fold and text that could be read as an encoded-word are RFC 2047 encoded.
std::string SubjectHeader(std::string_view subject) {
  bool encode = !IsPrintableAscii(subject) || subject.find("=?") != std::string_view::npos;
  for (size_t start = 0; !encode && start <= subject.size();) {
    size_t end = subject.find(' ', start);
    if (end == std::string_view::npos) end = subject.size();
    encode = end - start > kMaxAsciiSubjectWord;
    start = end + 1;
  }
  if (encode) return absl::StrCat("Subject: ", JoinEncodedWords(subject), "\r\n");

  std::string out = "Subject:";
  size_t column = out.size();
  size_t start = 0;
  while (true) {
    size_t end = subject.find(' ', start);
    if (end == std::string_view::npos) end = subject.size();
    const std::string_view word = subject.substr(start, end - start);
    if (column + 1 + word.size() > kMaxHeaderLine) {
      out += "\r\n";
      column = 0;
    }
    out += ' ';
    out += word;
    column += 1 + word.size();
    if (end == subject.size()) break;
    start = end + 1;
  }
  out += "\r\n";
  return out;
}

// "From: name <address>": the name as a quoted string when it is printable ASCII, else as
// encoded-words.
std::string FromHeader(std::string_view address, std::string_view name) {
  if (name.empty()) return absl::StrCat("From: ", Absl(address), "\r\n");
  if (IsPrintableAscii(name) && name.find("=?") == std::string_view::npos) {
    std::string quoted;
    for (const char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return absl::StrCat("From: \"", quoted, "\"\r\n <", Absl(address), ">\r\n");
  }
  return absl::StrCat("From: ", JoinEncodedWords(name), "\r\n <", Absl(address), ">\r\n");
}

// "To: a,\r\n b" (one address a line, so that no line grows with the recipient count).
std::string AddressListHeader(std::string_view name, const std::vector<std::string>& addresses) {
  std::string out = absl::StrCat(Absl(name), ": ");
  for (size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) out += ",\r\n ";
    out += addresses[i];
  }
  out += "\r\n";
  return out;
}

// A boundary that occurs in no part. "=_" cannot occur in quoted-printable or base64 output,
// and the check makes sure of it.
std::string Boundary(std::string_view text_part, std::string_view attachment_part) {
  for (int counter = 0;; ++counter) {
    const std::string digest =
        Sha256Hex(absl::StrCat(Absl(text_part), "\n", Absl(attachment_part), "\n", counter));
    std::string boundary = absl::StrCat("=_clearhost_", digest.substr(0, 32));
    if (text_part.find(boundary) == std::string_view::npos &&
        attachment_part.find(boundary) == std::string_view::npos) {
      return boundary;
    }
  }
}

Status CheckHeaderValues(const OutboundMail& mail) {
  CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("from", mail.from));
  CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("from_name", mail.from_name));
  for (const std::string& address : mail.to) {
    CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("to", address));
  }
  for (const std::string& address : mail.cc) {
    CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("cc", address));
  }
  CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("subject", mail.subject));
  CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("message_id", mail.message_id));
  CLEARHOST_RETURN_IF_ERROR(HasNoControlCharacter("in_reply_to", mail.in_reply_to));
  if (mail.from_name.size() > kMaxAddressLength) {
    return absl::InvalidArgumentError("from_name: longer than 254 bytes");
  }
  if (mail.to.empty()) return absl::InvalidArgumentError("to: at least one recipient is needed");

  const auto check_address = [](std::string_view field, std::string_view address) -> Status {
    if (Status valid = ValidateMailAddress(address); !valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(Absl(field), ": ", valid.message()));
    }
    return absl::OkStatus();
  };
  CLEARHOST_RETURN_IF_ERROR(check_address("from", mail.from));
  for (const std::string& address : mail.to)
    CLEARHOST_RETURN_IF_ERROR(check_address("to", address));
  for (const std::string& address : mail.cc)
    CLEARHOST_RETURN_IF_ERROR(check_address("cc", address));
  // A msg-id is id-left "@" id-right, the same characters as an addr-spec here.
  if (mail.message_id.empty()) return absl::InvalidArgumentError("message_id: required");
  CLEARHOST_RETURN_IF_ERROR(check_address("message_id", mail.message_id));
  if (!mail.in_reply_to.empty()) {
    CLEARHOST_RETURN_IF_ERROR(check_address("in_reply_to", mail.in_reply_to));
  }
  return absl::OkStatus();
}

}  // namespace

Status ValidateMailAddress(std::string_view address) {
  const auto refuse = [address](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("not a plain e-mail address (", Absl(why),
                                                   "): \"", absl::CHexEscape(Absl(address)), "\""));
  };
  if (address.empty()) return refuse("empty");
  if (address.size() > kMaxAddressLength) return refuse("longer than 254 bytes");
  for (const char c : address) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return refuse("space, control or non-ASCII character");
    if (std::string_view("<>()[],;:\"\\").find(c) != std::string_view::npos) {
      return refuse("special character");
    }
  }
  const size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) {
    return refuse("not exactly one @");
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.empty() || domain.empty()) return refuse("empty local part or domain");
  if (domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return refuse("malformed domain");
  }
  return absl::OkStatus();
}

Result<std::string> ComposeMail(const OutboundMail& mail) {
  CLEARHOST_RETURN_IF_ERROR(CheckHeaderValues(mail));

  std::string message = FromHeader(mail.from, mail.from_name);
  message += AddressListHeader("To", mail.to);
  if (!mail.cc.empty()) message += AddressListHeader("Cc", mail.cc);
  message += SubjectHeader(mail.subject);
  absl::StrAppend(&message, "Date: ", MailDate(mail.date), "\r\n");
  absl::StrAppend(&message, "Message-ID: <", mail.message_id, ">\r\n");
  if (!mail.in_reply_to.empty()) {
    absl::StrAppend(&message, "In-Reply-To: <", mail.in_reply_to, ">\r\n");
    absl::StrAppend(&message, "References: <", mail.in_reply_to, ">\r\n");
  }
  message += "MIME-Version: 1.0\r\n";

  const std::string text_part = QuotedPrintable(mail.text);
  constexpr std::string_view kTextHeaders =
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n";
  if (mail.xarf_json.empty()) {
    absl::StrAppend(&message, Absl(kTextHeaders), "\r\n", text_part);
    return message;
  }

  const std::string attachment_part = Base64Lines(mail.xarf_json);
  const std::string boundary = Boundary(text_part, attachment_part);
  absl::StrAppend(&message, "X-XARF: PLAIN\r\n", "Content-Type: multipart/mixed;\r\n boundary=\"",
                  boundary, "\"\r\n\r\n", "This is a multi-part message in MIME format.\r\n");
  absl::StrAppend(&message, "\r\n--", boundary, "\r\n", Absl(kTextHeaders), "\r\n", text_part);
  absl::StrAppend(&message, "\r\n--", boundary, "\r\n",
                  "Content-Type: application/json; charset=utf-8; name=\"xarf.json\"\r\n",
                  "Content-Disposition: attachment; filename=\"xarf.json\"\r\n",
                  "Content-Transfer-Encoding: base64\r\n\r\n", attachment_part);
  absl::StrAppend(&message, "\r\n--", boundary, "--\r\n");
  return message;
}

}  // namespace clearhost::cases::outbound
