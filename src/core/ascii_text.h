// Small ASCII text helpers over std::string_view (Debian's Abseil has its own
// string_view type, so absl's strip and case functions do not take ours).
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>

namespace clearhost {

// `text` without leading and trailing ASCII whitespace.
std::string_view TrimAscii(std::string_view text);

// `text` with A-Z lowered.
std::string LowerAscii(std::string_view text);

// Whether `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Whether `text` starts with `prefix` ignoring ASCII case.
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);

}  // namespace clearhost
