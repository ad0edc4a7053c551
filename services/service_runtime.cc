// Implementation of service_runtime.h.
#include "services/service_runtime.h"

#include <chrono>
#include <random>

#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "services/status_mapping.h"
#include "services/transport_security.h"

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

absl::StatusOr<pb::Actor> ServiceRuntime::Authenticate(
    const grpc::ServerContext& context) const {
  if (parts_.client_certificates != nullptr &&
      context.client_metadata().count("authorization") == 0) {
    std::optional<std::string> subject = VerifiedClientSubject(context);
    if (subject.has_value())
      return parts_.client_certificates->ActorFor(*subject);
  }
  return parts_.authenticator->Authenticate(context);
}

grpc::Status ServiceRuntime::Handle(
    grpc::ServerContext* context,
    const std::function<absl::Status(const pb::Actor&)>& handler) const {
  // The client gave up already: do no work (gRPC deadlines are real time).
  if (context->IsCancelled()) {
    return ToGrpcStatus(MakeError(absl::StatusCode::kCancelled,
                                  "CALL_CANCELLED",
                                  "the call was cancelled before it started"));
  }
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return ToGrpcStatus(MakeError(absl::StatusCode::kDeadlineExceeded,
                                  "DEADLINE_PASSED",
                                  "the call's deadline passed before it "
                                  "started"));
  }
  const std::string peer = "peer:" + PeerHost(*context);
  if (parts_.auth_failure_limiter != nullptr) {
    absl::Status throttled = parts_.auth_failure_limiter->Check(peer);
    if (!throttled.ok()) return ToGrpcStatus(throttled);
  }
  absl::StatusOr<pb::Actor> actor = Authenticate(*context);
  if (!actor.ok()) {
    if (parts_.auth_failure_limiter != nullptr)
      parts_.auth_failure_limiter->Admit(peer).IgnoreError();
    return ToGrpcStatus(actor.status());
  }
  if (parts_.principal_limiter != nullptr) {
    absl::Status throttled =
        parts_.principal_limiter->Admit("principal:" + actor->subject());
    if (!throttled.ok()) return ToGrpcStatus(throttled);
  }
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
