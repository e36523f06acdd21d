#include "lists/plain_list.h"

#include <cerrno>
#include <memory>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/posix_file.h"

namespace clearhost::lists {
namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kHeaderKey = "signal_type";
constexpr size_t kReadChunkBytes = 256 * 1024;
constexpr size_t kMaxQuotedBytes = 40;

std::string_view TrimSpacesAndTabs(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// `text` quoted for a message: C escapes for unprintable bytes, cut after kMaxQuotedBytes.
std::string Quote(std::string_view text) {
  const bool cut = text.size() > kMaxQuotedBytes;
  const std::string escaped = absl::CHexEscape(std::string(text.substr(0, kMaxQuotedBytes)));
  return absl::StrCat("'", escaped, cut ? "...'" : "'");
}

std::string KnownTypeNames() {
  std::string names;
  for (const SignalType type : kAllSignalTypes) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", std::string(SignalTypeName(type)));
  }
  return names;
}

std::string TypeName(SignalType type) {
  return std::string(SignalTypeName(type));
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePointer = std::unique_ptr<std::FILE, FileCloser>;

Result<FilePointer> OpenList(const std::filesystem::path& path) {
  FilePointer file(std::fopen(path.c_str(), "rbe"));  // e: O_CLOEXEC
  if (file == nullptr) return ErrnoStatus(errno, absl::StrCat("cannot open ", path.string()));
  return file;
}

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
      max_line_bytes_(max_line_bytes) {
  summary_.type = type.value_or(SignalType::kPdq);
}

Status PlainListParser::Feed(std::span<const uint8_t> bytes) {
  std::string_view rest(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  while (error_.ok() && !rest.empty()) {
    const size_t newline = rest.find('\n');
    const std::string_view piece = rest.substr(0, newline);
    const bool line_continues = unfinished_line_bytes_ > 0;
    if (newline != std::string_view::npos && !line_continues) {
      EndLine(piece, piece.size());  // the common case: a whole line inside `bytes`, not copied
    } else {
      unfinished_line_bytes_ += piece.size();
      if (unfinished_line_bytes_ <= max_line_bytes_) {
        unfinished_line_.append(piece);
      } else {
        unfinished_line_.clear();  // too long already: only its length matters now
      }
      if (newline != std::string_view::npos) EndLine(unfinished_line_, unfinished_line_bytes_);
    }
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  }
  return error_;
}

Result<PlainListSummary> PlainListParser::Finish() {
  if (error_.ok() && unfinished_line_bytes_ > 0) {
    EndLine(unfinished_line_, unfinished_line_bytes_);
  }
  if (!error_.ok()) return error_;
  return summary_;
}

void PlainListParser::EndLine(std::string_view line, uint64_t length) {
  ++summary_.lines;
  if (length > max_line_bytes_) {
    AddProblem(absl::StrCat("line of ", length, " bytes is over the limit of ", max_line_bytes_,
                            "; skipped"));
  } else {
    ParseLine(line);
  }
  unfinished_line_.clear();
  unfinished_line_bytes_ = 0;
}

void PlainListParser::ParseLine(std::string_view line) {
  if (summary_.lines == 1 && line.starts_with(kUtf8ByteOrderMark)) {
    line.remove_prefix(kUtf8ByteOrderMark.size());
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
    AddProblem(absl::StrCat("NUL byte at character ", nul + 1, ": binary data, not a text list"));
    return;
  }
  line = TrimSpacesAndTabs(line);
  if (line.empty()) return;
  if (line.front() == '#') {
    ParseComment(line.substr(1));
    return;
  }
  seen_entry_ = true;
  const std::string_view hash = line.substr(0, line.find_first_of(", \t"));
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
      AddProblem(absl::StrCat("signal_type ", Quote(value), " after the first entry; the list ",
                              "holds ", TypeName(summary_.type), " (a list holds one type)"));
    }
    return;
  }
  const std::string where = absl::StrCat(display_name_, ":", summary_.lines, ": ");
  if (!type) {
    error_ = absl::InvalidArgumentError(absl::StrCat(where, "unknown signal_type ", Quote(value),
                                                     " (known: ", KnownTypeNames(), ")"));
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
  std::vector<uint8_t> buffer(kReadChunkBytes);
  while (true) {
    errno = 0;
    const size_t got = std::fread(buffer.data(), 1, buffer.size(), file);
    const int read_error = std::ferror(file) ? (errno != 0 ? errno : EIO) : 0;
    CLEARHOST_RETURN_IF_ERROR(parser.Feed(std::span<const uint8_t>(buffer).first(got)));
    if (read_error != 0) {
      return ErrnoStatus(read_error, absl::StrCat("cannot read ", std::string(display_name)));
    }
    if (got < buffer.size()) break;  // end of file
  }
  return parser.Finish();
}

Result<PlainListSummary> ReadPlainListFile(const std::filesystem::path& path,
                                           std::optional<SignalType> type,
                                           const PlainListCallbacks& callbacks) {
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenList(path));
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
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenList(path));
  return LoadPlainList(file.get(), path.string(), type);
}

}  // namespace clearhost::lists
