// Turns the engine's absl::Status (with google.rpc detail payloads,
// common/errors.h) into a grpc::Status whose binary details are a
// google.rpc.Status, so that clients (and grpcurl) see ErrorInfo, BadRequest
// and PreconditionFailure. Every error gets an ErrorInfo: one with no domain
// reason is given the code name. Stateless; safe from any thread.
#ifndef OPENDATA_SERVICES_STATUS_MAPPING_H_
#define OPENDATA_SERVICES_STATUS_MAPPING_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace opendata {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace opendata

#endif  // OPENDATA_SERVICES_STATUS_MAPPING_H_
