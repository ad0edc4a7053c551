// Request metadata given on the command line as grpcurl-style headers ("name:
// value").
// Thread-safety: stateless functions; safe to call concurrently (ParseHeaders
// reads the environment).
#ifndef OPENDATA_TOOLS_RPC_HEADERS_H_
#define OPENDATA_TOOLS_RPC_HEADERS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/client_context.h"

namespace opendata::rpc {

// Ordered (name, value) pairs; a name may repeat.
using Metadata = std::vector<std::pair<std::string, std::string>>;

// Parses headers like grpcurl: the name is everything before the first ':'
// (trimmed, lowercased), the value everything after it (trimmed); a header
// without ':' has an empty value. Values of "-bin" headers are base64-decoded
// when they are valid base64. With expand_env, every "${NAME}" is replaced by
// the environment variable NAME. Errors: InvalidArgument for a missing
// environment variable, a name that is not a valid gRPC metadata key, or a
// non-"-bin" value with characters outside printable ASCII.
absl::StatusOr<Metadata> ParseHeaders(const std::vector<std::string>& headers,
                                      bool expand_env);

// Adds every pair to the outgoing metadata of `context`.
void AddMetadata(const Metadata& metadata, grpc::ClientContext* context);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_HEADERS_H_
