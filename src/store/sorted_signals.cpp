#include "store/sorted_signals.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>

#include "absl/strings/str_cat.h"
#include "core/posix_file.h"

namespace clearhost::store {
namespace {

// Signal types in name order ("md5" < "pdq" < "sha1" < "sha256"), as SQLite sorts the TEXT.
constexpr std::array<lists::SignalType, 4> kTypesByName = {
    lists::SignalType::kMd5, lists::SignalType::kPdq, lists::SignalType::kSha1,
    lists::SignalType::kSha256};

constexpr size_t kMergeBufferEntries = 4096;

// Bytes 8w..8w+7 as a big-endian number: comparing these compares the bytes like memcmp.
uint64_t BigEndianWord(const SignalKey& key, size_t w) {
  uint64_t word;
  std::memcpy(&word, key.bytes.data() + 8 * w, 8);
  return __builtin_bswap64(word);
}

void SortAndDropRepeats(std::vector<SignalKey>& keys) {
  std::sort(keys.begin(), keys.end(), KeyLess);
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

// Reads one spilled run back in buffered blocks.
class RunReader {
 public:
  explicit RunReader(std::FILE* file) : file_(file) {}

  Status Start() {
    if (std::fseek(file_, 0, SEEK_SET) != 0) return ErrnoStatus(errno, "rewinding a sorted run");
    return Refill();
  }
  bool done() const { return next_ == buffer_.size(); }
  const SignalKey& head() const { return buffer_[next_]; }
  Status Advance() {
    ++next_;
    return next_ == buffer_.size() ? Refill() : Status();
  }

 private:
  Status Refill() {
    buffer_.resize(kMergeBufferEntries);
    const size_t read = std::fread(buffer_.data(), sizeof(SignalKey), buffer_.size(), file_);
    if (read < buffer_.size() && std::ferror(file_)) {
      return ErrnoStatus(errno, "reading a sorted run back from its temporary file");
    }
    buffer_.resize(read);
    next_ = 0;
    return Status();
  }

  std::FILE* file_;
  std::vector<SignalKey> buffer_;
  size_t next_ = 0;
};

}  // namespace

lists::SignalType SignalKey::type() const {
  return kTypesByName[type_rank];
}

SignalKey KeyOf(const lists::Signal& signal) {
  SignalKey key;
  key.type_rank = uint8_t(std::find(kTypesByName.begin(), kTypesByName.end(), signal.type) -
                          kTypesByName.begin());
  key.size = uint8_t(lists::SignalToBytes(signal, key.bytes));
  return key;
}

std::optional<SignalKey> KeyOfStored(std::string_view type_name, std::span<const uint8_t> bytes) {
  const std::optional<lists::SignalType> type = lists::ParseSignalTypeName(type_name);
  if (!type || bytes.size() != lists::SignalByteLength(*type)) return std::nullopt;
  SignalKey key;
  key.type_rank =
      uint8_t(std::find(kTypesByName.begin(), kTypesByName.end(), *type) - kTypesByName.begin());
  key.size = uint8_t(bytes.size());
  std::copy(bytes.begin(), bytes.end(), key.bytes.begin());
  return key;
}

bool KeyLess(const SignalKey& a, const SignalKey& b) {
  if (a.type_rank != b.type_rank) return a.type_rank < b.type_rank;
  // Unused bytes are zero and keys of one type have one size, so whole words compare right.
  for (size_t w = 0; w < 4; ++w) {
    const uint64_t x = BigEndianWord(a, w);
    const uint64_t y = BigEndianWord(b, w);
    if (x != y) return x < y;
  }
  return a.size < b.size;
}

SortedSignals::SortedSignals(size_t run_entries) : run_entries_(std::max<size_t>(run_entries, 1)) {}

SortedSignals::~SortedSignals() = default;

Status SortedSignals::Add(const lists::Signal& signal) {
  return AddKey(KeyOf(signal));
}

Status SortedSignals::AddKey(const SignalKey& key) {
  if (pending_.size() == run_entries_) CLEARHOST_RETURN_IF_ERROR(SpillRun());
  if (pending_.capacity() == 0) pending_.reserve(std::min<size_t>(run_entries_, 1 << 16));
  pending_.push_back(key);
  ++added_;
  return Status();
}

Status SortedSignals::SpillRun() {
  SortAndDropRepeats(pending_);
  TempFile file(std::tmpfile());
  if (file == nullptr) return ErrnoStatus(errno, "creating a temporary file for a sorted run");
  if (std::fwrite(pending_.data(), sizeof(SignalKey), pending_.size(), file.get()) !=
          pending_.size() ||
      std::fflush(file.get()) != 0) {
    return ErrnoStatus(errno, "writing a sorted run to a temporary file");
  }
  runs_.push_back(std::move(file));
  pending_.clear();
  return Status();
}

Status SortedSignals::ForEach(absl::FunctionRef<Status(const SignalKey& key)> visit) {
  SortAndDropRepeats(pending_);
  if (runs_.empty()) {
    for (const SignalKey& key : pending_) CLEARHOST_RETURN_IF_ERROR(visit(key));
    return Status();
  }
  // Merge the spilled runs and the in-memory one; equal keys from different runs once.
  std::vector<RunReader> readers;
  readers.reserve(runs_.size());
  for (const TempFile& run : runs_) {
    readers.emplace_back(run.get());
    CLEARHOST_RETURN_IF_ERROR(readers.back().Start());
  }
  size_t memory_next = 0;
  const auto greater = [&](size_t a, size_t b) {
    return KeyLess(readers[b].head(), readers[a].head());
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(greater)> heap(greater);
  for (size_t k = 0; k < readers.size(); ++k) {
    if (!readers[k].done()) heap.push(k);
  }
  std::optional<SignalKey> last;
  const auto emit = [&](const SignalKey& key) -> Status {
    if (last && *last == key) return Status();
    last = key;
    return visit(key);
  };
  while (!heap.empty() || memory_next < pending_.size()) {
    const bool from_memory =
        heap.empty() || (memory_next < pending_.size() &&
                         KeyLess(pending_[memory_next], readers[heap.top()].head()));
    if (from_memory) {
      CLEARHOST_RETURN_IF_ERROR(emit(pending_[memory_next++]));
      continue;
    }
    const size_t k = heap.top();
    heap.pop();
    CLEARHOST_RETURN_IF_ERROR(emit(readers[k].head()));
    CLEARHOST_RETURN_IF_ERROR(readers[k].Advance());
    if (!readers[k].done()) heap.push(k);
  }
  return Status();
}

}  // namespace clearhost::store
