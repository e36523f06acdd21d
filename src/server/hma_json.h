// The shapes of Meta's Hasher-Matcher-Actioner (HMA, "OpenMediaMatch") API that the /h/, /m/
// and /c/ routes speak (docs/hma.md): its signal type and content type names, bank names and
// bank JSON, the match and compare shapes, and the parsing of its request values, mapped onto
// clearhost's signal types and banks.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "lists/signal_type.h"
#include "scan/bank_matcher.h"
#include "store/bank_store.h"

namespace clearhost::server::hma {

// HMA's content types: what an upload's form field or a fetched URL is hashed as.
enum class ContentType { kPhoto, kVideo };

// "photo" or "video".
std::string_view ContentTypeName(ContentType type);
// InvalidArgument "no such content_type: 'x'" for anything else.
Result<ContentType> ParseContentType(std::string_view name);
// The content type of a fetched URL: `hint` (the content_type parameter) when given, else from
// its MIME type (image/... photo, video/... video); InvalidArgument otherwise.
Result<ContentType> ContentTypeOf(std::string_view mime_type, std::string_view hint);

// HMA's signal type names: "pdq" (clearhost pdq) and "video_md5" (clearhost md5). "md5" is
// accepted as another name of video_md5. InvalidArgument "No such SignalType 'x'" otherwise.
Result<lists::SignalType> ParseSignalType(std::string_view name);
// A hash of an HMA signal type in its text form (surrounding spaces and case ignored, as HMA's
// validators do); InvalidArgument "invalid signal: ..." when malformed.
Result<lists::Signal> ParseSignalValue(std::string_view type_name, std::string_view text);

// The signal types a content type is hashed into ("pdq" for photos, "video_md5" for videos),
// narrowed to the comma-separated `types` parameter when given. InvalidArgument for a name
// the content type does not produce, or for a selection that names none.
Result<std::vector<std::string>> SignalTypesFor(ContentType content,
                                                const std::optional<std::string>& types);

// HMA bank names: [A-Z_][A-Z0-9_]* (upper snake case). InvalidArgument otherwise.
Status CheckBankName(std::string_view name);
// {"name", "matching_enabled_ratio"}: 1.0 for an enabled bank, 0.0 for a disabled one.
nlohmann::ordered_json BankJson(const store::Bank& bank);
// Whether a bank is enabled from HMA's "enabled_ratio" (0 or 1; clearhost has no coin flip, so
// a fraction is InvalidArgument) or "enabled" (a boolean); nullopt when the body has neither.
Result<std::optional<bool>> EnabledFromBody(const nlohmann::json& body);

// HMA's boolean query values: true/1 or false/0 in any case; InvalidArgument otherwise.
Result<bool> ParseBool(std::string_view text);
// The banks of a comma-separated `banks` parameter; nullopt when it is absent or empty.
std::optional<std::set<std::string>> ParseBankList(const std::optional<std::string>& banks);

// {"bank_content_id": entry id, "distance": "d"} (HMA gives the distance as a string).
nlohmann::ordered_json MatchJson(const scan::BankMatch& match);

// Checks the optional "metadata" of a content upload: an object with only content_id
// (string), content_uri (string) and json (object), each possibly null.
Status CheckContentMetadata(const nlohmann::json& metadata);

// POST /m/compare: for each {"<signal type>": [left, right]}, [matched, {"distance": d}] for
// PDQ (matched when d <= 31, HMA's threshold) and [equal, {}] for digests.
Result<nlohmann::ordered_json> CompareSignals(const nlohmann::json& body);

}  // namespace clearhost::server::hma
