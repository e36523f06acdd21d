// Longest-prefix match against a brute-force oracle on generated overlapping IPv4 and IPv6
// prefixes, and the delegated and pfx2as readers (CIDR splitting, multi-origin, bad lines).
#include "core/prefix_table.h"

#include <gtest/gtest.h>

#include <random>

#include "stats/attribution.h"
#include "stats/delegated_file.h"
#include "stats/pfx2as_file.h"

namespace clearhost::stats {
namespace {

template <typename Address>
struct Generated {
  Address start;
  int length;
  uint32_t value;
};

template <typename Address>
Address HostMask(int length) {
  constexpr int kBits = sizeof(Address) * 8;
  if (length == 0) return static_cast<Address>(~Address{0});
  if (length == kBits) return 0;
  return static_cast<Address>((Address{1} << (kBits - length)) - 1);
}

template <typename Address>
Address Mask(Address address, int length) {
  return static_cast<Address>(address & ~HostMask<Address>(length));
}

template <typename Address>
Address RandomAddress(std::mt19937_64& rng) {
  if constexpr (sizeof(Address) == 4) {
    return static_cast<Address>(rng());
  } else {
    const Address high = rng();
    return static_cast<Address>((high << 64) | rng());
  }
}

// Prefixes clustered under a few roots so that they nest and overlap, some given twice.
template <typename Address>
std::vector<Generated<Address>> GeneratePrefixes(std::mt19937_64& rng, size_t count) {
  constexpr int kBits = sizeof(Address) * 8;
  std::vector<Address> roots;
  for (int i = 0; i < 4; ++i) roots.push_back(RandomAddress<Address>(rng));
  std::vector<Generated<Address>> prefixes;
  for (size_t i = 0; i < count; ++i) {
    const int length = int(rng() % (kBits + 1));
    Address address = roots[rng() % roots.size()];
    // Vary the bits below the root's top byte so that prefixes share some leading bits.
    address ^= static_cast<Address>(RandomAddress<Address>(rng) >> (8 + rng() % (kBits - 8)));
    prefixes.push_back({Mask(address, length), length, uint32_t(i)});
    if (rng() % 10 == 0) prefixes.push_back({Mask(address, length), length, uint32_t(i + count)});
  }
  if (rng() % 2 == 0) prefixes.push_back({0, 0, uint32_t(2 * count + 1)});
  return prefixes;
}

template <typename Address>
uint32_t BruteForce(const std::vector<Generated<Address>>& prefixes, Address address) {
  int best_length = -1;
  uint32_t best = PrefixTable<Address>::kNoValue;
  for (const auto& prefix : prefixes) {
    // Later equal prefixes win, as in the table.
    if (Mask(address, prefix.length) == prefix.start && prefix.length >= best_length) {
      best_length = prefix.length;
      best = prefix.value;
    }
  }
  return best;
}

template <typename Address>
void CheckAgainstBruteForce(uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 20; ++round) {
    const auto prefixes = GeneratePrefixes<Address>(rng, 1 + rng() % 300);
    typename PrefixTable<Address>::Builder builder;
    for (const auto& prefix : prefixes) builder.Add(prefix.start, prefix.length, prefix.value);
    const PrefixTable<Address> table = builder.Build();
    EXPECT_LE(table.ranges(), 2 * prefixes.size() + 1);
    std::vector<Address> queries = {0, static_cast<Address>(~Address{0})};
    for (const auto& prefix : prefixes) {
      const Address host = HostMask<Address>(prefix.length);
      // Both ends of every prefix, and one past each end.
      queries.insert(queries.end(), {prefix.start, static_cast<Address>(prefix.start | host),
                                     static_cast<Address>(prefix.start - 1),
                                     static_cast<Address>((prefix.start | host) + 1)});
    }
    for (int i = 0; i < 2000; ++i) {
      Address query = prefixes[rng() % prefixes.size()].start;
      query ^= static_cast<Address>(RandomAddress<Address>(rng) >> (rng() % (sizeof(Address) * 8)));
      queries.push_back(query);
    }
    for (const Address query : queries) {
      ASSERT_EQ(table.Lookup(query), BruteForce(prefixes, query)) << "round " << round;
    }
  }
}

TEST(PrefixTableTest, Ipv4MatchesBruteForce) {
  CheckAgainstBruteForce<uint32_t>(1);
}
TEST(PrefixTableTest, Ipv6MatchesBruteForce) {
  CheckAgainstBruteForce<unsigned __int128>(2);
}

TEST(PrefixTableTest, EmptyTableFindsNothing) {
  const Ipv4PrefixTable table = Ipv4PrefixTable::Builder().Build();
  EXPECT_EQ(table.Lookup(0x01020304), Ipv4PrefixTable::kNoValue);
}

TEST(IpAddressTest, ParseAndFormat) {
  EXPECT_EQ(ParseIpAddress("192.0.2.1")->value, 0xC0000201u);
  EXPECT_EQ(FormatIpAddress(*ParseIpAddress("2001:DB8::1")), "2001:db8::1");
  EXPECT_FALSE(ParseIpAddress("192.0.2").ok());
  EXPECT_FALSE(ParseIpAddress("::g").ok());
  EXPECT_EQ(FormatIpPrefix(*ParseIpPrefix("10.0.0.0/8")), "10.0.0.0/8");
  EXPECT_EQ(ParseIpPrefix("10.0.0.1/8").status().message(),
            "10.0.0.1/8 has host bits set (not a network address)");
  EXPECT_FALSE(ParseIpPrefix("10.0.0.0/33").ok());
  EXPECT_FALSE(ParseIpPrefix("2001:db8::/129").ok());
  EXPECT_TRUE(ParseIpPrefix("::/0").ok());
}

TEST(DelegatedFileTest, SplitsCountsIntoCidrBlocksAndReportsBadLines) {
  const DelegatedFile file = ParseDelegated(
      "2|ripencc|20240101|5|19830705|20240101|+0100\n"
      "ripencc|*|ipv4|*|3|summary\n"
      "# comment\n"
      "ripencc|NL|ipv4|192.0.2.0|768|20100101|allocated|a1\n"
      "ripencc|DE|ipv6|2001:db8::|32|20100101|assigned|a2\n"
      "ripencc|NL|asn|64496|1|20100101|assigned|a1\n"
      "ripencc||ipv4|198.51.100.0|256||available\n"
      "ripencc|NL|ipv4|10.0.0.1|0|20100101|allocated\n"
      "ripencc|N1|ipv4|10.0.0.0|256|20100101|allocated\n"
      "ripencc|NL|ipv6|2001:db8::1|32|20100101|allocated\n"
      "ripencc|NL|ipv4|255.255.255.0|512|20100101|allocated\n"
      "broken line\n",
      "delegated");
  ASSERT_EQ(file.blocks.size(), 3u);
  // 192.0.2.0 + 768 addresses = the aligned 192.0.2.0/23 and then 192.0.4.0/24.
  EXPECT_EQ(FormatIpPrefix(file.blocks[0].prefix), "192.0.2.0/23");
  EXPECT_EQ(FormatIpPrefix(file.blocks[1].prefix), "192.0.4.0/24");
  EXPECT_EQ(file.blocks[2].country, "DE");
  ASSERT_EQ(file.problems.size(), 5u);
  EXPECT_EQ(file.problems[0].ToString(), "delegated:8: address count 0 is out of range");
  EXPECT_EQ(file.problems[1].line, 9u);
  EXPECT_EQ(file.problems[2].ToString(),
            "delegated:10: 2001:db8::1/32 has host bits set (not a network address)");
  EXPECT_EQ(file.problems[3].line, 11u);
  EXPECT_EQ(file.problems[4].line, 12u);
}

TEST(Pfx2asFileTest, MultiOriginAndAsSetsAndBadLines) {
  const Pfx2asFile file = ParsePfx2as(
      "192.0.2.0\t24\t64496\n"
      "2001:db8::\t32\t64496_64497\n"
      "198.51.100.0\t24\t64498,64499_64500\n"
      "203.0.113.0\t24\n"
      "203.0.113.1\t24\t1\n"
      "203.0.113.0\t24\tAS1\n"
      "203.0.113.0\t40\t1\n",
      "pfx2as");
  ASSERT_EQ(file.prefixes.size(), 3u);
  EXPECT_EQ(FormatOrigins(file.prefixes[1].origins), "64496_64497");
  EXPECT_EQ(file.prefixes[2].origins, (std::vector<uint32_t>{64498, 64499, 64500}));
  ASSERT_EQ(file.problems.size(), 4u);
  EXPECT_EQ(file.problems[0].ToString(),
            "pfx2as:4: 2 tab-separated fields, expected 3 (prefix, length, asn)");
  EXPECT_EQ(file.problems[2].ToString(), "pfx2as:6: 'AS1' is not an AS number");
  EXPECT_EQ(file.problems[3].line, 7u);
}

TEST(AttributionTest, ItemsCountryAndNetworkShares) {
  const DelegatedFile delegated = ParseDelegated(
      "ripencc|NL|ipv4|192.0.2.0|256|20100101|allocated\n"
      "ripencc|DE|ipv6|2001:db8::|32|20100101|allocated\n",
      "d");
  const Pfx2asFile routes = ParsePfx2as("192.0.2.0\t24\t64496\n192.0.2.128\t25\t64497\n", "p");
  const HostingAttributor attributor(delegated.blocks, routes.prefixes);
  const auto items = AttributeItems(*ParseCsv("url,ip,time\n"
                                              "http://a.example/1,192.0.2.1,2022-03-01T00:00:00Z\n"
                                              "http://a.example/2,192.0.2.200,2022-03-02\n"
                                              "http://b.example/3,2001:db8::5,2022-03-03\n"
                                              "http://c.example/4,203.0.113.9,\n"
                                              "http://d.example/5,not-an-ip,\n",
                                              "items.csv"),
                                    attributor);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->items.size(), 4u);
  EXPECT_EQ(items->items[0].country, "NL");
  EXPECT_EQ(items->items[0].asn, 64496u);
  EXPECT_EQ(items->items[1].asn, 64497u);
  EXPECT_EQ(items->items[1].routed_prefix, "192.0.2.128/25");
  EXPECT_EQ(items->items[2].country, "DE");
  EXPECT_EQ(items->items[2].origins, "");
  EXPECT_EQ(items->items[3].country, "");
  ASSERT_EQ(items->problems.size(), 1u);
  EXPECT_EQ(items->problems[0].ToString(), "items.csv:6: ip: 'not-an-ip' is not an IP address");
  const std::string networks = FormatCsv(NetworkSharesTable(*items));
  EXPECT_EQ(networks, "asn,as_name,items,share\n,,2,0.5\n64496,,1,0.25\n64497,,1,0.25\n");

  // The combined rate with explicit weights: (2 * 3 reports + 1 * 2 items) * 10000 / 1000.
  RateRow nl;
  nl.kind = RateKind::kCountry;
  nl.year = 2022;
  nl.iso3 = "NLD";
  nl.iso2 = "NL";
  nl.reports = 3;
  nl.population = 1000;
  nl.per_10k = 30.0;
  const std::vector<RateRow> rates = {nl};
  const Table shares = CountrySharesTable(*items, &rates, CombinedRateWeights{2.0, 1.0});
  const std::string csv = FormatCsv(shares);
  EXPECT_NE(csv.find("2022,NL,NLD,2,0.66666666666666663,3,1000,20,30,80\n"), std::string::npos)
      << csv;
}

}  // namespace
}  // namespace clearhost::stats
