// Helpers for the store suites: generated signals, an entry source over a vector, and a bank's
// live entries as a set of hex strings.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lists/signal_type.h"
#include "store/bank_store.h"

namespace clearhost::store::testing {

// `count` random PDQ signals, the same for the same seed.
inline std::vector<lists::Signal> RandomPdqSignals(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<lists::Signal> signals(count);
  for (lists::Signal& signal : signals) {
    for (uint64_t& word : signal.pdq.words()) word = rng();
  }
  return signals;
}

// An EntrySource that sends `signals` in order.
inline EntrySource SourceOf(const std::vector<lists::Signal>& signals) {
  return [&signals](const EntrySink& sink) -> Status {
    for (const lists::Signal& signal : signals) CLEARHOST_RETURN_IF_ERROR(sink(signal));
    return Status();
  };
}

inline std::set<std::string> HexSet(const std::vector<lists::Signal>& signals) {
  std::set<std::string> hexes;
  for (const lists::Signal& signal : signals) hexes.insert(signal.ToHex());
  return hexes;
}

// The live entries of bank `name` as hex strings; fails the test on error.
inline std::set<std::string> LiveHexSet(BankStore& store, std::string_view name) {
  std::set<std::string> hexes;
  const Status status = store
                            .LiveEntries(name,
                                         [&](const LiveEntry& entry) {
                                           hexes.insert(entry.signal.ToHex());
                                           return Status();
                                         })
                            .status();
  EXPECT_TRUE(status.ok()) << status;
  return hexes;
}

}  // namespace clearhost::store::testing
