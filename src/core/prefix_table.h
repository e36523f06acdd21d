// Longest-prefix match over IPv4 or IPv6 prefixes: the prefixes (nested or disjoint, as CIDR
// blocks always are) are flattened once into sorted disjoint address ranges, each carrying the
// value of the longest prefix that covers it; a lookup is one binary search over the range
// starts. Memory is one address and one 32-bit value per range (at most 2n + 1 ranges for n
// prefixes); lookups allocate nothing. A prefix given twice keeps the value added last.
// Thread-safety: a built PrefixTable is immutable; Lookup may be called from any thread. The
// Builder is used by one thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace clearhost {

template <typename Address>
class PrefixTable {
 public:
  static constexpr uint32_t kNoValue = std::numeric_limits<uint32_t>::max();
  static constexpr int kBits = sizeof(Address) * 8;

  class Builder {
   public:
    // `start` must have its host bits zero; `length` is 0..kBits; `value` is not kNoValue.
    void Add(Address start, int length, uint32_t value) {
      const Address host = length == 0 ? std::numeric_limits<Address>::max()
                           : length == kBits
                               ? Address{0}
                               : static_cast<Address>((Address{1} << (kBits - length)) - 1);
      prefixes_.push_back({start, static_cast<Address>(start | host), length,
                           static_cast<uint32_t>(prefixes_.size()), value});
    }
    PrefixTable Build();

   private:
    struct Prefix {
      Address first;
      Address last;
      int length;
      uint32_t order;  // input order, so that the later of two equal prefixes wins
      uint32_t value;
    };
    std::vector<Prefix> prefixes_;
  };

  // The value of the longest prefix containing `address`, or kNoValue.
  uint32_t Lookup(Address address) const {
    // The last range starting at or before `address`, by a branch-free binary search (the
    // compiler turns the step into a conditional move: no mispredicted branches).
    if (starts_.empty() || address < starts_.front()) return kNoValue;
    const Address* base = starts_.data();
    size_t count = starts_.size();
    while (count > 1) {
      const size_t half = count / 2;
      base = base[half] <= address ? base + half : base;
      count -= half;
    }
    return values_[static_cast<size_t>(base - starts_.data())];
  }
  size_t ranges() const { return starts_.size(); }

 private:
  std::vector<Address> starts_;   // ascending
  std::vector<uint32_t> values_;  // values_[i] holds from starts_[i] to starts_[i + 1] - 1
};

template <typename Address>
PrefixTable<Address> PrefixTable<Address>::Builder::Build() {
  // Outer prefixes before the ones they contain; equal prefixes in input order.
  std::sort(prefixes_.begin(), prefixes_.end(), [](const Prefix& a, const Prefix& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.length != b.length) return a.length < b.length;
    return a.order < b.order;
  });
  PrefixTable table;
  const auto emit = [&table](Address start, uint32_t value) {
    if (!table.starts_.empty() && table.starts_.back() == start) {
      table.values_.back() = value;
    } else {
      table.starts_.push_back(start);
      table.values_.push_back(value);
    }
    // Neighbours with the same value are one range.
    const size_t count = table.values_.size();
    if (count >= 2 && table.values_[count - 2] == table.values_[count - 1]) {
      table.starts_.pop_back();
      table.values_.pop_back();
    }
  };
  std::vector<const Prefix*> open;  // the prefixes containing the sweep position, innermost last
  const auto close_until = [&](const Prefix* next) {
    while (!open.empty() && (next == nullptr || open.back()->last < next->first)) {
      const Prefix* closed = open.back();
      open.pop_back();
      if (closed->last != std::numeric_limits<Address>::max()) {
        emit(static_cast<Address>(closed->last + 1), open.empty() ? kNoValue : open.back()->value);
      }
    }
  };
  for (const Prefix& prefix : prefixes_) {
    close_until(&prefix);
    emit(prefix.first, prefix.value);
    open.push_back(&prefix);
  }
  close_until(nullptr);
  return table;
}

using Ipv4PrefixTable = PrefixTable<uint32_t>;
using Ipv6PrefixTable = PrefixTable<unsigned __int128>;

}  // namespace clearhost
