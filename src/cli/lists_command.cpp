// `clearhost lists import|export|ls|rm|enable|disable ...`: hash-list banks
// in the store.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/import_signature.h"
#include "cli/json_line.h"
#include "cli/list_options.h"
#include "cli/store_options.h"
#include "lists/list_format.h"
#include "server/bank_json.h"
#include "store/bank_store.h"

namespace clearhost::cli {
namespace {

struct ListsArguments {
  std::string db;
  std::string bank;
  std::string format = "plain";
  std::string type;
  std::string kind = "block";
  std::string actor;
  bool replace = false;
  ImportSignatureOptions signature;
  std::string file;
};

int RunImport(const ListsArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail("import", bank_store.status());
  const lists::ListFormat format = *lists::ParseListFormatName(arguments.format);
  const std::string actor = Actor(arguments.actor);
  const bool new_bank = absl::IsNotFound(bank_store->GetBank(arguments.bank).status());
  if (new_bank) {
    store::BankSettings settings;
    settings.name = arguments.bank;
    settings.kind = arguments.kind == "allow" ? store::BankKind::kAllow : store::BankKind::kBlock;
    settings.source = arguments.file;
    auto created = bank_store->CreateBank(settings, actor);
    if (!created.ok()) return ListsFail("import", created.status());
    std::fprintf(stderr, "clearhost lists import: created %s bank %s\n", arguments.kind.c_str(),
                 arguments.bank.c_str());
  }
  lists::ListReadOptions options;
  options.plain_type = ParseListType(arguments.type);
  uint64_t rejected = 0;
  const auto source = [&](const store::EntrySink& sink) -> Status {
    lists::ListCallbacks callbacks;
    callbacks.on_record = [&](const lists::ListRecord& record) { return sink(record.signal); };
    callbacks.on_problem = [&](const lists::ListProblem& problem) {
      ++rejected;
      PrintListProblem(arguments.file, problem);
    };
    return ReadImportedList(format, arguments.file, arguments.signature, options, callbacks)
        .status();
  };
  const auto summary = bank_store->ImportEntries(
      arguments.bank, source, actor,
      arguments.replace ? store::ImportMode::kReplace : store::ImportMode::kMerge);
  if (!summary.ok()) {
    // A bank created for an import that did not happen is removed again.
    if (new_bank) (void)bank_store->RemoveBank(arguments.bank, actor);
    return ListsFail("import", summary.status());
  }
  std::fprintf(stderr,
               "clearhost lists import: bank %s: %lld added, %lld unchanged, %lld removed, "
               "%llu line(s) rejected\n",
               arguments.bank.c_str(), static_cast<long long>(summary->added),
               static_cast<long long>(summary->unchanged), static_cast<long long>(summary->removed),
               static_cast<unsigned long long>(rejected));
  return rejected == 0 ? 0 : 1;
}

int RunExport(const ListsArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail("export", bank_store.status());
  auto writer = lists::ListWriter::Create(*lists::ParseListFormatName(arguments.format));
  if (!writer.ok()) return ListsFail("export", writer.status());
  // Streamed in the store's order: by signal type name, then signal.
  std::string out;
  const auto walked =
      bank_store->LiveEntries(arguments.bank, [&](const store::LiveEntry& entry) -> Status {
        lists::ListRecord record;
        record.signal = entry.signal;
        CLEARHOST_RETURN_IF_ERROR(writer->Append(record, out));
        if (out.size() > (1 << 16)) {
          std::fwrite(out.data(), 1, out.size(), stdout);
          out.clear();
        }
        return Status();
      });
  if (!walked.ok()) return ListsFail("export", walked.status());
  writer->Finish(out);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

int RunList(const ListsArguments& arguments) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail("ls", bank_store.status());
  const auto banks = bank_store->ListBanks();
  if (!banks.ok()) return ListsFail("ls", banks.status());
  for (const store::Bank& bank : *banks) PrintJsonLine(server::BankJson(bank));
  return 0;
}

int RunChange(const ListsArguments& arguments, std::string_view command) {
  auto bank_store = OpenStore(arguments.db);
  if (!bank_store.ok()) return ListsFail(command, bank_store.status());
  const std::string actor = Actor(arguments.actor);
  const Status status = command == "rm"
                            ? bank_store->RemoveBank(arguments.bank, actor)
                            : bank_store->SetEnabled(arguments.bank, command == "enable", actor);
  return status.ok() ? 0 : ListsFail(command, status);
}

void AddBankOption(CLI::App& command, ListsArguments& arguments) {
  command.add_option("--bank", arguments.bank, "Bank name")->required();
}

CLI::Option* AddFormatOption(CLI::App& command, ListsArguments& arguments) {
  return command
      .add_option("--format", arguments.format,
                  "plain (default), te, csv, hma or vpdq (see docs/formats.md)")
      ->check(CLI::IsMember({"plain", "te", "csv", "hma", "vpdq"}, CLI::ignore_case));
}

}  // namespace

void RegisterListsCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<ListsArguments>();
  command.description("Hash-list banks in the store (each subcommand takes --db sqlite:FILE).");
  command.require_subcommand(1);
  CLI::App* import_command = command.add_subcommand("import", "Import a list file into a bank");
  import_command->description(
      "Imports FILE into --bank (created when new) in one transaction: re-importing changes\n"
      "nothing; --replace also removes entries the file no longer has. Rejected lines are\n"
      "printed as FILE:LINE: reason and the exit code is 1; the other entries are imported.");
  AddDbOption(*import_command, arguments->db);
  AddBankOption(*import_command, *arguments);
  AddFormatOption(*import_command, *arguments);
  AddListTypeOption(*import_command, arguments->type);
  import_command->add_option("--kind", arguments->kind, "block (default) or allow, for a new bank")
      ->check(CLI::IsMember({"block", "allow"}));
  import_command->add_flag("--replace", arguments->replace,
                           "Remove the bank's entries that the file does not hold");
  import_command->add_option("--actor", arguments->actor,
                             "Who imports (default: $USER), for the audit");
  AddImportSignatureOptions(*import_command, arguments->signature);
  import_command->add_option("file", arguments->file, "The list file")->required();
  import_command->callback([arguments, &exit_code] { exit_code = RunImport(*arguments); });

  CLI::App* export_command =
      command.add_subcommand("export", "Write a bank's live entries to stdout");
  AddDbOption(*export_command, arguments->db);
  AddBankOption(*export_command, *arguments);
  AddFormatOption(*export_command, *arguments);
  export_command->callback([arguments, &exit_code] { exit_code = RunExport(*arguments); });

  CLI::App* list = command.add_subcommand("ls", "List the banks (JSON Lines)");
  AddDbOption(*list, arguments->db);
  list->callback([arguments, &exit_code] { exit_code = RunList(*arguments); });

  for (const char* name : {"rm", "enable", "disable"}) {
    CLI::App* change = command.add_subcommand(
        name, std::string(name) == "rm" ? "Delete a bank and its entries"
                                        : absl::StrCat(std::string(name), " a bank for matching"));
    AddDbOption(*change, arguments->db);
    AddBankOption(*change, *arguments);
    change->add_option("--actor", arguments->actor, "Who does it (default: $USER)");
    change->callback([arguments, &exit_code, name] { exit_code = RunChange(*arguments, name); });
  }
  RegisterListsReviewCommands(command, exit_code);
  RegisterListsSigningCommands(command, exit_code);
}

}  // namespace clearhost::cli
