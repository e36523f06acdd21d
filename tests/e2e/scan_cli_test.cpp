// Drives `clearhost scan` end to end on generated trees: every planted match found (edited
// copies, copies inside nested archives), no false match, every unreadable or hostile item
// reported while the scan goes on; incremental rescans that read nothing; and resumption after
// `kill -9` at random points with every result reported exactly once.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "archive_synth.h"
#include "support/test_support.h"
#include "video_synth.h"

extern char** environ;

namespace clearhost {
namespace {

using testing::JsonLines;
using testing::ReadText;

namespace fs = std::filesystem;
using synth::ArchiveFormat;
using synth::MakeArchive;
using testing::RunClearhost;
using testing::ScratchDir;
using testing::WriteFile;

// Paths of the records of `type` ("match", "error", "skipped").
std::multiset<std::string> PathsOf(const std::vector<nlohmann::json>& records,
                                   const std::string& type) {
  std::multiset<std::string> paths;
  for (const auto& record : records) {
    if (record["type"] == type) paths.insert(record["path"].get<std::string>());
  }
  return paths;
}

class ScanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Readable by everyone: one test scans as an unprivileged user.
    fs::permissions(scratch_.path(), fs::perms::owner_all | fs::perms::group_read |
                                         fs::perms::group_exec | fs::perms::others_read |
                                         fs::perms::others_exec);
    tree_ = scratch_.path() / "tree";
    fs::create_directories(tree_ / "www" / "deep");
    fs::create_directories(scratch_.path() / "listed");
    // Known pictures: their PDQ hashes make the list; the tree holds edited copies only.
    for (uint32_t k = 0; k < 4; ++k) {
      const auto picture = testing::MakeTestPicture(320, 240, 100 + k);
      known_.push_back(picture);
      WriteFile(scratch_.path() / "listed" / absl::StrCat("known-", k, ".png"),
                testing::EncodePng(picture));
    }
    const auto hashed =
        RunClearhost({"hash", "--format", "pdq", (scratch_.path() / "listed").string()});
    ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
    std::string list;
    std::istringstream in(hashed.out);
    for (std::string line; std::getline(in, line);)
      absl::StrAppend(&list, line.substr(0, 64), "\n");
    list_ = (scratch_.path() / "list.txt").string();
    WriteFile(list_, std::vector<uint8_t>(list.begin(), list.end()));
  }

  std::vector<uint8_t> EditedCopy(int k) const {
    return testing::EncodeJpeg(known_[size_t(k)], 70, false);
  }

  std::vector<uint8_t> Unrelated(uint32_t seed) const {
    return testing::EncodeJpeg(testing::MakeTestPicture(300, 200, seed), 85, false);
  }

  // The planted tree: returns the paths that must match.
  std::set<std::string> PlantTree() {
    std::set<std::string> planted;
    const auto plant = [&](const fs::path& path, const std::vector<uint8_t>& bytes) {
      WriteFile(path, bytes);
      planted.insert(path.string());
    };
    plant(tree_ / "www" / "photo.jpg", EditedCopy(0));
    plant(tree_ / "www" / "deep" / "renamed.txt", EditedCopy(1));  // sniffed, not by name
    WriteFile(tree_ / "www" / "holiday.jpg", Unrelated(7));
    WriteFile(tree_ / "www" / "other.jpg", Unrelated(8));
    WriteFile(tree_ / "www" / "index.html", {'<', 'h', 't', 'm', 'l', '>'});
    WriteFile(tree_ / "backup.zip",
              MakeArchive(ArchiveFormat::kZip,
                          {{"site/a.jpg", EditedCopy(2)}, {"site/b.jpg", Unrelated(9)}}));
    planted.insert((tree_ / "backup.zip").string() + "!/site/a.jpg");
    const auto inner = MakeArchive(ArchiveFormat::kZip, {{"x/c.jpg", EditedCopy(3)}});
    WriteFile(tree_ / "nested.tar.gz",
              MakeArchive(ArchiveFormat::kTarGz, {{"old/inner.zip", inner}, {"readme", {'r'}}}));
    planted.insert((tree_ / "nested.tar.gz").string() + "!/old/inner.zip!/x/c.jpg");
    WriteFile(tree_ / "seven.7z",
              MakeArchive(ArchiveFormat::kSevenZip, {{"p.jpg", EditedCopy(0)}}));
    planted.insert((tree_ / "seven.7z").string() + "!/p.jpg");
    fs::create_symlink("..", tree_ / "www" / "loop");
    return planted;
  }

  ScratchDir scratch_;
  fs::path tree_;
  std::string list_;
  std::vector<image::RgbImage> known_;
};

TEST_F(ScanCliTest, FindsEveryPlantedMatchAndNothingElse) {
  const auto planted = PlantTree();
  const auto result = RunClearhost({"scan", "--list", list_, tree_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto records = JsonLines(result.out);
  const auto matched = PathsOf(records, "match");
  EXPECT_EQ(std::set<std::string>(matched.begin(), matched.end()), planted);
  EXPECT_EQ(matched.size(), planted.size());  // one list entry each, reported once
  for (const auto& record : records) {
    if (record["type"] != "match") continue;
    EXPECT_EQ(record["signal_type"], "pdq");
    EXPECT_LE(record["distance"].get<int>(), 31);
    EXPECT_EQ(record["source"], list_);
    EXPECT_EQ(record["verdict"], "match");
    EXPECT_EQ(record["match"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(PathsOf(records, "skipped").count((tree_ / "www" / "loop").string()), 1u);
  ASSERT_EQ(records.back()["type"], "summary");
  EXPECT_EQ(records.back()["acted"], planted.size());
  EXPECT_EQ(records.back()["archives"], 3);  // backup.zip, nested.tar.gz, seven.7z
  EXPECT_EQ(records.back()["members"], 5);   // inner.zip is opened, its member counted
  EXPECT_EQ(records.back()["errors"], 0);
}

TEST_F(ScanCliTest, ReportsHostileAndUnreadableItemsAndFinishesTheScan) {
  const auto planted = PlantTree();
  WriteFile(tree_ / "bomb.zip", synth::MakeZipBomb(uint64_t{80} << 20));
  WriteFile(tree_ / "deep.zip", synth::MakeNestedZips(8, {"bottom.jpg", EditedCopy(0)}));
  // A 10 GB sparse file: over the digest limit, reported without reading 10 GB.
  {
    const int fd = open((tree_ / "sparse.bin").c_str(), O_WRONLY | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(ftruncate(fd, off_t{10} << 30), 0);
    close(fd);
  }
  auto truncated = EditedCopy(1);
  truncated.resize(truncated.size() / 3);
  WriteFile(tree_ / "truncated.jpg", truncated);
  WriteFile(tree_ / "secret.jpg", EditedCopy(2));
  fs::permissions(tree_ / "secret.jpg", fs::perms::none);
  ASSERT_EQ(mkfifo((tree_ / "pipe").c_str(), 0644), 0);

  // Root reads everything: scan as an unprivileged user then, so permission is denied for real.
  std::vector<std::string> command = {"scan", "--list", list_, tree_.string()};
  testing::CommandResult result;
  if (geteuid() == 0) {
    ASSERT_TRUE(testing::ProgramOnPath("setpriv")) << "setpriv (util-linux) is needed as root";
    std::vector<std::string> argv = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                     testing::ClearhostBinary().string()};
    argv.insert(argv.end(), command.begin(), command.end());
    result = testing::RunProgram(argv);
  } else {
    result = RunClearhost(command);
  }
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const auto records = JsonLines(result.out);
  std::map<std::string, std::string> errors;
  for (const auto& record : records) {
    if (record["type"] == "error") errors[record["path"]] = record["error"];
  }
  const auto error_of = [&](const std::string& path) {
    const auto found = errors.find(path);
    return found == errors.end() ? std::string("(not reported)") : found->second;
  };
  EXPECT_NE(error_of((tree_ / "bomb.zip").string()).find("archive bomb"), std::string::npos)
      << error_of((tree_ / "bomb.zip").string());
  bool deep_reported = false;
  for (const auto& [path, error] : errors) {
    deep_reported |= path.starts_with((tree_ / "deep.zip").string() + "!/") &&
                     error.find("nested deeper than 4") != std::string::npos;
  }
  EXPECT_TRUE(deep_reported);
  EXPECT_NE(error_of((tree_ / "sparse.bin").string()).find("over the limit"), std::string::npos);
  EXPECT_NE(error_of((tree_ / "truncated.jpg").string()), "(not reported)");
  EXPECT_NE(error_of((tree_ / "secret.jpg").string()).find("Permission denied"), std::string::npos)
      << error_of((tree_ / "secret.jpg").string());
  EXPECT_EQ(PathsOf(records, "skipped").count((tree_ / "pipe").string()), 1u);
  // Everything else was still scanned.
  const auto matched = PathsOf(records, "match");
  for (const auto& path : planted) EXPECT_EQ(matched.count(path), 1u) << path;
  EXPECT_EQ(records.back()["type"], "summary");
}

TEST_F(ScanCliTest, RescanOfAnUnchangedTreeReadsNothingAndSeesChanges) {
  const auto planted = PlantTree();
  const std::string state = (scratch_.path() / "state").string();
  const auto first = RunClearhost({"scan", "--list", list_, "--state", state, tree_.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto second = RunClearhost({"scan", "--list", list_, "--state", state, tree_.string()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto first_records = JsonLines(first.out);
  const auto second_records = JsonLines(second.out);
  EXPECT_EQ(PathsOf(second_records, "match"), PathsOf(first_records, "match"));
  EXPECT_EQ(second_records.back()["hashed_files"], 0);
  EXPECT_EQ(second_records.back()["reused_files"], first_records.back()["files"]);

  // A changed file is read again; a removed one is gone from the results.
  WriteFile(tree_ / "www" / "holiday.jpg", EditedCopy(3));
  fs::remove(tree_ / "www" / "photo.jpg");
  const auto third = RunClearhost({"scan", "--list", list_, "--state", state, tree_.string()});
  const auto third_records = JsonLines(third.out);
  EXPECT_EQ(third_records.back()["hashed_files"], 1);
  const auto matched = PathsOf(third_records, "match");
  EXPECT_EQ(matched.count((tree_ / "www" / "holiday.jpg").string()), 1u);
  EXPECT_EQ(matched.count((tree_ / "www" / "photo.jpg").string()), 0u);
}

TEST_F(ScanCliTest, QuarantineMovesTheWholeFileAndWritesAManifest) {
  PlantTree();
  const fs::path quarantine = scratch_.path() / "quarantine";
  const auto result =
      RunClearhost({"scan", "--list", list_, "--quarantine", quarantine.string(), tree_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(fs::exists(tree_ / "www" / "photo.jpg"));
  EXPECT_FALSE(fs::exists(tree_ / "backup.zip"));          // the archive holding a match
  EXPECT_TRUE(fs::exists(tree_ / "www" / "holiday.jpg"));  // no match: untouched
  const auto manifest = JsonLines(ReadText(quarantine / "manifest.jsonl"));
  ASSERT_EQ(manifest.size(), 5u);
  for (const auto& line : manifest) {
    EXPECT_TRUE(fs::exists(line["quarantined"].get<std::string>())) << line.dump();
    EXPECT_FALSE(fs::exists(line["original"].get<std::string>())) << line.dump();
  }
  EXPECT_EQ(JsonLines(result.out).back()["quarantined"], 5);
}

TEST_F(ScanCliTest, MatchesTheBanksOfTheStoreWithTheirVerdicts) {
  const auto planted = PlantTree();
  const std::string db = "sqlite:" + (scratch_.path() / "store.db").string();
  ASSERT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "hotline", list_}).exit_code, 0);
  // An allowlist holding the first known picture: its copies are suppressed, not acted on.
  const auto first = RunClearhost(
      {"hash", "--format", "pdq", (scratch_.path() / "listed" / "known-0.png").string()});
  const fs::path allow = scratch_.path() / "allow.txt";
  const std::string allow_text = first.out.substr(0, 64) + "\n";
  WriteFile(allow, std::vector<uint8_t>(allow_text.begin(), allow_text.end()));
  ASSERT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "stock", "--kind", "allow",
                          allow.string()})
                .exit_code,
            0);
  const fs::path quarantine = scratch_.path() / "quarantine";
  const auto result =
      RunClearhost({"scan", "--db", db, "--quarantine", quarantine.string(), tree_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto records = JsonLines(result.out);
  std::map<std::string, std::string> verdicts;
  for (const auto& record : records) {
    if (record["type"] != "match") continue;
    EXPECT_EQ(record["source"], "hotline");
    EXPECT_GT(record["entry_id"].get<int64_t>(), 0);
    verdicts[record["path"]] = record["verdict"];
  }
  EXPECT_EQ(verdicts.size(), planted.size());
  EXPECT_EQ(verdicts[(tree_ / "www" / "photo.jpg").string()], "suppressed");
  EXPECT_EQ(verdicts[(tree_ / "seven.7z").string() + "!/p.jpg"], "suppressed");
  EXPECT_EQ(verdicts[(tree_ / "www" / "deep" / "renamed.txt").string()], "match");
  EXPECT_TRUE(fs::exists(tree_ / "www" / "photo.jpg"));  // suppressed: not acted on
  EXPECT_FALSE(fs::exists(tree_ / "www" / "deep" / "renamed.txt"));
  EXPECT_EQ(records.back()["suppressed"], 2);
  EXPECT_EQ(records.back()["acted"], planted.size() - 2);
}

TEST_F(ScanCliTest, FindsAKnownFrameInAReencodedVideoAndInAnArchive) {
  // A known video's frame hashes make the list; the tree holds another encoding of it.
  synth::VideoSpec spec;
  spec.width = 320;
  spec.height = 240;
  spec.frames = 40;
  spec.fps = 10;
  spec.frames_per_scene = 10;
  const fs::path known = scratch_.path() / "known.mkv";
  ASSERT_TRUE(synth::WriteVideo(known, spec).ok());
  const auto hashed = RunClearhost({"hash", "--format", "vpdq", known.string()});
  ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
  std::string list;
  std::istringstream in(hashed.out);
  for (std::string line; std::getline(in, line);) {
    absl::StrAppend(&list, line.substr(line.find(',', line.find(',') + 1) + 1, 64), "\n");
  }
  const fs::path frames = scratch_.path() / "frames.txt";
  WriteFile(frames, std::vector<uint8_t>(list.begin(), list.end()));
  spec.codec = "mjpeg";
  spec.container = "avi";
  ASSERT_TRUE(synth::WriteVideo(tree_ / "clip.avi", spec).ok());
  WriteFile(tree_ / "clips.zip",
            MakeArchive(ArchiveFormat::kZip,
                        {{"inner.avi", testing::ReadFileBytes(tree_ / "clip.avi")}}));
  spec.seed = 77;  // other pictures: no match
  ASSERT_TRUE(synth::WriteVideo(tree_ / "other.avi", spec).ok());

  const auto result = RunClearhost({"scan", "--list", frames.string(), tree_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto records = JsonLines(result.out);
  std::set<std::string> matched;
  for (const auto& record : records) {
    if (record["type"] != "match") continue;
    matched.insert(record["path"].get<std::string>());
    EXPECT_EQ(record["kind"], "video");
    EXPECT_TRUE(record.contains("frame"));
    EXPECT_LE(record["distance"].get<int>(), 31);
  }
  EXPECT_EQ(matched, (std::set<std::string>{(tree_ / "clip.avi").string(),
                                            (tree_ / "clips.zip").string() + "!/inner.avi"}));
  EXPECT_EQ(records.back()["videos"], 3);
}

// A webhook receiver on loopback: refuses the first request (503), then accepts and keeps
// every document.
class WebhookReceiver {
 public:
  WebhookReceiver() {
    server_.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
      if (requests_.fetch_add(1) == 0) {
        response.status = 503;
        return;
      }
      std::lock_guard lock(mutex_);
      documents_.push_back(nlohmann::json::parse(request.body));
      response.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~WebhookReceiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return absl::StrCat("http://127.0.0.1:", port_, "/hook"); }
  int requests() const { return requests_.load(); }
  std::vector<nlohmann::json> documents() {
    std::lock_guard lock(mutex_);
    return documents_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::vector<nlohmann::json> documents_;
};

TEST_F(ScanCliTest, WebhookPostsEachFileWithAMatchAndRetriesAFailure) {
  const auto planted = PlantTree();
  WebhookReceiver receiver;
  const auto result =
      RunClearhost({"scan", "--list", list_, "--webhook", receiver.url(), tree_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto documents = receiver.documents();
  std::set<std::string> files;
  std::set<std::string> matched;
  for (const auto& document : documents) {
    EXPECT_EQ(document["type"], "clearhost.scan.match");
    EXPECT_EQ(document["sha256"].get<std::string>().size(), 64u);
    files.insert(document["path"].get<std::string>());
    for (const auto& match : document["matches"]) matched.insert(match["path"].get<std::string>());
  }
  EXPECT_EQ(matched, planted);
  EXPECT_EQ(files.size(), 5u);  // photo.jpg, renamed.txt and the three archives
  EXPECT_EQ(documents.size(), 5u);
  EXPECT_EQ(receiver.requests(), 6);  // one refused, then retried
  EXPECT_EQ(JsonLines(result.out).back()["posted"], 5);
}

TEST_F(ScanCliTest, WebhookThatNeverAnswersIsReportedAfterItsAttempts) {
  WriteFile(tree_ / "photo.jpg", EditedCopy(0));
  // A port nothing listens on: bound, then closed.
  int port = 0;
  {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    port = ntohs(address.sin_port);
    close(fd);
  }
  const auto result = RunClearhost({"scan", "--list", list_, "--webhook-attempts", "2", "--webhook",
                                    absl::StrCat("http://127.0.0.1:", port, "/x"), tree_.string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  bool reported = false;
  for (const auto& record : JsonLines(result.out)) {
    reported |= record["type"] == "error" && record["error"].get<std::string>().find(
                                                 "gave up after 2 attempts") != std::string::npos;
  }
  EXPECT_TRUE(reported) << result.out;
  const auto usage =
      RunClearhost({"scan", "--list", list_, "--webhook", "ftp://x/", tree_.string()});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("http:// or https://"), std::string::npos) << usage.err;
}

// Runs clearhost with `args` (stdout and stderr to /dev/null) and SIGKILLs it after `delay`;
// true when it finished on its own first.
bool RunAndKill(const std::vector<std::string>& args, std::chrono::milliseconds delay) {
  std::vector<std::string> argv = {testing::ClearhostBinary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> pointers;
  for (auto& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, pointers[0], &actions, nullptr, pointers.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  const auto deadline = std::chrono::steady_clock::now() + delay;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return WIFEXITED(status);
}

TEST_F(ScanCliTest, KilledScansResumeAndReportEveryResultExactlyOnce) {
  PlantTree();
  // Enough files that a scan takes a while: copies and unrelated pictures, some unreadable.
  for (int k = 0; k < 240; ++k) {
    const fs::path dir = tree_ / absl::StrCat("batch", k / 40);
    fs::create_directories(dir);
    WriteFile(dir / absl::StrCat("f", k, ".jpg"),
              k % 6 == 0 ? EditedCopy(k % 4) : Unrelated(1000 + uint32_t(k)));
    if (k % 50 == 0) {
      auto broken = testing::EncodePng(known_[0]);
      broken.resize(broken.size() / 2);
      WriteFile(dir / absl::StrCat("bad", k, ".png"), broken);
    }
  }
  const fs::path reference = scratch_.path() / "reference.jsonl";
  const auto whole =
      RunClearhost({"scan", "--list", list_, "--output", reference.string(), "--state",
                    (scratch_.path() / "ref-state").string(), tree_.string()});
  ASSERT_EQ(whole.exit_code, 1) << whole.err;  // the bad PNGs
  auto expected = JsonLines(ReadText(reference));
  ASSERT_EQ(expected.back()["type"], "summary");
  expected.pop_back();

  std::mt19937 rng(20261129);
  const fs::path output = scratch_.path() / "resumed.jsonl";
  const std::vector<std::string> args = {"scan",
                                         "--list",
                                         list_,
                                         "--output",
                                         output.string(),
                                         "--state",
                                         (scratch_.path() / "state").string(),
                                         "--jobs",
                                         "2",
                                         tree_.string()};
  int kills = 0;
  for (int attempt = 0; attempt < 40; ++attempt) {
    const auto delay = std::chrono::milliseconds(30 + rng() % 250);
    if (RunAndKill(args, delay)) break;
    ++kills;
  }
  EXPECT_GE(kills, 1) << "the scan was never interrupted: the test proves nothing";
  RecordProperty("kills", kills);
  const auto finished = RunClearhost(args);  // completes the run if still unfinished, else rescans
  auto resumed = JsonLines(ReadText(output));
  ASSERT_FALSE(resumed.empty());
  ASSERT_EQ(resumed.back()["type"], "summary");
  resumed.pop_back();
  // A finished run followed by our last call starts a new run: compare the last run only, which
  // is either the resumed one or a full rescan; both must equal the uninterrupted run.
  EXPECT_EQ(resumed.size(), expected.size());
  EXPECT_EQ(resumed, expected);
}

}  // namespace
}  // namespace clearhost
