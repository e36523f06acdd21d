// `clearhost lists create|set|show|dispute|confirm`: a bank's settings, what it holds, and
// feedback on its entries. Every change is audited with --actor (default $USER).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/commands.h"
#include "cli/json_line.h"
#include "cli/list_options.h"
#include "cli/store_options.h"
#include "server/bank_json.h"

namespace clearhost::cli {
namespace {

struct ReviewArguments {
  std::string db;
  std::string bank;
  std::string actor;
  // Settings (create, set): only those given change.
  std::string kind = "block";
  std::optional<int> distance;
  std::optional<int> min_quality;
  std::optional<int> flood_files;
  std::optional<int64_t> flood_window;
  std::optional<std::string> source;
  std::optional<std::string> labels;
  // Entries (show, dispute, confirm).
  std::string type;
  std::string reason;
  std::vector<std::string> signals;
  std::vector<int64_t> entry_ids;
  int64_t audit = 10;
};

void ApplySettings(const ReviewArguments& arguments, store::BankSettings& settings) {
  if (arguments.distance) settings.match_distance = *arguments.distance;
  if (arguments.min_quality) settings.min_quality = *arguments.min_quality;
  if (arguments.flood_files) settings.flood_files = *arguments.flood_files;
  if (arguments.flood_window) settings.flood_window_seconds = *arguments.flood_window;
  if (arguments.source) settings.source = *arguments.source;
  if (arguments.labels) {
    settings.labels = absl::StrSplit(*arguments.labels, ',', absl::SkipEmpty());
  }
}

// The signal a HASH argument names: --type, else by length (32 md5, 40 sha1, 64 pdq).
Result<lists::Signal> ParseHashArgument(const std::string& text, const std::string& type) {
  std::optional<lists::SignalType> signal_type = ParseListType(type);
  if (!signal_type) {
    signal_type = text.size() == 32   ? lists::SignalType::kMd5
                  : text.size() == 40 ? lists::SignalType::kSha1
                                      : lists::SignalType::kPdq;
  }
  Result<lists::Signal> signal = lists::ParseSignal(*signal_type, text);
  if (!signal.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(text, ": ", signal.status().message()));
  }
  return signal;
}

int RunCreate(const ReviewArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail("create", bank_store.status());
  store::BankSettings settings;
  settings.name = arguments.bank;
  settings.kind = arguments.kind == "allow" ? store::BankKind::kAllow : store::BankKind::kBlock;
  ApplySettings(arguments, settings);
  const auto created = bank_store->CreateBank(settings, Actor(arguments.actor));
  if (!created.ok()) return ListsFail("create", created.status());
  PrintJsonLine(server::BankJson(*created));
  return 0;
}

int RunSet(const ReviewArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail("set", bank_store.status());
  auto bank = bank_store->GetBank(arguments.bank);
  if (!bank.ok()) return ListsFail("set", bank.status());
  ApplySettings(arguments, bank->settings);
  const Status updated = bank_store->UpdateBankSettings(bank->settings, Actor(arguments.actor));
  if (!updated.ok()) return ListsFail("set", updated);
  bank = bank_store->GetBank(arguments.bank);
  if (!bank.ok()) return ListsFail("set", bank.status());
  PrintJsonLine(server::BankJson(*bank));
  return 0;
}

// Without HASH or --entry-id: the bank and its latest changes. With them: each entry's history.
int RunShow(const ReviewArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail("show", bank_store.status());
  const auto bank = bank_store->GetBank(arguments.bank);
  if (!bank.ok()) return ListsFail("show", bank.status());
  if (arguments.signals.empty() && arguments.entry_ids.empty()) {
    nlohmann::ordered_json json = server::BankJson(*bank);
    const auto audit = bank_store->AuditLog(arguments.bank, arguments.audit);
    if (!audit.ok()) return ListsFail("show", audit.status());
    json["changes"] = nlohmann::ordered_json::array();
    for (const store::AuditRecord& record : *audit)
      json["changes"].push_back(server::AuditJson(record));
    PrintJsonLine(json);
    return 0;
  }
  int exit_code = 0;
  for (const std::string& text : arguments.signals) {
    const auto signal = ParseHashArgument(text, arguments.type);
    const auto entries = signal.ok() ? bank_store->FindEntries(arguments.bank, *signal)
                                     : Result<std::vector<store::EntryRecord>>(signal.status());
    if (!entries.ok()) {
      exit_code = ListsFail("show", entries.status());
      continue;
    }
    if (entries->empty()) {
      exit_code = ListsFail("show", absl::NotFoundError(absl::StrCat("bank ", arguments.bank,
                                                                     " has never held ", text)));
    }
    for (const store::EntryRecord& entry : *entries) PrintJsonLine(server::EntryJson(entry));
  }
  for (const int64_t id : arguments.entry_ids) {
    const auto entry = bank_store->GetEntry(id);
    if (!entry.ok() || !entry->has_value() || (*entry)->bank != arguments.bank) {
      exit_code = ListsFail("show", entry.ok() ? absl::NotFoundError(absl::StrCat(
                                                     "bank ", arguments.bank, " has no entry ", id))
                                               : entry.status());
      continue;
    }
    PrintJsonLine(server::EntryJson(**entry));
  }
  return exit_code;
}

// dispute / confirm each HASH and --entry-id; those that fail are named, the others done.
int RunFeedback(const ReviewArguments& arguments, store::EntryStatus status,
                std::string_view command) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail(command, bank_store.status());
  if (arguments.signals.empty() && arguments.entry_ids.empty()) {
    std::fprintf(stderr, "clearhost lists %.*s: give at least one HASH or --entry-id\n",
                 int(command.size()), command.data());
    return 2;
  }
  const std::string actor = Actor(arguments.actor);
  int exit_code = 0;
  for (const std::string& text : arguments.signals) {
    const auto signal = ParseHashArgument(text, arguments.type);
    const Status done = signal.ok() ? bank_store->SetEntryStatus(arguments.bank, *signal, status,
                                                                 arguments.reason, actor)
                                    : signal.status();
    if (!done.ok()) exit_code = ListsFail(command, done);
  }
  for (const int64_t id : arguments.entry_ids) {
    const auto entry = bank_store->GetEntry(id);
    const Status done =
        !entry.ok() ? entry.status()
        : !entry->has_value() || (*entry)->bank != arguments.bank
            ? absl::NotFoundError(absl::StrCat("bank ", arguments.bank, " has no entry ", id))
            : bank_store->SetEntryStatusById(id, status, arguments.reason, actor);
    if (!done.ok()) exit_code = ListsFail(command, done);
  }
  return exit_code;
}

void AddCommon(CLI::App& command, ReviewArguments& arguments, bool changes) {
  AddDbOption(command, arguments.db);
  command.add_option("--bank", arguments.bank, "Bank name")->required();
  if (changes) {
    command.add_option("--actor", arguments.actor, "Who does it (default: $USER), for the audit");
  }
}

void AddSettings(CLI::App& command, ReviewArguments& arguments) {
  command.add_option("--distance", arguments.distance, "PDQ match distance, 0-256 (default 31)");
  command.add_option("--min-quality", arguments.min_quality,
                     "PDQ queries below this quality are reported, not acted on (default 50)");
  command.add_option("--flood-files", arguments.flood_files,
                     "Hold an entry's matches once it matched more than this many distinct "
                     "files within the flood window (default 50; 0: off)");
  command.add_option("--flood-window", arguments.flood_window,
                     "The flood guard's window in seconds (default 86400)");
  command.add_option("--source", arguments.source, "Where the list comes from (free text)");
  command.add_option("--labels", arguments.labels, "Comma-separated labels, e.g. csam,hotline");
}

void AddEntries(CLI::App& command, ReviewArguments& arguments) {
  command.add_option("hash", arguments.signals,
                     "Entries by hash: 32 hex digits md5, 40 sha1, 64 pdq (sha256: --type)");
  command
      .add_option("--entry-id", arguments.entry_ids, "Entries by id (as `match --db` prints them)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  AddListTypeOption(command, arguments.type);
}

}  // namespace

void RegisterListsReviewCommands(CLI::App& lists_command, int& exit_code) {
  auto arguments = std::make_shared<ReviewArguments>();

  CLI::App* create = lists_command.add_subcommand("create", "Create an empty bank");
  AddCommon(*create, *arguments, /*changes=*/true);
  create->add_option("--kind", arguments->kind, "block (default) or allow (an allowlist)")
      ->check(CLI::IsMember({"block", "allow"}));
  AddSettings(*create, *arguments);
  create->callback([arguments, &exit_code] { exit_code = RunCreate(*arguments); });

  CLI::App* set = lists_command.add_subcommand("set", "Change a bank's settings");
  AddCommon(*set, *arguments, /*changes=*/true);
  AddSettings(*set, *arguments);
  set->callback([arguments, &exit_code] { exit_code = RunSet(*arguments); });

  CLI::App* show = lists_command.add_subcommand(
      "show", "A bank and its latest changes, or the history of some of its entries (JSON)");
  AddCommon(*show, *arguments, /*changes=*/false);
  AddEntries(*show, *arguments);
  show->add_option("--changes", arguments->audit, "How many of the latest changes (default 10)");
  show->callback([arguments, &exit_code] { exit_code = RunShow(*arguments); });

  CLI::App* dispute = lists_command.add_subcommand(
      "dispute", "Mark entries disputed: they stop matching until confirmed");
  AddCommon(*dispute, *arguments, /*changes=*/true);
  AddEntries(*dispute, *arguments);
  dispute->add_option("--reason", arguments->reason, "Why (kept in the entry and the audit log)")
      ->required();
  dispute->callback([arguments, &exit_code] {
    exit_code = RunFeedback(*arguments, store::EntryStatus::kDisputed, "dispute");
  });

  CLI::App* confirm = lists_command.add_subcommand(
      "confirm", "Mark entries confirmed: they match again and the flood guard spares them");
  AddCommon(*confirm, *arguments, /*changes=*/true);
  AddEntries(*confirm, *arguments);
  confirm->add_option("--reason", arguments->reason, "Why (kept in the entry and the audit log)");
  confirm->callback([arguments, &exit_code] {
    exit_code = RunFeedback(*arguments, store::EntryStatus::kConfirmed, "confirm");
  });
}

}  // namespace clearhost::cli
