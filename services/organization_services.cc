// The responsible persons RPCs (Art. 23), declared in catalog_services.h:
// ProviderService.SetResponsiblePersons (for the caller's organisation) and
// QueryService.GetOrganizationProfile. Translation only; the rules are in
// engine/organizations. Nothing here logs: the persons are personal data.
#include <utility>

#include "common/status_macros.h"
#include "services/catalog_services.h"

namespace opendata {

grpc::Status ProviderServiceImpl::SetResponsiblePersons(
    grpc::ServerContext* context,
    const pbv1::SetResponsiblePersonsRequest* request,
    pbv1::SetResponsiblePersonsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        pbv1::Command command;
        command.set_expected_version(request->expected_version());
        auto* c = command.mutable_set_responsible_persons();
        c->set_organization(actor.organization());
        *c->mutable_persons() = request->persons();
        ASSIGN_OR_RETURN(
            CommandOutcome outcome,
            runtime_->Execute(command, actor, request->request_id()));
        ASSIGN_OR_RETURN(
            pbv1::OrganizationProfile profile,
            runtime_->organization_queries().Get(actor, actor.organization()));
        *response->mutable_profile() = std::move(profile);
        *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::GetOrganizationProfile(
    grpc::ServerContext* context,
    const pbv1::GetOrganizationProfileRequest* request,
    pbv1::OrganizationProfile* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response, runtime_->organization_queries().Get(
                                        actor, request->organization()));
        return absl::OkStatus();
      });
}

}  // namespace opendata
