// Tests of the deadline scheduler (engine/deadlines/deadline_scheduler.h) with
// a FakeClock over a real RocksEventStore: nothing fires before a clock has
// passed; once past, exactly one DeadlineOverdue, as the platform (SYSTEM),
// with request id "deadline-overdue:<deadline id>" and how late it was
// noticed; later runs, concurrent runs, retries of the command and a restart
// on the same directory fire nothing more; clocks fire in due order as time
// advances; one that came due while the server was down fires at the next run
// with the real delay; a review after that meets the clock late. Also the
// MarkDeadlineOverdue command's refusals through the pipeline, and the issue's
// scenario from late December 2026 into unloaded 2027 and its later revision.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/deadlines/deadline_scheduler.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

pb::Actor Rencheng() { return CountyProvider("370811", "rc-wsj"); }
pb::Actor Yanzhou() { return CountyProvider("370812", "yz-wsj"); }

// The DeadlineOverdue events in the log, in log order.
std::vector<pb::EventEnvelope> OverdueEvents(DeadlineHarness& h) {
  std::vector<pb::EventEnvelope> out;
  for (const pb::EventEnvelope& e : h.Log(1)) {
    if (e.payload().has_deadline_overdue()) out.push_back(e);
  }
  return out;
}

// Checks one recorded DeadlineOverdue.
void CheckOverdue(const pb::EventEnvelope& e, const std::string& entry,
                  const char* due, int64_t noticed_after_seconds,
                  const char* noticed_at) {
  const std::string id = ReviewClockId(entry, 1);
  INFO(id);
  CHECK(e.stream_id() == "catalog-entry/" + entry);
  CHECK(e.event_type() == "deadline_overdue");
  CHECK(e.payload().deadline_overdue().deadline_id() == id);
  CHECK(FromProto(e.payload().deadline_overdue().due_time()) == At(due));
  CHECK(e.payload().deadline_overdue().noticed_after_seconds() ==
        noticed_after_seconds);
  CHECK(e.actor().DebugString() == SystemActor().DebugString());
  CHECK(e.request_id() == "deadline-overdue:" + id);
  CHECK(FromProto(e.occurred_at()) == At(noticed_at));
}

TEST_CASE("scheduler: a clock fires exactly once, after it has passed",
          "[scheduler]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  // Mon 2 Mar: due Wed 4 Mar 23:59:59.
  h.CreateAndSubmit("rc-a", Rencheng());
  const uint64_t submitted = h.store().LastSequence();
  REQUIRE(submitted == 5);  // 2 calendar years, created, submitted, clock.

  CHECK(h.RunScheduler() == 0);
  h.clock().Set(At("2026-03-04T12:00:00+08:00"));
  CHECK(h.RunScheduler() == 0);
  // At the due second itself the review is still in time.
  h.clock().Set(At("2026-03-04T23:59:59+08:00"));
  CHECK(h.RunScheduler() == 0);
  CHECK(h.store().LastSequence() == submitted);

  h.clock().Advance(absl::Seconds(1));
  CHECK(h.RunScheduler() == 1);
  CHECK(h.store().LastSequence() == submitted + 1);
  const std::vector<pb::EventEnvelope> overdue = OverdueEvents(h);
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].sequence() == submitted + 1);
  CHECK(overdue[0].stream_version() == 4);
  CheckOverdue(overdue[0], "rc-a", "2026-03-04T23:59:59+08:00", 1,
               "2026-03-05T00:00:00+08:00");
  CHECK(overdue[0].request_id() == "deadline-overdue:catalog-review:rc-a:1");

  const pb::Deadline row = h.DeadlineRow("catalog-review:rc-a:1");
  CHECK(row.state() == pb::DEADLINE_STATE_OVERDUE);
  CHECK(FromProto(row.overdue_time()) == At("2026-03-05T00:00:00+08:00"));
  // The entry is still under review.
  CHECK(h.Entry("rc-a").state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);

  // Later runs fire nothing more.
  CHECK(h.RunScheduler() == 0);
  h.clock().Advance(absl::Hours(24 * 3));
  CHECK(h.RunScheduler() == 0);
  CHECK(h.store().LastSequence() == submitted + 1);
  CHECK(OverdueEvents(h).size() == 1);
}

TEST_CASE("scheduler: clocks fire in due order as the clock advances",
          "[scheduler]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());  // Mon 2 Mar: due Wed 4 Mar.
  h.clock().Set(At("2026-03-03T10:00:00+08:00"));
  h.CreateAndSubmit("yz-b", Yanzhou());  // Tue 3 Mar: due Thu 5 Mar.
  h.clock().Set(At("2026-03-04T09:00:00+08:00"));
  h.CreateAndSubmit("city-c", CityProvider());  // Wed 4 Mar: due Fri 6 Mar.
  const uint64_t submitted = h.store().LastSequence();

  SECTION("one at a time") {
    h.clock().Set(At("2026-03-05T09:00:00+08:00"));
    CHECK(h.RunScheduler() == 1);
    h.clock().Set(At("2026-03-06T08:00:00+08:00"));
    CHECK(h.RunScheduler() == 1);
    CHECK(h.RunScheduler() == 0);
    h.clock().Set(At("2026-03-07T10:00:00+08:00"));
    CHECK(h.RunScheduler() == 1);
    const std::vector<pb::EventEnvelope> overdue = OverdueEvents(h);
    REQUIRE(overdue.size() == 3);
    // 9 h 1 s, 8 h 1 s and 10 h 1 s after their due times.
    CheckOverdue(overdue[0], "rc-a", "2026-03-04T23:59:59+08:00", 32401,
                 "2026-03-05T09:00:00+08:00");
    CheckOverdue(overdue[1], "yz-b", "2026-03-05T23:59:59+08:00", 28801,
                 "2026-03-06T08:00:00+08:00");
    CheckOverdue(overdue[2], "city-c", "2026-03-06T23:59:59+08:00", 36001,
                 "2026-03-07T10:00:00+08:00");
  }
  SECTION("all at once, earliest due first") {
    h.clock().Set(At("2026-03-07T10:00:00+08:00"));
    CHECK(h.RunScheduler() == 3);
    const std::vector<pb::EventEnvelope> overdue = OverdueEvents(h);
    REQUIRE(overdue.size() == 3);
    // 2 d 10 h 1 s, 1 d 10 h 1 s and 10 h 1 s late.
    CheckOverdue(overdue[0], "rc-a", "2026-03-04T23:59:59+08:00", 208801,
                 "2026-03-07T10:00:00+08:00");
    CheckOverdue(overdue[1], "yz-b", "2026-03-05T23:59:59+08:00", 122401,
                 "2026-03-07T10:00:00+08:00");
    CheckOverdue(overdue[2], "city-c", "2026-03-06T23:59:59+08:00", 36001,
                 "2026-03-07T10:00:00+08:00");
  }
  CHECK(h.store().LastSequence() == submitted + 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(h.RunScheduler() == 0);
    h.clock().Advance(absl::Hours(30));
  }
  CHECK(OverdueEvents(h).size() == 3);
}

TEST_CASE("scheduler: a reviewed clock never fires", "[scheduler]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());
  h.CreateAndSubmit("rc-b", Rencheng());
  h.clock().Set(At("2026-03-03T10:00:00+08:00"));
  h.MustRun(PublishCommand("rc-a"), CountyReviewer("370811"));
  h.MustRun(ReturnCommand("rc-b", {MakeDefect("name", "名称不规范")}),
            CountyReviewer("370811"));
  const uint64_t reviewed = h.store().LastSequence();
  h.clock().Set(At("2026-03-10T10:00:00+08:00"));
  CHECK(h.RunScheduler() == 0);
  CHECK(h.store().LastSequence() == reviewed);
  CHECK(h.DeadlineRow("catalog-review:rc-a:1").state() ==
        pb::DEADLINE_STATE_MET);
  CHECK(h.DeadlineRow("catalog-review:rc-b:1").state() ==
        pb::DEADLINE_STATE_MET);
}

TEST_CASE("scheduler: nothing fires again after a restart or a retry",
          "[scheduler][restart]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());
  h.clock().Set(At("2026-03-05T09:00:00+08:00"));
  REQUIRE(h.RunScheduler() == 1);
  const uint64_t fired = h.store().LastSequence();
  const std::string id = "catalog-review:rc-a:1";

  SECTION("a crash after the commit: the scheduler's retry is a replay") {
    const CommandOutcome retry =
        h.MustRun(MarkOverdueCommand("catalog-entry/rc-a", id), SystemActor(),
                  "deadline-overdue:" + id);
    CHECK(retry.replayed);
    CHECK(retry.first_sequence == fired);
    CHECK(retry.last_sequence == fired);
  }
  SECTION("any other attempt records nothing") {
    h.clock().Advance(absl::Hours(1));
    const CommandOutcome again =
        h.MustRun(MarkOverdueCommand("catalog-entry/rc-a", id), SystemActor(),
                  "deadline-overdue:manual");
    CHECK_FALSE(again.replayed);
    CHECK(again.first_sequence == 0);
  }
  SECTION("close and reopen the same directory") {
    h.Close();
    h.clock().Advance(absl::Hours(2));
    h.Open();
    CHECK(h.seeded().recorded.empty());
    CHECK(h.RunScheduler() == 0);
    h.clock().Advance(absl::Hours(24 * 7));
    CHECK(h.RunScheduler() == 0);
  }
  CHECK(h.store().LastSequence() == fired);
  REQUIRE(OverdueEvents(h).size() == 1);
  CheckOverdue(OverdueEvents(h)[0], "rc-a", "2026-03-04T23:59:59+08:00", 32401,
               "2026-03-05T09:00:00+08:00");
}

TEST_CASE(
    "scheduler: a clock that came due while the server was down fires at "
    "the next run, and a later review meets it late",
    "[scheduler][restart]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());  // Due Wed 4 Mar 23:59:59.
  h.clock().Set(At("2026-03-02T18:00:00+08:00"));
  CHECK(h.RunScheduler() == 0);
  const uint64_t before = h.store().LastSequence();

  // Down from Mon 2 Mar evening to Mon 9 Mar 08:00: no run in between.
  h.Close();
  h.clock().Set(At("2026-03-09T08:00:00+08:00"));
  h.Open();
  CHECK(h.store().LastSequence() == before);
  CHECK(h.RunScheduler() == 1);
  const std::vector<pb::EventEnvelope> overdue = OverdueEvents(h);
  REQUIRE(overdue.size() == 1);
  // From Wed 4 Mar 23:59:59 to Mon 9 Mar 08:00:00: 4 d 8 h 1 s.
  CheckOverdue(overdue[0], "rc-a", "2026-03-04T23:59:59+08:00", 374401,
               "2026-03-09T08:00:00+08:00");
  CHECK(h.RunScheduler() == 0);

  // Reviewed an hour later: the review and the clock are both late.
  h.clock().Set(At("2026-03-09T09:00:00+08:00"));
  const CommandOutcome published =
      h.MustRun(PublishCommand("rc-a"), CountyReviewer("370811"));
  // Published, the review clock met, and the two upkeep clocks (Art. 12).
  CHECK(published.last_sequence == published.first_sequence + 3);
  const std::vector<pb::EventEnvelope> events = h.Stream("catalog-entry/rc-a");
  REQUIRE(events.size() == 8);
  CHECK(events[4].payload().DebugString() == Published(1, true).DebugString());
  CHECK(events[5].payload().DebugString() ==
        ReviewClockMet("rc-a", 1, true).DebugString());
  const pb::Deadline row = h.DeadlineRow("catalog-review:rc-a:1");
  CHECK(row.state() == pb::DEADLINE_STATE_MET);
  CHECK(row.late());
  CHECK(FromProto(row.met_time()) == At("2026-03-09T09:00:00+08:00"));
  CHECK(FromProto(row.overdue_time()) == At("2026-03-09T08:00:00+08:00"));
  h.clock().Advance(absl::Hours(24));
  CHECK(h.RunScheduler() == 0);
}

TEST_CASE("scheduler: concurrent runs record each clock once",
          "[scheduler][concurrency]") {
  constexpr int kEntries = 6;
  constexpr int kThreads = 3;
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  for (int i = 0; i < kEntries; ++i) {
    h.CreateAndSubmit(absl::StrCat("rc-", i), Rencheng());
  }
  h.clock().Set(At("2026-03-05T09:00:00+08:00"));
  std::atomic<int> fired{0};
  std::atomic<int> failures{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      const absl::StatusOr<int> n = h.scheduler().RunOnce();
      if (n.ok()) {
        fired += *n;
      } else {
        ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  CHECK(fired.load() == kEntries);
  CHECK(OverdueEvents(h).size() == kEntries);
  CHECK(h.RunScheduler() == 0);
}

TEST_CASE("scheduler: MarkDeadlineOverdue is refused unless it applies",
          "[scheduler][overdue]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());
  const std::string id = "catalog-review:rc-a:1";
  const uint64_t last = h.store().LastSequence();
  const ProjectionRows rows_before = AllRows(h.store());
  h.clock().Set(At("2026-03-05T09:00:00+08:00"));  // Past due.
  SECTION("by anyone but the platform") {
    const pb::Actor actor =
        GENERATE(CountyReviewer("370811"), Rencheng(), Operator(), Auditor());
    INFO("role " << pb::Role_Name(actor.role()));
    const auto outcome =
        h.Run(MarkOverdueCommand("catalog-entry/rc-a", id), actor);
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kPermissionDenied,
               "ROLE_NOT_ALLOWED");
  }
  SECTION("before the due time has passed") {
    h.clock().Set(At("2026-03-04T23:59:59+08:00"));
    const auto outcome =
        h.Run(MarkOverdueCommand("catalog-entry/rc-a", id), SystemActor());
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kFailedPrecondition,
               "DEADLINE_NOT_DUE");
  }
  SECTION("an unknown deadline") {
    const auto outcome =
        h.Run(MarkOverdueCommand("catalog-entry/rc-a", "catalog-review:rc-a:2"),
              SystemActor());
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kNotFound, "DEADLINE_NOT_FOUND");
  }
  SECTION("an unknown entry") {
    const auto outcome = h.Run(
        MarkOverdueCommand("catalog-entry/rc-zz", "catalog-review:rc-zz:1"),
        SystemActor());
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kNotFound,
               "CATALOG_ENTRY_NOT_FOUND");
  }
  SECTION("a stream without deadlines, or no deadline id") {
    const pb::Command command =
        GENERATE(MarkOverdueCommand("calendar/2026", "catalog-review:rc-a:1"),
                 MarkOverdueCommand("catalog-entry/rc-a", ""));
    const auto outcome = h.Run(command, SystemActor());
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kInvalidArgument,
               "COMMAND_INVALID");
  }
  CHECK(h.store().LastSequence() == last);
  CHECK(AllRows(h.store()) == rows_before);
}

TEST_CASE(
    "scheduler: from late December 2026 into unloaded 2027 and its later "
    "revision",
    "[scheduler][calendar][revise]") {
  DeadlineHarness h(At("2026-12-30T10:00:00+08:00"));
  // Wed 30 Dec: Thu 31 Dec, Fri 1 Jan 2027 (provisional).
  h.CreateAndSubmit("rc-wed", Rencheng());
  // Thu 31 Dec: Fri 1 Jan, Mon 4 Jan 2027 (provisional).
  h.clock().Set(At("2026-12-31T10:00:00+08:00"));
  h.CreateAndSubmit("rc-thu", Rencheng());
  CHECK(h.DeadlineRow("catalog-review:rc-wed:1").provisional());
  CHECK(FromProto(h.DeadlineRow("catalog-review:rc-thu:1").due_time()) ==
        At("2027-01-04T23:59:59+08:00"));
  h.clock().Set(At("2027-01-01T12:00:00+08:00"));
  CHECK(h.RunScheduler() == 0);

  SECTION("2027 loaded before the provisional due time passes") {
    // Fri 1 Jan 12:00: with 1-3 Jan holidays rc-wed moves to Mon 4 Jan and
    // rc-thu to Tue 5 Jan.
    const CommandOutcome loaded =
        h.MustRun(LoadCalendarCommand(Hypothetical2027()), Operator());
    CHECK(loaded.last_sequence == loaded.first_sequence + 2);
    CHECK(FromProto(h.DeadlineRow("catalog-review:rc-wed:1").due_time()) ==
          At("2027-01-04T23:59:59+08:00"));
    CHECK(FromProto(h.DeadlineRow("catalog-review:rc-thu:1").due_time()) ==
          At("2027-01-05T23:59:59+08:00"));
    // Without the revision rc-wed would fire on Sat 2 Jan.
    h.clock().Set(At("2027-01-02T00:00:00+08:00"));
    CHECK(h.RunScheduler() == 0);
    h.clock().Set(At("2027-01-04T23:59:59+08:00"));
    CHECK(h.RunScheduler() == 0);
    h.clock().Advance(absl::Seconds(1));
    CHECK(h.RunScheduler() == 1);
    CHECK(h.RunScheduler() == 0);
    h.clock().Set(At("2027-01-06T08:00:00+08:00"));
    CHECK(h.RunScheduler() == 1);
    h.clock().Advance(absl::Hours(24 * 5));
    CHECK(h.RunScheduler() == 0);
    const std::vector<pb::EventEnvelope> overdue = OverdueEvents(h);
    REQUIRE(overdue.size() == 2);
    // The revised due times are the ones that passed.
    CheckOverdue(overdue[0], "rc-wed", "2027-01-04T23:59:59+08:00", 1,
                 "2027-01-05T00:00:00+08:00");
    // 8 h 1 s after Tue 5 Jan 23:59:59.
    CheckOverdue(overdue[1], "rc-thu", "2027-01-05T23:59:59+08:00", 28801,
                 "2027-01-06T08:00:00+08:00");
  }
  SECTION("2027 loaded only after the provisional due time fired") {
    h.clock().Set(At("2027-01-02T00:00:00+08:00"));
    CHECK(h.RunScheduler() == 1);
    // An overdue clock is not revised: the load moves rc-thu only.
    h.clock().Set(At("2027-01-02T10:00:00+08:00"));
    const CommandOutcome loaded =
        h.MustRun(LoadCalendarCommand(Hypothetical2027()), Operator());
    REQUIRE(loaded.result.streams_size() == 2);
    CHECK(loaded.result.streams(1).stream_id() == "catalog-entry/rc-thu");
    const pb::Deadline wed = h.DeadlineRow("catalog-review:rc-wed:1");
    CHECK(wed.state() == pb::DEADLINE_STATE_OVERDUE);
    CHECK(FromProto(wed.due_time()) == At("2027-01-01T23:59:59+08:00"));
    CHECK(wed.provisional());
    CHECK(wed.revisions() == 0);
    h.clock().Set(At("2027-01-06T00:00:00+08:00"));
    CHECK(h.RunScheduler() == 1);
    CHECK(h.RunScheduler() == 0);
    const std::vector<pb::EventEnvelope> overdue = OverdueEvents(h);
    REQUIRE(overdue.size() == 2);
    CheckOverdue(overdue[0], "rc-wed", "2027-01-01T23:59:59+08:00", 1,
                 "2027-01-02T00:00:00+08:00");
    CheckOverdue(overdue[1], "rc-thu", "2027-01-05T23:59:59+08:00", 1,
                 "2027-01-06T00:00:00+08:00");
  }
}

}  // namespace
}  // namespace opendata::engine_test
