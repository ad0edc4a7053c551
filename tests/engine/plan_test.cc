// Tests of the annual open plans (Art. 8). Deciders: a provider's plan
// submitted, returned (general and per-item reasons), resubmitted, approved and
// revised, its items linked to catalog entries, every refusal naming its rule;
// the city plan opened with its 31 May clock, published as revisions of the
// approved plans (late after 31 May) and marked overdue by the scheduler. Then
// the pipeline's routing: plan commands land on "plan/<year>/<org>", the city
// plan's clock fires through the scheduler on "city-plan/<year>", and streams
// of no known kind are refused; and PlanQueries' visibility and paging.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/plans/plan_decider.h"
#include "engine/projections/plan_projection.h"
#include "engine/query/plan_queries.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/plan_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kOrg[] = "jn-jtj";
constexpr char kStream[] = "plan/2026/jn-jtj";
constexpr char kCityStream[] = "city-plan/2026";
const absl::Time kNow = Shanghai(2026, 3, 2, 10, 0, 0);

pb::Actor Owner() { return CityProvider(kOrg); }

absl::StatusOr<std::vector<pb::EventPayload>> Decide(const PlanState& s,
                                                     const pb::Command& command,
                                                     const pb::Actor& actor,
                                                     absl::Time now = kNow) {
  return DecidePlan(s, command, Context(actor, now));
}

// A plan after its first submission of `items`.
PlanState Submitted(const std::vector<pb::PlanItem>& items = {
                        PlanItemOf("bus-arrivals"),
                        PlanItemOf("taxi-stands")}) {
  PlanState s;
  FoldInto(s, kStream,
           MustDecide(Decide(s, SubmitPlanCommand(2026, kOrg, items), Owner())),
           Owner(), kNow);
  return s;
}

// `s` after `command` by `actor`, which must succeed.
void Apply(PlanState& s, const pb::Command& command, const pb::Actor& actor) {
  FoldInto(s, kStream, MustDecide(Decide(s, command, actor)), actor, kNow);
}

TEST_CASE("plans: a provider submits its plan for the year", "[plans]") {
  PlanState s;
  const std::vector<pb::EventPayload> events = MustDecide(Decide(
      s, SubmitPlanCommand(2026, kOrg, {PlanItemOf("bus-arrivals")}), Owner()));
  REQUIRE(events.size() == 1);
  const pb::AnnualPlanSubmitted& e = events[0].annual_plan_submitted();
  CHECK(e.year() == 2026);
  CHECK(e.provider_organization() == kOrg);
  CHECK(e.level() == pb::LEVEL_CITY);
  CHECK(e.region() == "3708");
  CHECK(e.submission() == 1);
  CHECK(e.items_size() == 1);
  CHECK_FALSE(e.revision_of_approved());
  FoldInto(s, kStream, events, Owner(), kNow);
  CHECK(s.plan.state() == pb::ANNUAL_PLAN_STATE_SUBMITTED);
  CHECK(s.plan.version() == 1);
  CHECK(FromProto(s.plan.submit_time()) == kNow);
}

TEST_CASE("plans: submission fields are validated", "[plans]") {
  PlanState s;
  pb::PlanItem bad = PlanItemOf("Bad_Id");
  bad.set_name("");
  bad.set_description(std::string(1001, 'x'));
  bad.set_domain(std::string(51, 'x'));
  bad.set_planned_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
  bad.set_planned_open_date("2027-01-15");
  bad.add_service_modes(pb::SERVICE_MODE_API);
  bad.add_service_modes(pb::SERVICE_MODE_UNSPECIFIED);
  bad.add_linked_catalog_entry_ids("jn-jtj-001");
  pb::PlanItem no_modes = PlanItemOf("taxi-stands", "2026-02-30");
  no_modes.clear_service_modes();
  const auto decided = Decide(
      s,
      SubmitPlanCommand(2026, kOrg, {bad, no_modes, PlanItemOf("taxi-stands")}),
      Owner());
  CheckError(decided.status(), StatusCode::kInvalidArgument,
             "ANNUAL_PLAN_INVALID");
  CHECK(ViolationFields(decided.status()) ==
        std::vector<std::string>{
            "items[0].description", "items[0].domain", "items[0].item_id",
            "items[0].linked_catalog_entry_ids", "items[0].name",
            "items[0].planned_attribute", "items[0].planned_open_date",
            "items[0].service_modes[1]", "items[0].service_modes[2]",
            "items[1].planned_open_date", "items[1].service_modes",
            "items[2].item_id"});
  const auto empty = Decide(s, SubmitPlanCommand(1999, kOrg, {}), Owner());
  CheckError(empty.status(), StatusCode::kInvalidArgument,
             "ANNUAL_PLAN_INVALID");
  CHECK(ViolationFields(empty.status()) ==
        std::vector<std::string>{"items", "year"});
}

TEST_CASE("plans: only the organisation's provider submits its plan",
          "[plans]") {
  PlanState s;
  const pb::Command submit =
      SubmitPlanCommand(2026, kOrg, {PlanItemOf("bus-arrivals")});
  CheckError(Decide(s, submit, CityReviewer()).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(Decide(s, submit, CityProvider("jn-gaj")).status(),
             StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
}

TEST_CASE("plans: a submitted plan waits for review", "[plans]") {
  PlanState s = Submitted();
  CheckError(
      Decide(s, SubmitPlanCommand(2026, kOrg, {PlanItemOf("x")}), Owner())
          .status(),
      StatusCode::kFailedPrecondition, "ANNUAL_PLAN_UNDER_REVIEW");
}

TEST_CASE("plans: returned with reasons then corrected and resubmitted",
          "[plans]") {
  PlanState s = Submitted();
  const auto events = MustDecide(
      Decide(s,
             ReturnPlanCommand(2026, kOrg, "开放时间安排过晚",
                               {{"taxi-stands", "与市城管局数据重复"}}),
             CityReviewer()));
  REQUIRE(events.size() == 1);
  CHECK(events[0].annual_plan_returned().submission() == 1);
  CHECK(events[0].annual_plan_returned().item_reasons_size() == 1);
  FoldInto(s, kStream, events, CityReviewer(), kNow);
  CHECK(s.plan.state() == pb::ANNUAL_PLAN_STATE_RETURNED);
  CHECK(s.plan.return_reasons() == "开放时间安排过晚");
  // Item reasons alone are enough.
  PlanState other = Submitted();
  Apply(other,
        ReturnPlanCommand(2026, kOrg, "", {{"bus-arrivals", "描述不清"}}),
        CityReviewer());
  CHECK(other.plan.state() == pb::ANNUAL_PLAN_STATE_RETURNED);

  const auto resubmitted = MustDecide(Decide(
      s, SubmitPlanCommand(2026, kOrg, {PlanItemOf("bus-arrivals")}), Owner()));
  REQUIRE(resubmitted.size() == 1);
  CHECK(resubmitted[0].annual_plan_submitted().submission() == 2);
  CHECK_FALSE(resubmitted[0].annual_plan_submitted().revision_of_approved());
  FoldInto(s, kStream, resubmitted, Owner(), kNow);
  CHECK(s.plan.state() == pb::ANNUAL_PLAN_STATE_SUBMITTED);
  CHECK(s.plan.items_size() == 1);
}

TEST_CASE("plans: return reasons are validated", "[plans]") {
  PlanState s = Submitted();
  const auto none =
      Decide(s, ReturnPlanCommand(2026, kOrg, ""), CityReviewer());
  CheckError(none.status(), StatusCode::kInvalidArgument,
             "ANNUAL_PLAN_INVALID");
  CHECK(ViolationFields(none.status()) == std::vector<std::string>{"reasons"});
  const auto bad = Decide(s,
                          ReturnPlanCommand(2026, kOrg, std::string(1001, 'x'),
                                            {{"no-such-item", "x"},
                                             {"bus-arrivals", ""},
                                             {"bus-arrivals", "重复"}}),
                          CityReviewer());
  CheckError(bad.status(), StatusCode::kInvalidArgument, "ANNUAL_PLAN_INVALID");
  CHECK(ViolationFields(bad.status()) ==
        std::vector<std::string>{"item_reasons[0].item_id",
                                 "item_reasons[1].reason",
                                 "item_reasons[2].item_id", "reasons"});
}

TEST_CASE("plans: only the city reviewer reviews a submitted plan", "[plans]") {
  PlanState s = Submitted();
  const pb::Command approve = ApprovePlanCommand(2026, kOrg);
  CheckError(Decide(s, approve, CountyReviewer("370811")).status(),
             StatusCode::kPermissionDenied, "ART8_CITY_REVIEWER_REQUIRED");
  CheckError(
      Decide(s, ReturnPlanCommand(2026, kOrg, "x"), CountyReviewer("370811"))
          .status(),
      StatusCode::kPermissionDenied, "ART8_CITY_REVIEWER_REQUIRED");
  CheckError(Decide(s, approve, Owner()).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(Decide(PlanState(), approve, CityReviewer()).status(),
             StatusCode::kNotFound, "ANNUAL_PLAN_NOT_FOUND");
  const auto events = MustDecide(Decide(s, approve, CityReviewer()));
  REQUIRE(events.size() == 1);
  CHECK(events[0].annual_plan_approved().submission() == 1);
  FoldInto(s, kStream, events, CityReviewer(), kNow);
  CHECK(s.plan.state() == pb::ANNUAL_PLAN_STATE_APPROVED);
  CheckError(Decide(s, approve, CityReviewer()).status(),
             StatusCode::kFailedPrecondition, "ANNUAL_PLAN_NOT_SUBMITTED");
  CheckError(
      Decide(s, ReturnPlanCommand(2026, kOrg, "x"), CityReviewer()).status(),
      StatusCode::kFailedPrecondition, "ANNUAL_PLAN_NOT_SUBMITTED");
}

TEST_CASE("plans: an approved plan is revised by resubmitting", "[plans]") {
  PlanState s = Submitted();
  Apply(s, ApprovePlanCommand(2026, kOrg), CityReviewer());
  // The same items again change nothing.
  CHECK(MustDecide(Decide(s,
                          SubmitPlanCommand(2026, kOrg,
                                            {PlanItemOf("bus-arrivals"),
                                             PlanItemOf("taxi-stands")}),
                          Owner()))
            .empty());
  const auto events = MustDecide(Decide(
      s,
      SubmitPlanCommand(2026, kOrg,
                        {PlanItemOf("bus-arrivals"), PlanItemOf("parking")}),
      Owner()));
  REQUIRE(events.size() == 1);
  CHECK(events[0].annual_plan_submitted().revision_of_approved());
  CHECK(events[0].annual_plan_submitted().submission() == 2);
  FoldInto(s, kStream, events, Owner(), kNow);
  CHECK(s.plan.state() == pb::ANNUAL_PLAN_STATE_SUBMITTED);
}

TEST_CASE("plans: items are linked to and unlinked from catalog entries",
          "[plans]") {
  PlanState s = Submitted();
  const pb::Command link =
      LinkCommand(2026, kOrg, "bus-arrivals", "jn-jtj-001");
  const auto linked = MustDecide(Decide(s, link, Owner()));
  REQUIRE(linked.size() == 1);
  CHECK(linked[0].plan_item_linked().catalog_entry_id() == "jn-jtj-001");
  FoldInto(s, kStream, linked, Owner(), kNow);
  CHECK(s.plan.items(0).linked_catalog_entry_ids_size() == 1);
  CHECK(MustDecide(Decide(s, link, Owner())).empty());
  CHECK(MustDecide(Decide(s,
                          LinkCommand(2026, kOrg, "taxi-stands", "jn-jtj-001",
                                      /*unlink=*/true),
                          Owner()))
            .empty());

  // A resubmission keeps the links of items that keep their id.
  Apply(s, ReturnPlanCommand(2026, kOrg, "补充出租车数据"), CityReviewer());
  Apply(
      s,
      SubmitPlanCommand(
          2026, kOrg, {PlanItemOf("taxi-stands"), PlanItemOf("bus-arrivals")}),
      Owner());
  CHECK(s.plan.items(0).linked_catalog_entry_ids_size() == 0);
  CHECK(s.plan.items(1).linked_catalog_entry_ids(0) == "jn-jtj-001");

  const auto unlinked = MustDecide(Decide(
      s, LinkCommand(2026, kOrg, "bus-arrivals", "jn-jtj-001", true), Owner()));
  REQUIRE(unlinked.size() == 1);
  CHECK(unlinked[0].has_plan_item_unlinked());
  FoldInto(s, kStream, unlinked, Owner(), kNow);
  CHECK(s.plan.items(1).linked_catalog_entry_ids_size() == 0);
}

TEST_CASE("plans: link refusals name their rule", "[plans]") {
  PlanState s = Submitted();
  const auto bad = Decide(s, LinkCommand(2026, kOrg, "Bus", "x"), Owner());
  CheckError(bad.status(), StatusCode::kInvalidArgument, "PLAN_LINK_INVALID");
  CHECK(ViolationFields(bad.status()) ==
        std::vector<std::string>{"catalog_entry_id", "item_id"});
  CheckError(Decide(s, LinkCommand(2026, kOrg, "bus-arrivals", "jn-jtj-001"),
                    CityProvider("jn-gaj"))
                 .status(),
             StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  CheckError(
      Decide(PlanState(), LinkCommand(2026, kOrg, "bus-arrivals", "jn-jtj-001"),
             Owner())
          .status(),
      StatusCode::kNotFound, "ANNUAL_PLAN_NOT_FOUND");
  CheckError(Decide(s, LinkCommand(2026, kOrg, "metro", "jn-jtj-001"), Owner())
                 .status(),
             StatusCode::kNotFound, "PLAN_ITEM_NOT_FOUND");
  for (int i = 0; i < kMaxPlanItemLinks; ++i) {
    Apply(s,
          LinkCommand(2026, kOrg, "bus-arrivals", absl::StrCat("jn-jtj-", i)),
          Owner());
  }
  CheckError(
      Decide(s, LinkCommand(2026, kOrg, "bus-arrivals", "jn-jtj-full"), Owner())
          .status(),
      StatusCode::kFailedPrecondition, "PLAN_ITEM_LINKS_FULL");
}

TEST_CASE("plans: commands of other roles and kinds are refused", "[plans]") {
  PlanState s = Submitted();
  CheckError(Decide(s, LinkCommand(2026, kOrg, "bus-arrivals", "jn-jtj-001"),
                    CityReviewer())
                 .status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(
      Decide(s, LinkCommand(2026, kOrg, "metro", "jn-jtj-001", true), Owner())
          .status(),
      StatusCode::kNotFound, "PLAN_ITEM_NOT_FOUND");
  CheckError(
      Decide(PlanState(), ReturnPlanCommand(2026, kOrg, "x"), CityReviewer())
          .status(),
      StatusCode::kNotFound, "ANNUAL_PLAN_NOT_FOUND");
  CheckError(Decide(s, PublishCityCommand(2026), CityReviewer()).status(),
             StatusCode::kInvalidArgument, "COMMAND_INVALID");
  CheckError(DecideCityPlan(CityPlanState(), ApprovePlanCommand(2026, kOrg),
                            Context(CityReviewer(), kNow), {})
                 .status(),
             StatusCode::kInvalidArgument, "COMMAND_INVALID");
}

// ---------------------------------------------------------------- city plan

absl::StatusOr<std::vector<pb::EventPayload>> DecideCity(
    const CityPlanState& s, const pb::Command& command, const pb::Actor& actor,
    absl::Time now, const std::vector<pb::AnnualPlan>& plans = {}) {
  return DecideCityPlan(s, command, Context(actor, now), plans);
}

// The city plan of 2026 opened on 2 March.
CityPlanState Opened() {
  CityPlanState s;
  FoldInto(
      s, kCityStream,
      MustDecide(DecideCity(s, OpenYearCommand(2026), CityReviewer(), kNow)),
      CityReviewer(), kNow);
  return s;
}

// An approved plan of `org` (stream version `version`) as the projection has
// it, with a link that the city plan must not record.
pb::AnnualPlan ApprovedPlan(const std::string& org, int64_t version = 3) {
  pb::AnnualPlan plan;
  plan.set_year(2026);
  plan.set_provider_organization(org);
  plan.set_level(pb::LEVEL_CITY);
  plan.set_region("3708");
  plan.set_state(pb::ANNUAL_PLAN_STATE_APPROVED);
  pb::PlanItem item = PlanItemOf(org + "-item");
  item.add_linked_catalog_entry_ids(org + "-001");
  *plan.add_items() = item;
  plan.set_version(version);
  return plan;
}

TEST_CASE("city plan: the city reviewer opens the year until 31 May",
          "[plans][city-plan]") {
  CityPlanState s;
  const auto events =
      MustDecide(DecideCity(s, OpenYearCommand(2026), CityReviewer(), kNow));
  REQUIRE(events.size() == 2);
  const absl::Time due = At("2026-05-31T23:59:59+08:00");
  CHECK(FromProto(events[0].annual_plan_year_opened().due_time()) == due);
  const pb::Deadline& d = events[1].deadline_started().deadline();
  CHECK(d.kind() == pb::DEADLINE_KIND_ANNUAL_PLAN);
  CHECK(d.deadline_id() == "annual-plan:2026");
  CHECK(d.stream_id() == kCityStream);
  CHECK(d.responsible_role() == pb::ROLE_REVIEWER);
  CHECK(d.responsible_region() == "3708");
  CHECK(d.working_days() == 0);
  CHECK(FromProto(d.due_time()) == due);
  CHECK(d.state() == pb::DEADLINE_STATE_OPEN);
  FoldInto(s, kCityStream, events, CityReviewer(), kNow);
  CHECK(s.city_plan.state() == pb::CITY_PLAN_STATE_OPEN);
  CheckError(
      DecideCity(s, OpenYearCommand(2026), CityReviewer(), kNow).status(),
      StatusCode::kFailedPrecondition, "ANNUAL_PLAN_YEAR_ALREADY_OPEN");
}

TEST_CASE("city plan: opening refusals name their rule", "[plans][city-plan]") {
  CityPlanState s;
  CheckError(DecideCity(s, OpenYearCommand(2026), CityReviewer(),
                        At("2026-06-01T00:00:00+08:00"))
                 .status(),
             StatusCode::kFailedPrecondition, "ART8_PLAN_DEADLINE_PASSED");
  CHECK(DecideCity(s, OpenYearCommand(2026), CityReviewer(),
                   At("2026-05-31T23:59:59+08:00"))
            .ok());
  CheckError(
      DecideCity(s, OpenYearCommand(2026), CountyReviewer("370811"), kNow)
          .status(),
      StatusCode::kPermissionDenied, "ART8_CITY_REVIEWER_REQUIRED");
  CheckError(DecideCity(s, OpenYearCommand(2026), Owner(), kNow).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(
      DecideCity(s, OpenYearCommand(1999), CityReviewer(), kNow).status(),
      StatusCode::kInvalidArgument, "ANNUAL_PLAN_INVALID");
}

TEST_CASE("city plan: publishing aggregates the approved plans in revisions",
          "[plans][city-plan]") {
  CityPlanState s = Opened();
  pb::AnnualPlan submitted = ApprovedPlan("jn-gaj");
  submitted.set_state(pb::ANNUAL_PLAN_STATE_SUBMITTED);
  CheckError(
      DecideCity(s, PublishCityCommand(2026), CityReviewer(), kNow, {submitted})
          .status(),
      StatusCode::kFailedPrecondition, "CITY_PLAN_NO_APPROVED_PLANS");
  CheckError(DecideCity(CityPlanState(), PublishCityCommand(2026),
                        CityReviewer(), kNow, {ApprovedPlan("jn-jtj")})
                 .status(),
             StatusCode::kFailedPrecondition, "ANNUAL_PLAN_YEAR_NOT_OPEN");
  CheckError(DecideCity(s, PublishCityCommand(2026), CountyReviewer("370811"),
                        kNow, {ApprovedPlan("jn-jtj")})
                 .status(),
             StatusCode::kPermissionDenied, "ART8_CITY_REVIEWER_REQUIRED");

  const absl::Time may = At("2026-05-20T10:00:00+08:00");
  const auto first =
      MustDecide(DecideCity(s, PublishCityCommand(2026), CityReviewer(), may,
                            {ApprovedPlan("jn-jtj", 4), submitted}));
  REQUIRE(first.size() == 2);
  const pb::CityPlanPublished& e = first[0].city_plan_published();
  CHECK(e.revision() == 1);
  CHECK_FALSE(e.late());
  REQUIRE(e.sections_size() == 1);
  CHECK(e.sections(0).provider_organization() == "jn-jtj");
  CHECK(e.sections(0).plan_version() == 4);
  CHECK(e.sections(0).items(0).linked_catalog_entry_ids_size() == 0);
  CHECK(first[1].deadline_met().deadline_id() == "annual-plan:2026");
  CHECK_FALSE(first[1].deadline_met().late());
  FoldInto(s, kCityStream, first, CityReviewer(), may);
  CHECK(s.city_plan.state() == pb::CITY_PLAN_STATE_PUBLISHED);

  // Nothing changed: nothing recorded. A new approval: revision 2, in
  // organisation order, and the clock is not met again.
  const absl::Time july = At("2026-07-01T10:00:00+08:00");
  CHECK(MustDecide(DecideCity(s, PublishCityCommand(2026), CityReviewer(), july,
                              {ApprovedPlan("jn-jtj", 4)}))
            .empty());
  const auto second = MustDecide(
      DecideCity(s, PublishCityCommand(2026), CityReviewer(), july,
                 {ApprovedPlan("jn-jtj", 4), ApprovedPlan("jn-gaj", 2)}));
  REQUIRE(second.size() == 1);
  CHECK(second[0].city_plan_published().revision() == 2);
  CHECK_FALSE(second[0].city_plan_published().late());
  CHECK(second[0].city_plan_published().sections(0).provider_organization() ==
        "jn-gaj");
  FoldInto(s, kCityStream, second, CityReviewer(), july);
  CHECK(s.city_plan.revision() == 2);
  CHECK_FALSE(s.city_plan.late());
}

TEST_CASE("city plan: 31 May passes unpublished then it is published late",
          "[plans][city-plan]") {
  CityPlanState s = Opened();
  pb::Command overdue;
  overdue.mutable_mark_deadline_overdue()->set_stream_id(kCityStream);
  overdue.mutable_mark_deadline_overdue()->set_deadline_id("annual-plan:2026");
  CheckError(
      DecideCity(s, overdue, SystemActor(), At("2026-05-31T23:59:59+08:00"))
          .status(),
      StatusCode::kFailedPrecondition, "DEADLINE_NOT_DUE");
  CheckError(
      DecideCity(s, overdue, CityReviewer(), At("2026-06-01T00:00:00+08:00"))
          .status(),
      StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  const absl::Time june = At("2026-06-01T00:00:05+08:00");
  const auto marked = MustDecide(DecideCity(s, overdue, SystemActor(), june));
  REQUIRE(marked.size() == 1);
  CHECK(marked[0].deadline_overdue().noticed_after_seconds() == 6);
  FoldInto(s, kCityStream, marked, SystemActor(), june);
  CHECK(s.city_plan.overdue());
  CHECK(MustDecide(DecideCity(s, overdue, SystemActor(), june)).empty());

  const absl::Time later = At("2026-06-03T10:00:00+08:00");
  const auto published =
      MustDecide(DecideCity(s, PublishCityCommand(2026), CityReviewer(), later,
                            {ApprovedPlan("jn-jtj")}));
  REQUIRE(published.size() == 2);
  CHECK(published[0].city_plan_published().late());
  CHECK(published[1].deadline_met().late());
  FoldInto(s, kCityStream, published, CityReviewer(), later);
  CHECK(s.city_plan.late());
}

// ---------------------------------------------------------------- pipeline

TEST_CASE("pipeline: plan commands land on their streams",
          "[plans][pipeline]") {
  DeadlineHarness h(At("2026-05-20T10:00:00+08:00"));
  const pb::Actor jtj = CityProvider("jn-jtj");
  const pb::Actor gaj = CityProvider("jn-gaj");
  const CommandOutcome submitted = h.MustRun(
      SubmitPlanCommand(2026, "jn-jtj", {PlanItemOf("bus-arrivals")}), jtj);
  CHECK(submitted.stream_id == "plan/2026/jn-jtj");
  CHECK(submitted.stream_version == 1);
  h.MustRun(SubmitPlanCommand(2026, "jn-gaj", {PlanItemOf("vehicles")}), gaj);
  h.MustRun(ApprovePlanCommand(2026, "jn-jtj"), CityReviewer());
  CHECK(h.MustRun(OpenYearCommand(2026), CityReviewer()).stream_id ==
        "city-plan/2026");
  const CommandOutcome published =
      h.MustRun(PublishCityCommand(2026), CityReviewer());
  CHECK(published.stream_id == "city-plan/2026");
  CHECK(published.stream_version == 4);  // Opened, started, published, met.

  // The decider got the approved plans from the projection: jn-jtj only.
  PlanQueries queries(&h.store());
  const absl::StatusOr<CityPlanReport> city =
      queries.GetCity(PlainUser(), 2026);
  INFO(city.status().ToString());
  REQUIRE(city.ok());
  REQUIRE(city->city_plan.sections_size() == 1);
  CHECK(city->city_plan.sections(0).provider_organization() == "jn-jtj");
  CHECK(city->city_plan.sections(0).plan_version() == 2);
  CHECK(h.DeadlineRow("annual-plan:2026").state() == pb::DEADLINE_STATE_MET);

  // Malformed ids never reach a stream.
  CheckError(
      h.Run(SubmitPlanCommand(2026, "jn/gaj", {PlanItemOf("v")}), gaj).status(),
      StatusCode::kInvalidArgument, "ORGANIZATION_ID_INVALID");
  CheckError(h.Run(PublishCityCommand(20260), CityReviewer()).status(),
             StatusCode::kInvalidArgument, "ANNUAL_PLAN_INVALID");
}

TEST_CASE("plan queries: who sees which plan and pages of plans",
          "[plans][queries]") {
  DeadlineHarness h(At("2026-05-20T10:00:00+08:00"));
  const pb::Actor jtj = CityProvider("jn-jtj");
  for (const char* org : {"jn-gaj", "jn-jtj", "jn-wsj"}) {
    h.MustRun(SubmitPlanCommand(2026, org, {PlanItemOf("item")}),
              CityProvider(org));
  }
  h.MustRun(
      SubmitPlanCommand(2027, "jn-jtj", {PlanItemOf("next", "2027-03-01")}),
      jtj);
  h.MustRun(ApprovePlanCommand(2026, "jn-wsj"), CityReviewer());
  h.MustRun(OpenYearCommand(2026), CityReviewer());
  PlanQueries queries(&h.store());

  CHECK(queries.Get(jtj, 2026, "").ok());
  CHECK(queries.Get(CityReviewer(), 2026, "jn-jtj").ok());
  // A county reviewer never reads plans outside its county (a city provider's).
  CheckError(queries.Get(CountyReviewer("370883"), 2026, "jn-jtj").status(),
             StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CHECK(queries.Get(Auditor(), 2026, "jn-jtj").ok());
  CheckError(queries.Get(CityProvider("jn-gaj"), 2026, "jn-jtj").status(),
             StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  CheckError(queries.Get(PlainUser(), 2026, "jn-jtj").status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(queries.Get(jtj, 2025, "").status(), StatusCode::kNotFound,
             "ANNUAL_PLAN_NOT_FOUND");

  // An auditor pages through 2026 one plan at a time.
  std::vector<std::string> orgs;
  PlanListFilter filter;
  filter.year = 2026;
  filter.page_size = 1;
  for (int page = 0; page < 5; ++page) {
    const absl::StatusOr<PlanPage> got = queries.List(Auditor(), filter);
    INFO(got.status().ToString());
    REQUIRE(got.ok());
    for (const pb::AnnualPlan& plan : got->plans)
      orgs.push_back(plan.provider_organization());
    if (got->next_page_token.empty()) break;
    filter.page_token = got->next_page_token;
  }
  CHECK(orgs == std::vector<std::string>{"jn-gaj", "jn-jtj", "jn-wsj"});
  PlanListFilter approved;
  approved.state = pb::ANNUAL_PLAN_STATE_APPROVED;
  const absl::StatusOr<PlanPage> only = queries.List(CityReviewer(), approved);
  REQUIRE(only.ok());
  REQUIRE(only->plans.size() == 1);
  CHECK(only->plans[0].provider_organization() == "jn-wsj");
  // A provider lists its own plans of every year.
  const absl::StatusOr<PlanPage> own = queries.List(jtj, PlanListFilter());
  REQUIRE(own.ok());
  REQUIRE(own->plans.size() == 2);
  CHECK(own->plans[0].year() == 2026);
  CHECK(own->plans[1].year() == 2027);
  CheckError(queries.List(PlainUser(), PlanListFilter()).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");

  // The open year is visible to reviewers only until it is published.
  CHECK(queries.GetCity(CityReviewer(), 2026).ok());
  CheckError(queries.GetCity(jtj, 2026).status(), StatusCode::kNotFound,
             "CITY_PLAN_NOT_FOUND");
  CheckError(queries.GetCity(CityReviewer(), 2027).status(),
             StatusCode::kNotFound, "CITY_PLAN_NOT_FOUND");
}

TEST_CASE("pipeline: MarkDeadlineOverdue routes to streams with clocks only",
          "[plans][pipeline][scheduler]") {
  DeadlineHarness h(At("2026-05-20T10:00:00+08:00"));
  h.MustRun(OpenYearCommand(2026), CityReviewer());
  h.MustRun(SetPersonsCommand("jn-jtj", {PersonOf()}), CityProvider("jn-jtj"));
  for (const char* stream :
       {"organization/jn-jtj", "plan/2026/jn-jtj", "calendar/2026",
        "no-such-kind/1", "city-plan/26"}) {
    INFO(stream);
    CheckError(
        h.Run(MarkOverdueCommand(stream, "annual-plan:2026"), SystemActor())
            .status(),
        StatusCode::kInvalidArgument, "COMMAND_INVALID");
  }

  // The scheduler finds the city plan's clock once 31 May has passed.
  h.clock().Set(At("2026-05-31T23:59:59+08:00"));
  CHECK(h.RunScheduler() == 0);
  h.clock().Set(At("2026-06-01T08:00:00+08:00"));
  CHECK(h.RunScheduler() == 1);
  CHECK(h.RunScheduler() == 0);
  CHECK(h.DeadlineRow("annual-plan:2026").state() ==
        pb::DEADLINE_STATE_OVERDUE);
  const std::vector<pb::EventEnvelope> events = h.Stream("city-plan/2026");
  REQUIRE(events.size() == 3);
  CHECK(events[2].payload().has_deadline_overdue());
}

}  // namespace
}  // namespace opendata::engine_test
