// Tests that the deadline and calendar projections are a pure function of the
// log: after a workload with seeded calendar years, review clocks met in time
// and late, clocks marked overdue by the scheduler, provisional clocks revised
// by loading 2027 and by correcting it, a restart, and reviews after overdue,
// RebuildProjections (engine/replay/rebuild.h) and a ProjectionRebuilder fed
// event by event both equal the incrementally stored rows
// (RocksEventStore::ForEachProjectionRow), and the hash chain verifies.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/deadlines/deadline_scheduler.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/deadline_projection.h"
#include "engine/projections/organization_projection.h"
#include "engine/projections/plan_projection.h"
#include "engine/projections/stream_view.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/plan_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

// Checks both rebuilds against the stored rows; returns the stored rows.
ProjectionRows CheckRebuildEqualsStored(DeadlineHarness& h) {
  const ProjectionRows stored = AllRows(h.store());
  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(rebuilt->size() == stored.size());
  CHECK(*rebuilt == stored);
  ProjectionRebuilder rebuilder;
  for (const pb::EventEnvelope& e : h.Log(1)) rebuilder.Apply(e);
  CHECK(rebuilder.events() == h.store().LastSequence());
  CHECK(rebuilder.Rows() == stored);
  return stored;
}

TEST_CASE(
    "deadline projections: rebuilding from the log equals the incremental "
    "rows",
    "[projections][replay][deadlines]") {
  const pb::Actor city = CityProvider();
  const pb::Actor rencheng = CountyProvider("370811", "rc-wsj");
  const pb::Actor yanzhou = CountyProvider("370812", "yz-wsj");
  const pb::Actor rencheng_reviewer = CountyReviewer("370811");
  DeadlineHarness h(At("2026-12-21T10:00:00+08:00"));
  // Mon 21 Dec 2026: due Wed 23 Dec.
  h.CreateAndSubmit("ent-0", city);
  h.CreateAndSubmit("ent-1", rencheng);
  h.CreateAndSubmit("ent-2", yanzhou);
  h.clock().Set(At("2026-12-22T10:00:00+08:00"));
  h.MustRun(PublishCommand("ent-0"), CityReviewer());  // Met in time.
  h.clock().Set(At("2026-12-24T09:00:00+08:00"));
  REQUIRE(h.RunScheduler() == 2);  // e1 and e2.
  h.clock().Set(At("2026-12-24T10:00:00+08:00"));
  h.MustRun(ReturnCommand("ent-1", {MakeDefect("description", "描述过于简单")}),
            rencheng_reviewer);  // Overdue, then met late.
  pb::CatalogEntryContent fixed = ValidContent();
  fixed.set_description("补充后的描述");
  h.MustRun(EditCommand("ent-1", fixed), rencheng);
  // Wed 30 Dec: provisional clocks to Fri 1 Jan 2027.
  h.clock().Set(At("2026-12-30T10:00:00+08:00"));
  h.MustRun(SubmitCommand("ent-1"), rencheng);
  h.CreateAndSubmit("ent-3", rencheng);
  h.CreateAndSubmit("ent-4", yanzhou);
  h.clock().Set(At("2026-12-31T10:00:00+08:00"));
  h.MustRun(PublishCommand("ent-4"), CountyReviewer("370812"));
  // 2027 loaded (Mon 4 Jan), then corrected (Tue 5 Jan): two revisions each
  // for e1's second clock and e3's.
  h.clock().Set(At("2026-12-31T11:00:00+08:00"));
  CHECK(h.MustRun(LoadCalendarCommand(Hypothetical2027()), Operator())
            .result.streams_size() == 3);
  h.clock().Set(At("2026-12-31T12:00:00+08:00"));
  CHECK(h.MustRun(LoadCalendarCommand(Corrected2027()), Operator())
            .result.streams_size() == 3);
  const ProjectionRows before_restart = CheckRebuildEqualsStored(h);

  // A restart, then the scheduler finds both revised clocks passed.
  h.Close();
  h.clock().Set(At("2027-01-06T09:00:00+08:00"));
  h.Open();
  CHECK(AllRows(h.store()) == before_restart);
  CHECK(h.RunScheduler() == 2);
  h.clock().Set(At("2027-01-06T10:00:00+08:00"));
  h.MustRun(PublishCommand("ent-3"), rencheng_reviewer);  // Met late.
  h.MustRun(PublishCommand("ent-2"), CountyReviewer("370812"));
  // Wed 6 Jan 2027: Thu 7, Fri 8 Jan; open at the end.
  h.CreateAndSubmit("ent-5", city);

  const ProjectionRows stored = CheckRebuildEqualsStored(h);
  const absl::Status chain = h.store().VerifyChain(1, UINT64_MAX);
  INFO(chain.ToString());
  CHECK(chain.ok());

  // Every kind of deadline and calendar row was reached.
  std::set<std::string> kinds;
  std::map<pb::DeadlineState, std::vector<std::string>> by_state;
  int upkeep = 0;
  for (const auto& [key, value] : stored) {
    kinds.insert(key.substr(0, key.find('/', key.find('/') + 1) + 1));
    if (key.rfind(kDeadlineRowPrefix, 0) == 0) {
      pb::Deadline d;
      REQUIRE(d.ParseFromString(value));
      // The published entries' upkeep clocks (Art. 12) are counted apart.
      if (d.kind() != pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW) {
        upkeep += d.state() == pb::DEADLINE_STATE_OPEN ? 1 : 0;
        continue;
      }
      by_state[d.state()].push_back(d.deadline_id());
    }
  }
  for (const char* kind :
       {kDeadlineRowPrefix, kDeadlineOpenDuePrefix, kDeadlineByStatePrefix,
        kDeadlineByRegionPrefix, kCalendarYearRowPrefix}) {
    INFO(kind);
    CHECK(kinds.count(kind) == 1);
  }
  using IdList = std::vector<std::string>;
  CHECK(upkeep == 8);  // Entries 0, 2, 3 and 4 were published.
  CHECK(by_state[pb::DEADLINE_STATE_OPEN] == IdList{"catalog-review:ent-5:1"});
  CHECK(by_state[pb::DEADLINE_STATE_OVERDUE] ==
        IdList{"catalog-review:ent-1:2"});
  CHECK(by_state[pb::DEADLINE_STATE_MET] ==
        IdList{"catalog-review:ent-0:1", "catalog-review:ent-1:1",
               "catalog-review:ent-2:1", "catalog-review:ent-3:1",
               "catalog-review:ent-4:1"});
  CHECK(h.DeadlineRow("catalog-review:ent-3:1").revisions() == 2);
  CHECK(h.DeadlineRow("catalog-review:ent-3:1").late());
  CHECK(h.DeadlineRow("catalog-review:ent-4:1").revisions() == 0);
  CHECK(FromProto(h.DeadlineRow("catalog-review:ent-5:1").due_time()) ==
        At("2027-01-08T23:59:59+08:00"));
  CHECK(stored.count("calendar/year/2025") == 1);
  CHECK(stored.count("calendar/year/2026") == 1);
  CHECK(stored.count("calendar/year/2027") == 1);
}

TEST_CASE(
    "projections: rebuilding equals the incremental rows across every "
    "stream kind",
    "[projections][replay][plans][organizations]") {
  const pb::Actor jtj = CityProvider("jn-jtj");
  const pb::Actor rencheng = CountyProvider("370811", "rc-gaj");
  DeadlineHarness h(At("2026-05-20T10:00:00+08:00"));
  h.CreateAndSubmit("jn-jtj-001", jtj);
  h.MustRun(PublishCommand("jn-jtj-001"), CityReviewer());
  h.MustRun(OpenYearCommand(2026), CityReviewer());
  h.MustRun(OpenYearCommand(2027), CityReviewer());
  h.MustRun(SubmitPlanCommand(2026, "jn-jtj", {PlanItemOf("bus-arrivals")}),
            jtj);
  h.MustRun(SubmitPlanCommand(2026, "rc-gaj", {PlanItemOf("residents")}),
            rencheng);
  h.MustRun(ReturnPlanCommand(2026, "rc-gaj", "开放时间不明确"),
            CityReviewer());
  h.MustRun(SubmitPlanCommand(2026, "rc-gaj",
                              {PlanItemOf("residents", "2026-10-01")}),
            rencheng);
  h.MustRun(ApprovePlanCommand(2026, "jn-jtj"), CityReviewer());
  h.MustRun(ApprovePlanCommand(2026, "rc-gaj"), CityReviewer());
  h.MustRun(LinkCommand(2026, "jn-jtj", "bus-arrivals", "jn-jtj-001"), jtj);
  h.MustRun(PublishCityCommand(2026), CityReviewer());
  h.MustRun(SetPersonsCommand("jn-jtj", {PersonOf()}), jtj);
  h.MustRun(SetPersonsCommand("jn-jtj", {PersonOf("赵磊")}), jtj);
  h.MustRun(SetPersonsCommand("rc-gaj", {PersonOf()}), rencheng);
  // 2027's plan comes due unpublished (and so do jn-jtj-001's update and
  // quality clocks, started at its publication a year before); a revision of
  // 2026 follows.
  h.clock().Set(At("2027-06-01T09:00:00+08:00"));
  CHECK(h.RunScheduler() == 3);
  h.MustRun(SubmitPlanCommand(2026, "jn-jtj",
                              {PlanItemOf("bus-arrivals"), PlanItemOf("taxi")}),
            jtj);
  h.MustRun(ApprovePlanCommand(2026, "jn-jtj"), CityReviewer());
  h.MustRun(PublishCityCommand(2026), CityReviewer());

  const ProjectionRows stored = CheckRebuildEqualsStored(h);
  for (const std::string& key :
       {PlanRowKey(2026, "jn-jtj"), PlanRowKey(2026, "rc-gaj"),
        std::string(kPlanByOrgPrefix) + "jn-jtj/2026", CityPlanRowKey(2026),
        CityPlanRowKey(2027), OrganizationProfileRowKey("jn-jtj"),
        OrganizationProfileRowKey("rc-gaj"),
        std::string(kCatalogEntryRowPrefix) + "jn-jtj-001"}) {
    INFO(key);
    CHECK(stored.count(key) == 1);
  }
  pb::CityPlan city;
  REQUIRE(city.ParseFromString(stored.at(CityPlanRowKey(2026))));
  CHECK(city.revision() == 2);
  CHECK(city.sections_size() == 2);
  CHECK(h.DeadlineRow("annual-plan:2026").state() == pb::DEADLINE_STATE_MET);
  CHECK(h.DeadlineRow("annual-plan:2027").state() ==
        pb::DEADLINE_STATE_OVERDUE);
}

}  // namespace
}  // namespace opendata::engine_test
