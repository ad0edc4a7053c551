// AdminService.ShredSubjectKey, declared in admin_service.h: crypto-shredding
// of a subject's personal information (docs/architecture.md "Personal
// information"). Translation only; who may and what is recorded is in
// engine/personal_info/subject_key_decider.h, and the pipeline deletes the key
// with the event. Thread-safety: stateless; safe for concurrent handlers.
#include "common/status_macros.h"
#include "services/admin_service.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

grpc::Status AdminServiceImpl::ShredSubjectKey(
    grpc::ServerContext* context, const pb::ShredSubjectKeyRequest* request,
    pb::ShredSubjectKeyResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    pb::Command command;
    auto* c = command.mutable_shred_subject_key();
    c->set_subject(request->subject());
    c->set_reason(request->reason());
    ASSIGN_OR_RETURN(const CommandOutcome outcome,
                     runtime_->Execute(command, actor, request->request_id()));
    *response->mutable_receipt() = ServiceRuntime::Receipt(outcome);
    return absl::OkStatus();
  });
}

}  // namespace opendata
