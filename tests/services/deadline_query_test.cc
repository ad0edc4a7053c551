// QueryService.ListDeadlines over gRPC (issue 3): deadlines by responsible
// region or organisation, by state (open, met, overdue) and due window,
// ordered by state then due time, paged, with the hand-computed working days
// remaining; and who sees what (operators, auditors and city reviewers all;
// county reviewers their region; providers the review clocks of their own
// entries; users are refused).
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Catch::Matchers::Equals;
using Ids = std::vector<std::string>;
using Fields = std::vector<std::string>;

// The review clocks of the four seeded entries.
const std::string kA = "catalog-review:jn-gaj-001:1";  // city, overdue
const std::string kB = "catalog-review:rc-gaj-001:1";  // 任城区, overdue
const std::string kC = "catalog-review:jn-gaj-002:1";  // city, open
const std::string kD = "catalog-review:jn-jtj-001:1";  // city, met

// True for the upkeep clocks (Art. 12) that publishing D starts; the
// release tests cover them, these tests the review clocks.
bool Upkeep(const std::string& deadline_id) {
  return deadline_id.rfind("data-update:", 0) == 0 ||
         deadline_id.rfind("quality-assessment:", 0) == 0;
}

// The deadlines of `list` but the upkeep clocks.
std::vector<pb::DeadlineStatus> ReviewClocks(
    const std::vector<pb::DeadlineStatus>& list) {
  std::vector<pb::DeadlineStatus> out;
  for (const pb::DeadlineStatus& d : list) {
    if (!Upkeep(d.deadline().deadline_id())) out.push_back(d);
  }
  return out;
}

Ids IdsOf(const std::vector<pb::DeadlineStatus>& list) {
  Ids ids;
  for (const pb::DeadlineStatus& d : ReviewClocks(list)) {
    ids.push_back(d.deadline().deadline_id());
  }
  return ids;
}

// Seeds A, B and D on Fri 13 Feb 10:00 (due Tue 24 Feb: Sat 14 Feb is a
// make-up working day, then the Spring Festival), publishes D on Sat 14 Feb
// 11:00, submits C on Tue 24 Feb 09:00 (due Thu 26 Feb), and leaves the clock
// at Wed 25 Feb 09:00 after the scheduler recorded A and B overdue.
void SeedDeadlines(PlatformFixture& f) {
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent("驾校名录"));
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  f.MustCreate(kRenchengProvider, "rc-gaj-001", UnconditionalContent("派出所"));
  f.MustSubmit(kRenchengProvider, "rc-gaj-001");
  f.MustCreate(kJtjProvider, "jn-jtj-001", UnconditionalContent("公交线路"));
  f.MustSubmit(kJtjProvider, "jn-jtj-001");
  // Fri 13 Feb: Sat 14 and Tue 24 Feb remain.
  for (const pb::DeadlineStatus& d : f.MustListDeadlines(kOperator)) {
    INFO(d.deadline().deadline_id());
    CHECK(d.working_days_remaining() == 2);
    CHECK_FALSE(d.remaining_provisional());
  }

  f.clock().Set(At("2026-02-14T11:00:00+08:00"));
  // Sat 14 Feb is under way and not counted: only Tue 24 Feb remains.
  CHECK(f.MustGetDeadline(kA).working_days_remaining() == 1);
  f.MustPublish(kCityReviewer, "jn-jtj-001");

  f.clock().Set(At("2026-02-24T09:00:00+08:00"));
  f.MustCreate(kGajProvider, "jn-gaj-002", UnconditionalContent("交通违法"));
  f.MustSubmit(kGajProvider, "jn-gaj-002");
  // Wed 25 and Thu 26 Feb remain.
  CHECK(f.MustGetDeadline(kC).working_days_remaining() == 2);
  CHECK(f.MustGetDeadline(kA).working_days_remaining() == 0);

  f.clock().Set(At("2026-02-25T09:00:00+08:00"));
  REQUIRE(f.RunSchedulerOnce() == 2);
}

TEST_CASE("ListDeadlines filters by state, region, organisation and due window",
          "[services][deadlines][query]") {
  PlatformFixture f;
  SeedDeadlines(f);

  SECTION("everything, ordered by state then due time") {
    const std::vector<pb::DeadlineStatus> all =
        ReviewClocks(f.MustListDeadlines(kOperator));
    CHECK_THAT(IdsOf(all), Equals(Ids{kC, kD, kA, kB}));
    REQUIRE(all.size() == 4);
    const pb::DeadlineStatus& c = all[0];
    CHECK(c.deadline().state() == pb::DEADLINE_STATE_OPEN);
    CHECK(TimeOf(c.deadline().due_time()) == At("2026-02-26T23:59:59+08:00"));
    // Wed 25 Feb is under way; Thu 26 Feb remains.
    CHECK(c.working_days_remaining() == 1);
    CHECK_FALSE(c.remaining_provisional());
    CHECK_FALSE(c.past_due());
    const pb::DeadlineStatus& d = all[1];
    CHECK(d.deadline().state() == pb::DEADLINE_STATE_MET);
    CHECK_FALSE(d.deadline().late());
    CHECK(TimeOf(d.deadline().met_time()) == At("2026-02-14T11:00:00+08:00"));
    CHECK(d.working_days_remaining() == 0);
    for (const pb::DeadlineStatus& o : {all[2], all[3]}) {
      INFO(o.deadline().deadline_id());
      CHECK(o.deadline().state() == pb::DEADLINE_STATE_OVERDUE);
      CHECK(TimeOf(o.deadline().due_time()) == At("2026-02-24T23:59:59+08:00"));
      CHECK(TimeOf(o.deadline().overdue_time()) ==
            At("2026-02-25T09:00:00+08:00"));
      CHECK(o.working_days_remaining() == 0);
    }
    CHECK(all[3].deadline().responsible_region() == "370811");
  }

  SECTION("by state") {
    pb::ListDeadlinesRequest request;
    request.set_state(pb::DEADLINE_STATE_OPEN);
    CHECK_THAT(IdsOf(f.MustListDeadlines(kAuditor, request)), Equals(Ids{kC}));
    request.set_state(pb::DEADLINE_STATE_MET);
    CHECK_THAT(IdsOf(f.MustListDeadlines(kAuditor, request)), Equals(Ids{kD}));
    request.set_state(pb::DEADLINE_STATE_OVERDUE);
    CHECK_THAT(IdsOf(f.MustListDeadlines(kAuditor, request)),
               Equals(Ids{kA, kB}));
  }

  SECTION("by responsible region") {
    pb::ListDeadlinesRequest request;
    request.set_region("370811");
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)), Equals(Ids{kB}));
    request.set_region("3708");
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)),
               Equals(Ids{kC, kD, kA}));
    request.set_state(pb::DEADLINE_STATE_OVERDUE);
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)), Equals(Ids{kA}));
    request.set_region("370883");
    CHECK(f.MustListDeadlines(kOperator, request).empty());
  }

  SECTION("by responsible organisation") {
    // Any reviewing authority of the region may review, so review clocks name
    // no responsible organisation: neither the reviewer's nor the provider's
    // organisation finds them.
    pb::ListDeadlinesRequest request;
    for (const char* org : {"jn-dsjj", "jn-gaj"}) {
      INFO(org);
      request.set_responsible_organization(org);
      CHECK(f.MustListDeadlines(kOperator, request).empty());
    }
    for (const pb::DeadlineStatus& d :
         ReviewClocks(f.MustListDeadlines(kOperator))) {
      CHECK(d.deadline().responsible_organization().empty());
    }
  }

  SECTION("by due window: due_after inclusive, due_before exclusive") {
    pb::ListDeadlinesRequest request;
    *request.mutable_due_after() = StampOf(At("2026-02-25T00:00:00+08:00"));
    *request.mutable_due_before() = StampOf(At("2026-02-27T00:00:00+08:00"));
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)), Equals(Ids{kC}));
    *request.mutable_due_after() = StampOf(At("2026-02-26T23:59:59+08:00"));
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)), Equals(Ids{kC}));
    request.clear_due_after();
    *request.mutable_due_before() = StampOf(At("2026-02-26T23:59:59+08:00"));
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)),
               Equals(Ids{kD, kA, kB}));
    *request.mutable_due_after() = StampOf(At("2026-02-24T00:00:00+08:00"));
    *request.mutable_due_before() = StampOf(At("2026-02-25T00:00:00+08:00"));
    request.set_region("3708");
    CHECK_THAT(IdsOf(f.MustListDeadlines(kOperator, request)),
               Equals(Ids{kD, kA}));
  }

  SECTION("one per page, in the same order") {
    pb::ListDeadlinesRequest request;
    request.set_page_size(1);
    const std::string bearer = f.Bearer(kOperator);
    Ids seen;
    for (int page = 0; page < 10; ++page) {
      pb::ListDeadlinesResponse response;
      REQUIRE_OK(f.Deadlines(bearer, request, &response));
      CHECK(response.deadlines_size() <= 1);
      for (const auto& d : response.deadlines()) {
        if (!Upkeep(d.deadline().deadline_id())) {
          seen.push_back(d.deadline().deadline_id());
        }
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    CHECK_THAT(seen, Equals(Ids{kC, kD, kA, kB}));
  }

  SECTION("bad filters name the field") {
    const std::string bearer = f.Bearer(kOperator);
    pb::ListDeadlinesRequest request;
    *request.mutable_due_after() = StampOf(At("2026-02-26T00:00:00+08:00"));
    *request.mutable_due_before() = StampOf(At("2026-02-26T00:00:00+08:00"));
    grpc::Status status = f.Deadlines(bearer, request);
    INFO(Describe(status));
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(DetailsMatchCode(status));
    CHECK(ErrorReason(status) == "FILTER_INVALID");
    CHECK_THAT(ViolatedFields(status), Equals(Fields{"due_before"}));

    pb::ListDeadlinesRequest region;
    region.set_region("379999");
    status = f.Deadlines(bearer, region);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(ViolatedFields(status), Equals(Fields{"region"}));

    pb::ListDeadlinesRequest state;
    state.set_state(static_cast<pb::DeadlineState>(42));
    status = f.Deadlines(bearer, state);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(ViolatedFields(status), Equals(Fields{"state"}));

    pb::ListDeadlinesRequest size;
    size.set_page_size(501);
    status = f.Deadlines(bearer, size);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(ViolatedFields(status), Equals(Fields{"page_size"}));

    pb::ListDeadlinesRequest token;
    token.set_page_token("not-a-token");
    status = f.Deadlines(bearer, token);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(ViolatedFields(status), Equals(Fields{"page_token"}));
  }
}

TEST_CASE("ListDeadlines shows each caller only what it may oversee",
          "[services][deadlines][query]") {
  PlatformFixture f;
  SeedDeadlines(f);
  CHECK_THAT(IdsOf(f.MustListDeadlines(kAuditor)), Equals(Ids{kC, kD, kA, kB}));
  CHECK_THAT(IdsOf(f.MustListDeadlines(kCityReviewer)),
             Equals(Ids{kC, kD, kA, kB}));
  CHECK_THAT(IdsOf(f.MustListDeadlines(kRenchengReviewer)), Equals(Ids{kB}));
  // 邹城市 has no deadlines; another county's stay hidden even when asked for.
  CHECK(f.MustListDeadlines(kZouchengReviewer).empty());
  pb::ListDeadlinesRequest rencheng;
  rencheng.set_region("370811");
  CHECK(f.MustListDeadlines(kZouchengReviewer, rencheng).empty());
  // Providers: the review clocks of their own entries.
  CHECK_THAT(IdsOf(f.MustListDeadlines(kGajProvider)), Equals(Ids{kC, kA}));
  CHECK_THAT(IdsOf(f.MustListDeadlines(kJtjProvider)), Equals(Ids{kD}));
  CHECK_THAT(IdsOf(f.MustListDeadlines(kRenchengProvider)), Equals(Ids{kB}));

  const grpc::Status user = f.Deadlines(f.Bearer(kCitizen), {});
  INFO(Describe(user));
  CHECK(user.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(DetailsMatchCode(user));
  CHECK(ErrorReason(user) == "ROLE_NOT_ALLOWED");
  const grpc::Status anonymous = f.Deadlines("", {});
  CHECK(anonymous.error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace opendata::testing
