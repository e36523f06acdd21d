// The readable text of outbound mails, in Dutch and English: a notice to the customer, a
// re-notice, an escalation to the hoster's own staff and the decision message back to the
// notifier (DSA Art. 16(5)). Built-in templates, each replaceable by a file
// `<kind>.<language>.txt` in a template directory: first line "Subject: ...", then an empty
// line, then the body. Placeholders {{name}} are filled from the variables; an unknown
// placeholder in a template is an error when the template is loaded, not a blank at send time.
// Thread-safety: a loaded TemplateSet is immutable.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace clearhost::cases::outbound {

enum class TemplateKind { kNotice, kRenotice, kEscalation, kDecision };
// "notice", "renotice", "escalation", "decision".
std::string_view TemplateKindName(TemplateKind kind);

// Placeholders every template may use: case_id, urls (one per line), ip, deadline (UTC,
// "2026-11-29 14:00 UTC"), time_left ("3 h 20 min"), received_at, notice_count, state,
// decision, reason, reporter_org, customer, report_id.
inline constexpr std::string_view kTemplateVariables[] = {
    "case_id", "urls",     "ip",     "deadline",     "time_left", "received_at", "notice_count",
    "state",   "decision", "reason", "reporter_org", "customer",  "report_id"};

struct RenderedText {
  std::string subject;
  std::string body;
};

class TemplateSet {
 public:
  // The built-in Dutch ("nl") and English ("en") templates.
  static TemplateSet BuiltIn();
  // The built-ins, overridden by the files in `directory` that exist; InvalidArgument naming
  // the file for a malformed one or an unknown placeholder.
  static Result<TemplateSet> Load(const std::string& directory);

  // `kind` in `language` ("nl" or "en"; anything else falls back to "en"). Variables not given
  // render empty; control characters (line breaks) a variable brings into the subject become
  // spaces, so no value can add a header field.
  RenderedText Render(TemplateKind kind, std::string_view language,
                      const std::map<std::string, std::string>& variables) const;

 private:
  std::map<std::string, std::string> templates_;  // "<kind>.<language>" -> file text
};

}  // namespace clearhost::cases::outbound
