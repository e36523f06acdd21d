#include "cases/outbound/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cases/outbound/outbound_mail.h"

namespace clearhost::cases::outbound {
namespace {

// What libcurl reads the message from and where the server's last refusal goes.
struct Transfer {
  std::string_view unread;
  std::string last_refusal;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* transfer_pointer) {
  auto* transfer = static_cast<Transfer*>(transfer_pointer);
  const size_t length = std::min(size * count, transfer->unread.size());
  std::memcpy(buffer, transfer->unread.data(), length);
  transfer->unread.remove_prefix(length);
  return length;
}

// Keeps the server's last refusal (a 4xx or 5xx reply line; libcurl hands SMTP replies over as
// "header in" data), so that an error can quote the server's words.
int KeepRefusal(CURL*, curl_infotype type, char* data, size_t size, void* transfer_pointer) {
  if (type == CURLINFO_HEADER_IN && size > 0 && (data[0] == '4' || data[0] == '5')) {
    auto* transfer = static_cast<Transfer*>(transfer_pointer);
    transfer->last_refusal.assign(data, std::min<size_t>(size, 512));
    absl::StripTrailingAsciiWhitespace(&transfer->last_refusal);
  }
  return 0;
}

// `url` without a password; InvalidArgument unless it is an smtp:// or smtps:// URL.
Result<std::string> CheckUrl(const std::string& url) {
  std::unique_ptr<CURLU, void (*)(CURLU*)> parsed{curl_url(), curl_url_cleanup};
  if (!parsed) return absl::ResourceExhaustedError("cannot start libcurl");
  char* scheme = nullptr;
  if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
    return absl::InvalidArgumentError("SMTP URL: not a URL (expected smtp:// or smtps://)");
  }
  const std::string scheme_name = absl::AsciiStrToLower(scheme);
  curl_free(scheme);
  curl_url_set(parsed.get(), CURLUPART_PASSWORD, nullptr, 0);
  char* shown = nullptr;
  std::string safe_url;
  if (curl_url_get(parsed.get(), CURLUPART_URL, &shown, 0) == CURLUE_OK) {
    safe_url = shown;
    curl_free(shown);
  }
  if (scheme_name != "smtp" && scheme_name != "smtps") {
    return absl::InvalidArgumentError(
        absl::StrCat("SMTP URL ", safe_url, ": expected smtp:// or smtps://"));
  }
  return safe_url;
}

// Unavailable (worth retrying) or FailedPrecondition (retrying the same will fail again).
absl::StatusCode CodeFor(CURLcode code, long reply_code) {
  if (reply_code >= 500 && reply_code <= 599) return absl::StatusCode::kFailedPrecondition;
  if (reply_code >= 400 && reply_code <= 499) return absl::StatusCode::kUnavailable;
  switch (code) {
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return absl::StatusCode::kFailedPrecondition;
    default:
      return absl::StatusCode::kUnavailable;
  }
}

}  // namespace

Status SendMail(const SmtpOptions& options, std::string_view envelope_from,
                std::span<const std::string> recipients, std::string_view message) {
  CLEARHOST_ASSIGN_OR_RETURN(const std::string safe_url, CheckUrl(options.url));
  if (recipients.empty()) return absl::InvalidArgumentError("SMTP: no recipients");
  if (Status valid = ValidateMailAddress(envelope_from); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("SMTP envelope from: ", valid.message()));
  }
  for (const std::string& recipient : recipients) {
    if (Status valid = ValidateMailAddress(recipient); !valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("SMTP recipient: ", valid.message()));
    }
  }

  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, void (*)(CURL*)> curl{curl_easy_init(), curl_easy_cleanup};
  if (!curl) return absl::ResourceExhaustedError("cannot start libcurl");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> rcpt{nullptr, curl_slist_free_all};
  for (const std::string& recipient : recipients) {
    curl_slist* appended = curl_slist_append(rcpt.get(), recipient.c_str());
    if (appended == nullptr) return absl::ResourceExhaustedError("out of memory");
    if (rcpt == nullptr) rcpt.reset(appended);  // later appends keep the list's head
  }

  const std::string from(envelope_from);
  Transfer transfer{message, {}};
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, options.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, long(options.connect_timeout_seconds));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, long(options.timeout_seconds));
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  if (options.require_tls) curl_easy_setopt(handle, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
  if (!options.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.size()));
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(handle, CURLOPT_READDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, KeepRefusal);
  curl_easy_setopt(handle, CURLOPT_DEBUGDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);  // feeds KeepRefusal; prints nothing

  const CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_OK) return absl::OkStatus();
  long reply_code = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply_code);
  std::string message_text = absl::StrCat(
      safe_url, ": ", error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code));
  if (!transfer.last_refusal.empty()) {
    absl::StrAppend(&message_text, " (server: \"", transfer.last_refusal, "\")");
  }
  return Status(CodeFor(code, reply_code), message_text);
}

}  // namespace clearhost::cases::outbound
