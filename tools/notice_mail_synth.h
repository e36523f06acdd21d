// Generated e-mail notices for the intake tests and fuzz seeds: the same notice as a
// XARF v4 report (attached or inline), a XARF v3 report, an ARF feedback report and a Dutch
// plain-text hotline notice, with the MIME encodings real mail uses (base64, quoted-printable,
// RFC 2047 headers in UTF-8 and Latin-1). Only example.* URLs and documentation addresses.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clearhost::synth {

struct SampleNotice {
  std::string report_id = "550e8400-e29b-41d4-a716-446655440000";
  std::vector<std::string> urls = {"https://files.example.net/a/1.jpg"};
  std::string ip = "192.0.2.10";
  std::string type = "csam";  // XARF v4 content type: csam, csem, phishing...
  std::string reporter_email = "reports@hotline.example";
  std::string message_id = "m1@hotline.example";
  std::string date = "Sun, 29 Nov 2026 10:00:00 +0000";  // the Date field
  std::string sha256;                                    // a hash the report gives, if any
};

// The XARF v4 JSON document (xarf-spec v4.0.0, category content).
std::string XarfV4Json(const SampleNotice& notice);
// multipart/mixed: a UTF-8 text part and the XARF JSON as a base64 attachment.
std::string XarfV4Mail(const SampleNotice& notice);
// The XARF JSON as the whole text/plain body.
std::string XarfV4InlineMail(const SampleNotice& notice);
// X-XARF: PLAIN with the YAML report.txt part (XARF v3).
std::string XarfV3Mail(const SampleNotice& notice);
// multipart/report; report-type=feedback-report (RFC 5965) with the original's headers.
std::string ArfMail(const SampleNotice& notice);
// A Dutch hotline notice: quoted-printable Latin-1 body, RFC 2047 Latin-1 subject.
std::string HotlineTextMail(const SampleNotice& notice);

std::string Base64(std::string_view bytes);

}  // namespace clearhost::synth
