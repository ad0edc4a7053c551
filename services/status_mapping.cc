// Implementation of status_mapping.h.
#include "services/status_mapping.h"

#include "absl/strings/ascii.h"
#include "common/errors.h"
#include "google/rpc/status.pb.h"

namespace opendata {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  absl::Status detailed = status;
  if (ErrorReason(status).empty()) {
    detailed = MakeError(
        status.code(),
        absl::AsciiStrToUpper(absl::StatusCodeToString(status.code())),
        status.message());
  }
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(detailed.code()));
  rpc.set_message(std::string(detailed.message()));
  for (const auto& [url, bytes] : ErrorDetails(detailed)) {
    auto* any = rpc.add_details();
    any->set_type_url(url);
    any->set_value(bytes);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(detailed.code()),
                      std::string(detailed.message()), rpc.SerializeAsString());
}

}  // namespace opendata
