#include "core/ordered_parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

namespace clearhost {
namespace {

TEST(OrderedParallelTest, ResultsComeBackInInputOrder) {
  for (int threads : {1, 2, 4}) {
    OrderedParallel<int, int, int> pool(threads, 8);
    int next = 0;
    std::vector<int> seen;
    pool.Run(
        [&]() -> std::optional<int> { return next < 200 ? std::optional(next++) : std::nullopt; },
        [] { return 0; },
        [](int&, const int& item) {
          // Uneven work so completion order differs from input order.
          std::this_thread::sleep_for(std::chrono::microseconds((item * 37) % 200));
          return item * item;
        },
        [&](const int& item, int&& output) {
          EXPECT_EQ(output, item * item);
          seen.push_back(item);
        });
    ASSERT_EQ(seen.size(), 200u);
    for (int i = 0; i < 200; ++i) EXPECT_EQ(seen[i], i);
  }
}

TEST(OrderedParallelTest, WindowBoundsItemsInFlight) {
  OrderedParallel<int, int, int> pool(4, 3);
  std::atomic<int> in_flight{0}, most{0};
  int next = 0, consumed = 0;
  pool.Run(
      [&]() -> std::optional<int> {
        if (next >= 50) return std::nullopt;
        const int now = ++in_flight;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        return next++;
      },
      [] { return 0; }, [](int&, const int& item) { return item; },
      [&](const int&, int&&) {
        --in_flight;
        ++consumed;
      });
  EXPECT_EQ(consumed, 50);
  EXPECT_LE(most.load(), 3);
}

TEST(OrderedParallelTest, EmptyInput) {
  OrderedParallel<int, int, int> pool(2, 4);
  int consumed = 0;
  pool.Run([]() -> std::optional<int> { return std::nullopt; }, [] { return 0; },
           [](int&, const int& item) { return item; }, [&](const int&, int&&) { ++consumed; });
  EXPECT_EQ(consumed, 0);
}

}  // namespace
}  // namespace clearhost
