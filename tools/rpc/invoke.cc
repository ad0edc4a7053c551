// Method invocation with JSON request data (see invoke.h).
// Thread-safety: stateless; see the header.
#include "tools/rpc/invoke.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/dynamic_message.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/slice.h"
#include "tools/rpc/generic_call.h"

namespace opendata::rpc {
namespace {

namespace protobuf = ::google::protobuf;

// Parses the request data into serialized request messages.
absl::StatusOr<std::vector<std::string>> EncodeRequests(
    const protobuf::MethodDescriptor& method, absl::string_view request_data,
    bool allow_unknown_fields, protobuf::MessageFactory& factory) {
  absl::StatusOr<std::vector<std::string>> values =
      SplitJsonValues(request_data);
  if (!values.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "error getting request data: ", values.status().message()));
  }
  if (!method.client_streaming() && values->size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("method \"", method.full_name(), "\" is a ",
                     method.server_streaming() ? "server-streaming" : "unary",
                     " RPC, but request data contained more than 1 message"));
  }
  std::unique_ptr<protobuf::Message> request(
      factory.GetPrototype(method.input_type())->New());
  std::vector<std::string> requests;
  for (const std::string& value : *values) {
    if (absl::Status parsed =
            JsonToMessage(value, allow_unknown_fields, request.get());
        !parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("error getting request data: ", parsed.message()));
    }
    requests.push_back(request->SerializeAsString());
  }
  if (!method.client_streaming() && requests.empty()) {
    requests.emplace_back();  // An empty message.
  }
  return requests;
}

}  // namespace

absl::StatusOr<const protobuf::MethodDescriptor*> ResolveMethod(
    ReflectionClient& reflection, absl::string_view name) {
  size_t split = name.rfind('/');
  if (split == absl::string_view::npos) split = name.rfind('.');
  if (split == absl::string_view::npos || split == 0 ||
      split + 1 == name.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "given method name \"", name,
        "\" is not in expected format: 'service/method' or 'service.method'"));
  }
  const absl::string_view service_name = name.substr(0, split);
  const absl::string_view method_name = name.substr(split + 1);
  absl::StatusOr<const protobuf::ServiceDescriptor*> service =
      reflection.FindService(service_name);
  if (absl::IsNotFound(service.status())) {
    return absl::NotFoundError(absl::StrCat(
        "target server does not expose service \"", service_name, "\""));
  }
  if (!service.ok()) {
    return absl::Status(
        service.status().code(),
        absl::StrCat("failed to query for service descriptor \"", service_name,
                     "\": ", service.status().message()));
  }
  const protobuf::MethodDescriptor* method =
      (*service)->FindMethodByName(std::string(method_name));
  if (method == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "service \"", service_name, "\" does not include a method named \"",
        method_name, "\""));
  }
  return method;
}

absl::StatusOr<grpc::Status> InvokeMethod(
    ReflectionClient& reflection, const std::shared_ptr<grpc::Channel>& channel,
    absl::string_view method_name, absl::string_view request_data,
    const InvokeOptions& options, const ResponseHandler& on_response) {
  absl::StatusOr<const protobuf::MethodDescriptor*> method =
      ResolveMethod(reflection, method_name);
  if (!method.ok()) return method.status();
  protobuf::DynamicMessageFactory factory(&reflection.pool());
  absl::StatusOr<std::vector<std::string>> requests = EncodeRequests(
      **method, request_data, options.allow_unknown_fields, factory);
  if (!requests.ok()) return requests.status();

  grpc::ClientContext context;
  AddMetadata(options.metadata, &context);
  if (options.deadline.has_value()) {
    context.set_deadline(absl::ToChronoTime(*options.deadline));
  }
  grpc::GenericStub stub(channel);
  GenericCall call(&stub, &context,
                   absl::StrCat("/", (*method)->service()->full_name(), "/",
                                (*method)->name()));
  for (const std::string& request : *requests) {
    grpc::Slice slice(request);
    if (!call.Write(grpc::ByteBuffer(&slice, 1))) break;
  }
  call.WritesDone();

  std::unique_ptr<protobuf::Message> response(
      factory.GetPrototype((*method)->output_type())->New());
  grpc::ByteBuffer buffer;
  while (call.Read(&buffer)) {
    grpc::ProtoBufferReader reader(&buffer);
    if (!response->ParseFromZeroCopyStream(&reader)) {
      return absl::InternalError(
          absl::StrCat("could not decode a response message as ",
                       (*method)->output_type()->full_name()));
    }
    absl::StatusOr<std::string> json = MessageToJson(*response, options.output);
    if (!json.ok()) return json.status();
    on_response(*json);
  }
  return call.Finish();
}

}  // namespace opendata::rpc
