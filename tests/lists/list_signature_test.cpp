// Keys and signatures in minisign's formats (lists/signing_keys.h, lists/list_signature.h,
// lists/signed_list.h): round trips, every way a signature can fail, malformed files, encrypted
// keys, and that a signed read checks the very bytes it parses.
#include "lists/list_signature.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "lists/collect_records.h"
#include "lists/signed_list.h"
#include "lists/signing_keys.h"
#include "support/test_support.h"

namespace clearhost::lists {
namespace {

namespace fs = std::filesystem;
using clearhost::testing::ScratchDir;

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

void WriteText(const fs::path& path, std::string_view text) {
  clearhost::testing::WriteFile(path, std::vector<uint8_t>(text.begin(), text.end()));
}

KeyPair NewKeys() {
  auto pair = GenerateKeyPair();
  EXPECT_TRUE(pair.ok()) << pair.status();
  return *pair;
}

// Verifies `content` against `signature_text` with `key`, fed in pieces of `piece` bytes.
Result<std::string> Verify(const PublicKey& key, std::string_view signature_text,
                           std::string_view content, size_t piece = 7) {
  CLEARHOST_ASSIGN_OR_RETURN(SignatureVerifier verifier,
                             SignatureVerifier::Create(key, signature_text, "list.minisig"));
  for (size_t offset = 0; offset < content.size(); offset += piece) {
    verifier.Update(Bytes(content.substr(offset, piece)));
  }
  return verifier.Finish();
}

constexpr char kList[] = "# signal_type: md5\nd41d8cd98f00b204e9800998ecf8427e\n";

TEST(ListSignatureTest, SignedBytesVerifyWithTheTrustedComment) {
  const KeyPair keys = NewKeys();
  for (const bool prehashed : {true, false}) {
    const auto signature = SignBytes(keys.secret_key, Bytes(kList), "release 7", "any", prehashed);
    ASSERT_TRUE(signature.ok()) << signature.status();
    EXPECT_EQ(ParseSignatureFile(*signature, "s")->prehashed, prehashed);
    const auto comment = Verify(keys.public_key, *signature, kList);
    ASSERT_TRUE(comment.ok()) << comment.status();
    EXPECT_EQ(*comment, "release 7");
    EXPECT_TRUE(Verify(keys.public_key, *signature, kList, 1).ok());
  }
}

TEST(ListSignatureTest, FlippedByteIsABadSignature) {
  const KeyPair keys = NewKeys();
  for (const bool prehashed : {true, false}) {
    const std::string signature = *SignBytes(keys.secret_key, Bytes(kList), "c", "u", prehashed);
    std::string changed = kList;
    changed[25] ^= 1;
    const auto result = Verify(keys.public_key, signature, changed);
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(absl::IsInvalidArgument(result.status()));
    EXPECT_NE(result.status().message().find("list.minisig: bad signature"), std::string::npos)
        << result.status();
    EXPECT_FALSE(Verify(keys.public_key, signature, std::string(kList) + "\n").ok());
  }
}

TEST(ListSignatureTest, WrongKeyNamesBothKeyIds) {
  const KeyPair signer = NewKeys();
  const KeyPair other = NewKeys();
  const std::string signature = *SignBytes(signer.secret_key, Bytes(kList), "c", "u");
  const auto result = SignatureVerifier::Create(other.public_key, signature, "list.minisig");
  ASSERT_FALSE(result.ok());
  const std::string message(result.status().message());
  EXPECT_NE(message.find(minisign::KeyIdHex(signer.public_key.key_id)), std::string::npos);
  EXPECT_NE(message.find(minisign::KeyIdHex(other.public_key.key_id)), std::string::npos);
  // The same id with another key (a forged id) fails on the signature itself.
  PublicKey impostor = other.public_key;
  impostor.key_id = signer.public_key.key_id;
  EXPECT_NE(Verify(impostor, signature, kList).status().message().find("bad signature"),
            std::string::npos);
}

TEST(ListSignatureTest, TamperedTrustedCommentIsRefused) {
  const KeyPair keys = NewKeys();
  const std::string signature = *SignBytes(keys.secret_key, Bytes(kList), "version 1", "u");
  const std::string tampered = absl::StrReplaceAll(
      signature, {{"trusted comment: version 1", "trusted comment: version 2"}});
  ASSERT_NE(tampered, signature);
  const auto result = Verify(keys.public_key, tampered, kList);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("bad trusted comment signature"), std::string::npos)
      << result.status();
  // The untrusted comment is not signed: changing it changes nothing.
  const std::string relabelled = absl::StrReplaceAll(
      signature, {{"untrusted comment: u", "untrusted comment: something else"}});
  EXPECT_TRUE(Verify(keys.public_key, relabelled, kList).ok());
}

TEST(ListSignatureTest, MalformedSignatureFilesAreClearErrors) {
  const KeyPair keys = NewKeys();
  const std::string good = *SignBytes(keys.secret_key, Bytes(kList), "c", "u");
  const std::vector<std::string> bad = {
      "",
      "hello\n",
      "untrusted comment: x\n",
      absl::StrReplaceAll(good, {{"untrusted comment:", "comment:"}}),
      absl::StrReplaceAll(good, {{"trusted comment: c", "comment: c"}}),
      absl::StrCat("untrusted comment: x\nnot base64!\ntrusted comment: c\nAAAA\n"),
      absl::StrCat("untrusted comment: x\nRUQ=\ntrusted comment: c\nAAAA\n"),
      std::string(300, '\n'),
      std::string("\0\0\0\0", 4),
  };
  for (const std::string& text : bad) {
    const auto result = SignatureVerifier::Create(keys.public_key, text, "list.minisig");
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_TRUE(absl::IsInvalidArgument(result.status())) << result.status();
    EXPECT_EQ(result.status().message().substr(0, 13), "list.minisig:") << result.status();
  }
  // An unknown algorithm tag ("XY" in place of "ED").
  std::vector<uint8_t> blob(74, 0);
  blob[0] = 'X';
  blob[1] = 'Y';
  const std::string unknown =
      absl::StrCat("untrusted comment: x\n", minisign::ToBase64(blob), "\ntrusted comment: c\n",
                   minisign::ToBase64(std::vector<uint8_t>(64, 0)), "\n");
  EXPECT_NE(SignatureVerifier::Create(keys.public_key, unknown, "s")
                .status()
                .message()
                .find("unsupported signature algorithm"),
            std::string::npos);
}

TEST(ListSignatureTest, CarriageReturnsAreToleratedLikeMinisign) {
  const KeyPair keys = NewKeys();
  const std::string good = *SignBytes(keys.secret_key, Bytes(kList), "c", "u");
  const std::string crlf = absl::StrReplaceAll(good, {{"\n", "\r\n"}});
  EXPECT_TRUE(Verify(keys.public_key, crlf, kList).ok());
  // Every carriage return before a line feed goes, as minisign trims them (found by fuzzing: a
  // comment that kept all but one of them changed when formatted and parsed again).
  const std::string many = absl::StrReplaceAll(good, {{"\n", "\r\r\r\n"}});
  EXPECT_TRUE(Verify(keys.public_key, many, kList).ok());
  const auto parsed = ParseSignatureFile(many, "many.minisig");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->trusted_comment, "c");
  EXPECT_EQ(ParseSignatureFile(FormatSignatureFile(*parsed), "again")->trusted_comment, "c");
}

TEST(ListSignatureTest, CommentsMustBeOneLine) {
  const KeyPair keys = NewKeys();
  EXPECT_FALSE(SignBytes(keys.secret_key, Bytes(kList), "two\nlines", "u").ok());
  EXPECT_FALSE(SignBytes(keys.secret_key, Bytes(kList), "c", "u\r").ok());
  EXPECT_FALSE(SignBytes(keys.secret_key, Bytes(kList), std::string(9000, 'c'), "u").ok());
}

TEST(SigningKeysTest, PublicKeyRoundTripsAsFileAndBareLine) {
  const KeyPair keys = NewKeys();
  const std::string file = FormatPublicKey(keys.public_key);
  EXPECT_EQ(file.rfind("untrusted comment: minisign public key ", 0), 0u) << file;
  const auto parsed = ParsePublicKey(file, "k.pub");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->key, keys.public_key.key);
  EXPECT_EQ(parsed->key_id, keys.public_key.key_id);
  const std::string bare = file.substr(file.find('\n') + 1);
  EXPECT_EQ(ParsePublicKey(bare, "-P")->key, keys.public_key.key);
  EXPECT_EQ(keys.secret_key.public_key().key, keys.public_key.key);
}

TEST(SigningKeysTest, MalformedKeysAreClearErrors) {
  for (const std::string text :
       {"", "untrusted comment: x\n", "untrusted comment: x\nAAAA\n", "a\nb\nc\n",
        "untrusted comment: x\nRVdBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n"}) {
    const auto result = ParsePublicKey(text, "k.pub");
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.status().message().substr(0, 6), "k.pub:") << result.status();
    EXPECT_FALSE(ParseSecretKey(text, std::nullopt, "k.key").ok());
  }
}

TEST(SigningKeysTest, UnencryptedSecretKeyRoundTrips) {
  const KeyPair keys = NewKeys();
  const auto text = FormatSecretKey(keys.secret_key, std::nullopt, kInteractiveKdf);
  ASSERT_TRUE(text.ok()) << text.status();
  const auto parsed = ParseSecretKey(*text, std::nullopt, "k.key");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->key, keys.secret_key.key);
  EXPECT_EQ(parsed->key_id, keys.secret_key.key_id);
  // A damaged key byte is noticed (checksum).
  std::vector<uint8_t> blob =
      *minisign::FromBase64(minisign::SplitFileLines(*text)[1], 158, "k.key", "the secret key");
  blob[70] ^= 1;
  const std::string damaged = absl::StrCat("untrusted comment: x\n", minisign::ToBase64(blob));
  EXPECT_NE(ParseSecretKey(damaged, std::nullopt, "k.key").status().message().find("damaged"),
            std::string::npos);
}

TEST(SigningKeysTest, EncryptedSecretKeyNeedsTheRightPassword) {
  const KeyPair keys = NewKeys();
  const auto text = FormatSecretKey(keys.secret_key, "correct horse", kInteractiveKdf);
  ASSERT_TRUE(text.ok()) << text.status();
  const auto parsed = ParseSecretKey(*text, "correct horse", "k.key");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->key, keys.secret_key.key);
  const auto wrong = ParseSecretKey(*text, "battery staple", "k.key");
  EXPECT_TRUE(absl::IsInvalidArgument(wrong.status()));
  EXPECT_NE(wrong.status().message().find("wrong password"), std::string::npos) << wrong.status();
  const auto none = ParseSecretKey(*text, std::nullopt, "k.key");
  EXPECT_TRUE(absl::IsFailedPrecondition(none.status())) << none.status();
}

TEST(SigningKeysTest, AbsurdKdfLimitsAreRefusedWithoutWork) {
  const KeyPair keys = NewKeys();
  const auto text = FormatSecretKey(keys.secret_key, "pw", kInteractiveKdf);
  ASSERT_TRUE(text.ok());
  std::vector<uint8_t> blob =
      *minisign::FromBase64(minisign::SplitFileLines(*text)[1], 158, "k.key", "the secret key");
  // memlimit (offset 46) = 2^62 bytes.
  minisign::StoreLittleEndian64(uint64_t{1} << 62, std::span<uint8_t, 8>(blob.data() + 46, 8));
  const std::string absurd = absl::StrCat("untrusted comment: x\n", minisign::ToBase64(blob));
  const auto result = ParseSecretKey(absurd, "pw", "k.key");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("implausible key derivation limits"), std::string::npos)
      << result.status();
}

TEST(SigningKeysTest, KeyFilesAreWrittenPrivatelyAndNotOverwritten) {
  ScratchDir dir;
  const KeyPair keys = NewKeys();
  const fs::path secret = dir.path() / "k.key";
  const fs::path pub = dir.path() / "k.pub";
  ASSERT_TRUE(WriteKeyPairFiles(keys, secret, pub, std::nullopt, kInteractiveKdf, false).ok());
  struct stat info {};
  ASSERT_EQ(stat(secret.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(pub.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  EXPECT_EQ(ReadSecretKeyFile(secret, std::nullopt)->key, keys.secret_key.key);
  EXPECT_EQ(ReadPublicKeyFile(pub)->key, keys.public_key.key);

  const KeyPair other = NewKeys();
  const Status again = WriteKeyPairFiles(other, secret, pub, std::nullopt, kInteractiveKdf, false);
  EXPECT_TRUE(absl::IsAlreadyExists(again)) << again;
  EXPECT_EQ(ReadSecretKeyFile(secret, std::nullopt)->key, keys.secret_key.key);
  ASSERT_TRUE(WriteKeyPairFiles(other, secret, pub, std::nullopt, kInteractiveKdf, true).ok());
  EXPECT_EQ(ReadSecretKeyFile(secret, std::nullopt)->key, other.secret_key.key);
}

TEST(SigningKeysTest, PasswordFileGivesItsFirstLine) {
  ScratchDir dir;
  WriteText(dir.path() / "pw", "s3cret\r\nsecond line\n");
  EXPECT_EQ(*ReadPasswordFile(dir.path() / "pw"), "s3cret");
  EXPECT_FALSE(ReadPasswordFile(dir.path() / "absent").ok());
}

TEST(SignedListTest, SignFileAndReadSignedListCheckTheParsedBytes) {
  ScratchDir dir;
  const KeyPair keys = NewKeys();
  const fs::path list = dir.path() / "list.txt";
  WriteText(list, kList);
  const auto signature = SignFile(keys.secret_key, list, std::nullopt, kDefaultUntrustedComment);
  ASSERT_TRUE(signature.ok()) << signature.status();
  const std::string comment = ParseSignatureFile(*signature, "s")->trusted_comment;
  EXPECT_EQ(comment.rfind("timestamp:", 0), 0u) << comment;
  EXPECT_NE(comment.find("\tfile:list.txt\thashed"), std::string::npos) << comment;

  auto verifier = SignatureVerifier::Create(keys.public_key, *signature, "list.txt.minisig");
  ASSERT_TRUE(verifier.ok());
  testing::Collected collected;
  const auto summary =
      ReadSignedListFile(ListFormat::kPlain, list, *verifier, {}, testing::CollectInto(collected));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(collected.records.size(), 1u);

  WriteText(list, absl::StrCat(kList, "00000000000000000000000000000000\n"));
  auto again = SignatureVerifier::Create(keys.public_key, *signature, "list.txt.minisig");
  ASSERT_TRUE(again.ok());
  testing::Collected ignored;
  const auto refused =
      ReadSignedListFile(ListFormat::kPlain, list, *again, {}, testing::CollectInto(ignored));
  ASSERT_FALSE(refused.ok());
  const std::string message(refused.status().message());
  EXPECT_EQ(message.rfind(list.string(), 0), 0u) << message;
  EXPECT_NE(message.find("bad signature"), std::string::npos) << message;
}

}  // namespace
}  // namespace clearhost::lists
