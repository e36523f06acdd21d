// `clearhost index build --out FILE [--type TYPE] [--jobs N] LIST...`
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/list_options.h"
#include "index/index_file.h"
#include "lists/list_index.h"

namespace clearhost::cli {
namespace {

struct IndexBuildArguments {
  std::string out;
  std::vector<std::string> lists;
  std::string type;
  int jobs = 0;
};

int RunIndexBuild(const IndexBuildArguments& arguments) {
  lists::ListIndexOptions options;
  options.type = ParseListType(arguments.type);
  options.build_threads =
      arguments.jobs > 0 ? arguments.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
  lists::ListIndexSummary summary;
  auto indexes = lists::BuildListIndexes(arguments.lists, options, PrintListProblem, summary);
  if (!indexes.ok()) {
    std::fprintf(stderr, "clearhost index build: %s; %s not written\n",
                 std::string(indexes.status().message()).c_str(), arguments.out.c_str());
    return 1;
  }
  index::IndexFileContents contents;
  contents.sources = indexes->sources;
  const auto pdq = indexes->pdq->snapshot();
  contents.pdq = pdq.get();
  for (const index::DigestIndex& digests : indexes->digests) contents.digests.push_back(&digests);
  const Status written = index::WriteIndexFile(arguments.out, contents);
  if (!written.ok()) {
    std::fprintf(stderr, "clearhost index build: %s\n", std::string(written.message()).c_str());
    return 1;
  }
  std::string counts;
  for (const lists::SignalType type : lists::kAllSignalTypes) {
    if (summary.entries[size_t(type)] == 0) continue;
    absl::StrAppend(&counts, counts.empty() ? "" : ", ", summary.entries[size_t(type)], " ",
                    std::string(lists::SignalTypeName(type)));
  }
  std::fprintf(
      stderr, "clearhost index build: wrote %s: %s from %zu list(s)%s\n", arguments.out.c_str(),
      counts.empty() ? "no entries" : counts.c_str(), arguments.lists.size(),
      summary.problems == 0 ? ""
                            : absl::StrCat("; ", summary.problems, " bad line(s) skipped").c_str());
  return summary.problems == 0 ? 0 : 1;
}

}  // namespace

void RegisterIndexCommand(CLI::App& command, int& exit_code) {
  command.description("Builds and inspects index files (see `clearhost index build --help`).");
  command.require_subcommand(1);
  CLI::App* build = command.add_subcommand(
      "build", "Builds an index file from plain hash lists (one hash per line)");
  auto arguments = std::make_shared<IndexBuildArguments>();
  build->description(
      "Builds an index file from plain hash lists: PDQ hashes and MD5/SHA-1/SHA-256 digests,\n"
      "each list of one type (its `# signal_type:` header, else --type, else pdq). Bad lines\n"
      "are reported as LIST:LINE on stderr and skipped; the index is written from the rest and\n"
      "the exit code is 1. A list that cannot be read fails the build and nothing is written.\n"
      "The file is written atomically: readers see the old index or the new one.");
  build->add_option("--out", arguments->out, "The index file to write")->required();
  build->add_option("lists", arguments->lists, "Plain hash lists")->required();
  AddListTypeOption(*build, arguments->type);
  build->add_option("-j,--jobs", arguments->jobs, "Build threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  build->callback([arguments, &exit_code] { exit_code = RunIndexBuild(*arguments); });
}

}  // namespace clearhost::cli
