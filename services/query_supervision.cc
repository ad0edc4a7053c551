// QueryServiceImpl::GetSupervisionStatistics and ExportSupervisionStatistics
// (declared in catalog_services.h): the Art. 22 figures and their CSV export,
// computed by SupervisionQueries. Thread-safe (no state of its own).
#include "common/status_macros.h"
#include "services/catalog_services.h"

namespace opendata {

grpc::Status QueryServiceImpl::GetSupervisionStatistics(
    grpc::ServerContext* context,
    const pbv1::GetSupervisionStatisticsRequest* request,
    pbv1::GetSupervisionStatisticsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response->mutable_statistics(),
                         runtime_->supervision_queries().Get(actor, *request));
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ExportSupervisionStatistics(
    grpc::ServerContext* context,
    const pbv1::ExportSupervisionStatisticsRequest* request,
    pbv1::ExportSupervisionStatisticsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            *response, runtime_->supervision_queries().Export(actor, *request));
        return absl::OkStatus();
      });
}

}  // namespace opendata
