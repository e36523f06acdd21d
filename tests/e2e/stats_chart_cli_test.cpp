// `clearhost stats chart` and `stats report` on generated data: the SVGs render in headless
// Chromium (Debian's `chromium`, file:// URLs only, no proxy, no network) to a PNG that is not
// blank and shows the highlighted country's colour; the HTML report is self-contained.
#include <gtest/gtest.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "image/image.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::WriteText;

namespace fs = std::filesystem;
using testing::ProgramOnPath;
using testing::ReadFileBytes;
using testing::RunClearhost;
using testing::RunProgram;
using testing::ScratchDir;
using testing::WriteFile;

// Generated counts for 12 made-up-but-valid codes, 3 years; NLD is in the middle.
void WriteRatesInputs(const fs::path& dir) {
  const char* codes[] = {"NLD", "BEL", "DEU", "FRA", "ESP", "ITA",
                         "POL", "SWE", "NOR", "DNK", "FIN", "AUT"};
  std::string reports = "country,iso3,2020,2021,2022\n";
  std::string population = "iso3,year,population\n";
  for (int i = 0; i < 12; ++i) {
    absl::StrAppend(&reports, "Country ", i, ",", codes[i], ",", 1000 + 300 * i, ",",
                    1200 + 250 * i, ",\"", 2, ",", 100 + 10 * i, "\"\n");
    for (const int year : {2020, 2021, 2022}) {
      absl::StrAppend(&population, codes[i], ",", year, ",", 1000000 + 50000 * ((i * 7) % 12),
                      "\n");
    }
  }
  WriteText(dir / "reports.csv", reports);
  WriteText(dir / "population.csv", population);
  WriteText(dir / "notices.csv",
            "url,notified_at,removed_at,hoster,asn\n"
            "http://a.example/1,2024-01-01T00:00:00Z,2024-01-01T00:30:00Z,Hoster A,64496\n"
            "http://a.example/2,2024-01-01T00:00:00Z,2024-01-01T08:00:00Z,Hoster A,64496\n"
            "http://a.example/3,2024-01-01T00:00:00Z,2024-01-02T20:00:00Z,Hoster A,64496\n"
            "http://b.example/1,2024-01-01T00:00:00Z,2024-01-04T00:00:00Z,Hoster B,64497\n"
            "http://b.example/2,2024-01-01T00:00:00Z,,Hoster B,64497\n");
}

struct Screenshot {
  bool made = false;
  image::RgbImage image;
};

Screenshot Render(const fs::path& svg, const fs::path& png, int width, int height) {
  Screenshot shot;
  const auto run = RunProgram(
      {"timeout", "60", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
       "--hide-scrollbars", "--no-proxy-server", "--proxy-bypass-list=*", "--disable-extensions",
       "--no-first-run", absl::StrCat("--window-size=", width, ",", height),
       absl::StrCat("--screenshot=", png.string()), absl::StrCat("file://", svg.string())});
  if (run.exit_code != 0 || !fs::exists(png)) {
    ADD_FAILURE() << "chromium failed (" << run.exit_code << "): " << run.err;
    return shot;
  }
  const std::vector<uint8_t> bytes = ReadFileBytes(png);
  auto decoded = image::DecodeImage(bytes, image::DecodeOptions{});
  if (!decoded.ok()) {
    ADD_FAILURE() << decoded.status();
    return shot;
  }
  shot.made = true;
  shot.image = std::move(decoded->image);
  return shot;
}

// Share of pixels that are not white, and whether a pixel near `colour` appears.
double InkShare(const image::RgbImage& image) {
  size_t ink = 0;
  for (size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    if (image.rgb[i] < 240 || image.rgb[i + 1] < 240 || image.rgb[i + 2] < 240) ++ink;
  }
  return double(ink) / double(image.rgb.size() / 3);
}

bool HasColour(const image::RgbImage& image, int red, int green, int blue) {
  for (size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    if (std::abs(image.rgb[i] - red) <= 6 && std::abs(image.rgb[i + 1] - green) <= 6 &&
        std::abs(image.rgb[i + 2] - blue) <= 6) {
      return true;
    }
  }
  return false;
}

TEST(StatsChartCliTest, ChartsRenderInHeadlessChromium) {
  if (!ProgramOnPath("chromium") || !ProgramOnPath("timeout")) {
    GTEST_SKIP() << "Debian's chromium is not installed (./run installs it)";
  }
  ScratchDir dir;
  WriteRatesInputs(dir.path());
  const std::vector<std::string> inputs = {"--reports", (dir.path() / "reports.csv").string(),
                                           "--population",
                                           (dir.path() / "population.csv").string()};
  const fs::path bar = dir.path() / "bar.svg";
  std::vector<std::string> args = {"stats", "chart", "--kind", "bar",   "--highlight",
                                   "NLD",   "--top", "5",      "--out", bar.string()};
  args.insert(args.end(), inputs.begin(), inputs.end());
  const auto made = RunClearhost(args);
  ASSERT_EQ(made.exit_code, 0) << made.err;

  const Screenshot shot = Render(bar, dir.path() / "bar.png", 960, 300);
  ASSERT_TRUE(shot.made);
  EXPECT_EQ(shot.image.width, 960);
  const double ink = InkShare(shot.image);
  EXPECT_GT(ink, 0.03) << "blank screenshot";
  EXPECT_LT(ink, 0.9);
  EXPECT_TRUE(HasColour(shot.image, 0xd6, 0x27, 0x28)) << "no highlighted bar";
  EXPECT_TRUE(HasColour(shot.image, 0x4e, 0x79, 0xa7)) << "no other bars";

  const fs::path removal = dir.path() / "removal.svg";
  const auto removal_made =
      RunClearhost({"stats", "chart", "--kind", "removal", "--notices",
                    (dir.path() / "notices.csv").string(), "--out", removal.string()});
  ASSERT_EQ(removal_made.exit_code, 0) << removal_made.err;
  const Screenshot removal_shot = Render(removal, dir.path() / "removal.png", 960, 250);
  ASSERT_TRUE(removal_shot.made);
  EXPECT_GT(InkShare(removal_shot.image), 0.03);
  EXPECT_TRUE(HasColour(removal_shot.image, 0x1a, 0x98, 0x50)) << "no '< 1 h' band";
}

TEST(StatsChartCliTest, ReportIsOneSelfContainedHtmlFile) {
  ScratchDir dir;
  WriteRatesInputs(dir.path());
  const fs::path html = dir.path() / "report.html";
  const auto made = RunClearhost(
      {"stats", "report", "--reports", (dir.path() / "reports.csv").string(), "--population",
       (dir.path() / "population.csv").string(), "--notices", (dir.path() / "notices.csv").string(),
       "--from", "2024-01-01", "--to", "2024-02-01", "--out", html.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::vector<uint8_t> bytes = ReadFileBytes(html);
  const std::string text(bytes.begin(), bytes.end());
  EXPECT_NE(text.find("<!DOCTYPE html>"), std::string::npos);
  size_t charts = 0;
  for (size_t at = text.find("<svg "); at != std::string::npos; at = text.find("<svg ", at + 1)) {
    ++charts;
  }
  EXPECT_EQ(charts, 3u);  // rates bar chart, time series, removal bands
  EXPECT_EQ(text.find("<script"), std::string::npos);
  EXPECT_EQ(text.find("src="), std::string::npos);
  EXPECT_EQ(text.find("href="), std::string::npos);
  EXPECT_NE(text.find("Time to removal"), std::string::npos);
  EXPECT_NE(text.find("<td>NLD</td>"), std::string::npos);
}

}  // namespace
}  // namespace clearhost
