#include "lists/signal_type.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/hex.h"

namespace clearhost::lists {
namespace {

// "a pdq hash", "an md5 digest": one hash of this type.
std::string_view OneHashPhrase(SignalType type) {
  switch (type) {
    case SignalType::kPdq:
      return "a pdq hash";
    case SignalType::kMd5:
      return "an md5 digest";
    case SignalType::kSha1:
      return "a sha1 digest";
    case SignalType::kSha256:
      return "a sha256 digest";
  }
  return "an unknown hash";
}

// "pdq hashes", "md5 digests": what a list of this type holds.
std::string ListHoldsPhrase(SignalType type) {
  return absl::StrCat(std::string(SignalTypeName(type)),
                      type == SignalType::kPdq ? " hashes" : " digests");
}

// "an md5 digest", "a pdq hash or a sha256 digest": what a hash of `hex_length` digits is when
// it is not of type `expected`; empty when no other type has that length.
std::string OtherTypesWithLength(size_t hex_length, SignalType expected) {
  std::string phrase;
  for (const SignalType type : kAllSignalTypes) {
    if (type == expected || SignalHexLength(type) != hex_length) continue;
    absl::StrAppend(&phrase, phrase.empty() ? "" : " or ", std::string(OneHashPhrase(type)));
  }
  return phrase;
}

std::string DescribeCharacter(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte <= 0x7e) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrFormat("byte 0x%02x", byte);
}

}  // namespace

std::string_view SignalTypeName(SignalType type) {
  switch (type) {
    case SignalType::kPdq:
      return "pdq";
    case SignalType::kMd5:
      return "md5";
    case SignalType::kSha1:
      return "sha1";
    case SignalType::kSha256:
      return "sha256";
  }
  return "unknown";
}

std::optional<SignalType> ParseSignalTypeName(std::string_view name) {
  for (const SignalType type : kAllSignalTypes) {
    if (absl::EqualsIgnoreCase(std::string(name), std::string(SignalTypeName(type)))) {
      return type;
    }
  }
  return std::nullopt;
}

size_t SignalHexLength(SignalType type) {
  return 2 * SignalByteLength(type);
}

size_t SignalByteLength(SignalType type) {
  switch (type) {
    case SignalType::kPdq:
      return 32;
    case SignalType::kMd5:
      return 16;
    case SignalType::kSha1:
      return 20;
    case SignalType::kSha256:
      return 32;
  }
  return 0;
}

std::span<const uint8_t> Signal::digest_bytes() const {
  if (type == SignalType::kPdq) return {};
  return std::span<const uint8_t>(digest).first(SignalByteLength(type));
}

std::string Signal::ToHex() const {
  return type == SignalType::kPdq ? pdq.ToHex() : HexEncode(digest_bytes());
}

Result<Signal> ParseSignal(SignalType type, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (HexDigitValue(text[i]) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(DescribeCharacter(text[i]), " at character ",
                                                     i + 1, " of the hash is not a hex digit"));
    }
  }
  const size_t expected_length = SignalHexLength(type);
  if (text.size() != expected_length) {
    const std::string other = OtherTypesWithLength(text.size(), type);
    if (!other.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          text.size(), " hex digits: ", other, ", but this list holds ", ListHoldsPhrase(type)));
    }
    return absl::InvalidArgumentError(absl::StrCat(std::string(OneHashPhrase(type)), " has ",
                                                   expected_length, " hex digits, got ",
                                                   text.size()));
  }
  Signal signal;
  signal.type = type;
  if (type == SignalType::kPdq) {
    CLEARHOST_ASSIGN_OR_RETURN(signal.pdq, Hash256::FromHex(text));
    return signal;
  }
  for (size_t i = 0; i < expected_length; i += 2) {
    signal.digest[i / 2] = uint8_t((HexDigitValue(text[i]) << 4) | HexDigitValue(text[i + 1]));
  }
  return signal;
}

size_t SignalToBytes(const Signal& signal, std::array<uint8_t, 32>& out) {
  if (signal.type != SignalType::kPdq) {
    const std::span<const uint8_t> bytes = signal.digest_bytes();
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return bytes.size();
  }
  // The most significant hex digit is in the last word's top bits.
  for (size_t i = 0; i < 32; ++i) {
    const uint64_t word = signal.pdq.words()[3 - i / 8];
    out[i] = uint8_t(word >> (8 * (7 - i % 8)));
  }
  return 32;
}

Result<Signal> SignalFromBytes(SignalType type, std::span<const uint8_t> bytes) {
  if (bytes.size() != SignalByteLength(type)) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(OneHashPhrase(type)), " has ",
                                                   SignalByteLength(type), " bytes, got ",
                                                   bytes.size()));
  }
  Signal signal;
  signal.type = type;
  if (type != SignalType::kPdq) {
    std::copy(bytes.begin(), bytes.end(), signal.digest.begin());
    return signal;
  }
  for (size_t i = 0; i < 32; ++i) {
    signal.pdq.words()[3 - i / 8] |= uint64_t(bytes[i]) << (8 * (7 - i % 8));
  }
  return signal;
}

}  // namespace clearhost::lists
