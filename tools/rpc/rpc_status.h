// grpcurl's report of a failed call: code, message and the google.rpc.Status
// details of the grpc-status-details-bin trailer.
// Thread-safety: stateless functions; safe to call concurrently (the pool's own
// locking applies).
#ifndef OPENDATA_TOOLS_RPC_RPC_STATUS_H_
#define OPENDATA_TOOLS_RPC_RPC_STATUS_H_

#include <string>

#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"
#include "tools/rpc/json_format.h"

namespace opendata::rpc {

// The name Go gives a status code ("InvalidArgument", "Canceled", ...), or
// "Code(<n>)" for unknown codes.
std::string StatusCodeName(grpc::StatusCode code);

// Formats a non-OK status as grpcurl does:
//   ERROR:
//     Code: InvalidArgument
//     Message: <message>
//     Details:
//     1)<TAB>{ ...JSON of the first detail, continued on lines indented by four
//     spaces and a tab... }
// The details section appears when the status carries a google.rpc.Status with
// details. Each detail (an Any) is rendered with types from `pool`, so types
// the server defines resolve through reflection; a detail of unknown type is
// shown as {"@type", "@error", "@value" (base64)}. The result ends with a
// newline.
std::string FormatRpcError(const grpc::Status& status,
                           const google::protobuf::DescriptorPool& pool,
                           const JsonOutputOptions& options);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_RPC_STATUS_H_
