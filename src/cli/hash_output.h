// Formats `clearhost hash` results: JSON Lines (default), CSV with a header, or the reference
// tool's `HASH,QUALITY,PATH` lines. Errors also go to stderr as one line naming the file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "hash/file_hasher.h"

namespace clearhost::cli {

enum class HashOutputFormat { kJsonLines, kCsv, kPdq };

class HashOutput {
 public:
  HashOutput(HashOutputFormat format, bool dihedral) : format_(format), dihedral_(dihedral) {}

  void WriteHeader(std::FILE* out) const;
  // Writes one record; returns false if it was a failure (error set).
  bool Write(std::FILE* out, std::FILE* err, const std::string& path,
             const hash::FileHashRecord& record) const;

 private:
  HashOutputFormat format_;
  bool dihedral_;
};

// Snake-case name of a status code ("data_loss", "resource_exhausted"...), for JSON records.
std::string StatusCodeName(const Status& status);

}  // namespace clearhost::cli
