// Deadlines across restarts (issue 3), in-process because the real binary
// cannot take a fake clock: a PlatformServer with a FakeClock on a temp data
// dir is shut down, the clock is moved past a review deadline, and a new
// PlatformServer on the same dir records the overdue in its start-up scheduler
// pass (not driven by the test), with the restart time as occurred_at and the
// delay as noticed_after_seconds. Each deadline fires once, at the first start
// after it came due; a later restart records nothing.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::e2e {
namespace {

namespace pb = ::jining::opendata::v1;
using testing::At;
using testing::kCityReviewer;
using testing::kGajProvider;
using testing::PlatformFixture;
using testing::TimeOf;

const std::string kFirst = "catalog-review:jn-gaj-001:1";
const std::string kSecond = "catalog-review:jn-gaj-002:1";

// Waits (real time, at most 20 s) until the deadline is recorded overdue, as a
// client would see it; the start-up pass runs on the server's own thread.
pb::DeadlineStatus AwaitOverdue(PlatformFixture& f, const std::string& id) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  pb::DeadlineStatus status = f.MustGetDeadline(id);
  while (status.deadline().state() != pb::DEADLINE_STATE_OVERDUE &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
    status = f.MustGetDeadline(id);
  }
  INFO(id << " never recorded overdue by the start-up pass");
  REQUIRE(status.deadline().state() == pb::DEADLINE_STATE_OVERDUE);
  return status;
}

// The deadline_overdue events of `stream`.
std::vector<pb::EventEnvelope> OverdueEvents(PlatformFixture& f,
                                             const std::string& stream) {
  std::vector<pb::EventEnvelope> out;
  for (const pb::EventEnvelope& e : f.RecordedEvents(stream)) {
    if (e.event_type() == "deadline_overdue") out.push_back(e);
  }
  return out;
}

TEST_CASE("a deadline that came due while the server was down fires at start",
          "[e2e][restart][deadlines]") {
  // Fri 13 Feb 10:00: the review of jn-gaj-001 is due Tue 24 Feb 23:59:59
  // (Sat 14 Feb is a make-up working day, then the Spring Festival).
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", testing::UnconditionalContent());
  const pb::CatalogEntry first = f.MustSubmit(kGajProvider, "jn-gaj-001");
  REQUIRE(TimeOf(first.review_due_time()) == At("2026-02-24T23:59:59+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  f.StopServer();
  const uint64_t head = f.RecordedHead();

  // Down through the deadline; back on Mon 2 Mar 08:15.
  f.clock().Set(At("2026-03-02T08:15:00+08:00"));
  f.StartServer();
  const pb::DeadlineStatus overdue = AwaitOverdue(f, kFirst);
  CHECK(TimeOf(overdue.deadline().overdue_time()) ==
        At("2026-03-02T08:15:00+08:00"));
  std::vector<pb::EventEnvelope> marked =
      OverdueEvents(f, "catalog-entry/jn-gaj-001");
  REQUIRE(marked.size() == 1);
  CHECK(marked[0].sequence() == head + 1);
  CHECK(TimeOf(marked[0].occurred_at()) == At("2026-03-02T08:15:00+08:00"));
  CHECK(marked[0].actor().subject() == "opendata-scheduler");
  CHECK(TimeOf(marked[0].payload().deadline_overdue().due_time()) ==
        At("2026-02-24T23:59:59+08:00"));
  // 24 Feb 23:59:59 -> 2 Mar 08:15:00 is 1 s + 5 days (25 Feb - 1 Mar) +
  // 8 h 15 min = 1 + 432000 + 29700 s.
  CHECK(marked[0].payload().deadline_overdue().noticed_after_seconds() ==
        461701);
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(f.RecordedHead() == head + 1);

  // A second entry is submitted on Mon 2 Mar 08:30: due Wed 4 Mar 23:59:59.
  f.clock().Set(At("2026-03-02T08:30:00+08:00"));
  f.MustCreate(kGajProvider, "jn-gaj-002", testing::UnconditionalContent());
  const pb::CatalogEntry second = f.MustSubmit(kGajProvider, "jn-gaj-002");
  REQUIRE(TimeOf(second.review_due_time()) == At("2026-03-04T23:59:59+08:00"));
  f.StopServer();
  const uint64_t head2 = f.RecordedHead();

  // Back on Thu 5 Mar 09:00: only the second one is new.
  f.clock().Set(At("2026-03-05T09:00:00+08:00"));
  f.StartServer();
  const pb::DeadlineStatus second_overdue = AwaitOverdue(f, kSecond);
  CHECK(TimeOf(second_overdue.deadline().overdue_time()) ==
        At("2026-03-05T09:00:00+08:00"));
  marked = OverdueEvents(f, "catalog-entry/jn-gaj-002");
  REQUIRE(marked.size() == 1);
  CHECK(TimeOf(marked[0].occurred_at()) == At("2026-03-05T09:00:00+08:00"));
  // 4 Mar 23:59:59 -> 5 Mar 09:00:00.
  CHECK(marked[0].payload().deadline_overdue().noticed_after_seconds() ==
        32401);
  CHECK(OverdueEvents(f, "catalog-entry/jn-gaj-001").size() == 1);
  CHECK(TimeOf(f.MustGetDeadline(kFirst).deadline().overdue_time()) ==
        At("2026-03-02T08:15:00+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(f.RecordedHead() == head2 + 1);

  // Another restart, a day later: nothing is left to fire, and the calendar
  // years are not recorded again.
  f.StopServer();
  f.clock().Set(At("2026-03-06T09:00:00+08:00"));
  f.StartServer();
  CHECK(f.RunSchedulerOnce() == 0);
  pb::ListPendingReviewsResponse queue;
  REQUIRE_OK(f.Pending(f.Bearer(kCityReviewer), {}, &queue));
  CHECK(queue.reviews_size() == 2);
  f.StopServer();
  CHECK(f.RecordedHead() == head2 + 1);
  CHECK(OverdueEvents(f, "catalog-entry/jn-gaj-001").size() == 1);
  CHECK(OverdueEvents(f, "catalog-entry/jn-gaj-002").size() == 1);
}

}  // namespace
}  // namespace opendata::e2e
