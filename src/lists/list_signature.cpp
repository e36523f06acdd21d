#include "lists/list_signature.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lists/list_io.h"

namespace clearhost::lists {
namespace {

namespace fs = std::filesystem;
using minisign::kKeyIdBytes;
using minisign::kSignatureBytes;

// A signature blob: algorithm "ED" or "Ed" (2) | key id (8) | Ed25519 signature (64).
constexpr size_t kSignatureBlobBytes = 2 + kKeyIdBytes + kSignatureBytes;

std::string Name(std::string_view display_name) {
  return std::string(display_name);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

Status CheckComments(std::string_view trusted_comment, std::string_view untrusted_comment) {
  if (!minisign::IsOneLine(trusted_comment) || !minisign::IsOneLine(untrusted_comment)) {
    return absl::InvalidArgumentError("a signature comment must be a single line");
  }
  if (trusted_comment.size() > minisign::kMaxTrustedCommentBytes) {
    return absl::InvalidArgumentError(absl::StrCat("the trusted comment is longer than ",
                                                   minisign::kMaxTrustedCommentBytes, " bytes"));
  }
  if (untrusted_comment.size() > minisign::kMaxCommentBytes) {
    return absl::InvalidArgumentError(absl::StrCat("the untrusted comment is longer than ",
                                                   minisign::kMaxCommentBytes, " bytes"));
  }
  return absl::OkStatus();
}

// The bytes the global signature covers: the file signature, then the trusted comment.
std::vector<uint8_t> GlobalMessage(const ListSignature& signature) {
  std::vector<uint8_t> message(signature.signature.begin(), signature.signature.end());
  message.insert(message.end(), signature.trusted_comment.begin(), signature.trusted_comment.end());
  return message;
}

// Completes `signature` (key id, both signatures) for a file whose signed message is `message`
// (its BLAKE2b-512 hash when prehashed, else its bytes), and formats the file.
std::string Sign(const SecretKey& key, std::span<const uint8_t> message, bool prehashed,
                 std::string_view trusted_comment, std::string_view untrusted_comment) {
  ListSignature signature;
  signature.prehashed = prehashed;
  signature.key_id = key.key_id;
  signature.trusted_comment = std::string(trusted_comment);
  signature.untrusted_comment = std::string(untrusted_comment);
  crypto_sign_detached(signature.signature.data(), nullptr, message.data(), message.size(),
                       key.key.data());
  const std::vector<uint8_t> global = GlobalMessage(signature);
  crypto_sign_detached(signature.global_signature.data(), nullptr, global.data(), global.size(),
                       key.key.data());
  return FormatSignatureFile(signature);
}

}  // namespace

Result<ListSignature> ParseSignatureFile(std::string_view text, std::string_view display_name) {
  minisign::InitSodium();
  const std::vector<std::string_view> lines = minisign::SplitFileLines(text);
  if (lines.size() < 4 || !StartsWith(lines[0], minisign::kUntrustedPrefix) ||
      !StartsWith(lines[2], minisign::kTrustedPrefix)) {
    return absl::InvalidArgumentError(absl::StrCat(
        Name(display_name),
        ": not a minisign signature file (expected four lines: \"untrusted comment: ...\", the "
        "signature, \"trusted comment: ...\", the comment's signature)"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(
      const std::vector<uint8_t> blob,
      minisign::FromBase64(lines[1], kSignatureBlobBytes, display_name, "the signature (line 2)"));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<uint8_t> global,
                             minisign::FromBase64(lines[3], kSignatureBytes, display_name,
                                                  "the trusted comment's signature (line 4)"));
  ListSignature signature;
  const std::string_view algorithm(reinterpret_cast<const char*>(blob.data()), 2);
  if (algorithm == minisign::kPrehashedAlgorithm) {
    signature.prehashed = true;
  } else if (algorithm == minisign::kSignatureAlgorithm) {
    signature.prehashed = false;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(Name(display_name),
                     ": unsupported signature algorithm (expected \"ED\" or "
                     "\"Ed\", Ed25519)"));
  }
  std::copy_n(blob.begin() + 2, kKeyIdBytes, signature.key_id.begin());
  std::copy_n(blob.begin() + 2 + kKeyIdBytes, kSignatureBytes, signature.signature.begin());
  std::copy(global.begin(), global.end(), signature.global_signature.begin());
  signature.untrusted_comment = std::string(lines[0].substr(minisign::kUntrustedPrefix.size()));
  signature.trusted_comment = std::string(lines[2].substr(minisign::kTrustedPrefix.size()));
  if (signature.trusted_comment.size() > minisign::kMaxTrustedCommentBytes) {
    return absl::InvalidArgumentError(absl::StrCat(Name(display_name),
                                                   ": the trusted comment is longer than ",
                                                   minisign::kMaxTrustedCommentBytes, " bytes"));
  }
  return signature;
}

std::string FormatSignatureFile(const ListSignature& signature) {
  std::vector<uint8_t> blob(2 + kKeyIdBytes);
  const std::string_view algorithm =
      signature.prehashed ? minisign::kPrehashedAlgorithm : minisign::kSignatureAlgorithm;
  std::copy(algorithm.begin(), algorithm.end(), blob.begin());
  std::copy(signature.key_id.begin(), signature.key_id.end(), blob.begin() + 2);
  blob.insert(blob.end(), signature.signature.begin(), signature.signature.end());
  return absl::StrCat(std::string(minisign::kUntrustedPrefix), signature.untrusted_comment, "\n",
                      minisign::ToBase64(blob), "\n", std::string(minisign::kTrustedPrefix),
                      signature.trusted_comment, "\n",
                      minisign::ToBase64(signature.global_signature), "\n");
}

struct SignatureVerifier::State {
  PublicKey key;
  ListSignature signature;
  std::string display_name;
  crypto_generichash_state hash;
  std::vector<uint8_t> legacy_bytes;  // the whole file, for a legacy signature only
  bool legacy_too_large = false;
  bool finished = false;
};

SignatureVerifier::SignatureVerifier(std::unique_ptr<State> state) : state_(std::move(state)) {}
SignatureVerifier::SignatureVerifier(SignatureVerifier&&) noexcept = default;
SignatureVerifier& SignatureVerifier::operator=(SignatureVerifier&&) noexcept = default;
SignatureVerifier::~SignatureVerifier() = default;

Result<SignatureVerifier> SignatureVerifier::Create(const PublicKey& key,
                                                    std::string_view signature_file_text,
                                                    std::string_view display_name) {
  CLEARHOST_ASSIGN_OR_RETURN(ListSignature signature,
                             ParseSignatureFile(signature_file_text, display_name));
  if (signature.key_id != key.key_id) {
    return absl::InvalidArgumentError(
        absl::StrCat(Name(display_name), ": signed by key ", minisign::KeyIdHex(signature.key_id),
                     ", but the public key given is key ", minisign::KeyIdHex(key.key_id)));
  }
  auto state = std::make_unique<State>();
  state->key = key;
  state->signature = std::move(signature);
  state->display_name = std::string(display_name);
  crypto_generichash_init(&state->hash, nullptr, 0, minisign::kPrehashBytes);
  return SignatureVerifier(std::move(state));
}

const ListSignature& SignatureVerifier::signature() const {
  return state_->signature;
}

void SignatureVerifier::Update(std::span<const uint8_t> bytes) {
  State& state = *state_;
  if (state.signature.prehashed) {
    crypto_generichash_update(&state.hash, bytes.data(), bytes.size());
  } else if (!state.legacy_too_large) {
    if (state.legacy_bytes.size() + bytes.size() > kMaxLegacySignedBytes) {
      state.legacy_too_large = true;
      state.legacy_bytes = {};
    } else {
      state.legacy_bytes.insert(state.legacy_bytes.end(), bytes.begin(), bytes.end());
    }
  }
}

Result<std::string> SignatureVerifier::Finish() {
  State& state = *state_;
  if (state.finished) return absl::FailedPreconditionError("SignatureVerifier finished twice");
  state.finished = true;
  const std::string key_id = minisign::KeyIdHex(state.key.key_id);
  int verified = -1;
  if (state.signature.prehashed) {
    std::array<uint8_t, minisign::kPrehashBytes> digest{};
    crypto_generichash_final(&state.hash, digest.data(), digest.size());
    verified = crypto_sign_verify_detached(state.signature.signature.data(), digest.data(),
                                           digest.size(), state.key.key.data());
  } else if (state.legacy_too_large) {
    return absl::ResourceExhaustedError(absl::StrCat(
        state.display_name, ": a legacy (\"Ed\", not prehashed) signature over more than ",
        kMaxLegacySignedBytes >> 20, " MiB is not checked; sign the file again (prehashed)"));
  } else {
    verified =
        crypto_sign_verify_detached(state.signature.signature.data(), state.legacy_bytes.data(),
                                    state.legacy_bytes.size(), state.key.key.data());
    state.legacy_bytes = {};
  }
  if (verified != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(state.display_name, ": bad signature: the file is not what key ", key_id,
                     " signed (changed after signing, or a damaged signature)"));
  }
  const std::vector<uint8_t> global = GlobalMessage(state.signature);
  if (crypto_sign_verify_detached(state.signature.global_signature.data(), global.data(),
                                  global.size(), state.key.key.data()) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        state.display_name, ": bad trusted comment signature: the trusted comment is not what key ",
        key_id, " signed"));
  }
  return state.signature.trusted_comment;
}

Result<SignatureVerifier> OpenSignatureVerifier(const fs::path& public_key_path,
                                                const fs::path& signature_path) {
  CLEARHOST_ASSIGN_OR_RETURN(const PublicKey key, ReadPublicKeyFile(public_key_path));
  CLEARHOST_ASSIGN_OR_RETURN(const std::vector<uint8_t> text,
                             minisign::ReadSmallFile(signature_path, kMaxSignatureFileBytes));
  return SignatureVerifier::Create(
      key, std::string_view(reinterpret_cast<const char*>(text.data()), text.size()),
      signature_path.string());
}

std::string DefaultTrustedComment(const fs::path& signed_file) {
  return absl::StrCat("timestamp:", static_cast<long long>(std::time(nullptr)),
                      "\tfile:", signed_file.filename().string(), "\thashed");
}

Result<std::string> SignFile(const SecretKey& key, const fs::path& path,
                             std::optional<std::string> trusted_comment,
                             std::string_view untrusted_comment) {
  minisign::InitSodium();
  const std::string comment = trusted_comment ? *trusted_comment : DefaultTrustedComment(path);
  CLEARHOST_RETURN_IF_ERROR(CheckComments(comment, untrusted_comment));
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenListFile(path));
  crypto_generichash_state hash;
  crypto_generichash_init(&hash, nullptr, 0, minisign::kPrehashBytes);
  CLEARHOST_RETURN_IF_ERROR(
      FeedFile(file.get(), path.string(), [&hash](std::span<const uint8_t> chunk) {
        crypto_generichash_update(&hash, chunk.data(), chunk.size());
        return absl::OkStatus();
      }));
  std::array<uint8_t, minisign::kPrehashBytes> digest{};
  crypto_generichash_final(&hash, digest.data(), digest.size());
  return Sign(key, digest, /*prehashed=*/true, comment, untrusted_comment);
}

Result<std::string> SignBytes(const SecretKey& key, std::span<const uint8_t> bytes,
                              std::string_view trusted_comment, std::string_view untrusted_comment,
                              bool prehashed) {
  minisign::InitSodium();
  CLEARHOST_RETURN_IF_ERROR(CheckComments(trusted_comment, untrusted_comment));
  if (!prehashed) return Sign(key, bytes, false, trusted_comment, untrusted_comment);
  std::array<uint8_t, minisign::kPrehashBytes> digest{};
  crypto_generichash(digest.data(), digest.size(), bytes.data(), bytes.size(), nullptr, 0);
  return Sign(key, digest, true, trusted_comment, untrusted_comment);
}

}  // namespace clearhost::lists
