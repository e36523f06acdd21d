#include "index/digest_index.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace clearhost::index {
namespace {

// The arrays are used in place from an mmapped file, and the slot hash reads digests as
// little-endian words; both are only what the file says on a little-endian host.
static_assert(std::endian::native == std::endian::little,
              "index arrays are little-endian and used in place");

bool IsKnownDigestType(DigestType type) {
  return type == DigestType::kMd5 || type == DigestType::kSha1 || type == DigestType::kSha256;
}

// A bijective 64-bit mixer (multiply, xorshift, twice): every input bit reaches every output
// bit, so words that differ anywhere land in unrelated slots.
uint64_t MixWord(uint64_t word) {
  word ^= word >> 31;
  word *= 0x9e3779b97f4a7c15u;  // 2^64 / golden ratio, odd
  word ^= word >> 29;
  word *= 0xbf58476d1ce4e5b9u;
  word ^= word >> 32;
  return word;
}

// Slot hash of a digest of kSize bytes: folds every 8-byte word (a shorter last word
// zero-padded) into a state started from the seed and the size. Deterministic for a given seed:
// it is persisted.
template <size_t kSize>
uint64_t SlotHash(const uint8_t* digest, uint64_t seed) {
  uint64_t state = MixWord(seed ^ kSize);
  for (size_t offset = 0; offset < kSize; offset += sizeof(uint64_t)) {
    uint64_t word = 0;
    std::memcpy(&word, digest + offset, std::min(sizeof word, kSize - offset));
    state = MixWord(state ^ word);
  }
  return state;
}

// Calls visit(std::integral_constant<size_t, DigestSize(type)>()), so that hashing and comparing
// digests compile to fixed-size loads.
template <typename Visit>
void WithDigestSize(DigestType type, Visit&& visit) {
  switch (type) {
    case DigestType::kMd5:
      return visit(std::integral_constant<size_t, 16>());
    case DigestType::kSha1:
      return visit(std::integral_constant<size_t, 20>());
    case DigestType::kSha256:
      return visit(std::integral_constant<size_t, 32>());
  }
  std::abort();  // not a DigestType: Build and FromArrays refuse one
}

// Puts every entry in the first empty slot of its probe sequence, in entry order (so equal
// digests are found in entry order).
template <size_t kSize>
void FillSlots(std::span<const uint8_t> digests, uint64_t seed, std::span<uint32_t> slots) {
  const size_t slot_mask = slots.size() - 1;
  const size_t entries = digests.size() / kSize;
  for (size_t entry = 0; entry < entries; ++entry) {
    size_t slot = SlotHash<kSize>(digests.data() + entry * kSize, seed) & slot_mask;
    while (slots[slot] != DigestIndex::kEmptySlot) slot = (slot + 1) & slot_mask;
    slots[slot] = uint32_t(entry);
  }
}

template <size_t kSize>
void FindWithSize(const DigestIndex::Arrays& arrays, const uint8_t* digest,
                  std::vector<uint64_t>& ids) {
  const size_t slot_mask = arrays.slots.size() - 1;
  // Ends at an empty slot, which Build and FromArrays guarantee exists.
  for (size_t slot = SlotHash<kSize>(digest, arrays.seed) & slot_mask;;
       slot = (slot + 1) & slot_mask) {
    const uint32_t entry = arrays.slots[slot];
    if (entry == DigestIndex::kEmptySlot) return;
    if (std::memcmp(arrays.digests.data() + size_t(entry) * kSize, digest, kSize) == 0) {
      ids.push_back(arrays.ids[entry]);
    }
  }
}

// Slots for `entries`: the smallest power of two at least twice as many (load factor <= 0.5),
// and at least one so that an empty index still has an empty slot.
size_t SlotCountFor(size_t entries) {
  return std::bit_ceil(std::max<size_t>(2 * entries, 1));
}

// The vectors behind a built index.
struct OwnedArrays {
  std::vector<uint8_t> digests;
  std::vector<uint64_t> ids;
  std::vector<uint32_t> slots;
};

Status CheckArrays(const DigestIndex::Arrays& arrays) {
  if (!IsKnownDigestType(arrays.type)) {
    return absl::DataLossError(
        absl::StrCat("digest index: unknown digest type ", int(arrays.type)));
  }
  const size_t entries = arrays.ids.size();
  const size_t digest_size = DigestSize(arrays.type);
  if (entries > DigestIndex::kMaxEntries) {
    return absl::DataLossError(absl::StrCat("digest index: ", entries, " entries, at most ",
                                            DigestIndex::kMaxEntries, " are possible"));
  }
  if (arrays.digests.size() != entries * digest_size) {
    return absl::DataLossError(absl::StrCat(
        "digest index: ", arrays.digests.size(), " digest bytes for ", entries, " ",
        std::string(DigestTypeName(arrays.type)), " entries, expected ", entries * digest_size));
  }
  const size_t slot_count = arrays.slots.size();
  if (!std::has_single_bit(slot_count) || slot_count <= entries) {
    return absl::DataLossError(absl::StrCat("digest index: ", slot_count, " slots for ", entries,
                                            " entries, need a power of two above the count"));
  }
  size_t occupied = 0;
  for (size_t slot = 0; slot < slot_count; ++slot) {
    const uint32_t entry = arrays.slots[slot];
    if (entry == DigestIndex::kEmptySlot) continue;
    if (entry >= entries) {
      return absl::DataLossError(
          absl::StrCat("digest index: slot ", slot, " holds entry ", entry, " of ", entries));
    }
    ++occupied;
  }
  if (occupied != entries) {
    return absl::DataLossError(
        absl::StrCat("digest index: ", occupied, " occupied slots for ", entries, " entries"));
  }
  return absl::OkStatus();
}

}  // namespace

size_t DigestSize(DigestType type) {
  switch (type) {
    case DigestType::kMd5:
      return 16;
    case DigestType::kSha1:
      return 20;
    case DigestType::kSha256:
      return 32;
  }
  std::abort();  // not a DigestType: callers check values read from outside
}

std::string_view DigestTypeName(DigestType type) {
  switch (type) {
    case DigestType::kMd5:
      return "md5";
    case DigestType::kSha1:
      return "sha1";
    case DigestType::kSha256:
      return "sha256";
  }
  std::abort();  // not a DigestType: callers check values read from outside
}

Result<DigestIndex> DigestIndex::Build(DigestType type, std::span<const uint8_t> digests,
                                       std::span<const uint64_t> ids, uint64_t seed) {
  if (!IsKnownDigestType(type)) {
    return absl::InvalidArgumentError(absl::StrCat("unknown digest type ", int(type)));
  }
  const size_t digest_size = DigestSize(type);
  if (ids.size() > kMaxEntries) {
    return absl::ResourceExhaustedError(
        absl::StrCat("a digest index holds at most ", kMaxEntries, " entries, got ", ids.size()));
  }
  if (digests.size() != ids.size() * digest_size) {
    return absl::InvalidArgumentError(absl::StrCat(digests.size(), " digest bytes for ", ids.size(),
                                                   " ids of ", std::string(DigestTypeName(type)),
                                                   ", expected ", ids.size() * digest_size));
  }
  auto owned = std::make_shared<OwnedArrays>();
  owned->digests.assign(digests.begin(), digests.end());
  owned->ids.assign(ids.begin(), ids.end());
  owned->slots.assign(SlotCountFor(ids.size()), kEmptySlot);
  WithDigestSize(type, [&](auto size) { FillSlots<size()>(owned->digests, seed, owned->slots); });
  const Arrays arrays{type, seed, owned->digests, owned->ids, owned->slots};
  return DigestIndex(arrays, std::move(owned));
}

Result<DigestIndex> DigestIndex::FromArrays(const Arrays& arrays,
                                            std::shared_ptr<const void> owner) {
  CLEARHOST_RETURN_IF_ERROR(CheckArrays(arrays));
  return DigestIndex(arrays, std::move(owner));
}

void DigestIndex::Find(std::span<const uint8_t> digest, std::vector<uint64_t>& ids) const {
  WithDigestSize(arrays_.type, [&](auto size) {
    if (digest.size() == size()) FindWithSize<size()>(arrays_, digest.data(), ids);
  });
}

}  // namespace clearhost::index
