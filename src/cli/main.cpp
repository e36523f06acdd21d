// The clearhost binary: the library plus this thin entry point.
#include <cstdio>

#include "cli/commands.h"

namespace clearhost::cli {

std::span<const Command> Commands() {
  static constexpr Command kCommands[] = {
      {"hash", "PDQ and MD5/SHA-1/SHA-256 of pictures (files or directories, walked)",
       &RegisterHashCommand},
  };
  return kCommands;
}

}  // namespace clearhost::cli

int main(int argc, char** argv) {
  CLI::App app{
      "clearhost: detect known abuse material by hash, track its removal, measure it.\n"
      "Stores hashes and metadata only, never the content it looks at."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "clearhost 0.1.0");
  int exit_code = 0;
  for (const auto& command : clearhost::cli::Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    command.register_options(*sub, exit_code);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
