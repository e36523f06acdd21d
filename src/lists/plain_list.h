// Reading plain hash lists: one hash per line, `#` comments, and an optional
// `# signal_type: TYPE` header; docs/formats.md ("Plain hash list") is the specification.
//
// Reading streams: memory stays bounded by kMaxLineBytes whatever the list's length, so lists of
// 100M lines and pipes are fine. A bad line does not stop the read: it becomes a ListProblem and
// the rest of the list still loads. The whole list is refused only for an I/O error, a header
// naming an unknown type or contradicting the caller or itself, or an error from a callback.
// Thread-safety: a PlainListParser is used by one thread at a time; the free functions are
// reentrant and run the callbacks on the calling thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"
#include "lists/line_splitter.h"
#include "lists/signal_type.h"

namespace clearhost::lists {

// One bad line: its 1-based number and what is wrong with it (without file name or line).
struct ListProblem {
  uint64_t line = 0;
  std::string message;

  friend bool operator==(const ListProblem&, const ListProblem&) = default;
};

struct PlainListCallbacks {
  // Each valid entry in list order, with its 1-based line. A non-OK Status stops the read and is
  // what the read returns.
  std::function<Status(const Signal& signal, uint64_t line)> on_entry;
  // Each bad line in list order (every one: keeping them is the caller's choice). May be empty.
  std::function<void(const ListProblem& problem)> on_problem;
};

struct PlainListSummary {
  SignalType type = SignalType::kPdq;  // the caller's type, else the header's, else pdq
  uint64_t lines = 0;                  // lines read, a last one without line feed included
  uint64_t entries = 0;                // valid entries passed to on_entry
  uint64_t problems = 0;               // bad lines passed to on_problem
};

// The parser under every reader below: Feed() the list's bytes in pieces of any size (lines may
// span pieces), then Finish() once. The result does not depend on how the bytes were split.
class PlainListParser {
 public:
  // `display_name` names the list in errors; `type` is the caller's type, if it has one.
  // `max_line_bytes` other than kMaxLineBytes is for tests and fuzzing.
  PlainListParser(std::string_view display_name, std::optional<SignalType> type,
                  PlainListCallbacks callbacks, size_t max_line_bytes = kMaxLineBytes);

  // Parses every line that `bytes` completes and keeps the unfinished last one. An error
  // (a refused header, or one from on_entry) is final: every later call returns it.
  Status Feed(std::span<const uint8_t> bytes);

  // Parses the last line when the list does not end with a line feed.
  Result<PlainListSummary> Finish();

 private:
  Status EndLine(const SplitLine& line);
  void ParseLine(std::string_view line);
  void ParseComment(std::string_view comment);
  void AddProblem(std::string message);

  const std::string display_name_;
  const std::optional<SignalType> requested_type_;
  const PlainListCallbacks callbacks_;
  LineSplitter splitter_;
  std::optional<SignalType> declared_type_;  // by a header line before the first entry
  uint64_t declared_line_ = 0;
  bool seen_entry_ = false;  // a hash line, valid or not: the header is over
  PlainListSummary summary_;
  Status error_;
};

// Parses a list held in memory.
Result<PlainListSummary> ParsePlainList(std::span<const uint8_t> bytes,
                                        std::string_view display_name,
                                        std::optional<SignalType> type,
                                        const PlainListCallbacks& callbacks);

// Reads `file` (a file, a pipe, stdin) to its end; does not close it. A read error is an
// error naming `display_name` and the OS's reason (see ErrnoStatus in core/posix_file.h).
Result<PlainListSummary> ReadPlainList(std::FILE* file, std::string_view display_name,
                                       std::optional<SignalType> type,
                                       const PlainListCallbacks& callbacks);

// Opens and reads the list at `path`. "-" is an ordinary file name here: reading stdin is the
// caller's business (ReadPlainList(stdin, ...)). NotFound, PermissionDenied, FailedPrecondition
// (a directory) and DataLoss (a read error) name the path.
Result<PlainListSummary> ReadPlainListFile(const std::filesystem::path& path,
                                           std::optional<SignalType> type,
                                           const PlainListCallbacks& callbacks);

// At most this many problems are kept in a PlainList; all are counted.
inline constexpr size_t kMaxKeptProblems = 1000;

// A whole list in memory, in list order.
struct PlainList {
  SignalType type = SignalType::kPdq;
  std::vector<Hash256> pdq;           // the entries of a pdq list
  std::vector<uint8_t> digests;       // those of a digest list: SignalByteLength(type) bytes each
  std::vector<uint32_t> lines;        // the line of each entry
  std::vector<ListProblem> problems;  // the first kMaxKeptProblems bad lines
  uint64_t problem_count = 0;         // all bad lines

  size_t size() const { return lines.size(); }
  // Entry i of a digest list.
  std::span<const uint8_t> digest(size_t i) const {
    const size_t length = SignalByteLength(type);
    return std::span<const uint8_t>(digests).subspan(i * length, length);
  }
};

// ReadPlainList / ReadPlainListFile collecting into a PlainList. Lists with entries past line
// 4294967295 are refused (ResourceExhausted): stream those.
Result<PlainList> LoadPlainList(std::FILE* file, std::string_view display_name,
                                std::optional<SignalType> type);
Result<PlainList> LoadPlainListFile(const std::filesystem::path& path,
                                    std::optional<SignalType> type);

}  // namespace clearhost::lists
