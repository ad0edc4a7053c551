// The RPCs of the change workflows, declared in catalog_services.h: content
// changes of published entries (Art. 9), migration (Art. 13), the industry
// data entry (Art. 10(3)), takedown withdrawal and destruction (Art. 14), and
// QueryService.ListPendingChanges (the reviewers' work queue). Translation
// only; the rules are in the catalog decider. Thread-safety: as
// catalog_services.h.
#include "common/status_macros.h"
#include "common/time_util.h"
#include "services/catalog_services.h"

namespace opendata {

grpc::Status ProviderServiceImpl::ApplyForContentChange(
    grpc::ServerContext* context,
    const pbv1::ApplyForContentChangeRequest* request,
    pbv1::ApplyForContentChangeResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_apply_for_content_change();
    c->set_catalog_entry_id(request->catalog_entry_id());
    *c->mutable_content() = request->content();
    c->set_reasons(request->reasons());
    *c->mutable_basis_documents() = request->basis_documents();
    *c->mutable_opening_evidence() = request->opening_evidence();
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::RequestMigration(
    grpc::ServerContext* context, const pbv1::RequestMigrationRequest* request,
    pbv1::RequestMigrationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_request_migration();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_to_organization(request->to_organization());
    c->set_to_level(request->to_level());
    c->set_to_region(request->to_region());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::ConfirmMigration(
    grpc::ServerContext* context, const pbv1::ConfirmMigrationRequest* request,
    pbv1::ConfirmMigrationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_confirm_migration();
    c->set_catalog_entry_id(request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::DeclineMigration(
    grpc::ServerContext* context, const pbv1::DeclineMigrationRequest* request,
    pbv1::DeclineMigrationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_decline_migration();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::ApplyForIndustryEntry(
    grpc::ServerContext* context,
    const pbv1::ApplyForIndustryEntryRequest* request,
    pbv1::ApplyForIndustryEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_apply_for_industry_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    *c->mutable_content() = request->content();
    *c->mutable_declaration() = request->declaration();
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::WithdrawTakedown(
    grpc::ServerContext* context, const pbv1::WithdrawTakedownRequest* request,
    pbv1::WithdrawTakedownResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_withdraw_takedown();
    c->set_catalog_entry_id(request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ApproveContentChange(
    grpc::ServerContext* context,
    const pbv1::ApproveContentChangeRequest* request,
    pbv1::ApproveContentChangeResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_approve_content_change();
    c->set_catalog_entry_id(request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::RefuseContentChange(
    grpc::ServerContext* context,
    const pbv1::RefuseContentChangeRequest* request,
    pbv1::RefuseContentChangeResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_refuse_content_change();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ApproveMigration(
    grpc::ServerContext* context, const pbv1::ApproveMigrationRequest* request,
    pbv1::ApproveMigrationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_approve_migration();
    c->set_catalog_entry_id(request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::RefuseMigration(
    grpc::ServerContext* context, const pbv1::RefuseMigrationRequest* request,
    pbv1::RefuseMigrationResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_refuse_migration();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ApproveIndustryEntry(
    grpc::ServerContext* context,
    const pbv1::ApproveIndustryEntryRequest* request,
    pbv1::ApproveIndustryEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_approve_industry_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::RefuseIndustryEntry(
    grpc::ServerContext* context,
    const pbv1::RefuseIndustryEntryRequest* request,
    pbv1::RefuseIndustryEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_refuse_industry_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ReturnIndustryEntry(
    grpc::ServerContext* context,
    const pbv1::ReturnIndustryEntryRequest* request,
    pbv1::ReturnIndustryEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_return_industry_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::DestroyOpenCopy(
    grpc::ServerContext* context, const pbv1::DestroyOpenCopyRequest* request,
    pbv1::DestroyOpenCopyResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_destroy_open_copy();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_reasons(request->reasons());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status QueryServiceImpl::ListPendingChanges(
    grpc::ServerContext* context,
    const pbv1::ListPendingChangesRequest* request,
    pbv1::ListPendingChangesResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        PendingChangeFilter filter;
        filter.region = request->region();
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        ASSIGN_OR_RETURN(PendingChangePage page,
                         runtime_->queries().PendingChanges(actor, filter));
        for (PendingChangeItem& item : page.items) {
          auto* c = response->add_changes();
          c->set_kind(item.kind);
          *c->mutable_catalog_entry() = std::move(item.entry);
          c->set_decision_region(item.decision_region);
          *c->mutable_waiting_since() = ToProto(item.waiting_since);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace opendata
