// Hash sets for the index property tests: uniform random, clustered (many near-duplicates of a
// few centres), and adversarial (identical hashes, all-zero and all-one, entries that differ
// from each other only inside one 16-bit substring).
#pragma once

#include <random>
#include <vector>

#include "core/hash256.h"

namespace clearhost::index::testing {

inline Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 hash;
  for (auto& word : hash.words()) word = rng();
  return hash;
}

// `hash` with `flips` distinct random bits flipped.
inline Hash256 FlipBits(Hash256 hash, int flips, std::mt19937_64& rng) {
  std::vector<int> bits(256);
  for (int k = 0; k < 256; ++k) bits[k] = k;
  std::shuffle(bits.begin(), bits.end(), rng);
  for (int k = 0; k < flips; ++k) hash.words()[bits[k] >> 6] ^= uint64_t{1} << (bits[k] & 63);
  return hash;
}

inline std::vector<Hash256> UniformSet(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash256> set(count);
  for (auto& hash : set) hash = RandomHash(rng);
  return set;
}

inline std::vector<Hash256> ClusteredSet(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash256> centres(20);
  for (auto& centre : centres) centre = RandomHash(rng);
  std::vector<Hash256> set(count);
  for (auto& hash : set) hash = FlipBits(centres[rng() % centres.size()], int(rng() % 70), rng);
  return set;
}

inline std::vector<Hash256> AdversarialSet(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash256> set;
  const Hash256 repeated = RandomHash(rng);
  for (int i = 0; i < 300; ++i) set.push_back(repeated);
  Hash256 zero, ones;
  for (auto& word : ones.words()) word = ~uint64_t{0};
  for (int i = 0; i < 50; ++i) {
    set.push_back(zero);
    set.push_back(ones);
  }
  // Differ only inside substring 5 (bits 80..95), every pattern of a few flips.
  const Hash256 base = RandomHash(rng);
  for (int i = 0; i < 2000; ++i) {
    Hash256 hash = base;
    hash.words()[1] ^= (rng() & 0xffff) << 16;
    set.push_back(hash);
  }
  for (int i = 0; i < 2000; ++i) set.push_back(FlipBits(base, int(rng() % 40), rng));
  return set;
}

}  // namespace clearhost::index::testing
