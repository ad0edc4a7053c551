// Implementation of catalog_services.h.
#include "services/catalog_services.h"

#include "common/status_macros.h"

namespace opendata {

grpc::Status ProviderServiceImpl::CreateCatalogEntry(
    grpc::ServerContext* context,
    const pbv1::CreateCatalogEntryRequest* request,
    pbv1::CreateCatalogEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    auto* c = command.mutable_create_catalog_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    *c->mutable_content() = request->content();
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::UpdateCatalogEntry(
    grpc::ServerContext* context,
    const pbv1::UpdateCatalogEntryRequest* request,
    pbv1::UpdateCatalogEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_edit_catalog_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    *c->mutable_content() = request->content();
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ProviderServiceImpl::SubmitCatalogEntry(
    grpc::ServerContext* context,
    const pbv1::SubmitCatalogEntryRequest* request,
    pbv1::SubmitCatalogEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_submit_catalog_entry()->set_catalog_entry_id(
        request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::PublishCatalogEntry(
    grpc::ServerContext* context,
    const pbv1::PublishCatalogEntryRequest* request,
    pbv1::PublishCatalogEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_publish_catalog_entry()->set_catalog_entry_id(
        request->catalog_entry_id());
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status ReviewerServiceImpl::ReturnCatalogEntry(
    grpc::ServerContext* context,
    const pbv1::ReturnCatalogEntryRequest* request,
    pbv1::ReturnCatalogEntryResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_return_catalog_entry();
    c->set_catalog_entry_id(request->catalog_entry_id());
    *c->mutable_defects() = request->defects();
    return runtime_->RunCatalogCommand(actor, command, request->request_id(),
                                       request->catalog_entry_id(), response);
  });
}

grpc::Status QueryServiceImpl::GetCatalogEntry(
    grpc::ServerContext* context, const pbv1::GetCatalogEntryRequest* request,
    pbv1::CatalogEntry* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(*response, runtime_->queries().Get(
                                        actor, request->catalog_entry_id()));
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListCatalogEntries(
    grpc::ServerContext* context,
    const pbv1::ListCatalogEntriesRequest* request,
    pbv1::ListCatalogEntriesResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        CatalogListFilter filter;
        filter.provider_organization = request->provider_organization();
        filter.state = request->state();
        filter.open_attribute = request->open_attribute();
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        ASSIGN_OR_RETURN(CatalogPage page,
                         runtime_->queries().List(actor, filter));
        for (auto& entry : page.entries)
          *response->add_catalog_entries() = std::move(entry);
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListPendingReviews(
    grpc::ServerContext* context,
    const pbv1::ListPendingReviewsRequest* request,
    pbv1::ListPendingReviewsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        PendingReviewFilter filter;
        filter.region = request->region();
        filter.page_size = request->page_size();
        filter.page_token = request->page_token();
        ASSIGN_OR_RETURN(PendingReviewPage page,
                         runtime_->queries().PendingReviews(
                             actor, filter, runtime_->clock().Now()));
        for (const PendingReviewItem& item : page.items) {
          auto* r = response->add_reviews();
          r->set_catalog_entry_id(item.entry.catalog_entry_id());
          r->set_name(item.entry.content().name());
          r->set_provider_organization(item.entry.provider_organization());
          r->set_region(item.entry.region());
          r->set_submission(item.entry.submissions());
          *r->mutable_submit_time() = item.entry.submit_time();
          *r->mutable_review_due_time() = item.entry.review_due_time();
          r->set_review_due_provisional(item.entry.review_due_provisional());
          r->set_overdue(item.overdue);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace opendata
