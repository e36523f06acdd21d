// The list formats clearhost reads and writes (plain, ThreatExchange local file, CSV, HMA export,
// vPDQ per-frame file), their names, and one entry point to read or write any of them, so that
// `--format NAME` is one call. docs/formats.md specifies each format.
// Thread-safety: parsers and writers are used by one thread at a time; the free functions are
// reentrant and run the callbacks on the calling thread.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "lists/line_splitter.h"
#include "lists/list_record.h"
#include "lists/signal_type.h"

namespace clearhost::lists {

enum class ListFormat : uint8_t { kPlain, kTe, kCsv, kHma, kVpdq };

inline constexpr std::array<ListFormat, 5> kAllListFormats = {
    ListFormat::kPlain, ListFormat::kTe, ListFormat::kCsv, ListFormat::kHma, ListFormat::kVpdq};

// "plain", "te", "csv", "hma" or "vpdq": the names used on the command line.
std::string_view ListFormatName(ListFormat format);

// The format named `name`, in any case; nullopt for an unknown name.
std::optional<ListFormat> ParseListFormatName(std::string_view name);

struct ListReadOptions {
  // plain only: the list's signal type, as for PlainListParser (nullopt: the header's, else pdq).
  std::optional<SignalType> plain_type;
  // Other than kMaxLineBytes for tests and fuzzing.
  size_t max_line_bytes = kMaxLineBytes;
};

// A parser for `format` delivering ListRecords. csv and hma read alike (the header decides the
// columns). vpdq frames are delivered as pdq records (frame number, quality and timestamp are
// dropped: read them with VpdqFileParser).
std::unique_ptr<ListParser> MakeListParser(ListFormat format, std::string_view display_name,
                                           const ListReadOptions& options, ListCallbacks callbacks);

// Reads `file` (a file, a pipe, stdin) to its end with MakeListParser; does not close it.
Result<ListSummary> ReadList(ListFormat format, std::FILE* file, std::string_view display_name,
                             const ListReadOptions& options, const ListCallbacks& callbacks);

// Opens and reads the list at `path`; errors as ReadPlainListFile's.
Result<ListSummary> ReadListFile(ListFormat format, const std::filesystem::path& path,
                                 const ListReadOptions& options, const ListCallbacks& callbacks);

// Writes records in one format's canonical form, appending text to a caller's buffer. vpdq
// files are written from frames (FormatVpdqFrame), so there is no ListWriter for them.
class ListWriter {
 public:
  // InvalidArgument for vpdq.
  static Result<ListWriter> Create(ListFormat format);

  // Appends `record` (and before the first one, the format's header) to `out`. A plain list holds
  // one signal type: a record of another type than the first is an InvalidArgument.
  Status Append(const ListRecord& record, std::string& out);

  // Appends the header when no record was written (an empty csv or hma list still has one).
  void Finish(std::string& out);

 private:
  explicit ListWriter(ListFormat format) : format_(format) {}
  void AppendHeader(std::string& out) const;

  ListFormat format_;
  std::optional<SignalType> plain_type_;  // the first record's
  bool header_written_ = false;
};

}  // namespace clearhost::lists
