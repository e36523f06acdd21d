// The signals of one import, sorted in the store's key order (signal type name, then the bytes:
// the order of bank_entries' unique index) with repeats dropped, in bounded memory. Up to
// `run_entries` signals are sorted in memory; beyond that each sorted run spills to an unnamed
// temporary file (TMPDIR) and ForEach() merges the runs. Memory is about 34 bytes per
// run_entries plus one read buffer per run, whatever the import's size.
// Thread-safety: used by one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "core/status.h"
#include "lists/signal_type.h"

namespace clearhost::store {

// One signal as the store keys it.
struct SignalKey {
  uint8_t type_rank = 0;  // the type's place in name order: md5, pdq, sha1, sha256
  uint8_t size = 0;       // bytes used in `bytes`
  std::array<uint8_t, 32> bytes{};

  lists::SignalType type() const;
  std::span<const uint8_t> key_bytes() const { return std::span(bytes).first(size); }

  friend bool operator==(const SignalKey&, const SignalKey&) = default;
};

SignalKey KeyOf(const lists::Signal& signal);

// The key of a stored (signal_type, signal) pair; nullopt for an unknown type or a length that
// is not the type's.
std::optional<SignalKey> KeyOfStored(std::string_view type_name, std::span<const uint8_t> bytes);

// The store's order: by type name, then bytes (memcmp, as SQLite compares BLOBs).
bool KeyLess(const SignalKey& a, const SignalKey& b);

class SortedSignals {
 public:
  static constexpr size_t kDefaultRunEntries = size_t{1} << 20;

  explicit SortedSignals(size_t run_entries = kDefaultRunEntries);
  SortedSignals(SortedSignals&&) = default;
  SortedSignals& operator=(SortedSignals&&) = default;
  ~SortedSignals();

  // ResourceExhausted or DataLoss (naming the temporary file) when a run cannot be spilled.
  Status Add(const lists::Signal& signal);
  Status AddKey(const SignalKey& key);

  // Every Add(), repeats included.
  uint64_t added() const { return added_; }

  // Calls `visit` for each distinct signal in KeyLess order; stops at and returns its first
  // error. May be called again.
  Status ForEach(absl::FunctionRef<Status(const SignalKey& key)> visit);

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  using TempFile = std::unique_ptr<std::FILE, FileCloser>;

  Status SpillRun();

  size_t run_entries_;
  std::vector<SignalKey> pending_;  // the current run, unsorted
  std::vector<TempFile> runs_;      // sorted, distinct within each
  uint64_t added_ = 0;
};

}  // namespace clearhost::store
