#include "stats/mmdb_database.h"

#include <arpa/inet.h>
#include <maxminddb.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace clearhost::stats {
namespace {

// How many tree nodes the kind probe visits at most, looking for a first record.
constexpr int kProbeNodes = 4096;

Status FileError(absl::StatusCode code, const std::string& file, std::string_view message) {
  return Status(code, absl::StrCat(file, ": ", std::string(message)));
}

// The string at `path` in `entry`, or nullopt when it is absent or not a string.
std::optional<std::string> StringAt(MMDB_entry_s entry, const char* const* path, int& error) {
  MMDB_entry_data_s data{};
  error = MMDB_aget_value(&entry, &data, path);
  if (error == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR) error = MMDB_SUCCESS;
  if (error != MMDB_SUCCESS || !data.has_data || data.type != MMDB_DATA_TYPE_UTF8_STRING) {
    return std::nullopt;
  }
  return std::string(data.utf8_string, data.data_size);
}

// The unsigned integer at `path`, or nullopt when absent, not unsigned or above 32 bits.
std::optional<uint32_t> Uint32At(MMDB_entry_s entry, const char* const* path, int& error) {
  MMDB_entry_data_s data{};
  error = MMDB_aget_value(&entry, &data, path);
  if (error == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR) error = MMDB_SUCCESS;
  if (error != MMDB_SUCCESS || !data.has_data) return std::nullopt;
  switch (data.type) {
    case MMDB_DATA_TYPE_UINT16:
      return data.uint16;
    case MMDB_DATA_TYPE_UINT32:
      return data.uint32;
    case MMDB_DATA_TYPE_UINT64:
      if (data.uint64 <= 0xFFFFFFFFull) return uint32_t(data.uint64);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

constexpr const char* kCountryPath[] = {"country", "iso_code", nullptr};
constexpr const char* kRegisteredCountryPath[] = {"registered_country", "iso_code", nullptr};
constexpr const char* kAsnPath[] = {"autonomous_system_number", nullptr};
constexpr const char* kOrganisationPath[] = {"autonomous_system_organization", nullptr};

// The kind the first data record found in the tree shows by its fields.
std::optional<MmdbKind> ProbeKind(const MMDB_s& mmdb) {
  std::vector<uint32_t> pending = {0};
  for (int visited = 0; !pending.empty() && visited < kProbeNodes; ++visited) {
    const uint32_t node_number = pending.back();
    pending.pop_back();
    MMDB_search_node_s node{};
    if (MMDB_read_node(&mmdb, node_number, &node) != MMDB_SUCCESS) return std::nullopt;
    const std::pair<uint8_t, MMDB_entry_s> sides[] = {
        {node.right_record_type, node.right_record_entry},
        {node.left_record_type, node.left_record_entry}};
    for (const auto& [type, entry] : sides) {
      if (type == MMDB_RECORD_TYPE_DATA) {
        int error = MMDB_SUCCESS;
        if (StringAt(entry, kCountryPath, error) ||
            StringAt(entry, kRegisteredCountryPath, error)) {
          return MmdbKind::kCountry;
        }
        if (Uint32At(entry, kAsnPath, error)) return MmdbKind::kAsn;
      }
    }
    if (node.right_record_type == MMDB_RECORD_TYPE_SEARCH_NODE) {
      pending.push_back(uint32_t(node.right_record));
    }
    if (node.left_record_type == MMDB_RECORD_TYPE_SEARCH_NODE) {
      pending.push_back(uint32_t(node.left_record));
    }
  }
  return std::nullopt;
}

}  // namespace

Result<std::unique_ptr<MmdbDatabase>> MmdbDatabase::Open(const std::filesystem::path& path) {
  std::unique_ptr<MmdbDatabase> database(new MmdbDatabase());
  database->file_ = path.string();
  database->mmdb_ = std::make_unique<MMDB_s>();
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    return FileError(absl::StatusCode::kNotFound, database->file_, "no such file");
  }
  const int status = MMDB_open(database->file_.c_str(), MMDB_MODE_MMAP, database->mmdb_.get());
  if (status != MMDB_SUCCESS) {
    const absl::StatusCode code = status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR
                                      ? absl::StatusCode::kNotFound
                                      : absl::StatusCode::kDataLoss;
    return FileError(code, database->file_,
                     absl::StrCat("not a readable MaxMind DB: ", MMDB_strerror(status)));
  }
  database->opened_ = true;
  const MMDB_s& mmdb = *database->mmdb_;
  database->database_type_ =
      mmdb.metadata.database_type == nullptr ? "" : mmdb.metadata.database_type;
  const std::string& type = database->database_type_;
  if (absl::StrContains(type, "ASN")) {
    database->kind_ = MmdbKind::kAsn;
  } else if (absl::StrContains(type, "Country") || absl::StrContains(type, "City") ||
             absl::StrContains(type, "Enterprise")) {
    database->kind_ = MmdbKind::kCountry;
  } else if (const std::optional<MmdbKind> probed = ProbeKind(mmdb)) {
    database->kind_ = *probed;
  } else {
    return FileError(absl::StatusCode::kUnimplemented, database->file_,
                     absl::StrCat("database_type '", type,
                                  "' is not a country or ASN database (no country.iso_code or ",
                                  "autonomous_system_number in its records)"));
  }
  return database;
}

MmdbDatabase::~MmdbDatabase() {
  if (opened_) MMDB_close(mmdb_.get());
}

Result<std::optional<MmdbMatch>> MmdbDatabase::Lookup(const IpAddress& address) const {
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  const sockaddr* socket_address = nullptr;
  if (!address.v6) {
    v4.sin_family = AF_INET;
    v4.sin_addr.s_addr = htonl(uint32_t(address.value));
    socket_address = reinterpret_cast<const sockaddr*>(&v4);
  } else {
    if (mmdb_->metadata.ip_version == 4) return std::nullopt;  // no IPv6 data
    v6.sin6_family = AF_INET6;
    for (int byte = 0; byte < 16; ++byte) {
      v6.sin6_addr.s6_addr[byte] = uint8_t(address.value >> (8 * (15 - byte)));
    }
    socket_address = reinterpret_cast<const sockaddr*>(&v6);
  }
  int error = MMDB_SUCCESS;
  const MMDB_lookup_result_s result = MMDB_lookup_sockaddr(mmdb_.get(), socket_address, &error);
  if (error != MMDB_SUCCESS) {
    return FileError(
        absl::StatusCode::kDataLoss, file_,
        absl::StrCat("lookup of ", FormatIpAddress(address), ": ", MMDB_strerror(error)));
  }
  if (!result.found_entry) return std::nullopt;
  MmdbMatch match;
  // The netmask counts tree bits: an IPv4 address in an IPv6 tree starts at bit 96.
  int length = result.netmask;
  if (!address.v6 && mmdb_->metadata.ip_version == 6) length = std::max(0, length - 96);
  const int bits = address.v6 ? 128 : 32;
  length = std::min(length, bits);
  const Ipv6Address host_mask = length == 0      ? (address.v6 ? ~Ipv6Address{0} : 0xFFFFFFFFu)
                                : length == bits ? 0
                                                 : (Ipv6Address{1} << (bits - length)) - 1;
  match.network = IpPrefix{IpAddress{address.v6, address.value & ~host_mask}, length};
  const auto corrupt = [&] {
    return FileError(
        absl::StatusCode::kDataLoss, file_,
        absl::StrCat("record of ", FormatIpPrefix(match.network), ": ", MMDB_strerror(error)));
  };
  if (kind_ == MmdbKind::kCountry) {
    std::optional<std::string> country = StringAt(result.entry, kCountryPath, error);
    if (error != MMDB_SUCCESS) return corrupt();
    if (!country) country = StringAt(result.entry, kRegisteredCountryPath, error);
    if (error != MMDB_SUCCESS) return corrupt();
    if (!country) return std::nullopt;
    if (country->size() != 2 || !absl::ascii_isalpha(uint8_t((*country)[0])) ||
        !absl::ascii_isalpha(uint8_t((*country)[1]))) {
      return FileError(absl::StatusCode::kDataLoss, file_,
                       absl::StrCat("record of ", FormatIpPrefix(match.network), ": iso_code '",
                                    *country, "' is not an alpha-2 code"));
    }
    match.country = absl::AsciiStrToUpper(*country);
    return match;
  }
  const std::optional<uint32_t> asn = Uint32At(result.entry, kAsnPath, error);
  if (error != MMDB_SUCCESS) return corrupt();
  if (!asn) return std::nullopt;
  match.asn = *asn;
  match.organisation = StringAt(result.entry, kOrganisationPath, error).value_or("");
  if (error != MMDB_SUCCESS) return corrupt();
  return match;
}

}  // namespace clearhost::stats
