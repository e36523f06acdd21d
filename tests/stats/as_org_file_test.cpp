// The CAIDA as2org reader: both sections in either order, names containing '|', an AS whose
// organisation is missing, and bad lines reported with file and line.
#include "stats/as_org_file.h"

#include <gtest/gtest.h>

namespace clearhost::stats {
namespace {

constexpr char kAsOrg[] =
    "# name: AS Org\n"
    "# format:org_id|changed|org_name|country|source\n"
    "ORG-EX1-RIPE|20240101|Example Hosting B.V.|NL|RIPE\n"
    "ORG-PIPE-ARIN|20240101|Pipe | and Sons|US|ARIN\n"
    "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
    "64496|20240101|EXAMPLE-AS|ORG-EX1-RIPE|a_RIPE|RIPE\n"
    "64497|20240101|PIPE-AS|ORG-PIPE-ARIN|b_ARIN|ARIN\r\n"
    "64498|20240101|LONELY-AS|ORG-NONE|c_RIPE|RIPE\n";

TEST(AsOrgFileTest, ReadsBothSectionsAndJoinsThem) {
  const AsOrgFile file = ParseAsOrg(kAsOrg, "as-org2info.txt");
  EXPECT_TRUE(file.problems.empty());
  ASSERT_EQ(file.by_asn.size(), 3u);
  EXPECT_EQ(file.Name(64496), "Example Hosting B.V.");
  EXPECT_EQ(file.by_asn.at(64496).country, "NL");
  EXPECT_EQ(file.by_asn.at(64496).aut_name, "EXAMPLE-AS");
  EXPECT_EQ(file.Name(64497), "Pipe | and Sons");
  EXPECT_EQ(file.Name(64498), "LONELY-AS");  // no organisation line: the AS's own name
  EXPECT_EQ(file.Name(1), "");
}

TEST(AsOrgFileTest, OrganisationsAfterTheAsLines) {
  const AsOrgFile file = ParseAsOrg(
      "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
      "4200000000|20240101|BIG-AS|ORG-1|x|RIPE\n"
      "# format:org_id|changed|org_name|country|source\n"
      "ORG-1|20240101|Late Org|DE|RIPE\n",
      "f");
  EXPECT_TRUE(file.problems.empty());
  EXPECT_EQ(file.Name(4200000000u), "Late Org");
}

TEST(AsOrgFileTest, BadLinesNameFileAndLine) {
  const AsOrgFile file = ParseAsOrg(
      "64496|20240101|EARLY|ORG-1|x|RIPE\n"
      "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
      "AS64496|20240101|BAD|ORG-1|x|RIPE\n"
      "64497|short\n"
      "4294967296|20240101|TOO-BIG|ORG-1|x|RIPE\n"
      "# format:something|else\n"
      "64499|20240101|LOST|ORG-1|x|RIPE\n"
      "# format:org_id|changed|org_name|country|source\n"
      "|20240101|No Id|NL|RIPE\n"
      "ORG-1|x\n",
      "as-org2info.txt");
  std::vector<std::string> problems;
  for (const InputProblem& problem : file.problems) problems.push_back(problem.ToString());
  EXPECT_EQ(problems, (std::vector<std::string>{
                          "as-org2info.txt:1: a record without a valid '# format:' line before it",
                          "as-org2info.txt:3: aut: 'AS64496' is not an AS number",
                          "as-org2info.txt:4: 2 fields, an AS line has 6 "
                          "(aut|changed|aut_name|org_id|opaque_id|source)",
                          "as-org2info.txt:5: aut: '4294967296' is not an AS number",
                          "as-org2info.txt:6: unknown format 'something|else' (expected "
                          "'org_id|changed|org_name|country|source' or "
                          "'aut|changed|aut_name|org_id|opaque_id|source')",
                          "as-org2info.txt:7: a record without a valid '# format:' line before it",
                          "as-org2info.txt:9: empty org_id",
                          "as-org2info.txt:10: 2 fields, an organisation line has 5 "
                          "(org_id|changed|org_name|country|source)"}));
  EXPECT_TRUE(file.by_asn.empty());
}

}  // namespace
}  // namespace clearhost::stats
