// ToUtf8 (declared in mail_message.h): the common mail charsets by table, the rest through
// glibc's iconv(3), anything unknown as Latin-1.
#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "cases/intake/mail_encodings.h"
#include "cases/intake/mail_message.h"
#include "core/ascii_text.h"

namespace clearhost::cases::intake {
namespace {

constexpr size_t kMaxCharsetNameBytes = 64;

void AppendCodePoint(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Windows-1252's 0x80-0x9F (where Latin-1 has C1 controls); 0 where the code page has a hole.
constexpr uint16_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

uint32_t Windows1252(unsigned char byte) {
  if (byte >= 0x80 && byte <= 0x9F) {
    const uint16_t mapped = kWindows1252High[byte - 0x80];
    return mapped == 0 ? 0xFFFD : mapped;
  }
  return byte;
}

// ISO-8859-15 differs from Latin-1 in eight places (the euro sign among them).
uint32_t Latin9(unsigned char byte) {
  switch (byte) {
    case 0xA4:
      return 0x20AC;
    case 0xA6:
      return 0x0160;
    case 0xA8:
      return 0x0161;
    case 0xB4:
      return 0x017D;
    case 0xB8:
      return 0x017E;
    case 0xBC:
      return 0x0152;
    case 0xBD:
      return 0x0153;
    case 0xBE:
      return 0x0178;
    default:
      return byte;
  }
}

template <typename Map>
std::string BySingleByteTable(std::string_view text, Map map) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (const char c : text) AppendCodePoint(map(static_cast<unsigned char>(c)), out);
  return out;
}

std::string Latin1(std::string_view text) {
  return BySingleByteTable(text, [](unsigned char byte) -> uint32_t { return byte; });
}

// Converts with iconv; false when iconv does not know `charset`. Bytes it cannot convert become
// U+FFFD.
bool ByIconv(std::string_view text, const std::string& charset, std::string& out) {
  iconv_t converter = iconv_open("UTF-8", charset.c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) return false;
  std::string input(text);
  char* in = input.data();
  size_t in_left = input.size();
  char buffer[4096];
  while (in_left > 0) {
    char* out_pointer = buffer;
    size_t out_left = sizeof(buffer);
    const size_t converted = iconv(converter, &in, &in_left, &out_pointer, &out_left);
    out.append(buffer, static_cast<size_t>(out_pointer - buffer));
    if (converted != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    out.append("\xEF\xBF\xBD");
    if (errno == EINVAL) break;  // a truncated sequence at the end
    ++in;                        // EILSEQ: skip the byte it cannot read
    --in_left;
  }
  // Flush any shift state.
  char* out_pointer = buffer;
  size_t out_left = sizeof(buffer);
  iconv(converter, nullptr, nullptr, &out_pointer, &out_left);
  out.append(buffer, static_cast<size_t>(out_pointer - buffer));
  iconv_close(converter);
  return true;
}

}  // namespace

std::string ToUtf8(std::string_view text, std::string_view charset) {
  std::string name = LowerAscii(TrimAscii(charset));
  if (name.empty() || name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii") {
    return ValidUtf8(text);
  }
  if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1") {
    return Latin1(text);
  }
  if (name == "iso-8859-15" || name == "iso8859-15" || name == "latin-9") {
    return BySingleByteTable(text, Latin9);
  }
  if (name == "windows-1252" || name == "cp1252") {
    return BySingleByteTable(text, Windows1252);
  }
  std::string converted;
  if (name.size() <= kMaxCharsetNameBytes && ByIconv(text, name, converted)) {
    return ValidUtf8(converted);
  }
  return Latin1(text);
}

}  // namespace clearhost::cases::intake
