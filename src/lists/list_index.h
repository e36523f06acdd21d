// Building servable indexes from hash lists: what `clearhost index build` writes to a file and
// `clearhost match --list` serves from memory. PDQ entries go to a HammingIndex, digests to one
// DigestIndex per type. Each entry's id is source number << 32 | line number, so a match leads
// back to the list and line it came from.
// Thread-safety: BuildListIndexes runs the problem callback on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "index/index_file.h"
#include "lists/plain_list.h"

namespace clearhost::lists {

// The id of the entry on `line` of source `source`, and back.
constexpr uint64_t ListEntryId(uint32_t source, uint32_t line) {
  return uint64_t{source} << 32 | line;
}
constexpr uint32_t ListEntrySource(uint64_t id) {
  return uint32_t(id >> 32);
}
constexpr uint32_t ListEntryLine(uint64_t id) {
  return uint32_t(id);
}

// The digest index type that holds signals of `type` (md5, sha1 or sha256).
index::DigestType DigestTypeFor(SignalType type);

struct ListIndexOptions {
  // The lists' signal type when their header does not say (default pdq).
  std::optional<SignalType> type;
  int build_threads = 1;
};

struct ListIndexSummary {
  uint64_t entries[4] = {};  // by SignalType
  uint64_t problems = 0;     // bad lines, all reported through on_problem
};

// Reads every list in `paths` (source numbers in this order) and builds the indexes. Bad lines
// go to `on_problem` with the list's path and are skipped; a list that cannot be read at all
// (missing, a directory, a read error, a conflicting header) fails the whole build, so an index
// never silently lacks a list.
Result<index::IndexSet> BuildListIndexes(
    const std::vector<std::string>& paths, const ListIndexOptions& options,
    const std::function<void(std::string_view list, const ListProblem& problem)>& on_problem,
    ListIndexSummary& summary);

}  // namespace clearhost::lists
