#include "lists/signed_list.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "lists/list_io.h"

namespace clearhost::lists {

Result<ListSummary> ReadSignedListFile(ListFormat format, const std::filesystem::path& path,
                                       SignatureVerifier& verifier, const ListReadOptions& options,
                                       const ListCallbacks& callbacks) {
  CLEARHOST_ASSIGN_OR_RETURN(const FilePointer file, OpenListFile(path));
  const std::string display_name = path.string();
  const std::unique_ptr<ListParser> parser =
      MakeListParser(format, display_name, options, callbacks);
  CLEARHOST_RETURN_IF_ERROR(FeedFile(file.get(), display_name, [&](std::span<const uint8_t> chunk) {
    verifier.Update(chunk);
    return parser->Feed(chunk);
  }));
  const Result<std::string> trusted_comment = verifier.Finish();
  if (!trusted_comment.ok()) {
    return Status(trusted_comment.status().code(),
                  absl::StrCat(display_name,
                               ": the list's signature does not hold, so the list "
                               "is refused whole: ",
                               std::string(trusted_comment.status().message())));
  }
  return parser->Finish();
}

}  // namespace clearhost::lists
