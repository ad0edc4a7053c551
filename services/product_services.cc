// The data product RPCs (Art. 20) of UserService (submit, revise, withdraw,
// unlist, list mine), ReviewerService (screen, delist, screening queue) and
// QueryService (public list, get one), declared in user_service.h and
// catalog_services.h. Translation only; the rules are in the product decider
// and ProductQueries. Thread-safety: stateless beyond the shared runtime.
#include "common/status_macros.h"
#include "engine/authz.h"
#include "services/catalog_services.h"
#include "services/user_service.h"

namespace opendata {

namespace {

// Runs a command on one product and fills a response with the product (as
// the actor now sees it) and the receipt.
template <typename Response>
absl::Status RunProductCommand(const ServiceRuntime& runtime,
                               const pbv1::Actor& actor,
                               const pbv1::Command& command,
                               const std::string& request_id,
                               const std::string& product_id,
                               Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(*response->mutable_product(),
                   runtime.product_queries().Get(actor, product_id));
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

// Copies a page into a list response.
template <typename Response>
void FillPage(ProductPage page, Response* response) {
  for (pbv1::Product& product : page.products) {
    *response->add_products() = std::move(product);
  }
  response->set_next_page_token(page.next_page_token);
}

}  // namespace

grpc::Status UserServiceImpl::SubmitProduct(
    grpc::ServerContext* context, const pbv1::SubmitProductRequest* request,
    pbv1::SubmitProductResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    auto* c = command.mutable_submit_product();
    c->set_product_id(request->product_id());
    *c->mutable_content() = request->content();
    return RunProductCommand(*runtime_, actor, command, request->request_id(),
                             request->product_id(), response);
  });
}

grpc::Status UserServiceImpl::ReviseProduct(
    grpc::ServerContext* context, const pbv1::ReviseProductRequest* request,
    pbv1::ReviseProductResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    auto* c = command.mutable_revise_product();
    c->set_product_id(request->product_id());
    *c->mutable_content() = request->content();
    return RunProductCommand(*runtime_, actor, command, request->request_id(),
                             request->product_id(), response);
  });
}

grpc::Status UserServiceImpl::WithdrawProduct(
    grpc::ServerContext* context, const pbv1::WithdrawProductRequest* request,
    pbv1::WithdrawProductResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_withdraw_product()->set_product_id(request->product_id());
    return RunProductCommand(*runtime_, actor, command, request->request_id(),
                             request->product_id(), response);
  });
}

grpc::Status UserServiceImpl::UnlistProduct(
    grpc::ServerContext* context, const pbv1::UnlistProductRequest* request,
    pbv1::UnlistProductResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    command.set_expected_version(request->expected_version());
    command.mutable_unlist_product()->set_product_id(request->product_id());
    return RunProductCommand(*runtime_, actor, command, request->request_id(),
                             request->product_id(), response);
  });
}

grpc::Status UserServiceImpl::ListMyProducts(
    grpc::ServerContext* context, const pbv1::ListMyProductsRequest* request,
    pbv1::ListMyProductsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(ProductPage page, runtime_->product_queries().Mine(
                                               actor, request->page_size(),
                                               request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status ReviewerServiceImpl::ScreenProduct(
    grpc::ServerContext* context, const pbv1::ScreenProductRequest* request,
    pbv1::ScreenProductResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(RequireRole(actor, pbv1::ROLE_REVIEWER));
        pbv1::Command command;
        command.set_expected_version(request->expected_version());
        auto* c = command.mutable_screen_product();
        c->set_product_id(request->product_id());
        c->set_outcome(request->outcome());
        *c->mutable_reasons() = request->reasons();
        return RunProductCommand(*runtime_, actor, command,
                                 request->request_id(), request->product_id(),
                                 response);
      });
}

grpc::Status ReviewerServiceImpl::DelistProduct(
    grpc::ServerContext* context, const pbv1::DelistProductRequest* request,
    pbv1::DelistProductResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(RequireRole(actor, pbv1::ROLE_REVIEWER));
        pbv1::Command command;
        command.set_expected_version(request->expected_version());
        auto* c = command.mutable_delist_product();
        c->set_product_id(request->product_id());
        *c->mutable_reasons() = request->reasons();
        return RunProductCommand(*runtime_, actor, command,
                                 request->request_id(), request->product_id(),
                                 response);
      });
}

grpc::Status ReviewerServiceImpl::ListProductScreeningQueue(
    grpc::ServerContext* context,
    const pbv1::ListProductScreeningQueueRequest* request,
    pbv1::ListProductScreeningQueueResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            ProductPage page,
            runtime_->product_queries().ScreeningQueue(
                actor, request->page_size(), request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status QueryServiceImpl::ListProducts(
    grpc::ServerContext* context, const pbv1::ListProductsRequest* request,
    pbv1::ListProductsResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor&) -> absl::Status {
    ProductFilter filter;
    filter.catalog_entry_id = request->catalog_entry_id();
    filter.form = request->form();
    filter.by_name = request->order() == pbv1::PRODUCT_ORDER_NAME;
    ASSIGN_OR_RETURN(ProductPage page,
                     runtime_->product_queries().Listed(
                         filter, request->page_size(), request->page_token()));
    FillPage(std::move(page), response);
    return absl::OkStatus();
  });
}

grpc::Status QueryServiceImpl::GetProduct(
    grpc::ServerContext* context, const pbv1::GetProductRequest* request,
    pbv1::GetProductResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            *response->mutable_product(),
            runtime_->product_queries().Get(actor, request->product_id()));
        return absl::OkStatus();
      });
}

}  // namespace opendata
