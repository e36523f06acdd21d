#include "cases/outbound/customer_map.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cases/outbound/outbound_mail.h"
#include "core/ip_address.h"
#include "core/posix_file.h"

extern char** environ;

namespace clearhost::cases::outbound {
namespace {

std::string Trim(std::string_view text) {
  return std::string(absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
}

// "customer,email,language" with the checks a CSV row and a command's answer share.
Result<Customer> ParseCustomer(std::string_view customer, std::string_view email,
                               std::string_view language) {
  Customer parsed{Trim(customer), Trim(email), absl::AsciiStrToLower(Trim(language))};
  if (parsed.id.empty()) return absl::InvalidArgumentError("empty customer");
  CLEARHOST_RETURN_IF_ERROR(ValidateMailAddress(parsed.email));
  if (parsed.language.empty()) parsed.language = "en";
  if (parsed.language != "nl" && parsed.language != "en") {
    return absl::InvalidArgumentError(
        absl::StrCat("language '", parsed.language, "' is not nl or en"));
  }
  return parsed;
}

bool IsDomain(std::string_view text) {
  if (text.empty() || text.size() > 253 || text.front() == '.' || text.back() == '.') return false;
  for (const char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string rest(url.substr(scheme + 3));
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');
  if (at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    return close == std::string::npos ? "" : absl::AsciiStrToLower(rest.substr(1, close - 1));
  }
  rest = rest.substr(0, rest.find(':'));
  std::string host = absl::AsciiStrToLower(rest);
  if (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

Result<CustomerMap> CustomerMap::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the customer table"));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

Result<CustomerMap> CustomerMap::Parse(std::string_view text, std::string_view file) {
  CustomerMap map;
  Ipv4PrefixTable::Builder v4;
  Ipv6PrefixTable::Builder v6;
  int line_number = 0;
  bool header = false;
  const std::string_view file_name = file;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    const std::string trimmed = Trim(std::string_view(line.data(), line.size()));
    if (trimmed.empty() || trimmed[0] == '#') continue;
    const auto fail = [&](absl::string_view problem) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(file_name), ":", line_number, ": ", problem));
    };
    const std::vector<std::string> fields = absl::StrSplit(trimmed, ',');
    if (!header) {
      if (fields.size() != 4 || Trim(fields[0]) != "match" || Trim(fields[1]) != "customer" ||
          Trim(fields[2]) != "email" || Trim(fields[3]) != "language") {
        return fail("the header must be match,customer,email,language");
      }
      header = true;
      continue;
    }
    if (fields.size() != 4) return fail(absl::StrCat(fields.size(), " fields, expected 4"));
    Result<Customer> customer = ParseCustomer(fields[1], fields[2], fields[3]);
    if (!customer.ok()) return fail(customer.status().message());
    const uint32_t index = static_cast<uint32_t>(map.customers_.size());
    const std::string match = absl::AsciiStrToLower(Trim(fields[0]));
    if (match.find('/') != std::string::npos || match.find(':') != std::string::npos ||
        (!match.empty() && absl::ascii_isdigit(static_cast<unsigned char>(match.back())) &&
         match.find_first_not_of("0123456789.") == std::string::npos)) {
      Result<IpPrefix> prefix =
          match.find('/') == std::string::npos
              ? ParseIpPrefix(
                    absl::StrCat(match, match.find(':') == std::string::npos ? "/32" : "/128"))
              : ParseIpPrefix(match);
      if (!prefix.ok()) return fail(prefix.status().message());
      if (prefix->start.v6) {
        v6.Add(prefix->start.value, prefix->length, index);
      } else {
        v4.Add(static_cast<Ipv4Address>(prefix->start.value), prefix->length, index);
      }
    } else if (IsDomain(match)) {
      map.domains_[match] = index;
    } else {
      return fail(absl::StrCat("'", match, "' is neither a domain nor an IP prefix"));
    }
    map.customers_.push_back(*std::move(customer));
  }
  if (!header) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(file), ": empty customer table"));
  }
  map.v4_ = v4.Build();
  map.v6_ = v6.Build();
  return map;
}

std::optional<Customer> CustomerMap::Find(const std::vector<std::string>& urls,
                                          std::string_view ip) const {
  for (const std::string& url : urls) {
    const std::string owned = UrlHost(url);
    std::string_view host = owned;
    while (!host.empty()) {
      const auto found = domains_.find(std::string(host));
      if (found != domains_.end()) return customers_[found->second];
      const size_t dot = host.find('.');
      if (dot == std::string_view::npos) break;
      host.remove_prefix(dot + 1);
    }
  }
  if (ip.empty()) return std::nullopt;
  Result<IpAddress> address = ParseIpAddress(ip);
  if (!address.ok()) return std::nullopt;
  const uint32_t index = address->v6 ? v6_.Lookup(address->value)
                                     : v4_.Lookup(static_cast<Ipv4Address>(address->value));
  if (index == Ipv4PrefixTable::kNoValue) return std::nullopt;
  return customers_[index];
}

Result<std::optional<Customer>> AskCustomerCommand(const std::string& command, std::string_view url,
                                                   std::string_view ip, int timeout_ms) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return ErrnoStatus(errno, "cannot create a pipe");
  FileDescriptor read_end(pipe_fds[0]);
  FileDescriptor write_end(pipe_fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::string url_argument(url);
  std::string ip_argument(ip);
  std::string program = command;
  char* argv[] = {program.data(), url_argument.data(), ip_argument.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  write_end.Reset();
  if (spawned != 0) {
    return absl::UnavailableError(
        absl::StrCat("customer command ", command, ": cannot run it: ", std::strerror(spawned)));
  }
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool timed_out = false;
  while (output.size() <= 4096) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd entry{read_end.get(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&entry, 1, static_cast<int>(left.count())) == 0) {
      timed_out = true;
      break;
    }
    char buffer[1024];
    const ssize_t got = ::read(read_end.get(), buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output.append(buffer, static_cast<size_t>(got));
  }
  if (timed_out || output.size() > 4096) ::kill(pid, SIGKILL);
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  const auto fail = [&](absl::string_view problem) {
    return absl::UnavailableError(absl::StrCat("customer command ", command, ": ", problem));
  };
  if (timed_out) return fail(absl::StrCat("no answer within ", timeout_ms, " ms"));
  if (output.size() > 4096) return fail("answer longer than 4096 bytes");
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    return fail(absl::StrCat("failed (exit status ", WEXITSTATUS(wait_status), ")"));
  }
  const std::string answer = Trim(output);
  if (answer.empty()) return std::optional<Customer>();
  const std::vector<std::string> fields = absl::StrSplit(answer, ',');
  if (fields.size() != 3) return fail("the answer is not customer,email,language");
  Result<Customer> customer = ParseCustomer(fields[0], fields[1], fields[2]);
  if (!customer.ok()) return fail(customer.status().message());
  return std::optional<Customer>(*std::move(customer));
}

}  // namespace clearhost::cases::outbound
