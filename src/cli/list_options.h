// Options and messages the list-reading commands (`index build`, `match`) share: the --type
// option and how a bad list line is reported (LIST:LINE: message on stderr).
// Thread-safety: call from the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "lists/plain_list.h"

namespace clearhost::cli {

// Adds `--type pdq|md5|sha1|sha256`, stored in `type` ("" when not given).
void AddListTypeOption(CLI::App& command, std::string& type);

// The --type value as a signal type (nullopt when not given).
std::optional<lists::SignalType> ParseListType(const std::string& type);

// Prints "LIST:LINE: message" to stderr.
void PrintListProblem(std::string_view list, const lists::ListProblem& problem);

}  // namespace clearhost::cli
