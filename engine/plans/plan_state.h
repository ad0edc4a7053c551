// The annual open plan aggregates (Art. 8) and their pure folds: a provider's
// plan of a year (stream "plan/<year>/<org>", PlanState) and the city plan of a
// year (stream "city-plan/<year>", CityPlanState, with its 31 May clock). The
// state each decider reads is also the view the plan projection serves, so
// both are one fold. Plain value types; not thread-safe (each command folds
// its own copy).
#ifndef OPENDATA_ENGINE_PLANS_PLAN_STATE_H_
#define OPENDATA_ENGINE_PLANS_PLAN_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/deadlines/deadline_book.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/plans.pb.h"

namespace opendata {

// Stream id prefixes of the plan aggregates.
inline constexpr char kPlanStreamPrefix[] = "plan/";
inline constexpr char kCityPlanStreamPrefix[] = "city-plan/";

// Years a plan may be for.
inline constexpr int32_t kMinPlanYear = 2000;
inline constexpr int32_t kMaxPlanYear = 2100;

// Stream of a provider's plan: "plan/<year>/<organization>".
std::string PlanStream(int32_t year, absl::string_view organization);

// Stream of the city plan: "city-plan/<year>".
std::string CityPlanStream(int32_t year);

// Id of the city plan's clock: "annual-plan:<year>".
std::string AnnualPlanDeadlineId(int32_t year);

// When the city plan of `year` is due (Art. 8): 31 May 23:59:59
// Asia/Shanghai.
absl::Time AnnualPlanDueTime(int32_t year);

// INVALID_ARGUMENT (ANNUAL_PLAN_INVALID) unless kMinPlanYear <= year <=
// kMaxPlanYear.
absl::Status ValidatePlanYear(int32_t year, absl::string_view field);

struct PlanState {
  // Stream version; 0 means nothing was submitted.
  int64_t version = 0;
  jining::opendata::v1::AnnualPlan plan;

  bool exists() const { return version > 0; }
};

// Applies one event of a plan stream; other events are ignored.
void Evolve(PlanState& state, const jining::opendata::v1::EventEnvelope& event);

struct CityPlanState {
  // Stream version; 0 means the year is not open.
  int64_t version = 0;
  jining::opendata::v1::CityPlan city_plan;
  // The city plan's clock (DEADLINE_KIND_ANNUAL_PLAN).
  DeadlineBook deadlines;

  bool opened() const {
    return city_plan.state() !=
           jining::opendata::v1::CITY_PLAN_STATE_UNSPECIFIED;
  }
};

// Applies one event of a city plan stream; other events are ignored.
void Evolve(CityPlanState& state,
            const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PLANS_PLAN_STATE_H_
