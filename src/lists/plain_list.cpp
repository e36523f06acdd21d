#include "lists/plain_list.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lists/list_io.h"
#include "lists/list_text.h"

namespace clearhost::lists {
namespace {

constexpr std::string_view kHeaderKey = "signal_type";

// Callbacks that append to `list`; `display_name` names the list in errors.
PlainListCallbacks CollectInto(PlainList& list, std::string_view display_name) {
  return {
      .on_entry = [&list, display_name](const Signal& signal, uint64_t line) -> Status {
        if (line > UINT32_MAX) {
          return absl::ResourceExhaustedError(
              absl::StrCat(std::string(display_name), ":", line,
                           ": entries past line 4294967295 cannot be loaded whole; stream them"));
        }
        if (signal.type == SignalType::kPdq) {
          list.pdq.push_back(signal.pdq);
        } else {
          const std::span<const uint8_t> bytes = signal.digest_bytes();
          list.digests.insert(list.digests.end(), bytes.begin(), bytes.end());
        }
        list.lines.push_back(uint32_t(line));
        return absl::OkStatus();
      },
      .on_problem =
          [&list](const ListProblem& problem) {
            if (list.problems.size() < kMaxKeptProblems) list.problems.push_back(problem);
          },
  };
}

}  // namespace

PlainListParser::PlainListParser(std::string_view display_name, std::optional<SignalType> type,
                                 PlainListCallbacks callbacks, size_t max_line_bytes)
    : display_name_(display_name),
      requested_type_(type),
      callbacks_(std::move(callbacks)),
      splitter_(max_line_bytes) {
  summary_.type = type.value_or(SignalType::kPdq);
}

Status PlainListParser::Feed(std::span<const uint8_t> bytes) {
  if (!error_.ok()) return error_;
  error_ = splitter_.Feed(bytes, [this](const SplitLine& line) { return EndLine(line); });
  return error_;
}

Result<PlainListSummary> PlainListParser::Finish() {
  if (error_.ok()) {
    error_ = splitter_.Finish([this](const SplitLine& line) { return EndLine(line); });
  }
  if (!error_.ok()) return error_;
  return summary_;
}

Status PlainListParser::EndLine(const SplitLine& line) {
  summary_.lines = line.number;
  if (line.length > splitter_.max_line_bytes()) {
    AddProblem(absl::StrCat("line of ", line.length, " bytes is over the limit of ",
                            splitter_.max_line_bytes(), "; skipped"));
  } else {
    ParseLine(LineText(line.text, line.number));
  }
  return error_;
}

void PlainListParser::ParseLine(std::string_view line) {
  if (std::string nul = NulByteProblem(line); !nul.empty()) {
    AddProblem(std::move(nul));
    return;
  }
  line = TrimSpacesAndTabs(line);
  if (line.empty()) return;
  if (line.front() == '#') {
    ParseComment(line.substr(1));
    return;
  }
  seen_entry_ = true;
  // The hash ends at the first comma, space or tab (a plain loop: find_first_of calls memchr
  // once per character, a seventh of a 10M-line import).
  size_t end = 0;
  while (end < line.size() && line[end] != ',' && line[end] != ' ' && line[end] != '\t') ++end;
  const std::string_view hash = line.substr(0, end);
  Result<Signal> signal = ParseSignal(summary_.type, hash);
  if (!signal.ok()) {
    AddProblem(std::string(signal.status().message()));
    return;
  }
  ++summary_.entries;
  if (callbacks_.on_entry) error_ = callbacks_.on_entry(*signal, summary_.lines);
}

void PlainListParser::ParseComment(std::string_view comment) {
  comment = TrimSpacesAndTabs(comment);
  if (comment.size() < kHeaderKey.size() ||
      !absl::EqualsIgnoreCase(std::string(comment.substr(0, kHeaderKey.size())),
                              std::string(kHeaderKey))) {
    return;  // an ordinary comment
  }
  std::string_view rest = TrimSpacesAndTabs(comment.substr(kHeaderKey.size()));
  if (rest.empty() || rest.front() != ':') return;
  const std::string_view value = TrimSpacesAndTabs(rest.substr(1));
  const std::optional<SignalType> type = ParseSignalTypeName(value);
  if (seen_entry_) {
    // A later header (lists concatenated?) may repeat the list's type, never change it.
    if (type != summary_.type) {
      AddProblem(absl::StrCat("signal_type ", QuoteForMessage(value),
                              " after the first entry; the list ", "holds ",
                              TypeName(summary_.type), " (a list holds one type)"));
    }
    return;
  }
  const std::string where = absl::StrCat(display_name_, ":", summary_.lines, ": ");
  if (!type) {
    error_ = absl::InvalidArgumentError(absl::StrCat(
        where, "unknown signal_type ", QuoteForMessage(value), " (known: ", KnownTypeNames(), ")"));
  } else if (declared_type_ && *declared_type_ != *type) {
    error_ = absl::InvalidArgumentError(absl::StrCat(where, "the header declares signal_type ",
                                                     TypeName(*type), " but line ", declared_line_,
                                                     " declared ", TypeName(*declared_type_)));
  } else if (requested_type_ && *requested_type_ != *type) {
    error_ = absl::InvalidArgumentError(
        absl::StrCat(where, "the header declares signal_type ", TypeName(*type), " but ",
                     TypeName(*requested_type_), " was asked for; refusing the list"));
  } else if (!declared_type_) {
    declared_type_ = type;
    declared_line_ = summary_.lines;
    summary_.type = *type;
  }
}

void PlainListParser::AddProblem(std::string message) {
  ++summary_.problems;
  if (callbacks_.on_problem) callbacks_.on_problem({summary_.lines, std::move(message)});
}

Result<PlainListSummary> ParsePlainList(std::span<const uint8_t> bytes,
                                        std::string_view display_name,
                                        std::optional<SignalType> type,
                                        const PlainListCallbacks& callbacks) {
  PlainListParser parser(display_name, type, callbacks);
  CLEARHOST_RETURN_IF_ERROR(parser.Feed(bytes));
  return parser.Finish();
}

Result<PlainListSummary> ReadPlainList(std::FILE* file, std::string_view display_name,
                                       std::optional<SignalType> type,
                                       const PlainListCallbacks& callbacks) {
  PlainListParser parser(display_name, type, callbacks);
  CLEARHOST_RETURN_IF_ERROR(FeedFile(file, display_name, [&parser](std::span<const uint8_t> chunk) {
    return parser.Feed(chunk);
  }));
  return parser.Finish();
}

Result<PlainListSummary> ReadPlainListFile(const std::filesystem::path& path,
                                           std::optional<SignalType> type,
                                           const PlainListCallbacks& callbacks) {
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenListFile(path));
  return ReadPlainList(file.get(), path.string(), type, callbacks);
}

Result<PlainList> LoadPlainList(std::FILE* file, std::string_view display_name,
                                std::optional<SignalType> type) {
  PlainList list;
  CLEARHOST_ASSIGN_OR_RETURN(
      const PlainListSummary summary,
      ReadPlainList(file, display_name, type, CollectInto(list, display_name)));
  list.type = summary.type;
  list.problem_count = summary.problems;
  return list;
}

Result<PlainList> LoadPlainListFile(const std::filesystem::path& path,
                                    std::optional<SignalType> type) {
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenListFile(path));
  return LoadPlainList(file.get(), path.string(), type);
}

}  // namespace clearhost::lists
