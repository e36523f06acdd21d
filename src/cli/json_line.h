// How the CLI prints one JSON object per line (JSON Lines) to stdout.
// Thread-safety: call from one thread at a time.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>

namespace clearhost::cli {

// One line of JSON (invalid UTF-8 replaced), newline-terminated, to stdout.
inline void PrintJsonLine(const nlohmann::ordered_json& json) {
  std::printf("%s\n", json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace clearhost::cli
