// AuditServiceImpl's receipt RPCs (audit_service.h): event receipts, the
// checkpoint public key and the latest signed checkpoint.
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/receipt_access.h"
#include "services/audit_service.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

grpc::Status AuditServiceImpl::GetEventReceipt(
    grpc::ServerContext* context, const pb::GetEventReceiptRequest* request,
    pb::GetEventReceiptResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    const uint64_t sequence = request->sequence();
    if (sequence == 0) {
      return InvalidArgument("RECEIPT_REQUEST_INVALID",
                             {{"sequence", "an event sequence, from 1"}});
    }
    ASSIGN_OR_RETURN(std::optional<pb::StoredEvent> stored,
                     store_->ReadStoredEvent(sequence));
    if (!stored.has_value()) {
      return MakeError(absl::StatusCode::kNotFound, "EVENT_NOT_FOUND",
                       absl::StrCat("the log has no event ", sequence),
                       {{"sequence", absl::StrCat(sequence)}});
    }
    pb::EventEnvelope envelope;
    envelope.ParseFromString(stored->envelope());
    RETURN_IF_ERROR(RequireReceiptAccess(actor, envelope));
    ASSIGN_OR_RETURN(pb::SignedCheckpoint checkpoint,
                     checkpointer_->Covering(sequence));
    ASSIGN_OR_RETURN(
        std::vector<std::string> proof,
        checkpointer_->InclusionProof(sequence - 1, checkpoint.tree_size()));
    response->set_sequence(sequence);
    response->set_stored_envelope(stored->envelope());
    response->set_event_hash(stored->hash());
    *response->mutable_checkpoint() = std::move(checkpoint);
    response->set_leaf_index(sequence - 1);
    for (std::string& hash : proof)
      response->add_inclusion_proof(std::move(hash));
    return absl::OkStatus();
  });
}

grpc::Status AuditServiceImpl::GetCheckpointPublicKey(
    grpc::ServerContext* context, const pb::GetCheckpointPublicKeyRequest*,
    pb::GetCheckpointPublicKeyResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor&) -> absl::Status {
    const Ed25519Signer& signer = checkpointer_->signer();
    response->set_public_key_pem(signer.public_key_pem());
    response->set_public_key(signer.raw_public_key());
    response->set_key_id(signer.key_id());
    return absl::OkStatus();
  });
}

grpc::Status AuditServiceImpl::GetLatestCheckpoint(
    grpc::ServerContext* context, const pb::GetLatestCheckpointRequest*,
    pb::GetLatestCheckpointResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor&) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<pb::SignedCheckpoint> latest,
                     checkpointer_->Latest());
    if (latest.has_value()) *response->mutable_checkpoint() = *latest;
    return absl::OkStatus();
  });
}

}  // namespace opendata
