// The /v1/match request parser: single and batch forms, limits, and errors that name the
// offending signal.
#include "server/match_json.h"

#include <gtest/gtest.h>

namespace clearhost::server {
namespace {

const std::string kPdq = std::string(62, '0') + "ff";

TEST(MatchJsonTest, ParsesOneSignalOrABatchWithOptions) {
  Result<MatchRequest> single =
      ParseMatchRequest({{"type", "pdq"}, {"value", kPdq}, {"quality", 80}});
  ASSERT_TRUE(single.ok()) << single.status();
  ASSERT_EQ(single->queries.size(), 1u);
  EXPECT_EQ(single->queries[0].signal.ToHex(), kPdq);
  EXPECT_EQ(single->queries[0].quality, 80);
  EXPECT_FALSE(single->options.radius.has_value());

  Result<MatchRequest> batch = ParseMatchRequest(
      {{"signals",
        {{{"type", "MD5"}, {"value", std::string(32, 'A')}}, {{"type", "pdq"}, {"value", kPdq}}}},
       {"radius", 12},
       {"banks", {"a", "b"}}});
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->queries.size(), 2u);
  EXPECT_EQ(batch->queries[0].signal.type, lists::SignalType::kMd5);
  EXPECT_EQ(batch->queries[0].signal.ToHex(), std::string(32, 'a'));
  EXPECT_EQ(batch->options.radius, 12);
  EXPECT_EQ(batch->options.banks, (std::vector<std::string>{"a", "b"}));
}

TEST(MatchJsonTest, ErrorsNameTheSignalAndTheProblem) {
  const auto error = [](const nlohmann::json& body) {
    Result<MatchRequest> parsed = ParseMatchRequest(body);
    EXPECT_FALSE(parsed.ok());
    return parsed.ok() ? std::string() : std::string(parsed.status().message());
  };
  EXPECT_NE(error({{"signals",
                    {{{"type", "pdq"}, {"value", kPdq}}, {{"type", "pdq"}, {"value", "xyz"}}}}})
                .find("signals[1]"),
            std::string::npos);
  EXPECT_NE(error({{"type", "crc"}, {"value", "00"}}).find("unknown signal type 'crc'"),
            std::string::npos);
  EXPECT_NE(error({{"type", "pdq"}}).find("\"value\" must be a string"), std::string::npos);
  EXPECT_NE(error({{"type", "pdq"}, {"value", kPdq}, {"quality", 101}}).find("quality"),
            std::string::npos);
  EXPECT_NE(error({{"signals", nlohmann::json::array()}}).find("non-empty"), std::string::npos);
  EXPECT_NE(error({{"type", "pdq"}, {"value", kPdq}, {"radius", -1}}).find("radius"),
            std::string::npos);
  EXPECT_NE(error(nlohmann::json::array()).find("object"), std::string::npos);
  // The md5 value given as a pdq: the message says what it looks like.
  EXPECT_NE(error({{"type", "pdq"}, {"value", std::string(32, 'a')}}).find("md5"),
            std::string::npos);
}

TEST(MatchJsonTest, ABatchOverTheLimitIsResourceExhausted) {
  nlohmann::json signals = nlohmann::json::array();
  for (size_t i = 0; i <= kMaxMatchBatch; ++i) {
    signals.push_back({{"type", "md5"}, {"value", std::string(32, '1')}});
  }
  Result<MatchRequest> parsed = ParseMatchRequest({{"signals", signals}});
  EXPECT_TRUE(absl::IsResourceExhausted(parsed.status())) << parsed.status();
}

}  // namespace
}  // namespace clearhost::server
