// The deadline scheduler with a fake clock (issue 3): a review deadline that
// passes is recorded overdue exactly once, by the platform (SYSTEM actor
// "opendata-scheduler"), with the due time and how late it was noticed; later
// runs, concurrent runs included, record nothing more; a review after that
// meets the deadline late. Driven with PlatformServer::RunSchedulerOnce().
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

// The events of `type` among `events`.
int CountOf(const std::vector<pb::EventEnvelope>& events,
            const std::string& type) {
  int n = 0;
  for (const pb::EventEnvelope& e : events) n += e.event_type() == type;
  return n;
}

TEST_CASE("an overdue review is recorded exactly once and met late",
          "[services][deadlines][scheduler]") {
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  // Submitted Fri 13 Feb 10:00: Sat 14 Feb (make-up) is day 1, Tue 24 Feb
  // (after the Spring Festival) day 2.
  const pb::CatalogEntry submitted = f.MustSubmit(kGajProvider, "jn-gaj-001");
  REQUIRE(TimeOf(submitted.review_due_time()) ==
          At("2026-02-24T23:59:59+08:00"));
  const std::string id = "catalog-review:jn-gaj-001:1";
  const std::string stream = "catalog-entry/jn-gaj-001";

  const pb::DeadlineStatus open = f.MustGetDeadline(id);
  CHECK(open.deadline().kind() == pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW);
  CHECK(open.deadline().stream_id() == stream);
  CHECK(open.deadline().subject_id() == "jn-gaj-001");
  CHECK(open.deadline().responsible_role() == pb::ROLE_REVIEWER);
  CHECK(open.deadline().responsible_organization().empty());
  CHECK(open.deadline().responsible_region() == "3708");
  CHECK(TimeOf(open.deadline().start_time()) == FakeStart());
  CHECK(open.deadline().working_days() == 2);
  CHECK(TimeOf(open.deadline().due_time()) == At("2026-02-24T23:59:59+08:00"));
  CHECK_FALSE(open.deadline().provisional());
  CHECK(open.deadline().state() == pb::DEADLINE_STATE_OPEN);
  CHECK_FALSE(open.deadline().has_overdue_time());
  CHECK(open.working_days_remaining() == 2);
  CHECK_FALSE(open.past_due());

  // Nothing is due yet, not even at the deadline's last second.
  CHECK(f.RunSchedulerOnce() == 0);
  f.clock().Set(At("2026-02-24T23:59:59+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(f.MustGetDeadline(id).deadline().state() == pb::DEADLINE_STATE_OPEN);
  CHECK(f.MustGetDeadline(id).working_days_remaining() == 0);
  CHECK_FALSE(f.MustGetDeadline(id).past_due());

  // Past due, but not yet noticed: the query says so before the scheduler.
  f.clock().Set(At("2026-02-25T09:30:00+08:00"));
  const pb::DeadlineStatus unnoticed = f.MustGetDeadline(id);
  CHECK(unnoticed.deadline().state() == pb::DEADLINE_STATE_OPEN);
  CHECK(unnoticed.past_due());

  const uint64_t head = f.RecordedHead();
  CHECK(f.RunSchedulerOnce() == 1);
  CHECK(f.RecordedHead() == head + 1);
  const pb::DeadlineStatus overdue = f.MustGetDeadline(id);
  CHECK(overdue.deadline().state() == pb::DEADLINE_STATE_OVERDUE);
  CHECK(TimeOf(overdue.deadline().overdue_time()) ==
        At("2026-02-25T09:30:00+08:00"));
  CHECK(overdue.working_days_remaining() == 0);
  CHECK_FALSE(overdue.deadline().has_met_time());

  std::vector<pb::EventEnvelope> events = f.RecordedEvents(stream);
  REQUIRE(events.size() == 4);
  const pb::EventEnvelope& marked = events[3];
  CHECK(marked.event_type() == "deadline_overdue");
  CHECK(marked.sequence() == head + 1);
  CHECK(TimeOf(marked.occurred_at()) == At("2026-02-25T09:30:00+08:00"));
  CHECK(marked.actor().subject() == "opendata-scheduler");
  CHECK(marked.actor().role() == pb::ROLE_SYSTEM);
  CHECK(marked.request_id() == "deadline-overdue:" + id);
  CHECK(marked.payload().deadline_overdue().deadline_id() == id);
  CHECK(TimeOf(marked.payload().deadline_overdue().due_time()) ==
        At("2026-02-24T23:59:59+08:00"));
  // 23:59:59 -> 09:30:00 the next morning: 9 h 30 min 1 s.
  CHECK(marked.payload().deadline_overdue().noticed_after_seconds() == 34201);

  // The entry still waits for its review, shown overdue in the queue.
  const pb::CatalogEntry entry = f.MustGet(kGajProvider, "jn-gaj-001");
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
  CHECK(entry.version() == 4);
  pb::ListPendingReviewsResponse queue;
  REQUIRE_OK(f.Pending(f.Bearer(kCityReviewer), {}, &queue));
  REQUIRE(queue.reviews_size() == 1);
  CHECK(queue.reviews(0).overdue());

  // Later runs record nothing: the overdue time stays the first one.
  f.clock().Advance(absl::Hours(1));
  CHECK(f.RunSchedulerOnce() == 0);
  f.clock().Advance(absl::Hours(24 * 3));
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(f.RecordedHead() == head + 1);
  CHECK(TimeOf(f.MustGetDeadline(id).deadline().overdue_time()) ==
        At("2026-02-25T09:30:00+08:00"));
  CHECK(CountOf(f.RecordedEvents(stream), "deadline_overdue") == 1);

  // The review finally happens: met, late.
  f.clock().Set(At("2026-02-26T10:00:00+08:00"));
  pb::PublishCatalogEntryRequest publish;
  publish.set_request_id("late-publish");
  publish.set_catalog_entry_id("jn-gaj-001");
  pb::PublishCatalogEntryResponse published;
  REQUIRE_OK(f.Publish(f.Bearer(kCityReviewer), publish, &published));
  // Published, the clock met, the two upkeep clocks (Art. 12) started.
  CHECK(published.catalog_entry().version() == 8);
  const pb::DeadlineStatus met = f.MustGetDeadline(id);
  CHECK(met.deadline().state() == pb::DEADLINE_STATE_MET);
  CHECK(met.deadline().late());
  CHECK(TimeOf(met.deadline().met_time()) == At("2026-02-26T10:00:00+08:00"));
  CHECK(TimeOf(met.deadline().overdue_time()) ==
        At("2026-02-25T09:30:00+08:00"));
  events = f.RecordedEvents(stream);
  REQUIRE(events.size() == 8);
  CHECK(events[4].event_type() == "catalog_entry_published");
  CHECK(events[4].payload().catalog_entry_published().late());
  CHECK(events[5].event_type() == "deadline_met");
  CHECK(events[5].payload().deadline_met().deadline_id() == id);
  CHECK(events[5].payload().deadline_met().late());
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(CountOf(f.RecordedEvents(stream), "deadline_overdue") == 1);
}

TEST_CASE("a review on time meets the deadline and nothing fires",
          "[services][deadlines][scheduler]") {
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent());
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  // At the deadline's last second is still on time.
  f.clock().Set(At("2026-02-24T23:59:59+08:00"));
  f.MustReturn(kCityReviewer, "jn-gaj-001", "description");
  f.clock().Set(At("2026-03-31T10:00:00+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  const pb::DeadlineStatus met =
      f.MustGetDeadline("catalog-review:jn-gaj-001:1");
  CHECK(met.deadline().state() == pb::DEADLINE_STATE_MET);
  CHECK_FALSE(met.deadline().late());
  CHECK_FALSE(met.deadline().has_overdue_time());
  CHECK(TimeOf(met.deadline().met_time()) == At("2026-02-24T23:59:59+08:00"));
  CHECK(CountOf(f.RecordedEvents("catalog-entry/jn-gaj-001"),
                "deadline_overdue") == 0);
}

TEST_CASE("concurrent scheduler runs fire each due deadline exactly once",
          "[services][deadlines][scheduler]") {
  PlatformFixture f;
  constexpr int kEntries = 6;
  for (int i = 1; i <= kEntries; ++i) {
    const std::string id = "jn-gaj-00" + std::to_string(i);
    f.MustCreate(kGajProvider, id, UnconditionalContent());
    f.MustSubmit(kGajProvider, id);
  }
  // One more, submitted later (Tue 24 Feb 09:00: due Thu 26 Feb), is not due.
  f.clock().Set(At("2026-02-24T09:00:00+08:00"));
  f.MustCreate(kGajProvider, "jn-gaj-007", UnconditionalContent());
  f.MustSubmit(kGajProvider, "jn-gaj-007");

  f.clock().Set(At("2026-02-25T08:00:00+08:00"));
  const uint64_t head = f.RecordedHead();
  constexpr int kRunners = 4;
  std::atomic<int> fired = 0;
  std::atomic<int> failed = 0;
  std::vector<std::thread> runners;
  for (int r = 0; r < kRunners; ++r) {
    // PlatformFixture::RunSchedulerOnce REQUIREs, which is not thread-safe;
    // the threads only count and the test checks after joining.
    runners.emplace_back([&] {
      for (int run = 0; run < 3; ++run) {
        const int n = f.RunSchedulerOnceUnchecked();
        if (n < 0) {
          ++failed;
        } else {
          fired += n;
        }
      }
    });
  }
  for (std::thread& t : runners) t.join();
  CHECK(failed == 0);
  CHECK(fired == kEntries);
  CHECK(f.RecordedHead() == head + kEntries);
  for (int i = 1; i <= kEntries; ++i) {
    const std::string id = "jn-gaj-00" + std::to_string(i);
    INFO(id);
    CHECK(CountOf(f.RecordedEvents("catalog-entry/" + id),
                  "deadline_overdue") == 1);
    CHECK(f.MustGetDeadline("catalog-review:" + id + ":1").deadline().state() ==
          pb::DEADLINE_STATE_OVERDUE);
  }
  CHECK(f.MustGetDeadline("catalog-review:jn-gaj-007:1").deadline().state() ==
        pb::DEADLINE_STATE_OPEN);
  CHECK(f.RunSchedulerOnce() == 0);
}

}  // namespace
}  // namespace opendata::testing
