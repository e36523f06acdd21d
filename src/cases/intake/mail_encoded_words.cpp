// DecodeHeaderValue (declared in mail_message.h): RFC 2047 encoded words in header values.
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "cases/intake/mail_encodings.h"
#include "cases/intake/mail_message.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr size_t kMaxCharsetNameBytes = 64;

struct EncodedWord {
  std::string charset;  // lowercase, RFC 2231 language suffix removed
  std::string bytes;    // the decoded bytes, still in `charset`
  size_t end = 0;       // the offset just past the closing "?="
};

// The encoded word "=?charset?B|Q?text?=" starting at `start`, if there is one. Encoded text has
// neither "?" nor whitespace, so each attempt reads up to the next "?" only.
std::optional<EncodedWord> ReadEncodedWord(std::string_view value, size_t start) {
  if (value.substr(start, 2) != "=?") return std::nullopt;
  const size_t charset_end = value.find('?', start + 2);
  if (charset_end == std::string_view::npos || charset_end == start + 2 ||
      charset_end - start - 2 > kMaxCharsetNameBytes || charset_end + 2 >= value.size() ||
      value[charset_end + 2] != '?') {
    return std::nullopt;
  }
  const char encoding = absl::ascii_toupper(value[charset_end + 1]);
  if (encoding != 'B' && encoding != 'Q') return std::nullopt;
  const size_t text_start = charset_end + 3;
  size_t text_end = text_start;
  while (text_end < value.size() && value[text_end] != '?' &&
         !absl::ascii_isspace(static_cast<unsigned char>(value[text_end]))) {
    ++text_end;
  }
  if (text_end + 1 >= value.size() || value[text_end] != '?' || value[text_end + 1] != '=') {
    return std::nullopt;
  }
  EncodedWord word;
  std::string_view charset = value.substr(start + 2, charset_end - start - 2);
  charset = charset.substr(0, charset.find('*'));
  word.charset = LowerAscii(charset);
  const std::string_view text = value.substr(text_start, text_end - text_start);
  word.bytes = encoding == 'B' ? DecodeBase64(text) : DecodeQuotedPrintable(text, true);
  word.end = text_end + 2;
  return word;
}

// Text outside encoded words: UTF-8 when it is valid UTF-8, else Latin-1.
std::string PlainText(std::string_view text) {
  return IsValidUtf8(text) ? std::string(text) : ToUtf8(text, "iso-8859-1");
}

bool IsAllWhitespace(std::string_view text) {
  for (const char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string DecodeHeaderValue(std::string_view value) {
  std::string out;
  // Adjacent encoded words in one charset are joined as bytes before conversion, so a character
  // split across two words survives.
  std::string pending_bytes;
  std::string pending_charset;
  size_t plain_start = 0;
  bool after_word = false;
  const auto flush_pending = [&] {
    if (!pending_bytes.empty()) out += ToUtf8(pending_bytes, pending_charset);
    pending_bytes.clear();
    pending_charset.clear();
  };
  size_t position = 0;
  while (position < value.size()) {
    std::optional<EncodedWord> word;
    if (value[position] == '=') word = ReadEncodedWord(value, position);
    if (!word.has_value()) {
      ++position;
      continue;
    }
    const std::string_view plain = value.substr(plain_start, position - plain_start);
    if (!(after_word && IsAllWhitespace(plain))) {
      flush_pending();
      out += PlainText(plain);
    }
    if (word->charset != pending_charset) flush_pending();
    pending_charset = word->charset;
    pending_bytes += word->bytes;
    position = word->end;
    plain_start = position;
    after_word = true;
  }
  flush_pending();
  out += PlainText(value.substr(plain_start));
  return out;
}

}  // namespace clearhost::cases::intake
