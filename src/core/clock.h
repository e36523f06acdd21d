// Wall-clock time as the store and the audit log record it: Unix microseconds, UTC. Code that
// stamps records takes a MicrosClock so that tests can fix the time.
// Thread-safety: SystemClockMicros is reentrant.
#pragma once

#include <cstdint>
#include <functional>

namespace clearhost {

using MicrosClock = std::function<int64_t()>;

// The system clock now, in microseconds since the Unix epoch.
int64_t SystemClockMicros();

}  // namespace clearhost
