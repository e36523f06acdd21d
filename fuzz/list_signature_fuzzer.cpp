// libFuzzer target: arbitrary bytes as minisign files (lists/signing_keys.h,
// lists/list_signature.h). The first byte picks what the rest is: a public key, a secret key
// (without a password, so an encrypted key stops before its scrypt work), or a signature file
// checked against the fixed key of fuzz/list_signature_fuzz_key.h over a fixed message, fed in
// pieces. Must never crash, hang or exceed memory; whatever parses must format and parse back to
// the same value.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "list_signature_fuzz_key.h"
#include "lists/list_signature.h"
#include "lists/signing_keys.h"

namespace {

using namespace clearhost::lists;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void FuzzPublicKey(std::string_view text) {
  const auto key = ParsePublicKey(text, "fuzz.pub");
  if (!key.ok()) return;
  const auto again = ParsePublicKey(FormatPublicKey(*key), "again");
  Check(again.ok() && again->key == key->key && again->key_id == key->key_id);
}

void FuzzSecretKey(std::string_view text) {
  const auto key = ParseSecretKey(text, std::nullopt, "fuzz.key");
  if (!key.ok()) return;
  const auto formatted = FormatSecretKey(*key, std::nullopt, kInteractiveKdf);
  Check(formatted.ok());
  const auto again = ParseSecretKey(*formatted, std::nullopt, "again");
  Check(again.ok() && again->key == key->key && again->key_id == key->key_id);
}

void FuzzSignature(std::string_view text, uint8_t piece_size) {
  static const PublicKey kKey =
      ParseSecretKey(clearhost::fuzz::kListSignatureFuzzSecretKey, std::nullopt, "fixed")
          .value()
          .public_key();
  const auto parsed = ParseSignatureFile(text, "fuzz.minisig");
  if (parsed.ok()) {
    const auto again = ParseSignatureFile(FormatSignatureFile(*parsed), "again");
    Check(again.ok() && again->signature == parsed->signature &&
          again->global_signature == parsed->global_signature &&
          again->trusted_comment == parsed->trusted_comment &&
          again->prehashed == parsed->prehashed);
  }
  auto verifier = SignatureVerifier::Create(kKey, text, "fuzz.minisig");
  if (!verifier.ok()) return;
  const std::string_view message = clearhost::fuzz::kListSignatureFuzzMessage;
  const size_t piece = size_t(piece_size % 16) + 1;
  for (size_t offset = 0; offset < message.size(); offset += piece) {
    const std::string_view chunk = message.substr(offset, piece);
    verifier->Update({reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()});
  }
  const auto comment = verifier->Finish();
  if (comment.ok()) Check(*comment == verifier->signature().trusted_comment);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      FuzzPublicKey(text);
      break;
    case 1:
      FuzzSecretKey(text);
      break;
    default:
      FuzzSignature(text, data[0]);
      break;
  }
  return 0;
}
