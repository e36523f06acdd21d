// RFC 4180 quoting of one CSV field, shared by every CSV writer (hash output, list exports).
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace clearhost {

// `field` as it is written in a CSV record: unchanged unless it holds a comma, a double quote, a
// CR or an LF; then in double quotes, with each double quote doubled. This is also what Python's
// csv module writes by default (QUOTE_MINIMAL), so exports of both agree byte for byte.
std::string CsvField(std::string_view field);

}  // namespace clearhost
