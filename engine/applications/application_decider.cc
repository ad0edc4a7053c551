// Implementation of application_decider.h: submission and the two reviews
// (Art. 16-17), withdrawal, and the credit registry. The steps after approval
// are in agreement_decider.cc.
#include "engine/applications/application_decider.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/applications/application_common.h"
#include "engine/applications/application_rules.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

using applications::Events;
using applications::RequireApplicant;
using applications::RequireEntryOwner;
using applications::RequireExists;
using applications::WrongState;

namespace {

// The application id field of an application command; nullptr for others.
const std::string* ApplicationIdField(const pb::Command& c) {
  switch (c.command_case()) {
    case pb::Command::kSubmitApplication:
      return &c.submit_application().application_id();
    case pb::Command::kPassApplicationFormalReview:
      return &c.pass_application_formal_review().application_id();
    case pb::Command::kFailApplicationFormalReview:
      return &c.fail_application_formal_review().application_id();
    case pb::Command::kApproveApplication:
      return &c.approve_application().application_id();
    case pb::Command::kRefuseApplication:
      return &c.refuse_application().application_id();
    case pb::Command::kWithdrawApplication:
      return &c.withdraw_application().application_id();
    case pb::Command::kSignAgreement:
      return &c.sign_agreement().application_id();
    case pb::Command::kApplyForRenewal:
      return &c.apply_for_renewal().application_id();
    case pb::Command::kApproveRenewal:
      return &c.approve_renewal().application_id();
    case pb::Command::kRefuseRenewal:
      return &c.refuse_renewal().application_id();
    case pb::Command::kRevokeGrant:
      return &c.revoke_grant().application_id();
    case pb::Command::kAttestDestruction:
      return &c.attest_destruction().application_id();
    case pb::Command::kFileUsageReport:
      return &c.file_usage_report().application_id();
    case pb::Command::kFileResultReport:
      return &c.file_result_report().application_id();
    default:
      return nullptr;
  }
}

}  // namespace

bool IsApplicationCommand(const pb::Command& command) {
  return ApplicationIdField(command) != nullptr;
}

std::string ApplicationIdOf(const pb::Command& command) {
  const std::string* id = ApplicationIdField(command);
  return id == nullptr ? "" : *id;
}

pb::EntryFacts FactsOf(const pb::CatalogEntry& entry) {
  pb::EntryFacts f;
  f.set_catalog_entry_id(entry.catalog_entry_id());
  f.set_name(entry.content().name());
  f.set_provider_organization(entry.provider_organization());
  f.set_level(entry.level());
  f.set_region(entry.region());
  f.set_state(entry.state());
  f.set_open_attribute(entry.content().open_attribute());
  *f.mutable_conditions() = entry.content().conditions();
  *f.mutable_service_modes() = entry.content().service_modes();
  f.set_entry_version(entry.version());
  return f;
}

namespace {

absl::Status CheckEntry(const pb::SubmitApplication& c,
                        const std::optional<pb::EntryFacts>& entry) {
  if (!entry.has_value()) {
    return MakeError(absl::StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND",
                     absl::StrCat("no catalog entry ", c.catalog_entry_id()),
                     {{"catalog_entry_id", c.catalog_entry_id()}});
  }
  if (entry->state() == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION) {
    return FailedPrecondition(
        "ART19_OBJECTION_HOLD",
        "the entry is suspended by a rights-infringement objection (Art. 19); "
        "no application is taken until the hold ends",
        {{"ART19_OBJECTION_HOLD", "catalog_entry_id",
          pb::CatalogEntryState_Name(entry->state())}});
  }
  if (entry->state() != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return FailedPrecondition("ENTRY_NOT_APPLICABLE",
                              "only published entries can be applied for",
                              {{"ENTRY_NOT_APPLICABLE", "catalog_entry_id",
                                pb::CatalogEntryState_Name(entry->state())}});
  }
  if (entry->open_attribute() != pb::OPEN_ATTRIBUTE_CONDITIONAL) {
    return FailedPrecondition(
        "ENTRY_NOT_CONDITIONAL",
        "only CONDITIONAL entries are applied for (Art. 15-17)",
        {{"ENTRY_NOT_CONDITIONAL", "catalog_entry_id",
          pb::OpenAttribute_Name(entry->open_attribute())}});
  }
  for (int mode : entry->service_modes()) {
    if (mode == c.form().service_mode()) return absl::OkStatus();
  }
  return FailedPrecondition("SERVICE_MODE_NOT_OFFERED",
                            "the entry does not offer this service mode",
                            {{"SERVICE_MODE_NOT_OFFERED", "form.service_mode",
                              pb::ServiceMode_Name(c.form().service_mode())}});
}

absl::Status CheckCredit(const pb::CreditCheck& credit) {
  if (!credit.has_check_time() || credit.source().empty() ||
      credit.parties().empty()) {
    return InvalidArgument("COMMAND_INVALID",
                           {{"credit_check", "the registry was not asked"}});
  }
  if (!credit.listed()) return absl::OkStatus();
  return FailedPrecondition("ART16_CREDIT_LISTED",
                            "the applicant is on a dishonesty list (Art. 16)",
                            {{"ART16_CREDIT_LISTED", "applicant",
                              absl::StrCat(pb::CreditList_Name(credit.list()),
                                           " per ", credit.source())}});
}

absl::StatusOr<Events> Submit(const ApplicationAggregate& s,
                              const pb::SubmitApplication& c,
                              const CommandContext& ctx,
                              const WorkingCalendar& calendar,
                              const std::optional<pb::EntryFacts>& entry) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (s.exists()) {
    return MakeError(
        absl::StatusCode::kAlreadyExists, "APPLICATION_EXISTS",
        absl::StrCat("application ", c.application_id(), " exists"),
        {{"application_id", c.application_id()}});
  }
  if (!ctx.actor.real_name_verified()) {
    return FailedPrecondition(
        "ART16_REAL_NAME_REQUIRED",
        "only real-name verified users may apply (Art. 16)",
        {{"ART16_REAL_NAME_REQUIRED", "actor",
          "verify the real name with the identity service"}});
  }
  RETURN_IF_ERROR(CheckCredit(c.credit_check()));
  RETURN_IF_ERROR(
      ValidateCatalogEntryId(c.catalog_entry_id(), "catalog_entry_id"));
  std::vector<FieldViolation> bad =
      FormViolations(c.form(), ShanghaiDay(ctx.now),
                     ctx.actor.person_kind() != pb::PERSON_KIND_LEGAL);
  if (!bad.empty()) return InvalidArgument("APPLICATION_INVALID", bad);
  RETURN_IF_ERROR(CheckEntry(c, entry));
  RETURN_IF_ERROR(CheckConditionAnswers(c.form(), entry->conditions()));
  ClockSpec clock;
  clock.kind = pb::DEADLINE_KIND_APPLICATION_FORMAL_REVIEW;
  clock.deadline_id = FormalReviewDeadlineId(c.application_id());
  clock.stream_id = ApplicationStream(c.application_id());
  clock.subject_id = c.application_id();
  clock.responsible_role = pb::ROLE_REVIEWER;
  clock.responsible_region = entry->region();
  clock.working_days = kApplicationFormalReviewDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  auto* e = p.mutable_application_submitted();
  e->set_application_id(c.application_id());
  *e->mutable_entry() = *entry;
  *e->mutable_form() = c.form();
  *e->mutable_credit_check() = c.credit_check();
  *e->mutable_formal_review_due_time() =
      started.deadline_started().deadline().due_time();
  return Events{p, started};
}

absl::StatusOr<Events> PassFormal(const ApplicationAggregate& s,
                                  const CommandContext& ctx,
                                  const WorkingCalendar& calendar) {
  RETURN_IF_ERROR(
      RequireReviewerFor(ctx.actor, s.application.entry().region()));
  if (s.application.state() != pb::APPLICATION_STATE_SUBMITTED) {
    return WrongState(s, "APPLICATION_NOT_SUBMITTED",
                      "the formal review is not running");
  }
  const std::string& id = s.application.application_id();
  ClockSpec clock;
  clock.kind = pb::DEADLINE_KIND_APPLICATION_PROVIDER_REVIEW;
  clock.deadline_id = ProviderReviewDeadlineId(id);
  clock.stream_id = ApplicationStream(id);
  clock.subject_id = id;
  clock.responsible_role = pb::ROLE_PROVIDER;
  clock.responsible_organization =
      s.application.entry().provider_organization();
  clock.responsible_region = s.application.entry().region();
  clock.working_days = kApplicationProviderReviewDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  *p.mutable_application_formal_review_passed()
       ->mutable_provider_review_due_time() =
      started.deadline_started().deadline().due_time();
  Events events{p};
  applications::AppendIf(
      events, MeetClock(s.deadlines, FormalReviewDeadlineId(id), ctx.now));
  events.push_back(started);
  return events;
}

absl::StatusOr<Events> FailFormal(const ApplicationAggregate& s,
                                  const pb::FailApplicationFormalReview& c,
                                  const CommandContext& ctx) {
  RETURN_IF_ERROR(
      RequireReviewerFor(ctx.actor, s.application.entry().region()));
  std::vector<FieldViolation> bad;
  if (c.defects().empty() || c.defects_size() > kMaxApplicationDefects) {
    bad.push_back(
        {"defects", absl::StrCat("1-", kMaxApplicationDefects, " defects")});
  }
  for (int i = 0; i < c.defects_size(); ++i) {
    const size_t f = Utf8Length(c.defects(i).field());
    const size_t r = Utf8Length(c.defects(i).reason());
    if (f < 1 || f > 100) {
      bad.push_back(
          {absl::StrCat("defects[", i, "].field"), "1-100 characters"});
    }
    if (r < 1 || r > kMaxApplicationReasonText) {
      bad.push_back(
          {absl::StrCat("defects[", i, "].reason"), "1-1000 characters"});
    }
  }
  if (!bad.empty()) return InvalidArgument("APPLICATION_INVALID", bad);
  if (s.application.state() != pb::APPLICATION_STATE_SUBMITTED) {
    return WrongState(s, "APPLICATION_NOT_SUBMITTED",
                      "the formal review is not running");
  }
  pb::EventPayload p;
  *p.mutable_application_formal_review_failed()->mutable_defects() =
      c.defects();
  Events events{p};
  applications::AppendIf(
      events, MeetClock(s.deadlines,
                        FormalReviewDeadlineId(s.application.application_id()),
                        ctx.now));
  return events;
}

absl::StatusOr<Events> Approve(const ApplicationAggregate& s,
                               const pb::ApproveApplication& c,
                               const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireEntryOwner(s, ctx));
  std::vector<FieldViolation> bad;
  if (c.destruction_days() < 1 || c.destruction_days() > 365) {
    bad.push_back({"destruction_days", "1-365"});
  }
  const size_t method = Utf8Length(c.destruction_method());
  if (method < 1 || method > 200) {
    bad.push_back({"destruction_method", "1-200 characters"});
  }
  if (c.result_report_months() < 1 || c.result_report_months() > 60) {
    bad.push_back({"result_report_months", "1-60"});
  }
  if (!bad.empty()) return InvalidArgument("APPLICATION_INVALID", bad);
  if (s.application.state() != pb::APPLICATION_STATE_PROVIDER_REVIEW) {
    return WrongState(s, "APPLICATION_NOT_IN_PROVIDER_REVIEW",
                      "the provider's review is not running");
  }
  const pb::ApplicationForm& form = s.application.form();
  pb::EventPayload p;
  pb::AgreementTerms* t = p.mutable_application_approved()->mutable_terms();
  *t->mutable_purposes() = form.scenarios();
  t->set_use_start_date(form.use_start_date());
  t->set_use_end_date(form.use_end_date());
  t->set_destruction_days(c.destruction_days());
  t->set_destruction_method(c.destruction_method());
  t->set_result_report_months(c.result_report_months());
  t->set_source_citation_required(true);
  Events events{p};
  applications::AppendIf(
      events,
      MeetClock(s.deadlines,
                ProviderReviewDeadlineId(s.application.application_id()),
                ctx.now));
  return events;
}

absl::StatusOr<Events> Refuse(const ApplicationAggregate& s,
                              const pb::RefuseApplication& c,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireEntryOwner(s, ctx));
  RETURN_IF_ERROR(CheckRefusalReasons(c.reasons(),
                                      s.application.entry().conditions_size()));
  if (s.application.state() != pb::APPLICATION_STATE_PROVIDER_REVIEW) {
    return WrongState(s, "APPLICATION_NOT_IN_PROVIDER_REVIEW",
                      "the provider's review is not running");
  }
  pb::EventPayload p;
  *p.mutable_application_refused()->mutable_reasons() = c.reasons();
  Events events{p};
  applications::AppendIf(
      events,
      MeetClock(s.deadlines,
                ProviderReviewDeadlineId(s.application.application_id()),
                ctx.now));
  return events;
}

absl::StatusOr<Events> Withdraw(const ApplicationAggregate& s,
                                const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireApplicant(s, ctx));
  const pb::ApplicationState state = s.application.state();
  if (state != pb::APPLICATION_STATE_SUBMITTED &&
      state != pb::APPLICATION_STATE_PROVIDER_REVIEW) {
    return WrongState(s, "APPLICATION_DECIDED",
                      "only an application under review can be withdrawn");
  }
  const std::string& id = s.application.application_id();
  pb::EventPayload p;
  p.mutable_application_withdrawn()->set_from_state(state);
  Events events{p};
  const std::string clock = state == pb::APPLICATION_STATE_SUBMITTED
                                ? FormalReviewDeadlineId(id)
                                : ProviderReviewDeadlineId(id);
  applications::AppendIf(events, CancelClock(s.deadlines, clock, "withdrawn"));
  return events;
}

}  // namespace

absl::StatusOr<Events> DecideApplication(
    const ApplicationAggregate& state, const pb::Command& command,
    const CommandContext& ctx, const WorkingCalendar& calendar,
    const std::optional<pb::EntryFacts>& entry) {
  if (command.has_submit_application()) {
    return Submit(state, command.submit_application(), ctx, calendar, entry);
  }
  const std::string id = command.has_mark_deadline_overdue()
                             ? command.mark_deadline_overdue().stream_id()
                             : ApplicationIdOf(command);
  RETURN_IF_ERROR(RequireExists(state, id));
  switch (command.command_case()) {
    case pb::Command::kPassApplicationFormalReview:
      return PassFormal(state, ctx, calendar);
    case pb::Command::kFailApplicationFormalReview:
      return FailFormal(state, command.fail_application_formal_review(), ctx);
    case pb::Command::kApproveApplication:
      return Approve(state, command.approve_application(), ctx);
    case pb::Command::kRefuseApplication:
      return Refuse(state, command.refuse_application(), ctx);
    case pb::Command::kWithdrawApplication:
      return Withdraw(state, ctx);
    default:
      return applications::DecideAgreement(state, command, ctx);
  }
}

absl::StatusOr<Events> DecideCreditRegistry(const CreditRegistryAggregate& s,
                                            const pb::Command& command,
                                            const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_OPERATOR));
  const pb::CreditListing& l = s.listing;
  if (command.has_set_credit_listing()) {
    const pb::SetCreditListing& c = command.set_credit_listing();
    std::vector<FieldViolation> bad;
    if (c.list() == pb::CREDIT_LIST_UNSPECIFIED) {
      bad.push_back({"list", "required"});
    }
    const size_t source = Utf8Length(c.source());
    if (source < 1 || source > 200) {
      bad.push_back({"source", "1-200 characters"});
    }
    if (Utf8Length(c.note()) > kMaxApplicationReasonText) {
      bad.push_back({"note", "at most 1000 characters"});
    }
    if (!bad.empty()) return InvalidArgument("CREDIT_LISTING_INVALID", bad);
    if (l.listed() && l.list() == c.list() && l.source() == c.source() &&
        l.note() == c.note()) {
      return Events{};
    }
    pb::EventPayload p;
    auto* e = p.mutable_credit_listing_set();
    e->set_party_id(c.party_id());
    e->set_list(c.list());
    e->set_source(c.source());
    e->set_note(c.note());
    return Events{p};
  }
  if (command.has_clear_credit_listing()) {
    const pb::ClearCreditListing& c = command.clear_credit_listing();
    if (Utf8Length(c.note()) > kMaxApplicationReasonText) {
      return InvalidArgument("CREDIT_LISTING_INVALID",
                             {{"note", "at most 1000 characters"}});
    }
    if (!l.listed()) {
      return MakeError(absl::StatusCode::kFailedPrecondition,
                       "CREDIT_NOT_LISTED",
                       absl::StrCat(c.party_id(), " is not listed"),
                       {{"party_id", c.party_id()}});
    }
    pb::EventPayload p;
    p.mutable_credit_listing_cleared()->set_party_id(c.party_id());
    p.mutable_credit_listing_cleared()->set_note(c.note());
    return Events{p};
  }
  return InvalidArgument("COMMAND_INVALID",
                         {{"command", "not a credit registry command"}});
}

}  // namespace opendata
