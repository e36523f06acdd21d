// Drives `clearhost stats attribute` with MaxMind databases (written by tools/mmdb_synth.h) and
// CAIDA as2org names, and `clearhost stats removal --db` on cases made through the CaseStore on
// SQLite, against hand-computed values.
#include <gtest/gtest.h>

#include "cases/case_store.h"
#include "mmdb_synth.h"
#include "stats/field_parse.h"
#include "support/sql_backends.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;
using testing::WriteText;

constexpr char kAsOrg[] =
    "# format:org_id|changed|org_name|country|source\n"
    "ORG-EX1|20240101|Example Hosting B.V.|NL|RIPE\n"
    "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
    "64496|20240101|EXAMPLE-AS|ORG-EX1|x|RIPE\n";

// 192.0.2.0/24 is AS64496 in pfx2as and as2org; 198.51.100.0/24 is AS64497 ("Other Net") in
// the ASN database only; the country database has BE for 198.51.100.0/24 and 2001:db8::/32.
void WriteSources(const ScratchDir& dir) {
  synth::MmdbWriter country(6, "GeoLite2-Country");
  country.AddV4(0xC6336400u, 24, synth::CountryRecord("BE"));
  country.AddV6(static_cast<unsigned __int128>(0x20010DB8u) << 96, 32, synth::CountryRecord("BE"));
  WriteFile(dir.path() / "country.mmdb", country.Build());
  synth::MmdbWriter asn(6, "GeoLite2-ASN");
  asn.AddV4(0xC0000200u, 24, synth::AsnRecord(64496, "Mmdb Name"));
  asn.AddV4(0xC6336400u, 24, synth::AsnRecord(64497, "Other Net"));
  WriteFile(dir.path() / "asn.mmdb", asn.Build());
  WriteText(dir.path() / "ripe.txt", "ripencc|NL|ipv4|192.0.2.0|256|20100101|allocated|x\n");
  WriteText(dir.path() / "pfx2as.txt", "192.0.2.0\t24\t64496\n");
  WriteText(dir.path() / "as2org.txt", kAsOrg);
}

std::vector<std::string> SourceArguments(const ScratchDir& dir) {
  return {"--delegated", (dir.path() / "ripe.txt").string(),
          "--pfx2as",    (dir.path() / "pfx2as.txt").string(),
          "--mmdb",      (dir.path() / "country.mmdb").string(),
          "--mmdb",      (dir.path() / "asn.mmdb").string(),
          "--as-names",  (dir.path() / "as2org.txt").string()};
}

TEST(StatsSourcesCliTest, AttributeWithMmdbAndAsNames) {
  ScratchDir dir;
  WriteSources(dir);
  WriteText(dir.path() / "items.csv",
            "url,ip\nhttp://a.example/1,192.0.2.5\nhttp://b.example/2,198.51.100.7\n"
            "http://c.example/3,2001:db8::1\nhttp://d.example/4,203.0.113.1\n");
  std::vector<std::string> items = {"stats", "attribute", "--items",
                                    (dir.path() / "items.csv").string()};
  const std::vector<std::string> sources = SourceArguments(dir);
  items.insert(items.end(), sources.begin(), sources.end());
  const auto attributed = RunClearhost(items);
  EXPECT_EQ(attributed.exit_code, 0) << attributed.err;
  EXPECT_NE(attributed.out.find("2,http://a.example/1,192.0.2.5,,NL,ripencc,192.0.2.0/24,64496,"
                                "64496,192.0.2.0/24,pfx2as,Example Hosting B.V.\n"),
            std::string::npos)
      << attributed.out;
  EXPECT_NE(attributed.out.find("3,http://b.example/2,198.51.100.7,,BE,GeoLite2-Country,"
                                "198.51.100.0/24,64497,64497,198.51.100.0/24,GeoLite2-ASN,"
                                "Other Net\n"),
            std::string::npos)
      << attributed.out;
  EXPECT_NE(attributed.out.find("4,http://c.example/3,2001:db8::1,,BE,GeoLite2-Country,"
                                "2001:db8::/32,,,,,\n"),
            std::string::npos)
      << attributed.out;
  EXPECT_NE(attributed.out.find("5,http://d.example/4,203.0.113.1,,,,,,,,,\n"), std::string::npos);

  items.insert(items.end(), {"--by", "network"});
  const auto networks = RunClearhost(items);
  EXPECT_EQ(networks.out,
            "asn,as_name,items,share\n,,2,0.5\n64496,Example Hosting B.V.,1,0.25\n"
            "64497,Other Net,1,0.25\n");
}

TEST(StatsSourcesCliTest, BadDatabasesAndNamesAreClearErrors) {
  ScratchDir dir;
  WriteSources(dir);
  WriteText(dir.path() / "items.csv", "url,ip\nhttp://a.example/1,192.0.2.5\n");
  WriteText(dir.path() / "broken.mmdb", "not a database");
  const std::string items = (dir.path() / "items.csv").string();
  const auto missing =
      RunClearhost({"stats", "attribute", "--items", items, "--mmdb", "/nonexistent/x.mmdb"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/x.mmdb: no such file"), std::string::npos)
      << missing.err;
  const auto broken = RunClearhost(
      {"stats", "attribute", "--items", items, "--mmdb", (dir.path() / "broken.mmdb").string()});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("broken.mmdb: not a readable MaxMind DB"), std::string::npos)
      << broken.err;
  WriteText(dir.path() / "bad-as2org.txt", "64496|x\n");
  const auto names = RunClearhost({"stats", "attribute", "--items", items, "--as-names",
                                   (dir.path() / "bad-as2org.txt").string()});
  EXPECT_EQ(names.exit_code, 1);
  EXPECT_NE(names.err.find("bad-as2org.txt:1: a record without a valid '# format:' line"),
            std::string::npos)
      << names.err;
}

constexpr int64_t kMicros = 1000000;
constexpr int64_t kHour = 3600 * kMicros;

// Four cases from T0 = 2024-01-01T00:00:00Z, as of T0 + 72 h:
//   1 192.0.2.10     received T0,       actioned +2 h, confirmed gone +6 h       removed in 6 h
//   2 192.0.2.20     received T0,       rejected +1 h                            open (72 h)
//   3 198.51.100.7   received T0 + 12 h, actioned +13 h, gone +14 h, re-opened +30 h:
//                    removed in 2 h (the first removal), one re-appearance
//   4 (no IP)        received T0 + 24 h                                          open (48 h)
// All: S(2 h) = 3/4, S(6 h) = 1/2, then only censored times: median 6 h, p90 >= 72 h.
TEST(StatsSourcesCliTest, RemovalFromTheCaseStore) {
  ScratchDir dir;
  WriteSources(dir);
  const int64_t t0 = *stats::ParseTimestamp("2024-01-01T00:00:00Z") * kMicros;
  const auto url = testing::FreshDatabaseUrl("sqlite", dir.path());
  ASSERT_TRUE(url.ok()) << url.status();
  {
    auto database = testing::OpenFreshDatabase("sqlite", dir.path());
    ASSERT_TRUE(database.ok()) << database.status();
    int64_t now = t0;
    cases::CaseStore store(**database, {}, [&now] { return now; });
    const auto intake = [&](const std::string& path, const std::string& ip, int64_t at) {
      cases::Notice notice{.source_type = cases::SourceType::kHotline,
                           .sender = "hotline-nl",
                           .urls = {"https://files.example.net/" + path},
                           .ip = ip,
                           .received_at = at};
      now = at;
      auto opened = store.Intake(notice, "test");
      EXPECT_TRUE(opened.ok()) << opened.status();
      return opened->opened.id;
    };
    const auto move = [&](int64_t id, cases::CaseState to, int64_t at) {
      now = at;
      cases::TransitionRequest request{.to_state = to, .actor = "test"};
      if (to == cases::CaseState::kActioned) request.action = cases::ActionKind::kRemoved;
      if (to == cases::CaseState::kRejected) request.reason = "not ours";
      const auto moved = store.Transition(id, request);
      EXPECT_TRUE(moved.ok()) << moved.status();
    };
    const int64_t one = intake("1.jpg", "192.0.2.10", t0);
    const int64_t two = intake("2.jpg", "192.0.2.20", t0);
    const int64_t three = intake("3.jpg", "198.51.100.7", t0 + 12 * kHour);
    intake("4.jpg", "", t0 + 24 * kHour);
    move(one, cases::CaseState::kActioned, t0 + 2 * kHour);
    move(one, cases::CaseState::kConfirmedGone, t0 + 6 * kHour);
    move(two, cases::CaseState::kRejected, t0 + 1 * kHour);
    move(three, cases::CaseState::kActioned, t0 + 13 * kHour);
    move(three, cases::CaseState::kConfirmedGone, t0 + 14 * kHour);
    move(three, cases::CaseState::kReceived, t0 + 30 * kHour);
  }
  std::vector<std::string> arguments = {"stats", "removal", "--db",
                                        *url,    "--as-of", "2024-01-04T00:00:00Z"};
  const std::vector<std::string> sources = SourceArguments(dir);
  arguments.insert(arguments.end(), sources.begin(), sources.end());
  const auto removal = RunClearhost(arguments);
  EXPECT_EQ(removal.exit_code, 0) << removal.err;
  const std::string as_of = ",2024-01-04T00:00:00Z\n";
  for (const std::string row : {
           "all,,4,1,2,2,6,false,72,true,0.5,0.5,0.5,1",
           "hoster,,1,0.25,0,1,48,true,48,true,0,0,1,0",
           "hoster,Example Hosting B.V.,2,0.5,1,1,6,false,72,true,0.5,0.5,0.5,0",
           "hoster,Other Net,1,0.25,1,0,2,false,2,false,1,1,0,1",
           "network,64496,2,0.5,1,1,6,false,72,true,0.5,0.5,0.5,0",
           "network,64497,1,0.25,1,0,2,false,2,false,1,1,0,1",
       }) {
    EXPECT_NE(removal.out.find(row + as_of), std::string::npos) << row << "\n" << removal.out;
  }

  // Without attribution sources every case is in the "" hoster and network.
  const auto plain =
      RunClearhost({"stats", "removal", "--db", *url, "--as-of", "2024-01-04T00:00:00Z"});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("hoster,,4,1,2,2,6,false,72,true"), std::string::npos) << plain.out;
  EXPECT_EQ(RunClearhost({"stats", "removal"}).exit_code, 2);
  EXPECT_EQ(RunClearhost({"stats", "removal", "--notices", "n.csv", "--mmdb", "x.mmdb"}).exit_code,
            2);
}

}  // namespace
}  // namespace clearhost
