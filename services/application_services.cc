// The conditional application RPCs of ProviderService (approve, refuse, sign,
// renewals, revoke), ReviewerService (formal review, revoke) and QueryService
// (GetApplication, ListApplications), declared in catalog_services.h (Art.
// 16-17, annex 5). Translation only; the rules are in the application
// decider and ApplicationQueries.
#include "common/status_macros.h"
#include "engine/authz.h"
#include "services/catalog_services.h"
#include "services/user_service.h"

namespace opendata {

namespace {

// RevokeGrant for the provider's and the reviewer's RPC alike: the same
// command, the caller's role required as the service's audience.
template <typename Request, typename Response>
grpc::Status RevokeAs(const ServiceRuntime& runtime, pbv1::Role role,
                      grpc::ServerContext* context, const Request& request,
                      Response* response) {
  return runtime.Handle(context, [&](const pbv1::Actor& actor) -> absl::Status {
    RETURN_IF_ERROR(RequireRole(actor, role));
    pbv1::Command command;
    command.set_expected_version(request.expected_version());
    auto* c = command.mutable_revoke_grant();
    c->set_application_id(request.application_id());
    c->set_reason(request.reason());
    c->set_text(request.text());
    return RunApplicationCommand(runtime, actor, command, request.request_id(),
                                 request.application_id(), response);
  });
}

}  // namespace

grpc::Status ProviderServiceImpl::ApproveApplication(
    grpc::ServerContext* context,
    const pbv1::ApproveApplicationRequest* request,
    pbv1::ApproveApplicationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_approve_application();
    c->set_application_id(request->application_id());
    c->set_destruction_days(request->destruction_days());
    c->set_destruction_method(request->destruction_method());
    c->set_result_report_months(request->result_report_months());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status ProviderServiceImpl::RefuseApplication(
    grpc::ServerContext* context, const pbv1::RefuseApplicationRequest* request,
    pbv1::RefuseApplicationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_refuse_application();
    c->set_application_id(request->application_id());
    *c->mutable_reasons() = request->reasons();
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status ProviderServiceImpl::SignApplicationAgreement(
    grpc::ServerContext* context,
    const pbv1::SignApplicationAgreementRequest* request,
    pbv1::SignApplicationAgreementResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(RequireRole(actor, pbv1::ROLE_PROVIDER));
        pbv1::Command command;
        command.set_expected_version(request->expected_version());
        command.mutable_sign_agreement()->set_application_id(
            request->application_id());
        return RunApplicationCommand(*runtime_, actor, command,
                                     request->request_id(),
                                     request->application_id(), response);
      });
}

grpc::Status ProviderServiceImpl::ApproveRenewal(
    grpc::ServerContext* context, const pbv1::ApproveRenewalRequest* request,
    pbv1::ApproveRenewalResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_approve_renewal()->set_application_id(
        request->application_id());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status ProviderServiceImpl::RefuseRenewal(
    grpc::ServerContext* context, const pbv1::RefuseRenewalRequest* request,
    pbv1::RefuseRenewalResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_refuse_renewal();
    c->set_application_id(request->application_id());
    c->set_reasons(request->reasons());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status ProviderServiceImpl::RevokeGrant(
    grpc::ServerContext* context, const pbv1::RevokeGrantRequest* request,
    pbv1::RevokeGrantResponse* response) {
  return RevokeAs(*runtime_, pbv1::ROLE_PROVIDER, context, *request, response);
}

grpc::Status ReviewerServiceImpl::PassApplicationFormalReview(
    grpc::ServerContext* context,
    const pbv1::PassApplicationFormalReviewRequest* request,
    pbv1::PassApplicationFormalReviewResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_pass_application_formal_review()->set_application_id(
        request->application_id());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::FailApplicationFormalReview(
    grpc::ServerContext* context,
    const pbv1::FailApplicationFormalReviewRequest* request,
    pbv1::FailApplicationFormalReviewResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_fail_application_formal_review();
    c->set_application_id(request->application_id());
    *c->mutable_defects() = request->defects();
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::RevokeAccessGrant(
    grpc::ServerContext* context, const pbv1::RevokeAccessGrantRequest* request,
    pbv1::RevokeAccessGrantResponse* response) {
  return RevokeAs(*runtime_, pbv1::ROLE_REVIEWER, context, *request, response);
}

grpc::Status QueryServiceImpl::GetApplication(
    grpc::ServerContext* context, const pbv1::GetApplicationRequest* request,
    pbv1::GetApplicationResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response->mutable_application(),
                         runtime_->application_queries().Get(
                             actor, request->application_id()));
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListApplications(
    grpc::ServerContext* context, const pbv1::ListApplicationsRequest* request,
    pbv1::ListApplicationsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            ApplicationPage page,
            runtime_->application_queries().List(actor, request->page_size(),
                                                 request->page_token()));
        for (auto& app : page.applications) {
          *response->add_applications() = std::move(app);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace opendata
