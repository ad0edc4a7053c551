// QueryServiceImpl::ListDeadlines (declared in catalog_services.h): deadlines
// with the working days remaining.
#include "common/status_macros.h"
#include "common/time_util.h"
#include "services/catalog_services.h"

namespace opendata {

grpc::Status QueryServiceImpl::ListDeadlines(
    grpc::ServerContext* context, const pbv1::ListDeadlinesRequest* request,
    pbv1::ListDeadlinesResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        DeadlineFilter filter;
        filter.responsible_organization = request->responsible_organization();
        filter.region = request->region();
        filter.state = request->state();
        if (request->has_due_after())
          filter.due_after = FromProto(request->due_after());
        if (request->has_due_before())
          filter.due_before = FromProto(request->due_before());
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        const absl::Time now = runtime_->clock().Now();
        ASSIGN_OR_RETURN(
            DeadlinePage page,
            runtime_->deadline_queries().List(actor, filter, now,
                                              *runtime_->calendar().Current()));
        for (DeadlineItem& item : page.items) {
          auto* out = response->add_deadlines();
          *out->mutable_deadline() = std::move(item.deadline);
          out->set_working_days_remaining(item.working_days_remaining);
          out->set_remaining_provisional(item.remaining_provisional);
          out->set_past_due(item.past_due);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace opendata
