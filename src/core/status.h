// Errors as values for all of clearhost.
//
// `Status` and `Result<T>` are Abseil's absl::Status and absl::StatusOr<T>: codes that map onto
// HTTP and exit codes, [[nodiscard]], and test matchers. Exceptions thrown by third-party
// libraries are caught in their adapter and become a Status; broken internal invariants abort.
// Thread-safety: values, no shared state.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace clearhost {

using Status = absl::Status;
template <typename T>
using Result = absl::StatusOr<T>;

}  // namespace clearhost

// Returns from the current function with the error when `expr` yields a non-OK Status.
#define CLEARHOST_RETURN_IF_ERROR(expr)            \
  do {                                             \
    ::clearhost::Status status_macro_ = (expr);    \
    if (!status_macro_.ok()) return status_macro_; \
  } while (false)

#define CLEARHOST_CONCAT_INNER_(a, b) a##b
#define CLEARHOST_CONCAT_(a, b) CLEARHOST_CONCAT_INNER_(a, b)

// `CLEARHOST_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from an OK Result or returns its error.
#define CLEARHOST_ASSIGN_OR_RETURN(lhs, expr)                   \
  auto CLEARHOST_CONCAT_(result_macro_, __LINE__) = (expr);     \
  if (!CLEARHOST_CONCAT_(result_macro_, __LINE__).ok())         \
    return CLEARHOST_CONCAT_(result_macro_, __LINE__).status(); \
  lhs = std::move(CLEARHOST_CONCAT_(result_macro_, __LINE__)).value()
