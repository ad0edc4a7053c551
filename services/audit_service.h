// AuditServiceImpl: the gRPC face of oversight of the log itself. The receipt
// RPCs (GetEventReceipt, GetCheckpointPublicKey, GetLatestCheckpoint) are in
// audit_receipts.cc: signed checkpoints from the Checkpointer and inclusion
// proofs from its Merkle node cache. Thread-safety: stateless beyond the
// shared runtime, store and checkpointer; safe for concurrent handlers.
#ifndef OPENDATA_SERVICES_AUDIT_SERVICE_H_
#define OPENDATA_SERVICES_AUDIT_SERVICE_H_

#include "jining/opendata/v1/audit_service.grpc.pb.h"
#include "services/service_runtime.h"
#include "storage/checkpointer.h"
#include "storage/rocks_event_store.h"

namespace opendata {

class AuditServiceImpl final
    : public jining::opendata::v1::AuditService::Service {
 public:
  AuditServiceImpl(const ServiceRuntime* runtime, RocksEventStore* store,
                   Checkpointer* checkpointer)
      : runtime_(runtime), store_(store), checkpointer_(checkpointer) {}

  // Receipts and signed checkpoints (audit_receipts.cc).
  grpc::Status GetEventReceipt(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetEventReceiptRequest* request,
      jining::opendata::v1::GetEventReceiptResponse* response) override;
  grpc::Status GetCheckpointPublicKey(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetCheckpointPublicKeyRequest* request,
      jining::opendata::v1::GetCheckpointPublicKeyResponse* response) override;
  grpc::Status GetLatestCheckpoint(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetLatestCheckpointRequest* request,
      jining::opendata::v1::GetLatestCheckpointResponse* response) override;

 private:
  const ServiceRuntime* runtime_;
  RocksEventStore* store_;
  Checkpointer* checkpointer_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_AUDIT_SERVICE_H_
