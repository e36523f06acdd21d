#include "cli/import_signature.h"

#include <cstdio>

#include "lists/signed_list.h"

namespace clearhost::cli {

void AddImportSignatureOptions(CLI::App& import, ImportSignatureOptions& options) {
  CLI::Option* public_key = import.add_option(
      "--public-key", options.public_key,
      "Import only if the list's minisign signature holds for this public key (a list with a bad "
      "signature is refused whole)");
  import
      .add_option("--signature", options.signature,
                  "The list's signature file (default: FILE.minisig); needs --public-key")
      ->needs(public_key);
}

Result<lists::ListSummary> ReadImportedList(lists::ListFormat format, const std::string& file,
                                            const ImportSignatureOptions& signature_options,
                                            const lists::ListReadOptions& options,
                                            const lists::ListCallbacks& callbacks) {
  if (signature_options.public_key.empty()) {
    return lists::ReadListFile(format, file, options, callbacks);
  }
  const std::string signature =
      signature_options.signature.empty() ? file + ".minisig" : signature_options.signature;
  CLEARHOST_ASSIGN_OR_RETURN(lists::SignatureVerifier verifier,
                             lists::OpenSignatureVerifier(signature_options.public_key, signature));
  CLEARHOST_ASSIGN_OR_RETURN(const lists::ListSummary summary,
                             lists::ReadSignedListFile(format, file, verifier, options, callbacks));
  std::fprintf(stderr, "clearhost lists import: %s: signature OK, trusted comment: %s\n",
               file.c_str(), verifier.signature().trusted_comment.c_str());
  return summary;
}

}  // namespace clearhost::cli
