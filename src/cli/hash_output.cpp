#include "cli/hash_output.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/csv_field.h"
#include "lists/vpdq_file.h"

namespace clearhost::cli {
namespace {

std::string_view TypeOf(const hash::FileHashRecord& record) {
  return record.format == image::ImageFormat::kUnknown ? "file" : "image";
}

// Seconds with 3 decimals, as vPDQ files write timestamps.
double RoundedSeconds(double seconds) {
  return std::round(seconds * 1000) / 1000;
}

}  // namespace

std::string StatusCodeName(const Status& status) {
  return absl::AsciiStrToLower(absl::StatusCodeToString(status.code()));
}

void HashOutput::WriteHeader(std::FILE* out) const {
  if (format_ != HashOutputFormat::kCsv) return;
  std::string header = "path,type,format,width,height,pdq,quality,bytes,md5,sha1,sha256";
  if (dihedral_) {
    for (int t = 1; t < hash::kDihedralCount; ++t)
      absl::StrAppend(&header, ",", hash::kDihedralNames[t]);
  }
  std::fprintf(out, "%s,error\n", header.c_str());
}

bool HashOutput::Write(std::FILE* out, std::FILE* err, const std::string& path,
                       const hash::FileHashRecord& record) const {
  const bool failed = !record.error.ok();
  if (failed) {
    std::fprintf(err, "clearhost hash: %s: %s\n", path.c_str(),
                 std::string(record.error.message()).c_str());
  }
  switch (format_) {
    case HashOutputFormat::kVpdq:
      break;  // pictures have no per-frame lines
    case HashOutputFormat::kPdq: {
      if (failed || !record.pdq) break;
      std::vector<std::string> fields;
      const int count = dihedral_ ? hash::kDihedralCount : 1;
      for (int t = 0; t < count; ++t) fields.push_back(record.pdq->hashes[t].ToHex());
      std::fprintf(out, "%s,%d,%s\n", absl::StrJoin(fields, ",").c_str(), record.pdq->quality,
                   path.c_str());
      break;
    }
    case HashOutputFormat::kCsv: {
      std::vector<std::string> fields = {CsvField(path), std::string(TypeOf(record)),
                                         std::string(image::ImageFormatName(record.format))};
      const bool hashed = record.pdq.has_value();
      fields.push_back(hashed ? absl::StrCat(record.width) : "");
      fields.push_back(hashed ? absl::StrCat(record.height) : "");
      fields.push_back(hashed ? record.pdq->hashes[0].ToHex() : "");
      fields.push_back(hashed ? absl::StrCat(record.pdq->quality) : "");
      fields.push_back(record.digests ? absl::StrCat(record.bytes) : "");
      fields.push_back(record.digests ? record.digests->md5 : "");
      fields.push_back(record.digests ? record.digests->sha1 : "");
      fields.push_back(record.digests ? record.digests->sha256 : "");
      if (dihedral_) {
        for (int t = 1; t < hash::kDihedralCount; ++t) {
          fields.push_back(hashed ? record.pdq->hashes[t].ToHex() : "");
        }
      }
      fields.push_back(failed ? CsvField(std::string(record.error.message())) : "");
      std::fprintf(out, "%s\n", absl::StrJoin(fields, ",").c_str());
      break;
    }
    case HashOutputFormat::kJsonLines: {
      nlohmann::ordered_json line;
      line["path"] = path;
      line["type"] = TypeOf(record);
      if (record.format != image::ImageFormat::kUnknown) {
        line["format"] = image::ImageFormatName(record.format);
      }
      if (record.pdq) {
        line["width"] = record.width;
        line["height"] = record.height;
        line["pdq"] = record.pdq->hashes[0].ToHex();
        line["quality"] = record.pdq->quality;
        if (dihedral_) {
          nlohmann::ordered_json dihedral;
          for (int t = 1; t < hash::kDihedralCount; ++t) {
            dihedral[hash::kDihedralNames[t]] = record.pdq->hashes[t].ToHex();
          }
          line["dihedral"] = dihedral;
        }
      }
      if (record.digests) {
        line["bytes"] = record.bytes;
        line["md5"] = record.digests->md5;
        line["sha1"] = record.digests->sha1;
        line["sha256"] = record.digests->sha256;
      }
      if (failed) {
        line["error"] = std::string(record.error.message());
        line["error_code"] = StatusCodeName(record.error);
      }
      // Paths are bytes, not always UTF-8: invalid sequences are replaced, never an exception.
      std::fprintf(out, "%s\n",
                   line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      break;
    }
  }
  return !failed;
}

bool HashOutput::WriteVideo(std::FILE* out, std::FILE* err, const std::string& path,
                            const hash::FileHashRecord& file, video::VideoContainer container,
                            const Result<video::VideoHash>& video) const {
  // The decoder's messages already name the file.
  if (!video.ok()) {
    std::fprintf(err, "clearhost hash: %s\n", std::string(video.status().message()).c_str());
  }
  const std::string format(video::VideoContainerName(container));
  switch (format_) {
    case HashOutputFormat::kPdq:
      break;  // videos have no single picture hash
    case HashOutputFormat::kVpdq:
      if (!video.ok()) break;
      for (const video::VideoFrameHash& frame : video->frames) {
        std::fputs(lists::FormatVpdqFrame(lists::ToVpdqFrame(frame)).c_str(), out);
      }
      break;
    case HashOutputFormat::kCsv: {
      std::vector<std::string> fields = {CsvField(path), "video", format};
      fields.push_back(video.ok() ? absl::StrCat(video->info.width) : "");
      fields.push_back(video.ok() ? absl::StrCat(video->info.height) : "");
      fields.push_back("");  // pdq: per frame, see --format vpdq
      fields.push_back("");
      fields.push_back(file.digests ? absl::StrCat(file.bytes) : "");
      fields.push_back(file.digests ? file.digests->md5 : "");
      fields.push_back(file.digests ? file.digests->sha1 : "");
      fields.push_back(file.digests ? file.digests->sha256 : "");
      if (dihedral_) fields.resize(fields.size() + hash::kDihedralCount - 1);
      fields.push_back(video.ok() ? "" : CsvField(std::string(video.status().message())));
      std::fprintf(out, "%s\n", absl::StrJoin(fields, ",").c_str());
      break;
    }
    case HashOutputFormat::kJsonLines: {
      nlohmann::ordered_json line;
      line["path"] = path;
      line["type"] = "video";
      line["format"] = format;
      if (video.ok()) {
        const video::VideoInfo& info = video->info;
        line["codec"] = info.codec;
        line["width"] = info.width;
        line["height"] = info.height;
        if (info.duration_seconds >= 0) line["duration"] = RoundedSeconds(info.duration_seconds);
        line["fps"] = info.fps;
        line["frames_decoded"] = video->frames_decoded;
        line["frames_hashed"] = video->frames.size();
      }
      if (file.digests) {
        line["bytes"] = file.bytes;
        line["md5"] = file.digests->md5;
        line["sha1"] = file.digests->sha1;
        line["sha256"] = file.digests->sha256;
      }
      if (video.ok()) {
        nlohmann::ordered_json frames = nlohmann::ordered_json::array();
        for (const video::VideoFrameHash& frame : video->frames) {
          frames.push_back({{"frame", frame.frame_number},
                            {"quality", frame.quality},
                            {"pdq", frame.pdq.ToHex()},
                            {"timestamp", RoundedSeconds(frame.timestamp_seconds)}});
        }
        line["vpdq"] = std::move(frames);
      } else {
        line["error"] = std::string(video.status().message());
        line["error_code"] = StatusCodeName(video.status());
      }
      std::fprintf(out, "%s\n",
                   line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      break;
    }
  }
  return video.ok();
}

}  // namespace clearhost::cli
