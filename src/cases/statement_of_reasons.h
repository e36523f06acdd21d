// The DSA Article 17 statement of reasons for one actioned case, as the JSON body the EU DSA
// Transparency Database accepts for `POST /api/v1/statement` (schema "API v2", in force since
// 1 July 2025). docs/dsa.md lists every field, where its value comes from, and the source the
// field list was checked against. The statement holds no content, no URL, no IP and no
// notifier name unless the rules allow it (Art. 24(5) DSA: no personal data).
// Thread-safety: pure functions over values.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case_record.h"
#include "core/status.h"

namespace clearhost::cases {

// Every country code the Transparency Database accepts in territorial_scope: the 27 EU member
// states and the EEA's Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2; Greece is "GR").
inline constexpr std::array<std::string_view, 30> kEuEeaCountryCodes = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"};

// What the hoster configures once for all its statements.
struct StatementOptions {
  // Prefix of the platform unique identifier: puid = prefix + case id (+ "-r" + reopen count
  // once the content came back). Letters, digits, '-' and '_' only, as the database requires.
  std::string puid_prefix = "clearhost-case-";
  // Where a removal or a disabling applies (codes from kEuEeaCountryCodes); by default the
  // whole EU and EEA. A geo-block uses the case's own territorial_scope instead.
  std::vector<std::string> default_territorial_scope = {kEuEeaCountryCodes.begin(),
                                                        kEuEeaCountryCodes.end()};
  // The content's language as an uppercase ISO 639-1 code; "" leaves content_language out.
  std::string content_language;
  // The legal ground when the notice gives none (e.g. proactive matches).
  std::string default_legal_ground;
  // A URL to the law or terms relied on; "" leaves decision_ground_reference_url out.
  std::string legal_ground_reference_url;
  // illegal_content_explanation; "{legal_ground}" and "{case_id}" are replaced.
  std::string explanation_template =
      "The content was assessed as child sexual abuse material, which is illegal under "
      "{legal_ground}.";
};

// The Unix microseconds `at` as the database's date: "YYYY-MM-DD", UTC.
std::string StatementDate(int64_t at);

// The statement for `actioned_case`. FailedPrecondition when the case is not actioned (state
// actioned or confirmed_gone, with an action and actioned_at set) or has no legal ground;
// InvalidArgument when a configured value or a date is outside what the schema accepts.
Result<nlohmann::json> StatementOfReasons(const Case& actioned_case,
                                          const StatementOptions& options);

}  // namespace clearhost::cases
