// Fuzz target: abuse mail as it arrives from the MTA. Any bytes as an Internet message (MIME
// structure, transfer encodings, encoded words, RFC 2231 parameters, charsets), then every
// report parser on every leaf part and on the whole input. Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cases/intake/abuse_report.h"
#include "cases/intake/mail_date.h"
#include "cases/intake/mail_message.h"

namespace {

void ParseReports(std::string_view text) {
  using namespace clearhost::cases::intake;
  (void)ParseXarf4(text);
  (void)ParseXarf3(text);
  (void)ParseArfFeedback(text);
  (void)ParseTextNotice(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clearhost::cases::intake;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // Small limits, so the fuzzer reaches them.
  MailLimits limits;
  limits.max_message_bytes = 1 << 20;
  limits.max_header_bytes = 64 << 10;
  limits.max_nesting = 4;
  limits.max_parts = 32;
  const clearhost::Result<MailMessage> message = ParseMailMessage(raw, limits);
  if (message.ok()) {
    (void)DecodeHeaderValue(FindHeader(message->headers, "Subject"));
    (void)ParseMailDate(FindHeader(message->headers, "Date"));
    for (const MailPart& part : message->parts) ParseReports(part.body);
  }
  ParseReports(raw);
  (void)ParseIsoTimestamp(raw);
  return 0;
}
