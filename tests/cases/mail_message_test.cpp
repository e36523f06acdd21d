#include "cases/intake/mail_message.h"

#include <gtest/gtest.h>

#include <string>

namespace clearhost::cases::intake {
namespace {

// `text` with every LF turned into CRLF, as an MTA hands mail over.
std::string Crlf(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

MailMessage ParseOk(std::string_view raw, const MailLimits& limits = {}) {
  Result<MailMessage> message = ParseMailMessage(raw, limits);
  EXPECT_TRUE(message.ok()) << message.status();
  return message.ok() ? *std::move(message) : MailMessage{};
}

// A hotline notice with a plain and an HTML alternative and a CSV attachment, the alternative
// nested one level down; preamble and epilogue text that must not show up as parts.
constexpr std::string_view kNestedMessage = R"(From: Example Hotline <notices@example.net>
To: abuse@example.com
Subject: Notice
 about a page
Content-Type: multipart/mixed; boundary="outer-boundary"
MIME-Version: 1.0

This is the preamble; MIME readers skip it.
--outer-boundary
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Please remove https://www.example.com/a.html =E2=82=AC soon. This line is soft=
 wrapped.
--inner
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

R3LDvMOfZSBhdXMg
S8O2bG4=
--inner--
--outer-boundary
Content-Type: text/csv; name="ignored.csv"
Content-Disposition: attachment;
 filename*=utf-8''%E2%82%AC%20list.csv
Content-Transfer-Encoding: base64

dXJsLGlwDQo=
--outer-boundary--
This is the epilogue.
)";

TEST(MailMessageTest, FlattensNestedMultipartsInDocumentOrder) {
  const MailMessage message = ParseOk(Crlf(kNestedMessage));
  EXPECT_EQ(message.content_type, "multipart/mixed");
  EXPECT_EQ(FindParameter(message.parameters, "boundary"), "outer-boundary");
  ASSERT_EQ(message.parts.size(), 3u);
  EXPECT_EQ(message.parts[0].content_type, "text/plain");
  EXPECT_EQ(message.parts[0].body,
            "Please remove https://www.example.com/a.html \xE2\x82\xAC soon. This line is soft "
            "wrapped.");
  EXPECT_EQ(message.parts[1].content_type, "text/html");
  EXPECT_EQ(message.parts[1].body, "Grüße aus Köln");
  EXPECT_EQ(message.parts[2].content_type, "text/csv");
  EXPECT_EQ(message.parts[2].filename, "\xE2\x82\xAC list.csv");
  EXPECT_EQ(message.parts[2].body, "url,ip\r\n");
  EXPECT_EQ(FindHeader(message.parts[2].headers, "content-transfer-encoding"), "base64");
}

TEST(MailMessageTest, LfOnlyInputParsesLikeCrlf) {
  const MailMessage lf = ParseOk(kNestedMessage);
  const MailMessage crlf = ParseOk(Crlf(kNestedMessage));
  ASSERT_EQ(lf.parts.size(), crlf.parts.size());
  for (size_t i = 0; i < lf.parts.size(); ++i) {
    EXPECT_EQ(lf.parts[i].content_type, crlf.parts[i].content_type);
    EXPECT_EQ(lf.parts[i].filename, crlf.parts[i].filename);
  }
  EXPECT_EQ(lf.parts[1].body, crlf.parts[1].body);
  EXPECT_EQ(lf.parts[2].body, "url,ip\r\n");  // the attachment's own bytes, not line ends
}

TEST(MailMessageTest, UnfoldsHeadersAndKeepsTheirOrder) {
  const MailMessage message = ParseOk(Crlf(kNestedMessage));
  ASSERT_EQ(message.headers.size(), 5u);
  EXPECT_EQ(message.headers[0].name, "From");
  EXPECT_EQ(message.headers[0].value, "Example Hotline <notices@example.net>");
  EXPECT_EQ(message.headers[2].name, "Subject");
  EXPECT_EQ(message.headers[2].value, "Notice about a page");
  EXPECT_EQ(FindHeader(message.headers, "SUBJECT"), "Notice about a page");
  EXPECT_EQ(FindHeader(message.headers, "X-Missing"), "");
}

TEST(MailMessageTest, DecodesEncodedWordsInHeaders) {
  const MailMessage message = ParseOk(
      "From: =?iso-8859-1?Q?Fran=E7ois?= <f@example.net>\n"
      "Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?utf-8?q?_aus_K=C3=B6ln?= today\n"
      "\n"
      "body\n");
  EXPECT_EQ(FindHeader(message.headers, "From"), "François <f@example.net>");
  // The space between the two encoded words goes; the one inside the second ("_") stays.
  EXPECT_EQ(FindHeader(message.headers, "Subject"), "Grüße aus Köln today");
}

TEST(MailMessageTest, DecodeHeaderValueJoinsACharacterSplitAcrossWords) {
  // "€" (E2 82 AC) split over two Q-encoded words.
  EXPECT_EQ(DecodeHeaderValue("=?utf-8?Q?=E2=82?= =?utf-8?Q?=AC_rate?="), "€ rate");
  // Raw UTF-8 stays, raw Latin-1 becomes UTF-8, a malformed word stays as written.
  EXPECT_EQ(DecodeHeaderValue("Köln"), "Köln");
  EXPECT_EQ(DecodeHeaderValue("K\xF6ln"), "Köln");
  EXPECT_EQ(DecodeHeaderValue("=?utf-8?X?abc?= and =?utf-8?Q?open"),
            "=?utf-8?X?abc?= and =?utf-8?Q?open");
  // Whitespace between an encoded word and plain text is kept.
  EXPECT_EQ(DecodeHeaderValue("Re: =?iso-8859-15?Q?=A4?= price"), "Re: € price");
}

TEST(MailMessageTest, ConvertsLatin1BodyToUtf8) {
  const MailMessage message =
      ParseOk("Subject: x\nContent-Type: text/plain; charset=\"ISO-8859-1\"\n\nCaf\xE9 cr\xE8me\n");
  ASSERT_EQ(message.parts.size(), 1u);
  EXPECT_EQ(message.parts[0].body, "Café crème\n");
}

TEST(MailMessageTest, ConvertsWindows1252SmartQuotes) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Type: text/plain; charset=windows-1252\n\n\x93quoted\x94 \x80 5\n");
  EXPECT_EQ(message.parts[0].body, "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5\n");
}

TEST(MailMessageTest, CharsetConversion) {
  EXPECT_EQ(ToUtf8("\xB1", "iso-8859-2"), "\xC4\x85");  // through iconv: a with ogonek
  EXPECT_EQ(ToUtf8("caf\xE9", "x-no-such-charset"), "café");
  EXPECT_EQ(ToUtf8("ok \xFF end", "utf-8"), "ok \xEF\xBF\xBD end");
  EXPECT_EQ(ToUtf8("\xC0\xAF", ""), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong "/"
  EXPECT_EQ(ToUtf8("\xED\xA0\x80", "UTF-8"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ToUtf8("\xA4", "ISO-8859-15"), "\xE2\x82\xAC");
}

TEST(MailMessageTest, InvalidUtf8BodyBecomesReplacementCharacters) {
  const MailMessage message =
      ParseOk("Subject: x\nContent-Type: text/plain; charset=utf-8\n\nbad \xE2\x82 byte\n");
  EXPECT_EQ(message.parts[0].body, "bad \xEF\xBF\xBD\xEF\xBF\xBD byte\n");
}

TEST(MailMessageTest, Base64SkipsWhitespaceAndInvalidCharacters) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: BASE64\n\n"
      "UmVw b3J0*IGJv\nZHkg!bGluZSBvbmUuDQpTZWNvbmQgbGluZS4NCg==\n");
  EXPECT_EQ(message.parts[0].content_type, "application/octet-stream");
  EXPECT_EQ(message.parts[0].body, "Report body line one.\r\nSecond line.\r\n");
}

TEST(MailMessageTest, QuotedPrintableKeepsHardBreaksAndDropsTrailingSpace) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Transfer-Encoding: quoted-printable\n\n"
      "a=3Db   \nkept=20\nsoft=\nly joined =ZZ stays\n");
  EXPECT_EQ(message.parts[0].body, "a=b\nkept \nsoftly joined =ZZ stays\n");
}

TEST(MailMessageTest, Rfc2231ContinuationsAndCharsets) {
  const MailMessage message = ParseOk(
      "Subject: x\n"
      "Content-Type: text/plain; name*0*=utf-8''%E2%82%AC; name*1=\" rate\"; name*2=\".txt\"\n"
      "\nbody\n");
  EXPECT_EQ(message.parts[0].filename, "€ rate.txt");
  EXPECT_EQ(FindParameter(message.parts[0].parameters, "name"), "€ rate.txt");
}

TEST(MailMessageTest, EncodedWordFilenameAndDispositionWins) {
  const MailMessage message = ParseOk(
      "Subject: x\n"
      "Content-Type: text/plain; name=\"type-name.txt\"\n"
      "Content-Disposition: attachment; filename=\"=?utf-8?B?S8O2bG4udHh0?=\"\n"
      "\nbody\n");
  EXPECT_EQ(message.parts[0].filename, "Köln.txt");
}

TEST(MailMessageTest, MissingClosingBoundaryIsTolerated) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain\n\nfirst\n--b\n\nsecond, cut off\n");
  ASSERT_EQ(message.parts.size(), 2u);
  EXPECT_EQ(message.parts[0].body, "first");
  EXPECT_EQ(message.parts[1].content_type, "text/plain");  // a part without header fields
  EXPECT_EQ(message.parts[1].body, "second, cut off\n");
}

TEST(MailMessageTest, BoundaryPrefixInsideAPartIsNotADelimiter) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n"
      "--b\n\n--bb is text\n--b--\n");
  ASSERT_EQ(message.parts.size(), 1u);
  EXPECT_EQ(message.parts[0].body, "--bb is text");
}

constexpr std::string_view kArfMessage = R"(From: fbl@example.net
Subject: FW: report
Content-Type: multipart/report; report-type=feedback-report; boundary="arf"

--arf
Content-Type: text/plain

An abuse report.
--arf
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
--arf
Content-Type: message/rfc822

From: someone@example.com
Content-Type: multipart/mixed; boundary="inside"

--inside
Content-Type: text/plain

original text
--inside--
--arf--
)";

TEST(MailMessageTest, AttachedMessageStaysOneRawLeaf) {
  const MailMessage message = ParseOk(Crlf(kArfMessage));
  EXPECT_EQ(message.content_type, "multipart/report");
  EXPECT_EQ(FindParameter(message.parameters, "report-type"), "feedback-report");
  ASSERT_EQ(message.parts.size(), 3u);
  EXPECT_EQ(message.parts[1].content_type, "message/feedback-report");
  EXPECT_EQ(message.parts[1].body,
            "Feedback-Type: abuse\r\nUser-Agent: ExampleFBL/1.0\r\nVersion: 1");
  EXPECT_EQ(message.parts[2].content_type, "message/rfc822");
  EXPECT_NE(message.parts[2].body.find("--inside--"), std::string::npos);
  EXPECT_EQ(message.parts[2].body.rfind("From: someone@example.com", 0), 0u);
}

TEST(MailMessageTest, DigestPartsDefaultToAttachedMessages) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Type: multipart/digest; boundary=d\n\n"
      "--d\n\nFrom: a@example.com\n\none\n--d\nContent-Type: text/plain\n\ntwo\n--d--\n");
  ASSERT_EQ(message.parts.size(), 2u);
  EXPECT_EQ(message.parts[0].content_type, "message/rfc822");
  EXPECT_EQ(message.parts[0].body, "From: a@example.com\n\none");
  EXPECT_EQ(message.parts[1].content_type, "text/plain");
}

TEST(MailMessageTest, MultipartWithoutDelimitersIsOnePlainPart) {
  const MailMessage message =
      ParseOk("Subject: x\nContent-Type: multipart/mixed; boundary=never\n\nplain words\n");
  EXPECT_EQ(message.content_type, "multipart/mixed");
  ASSERT_EQ(message.parts.size(), 1u);
  EXPECT_EQ(message.parts[0].content_type, "text/plain");
  EXPECT_EQ(message.parts[0].body, "plain words\n");
}

TEST(MailMessageTest, Rfc822HeadersPartKeepsItsBytes) {
  const MailMessage message = ParseOk(
      "Subject: x\nContent-Type: multipart/report; boundary=r\n\n"
      "--r\nContent-Type: text/rfc822-headers; charset=iso-8859-1\n\nSubject: caf\xE9\n--r--\n");
  ASSERT_EQ(message.parts.size(), 1u);
  EXPECT_EQ(message.parts[0].content_type, "text/rfc822-headers");
  EXPECT_EQ(message.parts[0].body, "Subject: caf\xE9");
}

TEST(MailMessageTest, RefusesInputThatIsNotAMessage) {
  for (const std::string_view raw : {std::string_view(""), std::string_view("\n\nbody only\n"),
                                     std::string_view("just a sentence\nand another one\n")}) {
    const Result<MailMessage> message = ParseMailMessage(raw);
    ASSERT_FALSE(message.ok()) << raw;
    EXPECT_EQ(message.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(message.status().message(), "mail message: no header fields before the body");
  }
}

TEST(MailMessageTest, HeaderOnlyMessageHasOneEmptyPart) {
  const MailMessage message = ParseOk("Subject: nothing else");
  ASSERT_EQ(message.parts.size(), 1u);
  EXPECT_EQ(message.parts[0].content_type, "text/plain");
  EXPECT_EQ(message.parts[0].body, "");
}

TEST(MailMessageTest, RefusesAMessageOverTheSizeLimit) {
  MailLimits limits;
  limits.max_message_bytes = 50;
  const std::string raw = "Subject: x\n\n" + std::string(88, 'a');
  const Result<MailMessage> message = ParseMailMessage(raw, limits);
  ASSERT_FALSE(message.ok());
  EXPECT_EQ(message.status().message(), "mail message: 100 bytes, over the 50-byte limit");
  limits.max_message_bytes = 100;
  EXPECT_TRUE(ParseMailMessage(raw, limits).ok());
}

TEST(MailMessageTest, RefusesAHeaderOverTheLimit) {
  MailLimits limits;
  limits.max_header_bytes = 64;
  const std::string raw = "Subject: " + std::string(100, 'h') + "\n\nbody\n";
  const Result<MailMessage> message = ParseMailMessage(raw, limits);
  ASSERT_FALSE(message.ok());
  EXPECT_NE(message.status().message().find("over the 64-byte limit"), std::string::npos);
}

// `depth` multiparts, each holding the next, the innermost holding one text part.
std::string NestedMultiparts(int depth) {
  std::string raw = "Subject: nested\n";
  for (int level = 0; level < depth; ++level) {
    raw += "Content-Type: multipart/mixed; boundary=level" + std::to_string(level) + "\n\n--level" +
           std::to_string(level) + "\n";
  }
  raw += "Content-Type: text/plain\n\ninnermost\n";
  return raw;
}

TEST(MailMessageTest, RefusesNestingBeyondTheLimit) {
  MailLimits limits;
  limits.max_nesting = 3;
  const MailMessage at_limit = ParseOk(NestedMultiparts(3), limits);
  ASSERT_EQ(at_limit.parts.size(), 1u);
  EXPECT_EQ(at_limit.parts[0].body, "innermost\n");
  const Result<MailMessage> deeper = ParseMailMessage(NestedMultiparts(4), limits);
  ASSERT_FALSE(deeper.ok());
  EXPECT_EQ(deeper.status().message(),
            "mail message: multipart nesting deeper than the limit of 3");
  // A huge configured limit still stops before the stack runs out.
  limits.max_nesting = 1'000'000;
  EXPECT_FALSE(ParseMailMessage(NestedMultiparts(10'000), limits).ok());
}

TEST(MailMessageTest, RefusesMorePartsThanTheLimit) {
  std::string raw = "Subject: many\nContent-Type: multipart/mixed; boundary=p\n\n";
  for (int i = 0; i < 5; ++i) raw += "--p\n\npart " + std::to_string(i) + "\n";
  raw += "--p--\n";
  MailLimits limits;
  limits.max_parts = 5;
  EXPECT_EQ(ParseOk(raw, limits).parts.size(), 5u);
  limits.max_parts = 4;
  const Result<MailMessage> message = ParseMailMessage(raw, limits);
  ASSERT_FALSE(message.ok());
  EXPECT_EQ(message.status().message(), "mail message: more than the limit of 4 parts");
}

}  // namespace
}  // namespace clearhost::cases::intake
