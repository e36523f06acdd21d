// Hosting attribution: the country (from RIR delegated files) and the network (origin AS, from
// pfx2as files) of an IP address by longest-prefix match, with MaxMind .mmdb databases filling
// in what the prefix tables do not cover, the AS's organisation from CAIDA as2org files; and the
// shares of reported items per hosting country and per network. Precedence (docs/formats.md,
// "Precedence"): for the country, the delegated files, then the country databases in the order
// given; for the network, the pfx2as files, then the ASN databases in the order given; for the
// organisation, the as2org files, then an ASN database's record for the same AS number.
// The combined rate per country is our own measure:
//   combined_per_10k = (report_weight * reports + hosting_weight * hosted_items) * 10000 /
//                      population
// with both weights explicit parameters (1 and 1 by default; docs/formats.md).
// Thread-safety: a built HostingAttributor is immutable; its const methods may be called from
// any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/prefix_table.h"
#include "stats/as_org_file.h"
#include "stats/csv_table.h"
#include "stats/delegated_file.h"
#include "stats/input_problem.h"
#include "stats/mmdb_database.h"
#include "stats/pfx2as_file.h"
#include "stats/rates.h"
#include "stats/table.h"

namespace clearhost::stats {

// Where an address is hosted, by the precedence above.
struct Attribution {
  std::string country{};         // alpha-2; "" when no source has the address
  std::string country_source{};  // the delegated block's registry, or the mmdb's database_type
  std::optional<IpPrefix> country_prefix{};
  std::vector<uint32_t> origins{};  // empty when no source has the address
  std::string network_source{};     // "pfx2as" or the mmdb's database_type
  std::optional<IpPrefix> routed_prefix{};
  std::string as_name{};  // the first origin's organisation; "" when unknown
};

class HostingAttributor {
 public:
  HostingAttributor(std::vector<DelegatedBlock> blocks, std::vector<RoutedPrefix> routes,
                    std::vector<std::unique_ptr<MmdbDatabase>> databases = {},
                    AsOrgFile as_names = {});

  // The prefix tables alone: the delegated block (country) and the routed prefix (network)
  // holding `address`, or null.
  const DelegatedBlock* Country(const IpAddress& address) const;
  const RoutedPrefix* Network(const IpAddress& address) const;

  // Every source, by precedence. DataLoss (naming the file) for a corrupt .mmdb record.
  Result<Attribution> Attribute(const IpAddress& address) const;

 private:
  std::vector<DelegatedBlock> blocks_;
  std::vector<RoutedPrefix> routes_;
  std::vector<std::unique_ptr<MmdbDatabase>> databases_;
  AsOrgFile as_names_;
  Ipv4PrefixTable country_v4_, network_v4_;
  Ipv6PrefixTable country_v6_, network_v6_;
};

// One reported item (items CSV: `url,ip[,time]`) with where it is hosted.
struct AttributedItem {
  std::string url;
  std::string ip;
  std::optional<int64_t> time;  // seconds since the epoch, when given
  std::string country;          // alpha-2, "" when no delegated block holds the address
  std::string registry;
  std::string country_prefix;  // the delegated block, e.g. "192.0.2.0/24"
  std::string origins;         // "64496" or "64496_64497"; "" when not routed
  std::string routed_prefix;
  uint32_t asn = 0;            // the first origin; 0 when not routed
  std::string network_source;  // "pfx2as" or the mmdb's database_type
  std::string as_name;         // the organisation running `asn`, "" when unknown
  uint64_t line = 0;
};

struct AttributedItems {
  std::vector<AttributedItem> items;
  std::vector<InputProblem> problems;  // bad rows (malformed IP or time, corrupt .mmdb record)
};

// Missing columns (url, ip) are an error; bad rows are problems and are skipped.
Result<AttributedItems> AttributeItems(const CsvTable& items, const HostingAttributor& attributor);

// One row per item: line,url,ip,time,country,registry,country_prefix,asn,origins,routed_prefix,
// network_source,as_name.
Table ItemsTable(const AttributedItems& items);
// Shares per network: asn,as_name,items,share (items without a network are asn "").
Table NetworkSharesTable(const AttributedItems& items);

struct CombinedRateWeights {
  double reports = 1.0;
  double hosting = 1.0;
};
// Shares per hosting country and year (the items' year; "" without a time):
// year,country,iso3,items,share_items and, where `rates` has the country-year,
// reports,population,hosted_per_10k,reports_per_10k,combined_per_10k with `weights`.
Table CountrySharesTable(const AttributedItems& items, const std::vector<RateRow>* rates,
                         const CombinedRateWeights& weights);

}  // namespace clearhost::stats
