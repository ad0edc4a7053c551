// The annual open plan workflow over gRPC (Art. 8, issue 4): the city reviewer
// opens 2026 (a county reviewer may not); two providers submit; one plan is
// returned with a per-item reason and resubmitted; both are approved; the city
// plan is published before 31 May and is public; an item is linked to a
// catalog entry that is then published, and its fulfilment goes from 0 to 1.
// And the overdue case: 31 May passes unpublished, the scheduler marks the
// clock overdue, and the later publication is late.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/services/catalog_samples.h"
#include "tests/services/plan_client.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

pb::PlanItem Item(const std::string& id, const std::string& name) {
  pb::PlanItem item;
  item.set_item_id(id);
  item.set_name(name);
  item.set_description(name + "，按月更新");
  item.set_domain("交通出行");
  item.set_planned_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  item.set_planned_open_date("2026-09-30");
  item.add_service_modes(pb::SERVICE_MODE_FILE);
  return item;
}

grpc::Status Submit(PlanClient& c, const Identity& who,
                    const std::vector<pb::PlanItem>& items,
                    pb::SubmitAnnualPlanResponse* out) {
  pb::SubmitAnnualPlanRequest request;
  request.set_year(2026);
  for (const pb::PlanItem& item : items) *request.add_items() = item;
  return c.provider().SubmitAnnualPlan(c.As(who).get(), request, out);
}

grpc::Status Approve(PlanClient& c, const Identity& who,
                     const std::string& org) {
  pb::ApproveAnnualPlanRequest request;
  request.set_year(2026);
  request.set_provider_organization(org);
  pb::ApproveAnnualPlanResponse response;
  return c.reviewer().ApproveAnnualPlan(c.As(who).get(), request, &response);
}

grpc::Status Open(PlanClient& c, const Identity& who,
                  pb::OpenAnnualPlanYearResponse* out) {
  pb::OpenAnnualPlanYearRequest request;
  request.set_year(2026);
  return c.reviewer().OpenAnnualPlanYear(c.As(who).get(), request, out);
}

grpc::Status Publish(PlanClient& c, pb::PublishCityPlanResponse* out) {
  pb::PublishCityPlanRequest request;
  request.set_year(2026);
  return c.reviewer().PublishCityPlan(c.As(kCityReviewer).get(), request, out);
}

pb::GetAnnualPlanResponse MustGetPlan(PlanClient& c, const Identity& who,
                                      const std::string& org) {
  pb::GetAnnualPlanRequest request;
  request.set_year(2026);
  request.set_provider_organization(org);
  pb::GetAnnualPlanResponse response;
  REQUIRE_OK(c.query().GetAnnualPlan(c.As(who).get(), request, &response));
  return response;
}

pb::GetCityPlanResponse MustGetCity(PlanClient& c, const Identity& who) {
  pb::GetCityPlanRequest request;
  request.set_year(2026);
  pb::GetCityPlanResponse response;
  REQUIRE_OK(c.query().GetCityPlan(c.As(who).get(), request, &response));
  return response;
}

TEST_CASE("annual plans: submitted, returned, approved, published, fulfilled",
          "[services][plans]") {
  PlatformFixture f(At("2026-05-11T10:00:00+08:00"));
  PlanClient c(f);

  // The city reviewer opens the year; a county reviewer may not.
  pb::OpenAnnualPlanYearResponse opened;
  {
    const grpc::Status status = Open(c, kRenchengReviewer, &opened);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ART8_CITY_REVIEWER_REQUIRED");
  }
  REQUIRE_OK(Open(c, kCityReviewer, &opened));
  CHECK(opened.city_plan().state() == pb::CITY_PLAN_STATE_OPEN);
  CHECK(TimeOf(opened.city_plan().due_time()) ==
        At("2026-05-31T23:59:59+08:00"));

  // Two providers submit.
  pb::SubmitAnnualPlanResponse gaj;
  REQUIRE_OK(Submit(c, kGajProvider,
                    {Item("vehicle-stats", "机动车保有量统计")}, &gaj));
  CHECK(gaj.plan().state() == pb::ANNUAL_PLAN_STATE_SUBMITTED);
  CHECK(gaj.plan().provider_organization() == "jn-gaj");
  pb::SubmitAnnualPlanResponse jtj;
  REQUIRE_OK(Submit(
      c, kJtjProvider,
      {Item("bus-stops", "公交线路站点"), Item("taxi", "出租车运营统计")},
      &jtj));
  {
    pb::SubmitAnnualPlanRequest bad;
    bad.set_year(2026);
    *bad.add_items() = Item("Bad", "");
    pb::SubmitAnnualPlanResponse ignored;
    const grpc::Status status = c.provider().SubmitAnnualPlan(
        c.As(kRenchengProvider).get(), bad, &ignored);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "ANNUAL_PLAN_INVALID");
    CHECK(ViolatedFields(status) ==
          std::vector<std::string>{"items[0].item_id", "items[0].name"});
  }

  // jn-jtj's plan is returned with a per-item reason and resubmitted.
  pb::ReturnAnnualPlanRequest give_back;
  give_back.set_year(2026);
  give_back.set_provider_organization("jn-jtj");
  auto* reason = give_back.add_item_reasons();
  reason->set_item_id("taxi");
  reason->set_reason("出租车数据由市交通运输局客运科另行开放，请删除");
  pb::ReturnAnnualPlanResponse returned;
  REQUIRE_OK(c.reviewer().ReturnAnnualPlan(c.As(kCityReviewer).get(), give_back,
                                           &returned));
  CHECK(returned.plan().state() == pb::ANNUAL_PLAN_STATE_RETURNED);
  CHECK(returned.plan().item_reasons(0).item_id() == "taxi");
  {
    pb::GetAnnualPlanRequest request;
    request.set_year(2026);
    request.set_provider_organization("jn-jtj");
    pb::GetAnnualPlanResponse response;
    const grpc::Status status =
        c.query().GetAnnualPlan(c.As(kGajProvider).get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "NOT_ENTRY_OWNER");
  }
  REQUIRE_OK(Submit(
      c, kJtjProvider,
      {Item("bus-stops", "公交线路站点"), Item("bus-lines", "公交线路走向")},
      &jtj));
  CHECK(jtj.plan().submissions() == 2);

  // Both approved, by the city reviewer only.
  {
    const grpc::Status status = Approve(c, kRenchengReviewer, "jn-jtj");
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ART8_CITY_REVIEWER_REQUIRED");
  }
  REQUIRE_OK(Approve(c, kCityReviewer, "jn-jtj"));
  REQUIRE_OK(Approve(c, kCityReviewer, "jn-gaj"));
  pb::ListAnnualPlansRequest list;
  list.set_year(2026);
  pb::ListAnnualPlansResponse all;
  REQUIRE_OK(c.query().ListAnnualPlans(c.As(kAuditor).get(), list, &all));
  CHECK(all.plans_size() == 2);
  pb::ListAnnualPlansResponse own;
  REQUIRE_OK(c.query().ListAnnualPlans(c.As(kJtjProvider).get(), list, &own));
  REQUIRE(own.plans_size() == 1);
  CHECK(own.plans(0).provider_organization() == "jn-jtj");
  {
    const grpc::Status status =
        c.query().ListAnnualPlans(c.As(kCitizen).get(), list, &own);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  }

  // Published on 20 May, before the due time; public.
  f.clock().Set(At("2026-05-20T15:00:00+08:00"));
  pb::PublishCityPlanResponse published;
  REQUIRE_OK(Publish(c, &published));
  CHECK(published.city_plan().revision() == 1);
  CHECK_FALSE(published.city_plan().late());
  REQUIRE(published.city_plan().sections_size() == 2);
  CHECK(published.city_plan().sections(0).provider_organization() == "jn-gaj");
  CHECK(published.city_plan().sections(1).items_size() == 2);
  CHECK(f.MustGetDeadline("annual-plan:2026").deadline().state() ==
        pb::DEADLINE_STATE_MET);
  pb::GetCityPlanResponse city = MustGetCity(c, kCitizen);
  CHECK(city.fulfilment().item_count() == 3);
  CHECK(city.fulfilment().fulfilled_count() == 0);

  // An item linked to an entry that is then published: fulfilled.
  f.MustCreate(kJtjProvider, "jn-jtj-001", UnconditionalContent());
  f.MustSubmit(kJtjProvider, "jn-jtj-001");
  pb::LinkPlanItemRequest link;
  link.set_year(2026);
  link.set_item_id("bus-stops");
  link.set_catalog_entry_id("jn-jtj-001");
  pb::LinkPlanItemResponse linked;
  REQUIRE_OK(
      c.provider().LinkPlanItem(c.As(kJtjProvider).get(), link, &linked));
  CHECK(linked.plan().items(0).linked_catalog_entry_ids(0) == "jn-jtj-001");
  pb::GetAnnualPlanResponse before = MustGetPlan(c, kJtjProvider, "");
  CHECK(before.fulfilment().fulfilled_count() == 0);
  CHECK_FALSE(before.fulfilment().items(0).fulfilled());
  f.MustPublish(kCityReviewer, "jn-jtj-001");
  pb::GetAnnualPlanResponse after = MustGetPlan(c, kCityReviewer, "jn-jtj");
  CHECK(after.fulfilment().item_count() == 2);
  CHECK(after.fulfilment().fulfilled_count() == 1);
  CHECK(after.fulfilment().fulfilled_percent() == Approx(50.0));
  CHECK(after.fulfilment().items(0).fulfilling_catalog_entry_ids(0) ==
        "jn-jtj-001");
  city = MustGetCity(c, kCitizen);
  CHECK(city.fulfilment().fulfilled_count() == 1);

  // The events landed on the plan and city plan streams.
  CHECK(f.RecordedEvents("plan/2026/jn-jtj").size() == 5);
  CHECK(f.RecordedEvents("city-plan/2026").size() == 4);
}

TEST_CASE("annual plans: 31 May passes unpublished and the scheduler marks it",
          "[services][plans][scheduler]") {
  PlatformFixture f(At("2026-05-25T10:00:00+08:00"));
  PlanClient c(f);
  pb::OpenAnnualPlanYearResponse opened;
  REQUIRE_OK(Open(c, kCityReviewer, &opened));
  pb::SubmitAnnualPlanResponse submitted;
  REQUIRE_OK(Submit(c, kGajProvider,
                    {Item("vehicle-stats", "机动车保有量统计")}, &submitted));
  REQUIRE_OK(Approve(c, kCityReviewer, "jn-gaj"));
  {
    pb::GetCityPlanRequest request;
    request.set_year(2026);
    pb::GetCityPlanResponse response;
    const grpc::Status status =
        c.query().GetCityPlan(c.As(kCitizen).get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::NOT_FOUND);
    CHECK(ErrorReason(status) == "CITY_PLAN_NOT_FOUND");
  }

  f.clock().Set(At("2026-05-31T23:59:59+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  f.clock().Set(At("2026-06-01T00:00:30+08:00"));
  CHECK(f.RunSchedulerOnce() == 1);
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(f.MustGetDeadline("annual-plan:2026").deadline().state() ==
        pb::DEADLINE_STATE_OVERDUE);
  pb::GetCityPlanResponse open = MustGetCity(c, kCityReviewer);
  CHECK(open.city_plan().state() == pb::CITY_PLAN_STATE_OPEN);
  CHECK(open.city_plan().overdue());

  // Opening another year after its 31 May is refused with the rule.
  {
    const grpc::Status status = Open(c, kCityReviewer, &opened);
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ANNUAL_PLAN_YEAR_ALREADY_OPEN");
  }

  f.clock().Set(At("2026-06-02T09:00:00+08:00"));
  pb::PublishCityPlanResponse published;
  REQUIRE_OK(Publish(c, &published));
  CHECK(published.city_plan().late());
  CHECK(published.city_plan().revision() == 1);
  CHECK(f.MustGetDeadline("annual-plan:2026").deadline().state() ==
        pb::DEADLINE_STATE_MET);
  CHECK(MustGetCity(c, kCitizen).city_plan().sections_size() == 1);
}

}  // namespace
}  // namespace opendata::testing
