// ServiceRuntime: what every gRPC service class shares — authentication, the command pipeline, the queries, the
// clock and request-id generation — and Handle(), the one path every RPC takes: authenticate, run the handler,
// map the status. Services stay thin translators around it.
// Thread-safety: all members are thread-safe; Handle may be called concurrently.
#ifndef OPENDATA_SERVICES_SERVICE_RUNTIME_H_
#define OPENDATA_SERVICES_SERVICE_RUNTIME_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "engine/pipeline/command_pipeline.h"
#include "engine/query/catalog_queries.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "jining/opendata/v1/common.pb.h"
#include "services/authenticator.h"

namespace opendata {

class ServiceRuntime {
 public:
  // All pointers must outlive the runtime.
  ServiceRuntime(const Authenticator* authenticator, CommandPipeline* pipeline, const CatalogQueries* queries,
                 const Clock* clock)
      : authenticator_(authenticator), pipeline_(pipeline), queries_(queries), clock_(clock) {}

  // Authenticates the call and runs `handler` with the actor; maps any error to a rich grpc::Status. Nothing
  // runs (and nothing is written) if authentication fails.
  grpc::Status Handle(grpc::ServerContext* context,
                      const std::function<absl::Status(const jining::opendata::v1::Actor&)>& handler) const;

  // Executes a command for `actor` with `request_id` (a fresh one if empty) stamped with the clock's time.
  absl::StatusOr<CommandOutcome> Execute(const jining::opendata::v1::Command& command,
                                         const jining::opendata::v1::Actor& actor,
                                         const std::string& request_id) const;

  // Receipt for an outcome.
  static jining::opendata::v1::CommandReceipt Receipt(const CommandOutcome& outcome);

  const CatalogQueries& queries() const { return *queries_; }
  const Clock& clock() const { return *clock_; }

 private:
  const Authenticator* authenticator_;
  CommandPipeline* pipeline_;
  const CatalogQueries* queries_;
  const Clock* clock_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_SERVICE_RUNTIME_H_
