// Implementation of plan_projection.h.
#include "engine/projections/plan_projection.h"

#include "absl/strings/str_cat.h"
#include "common/proto_util.h"

namespace opendata {

std::string PlanRowKey(int32_t year, absl::string_view organization) {
  return absl::StrCat(kPlanRowPrefix, year, "/", organization);
}

std::string CityPlanRowKey(int32_t year) {
  return absl::StrCat(kCityPlanRowPrefix, year);
}

ProjectionRows PlanRows(const PlanState& state) {
  ProjectionRows rows;
  const auto& plan = state.plan;
  if (plan.submissions() == 0) return rows;
  rows[PlanRowKey(plan.year(), plan.provider_organization())] =
      SerializeDeterministic(plan);
  rows[absl::StrCat(kPlanByOrgPrefix, plan.provider_organization(), "/",
                    plan.year())] = "";
  return rows;
}

ProjectionRows CityPlanRows(const CityPlanState& state) {
  ProjectionRows rows;
  if (!state.opened()) return rows;
  rows[CityPlanRowKey(state.city_plan.year())] =
      SerializeDeterministic(state.city_plan);
  return rows;
}

}  // namespace opendata
