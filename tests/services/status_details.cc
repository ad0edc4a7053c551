// Implementation of status_details.h.
#include "tests/services/status_details.h"

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace opendata::testing {
namespace {

google::rpc::Status RichStatus(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) rich.Clear();
  return rich;
}

// The first detail of type T, or a default instance.
template <typename T>
T FirstDetail(const grpc::Status& status) {
  T detail;
  const google::rpc::Status rich = RichStatus(status);
  for (const auto& any : rich.details()) {
    if (any.Is<T>() && any.UnpackTo(&detail)) return detail;
  }
  return T();
}

}  // namespace

std::string Describe(const grpc::Status& status) {
  return absl::StrCat("grpc status ", static_cast<int>(status.error_code()),
                      " reason ", ErrorReason(status), ": ",
                      status.error_message());
}

std::string ErrorReason(const grpc::Status& status) {
  return FirstDetail<google::rpc::ErrorInfo>(status).reason();
}

std::string ErrorDomain(const grpc::Status& status) {
  return FirstDetail<google::rpc::ErrorInfo>(status).domain();
}

std::map<std::string, std::string> ErrorMetadata(const grpc::Status& status) {
  const auto info = FirstDetail<google::rpc::ErrorInfo>(status);
  return {info.metadata().begin(), info.metadata().end()};
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const auto bad_request = FirstDetail<google::rpc::BadRequest>(status);
  for (const auto& v : bad_request.field_violations()) {
    fields.push_back(v.field());
  }
  return fields;
}

std::vector<std::string> ViolationDescriptions(const grpc::Status& status) {
  std::vector<std::string> descriptions;
  const auto bad_request = FirstDetail<google::rpc::BadRequest>(status);
  for (const auto& v : bad_request.field_violations()) {
    descriptions.push_back(v.description());
  }
  return descriptions;
}

std::vector<std::string> PreconditionTypes(const grpc::Status& status) {
  std::vector<std::string> types;
  const auto failure = FirstDetail<google::rpc::PreconditionFailure>(status);
  for (const auto& v : failure.violations()) {
    types.push_back(v.type());
  }
  return types;
}

std::vector<std::string> PreconditionSubjects(const grpc::Status& status) {
  std::vector<std::string> subjects;
  const auto failure = FirstDetail<google::rpc::PreconditionFailure>(status);
  for (const auto& v : failure.violations()) {
    subjects.push_back(v.subject());
  }
  return subjects;
}

bool DetailsMatchCode(const grpc::Status& status) {
  google::rpc::Status rich;
  return rich.ParseFromString(status.error_details()) &&
         rich.code() == static_cast<int>(status.error_code());
}

}  // namespace opendata::testing
