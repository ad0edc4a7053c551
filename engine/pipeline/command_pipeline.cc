// Implementation of command_pipeline.h (the calendar load is in
// calendar_load.cc).
#include "engine/pipeline/command_pipeline.h"

#include <algorithm>
#include <functional>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/proto_util.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "engine/applications/application_decider.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_decider.h"
#include "engine/demands/demand_decider.h"
#include "engine/organizations/organization_decider.h"
#include "engine/personal_info/personal_fields.h"
#include "engine/personal_info/subject_key_decider.h"
#include "engine/pipeline/demand_inputs.h"
#include "engine/pipeline/envelopes.h"
#include "engine/pipeline/stream_kinds.h"
#include "engine/plans/plan_decider.h"
#include "engine/products/product_decider.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/plan_queries.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Commands whose stream is named by the caller's own organisation (its annual
// plan, its profile) are PROVIDER-only: the role is checked before the stream
// id is built from the organisation, so another role (a user has no
// organisation) is PERMISSION_DENIED ROLE_NOT_ALLOWED, not INVALID_ARGUMENT.
absl::Status RequireRoleBeforeRouting(const pb::Command& command,
                                      const pb::Actor& actor) {
  switch (command.command_case()) {
    case pb::Command::kSubmitAnnualPlan:
    case pb::Command::kLinkPlanItem:
    case pb::Command::kSetResponsiblePersons:
      return RequireRole(actor, pb::ROLE_PROVIDER);
    default:
      return absl::OkStatus();
  }
}

// How often a command is re-decided after losing a race on its stream.
constexpr int kMaxAttempts = 8;

bool IsVersionConflict(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAborted &&
         ErrorReason(s) == "VERSION_CONFLICT";
}

// The state of aggregate type `State` folded from `history`.
template <typename State>
State Fold(const std::vector<RecordedEvent>& history) {
  State state;
  for (const RecordedEvent& e : history) Evolve(state, e.envelope);
  return state;
}

// SHA-256 of the command's deterministic bytes. The credit registry's answer
// in a SubmitApplication is an observation the service adds, not part of the
// request: a retry asks the registry again, at another time, and must still
// be recognised as the same request.
std::string Fingerprint(const pb::Command& command) {
  if (!command.has_submit_application()) {
    return Sha256(SerializeDeterministic(command));
  }
  pb::Command request = command;
  request.mutable_submit_application()->clear_credit_check();
  return Sha256(SerializeDeterministic(request));
}

}  // namespace

CommandOutcome OutcomeFromResult(const CommandResult& result,
                                 const std::string& request_id, bool replayed) {
  CommandOutcome out;
  out.request_id = request_id;
  if (result.streams_size() > 0) {
    out.stream_id = result.streams(0).stream_id();
    out.stream_version = result.streams(0).last_version();
  }
  out.first_sequence = result.first_sequence();
  out.last_sequence = result.last_sequence();
  out.replayed = replayed;
  out.result = result;
  return out;
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  bool ok = !request_id.empty() && request_id.size() <= 128;
  for (char c : request_id) ok = ok && c > 0x20 && c < 0x7f;
  if (ok) return absl::OkStatus();
  return InvalidArgument("REQUEST_ID_INVALID",
                         {{"request_id", "1-128 printable ASCII characters"}});
}

std::string IdempotencyKey(absl::string_view subject,
                           absl::string_view request_id) {
  return absl::StrCat(subject, "\n", request_id);
}

CommandPipeline::CommandPipeline(EventStore* store, CalendarSource* calendar,
                                 const PersonalDataCipher* cipher)
    : store_(store), calendar_(calendar), cipher_(cipher) {}

absl::StatusOr<CommandOutcome> CommandPipeline::Execute(
    const pb::Command& command, const CommandContext& context) {
  RETURN_IF_ERROR(ValidateRequestId(context.request_id));
  RETURN_IF_ERROR(ValidateActor(context.actor));
  if (command.command_case() == pb::Command::COMMAND_NOT_SET) {
    return InvalidArgument("COMMAND_INVALID", {{"command", "no command set"}});
  }
  if (command.expected_version() < 0) {
    return InvalidArgument("EXPECTED_VERSION_INVALID",
                           {{"expected_version", "must be >= 0"}});
  }
  if (cipher_ != nullptr && CarriesPersonalData(command)) {
    // Sealing is deterministic, so a retry fingerprints the same. A key made
    // here for a command that is then refused seals nothing.
    ASSIGN_OR_RETURN(const pb::Command sealed,
                     SealPersonalData(command, context, *cipher_));
    ASSIGN_OR_RETURN(const std::string stream_id, TargetStream(sealed));
    std::shared_lock<std::shared_mutex> calendar_lock(calendar_mu_);
    std::lock_guard<std::mutex> stream_lock(StreamLock(stream_id));
    return ExecuteOnStream(sealed, &command, context, stream_id,
                           Fingerprint(sealed));
  }
  const std::string fingerprint = Fingerprint(command);
  if (command.has_load_calendar_year()) {
    return ExecuteCalendarLoad(command.load_calendar_year(), context,
                               fingerprint);
  }
  RETURN_IF_ERROR(RequireRoleBeforeRouting(command, context.actor));
  ASSIGN_OR_RETURN(const std::string stream_id, TargetStream(command));
  std::shared_lock<std::shared_mutex> calendar_lock(calendar_mu_);
  std::lock_guard<std::mutex> stream_lock(StreamLock(stream_id));
  return ExecuteOnStream(command, nullptr, context, stream_id, fingerprint);
}

absl::StatusOr<std::optional<CommandOutcome>> CommandPipeline::Replayed(
    const std::string& key, const std::string& fingerprint,
    const std::string& request_id) {
  ASSIGN_OR_RETURN(std::optional<IdempotencyRecord> prior,
                   store_->LookupIdempotency(key));
  if (!prior.has_value()) return std::optional<CommandOutcome>();
  if (prior->fingerprint() != fingerprint) {
    return MakeError(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                     "this request id was already used for a different command",
                     {{"request_id", request_id}});
  }
  return std::optional<CommandOutcome>(
      OutcomeFromResult(prior->result(), request_id, /*replayed=*/true));
}

absl::StatusOr<CommandOutcome> CommandPipeline::ExecuteOnStream(
    const pb::Command& command, const pb::Command* plaintext,
    const CommandContext& context, const std::string& stream_id,
    const std::string& fingerprint) {
  const std::string key =
      IdempotencyKey(context.actor.subject(), context.request_id);
  ASSIGN_OR_RETURN(std::optional<CommandOutcome> replayed,
                   Replayed(key, fingerprint, context.request_id));
  if (replayed.has_value()) return *std::move(replayed);
  absl::StatusOr<CommandOutcome> outcome;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    outcome = Attempt(command, plaintext, context, stream_id, fingerprint);
    if (outcome.ok() || !IsVersionConflict(outcome.status()) ||
        command.expected_version() > 0)
      break;
  }
  return outcome;
}

std::mutex& CommandPipeline::StreamLock(const std::string& stream_id) {
  return stream_locks_[std::hash<std::string>()(stream_id) %
                       stream_locks_.size()];
}

absl::StatusOr<CommandOutcome> CommandPipeline::Attempt(
    const pb::Command& command, const pb::Command* plaintext,
    const CommandContext& context, const std::string& stream_id,
    const std::string& fingerprint) {
  ASSIGN_OR_RETURN(std::vector<RecordedEvent> history,
                   store_->ReadStream(stream_id, 1, 1 << 20));
  StreamView view;
  int64_t version = 0;
  for (const RecordedEvent& e : history) {
    FoldStreamView(view, e.envelope);
    version = e.envelope.stream_version();
  }
  if (command.expected_version() > 0 && command.expected_version() != version) {
    return MakeError(
        absl::StatusCode::kAborted, "VERSION_CONFLICT",
        absl::StrCat("expected version ", command.expected_version(),
                     ", stream is at ", version),
        {{"stream_id", stream_id},
         {"expected_version", absl::StrCat(command.expected_version())},
         {"actual_version", absl::StrCat(version)}});
  }
  if (plaintext != nullptr) {
    // Only for the refusal: the plaintext's events are never recorded.
    RETURN_IF_ERROR(Decide(*plaintext, context, stream_id, history).status());
  }
  ASSIGN_OR_RETURN(std::vector<pb::EventPayload> payloads,
                   Decide(command, context, stream_id, history));
  std::vector<std::string> shredded;
  for (const pb::EventPayload& payload : payloads) {
    if (payload.has_subject_key_shredded()) {
      shredded.push_back(payload.subject_key_shredded().subject());
    }
  }
  if (payloads.empty()) {
    CommandOutcome unchanged;
    unchanged.request_id = context.request_id;
    unchanged.stream_id = stream_id;
    unchanged.stream_version = version;
    return unchanged;
  }
  const ProjectionRows before = StreamRows(view);
  AppendRequest request;
  request.idempotency_key =
      IdempotencyKey(context.actor.subject(), context.request_id);
  request.fingerprint = fingerprint;
  request.streams.push_back(
      BuildAppend(stream_id, version, std::move(payloads), context, view));
  request.projection = DiffRows(before, StreamRows(view));
  request.shredded_subject_keys = std::move(shredded);
  ASSIGN_OR_RETURN(AppendOutcome appended, store_->Append(std::move(request)));
  return OutcomeFromResult(appended.result, context.request_id,
                           appended.replayed);
}

absl::StatusOr<std::vector<pb::EventPayload>> CommandPipeline::Decide(
    const pb::Command& command, const CommandContext& context,
    const std::string& stream_id, const std::vector<RecordedEvent>& history) {
  const std::optional<StreamKind> kind = StreamKindOf(stream_id);
  if (!kind.has_value()) {
    return InvalidArgument("COMMAND_INVALID",
                           {{"stream_id", "not a stream commands act on"}});
  }
  switch (*kind) {
    case StreamKind::kCatalogEntry: {
      // The decider is pure: the users to notify when an approval starts a
      // takedown notice (Art. 14), or when an objection suspends the entry or
      // ends its hold (Art. 19), are read here, and the events record them.
      TakedownInputs takedown;
      if (command.has_approve_takedown() || command.has_file_objection() ||
          command.has_withdraw_objection() || command.has_answer_objection()) {
        ASSIGN_OR_RETURN(takedown.applicants,
                         ReadApplicants(CatalogEntryIdOf(command)));
      }
      std::shared_ptr<const WorkingCalendar> calendar = calendar_->Current();
      return DecideCatalog(Fold<CatalogEntryState>(history), command, context,
                           *calendar, takedown);
    }
    case StreamKind::kPlan:
      return DecidePlan(Fold<PlanState>(history), command, context);
    case StreamKind::kCityPlan: {
      // The decider is pure: the approved plans it aggregates are read here,
      // and the event records them.
      std::vector<pb::AnnualPlan> plans;
      if (command.has_publish_city_plan()) {
        ASSIGN_OR_RETURN(
            plans, ReadYearPlans(*store_, command.publish_city_plan().year()));
      }
      return DecideCityPlan(Fold<CityPlanState>(history), command, context,
                            plans);
    }
    case StreamKind::kOrganization:
      return DecideOrganization(Fold<OrganizationState>(history), command,
                                context);
    case StreamKind::kApplication: {
      // The decider is pure: the entry's facts are read here, and the
      // submission event records them.
      std::optional<pb::EntryFacts> facts;
      if (command.has_submit_application()) {
        ASSIGN_OR_RETURN(
            facts,
            ReadEntryFacts(command.submit_application().catalog_entry_id()));
      }
      std::shared_ptr<const WorkingCalendar> calendar = calendar_->Current();
      return DecideApplication(Fold<ApplicationAggregate>(history), command,
                               context, *calendar, facts);
    }
    case StreamKind::kCreditRegistry:
      return DecideCreditRegistry(Fold<CreditRegistryAggregate>(history),
                                  command, context);
    case StreamKind::kProduct: {
      // The decider is pure: what each citation is checked against is read
      // here, and the event records the basis found.
      std::vector<CitationEvidence> evidence;
      if (const pb::ProductContent* content = ContentToCheck(command)) {
        ASSIGN_OR_RETURN(
            evidence, ReadCitationEvidence(*content, context.actor.subject()));
      }
      return DecideProduct(Fold<ProductAggregate>(history), command, context,
                           evidence);
    }
    case StreamKind::kDemand: {
      // The decider is pure: the cited call, the department's region and the
      // linked entry's facts are read here, and the events record them.
      DemandInputs inputs;
      if (command.has_submit_demand()) {
        ASSIGN_OR_RETURN(
            inputs, ReadSubmitDemandInputs(*store_, command.submit_demand()));
      } else if (command.has_link_demand_entry()) {
        ASSIGN_OR_RETURN(
            inputs.entry,
            ReadEntryFacts(command.link_demand_entry().catalog_entry_id()));
      }
      std::shared_ptr<const WorkingCalendar> calendar = calendar_->Current();
      return DecideDemand(Fold<DemandAggregate>(history), command, context,
                          *calendar, inputs);
    }
    case StreamKind::kDemandCall:
      return DecideDemandCall(Fold<DemandCallAggregate>(history), command,
                              context);
    case StreamKind::kSubjectKey:
      return DecideSubjectKey(Fold<SubjectKeyState>(history), command, context);
  }
  return InvalidArgument("COMMAND_INVALID", {{"stream_id", "unknown kind"}});
}

absl::StatusOr<std::optional<pb::EntryFacts>> CommandPipeline::ReadEntryFacts(
    const std::string& catalog_entry_id) {
  ASSIGN_OR_RETURN(std::optional<std::string> row,
                   store_->GetProjection(
                       absl::StrCat(kCatalogEntryRowPrefix, catalog_entry_id)));
  if (!row.has_value()) return std::optional<pb::EntryFacts>();
  pb::CatalogEntry entry;
  if (!entry.ParseFromString(*row)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     "a catalog entry row does not parse",
                     {{"catalog_entry_id", catalog_entry_id}});
  }
  return std::optional<pb::EntryFacts>(FactsOf(entry));
}

absl::StatusOr<std::vector<std::string>> CommandPipeline::ReadApplicants(
    const std::string& catalog_entry_id) {
  constexpr size_t kBatch = 500;
  const std::string prefix = ApplicationsOfEntryPrefix(catalog_entry_id);
  std::vector<std::string> subjects;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(prefix, after, kBatch));
    for (auto& [key, subject] : rows) {
      subjects.push_back(std::move(subject));
      after = key;
    }
    if (rows.size() < kBatch) break;
  }
  std::sort(subjects.begin(), subjects.end());
  subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  return subjects;
}

}  // namespace opendata
