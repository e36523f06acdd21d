// Checks a notice before it becomes a case: every field within its limits and well formed
// (URLs http(s) with a host, IP addresses, hashes by signal type, member state codes), so that
// nothing malformed is stored and every refusal names the field and the problem.
// Thread-safety: pure functions.
#pragma once

#include "cases/case_record.h"
#include "core/status.h"

namespace clearhost::cases {

// Limits on what one notice may carry.
inline constexpr size_t kMaxNoticeUrls = 1000;
inline constexpr size_t kMaxUrlBytes = 4096;
inline constexpr size_t kMaxNoticeHashes = 1000;
inline constexpr size_t kMaxShortTextBytes = 256;   // sender, reference, legal basis
inline constexpr size_t kMaxLongTextBytes = 16384;  // reason

// InvalidArgument naming the first bad field ("urls[2]: ..."). Lowercases hash values in place
// (hex is case-insensitive; the store keeps lowercase) and trims nothing else.
Status ValidateNotice(Notice& notice);

// Whether `url` is an absolute http or https URL with a host, without whitespace or control
// characters, within kMaxUrlBytes; the error says what is wrong.
Status ValidateUrl(std::string_view url);

}  // namespace clearhost::cases
