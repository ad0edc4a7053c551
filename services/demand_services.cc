// The unopened-data demand RPCs (Art. 18, annex 7) of UserService (submit,
// withdraw, get and list the caller's own), ReviewerService (formal review,
// forwarding, the demand queue, public calls), ProviderService (answer, link
// the published entry, list forwarded demands) and QueryService (public
// calls), declared in user_service.h and catalog_services.h. Translation only;
// the rules are in the demand decider and DemandQueries. Thread-safety:
// stateless beyond the shared runtime; safe for concurrent handlers.
#include "common/status_macros.h"
#include "engine/authz.h"
#include "services/catalog_services.h"
#include "services/user_service.h"

namespace opendata {

namespace {

// Runs a command on one demand and fills a response with the demand (as the
// actor now sees it) and the receipt.
template <typename Response>
absl::Status RunDemandCommand(const ServiceRuntime& runtime,
                              const pbv1::Actor& actor,
                              const pbv1::Command& command,
                              const std::string& request_id,
                              const std::string& demand_id,
                              Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(*response->mutable_demand(),
                   runtime.demand_queries().Get(actor, demand_id));
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

// Runs a command on one public call and fills a response with the call and
// the receipt.
template <typename Response>
absl::Status RunCallCommand(const ServiceRuntime& runtime,
                            const pbv1::Actor& actor,
                            const pbv1::Command& command,
                            const std::string& request_id,
                            const std::string& call_id, Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(
      *response->mutable_call(),
      runtime.demand_queries().GetCall(call_id, runtime.clock().Now()));
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

// Fills a list response from a page.
template <typename Response>
void FillPage(DemandPage page, Response* response) {
  for (auto& demand : page.demands) {
    *response->add_demands() = std::move(demand);
  }
  response->set_next_page_token(page.next_page_token);
}

}  // namespace

grpc::Status UserServiceImpl::SubmitDemand(
    grpc::ServerContext* context, const pbv1::SubmitDemandRequest* request,
    pbv1::SubmitDemandResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    auto* c = command.mutable_submit_demand();
    c->set_demand_id(request->demand_id());
    *c->mutable_form() = request->form();
    c->set_call_id(request->call_id());
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status UserServiceImpl::WithdrawDemand(
    grpc::ServerContext* context, const pbv1::WithdrawDemandRequest* request,
    pbv1::WithdrawDemandResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_withdraw_demand()->set_demand_id(request->demand_id());
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status UserServiceImpl::GetDemand(grpc::ServerContext* context,
                                        const pbv1::GetDemandRequest* request,
                                        pbv1::GetDemandResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(RequireRole(actor, pbv1::ROLE_USER));
        ASSIGN_OR_RETURN(
            *response->mutable_demand(),
            runtime_->demand_queries().Get(actor, request->demand_id()));
        return absl::OkStatus();
      });
}

grpc::Status UserServiceImpl::ListDemands(
    grpc::ServerContext* context, const pbv1::ListDemandsRequest* request,
    pbv1::ListDemandsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(DemandPage page, runtime_->demand_queries().ListOwn(
                                              actor, request->page_size(),
                                              request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status ReviewerServiceImpl::PassDemandFormalReview(
    grpc::ServerContext* context,
    const pbv1::PassDemandFormalReviewRequest* request,
    pbv1::PassDemandFormalReviewResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_pass_demand_formal_review();
    c->set_demand_id(request->demand_id());
    c->set_remark(request->remark());
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::FailDemandFormalReview(
    grpc::ServerContext* context,
    const pbv1::FailDemandFormalReviewRequest* request,
    pbv1::FailDemandFormalReviewResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_fail_demand_formal_review();
    c->set_demand_id(request->demand_id());
    *c->mutable_defects() = request->defects();
    c->set_remark(request->remark());
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ForwardDemand(
    grpc::ServerContext* context, const pbv1::ForwardDemandRequest* request,
    pbv1::ForwardDemandResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_forward_demand();
    c->set_demand_id(request->demand_id());
    c->set_provider_organization(request->provider_organization());
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ListDemandQueue(
    grpc::ServerContext* context, const pbv1::ListDemandQueueRequest* request,
    pbv1::ListDemandQueueResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(DemandPage page, runtime_->demand_queries().ListQueue(
                                              actor, request->page_size(),
                                              request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status ReviewerServiceImpl::OpenDemandCall(
    grpc::ServerContext* context, const pbv1::OpenDemandCallRequest* request,
    pbv1::OpenDemandCallResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    auto* c = command.mutable_open_demand_call();
    c->set_call_id(request->call_id());
    c->set_title(request->title());
    c->set_description(request->description());
    *c->mutable_domains() = request->domains();
    if (request->has_start_time()) {
      *c->mutable_start_time() = request->start_time();
    }
    if (request->has_end_time()) *c->mutable_end_time() = request->end_time();
    return RunCallCommand(*runtime_, actor, command, request->request_id(),
                          request->call_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::CloseDemandCall(
    grpc::ServerContext* context, const pbv1::CloseDemandCallRequest* request,
    pbv1::CloseDemandCallResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_close_demand_call();
    c->set_call_id(request->call_id());
    c->set_reason(request->reason());
    return RunCallCommand(*runtime_, actor, command, request->request_id(),
                          request->call_id(), response);
  });
}

grpc::Status ProviderServiceImpl::AnswerDemand(
    grpc::ServerContext* context, const pbv1::AnswerDemandRequest* request,
    pbv1::AnswerDemandResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_answer_demand();
    c->set_demand_id(request->demand_id());
    c->set_answer(request->answer());
    c->set_planned_catalog_entry_id(request->planned_catalog_entry_id());
    *c->mutable_reasons() = request->reasons();
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status ProviderServiceImpl::LinkDemandEntry(
    grpc::ServerContext* context, const pbv1::LinkDemandEntryRequest* request,
    pbv1::LinkDemandEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_link_demand_entry();
    c->set_demand_id(request->demand_id());
    c->set_catalog_entry_id(request->catalog_entry_id());
    return RunDemandCommand(*runtime_, actor, command, request->request_id(),
                            request->demand_id(), response);
  });
}

grpc::Status ProviderServiceImpl::ListForwardedDemands(
    grpc::ServerContext* context,
    const pbv1::ListForwardedDemandsRequest* request,
    pbv1::ListForwardedDemandsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            DemandPage page,
            runtime_->demand_queries().ListForwarded(
                actor, request->page_size(), request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListDemandCalls(
    grpc::ServerContext* context, const pbv1::ListDemandCallsRequest* request,
    pbv1::ListDemandCallsResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor&) -> absl::Status {
    ASSIGN_OR_RETURN(DemandCallPage page,
                     runtime_->demand_queries().ListCalls(
                         runtime_->clock().Now(), request->page_size(),
                         request->page_token()));
    for (auto& call : page.calls) *response->add_calls() = std::move(call);
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status QueryServiceImpl::GetDemandCall(
    grpc::ServerContext* context, const pbv1::GetDemandCallRequest* request,
    pbv1::GetDemandCallResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor&) -> absl::Status {
    ASSIGN_OR_RETURN(*response->mutable_call(),
                     runtime_->demand_queries().GetCall(
                         request->call_id(), runtime_->clock().Now()));
    return absl::OkStatus();
  });
}

}  // namespace opendata
