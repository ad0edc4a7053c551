// Invoking a method by name with JSON request data, like grpcurl: types come
// from reflection, messages are dynamic, and the call goes through
// grpc::GenericStub. Unary, server-streaming, client-streaming and
// bidirectional methods are supported; for the streaming-request kinds all
// request messages are sent before the responses are read.
// Thread-safety: stateless functions; a ReflectionClient is not thread-safe, so
// do not share one between concurrent calls.
#ifndef OPENDATA_TOOLS_RPC_INVOKE_H_
#define OPENDATA_TOOLS_RPC_INVOKE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"
#include "tools/rpc/headers.h"
#include "tools/rpc/json_format.h"
#include "tools/rpc/reflection_client.h"

namespace opendata::rpc {

struct InvokeOptions {
  Metadata metadata;                   // Request metadata.
  std::optional<absl::Time> deadline;  // Call deadline, if any.
  bool allow_unknown_fields =
      false;                 // Ignore unknown JSON fields in the request data.
  JsonOutputOptions output;  // How responses are rendered.
};

// Receives each response message as indented JSON, as soon as it arrives.
using ResponseHandler = std::function<void(const std::string& json)>;

// Resolves "pkg.Service/Method" or "pkg.Service.Method". Errors (grpcurl's
// wording): InvalidArgument for a malformed name; NotFound when the server does
// not expose the service or the service lacks the method; the reflection error
// when the server could not be asked.
absl::StatusOr<const google::protobuf::MethodDescriptor*> ResolveMethod(
    ReflectionClient& reflection, absl::string_view name);

// Calls `method_name` with `request_data` (zero or more concatenated JSON
// messages; none means one empty message for methods that take a single
// request) and passes the responses to `on_response`. Returns the call's final
// status, which may be an error status from the server. Errors (nothing useful
// happened): those of ResolveMethod; InvalidArgument for request data that does
// not parse or holds several messages for a method that takes one; Internal
// when a response cannot be decoded or rendered (the call is cancelled).
absl::StatusOr<grpc::Status> InvokeMethod(
    ReflectionClient& reflection, const std::shared_ptr<grpc::Channel>& channel,
    absl::string_view method_name, absl::string_view request_data,
    const InvokeOptions& options, const ResponseHandler& on_response);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_INVOKE_H_
