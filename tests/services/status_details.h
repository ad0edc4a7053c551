// Reading the google.rpc details of a failed call
// (grpc::Status::error_details() parsed as google.rpc.Status): the ErrorInfo
// reason and metadata, BadRequest field violations and PreconditionFailure
// violations, which the tests check instead of message text. Thread-safety:
// pure functions; safe from any thread.
#ifndef OPENDATA_TESTS_SERVICES_STATUS_DETAILS_H_
#define OPENDATA_TESTS_SERVICES_STATUS_DETAILS_H_

#include <map>
#include <string>
#include <vector>

#include "grpcpp/support/status.h"

namespace opendata::testing {

// "CODE: message" for failure messages.
std::string Describe(const grpc::Status& status);

// The ErrorInfo reason, or "" if the details carry none (or do not parse).
std::string ErrorReason(const grpc::Status& status);

// The ErrorInfo domain, or "".
std::string ErrorDomain(const grpc::Status& status);

// The ErrorInfo metadata (empty if none).
std::map<std::string, std::string> ErrorMetadata(const grpc::Status& status);

// The `field` of every BadRequest field violation, in order.
std::vector<std::string> ViolatedFields(const grpc::Status& status);

// The `description` of every BadRequest field violation, in order.
std::vector<std::string> ViolationDescriptions(const grpc::Status& status);

// The `type` of every PreconditionFailure violation, in order.
std::vector<std::string> PreconditionTypes(const grpc::Status& status);

// The `subject` of every PreconditionFailure violation, in order.
std::vector<std::string> PreconditionSubjects(const grpc::Status& status);

// True if the details parse as a google.rpc.Status whose code equals the call's
// code.
bool DetailsMatchCode(const grpc::Status& status);

}  // namespace opendata::testing

// Checks that `status` is OK, printing its code and message otherwise.
#define REQUIRE_OK(status)                                  \
  do {                                                      \
    const ::grpc::Status& require_ok_status = (status);     \
    INFO(::opendata::testing::Describe(require_ok_status)); \
    REQUIRE(require_ok_status.ok());                        \
  } while (false)

#endif  // OPENDATA_TESTS_SERVICES_STATUS_DETAILS_H_
