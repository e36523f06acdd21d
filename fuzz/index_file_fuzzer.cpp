// libFuzzer target: arbitrary bytes as an index file (docs/formats.md, "Index file"). Loading
// must refuse damage with an error, never crash, hang or read out of bounds; whatever loads must
// answer searches and digest lookups safely.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "index/index_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The loader maps files, so each input goes through a scratch file of this process.
  static const std::string path = "/tmp/clearhost-index-fuzz-" + std::to_string(getpid()) + ".idx";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  const bool written = std::fwrite(data, 1, size, file) == size;
  std::fclose(file);
  if (!written) return 0;
  auto loaded = clearhost::index::LoadIndexFile(path, {});
  if (!loaded.ok()) return 0;
  std::vector<clearhost::index::Match> matches;
  clearhost::Hash256 ones;
  for (auto& word : ones.words()) word = ~uint64_t{0};
  const auto snapshot = loaded->pdq->snapshot();
  snapshot->Search(clearhost::Hash256(), 31, matches);
  snapshot->Search(ones, 64, matches);
  std::vector<uint64_t> ids;
  const uint8_t digest[32] = {};
  for (const auto& digests : loaded->digests) {
    digests.Find(std::span<const uint8_t>(digest, clearhost::index::DigestSize(digests.type())),
                 ids);
  }
  return 0;
}
