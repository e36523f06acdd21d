#include "stats/attribution.h"

#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "stats/field_parse.h"

namespace clearhost::stats {

HostingAttributor::HostingAttributor(std::vector<DelegatedBlock> blocks,
                                     std::vector<RoutedPrefix> routes,
                                     std::vector<std::unique_ptr<MmdbDatabase>> databases,
                                     AsOrgFile as_names)
    : blocks_(std::move(blocks)),
      routes_(std::move(routes)),
      databases_(std::move(databases)),
      as_names_(std::move(as_names)) {
  Ipv4PrefixTable::Builder country_v4, network_v4;
  Ipv6PrefixTable::Builder country_v6, network_v6;
  for (size_t i = 0; i < blocks_.size(); ++i) {
    const IpPrefix& prefix = blocks_[i].prefix;
    if (prefix.start.v6) {
      country_v6.Add(prefix.start.value, prefix.length, uint32_t(i));
    } else {
      country_v4.Add(uint32_t(prefix.start.value), prefix.length, uint32_t(i));
    }
  }
  for (size_t i = 0; i < routes_.size(); ++i) {
    const IpPrefix& prefix = routes_[i].prefix;
    if (prefix.start.v6) {
      network_v6.Add(prefix.start.value, prefix.length, uint32_t(i));
    } else {
      network_v4.Add(uint32_t(prefix.start.value), prefix.length, uint32_t(i));
    }
  }
  country_v4_ = country_v4.Build();
  country_v6_ = country_v6.Build();
  network_v4_ = network_v4.Build();
  network_v6_ = network_v6.Build();
}

const DelegatedBlock* HostingAttributor::Country(const IpAddress& address) const {
  const uint32_t found =
      address.v6 ? country_v6_.Lookup(address.value) : country_v4_.Lookup(uint32_t(address.value));
  return found == Ipv4PrefixTable::kNoValue ? nullptr : &blocks_[found];
}

const RoutedPrefix* HostingAttributor::Network(const IpAddress& address) const {
  const uint32_t found =
      address.v6 ? network_v6_.Lookup(address.value) : network_v4_.Lookup(uint32_t(address.value));
  return found == Ipv4PrefixTable::kNoValue ? nullptr : &routes_[found];
}

Result<Attribution> HostingAttributor::Attribute(const IpAddress& address) const {
  Attribution result;
  if (const DelegatedBlock* block = Country(address)) {
    result.country = block->country;
    result.country_source = block->registry;
    result.country_prefix = block->prefix;
  }
  std::string named;  // the as2org name of the first origin
  if (const RoutedPrefix* route = Network(address)) {
    result.origins = route->origins;
    result.network_source = "pfx2as";
    result.routed_prefix = route->prefix;
    named = as_names_.Name(route->origins.front());
  }
  std::string organisation;  // an ASN database's name for the first origin
  for (const std::unique_ptr<MmdbDatabase>& database : databases_) {
    const bool country = database->kind() == MmdbKind::kCountry;
    if (country ? !result.country.empty()
                : !result.origins.empty() && (!named.empty() || !organisation.empty())) {
      continue;
    }
    CLEARHOST_ASSIGN_OR_RETURN(const std::optional<MmdbMatch> match, database->Lookup(address));
    if (!match) continue;
    if (country) {
      result.country = match->country;
      result.country_source = database->database_type();
      result.country_prefix = match->network;
      continue;
    }
    if (result.origins.empty()) {
      result.origins = {match->asn};
      result.network_source = database->database_type();
      result.routed_prefix = match->network;
      named = as_names_.Name(match->asn);
    }
    if (match->asn == result.origins.front()) organisation = match->organisation;
  }
  result.as_name = named.empty() ? organisation : named;
  return result;
}

Result<AttributedItems> AttributeItems(const CsvTable& items, const HostingAttributor& attributor) {
  CLEARHOST_ASSIGN_OR_RETURN(const size_t url_column, items.RequireColumn("url"));
  CLEARHOST_ASSIGN_OR_RETURN(const size_t ip_column, items.RequireColumn("ip"));
  const std::optional<size_t> time_column = items.FindColumn("time");
  AttributedItems result;
  for (const CsvRecord& record : items.records) {
    const auto problem = [&](std::string message) {
      result.problems.push_back({items.file, record.line, std::move(message)});
    };
    if (record.fields.size() != items.header.size()) {
      problem(absl::StrCat(record.fields.size(), " fields, the header has ", items.header.size()));
      continue;
    }
    AttributedItem item;
    item.line = record.line;
    item.url = record.fields[url_column];
    auto address = ParseIpAddress(record.fields[ip_column]);
    if (!address.ok()) {
      problem(absl::StrCat("ip: ", address.status().message()));
      continue;
    }
    item.ip = FormatIpAddress(*address);
    if (time_column && !TrimAscii(record.fields[*time_column]).empty()) {
      auto time = ParseTimestamp(record.fields[*time_column]);
      if (!time.ok()) {
        problem(absl::StrCat("time: ", time.status().message()));
        continue;
      }
      item.time = *time;
    }
    auto attribution = attributor.Attribute(*address);
    if (!attribution.ok()) {
      problem(std::string(attribution.status().message()));
      continue;
    }
    item.country = attribution->country;
    item.registry = attribution->country_source;
    if (attribution->country_prefix)
      item.country_prefix = FormatIpPrefix(*attribution->country_prefix);
    if (!attribution->origins.empty()) {
      item.asn = attribution->origins.front();
      item.origins = FormatOrigins(attribution->origins);
      item.routed_prefix = FormatIpPrefix(*attribution->routed_prefix);
      item.network_source = attribution->network_source;
      item.as_name = attribution->as_name;
    }
    result.items.push_back(std::move(item));
  }
  return result;
}

Table ItemsTable(const AttributedItems& items) {
  Table table;
  table.columns = {
      "line",           "url", "ip",      "time",          "country",        "registry",
      "country_prefix", "asn", "origins", "routed_prefix", "network_source", "as_name"};
  for (const AttributedItem& item : items.items) {
    table.rows.push_back({Cell(int64_t(item.line)), Cell(item.url), Cell(item.ip),
                          item.time ? Cell(FormatTimestamp(*item.time)) : Cell(),
                          Cell(item.country), Cell(item.registry), Cell(item.country_prefix),
                          item.origins.empty() ? Cell() : Cell(int64_t{item.asn}),
                          Cell(item.origins), Cell(item.routed_prefix), Cell(item.network_source),
                          Cell(item.as_name)});
  }
  return table;
}

Table NetworkSharesTable(const AttributedItems& items) {
  struct Network {
    int64_t items = 0;
    std::string as_name;  // the first name an item gives
  };
  std::map<int64_t, Network> per_asn;  // -1: not routed
  for (const AttributedItem& item : items.items) {
    Network& network = per_asn[item.origins.empty() ? -1 : int64_t{item.asn}];
    ++network.items;
    if (network.as_name.empty()) network.as_name = item.as_name;
  }
  Table table;
  table.columns = {"asn", "as_name", "items", "share"};
  for (const auto& [asn, network] : per_asn) {
    table.rows.push_back({asn < 0 ? Cell() : Cell(asn), Cell(network.as_name), Cell(network.items),
                          Cell(double(network.items) / double(items.items.size()))});
  }
  return table;
}

Table CountrySharesTable(const AttributedItems& items, const std::vector<RateRow>* rates,
                         const CombinedRateWeights& weights) {
  // Items per (year, alpha-2 country); year -1 for items without a time.
  std::map<std::pair<int, std::string>, int64_t> per_country;
  std::map<int, int64_t> per_year;
  for (const AttributedItem& item : items.items) {
    const int year = item.time ? std::stoi(FormatTimestamp(*item.time).substr(0, 4)) : -1;
    ++per_country[{year, item.country}];
    ++per_year[year];
  }
  std::map<std::pair<int, std::string>, const RateRow*> rate_rows;
  if (rates != nullptr) {
    for (const RateRow& row : *rates) {
      if (row.kind == RateKind::kCountry && !row.iso2.empty()) {
        rate_rows[{row.year, row.iso2}] = &row;
      }
    }
  }
  Table table;
  table.columns = {
      "year",    "country",    "iso3",           "items",           "share_items",
      "reports", "population", "hosted_per_10k", "reports_per_10k", "combined_per_10k"};
  for (const auto& [key, count] : per_country) {
    const auto& [year, country] = key;
    std::vector<Cell> row = {year < 0 ? Cell() : Cell(int64_t{year}),
                             Cell(country),
                             Cell(),
                             Cell(count),
                             Cell(double(count) / double(per_year[year])),
                             Cell(),
                             Cell(),
                             Cell(),
                             Cell(),
                             Cell()};
    if (const auto found = rate_rows.find(key); found != rate_rows.end()) {
      const RateRow& rate = *found->second;
      row[2] = Cell(rate.iso3);
      row[5] = Cell(rate.reports);
      row[6] = OptionalCell(rate.population);
      if (rate.population) {
        const double population = double(*rate.population);
        row[7] = Cell(double(count) * 10000.0 / population);
        row[8] = OptionalCell(rate.per_10k);
        row[9] = Cell((weights.reports * double(rate.reports) + weights.hosting * double(count)) *
                      10000.0 / population);
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace clearhost::stats
