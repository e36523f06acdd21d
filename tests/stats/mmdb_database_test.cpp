// MaxMind databases written by our own writer (tools/mmdb_synth.h) and read through
// libmaxminddb: lookups against the prefix-table oracle on generated nested IPv4 and IPv6
// networks (IPv4 also inside an IPv6 database), kind detection, the precedence of prefix tables,
// mmdb and as2org names, and clear errors for missing, corrupt and unsupported files.
#include "stats/mmdb_database.h"

#include <gtest/gtest.h>

#include <random>

#include "mmdb_synth.h"
#include "stats/attribution.h"
#include "support/test_support.h"

namespace clearhost::stats {
namespace {

using synth::AsnRecord;
using synth::CountryRecord;
using synth::MmdbValue;
using synth::MmdbWriter;
using testing::ScratchDir;
using testing::WriteFile;

std::unique_ptr<MmdbDatabase> OpenWritten(const ScratchDir& dir, const std::string& name,
                                          const MmdbWriter& writer) {
  const auto path = dir.path() / name;
  WriteFile(path, writer.Build());
  auto database = MmdbDatabase::Open(path);
  EXPECT_TRUE(database.ok()) << database.status();
  return database.ok() ? std::move(*database) : nullptr;
}

IpAddress Masked(const IpAddress& address, int length) {
  const int bits = address.v6 ? 128 : 32;
  const Ipv6Address all = address.v6 ? ~Ipv6Address{0} : Ipv6Address{0xFFFFFFFFu};
  const Ipv6Address host = length == 0      ? all
                           : length == bits ? 0
                                            : (Ipv6Address{1} << (bits - length)) - 1;
  return IpAddress{address.v6, address.value & ~host};
}

// Nested and overlapping networks of both families under a few roots, each with a country, in
// one IPv6 country database and in delegated blocks; every lookup must agree.
TEST(MmdbDatabaseTest, LookupsMatchThePrefixTableOracle) {
  ScratchDir dir;
  std::mt19937_64 rng(7);
  MmdbWriter writer(6, "GeoLite2-Country");
  std::vector<DelegatedBlock> blocks;
  const IpAddress roots[] = {{false, 0xC0000200u},
                             {false, 0x0A000000u},
                             {true, Ipv6Address{0x20010DB8u} << 96},
                             {true, Ipv6Address{0x2A0012F0u} << 96}};
  for (int i = 0; i < 400; ++i) {
    IpAddress address = roots[rng() % 4];
    const int bits = address.v6 ? 128 : 32;
    const int length = int(8 + rng() % (bits - 7));
    address.value ^=
        (Ipv6Address(rng()) << 64 | rng()) >> (address.v6 ? 16 + rng() % 100 : 104 + rng() % 16);
    address = Masked(address, length);
    const std::string country = {char('A' + rng() % 26), char('A' + rng() % 26)};
    if (address.v6) {
      writer.AddV6(address.value, length, CountryRecord(country));
    } else {
      writer.AddV4(uint32_t(address.value), length, CountryRecord(country));
    }
    blocks.push_back({IpPrefix{address, length}, country, "test", uint64_t(i + 1)});
  }
  const auto database = OpenWritten(dir, "country.mmdb", writer);
  ASSERT_NE(database, nullptr);
  EXPECT_EQ(database->kind(), MmdbKind::kCountry);
  const HostingAttributor oracle(blocks, {});
  std::vector<IpAddress> queries;
  for (const DelegatedBlock& block : blocks) {
    const IpAddress first = block.prefix.start;
    const int bits = first.v6 ? 128 : 32;
    const Ipv6Address size =
        block.prefix.length == 0 ? 0 : Ipv6Address{1} << (bits - block.prefix.length);
    queries.push_back(first);
    queries.push_back({first.v6, first.value + size - 1});
    queries.push_back({first.v6, first.value - 1});
    queries.push_back({first.v6, first.value + size});
    queries.push_back({first.v6, first.value + (Ipv6Address(rng()) % size)});
  }
  int found = 0;
  for (IpAddress query : queries) {
    if (!query.v6) query.value &= 0xFFFFFFFFu;
    const auto match = database->Lookup(query);
    ASSERT_TRUE(match.ok()) << match.status();
    const DelegatedBlock* expected = oracle.Country(query);
    ASSERT_EQ(match->has_value(), expected != nullptr) << FormatIpAddress(query);
    if (expected == nullptr) continue;
    ++found;
    EXPECT_EQ((*match)->country, expected->country) << FormatIpAddress(query);
    // The tree's network lies inside the longest prefix that matched.
    EXPECT_GE((*match)->network.length, expected->prefix.length) << FormatIpAddress(query);
    EXPECT_EQ(Masked(query, (*match)->network.length).value, (*match)->network.start.value);
  }
  EXPECT_GT(found, 1000);
}

TEST(MmdbDatabaseTest, Ipv4DatabaseFindsNoIpv6AndAsnFieldsAreRead) {
  ScratchDir dir;
  MmdbWriter writer(4, "GeoLite2-ASN");
  writer.AddV4(0xC0000200u, 24, AsnRecord(64496, "Example Hosting B.V."));
  writer.AddV4(0xC0000280u, 25, AsnRecord(64497, ""));
  const auto database = OpenWritten(dir, "asn.mmdb", writer);
  ASSERT_NE(database, nullptr);
  EXPECT_EQ(database->kind(), MmdbKind::kAsn);
  EXPECT_EQ(database->database_type(), "GeoLite2-ASN");
  const auto low = database->Lookup(*ParseIpAddress("192.0.2.1"));
  ASSERT_TRUE(low.ok() && low->has_value());
  EXPECT_EQ((*low)->asn, 64496u);
  EXPECT_EQ((*low)->organisation, "Example Hosting B.V.");
  EXPECT_EQ(FormatIpPrefix((*low)->network), "192.0.2.0/25");
  const auto high = database->Lookup(*ParseIpAddress("192.0.2.200"));
  ASSERT_TRUE(high.ok() && high->has_value());
  EXPECT_EQ((*high)->asn, 64497u);
  EXPECT_EQ(FormatIpPrefix((*high)->network), "192.0.2.128/25");
  EXPECT_FALSE(database->Lookup(*ParseIpAddress("2001:db8::1"))->has_value());
  EXPECT_FALSE(database->Lookup(*ParseIpAddress("198.51.100.1"))->has_value());
}

TEST(MmdbDatabaseTest, KindFromFieldsWhenTheTypeSaysNothing) {
  ScratchDir dir;
  MmdbWriter country(6, "Hotline-Geo");
  country.AddV6(Ipv6Address{0x20010DB8u} << 96, 32, CountryRecord("nl"));
  const auto by_fields = OpenWritten(dir, "geo.mmdb", country);
  ASSERT_NE(by_fields, nullptr);
  EXPECT_EQ(by_fields->kind(), MmdbKind::kCountry);
  EXPECT_EQ((*by_fields->Lookup(*ParseIpAddress("2001:db8::5")))->country, "NL");

  MmdbWriter other(6, "Hotline-Other");
  other.AddV4(0xC0000200u, 24, MmdbValue::MakeMap({{"city", {std::string("Utrecht")}}}));
  WriteFile(dir.path() / "other.mmdb", other.Build());
  const auto unsupported = MmdbDatabase::Open(dir.path() / "other.mmdb");
  EXPECT_EQ(unsupported.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(unsupported.status().message().find("other.mmdb: database_type 'Hotline-Other'"),
            std::string::npos)
      << unsupported.status();
}

TEST(MmdbDatabaseTest, MissingAndCorruptFilesNameTheFile) {
  ScratchDir dir;
  const auto missing = MmdbDatabase::Open(dir.path() / "absent.mmdb");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("absent.mmdb"), std::string::npos);

  WriteFile(dir.path() / "text.mmdb", {'n', 'o', 't', ' ', 'a', ' ', 'd', 'b'});
  const auto text = MmdbDatabase::Open(dir.path() / "text.mmdb");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(text.status().message().find("text.mmdb: not a readable MaxMind DB"), std::string::npos)
      << text.status();

  MmdbWriter writer(4, "GeoLite2-Country");
  writer.AddV4(0xC0000200u, 24, CountryRecord("NL"));
  std::vector<uint8_t> bytes = writer.Build();
  bytes.resize(bytes.size() - 20);  // the metadata map cut short
  WriteFile(dir.path() / "cut.mmdb", bytes);
  EXPECT_EQ(MmdbDatabase::Open(dir.path() / "cut.mmdb").status().code(),
            absl::StatusCode::kDataLoss);

  // A data pointer past the data section: the file opens, the lookup fails cleanly.
  bytes = writer.Build();
  for (size_t i = 0; i < 6; ++i) bytes[i] = 0x7F;
  WriteFile(dir.path() / "tree.mmdb", bytes);
  auto broken = MmdbDatabase::Open(dir.path() / "tree.mmdb");
  ASSERT_TRUE(broken.ok()) << broken.status();
  const auto lookup = (*broken)->Lookup(*ParseIpAddress("192.0.2.1"));
  EXPECT_EQ(lookup.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(lookup.status().message().find("tree.mmdb: lookup of 192.0.2.1: "), std::string::npos)
      << lookup.status();
}

// Prefix tables first, then the databases in order; as2org names before an ASN database's.
TEST(MmdbDatabaseTest, PrecedenceOfTablesDatabasesAndNames) {
  ScratchDir dir;
  MmdbWriter country(6, "GeoLite2-Country");
  country.AddV4(0xC0000200u, 24, CountryRecord("DE"));  // the delegated file says NL
  country.AddV4(0xC6336400u, 24, CountryRecord("BE"));
  MmdbWriter asn(6, "GeoLite2-ASN");
  asn.AddV4(0xC0000200u, 24, AsnRecord(64496, "Mmdb Name"));
  asn.AddV4(0xC6336400u, 24, AsnRecord(64497, "Other Net"));
  asn.AddV4(0xCB007100u, 24, AsnRecord(64498, "Third Net"));
  std::vector<std::unique_ptr<MmdbDatabase>> databases;
  databases.push_back(OpenWritten(dir, "country.mmdb", country));
  databases.push_back(OpenWritten(dir, "asn.mmdb", asn));
  ASSERT_NE(databases[0], nullptr);
  ASSERT_NE(databases[1], nullptr);
  const DelegatedFile delegated =
      ParseDelegated("ripencc|NL|ipv4|192.0.2.0|256|20100101|allocated\n", "d");
  const Pfx2asFile routes = ParsePfx2as("192.0.2.0\t24\t64496\n203.0.113.0\t24\t64499\n", "p");
  const AsOrgFile names = ParseAsOrg(
      "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
      "64497|20240101|OTHER-AS|ORG-3|x|RIPE\n"
      "# format:org_id|changed|org_name|country|source\n"
      "ORG-3|20240101|Third Hosting|NL|RIPE\n",
      "as2org");
  const HostingAttributor attributor(delegated.blocks, routes.prefixes, std::move(databases),
                                     names);

  const auto tables = attributor.Attribute(*ParseIpAddress("192.0.2.9"));
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->country, "NL");
  EXPECT_EQ(tables->country_source, "ripencc");
  EXPECT_EQ(tables->network_source, "pfx2as");
  EXPECT_EQ(tables->as_name, "Mmdb Name");  // the ASN database names the same AS

  const auto filled = attributor.Attribute(*ParseIpAddress("198.51.100.9"));
  EXPECT_EQ(filled->country, "BE");
  EXPECT_EQ(filled->country_source, "GeoLite2-Country");
  EXPECT_EQ(filled->origins, std::vector<uint32_t>{64497});
  EXPECT_EQ(filled->network_source, "GeoLite2-ASN");
  EXPECT_EQ(FormatIpPrefix(*filled->routed_prefix), "198.51.100.0/24");
  EXPECT_EQ(filled->as_name, "Third Hosting");  // as2org before the database's "Other Net"

  // pfx2as says 64499 and the ASN database says 64498: its name is not borrowed.
  const auto other = attributor.Attribute(*ParseIpAddress("203.0.113.9"));
  EXPECT_EQ(other->origins, std::vector<uint32_t>{64499});
  EXPECT_EQ(other->as_name, "");
}

}  // namespace
}  // namespace clearhost::stats
