// libFuzzer target: arbitrary bytes as a MaxMind .mmdb file opened through our wrapper
// (src/stats/mmdb_database.h: libmaxminddb's open, our kind probe and field reading). Must never
// crash, hang or exceed memory: every failure is a Status naming the file, and a found network
// contains the address looked up.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "stats/mmdb_database.h"

namespace {

using namespace clearhost;
using namespace clearhost::stats;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

struct ScratchFile {
  std::string path = "/tmp/clearhost_mmdb_fuzz_" + std::to_string(getpid()) + ".mmdb";
  ~ScratchFile() { std::remove(path.c_str()); }
};

}  // namespace

// libmaxminddb 1.7.1 leaks its metadata parse buffers when the languages array holds a
// non-string (MMDB_open returns an error without freeing them): a library leak, bounded per
// failed open, not ours. LeakSanitizer is told to ignore allocations from the library only.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libmaxminddb.so\n";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // libmaxminddb opens files only: one scratch file per process, rewritten for each input and
  // removed at exit.
  static const ScratchFile scratch;
  const std::string& path = scratch.path;
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  const bool written = std::fwrite(data, 1, size, file) == size;
  if (std::fclose(file) != 0 || !written) return 0;
  auto database = MmdbDatabase::Open(path);
  if (!database.ok()) {
    Check(std::string(database.status().message()).rfind(path, 0) == 0);
    return 0;
  }
  for (const char* text : {"192.0.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::"}) {
    const IpAddress address = *ParseIpAddress(text);
    const auto match = (*database)->Lookup(address);
    if (!match.ok()) {
      Check(std::string(match.status().message()).rfind(path, 0) == 0);
      continue;
    }
    if (!match->has_value()) continue;
    const IpPrefix& network = (*match)->network;
    Check(network.start.v6 == address.v6 && network.length <= (address.v6 ? 128 : 32));
    Check((*database)->kind() != MmdbKind::kCountry || (*match)->country.size() == 2);
  }
  return 0;
}
