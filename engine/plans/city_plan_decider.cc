// Implementation of plan_decider.h for the city plan (DecideCityPlan): opening
// the year with its 31 May clock, publishing revisions of the aggregate, and
// the scheduler's overdue mark.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/plans/plan_decider.h"
#include "engine/plans/plan_rules.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

using Events = std::vector<pb::EventPayload>;

absl::StatusOr<Events> Open(const CityPlanState& s,
                            const pb::OpenAnnualPlanYear& c,
                            const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireCityReviewer(ctx.actor));
  RETURN_IF_ERROR(ValidatePlanYear(c.year(), "year"));
  if (s.opened()) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "ANNUAL_PLAN_YEAR_ALREADY_OPEN",
                     absl::StrCat("the plan year ", c.year(), " is open"),
                     {{"year", absl::StrCat(c.year())}});
  }
  const absl::Time due = AnnualPlanDueTime(c.year());
  if (ctx.now > due) {
    return FailedPrecondition(
        "ART8_PLAN_DEADLINE_PASSED",
        "the year's plan was due by 31 May; the year can no longer be opened",
        {{"ART8_PLAN_DEADLINE_PASSED", "year",
          absl::StrCat(
              "the plan of ", c.year(), " was due by ",
              absl::FormatTime(absl::RFC3339_sec, due, ShanghaiTimeZone()))}});
  }
  pb::EventPayload opened;
  opened.mutable_annual_plan_year_opened()->set_year(c.year());
  *opened.mutable_annual_plan_year_opened()->mutable_due_time() = ToProto(due);
  ClockSpec clock;
  clock.kind = pb::DEADLINE_KIND_ANNUAL_PLAN;
  clock.deadline_id = AnnualPlanDeadlineId(c.year());
  clock.stream_id = CityPlanStream(c.year());
  clock.subject_id = absl::StrCat(c.year());
  clock.responsible_role = pb::ROLE_REVIEWER;
  clock.responsible_organization = ctx.actor.organization();
  clock.responsible_region = ctx.actor.region();
  return Events{opened, StartClockUntil(clock, ctx.now, due)};
}

// The approved plans of `year` as sections, in organisation order.
std::vector<pb::CityPlanSection> Sections(
    int32_t year, const std::vector<pb::AnnualPlan>& plans) {
  std::vector<pb::CityPlanSection> sections;
  for (const pb::AnnualPlan& plan : plans) {
    if (plan.year() != year || plan.state() != pb::ANNUAL_PLAN_STATE_APPROVED)
      continue;
    pb::CityPlanSection section;
    section.set_provider_organization(plan.provider_organization());
    section.set_level(plan.level());
    section.set_region(plan.region());
    section.set_plan_version(plan.version());
    *section.mutable_items() = plan.items();
    for (pb::PlanItem& item : *section.mutable_items())
      item.clear_linked_catalog_entry_ids();
    sections.push_back(std::move(section));
  }
  std::sort(sections.begin(), sections.end(),
            [](const pb::CityPlanSection& a, const pb::CityPlanSection& b) {
              return a.provider_organization() < b.provider_organization();
            });
  return sections;
}

bool SameSections(const pb::CityPlan& city,
                  const std::vector<pb::CityPlanSection>& sections) {
  if (city.sections_size() != static_cast<int>(sections.size())) return false;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (city.sections(static_cast<int>(i)).SerializeAsString() !=
        sections[i].SerializeAsString()) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<Events> Publish(const CityPlanState& s,
                               const pb::PublishCityPlan& c,
                               const CommandContext& ctx,
                               const std::vector<pb::AnnualPlan>& plans) {
  RETURN_IF_ERROR(RequireCityReviewer(ctx.actor));
  RETURN_IF_ERROR(ValidatePlanYear(c.year(), "year"));
  if (!s.opened()) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "ANNUAL_PLAN_YEAR_NOT_OPEN",
                     absl::StrCat("the plan year ", c.year(), " is not open"),
                     {{"year", absl::StrCat(c.year())}});
  }
  std::vector<pb::CityPlanSection> sections = Sections(c.year(), plans);
  if (sections.empty()) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "CITY_PLAN_NO_APPROVED_PLANS",
        absl::StrCat("no provider plan of ", c.year(), " is approved"),
        {{"year", absl::StrCat(c.year())}});
  }
  const pb::CityPlan& city = s.city_plan;
  if (city.revision() > 0 && SameSections(city, sections)) return Events{};
  pb::EventPayload p;
  auto* e = p.mutable_city_plan_published();
  e->set_year(c.year());
  e->set_revision(city.revision() + 1);
  e->set_late(city.revision() == 0 && ctx.now > FromProto(city.due_time()));
  for (pb::CityPlanSection& section : sections)
    *e->add_sections() = std::move(section);
  Events events{p};
  std::optional<pb::EventPayload> met =
      MeetClock(s.deadlines, AnnualPlanDeadlineId(c.year()), ctx.now);
  if (met.has_value()) events.push_back(*std::move(met));
  return events;
}

}  // namespace

absl::StatusOr<Events> DecideCityPlan(
    const CityPlanState& state, const pb::Command& command,
    const CommandContext& ctx, const std::vector<pb::AnnualPlan>& plans) {
  switch (command.command_case()) {
    case pb::Command::kOpenAnnualPlanYear:
      return Open(state, command.open_annual_plan_year(), ctx);
    case pb::Command::kPublishCityPlan:
      return Publish(state, command.publish_city_plan(), ctx, plans);
    case pb::Command::kMarkDeadlineOverdue:
      return DecideMarkOverdue(state.deadlines, command.mark_deadline_overdue(),
                               ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not a city plan command"}});
  }
}

}  // namespace opendata
