#include "lists/signal_type.h"

#include <gtest/gtest.h>

#include <string>

namespace clearhost::lists {
namespace {

constexpr std::string_view kPdq =
    "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
constexpr std::string_view kMd5 = "d41d8cd98f00b204e9800998ecf8427e";
constexpr std::string_view kSha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
constexpr std::string_view kSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string ErrorOf(SignalType type, std::string_view text) {
  const Result<Signal> signal = ParseSignal(type, text);
  EXPECT_EQ(signal.status().code(), absl::StatusCode::kInvalidArgument) << text;
  return std::string(signal.status().message());
}

TEST(SignalTypeTest, NamesRoundTripInAnyCase) {
  EXPECT_EQ(SignalTypeName(SignalType::kPdq), "pdq");
  EXPECT_EQ(SignalTypeName(SignalType::kMd5), "md5");
  EXPECT_EQ(SignalTypeName(SignalType::kSha1), "sha1");
  EXPECT_EQ(SignalTypeName(SignalType::kSha256), "sha256");
  for (const SignalType type : kAllSignalTypes) {
    EXPECT_EQ(ParseSignalTypeName(SignalTypeName(type)), type);
  }
  EXPECT_EQ(ParseSignalTypeName("PDQ"), SignalType::kPdq);
  EXPECT_EQ(ParseSignalTypeName("Sha256"), SignalType::kSha256);
  EXPECT_EQ(ParseSignalTypeName(""), std::nullopt);
  EXPECT_EQ(ParseSignalTypeName("sha"), std::nullopt);
  EXPECT_EQ(ParseSignalTypeName("md5 "), std::nullopt);
  EXPECT_EQ(ParseSignalTypeName("sha-1"), std::nullopt);
}

TEST(SignalTypeTest, Lengths) {
  EXPECT_EQ(SignalHexLength(SignalType::kPdq), 64u);
  EXPECT_EQ(SignalHexLength(SignalType::kMd5), 32u);
  EXPECT_EQ(SignalHexLength(SignalType::kSha1), 40u);
  EXPECT_EQ(SignalHexLength(SignalType::kSha256), 64u);
  EXPECT_EQ(SignalByteLength(SignalType::kPdq), 32u);
  EXPECT_EQ(SignalByteLength(SignalType::kMd5), 16u);
  EXPECT_EQ(SignalByteLength(SignalType::kSha1), 20u);
  EXPECT_EQ(SignalByteLength(SignalType::kSha256), 32u);
}

TEST(SignalTypeTest, ParsesPdqAsHash256) {
  const Result<Signal> signal = ParseSignal(SignalType::kPdq, kPdq);
  ASSERT_TRUE(signal.ok()) << signal.status();
  EXPECT_EQ(signal->type, SignalType::kPdq);
  EXPECT_EQ(signal->pdq, *Hash256::FromHex(kPdq));
  EXPECT_TRUE(signal->digest_bytes().empty());
  EXPECT_EQ(signal->ToHex(), kPdq);
}

TEST(SignalTypeTest, ParsesDigestsAsBytesInHexOrder) {
  const Result<Signal> md5 = ParseSignal(SignalType::kMd5, kMd5);
  ASSERT_TRUE(md5.ok()) << md5.status();
  ASSERT_EQ(md5->digest_bytes().size(), 16u);
  EXPECT_EQ(md5->digest_bytes()[0], 0xd4);
  EXPECT_EQ(md5->digest_bytes()[15], 0x7e);
  EXPECT_EQ(md5->ToHex(), kMd5);
  for (size_t i = 16; i < md5->digest.size(); ++i) EXPECT_EQ(md5->digest[i], 0) << i;

  const Result<Signal> sha1 = ParseSignal(SignalType::kSha1, kSha1);
  ASSERT_TRUE(sha1.ok());
  EXPECT_EQ(sha1->digest_bytes().size(), 20u);
  EXPECT_EQ(sha1->ToHex(), kSha1);

  const Result<Signal> sha256 = ParseSignal(SignalType::kSha256, kSha256);
  ASSERT_TRUE(sha256.ok());
  EXPECT_EQ(sha256->digest_bytes().size(), 32u);
  EXPECT_EQ(sha256->ToHex(), kSha256);
  EXPECT_TRUE(sha256->pdq.IsZero());
}

TEST(SignalTypeTest, UppercaseIsAcceptedAndStoredCanonically) {
  std::string upper(kSha1);
  for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  const Result<Signal> from_upper = ParseSignal(SignalType::kSha1, upper);
  ASSERT_TRUE(from_upper.ok()) << from_upper.status();
  EXPECT_EQ(*from_upper, *ParseSignal(SignalType::kSha1, kSha1));
  EXPECT_EQ(from_upper->ToHex(), kSha1);

  std::string pdq_upper(kPdq);
  for (char& c : pdq_upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(ParseSignal(SignalType::kPdq, pdq_upper)->ToHex(), kPdq);
}

TEST(SignalTypeTest, SameLengthTypesParseEitherWay) {
  // A sha256 digest and a pdq hash cannot be told apart by their text; the list's type decides.
  EXPECT_TRUE(ParseSignal(SignalType::kPdq, kSha256).ok());
  EXPECT_TRUE(ParseSignal(SignalType::kSha256, kPdq).ok());
  EXPECT_NE(*ParseSignal(SignalType::kPdq, kPdq), *ParseSignal(SignalType::kSha256, kPdq));
}

TEST(SignalTypeTest, WrongLengthSaysTheLength) {
  EXPECT_EQ(ErrorOf(SignalType::kPdq, kPdq.substr(1)), "a pdq hash has 64 hex digits, got 63");
  EXPECT_EQ(ErrorOf(SignalType::kMd5, std::string(kMd5) + "0"),
            "an md5 digest has 32 hex digits, got 33");
  EXPECT_EQ(ErrorOf(SignalType::kSha1, ""), "a sha1 digest has 40 hex digits, got 0");
  EXPECT_EQ(ErrorOf(SignalType::kSha256, "abc"), "a sha256 digest has 64 hex digits, got 3");
}

TEST(SignalTypeTest, AnotherTypesLengthIsNamed) {
  EXPECT_EQ(ErrorOf(SignalType::kPdq, kMd5),
            "32 hex digits: an md5 digest, but this list holds pdq hashes");
  EXPECT_EQ(ErrorOf(SignalType::kPdq, kSha1),
            "40 hex digits: a sha1 digest, but this list holds pdq hashes");
  EXPECT_EQ(ErrorOf(SignalType::kMd5, kSha256),
            "64 hex digits: a pdq hash or a sha256 digest, but this list holds md5 digests");
  EXPECT_EQ(ErrorOf(SignalType::kSha256, kSha1),
            "40 hex digits: a sha1 digest, but this list holds sha256 digests");
  EXPECT_EQ(ErrorOf(SignalType::kSha1, kMd5),
            "32 hex digits: an md5 digest, but this list holds sha1 digests");
}

TEST(SignalTypeTest, BadCharacterIsNamedWithItsPosition) {
  std::string text(kMd5);
  text[4] = 'g';
  EXPECT_EQ(ErrorOf(SignalType::kMd5, text), "'g' at character 5 of the hash is not a hex digit");
  text[4] = '\0';
  EXPECT_EQ(ErrorOf(SignalType::kMd5, text),
            "byte 0x00 at character 5 of the hash is not a hex digit");
  EXPECT_EQ(ErrorOf(SignalType::kPdq, "\xc3\xa9"),
            "byte 0xc3 at character 1 of the hash is not a hex digit");
  EXPECT_EQ(ErrorOf(SignalType::kPdq, " " + std::string(kPdq)),
            "byte 0x20 at character 1 of the hash is not a hex digit");
  // The character is reported even when the length is also wrong: it is the likelier mistake.
  EXPECT_EQ(ErrorOf(SignalType::kSha1, "0x1234"),
            "'x' at character 2 of the hash is not a hex digit");
}

}  // namespace
}  // namespace clearhost::lists
