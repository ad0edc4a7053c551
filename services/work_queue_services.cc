// ReviewerService.ListWorkQueue, ProviderService.ListOpenItems and
// UserService.ListMyItems: hand the
// request to the engine's work queue
// (engine/query/work_queue.h) with the clock's time and the calendar in force.
// No rule lives here. Thread-safety: stateless beyond the shared runtime.
#include "common/status_macros.h"
#include "services/catalog_services.h"
#include "services/user_service.h"

namespace opendata {

grpc::Status ReviewerServiceImpl::ListWorkQueue(
    grpc::ServerContext* context, const pbv1::ListWorkQueueRequest* request,
    pbv1::ListWorkQueueResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response,
                         runtime_->work_queue_queries().List(
                             actor, *request, runtime_->clock().Now(),
                             *runtime_->calendar().Current()));
        return absl::OkStatus();
      });
}

grpc::Status ProviderServiceImpl::ListOpenItems(
    grpc::ServerContext* context, const pbv1::ListOpenItemsRequest* request,
    pbv1::ListOpenItemsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response,
                         runtime_->work_queue_queries().ListOpenItems(
                             actor, *request, runtime_->clock().Now(),
                             *runtime_->calendar().Current()));
        return absl::OkStatus();
      });
}

grpc::Status UserServiceImpl::ListMyItems(
    grpc::ServerContext* context, const pbv1::ListMyItemsRequest* request,
    pbv1::ListMyItemsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response, runtime_->work_queue_queries().ListMyItems(
                                        actor, *request));
        return absl::OkStatus();
      });
}

}  // namespace opendata
