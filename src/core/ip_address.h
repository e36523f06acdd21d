// IPv4 and IPv6 addresses and CIDR prefixes as integers, the keys of the prefix tables: an IPv4
// address is its 32-bit number, an IPv6 address its 128-bit number (most significant bit first,
// as on the wire).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace clearhost {

using Ipv4Address = uint32_t;
using Ipv6Address = unsigned __int128;

struct IpAddress {
  bool v6 = false;
  Ipv6Address value = 0;  // IPv4: the low 32 bits
};

struct IpPrefix {
  IpAddress start;  // host bits zero
  int length = 0;   // 0..32 or 0..128
};

// "192.0.2.1" or "2001:db8::1" (also IPv4-mapped "::ffff:192.0.2.1", kept as IPv6).
Result<IpAddress> ParseIpAddress(std::string_view text);
std::string FormatIpAddress(const IpAddress& address);

// "192.0.2.0/24"; or the address and length given apart (pfx2as, delegated ipv6). Errors: a
// malformed address, a length out of range, host bits set ("192.0.2.1/24").
Result<IpPrefix> ParseIpPrefix(std::string_view text);
Result<IpPrefix> MakeIpPrefix(std::string_view address, std::string_view length);
std::string FormatIpPrefix(const IpPrefix& prefix);

}  // namespace clearhost
