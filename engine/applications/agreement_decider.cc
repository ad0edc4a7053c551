// The application decider after approval (annex 5): signatures and the grant,
// renewal, revocation, the end of the use period (the scheduler's
// MarkDeadlineOverdue of the AGREEMENT_END clock), destruction and reports.
// Declared in application_common.h. Pure; safe from any thread.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/applications/application_common.h"
#include "engine/applications/application_rules.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"

namespace opendata::applications {

namespace pb = ::jining::opendata::v1;

namespace {

// 00:00:00 Asia/Shanghai of `day`.
absl::Time StartOfShanghaiDay(absl::CivilDay day) {
  return EndOfShanghaiDay(day - 1) + absl::Seconds(1);
}

// The AGREEMENT_END clock of the current use period.
std::string CurrentEndClock(const ApplicationAggregate& s) {
  return AgreementEndDeadlineId(s.application.application_id(),
                                s.application.grant().renewals() + 1);
}

absl::Status RequireGranted(const ApplicationAggregate& s) {
  if (s.application.state() == pb::APPLICATION_STATE_GRANTED) {
    return absl::OkStatus();
  }
  return WrongState(s, "GRANT_NOT_ACTIVE", "access is not granted");
}

absl::StatusOr<Events> Sign(const ApplicationAggregate& s,
                            const CommandContext& ctx) {
  pb::Role party = ctx.actor.role();
  if (party == pb::ROLE_USER) {
    RETURN_IF_ERROR(RequireApplicant(s, ctx));
  } else {
    RETURN_IF_ERROR(RequireEntryOwner(s, ctx));
  }
  const pb::Application& app = s.application;
  if (app.state() != pb::APPLICATION_STATE_APPROVED) {
    return WrongState(s, "APPLICATION_NOT_APPROVED",
                      "only an approved application's agreement is signed");
  }
  const bool user_signed = app.has_user_sign_time();
  const bool provider_signed = app.has_provider_sign_time();
  if ((party == pb::ROLE_USER && user_signed) ||
      (party == pb::ROLE_PROVIDER && provider_signed)) {
    return WrongState(s, "AGREEMENT_ALREADY_SIGNED",
                      "this party has signed the agreement");
  }
  const std::optional<absl::CivilDay> start =
      ParseIsoDay(app.terms().use_start_date());
  const std::optional<absl::CivilDay> end =
      ParseIsoDay(app.terms().use_end_date());
  if (!start.has_value() || !end.has_value() || ShanghaiDay(ctx.now) > *end) {
    return FailedPrecondition("USE_PERIOD_ENDED",
                              "the agreed use period has ended",
                              {{"USE_PERIOD_ENDED", "terms.use_end_date",
                                app.terms().use_end_date()}});
  }
  pb::EventPayload signed_event;
  signed_event.mutable_agreement_signed()->set_party(party);
  Events events{signed_event};
  if (!(party == pb::ROLE_USER ? provider_signed : user_signed)) return events;
  // Both signed: grant access for the period.
  const absl::Time end_time = EndOfShanghaiDay(*end);
  pb::EventPayload granted;
  pb::AccessGrant* g = granted.mutable_access_granted()->mutable_grant();
  g->set_application_id(app.application_id());
  g->set_user_subject(app.applicant().subject());
  g->set_user_organization(app.applicant().organization());
  g->set_catalog_entry_id(app.entry().catalog_entry_id());
  g->set_service_mode(app.form().service_mode());
  *g->mutable_start_time() =
      ToProto(std::max(StartOfShanghaiDay(*start), ctx.now));
  *g->mutable_end_time() = ToProto(end_time);
  g->set_state(pb::GRANT_STATE_ACTIVE);
  *g->mutable_grant_time() = ToProto(ctx.now);
  g->set_informed_reviewer_region(app.entry().region());
  events.push_back(granted);
  events.push_back(
      StartDateClock(s, pb::DEADLINE_KIND_AGREEMENT_END,
                     AgreementEndDeadlineId(app.application_id(), 1),
                     pb::ROLE_SYSTEM, "", ctx.now, end_time));
  const absl::CivilDay today = ShanghaiDay(ctx.now);
  const absl::CivilDay report_day(
      today.year(), today.month() + app.terms().result_report_months(),
      today.day());
  events.push_back(StartDateClock(s, pb::DEADLINE_KIND_RESULT_REPORT,
                                  ResultReportDeadlineId(app.application_id()),
                                  pb::ROLE_USER, app.applicant().organization(),
                                  ctx.now, EndOfShanghaiDay(report_day)));
  return events;
}

absl::StatusOr<Events> ApplyRenewal(const ApplicationAggregate& s,
                                    const pb::ApplyForRenewal& c,
                                    const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireApplicant(s, ctx));
  std::vector<FieldViolation> bad;
  const std::optional<absl::CivilDay> current =
      ParseIsoDay(s.application.terms().use_end_date());
  const std::optional<absl::CivilDay> wanted =
      ParseIsoDay(c.new_use_end_date());
  if (!wanted.has_value()) {
    bad.push_back({"new_use_end_date", "ISO date"});
  } else if (current.has_value() && *wanted <= *current) {
    bad.push_back({"new_use_end_date", "after the current last day of use"});
  }
  const size_t reasons = Utf8Length(c.reasons());
  if (reasons < 1 || reasons > kMaxApplicationReasonText) {
    bad.push_back({"reasons", "1-1000 characters"});
  }
  if (!bad.empty()) return InvalidArgument("APPLICATION_INVALID", bad);
  RETURN_IF_ERROR(RequireGranted(s));
  if (ctx.now > FromProto(s.application.grant().end_time())) {
    return FailedPrecondition(
        "ANNEX5_RENEWAL_AFTER_END",
        "a renewal is applied for before the use period ends (annex 5)",
        {{"ANNEX5_RENEWAL_AFTER_END", "terms.use_end_date",
          s.application.terms().use_end_date()}});
  }
  if (s.application.current_renewal().state() == pb::RENEWAL_STATE_APPLIED) {
    return WrongState(s, "RENEWAL_ALREADY_PENDING",
                      "a renewal application is pending");
  }
  pb::EventPayload p;
  pb::Renewal* r = p.mutable_renewal_applied()->mutable_renewal();
  r->set_number(s.application.current_renewal().number() + 1);
  r->set_new_use_end_date(c.new_use_end_date());
  r->set_reasons(c.reasons());
  r->set_state(pb::RENEWAL_STATE_APPLIED);
  *r->mutable_apply_time() = ToProto(ctx.now);
  return Events{p};
}

absl::Status RequireRenewalPending(const ApplicationAggregate& s) {
  if (s.application.current_renewal().state() == pb::RENEWAL_STATE_APPLIED) {
    return absl::OkStatus();
  }
  return WrongState(s, "RENEWAL_NOT_PENDING", "no renewal is pending");
}

absl::StatusOr<Events> ApproveRenewal(const ApplicationAggregate& s,
                                      const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireEntryOwner(s, ctx));
  RETURN_IF_ERROR(RequireRenewalPending(s));
  RETURN_IF_ERROR(RequireGranted(s));
  const pb::Renewal& r = s.application.current_renewal();
  const absl::Time new_end =
      EndOfShanghaiDay(*ParseIsoDay(r.new_use_end_date()));
  pb::EventPayload p;
  auto* e = p.mutable_renewal_approved();
  e->set_number(r.number());
  e->set_new_use_end_date(r.new_use_end_date());
  *e->mutable_new_end_time() = ToProto(new_end);
  Events events{p};
  AppendIf(events, CancelClock(s.deadlines, CurrentEndClock(s), "renewed"));
  events.push_back(StartDateClock(
      s, pb::DEADLINE_KIND_AGREEMENT_END,
      AgreementEndDeadlineId(s.application.application_id(),
                             s.application.grant().renewals() + 2),
      pb::ROLE_SYSTEM, "", ctx.now, new_end));
  return events;
}

absl::StatusOr<Events> RefuseRenewal(const ApplicationAggregate& s,
                                     const pb::RefuseRenewal& c,
                                     const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireEntryOwner(s, ctx));
  RETURN_IF_ERROR(
      RequireText(c.reasons(), "reasons", kMaxApplicationReasonText));
  RETURN_IF_ERROR(RequireRenewalPending(s));
  pb::EventPayload p;
  p.mutable_renewal_refused()->set_number(
      s.application.current_renewal().number());
  p.mutable_renewal_refused()->set_reasons(c.reasons());
  return Events{p};
}

absl::StatusOr<Events> Revoke(const ApplicationAggregate& s,
                              const pb::RevokeGrant& c,
                              const CommandContext& ctx) {
  if (ctx.actor.role() == pb::ROLE_REVIEWER) {
    RETURN_IF_ERROR(
        RequireReviewerFor(ctx.actor, s.application.entry().region()));
  } else {
    RETURN_IF_ERROR(RequireEntryOwner(s, ctx));
  }
  if (c.reason() == pb::REVOCATION_REASON_UNSPECIFIED) {
    return InvalidArgument("APPLICATION_INVALID", {{"reason", "required"}});
  }
  RETURN_IF_ERROR(RequireText(c.text(), "text", kMaxApplicationReasonText));
  RETURN_IF_ERROR(RequireGranted(s));
  pb::EventPayload p;
  p.mutable_access_revoked()->set_reason(c.reason());
  p.mutable_access_revoked()->set_text(c.text());
  Events events{p};
  AppendIf(events, CancelClock(s.deadlines, CurrentEndClock(s), "revoked"));
  events.push_back(StartDestructionClock(s, ctx.now, ctx.now));
  return events;
}

absl::StatusOr<Events> Attest(const ApplicationAggregate& s,
                              const pb::AttestDestruction& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireApplicant(s, ctx));
  RETURN_IF_ERROR(RequireText(c.method_used(), "method_used", 200));
  const pb::ApplicationState state = s.application.state();
  if (state != pb::APPLICATION_STATE_ENDED &&
      state != pb::APPLICATION_STATE_REVOKED) {
    return WrongState(s, "ACCESS_NOT_ENDED",
                      "destruction is attested after the use period ends");
  }
  if (s.application.has_destruction_attest_time()) {
    return WrongState(s, "DESTRUCTION_ALREADY_ATTESTED",
                      "destruction was attested");
  }
  pb::EventPayload p;
  p.mutable_destruction_attested()->set_method_used(c.method_used());
  Events events{p};
  AppendIf(events,
           MeetClock(s.deadlines,
                     DestructionDeadlineId(s.application.application_id()),
                     ctx.now));
  return events;
}

absl::StatusOr<Events> Report(const ApplicationAggregate& s,
                              const std::string& text, bool result,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireApplicant(s, ctx));
  RETURN_IF_ERROR(RequireText(text, "text", 5000));
  const pb::ApplicationState state = s.application.state();
  if (state != pb::APPLICATION_STATE_GRANTED &&
      state != pb::APPLICATION_STATE_ENDED &&
      state != pb::APPLICATION_STATE_REVOKED) {
    return WrongState(s, "APPLICATION_NOT_GRANTED",
                      "reports are filed once access was granted");
  }
  const int filed = result ? s.application.result_reports_size()
                           : s.application.usage_reports_size();
  if (filed >= kMaxApplicationReports) {
    return WrongState(
        s, "USE_REPORTS_FULL",
        absl::StrCat("at most ", kMaxApplicationReports, " reports"));
  }
  pb::EventPayload p;
  if (result) {
    p.mutable_result_report_filed()->set_text(text);
  } else {
    p.mutable_usage_report_filed()->set_text(text);
  }
  Events events{p};
  if (result) {
    AppendIf(events,
             MeetClock(s.deadlines,
                       ResultReportDeadlineId(s.application.application_id()),
                       ctx.now));
  }
  return events;
}

// MarkDeadlineOverdue. The end of the use period is not a missed action: the
// AGREEMENT_END clock is met (not late), access lapses and the destruction
// clock starts, in place of DeadlineOverdue. DecideMarkOverdue's checks
// (SYSTEM only, exists, due, still open) apply alike, so it fires once.
absl::StatusOr<Events> MarkOverdue(const ApplicationAggregate& s,
                                   const pb::MarkDeadlineOverdue& c,
                                   const CommandContext& ctx) {
  ASSIGN_OR_RETURN(Events events, DecideMarkOverdue(s.deadlines, c, ctx));
  const auto it = s.deadlines.find(c.deadline_id());
  if (events.empty() || it == s.deadlines.end() ||
      it->second.kind() != pb::DEADLINE_KIND_AGREEMENT_END) {
    return events;
  }
  pb::EventPayload met;
  met.mutable_deadline_met()->set_deadline_id(c.deadline_id());
  met.mutable_deadline_met()->set_late(false);
  pb::EventPayload lapsed;
  *lapsed.mutable_access_lapsed()->mutable_end_time() = it->second.due_time();
  return Events{
      met, lapsed,
      StartDestructionClock(s, ctx.now, FromProto(it->second.due_time()))};
}

}  // namespace

absl::StatusOr<Events> DecideAgreement(const ApplicationAggregate& s,
                                       const pb::Command& command,
                                       const CommandContext& ctx) {
  switch (command.command_case()) {
    case pb::Command::kSignAgreement:
      return Sign(s, ctx);
    case pb::Command::kApplyForRenewal:
      return ApplyRenewal(s, command.apply_for_renewal(), ctx);
    case pb::Command::kApproveRenewal:
      return ApproveRenewal(s, ctx);
    case pb::Command::kRefuseRenewal:
      return RefuseRenewal(s, command.refuse_renewal(), ctx);
    case pb::Command::kRevokeGrant:
      return Revoke(s, command.revoke_grant(), ctx);
    case pb::Command::kAttestDestruction:
      return Attest(s, command.attest_destruction(), ctx);
    case pb::Command::kFileUsageReport:
      return Report(s, command.file_usage_report().text(), false, ctx);
    case pb::Command::kFileResultReport:
      return Report(s, command.file_result_report().text(), true, ctx);
    case pb::Command::kMarkDeadlineOverdue:
      return MarkOverdue(s, command.mark_deadline_overdue(), ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not an application command"}});
  }
}

}  // namespace opendata::applications
