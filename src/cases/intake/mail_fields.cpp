#include "cases/intake/mail_fields.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "cases/intake/mail_encodings.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr int kMaxParameterSection = 999;

// One parameter as written, before RFC 2231 sections are joined.
struct RawParameter {
  std::string name;       // lowercase, without any "*N" or "*" suffix
  int section = -1;       // N of "name*N", -1 when the parameter is not split
  bool extended = false;  // written "name*" or "name*N*": percent-encoded, maybe with charset
  std::string value;
};

// Splits at `separator` outside quoted strings.
std::vector<std::string_view> SplitOutsideQuotes(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (quoted && text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && text[i] == separator) {
      pieces.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  pieces.push_back(text.substr(start));
  return pieces;
}

std::string Unquote(std::string_view value) {
  value = TrimAscii(value);
  if (value.size() < 2 || value.front() != '"') return std::string(value);
  std::string out;
  for (size_t i = 1; i < value.size(); ++i) {
    if (value[i] == '"') break;
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out.push_back(value[i]);
  }
  return out;
}

std::optional<RawParameter> ReadParameter(std::string_view piece) {
  const size_t equals = piece.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  std::string name = LowerAscii(TrimAscii(piece.substr(0, equals)));
  if (name.empty()) return std::nullopt;
  RawParameter parameter;
  parameter.value = Unquote(piece.substr(equals + 1));
  if (name.back() == '*') {
    parameter.extended = true;
    name.pop_back();
  }
  const size_t star = name.find('*');
  if (star != std::string::npos) {
    const std::string_view digits = std::string_view(name).substr(star + 1);
    int section = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), section);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
        section < 0 || section > kMaxParameterSection) {
      return std::nullopt;
    }
    parameter.section = section;
    name.resize(star);
  }
  parameter.name = std::move(name);
  return parameter;
}

// Joins "name*0", "name*1"... (RFC 2231 section 3) and decodes extended sections; the first
// extended section starts with "charset'language'".
std::string JoinSections(std::vector<RawParameter>& sections) {
  std::stable_sort(
      sections.begin(), sections.end(),
      [](const RawParameter& a, const RawParameter& b) { return a.section < b.section; });
  std::string charset;
  std::string extended_bytes;
  std::string joined;
  for (size_t i = 0; i < sections.size(); ++i) {
    std::string_view value = sections[i].value;
    if (!sections[i].extended) {
      if (!extended_bytes.empty()) joined += ToUtf8(extended_bytes, charset);
      extended_bytes.clear();
      joined += DecodeHeaderValue(value);
      continue;
    }
    if (i == 0) {
      const size_t first_quote = value.find('\'');
      const size_t second_quote = first_quote == std::string_view::npos
                                      ? std::string_view::npos
                                      : value.find('\'', first_quote + 1);
      if (second_quote != std::string_view::npos) {
        charset = std::string(value.substr(0, first_quote));
        value = value.substr(second_quote + 1);
      }
    }
    extended_bytes += DecodePercent(value);
  }
  if (!extended_bytes.empty()) joined += ToUtf8(extended_bytes, charset);
  return joined;
}

}  // namespace

std::vector<MailHeader> SplitHeaderFields(std::string_view block) {
  std::vector<MailHeader> fields;
  bool continuing = false;  // whether the last line started or continued a field
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (continuing) fields.back().value.append(line);
      continue;
    }
    const size_t colon = line.find(':');
    const std::string_view name =
        colon == std::string_view::npos ? "" : TrimAscii(line.substr(0, colon));
    continuing = !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F;
    });
    if (continuing) fields.push_back({std::string(name), std::string(line.substr(colon + 1))});
  }
  for (MailHeader& field : fields) {
    field.value = std::string(TrimAscii(field.value));
  }
  return fields;
}

StructuredValue ParseStructuredValue(std::string_view raw) {
  const std::vector<std::string_view> pieces = SplitOutsideQuotes(raw, ';');
  StructuredValue result;
  result.value = LowerAscii(TrimAscii(pieces[0]));
  std::vector<std::string> order;  // parameter names in the order first seen
  std::map<std::string, std::vector<RawParameter>> by_name;
  for (size_t i = 1; i < pieces.size(); ++i) {
    std::optional<RawParameter> parameter = ReadParameter(pieces[i]);
    if (!parameter.has_value()) continue;
    std::vector<RawParameter>& sections = by_name[parameter->name];
    if (sections.empty()) order.push_back(parameter->name);
    sections.push_back(std::move(*parameter));
  }
  for (const std::string& name : order) {
    std::vector<RawParameter>& sections = by_name[name];
    // "name*" first, then "name*0", "name*1"..., then a plain "name" (RFC 2231 senders often
    // add one for older readers).
    std::string value;
    const auto whole = std::find_if(sections.begin(), sections.end(), [](const RawParameter& p) {
      return p.section < 0 && p.extended;
    });
    const auto plain = std::find_if(sections.begin(), sections.end(), [](const RawParameter& p) {
      return p.section < 0 && !p.extended;
    });
    std::vector<RawParameter> split;
    for (RawParameter& parameter : sections) {
      if (parameter.section >= 0) split.push_back(parameter);
    }
    if (whole != sections.end()) {
      std::vector<RawParameter> single = {*whole};
      single[0].section = 0;
      value = JoinSections(single);
    } else if (!split.empty()) {
      value = JoinSections(split);
    } else {
      value = DecodeHeaderValue(plain->value);
    }
    result.parameters.emplace_back(name, std::move(value));
  }
  return result;
}

}  // namespace clearhost::cases::intake
