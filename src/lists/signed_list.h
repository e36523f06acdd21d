// Reading a list file that must carry a good signature (lists/list_signature.h): the bytes the
// parser reads are the bytes the signature is checked against, in one pass, so that nothing can
// change the file between the check and the parse. The signature is only known to hold at the
// end: callers deliver records into something they can undo (an import transaction) and undo it
// on error.
// Thread-safety: reentrant; the callbacks run on the calling thread.
#pragma once

#include <filesystem>

#include "core/status.h"
#include "lists/list_format.h"
#include "lists/list_signature.h"

namespace clearhost::lists {

// Reads the list at `path` like ReadListFile while feeding every chunk to `verifier`. When the
// signature does not hold, returns the verifier's error prefixed by the list's name (after the
// callbacks have seen the records: undo them).
Result<ListSummary> ReadSignedListFile(ListFormat format, const std::filesystem::path& path,
                                       SignatureVerifier& verifier, const ListReadOptions& options,
                                       const ListCallbacks& callbacks);

}  // namespace clearhost::lists
