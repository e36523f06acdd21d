#include "lists/minisign_encoding.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/file_io.h"

namespace clearhost::lists::minisign {

void InitSodium() {
  // A function-local static is initialised once, thread-safely.
  static const bool initialised = [] {
    if (sodium_init() < 0) {
      std::fprintf(stderr, "clearhost: libsodium could not be initialised\n");
      std::abort();
    }
    return true;
  }();
  (void)initialised;
}

std::string ToBase64(std::span<const uint8_t> bytes) {
  const size_t size = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string text(size, '\0');  // size counts the terminating NUL
  sodium_bin2base64(text.data(), size, bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  text.resize(size - 1);
  return text;
}

Result<std::vector<uint8_t>> FromBase64(std::string_view text, size_t size,
                                        std::string_view display_name, std::string_view what) {
  const std::string trimmed(
      absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
  // Enough room to notice a blob that is too long rather than cut it.
  std::vector<uint8_t> bytes(trimmed.size() / 4 * 3 + 3);
  size_t decoded = 0;
  const char* end = nullptr;
  if (trimmed.empty() ||
      sodium_base642bin(bytes.data(), bytes.size(), trimmed.data(), trimmed.size(), nullptr,
                        &decoded, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != trimmed.data() + trimmed.size() || decoded != size) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(display_name), ": ", std::string(what), " is not base64 of ", size, " bytes"));
  }
  bytes.resize(decoded);
  return bytes;
}

uint64_t LoadLittleEndian64(std::span<const uint8_t, 8> bytes) {
  uint64_t value = 0;
  for (int index = 7; index >= 0; --index) value = (value << 8) | bytes[size_t(index)];
  return value;
}

void StoreLittleEndian64(uint64_t value, std::span<uint8_t, 8> bytes) {
  for (uint8_t& byte : bytes) {
    byte = uint8_t(value);
    value >>= 8;
  }
}

std::string KeyIdHex(const KeyId& key_id) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llX",
                static_cast<unsigned long long>(LoadLittleEndian64(key_id)));
  return text;
}

std::vector<std::string_view> SplitFileLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // as minisign trims
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

Result<std::vector<uint8_t>> ReadSmallFile(const std::filesystem::path& path, uint64_t max_bytes) {
  Result<std::vector<uint8_t>> bytes = ReadFileLimited(path, max_bytes);
  if (!bytes.ok()) {
    return Status(bytes.status().code(),
                  absl::StrCat(path.string(), ": ", std::string(bytes.status().message())));
  }
  return bytes;
}

bool IsOneLine(std::string_view text) {
  return text.find_first_of("\r\n") == std::string_view::npos;
}

}  // namespace clearhost::lists::minisign
