// `clearhost notices ingest`: notice intake from the MTA. One message on stdin (a pipe from
// Postfix, procmail or sieve) or every message waiting in a Maildir (--maildir), each opening or
// joining a case (cases/intake/mail_intake.h). Exit codes follow sysexits(3), so the MTA does
// the right thing: 0 accepted or a duplicate, 65 not a notice (kept in the rejected Maildir
// with the reason), 75 the store cannot be written (the MTA retries; nothing is lost).
#include <sysexits.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "cases/intake/mail_intake.h"
#include "cases/intake/maildir.h"
#include "cli/commands.h"
#include "cli/json_line.h"
#include "cli/store_options.h"
#include "core/file_io.h"
#include "core/iso_time.h"

namespace clearhost::cli {
namespace {

namespace fs = std::filesystem;

struct IngestArguments {
  std::string db;
  std::string source;
  std::string source_type = "article16_notice";
  std::string maildir;
  std::string rejected;
};

void Complain(const std::string& what) {
  std::fprintf(stderr, "clearhost notices ingest: %s\n", what.c_str());
}

// "X-Clearhost-Rejected: <reason>" with anything that could end the header field replaced.
std::string RejectionHeader(std::string_view reason) {
  std::string field = "X-Clearhost-Rejected: ";
  for (const char c : reason.substr(0, 900)) {
    field.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  }
  field += "\r\n";
  return field;
}

nlohmann::ordered_json Accepted(const cases::intake::IngestResult& result) {
  return {{"case_id", result.opened.id},       {"duplicate", result.duplicate},
          {"urls", result.opened.notice.urls}, {"deadline", IsoTime(result.opened.deadline)},
          {"format", result.format},           {"report_type", result.report_type},
          {"child_abuse", result.child_abuse}};
}

fs::path RejectedFolder(const IngestArguments& arguments) {
  if (!arguments.rejected.empty()) return arguments.rejected;
  if (!arguments.maildir.empty()) return fs::path(arguments.maildir) / ".rejected";
  return DefaultDatabase().parent_path() / "rejected";
}

Result<cases::intake::NoticeMailOptions> MailOptions(const IngestArguments& arguments) {
  cases::intake::NoticeMailOptions options;
  options.source = arguments.source;
  CLEARHOST_ASSIGN_OR_RETURN(options.source_type, cases::ParseSourceType(arguments.source_type));
  return options;
}

// One message from stdin.
int IngestStdin(const IngestArguments& arguments, cases::intake::MailIntake& intake) {
  const cases::intake::MailLimits limits;
  std::string raw;
  char buffer[1 << 16];
  while (raw.size() <= limits.max_message_bytes) {
    const size_t got = std::fread(buffer, 1, sizeof(buffer), stdin);
    if (got == 0) break;
    raw.append(buffer, got);
  }
  if (std::ferror(stdin)) {
    Complain("cannot read the message from stdin");
    return EX_TEMPFAIL;
  }
  const bool too_large = raw.size() > limits.max_message_bytes;
  Status problem = too_large
                       ? absl::InvalidArgumentError(absl::StrCat(
                             "mail message: over the ", limits.max_message_bytes, "-byte limit"))
                       : Status();
  if (problem.ok()) {
    Result<cases::intake::IngestResult> result = intake.Ingest(raw);
    if (result.ok()) {
      PrintJsonLine(Accepted(*result));
      return EX_OK;
    }
    problem = result.status();
  }
  if (!absl::IsInvalidArgument(problem)) {
    Complain(absl::StrCat("the store cannot take the notice now (the MTA will retry): ",
                          problem.message()));
    return EX_TEMPFAIL;
  }
  Result<fs::path> kept = cases::intake::DeliverToMaildir(
      RejectedFolder(arguments), RejectionHeader(std::string(problem.message())), raw,
      too_large ? stdin : nullptr);
  if (!kept.ok()) {
    Complain(absl::StrCat("not a notice (", problem.message(),
                          "), and it cannot be kept: ", kept.status().message()));
    return EX_TEMPFAIL;
  }
  Complain(absl::StrCat("not a notice: ", problem.message(), " (kept as ", kept->string(), ")"));
  PrintJsonLine(nlohmann::ordered_json{
      {"rejected", true}, {"reason", problem.message()}, {"kept", kept->string()}});
  return EX_DATAERR;
}

struct DrainCounts {
  int64_t messages = 0;
  int64_t accepted = 0;
  int64_t duplicates = 0;
  int64_t rejected = 0;
  int64_t failed = 0;
};

// Every message waiting in --maildir: accepted ones move to its .processed folder, rejected ones
// to the rejected folder (with the reason); a store failure stops the run, the rest waits.
int DrainMaildir(const IngestArguments& arguments, cases::intake::MailIntake& intake) {
  const auto started = std::chrono::steady_clock::now();
  Result<std::vector<fs::path>> messages = cases::intake::MaildirMessages(arguments.maildir);
  if (!messages.ok()) {
    Complain(std::string(messages.status().message()));
    return 1;
  }
  const cases::intake::MailLimits limits;
  const fs::path processed = fs::path(arguments.maildir) / ".processed";
  DrainCounts counts;
  int exit_code = EX_OK;
  for (const fs::path& path : *messages) {
    ++counts.messages;
    Result<std::vector<uint8_t>> bytes = ReadFileLimited(path, limits.max_message_bytes);
    Status problem = bytes.status();
    if (absl::IsResourceExhausted(problem)) {
      problem = absl::InvalidArgumentError(
          absl::StrCat("mail message: over the ", limits.max_message_bytes, "-byte limit"));
    } else if (!problem.ok()) {
      Complain(absl::StrCat(path.string(), ": ", problem.message()));
      ++counts.failed;
      exit_code = 1;
      continue;
    }
    if (problem.ok()) {
      const std::string_view raw(reinterpret_cast<const char*>(bytes->data()), bytes->size());
      Result<cases::intake::IngestResult> result = intake.Ingest(raw);
      if (result.ok()) {
        const Status moved = cases::intake::MoveToMaildir(path, processed);
        if (!moved.ok()) {
          Complain(std::string(moved.message()));
          exit_code = 1;
        }
        ++(result->duplicate ? counts.duplicates : counts.accepted);
        nlohmann::ordered_json line = Accepted(*result);
        line["file"] = path.filename().string();
        PrintJsonLine(line);
        continue;
      }
      problem = result.status();
    }
    if (!absl::IsInvalidArgument(problem)) {
      Complain(absl::StrCat("the store cannot take notices now; ", counts.messages - 1,
                            " done, the rest stays in ", arguments.maildir, ": ",
                            problem.message()));
      exit_code = EX_TEMPFAIL;
      --counts.messages;
      break;
    }
    std::FILE* file = std::fopen(path.c_str(), "rb");
    Result<fs::path> kept = file == nullptr
                                ? Result<fs::path>(absl::NotFoundError(path.string()))
                                : cases::intake::DeliverToMaildir(
                                      RejectedFolder(arguments),
                                      RejectionHeader(std::string(problem.message())), "", file);
    if (file != nullptr) std::fclose(file);
    if (!kept.ok() || ::unlink(path.c_str()) != 0) {
      Complain(absl::StrCat(path.string(), ": not a notice (", problem.message(),
                            ") and it cannot be moved to the rejected folder"));
      ++counts.failed;
      exit_code = 1;
      continue;
    }
    ++counts.rejected;
    PrintJsonLine(nlohmann::ordered_json{{"file", path.filename().string()},
                                         {"rejected", true},
                                         {"reason", problem.message()},
                                         {"kept", kept->string()}});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintJsonLine(nlohmann::ordered_json{
      {"summary",
       {{"messages", counts.messages},
        {"accepted", counts.accepted},
        {"duplicates", counts.duplicates},
        {"rejected", counts.rejected},
        {"failed", counts.failed},
        {"seconds", seconds},
        {"messages_per_second", seconds > 0 ? double(counts.messages) / seconds : 0.0}}}});
  return exit_code;
}

int RunIngest(const IngestArguments& arguments) {
  Result<cases::intake::NoticeMailOptions> options = MailOptions(arguments);
  if (!options.ok()) {
    Complain(std::string(options.status().message()));
    return 2;
  }
  Result<std::unique_ptr<store::SqlConnection>> database = OpenDatabase(arguments.db);
  if (!database.ok()) {
    Complain(
        absl::StrCat("cannot open the store (the MTA will retry): ", database.status().message()));
    return EX_TEMPFAIL;
  }
  cases::CaseStore cases(**database);
  cases::intake::MailIntake intake(**database, cases, *options);
  if (!arguments.maildir.empty()) return DrainMaildir(arguments, intake);
  return IngestStdin(arguments, intake);
}

}  // namespace

void RegisterNoticesIngestCommand(CLI::App& notices, int& exit_code) {
  auto arguments = std::make_shared<IngestArguments>();
  CLI::App* ingest = notices.add_subcommand(
      "ingest",
      "Take notices from e-mail: one RFC 5322 message on stdin (from the MTA), or --maildir");
  ingest->footer(
      "Reads XARF v4 (csam, csem and other types), XARF v3, ARF (RFC 5965) and plain-text\n"
      "hotline notices; prints one JSON object per message (case_id, duplicate, urls,\n"
      "deadline, format, report_type). Exit codes (sysexits): 0 accepted or duplicate, 65 not a\n"
      "notice (kept in the rejected Maildir with an X-Clearhost-Rejected header), 75 the store\n"
      "cannot be written (the MTA retries). docs/cases.md describes the MTA setup.");
  AddDbOption(*ingest, arguments->db);
  ingest->add_option("--source", arguments->source,
                     "The notices' sender as cases record it (default: the reporter's "
                     "organisation or address)");
  ingest->add_option("--source-type", arguments->source_type,
                     "hotline, removal_order, article16_notice, trusted_flagger, "
                     "law_enforcement (article16_notice); sets the deadline");
  ingest
      ->add_option("--maildir", arguments->maildir,
                   "Drain this Maildir (new/ and cur/): accepted messages move to its "
                   ".processed folder")
      ->check(CLI::ExistingDirectory);
  ingest->add_option("--rejected", arguments->rejected,
                     "Maildir for messages that are not notices (default: the Maildir's "
                     ".rejected folder, or 'rejected' beside the default database)");
  ingest->callback([arguments, &exit_code] { exit_code = RunIngest(*arguments); });
}

}  // namespace clearhost::cli
