// The takedown workflow's RPCs (Art. 14), declared in catalog_services.h:
// ProviderService.RequestTakedown / ReportRemediation, ReviewerService.
// ApproveTakedown / RefuseTakedown / TakeDownForQuality / AcceptRemediation and
// QueryService.ListTakedownNotices. Translation only; the rules are in the
// catalog decider.
#include "common/status_macros.h"
#include "services/catalog_services.h"

namespace opendata {

grpc::Status ProviderServiceImpl::RequestTakedown(
    grpc::ServerContext* context, const pbv1::RequestTakedownRequest* request,
    pbv1::RequestTakedownResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_request_takedown();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::ReportRemediation(
    grpc::ServerContext* context, const pbv1::ReportRemediationRequest* request,
    pbv1::ReportRemediationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_report_remediation();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_notes(request->notes());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ApproveTakedown(
    grpc::ServerContext* context, const pbv1::ApproveTakedownRequest* request,
    pbv1::ApproveTakedownResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_approve_takedown()->set_catalog_entry_id(
        request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::RefuseTakedown(
    grpc::ServerContext* context, const pbv1::RefuseTakedownRequest* request,
    pbv1::RefuseTakedownResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_refuse_takedown();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::TakeDownForQuality(
    grpc::ServerContext* context,
    const pbv1::TakeDownForQualityRequest* request,
    pbv1::TakeDownForQualityResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_take_down_for_quality();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::AcceptRemediation(
    grpc::ServerContext* context, const pbv1::AcceptRemediationRequest* request,
    pbv1::AcceptRemediationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_accept_remediation()->set_catalog_entry_id(
        request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status QueryServiceImpl::ListTakedownNotices(
    grpc::ServerContext* context,
    const pbv1::ListTakedownNoticesRequest* request,
    pbv1::ListTakedownNoticesResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        TakedownNoticeFilter filter;
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        ASSIGN_OR_RETURN(TakedownNoticePage page,
                         runtime_->queries().TakedownNotices(actor, filter));
        for (const pbv1::CatalogEntry& entry : page.entries) {
          const pbv1::Takedown& t = entry.current_takedown();
          auto* n = response->add_notices();
          n->set_catalog_entry_id(entry.catalog_entry_id());
          n->set_name(entry.content().name());
          n->set_provider_organization(entry.provider_organization());
          n->set_level(entry.level());
          n->set_region(entry.region());
          n->set_takedown(t.number());
          n->set_reasons(t.reasons());
          *n->mutable_notice_start_time() = t.notice_start_time();
          *n->mutable_notice_end_time() = t.notice_end_time();
          n->set_notice_provisional(t.notice_provisional());
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace opendata
