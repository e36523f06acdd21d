#include "lists/list_index.h"

#include <random>

#include "absl/strings/str_cat.h"

namespace clearhost::lists {
namespace {

struct Collected {
  std::vector<Hash256> pdq;
  std::vector<uint64_t> pdq_ids;
  std::vector<uint8_t> digests[4];  // by SignalType; kPdq unused
  std::vector<uint64_t> digest_ids[4];
};

}  // namespace

index::DigestType DigestTypeFor(SignalType type) {
  switch (type) {
    case SignalType::kMd5:
      return index::DigestType::kMd5;
    case SignalType::kSha1:
      return index::DigestType::kSha1;
    default:
      return index::DigestType::kSha256;
  }
}

Result<index::IndexSet> BuildListIndexes(
    const std::vector<std::string>& paths, const ListIndexOptions& options,
    const std::function<void(std::string_view list, const ListProblem& problem)>& on_problem,
    ListIndexSummary& summary) {
  if (paths.size() > UINT32_MAX) return absl::InvalidArgumentError("too many lists");
  Collected collected;
  for (uint32_t source = 0; source < paths.size(); ++source) {
    const std::string& path = paths[source];
    PlainListCallbacks callbacks;
    callbacks.on_entry = [&](const Signal& signal, uint64_t line) -> Status {
      if (line > UINT32_MAX) {
        return absl::ResourceExhaustedError(
            absl::StrCat(path, ": more than ", uint64_t{UINT32_MAX}, " lines"));
      }
      const uint64_t id = ListEntryId(source, uint32_t(line));
      const size_t type = size_t(signal.type);
      ++summary.entries[type];
      if (signal.type == SignalType::kPdq) {
        collected.pdq.push_back(signal.pdq);
        collected.pdq_ids.push_back(id);
      } else {
        const auto bytes = signal.digest_bytes();
        collected.digests[type].insert(collected.digests[type].end(), bytes.begin(), bytes.end());
        collected.digest_ids[type].push_back(id);
      }
      return absl::OkStatus();
    };
    callbacks.on_problem = [&](const ListProblem& problem) {
      ++summary.problems;
      if (on_problem) on_problem(path, problem);
    };
    CLEARHOST_RETURN_IF_ERROR(ReadPlainListFile(path, options.type, callbacks).status());
  }
  index::IndexSet set;
  set.sources = paths;
  index::HammingIndex::Options hamming_options;
  hamming_options.build_threads = options.build_threads;
  CLEARHOST_ASSIGN_OR_RETURN(
      set.pdq, index::HammingIndex::Build(collected.pdq, collected.pdq_ids, hamming_options));
  for (const SignalType type : {SignalType::kMd5, SignalType::kSha1, SignalType::kSha256}) {
    const size_t slot = size_t(type);
    if (collected.digest_ids[slot].empty()) continue;
    // A fresh slot-hash seed per build: a crafted list cannot aim at known probe sequences.
    std::random_device entropy;
    const uint64_t seed = uint64_t(entropy()) << 32 | entropy();
    CLEARHOST_ASSIGN_OR_RETURN(
        index::DigestIndex digests,
        index::DigestIndex::Build(DigestTypeFor(type), collected.digests[slot],
                                  collected.digest_ids[slot], seed));
    set.digests.push_back(std::move(digests));
  }
  return set;
}

}  // namespace clearhost::lists
