// Status propagation macros (Debian's abseil 20220623 has none). Header-only;
// no state.
#ifndef OPENDATA_COMMON_STATUS_MACROS_H_
#define OPENDATA_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define OPENDATA_CONCAT_INNER_(a, b) a##b
#define OPENDATA_CONCAT_(a, b) OPENDATA_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                 \
  do {                                        \
    ::absl::Status _opendata_status = (expr); \
    if (!_opendata_status.ok()) {             \
      return _opendata_status;                \
    }                                         \
  } while (0)

// Evaluates `rexpr` (a StatusOr); returns its status if not OK, else moves its
// value into `lhs`.
#define ASSIGN_OR_RETURN(lhs, rexpr)                                           \
  ASSIGN_OR_RETURN_IMPL_(OPENDATA_CONCAT_(_opendata_statusor_, __LINE__), lhs, \
                         rexpr)

#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) {                              \
    return std::move(statusor).status();             \
  }                                                  \
  lhs = std::move(statusor).value()

#endif  // OPENDATA_COMMON_STATUS_MACROS_H_
