// Implementation of command_pipeline.h.
#include "engine/pipeline/command_pipeline.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/proto_util.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_decider.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// How often a command is re-decided after losing a race on its stream.
constexpr int kMaxAttempts = 8;
// Longest stream the pipeline folds in one read.
constexpr size_t kMaxStreamEvents = 1 << 20;

CommandOutcome FromResult(const CommandResult& result, const std::string& request_id, bool replayed) {
  CommandOutcome out;
  out.request_id = request_id;
  if (result.streams_size() > 0) {
    out.stream_id = result.streams(0).stream_id();
    out.stream_version = result.streams(0).last_version();
  }
  out.first_sequence = result.first_sequence();
  out.last_sequence = result.last_sequence();
  out.replayed = replayed;
  return out;
}

bool IsVersionConflict(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAborted && ErrorReason(s) == "VERSION_CONFLICT";
}

}  // namespace

absl::Status ValidateRequestId(absl::string_view request_id) {
  bool ok = !request_id.empty() && request_id.size() <= 128;
  for (char c : request_id) ok = ok && c > 0x20 && c < 0x7f;
  if (ok) return absl::OkStatus();
  return InvalidArgument("REQUEST_ID_INVALID", {{"request_id", "1-128 printable ASCII characters"}});
}

std::string IdempotencyKey(absl::string_view subject, absl::string_view request_id) {
  return absl::StrCat(subject, "\n", request_id);
}

std::string EventTypeOf(const pb::EventPayload& payload) {
  const auto* oneof = pb::EventPayload::descriptor()->FindOneofByName("event");
  const auto* field = payload.GetReflection()->GetOneofFieldDescriptor(payload, oneof);
  return field == nullptr ? "" : field->name();
}

CommandPipeline::CommandPipeline(EventStore* store, const CalendarSource* calendar)
    : store_(store), calendar_(calendar) {}

absl::StatusOr<CommandOutcome> CommandPipeline::Execute(const pb::Command& command,
                                                        const CommandContext& context) {
  RETURN_IF_ERROR(ValidateRequestId(context.request_id));
  RETURN_IF_ERROR(ValidateActor(context.actor));
  const std::string entry_id = CatalogEntryIdOf(command);
  if (command.command_case() == pb::Command::COMMAND_NOT_SET) {
    return InvalidArgument("COMMAND_INVALID", {{"command", "no command set"}});
  }
  RETURN_IF_ERROR(ValidateCatalogEntryId(entry_id, "catalog_entry_id"));
  if (command.expected_version() < 0) {
    return InvalidArgument("EXPECTED_VERSION_INVALID", {{"expected_version", "must be >= 0"}});
  }
  const std::string fingerprint = Sha256(SerializeDeterministic(command));
  const std::string key = IdempotencyKey(context.actor.subject(), context.request_id);
  const std::string stream_id = CatalogEntryStream(entry_id);
  std::lock_guard<std::mutex> stream_lock(StreamLock(stream_id));
  ASSIGN_OR_RETURN(std::optional<IdempotencyRecord> prior, store_->LookupIdempotency(key));
  if (prior.has_value()) {
    if (prior->fingerprint() != fingerprint) {
      return MakeError(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                       "this request id was already used for a different command",
                       {{"request_id", context.request_id}});
    }
    return FromResult(prior->result(), context.request_id, /*replayed=*/true);
  }
  absl::StatusOr<CommandOutcome> outcome;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    outcome = Attempt(command, context, stream_id, fingerprint);
    if (outcome.ok() || !IsVersionConflict(outcome.status()) || command.expected_version() > 0) break;
  }
  return outcome;
}

std::mutex& CommandPipeline::StreamLock(const std::string& stream_id) {
  return stream_locks_[std::hash<std::string>()(stream_id) % stream_locks_.size()];
}

absl::StatusOr<CommandOutcome> CommandPipeline::Attempt(const pb::Command& command,
                                                        const CommandContext& context,
                                                        const std::string& stream_id,
                                                        const std::string& fingerprint) {
  ASSIGN_OR_RETURN(std::vector<RecordedEvent> history, store_->ReadStream(stream_id, 1, kMaxStreamEvents));
  CatalogEntryState state;
  pb::CatalogEntry view;
  for (const RecordedEvent& e : history) {
    Evolve(state, e.envelope);
    FoldCatalogView(view, e.envelope);
  }
  if (command.expected_version() > 0 && command.expected_version() != state.version) {
    return MakeError(absl::StatusCode::kAborted, "VERSION_CONFLICT",
                     absl::StrCat("expected version ", command.expected_version(), ", entry is at ",
                                  state.version),
                     {{"stream_id", stream_id},
                      {"expected_version", absl::StrCat(command.expected_version())},
                      {"actual_version", absl::StrCat(state.version)}});
  }
  std::shared_ptr<const WorkingCalendar> calendar = calendar_->Current();
  ASSIGN_OR_RETURN(std::vector<pb::EventPayload> payloads,
                   DecideCatalog(state, command, context, *calendar));
  if (payloads.empty()) {
    CommandOutcome unchanged;
    unchanged.request_id = context.request_id;
    unchanged.stream_id = stream_id;
    unchanged.stream_version = state.version;
    return unchanged;
  }
  const ProjectionRows before = CatalogRows(view);
  StreamAppend append{stream_id, state.version == 0 ? kNoStream : state.version, {}};
  for (pb::EventPayload& payload : payloads) {
    pb::EventEnvelope env;
    env.set_stream_id(stream_id);
    env.set_stream_version(state.version + static_cast<int64_t>(append.events.size()) + 1);
    env.set_event_type(EventTypeOf(payload));
    *env.mutable_occurred_at() = ToProto(context.now);
    *env.mutable_actor() = context.actor;
    env.set_request_id(context.request_id);
    env.set_correlation_id(context.correlation_id.empty() ? context.request_id : context.correlation_id);
    *env.mutable_payload() = std::move(payload);
    FoldCatalogView(view, env);
    append.events.push_back(std::move(env));
  }
  AppendRequest request;
  request.idempotency_key = IdempotencyKey(context.actor.subject(), context.request_id);
  request.fingerprint = fingerprint;
  request.streams.push_back(std::move(append));
  request.projection = DiffRows(before, CatalogRows(view));
  ASSIGN_OR_RETURN(AppendOutcome appended, store_->Append(std::move(request)));
  return FromResult(appended.result, context.request_id, appended.replayed);
}

}  // namespace opendata
