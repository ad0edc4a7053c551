// Implementation of service_runtime.h.
#include "services/service_runtime.h"

#include <random>

#include "absl/strings/str_format.h"
#include "services/status_mapping.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// A random 128-bit request id for callers that send none ("srv-" + 32 hex
// digits).
std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("srv-%016x%016x", rng(), rng());
}

}  // namespace

grpc::Status ServiceRuntime::Handle(
    grpc::ServerContext* context,
    const std::function<absl::Status(const pb::Actor&)>& handler) const {
  absl::StatusOr<pb::Actor> actor =
      parts_.authenticator->Authenticate(*context);
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  return ToGrpcStatus(handler(*actor));
}

absl::StatusOr<CommandOutcome> ServiceRuntime::Execute(
    const pb::Command& command, const pb::Actor& actor,
    const std::string& request_id) const {
  CommandContext ctx;
  ctx.actor = actor;
  ctx.now = parts_.clock->Now();
  ctx.request_id = request_id.empty() ? NewRequestId() : request_id;
  return parts_.pipeline->Execute(command, ctx);
}

pb::CommandReceipt ServiceRuntime::Receipt(const CommandOutcome& outcome) {
  pb::CommandReceipt r;
  r.set_request_id(outcome.request_id);
  r.set_first_sequence(outcome.first_sequence);
  r.set_last_sequence(outcome.last_sequence);
  r.set_stream_version(outcome.stream_version);
  r.set_replayed(outcome.replayed);
  return r;
}

}  // namespace opendata
