// Ed25519 key pairs for signing hash lists, in minisign's key file formats so that a publisher
// can use Debian's `minisign` or `clearhost lists keygen` interchangeably (docs/formats.md,
// "Signed lists"): parsing and writing public and secret key files, the password-based
// encryption of secret keys (scrypt, as minisign does it), and generating a key pair.
// Secret material is wiped (sodium_memzero) when the objects holding it are destroyed.
// Thread-safety: values and pure functions; reentrant.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "lists/minisign_encoding.h"

namespace clearhost::lists {

using minisign::KeyId;

struct PublicKey {
  KeyId key_id{};
  std::array<uint8_t, minisign::kPublicKeyBytes> key{};
};

// A secret key: its id and libsodium's 64-byte Ed25519 secret key (seed, then public key).
class SecretKey {
 public:
  SecretKey() = default;
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();

  KeyId key_id{};
  std::array<uint8_t, minisign::kSecretKeyBytes> key{};

  PublicKey public_key() const;
};

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
};

// The cost of the scrypt key derivation that encrypts a secret key. Files carry their own.
struct KdfLimits {
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;  // bytes
};
// minisign's default (libsodium's "sensitive": 1 GiB, seconds of work).
inline constexpr KdfLimits kSensitiveKdf{33554432, 1073741824};
// libsodium's "interactive" (16 MiB, a fraction of a second): for tests and small machines.
inline constexpr KdfLimits kInteractiveKdf{524288, 16777216};
// Larger values in a secret key file are refused rather than spent: 4x minisign's work, 2x its
// memory.
inline constexpr KdfLimits kMaxKdf{4 * kSensitiveKdf.opslimit, 2 * kSensitiveKdf.memlimit};

// A fresh key pair with a random key id.
Result<KeyPair> GenerateKeyPair();

// Parses a public key file ("untrusted comment: ..." then the base64 key) or a bare base64 key
// as `minisign -P` takes it. Errors are InvalidArgument naming `display_name`.
Result<PublicKey> ParsePublicKey(std::string_view text, std::string_view display_name);
// The public key file: "untrusted comment: minisign public key <ID>" and the base64 key.
std::string FormatPublicKey(const PublicKey& key);

// Parses a secret key file. An encrypted key needs `password` (FailedPrecondition without one);
// a wrong password is an InvalidArgument saying so; KDF limits beyond kMaxKdf are refused before
// any work. Errors name `display_name`.
Result<SecretKey> ParseSecretKey(std::string_view text, std::optional<std::string_view> password,
                                 std::string_view display_name);
// The secret key file, encrypted with `password` at cost `kdf` when given, else in the clear
// (minisign -W). The returned text is secret: wipe it (sodium_memzero) when done.
Result<std::string> FormatSecretKey(const SecretKey& key, std::optional<std::string_view> password,
                                    KdfLimits kdf);

// Files. Key and signature files are small: larger ones are refused before being read.
inline constexpr uint64_t kMaxKeyFileBytes = 16 * 1024;

Result<PublicKey> ReadPublicKeyFile(const std::filesystem::path& path);
Result<SecretKey> ReadSecretKeyFile(const std::filesystem::path& path,
                                    std::optional<std::string_view> password);
// The first line of `path` (without its line ending), for --password-file. Secret: wipe it.
Result<std::string> ReadPasswordFile(const std::filesystem::path& path);

// Writes both files of `pair` atomically: the secret key with mode 0600, the public key 0644.
// An existing file is AlreadyExists (and nothing is written) unless `overwrite`.
Status WriteKeyPairFiles(const KeyPair& pair, const std::filesystem::path& secret_key_path,
                         const std::filesystem::path& public_key_path,
                         std::optional<std::string_view> password, KdfLimits kdf, bool overwrite);

// Wipes `text`'s bytes (a password, a secret key file's text).
void WipeString(std::string& text);

}  // namespace clearhost::lists
