// The annual open plan deciders (Art. 8). Pure: everything from outside
// arrives in the state, the command, its context and, for PublishCityPlan, the
// approved plans the pipeline read; every computed value (the 31 May due time,
// the aggregated plans) is recorded in the events. Safe from any thread.
//
// A provider's plan ("plan/<year>/<org>", DecidePlan):
//   (none) / RETURNED / APPROVED --submit (owner)--> SUBMITTED
//   SUBMITTED --approve (city reviewer)--> APPROVED
//   SUBMITTED --return with reasons (city reviewer)--> RETURNED
//   any state --link / unlink an item to a catalog entry (owner)--> same state
// The city plan ("city-plan/<year>", DecideCityPlan):
//   (none) --open year (city reviewer; not after 31 May)--> OPEN, with the
//   ANNUAL_PLAN clock due 31 May 23:59:59 Asia/Shanghai
//   OPEN / PUBLISHED --publish (city reviewer)--> PUBLISHED revision n+1 (the
//   first publication meets the clock, late after 31 May)
//   MarkDeadlineOverdue (scheduler) after 31 May while unpublished: overdue.
// Refusals: INVALID_ARGUMENT (ANNUAL_PLAN_INVALID, PLAN_LINK_INVALID),
// NOT_FOUND (ANNUAL_PLAN_NOT_FOUND, PLAN_ITEM_NOT_FOUND), PERMISSION_DENIED
// (authz.h reasons; ART8_CITY_REVIEWER_REQUIRED for county reviewers),
// FAILED_PRECONDITION (ANNUAL_PLAN_UNDER_REVIEW, ANNUAL_PLAN_NOT_SUBMITTED,
// PLAN_ITEM_LINKS_FULL, ANNUAL_PLAN_YEAR_ALREADY_OPEN,
// ART8_PLAN_DEADLINE_PASSED, ANNUAL_PLAN_YEAR_NOT_OPEN,
// CITY_PLAN_NO_APPROVED_PLANS).
#ifndef OPENDATA_ENGINE_PLANS_PLAN_DECIDER_H_
#define OPENDATA_ENGINE_PLANS_PLAN_DECIDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/command_context.h"
#include "engine/plans/plan_state.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Items in one plan.
inline constexpr int kMaxPlanItems = 500;
// Catalog entries linked to one item.
inline constexpr int kMaxPlanItemLinks = 20;
// Maximum length, in characters, of return reasons.
inline constexpr int kMaxPlanReasonText = 1000;

// Decides SubmitAnnualPlan, ApproveAnnualPlan, ReturnAnnualPlan and
// LinkPlanItem against the plan's state. An empty result changes nothing.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>> DecidePlan(
    const PlanState& state, const jining::opendata::v1::Command& command,
    const CommandContext& context);

// Decides OpenAnnualPlanYear, PublishCityPlan (with `approved_plans`: the
// year's plans in the projection at this moment; those not APPROVED or of
// another year are ignored) and MarkDeadlineOverdue against the city plan.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>> DecideCityPlan(
    const CityPlanState& state, const jining::opendata::v1::Command& command,
    const CommandContext& context,
    const std::vector<jining::opendata::v1::AnnualPlan>& approved_plans);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PLANS_PLAN_DECIDER_H_
