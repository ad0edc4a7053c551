// Implementation of release_decider.h.
#include "engine/catalog/release_decider.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/catalog/decider_common.h"
#include "engine/deadlines/deadline_book.h"

namespace opendata {
namespace {

// Entry states in which releases and assessments are recorded: published, or
// suspended for quality (a release is then part of the remediation).
bool Upkept(const CatalogEntryState& s) {
  return s.state == pb::CATALOG_ENTRY_STATE_PUBLISHED ||
         s.state == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY;
}

// An entry held by a rights-infringement objection (Art. 19) takes no release
// or assessment until the hold is lifted: ART19_OBJECTION_HOLD.
absl::Status NotUpkept(const CatalogEntryState& s, absl::string_view what) {
  if (s.state == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION) {
    return WrongState(s, "ART19_OBJECTION_HOLD",
                      "the entry is suspended by a rights-infringement "
                      "objection; nothing is released until the hold ends");
  }
  return WrongState(s, "CATALOG_ENTRY_NOT_PUBLISHED", what);
}

// `day` plus `months`, the day clamped to the end of the target month.
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const int last = (absl::CivilDay(target + 1) - 1).day();
  return absl::CivilDay(target.year(), target.month(),
                        std::min(day.day(), last));
}

// The open or overdue clock of `kind` in the entry's book, if any.
const pb::Deadline* RunningClock(const CatalogEntryState& s,
                                 pb::DeadlineKind kind) {
  for (const auto& [id, d] : s.deadlines) {
    if (d.kind() == kind && (d.state() == pb::DEADLINE_STATE_OPEN ||
                             d.state() == pb::DEADLINE_STATE_OVERDUE)) {
      return &d;
    }
  }
  return nullptr;
}

// How many clocks of `kind` the entry has had.
int32_t ClocksOf(const CatalogEntryState& s, pb::DeadlineKind kind) {
  return static_cast<int32_t>(
      std::count_if(s.deadlines.begin(), s.deadlines.end(),
                    [kind](const auto& d) { return d.second.kind() == kind; }));
}

pb::EventPayload StartUpdateClock(const CatalogEntryState& s, absl::Time now) {
  ClockSpec spec;
  spec.kind = pb::DEADLINE_KIND_DATA_UPDATE;
  spec.deadline_id = DataUpdateDeadlineId(
      s.catalog_entry_id, ClocksOf(s, pb::DEADLINE_KIND_DATA_UPDATE) + 1);
  spec.stream_id = CatalogEntryStream(s.catalog_entry_id);
  spec.subject_id = s.catalog_entry_id;
  spec.responsible_role = pb::ROLE_PROVIDER;
  spec.responsible_organization = s.provider_organization;
  spec.responsible_region = s.region;
  return StartClockUntil(spec, now,
                         NextUpdateDue(s.content.update_frequency(), now));
}

pb::EventPayload StartAssessmentClock(const CatalogEntryState& s,
                                      absl::Time now) {
  ClockSpec spec;
  spec.kind = pb::DEADLINE_KIND_QUALITY_ASSESSMENT;
  spec.deadline_id = QualityAssessmentDeadlineId(
      s.catalog_entry_id,
      ClocksOf(s, pb::DEADLINE_KIND_QUALITY_ASSESSMENT) + 1);
  spec.stream_id = CatalogEntryStream(s.catalog_entry_id);
  spec.subject_id = s.catalog_entry_id;
  spec.responsible_role = pb::ROLE_REVIEWER;
  spec.responsible_region = s.region;
  return StartClockUntil(spec, now, NextAssessmentDue(now));
}

// True if the entry's frequency calls for a data-update clock: every one but
// ARCHIVED (and UNSPECIFIED, which a published entry never has).
bool HasUpdateClock(const CatalogEntryState& s) {
  return s.content.update_frequency() != pb::UPDATE_FREQUENCY_ARCHIVED &&
         s.content.update_frequency() != pb::UPDATE_FREQUENCY_UNSPECIFIED;
}

// Meets the running clock of `kind` (if any) at `now`.
void MeetRunning(const CatalogEntryState& s, pb::DeadlineKind kind,
                 absl::Time now, Events& events) {
  const pb::Deadline* running = RunningClock(s, kind);
  if (running == nullptr) return;
  auto met = MeetClock(s.deadlines, running->deadline_id(), now);
  if (met.has_value()) events.push_back(*std::move(met));
}

bool HasControlCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

bool IsSha256Hex(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

absl::Status ValidateRelease(const pb::RecordRelease& c) {
  std::vector<FieldViolation> v;
  const size_t label = Utf8Length(c.version_label());
  if (label == 0 || label > kMaxVersionLabel ||
      HasControlCharacter(c.version_label())) {
    v.push_back({"version_label",
                 absl::StrCat("1-", kMaxVersionLabel,
                              " characters without control characters")});
  }
  if (c.rows() < 0) v.push_back({"rows", "must be >= 0"});
  if (c.bytes() < 0) v.push_back({"bytes", "must be >= 0"});
  if (!IsSha256Hex(c.sha256())) {
    v.push_back({"sha256", "64 lowercase hexadecimal characters"});
  }
  const size_t format = Utf8Length(c.format());
  if (format == 0 || format > kMaxReleaseFormat) {
    v.push_back(
        {"format", absl::StrCat("1-", kMaxReleaseFormat, " characters")});
  }
  if (Utf8Length(c.notes()) > kMaxReleaseNotes) {
    v.push_back(
        {"notes", absl::StrCat("at most ", kMaxReleaseNotes, " characters")});
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("RELEASE_INVALID", std::move(v));
}

absl::StatusOr<Events> RecordReleaseCmd(const CatalogEntryState& s,
                                        const pb::RecordRelease& c,
                                        const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateRelease(c));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (!Upkept(s)) {
    return NotUpkept(s,
                     "only a published entry (or one taken down for "
                     "quality, as remediation) has releases");
  }
  if (s.release_ledger.version_labels.count(c.version_label()) > 0) {
    return MakeError(absl::StatusCode::kAlreadyExists, "RELEASE_VERSION_EXISTS",
                     absl::StrCat("version \"", c.version_label(),
                                  "\" was already released for this entry"),
                     {{"version_label", c.version_label()}});
  }
  pb::EventPayload p;
  pb::Release* r =
      p.mutable_catalog_entry_release_recorded()->mutable_release();
  r->set_number(s.release_ledger.releases + 1);
  r->set_version_label(c.version_label());
  r->set_rows(c.rows());
  r->set_bytes(c.bytes());
  r->set_sha256(c.sha256());
  r->set_format(c.format());
  r->set_notes(c.notes());
  *r->mutable_release_time() = ToProto(ctx.now);
  *r->mutable_recorded_by() = ctx.actor;
  Events events{p};
  MeetRunning(s, pb::DEADLINE_KIND_DATA_UPDATE, ctx.now, events);
  if (HasUpdateClock(s)) {
    // The clock just met is counted among the entry's clocks, so the next one
    // gets the next number.
    events.push_back(StartUpdateClock(s, ctx.now));
  }
  return events;
}

bool ValidRating(pb::QualityRating rating) {
  return rating != pb::QUALITY_RATING_UNSPECIFIED &&
         pb::QualityRating_IsValid(rating);
}

absl::Status ValidateAssessment(const pb::RecordQualityAssessment& c) {
  std::vector<FieldViolation> v;
  const std::pair<const char*, pb::QualityRating> ratings[] = {
      {"authenticity", c.authenticity()},
      {"completeness", c.completeness()},
      {"accuracy", c.accuracy()},
      {"timeliness", c.timeliness()},
      {"availability", c.availability()}};
  for (const auto& [field, rating] : ratings) {
    if (!ValidRating(rating)) {
      v.push_back({field, "GOOD, MINOR_ISSUES or SERIOUS_ISSUES"});
    }
  }
  const size_t findings = Utf8Length(c.findings());
  if (findings == 0 || findings > kMaxQualityFindings) {
    v.push_back(
        {"findings", absl::StrCat("1-", kMaxQualityFindings, " characters")});
  }
  if (c.conclusion() == pb::QUALITY_CONCLUSION_UNSPECIFIED ||
      !pb::QualityConclusion_IsValid(c.conclusion())) {
    v.push_back(
        {"conclusion", "SATISFACTORY, NEEDS_IMPROVEMENT or UNSATISFACTORY"});
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("QUALITY_ASSESSMENT_INVALID", std::move(v));
}

absl::StatusOr<Events> RecordAssessmentCmd(const CatalogEntryState& s,
                                           const pb::RecordQualityAssessment& c,
                                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateAssessment(c));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (!Upkept(s)) {
    return NotUpkept(s,
                     "only a published entry (or one taken down for "
                     "quality) is assessed");
  }
  pb::EventPayload p;
  pb::QualityAssessment* a =
      p.mutable_catalog_entry_quality_assessed()->mutable_assessment();
  a->set_number(s.release_ledger.assessments + 1);
  a->set_authenticity(c.authenticity());
  a->set_completeness(c.completeness());
  a->set_accuracy(c.accuracy());
  a->set_timeliness(c.timeliness());
  a->set_availability(c.availability());
  a->set_findings(c.findings());
  a->set_conclusion(c.conclusion());
  *a->mutable_assess_time() = ToProto(ctx.now);
  *a->mutable_assessed_by() = ctx.actor;
  Events events{p};
  MeetRunning(s, pb::DEADLINE_KIND_QUALITY_ASSESSMENT, ctx.now, events);
  events.push_back(StartAssessmentClock(s, ctx.now));
  return events;
}

}  // namespace

std::string DataUpdateDeadlineId(const std::string& catalog_entry_id,
                                 int32_t n) {
  return absl::StrCat("data-update:", catalog_entry_id, ":", n);
}

std::string QualityAssessmentDeadlineId(const std::string& catalog_entry_id,
                                        int32_t n) {
  return absl::StrCat("quality-assessment:", catalog_entry_id, ":", n);
}

absl::Time NextUpdateDue(pb::UpdateFrequency frequency, absl::Time from) {
  const absl::CivilDay day = ShanghaiDay(from);
  switch (frequency) {
    case pb::UPDATE_FREQUENCY_REAL_TIME:
    case pb::UPDATE_FREQUENCY_DAILY:
      return EndOfShanghaiDay(day + 1);
    case pb::UPDATE_FREQUENCY_WEEKLY:
      return EndOfShanghaiDay(day + 7);
    case pb::UPDATE_FREQUENCY_MONTHLY:
      return EndOfShanghaiDay(AddMonths(day, 1));
    case pb::UPDATE_FREQUENCY_QUARTERLY:
      return EndOfShanghaiDay(AddMonths(day, 3));
    case pb::UPDATE_FREQUENCY_HALF_YEARLY:
      return EndOfShanghaiDay(AddMonths(day, 6));
    case pb::UPDATE_FREQUENCY_YEARLY:
    case pb::UPDATE_FREQUENCY_IRREGULAR:
      return EndOfShanghaiDay(AddMonths(day, 12));
    default:
      return absl::InfiniteFuture();
  }
}

absl::Time NextAssessmentDue(absl::Time from) {
  return EndOfShanghaiDay(AddMonths(ShanghaiDay(from), 12));
}

absl::StatusOr<Events> DecideRelease(const CatalogEntryState& state,
                                     const pb::Command& command,
                                     const CommandContext& ctx) {
  switch (command.command_case()) {
    case pb::Command::kRecordRelease:
      return RecordReleaseCmd(state, command.record_release(), ctx);
    case pb::Command::kRecordQualityAssessment:
      return RecordAssessmentCmd(state, command.record_quality_assessment(),
                                 ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a release command"}});
  }
}

Events StartUpkeepClocks(const CatalogEntryState& state, absl::Time now) {
  Events events;
  if (HasUpdateClock(state) &&
      RunningClock(state, pb::DEADLINE_KIND_DATA_UPDATE) == nullptr) {
    events.push_back(StartUpdateClock(state, now));
  }
  if (RunningClock(state, pb::DEADLINE_KIND_QUALITY_ASSESSMENT) == nullptr) {
    events.push_back(StartAssessmentClock(state, now));
  }
  return events;
}

Events CancelUpkeepClocks(const CatalogEntryState& state,
                          const std::string& reason) {
  Events events;
  for (pb::DeadlineKind kind :
       {pb::DEADLINE_KIND_DATA_UPDATE, pb::DEADLINE_KIND_QUALITY_ASSESSMENT}) {
    const pb::Deadline* running = RunningClock(state, kind);
    if (running == nullptr) continue;
    auto cancelled =
        CancelClock(state.deadlines, running->deadline_id(), reason);
    if (cancelled.has_value()) events.push_back(*std::move(cancelled));
  }
  return events;
}

Events HandOverUpkeepClocks(const CatalogEntryState& state,
                            const std::string& to_organization,
                            const std::string& to_region, absl::Time now) {
  Events events;
  for (pb::DeadlineKind kind :
       {pb::DEADLINE_KIND_DATA_UPDATE, pb::DEADLINE_KIND_QUALITY_ASSESSMENT}) {
    const pb::Deadline* running = RunningClock(state, kind);
    if (running == nullptr) continue;
    auto cancelled =
        CancelClock(state.deadlines, running->deadline_id(),
                    absl::StrCat("entry migrated to ", to_organization));
    if (!cancelled.has_value()) continue;
    events.push_back(*std::move(cancelled));
    ClockSpec spec;
    spec.kind = kind;
    const int32_t n = ClocksOf(state, kind) + 1;
    spec.deadline_id =
        kind == pb::DEADLINE_KIND_DATA_UPDATE
            ? DataUpdateDeadlineId(state.catalog_entry_id, n)
            : QualityAssessmentDeadlineId(state.catalog_entry_id, n);
    spec.stream_id = running->stream_id();
    spec.subject_id = running->subject_id();
    spec.responsible_role = running->responsible_role();
    if (kind == pb::DEADLINE_KIND_DATA_UPDATE)
      spec.responsible_organization = to_organization;
    spec.responsible_region = to_region;
    events.push_back(
        StartClockUntil(spec, now, FromProto(running->due_time())));
  }
  return events;
}

}  // namespace opendata
