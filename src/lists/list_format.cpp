#include "lists/list_format.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lists/csv_list.h"
#include "lists/list_io.h"
#include "lists/list_text.h"
#include "lists/plain_list.h"
#include "lists/te_list.h"
#include "lists/vpdq_file.h"

namespace clearhost::lists {
namespace {

// A PlainListParser as a ListParser.
class PlainRecordParser final : public ListParser {
 public:
  PlainRecordParser(std::string_view display_name, const ListReadOptions& options,
                    ListCallbacks callbacks)
      : parser_(display_name, options.plain_type, ToPlainCallbacks(std::move(callbacks)),
                options.max_line_bytes) {}

  Status Feed(std::span<const uint8_t> bytes) override { return parser_.Feed(bytes); }

  Result<ListSummary> Finish() override {
    CLEARHOST_ASSIGN_OR_RETURN(const PlainListSummary summary, parser_.Finish());
    return ListSummary{summary.lines, summary.entries, summary.problems};
  }

 private:
  static PlainListCallbacks ToPlainCallbacks(ListCallbacks callbacks) {
    PlainListCallbacks plain;
    if (callbacks.on_record) {
      plain.on_entry = [on_record = std::move(callbacks.on_record)](const Signal& signal,
                                                                    uint64_t line) {
        ListRecord record;
        record.signal = signal;
        record.line = line;
        return on_record(record);
      };
    }
    plain.on_problem = std::move(callbacks.on_problem);
    return plain;
  }

  PlainListParser parser_;
};

VpdqCallbacks FramesAsRecords(ListCallbacks callbacks) {
  VpdqCallbacks vpdq;
  if (callbacks.on_record) {
    vpdq.on_frame = [on_record = std::move(callbacks.on_record)](const VpdqFrame& frame,
                                                                 uint64_t line) {
      ListRecord record;
      record.signal.type = SignalType::kPdq;
      record.signal.pdq = frame.pdq;
      record.line = line;
      return on_record(record);
    };
  }
  vpdq.on_problem = std::move(callbacks.on_problem);
  return vpdq;
}

}  // namespace

std::string_view ListFormatName(ListFormat format) {
  switch (format) {
    case ListFormat::kPlain:
      return "plain";
    case ListFormat::kTe:
      return "te";
    case ListFormat::kCsv:
      return "csv";
    case ListFormat::kHma:
      return "hma";
    case ListFormat::kVpdq:
      return "vpdq";
  }
  return "unknown";
}

std::optional<ListFormat> ParseListFormatName(std::string_view name) {
  for (const ListFormat format : kAllListFormats) {
    if (absl::EqualsIgnoreCase(std::string(name), std::string(ListFormatName(format)))) {
      return format;
    }
  }
  return std::nullopt;
}

std::unique_ptr<ListParser> MakeListParser(ListFormat format, std::string_view display_name,
                                           const ListReadOptions& options,
                                           ListCallbacks callbacks) {
  switch (format) {
    case ListFormat::kPlain:
      return std::make_unique<PlainRecordParser>(display_name, options, std::move(callbacks));
    case ListFormat::kTe:
      return std::make_unique<TeListParser>(display_name, std::move(callbacks),
                                            options.max_line_bytes);
    case ListFormat::kCsv:
    case ListFormat::kHma:
      return std::make_unique<CsvListParser>(display_name, std::move(callbacks),
                                             options.max_line_bytes);
    case ListFormat::kVpdq:
      return std::make_unique<VpdqFileParser>(display_name, FramesAsRecords(std::move(callbacks)),
                                              options.max_line_bytes);
  }
  return nullptr;
}

Result<ListSummary> ReadList(ListFormat format, std::FILE* file, std::string_view display_name,
                             const ListReadOptions& options, const ListCallbacks& callbacks) {
  const std::unique_ptr<ListParser> parser =
      MakeListParser(format, display_name, options, callbacks);
  CLEARHOST_RETURN_IF_ERROR(FeedFile(file, display_name, [&parser](std::span<const uint8_t> chunk) {
    return parser->Feed(chunk);
  }));
  return parser->Finish();
}

Result<ListSummary> ReadListFile(ListFormat format, const std::filesystem::path& path,
                                 const ListReadOptions& options, const ListCallbacks& callbacks) {
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenListFile(path));
  return ReadList(format, file.get(), path.string(), options, callbacks);
}

Result<ListWriter> ListWriter::Create(ListFormat format) {
  if (format == ListFormat::kVpdq) {
    return absl::InvalidArgumentError(
        "vpdq files are written frame by frame (FormatVpdqFrame), not from list records");
  }
  return ListWriter(format);
}

Status ListWriter::Append(const ListRecord& record, std::string& out) {
  if (format_ == ListFormat::kPlain) {
    if (!plain_type_) plain_type_ = record.signal.type;
    if (record.signal.type != *plain_type_) {
      return absl::InvalidArgumentError(
          absl::StrCat("a plain list holds one signal type: ", TypeName(record.signal.type),
                       " after ", TypeName(*plain_type_), " (write one list per type)"));
    }
  }
  if (!header_written_) AppendHeader(out);
  header_written_ = true;
  switch (format_) {
    case ListFormat::kPlain:
      absl::StrAppend(&out, record.signal.ToHex(), "\n");
      break;
    case ListFormat::kTe:
      out += FormatTeLine(record);
      break;
    case ListFormat::kCsv:
      out += FormatCsvRecord(record);
      break;
    case ListFormat::kHma:
      out += FormatHmaRecord(record);
      break;
    case ListFormat::kVpdq:
      break;  // Create refuses it
  }
  return absl::OkStatus();
}

void ListWriter::Finish(std::string& out) {
  if (!header_written_) AppendHeader(out);
  header_written_ = true;
}

void ListWriter::AppendHeader(std::string& out) const {
  switch (format_) {
    case ListFormat::kPlain:
      if (plain_type_) absl::StrAppend(&out, "# signal_type: ", TypeName(*plain_type_), "\n");
      break;
    case ListFormat::kCsv:
      out += CsvListHeader();
      break;
    case ListFormat::kHma:
      out += HmaExportHeader();
      break;
    case ListFormat::kTe:
    case ListFormat::kVpdq:
      break;
  }
}

}  // namespace clearhost::lists
