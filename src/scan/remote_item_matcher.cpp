#include "scan/remote_item_matcher.h"

#include "absl/strings/str_cat.h"

namespace clearhost::scan {
namespace {

// What one signal of the batch is, to turn its matches back into ItemMatch records.
struct Asked {
  lists::Signal signal;
  int quality = -1;
  std::optional<uint32_t> frame;
};

class RemoteItemMatcher final : public ItemMatcher {
 public:
  RemoteItemMatcher(std::unique_ptr<ApiClient> client, RemoteMatchOptions options)
      : client_(std::move(client)), options_(std::move(options)) {}

  Status Match(const ScannedItem& item, std::vector<ItemMatch>& out) override {
    if (!item.digests) return Status();
    asked_.clear();
    if (item.pdq) {
      asked_.push_back({{.type = lists::SignalType::kPdq, .pdq = item.pdq->hash},
                        item.pdq->quality,
                        std::nullopt});
    }
    for (const video::VideoFrameHash& frame : item.frames) {
      if (frame.quality < options_.min_frame_quality) continue;
      asked_.push_back(
          {{.type = lists::SignalType::kPdq, .pdq = frame.pdq}, frame.quality, frame.frame_number});
    }
    for (const lists::Signal& digest : DigestSignals(item)) asked_.push_back({digest, -1, {}});
    if (asked_.empty()) return Status();

    nlohmann::json signals = nlohmann::json::array();
    for (const Asked& asked : asked_) {
      nlohmann::json signal = {{"type", lists::SignalTypeName(asked.signal.type)},
                               {"value", asked.signal.ToHex()},
                               {"file", item.digests->sha256}};
      if (asked.quality >= 0) signal["quality"] = asked.quality;
      signals.push_back(std::move(signal));
    }
    nlohmann::json body = {{"signals", std::move(signals)}};
    if (!options_.banks.empty()) body["banks"] = options_.banks;
    if (options_.radius) body["radius"] = *options_.radius;
    CLEARHOST_ASSIGN_OR_RETURN(const nlohmann::json answer,
                               client_->Post("/v1/match", body.dump()));
    return Collect(answer, out);
  }

 private:
  Status Collect(const nlohmann::json& answer, std::vector<ItemMatch>& out) {
    const auto bad = [](std::string_view what) {
      return absl::DataLossError(
          absl::StrCat("the server's /v1/match answer is malformed: ", std::string(what)));
    };
    if (!answer.contains("results") || !answer["results"].is_array() ||
        answer["results"].size() != asked_.size()) {
      return bad("expected one result per signal");
    }
    for (size_t i = 0; i < asked_.size(); ++i) {
      const Asked& asked = asked_[i];
      const nlohmann::json& matches = answer["results"][i].value("matches", nlohmann::json());
      if (!matches.is_array()) return bad("\"matches\" is not an array");
      std::vector<ItemMatch>& target = asked.frame ? frame_matches_ : out;
      for (const nlohmann::json& found : matches) {
        if (!found.is_object() || !found.contains("signal") || !found["signal"].is_string() ||
            !found.contains("distance") || !found["distance"].is_number_integer() ||
            !found.contains("entry_id") || !found["entry_id"].is_number_integer()) {
          return bad("a match lacks signal, distance or entry_id");
        }
        Result<lists::Signal> entry =
            lists::ParseSignal(asked.signal.type, found["signal"].get<std::string>());
        const std::optional<Verdict> verdict = ParseVerdictName(found.value("verdict", ""));
        if (!entry.ok() || !verdict) return bad("a match's signal or verdict");
        ItemMatch match;
        match.query = asked.signal;
        match.match = *entry;
        match.distance = found["distance"].get<int>();
        match.source = found.value("bank", "");
        match.entry_id = found["entry_id"].get<int64_t>();
        match.frame = asked.frame;
        match.quality = asked.quality;
        match.verdict = *verdict;
        match.reason = found.value("reason", "");
        target.push_back(std::move(match));
      }
      // Frame matches are folded (one per entry) before the digests' matches, as locally.
      if (asked.frame && (i + 1 == asked_.size() || !asked_[i + 1].frame)) {
        AppendFrameMatches(frame_matches_, out);
      }
    }
    return Status();
  }

  std::unique_ptr<ApiClient> client_;
  const RemoteMatchOptions options_;
  std::vector<Asked> asked_;              // scratch, per item
  std::vector<ItemMatch> frame_matches_;  // scratch, per item
};

}  // namespace

Result<std::unique_ptr<ItemMatcher>> MakeRemoteItemMatcher(RemoteMatchOptions options) {
  CLEARHOST_ASSIGN_OR_RETURN(std::unique_ptr<ApiClient> client, ApiClient::Create(options.server));
  Result<nlohmann::json> whoami = client->Get("/v1/whoami");
  if (!whoami.ok()) {
    return Status(whoami.status().code(),
                  absl::StrCat("the match server refused or did not answer: ",
                               std::string(whoami.status().message())));
  }
  return std::unique_ptr<ItemMatcher>(new RemoteItemMatcher(std::move(client), std::move(options)));
}

}  // namespace clearhost::scan
