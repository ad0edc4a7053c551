// Formatting of failed calls (see rpc_status.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/rpc_status.h"

#include <iterator>
#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tools/rpc/json_string.h"

namespace opendata::rpc {
namespace {

namespace protobuf = ::google::protobuf;

// Renders one detail through `pool`, falling back to grpcurl's placeholder for
// unknown types.
std::string RenderDetail(const protobuf::Any& detail,
                         const protobuf::DescriptorPool& pool,
                         const JsonOutputOptions& options) {
  const protobuf::Descriptor* any_type =
      pool.FindMessageTypeByName(protobuf::Any::descriptor()->full_name());
  if (any_type != nullptr) {
    protobuf::DynamicMessageFactory factory(&pool);
    std::unique_ptr<protobuf::Message> any(
        factory.GetPrototype(any_type)->New());
    if (any->ParseFromString(detail.SerializeAsString())) {
      absl::StatusOr<std::string> json = MessageToJson(*any, options);
      if (json.ok()) return *std::move(json);
    }
  }
  const absl::string_view url = detail.type_url();
  const absl::string_view type_name = url.substr(url.rfind('/') + 1);
  return IndentJson(absl::StrCat(
      "{\"@type\":", GoJsonQuote(url), ",\"@error\":",
      GoJsonQuote(absl::StrCat(
          type_name,
          " is not recognized; see @value for raw binary message data")),
      ",\"@value\":", GoJsonQuote(absl::Base64Escape(detail.value())), "}"));
}

}  // namespace

std::string StatusCodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "Canceled",
                                           "Unknown",
                                           "InvalidArgument",
                                           "DeadlineExceeded",
                                           "NotFound",
                                           "AlreadyExists",
                                           "PermissionDenied",
                                           "ResourceExhausted",
                                           "FailedPrecondition",
                                           "Aborted",
                                           "OutOfRange",
                                           "Unimplemented",
                                           "Internal",
                                           "Unavailable",
                                           "DataLoss",
                                           "Unauthenticated"};
  const int index = static_cast<int>(code);
  if (index >= 0 && index < static_cast<int>(std::size(kNames))) {
    return kNames[index];
  }
  return absl::StrCat("Code(", index, ")");
}

std::string FormatRpcError(const grpc::Status& status,
                           const protobuf::DescriptorPool& pool,
                           const JsonOutputOptions& options) {
  std::string out =
      absl::StrCat("ERROR:\n  Code: ", StatusCodeName(status.error_code()),
                   "\n  Message: ", status.error_message(), "\n");
  google::rpc::Status details;
  if (status.error_details().empty() ||
      !details.ParseFromString(status.error_details()) ||
      details.details().empty()) {
    return out;
  }
  // The standard detail types are compiled in so that they render even when the
  // server's reflection service does not know them; naming one keeps
  // error_details.proto linked into the binary.
  static_cast<void>(google::rpc::ErrorInfo::descriptor());
  out.append("  Details:\n");
  for (int i = 0; i < details.details_size(); ++i) {
    const std::string prefix = absl::StrCat("  ", i + 1, ")");
    const std::string continuation = std::string(prefix.size(), ' ') + "\t";
    const std::string json = RenderDetail(details.details(i), pool, options);
    const std::vector<absl::string_view> lines = absl::StrSplit(json, '\n');
    for (size_t line = 0; line < lines.size(); ++line) {
      absl::StrAppend(&out, line == 0 ? prefix + "\t" : continuation,
                      lines[line], "\n");
    }
  }
  return out;
}

}  // namespace opendata::rpc
