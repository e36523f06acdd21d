// `clearhost tokens create|revoke|ls`: API tokens for `clearhost serve`.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/store_options.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "server/api_tokens.h"

namespace clearhost::cli {
namespace {

struct TokensArguments {
  std::string db;
  std::string role;
  std::string principal;
  std::string actor;
  int64_t id = 0;
};

int Fail(const char* command, const Status& status) {
  std::fprintf(stderr, "clearhost tokens %s: %s\n", command, std::string(status.message()).c_str());
  return absl::IsInvalidArgument(status) ? 2 : 1;
}

int RunCreate(const TokensArguments& arguments) {
  Result<server::Role> role = server::ParseRole(arguments.role);
  if (!role.ok()) return Fail("create", role.status());
  Result<std::unique_ptr<store::SqlConnection>> database = OpenDatabase(arguments.db);
  if (!database.ok()) return Fail("create", database.status());
  Result<std::string> token = server::CreateToken(**database, *role, arguments.principal,
                                                  Actor(arguments.actor), SystemClockMicros());
  if (!token.ok()) return Fail("create", token.status());
  std::printf("%s\n", token->c_str());
  std::fprintf(stderr,
               "clearhost tokens create: %s token for %s; it is shown only now, keep it safe\n",
               arguments.role.c_str(), arguments.principal.c_str());
  return 0;
}

int RunRevoke(const TokensArguments& arguments) {
  Result<std::unique_ptr<store::SqlConnection>> database = OpenDatabase(arguments.db);
  if (!database.ok()) return Fail("revoke", database.status());
  const Status revoked =
      server::RevokeToken(**database, arguments.id, Actor(arguments.actor), SystemClockMicros());
  if (!revoked.ok()) return Fail("revoke", revoked);
  return 0;
}

int RunList(const TokensArguments& arguments) {
  Result<std::unique_ptr<store::SqlConnection>> database = OpenDatabase(arguments.db);
  if (!database.ok()) return Fail("ls", database.status());
  Result<std::vector<server::TokenInfo>> tokens = server::ListTokens(**database);
  if (!tokens.ok()) return Fail("ls", tokens.status());
  for (const server::TokenInfo& token : *tokens) {
    nlohmann::ordered_json line{
        {"id", token.id},
        {"role", server::RoleName(token.role)},
        {"principal", token.principal},
        {"created_at", IsoTime(token.created_at)},
        {"revoked_at",
         token.revoked_at ? nlohmann::json(IsoTime(*token.revoked_at)) : nlohmann::json(nullptr)}};
    std::printf("%s\n", line.dump().c_str());
  }
  return 0;
}

}  // namespace

void RegisterTokensCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<TokensArguments>();
  command.require_subcommand(1);
  CLI::App* create = command.add_subcommand(
      "create", "Create an API token and print it (once: only its hash is stored)");
  AddDbOption(*create, arguments->db);
  create->add_option("--role", arguments->role, "admin, operator, notifier, regulator, auditor")
      ->required();
  create
      ->add_option("--principal", arguments->principal,
                   "who the token is for, e.g. hotline-nl (notices it sends carry this name)")
      ->required();
  create->add_option("--actor", arguments->actor, "who creates it, for the audit log ($USER)");
  create->callback([arguments, &exit_code] { exit_code = RunCreate(*arguments); });

  CLI::App* revoke = command.add_subcommand("revoke", "Revoke an API token by its id");
  AddDbOption(*revoke, arguments->db);
  revoke->add_option("id", arguments->id, "the token's id (see tokens ls)")->required();
  revoke->add_option("--actor", arguments->actor, "who revokes it, for the audit log ($USER)");
  revoke->callback([arguments, &exit_code] { exit_code = RunRevoke(*arguments); });

  CLI::App* list = command.add_subcommand("ls", "List API tokens (never the tokens themselves)");
  AddDbOption(*list, arguments->db);
  list->callback([arguments, &exit_code] { exit_code = RunList(*arguments); });
}

}  // namespace clearhost::cli
