// `clearhost notices ingest`: notice intake from the MTA. One message on stdin (a pipe from
// Postfix, procmail or sieve) or every message waiting in a Maildir (--maildir), each opening or
// joining a case (cases/intake/mail_intake.h). Exit codes follow sysexits(3), so the MTA does
// the right thing: 0 accepted or a duplicate, 65 not a notice (kept in the rejected Maildir
// with the reason, attachments removed: cases/intake/rejected_copy.h), 75 the store cannot be
// written (the MTA retries; nothing is lost).
#include <sysexits.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "cases/intake/mail_intake.h"
#include "cases/intake/maildir.h"
#include "cases/intake/rejected_copy.h"
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

// Keeps what may be kept of a message that is not a notice (rejected_copy.h) in the rejected
// Maildir, prints the outcome and returns 65, or 75 when it cannot be kept (the MTA retries).
int Reject(const IngestArguments& arguments, std::string_view raw, uint64_t total_bytes,
           const Status& problem, const std::string& file) {
  const std::string reason(problem.message());
  Result<fs::path> kept = cases::intake::DeliverToMaildir(
      RejectedFolder(arguments), cases::intake::RejectedCopy(raw, reason, total_bytes));
  const std::string name = file.empty() ? std::string() : file + ": ";
  if (!kept.ok()) {
    Complain(absl::StrCat(name, "not a notice (", reason,
                          "), and it cannot be kept: ", kept.status().message()));
    return EX_TEMPFAIL;
  }
  Complain(absl::StrCat(name, "not a notice: ", reason, " (kept as ", kept->string(), ")"));
  nlohmann::ordered_json line = {{"rejected", true}, {"reason", reason}, {"kept", kept->string()}};
  if (!file.empty()) line["file"] = file;
  PrintJsonLine(line);
  return EX_DATAERR;
}

Status TooLarge(const cases::intake::MailLimits& limits) {
  return absl::InvalidArgumentError(
      absl::StrCat("mail message: over the ", limits.max_message_bytes, "-byte limit"));
}

// One message from stdin.
int IngestStdin(const IngestArguments& arguments, cases::intake::MailIntake& intake) {
  const cases::intake::MailLimits limits;
  std::string raw;
  uint64_t total = 0;
  char buffer[1 << 16];
  while (true) {
    const size_t got = std::fread(buffer, 1, sizeof(buffer), stdin);
    if (got == 0) break;
    total += got;
    // Beyond the limit only the size is counted: the rest is neither held nor kept.
    if (raw.size() <= limits.max_message_bytes) raw.append(buffer, got);
  }
  if (std::ferror(stdin)) {
    Complain("cannot read the message from stdin (the MTA will retry)");
    return EX_TEMPFAIL;
  }
  if (total > limits.max_message_bytes) return Reject(arguments, raw, total, TooLarge(limits), "");
  Result<cases::intake::IngestResult> result = intake.Ingest(raw);
  if (result.ok()) {
    PrintJsonLine(Accepted(*result));
    return EX_OK;
  }
  if (!absl::IsInvalidArgument(result.status())) {
    Complain(absl::StrCat("the store cannot take the notice now (the MTA will retry): ",
                          result.status().message()));
    return EX_TEMPFAIL;
  }
  return Reject(arguments, raw, total, result.status(), "");
}

struct DrainCounts {
  int64_t accepted = 0;
  int64_t duplicates = 0;
  int64_t rejected = 0;
  int64_t failed = 0;
  int64_t done() const { return accepted + duplicates + rejected; }
};

// The first `limit` bytes of `path` (a message over the size limit).
std::string FileHead(const fs::path& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string head(limit, '\0');
  in.read(head.data(), static_cast<std::streamsize>(limit));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// Every message waiting in --maildir: an accepted one is deleted (its notice is in the store;
// a crash before the delete only makes it a duplicate next time), a rejected one goes to the
// rejected folder; a store failure stops the run and the rest waits.
int DrainMaildir(const IngestArguments& arguments, cases::intake::MailIntake& intake) {
  const auto started = std::chrono::steady_clock::now();
  Result<std::vector<fs::path>> messages = cases::intake::MaildirMessages(arguments.maildir);
  if (!messages.ok()) {
    Complain(std::string(messages.status().message()));
    return 1;
  }
  const cases::intake::MailLimits limits;
  DrainCounts counts;
  int exit_code = EX_OK;
  for (const fs::path& path : *messages) {
    const std::string file = path.filename().string();
    Result<std::vector<uint8_t>> bytes = ReadFileLimited(path, limits.max_message_bytes);
    int outcome = EX_OK;
    if (absl::IsResourceExhausted(bytes.status())) {
      std::error_code error;
      const uint64_t size = fs::file_size(path, error);
      outcome =
          Reject(arguments, FileHead(path, limits.max_message_bytes), size, TooLarge(limits), file);
    } else if (!bytes.ok()) {
      Complain(absl::StrCat(path.string(), ": ", bytes.status().message()));
      ++counts.failed;
      exit_code = 1;
      continue;
    } else {
      const std::string_view raw(reinterpret_cast<const char*>(bytes->data()), bytes->size());
      Result<cases::intake::IngestResult> result = intake.Ingest(raw);
      if (result.ok()) {
        ++(result->duplicate ? counts.duplicates : counts.accepted);
        nlohmann::ordered_json line = Accepted(*result);
        line["file"] = file;
        PrintJsonLine(line);
      } else if (!absl::IsInvalidArgument(result.status())) {
        Complain(absl::StrCat("the store cannot take notices now; ", counts.done(),
                              " done, the rest stays in ", arguments.maildir, ": ",
                              result.status().message()));
        exit_code = EX_TEMPFAIL;
        break;
      } else {
        outcome = Reject(arguments, raw, raw.size(), result.status(), file);
      }
    }
    if (outcome == EX_TEMPFAIL) {
      ++counts.failed;
      exit_code = 1;
      continue;  // not kept: it stays where it is
    }
    if (outcome == EX_DATAERR) ++counts.rejected;
    if (::unlink(path.c_str()) != 0) {
      Complain(absl::StrCat("cannot remove ", path.string(), ": ", std::strerror(errno)));
      exit_code = 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintJsonLine(nlohmann::ordered_json{
      {"summary",
       {{"messages", counts.done() + counts.failed},
        {"accepted", counts.accepted},
        {"duplicates", counts.duplicates},
        {"rejected", counts.rejected},
        {"failed", counts.failed},
        {"seconds", seconds},
        {"messages_per_second", seconds > 0 ? double(counts.done()) / seconds : 0.0}}}});
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
      "notice (kept in the rejected Maildir with an X-Clearhost-Rejected header; attachments\n"
      "are not kept), 75 the store cannot be written (the MTA retries). docs/mail.md has the\n"
      "formats and the MTA setup.");
  AddDbOption(*ingest, arguments->db);
  ingest->add_option("--source", arguments->source,
                     "The notices' sender as cases record it (default: the reporter's "
                     "organisation or address)");
  ingest->add_option("--source-type", arguments->source_type,
                     "hotline, removal_order, article16_notice, trusted_flagger, "
                     "law_enforcement (article16_notice); sets the deadline");
  ingest
      ->add_option("--maildir", arguments->maildir,
                   "Drain this Maildir (new/ and cur/): accepted messages are deleted (their "
                   "notices are in the store), rejected ones kept in the rejected folder")
      ->check(CLI::ExistingDirectory);
  ingest->add_option("--rejected", arguments->rejected,
                     "Maildir for messages that are not notices (default: the Maildir's "
                     ".rejected folder, or 'rejected' beside the default database)");
  ingest->callback([arguments, &exit_code] { exit_code = RunIngest(*arguments); });
}

}  // namespace clearhost::cli
