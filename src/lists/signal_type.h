// Signal types a hash list can hold (PDQ perceptual hashes and MD5/SHA-1/SHA-256 digests), their
// names and text lengths, and strict parsing of one hash in a known type's text form.
// Thread-safety: pure functions and plain value types.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/hash256.h"
#include "core/status.h"

namespace clearhost::lists {

enum class SignalType : uint8_t { kPdq, kMd5, kSha1, kSha256 };

inline constexpr std::array<SignalType, 4> kAllSignalTypes = {
    SignalType::kPdq, SignalType::kMd5, SignalType::kSha1, SignalType::kSha256};

// "pdq", "md5", "sha1" or "sha256": the names used in list headers and on the command line.
std::string_view SignalTypeName(SignalType type);

// The type named `name`, in any case; nullopt for an unknown name.
std::optional<SignalType> ParseSignalTypeName(std::string_view name);

// Hex digits in a hash of this type: 64, 32, 40, 64.
size_t SignalHexLength(SignalType type);

// Bytes in a hash of this type: 32, 16, 20, 32.
size_t SignalByteLength(SignalType type);

// One parsed hash. A PDQ hash is held as a Hash256 (its bit order, see core/hash256.h); a digest
// as its bytes in the order of its hex digits, in the first SignalByteLength(type) bytes of
// `digest` (the rest stay zero so that equal signals compare equal).
struct Signal {
  SignalType type = SignalType::kPdq;
  Hash256 pdq;                       // kPdq only
  std::array<uint8_t, 32> digest{};  // kMd5, kSha1, kSha256 only

  // The digest's bytes (empty for PDQ).
  std::span<const uint8_t> digest_bytes() const;

  // The canonical text form: lowercase hex, SignalHexLength(type) digits.
  std::string ToHex() const;

  friend bool operator==(const Signal&, const Signal&) = default;
};

// Parses `text`, which must be exactly SignalHexLength(type) hex digits (either case). The
// InvalidArgument error says what is wrong: the first non-hex character and its position
// (1-based), or the length — naming the type whose length it is when it fits another type
// ("32 hex digits: an md5 digest, but this list holds pdq hashes").
Result<Signal> ParseSignal(SignalType type, std::string_view text);

// The signal's bytes in the order of its hex digits (their hex is ToHex()), as the store keeps
// them: the first SignalByteLength(signal.type) bytes of `out`; returns that count.
size_t SignalToBytes(const Signal& signal, std::array<uint8_t, 32>& out);

// The signal of `type` whose SignalToBytes() are `bytes`; InvalidArgument for a wrong length.
Result<Signal> SignalFromBytes(SignalType type, std::span<const uint8_t> bytes);

}  // namespace clearhost::lists
