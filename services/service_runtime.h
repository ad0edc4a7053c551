// ServiceRuntime: what every gRPC service class shares — authentication, the
// command pipeline, the queries, the clock and request-id generation — and
// Handle(), the one path every RPC takes: refuse calls already cancelled or
// past their deadline, authenticate (bearer token, else a mapped client
// certificate), apply the rate limits, run the handler, map the status; and
// the shutdown signal long-running calls watch. Services stay
// thin translators around it. Thread-safety: all
// members are thread-safe; Handle may be called concurrently.
#ifndef OPENDATA_SERVICES_SERVICE_RUNTIME_H_
#define OPENDATA_SERVICES_SERVICE_RUNTIME_H_

#include <atomic>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "engine/access/access_decision.h"
#include "engine/calendar_source.h"
#include "engine/pipeline/command_pipeline.h"
#include "engine/query/application_queries.h"
#include "engine/query/catalog_queries.h"
#include "engine/query/deadline_queries.h"
#include "engine/query/demand_queries.h"
#include "engine/query/notification_queries.h"
#include "engine/query/objection_queries.h"
#include "engine/query/open_list_queries.h"
#include "engine/query/organization_queries.h"
#include "engine/query/plan_queries.h"
#include "engine/query/product_queries.h"
#include "engine/query/supervision_queries.h"
#include "engine/query/work_queue.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "jining/opendata/v1/common.pb.h"
#include "services/auth/client_certificates.h"
#include "services/authenticator.h"
#include "services/rate_limiter.h"

namespace opendata {

class ServiceRuntime {
 public:
  // What the runtime uses; every pointer must outlive it.
  struct Parts {
    const Authenticator* authenticator = nullptr;
    CommandPipeline* pipeline = nullptr;
    const CatalogQueries* queries = nullptr;
    const DeadlineQueries* deadline_queries = nullptr;
    const PlanQueries* plan_queries = nullptr;
    const OrganizationQueries* organization_queries = nullptr;
    const OpenListQueries* open_list_queries = nullptr;
    const ApplicationQueries* application_queries = nullptr;
    const AccessQueries* access_queries = nullptr;
    const NotificationQueries* notification_queries = nullptr;
    const ProductQueries* product_queries = nullptr;
    const ObjectionQueries* objection_queries = nullptr;
    const DemandQueries* demand_queries = nullptr;
    const SupervisionQueries* supervision_queries = nullptr;
    const WorkQueueQueries* work_queue_queries = nullptr;
    const CalendarSource* calendar = nullptr;
    const Clock* clock = nullptr;
    // Verified client certificate subjects -> actors; nullptr when the server
    // asks for no client certificates.
    const auth::ClientCertificateMap* client_certificates = nullptr;
    // Requests per authenticated subject; nullptr: no limit.
    RateLimiter* principal_limiter = nullptr;
    // Failed authentications per peer host; nullptr: no limit.
    RateLimiter* auth_failure_limiter = nullptr;
  };
  explicit ServiceRuntime(const Parts& parts) : parts_(parts) {}

  // Runs `handler` with the call's actor; maps any error to a rich
  // grpc::Status. Nothing runs (and nothing is written) if the call is already
  // cancelled (CANCELLED) or past its deadline (DEADLINE_EXCEEDED), if its peer
  // failed authentication too often or its subject sent too many requests
  // (RESOURCE_EXHAUSTED, RATE_LIMITED), or if authentication fails
  // (UNAUTHENTICATED). Authentication order: a bearer token, if the call has
  // an authorization header, decides alone (a client certificate then only
  // secures the transport); else a verified client certificate gives its
  // mapped actor (CERTIFICATE_NOT_MAPPED if it has none); else TOKEN_MISSING.
  grpc::Status Handle(
      grpc::ServerContext* context,
      const std::function<absl::Status(const jining::opendata::v1::Actor&)>&
          handler) const;

  // Executes a command for `actor` with `request_id` (a fresh one if empty)
  // stamped with the clock's time.
  absl::StatusOr<CommandOutcome> Execute(
      const jining::opendata::v1::Command& command,
      const jining::opendata::v1::Actor& actor,
      const std::string& request_id) const;

  // Runs a command on one catalog entry and fills a response with catalog_entry
  // (the entry as the actor now sees it) and receipt fields.
  template <typename Response>
  absl::Status RunCatalogCommand(const jining::opendata::v1::Actor& actor,
                                 const jining::opendata::v1::Command& command,
                                 const std::string& request_id,
                                 const std::string& entry_id,
                                 Response* response) const {
    absl::StatusOr<CommandOutcome> outcome =
        Execute(command, actor, request_id);
    if (!outcome.ok()) return outcome.status();
    absl::StatusOr<jining::opendata::v1::CatalogEntry> entry =
        queries().Get(actor, entry_id);
    if (!entry.ok()) return entry.status();
    *response->mutable_catalog_entry() = *std::move(entry);
    *response->mutable_receipt() = Receipt(*outcome);
    return absl::OkStatus();
  }

  // Receipt for an outcome.
  static jining::opendata::v1::CommandReceipt Receipt(
      const CommandOutcome& outcome);

  const CatalogQueries& queries() const { return *parts_.queries; }
  const DeadlineQueries& deadline_queries() const {
    return *parts_.deadline_queries;
  }
  const PlanQueries& plan_queries() const { return *parts_.plan_queries; }
  const OrganizationQueries& organization_queries() const {
    return *parts_.organization_queries;
  }
  const OpenListQueries& open_list_queries() const {
    return *parts_.open_list_queries;
  }
  const ApplicationQueries& application_queries() const {
    return *parts_.application_queries;
  }
  const AccessQueries& access_queries() const { return *parts_.access_queries; }
  const NotificationQueries& notification_queries() const {
    return *parts_.notification_queries;
  }
  const ProductQueries& product_queries() const {
    return *parts_.product_queries;
  }
  const ObjectionQueries& objection_queries() const {
    return *parts_.objection_queries;
  }
  const DemandQueries& demand_queries() const { return *parts_.demand_queries; }
  const SupervisionQueries& supervision_queries() const {
    return *parts_.supervision_queries;
  }
  const WorkQueueQueries& work_queue_queries() const {
    return *parts_.work_queue_queries;
  }
  const CalendarSource& calendar() const { return *parts_.calendar; }
  const Clock& clock() const { return *parts_.clock; }

  // Tells long-running calls (WatchNotifications) that the server is shutting
  // down, so that they end on their next wake-up instead of holding up
  // grpc::Server::Shutdown.
  void BeginShutdown() { stopping_.store(true); }
  bool stopping() const { return stopping_.load(); }

 private:
  // The actor of the call (see Handle for the order).
  absl::StatusOr<jining::opendata::v1::Actor> Authenticate(
      const grpc::ServerContext& context) const;

  Parts parts_;
  std::atomic<bool> stopping_{false};
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_SERVICE_RUNTIME_H_
