// Provisional deadlines (domain.md section 7, issue 3): a review clock started
// on Wed 30 Dec 2026 runs into 2027, whose schedule is not loaded, so its due
// time is computed Monday-Friday and marked provisional in the Submit response,
// GetCatalogEntry, ListPendingReviews and ListDeadlines. Loading 2027 revises
// it by a recorded event (old and new due time), and every response then shows
// the new, final due time; the scheduler goes by the revised one.
#include <catch2/catch.hpp>

#include "tests/services/calendar_samples.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

const std::string kDeadline = "catalog-review:jn-gaj-001:1";

// Every view of jn-gaj-001's review deadline shows `due` and `provisional`,
// and ListDeadlines `remaining` working days.
void CheckEverywhere(PlatformFixture& f, const std::string& due,
                     bool provisional, int remaining) {
  const pb::CatalogEntry entry = f.MustGet(kGajProvider, "jn-gaj-001");
  CHECK(TimeOf(entry.review_due_time()) == At(due));
  CHECK(entry.review_due_provisional() == provisional);

  pb::ListPendingReviewsResponse queue;
  REQUIRE_OK(f.Pending(f.Bearer(kCityReviewer), {}, &queue));
  REQUIRE(queue.reviews_size() == 1);
  CHECK(TimeOf(queue.reviews(0).review_due_time()) == At(due));
  CHECK(queue.reviews(0).review_due_provisional() == provisional);
  CHECK_FALSE(queue.reviews(0).overdue());

  const pb::DeadlineStatus status = f.MustGetDeadline(kDeadline);
  CHECK(TimeOf(status.deadline().due_time()) == At(due));
  CHECK(status.deadline().provisional() == provisional);
  CHECK(status.deadline().state() == pb::DEADLINE_STATE_OPEN);
  CHECK(status.working_days_remaining() == remaining);
  CHECK(status.remaining_provisional() == provisional);
}

TEST_CASE("a deadline into an unloaded year is provisional until it is loaded",
          "[services][deadlines][calendar]") {
  PlatformFixture f(At("2026-12-30T10:00:00+08:00"));
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent());
  pb::SubmitCatalogEntryRequest submit;
  submit.set_request_id("provisional-submit");
  submit.set_catalog_entry_id("jn-gaj-001");
  pb::SubmitCatalogEntryResponse submitted;
  REQUIRE_OK(f.Submit(f.Bearer(kGajProvider), submit, &submitted));
  // Wed 30 Dec is not counted; Thu 31 Dec is day 1; 2027 is not loaded, so
  // Fri 1 Jan 2027 is assumed a working day: day 2.
  CHECK(TimeOf(submitted.catalog_entry().review_due_time()) ==
        At("2027-01-01T23:59:59+08:00"));
  CHECK(submitted.catalog_entry().review_due_provisional());
  // Thu 31 Dec and Fri 1 Jan remain, the second one provisionally.
  CheckEverywhere(f, "2027-01-01T23:59:59+08:00", true, 2);
  const std::vector<pb::EventEnvelope> before =
      f.RecordedEvents("catalog-entry/jn-gaj-001");
  REQUIRE(before.size() == 3);
  CHECK(before[2].event_type() == "deadline_started");
  CHECK(before[2].payload().deadline_started().deadline().provisional());

  // 2027 is published (made up here): 1-3 Jan are holidays.
  f.clock().Set(At("2026-12-30T15:00:00+08:00"));
  pb::LoadCalendarYearRequest load;
  load.set_request_id("load-2027");
  *load.mutable_calendar() = Hypothetical2027();
  pb::LoadCalendarYearResponse loaded;
  REQUIRE_OK(f.LoadCalendarYear(f.Bearer(kOperator), load, &loaded));
  CHECK(loaded.revised_deadlines() == 1);
  CHECK(loaded.record().revision() == 1);
  CHECK(loaded.receipt().last_sequence() ==
        loaded.receipt().first_sequence() + 1);

  // Day 1 stays Thu 31 Dec; Fri 1 - Sun 3 Jan are off; Mon 4 Jan is day 2.
  CHECK(f.MustGet(kGajProvider, "jn-gaj-001").version() == 4);
  CheckEverywhere(f, "2027-01-04T23:59:59+08:00", false, 2);
  CHECK(f.MustGetDeadline(kDeadline).deadline().revisions() == 1);
  const std::vector<pb::EventEnvelope> after =
      f.RecordedEvents("catalog-entry/jn-gaj-001");
  REQUIRE(after.size() == 4);
  CHECK(after[3].event_type() == "deadline_revised");
  CHECK(TimeOf(after[3].occurred_at()) == At("2026-12-30T15:00:00+08:00"));
  const pb::DeadlineRevised& revised = after[3].payload().deadline_revised();
  CHECK(revised.deadline_id() == kDeadline);
  CHECK(TimeOf(revised.old_due_time()) == At("2027-01-01T23:59:59+08:00"));
  CHECK(TimeOf(revised.new_due_time()) == At("2027-01-04T23:59:59+08:00"));
  CHECK(revised.old_provisional());
  CHECK_FALSE(revised.new_provisional());
  CHECK(revised.calendar_year() == 2027);
  CHECK(revised.calendar_revision() == 1);

  // The provisional due time has passed, the revised one has not.
  f.clock().Set(At("2027-01-02T10:00:00+08:00"));
  CHECK(f.RunSchedulerOnce() == 0);
  // Sat 2 Jan: Mon 4 Jan remains.
  CheckEverywhere(f, "2027-01-04T23:59:59+08:00", false, 1);

  // Reviewed on Mon 4 Jan: on time by the revised deadline.
  f.clock().Set(At("2027-01-04T18:00:00+08:00"));
  const pb::CatalogEntry published = f.MustPublish(kCityReviewer, "jn-gaj-001");
  CHECK(published.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  const pb::DeadlineStatus met = f.MustGetDeadline(kDeadline);
  CHECK(met.deadline().state() == pb::DEADLINE_STATE_MET);
  CHECK_FALSE(met.deadline().late());
  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents("catalog-entry/jn-gaj-001");
  REQUIRE(events.size() == 8);  // With the two upkeep clocks (Art. 12).
  CHECK_FALSE(events[4].payload().catalog_entry_published().late());
  CHECK_FALSE(events[5].payload().deadline_met().late());
}

}  // namespace
}  // namespace opendata::testing
