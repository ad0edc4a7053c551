// Implementation of audit_service.h. SubscribeLog follows the model of
// WatchNotifications (notification_services.cc): each round reads
// LastSequence() first, sends every matching event up to it, then sleeps until
// a later sequence is committed, waking at least every kSubscribeWakeUp to
// notice a cancelled call or a server shutdown, and at each heartbeat time.
// Sequences are contiguous and an event <= LastSequence() is readable, so the
// subscriber sees every event once, in order.
#include "services/audit_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// How long a subscription sleeps at most before looking at its call and the
// server.
constexpr absl::Duration kSubscribeWakeUp = absl::Milliseconds(200);
// Events read from the log per round.
constexpr size_t kSubscribeBatch = 256;

}  // namespace

grpc::Status AuditServiceImpl::GetStreamHistory(
    grpc::ServerContext* context, const pb::GetStreamHistoryRequest* request,
    pb::GetStreamHistoryResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(
        StreamHistoryPage page,
        queries_.History(actor, request->stream_id(), request->from_version(),
                         request->page_size(), request->page_token()));
    for (pb::AuditEvent& event : page.events) {
      *response->add_events() = std::move(event);
    }
    response->set_next_page_token(page.next_page_token);
    response->set_stream_version(page.stream_version);
    return absl::OkStatus();
  });
}

grpc::Status AuditServiceImpl::ReadLog(grpc::ServerContext* context,
                                       const pb::ReadLogRequest* request,
                                       pb::ReadLogResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    ASSIGN_OR_RETURN(LogPage page,
                     queries_.Read(actor, request->from_sequence(),
                                   request->page_size(), request->filter()));
    for (pb::AuditEvent& event : page.events) {
      *response->add_events() = std::move(event);
    }
    response->set_next_sequence(page.next_sequence);
    response->set_head_sequence(page.head_sequence);
    return absl::OkStatus();
  });
}

grpc::Status AuditServiceImpl::SubscribeLog(
    grpc::ServerContext* context, const pb::SubscribeLogRequest* request,
    grpc::ServerWriter<pb::SubscribeLogResponse>* writer) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    RETURN_IF_ERROR(AuditLogQueries::Authorize(actor));
    RETURN_IF_ERROR(ValidateLogFilter(request->filter(), "filter."));
    const pb::LogFilter& filter = request->filter();
    uint64_t next = std::max<uint64_t>(request->from_sequence(), 1);
    absl::Time next_heartbeat = absl::Now() + heartbeat_interval_;
    while (true) {
      if (context->IsCancelled()) {
        return absl::CancelledError("the client cancelled the subscription");
      }
      if (runtime_->stopping()) {
        return MakeError(absl::StatusCode::kUnavailable, "SERVER_SHUTTING_DOWN",
                         "the server is shutting down; resume the "
                         "subscription from the last next_sequence received");
      }
      const uint64_t committed = store_->LastSequence();
      bool more = false;
      if (next <= committed) {
        const size_t want = static_cast<size_t>(
            std::min<uint64_t>(kSubscribeBatch, committed - next + 1));
        ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                         store_->ReadAll(next, want));
        for (const RecordedEvent& event : batch) {
          if (MatchesLogFilter(filter, event.envelope)) {
            pb::SubscribeLogResponse message;
            *message.mutable_event() = ToAuditEvent(event);
            if (!writer->Write(message)) {
              return absl::CancelledError("the client went away");
            }
          }
          next = event.envelope.sequence() + 1;
        }
        more = next <= committed;
      }
      if (absl::Now() >= next_heartbeat) {
        pb::SubscribeLogResponse message;
        pb::LogHeartbeat* heartbeat = message.mutable_heartbeat();
        heartbeat->set_next_sequence(next);
        heartbeat->set_head_sequence(committed);
        *heartbeat->mutable_sent_at() = ToProto(runtime_->clock().Now());
        if (!writer->Write(message)) {
          return absl::CancelledError("the client went away");
        }
        next_heartbeat = absl::Now() + heartbeat_interval_;
      }
      if (more) continue;
      store_->WaitForSequenceAbove(
          next - 1, std::min(absl::Now() + kSubscribeWakeUp, next_heartbeat));
    }
  });
}

grpc::Status AuditServiceImpl::VerifyChain(
    grpc::ServerContext* context, const pb::VerifyChainRequest* request,
    pb::VerifyChainResponse* response) {
  return runtime_->Handle(context, [&](const pb::Actor& actor) -> absl::Status {
    RETURN_IF_ERROR(AuditLogQueries::Authorize(actor));
    if (request->to_sequence() != 0 &&
        request->to_sequence() < request->from_sequence()) {
      return InvalidArgument(
          "AUDIT_REQUEST_INVALID",
          {{"to_sequence", "must not be below from_sequence (0: to the end)"}});
    }
    const uint64_t head = store_->LastSequence();
    const uint64_t from = std::max<uint64_t>(request->from_sequence(), 1);
    const uint64_t to = request->to_sequence() == 0
                            ? std::numeric_limits<uint64_t>::max()
                            : request->to_sequence();
    response->set_verified_from(from);
    response->set_verified_to(std::min(to, head));
    const absl::Status verified = store_->VerifyChain(from, to);
    if (verified.ok()) {
      response->set_ok(true);
      return absl::OkStatus();
    }
    // A finding names the bad sequence; anything else means the log could not
    // be read, which is the RPC's failure.
    const std::map<std::string, std::string> metadata = ErrorMetadata(verified);
    const auto at = metadata.find("sequence");
    uint64_t bad = 0;
    if (verified.code() != absl::StatusCode::kDataLoss ||
        at == metadata.end() || !absl::SimpleAtoi(at->second, &bad)) {
      return verified;
    }
    response->set_ok(false);
    response->set_first_bad_sequence(bad);
    response->set_reason(ErrorReason(verified));
    response->set_detail(std::string(verified.message()));
    return absl::OkStatus();
  });
}

}  // namespace opendata
