// Sends one composed message over SMTP with libcurl (smtp:// or smtps://, STARTTLS when the URL
// asks for it, optional login), with a connect and a total timeout. Unavailable (retry later)
// for connection and 4xx failures, FailedPrecondition for 5xx refusals, with the server's words.
// Thread-safety: each call has its own curl handle.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace clearhost::cases::outbound {

struct SmtpOptions {
  std::string url;       // e.g. "smtp://127.0.0.1:25", "smtps://mail.example.net:465"
  std::string username;  // "" = no AUTH
  std::string password;
  bool require_tls = false;  // STARTTLS required on smtp:// URLs
  int connect_timeout_seconds = 10;
  int timeout_seconds = 60;
};

Status SendMail(const SmtpOptions& options, std::string_view envelope_from,
                std::span<const std::string> recipients, std::string_view message);

}  // namespace clearhost::cases::outbound
