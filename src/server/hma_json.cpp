#include "server/hma_json.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/hash256.h"

namespace clearhost::server::hma {
namespace {

// HMA's PDQ match threshold (threatexchange's PdqSignal): distance <= 31.
constexpr int kPdqCompareThreshold = 31;

bool IsUpperSnake(char c) {
  return (c >= 'A' && c <= 'Z') || c == '_';
}

}  // namespace

std::string_view ContentTypeName(ContentType type) {
  return type == ContentType::kPhoto ? "photo" : "video";
}

Result<ContentType> ParseContentType(std::string_view name) {
  if (name == "photo") return ContentType::kPhoto;
  if (name == "video") return ContentType::kVideo;
  return absl::InvalidArgumentError(
      absl::StrCat("no such content_type: '", std::string(name), "'"));
}

Result<ContentType> ContentTypeOf(std::string_view mime_type, std::string_view hint) {
  if (!hint.empty()) return ParseContentType(hint);
  const std::string lower = absl::AsciiStrToLower(std::string(mime_type));
  if (lower.starts_with("image")) return ContentType::kPhoto;
  if (lower.starts_with("video")) return ContentType::kVideo;
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported url ContentType: '", std::string(mime_type),
                   "', if you know the expected type, provide it with the content_type query "
                   "param"));
}

Result<lists::SignalType> ParseSignalType(std::string_view name) {
  if (name == "pdq") return lists::SignalType::kPdq;
  if (name == "video_md5" || name == "md5") return lists::SignalType::kMd5;
  return absl::InvalidArgumentError(absl::StrCat("No such SignalType '", std::string(name), "'"));
}

Result<lists::Signal> ParseSignalValue(std::string_view type_name, std::string_view text) {
  CLEARHOST_ASSIGN_OR_RETURN(const lists::SignalType type, ParseSignalType(type_name));
  const absl::string_view stripped =
      absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size()));
  Result<lists::Signal> signal =
      lists::ParseSignal(type, std::string_view(stripped.data(), stripped.size()));
  if (!signal.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid signal: ", signal.status().message()));
  }
  return signal;
}

Result<std::vector<std::string>> SignalTypesFor(ContentType content,
                                                const std::optional<std::string>& types) {
  const std::string produced = content == ContentType::kPhoto ? "pdq" : "video_md5";
  if (!types.has_value()) return std::vector<std::string>{produced};
  std::vector<std::string> selected;
  for (absl::string_view name : absl::StrSplit(*types, ',')) {
    name = absl::StripAsciiWhitespace(name);
    if (name.empty()) continue;
    if (name != produced) {
      return absl::InvalidArgumentError(
          absl::StrCat("signal type '", std::string(name), "' doesn't exist or is disabled"));
    }
    if (selected.empty()) selected.push_back(produced);
  }
  if (selected.empty()) return absl::InvalidArgumentError("empty signal type selection");
  return selected;
}

Status CheckBankName(std::string_view name) {
  bool ok = !name.empty() && IsUpperSnake(name.front()) && name.size() <= 128;
  for (const char c : name) ok = ok && (IsUpperSnake(c) || (c >= '0' && c <= '9'));
  if (!ok) return absl::InvalidArgumentError("Bank names must be UPPER_WITH_UNDERSCORE");
  return Status();
}

nlohmann::ordered_json BankJson(const store::Bank& bank) {
  return {{"name", bank.settings.name},
          {"matching_enabled_ratio", bank.settings.enabled ? 1.0 : 0.0}};
}

Result<std::optional<bool>> EnabledFromBody(const nlohmann::json& body) {
  if (body.contains("enabled_ratio") && !body["enabled_ratio"].is_null()) {
    const nlohmann::json& ratio = body["enabled_ratio"];
    if (!ratio.is_number()) return absl::InvalidArgumentError("enabled_ratio: a number, 0 or 1");
    const double value = ratio.get<double>();
    if (value != 0.0 && value != 1.0) {
      return absl::InvalidArgumentError(
          "enabled_ratio: clearhost banks are enabled (1) or disabled (0), with no partial "
          "matching");
    }
    return std::optional<bool>(value == 1.0);
  }
  if (body.contains("enabled") && !body["enabled"].is_null()) {
    if (!body["enabled"].is_boolean()) return absl::InvalidArgumentError("enabled: a boolean");
    return std::optional<bool>(body["enabled"].get<bool>());
  }
  return std::optional<bool>();
}

Result<bool> ParseBool(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(std::string(text));
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  return absl::InvalidArgumentError("invalid boolean parameter - prefer true/false");
}

std::optional<std::set<std::string>> ParseBankList(const std::optional<std::string>& banks) {
  if (!banks.has_value() || banks->empty()) return std::nullopt;
  std::set<std::string> names;
  for (absl::string_view name : absl::StrSplit(*banks, ',')) names.insert(std::string(name));
  return names;
}

nlohmann::ordered_json MatchJson(const scan::BankMatch& match) {
  return {{"bank_content_id", match.entry_id}, {"distance", std::to_string(match.distance)}};
}

Status CheckContentMetadata(const nlohmann::json& metadata) {
  if (!metadata.is_object()) return absl::InvalidArgumentError("metadata should be a json object");
  for (const auto& [key, value] : metadata.items()) {
    const bool known_string =
        (key == "content_id" || key == "content_uri") && (value.is_string() || value.is_null());
    const bool known_object = key == "json" && (value.is_object() || value.is_null());
    if (!known_string && !known_object) {
      return absl::InvalidArgumentError(
          absl::StrCat("Invalid metadata: '", key,
                       "' (allowed: content_id and content_uri strings, json an object)"));
    }
  }
  return Status();
}

Result<nlohmann::ordered_json> CompareSignals(const nlohmann::json& body) {
  if (!body.is_object()) return absl::InvalidArgumentError("Request input was not a dict");
  nlohmann::ordered_json results = nlohmann::ordered_json::object();
  for (const auto& [type_name, pair] : body.items()) {
    if (!pair.is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Comparison hashes for ", type_name, " was not a list"));
    }
    if (pair.size() != 2) {
      return absl::InvalidArgumentError("Comparison hash list length must be exactly 2");
    }
    CLEARHOST_RETURN_IF_ERROR(ParseSignalType(type_name).status());
    if (!pair[0].is_string() || !pair[1].is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Invalid ", type_name, " hash: hashes are strings"));
    }
    Result<lists::Signal> left = ParseSignalValue(type_name, pair[0].get<std::string>());
    Result<lists::Signal> right = ParseSignalValue(type_name, pair[1].get<std::string>());
    if (!left.ok() || !right.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Invalid ", type_name,
                       " hash: ", (left.ok() ? right.status() : left.status()).message()));
    }
    if (left->type == lists::SignalType::kPdq) {
      const int distance = HammingDistance(left->pdq, right->pdq);
      results[type_name] = {distance <= kPdqCompareThreshold, {{"distance", distance}}};
    } else {
      results[type_name] = {*left == *right, nlohmann::ordered_json::object()};
    }
  }
  return results;
}

}  // namespace clearhost::server::hma
