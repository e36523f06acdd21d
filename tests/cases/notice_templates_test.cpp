#include "cases/outbound/notice_templates.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/match.h"
#include "support/test_support.h"

namespace clearhost::cases::outbound {
namespace {

constexpr TemplateKind kKinds[] = {TemplateKind::kNotice, TemplateKind::kRenotice,
                                   TemplateKind::kEscalation, TemplateKind::kDecision};

// A distinct value per variable, so that the test can tell which ones a template used.
std::map<std::string, std::string> AllVariables() {
  std::map<std::string, std::string> variables;
  for (const std::string_view name : kTemplateVariables) {
    std::string value = "<";
    value.append(name);
    value += "-value>";
    variables[std::string(name)] = value;
  }
  variables["urls"] = "https://files.example.com/a.jpg\nhttps://files.example.com/b.jpg";
  return variables;
}

// The variables each kind must show: what its reader needs to act.
std::vector<std::string> RequiredVariables(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::kNotice:
      return {"case_id", "urls", "ip", "deadline", "received_at"};
    case TemplateKind::kRenotice:
      return {"case_id", "urls", "deadline", "time_left", "notice_count"};
    case TemplateKind::kEscalation:
      return {"case_id", "urls", "deadline", "time_left", "customer", "state"};
    case TemplateKind::kDecision:
      return {"case_id", "urls", "decision", "reason", "reporter_org", "report_id"};
  }
  return {};
}

TEST(NoticeTemplatesTest, BuiltInsRenderEveryKindInBothLanguages) {
  const TemplateSet templates = TemplateSet::BuiltIn();
  for (const TemplateKind kind : kKinds) {
    for (const char* language : {"en", "nl"}) {
      const RenderedText text = templates.Render(kind, language, AllVariables());
      std::string where(TemplateKindName(kind));
      where += '.';
      where += language;
      EXPECT_FALSE(text.subject.empty()) << where;
      EXPECT_EQ(text.subject.find('\n'), std::string::npos) << where;
      EXPECT_TRUE(absl::StrContains(text.subject, "<case_id-value>")) << where;
      EXPECT_FALSE(absl::StrContains(text.body, "{{")) << where;
      EXPECT_FALSE(absl::StrContains(text.body, "Subject:")) << where;
      for (const std::string& name : RequiredVariables(kind)) {
        EXPECT_TRUE(absl::StrContains(text.subject + text.body, AllVariables()[name]))
            << where << " lacks {{" << name << "}}";
      }
    }
  }
}

TEST(NoticeTemplatesTest, LanguagesDifferAndUnknownLanguagesFallBackToEnglish) {
  const TemplateSet templates = TemplateSet::BuiltIn();
  const RenderedText en = templates.Render(TemplateKind::kNotice, "en", AllVariables());
  const RenderedText nl = templates.Render(TemplateKind::kNotice, "nl", AllVariables());
  const RenderedText fr = templates.Render(TemplateKind::kNotice, "fr", AllVariables());
  EXPECT_NE(en.body, nl.body);
  EXPECT_TRUE(absl::StrContains(nl.body, "Geachte klant"));
  EXPECT_TRUE(absl::StrContains(en.body, "Dear customer"));
  EXPECT_EQ(fr.body, en.body);
  EXPECT_EQ(fr.subject, en.subject);
}

TEST(NoticeTemplatesTest, MissingVariablesRenderEmpty) {
  const RenderedText text =
      TemplateSet::BuiltIn().Render(TemplateKind::kDecision, "en", {{"case_id", "C-7"}});
  EXPECT_TRUE(absl::StrContains(text.subject, "C-7"));
  EXPECT_FALSE(absl::StrContains(text.body, "{{"));
  EXPECT_TRUE(absl::StrContains(text.body, "Our decision: \n"));
}

TEST(NoticeTemplatesTest, FilesOverrideTheBuiltInsTheyName) {
  testing::ScratchDir dir;
  testing::WriteText(dir.path() / "notice.nl.txt",
                     "Subject: Zaak {{case_id}}\n\nHalt {{urls}} vóór {{deadline}}.\n");
  testing::WriteText(dir.path() / "decision.en.txt",
                     "Subject: Case {{case_id}}\r\n\r\nDecided: {{decision}}\r\n");
  const Result<TemplateSet> templates = TemplateSet::Load(dir.path().string());
  ASSERT_TRUE(templates.ok()) << templates.status();
  const std::map<std::string, std::string> variables = {{"case_id", "12"},
                                                        {"urls", "https://files.example.com/a.jpg"},
                                                        {"deadline", "morgen"},
                                                        {"decision", "removed"}};
  RenderedText text = templates->Render(TemplateKind::kNotice, "nl", variables);
  EXPECT_EQ(text.subject, "Zaak 12");
  EXPECT_EQ(text.body, "Halt https://files.example.com/a.jpg vóór morgen.\n");
  text = templates->Render(TemplateKind::kDecision, "en", variables);
  EXPECT_EQ(text.subject, "Case 12");
  EXPECT_EQ(text.body, "Decided: removed\r\n");
  // The others stay built in.
  EXPECT_EQ(templates->Render(TemplateKind::kNotice, "en", variables).body,
            TemplateSet::BuiltIn().Render(TemplateKind::kNotice, "en", variables).body);
}

TEST(NoticeTemplatesTest, ValuesCannotAddHeaderFieldsThroughTheSubject) {
  testing::ScratchDir dir;
  testing::WriteText(dir.path() / "decision.en.txt",
                     "Subject: About {{report_id}}\n\nReason: {{reason}}\n");
  const Result<TemplateSet> templates = TemplateSet::Load(dir.path().string());
  ASSERT_TRUE(templates.ok()) << templates.status();
  const RenderedText text =
      templates->Render(TemplateKind::kDecision, "en",
                        {{"report_id", "R-1\r\nBcc: all@example.org"}, {"reason", "a\r\nb"}});
  EXPECT_EQ(text.subject, "About R-1  Bcc: all@example.org");
  EXPECT_EQ(text.body, "Reason: a\r\nb\n");  // the body may have lines
}

TEST(NoticeTemplatesTest, UnknownPlaceholderIsRefusedNamingTheFile) {
  testing::ScratchDir dir;
  testing::WriteText(dir.path() / "renotice.en.txt",
                     "Subject: Case {{case_id}}\n\nDear {{customer_name}},\n");
  const Result<TemplateSet> templates = TemplateSet::Load(dir.path().string());
  ASSERT_FALSE(templates.ok());
  EXPECT_EQ(templates.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(templates.status().message(), "renotice.en.txt"))
      << templates.status();
  EXPECT_TRUE(absl::StrContains(templates.status().message(), "customer_name"))
      << templates.status();
}

TEST(NoticeTemplatesTest, MalformedFilesAreRefusedNamingTheFile) {
  const std::string malformed[] = {
      "Dear customer,\n",                                         // no subject line
      "Subject: Case {{case_id}}\nBody right away\n",             // no empty line
      "Subject: Case {{case_id}}",                                // no body at all
      "Subject: \n\nBody\n",                                      // empty subject
      "Subject: Case {{case_id}}\n\nRemove before {{deadline\n",  // unclosed placeholder
  };
  for (const std::string& text : malformed) {
    testing::ScratchDir dir;
    testing::WriteText(dir.path() / "escalation.nl.txt", text);
    const Result<TemplateSet> templates = TemplateSet::Load(dir.path().string());
    ASSERT_FALSE(templates.ok()) << text;
    EXPECT_EQ(templates.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_TRUE(absl::StrContains(templates.status().message(), "escalation.nl.txt"))
        << templates.status();
  }
}

TEST(NoticeTemplatesTest, MissingDirectoryIsAnError) {
  testing::ScratchDir dir;
  EXPECT_FALSE(TemplateSet::Load((dir.path() / "absent").string()).ok());
}

TEST(NoticeTemplatesTest, KindNames) {
  EXPECT_EQ(TemplateKindName(TemplateKind::kNotice), "notice");
  EXPECT_EQ(TemplateKindName(TemplateKind::kRenotice), "renotice");
  EXPECT_EQ(TemplateKindName(TemplateKind::kEscalation), "escalation");
  EXPECT_EQ(TemplateKindName(TemplateKind::kDecision), "decision");
}

}  // namespace
}  // namespace clearhost::cases::outbound
