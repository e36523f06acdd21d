// SHA-256 of a byte string as 64 lowercase hex digits: what the audit log chains records with
// and what API tokens are stored as (OpenSSL's EVP underneath).
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace clearhost {

std::string Sha256Hex(std::string_view bytes);

}  // namespace clearhost
