#include "hash/digests.h"

#include <openssl/evp.h>

#include <array>

#include "core/hex.h"

namespace clearhost::hash {

struct Digester::Contexts {
  std::array<EVP_MD_CTX*, 3> contexts{};  // md5, sha1, sha256
  bool failed = false;
  ~Contexts() {
    for (EVP_MD_CTX* context : contexts) EVP_MD_CTX_free(context);
  }
};

Digester::Digester() : contexts_(std::make_unique<Contexts>()) {
  const std::array<const EVP_MD*, 3> algorithms = {EVP_md5(), EVP_sha1(), EVP_sha256()};
  for (size_t i = 0; i < algorithms.size(); ++i) {
    contexts_->contexts[i] = EVP_MD_CTX_new();
    if (contexts_->contexts[i] == nullptr ||
        EVP_DigestInit_ex(contexts_->contexts[i], algorithms[i], nullptr) != 1) {
      contexts_->failed = true;
    }
  }
}

Digester::~Digester() = default;

void Digester::Update(std::span<const uint8_t> bytes) {
  if (contexts_->failed || bytes.empty()) return;
  for (EVP_MD_CTX* context : contexts_->contexts) {
    if (EVP_DigestUpdate(context, bytes.data(), bytes.size()) != 1) contexts_->failed = true;
  }
}

Result<FileDigests> Digester::Finish() {
  std::array<std::string, 3> hex;
  for (size_t i = 0; i < hex.size() && !contexts_->failed; ++i) {
    std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(contexts_->contexts[i], digest.data(), &length) != 1) {
      contexts_->failed = true;
      break;
    }
    hex[i] = HexEncode(std::span<const uint8_t>(digest.data(), length));
  }
  if (contexts_->failed) return absl::InternalError("OpenSSL digest computation failed");
  return FileDigests{std::move(hex[0]), std::move(hex[1]), std::move(hex[2])};
}

Result<FileDigests> ComputeDigests(std::span<const uint8_t> bytes) {
  Digester digester;
  digester.Update(bytes);
  return digester.Finish();
}

}  // namespace clearhost::hash
