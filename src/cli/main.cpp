// The clearhost binary: the library plus this thin entry point.
#include <malloc.h>

#include <cstdio>

#include "cli/commands.h"

namespace clearhost::cli {

int ListsFail(std::string_view command, const Status& status) {
  std::fprintf(stderr, "clearhost lists %.*s: %s\n", int(command.size()), command.data(),
               std::string(status.message()).c_str());
  return 1;
}

std::span<const Command> Commands() {
  static constexpr Command kCommands[] = {
      {"hash", "PDQ and MD5/SHA-1/SHA-256 of pictures (files or directories, walked)",
       &RegisterHashCommand},
      {"lists",
       "Hash-list banks in the store: import, export, ls, show, create, set, rm, enable, disable, "
       "dispute, confirm, keygen, sign, verify",
       &RegisterListsCommand},
      {"index", "Build index files from hash lists (`index build --out FILE LIST...`)",
       &RegisterIndexCommand},
      {"match", "Match hashes or files against an index file or lists, with distances",
       &RegisterMatchCommand},
      {"scan",
       "Scan trees and archives for known material: hash, match, report, quarantine; "
       "incremental and resumable with --state",
       &RegisterScanCommand},
      {"stats",
       "Measurement: rates per 10,000 inhabitants, hosting attribution, removal times, charts, "
       "HTML report",
       &RegisterStatsCommand},
      {"serve",
       "The notice-and-takedown HTTP API: intake, cases, deadlines, DSA statements and reports",
       &RegisterServeCommand},
      {"notices",
       "Notices by e-mail: ingest (XARF, ARF, hotline text, from the MTA) and send (XARF v4 "
       "notices, re-notices, escalations and decisions over SMTP)",
       &RegisterNoticesCommand},
      {"tokens", "API tokens for serve: create (printed once), revoke, ls", &RegisterTokensCommand},
      {"audit", "Verify the hash-chained audit log (`audit verify`)", &RegisterAuditCommand},
  };
  return kCommands;
}

}  // namespace clearhost::cli

int main(int argc, char** argv) {
  // Picture and file buffers of up to 32 MiB come from malloc's arenas and stay there after
  // free, instead of being mapped and unmapped per file: with several worker threads every
  // unmap costs page faults and cross-core TLB shootdowns (measured: --jobs 2 scaled 1.2x
  // without this).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
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
