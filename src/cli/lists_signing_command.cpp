// `clearhost lists keygen|sign|verify`: signing hash lists for their importers, in minisign's
// formats (docs/formats.md, "Signed lists"); `lists import --public-key` checks the signatures.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "lists/list_io.h"
#include "lists/list_signature.h"
#include "lists/signing_keys.h"

namespace clearhost::cli {
namespace {

namespace fs = std::filesystem;

struct SigningArguments {
  std::string secret_key;
  std::string public_key;
  std::string password_file;
  std::string kdf = "sensitive";
  bool force = false;
  std::string trusted_comment;
  bool has_trusted_comment = false;
  std::string signature;
  std::string list;
};

// The password from --password-file, if given; wiped by the caller.
Result<std::optional<std::string>> Password(const SigningArguments& arguments) {
  if (arguments.password_file.empty()) return std::optional<std::string>();
  CLEARHOST_ASSIGN_OR_RETURN(std::string password,
                             lists::ReadPasswordFile(arguments.password_file));
  return std::optional<std::string>(std::move(password));
}

std::string SignatureFor(const SigningArguments& arguments) {
  return arguments.signature.empty() ? arguments.list + ".minisig" : arguments.signature;
}

int RunKeygen(const SigningArguments& arguments) {
  auto password = Password(arguments);
  if (!password.ok()) return ListsFail("keygen", password.status());
  if (*password && (*password)->empty()) {
    return ListsFail("keygen",
                     absl::InvalidArgumentError(absl::StrCat(arguments.password_file,
                                                             ": the password file's first line is "
                                                             "empty")));
  }
  const auto pair = lists::GenerateKeyPair();
  if (!pair.ok()) return ListsFail("keygen", pair.status());
  const Status written = lists::WriteKeyPairFiles(
      *pair, arguments.secret_key, arguments.public_key,
      *password ? std::optional<std::string_view>(**password) : std::nullopt,
      arguments.kdf == "interactive" ? lists::kInteractiveKdf : lists::kSensitiveKdf,
      arguments.force);
  if (*password) lists::WipeString(**password);
  if (absl::IsAlreadyExists(written)) {
    return ListsFail("keygen", absl::AlreadyExistsError(
                                   absl::StrCat(written.message(), " (--force replaces it)")));
  }
  if (!written.ok()) return ListsFail("keygen", written);
  std::fprintf(
      stderr,
      "clearhost lists keygen: key %s: secret key in %s (%s, mode 0600), public key in "
      "%s\n",
      lists::minisign::KeyIdHex(pair->public_key.key_id).c_str(), arguments.secret_key.c_str(),
      *password ? "encrypted with the password" : "not encrypted", arguments.public_key.c_str());
  return 0;
}

int RunSign(const SigningArguments& arguments) {
  auto password = Password(arguments);
  if (!password.ok()) return ListsFail("sign", password.status());
  auto key = lists::ReadSecretKeyFile(
      arguments.secret_key, *password ? std::optional<std::string_view>(**password) : std::nullopt);
  if (*password) lists::WipeString(**password);
  if (absl::IsFailedPrecondition(key.status())) {
    return ListsFail("sign", absl::FailedPreconditionError(
                                 absl::StrCat(key.status().message(), " (--password-file FILE)")));
  }
  if (!key.ok()) return ListsFail("sign", key.status());
  const auto text = lists::SignFile(*key, arguments.list,
                                    arguments.has_trusted_comment
                                        ? std::optional<std::string>(arguments.trusted_comment)
                                        : std::nullopt,
                                    lists::kDefaultUntrustedComment);
  if (!text.ok()) return ListsFail("sign", text.status());
  const std::string signature = SignatureFor(arguments);
  auto writer = AtomicFileWriter::Create(signature);
  Status written = writer.status();
  if (written.ok()) {
    written.Update(writer->SetPermissions(fs::perms::owner_read | fs::perms::owner_write |
                                          fs::perms::group_read | fs::perms::others_read));
  }
  if (written.ok()) {
    written.Update(writer->Write({reinterpret_cast<const uint8_t*>(text->data()), text->size()}));
  }
  if (written.ok()) written.Update(writer->Commit());
  if (!written.ok()) return ListsFail("sign", written);
  std::fprintf(stderr, "clearhost lists sign: %s: signed with key %s into %s\n",
               arguments.list.c_str(), lists::minisign::KeyIdHex(key->key_id).c_str(),
               signature.c_str());
  return 0;
}

int RunVerify(const SigningArguments& arguments) {
  const auto fail = [&arguments](const Status& status) {
    return ListsFail("verify", Status(status.code(), absl::StrCat(arguments.list, ": ",
                                                                  std::string(status.message()))));
  };
  auto verifier = lists::OpenSignatureVerifier(arguments.public_key, SignatureFor(arguments));
  if (!verifier.ok()) return fail(verifier.status());
  const auto file = lists::OpenListFile(arguments.list);
  if (!file.ok()) return fail(file.status());
  const Status read =
      lists::FeedFile(file->get(), arguments.list, [&verifier](std::span<const uint8_t> chunk) {
        verifier->Update(chunk);
        return absl::OkStatus();
      });
  if (!read.ok()) return fail(read);
  const auto trusted_comment = verifier->Finish();
  if (!trusted_comment.ok()) return fail(trusted_comment.status());
  std::printf("%s: signature OK, trusted comment: %s\n", arguments.list.c_str(),
              trusted_comment->c_str());
  return std::fflush(stdout) == 0 ? 0 : 1;
}

void AddPasswordFileOption(CLI::App& command, SigningArguments& arguments,
                           const char* description) {
  command.add_option("--password-file", arguments.password_file, description);
}

}  // namespace

void RegisterListsSigningCommands(CLI::App& lists_command, int& exit_code) {
  auto arguments = std::make_shared<SigningArguments>();

  CLI::App* keygen =
      lists_command.add_subcommand("keygen", "Make a key pair for signing lists (minisign's)");
  keygen->description(
      "Writes a new Ed25519 key pair in minisign's formats: the secret key (mode 0600; encrypted\n"
      "when --password-file is given, else in the clear like `minisign -W`) and the public key\n"
      "that list importers use. Existing files are kept unless --force.");
  keygen->add_option("--secret-key", arguments->secret_key, "Where to write the secret key")
      ->required();
  keygen->add_option("--public-key", arguments->public_key, "Where to write the public key")
      ->required();
  AddPasswordFileOption(*keygen, *arguments,
                        "Encrypt the secret key with the password on this file's first line");
  keygen
      ->add_option("--kdf", arguments->kdf,
                   "scrypt cost of the encryption: sensitive (default, minisign's: 1 GiB of "
                   "memory, seconds) or interactive (16 MiB)")
      ->check(CLI::IsMember({"sensitive", "interactive"}));
  keygen->add_flag("--force", arguments->force, "Overwrite existing key files");
  keygen->callback([arguments, &exit_code] { exit_code = RunKeygen(*arguments); });

  CLI::App* sign = lists_command.add_subcommand("sign", "Sign a list file (LIST.minisig)");
  sign->description(
      "Writes a minisign signature of LIST (prehashed, \"ED\"), which `clearhost lists verify`,\n"
      "`clearhost lists import --public-key` and `minisign -V` check.");
  sign->add_option("--secret-key", arguments->secret_key, "The secret key file")->required();
  AddPasswordFileOption(*sign, *arguments,
                        "The secret key's password, on this file's first line (when encrypted)");
  sign->add_option("--trusted-comment", arguments->trusted_comment,
                   "The signed comment (default: timestamp:SECONDS<TAB>file:NAME<TAB>hashed)")
      ->each([arguments](const std::string&) { arguments->has_trusted_comment = true; });
  sign->add_option("--signature", arguments->signature,
                   "Where to write the signature (default: LIST.minisig)");
  sign->add_option("list", arguments->list, "The list file")->required();
  sign->callback([arguments, &exit_code] { exit_code = RunSign(*arguments); });

  CLI::App* verify =
      lists_command.add_subcommand("verify", "Check a list file's signature (LIST.minisig)");
  verify->description(
      "Checks LIST against its minisign signature and the publisher's public key; prints\n"
      "\"LIST: signature OK, trusted comment: ...\" (exit 0) or the reason it fails (exit 1).");
  verify->add_option("--public-key", arguments->public_key, "The publisher's public key file")
      ->required();
  verify->add_option("--signature", arguments->signature,
                     "The signature file (default: LIST.minisig)");
  verify->add_option("list", arguments->list, "The list file")->required();
  verify->callback([arguments, &exit_code] { exit_code = RunVerify(*arguments); });
}

}  // namespace clearhost::cli
