// Implementation of takedown_decider.h.
#include "engine/catalog/takedown_decider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_decider.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/catalog/decider_common.h"
#include "engine/catalog/release_decider.h"

namespace opendata {
namespace {

// ------------------------------------------------------------ takedown (Art.
// 14)

// Reasons and notes of the takedown workflow: 1-1000 characters.
absl::Status ValidateText(const std::string& text, const std::string& field) {
  if (!text.empty() && Utf8Length(text) <= kMaxTakedownText)
    return absl::OkStatus();
  return InvalidArgument(
      "TAKEDOWN_INVALID",
      {{field, absl::StrCat("1-", kMaxTakedownText, " characters")}});
}

absl::Status NotPublished(const CatalogEntryState& s, absl::string_view what) {
  return WrongState(s, "CATALOG_ENTRY_NOT_PUBLISHED", what);
}

absl::Status NotSuspended(const CatalogEntryState& s) {
  return WrongState(s, "CATALOG_ENTRY_NOT_SUSPENDED",
                    "the entry is not taken down for quality");
}

absl::StatusOr<Events> RequestTakedownCmd(const CatalogEntryState& s,
                                          const pb::RequestTakedown& c,
                                          const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateText(c.reasons(), "reasons"));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (s.state != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return NotPublished(s, "only a published entry can be taken down");
  }
  if (TakedownPending(s.takedown)) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "TAKEDOWN_ALREADY_PENDING",
        absl::StrCat("takedown application ", s.takedown.number(), " is still ",
                     pb::TakedownState_Name(s.takedown.state())),
        {{"takedown", absl::StrCat(s.takedown.number())},
         {"takedown_state", pb::TakedownState_Name(s.takedown.state())}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_requested();
  e->set_takedown(s.takedown.number() + 1);
  e->set_reasons(c.reasons());
  return Events{p};
}

// The step of a pending application the acting reviewer may decide: the
// county step of a COUNTY entry belongs to that county's reviewer
// (ART14_COUNTY_APPROVAL_FIRST if the city reviewer tries it), the city step to
// the city reviewer (ART14_CITY_APPROVAL_REQUIRED if a county reviewer tries
// it).
absl::StatusOr<pb::Level> TakedownStep(const CatalogEntryState& s,
                                       const std::string& id,
                                       const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  if (!s.exists()) return NotFound(id);
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.takedown.state() != pb::TAKEDOWN_STATE_APPLIED &&
      s.takedown.state() != pb::TAKEDOWN_STATE_COUNTY_APPROVED) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING",
        "no takedown application of this entry waits for an approval",
        {{"takedown_state", pb::TakedownState_Name(s.takedown.state())}});
  }
  const pb::Level step =
      s.level == pb::LEVEL_COUNTY &&
              s.takedown.state() == pb::TAKEDOWN_STATE_APPLIED
          ? pb::LEVEL_COUNTY
          : pb::LEVEL_CITY;
  if (step == pb::LEVEL_COUNTY && ctx.actor.level() != pb::LEVEL_COUNTY) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "ART14_COUNTY_APPROVAL_FIRST",
        "a COUNTY entry's takedown is decided first by its county reviewer, "
        "then by the city reviewer",
        {{"region", s.region}});
  }
  if (step == pb::LEVEL_CITY && ctx.actor.level() != pb::LEVEL_CITY) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "ART14_CITY_APPROVAL_REQUIRED",
                     "this step of the takedown needs the city reviewer",
                     {{"actor_region", ctx.actor.region()}});
  }
  return step;
}

absl::StatusOr<Events> ApproveTakedownCmd(const CatalogEntryState& s,
                                          const pb::ApproveTakedown& c,
                                          const CommandContext& ctx,
                                          const WorkingCalendar& calendar,
                                          const TakedownInputs& inputs) {
  ASSIGN_OR_RETURN(const pb::Level step,
                   TakedownStep(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_approved();
  e->set_takedown(s.takedown.number());
  e->set_step(step);
  if (step == pb::LEVEL_COUNTY) return Events{p};
  ClockSpec clock;
  clock.kind = pb::DEADLINE_KIND_TAKEDOWN_NOTICE;
  clock.deadline_id =
      TakedownNoticeDeadlineId(s.catalog_entry_id, s.takedown.number());
  clock.stream_id = CatalogEntryStream(s.catalog_entry_id);
  clock.subject_id = s.catalog_entry_id;
  clock.responsible_role = pb::ROLE_SYSTEM;
  clock.responsible_region = s.region;
  clock.working_days = kTakedownNoticeWorkingDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  e->set_notice_started(true);
  *e->mutable_notice_end_time() =
      started.deadline_started().deadline().due_time();
  e->set_notice_provisional(
      started.deadline_started().deadline().provisional());
  // Art. 14: every user who applied for the data is notified as the notice
  // starts; the event records who, so that it is provable.
  std::vector<std::string> users = inputs.applicants;
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  for (std::string& user : users) e->add_notified_users(std::move(user));
  return Events{p, started};
}

absl::StatusOr<Events> RefuseTakedownCmd(const CatalogEntryState& s,
                                         const pb::RefuseTakedown& c,
                                         const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateText(c.reasons(), "reasons"));
  ASSIGN_OR_RETURN(const pb::Level step,
                   TakedownStep(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_refused();
  e->set_takedown(s.takedown.number());
  e->set_step(step);
  e->set_reasons(c.reasons());
  return Events{p};
}

absl::StatusOr<Events> TakeDownForQualityCmd(const CatalogEntryState& s,
                                             const pb::TakeDownForQuality& c,
                                             const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateText(c.reasons(), "reasons"));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.state != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return NotPublished(s, "only a published entry can be taken down");
  }
  pb::EventPayload p;
  p.mutable_catalog_entry_suspended_for_quality()->set_reasons(c.reasons());
  return Events{p};
}

absl::StatusOr<Events> ReportRemediationCmd(const CatalogEntryState& s,
                                            const pb::ReportRemediation& c,
                                            const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateText(c.notes(), "notes"));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (s.state != pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY)
    return NotSuspended(s);
  pb::EventPayload p;
  p.mutable_catalog_entry_remediation_reported()->set_notes(c.notes());
  return Events{p};
}

absl::StatusOr<Events> AcceptRemediationCmd(const CatalogEntryState& s,
                                            const pb::AcceptRemediation& c,
                                            const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.state != pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY)
    return NotSuspended(s);
  if (s.suspension.suspended_by().level() == pb::LEVEL_CITY &&
      ctx.actor.level() != pb::LEVEL_CITY) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "SUSPENDED_BY_HIGHER_AUTHORITY",
                     "the city reviewer took this entry down; only the city "
                     "reviewer may publish it again",
                     {{"suspended_by", s.suspension.suspended_by().subject()}});
  }
  if (s.suspension.remediation_notes().empty()) {
    return WrongState(s, "REMEDIATION_NOT_REPORTED",
                      "the provider has not reported a remediation");
  }
  pb::EventPayload p;
  p.mutable_catalog_entry_republished()->set_suspension_reasons(
      s.suspension.reasons());
  // The upkeep clocks (Art. 12) kept running through the suspension; only a
  // missing one (an entry published before they existed) starts here.
  Events events{p};
  for (pb::EventPayload& clock : StartUpkeepClocks(s, ctx.now))
    events.push_back(std::move(clock));
  return events;
}

absl::StatusOr<Events> WithdrawTakedownCmd(const CatalogEntryState& s,
                                           const pb::WithdrawTakedown& c,
                                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (s.takedown.state() == pb::TAKEDOWN_STATE_NOTICE) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "TAKEDOWN_NOTICE_RUNNING",
        "the public notice of this takedown has started; it can no longer be "
        "withdrawn",
        {{"takedown", absl::StrCat(s.takedown.number())}});
  }
  if (s.takedown.state() != pb::TAKEDOWN_STATE_APPLIED &&
      s.takedown.state() != pb::TAKEDOWN_STATE_COUNTY_APPROVED) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING",
        "no takedown application of this entry can be withdrawn",
        {{"takedown_state", pb::TakedownState_Name(s.takedown.state())}});
  }
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_withdrawn()->set_takedown(
      s.takedown.number());
  return Events{p};
}

// Destruction (Art. 14, last sentence): a TAKEN_DOWN entry judged unfit to
// open again. Pending change or migration applications must be decided first
// (CHANGE_APPLICATION_PENDING), so that nothing is left waiting on an entry
// that can never change again.
absl::StatusOr<Events> DestroyOpenCopyCmd(const CatalogEntryState& s,
                                          const pb::DestroyOpenCopy& c,
                                          const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(
      ValidateReasons(c.reasons(), "reasons", "DESTRUCTION_INVALID"));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.state != pb::CATALOG_ENTRY_STATE_TAKEN_DOWN) {
    return WrongState(s, "CATALOG_ENTRY_NOT_TAKEN_DOWN",
                      "only a taken-down entry's open copy can be destroyed");
  }
  if (s.change.state() == pb::CHANGE_APPLICATION_STATE_PENDING ||
      s.migration.state() == pb::CHANGE_APPLICATION_STATE_PENDING ||
      s.migration.state() == pb::CHANGE_APPLICATION_STATE_CONFIRMED) {
    return WrongState(s, "CHANGE_APPLICATION_PENDING",
                      "a content change or migration of this entry is still "
                      "pending; refuse it first");
  }
  pb::EventPayload p;
  p.mutable_catalog_entry_open_copy_destroyed()->set_reasons(c.reasons());
  return Events{p};
}

// MarkDeadlineOverdue. For a takedown notice the end is the notice running its
// course, not a missed action: the notice is met (not late) and the takedown
// takes effect, in place of DeadlineOverdue. DecideMarkOverdue's checks (role
// SYSTEM, exists, due, still open) apply alike, so this fires exactly once.
absl::StatusOr<Events> MarkOverdue(const CatalogEntryState& s,
                                   const pb::MarkDeadlineOverdue& c,
                                   const CommandContext& ctx) {
  if (!s.exists()) return NotFound(c.stream_id());
  ASSIGN_OR_RETURN(Events events, DecideMarkOverdue(s.deadlines, c, ctx));
  const auto it = s.deadlines.find(c.deadline_id());
  if (events.empty() || it == s.deadlines.end() ||
      it->second.kind() != pb::DEADLINE_KIND_TAKEDOWN_NOTICE) {
    return events;
  }
  pb::EventPayload met;
  met.mutable_deadline_met()->set_deadline_id(c.deadline_id());
  met.mutable_deadline_met()->set_late(false);
  pb::EventPayload taken;
  auto* e = taken.mutable_catalog_entry_taken_down();
  e->set_takedown(s.takedown.number());
  *e->mutable_notice_end_time() = it->second.due_time();
  // A taken-down entry owes no more updates or assessments (Art. 12).
  Events effect{met, taken};
  for (pb::EventPayload& cancelled : CancelUpkeepClocks(s, "entry taken down"))
    effect.push_back(std::move(cancelled));
  return effect;
}
}  // namespace

absl::StatusOr<Events> DecideTakedown(const CatalogEntryState& state,
                                      const pb::Command& command,
                                      const CommandContext& ctx,
                                      const WorkingCalendar& calendar,
                                      const TakedownInputs& inputs) {
  switch (command.command_case()) {
    case pb::Command::kRequestTakedown:
      return RequestTakedownCmd(state, command.request_takedown(), ctx);
    case pb::Command::kApproveTakedown:
      return ApproveTakedownCmd(state, command.approve_takedown(), ctx,
                                calendar, inputs);
    case pb::Command::kRefuseTakedown:
      return RefuseTakedownCmd(state, command.refuse_takedown(), ctx);
    case pb::Command::kTakeDownForQuality:
      return TakeDownForQualityCmd(state, command.take_down_for_quality(), ctx);
    case pb::Command::kReportRemediation:
      return ReportRemediationCmd(state, command.report_remediation(), ctx);
    case pb::Command::kAcceptRemediation:
      return AcceptRemediationCmd(state, command.accept_remediation(), ctx);
    case pb::Command::kWithdrawTakedown:
      return WithdrawTakedownCmd(state, command.withdraw_takedown(), ctx);
    case pb::Command::kDestroyOpenCopy:
      return DestroyOpenCopyCmd(state, command.destroy_open_copy(), ctx);
    case pb::Command::kMarkDeadlineOverdue:
      return MarkOverdue(state, command.mark_deadline_overdue(), ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a takedown command"}});
  }
}

}  // namespace opendata
