#include "cases/notice_validation.h"

#include <arpa/inet.h>

#include <cctype>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace clearhost::cases {
namespace {

Status FieldError(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": ", std::string(problem)));
}

bool HasControlCharacters(std::string_view text, bool allow_newlines) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0x7f ||
        (byte < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t')))) {
      return true;
    }
  }
  return false;
}

Status CheckText(std::string_view field, std::string_view text, size_t max_bytes, bool required,
                 bool allow_newlines = false) {
  if (required && text.empty()) return FieldError(field, "is required and must not be empty");
  if (text.size() > max_bytes) {
    return FieldError(field, absl::StrCat("is ", text.size(), " bytes long; at most ", max_bytes));
  }
  if (HasControlCharacters(text, allow_newlines)) {
    return FieldError(field, "contains control characters");
  }
  return Status();
}

Status CheckIp(std::string_view ip) {
  if (ip.empty()) return Status();
  const std::string terminated(ip);
  unsigned char address[16];
  if (inet_pton(AF_INET, terminated.c_str(), address) == 1 ||
      inet_pton(AF_INET6, terminated.c_str(), address) == 1) {
    return Status();
  }
  return FieldError("ip", absl::StrCat("'", terminated, "' is not an IPv4 or IPv6 address"));
}

Status CheckHash(size_t index, NoticeHash& hash) {
  const std::string field = absl::StrCat("hashes[", index, "]");
  size_t digits = 0;
  if (hash.signal_type == "pdq" || hash.signal_type == "sha256") {
    digits = 64;
  } else if (hash.signal_type == "md5") {
    digits = 32;
  } else if (hash.signal_type == "sha1") {
    digits = 40;
  } else {
    return FieldError(field, absl::StrCat("unknown signal type '", hash.signal_type,
                                          "': expected pdq, md5, sha1 or sha256"));
  }
  absl::AsciiStrToLower(&hash.value);
  if (hash.value.size() != digits) {
    return FieldError(field, absl::StrCat("a ", hash.signal_type, " hash has ", digits,
                                          " hex digits, not ", hash.value.size()));
  }
  for (const char c : hash.value) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return FieldError(field, "contains a character that is not a hex digit");
    }
  }
  return Status();
}

}  // namespace

Status ValidateUrl(std::string_view url) {
  if (url.size() > kMaxUrlBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("is ", url.size(), " bytes long; at most ", kMaxUrlBytes));
  }
  const std::string scheme = absl::AsciiStrToLower(std::string(url.substr(0, 8)));
  std::string_view rest;
  if (scheme == "https://") {
    rest = url.substr(8);
  } else if (scheme.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return absl::InvalidArgumentError("is not an http:// or https:// URL");
  }
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      return absl::InvalidArgumentError("contains whitespace or control characters");
    }
  }
  const size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  if (authority.empty() || authority[0] == ':') return absl::InvalidArgumentError("has no host");
  return Status();
}

Status ValidateNotice(Notice& notice) {
  CLEARHOST_RETURN_IF_ERROR(CheckText("sender", notice.sender, kMaxShortTextBytes, true));
  CLEARHOST_RETURN_IF_ERROR(CheckText("reference", notice.reference, kMaxShortTextBytes, false));
  CLEARHOST_RETURN_IF_ERROR(
      CheckText("legal_basis", notice.legal_basis, kMaxShortTextBytes, false));
  CLEARHOST_RETURN_IF_ERROR(CheckText("reason", notice.reason, kMaxLongTextBytes, false, true));
  if (notice.urls.empty()) return FieldError("urls", "at least one URL is required");
  if (notice.urls.size() > kMaxNoticeUrls) {
    return FieldError("urls", absl::StrCat(notice.urls.size(), " URLs; at most ", kMaxNoticeUrls));
  }
  for (size_t i = 0; i < notice.urls.size(); ++i) {
    const Status url = ValidateUrl(notice.urls[i]);
    if (!url.ok()) return FieldError(absl::StrCat("urls[", i, "]"), std::string(url.message()));
  }
  CLEARHOST_RETURN_IF_ERROR(CheckIp(notice.ip));
  if (notice.hashes.size() > kMaxNoticeHashes) {
    return FieldError("hashes",
                      absl::StrCat(notice.hashes.size(), " hashes; at most ", kMaxNoticeHashes));
  }
  for (size_t i = 0; i < notice.hashes.size(); ++i) {
    CLEARHOST_RETURN_IF_ERROR(CheckHash(i, notice.hashes[i]));
  }
  if (!notice.member_state.empty() &&
      (notice.member_state.size() != 2 || !absl::ascii_isupper(notice.member_state[0]) ||
       !absl::ascii_isupper(notice.member_state[1]))) {
    return FieldError("member_state", "must be an ISO 3166-1 alpha-2 code such as NL");
  }
  if (notice.received_at <= 0) return FieldError("received_at", "must be after 1970");
  return Status();
}

}  // namespace clearhost::cases
