// CommandPipeline: runs one command end to end. Route it to its stream
// (stream_kinds.h: catalog entry, provider plan, city plan, organisation,
// application, credit registry, demand, public call),
// load the stream and fold it (the kind's state for its decider, the view for
// the projection), decide, and append the
// events together with the projection changes and the idempotency record in one
// atomic, synced write (the store group-commits concurrent commands into one
// WriteBatch). A version conflict with a concurrent command on the same stream
// is retried from the load, unless the caller named an expected version.
//
// Thread-safety: Execute may be called concurrently from any number of threads.
// Commands on the same stream are serialized in-process (a striped lock held
// from the idempotency lookup to the append), so that they never race each
// other into a version conflict and a concurrent retry of one request always
// sees its first commit.
#ifndef OPENDATA_ENGINE_PIPELINE_COMMAND_PIPELINE_H_
#define OPENDATA_ENGINE_PIPELINE_COMMAND_PIPELINE_H_

#include <array>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/calendar_source.h"
#include "engine/command_context.h"
#include "engine/personal_info/personal_data_cipher.h"
#include "engine/products/product_rules.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"
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
  // True if the request id had already been committed and nothing new was
  // recorded.
  bool replayed = false;
  // Every stream the command appended to (more than one only for multi-stream
  // commands such as a calendar load), in append order.
  CommandResult result;
};

class CommandPipeline {
 public:
  // `store` and `calendar` must outlive the pipeline. A calendar load replaces
  // the calendar in `calendar`. With a `cipher` (which must outlive the
  // pipeline too), the personal information of a command
  // (personal_info/personal_fields.h) is sealed before it is fingerprinted and
  // decided, so that only ciphertext reaches the log; the decider also sees
  // the plaintext command first, to refuse bad values with the same errors.
  CommandPipeline(EventStore* store, CalendarSource* calendar,
                  const PersonalDataCipher* cipher = nullptr);

  // Executes `command` as `context.actor` at `context.now`. Errors: see the
  // deciders; plus INVALID_ARGUMENT (REQUEST_ID_INVALID, COMMAND_INVALID),
  // ALREADY_EXISTS (REQUEST_ID_REUSED: same request id, different command),
  // ABORTED (VERSION_CONFLICT), UNAVAILABLE, DATA_LOSS.
  //
  // LoadCalendarYear (calendar_load.cc) is a multi-stream command: it records
  // the year on "calendar/<year>" and a DeadlineRevised on the stream of every
  // open deadline whose due time moves, atomically, while every other command
  // waits, and then puts the new calendar in force.
  absl::StatusOr<CommandOutcome> Execute(
      const jining::opendata::v1::Command& command,
      const CommandContext& context);

 private:
  // The original outcome if the request id was committed before
  // (REQUEST_ID_REUSED if for another command).
  absl::StatusOr<std::optional<CommandOutcome>> Replayed(
      const std::string& key, const std::string& fingerprint,
      const std::string& request_id);
  // `command` is what is decided and recorded; `plaintext`, if not null, the
  // same command before its personal information was sealed, decided first
  // only to validate it.
  absl::StatusOr<CommandOutcome> ExecuteOnStream(
      const jining::opendata::v1::Command& command,
      const jining::opendata::v1::Command* plaintext,
      const CommandContext& context, const std::string& stream_id,
      const std::string& fingerprint);
  absl::StatusOr<CommandOutcome> Attempt(
      const jining::opendata::v1::Command& command,
      const jining::opendata::v1::Command* plaintext,
      const CommandContext& context, const std::string& stream_id,
      const std::string& fingerprint);
  // Folds `history` into the state of `stream_id`'s kind (stream_kinds.h)
  // and calls that kind's decider.
  absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>> Decide(
      const jining::opendata::v1::Command& command,
      const CommandContext& context, const std::string& stream_id,
      const std::vector<RecordedEvent>& history);
  // The facts of a catalog entry as its projection row holds them now;
  // nullopt if there is no such entry.
  absl::StatusOr<std::optional<jining::opendata::v1::EntryFacts>>
  ReadEntryFacts(const std::string& catalog_entry_id);
  // The distinct subjects of the users who applied for a catalog entry (the
  // application projection's by-entry rows), sorted.
  absl::StatusOr<std::vector<std::string>> ReadApplicants(
      const std::string& catalog_entry_id);
  // What a product's citations are checked against (product_inputs.cc): per
  // citation of `content`, the entry's facts, its open-list intervals and
  // `subject`'s grants for it. Nothing is read for more citations than a
  // product may have (the decider refuses those).
  absl::StatusOr<std::vector<CitationEvidence>> ReadCitationEvidence(
      const jining::opendata::v1::ProductContent& content,
      const std::string& subject);
  absl::StatusOr<CommandOutcome> ExecuteCalendarLoad(
      const jining::opendata::v1::LoadCalendarYear& command,
      const CommandContext& context, const std::string& fingerprint);

  // The lock of `stream_id`'s stripe.
  std::mutex& StreamLock(const std::string& stream_id);

  EventStore* store_;
  CalendarSource* calendar_;
  const PersonalDataCipher* cipher_;
  // Held shared by every command and exclusively by a calendar load, so that no
  // deadline is computed with a calendar that is being replaced.
  std::shared_mutex calendar_mu_;
  // Commands on one stream take turns: a stream's state is read, decided and
  // appended under its stripe's lock, so concurrent commands never lose a race
  // (and a retried request id sees the first one's result).
  std::array<std::mutex, 1024> stream_locks_;
};

// Builds the outcome reported for a committed (or replayed) result.
CommandOutcome OutcomeFromResult(const CommandResult& result,
                                 const std::string& request_id, bool replayed);

// Checks a request id: 1-128 printable ASCII characters.
absl::Status ValidateRequestId(absl::string_view request_id);

// The idempotency key of a request: request ids are scoped by the actor's
// subject.
std::string IdempotencyKey(absl::string_view subject,
                           absl::string_view request_id);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PIPELINE_COMMAND_PIPELINE_H_
