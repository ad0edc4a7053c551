// Implementation of plan_rules.h.
#include "engine/plans/plan_rules.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "engine/authz.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

absl::Status RequireCityReviewer(const pb::Actor& actor) {
  absl::Status status = RequireRole(actor, pb::ROLE_REVIEWER);
  if (!status.ok()) return status;
  if (actor.level() != pb::LEVEL_CITY) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "ART8_CITY_REVIEWER_REQUIRED",
                     "annual open plans are reviewed and published by the city "
                     "reviewer (Art. 8)",
                     {{"actor_region", actor.region()}});
  }
  return absl::OkStatus();
}

absl::Status PlanNotFound(int32_t year, const std::string& organization) {
  return MakeError(
      absl::StatusCode::kNotFound, "ANNUAL_PLAN_NOT_FOUND",
      absl::StrCat(organization, " has no plan for ", year),
      {{"year", absl::StrCat(year)}, {"provider_organization", organization}});
}

absl::Status PlanWrongState(const PlanState& s, absl::string_view reason,
                            absl::string_view what) {
  const std::string state = pb::AnnualPlanState_Name(s.plan.state());
  return MakeError(absl::StatusCode::kFailedPrecondition, reason,
                   absl::StrCat(what, "; the plan is ", state),
                   {{"state", state}});
}

}  // namespace opendata
