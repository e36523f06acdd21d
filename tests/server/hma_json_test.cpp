// The HMA shapes and request values (server/hma_json.h) and the URL allowlist
// (server/hma_fetch.h): names, bank JSON, compare, metadata, and what is refused.
#include "server/hma_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/hma_fetch.h"

namespace clearhost::server::hma {
namespace {

using nlohmann::json;

constexpr char kPdqA[] = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
// kPdqA with its last hex digit 2 -> d (4 bits differ).
constexpr char kPdqB[] = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b2d";

TEST(HmaSignalTypes, MapsHmaNamesOntoClearhostTypes) {
  EXPECT_EQ(*ParseSignalType("pdq"), lists::SignalType::kPdq);
  EXPECT_EQ(*ParseSignalType("video_md5"), lists::SignalType::kMd5);
  EXPECT_EQ(*ParseSignalType("md5"), lists::SignalType::kMd5);
  const Result<lists::SignalType> unknown = ParseSignalType("vpdq");
  EXPECT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_EQ(unknown.status().message(), "No such SignalType 'vpdq'");
}

TEST(HmaSignalTypes, ParsesValuesLikeHmaValidators) {
  const Result<lists::Signal> padded = ParseSignalValue("pdq", absl::StrCat(" ", kPdqA, "\n"));
  ASSERT_TRUE(padded.ok()) << padded.status();
  EXPECT_EQ(padded->ToHex(), kPdqA);
  const Result<lists::Signal> upper =
      ParseSignalValue("video_md5", "D41D8CD98F00B204E9800998ECF8427E");
  ASSERT_TRUE(upper.ok()) << upper.status();
  EXPECT_EQ(upper->ToHex(), "d41d8cd98f00b204e9800998ecf8427e");
  const Result<lists::Signal> short_pdq = ParseSignalValue("pdq", "abc");
  EXPECT_TRUE(absl::IsInvalidArgument(short_pdq.status()));
  EXPECT_TRUE(absl::StartsWith(short_pdq.status().message(), "invalid signal: "));
  EXPECT_TRUE(absl::IsInvalidArgument(ParseSignalValue("pdq", std::string(64, 'g')).status()));
}

TEST(HmaContentTypes, PhotoAndVideoAndTheirSignalTypes) {
  EXPECT_EQ(*ParseContentType("photo"), ContentType::kPhoto);
  EXPECT_EQ(*ParseContentType("video"), ContentType::kVideo);
  EXPECT_EQ(ParseContentType("audio").status().message(), "no such content_type: 'audio'");
  EXPECT_EQ(*ContentTypeOf("image/png", ""), ContentType::kPhoto);
  EXPECT_EQ(*ContentTypeOf("Video/MP4", ""), ContentType::kVideo);
  EXPECT_EQ(*ContentTypeOf("application/octet-stream", "video"), ContentType::kVideo);
  EXPECT_TRUE(absl::IsInvalidArgument(ContentTypeOf("text/html", "").status()));

  EXPECT_EQ(*SignalTypesFor(ContentType::kPhoto, std::nullopt), std::vector<std::string>{"pdq"});
  EXPECT_EQ(*SignalTypesFor(ContentType::kVideo, std::nullopt),
            std::vector<std::string>{"video_md5"});
  EXPECT_EQ(*SignalTypesFor(ContentType::kPhoto, " pdq ,"), std::vector<std::string>{"pdq"});
  EXPECT_EQ(SignalTypesFor(ContentType::kPhoto, "video_md5").status().message(),
            "signal type 'video_md5' doesn't exist or is disabled");
  EXPECT_EQ(SignalTypesFor(ContentType::kPhoto, ",").status().message(),
            "empty signal type selection");
}

TEST(HmaBanks, NamesFollowHmaRule) {
  EXPECT_TRUE(CheckBankName("MY_TEST_BANK_01").ok());
  EXPECT_TRUE(CheckBankName("_PRIVATE").ok());
  for (const char* bad : {"01_TEST_BANK", "my_test_bank", "", "A-B", "A.B", "A B"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(CheckBankName(bad))) << bad;
  }
  EXPECT_FALSE(CheckBankName(std::string(129, 'A')).ok());
}

TEST(HmaBanks, BankJsonIsNameAndRatio) {
  store::Bank bank;
  bank.settings.name = "TEST_BANK";
  EXPECT_EQ(BankJson(bank).dump(), R"({"name":"TEST_BANK","matching_enabled_ratio":1.0})");
  bank.settings.enabled = false;
  EXPECT_EQ(BankJson(bank)["matching_enabled_ratio"], 0.0);
}

TEST(HmaBanks, EnabledFromRatioOrFlag) {
  EXPECT_EQ(*EnabledFromBody(json{{"name", "A"}}), std::nullopt);
  EXPECT_EQ(*EnabledFromBody(json{{"enabled_ratio", 1.0}}), true);
  EXPECT_EQ(*EnabledFromBody(json{{"enabled_ratio", 0}}), false);
  EXPECT_EQ(*EnabledFromBody(json{{"enabled", false}}), false);
  // The ratio wins over the flag, as in HMA's create.
  EXPECT_EQ(*EnabledFromBody(json{{"enabled_ratio", 1}, {"enabled", false}}), true);
  EXPECT_TRUE(absl::IsInvalidArgument(EnabledFromBody(json{{"enabled_ratio", 0.5}}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(EnabledFromBody(json{{"enabled_ratio", "1"}}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(EnabledFromBody(json{{"enabled", "yes"}}).status()));
}

TEST(HmaParameters, BooleansAndBankLists) {
  EXPECT_TRUE(*ParseBool("True"));
  EXPECT_TRUE(*ParseBool("1"));
  EXPECT_FALSE(*ParseBool("false"));
  EXPECT_FALSE(*ParseBool("0"));
  EXPECT_EQ(ParseBool("yes").status().message(), "invalid boolean parameter - prefer true/false");
  EXPECT_EQ(ParseBankList(std::nullopt), std::nullopt);
  EXPECT_EQ(ParseBankList(""), std::nullopt);
  EXPECT_EQ(*ParseBankList("BANK_A,BANK_B"), (std::set<std::string>{"BANK_A", "BANK_B"}));
}

TEST(HmaMatches, DistanceIsAString) {
  scan::BankMatch match;
  match.entry_id = 16;
  match.distance = 4;
  EXPECT_EQ(MatchJson(match).dump(), R"({"bank_content_id":16,"distance":"4"})");
}

TEST(HmaMetadata, OnlyHmaKeys) {
  EXPECT_TRUE(CheckContentMetadata(json::object()).ok());
  EXPECT_TRUE(
      CheckContentMetadata(json{{"content_id", "1197433091"}, {"json", {{"asdf", json::object()}}}})
          .ok());
  EXPECT_TRUE(CheckContentMetadata(json{{"content_uri", nullptr}}).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(CheckContentMetadata(json{{"invalid_metadata", 5}})));
  EXPECT_TRUE(absl::IsInvalidArgument(CheckContentMetadata(json{{"content_id", 5}})));
  EXPECT_TRUE(absl::IsInvalidArgument(CheckContentMetadata(json::array())));
}

TEST(HmaCompare, PdqDistanceAndDigestEquality) {
  const Result<nlohmann::ordered_json> compared = CompareSignals(json{
      {"pdq", {kPdqA, kPdqB}},
      {"video_md5", {"d41d8cd98f00b204e9800998ecf8427e", "D41D8CD98F00B204E9800998ECF8427E"}}});
  ASSERT_TRUE(compared.ok()) << compared.status();
  EXPECT_EQ(compared->dump(), R"({"pdq":[true,{"distance":4}],"video_md5":[true,{}]})");

  const std::string far(64, '0');
  const std::string opposite(64, 'f');
  EXPECT_EQ(CompareSignals(json{{"pdq", {far, opposite}}})->dump(),
            R"({"pdq":[false,{"distance":256}]})");
}

TEST(HmaCompare, RefusesWhatHmaRefuses) {
  EXPECT_EQ(CompareSignals(json::array()).status().message(), "Request input was not a dict");
  EXPECT_EQ(CompareSignals(json{{"pdq", kPdqA}}).status().message(),
            "Comparison hashes for pdq was not a list");
  EXPECT_EQ(CompareSignals(json{{"pdq", {kPdqA}}}).status().message(),
            "Comparison hash list length must be exactly 2");
  EXPECT_EQ(CompareSignals(json{{"tmk", {kPdqA, kPdqA}}}).status().message(),
            "No such SignalType 'tmk'");
  const Result<nlohmann::ordered_json> malformed = CompareSignals(json{{"pdq", {kPdqA, "zz"}}});
  EXPECT_TRUE(absl::IsInvalidArgument(malformed.status()));
  EXPECT_TRUE(absl::StartsWith(malformed.status().message(), "Invalid pdq hash: "));
}

TEST(HmaUrlAllowlist, OnlyHttpToAllowedHostsAndSubdomains) {
  const std::vector<std::string> allowed = {"example.com", "127.0.0.1"};
  EXPECT_EQ(*CheckUrlAllowed("https://example.com/a.jpg", allowed), "example.com");
  EXPECT_EQ(*CheckUrlAllowed("http://CDN.Example.com:8080/a.jpg?x=1#f", allowed),
            "cdn.example.com");
  EXPECT_EQ(*CheckUrlAllowed("http://127.0.0.1:9000/p.png", allowed), "127.0.0.1");
  for (const char* refused :
       {"https://evil.com", "https://example.com.evil.com/", "https://evil.com/example.com",
        "https://notexample.com/", "ftp://example.com/a", "file:///etc/passwd",
        "gopher://example.com/", "example.com", "http://", "not a url", "http://example.com:abc/",
        "http://10.0.0.1/", "http://[::1]/"}) {
    const Result<std::string> host = CheckUrlAllowed(refused, allowed);
    EXPECT_TRUE(absl::IsInvalidArgument(host.status())) << refused;
  }
  EXPECT_TRUE(absl::IsInvalidArgument(CheckUrlAllowed("https://example.com/", {}).status()));
}

TEST(HmaUrlAllowlist, FetchingIsOffWithoutAnAllowlist) {
  const Result<FetchedMedia> fetched = FetchMedia("http://127.0.0.1:1/", {}, FetchLimits{});
  EXPECT_TRUE(absl::IsPermissionDenied(fetched.status()));
}

}  // namespace
}  // namespace clearhost::server::hma
