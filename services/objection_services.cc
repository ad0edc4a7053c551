// The objection workflow's RPCs (Art. 19): UserService.FileObjection /
// WithdrawObjection / ListMyObjections, ReviewerService.VerifyObjection /
// ListPendingObjections and ProviderService.AnswerObjection /
// ListReceivedObjections. Translation only; the rules are in the objection
// decider. Thread-safety: stateless beyond the shared runtime.
#include "common/status_macros.h"
#include "services/catalog_services.h"
#include "services/user_service.h"

namespace opendata {

namespace {

// Runs a command on objection `number` of an entry and fills a response with
// the objection (as the actor now sees it) and the receipt.
template <typename Response>
absl::Status RunObjectionCommand(const ServiceRuntime& runtime,
                                 const pbv1::Actor& actor,
                                 const pbv1::Command& command,
                                 const std::string& request_id,
                                 const std::string& entry_id, int32_t number,
                                 Response* response) {
  ASSIGN_OR_RETURN(CommandOutcome outcome,
                   runtime.Execute(command, actor, request_id));
  ASSIGN_OR_RETURN(*response->mutable_objection(),
                   runtime.objection_queries().Get(actor, entry_id, number));
  *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
  return absl::OkStatus();
}

template <typename Response>
void FillPage(ObjectionPage page, Response* response) {
  for (pbv1::Objection& o : page.objections)
    *response->add_objections() = std::move(o);
  response->set_next_page_token(page.next_page_token);
}

}  // namespace

grpc::Status UserServiceImpl::FileObjection(
    grpc::ServerContext* context, const pbv1::FileObjectionRequest* request,
    pbv1::FileObjectionResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        pbv1::Command command;
        *command.mutable_file_objection() = request->objection();
        ASSIGN_OR_RETURN(
            CommandOutcome outcome,
            runtime_->Execute(command, actor, request->request_id()));
        ASSIGN_OR_RETURN(*response->mutable_objection(),
                         runtime_->objection_queries().LatestOfMine(
                             actor, request->objection().catalog_entry_id()));
        *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
        return absl::OkStatus();
      });
}

grpc::Status UserServiceImpl::WithdrawObjection(
    grpc::ServerContext* context, const pbv1::WithdrawObjectionRequest* request,
    pbv1::WithdrawObjectionResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    auto* c = command.mutable_withdraw_objection();
    c->set_catalog_entry_id(request->catalog_entry_id());
    c->set_objection(request->objection());
    return RunObjectionCommand(*runtime_, actor, command, request->request_id(),
                               request->catalog_entry_id(),
                               request->objection(), response);
  });
}

grpc::Status UserServiceImpl::ListMyObjections(
    grpc::ServerContext* context, const pbv1::ListMyObjectionsRequest* request,
    pbv1::ListMyObjectionsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(ObjectionPage page, runtime_->objection_queries().Mine(
                                                 actor, request->page_size(),
                                                 request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status ReviewerServiceImpl::VerifyObjection(
    grpc::ServerContext* context, const pbv1::VerifyObjectionRequest* request,
    pbv1::VerifyObjectionResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    *command.mutable_verify_objection() = request->verification();
    return RunObjectionCommand(*runtime_, actor, command, request->request_id(),
                               request->verification().catalog_entry_id(),
                               request->verification().objection(), response);
  });
}

grpc::Status ReviewerServiceImpl::ListPendingObjections(
    grpc::ServerContext* context,
    const pbv1::ListPendingObjectionsRequest* request,
    pbv1::ListPendingObjectionsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            ObjectionPage page,
            runtime_->objection_queries().Pending(actor, request->page_size(),
                                                  request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

grpc::Status ProviderServiceImpl::AnswerObjection(
    grpc::ServerContext* context, const pbv1::AnswerObjectionRequest* request,
    pbv1::AnswerObjectionResponse* response) {
  return runtime_->Handle(context, [&](const pbv1::Actor& actor) {
    pbv1::Command command;
    *command.mutable_answer_objection() = request->answer();
    return RunObjectionCommand(*runtime_, actor, command, request->request_id(),
                               request->answer().catalog_entry_id(),
                               request->answer().objection(), response);
  });
}

grpc::Status ProviderServiceImpl::ListReceivedObjections(
    grpc::ServerContext* context,
    const pbv1::ListReceivedObjectionsRequest* request,
    pbv1::ListReceivedObjectionsResponse* response) {
  return runtime_->Handle(
      context, [&](const pbv1::Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            ObjectionPage page,
            runtime_->objection_queries().Received(actor, request->page_size(),
                                                   request->page_token()));
        FillPage(std::move(page), response);
        return absl::OkStatus();
      });
}

}  // namespace opendata
