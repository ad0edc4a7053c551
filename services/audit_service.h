// AuditServiceImpl: the gRPC face of oversight of the event log — stream
// history, filtered log reads, the live log subscription and hash-chain
// verification (audit_service.cc), and the receipt RPCs (GetEventReceipt,
// GetCheckpointPublicKey, GetLatestCheckpoint; audit_receipts.cc): signed
// checkpoints from the Checkpointer and inclusion proofs from its Merkle node
// cache. Translates and delegates: who may read and what a filter means live
// in the engine (engine/query/audit_log_queries.h, engine/receipt_access.h);
// the chain is verified by the store (RocksEventStore::VerifyChain).
// Thread-safety: stateless beyond the shared runtime, the thread-safe store and
// checkpointer; safe for the sync server's concurrent handlers.
#ifndef OPENDATA_SERVICES_AUDIT_SERVICE_H_
#define OPENDATA_SERVICES_AUDIT_SERVICE_H_

#include "absl/time/time.h"
#include "engine/query/audit_log_queries.h"
#include "jining/opendata/v1/audit_service.grpc.pb.h"
#include "services/service_runtime.h"
#include "storage/checkpointer.h"
#include "storage/rocks_event_store.h"

namespace opendata {

class AuditServiceImpl final
    : public jining::opendata::v1::AuditService::Service {
 public:
  // `runtime`, `store` and `checkpointer` must outlive the service;
  // SubscribeLog sends a heartbeat every `heartbeat_interval`.
  AuditServiceImpl(const ServiceRuntime* runtime, RocksEventStore* store,
                   Checkpointer* checkpointer,
                   absl::Duration heartbeat_interval)
      : runtime_(runtime),
        store_(store),
        checkpointer_(checkpointer),
        queries_(store),
        heartbeat_interval_(heartbeat_interval) {}

  // Log reads (audit_service.cc).

  grpc::Status GetStreamHistory(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetStreamHistoryRequest* request,
      jining::opendata::v1::GetStreamHistoryResponse* response) override;
  grpc::Status ReadLog(
      grpc::ServerContext* context,
      const jining::opendata::v1::ReadLogRequest* request,
      jining::opendata::v1::ReadLogResponse* response) override;
  grpc::Status SubscribeLog(
      grpc::ServerContext* context,
      const jining::opendata::v1::SubscribeLogRequest* request,
      grpc::ServerWriter<jining::opendata::v1::SubscribeLogResponse>* writer)
      override;
  grpc::Status VerifyChain(
      grpc::ServerContext* context,
      const jining::opendata::v1::VerifyChainRequest* request,
      jining::opendata::v1::VerifyChainResponse* response) override;

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
  AuditLogQueries queries_;
  absl::Duration heartbeat_interval_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_AUDIT_SERVICE_H_
