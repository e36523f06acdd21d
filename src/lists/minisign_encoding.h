// The byte-level pieces of minisign's key and signature files (docs/formats.md, "Signed lists"),
// kept in one place: libsodium's one-time initialisation, base64 (the original alphabet, with
// padding), little-endian 64-bit fields, key ids as minisign prints them, and splitting a file
// into its lines, and reading such a small file whole. Used by signing_keys.cpp and
// list_signature.cpp only.
// Thread-safety: pure functions; InitSodium may be called from any thread, any number of times.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace clearhost::lists::minisign {

// Algorithm tags, the first two bytes of every binary blob.
inline constexpr std::string_view kSignatureAlgorithm = "Ed";  // Ed25519 over the bytes
inline constexpr std::string_view kPrehashedAlgorithm = "ED";  // over BLAKE2b-512(bytes)
inline constexpr std::string_view kScryptAlgorithm = "Sc";     // secret key encrypted
inline constexpr std::string_view kNoKdfAlgorithm{"\0\0", 2};  // secret key in the clear
inline constexpr std::string_view kChecksumAlgorithm = "B2";   // BLAKE2b-256 checksum
inline constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
inline constexpr std::string_view kTrustedPrefix = "trusted comment: ";

inline constexpr size_t kKeyIdBytes = 8;
inline constexpr size_t kPublicKeyBytes = 32;  // crypto_sign_PUBLICKEYBYTES
inline constexpr size_t kSecretKeyBytes = 64;  // crypto_sign_SECRETKEYBYTES: seed + public key
inline constexpr size_t kSignatureBytes = 64;  // crypto_sign_BYTES
inline constexpr size_t kPrehashBytes = 64;    // BLAKE2b-512, crypto_generichash_BYTES_MAX
inline constexpr size_t kChecksumBytes = 32;   // BLAKE2b-256, crypto_generichash_BYTES
// minisign's own line limits: a comment line (prefix included) shorter than 1024 bytes, a trusted
// comment shorter than 8192.
inline constexpr size_t kMaxCommentBytes = 1024 - kUntrustedPrefix.size() - 1;
inline constexpr size_t kMaxTrustedCommentBytes = 8192 - kTrustedPrefix.size() - 1;

using KeyId = std::array<uint8_t, kKeyIdBytes>;

// sodium_init(), once per process; aborts when libsodium cannot start (no entropy source).
void InitSodium();

// Base64, original alphabet with padding, no line breaks.
std::string ToBase64(std::span<const uint8_t> bytes);
// Decodes `text` (surrounding blanks ignored) into exactly `size` bytes; InvalidArgument
// naming `display_name` and `what` otherwise.
Result<std::vector<uint8_t>> FromBase64(std::string_view text, size_t size,
                                        std::string_view display_name, std::string_view what);

uint64_t LoadLittleEndian64(std::span<const uint8_t, 8> bytes);
void StoreLittleEndian64(uint64_t value, std::span<uint8_t, 8> bytes);

// A key id as minisign prints it: 16 uppercase hex digits of the little-endian number.
std::string KeyIdHex(const KeyId& key_id);

// The lines of a key or signature file, without their line feeds and without the carriage
// returns before them (minisign trims them all); a last line without a line feed counts too.
std::vector<std::string_view> SplitFileLines(std::string_view text);

// Reads the key or signature file at `path` whole (ResourceExhausted over `max_bytes`); errors
// start with the path. The caller wipes the bytes of a secret key file.
Result<std::vector<uint8_t>> ReadSmallFile(const std::filesystem::path& path, uint64_t max_bytes);

// Whether `text` holds no line feed or carriage return (a comment must stay one line).
bool IsOneLine(std::string_view text);

}  // namespace clearhost::lists::minisign
