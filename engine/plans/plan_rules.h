// Rules shared by the plan deciders (plan_decider.cc, city_plan_decider.cc):
// who the city reviewer is, and the plan refusals. Internal to engine/plans.
// Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_PLANS_PLAN_RULES_H_
#define OPENDATA_ENGINE_PLANS_PLAN_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/plans/plan_state.h"
#include "jining/opendata/v1/common.pb.h"

namespace opendata {

// OK for the city reviewer; PERMISSION_DENIED ROLE_NOT_ALLOWED for other roles
// and ART8_CITY_REVIEWER_REQUIRED for county reviewers (Art. 8: the city
// reviewer aggregates and reviews the plans).
absl::Status RequireCityReviewer(const jining::opendata::v1::Actor& actor);

// NOT_FOUND (ANNUAL_PLAN_NOT_FOUND) for the plan of `organization` in `year`.
absl::Status PlanNotFound(int32_t year, const std::string& organization);

// FAILED_PRECONDITION with `reason`, saying `what` and the plan's state.
absl::Status PlanWrongState(const PlanState& s, absl::string_view reason,
                            absl::string_view what);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PLANS_PLAN_RULES_H_
