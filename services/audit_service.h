// AuditServiceImpl: the gRPC face of the audit reads of the event log — stream
// history, filtered log reads, the live log subscription and hash-chain
// verification. Translates and delegates: who may read and what a filter
// means live in the engine (engine/query/audit_log_queries.h); the chain is
// verified by the store (RocksEventStore::VerifyChain).
// Thread-safety: stateless beyond the shared runtime and the thread-safe
// store; safe for the sync server's concurrent handlers.
#ifndef OPENDATA_SERVICES_AUDIT_SERVICE_H_
#define OPENDATA_SERVICES_AUDIT_SERVICE_H_

#include "absl/time/time.h"
#include "engine/query/audit_log_queries.h"
#include "jining/opendata/v1/audit_service.grpc.pb.h"
#include "services/service_runtime.h"
#include "storage/rocks_event_store.h"

namespace opendata {

class AuditServiceImpl final
    : public jining::opendata::v1::AuditService::Service {
 public:
  // `runtime` and `store` must outlive the service; SubscribeLog sends a
  // heartbeat every `heartbeat_interval`.
  AuditServiceImpl(const ServiceRuntime* runtime, RocksEventStore* store,
                   absl::Duration heartbeat_interval)
      : runtime_(runtime),
        store_(store),
        queries_(store),
        heartbeat_interval_(heartbeat_interval) {}

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

 private:
  const ServiceRuntime* runtime_;
  RocksEventStore* store_;
  AuditLogQueries queries_;
  absl::Duration heartbeat_interval_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_AUDIT_SERVICE_H_
