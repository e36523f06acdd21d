// What the list readers deliver: one imported list line (a ListRecord, with the metadata the
// exchange formats carry), one vPDQ frame, the callbacks and counts of a read, and ListParser,
// the push-parser interface every format's reader has.
// docs/formats.md describes each format and which fields it fills.
// Thread-safety: plain value types.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/hash256.h"
#include "core/status.h"
#include "lists/plain_list.h"
#include "lists/signal_type.h"

namespace clearhost::lists {

// One entry of a list, from any format.
struct ListRecord {
  Signal signal;
  uint64_t line = 0;              // 1-based line of the entry (a CSV record's first line)
  std::string collab;             // hma: the collaboration (exchange or bank) it came from
  std::string category;           // hma: the opinion, e.g. POSITIVE_CLASS
  std::vector<std::string> tags;  // csv, hma: in file order, never empty strings

  friend bool operator==(const ListRecord&, const ListRecord&) = default;
};

// One line of a vPDQ per-frame file: the PDQ hash of one video frame.
struct VpdqFrame {
  uint32_t frame_number = 0;
  int quality = 0;  // 0..100
  Hash256 pdq;
  double timestamp_seconds = 0;  // >= 0; written with exactly 3 decimals

  friend bool operator==(const VpdqFrame&, const VpdqFrame&) = default;
};

struct ListCallbacks {
  // Each valid record in list order. A non-OK Status stops the read and is what it returns.
  std::function<Status(const ListRecord& record)> on_record;
  // Each bad line in list order (every one: keeping them is the caller's choice). May be empty.
  std::function<void(const ListProblem& problem)> on_problem;
};

struct ListSummary {
  uint64_t lines = 0;     // lines read, a last one without line feed included
  uint64_t records = 0;   // valid records (or frames) delivered
  uint64_t problems = 0;  // bad lines delivered to on_problem
};

// A streaming reader: Feed() the list's bytes in pieces of any size (lines may span pieces), then
// Finish() once. The result does not depend on how the bytes were split. A bad line does not stop
// the read; an error (from a callback, or one that refuses the whole list) is final: every later
// call returns it.
class ListParser {
 public:
  virtual ~ListParser() = default;
  virtual Status Feed(std::span<const uint8_t> bytes) = 0;
  virtual Result<ListSummary> Finish() = 0;
};

}  // namespace clearhost::lists
