// `clearhost lists import --public-key FILE [--signature SIG]`: the options that make an import
// check the list's signature (lists/signed_list.h), and the read that checks it on the very bytes
// it imports. A list whose signature does not hold is an error, so the import transaction is
// rolled back and nothing of it is kept.
// Thread-safety: call from the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/status.h"
#include "lists/list_format.h"

namespace clearhost::cli {

struct ImportSignatureOptions {
  std::string public_key;  // empty: the list is not checked
  std::string signature;   // empty: LIST.minisig
};

// Adds --public-key and --signature to `import`.
void AddImportSignatureOptions(CLI::App& import, ImportSignatureOptions& options);

// Reads `file` like lists::ReadListFile; with a --public-key, checks its signature on the bytes
// read and prints "FILE: signature OK, trusted comment: ..." to stderr when it holds.
Result<lists::ListSummary> ReadImportedList(lists::ListFormat format, const std::string& file,
                                            const ImportSignatureOptions& signature_options,
                                            const lists::ListReadOptions& options,
                                            const lists::ListCallbacks& callbacks);

}  // namespace clearhost::cli
