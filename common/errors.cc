// Implementation of errors.h: details are stored as absl::Status payloads keyed
// by their Any type URL.
#include "common/errors.h"

#include <utility>

#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace opendata {
namespace {

constexpr absl::string_view kErrorInfoUrl =
    "type.googleapis.com/google.rpc.ErrorInfo";
constexpr absl::string_view kBadRequestUrl =
    "type.googleapis.com/google.rpc.BadRequest";
constexpr absl::string_view kPreconditionUrl =
    "type.googleapis.com/google.rpc.PreconditionFailure";
// Set by the rate limiter (services/rate_limiter.cc).
constexpr absl::string_view kRetryInfoUrl =
    "type.googleapis.com/google.rpc.RetryInfo";
constexpr absl::string_view kQuotaFailureUrl =
    "type.googleapis.com/google.rpc.QuotaFailure";

void SetDetail(absl::Status& status, absl::string_view url,
               const google::protobuf::Message& msg) {
  status.SetPayload(url, absl::Cord(msg.SerializeAsString()));
}

template <typename Proto>
bool GetDetail(const absl::Status& status, absl::string_view url, Proto* out) {
  auto payload = status.GetPayload(url);
  return payload.has_value() && out->ParseFromString(std::string(*payload));
}

}  // namespace

absl::Status MakeError(absl::StatusCode code, absl::string_view reason,
                       absl::string_view message,
                       const std::map<std::string, std::string>& metadata) {
  absl::Status status(code, message);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [k, v] : metadata) (*info.mutable_metadata())[k] = v;
  SetDetail(status, kErrorInfoUrl, info);
  return status;
}

absl::Status InvalidArgument(absl::string_view reason,
                             std::vector<FieldViolation> violations) {
  std::vector<std::string> parts;
  google::rpc::BadRequest bad;
  for (auto& v : violations) {
    parts.push_back(v.field + ": " + v.description);
    auto* fv = bad.add_field_violations();
    fv->set_field(std::move(v.field));
    fv->set_description(std::move(v.description));
  }
  absl::Status status = MakeError(absl::StatusCode::kInvalidArgument, reason,
                                  absl::StrJoin(parts, "; "));
  SetDetail(status, kBadRequestUrl, bad);
  return status;
}

absl::Status FailedPrecondition(absl::string_view reason,
                                absl::string_view message,
                                std::vector<PreconditionViolation> violations) {
  absl::Status status =
      MakeError(absl::StatusCode::kFailedPrecondition, reason, message);
  google::rpc::PreconditionFailure failure;
  for (auto& v : violations) {
    auto* pv = failure.add_violations();
    pv->set_type(std::move(v.type));
    pv->set_subject(std::move(v.subject));
    pv->set_description(std::move(v.description));
  }
  SetDetail(status, kPreconditionUrl, failure);
  return status;
}

std::string ErrorReason(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  return GetDetail(status, kErrorInfoUrl, &info) ? info.reason() : "";
}

std::map<std::string, std::string> ErrorMetadata(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  std::map<std::string, std::string> out;
  if (GetDetail(status, kErrorInfoUrl, &info)) {
    for (const auto& [k, v] : info.metadata()) out[k] = v;
  }
  return out;
}

std::vector<FieldViolation> FieldViolations(const absl::Status& status) {
  google::rpc::BadRequest bad;
  std::vector<FieldViolation> out;
  if (GetDetail(status, kBadRequestUrl, &bad)) {
    for (const auto& v : bad.field_violations())
      out.push_back({v.field(), v.description()});
  }
  return out;
}

std::vector<PreconditionViolation> PreconditionViolations(
    const absl::Status& status) {
  google::rpc::PreconditionFailure failure;
  std::vector<PreconditionViolation> out;
  if (GetDetail(status, kPreconditionUrl, &failure)) {
    for (const auto& v : failure.violations())
      out.push_back({v.type(), v.subject(), v.description()});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ErrorDetails(
    const absl::Status& status) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view url : {kErrorInfoUrl, kBadRequestUrl, kPreconditionUrl,
                                kRetryInfoUrl, kQuotaFailureUrl}) {
    auto payload = status.GetPayload(url);
    if (payload.has_value())
      out.emplace_back(std::string(url), std::string(*payload));
  }
  return out;
}

}  // namespace opendata
