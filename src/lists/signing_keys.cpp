#include "lists/signing_keys.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/atomic_file.h"

namespace clearhost::lists {
namespace {

namespace fs = std::filesystem;
using minisign::kKeyIdBytes;
using minisign::kPublicKeyBytes;
using minisign::kSecretKeyBytes;

// A public key blob: algorithm "Ed" (2) | key id (8) | Ed25519 public key (32).
constexpr size_t kPublicBlobBytes = 2 + kKeyIdBytes + kPublicKeyBytes;

// A secret key blob (158 bytes); the last 104 are XORed with the scrypt stream when encrypted.
//   0 signature algorithm "Ed"     2 KDF "Sc" or "\0\0"      4 checksum algorithm "B2"
//   6 KDF salt (32)               38 opslimit (8, LE)       46 memlimit (8, LE)
//  54 key id (8)                  62 secret key (64)       126 checksum (32): BLAKE2b-256 of
//                                                              "Ed" | key id | secret key
constexpr size_t kSaltOffset = 6;
constexpr size_t kSaltBytes = crypto_pwhash_scryptsalsa208sha256_SALTBYTES;
constexpr size_t kOpslimitOffset = kSaltOffset + kSaltBytes;
constexpr size_t kMemlimitOffset = kOpslimitOffset + 8;
constexpr size_t kKeyIdOffset = kMemlimitOffset + 8;
constexpr size_t kSecretOffset = kKeyIdOffset + kKeyIdBytes;
constexpr size_t kChecksumOffset = kSecretOffset + kSecretKeyBytes;
constexpr size_t kSecretBlobBytes = kChecksumOffset + minisign::kChecksumBytes;
constexpr size_t kEncryptedBytes = kSecretBlobBytes - kKeyIdOffset;
static_assert(kSecretBlobBytes == 158 && kEncryptedBytes == 104);

// A byte buffer wiped when it goes away.
class SecretBuffer {
 public:
  explicit SecretBuffer(size_t size) : bytes_(size) {}
  explicit SecretBuffer(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer() { sodium_memzero(bytes_.data(), bytes_.size()); }
  uint8_t* data() { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Name(std::string_view display_name) {
  return std::string(display_name);
}

// The base64 line of a key file: the line after the comment line, or the only line.
Result<std::string_view> KeyLine(std::string_view text, std::string_view display_name,
                                 bool allow_bare) {
  std::vector<std::string_view> lines = minisign::SplitFileLines(text);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (!lines.empty() && StartsWith(lines[0], minisign::kUntrustedPrefix) && lines.size() >= 2) {
    return lines[1];
  }
  if (allow_bare && lines.size() == 1) return lines[0];
  return absl::InvalidArgumentError(
      absl::StrCat(Name(display_name), ": not a minisign key file (expected an \"",
                   std::string(minisign::kUntrustedPrefix), "...\" line, then the base64 key)"));
}

void Checksum(const SecretKey& key, uint8_t* out) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, minisign::kChecksumBytes);
  crypto_generichash_update(
      &state, reinterpret_cast<const uint8_t*>(minisign::kSignatureAlgorithm.data()), 2);
  crypto_generichash_update(&state, key.key_id.data(), key.key_id.size());
  crypto_generichash_update(&state, key.key.data(), key.key.size());
  crypto_generichash_final(&state, out, minisign::kChecksumBytes);
  sodium_memzero(&state, sizeof state);
}

// XORs the encrypted part of `blob` with the scrypt stream of `password`.
Status ApplyKeyStream(uint8_t* blob, std::string_view password, std::string_view display_name) {
  SecretBuffer stream(kEncryptedBytes);
  const uint64_t opslimit =
      minisign::LoadLittleEndian64(std::span<const uint8_t, 8>(blob + kOpslimitOffset, 8));
  const uint64_t memlimit =
      minisign::LoadLittleEndian64(std::span<const uint8_t, 8>(blob + kMemlimitOffset, 8));
  if (crypto_pwhash_scryptsalsa208sha256(stream.data(), stream.size(), password.data(),
                                         password.size(), blob + kSaltOffset, opslimit,
                                         size_t(memlimit)) != 0) {
    return absl::ResourceExhaustedError(
        absl::StrCat(Name(display_name), ": the key derivation (scrypt, ", memlimit >> 20,
                     " MiB) failed: not enough memory"));
  }
  for (size_t index = 0; index < kEncryptedBytes; ++index) {
    blob[kKeyIdOffset + index] ^= stream.data()[index];
  }
  return absl::OkStatus();
}

Status WriteTextFile(const fs::path& path, std::string_view text, fs::perms permissions) {
  CLEARHOST_ASSIGN_OR_RETURN(AtomicFileWriter writer, AtomicFileWriter::Create(path));
  CLEARHOST_RETURN_IF_ERROR(writer.SetPermissions(permissions));
  CLEARHOST_RETURN_IF_ERROR(
      writer.Write({reinterpret_cast<const uint8_t*>(text.data()), text.size()}));
  return writer.Commit();
}

}  // namespace

SecretKey::~SecretKey() {
  sodium_memzero(key.data(), key.size());
  sodium_memzero(key_id.data(), key_id.size());
}

PublicKey SecretKey::public_key() const {
  PublicKey result;
  result.key_id = key_id;
  std::copy(key.end() - kPublicKeyBytes, key.end(), result.key.begin());
  return result;
}

void WipeString(std::string& text) {
  sodium_memzero(text.data(), text.size());
}

Result<KeyPair> GenerateKeyPair() {
  minisign::InitSodium();
  KeyPair pair;
  randombytes_buf(pair.secret_key.key_id.data(), kKeyIdBytes);
  if (crypto_sign_keypair(pair.public_key.key.data(), pair.secret_key.key.data()) != 0) {
    return absl::InternalError("Ed25519 key generation failed");
  }
  pair.public_key.key_id = pair.secret_key.key_id;
  return pair;
}

Result<PublicKey> ParsePublicKey(std::string_view text, std::string_view display_name) {
  minisign::InitSodium();
  CLEARHOST_ASSIGN_OR_RETURN(const std::string_view line,
                             KeyLine(text, display_name, /*allow_bare=*/true));
  CLEARHOST_ASSIGN_OR_RETURN(
      const std::vector<uint8_t> blob,
      minisign::FromBase64(line, kPublicBlobBytes, display_name, "the public key"));
  if (std::memcmp(blob.data(), minisign::kSignatureAlgorithm.data(), 2) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        Name(display_name), ": unsupported public key algorithm (expected Ed25519, \"Ed\")"));
  }
  PublicKey key;
  std::copy_n(blob.begin() + 2, kKeyIdBytes, key.key_id.begin());
  std::copy_n(blob.begin() + 2 + kKeyIdBytes, kPublicKeyBytes, key.key.begin());
  return key;
}

std::string FormatPublicKey(const PublicKey& key) {
  std::vector<uint8_t> blob(minisign::kSignatureAlgorithm.begin(),
                            minisign::kSignatureAlgorithm.end());
  blob.insert(blob.end(), key.key_id.begin(), key.key_id.end());
  blob.insert(blob.end(), key.key.begin(), key.key.end());
  return absl::StrCat(std::string(minisign::kUntrustedPrefix), "minisign public key ",
                      minisign::KeyIdHex(key.key_id), "\n", minisign::ToBase64(blob), "\n");
}

Result<SecretKey> ParseSecretKey(std::string_view text, std::optional<std::string_view> password,
                                 std::string_view display_name) {
  minisign::InitSodium();
  CLEARHOST_ASSIGN_OR_RETURN(const std::string_view line,
                             KeyLine(text, display_name, /*allow_bare=*/false));
  CLEARHOST_ASSIGN_OR_RETURN(
      std::vector<uint8_t> decoded,
      minisign::FromBase64(line, kSecretBlobBytes, display_name, "the secret key"));
  SecretBuffer blob(std::move(decoded));
  const auto tag_is = [&blob](size_t offset, std::string_view tag) {
    return std::memcmp(blob.data() + offset, tag.data(), 2) == 0;
  };
  if (!tag_is(0, minisign::kSignatureAlgorithm)) {
    return absl::InvalidArgumentError(absl::StrCat(
        Name(display_name), ": unsupported secret key algorithm (expected Ed25519, \"Ed\")"));
  }
  if (!tag_is(4, minisign::kChecksumAlgorithm)) {
    return absl::InvalidArgumentError(absl::StrCat(
        Name(display_name), ": unsupported checksum algorithm (expected BLAKE2b, \"B2\")"));
  }
  const bool encrypted = tag_is(2, minisign::kScryptAlgorithm);
  if (!encrypted && !tag_is(2, minisign::kNoKdfAlgorithm)) {
    return absl::InvalidArgumentError(absl::StrCat(
        Name(display_name), ": unsupported key derivation (expected scrypt, \"Sc\", or none)"));
  }
  if (encrypted) {
    const uint64_t opslimit =
        minisign::LoadLittleEndian64(std::span<const uint8_t, 8>(blob.data() + kOpslimitOffset, 8));
    const uint64_t memlimit =
        minisign::LoadLittleEndian64(std::span<const uint8_t, 8>(blob.data() + kMemlimitOffset, 8));
    if (opslimit > kMaxKdf.opslimit || memlimit > kMaxKdf.memlimit) {
      return absl::InvalidArgumentError(
          absl::StrCat(Name(display_name), ": implausible key derivation limits (opslimit ",
                       opslimit, ", memlimit ", memlimit, "; at most ", kMaxKdf.opslimit, " and ",
                       kMaxKdf.memlimit, "): refused"));
    }
    if (!password) {
      return absl::FailedPreconditionError(
          absl::StrCat(Name(display_name), ": the secret key is encrypted: a password is needed"));
    }
    CLEARHOST_RETURN_IF_ERROR(ApplyKeyStream(blob.data(), *password, display_name));
  }
  SecretKey key;
  std::copy_n(blob.data() + kKeyIdOffset, kKeyIdBytes, key.key_id.begin());
  std::copy_n(blob.data() + kSecretOffset, kSecretKeyBytes, key.key.begin());
  std::array<uint8_t, minisign::kChecksumBytes> checksum{};
  Checksum(key, checksum.data());
  const uint8_t* stored = blob.data() + kChecksumOffset;
  // minisign -W leaves the checksum of a key in the clear unset (zero).
  const bool unset = !encrypted && sodium_is_zero(stored, checksum.size()) == 1;
  const bool matches = sodium_memcmp(stored, checksum.data(), checksum.size()) == 0;
  sodium_memzero(checksum.data(), checksum.size());
  if (!unset && !matches) {
    return absl::InvalidArgumentError(absl::StrCat(
        Name(display_name), encrypted ? ": wrong password for this secret key"
                                      : ": the secret key's checksum does not match (damaged)"));
  }
  // The secret key holds its public half: it must be the one its seed makes.
  std::array<uint8_t, kPublicKeyBytes> public_key{};
  SecretBuffer derived(kSecretKeyBytes);
  crypto_sign_seed_keypair(public_key.data(), derived.data(), key.key.data());
  if (sodium_memcmp(derived.data(), key.key.data(), kSecretKeyBytes) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(Name(display_name), ": the secret key is damaged (inconsistent halves)"));
  }
  return key;
}

Result<std::string> FormatSecretKey(const SecretKey& key, std::optional<std::string_view> password,
                                    KdfLimits kdf) {
  minisign::InitSodium();
  SecretBuffer blob(kSecretBlobBytes);
  uint8_t* bytes = blob.data();
  std::memcpy(bytes, minisign::kSignatureAlgorithm.data(), 2);
  std::memcpy(bytes + 2,
              password ? minisign::kScryptAlgorithm.data() : minisign::kNoKdfAlgorithm.data(), 2);
  std::memcpy(bytes + 4, minisign::kChecksumAlgorithm.data(), 2);
  std::copy(key.key_id.begin(), key.key_id.end(), bytes + kKeyIdOffset);
  std::copy(key.key.begin(), key.key.end(), bytes + kSecretOffset);
  Checksum(key, bytes + kChecksumOffset);
  if (password) {
    if (kdf.opslimit > kMaxKdf.opslimit || kdf.memlimit > kMaxKdf.memlimit) {
      return absl::InvalidArgumentError("key derivation limits beyond what a reader accepts");
    }
    randombytes_buf(bytes + kSaltOffset, kSaltBytes);
    minisign::StoreLittleEndian64(kdf.opslimit, std::span<uint8_t, 8>(bytes + kOpslimitOffset, 8));
    minisign::StoreLittleEndian64(kdf.memlimit, std::span<uint8_t, 8>(bytes + kMemlimitOffset, 8));
    CLEARHOST_RETURN_IF_ERROR(ApplyKeyStream(bytes, *password, "the new secret key"));
  }
  std::string text = minisign::ToBase64({bytes, blob.size()});
  std::string file = absl::StrCat(
      std::string(minisign::kUntrustedPrefix),
      password ? "clearhost encrypted secret key" : "clearhost secret key (not encrypted)", "\n",
      text, "\n");
  WipeString(text);
  return file;
}

Result<PublicKey> ReadPublicKeyFile(const fs::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes,
                             minisign::ReadSmallFile(path, kMaxKeyFileBytes));
  return ParsePublicKey(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                        path.string());
}

Result<SecretKey> ReadSecretKeyFile(const fs::path& path,
                                    std::optional<std::string_view> password) {
  CLEARHOST_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                             minisign::ReadSmallFile(path, kMaxKeyFileBytes));
  SecretBuffer text(std::move(bytes));
  return ParseSecretKey(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()),
                        password, path.string());
}

Result<std::string> ReadPasswordFile(const fs::path& path) {
  CLEARHOST_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                             minisign::ReadSmallFile(path, kMaxKeyFileBytes));
  SecretBuffer text(std::move(bytes));
  std::string_view content(reinterpret_cast<const char*>(text.data()), text.size());
  const std::vector<std::string_view> lines = minisign::SplitFileLines(content);
  return lines.empty() ? std::string() : std::string(lines[0]);
}

Status WriteKeyPairFiles(const KeyPair& pair, const fs::path& secret_key_path,
                         const fs::path& public_key_path, std::optional<std::string_view> password,
                         KdfLimits kdf, bool overwrite) {
  if (!overwrite) {
    for (const fs::path& path : {secret_key_path, public_key_path}) {
      std::error_code error;
      if (fs::symlink_status(path, error).type() != fs::file_type::not_found) {
        return absl::AlreadyExistsError(
            absl::StrCat(path.string(), " already exists; it was not overwritten"));
      }
    }
  }
  CLEARHOST_ASSIGN_OR_RETURN(std::string secret_text,
                             FormatSecretKey(pair.secret_key, password, kdf));
  const Status written =
      WriteTextFile(secret_key_path, secret_text, fs::perms::owner_read | fs::perms::owner_write);
  WipeString(secret_text);
  CLEARHOST_RETURN_IF_ERROR(written);
  return WriteTextFile(public_key_path, FormatPublicKey(pair.public_key),
                       fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                           fs::perms::others_read);
}

}  // namespace clearhost::lists
