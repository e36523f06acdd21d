#include "cases/outbound/mime_encoding.h"

#include "absl/strings/escaping.h"

namespace clearhost::cases::outbound {
namespace {

constexpr size_t kMaxEncodedLine = 76;  // RFC 2045: encoded lines at most 76 characters
// 39 input bytes are 52 base64 characters; with "=?UTF-8?B?" and "?=" a 64-character word,
// so that "Subject: " plus one word stays within 78 characters.
constexpr size_t kEncodedWordBytes = 39;

void AppendQuotedPrintableLine(std::string_view line, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char byte = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const bool literal =
        (byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !last);
    const size_t width = literal ? 1 : 3;
    // Room for the soft break "=" at the end of a continued line.
    if (column + width > kMaxEncodedLine - 1) {
      out += "=\r\n";
      column = 0;
    }
    if (literal) {
      out += static_cast<char>(byte);
    } else {
      out += '=';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
    column += width;
  }
  out += "\r\n";
}

// The length of the longest prefix of `utf8` of at most `limit` bytes that ends on a character
// boundary (at least one byte, so that invalid input still makes progress).
size_t CharacterPrefix(std::string_view utf8, size_t limit) {
  if (utf8.size() <= limit) return utf8.size();
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
  return end == 0 ? limit : end;
}

}  // namespace

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    AppendQuotedPrintableLine(text.substr(start, end - start), out);
    start = end;
    if (start < text.size() && text[start] == '\r') ++start;
    if (start < text.size() && text[start] == '\n') ++start;
  }
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = absl::Base64Escape(absl::string_view(bytes.data(), bytes.size()));
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += kMaxEncodedLine) {
    out.append(encoded, i, kMaxEncodedLine);
    out += "\r\n";
  }
  return out;
}

std::vector<std::string> EncodedWords(std::string_view utf8) {
  std::vector<std::string> words;
  while (!utf8.empty()) {
    const size_t length = CharacterPrefix(utf8, kEncodedWordBytes);
    std::string word = "=?UTF-8?B?";
    word += absl::Base64Escape(absl::string_view(utf8.data(), length));
    word += "?=";
    words.push_back(std::move(word));
    utf8.remove_prefix(length);
  }
  return words;
}

bool IsPrintableAscii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace clearhost::cases::outbound
