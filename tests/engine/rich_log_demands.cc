// The demand part of the rich log (rich_log.h).
#include "tests/engine/demand_support.h"
#include "tests/engine/plan_support.h"
#include "tests/engine/rich_log.h"

namespace opendata::engine_test {

void RecordDemands(DeadlineHarness& h) {
  using namespace demands;  // NOLINT: the demand tests' own helper names.
  h.clock().Set(kSubmit);
  h.MustRun(SetPersonsCommand(kOrg, {PersonOf()}), Owner());
  h.MustRun(
      OpenCallCommand(Shanghai(2026, 3, 1), Shanghai(2026, 3, 31, 23, 59, 59)),
      CityReviewer());
  h.MustRun(Submit(ValidDemandForm(), kCallId), Requester());
  h.clock().Set(kPass);
  h.MustRun(Pass(), CountyReviewer("370811"));
}

}  // namespace opendata::engine_test
