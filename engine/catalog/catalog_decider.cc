// Implementation of catalog_decider.h: one small function per command.
#include "engine/catalog/catalog_decider.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/catalog/change_decider.h"
#include "engine/catalog/decider_common.h"
#include "engine/catalog/industry_decider.h"
#include "engine/catalog/objection_decider.h"
#include "engine/catalog/release_decider.h"
#include "engine/catalog/takedown_decider.h"

namespace opendata {
namespace {

bool Editable(const CatalogEntryState& s) {
  return s.state == pb::CATALOG_ENTRY_STATE_DRAFT ||
         s.state == pb::CATALOG_ENTRY_STATE_RETURNED;
}

absl::StatusOr<Events> Create(const CatalogEntryState& s,
                              const pb::CreateCatalogEntry& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(
      ValidateCatalogEntryId(c.catalog_entry_id(), "catalog_entry_id"));
  RETURN_IF_ERROR(ValidateContentFormat(c.content(), "content"));
  if (s.exists()) {
    return MakeError(
        absl::StatusCode::kAlreadyExists, "CATALOG_ENTRY_EXISTS",
        absl::StrCat("catalog entry ", c.catalog_entry_id(), " already exists"),
        {{"catalog_entry_id", c.catalog_entry_id()}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_created();
  e->set_catalog_entry_id(c.catalog_entry_id());
  e->set_provider_organization(ctx.actor.organization());
  e->set_level(ctx.actor.level());
  e->set_region(ctx.actor.region());
  *e->mutable_content() = c.content();
  return Events{p};
}

absl::StatusOr<Events> Edit(const CatalogEntryState& s,
                            const pb::EditCatalogEntry& c,
                            const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  RETURN_IF_ERROR(ValidateContentFormat(c.content(), "content"));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (!Editable(s)) {
    return WrongState(s, "CATALOG_ENTRY_NOT_EDITABLE",
                      "only a draft or returned entry can be edited");
  }
  std::vector<std::string> changed =
      ChangedContentFields(s.content, c.content());
  if (changed.empty()) return Events{};
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_edited();
  *e->mutable_content() = c.content();
  for (auto& f : changed) e->add_changed_fields(std::move(f));
  return Events{p};
}

absl::StatusOr<Events> Submit(const CatalogEntryState& s,
                              const pb::SubmitCatalogEntry& c,
                              const CommandContext& ctx,
                              const WorkingCalendar& calendar) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_PROVIDER));
  if (!s.exists()) return NotFound(c.catalog_entry_id());
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.provider_organization));
  if (!Editable(s)) {
    return WrongState(s, "CATALOG_ENTRY_NOT_SUBMITTABLE",
                      "only a draft or returned entry can be submitted");
  }
  RETURN_IF_ERROR(CheckSubmittable(s.content));
  ClockSpec clock;
  clock.kind = pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW;
  clock.deadline_id =
      CatalogReviewDeadlineId(s.catalog_entry_id, s.submissions + 1);
  clock.stream_id = CatalogEntryStream(s.catalog_entry_id);
  clock.subject_id = s.catalog_entry_id;
  clock.responsible_role = pb::ROLE_REVIEWER;
  clock.responsible_region = s.region;
  clock.working_days = kCatalogReviewWorkingDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_submitted();
  e->set_submission(s.submissions + 1);
  *e->mutable_review_due_time() =
      started.deadline_started().deadline().due_time();
  e->set_review_due_provisional(
      started.deadline_started().deadline().provisional());
  if (s.has_notice) {
    for (auto& f : ChangedContentFields(s.content_at_notice, s.content))
      e->add_changed_since_notice(f);
  }
  return Events{p, started};
}

// The review clock of the submission under review is met by the review.
void MeetReviewClock(const CatalogEntryState& s, const CommandContext& ctx,
                     Events& events) {
  auto met = MeetClock(
      s.deadlines, CatalogReviewDeadlineId(s.catalog_entry_id, s.submissions),
      ctx.now);
  if (met.has_value()) events.push_back(*std::move(met));
}

absl::Status CheckReviewer(const CatalogEntryState& s, const std::string& id,
                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  if (!s.exists()) return NotFound(id);
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.state != pb::CATALOG_ENTRY_STATE_SUBMITTED) {
    return WrongState(s, "CATALOG_ENTRY_NOT_UNDER_REVIEW",
                      "only a submitted entry can be reviewed");
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> Publish(const CatalogEntryState& s,
                               const pb::PublishCatalogEntry& c,
                               const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckReviewer(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_published();
  e->set_submission(s.submissions);
  e->set_late(ctx.now > s.review_due);
  Events events{p};
  MeetReviewClock(s, ctx, events);
  // The upkeep clocks of Art. 12: data update and quality assessment.
  for (pb::EventPayload& clock : StartUpkeepClocks(s, ctx.now))
    events.push_back(std::move(clock));
  return events;
}

absl::Status ValidateDefects(const pb::ReturnCatalogEntry& c) {
  std::vector<FieldViolation> v;
  if (c.defects_size() == 0)
    v.push_back({"defects", "a failed review states at least one defect"});
  if (c.defects_size() > kMaxDefects)
    v.push_back({"defects", absl::StrCat("at most ", kMaxDefects)});
  const auto* d = pb::CatalogEntryContent::descriptor();
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < c.defects_size(); ++i) {
    const auto& defect = c.defects(i);
    const std::string at = absl::StrCat("defects[", i, "]");
    if (d->FindFieldByName(defect.field()) == nullptr) {
      v.push_back({at + ".field",
                   "must name a top-level field of CatalogEntryContent"});
    }
    if (defect.reason().empty() || Utf8Length(defect.reason()) > 500) {
      v.push_back({at + ".reason", "1-500 characters"});
    }
    if (!seen.insert({defect.field(), defect.reason()}).second) {
      v.push_back({at, "duplicate defect"});
    }
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("DEFECTS_INVALID", std::move(v));
}

// One-time notification (一次性告知): on a resubmission only defects from the
// last notice (still present) or in fields changed since may be cited.
absl::Status CheckOneTimeNotice(const CatalogEntryState& s,
                                const pb::ReturnCatalogEntry& c) {
  if (!s.has_notice) return absl::OkStatus();
  std::set<std::string> allowed(s.notice_fields.begin(), s.notice_fields.end());
  allowed.insert(s.changed_since_notice.begin(), s.changed_since_notice.end());
  std::vector<PreconditionViolation> v;
  for (int i = 0; i < c.defects_size(); ++i) {
    if (!allowed.count(c.defects(i).field())) {
      v.push_back(
          {"ONE_TIME_NOTICE", absl::StrCat("defects[", i, "].field"),
           absl::StrCat(
               "\"", c.defects(i).field(),
               "\" was not cited in the last notice and has not changed since; "
               "it "
               "should have been notified at once (一次性告知). Citable: ",
               absl::StrJoin(allowed, ", "))});
    }
  }
  if (v.empty()) return absl::OkStatus();
  return FailedPrecondition(
      "ONE_TIME_NOTICE_VIOLATION",
      "defects outside the last notice and the changed fields", std::move(v));
}

absl::StatusOr<Events> Return(const CatalogEntryState& s,
                              const pb::ReturnCatalogEntry& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(ValidateDefects(c));
  RETURN_IF_ERROR(CheckReviewer(s, c.catalog_entry_id(), ctx));
  RETURN_IF_ERROR(CheckOneTimeNotice(s, c));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_returned();
  e->set_submission(s.submissions);
  *e->mutable_defects() = c.defects();
  e->set_late(ctx.now > s.review_due);
  Events events{p};
  MeetReviewClock(s, ctx, events);
  return events;
}

}  // namespace

std::string CatalogEntryIdOf(const pb::Command& command) {
  switch (command.command_case()) {
    case pb::Command::kCreateCatalogEntry:
      return command.create_catalog_entry().catalog_entry_id();
    case pb::Command::kEditCatalogEntry:
      return command.edit_catalog_entry().catalog_entry_id();
    case pb::Command::kSubmitCatalogEntry:
      return command.submit_catalog_entry().catalog_entry_id();
    case pb::Command::kPublishCatalogEntry:
      return command.publish_catalog_entry().catalog_entry_id();
    case pb::Command::kReturnCatalogEntry:
      return command.return_catalog_entry().catalog_entry_id();
    case pb::Command::kRequestTakedown:
      return command.request_takedown().catalog_entry_id();
    case pb::Command::kApproveTakedown:
      return command.approve_takedown().catalog_entry_id();
    case pb::Command::kRefuseTakedown:
      return command.refuse_takedown().catalog_entry_id();
    case pb::Command::kTakeDownForQuality:
      return command.take_down_for_quality().catalog_entry_id();
    case pb::Command::kReportRemediation:
      return command.report_remediation().catalog_entry_id();
    case pb::Command::kAcceptRemediation:
      return command.accept_remediation().catalog_entry_id();
    case pb::Command::kApplyForContentChange:
      return command.apply_for_content_change().catalog_entry_id();
    case pb::Command::kApproveContentChange:
      return command.approve_content_change().catalog_entry_id();
    case pb::Command::kRefuseContentChange:
      return command.refuse_content_change().catalog_entry_id();
    case pb::Command::kRequestMigration:
      return command.request_migration().catalog_entry_id();
    case pb::Command::kConfirmMigration:
      return command.confirm_migration().catalog_entry_id();
    case pb::Command::kDeclineMigration:
      return command.decline_migration().catalog_entry_id();
    case pb::Command::kApproveMigration:
      return command.approve_migration().catalog_entry_id();
    case pb::Command::kRefuseMigration:
      return command.refuse_migration().catalog_entry_id();
    case pb::Command::kApplyForIndustryEntry:
      return command.apply_for_industry_entry().catalog_entry_id();
    case pb::Command::kApproveIndustryEntry:
      return command.approve_industry_entry().catalog_entry_id();
    case pb::Command::kRefuseIndustryEntry:
      return command.refuse_industry_entry().catalog_entry_id();
    case pb::Command::kReturnIndustryEntry:
      return command.return_industry_entry().catalog_entry_id();
    case pb::Command::kWithdrawTakedown:
      return command.withdraw_takedown().catalog_entry_id();
    case pb::Command::kDestroyOpenCopy:
      return command.destroy_open_copy().catalog_entry_id();
    case pb::Command::kRecordRelease:
      return command.record_release().catalog_entry_id();
    case pb::Command::kRecordQualityAssessment:
      return command.record_quality_assessment().catalog_entry_id();
    case pb::Command::kFileObjection:
      return command.file_objection().catalog_entry_id();
    case pb::Command::kWithdrawObjection:
      return command.withdraw_objection().catalog_entry_id();
    case pb::Command::kVerifyObjection:
      return command.verify_objection().catalog_entry_id();
    case pb::Command::kAnswerObjection:
      return command.answer_objection().catalog_entry_id();
    case pb::Command::kMarkDeadlineOverdue: {
      const std::string& stream = command.mark_deadline_overdue().stream_id();
      const std::string prefix = CatalogEntryStream("");
      return stream.rfind(prefix, 0) == 0 ? stream.substr(prefix.size()) : "";
    }
    default:
      return "";
  }
}

absl::StatusOr<Events> DecideCatalog(const CatalogEntryState& state,
                                     const pb::Command& command,
                                     const CommandContext& ctx,
                                     const WorkingCalendar& calendar,
                                     const TakedownInputs& takedown_inputs) {
  // Objections pending at the destruction are still verified, answered or
  // withdrawn; none of these changes the destroyed entry.
  if (state.destroyed() &&
      command.command_case() != pb::Command::kMarkDeadlineOverdue &&
      (!IsObjectionCommand(command) ||
       command.command_case() == pb::Command::kFileObjection)) {
    return WrongState(state, "OPEN_COPY_DESTROYED",
                      "the open copy of this entry was destroyed; it can never "
                      "be republished or changed");
  }
  switch (command.command_case()) {
    case pb::Command::kCreateCatalogEntry:
      return Create(state, command.create_catalog_entry(), ctx);
    case pb::Command::kEditCatalogEntry:
      return Edit(state, command.edit_catalog_entry(), ctx);
    case pb::Command::kSubmitCatalogEntry:
      return Submit(state, command.submit_catalog_entry(), ctx, calendar);
    case pb::Command::kPublishCatalogEntry:
      return Publish(state, command.publish_catalog_entry(), ctx);
    case pb::Command::kReturnCatalogEntry:
      return Return(state, command.return_catalog_entry(), ctx);
    case pb::Command::kRequestTakedown:
    case pb::Command::kApproveTakedown:
    case pb::Command::kRefuseTakedown:
    case pb::Command::kTakeDownForQuality:
    case pb::Command::kReportRemediation:
    case pb::Command::kAcceptRemediation:
    case pb::Command::kWithdrawTakedown:
    case pb::Command::kDestroyOpenCopy:
    case pb::Command::kMarkDeadlineOverdue:
      return DecideTakedown(state, command, ctx, calendar, takedown_inputs);
    case pb::Command::kApplyForContentChange:
    case pb::Command::kApproveContentChange:
    case pb::Command::kRefuseContentChange:
    case pb::Command::kRequestMigration:
    case pb::Command::kConfirmMigration:
    case pb::Command::kDeclineMigration:
    case pb::Command::kApproveMigration:
    case pb::Command::kRefuseMigration:
      return DecideChange(state, command, ctx);
    case pb::Command::kApplyForIndustryEntry:
    case pb::Command::kApproveIndustryEntry:
    case pb::Command::kRefuseIndustryEntry:
    case pb::Command::kReturnIndustryEntry:
      return DecideIndustry(state, command, ctx);
    case pb::Command::kRecordRelease:
    case pb::Command::kRecordQualityAssessment:
      return DecideRelease(state, command, ctx);
    case pb::Command::kFileObjection:
    case pb::Command::kWithdrawObjection:
    case pb::Command::kVerifyObjection:
    case pb::Command::kAnswerObjection:
      return DecideObjection(state, command, ctx, calendar, takedown_inputs);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a catalog command"}});
  }
}

}  // namespace opendata
