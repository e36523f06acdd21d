#include "hash/digests.h"

#include <gtest/gtest.h>

#include <string_view>

namespace clearhost::hash {
namespace {

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

TEST(DigestsTest, KnownVectorsForAbc) {
  auto digests = ComputeDigests(Bytes("abc"));
  ASSERT_TRUE(digests.ok()) << digests.status();
  EXPECT_EQ(digests->md5, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(digests->sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(digests->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestsTest, EmptyInput) {
  auto digests = ComputeDigests({});
  ASSERT_TRUE(digests.ok());
  EXPECT_EQ(digests->md5, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(digests->sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DigestsTest, IncrementalEqualsOneShot) {
  Digester digester;
  digester.Update(Bytes("a"));
  digester.Update(Bytes("bc"));
  auto incremental = digester.Finish();
  ASSERT_TRUE(incremental.ok());
  EXPECT_EQ(incremental->sha1, ComputeDigests(Bytes("abc"))->sha1);
}

}  // namespace
}  // namespace clearhost::hash
