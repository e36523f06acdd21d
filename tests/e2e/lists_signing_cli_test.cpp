// Drives `clearhost lists keygen|sign|verify` and `lists import --public-key` end to end, and
// checks interoperability with Debian's `minisign` in both directions (skipped when minisign is
// not installed).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "support/test_support.h"

namespace clearhost {
namespace {

using testing::ReadText;
using testing::WriteText;

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::RunClearhost;
using testing::RunProgram;
using testing::ScratchDir;

constexpr char kList[] =
    "# signal_type: md5\n"
    "d41d8cd98f00b204e9800998ecf8427e\n"
    "0cc175b9c0f1b6a831c399e269772661\n";

// A directory with an unencrypted key pair (k.key, k.pub) and a list (list.txt).
class SigningCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteText(list_, kList);
    const CommandResult keygen = RunClearhost(
        {"lists", "keygen", "--secret-key", secret_.string(), "--public-key", public_.string()});
    ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  }

  CommandResult Sign(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"lists", "sign", "--secret-key", secret_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(list_.string());
    return RunClearhost(args);
  }
  CommandResult Verify(const fs::path& public_key) {
    return RunClearhost({"lists", "verify", "--public-key", public_key.string(), list_.string()});
  }

  ScratchDir dir_;
  const fs::path secret_ = dir_.path() / "k.key";
  const fs::path public_ = dir_.path() / "k.pub";
  const fs::path list_ = dir_.path() / "list.txt";
  const fs::path signature_ = dir_.path() / "list.txt.minisig";
};

TEST_F(SigningCliTest, KeygenSignVerify) {
  struct stat info {};
  ASSERT_EQ(stat(secret_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const CommandResult signed_list = Sign({"--trusted-comment", "hotline-nl 2024-05"});
  ASSERT_EQ(signed_list.exit_code, 0) << signed_list.err;
  ASSERT_TRUE(fs::exists(signature_));
  const CommandResult verified = Verify(public_);
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(verified.out,
            absl::StrCat(list_.string(), ": signature OK, trusted comment: hotline-nl 2024-05\n"));
  // The default trusted comment is minisign's.
  ASSERT_EQ(Sign().exit_code, 0);
  EXPECT_NE(ReadText(signature_).find("trusted comment: timestamp:"), std::string::npos);
  EXPECT_NE(ReadText(signature_).find("\tfile:list.txt\thashed\n"), std::string::npos);
}

TEST_F(SigningCliTest, KeygenKeepsExistingKeysUnlessForced) {
  const std::string before = ReadText(secret_);
  const CommandResult again = RunClearhost(
      {"lists", "keygen", "--secret-key", secret_.string(), "--public-key", public_.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(ReadText(secret_), before);
  EXPECT_EQ(RunClearhost({"lists", "keygen", "--force", "--secret-key", secret_.string(),
                          "--public-key", public_.string()})
                .exit_code,
            0);
  EXPECT_NE(ReadText(secret_), before);
}

TEST_F(SigningCliTest, FlippedByteIsRefused) {
  ASSERT_EQ(Sign().exit_code, 0);
  std::string changed = kList;
  changed[30] = changed[30] == '0' ? '1' : '0';
  WriteText(list_, changed);
  const CommandResult verified = Verify(public_);
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_EQ(verified.out, "");
  EXPECT_EQ(verified.err.rfind(absl::StrCat("clearhost lists verify: ", list_.string(), ": "), 0),
            0u)
      << verified.err;
  EXPECT_NE(verified.err.find("bad signature"), std::string::npos) << verified.err;
}

TEST_F(SigningCliTest, WrongKeyIsRefusedNamingBothKeyIds) {
  ASSERT_EQ(Sign().exit_code, 0);
  const fs::path other_public = dir_.path() / "other.pub";
  ASSERT_EQ(RunClearhost({"lists", "keygen", "--secret-key", (dir_.path() / "other.key").string(),
                          "--public-key", other_public.string()})
                .exit_code,
            0);
  const CommandResult verified = Verify(other_public);
  EXPECT_EQ(verified.exit_code, 1);
  // Both ids: "signed by key <16 hex>, but the public key given is key <16 hex>".
  EXPECT_NE(verified.err.find("signed by key "), std::string::npos) << verified.err;
  EXPECT_NE(verified.err.find("but the public key given is key "), std::string::npos)
      << verified.err;
}

TEST_F(SigningCliTest, TamperedTrustedCommentIsRefused) {
  ASSERT_EQ(Sign({"--trusted-comment", "version 1"}).exit_code, 0);
  WriteText(signature_, absl::StrReplaceAll(ReadText(signature_), {{"version 1", "version 9"}}));
  const CommandResult verified = Verify(public_);
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_NE(verified.err.find("bad trusted comment signature"), std::string::npos) << verified.err;
}

TEST_F(SigningCliTest, MalformedFilesAreClearErrors) {
  WriteText(signature_, "untrusted comment: x\nnot a signature\n");
  CommandResult verified = Verify(public_);
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_NE(verified.err.find("not a minisign signature file"), std::string::npos) << verified.err;
  ASSERT_EQ(Sign().exit_code, 0);
  const fs::path bad_key = dir_.path() / "bad.pub";
  WriteText(bad_key, "untrusted comment: x\n!!!\n");
  verified = Verify(bad_key);
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_NE(verified.err.find("bad.pub: the public key is not base64"), std::string::npos)
      << verified.err;
  verified = Verify(dir_.path() / "absent.pub");
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_NE(verified.err.find("absent.pub"), std::string::npos) << verified.err;
  WriteText(secret_, "garbage");
  const CommandResult signed_list = Sign();
  EXPECT_EQ(signed_list.exit_code, 1);
  EXPECT_NE(signed_list.err.find("not a minisign key file"), std::string::npos) << signed_list.err;
  // Usage errors exit 2.
  EXPECT_EQ(RunClearhost({"lists", "verify", list_.string()}).exit_code, 2);
}

TEST_F(SigningCliTest, EncryptedKeyNeedsItsPassword) {
  const fs::path password = dir_.path() / "password";
  const fs::path wrong = dir_.path() / "wrong";
  WriteText(password, "correct horse\n");
  WriteText(wrong, "battery staple\n");
  const fs::path secret = dir_.path() / "enc.key";
  const fs::path pub = dir_.path() / "enc.pub";
  ASSERT_EQ(
      RunClearhost({"lists", "keygen", "--kdf", "interactive", "--password-file", password.string(),
                    "--secret-key", secret.string(), "--public-key", pub.string()})
          .exit_code,
      0);
  const auto sign = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"lists", "sign", "--secret-key", secret.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(list_.string());
    return RunClearhost(args);
  };
  CommandResult result = sign({"--password-file", wrong.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("wrong password"), std::string::npos) << result.err;
  result = sign({});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("--password-file"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(signature_));
  result = sign({"--password-file", password.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Verify(pub).exit_code, 0);
}

TEST_F(SigningCliTest, ImportWithABadSignatureImportsNothing) {
  const std::string db = "sqlite:" + (dir_.path() / "store.db").string();
  ASSERT_EQ(Sign().exit_code, 0);
  WriteText(list_, absl::StrCat(kList, "92eb5ffee6ae2fec3ad71c777531578f\n"));
  // A new bank: nothing is kept, not even the bank.
  CommandResult imported = RunClearhost({"lists", "import", "--db", db, "--bank", "hotline",
                                         "--public-key", public_.string(), list_.string()});
  EXPECT_EQ(imported.exit_code, 1);
  EXPECT_NE(imported.err.find(list_.string()), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("bad signature"), std::string::npos) << imported.err;
  EXPECT_EQ(RunClearhost({"lists", "ls", "--db", db}).out, "");

  // An existing bank: unchanged.
  const fs::path first = dir_.path() / "first.txt";
  WriteText(first, "# signal_type: md5\n900150983cd24fb0d6963f7d28e17f72\n");
  ASSERT_EQ(
      RunClearhost({"lists", "import", "--db", db, "--bank", "hotline", first.string()}).exit_code,
      0);
  const std::string before = RunClearhost({"lists", "export", "--db", db, "--bank", "hotline"}).out;
  imported = RunClearhost({"lists", "import", "--db", db, "--bank", "hotline", "--replace",
                           "--public-key", public_.string(), list_.string()});
  EXPECT_EQ(imported.exit_code, 1);
  EXPECT_EQ(RunClearhost({"lists", "export", "--db", db, "--bank", "hotline"}).out, before);
}

TEST_F(SigningCliTest, ImportWithAGoodSignatureWorks) {
  const std::string db = "sqlite:" + (dir_.path() / "store.db").string();
  const fs::path signature = dir_.path() / "elsewhere.sig";
  ASSERT_EQ(Sign({"--signature", signature.string(), "--trusted-comment", "v1"}).exit_code, 0);
  const CommandResult imported =
      RunClearhost({"lists", "import", "--db", db, "--bank", "hotline", "--public-key",
                    public_.string(), "--signature", signature.string(), list_.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("signature OK, trusted comment: v1"), std::string::npos)
      << imported.err;
  EXPECT_NE(imported.err.find("2 added"), std::string::npos) << imported.err;
  // Without the signature file next to the list, a --public-key import fails.
  EXPECT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "other", "--public-key",
                          public_.string(), list_.string()})
                .exit_code,
            1);
  // --signature without --public-key is a usage error.
  EXPECT_EQ(RunClearhost({"lists", "import", "--db", db, "--bank", "x", "--signature",
                          signature.string(), list_.string()})
                .exit_code,
            2);
}

#define CLEARHOST_REQUIRE_MINISIGN()                                                         \
  if (!testing::ProgramOnPath("minisign"))                                                   \
  GTEST_SKIP() << "minisign is not installed (Debian package minisign; ./run installs it): " \
                  "interoperability not checked"

TEST(MinisignInteropTest, MinisignSignaturesVerifyWithClearhost) {
  CLEARHOST_REQUIRE_MINISIGN();
  ScratchDir dir;
  const fs::path pub = dir.path() / "m.pub";
  const fs::path secret = dir.path() / "m.key";
  const fs::path list = dir.path() / "list.txt";
  WriteText(list, kList);
  const CommandResult keygen =
      RunProgram({"minisign", "-G", "-W", "-p", pub.string(), "-s", secret.string()});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  for (const bool legacy : {false, true}) {
    std::vector<std::string> sign = {"minisign", "-S",          "-s", secret.string(),
                                     "-m",       list.string(), "-t", "from minisign"};
    if (legacy) sign.push_back("-l");
    const CommandResult signed_list = RunProgram(sign);
    ASSERT_EQ(signed_list.exit_code, 0) << signed_list.err;
    const CommandResult verified =
        RunClearhost({"lists", "verify", "--public-key", pub.string(), list.string()});
    EXPECT_EQ(verified.exit_code, 0) << legacy << verified.err;
    EXPECT_EQ(verified.out,
              absl::StrCat(list.string(), ": signature OK, trusted comment: from minisign\n"));
  }
  // minisign's secret key (unencrypted, -W) signs with clearhost too.
  const CommandResult signed_list = RunClearhost(
      {"lists", "sign", "--secret-key", secret.string(), "--trusted-comment", "t", list.string()});
  ASSERT_EQ(signed_list.exit_code, 0) << signed_list.err;
  const CommandResult verified =
      RunProgram({"minisign", "-V", "-p", pub.string(), "-m", list.string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST(MinisignInteropTest, ClearhostSignaturesVerifyWithMinisign) {
  CLEARHOST_REQUIRE_MINISIGN();
  ScratchDir dir;
  const fs::path pub = dir.path() / "c.pub";
  const fs::path secret = dir.path() / "c.key";
  const fs::path list = dir.path() / "list.txt";
  WriteText(list, kList);
  ASSERT_EQ(RunClearhost(
                {"lists", "keygen", "--secret-key", secret.string(), "--public-key", pub.string()})
                .exit_code,
            0);
  ASSERT_EQ(RunClearhost({"lists", "sign", "--secret-key", secret.string(), "--trusted-comment",
                          "from clearhost", list.string()})
                .exit_code,
            0);
  CommandResult verified = RunProgram({"minisign", "-V", "-p", pub.string(), "-m", list.string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("Trusted comment: from clearhost"), std::string::npos)
      << verified.out;
  // minisign signs with clearhost's (unencrypted) secret key, and refuses a changed list.
  const CommandResult signed_list =
      RunProgram({"minisign", "-S", "-s", secret.string(), "-m", list.string()});
  EXPECT_EQ(signed_list.exit_code, 0) << signed_list.out << signed_list.err;
  WriteText(list, absl::StrCat(kList, "\n"));
  verified = RunProgram({"minisign", "-V", "-p", pub.string(), "-m", list.string()});
  EXPECT_EQ(verified.exit_code, 1) << verified.out << verified.err;
}

}  // namespace
}  // namespace clearhost
