#include "scan/scan_report.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

namespace clearhost::scan {
namespace {

std::string Dump(const nlohmann::ordered_json& line) {
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

Result<ScanReport> ScanReport::OpenFile(const std::filesystem::path& path, uint64_t keep_bytes) {
  FileDescriptor fd(open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640));
  if (!fd.valid()) {
    return ErrnoStatus(errno, absl::StrCat(path.string(), ": cannot open the report file"));
  }
  if (ftruncate(fd.get(), off_t(keep_bytes)) != 0 ||
      lseek(fd.get(), off_t(keep_bytes), SEEK_SET) < 0) {
    return ErrnoStatus(errno, absl::StrCat(path.string(), ": cannot cut the report file back"));
  }
  return ScanReport(std::move(fd), keep_bytes);
}

void ScanReport::WriteLine(const std::string& line) {
  if (!fd_.valid()) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    bytes_ += line.size() + 1;
    return;
  }
  absl::StrAppend(&pending_, line, "\n");
  if (pending_.size() >= (64 << 10)) (void)Sync();
}

void ScanReport::Match(const ScannedItem& item, const ItemMatch& match) {
  nlohmann::ordered_json line = {
      {"type", "match"},
      {"path", item.path},
      {"kind", std::string(ContentKindName(item.kind))},
      {"signal_type", std::string(lists::SignalTypeName(match.query.type))},
      {"signal", match.query.ToHex()},
      {"match", match.match.ToHex()},
      {"distance", match.distance}};
  if (!match.source.empty()) line["source"] = match.source;
  if (match.entry_id) line["entry_id"] = *match.entry_id;
  if (match.line) line["line"] = *match.line;
  if (match.frame) line["frame"] = *match.frame;
  if (match.quality >= 0) line["quality"] = match.quality;
  line["verdict"] = std::string(VerdictName(match.verdict));
  if (!match.reason.empty()) line["reason"] = match.reason;
  WriteLine(Dump(line));
}

void ScanReport::Error(const std::string& path, const Status& error) {
  WriteLine(Dump({{"type", "error"}, {"path", path}, {"error", std::string(error.message())}}));
}

void ScanReport::Skipped(const std::string& path, const Status& reason) {
  WriteLine(Dump({{"type", "skipped"}, {"path", path}, {"reason", std::string(reason.message())}}));
}

void ScanReport::Summary(const std::string& counts_json) {
  WriteLine(absl::StrCat(R"({"type":"summary",)", counts_json.substr(1)));
}

Result<uint64_t> ScanReport::Sync() {
  if (!fd_.valid()) {
    std::fflush(stdout);
    return bytes_;
  }
  size_t done = 0;
  while (done < pending_.size() && write_error_.ok()) {
    const ssize_t wrote = write(fd_.get(), pending_.data() + done, pending_.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      write_error_ = ErrnoStatus(errno, "cannot write the report file");
      break;
    }
    done += size_t(wrote);
  }
  bytes_ += done;
  pending_.erase(0, done);
  if (write_error_.ok() && fdatasync(fd_.get()) != 0) {
    write_error_ = ErrnoStatus(errno, "cannot sync the report file");
  }
  if (!write_error_.ok()) return write_error_;
  return bytes_;
}

}  // namespace clearhost::scan
