// The clearhost subcommands: one table that registers each with CLI11 (which also produces
// `--help`). Each command's Register() adds its options and a callback that stores the process
// exit code (0 all good, 1 some inputs failed, 2 usage error).
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string_view>

#include "core/status.h"

namespace clearhost::cli {

struct Command {
  const char* name;
  const char* summary;
  void (*register_options)(CLI::App& command, int& exit_code);
};

// Prints "clearhost lists COMMAND: message" to stderr; returns 1, the exit code.
int ListsFail(std::string_view command, const Status& status);

// Every subcommand, in the order `clearhost --help` lists them.
std::span<const Command> Commands();

void RegisterHashCommand(CLI::App& command, int& exit_code);
void RegisterIndexCommand(CLI::App& command, int& exit_code);
void RegisterMatchCommand(CLI::App& command, int& exit_code);
void RegisterListsCommand(CLI::App& command, int& exit_code);
void RegisterScanCommand(CLI::App& command, int& exit_code);
void RegisterStatsCommand(CLI::App& command, int& exit_code);
void RegisterServeCommand(CLI::App& command, int& exit_code);
void RegisterTokensCommand(CLI::App& command, int& exit_code);
void RegisterAuditCommand(CLI::App& command, int& exit_code);
void RegisterNoticesCommand(CLI::App& command, int& exit_code);
// `notices ingest` and `notices send`, added to the `notices` command.
void RegisterNoticesIngestCommand(CLI::App& notices, int& exit_code);
void RegisterNoticesSendCommand(CLI::App& notices, int& exit_code);
// `lists create|set|show|dispute|confirm`, added to the `lists` command.
void RegisterListsReviewCommands(CLI::App& lists_command, int& exit_code);
// `lists keygen|sign|verify`, added to the `lists` command by RegisterListsCommand.
void RegisterListsSigningCommands(CLI::App& lists_command, int& exit_code);

}  // namespace clearhost::cli
