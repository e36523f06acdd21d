// `clearhost serve`: the notice-and-takedown API in the foreground until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/store_options.h"
#include "server/api_server.h"

namespace clearhost::cli {
namespace {

struct ServeArguments {
  std::string db;
  std::string listen = "127.0.0.1:8440";
  server::ServerOptions options;
  double alert_before_hours = 2;
  ServeArguments() {
    options.statements.default_legal_ground =
        "Directive 2011/93/EU on combating child sexual abuse, as transposed in national law";
  }
};

Status SplitListen(const std::string& listen, std::string& host, int& port) {
  const size_t colon = listen.rfind(':');
  int parsed = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &parsed) || parsed < 0 || parsed > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen ", listen, ": expected HOST:PORT, e.g. 127.0.0.1:8440"));
  }
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:8440
  }
  port = parsed;
  return Status();
}

int RunServe(ServeArguments& arguments) {
  const auto fail = [](const Status& status) {
    std::fprintf(stderr, "clearhost serve: %s\n", std::string(status.message()).c_str());
    return absl::IsInvalidArgument(status) ? 2 : 1;
  };
  server::ServerOptions& options = arguments.options;
  if (Status listen = SplitListen(arguments.listen, options.host, options.port); !listen.ok()) {
    return fail(listen);
  }
  options.database_url = DatabaseUrl(arguments.db);
  options.alert_before_micros = static_cast<int64_t>(arguments.alert_before_hours * 3.6e9);
  // SIGTERM and SIGINT are taken by one waiting thread, never by a worker in the middle of a
  // request; the waiter stops the server, which finishes the requests in flight.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<std::unique_ptr<server::ApiServer>> api = server::ApiServer::Create(options);
  if (!api.ok()) return fail(api.status());
  if (Status bound = (*api)->Bind(); !bound.ok()) return fail(bound);
  std::fprintf(
      stderr, "clearhost serve: listening on http://%s:%d/ (database %s)\n",
      options.host.find(':') != std::string::npos ? absl::StrCat("[", options.host, "]").c_str()
                                                  : options.host.c_str(),
      (*api)->port(),
      options.database_url.rfind("sqlite:", 0) == 0 ? options.database_url.c_str() : "postgresql");
  std::thread waiter([&api, signals] {
    int received = 0;
    // SIGHUP: rebuild the index from the bank store and swap it in; serving goes on.
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
      const Status reloaded = (*api)->ReloadIndex();
      std::fprintf(
          stderr, "clearhost serve: SIGHUP: %s\n",
          reloaded.ok() ? "index rebuilt and swapped in" : std::string(reloaded.message()).c_str());
    }
    std::fprintf(stderr, "clearhost serve: %s received, stopping\n",
                 received == SIGTERM ? "SIGTERM" : "SIGINT");
    (*api)->Stop();
  });
  const Status served = (*api)->Run();
  // Wake the waiter if the server stopped on its own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!served.ok()) return fail(served);
  std::fprintf(stderr, "clearhost serve: stopped\n");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& command, int& exit_code) {
  auto arguments = std::make_shared<ServeArguments>();
  AddDbOption(command, arguments->db);
  command.add_option("--listen", arguments->listen,
                     "HOST:PORT to listen on (default 127.0.0.1:8440; port 0 picks a free one)");
  command.add_option("--threads", arguments->options.threads, "request worker threads (8)")
      ->check(CLI::Range(1, 256));
  command.add_option("--max-body", arguments->options.max_body_bytes,
                     "largest request body in bytes (1 MiB); larger ones get 413");
  command.add_option("--alert-webhook", arguments->options.alert_webhook,
                     "URL POSTed a JSON alert for each open case nearing its deadline");
  command
      .add_option("--alert-before", arguments->alert_before_hours,
                  "hours before a deadline that its alert goes out (2)")
      ->check(CLI::Range(0.0, 8760.0));
  command
      .add_option("--alert-interval-ms", arguments->options.alert_interval_ms,
                  "how often deadlines are checked for alerts, in ms (10000)")
      ->check(CLI::Range(100, 3'600'000));
  command.add_option("--banks", arguments->options.banks_path,
                     "SQLite file of the bank store to match against (default: the --db file "
                     "when it is SQLite; none with PostgreSQL)");
  command
      .add_option("--index-refresh-ms", arguments->options.index_refresh_ms,
                  "how often the index catches up with bank changes, in ms (1000)")
      ->check(CLI::Range(50, 3'600'000));
  command.add_option("--max-pixels", arguments->options.max_pixels,
                     "POST /v1/hash: largest picture or video frame in pixels (100000000)");
  command
      .add_option("--read-timeout", arguments->options.read_timeout_seconds,
                  "seconds a client may take to send a request before it is dropped (10)")
      ->check(CLI::Range(1, 600));
  command.add_option("--puid-prefix", arguments->options.statements.puid_prefix,
                     "prefix of the DSA statement of reasons' puid (clearhost-case-)");
  command.add_option("--default-legal-ground", arguments->options.statements.default_legal_ground,
                     "the legal ground statements of reasons give when a notice names none");
  command.callback([arguments, &exit_code] { exit_code = RunServe(*arguments); });
}

}  // namespace clearhost::cli
