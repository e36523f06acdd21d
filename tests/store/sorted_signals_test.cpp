#include "store/sorted_signals.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "store_test_util.h"

namespace clearhost::store {
namespace {

using testing::RandomPdqSignals;

// What ForEach visits, as (type name, hex) pairs.
std::vector<std::pair<std::string, std::string>> Visited(SortedSignals& sorted) {
  std::vector<std::pair<std::string, std::string>> visited;
  const Status status = sorted.ForEach([&](const SignalKey& key) {
    Result<lists::Signal> signal = lists::SignalFromBytes(key.type(), key.key_bytes());
    EXPECT_TRUE(signal.ok()) << signal.status();
    visited.emplace_back(std::string(lists::SignalTypeName(key.type())), signal->ToHex());
    return Status();
  });
  EXPECT_TRUE(status.ok()) << status;
  return visited;
}

lists::Signal Md5(std::string_view hex) {
  return *lists::ParseSignal(lists::SignalType::kMd5, hex);
}

TEST(SortedSignalsTest, SortsByTypeNameThenBytesAndDropsRepeats) {
  for (const size_t run_entries : {size_t{1}, size_t{7}, size_t{1000}, size_t{1} << 20}) {
    SortedSignals sorted(run_entries);
    std::vector<lists::Signal> signals = RandomPdqSignals(500, 11);
    signals.push_back(Md5("ffffffffffffffffffffffffffffffff"));
    signals.push_back(Md5("00000000000000000000000000000001"));
    // Repeats, within a run and across runs.
    for (size_t k = 0; k < 100; ++k) signals.push_back(signals[k * 3]);
    std::set<std::pair<std::string, std::string>> expected;
    for (const lists::Signal& signal : signals) {
      ASSERT_TRUE(sorted.Add(signal).ok());
      expected.emplace(std::string(lists::SignalTypeName(signal.type)), signal.ToHex());
    }
    EXPECT_EQ(sorted.added(), signals.size());
    const auto visited = Visited(sorted);
    // Hex order is byte order, and std::set's order is (type name, hex): the store's order.
    EXPECT_EQ(visited, std::vector(expected.begin(), expected.end())) << run_entries;
    // A second walk sees the same.
    EXPECT_EQ(Visited(sorted), visited) << run_entries;
  }
}

TEST(SortedSignalsTest, EmptyVisitsNothing) {
  SortedSignals sorted(4);
  EXPECT_TRUE(Visited(sorted).empty());
  EXPECT_EQ(sorted.added(), 0u);
}

TEST(SortedSignalsTest, VisitorErrorStopsTheWalk) {
  SortedSignals sorted(3);
  for (const lists::Signal& signal : RandomPdqSignals(10, 12)) ASSERT_TRUE(sorted.Add(signal).ok());
  int calls = 0;
  const Status status = sorted.ForEach(
      [&](const SignalKey&) { return ++calls == 4 ? absl::CancelledError("stop") : Status(); });
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 4);
}

TEST(SortedSignalsTest, KeyOrderMatchesSqlite) {
  // md5 < pdq < sha1 < sha256 by name, whatever the enum's order.
  const lists::Signal md5 = Md5("ffffffffffffffffffffffffffffffff");
  const lists::Signal pdq = RandomPdqSignals(1, 13)[0];
  const lists::Signal sha1 =
      *lists::ParseSignal(lists::SignalType::kSha1, "0000000000000000000000000000000000000000");
  EXPECT_TRUE(KeyLess(KeyOf(md5), KeyOf(pdq)));
  EXPECT_TRUE(KeyLess(KeyOf(pdq), KeyOf(sha1)));
  EXPECT_FALSE(KeyLess(KeyOf(sha1), KeyOf(sha1)));
}

}  // namespace
}  // namespace clearhost::store
