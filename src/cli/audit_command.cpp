// `clearhost audit verify`: checks the hash-chained audit log in the store.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "cli/commands.h"
#include "cli/store_options.h"
#include "store/audit_chain.h"

namespace clearhost::cli {
namespace {

struct AuditArguments {
  std::string db;
  std::string expect_head;
};

int RunVerify(const AuditArguments& arguments) {
  Result<std::unique_ptr<store::SqlConnection>> database = OpenDatabase(arguments.db);
  Result<store::AuditVerification> verification =
      database.ok() ? store::VerifyAuditChain(**database)
                    : Result<store::AuditVerification>(database.status());
  if (!verification.ok()) {
    std::fprintf(stderr, "clearhost audit verify: %s\n",
                 std::string(verification.status().message()).c_str());
    return 1;
  }
  nlohmann::ordered_json result{{"intact", !verification->broken_at.has_value()},
                                {"records", verification->records},
                                {"unchained_records", verification->unchained},
                                {"head_id", verification->head_id},
                                {"head_hash", verification->head_hash}};
  int exit_code = 0;
  if (verification->broken_at) {
    result["broken_at"] = *verification->broken_at;
    result["problem"] = verification->problem;
    std::fprintf(stderr, "clearhost audit verify: the audit log is broken at record %lld: %s\n",
                 static_cast<long long>(*verification->broken_at), verification->problem.c_str());
    exit_code = 1;
  }
  if (!arguments.expect_head.empty()) {
    // A head noted earlier must still be in the chain, or records were cut from its end.
    const size_t colon = arguments.expect_head.find(':');
    int64_t id = 0;
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(arguments.expect_head.substr(0, colon), &id)) {
      std::fprintf(stderr, "clearhost audit verify: --expect-head %s: expected ID:HASH\n",
                   arguments.expect_head.c_str());
      return 2;
    }
    Result<bool> present =
        store::AuditRecordIs(**database, id, arguments.expect_head.substr(colon + 1));
    if (!present.ok()) {
      std::fprintf(stderr, "clearhost audit verify: %s\n",
                   std::string(present.status().message()).c_str());
      return 1;
    }
    result["expected_head_present"] = *present;
    if (!*present) {
      std::fprintf(stderr,
                   "clearhost audit verify: record %lld is no longer in the log with the hash "
                   "noted: records were deleted from the end or rewritten\n",
                   static_cast<long long>(id));
      exit_code = 1;
    }
  }
  std::printf("%s\n", result.dump().c_str());
  return exit_code;
}

}  // namespace

void RegisterAuditCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<AuditArguments>();
  command.require_subcommand(1);
  CLI::App* verify = command.add_subcommand(
      "verify",
      "Check the audit log's hash chain: any edited or deleted record is found (exit 1); prints "
      "the head hash to keep elsewhere");
  AddDbOption(*verify, arguments->db);
  verify->add_option("--expect-head", arguments->expect_head,
                     "ID:HASH of a head printed earlier, which must still be in the log");
  verify->callback([arguments, &exit_code] { exit_code = RunVerify(*arguments); });
}

}  // namespace clearhost::cli
