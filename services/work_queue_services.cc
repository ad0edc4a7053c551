// ReviewerService.ListWorkQueue: hands the request to the engine's work queue
// (engine/query/work_queue.h) with the clock's time and the calendar in force.
// No rule lives here. Thread-safety: stateless beyond the shared runtime.
#include "common/status_macros.h"
#include "services/catalog_services.h"

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

}  // namespace opendata
