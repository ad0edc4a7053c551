// QueryService.GetSupervisionStatistics and ExportSupervisionStatistics over
// gRPC (Art. 22): entries published through the real workflow, one review on
// time and one late (marked overdue by the scheduler first), then the figures
// of February for the city, a county and a provider, the CSV export per
// region, and the refusals by role and jurisdiction.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

pb::SupervisionScope Scope(pb::SupervisionScopeKind kind,
                           const std::string& region = "",
                           const std::string& org = "") {
  pb::SupervisionScope s;
  s.set_kind(kind);
  s.set_region(region);
  s.set_organization(org);
  return s;
}

pb::GetSupervisionStatisticsRequest February(const pb::SupervisionScope& s) {
  pb::GetSupervisionStatisticsRequest r;
  *r.mutable_scope() = s;
  *r.mutable_period_start() = StampOf(At("2026-02-01T00:00:00+08:00"));
  *r.mutable_period_end() = StampOf(At("2026-03-01T00:00:00+08:00"));
  return r;
}

const pb::ClockStatistics* ClockOf(const pb::SupervisionStatistics& s,
                                   pb::DeadlineKind kind) {
  for (const pb::ClockStatistics& c : s.clocks()) {
    if (c.kind() == kind) return &c;
  }
  return nullptr;
}

TEST_CASE("supervision: the February figures over gRPC", "[supervision]") {
  PlatformFixture f;
  ServiceClients c(f);
  // Fri 13 Feb 10:00: both submitted, due Tue 24 Feb.
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent("驾校名录"));
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  f.MustCreate(kRenchengProvider, "rc-gaj-001", UnconditionalContent("派出所"));
  f.MustSubmit(kRenchengProvider, "rc-gaj-001");
  // Sat 14 Feb 11:00: the city entry published on time (25 hours).
  f.clock().Set(At("2026-02-14T11:00:00+08:00"));
  f.MustPublish(kCityReviewer, "jn-gaj-001");
  // Wed 25 Feb 09:00: the county review overdue, then published late (287 h).
  f.clock().Set(At("2026-02-25T09:00:00+08:00"));
  CHECK(f.RunSchedulerOnce() == 1);
  f.MustPublish(kRenchengReviewer, "rc-gaj-001");

  pb::GetSupervisionStatisticsResponse city;
  grpc::Status status = c.query->GetSupervisionStatistics(
      c.As(kAuditor).get(), February(Scope(pb::SUPERVISION_SCOPE_KIND_CITY)),
      &city);
  INFO(Describe(status));
  REQUIRE(status.ok());
  const pb::SupervisionStatistics& s = city.statistics();
  REQUIRE(s.entries_size() == 1);
  CHECK(s.entries(0).attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  CHECK(s.entries(0).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(s.entries(0).count() == 2);
  const pb::ClockStatistics* review =
      ClockOf(s, pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW);
  REQUIRE(review != nullptr);
  CHECK(review->started() == 2);
  CHECK(review->met_on_time() == 1);
  CHECK(review->met_late() == 1);
  CHECK(review->marked_overdue() == 1);
  CHECK(review->open_at_end() == 0);
  CHECK(review->median_handling_hours() == 25);
  CHECK(review->p90_handling_hours() == 287);
  const pb::ClockStatistics* update = ClockOf(s, pb::DEADLINE_KIND_DATA_UPDATE);
  REQUIRE(update != nullptr);
  CHECK(update->started() == 2);
  CHECK(update->open_at_end() == 2);

  // The county's reviewer sees its county: the late review only.
  pb::GetSupervisionStatisticsResponse county;
  REQUIRE(c.query
              ->GetSupervisionStatistics(
                  c.As(kRenchengReviewer).get(),
                  February(Scope(pb::SUPERVISION_SCOPE_KIND_REGION, "370811")),
                  &county)
              .ok());
  review =
      ClockOf(county.statistics(), pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW);
  REQUIRE(review != nullptr);
  CHECK(review->met_late() == 1);
  CHECK(review->met_on_time() == 0);

  // A provider its own organisation: its entry and its update clock.
  pb::GetSupervisionStatisticsResponse own;
  REQUIRE(c.query
              ->GetSupervisionStatistics(
                  c.As(kGajProvider).get(),
                  February(
                      Scope(pb::SUPERVISION_SCOPE_KIND_PROVIDER, "", "jn-gaj")),
                  &own)
              .ok());
  REQUIRE(own.statistics().entries_size() == 1);
  CHECK(own.statistics().entries(0).count() == 1);
  CHECK(ClockOf(own.statistics(), pb::DEADLINE_KIND_DATA_UPDATE)->started() ==
        1);

  // The export per region: the city and 任城区.
  pb::ExportSupervisionStatisticsRequest e;
  *e.mutable_scope() = Scope(pb::SUPERVISION_SCOPE_KIND_CITY);
  *e.mutable_period_start() = StampOf(At("2026-02-01T00:00:00+08:00"));
  *e.mutable_period_end() = StampOf(At("2026-03-01T00:00:00+08:00"));
  e.set_breakdown(pb::SUPERVISION_BREAKDOWN_REGION);
  pb::ExportSupervisionStatisticsResponse csv;
  status =
      c.query->ExportSupervisionStatistics(c.As(kCityReviewer).get(), e, &csv);
  INFO(Describe(status));
  REQUIRE(status.ok());
  CHECK(csv.rows() == 2);
  CHECK(csv.csv().rfind("\xEF\xBB\xBFgroup,group_name,scope,", 0) == 0);
  CHECK(csv.csv().find("\r\n3708,济宁市,city,2026-02-01T00:00:00+08:00,"
                       "2026-03-01T00:00:00+08:00,1,") != std::string::npos);
  CHECK(csv.csv().find("\r\n370811,任城区,city,") != std::string::npos);
}

TEST_CASE("supervision: refusals over gRPC name the rule", "[supervision]") {
  PlatformFixture f;
  ServiceClients c(f);
  pb::GetSupervisionStatisticsResponse out;
  auto ask = [&](const Identity& who, const pb::SupervisionScope& scope) {
    return c.query->GetSupervisionStatistics(c.As(who).get(), February(scope),
                                             &out);
  };
  grpc::Status s = ask(kCitizen, Scope(pb::SUPERVISION_SCOPE_KIND_CITY));
  CHECK(s.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(s) == "ROLE_NOT_ALLOWED");
  s = ask(kGajProvider,
          Scope(pb::SUPERVISION_SCOPE_KIND_PROVIDER, "", "rc-gaj"));
  CHECK(s.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(s) == "NOT_ENTRY_OWNER");
  s = ask(kZouchengReviewer,
          Scope(pb::SUPERVISION_SCOPE_KIND_REGION, "370811"));
  CHECK(s.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(s) == "OUTSIDE_JURISDICTION");
  pb::GetSupervisionStatisticsRequest bad =
      February(Scope(pb::SUPERVISION_SCOPE_KIND_CITY));
  bad.clear_period_end();
  s = c.query->GetSupervisionStatistics(c.As(kOperator).get(), bad, &out);
  CHECK(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(s) == "STATISTICS_REQUEST_INVALID");
  CHECK(ViolatedFields(s) == std::vector<std::string>{"period_end"});
}

}  // namespace
}  // namespace opendata::testing
