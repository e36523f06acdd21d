// Signing hash-list files and checking their signatures, in minisign's signature file format
// (`LIST.minisig`; docs/formats.md, "Signed lists") so that Debian's `minisign` and clearhost
// read each other's signatures. New signatures are "ED": Ed25519 over the BLAKE2b-512 hash of the
// file, computed while the file streams through; legacy "Ed" signatures (over the bytes
// themselves) are still verified, with the bytes held in memory up to kMaxLegacySignedBytes.
// A signature file also carries a trusted comment, itself signed (the global signature).
// Thread-safety: a SignatureVerifier is used by one thread at a time; the free functions are
// reentrant.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "lists/signing_keys.h"

namespace clearhost::lists {

// The bytes a legacy "Ed" signature is checked against are held whole, up to this many.
inline constexpr uint64_t kMaxLegacySignedBytes = uint64_t{1} << 30;
// A signature file is a few hundred bytes; larger ones are refused before being read.
inline constexpr uint64_t kMaxSignatureFileBytes = 16 * 1024;

// The parsed signature file.
struct ListSignature {
  bool prehashed = true;  // "ED"; false: legacy "Ed"
  KeyId key_id{};
  std::array<uint8_t, minisign::kSignatureBytes> signature{};
  std::string untrusted_comment;
  std::string trusted_comment;
  std::array<uint8_t, minisign::kSignatureBytes> global_signature{};
};

// Parses a .minisig file; InvalidArgument naming `display_name` when it is not one.
Result<ListSignature> ParseSignatureFile(std::string_view text, std::string_view display_name);
std::string FormatSignatureFile(const ListSignature& signature);

// Checks a file's bytes against a signature as they are fed in, so that a caller checks exactly
// the bytes it reads (and parses) rather than reading the file twice.
class SignatureVerifier {
 public:
  // Parses the signature file and checks that it names `key`'s id (an InvalidArgument naming both
  // ids otherwise). Errors name `display_name`, the signature file.
  static Result<SignatureVerifier> Create(const PublicKey& key,
                                          std::string_view signature_file_text,
                                          std::string_view display_name);

  SignatureVerifier(SignatureVerifier&&) noexcept;
  SignatureVerifier& operator=(SignatureVerifier&&) noexcept;
  ~SignatureVerifier();

  // Feeds the next bytes of the signed file.
  void Update(std::span<const uint8_t> bytes);

  // After the last Update: the trusted comment when both signatures hold; otherwise an
  // InvalidArgument ("bad signature", "bad trusted comment signature") or, for a legacy
  // signature over more than kMaxLegacySignedBytes, a ResourceExhausted.
  Result<std::string> Finish();

  const ListSignature& signature() const;

 private:
  struct State;
  explicit SignatureVerifier(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Reads the public key file and the signature file and makes a verifier.
Result<SignatureVerifier> OpenSignatureVerifier(const std::filesystem::path& public_key_path,
                                                const std::filesystem::path& signature_path);

// The default trusted comment, minisign's: "timestamp:<unix seconds>\tfile:<basename>\thashed".
std::string DefaultTrustedComment(const std::filesystem::path& signed_file);

// Signs `path`, streamed through BLAKE2b ("ED"), and returns the .minisig file's text.
// trusted_comment: nullopt for DefaultTrustedComment. Comments must be one line each and within
// minisign's limits (InvalidArgument otherwise).
Result<std::string> SignFile(const SecretKey& key, const std::filesystem::path& path,
                             std::optional<std::string> trusted_comment,
                             std::string_view untrusted_comment);

// Signs bytes in memory: prehashed ("ED") or, for tests of the legacy path, legacy ("Ed").
Result<std::string> SignBytes(const SecretKey& key, std::span<const uint8_t> bytes,
                              std::string_view trusted_comment, std::string_view untrusted_comment,
                              bool prehashed = true);

inline constexpr std::string_view kDefaultUntrustedComment = "signature from clearhost secret key";

}  // namespace clearhost::lists
