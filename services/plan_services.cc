// The annual open plan RPCs (Art. 8), declared in catalog_services.h:
// ProviderService.SubmitAnnualPlan / LinkPlanItem, ReviewerService.
// OpenAnnualPlanYear / ApproveAnnualPlan / ReturnAnnualPlan / PublishCityPlan
// and QueryService.GetAnnualPlan / ListAnnualPlans / GetCityPlan. Translation
// only: a provider's commands name the caller's organisation; the rules are in
// engine/plans.
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "services/catalog_services.h"

namespace opendata {

namespace {

// Runs a command on a provider's plan and answers with the plan as the actor
// now sees it and the receipt.
template <typename Response>
absl::Status RunPlanCommand(const ServiceRuntime& runtime,
                            const pbv1::Actor& actor,
                            const pbv1::Command& command,
                            const std::string& request_id, int32_t year,
                            const std::string& organization,
                            Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(PlanReport report,
                   runtime.plan_queries().Get(actor, year, organization));
  *response->mutable_plan() = std::move(report.plan);
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

// Runs a command on the city plan and answers with it and the receipt.
template <typename Response>
absl::Status RunCityPlanCommand(const ServiceRuntime& runtime,
                                const pbv1::Actor& actor,
                                const pbv1::Command& command,
                                const std::string& request_id, int32_t year,
                                Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(CityPlanReport report,
                   runtime.plan_queries().GetCity(actor, year));
  *response->mutable_city_plan() = std::move(report.city_plan);
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

}  // namespace

grpc::Status ProviderServiceImpl::SubmitAnnualPlan(
    grpc::ServerContext* context, const pbv1::SubmitAnnualPlanRequest* request,
    pbv1::SubmitAnnualPlanResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_submit_annual_plan();
    c->set_year(request->year());
    c->set_provider_organization(actor.organization());
    *c->mutable_items() = request->items();
    return RunPlanCommand(*runtime_, actor, command, request->request_id(),
                          request->year(), actor.organization(), response);
  });
}

grpc::Status ProviderServiceImpl::LinkPlanItem(
    grpc::ServerContext* context, const pbv1::LinkPlanItemRequest* request,
    pbv1::LinkPlanItemResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    auto* c = command.mutable_link_plan_item();
    c->set_year(request->year());
    c->set_provider_organization(actor.organization());
    c->set_item_id(request->item_id());
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_unlink(request->unlink());
    return RunPlanCommand(*runtime_, actor, command, request->request_id(),
                          request->year(), actor.organization(), response);
  });
}

grpc::Status ReviewerServiceImpl::OpenAnnualPlanYear(
    grpc::ServerContext* context,
    const pbv1::OpenAnnualPlanYearRequest* request,
    pbv1::OpenAnnualPlanYearResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.mutable_open_annual_plan_year()->set_year(request->year());
    return RunCityPlanCommand(*runtime_, actor, command, request->request_id(),
                              request->year(), response);
  });
}

grpc::Status ReviewerServiceImpl::ApproveAnnualPlan(
    grpc::ServerContext* context, const pbv1::ApproveAnnualPlanRequest* request,
    pbv1::ApproveAnnualPlanResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_approve_annual_plan();
    c->set_year(request->year());
    c->set_provider_organization(request->provider_organization());
    return RunPlanCommand(*runtime_, actor, command, request->request_id(),
                          request->year(), request->provider_organization(),
                          response);
  });
}

grpc::Status ReviewerServiceImpl::ReturnAnnualPlan(
    grpc::ServerContext* context, const pbv1::ReturnAnnualPlanRequest* request,
    pbv1::ReturnAnnualPlanResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_return_annual_plan();
    c->set_year(request->year());
    c->set_provider_organization(request->provider_organization());
    c->set_reasons(request->reasons());
    *c->mutable_item_reasons() = request->item_reasons();
    return RunPlanCommand(*runtime_, actor, command, request->request_id(),
                          request->year(), request->provider_organization(),
                          response);
  });
}

grpc::Status ReviewerServiceImpl::PublishCityPlan(
    grpc::ServerContext* context, const pbv1::PublishCityPlanRequest* request,
    pbv1::PublishCityPlanResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.mutable_publish_city_plan()->set_year(request->year());
    return RunCityPlanCommand(*runtime_, actor, command, request->request_id(),
                              request->year(), response);
  });
}

grpc::Status QueryServiceImpl::GetAnnualPlan(
    grpc::ServerContext* context, const pbv1::GetAnnualPlanRequest* request,
    pbv1::GetAnnualPlanResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            PlanReport report,
            runtime_->plan_queries().Get(actor, request->year(),
                                         request->provider_organization()));
        *response->mutable_plan() = std::move(report.plan);
        *response->mutable_fulfilment() = std::move(report.fulfilment);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListAnnualPlans(
    grpc::ServerContext* context, const pbv1::ListAnnualPlansRequest* request,
    pbv1::ListAnnualPlansResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        PlanListFilter filter;
        filter.year = request->year();
        filter.state = request->state();
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        ASSIGN_OR_RETURN(PlanPage page,
                         runtime_->plan_queries().List(actor, filter));
        for (pbv1::AnnualPlan& plan : page.plans)
          *response->add_plans() = std::move(plan);
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::GetCityPlan(
    grpc::ServerContext* context, const pbv1::GetCityPlanRequest* request,
    pbv1::GetCityPlanResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            CityPlanReport report,
            runtime_->plan_queries().GetCity(actor, request->year()));
        *response->mutable_city_plan() = std::move(report.city_plan);
        *response->mutable_fulfilment() = std::move(report.fulfilment);
        return absl::OkStatus();
      });
}

}  // namespace opendata
