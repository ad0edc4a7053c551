// Implementation of envelopes.h.
#include "engine/pipeline/envelopes.h"

#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/notifications/recipients.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Longest stream folded in one read.
constexpr size_t kMaxStreamEvents = 1 << 20;

}  // namespace

std::string EventTypeOf(const pb::EventPayload& payload) {
  const auto* oneof = pb::EventPayload::descriptor()->FindOneofByName("event");
  const auto* field =
      payload.GetReflection()->GetOneofFieldDescriptor(payload, oneof);
  return field == nullptr ? "" : field->name();
}

absl::StatusOr<LoadedStream> LoadStream(EventStore& store,
                                        const std::string& stream_id) {
  ASSIGN_OR_RETURN(std::vector<RecordedEvent> history,
                   store.ReadStream(stream_id, 1, kMaxStreamEvents));
  LoadedStream loaded;
  for (const RecordedEvent& e : history) {
    FoldStreamView(loaded.view, e.envelope);
    loaded.version = e.envelope.stream_version();
  }
  return loaded;
}

StreamAppend BuildAppend(const std::string& stream_id, int64_t version,
                         std::vector<pb::EventPayload> payloads,
                         const CommandContext& context, StreamView& view) {
  StreamAppend append{stream_id, version == 0 ? kNoStream : version, {}};
  for (pb::EventPayload& payload : payloads) {
    pb::EventEnvelope env;
    env.set_stream_id(stream_id);
    env.set_stream_version(version +
                           static_cast<int64_t>(append.events.size()) + 1);
    env.set_event_type(EventTypeOf(payload));
    *env.mutable_occurred_at() = ToProto(context.now);
    *env.mutable_actor() = context.actor;
    env.set_request_id(context.request_id);
    env.set_correlation_id(context.correlation_id.empty()
                               ? context.request_id
                               : context.correlation_id);
    *env.mutable_payload() = std::move(payload);
    FoldStreamView(view, env);
    for (std::string& recipient : Recipients(view, env)) {
      env.add_recipients(std::move(recipient));
    }
    append.events.push_back(std::move(env));
  }
  return append;
}

}  // namespace opendata
