#include "scan/scan_state.h"

#include <nlohmann/json.hpp>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "core/clock.h"
#include "core/hex.h"

namespace clearhost::scan {
namespace {

constexpr int kStateVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  config TEXT NOT NULL,
  started_us INTEGER NOT NULL,
  finished_us INTEGER,
  output_bytes INTEGER NOT NULL DEFAULT 0,
  counts TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,
  device INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  reusable INTEGER NOT NULL,
  items TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending_actions (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  action TEXT NOT NULL,
  payload TEXT NOT NULL
);
)sql";

std::string EncodeItems(const std::vector<ScannedItem>& items) {
  nlohmann::json array = nlohmann::json::array();
  for (const ScannedItem& item : items) {
    nlohmann::json entry = {{"path", item.path},
                            {"kind", std::string(ContentKindName(item.kind))},
                            {"bytes", item.bytes}};
    if (item.digests) {
      entry["md5"] = item.digests->md5;
      entry["sha1"] = item.digests->sha1;
      entry["sha256"] = item.digests->sha256;
    }
    if (item.pdq) {
      entry["pdq"] = item.pdq->hash.ToHex();
      entry["quality"] = item.pdq->quality;
    }
    if (!item.frames.empty()) {
      nlohmann::json frames = nlohmann::json::array();
      for (const video::VideoFrameHash& frame : item.frames) {
        frames.push_back(
            {frame.frame_number, frame.quality, frame.pdq.ToHex(), frame.timestamp_seconds});
      }
      entry["frames"] = std::move(frames);
    }
    if (!item.error.ok()) {
      entry["error_code"] = int(item.error.code());
      entry["error"] = std::string(item.error.message());
    }
    array.push_back(std::move(entry));
  }
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ContentKind KindFromName(const std::string& name) {
  if (name == "image") return ContentKind::kImage;
  if (name == "archive") return ContentKind::kArchive;
  if (name == "video") return ContentKind::kVideo;
  return ContentKind::kOther;
}

Result<std::vector<ScannedItem>> DecodeItems(std::string_view text, std::string_view path) {
  const nlohmann::json array = nlohmann::json::parse(text, nullptr, false);
  const auto corrupt = [&] {
    return absl::DataLossError(
        absl::StrCat("scan state: the entry of ", std::string(path), " is corrupt"));
  };
  if (!array.is_array()) return corrupt();
  std::vector<ScannedItem> items;
  for (const nlohmann::json& entry : array) {
    if (!entry.is_object() || !entry.contains("path")) return corrupt();
    ScannedItem item;
    item.path = entry.value("path", "");
    item.kind = KindFromName(entry.value("kind", ""));
    item.bytes = entry.value("bytes", uint64_t{0});
    if (entry.contains("sha256")) {
      item.digests = hash::FileDigests{entry.value("md5", ""), entry.value("sha1", ""),
                                       entry.value("sha256", "")};
    }
    if (entry.contains("pdq")) {
      auto pdq = Hash256::FromHex(entry.value("pdq", ""));
      if (!pdq.ok()) return corrupt();
      item.pdq = hash::PdqHash{*pdq, entry.value("quality", 0)};
    }
    if (entry.contains("frames")) {
      for (const nlohmann::json& frame : entry["frames"]) {
        if (!frame.is_array() || frame.size() != 4 || !frame[2].is_string()) return corrupt();
        auto pdq = Hash256::FromHex(frame[2].get<std::string>());
        if (!pdq.ok()) return corrupt();
        item.frames.push_back(
            {frame[0].get<uint32_t>(), frame[1].get<int>(), *pdq, frame[3].get<double>()});
      }
    }
    if (entry.contains("error")) {
      item.error =
          Status(absl::StatusCode(entry.value("error_code", int(absl::StatusCode::kUnknown))),
                 entry.value("error", ""));
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

Result<ScanState> ScanState::Open(const std::filesystem::path& directory,
                                  const std::string& hashing) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return absl::PermissionDeniedError(absl::StrCat(
        directory.string(), ": cannot create the scan state directory: ", error.message()));
  }
  CLEARHOST_ASSIGN_OR_RETURN(store::SqliteDatabase database,
                             store::SqliteDatabase::Open(directory / "scan-state.db"));
  CLEARHOST_RETURN_IF_ERROR(database.Execute(kSchema));
  ScanState state(std::move(database));
  CLEARHOST_ASSIGN_OR_RETURN(auto transaction, state.database_.BeginTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(auto read,
                             state.database_.Prepare("SELECT key, value FROM meta ORDER BY key"));
  std::string version;
  std::string kept_hashing;
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, read.Step());
    if (!row) break;
    if (read.ColumnText(0) == "version") version = std::string(read.ColumnText(1));
    if (read.ColumnText(0) == "hashing") kept_hashing = std::string(read.ColumnText(1));
  }
  if (!version.empty() && version != std::to_string(kStateVersion)) {
    return absl::FailedPreconditionError(absl::StrCat(
        directory.string(), ": scan state of version ", version, ", this clearhost reads version ",
        kStateVersion, ": use another --state directory"));
  }
  if (kept_hashing != hashing) {
    // Hashes made with other options (limits, mode) cannot stand in for the files.
    CLEARHOST_RETURN_IF_ERROR(state.database_.Execute("DELETE FROM files"));
  }
  CLEARHOST_ASSIGN_OR_RETURN(
      auto write, state.database_.Prepare("INSERT OR REPLACE INTO meta (key, value) VALUES "
                                          "('version', ?1), ('hashing', ?2)"));
  CLEARHOST_RETURN_IF_ERROR(write.BindText(1, std::to_string(kStateVersion)));
  CLEARHOST_RETURN_IF_ERROR(write.BindText(2, hashing));
  CLEARHOST_RETURN_IF_ERROR(write.Run());
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  return state;
}

Result<ScanRun> ScanState::BeginRun(const std::string& config, bool restart) {
  CLEARHOST_ASSIGN_OR_RETURN(auto transaction, database_.BeginTransaction());
  ScanRun run;
  CLEARHOST_ASSIGN_OR_RETURN(
      auto last, database_.Prepare("SELECT id, config, finished_us, output_bytes, counts FROM runs "
                                   "ORDER BY id DESC LIMIT 1"));
  CLEARHOST_ASSIGN_OR_RETURN(const bool any, last.Step());
  if (any && !restart && last.ColumnIsNull(2) && last.ColumnText(1) == config) {
    run.id = last.ColumnInt64(0);
    run.resumed = true;
    run.output_bytes = uint64_t(last.ColumnInt64(3));
    run.counts = std::string(last.ColumnText(4));
  } else {
    CLEARHOST_ASSIGN_OR_RETURN(
        auto insert, database_.Prepare("INSERT INTO runs (config, started_us) VALUES (?1, ?2)"));
    CLEARHOST_RETURN_IF_ERROR(insert.BindText(1, config));
    CLEARHOST_RETURN_IF_ERROR(insert.BindInt64(2, SystemClockMicros()));
    CLEARHOST_RETURN_IF_ERROR(insert.Run());
    run.id = database_.LastInsertRowId();
  }
  CLEARHOST_RETURN_IF_ERROR(transaction.Commit());
  run_id_ = run.id;
  return run;
}

Result<std::optional<KeptFile>> ScanState::Lookup(const std::string& path) {
  CLEARHOST_ASSIGN_OR_RETURN(
      store::SqliteStatement * statement,
      Cached(lookup_,
             "SELECT device, inode, size, mtime_ns, run_id, reusable, items FROM files "
             "WHERE path = ?1"));
  store::SqliteStatement& select = *statement;
  CLEARHOST_RETURN_IF_ERROR(select.BindText(1, path));
  CLEARHOST_ASSIGN_OR_RETURN(const bool found, select.Step());
  if (!found) {
    select.Reset();
    return std::optional<KeptFile>();
  }
  KeptFile kept;
  kept.identity.device = uint64_t(select.ColumnInt64(0));
  kept.identity.inode = uint64_t(select.ColumnInt64(1));
  kept.identity.size = uint64_t(select.ColumnInt64(2));
  kept.identity.mtime_ns = select.ColumnInt64(3);
  kept.run_id = select.ColumnInt64(4);
  kept.reusable = select.ColumnInt64(5) != 0;
  CLEARHOST_ASSIGN_OR_RETURN(kept.items, DecodeItems(select.ColumnText(6), path));
  select.Reset();
  return std::optional<KeptFile>(std::move(kept));
}

Result<store::SqliteStatement*> ScanState::Cached(std::optional<store::SqliteStatement>& slot,
                                                  std::string_view sql) {
  if (!slot) {
    CLEARHOST_ASSIGN_OR_RETURN(auto prepared, database_.Prepare(sql));
    slot.emplace(std::move(prepared));
  }
  slot->Reset();
  return &*slot;
}

Status ScanState::EnsureTransaction() {
  if (transaction_) return Status();
  CLEARHOST_ASSIGN_OR_RETURN(auto transaction, database_.BeginTransaction());
  transaction_.emplace(std::move(transaction));
  return Status();
}

Status ScanState::Record(const std::string& path, const FileIdentity& identity,
                         const std::vector<ScannedItem>& items,
                         const std::vector<PendingAction>& actions) {
  CLEARHOST_RETURN_IF_ERROR(EnsureTransaction());
  bool reusable = !items.empty();
  for (const ScannedItem& item : items) reusable &= item.error.ok();
  CLEARHOST_ASSIGN_OR_RETURN(
      store::SqliteStatement * statement,
      Cached(upsert_,
             "INSERT OR REPLACE INTO files (path, device, inode, size, mtime_ns, run_id, "
             "reusable, items) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  store::SqliteStatement& upsert = *statement;
  CLEARHOST_RETURN_IF_ERROR(upsert.BindText(1, path));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindInt64(2, int64_t(identity.device)));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindInt64(3, int64_t(identity.inode)));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindInt64(4, int64_t(identity.size)));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindInt64(5, identity.mtime_ns));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindInt64(6, run_id_));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindInt64(7, reusable ? 1 : 0));
  CLEARHOST_RETURN_IF_ERROR(upsert.BindText(8, EncodeItems(items)));
  CLEARHOST_RETURN_IF_ERROR(upsert.Run());
  for (const PendingAction& action : actions) {
    CLEARHOST_ASSIGN_OR_RETURN(
        auto insert,
        database_.Prepare(
            "INSERT INTO pending_actions (path, action, payload) VALUES (?1, ?2, ?3)"));
    CLEARHOST_RETURN_IF_ERROR(insert.BindText(1, action.path));
    CLEARHOST_RETURN_IF_ERROR(insert.BindText(2, action.action));
    CLEARHOST_RETURN_IF_ERROR(insert.BindText(3, action.payload));
    CLEARHOST_RETURN_IF_ERROR(insert.Run());
  }
  return Status();
}

Status ScanState::Checkpoint(uint64_t output_bytes, const std::string& counts) {
  CLEARHOST_RETURN_IF_ERROR(EnsureTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(
      auto update,
      database_.Prepare("UPDATE runs SET output_bytes = ?1, counts = ?2 WHERE id = ?3"));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(1, int64_t(output_bytes)));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(2, counts));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(3, run_id_));
  CLEARHOST_RETURN_IF_ERROR(update.Run());
  const Status committed = transaction_->Commit();
  transaction_.reset();
  return committed;
}

Result<std::vector<PendingAction>> ScanState::PendingActions() {
  CLEARHOST_ASSIGN_OR_RETURN(
      auto select,
      database_.Prepare("SELECT id, path, action, payload FROM pending_actions ORDER BY id"));
  std::vector<PendingAction> actions;
  while (true) {
    CLEARHOST_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    actions.push_back({select.ColumnInt64(0), std::string(select.ColumnText(1)),
                       std::string(select.ColumnText(2)), std::string(select.ColumnText(3))});
  }
  return actions;
}

Status ScanState::ActionDone(int64_t id) {
  CLEARHOST_ASSIGN_OR_RETURN(auto erase,
                             database_.Prepare("DELETE FROM pending_actions WHERE id = ?1"));
  CLEARHOST_RETURN_IF_ERROR(erase.BindInt64(1, id));
  return erase.Run();
}

Status ScanState::UpdateAction(int64_t id, const std::string& payload) {
  CLEARHOST_ASSIGN_OR_RETURN(
      auto update, database_.Prepare("UPDATE pending_actions SET payload = ?1 WHERE id = ?2"));
  CLEARHOST_RETURN_IF_ERROR(update.BindText(1, payload));
  CLEARHOST_RETURN_IF_ERROR(update.BindInt64(2, id));
  return update.Run();
}

Status ScanState::FinishRun(const std::vector<std::string>& roots) {
  CLEARHOST_RETURN_IF_ERROR(EnsureTransaction());
  CLEARHOST_ASSIGN_OR_RETURN(
      auto forget, database_.Prepare("DELETE FROM files WHERE run_id <> ?1 AND (path = ?2 OR "
                                     "(path >= ?3 AND path < ?4))"));
  for (std::string root : roots) {
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    CLEARHOST_RETURN_IF_ERROR(forget.BindInt64(1, run_id_));
    CLEARHOST_RETURN_IF_ERROR(forget.BindText(2, root));
    CLEARHOST_RETURN_IF_ERROR(forget.BindText(3, absl::StrCat(root, "/")));
    CLEARHOST_RETURN_IF_ERROR(forget.BindText(4, absl::StrCat(root, "0")));  // '0' follows '/'
    CLEARHOST_RETURN_IF_ERROR(forget.Run());
    forget.Reset();
  }
  CLEARHOST_ASSIGN_OR_RETURN(auto finish,
                             database_.Prepare("UPDATE runs SET finished_us = ?1 WHERE id = ?2"));
  CLEARHOST_RETURN_IF_ERROR(finish.BindInt64(1, SystemClockMicros()));
  CLEARHOST_RETURN_IF_ERROR(finish.BindInt64(2, run_id_));
  CLEARHOST_RETURN_IF_ERROR(finish.Run());
  const Status committed = transaction_->Commit();
  transaction_.reset();
  return committed;
}

}  // namespace clearhost::scan
