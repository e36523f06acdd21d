// FileScanner: a picture gives PDQ and digests, an archive its own digests and one item per
// member, anything else its digests streamed; non-regular files, vanished files and files over
// the limits give an error item, never a crash.
#include "scan/file_scanner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_synth.h"
#include "hash/digests.h"
#include "support/test_support.h"
#include "video_synth.h"

namespace clearhost::scan {
namespace {

TEST(FileScanner, HashesAPictureLikeTheHashCommand) {
  testing::ScratchDir dir;
  const auto jpeg = testing::EncodeJpeg(testing::MakeTestPicture(200, 150, 3), 90, false);
  testing::WriteFile(dir.path() / "a.bin", jpeg);
  FileScanner scanner({});
  const auto items = scanner.ScanFile((dir.path() / "a.bin").string());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].error.ok()) << items[0].error;
  EXPECT_EQ(items[0].kind, ContentKind::kImage);
  ASSERT_TRUE(items[0].pdq.has_value());
  hash::FileHasher hasher({});
  const auto expected = hasher.HashBytes(jpeg);
  EXPECT_EQ(items[0].pdq->hash, expected.pdq->hashes[0]);
  EXPECT_EQ(items[0].digests->sha256, expected.digests->sha256);
  EXPECT_EQ(items[0].bytes, jpeg.size());
}

TEST(FileScanner, ScansArchiveMembersAndStreamsOtherFiles) {
  testing::ScratchDir dir;
  const auto png = testing::EncodePng(testing::MakeTestPicture(64, 64, 4));
  const auto zip =
      synth::MakeArchive(synth::ArchiveFormat::kZip, {{"p.png", png}, {"t.txt", {'t', 'x', 't'}}});
  testing::WriteFile(dir.path() / "z", zip);
  std::vector<uint8_t> big(3 << 20);  // streamed in chunks
  for (size_t k = 0; k < big.size(); ++k) big[k] = uint8_t(k * 7);
  testing::WriteFile(dir.path() / "big", big);
  FileScanner scanner({});
  const auto items = scanner.ScanFile((dir.path() / "z").string());
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].kind, ContentKind::kArchive);
  EXPECT_EQ(items[0].digests->sha256, hash::ComputeDigests(zip)->sha256);
  EXPECT_EQ(items[1].path, (dir.path() / "z").string() + "!/p.png");
  EXPECT_TRUE(items[1].pdq.has_value());
  EXPECT_EQ(items[2].kind, ContentKind::kOther);
  EXPECT_EQ(items[2].digests->md5, hash::ComputeDigests(std::vector<uint8_t>{'t', 'x', 't'})->md5);
  const auto streamed = scanner.ScanFile((dir.path() / "big").string());
  ASSERT_EQ(streamed.size(), 1u);
  EXPECT_EQ(streamed[0].digests->sha1, hash::ComputeDigests(big)->sha1);
  EXPECT_EQ(streamed[0].bytes, big.size());
}

TEST(FileScanner, ReportsSpecialVanishedAndOversizedFiles) {
  testing::ScratchDir dir;
  ASSERT_EQ(mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  testing::WriteFile(dir.path() / "pic", testing::EncodePng(testing::MakeTestPicture(64, 64, 5)));
  FileScanOptions options;
  options.hashing.max_file_bytes = 100;
  options.max_digest_bytes = 100;
  testing::WriteFile(dir.path() / "other", std::vector<uint8_t>(1000, 1));
  FileScanner scanner(options);
  const auto fifo = scanner.ScanFile((dir.path() / "fifo").string());
  EXPECT_TRUE(absl::IsFailedPrecondition(fifo[0].error)) << fifo[0].error;
  const auto gone = scanner.ScanFile((dir.path() / "gone").string());
  EXPECT_NE(gone[0].error.message().find("vanished"), std::string_view::npos) << gone[0].error;
  const auto picture = scanner.ScanFile((dir.path() / "pic").string());
  EXPECT_TRUE(absl::IsResourceExhausted(picture[0].error)) << picture[0].error;
  EXPECT_FALSE(picture[0].pdq.has_value());
  const auto other = scanner.ScanFile((dir.path() / "other").string());
  EXPECT_TRUE(absl::IsResourceExhausted(other[0].error)) << other[0].error;
}

}  // namespace
}  // namespace clearhost::scan

namespace clearhost::scan {
namespace {

TEST(FileScanner, HashesAnAnimatedGifAsAPictureAndAVideo) {
  testing::ScratchDir dir;
  synth::VideoSpec spec;
  spec.width = 96;
  spec.height = 64;
  spec.frames = 30;
  spec.fps = 10;
  spec.frames_per_scene = 10;
  spec.codec = "gif";
  spec.container = "gif";
  ASSERT_TRUE(synth::WriteVideo(dir.path() / "animated.gif", spec).ok());
  spec.frames = 1;
  ASSERT_TRUE(synth::WriteVideo(dir.path() / "still.gif", spec).ok());
  FileScanner scanner({});
  const auto animated = scanner.ScanFile((dir.path() / "animated.gif").string());
  ASSERT_EQ(animated.size(), 1u);
  EXPECT_TRUE(animated[0].error.ok()) << animated[0].error;
  EXPECT_EQ(animated[0].kind, ContentKind::kImage);
  EXPECT_TRUE(animated[0].pdq.has_value());
  EXPECT_EQ(animated[0].frames.size(), 3u);  // one a second over 3 s
  const auto still = scanner.ScanFile((dir.path() / "still.gif").string());
  EXPECT_TRUE(still[0].pdq.has_value());
  EXPECT_TRUE(still[0].frames.empty());
}

}  // namespace
}  // namespace clearhost::scan
