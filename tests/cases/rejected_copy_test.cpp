#include "cases/intake/rejected_copy.h"

#include <gtest/gtest.h>

namespace clearhost::cases::intake {
namespace {

TEST(RejectedCopyTest, AReadableMessageIsKeptAsItCameAfterTheReason) {
  const std::string raw = "From: a@example.org\r\nSubject: hi\r\n\r\nno links here\r\n";
  EXPECT_EQ(RejectedCopy(raw, "text notice: no URL\r\nBcc: x@example.org", raw.size()),
            "X-Clearhost-Rejected: text notice: no URL  Bcc: x@example.org\r\n" + raw);
}

TEST(RejectedCopyTest, ACopiedOriginalKeepsItsHeaderOnly) {
  const std::string raw =
      "From: a@example.org\r\nContent-Type: multipart/report; boundary=r\r\n\r\n--r\r\n"
      "Content-Type: text/plain\r\n\r\nhuman part\r\n--r\r\nContent-Type: message/rfc822\r\n\r\n"
      "From: b@example.org\r\nSubject: original\r\n\r\nORIGINAL-BODY\r\n--r--\r\n";
  const std::string copy = RejectedCopy(raw, "ARF: Version: required", raw.size());
  EXPECT_NE(copy.find("human part"), std::string::npos) << copy;
  EXPECT_NE(copy.find("Subject: original"), std::string::npos) << copy;
  EXPECT_EQ(copy.find("ORIGINAL-BODY"), std::string::npos) << copy;
  EXPECT_NE(copy.find("X-Clearhost-Kept: readable parts only"), std::string::npos);
  EXPECT_NE(copy.find("From: a@example.org"), std::string::npos);
}

TEST(RejectedCopyTest, UnparsableOrPartialMessagesKeepTheirTextBeginning) {
  const std::string binary = std::string("Subject: x\r\n\r\nabc") + '\0' + "SECRET";
  const std::string copy = RejectedCopy(binary, "reason", binary.size() + 100);
  EXPECT_NE(copy.find("X-Clearhost-Kept: the first 17 of "), std::string::npos) << copy;
  EXPECT_EQ(copy.find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace clearhost::cases::intake
