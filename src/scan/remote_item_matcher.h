// The scanner's remote mode (`clearhost scan --server URL --token T`): matching through a
// `clearhost serve` instead of a local index, so many hosts can scan against one set of banks.
// Each scanned item's signals (its PDQ hash with its quality, the PDQ hash of each sampled video
// frame with quality >= min_frame_quality, its three digests; never content) go to the server as
// one POST /v1/match batch, naming the file's SHA-256 for the flood guard; the answer's
// matches, with the server's verdicts, become ItemMatch records as a local bank matcher makes.
// A server that cannot be reached is retried with backoff; then the error stops the scan, which
// resumes from its --state.
// Thread-safety: used by one thread at a time, like every ItemMatcher.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "scan/api_client.h"
#include "scan/item_matcher.h"

namespace clearhost::scan {

struct RemoteMatchOptions {
  ApiClient::Options server{};
  std::vector<std::string> banks{};  // only these block banks' matches; all when empty
  std::optional<int> radius{};       // replaces each bank's match_distance
  int min_frame_quality = 50;
};

// Checks the server and the token first (GET /v1/whoami): a wrong URL, an unreachable server or
// a refused token is an error here, before the scan starts.
Result<std::unique_ptr<ItemMatcher>> MakeRemoteItemMatcher(RemoteMatchOptions options);

}  // namespace clearhost::scan
