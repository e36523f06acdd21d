// libFuzzer target: arbitrary bytes as an RIR delegated(-extended) file (even sizes) or a CAIDA
// pfx2as file (odd sizes) (docs/formats.md, "Prefix tables"). Must never crash, hang or exceed
// memory; every problem names a line; and the longest-prefix match is consistent: the first and
// last address of every prefix read find a prefix that contains them and is at least as long.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stats/attribution.h"
#include "stats/delegated_file.h"
#include "stats/pfx2as_file.h"

namespace {

using namespace clearhost;
using namespace clearhost::stats;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

IpAddress Last(const IpPrefix& prefix) {
  const int bits = prefix.start.v6 ? 128 : 32;
  const Ipv6Address host = prefix.length == 0 ? (prefix.start.v6 ? ~Ipv6Address{0} : 0xFFFFFFFFu)
                           : prefix.length == bits ? 0
                                                   : (Ipv6Address{1} << (bits - prefix.length)) - 1;
  return IpAddress{prefix.start.v6, prefix.start.value | host};
}

bool Contains(const IpPrefix& prefix, const IpAddress& address) {
  return prefix.start.v6 == address.v6 && address.value >= prefix.start.value &&
         address.value <= Last(prefix).value;
}

void CheckLongest(const IpPrefix& wanted, const IpPrefix* found, const IpAddress& address) {
  Check(found != nullptr && Contains(*found, address) && found->length >= wanted.length);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const uint64_t last_line = 1 + uint64_t(std::count(text.begin(), text.end(), '\n'));
  if (size % 2 == 0) {
    const DelegatedFile file = ParseDelegated(text, "fuzz");
    for (const InputProblem& problem : file.problems)
      Check(problem.line >= 1 && problem.line <= last_line);
    const HostingAttributor attributor(file.blocks, {});
    for (const DelegatedBlock& block : file.blocks) {
      for (const IpAddress& address : {block.prefix.start, Last(block.prefix)}) {
        const DelegatedBlock* found = attributor.Country(address);
        CheckLongest(block.prefix, found == nullptr ? nullptr : &found->prefix, address);
      }
    }
  } else {
    const Pfx2asFile file = ParsePfx2as(text, "fuzz");
    for (const InputProblem& problem : file.problems)
      Check(problem.line >= 1 && problem.line <= last_line);
    const HostingAttributor attributor({}, file.prefixes);
    for (const RoutedPrefix& routed : file.prefixes) {
      Check(!routed.origins.empty());
      for (const IpAddress& address : {routed.prefix.start, Last(routed.prefix)}) {
        const RoutedPrefix* found = attributor.Network(address);
        CheckLongest(routed.prefix, found == nullptr ? nullptr : &found->prefix, address);
      }
    }
  }
  return 0;
}
