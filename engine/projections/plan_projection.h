// The plan projection: lays out the folded plan aggregates (plan_state.h) as
// rows. Pure functions; safe from any thread.
//
// Rows (all under "plans/"):
//   plans/plan/<yyyy>/<org>    -> AnnualPlan (deterministic protobuf)
//   plans/by-org/<org>/<yyyy>  -> ""  (a provider's plans of every year)
//   plans/city/<yyyy>          -> CityPlan (once the year is open)
#ifndef OPENDATA_ENGINE_PROJECTIONS_PLAN_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_PLAN_PROJECTION_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/plans/plan_state.h"
#include "engine/projections/projection_rows.h"

namespace opendata {

inline constexpr char kPlanRowPrefix[] = "plans/plan/";
inline constexpr char kPlanByOrgPrefix[] = "plans/by-org/";
inline constexpr char kCityPlanRowPrefix[] = "plans/city/";

// Key of a provider's plan row.
std::string PlanRowKey(int32_t year, absl::string_view organization);

// Key of a city plan row.
std::string CityPlanRowKey(int32_t year);

// Rows of a provider's plan (none before its first submission).
ProjectionRows PlanRows(const PlanState& state);

// Rows of a city plan (none before the year is opened).
ProjectionRows CityPlanRows(const CityPlanState& state);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_PLAN_PROJECTION_H_
