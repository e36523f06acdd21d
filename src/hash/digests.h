// Cryptographic digests of file contents (MD5, SHA-1, SHA-256 through OpenSSL's EVP interface),
// all three fed from the same bytes so a file is read once.
// Thread-safety: a Digester is not thread-safe; the free function is.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"

namespace clearhost::hash {

struct FileDigests {
  std::string md5;     // 32 lowercase hex digits
  std::string sha1;    // 40
  std::string sha256;  // 64
};

// Incremental: Update() any number of times, then Finish() once.
class Digester {
 public:
  Digester();
  ~Digester();
  Digester(const Digester&) = delete;
  Digester& operator=(const Digester&) = delete;

  void Update(std::span<const uint8_t> bytes);
  Result<FileDigests> Finish();

 private:
  struct Contexts;
  std::unique_ptr<Contexts> contexts_;
};

// All three digests of `bytes`.
Result<FileDigests> ComputeDigests(std::span<const uint8_t> bytes);

}  // namespace clearhost::hash
