#include "core/ip_address.h"

#include <arpa/inet.h>

#include "absl/strings/str_cat.h"
#include "core/ascii_text.h"

namespace clearhost {

Result<IpAddress> ParseIpAddress(std::string_view text) {
  const std::string address(TrimAscii(text));
  IpAddress result;
  if (address.find(':') == std::string::npos) {
    in_addr v4{};
    if (address.size() > 15 || inet_pton(AF_INET, address.c_str(), &v4) != 1) {
      return absl::InvalidArgumentError(absl::StrCat("'", address, "' is not an IP address"));
    }
    result.value = ntohl(v4.s_addr);
    return result;
  }
  in6_addr v6{};
  if (address.size() > 45 || inet_pton(AF_INET6, address.c_str(), &v6) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("'", address, "' is not an IP address"));
  }
  result.v6 = true;
  for (const uint8_t byte : v6.s6_addr) result.value = (result.value << 8) | byte;
  return result;
}

std::string FormatIpAddress(const IpAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!address.v6) {
    in_addr v4{};
    v4.s_addr = htonl(static_cast<uint32_t>(address.value));
    inet_ntop(AF_INET, &v4, text, sizeof text);
  } else {
    in6_addr v6{};
    for (int byte = 0; byte < 16; ++byte) {
      v6.s6_addr[byte] = static_cast<uint8_t>(address.value >> (8 * (15 - byte)));
    }
    inet_ntop(AF_INET6, &v6, text, sizeof text);
  }
  return text;
}

Result<IpPrefix> MakeIpPrefix(std::string_view address, std::string_view length) {
  CLEARHOST_ASSIGN_OR_RETURN(const IpAddress start, ParseIpAddress(address));
  const std::string length_text(TrimAscii(length));
  const int max_length = start.v6 ? 128 : 32;
  int bits = -1;
  if (!length_text.empty() && length_text.size() <= 3 &&
      length_text.find_first_not_of("0123456789") == std::string::npos) {
    bits = std::stoi(length_text);
  }
  if (bits < 0 || bits > max_length) {
    return absl::InvalidArgumentError(
        absl::StrCat("prefix length '", length_text, "' is not 0..", max_length));
  }
  const Ipv6Address all_ones = start.v6 ? ~Ipv6Address{0} : Ipv6Address{0xFFFFFFFFu};
  const Ipv6Address host_mask = bits == 0            ? all_ones
                                : bits == max_length ? 0
                                                     : (Ipv6Address{1} << (max_length - bits)) - 1;
  if ((start.value & host_mask) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(FormatIpAddress(start), "/", bits,
                                                   " has host bits set (not a network address)"));
  }
  return IpPrefix{start, bits};
}

Result<IpPrefix> ParseIpPrefix(std::string_view text) {
  const std::string_view trimmed = TrimAscii(text);
  const size_t slash = trimmed.find('/');
  if (slash == std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", std::string(trimmed), "' is not a prefix (ADDRESS/LENGTH)"));
  }
  return MakeIpPrefix(trimmed.substr(0, slash), trimmed.substr(slash + 1));
}

std::string FormatIpPrefix(const IpPrefix& prefix) {
  return absl::StrCat(FormatIpAddress(prefix.start), "/", prefix.length);
}

}  // namespace clearhost
