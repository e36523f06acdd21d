#include "video/video_sniff.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clearhost::video {
namespace {

VideoContainer Sniff(const std::string& head) {
  const std::vector<uint8_t> bytes(head.begin(), head.end());
  return SniffVideoContainer(bytes);
}

TEST(VideoSniff, RecognisesContainersByMagic) {
  EXPECT_EQ(Sniff(std::string("\0\0\0\x20"
                              "ftypisom\0\0\x02\0",
                              16)),
            VideoContainer::kMp4);
  EXPECT_EQ(Sniff(std::string("\0\0\0\x14"
                              "ftypqt  \0\0\0\0",
                              16)),
            VideoContainer::kMp4);
  EXPECT_EQ(Sniff(std::string("\0\0\0\x08"
                              "moov\0\0\0\0",
                              12)),
            VideoContainer::kMp4);
  EXPECT_EQ(Sniff("\x1A\x45\xDF\xA3\x9F\x42\x86\x81"), VideoContainer::kMatroska);
  EXPECT_EQ(Sniff(std::string("RIFF\x10\0\0\0AVI LIST", 16)), VideoContainer::kAvi);
  EXPECT_EQ(Sniff(std::string("FLV\x01\x05\0\0\0\x09", 9)), VideoContainer::kFlv);
  EXPECT_EQ(Sniff(std::string("OggS\0\x02", 6)), VideoContainer::kOgg);
  EXPECT_EQ(Sniff(std::string("\x30\x26\xB2\x75\x8E\x66\xCF\x11\xA6\xD9", 10)),
            VideoContainer::kAsf);
  EXPECT_EQ(Sniff(std::string("\0\0\x01\xBA\x44\0\x04", 7)), VideoContainer::kMpegPs);
  EXPECT_EQ(Sniff(std::string("GIF89a\x10\0\x10\0", 10)), VideoContainer::kGif);
  std::string ts(3 * 188, '\xff');
  ts[0] = ts[188] = ts[376] = 0x47;
  EXPECT_EQ(Sniff(ts), VideoContainer::kMpegTs);
}

TEST(VideoSniff, RefusesPicturesAndOtherFiles) {
  EXPECT_EQ(Sniff(std::string("\0\0\0\x18"
                              "ftypheic\0\0\0\0",
                              16)),
            VideoContainer::kUnknown);
  EXPECT_EQ(Sniff(std::string("\0\0\0\x1c"
                              "ftypavif\0\0\0\0",
                              16)),
            VideoContainer::kUnknown);
  EXPECT_EQ(Sniff(std::string("\0\0\0\x14"
                              "ftypjp2 \0\0\0\0",
                              16)),
            VideoContainer::kUnknown);
  EXPECT_EQ(Sniff(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), VideoContainer::kUnknown);
  EXPECT_EQ(Sniff("\xFF\xD8\xFF\xE0"), VideoContainer::kUnknown);
  EXPECT_EQ(Sniff(""), VideoContainer::kUnknown);
  std::string almost_ts(3 * 188, '\0');
  almost_ts[0] = almost_ts[188] = 0x47;
  EXPECT_EQ(Sniff(almost_ts), VideoContainer::kUnknown);
  EXPECT_FALSE(LooksLikeVideo(std::vector<uint8_t>{'h', 'i'}));
  EXPECT_EQ(VideoContainerName(VideoContainer::kMatroska), "matroska");
}

}  // namespace
}  // namespace clearhost::video
