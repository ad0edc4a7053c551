// Tests of the deadline queries (engine/query/deadline_queries.h) over a real
// RocksEventStore after a workload driven by the pipeline and the scheduler
// with a FakeClock: open, met (in time and late) and overdue review clocks in
// three regions; visibility (overseers all, the city reviewer all, a county
// reviewer its region, a provider its own entries' review clocks and the
// clocks it is responsible for, users refused); filters by region, state,
// responsible organisation and due window (due_after inclusive, due_before
// exclusive); working days remaining on the real calendar (hand-computed,
// across the Spring Festival and into unloaded 2027); paging and page tokens
// bound to their query. Remaining days and past_due are reported for OPEN
// deadlines only.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/deadlines/deadline_book.h"
#include "engine/deadlines/deadline_scheduler.h"
#include "engine/pipeline/envelopes.h"
#include "engine/projections/stream_view.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;
using IdList = std::vector<std::string>;

pb::Actor Rencheng() { return CountyProvider("370811", "rc-wsj"); }
pb::Actor Yanzhou() { return CountyProvider("370812", "yz-wsj"); }

// The subjects (entry ids) of a page's deadlines but the upkeep clocks of
// published entries (Art. 12, covered by release_test.cc), in order.
IdList Subjects(const DeadlinePage& page) {
  IdList ids;
  for (const DeadlineItem& item : page.items) {
    if (item.deadline.kind() == pb::DEADLINE_KIND_DATA_UPDATE ||
        item.deadline.kind() == pb::DEADLINE_KIND_QUALITY_ASSESSMENT) {
      continue;
    }
    ids.push_back(item.deadline.subject_id());
  }
  return ids;
}

// The item of `subject` in `page`, which must be there.
const DeadlineItem& ItemOf(const DeadlinePage& page,
                           const std::string& subject) {
  for (const DeadlineItem& item : page.items) {
    if (item.deadline.subject_id() == subject) return item;
  }
  FAIL("no deadline of " << subject);
  return page.items.front();
}

// Thu 5 Mar 2026 09:00, when the workload below ends.
const absl::Time kNow = Shanghai(2026, 3, 5, 9, 0, 0);

// Review clocks in 3708 (city), 370811 (任城区) and 370812 (兖州区):
//   yz-a   submitted Thu 12 Feb, due Sat 14 Feb (make-up day), met in time
//   rc-a   submitted Fri 13 Feb, due Tue 24 Feb, overdue Wed 25 Feb 09:00,
//          met late Tue 3 Mar
//   city-a submitted Mon 2 Mar 10:00, due Wed 4 Mar, overdue Thu 5 Mar 09:00
//   rc-b   submitted Mon 2 Mar 16:00, due Wed 4 Mar, overdue Thu 5 Mar 09:00
//   yz-b   submitted Tue 3 Mar, due Thu 5 Mar, open
void RunWorkload(DeadlineHarness& h) {
  h.CreateAndSubmit("yz-a", Yanzhou());
  h.clock().Set(At("2026-02-13T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());
  h.clock().Set(At("2026-02-13T11:00:00+08:00"));
  h.MustRun(PublishCommand("yz-a"), CountyReviewer("370812"));
  h.clock().Set(At("2026-02-25T09:00:00+08:00"));
  REQUIRE(h.RunScheduler() == 1);
  h.clock().Set(At("2026-03-02T10:00:00+08:00"));
  h.CreateAndSubmit("city-a", CityProvider());
  h.clock().Set(At("2026-03-02T16:00:00+08:00"));
  h.CreateAndSubmit("rc-b", Rencheng());
  h.clock().Set(At("2026-03-03T08:00:00+08:00"));
  h.CreateAndSubmit("yz-b", Yanzhou());
  h.clock().Set(At("2026-03-03T08:30:00+08:00"));
  h.MustRun(PublishCommand("rc-a"), CountyReviewer("370811"));
  h.clock().Set(kNow);
  REQUIRE(h.RunScheduler() == 2);
}

TEST_CASE("deadline queries: visibility by role, organisation and region",
          "[deadline-queries]") {
  DeadlineHarness h(At("2026-02-12T10:00:00+08:00"));
  RunWorkload(h);
  auto visible = [&h](const pb::Actor& actor) {
    return Subjects(h.Deadlines(actor, DeadlineFilter(), kNow));
  };
  // By state (OPEN, MET, OVERDUE), then due time, then id.
  const IdList all = {"yz-b", "yz-a", "rc-a", "city-a", "rc-b"};
  CHECK(visible(Auditor()) == all);
  CHECK(visible(Operator()) == all);
  CHECK(visible(CityReviewer()) == all);
  CHECK(visible(CountyReviewer("370811")) == IdList{"rc-a", "rc-b"});
  CHECK(visible(CountyReviewer("370812")) == IdList{"yz-b", "yz-a"});
  CHECK(visible(CountyReviewer("370826")).empty());
  // Providers: the review clocks of their own entries.
  CHECK(visible(Rencheng()) == IdList{"rc-a", "rc-b"});
  CHECK(visible(Yanzhou()) == IdList{"yz-b", "yz-a"});
  CHECK(visible(CityProvider()) == IdList{"city-a"});
  CHECK(visible(CityProvider("jn-jtj")).empty());

  SECTION("users are refused") {
    const auto refused = h.deadline_queries().List(
        PlainUser(), DeadlineFilter(), kNow, *h.calendar().Current());
    REQUIRE_FALSE(refused.ok());
    CheckError(refused.status(), StatusCode::kPermissionDenied,
               "ROLE_NOT_ALLOWED");
  }
  SECTION("the responsible region filter") {
    DeadlineFilter filter;
    filter.region = "370811";
    CHECK(Subjects(h.Deadlines(CityReviewer(), filter, kNow)) ==
          IdList{"rc-a", "rc-b"});
    CHECK(Subjects(h.Deadlines(CountyReviewer("370811"), filter, kNow)) ==
          IdList{"rc-a", "rc-b"});
    // A county reviewer asking for another region sees nothing of it.
    CHECK(h.Deadlines(CountyReviewer("370812"), filter, kNow).items.empty());
    filter.region = "3708";
    CHECK(Subjects(h.Deadlines(CityReviewer(), filter, kNow)) ==
          IdList{"city-a"});
    filter.region = "370812";
    CHECK(Subjects(h.Deadlines(Auditor(), filter, kNow)) ==
          IdList{"yz-b", "yz-a"});
  }
}

TEST_CASE("deadline queries: state and due window filters",
          "[deadline-queries]") {
  DeadlineHarness h(At("2026-02-12T10:00:00+08:00"));
  RunWorkload(h);
  DeadlineFilter filter;
  SECTION("open") {
    filter.state = pb::DEADLINE_STATE_OPEN;
    const DeadlinePage page = h.Deadlines(Auditor(), filter, kNow);
    CHECK(Subjects(page) == IdList{"yz-b"});
    // Due today (Thu 5 Mar): no working day left, not past.
    CHECK(page.items[0].working_days_remaining == 0);
    CHECK_FALSE(page.items[0].past_due);
    CHECK_FALSE(page.items[0].remaining_provisional);
  }
  SECTION("met") {
    filter.state = pb::DEADLINE_STATE_MET;
    const DeadlinePage page = h.Deadlines(Auditor(), filter, kNow);
    CHECK(Subjects(page) == IdList{"yz-a", "rc-a"});
    const pb::Deadline& in_time = ItemOf(page, "yz-a").deadline;
    CHECK_FALSE(in_time.late());
    CHECK(FromProto(in_time.due_time()) == At("2026-02-14T23:59:59+08:00"));
    CHECK(FromProto(in_time.met_time()) == At("2026-02-13T11:00:00+08:00"));
    CHECK_FALSE(in_time.has_overdue_time());
    const pb::Deadline& late = ItemOf(page, "rc-a").deadline;
    CHECK(late.late());
    CHECK(FromProto(late.due_time()) == At("2026-02-24T23:59:59+08:00"));
    CHECK(FromProto(late.overdue_time()) == At("2026-02-25T09:00:00+08:00"));
    CHECK(FromProto(late.met_time()) == At("2026-03-03T08:30:00+08:00"));
    for (const DeadlineItem& item : page.items) {
      CHECK_FALSE(item.past_due);
      CHECK(item.working_days_remaining == 0);
    }
  }
  SECTION("overdue") {
    filter.state = pb::DEADLINE_STATE_OVERDUE;
    const DeadlinePage page = h.Deadlines(Auditor(), filter, kNow);
    CHECK(Subjects(page) == IdList{"city-a", "rc-b"});
    for (const DeadlineItem& item : page.items) {
      CHECK(FromProto(item.deadline.due_time()) ==
            At("2026-03-04T23:59:59+08:00"));
      CHECK(FromProto(item.deadline.overdue_time()) == kNow);
      // Remaining days and past_due are for OPEN deadlines only.
      CHECK_FALSE(item.past_due);
      CHECK(item.working_days_remaining == 0);
      CHECK_FALSE(item.remaining_provisional);
    }
    // With a region: only 任城区's.
    filter.region = "370811";
    CHECK(Subjects(h.Deadlines(CityReviewer(), filter, kNow)) ==
          IdList{"rc-b"});
  }
  SECTION("due_after is inclusive, due_before exclusive") {
    filter.due_after = At("2026-02-14T23:59:59+08:00");
    filter.due_before = At("2026-03-04T23:59:59+08:00");
    CHECK(Subjects(h.Deadlines(Auditor(), filter, kNow)) ==
          IdList{"yz-a", "rc-a"});
    filter.due_after += absl::Seconds(1);
    filter.due_before += absl::Seconds(1);
    CHECK(Subjects(h.Deadlines(Auditor(), filter, kNow)) ==
          IdList{"rc-a", "city-a", "rc-b"});
  }
  SECTION("open-ended windows") {
    filter.due_before = At("2026-02-24T23:59:59+08:00");
    CHECK(Subjects(h.Deadlines(Auditor(), filter, kNow)) == IdList{"yz-a"});
    filter = DeadlineFilter();
    filter.due_after = At("2026-03-05T00:00:00+08:00");
    CHECK(Subjects(h.Deadlines(Auditor(), filter, kNow)) == IdList{"yz-b"});
  }
  SECTION("window, state and region together") {
    filter.state = pb::DEADLINE_STATE_OVERDUE;
    filter.region = "3708";
    filter.due_after = At("2026-03-04T00:00:00+08:00");
    filter.due_before = At("2026-03-05T00:00:00+08:00");
    CHECK(Subjects(h.Deadlines(CityReviewer(), filter, kNow)) ==
          IdList{"city-a"});
  }
  SECTION("bad filters") {
    SECTION("unknown region") { filter.region = "110101"; }
    SECTION("empty window") {
      filter.due_after = At("2026-03-04T00:00:00+08:00");
      filter.due_before = filter.due_after;
    }
    SECTION("unknown state") {
      filter.state = static_cast<pb::DeadlineState>(9);
    }
    const auto refused = h.deadline_queries().List(Auditor(), filter, kNow,
                                                   *h.calendar().Current());
    REQUIRE_FALSE(refused.ok());
    CheckError(refused.status(), StatusCode::kInvalidArgument,
               "FILTER_INVALID");
  }
}

TEST_CASE("deadline queries: working days remaining on the real calendar",
          "[deadline-queries][calendar]") {
  // Fri 13 Feb 2026: day 1 the make-up Sat 14, 15-23 Feb holidays, day 2 Tue
  // 24 Feb.
  DeadlineHarness h(At("2026-02-13T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());
  struct Case {
    const char* now;
    int remaining;
    bool past_due;
  };
  const Case c =
      GENERATE(Case{"2026-02-13T12:00:00+08:00", 2, false},  // Sat 14, Tue 24.
               Case{"2026-02-14T12:00:00+08:00", 1, false},  // Tue 24.
               Case{"2026-02-18T12:00:00+08:00", 1, false},  // Holiday: Tue 24.
               Case{"2026-02-23T23:00:00+08:00", 1, false},  // Holiday: Tue 24.
               Case{"2026-02-24T00:00:00+08:00", 0, false},  // Due today.
               Case{"2026-02-24T23:59:59+08:00", 0, false},  // The due second.
               Case{"2026-02-25T00:00:00+08:00", 0, true});  // Past.
  INFO("now " << c.now);
  const DeadlinePage page =
      h.Deadlines(CountyReviewer("370811"), DeadlineFilter(), At(c.now));
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].working_days_remaining == c.remaining);
  CHECK(page.items[0].past_due == c.past_due);
  CHECK_FALSE(page.items[0].remaining_provisional);
}

TEST_CASE(
    "deadline queries: days remaining in an unloaded year are provisional",
    "[deadline-queries][calendar]") {
  // Thu 31 Dec 2026: Fri 1 Jan and Mon 4 Jan 2027, Monday-Friday.
  DeadlineHarness h(At("2026-12-31T10:00:00+08:00"));
  h.CreateAndSubmit("rc-a", Rencheng());
  const absl::Time noon = At("2026-12-31T12:00:00+08:00");
  DeadlinePage page = h.Deadlines(Auditor(), DeadlineFilter(), noon);
  REQUIRE(page.items.size() == 1);
  CHECK(FromProto(page.items[0].deadline.due_time()) ==
        At("2027-01-04T23:59:59+08:00"));
  CHECK(page.items[0].deadline.provisional());
  CHECK(page.items[0].working_days_remaining == 2);
  CHECK(page.items[0].remaining_provisional);

  // With 2027 loaded (1-3 Jan holidays) the clock moves to Tue 5 Jan: Mon 4
  // and Tue 5 are left, for certain.
  h.MustRun(LoadCalendarCommand(Hypothetical2027()), Operator());
  page = h.Deadlines(Auditor(), DeadlineFilter(), noon);
  REQUIRE(page.items.size() == 1);
  CHECK(FromProto(page.items[0].deadline.due_time()) ==
        At("2027-01-05T23:59:59+08:00"));
  CHECK_FALSE(page.items[0].deadline.provisional());
  CHECK(page.items[0].working_days_remaining == 2);
  CHECK_FALSE(page.items[0].remaining_provisional);
  page =
      h.Deadlines(Auditor(), DeadlineFilter(), At("2027-01-04T09:00:00+08:00"));
  CHECK(page.items[0].working_days_remaining == 1);
}

TEST_CASE("deadline queries: paging returns every deadline exactly once",
          "[deadline-queries][paging]") {
  DeadlineHarness h(At("2026-02-12T10:00:00+08:00"));
  RunWorkload(h);
  auto list_all = [&h](const pb::Actor& actor, DeadlineFilter filter,
                       int* pages) {
    IdList ids;
    *pages = 0;
    while (true) {
      const DeadlinePage page = h.Deadlines(actor, filter, kNow);
      ++*pages;
      REQUIRE(*pages < 20);
      for (const std::string& id : Subjects(page)) ids.push_back(id);
      if (page.next_page_token.empty()) break;
      filter.page_token = page.next_page_token;
    }
    return ids;
  };
  DeadlineFilter filter;
  filter.page_size = 2;
  int pages = 0;
  CHECK(list_all(Auditor(), filter, &pages) ==
        IdList{"yz-b", "yz-a", "rc-a", "city-a", "rc-b"});
  // Nine deadlines: the five review clocks and the two upkeep clocks of each
  // of the two published entries (which Subjects leaves out).
  CHECK(pages == 5);
  // Visibility is applied before the page is cut.
  filter.page_size = 1;
  CHECK(list_all(CountyReviewer("370811"), filter, &pages) ==
        IdList{"rc-a", "rc-b"});
  CHECK(pages >= 2);
  filter.state = pb::DEADLINE_STATE_OVERDUE;
  CHECK(list_all(Rencheng(), filter, &pages) == IdList{"rc-b"});

  SECTION("a token is bound to its query") {
    DeadlineFilter first;
    first.page_size = 2;
    const DeadlinePage page = h.Deadlines(Auditor(), first, kNow);
    REQUIRE_FALSE(page.next_page_token.empty());
    DeadlineFilter other = first;
    other.page_token = page.next_page_token;
    pb::Actor actor = Auditor();
    SECTION("another caller") { actor = CityReviewer(); }
    SECTION("another state") { other.state = pb::DEADLINE_STATE_MET; }
    SECTION("another region") { other.region = "370811"; }
    SECTION("another window") {
      other.due_after = At("2026-02-01T00:00:00+08:00");
    }
    SECTION("a forged token") { other.page_token = "not-a-token!"; }
    const auto refused =
        h.deadline_queries().List(actor, other, kNow, *h.calendar().Current());
    REQUIRE_FALSE(refused.ok());
    CheckError(refused.status(), StatusCode::kInvalidArgument,
               "PAGE_TOKEN_INVALID");
  }
  SECTION("bad page sizes") {
    for (int size : {-1, 501}) {
      DeadlineFilter bad;
      bad.page_size = size;
      const auto refused = h.deadline_queries().List(Auditor(), bad, kNow,
                                                     *h.calendar().Current());
      REQUIRE_FALSE(refused.ok());
      CheckError(refused.status(), StatusCode::kInvalidArgument,
                 "PAGE_SIZE_INVALID");
    }
  }
}

// ---------------------------------------------------------------- by org

// Records, on its own stream, the DeadlineStarted of a 10 working day clock
// that organisation `organization` (a city provider) must meet. No command
// starts such clocks yet (demands come later), so the test appends what one
// would, with the engine's own envelope and projection functions.
void StartProviderClock(DeadlineHarness& h, const std::string& subject,
                        const std::string& organization) {
  ClockSpec spec;
  spec.kind = pb::DEADLINE_KIND_DEMAND_PROVIDER_ANSWER;
  spec.deadline_id = "demand-answer:" + subject + ":1";
  spec.stream_id = "demand/" + subject;
  spec.subject_id = subject;
  spec.responsible_role = pb::ROLE_PROVIDER;
  spec.responsible_organization = organization;
  spec.responsible_region = "3708";
  spec.working_days = 10;
  const CommandContext context =
      Context(SystemActor(), h.clock().Now(), "start-" + subject);
  StreamView view;
  const ProjectionRows before = StreamRows(view);
  AppendRequest request;
  request.streams.push_back(BuildAppend(
      spec.stream_id, 0,
      {StartClock(spec, context.now, *h.calendar().Current())}, context, view));
  request.projection = DiffRows(before, StreamRows(view));
  const absl::StatusOr<AppendOutcome> appended =
      h.store().Append(std::move(request));
  INFO(appended.status().ToString());
  REQUIRE(appended.ok());
}

TEST_CASE("deadline queries: by responsible organisation",
          "[deadline-queries][organisation]") {
  // Tue 3 Mar 09:00 + 10 working days: Wed 4 ... Fri 6, Mon 9 ... Fri 13,
  // Mon 16, Tue 17 Mar.
  DeadlineHarness h(At("2026-03-03T09:00:00+08:00"));
  StartProviderClock(h, "d-1", "jn-gaj");
  StartProviderClock(h, "d-2", "jn-jtj");
  StartProviderClock(h, "d-3", "jn-gaj");
  h.CreateAndSubmit("city-a", CityProvider("jn-gaj"));  // Due Thu 5 Mar.

  DeadlineFilter filter;
  filter.responsible_organization = "jn-gaj";
  const DeadlinePage page = h.Deadlines(Auditor(), filter, kNow);
  // The review clock of jn-gaj's entry is the reviewers' to meet, not jn-gaj's.
  CHECK(Subjects(page) == IdList{"d-1", "d-3"});
  const DeadlineItem& d1 = ItemOf(page, "d-1");
  CHECK(d1.deadline.responsible_organization() == "jn-gaj");
  CHECK(FromProto(d1.deadline.due_time()) == At("2026-03-17T23:59:59+08:00"));
  // Left on Thu 5 Mar: Fri 6, Mon 9 ... Fri 13, Mon 16, Tue 17.
  CHECK(d1.working_days_remaining == 8);
  CHECK_FALSE(d1.past_due);

  // A provider sees the clocks it must meet and its own entries' reviews.
  CHECK(Subjects(h.Deadlines(CityProvider("jn-gaj"), DeadlineFilter(), kNow)) ==
        IdList{"city-a", "d-1", "d-3"});
  CHECK(Subjects(h.Deadlines(CityProvider("jn-jtj"), DeadlineFilter(), kNow)) ==
        IdList{"d-2"});
  CHECK(h.Deadlines(CityProvider("jn-jtj"), filter, kNow).items.empty());
  CHECK(h.Deadlines(CountyReviewer("370811"), filter, kNow).items.empty());

  // Paging through one organisation; its token is bound to the region too.
  filter.page_size = 1;
  const DeadlinePage first = h.Deadlines(Auditor(), filter, kNow);
  CHECK(Subjects(first) == IdList{"d-1"});
  REQUIRE_FALSE(first.next_page_token.empty());
  DeadlineFilter next = filter;
  next.page_token = first.next_page_token;
  CHECK(Subjects(h.Deadlines(Auditor(), next, kNow)) == IdList{"d-3"});
  next.region = "3708";
  const auto refused =
      h.deadline_queries().List(Auditor(), next, kNow, *h.calendar().Current());
  REQUIRE_FALSE(refused.ok());
  CheckError(refused.status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
}

}  // namespace
}  // namespace opendata::engine_test
