// CommandPipeline: runs one command end to end. Load the target stream and fold it (state for the decider, view
// for the projection), decide, and append the events together with the projection changes and the idempotency
// record in one atomic, synced write (the store group-commits concurrent commands into one WriteBatch). A
// version conflict with a concurrent command on the same stream is retried from the load, unless the caller
// named an expected version.
//
// Thread-safety: Execute may be called concurrently from any number of threads. Commands on the same stream
// are serialized in-process (a striped lock held from the idempotency lookup to the append), so that they never
// race each other into a version conflict and a concurrent retry of one request always sees its first commit.
#ifndef OPENDATA_ENGINE_PIPELINE_COMMAND_PIPELINE_H_
#define OPENDATA_ENGINE_PIPELINE_COMMAND_PIPELINE_H_

#include <array>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "engine/calendar_source.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/commands.pb.h"
#include "storage/event_store.h"

namespace opendata {

// What a command did.
struct CommandOutcome {
  std::string request_id;
  std::string stream_id;
  // Stream version after the command.
  int64_t stream_version = 0;
  // Sequences of the recorded events (0 if none).
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
  // True if the request id had already been committed and nothing new was recorded.
  bool replayed = false;
};

class CommandPipeline {
 public:
  // `store` and `calendar` must outlive the pipeline.
  CommandPipeline(EventStore* store, const CalendarSource* calendar);

  // Executes `command` as `context.actor` at `context.now`. Errors: see the deciders; plus INVALID_ARGUMENT
  // (REQUEST_ID_INVALID), ALREADY_EXISTS (REQUEST_ID_REUSED: same request id, different command), ABORTED
  // (VERSION_CONFLICT), UNAVAILABLE, DATA_LOSS.
  absl::StatusOr<CommandOutcome> Execute(const jining::opendata::v1::Command& command,
                                         const CommandContext& context);

 private:
  absl::StatusOr<CommandOutcome> Attempt(const jining::opendata::v1::Command& command,
                                         const CommandContext& context, const std::string& stream_id,
                                         const std::string& fingerprint);

  // The lock of `stream_id`'s stripe.
  std::mutex& StreamLock(const std::string& stream_id);

  EventStore* store_;
  const CalendarSource* calendar_;
  std::array<std::mutex, 1024> stream_locks_;
};

// Checks a request id: 1-128 printable ASCII characters.
absl::Status ValidateRequestId(absl::string_view request_id);

// The idempotency key of a request: request ids are scoped by the actor's subject.
std::string IdempotencyKey(absl::string_view subject, absl::string_view request_id);

// The name of the payload field that is set, e.g. "catalog_entry_submitted" (EventEnvelope.event_type).
std::string EventTypeOf(const jining::opendata::v1::EventPayload& payload);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PIPELINE_COMMAND_PIPELINE_H_
