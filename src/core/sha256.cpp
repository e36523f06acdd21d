#include "core/sha256.h"

#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/hex.h"

namespace clearhost {

std::string Sha256Hex(std::string_view bytes) {
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate or lacks SHA-256: a broken process.
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
  return HexEncode(std::span<const uint8_t>(digest, length));
}

}  // namespace clearhost
