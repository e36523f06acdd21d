#include "cases/outbound/xarf_writer.h"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <random>

#include "absl/strings/str_format.h"
#include "cases/outbound/customer_map.h"
#include "core/iso_time.h"

namespace clearhost::cases::outbound {
namespace {

// A random (version 4) UUID.
std::string RandomUuid() {
  uint8_t bytes[16] = {};
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    std::random_device device;  // OpenSSL had no entropy to give: the OS's generator
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(device());
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);
  return absl::StrFormat("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                         bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
                         bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13],
                         bytes[14], bytes[15]);
}

// The case's detection method in the csam (first) or csem (second) schema's words.
std::string_view DetectionMethod(SourceType source, bool csem) {
  switch (source) {
    case SourceType::kProactiveMatch:
      return csem ? "ai_detection" : "hash_match";
    case SourceType::kArticle16Notice:
      return "user_report";
    case SourceType::kLawEnforcement:
    case SourceType::kRemovalOrder:
      return csem ? "law_enforcement_referral" : "manual_review";
    default:
      return "manual_review";
  }
}

std::string_view EvidenceSource(SourceType source) {
  return source == SourceType::kProactiveMatch    ? "automated_scan"
         : source == SourceType::kArticle16Notice ? "user_report"
                                                  : "researcher_analysis";
}

}  // namespace

std::string WriteXarf4(const Case& record, const ReporterIdentity& reporter,
                       std::string_view report_type, int64_t now) {
  const Notice& notice = record.notice;
  const nlohmann::ordered_json contact = {
      {"org", reporter.org}, {"contact", reporter.org_email}, {"domain", reporter.org_domain}};
  const std::string first_url = notice.urls.empty() ? std::string() : notice.urls.front();
  const std::string host = UrlHost(first_url);
  nlohmann::ordered_json document = {
      {"xarf_version", "4.0.0"},
      {"report_id", RandomUuid()},
      {"timestamp", IsoTime(notice.received_at != 0 ? notice.received_at : now)},
      {"reporter", contact},
      {"sender", contact},
      {"source_identifier", notice.ip.empty() ? host : notice.ip},
      {"category", "content"},
      {"type", std::string(report_type)},
      {"url", first_url},
  };
  if (!host.empty()) document["domain"] = host;
  document["evidence_source"] = EvidenceSource(notice.source_type);
  document["description"] =
      "Notice of illegal content on a service you control. Remove or disable it before the "
      "deadline (clearhost.deadline). No content is attached.";
  if (report_type == "csam") {
    document["classification"] = "baseline";
    document["detection_method"] = DetectionMethod(notice.source_type, false);
  } else if (report_type == "csem") {
    document["exploitation_type"] = "distribution";
    document["detection_method"] = DetectionMethod(notice.source_type, true);
  }
  nlohmann::ordered_json hash_values = nlohmann::ordered_json::object();
  nlohmann::ordered_json pdq = nlohmann::ordered_json::array();
  for (const NoticeHash& hash : notice.hashes) {
    if (hash.signal_type == "pdq") {
      pdq.push_back(hash.value);
    } else if (!hash_values.contains(hash.signal_type)) {
      hash_values[hash.signal_type] = hash.value;  // the schema has one value per algorithm
    }
  }
  if (!hash_values.empty()) document["hash_values"] = std::move(hash_values);
  nlohmann::ordered_json extra = {{"case_id", record.id}};
  if (record.deadline != 0) extra["deadline"] = IsoTime(record.deadline);
  if (notice.urls.size() > 1) {
    extra["urls"] = nlohmann::ordered_json(
        std::vector<std::string>(notice.urls.begin() + 1, notice.urls.end()));
  }
  if (!pdq.empty()) extra["pdq"] = std::move(pdq);
  if (!notice.reference.empty()) extra["notice_reference"] = notice.reference;
  document["clearhost"] = std::move(extra);
  // Replace invalid UTF-8 (a sender's odd URL) instead of throwing.
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace clearhost::cases::outbound
