#include "cli/list_options.h"

#include <cstdio>

namespace clearhost::cli {

void AddListTypeOption(CLI::App& command, std::string& type) {
  command
      .add_option("--type", type,
                  "Signal type of lists without a `# signal_type:` header: pdq (default), md5, "
                  "sha1 or sha256")
      ->check(CLI::IsMember({"pdq", "md5", "sha1", "sha256"}, CLI::ignore_case));
}

std::optional<lists::SignalType> ParseListType(const std::string& type) {
  if (type.empty()) return std::nullopt;
  return lists::ParseSignalTypeName(type);
}

void PrintListProblem(std::string_view list, const lists::ListProblem& problem) {
  std::fprintf(stderr, "%.*s:%llu: %s\n", int(list.size()), list.data(),
               static_cast<unsigned long long>(problem.line), problem.message.c_str());
}

}  // namespace clearhost::cli
