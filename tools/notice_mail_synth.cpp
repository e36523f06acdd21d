#include "notice_mail_synth.h"

#include <nlohmann/json.hpp>

namespace clearhost::synth {
namespace {

std::string Headers(const SampleNotice& notice, const std::string& subject) {
  return "Return-Path: <" + notice.reporter_email + ">\r\n" +
         "Received: from mail.hotline.example (mail.hotline.example [198.51.100.25])\r\n"
         "\tby mx.hoster.example (Postfix) with ESMTPS id 4F2A1;\r\n\t" +
         notice.date + "\r\n" + "From: Meldpunt Example <" + notice.reporter_email + ">\r\n" +
         "To: abuse@hoster.example\r\n" + "Subject: " + subject + "\r\n" + "Date: " + notice.date +
         "\r\n" + "Message-ID: <" + notice.message_id + ">\r\n" + "MIME-Version: 1.0\r\n";
}

std::string WrapLines(const std::string& text, size_t width) {
  std::string wrapped;
  for (size_t at = 0; at < text.size(); at += width) wrapped += text.substr(at, width) + "\r\n";
  return wrapped;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16 | uint32_t(uint8_t(bytes[i + 1])) << 8 |
                       uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string XarfV4Json(const SampleNotice& notice) {
  const size_t at = notice.reporter_email.find('@');
  const std::string domain = notice.reporter_email.substr(at + 1);
  nlohmann::ordered_json contact = {
      {"org", "Meldpunt Example"}, {"contact", notice.reporter_email}, {"domain", domain}};
  nlohmann::ordered_json report = {
      {"xarf_version", "4.0.0"},
      {"report_id", notice.report_id},
      {"timestamp", "2026-11-29T09:58:00Z"},
      {"reporter", contact},
      {"sender", contact},
      {"source_identifier", notice.ip},
      {"category", "content"},
      {"type", notice.type},
      {"url", notice.urls.front()},
      {"evidence_source", "user_report"},
      {"description", "Reported by the public, assessed by an analyst"}};
  if (notice.type == "csam") {
    report["classification"] = "baseline";
    report["detection_method"] = "manual_review";
  } else if (notice.type == "csem") {
    report["exploitation_type"] = "distribution";
    report["detection_method"] = "user_report";
  }
  if (!notice.sha256.empty()) report["hash_values"] = {{"sha256", notice.sha256}};
  return report.dump(2);
}

std::string XarfV4Mail(const SampleNotice& notice) {
  const std::string boundary = "=_xarf_boundary_1";
  return Headers(notice, "[XARF] abuse report " + notice.report_id) + "X-XARF: PLAIN\r\n" +
         "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" +
         "This is a multi-part message in MIME format.\r\n" + "--" + boundary + "\r\n" +
         "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Transfer-Encoding: 8bit\r\n\r\n" +
         "Geachte abuse-afdeling, zie de bijlage (XARF v4). Met vriendelijke groet.\r\n" + "--" +
         boundary + "\r\n" + "Content-Type: application/json; name=\"xarf.json\"\r\n" +
         "Content-Disposition: attachment; filename=\"xarf.json\"\r\n" +
         "Content-Transfer-Encoding: base64\r\n\r\n" + WrapLines(Base64(XarfV4Json(notice)), 76) +
         "--" + boundary + "--\r\n";
}

std::string XarfV4InlineMail(const SampleNotice& notice) {
  return Headers(notice, "=?UTF-8?B?" + Base64("Melding – XARF " + notice.report_id) + "?=") +
         "Content-Type: text/plain; charset=utf-8\r\n\r\n" + XarfV4Json(notice) + "\r\n";
}

std::string XarfV3Mail(const SampleNotice& notice) {
  const std::string boundary = "xarf3-boundary";
  std::string yaml = "Reported-From: " + notice.reporter_email +
                     "\r\nCategory: abuse\r\nReport-Type: illegal-content\r\n"
                     "Report-ID: " +
                     notice.report_id + "\r\nDate: " + notice.date +
                     "\r\nSource: " + notice.urls.front() +
                     "\r\nSource-Type: uri\r\nUser-Agent: example-reporter 1.0\r\n"
                     "Schema-URL: http://www.x-arf.org/schema/abuse_illegal-content_0.1.0.json\r\n";
  return Headers(notice, "abuse report about " + notice.urls.front()) + "X-XARF: PLAIN\r\n" +
         "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" + "--" + boundary +
         "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
         "This is an abuse report in X-ARF format.\r\n--" + boundary +
         "\r\nContent-Type: text/plain; charset=utf-8; name=\"report.txt\"\r\n" +
         "Content-Disposition: attachment; filename=\"report.txt\"\r\n\r\n" + yaml + "--" +
         boundary + "--\r\n";
}

std::string ArfMail(const SampleNotice& notice) {
  const std::string boundary = "arf-part";
  std::string uris;
  for (const std::string& url : notice.urls) uris += "Reported-Uri: " + url + "\r\n";
  return Headers(notice, "Abuse report") + "Content-Type: multipart/report; " +
         "report-type=feedback-report; boundary=\"" + boundary + "\"\r\n\r\n" + "--" + boundary +
         "\r\nContent-Type: text/plain; charset=\"US-ASCII\"\r\n\r\n" +
         "This is an abuse report for content hosted on your network.\r\n--" + boundary +
         "\r\nContent-Type: message/feedback-report\r\n\r\n" +
         "Feedback-Type: abuse\r\nUser-Agent: ExampleReporter/2.1\r\nVersion: 1\r\n" +
         "Source-IP: " + notice.ip + "\r\n" + uris + "Arrival-Date: " + notice.date + "\r\n" +
         "\r\n--" + boundary + "\r\nContent-Type: text/rfc822-headers\r\n\r\n" +
         "From: someone@example.org\r\nSubject: the original\r\n\r\n--" + boundary + "--\r\n";
}

std::string HotlineTextMail(const SampleNotice& notice) {
  // "Melding van het Meldpunt" with an e-acute in Latin-1, RFC 2047 Q-encoded.
  std::string body =
      "Geachte heer/mevrouw,\r\n\r\n"
      "Het Meldpunt heeft de volgende URL(s) beoordeeld als strafbaar materiaal =\r\n"
      "(art. 252 Sr). Wij verzoeken u dit te verwijderen.\r\n\r\n";
  for (const std::string& url : notice.urls) body += "URL: " + url + "\r\n";
  body += "IP-adres: " + notice.ip + "\r\n";
  body += "Kenmerk: " + notice.report_id + "\r\n";
  if (!notice.sha256.empty()) body += "SHA-256: " + notice.sha256 + "\r\n";
  body += "\r\nMet vriendelijke groet,\r\nCaf=E9 Meldpunt\r\n";
  return Headers(notice, "=?ISO-8859-1?Q?Melding_van_het_Meldpunt_=28caf=E9=29?=") +
         "Content-Type: text/plain; charset=ISO-8859-1\r\n" +
         "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body;
}

}  // namespace clearhost::synth
