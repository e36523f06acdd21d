#include "server/ui_sessions.h"

#include <gtest/gtest.h>

#include <set>

namespace clearhost::server {
namespace {

constexpr int64_t kHour = cases::kMicrosPerHour;

class UiSessionsTest : public ::testing::Test {
 protected:
  UiSessionStore MakeStore(size_t max_sessions = 100) {
    return UiSessionStore({.idle_timeout_micros = 8 * kHour, .max_sessions = max_sessions},
                          [this] { return now_; });
  }
  Caller operator_desk_{.token_id = 3, .role = Role::kOperator, .principal = "desk"};
  int64_t now_ = 1'700'000'000'000'000;
};

TEST_F(UiSessionsTest, ASessionHasRandomIdAndCsrfToken) {
  UiSessionStore store = MakeStore();
  const UiSession first = store.Create("chk_token", operator_desk_);
  const UiSession second = store.Create("chk_token", operator_desk_);
  for (const UiSession* session : {&first, &second}) {
    EXPECT_EQ(session->id.size(), 64u);  // 256 bits in hex
    EXPECT_EQ(session->csrf_token.size(), 64u);
    EXPECT_NE(session->id, session->csrf_token);
  }
  EXPECT_NE(first.id, second.id);
  EXPECT_NE(first.csrf_token, second.csrf_token);
  const std::optional<UiSession> found = store.Find(first.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->caller.principal, "desk");
  EXPECT_EQ(found->api_token, "chk_token");
  EXPECT_EQ(found->csrf_token, first.csrf_token);
  EXPECT_FALSE(store.Find("0000"));
}

TEST_F(UiSessionsTest, ExpiresAfterIdleTimeButNotWhileUsed) {
  UiSessionStore store = MakeStore();
  const UiSession session = store.Create("t", operator_desk_);
  for (int i = 0; i < 4; ++i) {
    now_ += 7 * kHour;  // 28 hours in all, never 8 idle
    EXPECT_TRUE(store.Find(session.id)) << i;
  }
  now_ += 8 * kHour;
  EXPECT_FALSE(store.Find(session.id));
  EXPECT_EQ(store.size(), 0u);
}

TEST_F(UiSessionsTest, LogoutEndsOnlyThatSession) {
  UiSessionStore store = MakeStore();
  const UiSession first = store.Create("t", operator_desk_);
  const UiSession second = store.Create("t", operator_desk_);
  store.End(first.id);
  store.End("unknown");
  EXPECT_FALSE(store.Find(first.id));
  EXPECT_TRUE(store.Find(second.id));
}

TEST_F(UiSessionsTest, ExpiredSessionsAreSweptAndTheLeastRecentlyUsedMakesRoom) {
  UiSessionStore store = MakeStore(/*max_sessions=*/2);
  const UiSession old_one = store.Create("t", operator_desk_);
  now_ += kHour;
  const UiSession used = store.Create("t", operator_desk_);
  now_ += kHour;
  EXPECT_TRUE(store.Find(old_one.id));  // now the most recently used
  now_ += kHour;
  const UiSession newest = store.Create("t", operator_desk_);
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.Find(old_one.id));
  EXPECT_FALSE(store.Find(used.id));
  EXPECT_TRUE(store.Find(newest.id));
  now_ += 9 * kHour;
  store.Create("t", operator_desk_);
  EXPECT_EQ(store.size(), 1u);
}

TEST(UiCsrfTest, ComparesWholeTokens) {
  const std::string token = RandomToken();
  EXPECT_TRUE(ConstantTimeEquals(token, std::string(token)));
  EXPECT_FALSE(ConstantTimeEquals(token, ""));
  EXPECT_FALSE(ConstantTimeEquals(token, token.substr(0, 63)));
  std::string changed = token;
  changed[63] = changed[63] == '0' ? '1' : '0';
  EXPECT_FALSE(ConstantTimeEquals(token, changed));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(UiCsrfTest, RandomTokensAreHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken();
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace clearhost::server
