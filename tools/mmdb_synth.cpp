#include "mmdb_synth.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace clearhost::synth {
namespace {

// Data-section type numbers (spec, "Output Data Section").
constexpr int kTypeString = 2;
constexpr int kTypeUint16 = 5;
constexpr int kTypeUint32 = 6;
constexpr int kTypeMap = 7;
constexpr int kTypeUint64 = 9;  // extended: written as type 0 plus a byte of 9 - 7
constexpr int kTypeArray = 11;  // extended
constexpr int kRecordBits = 24;
constexpr uint64_t kBuildEpoch = 1700000000;  // fixed, so that files are reproducible
constexpr std::string_view kMetadataMarker = "\xAB\xCD\xEFMaxMind.com";

// A control byte (type and size) with the size's extension bytes.
void PutControl(std::vector<uint8_t>& out, int type, size_t size) {
  const int stored_type = type > 7 ? 0 : type;
  int size_field = 0;
  std::vector<uint8_t> extension;
  if (size < 29) {
    size_field = int(size);
  } else if (size < 29 + 256) {
    size_field = 29;
    extension = {uint8_t(size - 29)};
  } else if (size < 285 + 65536) {
    size_field = 30;
    extension = {uint8_t((size - 285) >> 8), uint8_t(size - 285)};
  } else {
    size_field = 31;
    const size_t rest = size - 65821;
    extension = {uint8_t(rest >> 16), uint8_t(rest >> 8), uint8_t(rest)};
  }
  out.push_back(uint8_t(stored_type << 5 | size_field));
  if (type > 7) out.push_back(uint8_t(type - 7));
  out.insert(out.end(), extension.begin(), extension.end());
}

void PutString(std::vector<uint8_t>& out, std::string_view text) {
  PutControl(out, kTypeString, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

void PutUnsigned(std::vector<uint8_t>& out, int type, uint64_t number) {
  size_t bytes = 0;
  while (bytes < 8 && (number >> (8 * bytes)) != 0) ++bytes;
  PutControl(out, type, bytes);
  for (size_t i = bytes; i > 0; --i) out.push_back(uint8_t(number >> (8 * (i - 1))));
}

void PutValue(std::vector<uint8_t>& out, const MmdbValue& value) {
  if (const auto* text = std::get_if<std::string>(&value.value)) {
    PutString(out, *text);
  } else if (const auto* number = std::get_if<uint32_t>(&value.value)) {
    PutUnsigned(out, kTypeUint32, *number);
  } else {
    const MmdbValue::Map& map = *std::get<std::shared_ptr<MmdbValue::Map>>(value.value);
    PutControl(out, kTypeMap, map.size());
    for (const auto& [key, entry] : map) {
      PutString(out, key);
      PutValue(out, entry);
    }
  }
}

struct TrieNode {
  int children[2] = {-1, -1};
  int record = -1;  // -1: no data
  bool internal() const { return children[0] >= 0; }
};

}  // namespace

MmdbValue CountryRecord(const std::string& iso2) {
  return MmdbValue::MakeMap({{"country", MmdbValue::MakeMap({{"iso_code", {iso2}}})}});
}

MmdbValue AsnRecord(uint32_t asn, const std::string& organisation) {
  return MmdbValue::MakeMap({{"autonomous_system_number", MmdbValue::Uint(asn)},
                             {"autonomous_system_organization", {organisation}}});
}

MmdbWriter::MmdbWriter(int ip_version, std::string database_type)
    : ip_version_(ip_version), database_type_(std::move(database_type)) {}

void MmdbWriter::AddV4(uint32_t address, int length, MmdbValue record) {
  // In an IPv6 tree an IPv4 network is ::a.b.c.d/(96 + length).
  networks_.push_back({address, ip_version_ == 6 ? 96 + length : length, records_.size()});
  records_.push_back(std::move(record));
}

void MmdbWriter::AddV6(unsigned __int128 address, int length, MmdbValue record) {
  if (ip_version_ != 6) std::abort();  // an IPv6 network in an IPv4 database
  networks_.push_back({address, length, records_.size()});
  records_.push_back(std::move(record));
}

std::vector<uint8_t> MmdbWriter::Build() const {
  const int bits = ip_version_ == 6 ? 128 : 32;
  // Shorter networks first (stable: equal ones keep their order, the later wins), so that each
  // network splits the leaves of the ones containing it.
  std::vector<Network> networks = networks_;
  std::stable_sort(networks.begin(), networks.end(),
                   [](const Network& a, const Network& b) { return a.length < b.length; });
  std::vector<TrieNode> trie(1);
  const auto split = [&trie](int node) {
    const int inherited = trie[size_t(node)].record;
    for (int side = 0; side < 2; ++side) {
      trie[size_t(node)].children[side] = int(trie.size());
      trie.push_back(TrieNode{{-1, -1}, inherited});
    }
    trie[size_t(node)].record = -1;
  };
  for (const Network& network : networks) {
    int node = 0;
    for (int depth = 0; depth < network.length; ++depth) {
      if (!trie[size_t(node)].internal()) split(node);
      const int bit = int((network.address >> (bits - 1 - depth)) & 1);
      node = trie[size_t(node)].children[bit];
    }
    trie[size_t(node)].record = int(network.record);
  }
  if (!trie[0].internal()) split(0);  // the root is always a node

  // Number the internal nodes breadth first (the root is node 0).
  std::vector<int> number(trie.size(), -1);
  std::vector<int> order = {0};
  for (size_t i = 0; i < order.size(); ++i) {
    number[size_t(order[i])] = int(i);
    for (const int child : trie[size_t(order[i])].children) {
      if (trie[size_t(child)].internal()) order.push_back(child);
    }
  }
  const uint64_t node_count = order.size();

  std::vector<uint8_t> data;
  std::vector<uint64_t> offsets;
  for (const MmdbValue& record : records_) {
    offsets.push_back(data.size());
    PutValue(data, record);
  }
  std::vector<uint8_t> out;
  for (const int node : order) {
    for (const int child : trie[size_t(node)].children) {
      const TrieNode& target = trie[size_t(child)];
      const uint64_t value = target.internal()   ? uint64_t(number[size_t(child)])
                             : target.record < 0 ? node_count
                                                 : node_count + 16 + offsets[size_t(target.record)];
      if (value >> kRecordBits) std::abort();  // too big for 24-bit records
      out.insert(out.end(), {uint8_t(value >> 16), uint8_t(value >> 8), uint8_t(value)});
    }
  }
  out.insert(out.end(), 16, 0);  // the data section separator
  out.insert(out.end(), data.begin(), data.end());
  out.insert(out.end(), kMetadataMarker.begin(), kMetadataMarker.end());
  // libmaxminddb requires every key, description and languages included.
  PutControl(out, kTypeMap, 9);
  PutString(out, "binary_format_major_version");
  PutUnsigned(out, kTypeUint16, 2);
  PutString(out, "binary_format_minor_version");
  PutUnsigned(out, kTypeUint16, 0);
  PutString(out, "build_epoch");
  PutUnsigned(out, kTypeUint64, kBuildEpoch);
  PutString(out, "database_type");
  PutString(out, database_type_);
  PutString(out, "description");
  PutControl(out, kTypeMap, 1);
  PutString(out, "en");
  PutString(out, "clearhost test database");
  PutString(out, "ip_version");
  PutUnsigned(out, kTypeUint16, uint64_t(ip_version_));
  PutString(out, "languages");
  PutControl(out, kTypeArray, 1);
  PutString(out, "en");
  PutString(out, "node_count");
  PutUnsigned(out, kTypeUint32, node_count);
  PutString(out, "record_size");
  PutUnsigned(out, kTypeUint16, kRecordBits);
  return out;
}

}  // namespace clearhost::synth
