// Calendar arithmetic in the proleptic Gregorian calendar, for the parsers that turn written
// dates (RFC 3339, RFC 5322, CSV fields) into Unix time without the C library's time zones.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

namespace clearhost {

// Days from 1970-01-01 to year-month-day (month 1..12; Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day);

bool IsLeapYear(int64_t year);

// 28..31 for month 1..12.
int DaysInMonth(int64_t year, int64_t month);

}  // namespace clearhost
