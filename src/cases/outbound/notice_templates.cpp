#include "cases/outbound/notice_templates.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "cases/outbound/built_in_templates.h"
#include "core/file_io.h"

namespace clearhost::cases::outbound {
namespace {

constexpr TemplateKind kAllKinds[] = {TemplateKind::kNotice, TemplateKind::kRenotice,
                                      TemplateKind::kEscalation, TemplateKind::kDecision};
constexpr std::string_view kLanguages[] = {"en", "nl"};
constexpr std::string_view kSubjectPrefix = "Subject: ";
constexpr uint64_t kMaxTemplateBytes = 64 * 1024;

bool IsTemplateVariable(std::string_view name) {
  return std::find(std::begin(kTemplateVariables), std::end(kTemplateVariables), name) !=
         std::end(kTemplateVariables);
}

// Calls `literal(text)` and `placeholder(name)` in order over `text`; false for a "{{" without
// its "}}".
template <typename Literal, typename Placeholder>
bool ForEachPiece(std::string_view text, Literal literal, Placeholder placeholder) {
  while (!text.empty()) {
    const size_t open = text.find("{{");
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return false;
    literal(text.substr(0, open));
    placeholder(text.substr(open + 2, close - open - 2));
    text.remove_prefix(close + 2);
  }
  literal(text);
  return true;
}

// The subject line and the body of a template's text, or why it is malformed.
struct TemplateParts {
  std::string_view subject;
  std::string_view body;
};
Result<TemplateParts> SplitTemplate(std::string_view text) {
  if (text.substr(0, kSubjectPrefix.size()) != kSubjectPrefix) {
    return absl::InvalidArgumentError("the first line must be \"Subject: ...\"");
  }
  const size_t end_of_subject = text.find('\n');
  if (end_of_subject == std::string_view::npos) {
    return absl::InvalidArgumentError("an empty line and the body must follow the subject");
  }
  std::string_view subject =
      text.substr(kSubjectPrefix.size(), end_of_subject - kSubjectPrefix.size());
  if (!subject.empty() && subject.back() == '\r') subject.remove_suffix(1);
  std::string_view rest = text.substr(end_of_subject + 1);
  if (rest.substr(0, 2) == "\r\n") {
    rest.remove_prefix(2);
  } else if (rest.substr(0, 1) == "\n") {
    rest.remove_prefix(1);
  } else {
    return absl::InvalidArgumentError("the line after the subject must be empty");
  }
  return TemplateParts{subject, rest};
}

Status ValidateTemplate(std::string_view text) {
  CLEARHOST_ASSIGN_OR_RETURN(const TemplateParts parts, SplitTemplate(text));
  if (parts.subject.empty()) return absl::InvalidArgumentError("the subject is empty");
  std::string unknown;
  const auto check = [&unknown](std::string_view name) {
    if (unknown.empty() && !IsTemplateVariable(name)) unknown = std::string(name);
  };
  if (!ForEachPiece(
          text, [](std::string_view) {}, check)) {
    return absl::InvalidArgumentError("a \"{{\" without its \"}}\"");
  }
  if (!unknown.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown placeholder {{", unknown, "}}"));
  }
  return absl::OkStatus();
}

std::string Fill(std::string_view text, const std::map<std::string, std::string>& variables) {
  std::string out;
  ForEachPiece(
      text, [&out](std::string_view literal) { out.append(literal); },
      [&out, &variables](std::string_view name) {
        const auto found = variables.find(std::string(name));
        if (found != variables.end()) out += found->second;
      });
  return out;
}

std::string Key(TemplateKind kind, std::string_view language) {
  return absl::StrCat(std::string(TemplateKindName(kind)), ".", std::string(language));
}

}  // namespace

std::string_view TemplateKindName(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::kNotice:
      return "notice";
    case TemplateKind::kRenotice:
      return "renotice";
    case TemplateKind::kEscalation:
      return "escalation";
    case TemplateKind::kDecision:
      return "decision";
  }
  return "?";  // unreachable: every enumerator is handled
}

TemplateSet TemplateSet::BuiltIn() {
  TemplateSet set;
  for (const BuiltInTemplate& built_in : kBuiltInTemplates) {
    set.templates_.emplace(std::string(built_in.key), std::string(built_in.text));
  }
  return set;
}

Result<TemplateSet> TemplateSet::Load(const std::string& directory) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return absl::NotFoundError(absl::StrCat("template directory ", directory, ": not a directory"));
  }
  TemplateSet set = BuiltIn();
  for (const TemplateKind kind : kAllKinds) {
    for (const std::string_view language : kLanguages) {
      const std::string key = Key(kind, language);
      const std::filesystem::path path = std::filesystem::path(directory) / (key + ".txt");
      if (!std::filesystem::exists(path, error)) continue;
      CLEARHOST_ASSIGN_OR_RETURN(const std::vector<uint8_t> bytes,
                                 ReadFileLimited(path, kMaxTemplateBytes));
      std::string text(bytes.begin(), bytes.end());
      if (Status valid = ValidateTemplate(text); !valid.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("template ", path.string(), ": ", valid.message()));
      }
      set.templates_[key] = std::move(text);
    }
  }
  return set;
}

RenderedText TemplateSet::Render(TemplateKind kind, std::string_view language,
                                 const std::map<std::string, std::string>& variables) const {
  const auto found = templates_.find(Key(kind, language == "nl" ? "nl" : "en"));
  // Every kind has an entry in both languages: the built-ins.
  const Result<TemplateParts> parts = SplitTemplate(found->second);
  // A value a notifier wrote (a reason, a report id) must not end the Subject field: line
  // breaks and other control characters in the subject become spaces.
  std::string subject = Fill(parts->subject, variables);
  for (char& c : subject) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return RenderedText{std::move(subject), Fill(parts->body, variables)};
}

}  // namespace clearhost::cases::outbound
