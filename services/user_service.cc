// Implementation of user_service.h.
#include "services/user_service.h"

#include "common/status_macros.h"
#include "engine/authz.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

grpc::Status UserServiceImpl::GetIdentity(grpc::ServerContext* context,
                                          const pb::GetIdentityRequest*,
                                          pb::GetIdentityResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    *response->mutable_actor() = actor;
    return absl::OkStatus();
  });
}

grpc::Status UserServiceImpl::SubmitApplication(
    grpc::ServerContext* context, const pb::SubmitApplicationRequest* request,
    pb::SubmitApplicationResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    // Only a user's application asks the registry; the engine refuses the
    // others before looking at the answer.
    pb::Command command;
    auto* c = command.mutable_submit_application();
    c->set_application_id(request->application_id());
    c->set_catalog_entry_id(request->catalog_entry_id());
    *c->mutable_form() = request->form();
    if (actor.role() == pb::ROLE_USER) {
      ASSIGN_OR_RETURN(
          *c->mutable_credit_check(),
          credit_->Check(CreditParties(actor), runtime_->clock().Now()));
    }
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::WithdrawApplication(
    grpc::ServerContext* context, const pb::WithdrawApplicationRequest* request,
    pb::WithdrawApplicationResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_withdraw_application()->set_application_id(
        request->application_id());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::SignAgreement(
    grpc::ServerContext* context, const pb::SignAgreementRequest* request,
    pb::SignAgreementResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_USER));
    pb::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_sign_agreement()->set_application_id(
        request->application_id());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::ApplyForRenewal(
    grpc::ServerContext* context, const pb::ApplyForRenewalRequest* request,
    pb::ApplyForRenewalResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_apply_for_renewal();
    c->set_application_id(request->application_id());
    c->set_new_use_end_date(request->new_use_end_date());
    c->set_reasons(request->reasons());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::AttestDestruction(
    grpc::ServerContext* context, const pb::AttestDestructionRequest* request,
    pb::AttestDestructionResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_attest_destruction();
    c->set_application_id(request->application_id());
    c->set_method_used(request->method_used());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::FileUsageReport(
    grpc::ServerContext* context, const pb::FileUsageReportRequest* request,
    pb::FileUsageReportResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_file_usage_report();
    c->set_application_id(request->application_id());
    c->set_text(request->text());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::FileResultReport(
    grpc::ServerContext* context, const pb::FileResultReportRequest* request,
    pb::FileResultReportResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) {
    pb::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_file_result_report();
    c->set_application_id(request->application_id());
    c->set_text(request->text());
    return RunApplicationCommand(*runtime_, actor, command,
                                 request->request_id(),
                                 request->application_id(), response);
  });
}

grpc::Status UserServiceImpl::ListGrants(grpc::ServerContext* context,
                                         const pb::ListGrantsRequest*,
                                         pb::ListGrantsResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<pb::AccessGrant> grants,
                     runtime_->application_queries().Grants(actor));
    for (pb::AccessGrant& g : grants) *response->add_grants() = std::move(g);
    return absl::OkStatus();
  });
}

grpc::Status UserServiceImpl::CheckAccess(grpc::ServerContext* context,
                                          const pb::CheckAccessRequest* request,
                                          pb::CheckAccessResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(*response->mutable_decision(),
                     runtime_->access_queries().Check(
                         actor, request->catalog_entry_id(),
                         request->service_mode(), runtime_->clock().Now()));
    return absl::OkStatus();
  });
}

}  // namespace opendata
