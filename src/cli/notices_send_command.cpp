// `clearhost notices send`: the outbound side of cases (cases/outbound/notice_dispatcher.h):
// XARF v4 notices to customers over SMTP, re-notices until the case is actioned, escalations to
// the hoster's staff, decisions to notifiers. One run by default (for a systemd timer or cron),
// or every --every seconds.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cases/case_store.h"
#include "cases/outbound/customer_map.h"
#include "cases/outbound/notice_dispatcher.h"
#include "cases/outbound/outbound_mail.h"
#include "cli/commands.h"
#include "cli/json_line.h"
#include "cli/store_options.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "stats/field_parse.h"

namespace clearhost::cli {
namespace {

struct SendArguments {
  std::string db;
  std::string smtp;
  std::string smtp_user;
  bool starttls = false;
  std::string from;
  std::string from_name;
  std::string reporter_org;
  std::vector<std::string> staff;
  std::string customers;
  std::string customer_command;
  std::string templates;
  double renotice_hours = 24;
  double escalate_before_hours = 2;
  std::string staff_language = "en";
  std::string notifier_language = "en";
  std::string now;
  int every_seconds = 0;
};

int Fail(const Status& status, int code) {
  std::fprintf(stderr, "clearhost notices send: %s\n", std::string(status.message()).c_str());
  return code;
}

Result<cases::outbound::DispatchOptions> Options(const SendArguments& arguments) {
  cases::outbound::DispatchOptions options;
  if (arguments.smtp.rfind("smtp://", 0) != 0 && arguments.smtp.rfind("smtps://", 0) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--smtp ", arguments.smtp, ": not an smtp:// or smtps:// URL"));
  }
  options.smtp.url = arguments.smtp;
  options.smtp.username = arguments.smtp_user;
  if (const char* password = std::getenv("CLEARHOST_SMTP_PASSWORD")) {
    options.smtp.password = password;
  }
  options.smtp.require_tls = arguments.starttls;
  CLEARHOST_RETURN_IF_ERROR(cases::outbound::ValidateMailAddress(arguments.from));
  for (const std::string& address : arguments.staff) {
    CLEARHOST_RETURN_IF_ERROR(cases::outbound::ValidateMailAddress(address));
  }
  options.from = arguments.from;
  options.from_name = arguments.from_name;
  options.reporter.org = arguments.reporter_org.empty() ? arguments.from : arguments.reporter_org;
  options.reporter.org_email = arguments.from;
  options.reporter.org_domain = arguments.from.substr(arguments.from.rfind('@') + 1);
  options.staff = arguments.staff;
  options.staff_language = arguments.staff_language;
  options.notifier_language = arguments.notifier_language;
  if (arguments.renotice_hours <= 0 || arguments.escalate_before_hours < 0) {
    return absl::InvalidArgumentError(
        "--renotice-hours must be > 0 and --escalate-before-hours >= 0");
  }
  options.renotice_micros = static_cast<int64_t>(arguments.renotice_hours * 3.6e9);
  options.escalate_before_micros = static_cast<int64_t>(arguments.escalate_before_hours * 3.6e9);
  if (!arguments.customers.empty()) {
    CLEARHOST_ASSIGN_OR_RETURN(cases::outbound::CustomerMap map,
                               cases::outbound::CustomerMap::Load(arguments.customers));
    auto shared = std::make_shared<const cases::outbound::CustomerMap>(std::move(map));
    options.resolve_customer = [shared](const cases::Case& record) {
      return Result<std::optional<cases::outbound::Customer>>(
          shared->Find(record.notice.urls, record.notice.ip));
    };
  } else if (!arguments.customer_command.empty()) {
    const std::string command = arguments.customer_command;
    options.resolve_customer = [command](const cases::Case& record) {
      return cases::outbound::AskCustomerCommand(command, record.notice.urls.front(),
                                                 record.notice.ip);
    };
  } else {
    return absl::InvalidArgumentError("give --customers FILE or --customer-command CMD");
  }
  return options;
}

int RunSend(const SendArguments& arguments) {
  Result<cases::outbound::DispatchOptions> options = Options(arguments);
  if (!options.ok()) return Fail(options.status(), 2);
  Result<cases::outbound::TemplateSet> templates =
      arguments.templates.empty()
          ? Result<cases::outbound::TemplateSet>(cases::outbound::TemplateSet::BuiltIn())
          : cases::outbound::TemplateSet::Load(arguments.templates);
  if (!templates.ok()) return Fail(templates.status(), 2);
  int64_t fixed_now = 0;
  if (!arguments.now.empty()) {
    Result<int64_t> seconds = stats::ParseTimestamp(arguments.now);
    if (!seconds.ok()) return Fail(seconds.status(), 2);
    fixed_now = *seconds * 1'000'000;
  }
  Result<std::unique_ptr<store::SqlConnection>> database = OpenDatabase(arguments.db);
  if (!database.ok()) return Fail(database.status(), 1);
  cases::CaseStore cases(**database);
  cases::outbound::NoticeDispatcher dispatcher(**database, cases, *std::move(templates),
                                               *std::move(options));
  while (true) {
    const int64_t now = fixed_now != 0 ? fixed_now : SystemClockMicros();
    Result<cases::outbound::DispatchCounts> counts = dispatcher.RunOnce(now);
    if (!counts.ok()) return Fail(counts.status(), 1);
    PrintJsonLine(nlohmann::ordered_json{{"at", IsoTime(now)},
                                         {"notices", counts->notices},
                                         {"renotices", counts->renotices},
                                         {"escalations", counts->escalations},
                                         {"decisions", counts->decisions},
                                         {"unmapped", counts->unmapped},
                                         {"deferred", counts->deferred},
                                         {"refused", counts->refused}});
    std::fflush(stdout);
    if (arguments.every_seconds <= 0) return counts->refused > 0 ? 1 : 0;
    std::this_thread::sleep_for(std::chrono::seconds(arguments.every_seconds));
  }
}

}  // namespace

void RegisterNoticesSendCommand(CLI::App& notices, int& exit_code) {
  auto arguments = std::make_shared<SendArguments>();
  CLI::App* send = notices.add_subcommand(
      "send",
      "Send what is due: notices and re-notices to customers (XARF v4 over SMTP), "
      "escalations to staff, decisions to notifiers");
  send->footer(
      "Each open case goes to the customer --customers (or --customer-command) names for its\n"
      "URLs or IP, with a XARF v4 attachment and a readable text; re-notices follow every\n"
      "--renotice-hours (a quarter of the case's window for shorter orders) until the case is\n"
      "actioned, confirmed gone or rejected. Cases without a known customer, refused notices\n"
      "and cases near their deadline are escalated to --staff. Notifiers who sent a notice by\n"
      "e-mail get the decision (DSA Art. 16(5)). Nothing is sent twice, across restarts and\n"
      "several senders. SMTP password: $CLEARHOST_SMTP_PASSWORD. Prints one JSON line per run.");
  AddDbOption(*send, arguments->db);
  send->add_option("--smtp", arguments->smtp, "smtp://HOST:PORT or smtps://HOST:PORT")->required();
  send->add_option("--smtp-user", arguments->smtp_user, "SMTP login (password from the env)");
  send->add_flag("--starttls", arguments->starttls, "Require STARTTLS on smtp:// URLs");
  send->add_option("--from", arguments->from, "The abuse desk's address")->required();
  send->add_option("--from-name", arguments->from_name, "Its display name");
  send->add_option("--reporter-org", arguments->reporter_org,
                   "The organisation XARF names as reporter (default: --from)");
  send->add_option("--staff", arguments->staff, "Escalations go to this address (repeatable)");
  send->add_option("--customers", arguments->customers,
                   "CSV match,customer,email,language (domains and IP prefixes)");
  send->add_option("--customer-command", arguments->customer_command,
                   "Program asked with URL and IP; prints customer,email,language");
  send->add_option("--templates", arguments->templates,
                   "Directory of <kind>.<language>.txt templates overriding the built-ins");
  send->add_option("--renotice-hours", arguments->renotice_hours, "Between notices (24)");
  send->add_option("--escalate-before-hours", arguments->escalate_before_hours,
                   "Warn the staff this long before a deadline (2; at most a quarter of the "
                   "case's window)");
  send->add_option("--staff-language", arguments->staff_language, "nl or en (en)");
  send->add_option("--notifier-language", arguments->notifier_language, "nl or en (en)");
  send->add_option("--now", arguments->now,
                   "Act as if it were this time (RFC 3339; tests and dry runs of a schedule)");
  send->add_option("--every", arguments->every_seconds,
                   "Run again every this many seconds (0: once)");
  send->callback([arguments, &exit_code] { exit_code = RunSend(*arguments); });
}

void RegisterNoticesCommand(CLI::App& command, int& exit_code) {
  command.require_subcommand(1);
  RegisterNoticesIngestCommand(command, exit_code);
  RegisterNoticesSendCommand(command, exit_code);
}

}  // namespace clearhost::cli
