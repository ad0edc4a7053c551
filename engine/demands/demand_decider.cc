// Implementation of demand_decider.h.
#include "engine/demands/demand_decider.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/demands/demand_rules.h"
#include "engine/organizations/organization_state.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

using Events = std::vector<pb::EventPayload>;

namespace {

const std::string* DemandIdField(const pb::Command& c) {
  switch (c.command_case()) {
    case pb::Command::kSubmitDemand:
      return &c.submit_demand().demand_id();
    case pb::Command::kPassDemandFormalReview:
      return &c.pass_demand_formal_review().demand_id();
    case pb::Command::kFailDemandFormalReview:
      return &c.fail_demand_formal_review().demand_id();
    case pb::Command::kWithdrawDemand:
      return &c.withdraw_demand().demand_id();
    case pb::Command::kForwardDemand:
      return &c.forward_demand().demand_id();
    case pb::Command::kAnswerDemand:
      return &c.answer_demand().demand_id();
    case pb::Command::kLinkDemandEntry:
      return &c.link_demand_entry().demand_id();
    default:
      return nullptr;
  }
}

absl::Status WrongState(const DemandAggregate& s, absl::string_view reason,
                        absl::string_view message) {
  return MakeError(absl::StatusCode::kFailedPrecondition, reason, message,
                   {{"demand_id", s.demand.demand_id()},
                    {"state", pb::DemandState_Name(s.demand.state())}});
}

void AppendIf(Events& events, std::optional<pb::EventPayload> event) {
  if (event.has_value()) events.push_back(*std::move(event));
}

// PERMISSION_DENIED `reason` unless the actor is a CITY-level reviewer.
absl::Status RequireCityReviewer(const pb::Actor& actor,
                                 absl::string_view reason) {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  if (actor.level() == pb::LEVEL_CITY) return absl::OkStatus();
  return MakeError(absl::StatusCode::kPermissionDenied, reason,
                   "only the city-level reviewer may do this (Art. 18)",
                   {{"actor_region", actor.region()}});
}

// The parts of a clock that every demand clock shares.
ClockSpec DemandClock(const std::string& demand_id, const std::string& region) {
  ClockSpec clock;
  clock.stream_id = DemandStream(demand_id);
  clock.subject_id = demand_id;
  clock.responsible_region = region;
  return clock;
}

absl::Status CheckCall(const pb::SubmitDemand& c, const DemandInputs& in,
                       absl::Time now) {
  if (c.call_id().empty()) return absl::OkStatus();
  if (in.call.has_value() && CallAccepts(*in.call, now)) {
    return absl::OkStatus();
  }
  const std::string why = !in.call.has_value() ? "no such call"
                          : in.call->state() == pb::DEMAND_CALL_STATE_CLOSED
                              ? "closed"
                              : "outside its period";
  return FailedPrecondition("DEMAND_CALL_NOT_OPEN",
                            "the cited public call does not accept demands",
                            {{"DEMAND_CALL_NOT_OPEN", "call_id", why}});
}

absl::StatusOr<Events> Submit(const DemandAggregate& s,
                              const pb::SubmitDemand& c,
                              const CommandContext& ctx,
                              const WorkingCalendar& calendar,
                              const DemandInputs& in) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (s.exists()) {
    return MakeError(absl::StatusCode::kAlreadyExists, "DEMAND_EXISTS",
                     absl::StrCat("demand ", c.demand_id(), " exists"),
                     {{"demand_id", c.demand_id()}});
  }
  if (!ctx.actor.real_name_verified()) {
    return FailedPrecondition(
        "ART16_REAL_NAME_REQUIRED",
        "only real-name verified users may submit demands (Art. 16, 18)",
        {{"ART16_REAL_NAME_REQUIRED", "actor",
          "verify the real name with the identity service"}});
  }
  std::vector<FieldViolation> bad =
      DemandFormViolations(c.form(), ShanghaiDay(ctx.now));
  if (!c.call_id().empty() && !ValidateDemandCallId(c.call_id(), "").ok()) {
    bad.push_back({"call_id", "empty, or a call id"});
  }
  if (!bad.empty()) return InvalidArgument("DEMAND_INVALID", bad);
  RETURN_IF_ERROR(CheckCall(c, in, ctx.now));
  const std::string region = !c.form().owning_department().empty() &&
                                     IsCountyRegion(in.department_region)
                                 ? in.department_region
                                 : std::string(kCityRegion);
  ClockSpec clock = DemandClock(c.demand_id(), region);
  clock.kind = pb::DEADLINE_KIND_DEMAND_FORMAL_REVIEW;
  clock.deadline_id = DemandFormalReviewDeadlineId(c.demand_id());
  clock.responsible_role = pb::ROLE_REVIEWER;
  clock.working_days = kDemandFormalReviewDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  auto* e = p.mutable_demand_submitted();
  e->set_demand_id(c.demand_id());
  *e->mutable_form() = c.form();
  e->set_call_id(c.call_id());
  e->set_region(region);
  *e->mutable_formal_review_due_time() =
      started.deadline_started().deadline().due_time();
  return Events{p, started};
}

absl::StatusOr<Events> PassFormal(const DemandAggregate& s,
                                  const pb::PassDemandFormalReview& c,
                                  const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.demand.region()));
  if (Utf8Length(c.remark()) > kMaxDemandText) {
    return InvalidArgument("DEMAND_INVALID", {{"remark", "0-1000 characters"}});
  }
  if (s.demand.state() != pb::DEMAND_STATE_FORMAL_REVIEW) {
    return WrongState(s, "DEMAND_NOT_IN_FORMAL_REVIEW",
                      "the formal review is not running");
  }
  pb::EventPayload p;
  p.mutable_demand_formal_review_passed()->set_remark(c.remark());
  Events events{p};
  AppendIf(events, MeetClock(s.deadlines,
                             DemandFormalReviewDeadlineId(s.demand.demand_id()),
                             ctx.now));
  return events;
}

absl::StatusOr<Events> FailFormal(const DemandAggregate& s,
                                  const pb::FailDemandFormalReview& c,
                                  const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.demand.region()));
  std::vector<FieldViolation> bad = DefectViolations(c.defects(), c.remark());
  if (!bad.empty()) return InvalidArgument("DEMAND_INVALID", bad);
  if (s.demand.state() != pb::DEMAND_STATE_FORMAL_REVIEW) {
    return WrongState(s, "DEMAND_NOT_IN_FORMAL_REVIEW",
                      "the formal review is not running");
  }
  pb::EventPayload p;
  auto* e = p.mutable_demand_formal_review_failed();
  *e->mutable_defects() = c.defects();
  e->set_remark(c.remark());
  Events events{p};
  AppendIf(events, MeetClock(s.deadlines,
                             DemandFormalReviewDeadlineId(s.demand.demand_id()),
                             ctx.now));
  return events;
}

absl::StatusOr<Events> Withdraw(const DemandAggregate& s,
                                const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (ctx.actor.subject() != s.demand.requester().subject()) {
    return MakeError(absl::StatusCode::kPermissionDenied, "NOT_REQUESTER",
                     "only the requester may withdraw a demand",
                     {{"demand_id", s.demand.demand_id()}});
  }
  const pb::DemandState state = s.demand.state();
  const std::string& id = s.demand.demand_id();
  std::string clock;
  switch (state) {
    case pb::DEMAND_STATE_FORMAL_REVIEW:
      clock = DemandFormalReviewDeadlineId(id);
      break;
    case pb::DEMAND_STATE_PASSED:
      break;
    case pb::DEMAND_STATE_PROVIDER_ANSWER:
      clock = DemandAnswerDeadlineId(id);
      break;
    case pb::DEMAND_STATE_OPENING:
    case pb::DEMAND_STATE_NOT_OPENABLE:
    case pb::DEMAND_STATE_FULFILLED:
      return WrongState(s, "DEMAND_ANSWERED",
                        "the provider has answered; it cannot be withdrawn");
    default:
      return WrongState(s, "DEMAND_CLOSED", "the demand is closed");
  }
  pb::EventPayload p;
  p.mutable_demand_withdrawn()->set_from_state(state);
  Events events{p};
  if (!clock.empty()) {
    AppendIf(events, CancelClock(s.deadlines, clock, "withdrawn"));
  }
  return events;
}

absl::StatusOr<Events> Forward(const DemandAggregate& s,
                               const pb::ForwardDemand& c,
                               const CommandContext& ctx,
                               const WorkingCalendar& calendar) {
  RETURN_IF_ERROR(
      RequireCityReviewer(ctx.actor, "ART18_CITY_FORWARD_REQUIRED"));
  const std::string org = c.provider_organization().empty()
                              ? s.demand.form().owning_department()
                              : c.provider_organization();
  if (org.empty()) {
    return InvalidArgument("DEMAND_INVALID",
                           {{"provider_organization",
                             "required: the form names no owning department"}});
  }
  if (!ValidateOrganizationId(org, "provider_organization").ok()) {
    return InvalidArgument(
        "DEMAND_INVALID",
        {{"provider_organization", "1-64 characters of [A-Za-z0-9._-]"}});
  }
  if (s.demand.state() != pb::DEMAND_STATE_PASSED) {
    return WrongState(s, "DEMAND_NOT_PASSED",
                      "only a demand that passed the formal review and was "
                      "not forwarded yet can be forwarded");
  }
  const std::string& id = s.demand.demand_id();
  ClockSpec clock = DemandClock(id, s.demand.region());
  clock.kind = pb::DEADLINE_KIND_DEMAND_PROVIDER_ANSWER;
  clock.deadline_id = DemandAnswerDeadlineId(id);
  clock.responsible_role = pb::ROLE_PROVIDER;
  clock.responsible_organization = org;
  clock.working_days = kDemandAnswerDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  auto* e = p.mutable_demand_forwarded();
  e->set_provider_organization(org);
  *e->mutable_answer_due_time() =
      started.deadline_started().deadline().due_time();
  return Events{p, started};
}

absl::StatusOr<Events> Answer(const DemandAggregate& s,
                              const pb::AnswerDemand& c,
                              const CommandContext& ctx,
                              const WorkingCalendar& calendar) {
  RETURN_IF_ERROR(RequireOwner(ctx.actor, s.demand.provider_organization()));
  std::vector<FieldViolation> bad = AnswerViolations(c);
  if (!bad.empty()) return InvalidArgument("DEMAND_INVALID", bad);
  if (s.demand.state() != pb::DEMAND_STATE_PROVIDER_ANSWER) {
    return WrongState(s, "DEMAND_NOT_AWAITING_ANSWER",
                      "the demand is not waiting for the provider's answer");
  }
  const std::string& id = s.demand.demand_id();
  Events events;
  if (c.answer() == pb::DEMAND_ANSWER_NOT_OPENABLE) {
    pb::EventPayload p;
    *p.mutable_demand_answered_not_openable()->mutable_reasons() = c.reasons();
    events.push_back(p);
    AppendIf(events,
             MeetClock(s.deadlines, DemandAnswerDeadlineId(id), ctx.now));
    return events;
  }
  ClockSpec clock = DemandClock(id, s.demand.region());
  clock.kind = pb::DEADLINE_KIND_DEMAND_OPENING;
  clock.deadline_id = DemandOpeningDeadlineId(id);
  clock.responsible_role = pb::ROLE_PROVIDER;
  clock.responsible_organization = s.demand.provider_organization();
  clock.working_days = kDemandOpeningDays;
  pb::EventPayload started = StartClock(clock, ctx.now, calendar);
  pb::EventPayload p;
  auto* e = p.mutable_demand_answered_openable();
  e->set_planned_catalog_entry_id(c.planned_catalog_entry_id());
  *e->mutable_opening_due_time() =
      started.deadline_started().deadline().due_time();
  events.push_back(p);
  AppendIf(events, MeetClock(s.deadlines, DemandAnswerDeadlineId(id), ctx.now));
  events.push_back(started);
  return events;
}

absl::StatusOr<Events> Link(const DemandAggregate& s,
                            const pb::LinkDemandEntry& c,
                            const CommandContext& ctx,
                            const std::optional<pb::EntryFacts>& entry) {
  const std::string& org = s.demand.provider_organization();
  RETURN_IF_ERROR(RequireOwner(ctx.actor, org));
  RETURN_IF_ERROR(
      ValidateCatalogEntryId(c.catalog_entry_id(), "catalog_entry_id"));
  if (s.demand.state() != pb::DEMAND_STATE_OPENING) {
    return WrongState(s, "DEMAND_NOT_OPENING",
                      "only a demand answered openable can be fulfilled");
  }
  if (!entry.has_value()) {
    return MakeError(absl::StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND",
                     absl::StrCat("no catalog entry ", c.catalog_entry_id()),
                     {{"catalog_entry_id", c.catalog_entry_id()}});
  }
  if (entry->provider_organization() != org) {
    return MakeError(absl::StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER",
                     "the entry belongs to another organisation",
                     {{"catalog_entry_id", c.catalog_entry_id()},
                      {"provider_organization", org}});
  }
  if (entry->state() != pb::CATALOG_ENTRY_STATE_PUBLISHED) {
    return FailedPrecondition(
        "DEMAND_ENTRY_NOT_PUBLISHED",
        "only a published entry fulfils a demand (Art. 18)",
        {{"DEMAND_ENTRY_NOT_PUBLISHED", "catalog_entry_id",
          pb::CatalogEntryState_Name(entry->state())}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_demand_entry_linked();
  *e->mutable_entry() = *entry;
  e->set_late(ctx.now > FromProto(s.demand.opening_due_time()));
  Events events{p};
  AppendIf(events,
           MeetClock(s.deadlines, DemandOpeningDeadlineId(s.demand.demand_id()),
                     ctx.now));
  return events;
}

}  // namespace

bool IsDemandCommand(const pb::Command& command) {
  return DemandIdField(command) != nullptr;
}

std::string DemandIdOf(const pb::Command& command) {
  const std::string* id = DemandIdField(command);
  return id == nullptr ? "" : *id;
}

bool IsDemandCallCommand(const pb::Command& command) {
  return command.has_open_demand_call() || command.has_close_demand_call();
}

std::string DemandCallIdOf(const pb::Command& command) {
  if (command.has_open_demand_call())
    return command.open_demand_call().call_id();
  if (command.has_close_demand_call()) {
    return command.close_demand_call().call_id();
  }
  return "";
}

bool CallAccepts(const pb::DemandCall& call, absl::Time now) {
  return call.state() == pb::DEMAND_CALL_STATE_OPEN &&
         FromProto(call.start_time()) <= now &&
         now <= FromProto(call.end_time());
}

absl::StatusOr<Events> DecideDemand(const DemandAggregate& state,
                                    const pb::Command& command,
                                    const CommandContext& ctx,
                                    const WorkingCalendar& calendar,
                                    const DemandInputs& inputs) {
  if (command.has_submit_demand()) {
    return Submit(state, command.submit_demand(), ctx, calendar, inputs);
  }
  if (!state.exists()) {
    const std::string id = command.has_mark_deadline_overdue()
                               ? command.mark_deadline_overdue().stream_id()
                               : DemandIdOf(command);
    return MakeError(absl::StatusCode::kNotFound, "DEMAND_NOT_FOUND",
                     absl::StrCat("no demand ", id), {{"demand_id", id}});
  }
  switch (command.command_case()) {
    case pb::Command::kPassDemandFormalReview:
      return PassFormal(state, command.pass_demand_formal_review(), ctx);
    case pb::Command::kFailDemandFormalReview:
      return FailFormal(state, command.fail_demand_formal_review(), ctx);
    case pb::Command::kWithdrawDemand:
      return Withdraw(state, ctx);
    case pb::Command::kForwardDemand:
      return Forward(state, command.forward_demand(), ctx, calendar);
    case pb::Command::kAnswerDemand:
      return Answer(state, command.answer_demand(), ctx, calendar);
    case pb::Command::kLinkDemandEntry:
      return Link(state, command.link_demand_entry(), ctx, inputs.entry);
    case pb::Command::kMarkDeadlineOverdue:
      return DecideMarkOverdue(state.deadlines, command.mark_deadline_overdue(),
                               ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a demand command"}});
  }
}

absl::StatusOr<Events> DecideDemandCall(const DemandCallAggregate& s,
                                        const pb::Command& command,
                                        const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireCityReviewer(ctx.actor, "ART18_CITY_CALL_REQUIRED"));
  if (command.has_open_demand_call()) {
    const pb::OpenDemandCall& c = command.open_demand_call();
    if (s.exists()) {
      return MakeError(absl::StatusCode::kAlreadyExists, "DEMAND_CALL_EXISTS",
                       absl::StrCat("call ", c.call_id(), " exists"),
                       {{"call_id", c.call_id()}});
    }
    std::vector<FieldViolation> bad = CallViolations(c, ctx.now);
    if (!bad.empty()) return InvalidArgument("DEMAND_CALL_INVALID", bad);
    pb::EventPayload p;
    auto* e = p.mutable_demand_call_opened();
    e->set_call_id(c.call_id());
    e->set_title(c.title());
    e->set_description(c.description());
    *e->mutable_domains() = c.domains();
    *e->mutable_start_time() = c.start_time();
    *e->mutable_end_time() = c.end_time();
    return Events{p};
  }
  if (command.has_close_demand_call()) {
    const pb::CloseDemandCall& c = command.close_demand_call();
    if (!s.exists()) {
      return MakeError(absl::StatusCode::kNotFound, "DEMAND_CALL_NOT_FOUND",
                       absl::StrCat("no call ", c.call_id()),
                       {{"call_id", c.call_id()}});
    }
    const size_t n = Utf8Length(c.reason());
    if (n < 1 || n > kMaxDemandText) {
      return InvalidArgument("DEMAND_CALL_INVALID",
                             {{"reason", "1-1000 characters"}});
    }
    if (s.call.state() != pb::DEMAND_CALL_STATE_OPEN ||
        ctx.now > FromProto(s.call.end_time())) {
      return FailedPrecondition("DEMAND_CALL_NOT_OPEN",
                                "the call is already closed or ended",
                                {{"DEMAND_CALL_NOT_OPEN", "call_id",
                                  pb::DemandCallState_Name(s.call.state())}});
    }
    pb::EventPayload p;
    p.mutable_demand_call_closed()->set_reason(c.reason());
    return Events{p};
  }
  return InvalidArgument("COMMAND_INVALID",
                         {{"command", "not a public call command"}});
}

}  // namespace opendata
