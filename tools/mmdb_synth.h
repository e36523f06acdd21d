// A small writer of MaxMind DB (.mmdb, format 2.0) files for tests, benchmarks and fuzz seeds:
// IPv4 or IPv6 networks, each with a record of nested maps of strings and unsigned integers,
// the layout GeoLite2-Country (country.iso_code) and GeoLite2-ASN (autonomous_system_number,
// autonomous_system_organization) databases use. Spec: https://maxmind.github.io/MaxMind-DB/
// (search tree of 24-bit records, 16 zero bytes, data section, "\xAB\xCD\xEFMaxMind.com" and
// the metadata map). IPv4 networks in an IPv6 database are written under ::/96, where readers
// look IPv4 addresses up. Nested networks are fine; of two equal networks the later one wins.
// Thread-safety: a MmdbWriter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace clearhost::synth {

// A data-section value: a string, an unsigned integer (written as uint32) or a map.
struct MmdbValue {
  using Map = std::map<std::string, MmdbValue>;
  std::variant<std::string, uint32_t, std::shared_ptr<Map>> value{};

  static MmdbValue String(std::string text) { return {std::move(text)}; }
  static MmdbValue Uint(uint32_t number) { return {number}; }
  static MmdbValue MakeMap(Map entries) { return {std::make_shared<Map>(std::move(entries))}; }
};

// {"country": {"iso_code": iso2}}, as in GeoLite2-Country.
MmdbValue CountryRecord(const std::string& iso2);
// {"autonomous_system_number": asn, "autonomous_system_organization": organisation}.
MmdbValue AsnRecord(uint32_t asn, const std::string& organisation);

class MmdbWriter {
 public:
  // `ip_version` 4 or 6; `database_type` e.g. "GeoLite2-Country".
  MmdbWriter(int ip_version, std::string database_type);

  // `address` is the network's first address as 16 bytes (IPv6) or its last 4 bytes (IPv4,
  // in either database); `length` is the prefix length in that family.
  void AddV4(uint32_t address, int length, MmdbValue record);
  void AddV6(unsigned __int128 address, int length, MmdbValue record);

  // The whole file.
  std::vector<uint8_t> Build() const;

 private:
  struct Network {
    unsigned __int128 address = 0;  // aligned to the tree's bit width (32 or 128)
    int length = 0;
    size_t record = 0;
  };
  int ip_version_;
  std::string database_type_;
  std::vector<Network> networks_;
  std::vector<MmdbValue> records_;
};

}  // namespace clearhost::synth
