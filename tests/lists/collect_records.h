// Test helper: runs a ListParser over text, whole or in pieces, and collects what it delivers.
#pragma once

#include <algorithm>
#include <span>
#include <string_view>
#include <vector>

#include "lists/list_record.h"

namespace clearhost::lists::testing {

// Example signals used across the list-format tests (the digests are the empty string's).
inline constexpr char kPdq[] = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
inline constexpr char kMd5[] = "d41d8cd98f00b204e9800998ecf8427e";
inline constexpr char kSha1[] = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
inline constexpr char kSha256[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Collected {
  std::vector<ListRecord> records;
  std::vector<ListProblem> problems;
  ListSummary summary;

  friend bool operator==(const Collected& a, const Collected& b) {
    return a.records == b.records && a.problems == b.problems &&
           a.summary.lines == b.summary.lines && a.summary.records == b.summary.records &&
           a.summary.problems == b.summary.problems;
  }
};

inline ListCallbacks CollectInto(Collected& collected) {
  return {.on_record =
              [&collected](const ListRecord& record) {
                collected.records.push_back(record);
                return absl::OkStatus();
              },
          .on_problem =
              [&collected](const ListProblem& problem) { collected.problems.push_back(problem); }};
}

inline std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Feeds `text` to `parser` in pieces of `piece_size` bytes (0: whole) and finishes it.
inline Result<ListSummary> FeedAll(ListParser& parser, std::string_view text,
                                   size_t piece_size = 0) {
  if (piece_size == 0) piece_size = std::max<size_t>(text.size(), 1);
  for (size_t offset = 0; offset < text.size(); offset += piece_size) {
    CLEARHOST_RETURN_IF_ERROR(parser.Feed(Bytes(text.substr(offset, piece_size))));
  }
  return parser.Finish();
}

}  // namespace clearhost::lists::testing
