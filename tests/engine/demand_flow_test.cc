// Pipeline tests of unopened-data demands (Art. 18) over a real RocksDB store
// with the shipped calendar: the pipeline reads the cited call, the owning
// department's profile and the linked entry's facts; the scheduler marks a
// late answer overdue; DemandQueries scope and order the rows; and rebuilding
// the projections from the log gives exactly the incrementally kept rows.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/query/demand_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/demand_support.h"
#include "tests/engine/plan_support.h"

namespace opendata::engine_test::demands {
namespace {

constexpr char kEntry[] = "rc-wsj-clinics";
constexpr char kOther[] = "dm-li-2";

std::vector<std::string> Ids(const DemandPage& page) {
  std::vector<std::string> ids;
  for (const pb::Demand& d : page.demands) ids.push_back(d.demand_id());
  return ids;
}

TEST_CASE("demand flow: from a call to publication, and an overdue answer",
          "[demand]") {
  DeadlineHarness h(kSubmit);
  const absl::Time start = Shanghai(2026, 3, 1);
  const absl::Time end = Shanghai(2026, 3, 31, 23, 59, 59);
  h.MustRun(SetPersonsCommand(kOrg, {PersonOf()}), Owner());
  h.MustRun(OpenCallCommand(start, end), CityReviewer());

  // A demand citing a call that does not exist is refused.
  const absl::StatusOr<CommandOutcome> uncalled =
      h.Run(Submit(ValidDemandForm(), "call-none"), Requester());
  REQUIRE_FALSE(uncalled.ok());
  CheckError(uncalled.status(), StatusCode::kFailedPrecondition,
             "DEMAND_CALL_NOT_OPEN");

  h.MustRun(Submit(ValidDemandForm(), kCallId), Requester());
  DemandQueries demands(&h.store());
  absl::StatusOr<pb::Demand> d = demands.Get(Requester(), kDemandId);
  REQUIRE(d.ok());
  CHECK(d->region() == "370811");
  CHECK(d->call_id() == kCallId);
  CheckError(demands.Get(CountyReviewer("370812"), kDemandId).status(),
             StatusCode::kNotFound, "DEMAND_NOT_FOUND");
  CheckError(demands.Get(Owner(), kDemandId).status(), StatusCode::kNotFound,
             "DEMAND_NOT_FOUND");

  h.clock().Set(kPass);
  h.MustRun(Pass(), CountyReviewer("370811"));
  h.clock().Set(kForward);
  h.MustRun(Forward(), CityReviewer());
  CHECK(demands.Get(Owner(), kDemandId).ok());
  h.clock().Set(kAnswer);
  h.MustRun(Openable(kEntry), Owner());

  // Linking needs a published entry of the provider.
  h.MustRun(CreateCommand(kEntry, ValidContent()), Owner());
  const absl::StatusOr<CommandOutcome> early = h.Run(Link(kEntry), Owner());
  REQUIRE_FALSE(early.ok());
  CheckError(early.status(), StatusCode::kFailedPrecondition,
             "DEMAND_ENTRY_NOT_PUBLISHED");
  h.MustRun(SubmitCommand(kEntry), Owner());
  h.MustRun(PublishCommand(kEntry), CountyReviewer("370811"));
  h.clock().Set(kLink);
  h.MustRun(Link(kEntry), Owner());
  d = demands.Get(Requester(), kDemandId);
  REQUIRE(d.ok());
  CHECK(d->state() == pb::DEMAND_STATE_FULFILLED);
  CHECK(d->linked_entry().state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(d->linked_entry().provider_organization() == kOrg);
  CHECK_FALSE(d->fulfilled_late());
  CHECK(h.DeadlineRow("demand-opening:dm-zhang-1").state() ==
        pb::DEADLINE_STATE_MET);

  // A second demand, for the city; forwarded and never answered.
  pb::DemandForm form = ValidDemandForm();
  form.clear_owning_department();
  pb::Command submit = Submit(form);
  submit.mutable_submit_demand()->set_demand_id(kOther);
  h.MustRun(submit, Requester("u-li"));
  pb::Command pass = Pass();
  pass.mutable_pass_demand_formal_review()->set_demand_id(kOther);
  h.MustRun(pass, CityReviewer());
  pb::Command forward = Forward(kOrg);
  forward.mutable_forward_demand()->set_demand_id(kOther);
  h.MustRun(forward, CityReviewer());
  h.clock().Set(Shanghai(2026, 4, 10, 9));
  CHECK(h.RunScheduler() >= 1);
  CHECK(h.DeadlineRow("demand-provider-answer:dm-li-2").state() ==
        pb::DEADLINE_STATE_OVERDUE);
  CHECK(demands.Get(CityReviewer(), kOther)->state() ==
        pb::DEMAND_STATE_PROVIDER_ANSWER);

  // Queues: open demands first, each role its own.
  const auto city = demands.ListQueue(CityReviewer(), 0, "");
  REQUIRE(city.ok());
  CHECK(Ids(*city) == std::vector<std::string>{kOther, kDemandId});
  const auto first = demands.ListQueue(CityReviewer(), 1, "");
  REQUIRE(first.ok());
  CHECK(Ids(*first) == std::vector<std::string>{kOther});
  const auto second =
      demands.ListQueue(CityReviewer(), 1, first->next_page_token);
  REQUIRE(second.ok());
  CHECK(Ids(*second) == std::vector<std::string>{kDemandId});
  CHECK(second->next_page_token.empty());
  CHECK(Ids(*demands.ListQueue(CountyReviewer("370811"), 0, "")) ==
        std::vector<std::string>{kDemandId});
  CHECK(Ids(*demands.ListQueue(CountyReviewer("370812"), 0, "")).empty());
  CHECK(Ids(*demands.ListForwarded(Owner(), 0, "")) ==
        std::vector<std::string>{kOther, kDemandId});
  CHECK(Ids(*demands.ListOwn(Requester(), 0, "")) ==
        std::vector<std::string>{kDemandId});
  CheckError(demands.ListOwn(Owner(), 0, "").status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(demands.ListQueue(Requester(), 0, "").status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");

  // The call counts the demand citing it; it ended on 31 March.
  const absl::StatusOr<pb::DemandCall> call =
      demands.GetCall(kCallId, h.clock().Now());
  REQUIRE(call.ok());
  CHECK(call->demand_count() == 1);
  CHECK_FALSE(call->accepting());
  CHECK(demands.GetCall(kCallId, kLink)->accepting());

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

TEST_CASE("demand flow: calls list those accepting demands first", "[demand]") {
  DeadlineHarness h(kSubmit);
  const auto open = [&](const std::string& id, absl::Time start,
                        absl::Time end) {
    pb::Command c = OpenCallCommand(start, end);
    c.mutable_open_demand_call()->set_call_id(id);
    h.MustRun(c, CityReviewer());
  };
  open("call-a", Shanghai(2026, 3, 1), Shanghai(2026, 3, 31));
  open("call-b", Shanghai(2026, 4, 1), Shanghai(2026, 4, 30));
  open("call-c", Shanghai(2026, 3, 1), Shanghai(2026, 5, 31));
  pb::Command close = CloseCallCommand("提前结束");
  close.mutable_close_demand_call()->set_call_id("call-c");
  h.MustRun(close, CityReviewer());
  DemandQueries demands(&h.store());
  const auto ids = [](const DemandCallPage& page) {
    std::vector<std::string> out;
    for (const pb::DemandCall& c : page.calls) out.push_back(c.call_id());
    return out;
  };
  const auto march = demands.ListCalls(kSubmit, 0, "");
  REQUIRE(march.ok());
  CHECK(ids(*march) == std::vector<std::string>{"call-a", "call-b", "call-c"});
  CHECK(march->calls[0].accepting());
  const auto april = demands.ListCalls(Shanghai(2026, 4, 2), 2, "");
  REQUIRE(april.ok());
  CHECK(ids(*april) == std::vector<std::string>{"call-b", "call-a"});
  const auto rest =
      demands.ListCalls(Shanghai(2026, 4, 2), 2, april->next_page_token);
  REQUIRE(rest.ok());
  CHECK(ids(*rest) == std::vector<std::string>{"call-c"});
  CHECK(rest->next_page_token.empty());
  CheckError(demands.GetCall("call-none", kSubmit).status(),
             StatusCode::kNotFound, "DEMAND_CALL_NOT_FOUND");
}

}  // namespace
}  // namespace opendata::engine_test::demands
