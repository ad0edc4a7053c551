// Rich errors: absl::Status values that carry google.rpc details (ErrorInfo
// with a stable reason, BadRequest field violations, PreconditionFailure) as
// payloads. The gRPC edge turns the payloads into google.rpc.Status details;
// tests read them back with the accessors below. Stateless; safe from any
// thread.
//
// Which code to use (design.md): INVALID_ARGUMENT bad input, NOT_FOUND,
// ALREADY_EXISTS, FAILED_PRECONDITION not allowed in this state, ABORTED
// version conflict, PERMISSION_DENIED, UNAUTHENTICATED, UNAVAILABLE, DATA_LOSS.
#ifndef OPENDATA_COMMON_ERRORS_H_
#define OPENDATA_COMMON_ERRORS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace opendata {

// ErrorInfo.domain of every error the platform raises.
inline constexpr absl::string_view kErrorDomain = "opendata.jining.gov.cn";

// One invalid request field (google.rpc.BadRequest.FieldViolation).
struct FieldViolation {
  std::string
      field;  // Path of the field, e.g. "content.data_dictionary[2].name".
  std::string description;  // What is wrong.
};

// One failed precondition (google.rpc.PreconditionFailure.Violation).
struct PreconditionViolation {
  std::string type;         // Rule that failed, e.g. "ART7_CONDITION_REQUIRED".
  std::string subject;      // What it applies to, e.g. "content.conditions".
  std::string description;  // Human-readable explanation.
};

// Returns a status of `code` with `message` and an ErrorInfo carrying `reason`
// (UPPER_SNAKE_CASE, stable) and `metadata`.
absl::Status MakeError(absl::StatusCode code, absl::string_view reason,
                       absl::string_view message,
                       const std::map<std::string, std::string>& metadata = {});

// INVALID_ARGUMENT with reason and a BadRequest listing every violation.
// `violations` must not be empty.
absl::Status InvalidArgument(absl::string_view reason,
                             std::vector<FieldViolation> violations);

// FAILED_PRECONDITION with reason and a PreconditionFailure listing every
// violation.
absl::Status FailedPrecondition(absl::string_view reason,
                                absl::string_view message,
                                std::vector<PreconditionViolation> violations);

// The ErrorInfo reason of `status`, or "" if none.
std::string ErrorReason(const absl::Status& status);

// The ErrorInfo metadata of `status` (empty if none).
std::map<std::string, std::string> ErrorMetadata(const absl::Status& status);

// The BadRequest field violations of `status` (empty if none).
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

// The PreconditionFailure violations of `status` (empty if none).
std::vector<PreconditionViolation> PreconditionViolations(
    const absl::Status& status);

// Every payload of `status` as (type URL, serialized message), in a stable
// order, for the gRPC edge.
std::vector<std::pair<std::string, std::string>> ErrorDetails(
    const absl::Status& status);

}  // namespace opendata

#endif  // OPENDATA_COMMON_ERRORS_H_
