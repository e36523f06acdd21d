// MaxMind-format `.mmdb` databases (read through libmaxminddb) as a source of hosting country
// and network for `stats attribute`: a country database (GeoLite2-Country, GeoIP2-Country,
// -City and the like: `country.iso_code`, else `registered_country.iso_code`) or an ASN database
// (GeoLite2-ASN: `autonomous_system_number`, `autonomous_system_organization`). The kind comes
// from the metadata's database_type (containing "ASN"; or "Country", "City", "Enterprise"),
// else from the fields of the first record in the tree. docs/formats.md, "MaxMind databases".
// IPv4 addresses are found in IPv6 databases (under ::/96, as libmaxminddb does); an IPv6
// address in an IPv4 database is not found.
// Thread-safety: an open MmdbDatabase is read-only (libmaxminddb's lookups on one MMDB_s are
// thread-safe); its const methods may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/ip_address.h"
#include "core/status.h"

struct MMDB_s;

namespace clearhost::stats {

enum class MmdbKind { kCountry, kAsn };

// What a lookup found: the network (the tree's prefix holding the address) and its fields.
struct MmdbMatch {
  IpPrefix network{};
  std::string country{};       // alpha-2, upper case (country databases)
  uint32_t asn = 0;            // ASN databases
  std::string organisation{};  // ASN databases; "" when the record has none
};

class MmdbDatabase {
 public:
  // Opens `path` (memory-mapped). Errors name the file: NotFound/IO for an unreadable file,
  // DataLoss for one that is not a MaxMind DB (bad metadata, wrong version), Unimplemented for a
  // database that is neither a country nor an ASN database.
  static Result<std::unique_ptr<MmdbDatabase>> Open(const std::filesystem::path& path);
  ~MmdbDatabase();
  MmdbDatabase(const MmdbDatabase&) = delete;
  MmdbDatabase& operator=(const MmdbDatabase&) = delete;

  // The record holding `address`, or nullopt when the database has none (or the record lacks
  // this kind's field). DataLoss naming the file for a corrupt tree or data section.
  Result<std::optional<MmdbMatch>> Lookup(const IpAddress& address) const;

  MmdbKind kind() const { return kind_; }
  const std::string& database_type() const { return database_type_; }
  const std::string& file() const { return file_; }

 private:
  MmdbDatabase() = default;

  std::unique_ptr<MMDB_s> mmdb_;
  bool opened_ = false;
  MmdbKind kind_ = MmdbKind::kCountry;
  std::string database_type_;
  std::string file_;
};

}  // namespace clearhost::stats
