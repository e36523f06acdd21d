// Formats `clearhost hash` results: JSON Lines (default), CSV with a header, the reference
// tool's `HASH,QUALITY,PATH` lines for pictures, or vpdq-hash-video's per-frame lines for
// videos. Errors also go to stderr as one line naming the file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "hash/file_hasher.h"
#include "video/video_sniff.h"
#include "video/vpdq_hasher.h"

namespace clearhost::cli {

enum class HashOutputFormat { kJsonLines, kCsv, kPdq, kVpdq };

class HashOutput {
 public:
  HashOutput(HashOutputFormat format, bool dihedral) : format_(format), dihedral_(dihedral) {}

  void WriteHeader(std::FILE* out) const;
  // Writes one record; returns false if it was a failure (error set).
  bool Write(std::FILE* out, std::FILE* err, const std::string& path,
             const hash::FileHashRecord& record) const;
  // Writes one video (`file` holds its digests); returns false if it failed.
  bool WriteVideo(std::FILE* out, std::FILE* err, const std::string& path,
                  const hash::FileHashRecord& file, video::VideoContainer container,
                  const Result<video::VideoHash>& video) const;

 private:
  HashOutputFormat format_;
  bool dihedral_;
};

// Snake-case name of a status code ("data_loss", "resource_exhausted"...), for JSON records.
std::string StatusCodeName(const Status& status);

}  // namespace clearhost::cli
