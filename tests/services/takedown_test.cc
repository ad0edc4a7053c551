// The takedown workflow over gRPC (Art. 14, issue 4): a COUNTY entry's
// takedown through its county reviewer and then the city reviewer (each wrong
// actor refused with its rule), the public notice of 10 working days
// (ListTakedownNotices shows it, the entry stays PUBLISHED and public during
// it), the scheduler with the FakeClock past the notice end taking it down
// exactly once; and a quality takedown (先行下架), the provider's remediation
// and the reviewer's acceptance that publishes the entry again.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

int CountOf(const std::vector<pb::EventEnvelope>& events,
            const std::string& type) {
  int n = 0;
  for (const pb::EventEnvelope& e : events) n += e.event_type() == type;
  return n;
}

pb::ApproveTakedownRequest Approve(PlatformFixture& f, const std::string& id) {
  pb::ApproveTakedownRequest request;
  request.set_request_id(f.FreshRequestId());
  request.set_catalog_entry_id(id);
  return request;
}

TEST_CASE("a COUNTY entry's takedown: two approvals, a notice, then effect",
          "[services][takedown]") {
  PlatformFixture f(At("2026-02-26T10:00:00+08:00"));
  const std::string id = "rc-gaj-001";
  f.MustCreate(kRenchengProvider, id, ConditionalContent("暂住人口统计"));
  f.MustSubmit(kRenchengProvider, id);
  f.MustPublish(kRenchengReviewer, id);

  // Mon 2 Mar 09:00: the provider applies, with reasons.
  f.clock().Set(At("2026-03-02T09:00:00+08:00"));
  pb::RequestTakedownRequest apply;
  apply.set_request_id("apply-1");
  apply.set_catalog_entry_id(id);
  {
    pb::RequestTakedownRequest empty = apply;
    const grpc::Status status =
        f.RequestTakedown(f.Bearer(kRenchengProvider), empty);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "TAKEDOWN_INVALID");
    CHECK(ViolatedFields(status) == std::vector<std::string>{"reasons"});
  }
  apply.set_reasons("统计口径调整，该数据由区统计局统一发布");
  {
    const grpc::Status status =
        f.RequestTakedown(f.Bearer(kGajProvider), apply);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "NOT_ENTRY_OWNER");
  }
  pb::RequestTakedownResponse applied;
  REQUIRE_OK(f.RequestTakedown(f.Bearer(kRenchengProvider), apply, &applied));
  CHECK(applied.catalog_entry().state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(applied.catalog_entry().current_takedown().state() ==
        pb::TAKEDOWN_STATE_APPLIED);
  CHECK(applied.catalog_entry().current_takedown().requested_by().subject() ==
        "zhao.lei");

  // 10:00: the city reviewer may not go first; another county has no say.
  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  {
    const grpc::Status status =
        f.ApproveTakedown(f.Bearer(kCityReviewer), Approve(f, id));
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART14_COUNTY_APPROVAL_FIRST");
  }
  {
    const grpc::Status status =
        f.ApproveTakedown(f.Bearer(kZouchengReviewer), Approve(f, id));
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "OUTSIDE_JURISDICTION");
  }
  pb::ApproveTakedownResponse county;
  REQUIRE_OK(
      f.ApproveTakedown(f.Bearer(kRenchengReviewer), Approve(f, id), &county));
  CHECK(county.catalog_entry().current_takedown().state() ==
        pb::TAKEDOWN_STATE_COUNTY_APPROVED);
  {
    const grpc::Status status =
        f.ApproveTakedown(f.Bearer(kRenchengReviewer), Approve(f, id));
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ART14_CITY_APPROVAL_REQUIRED");
  }
  pb::ApproveTakedownResponse city;
  REQUIRE_OK(f.ApproveTakedown(f.Bearer(kCityReviewer), Approve(f, id), &city));
  const pb::Takedown& takedown = city.catalog_entry().current_takedown();
  CHECK(takedown.state() == pb::TAKEDOWN_STATE_NOTICE);
  CHECK(takedown.county_approval().reviewer().subject() == "sun.li");
  CHECK(takedown.city_approval().reviewer().subject() == "li.na");
  CHECK(TimeOf(takedown.notice_start_time()) ==
        At("2026-03-02T10:00:00+08:00"));
  // Tue 3 Mar is working day 1, Mon 16 Mar day 10.
  CHECK(TimeOf(takedown.notice_end_time()) == At("2026-03-16T23:59:59+08:00"));
  CHECK_FALSE(takedown.notice_provisional());

  // The notice is public, and the entry stays available while it runs.
  pb::ListTakedownNoticesResponse notices;
  REQUIRE_OK(f.ListTakedownNotices(f.Bearer(kCitizen), {}, &notices));
  REQUIRE(notices.notices_size() == 1);
  CHECK(notices.notices(0).catalog_entry_id() == id);
  CHECK(notices.notices(0).name() == "暂住人口统计");
  CHECK(notices.notices(0).provider_organization() == "rc-gaj");
  CHECK(notices.notices(0).level() == pb::LEVEL_COUNTY);
  CHECK(notices.notices(0).region() == "370811");
  CHECK(notices.notices(0).takedown() == 1);
  CHECK(notices.notices(0).reasons() ==
        "统计口径调整，该数据由区统计局统一发布");
  CHECK(TimeOf(notices.notices(0).notice_end_time()) ==
        At("2026-03-16T23:59:59+08:00"));
  CHECK(f.MustGet(kCitizen, id).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  const pb::DeadlineStatus clock =
      f.MustGetDeadline("takedown-notice:rc-gaj-001:1");
  CHECK(clock.deadline().kind() == pb::DEADLINE_KIND_TAKEDOWN_NOTICE);
  CHECK(clock.deadline().responsible_role() == pb::ROLE_SYSTEM);
  CHECK(clock.deadline().responsible_region() == "370811");
  CHECK(clock.deadline().working_days() == 10);
  CHECK(clock.working_days_remaining() == 10);

  // Nothing happens up to the notice's last second.
  f.clock().Set(At("2026-03-16T23:59:59+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(f.MustGet(kCitizen, id).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);

  // After it, the takedown takes effect, exactly once.
  f.clock().Set(At("2026-03-17T00:00:05+08:00"));
  CHECK(f.RunSchedulerOnce() == 1);
  CHECK(f.RunSchedulerOnce() == 0);
  f.clock().Advance(absl::Hours(24));
  CHECK(f.RunSchedulerOnce() == 0);

  const pb::CatalogEntry down = f.MustGet(kRenchengProvider, id);
  CHECK(down.state() == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
  CHECK(down.current_takedown().state() == pb::TAKEDOWN_STATE_EFFECTIVE);
  CHECK(TimeOf(down.taken_down_time()) == At("2026-03-17T00:00:05+08:00"));
  {
    const grpc::Status status = f.Get(f.Bearer(kCitizen), id);
    CHECK(status.error_code() == grpc::StatusCode::NOT_FOUND);
  }
  REQUIRE_OK(f.ListTakedownNotices(f.Bearer(kCitizen), {}, &notices));
  CHECK(notices.notices_size() == 0);
  const pb::DeadlineStatus met =
      f.MustGetDeadline("takedown-notice:rc-gaj-001:1");
  CHECK(met.deadline().state() == pb::DEADLINE_STATE_MET);
  CHECK_FALSE(met.deadline().late());

  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents("catalog-entry/" + id);
  CHECK(CountOf(events, "catalog_entry_taken_down") == 1);
  CHECK(CountOf(events, "deadline_overdue") == 0);
  // The takedown and the cancellation of the two upkeep clocks (Art. 12) end
  // the stream.
  REQUIRE(events.size() >= 3);
  CHECK(events[events.size() - 1].event_type() == "deadline_cancelled");
  CHECK(events[events.size() - 2].event_type() == "deadline_cancelled");
  const pb::EventEnvelope& last = events[events.size() - 3];
  CHECK(last.event_type() == "catalog_entry_taken_down");
  CHECK(last.actor().role() == pb::ROLE_SYSTEM);
  CHECK(last.request_id() == "deadline-overdue:takedown-notice:rc-gaj-001:1");
}

TEST_CASE("a quality takedown, remediated and republished",
          "[services][takedown][quality]") {
  PlatformFixture f(At("2026-02-26T10:00:00+08:00"));
  const std::string id = "jn-gaj-002";
  f.MustCreate(kGajProvider, id, UnconditionalContent());
  f.MustSubmit(kGajProvider, id);
  f.MustPublish(kCityReviewer, id);

  pb::TakeDownForQualityRequest quality;
  quality.set_request_id("quality-1");
  quality.set_catalog_entry_id(id);
  quality.set_reasons("站点坐标大面积错误");
  {
    const grpc::Status status =
        f.TakeDownForQuality(f.Bearer(kRenchengReviewer), quality);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "OUTSIDE_JURISDICTION");
  }
  pb::TakeDownForQualityResponse suspended;
  REQUIRE_OK(
      f.TakeDownForQuality(f.Bearer(kCityReviewer), quality, &suspended));
  CHECK(suspended.catalog_entry().state() ==
        pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY);
  CHECK(suspended.catalog_entry().quality_suspension().reasons() ==
        "站点坐标大面积错误");
  // Taken down at once: no longer public.
  CHECK(f.Get(f.Bearer(kCitizen), id).error_code() ==
        grpc::StatusCode::NOT_FOUND);

  pb::AcceptRemediationRequest accept;
  accept.set_catalog_entry_id(id);
  accept.set_request_id("accept-early");
  {
    const grpc::Status status =
        f.AcceptRemediation(f.Bearer(kCityReviewer), accept);
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "REMEDIATION_NOT_REPORTED");
  }

  f.clock().Advance(absl::Hours(48));
  pb::ReportRemediationRequest report;
  report.set_request_id("remedy-1");
  report.set_catalog_entry_id(id);
  report.set_notes("已重新采集并校验全部站点坐标");
  pb::ReportRemediationResponse reported;
  REQUIRE_OK(f.ReportRemediation(f.Bearer(kGajProvider), report, &reported));
  CHECK(reported.catalog_entry().state() ==
        pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY);
  CHECK(reported.catalog_entry().quality_suspension().remediation_notes() ==
        "已重新采集并校验全部站点坐标");

  accept.set_request_id("accept-1");
  pb::AcceptRemediationResponse republished;
  REQUIRE_OK(
      f.AcceptRemediation(f.Bearer(kCityReviewer), accept, &republished));
  CHECK(republished.catalog_entry().state() ==
        pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK_FALSE(republished.catalog_entry().has_quality_suspension());
  CHECK(f.MustGet(kCitizen, id).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  // A retry of the acceptance is a replay, not a second republication.
  pb::AcceptRemediationResponse again;
  REQUIRE_OK(f.AcceptRemediation(f.Bearer(kCityReviewer), accept, &again));
  CHECK(again.receipt().replayed());
  CHECK(CountOf(f.RecordedEvents("catalog-entry/" + id),
                "catalog_entry_republished") == 1);
}

}  // namespace
}  // namespace opendata::testing
