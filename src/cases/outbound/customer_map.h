// Which customer (or reseller) controls a reported URL or IP, so that the notice goes to the
// one who can remove the content: a table of domains and IP prefixes (CSV), looked up by the
// longest matching domain suffix of each URL's host, then by the longest IP prefix containing
// the case's IP; or, for hosters whose inventory lives elsewhere, an external command asked per
// case. docs/cases.md ("Outbound notices") gives both formats.
// Thread-safety: a loaded CustomerMap is immutable; Resolve may run on any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cases/case_record.h"
#include "core/prefix_table.h"
#include "core/status.h"

namespace clearhost::cases::outbound {

struct Customer {
  std::string id;        // the hoster's name for the customer, e.g. "reseller-17"
  std::string email;     // where its abuse notices go
  std::string language;  // "nl" or "en"
};

class CustomerMap {
 public:
  // CSV with the header `match,customer,email,language`: match is a domain ("example.com",
  // which also covers its subdomains) or an IP prefix ("192.0.2.0/24", "2001:db8::/32").
  // InvalidArgument naming the file and line for a malformed row; '#' lines are comments.
  static Result<CustomerMap> Load(const std::string& path);
  static Result<CustomerMap> Parse(std::string_view text, std::string_view file);

  // The customer of the first URL whose host (or a parent domain) is listed, else of the
  // longest prefix containing `ip`; nullopt when none is.
  std::optional<Customer> Find(const std::vector<std::string>& urls, std::string_view ip) const;
  size_t size() const { return customers_.size(); }

 private:
  std::vector<Customer> customers_;
  std::unordered_map<std::string, uint32_t> domains_;  // lowercase domain -> customer index
  Ipv4PrefixTable v4_;
  Ipv6PrefixTable v6_;
};

// Asks `command` (run directly, not through a shell) with the case's first URL and IP as its
// two arguments; it prints `customer,email,language` on one line, or nothing when the customer
// is unknown. Unavailable when it fails, gives no answer within `timeout_ms` (it is killed) or
// prints something malformed.
Result<std::optional<Customer>> AskCustomerCommand(const std::string& command, std::string_view url,
                                                   std::string_view ip, int timeout_ms = 10'000);

// The lowercase host of an http(s) URL ("" when there is none).
std::string UrlHost(std::string_view url);

}  // namespace clearhost::cases::outbound
