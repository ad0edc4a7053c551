// AdminService over gRPC (domain.md section 7, issue 3): the calendar as
// recorded data. The shipped 2025 and 2026 schedules are recorded by the
// platform at start-up; an OPERATOR loads a new year or corrects one
// (validated, every bad date named); reloading the schedule in force records
// nothing; a correction revises exactly the open deadlines it moves, survives
// a restart, and is what the calculators use. The working-day calculators give
// hand-computed answers across the 2026 Spring Festival and National Day and
// into the unloaded 2027, marked provisional there.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/services/calendar_samples.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Catch::Matchers::Equals;
using Fields = std::vector<std::string>;

// The recorded schedule of `year` (REQUIREs it).
pb::CalendarYearRecord RecordOf(PlatformFixture& f, int year) {
  pb::ListCalendarYearsResponse listed;
  REQUIRE_OK(f.ListCalendarYears(f.Bearer(kOperator), &listed));
  for (const pb::CalendarYearRecord& record : listed.years()) {
    if (record.calendar().year() == year) return record;
  }
  FAIL("calendar year " << year << " is not recorded");
  return {};
}

pb::LoadCalendarYearRequest LoadRequest(const std::string& request_id,
                                        const pb::CalendarYear& calendar) {
  pb::LoadCalendarYearRequest request;
  request.set_request_id(request_id);
  *request.mutable_calendar() = calendar;
  return request;
}

// AddWorkingDays as `who`, REQUIRing success.
pb::AddWorkingDaysResponse MustAdd(PlatformFixture& f, const Identity& who,
                                   const std::string& start, int days) {
  pb::AddWorkingDaysRequest request;
  *request.mutable_start_time() = StampOf(At(start));
  request.set_working_days(days);
  pb::AddWorkingDaysResponse response;
  INFO("add " << days << " working days to " << start);
  REQUIRE_OK(f.AddWorkingDays(f.Bearer(who), request, &response));
  return response;
}

TEST_CASE("the shipped calendar years are recorded by the platform at start",
          "[services][admin][calendar]") {
  PlatformFixture f;
  pb::ListCalendarYearsResponse listed;
  // Any authenticated caller may list them, a citizen included.
  REQUIRE_OK(f.ListCalendarYears(f.Bearer(kCitizen), &listed));
  REQUIRE(listed.years_size() == 2);
  const pb::CalendarYearRecord& y2025 = listed.years(0);
  const pb::CalendarYearRecord& y2026 = listed.years(1);
  CHECK(y2025.calendar().year() == 2025);
  CHECK(y2026.calendar().year() == 2026);
  for (const pb::CalendarYearRecord& record : listed.years()) {
    INFO("year " << record.calendar().year());
    CHECK(record.revision() == 1);
    CHECK(record.recorded_by().subject() == "opendata-scheduler");
    CHECK(record.recorded_by().role() == pb::ROLE_SYSTEM);
    CHECK(TimeOf(record.record_time()) == FakeStart());
    CHECK_FALSE(record.calendar().source().empty());
  }
  // domain.md section 7. 2025: New Year 1, Spring Festival 8, Qingming 3,
  // Labour Day 5, Dragon Boat 3, National Day 8 holidays; 5 make-up days.
  CHECK(y2025.calendar().holidays_size() == 28);
  CHECK(y2025.calendar().makeup_workdays_size() == 5);
  // 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 holidays; 6 make-up days.
  CHECK(y2026.calendar().holidays_size() == 33);
  CHECK(y2026.calendar().makeup_workdays_size() == 6);

  // They are the whole log so far: one calendar_year_loaded per year.
  CHECK(f.startup_head() == 2);
  const std::vector<pb::EventEnvelope> log = f.RecordedEventsFrom(1);
  REQUIRE(log.size() == 2);
  CHECK(log[0].stream_id() == "calendar/2025");
  CHECK(log[1].stream_id() == "calendar/2026");
  for (const pb::EventEnvelope& event : log) {
    INFO(event.stream_id());
    CHECK(event.event_type() == "calendar_year_loaded");
    CHECK(event.stream_version() == 1);
    CHECK(event.payload().calendar_year_loaded().revision() == 1);
    CHECK(event.actor().subject() == "opendata-scheduler");
    CHECK(event.actor().role() == pb::ROLE_SYSTEM);
  }

  const grpc::Status anonymous = f.ListCalendarYears("");
  CHECK(anonymous.error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("an operator loads a new year, other roles are ROLE_NOT_ALLOWED",
          "[services][admin][calendar]") {
  PlatformFixture f;
  const uint64_t head = f.startup_head();

  // Before 2027 is loaded, a count into it is provisional Monday-Friday.
  pb::AddWorkingDaysResponse before =
      MustAdd(f, kOperator, "2026-12-30T10:00:00+08:00", 2);
  CHECK(TimeOf(before.due_time()) == At("2027-01-01T23:59:59+08:00"));
  CHECK(before.provisional());

  for (const Identity& who :
       {kCityReviewer, kGajProvider, kAuditor, kCitizen}) {
    INFO("as " << who.role);
    const grpc::Status refused = f.LoadCalendarYear(
        f.Bearer(who), LoadRequest("load-2027-refused", Hypothetical2027()));
    CHECK(refused.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(DetailsMatchCode(refused));
    CHECK(ErrorReason(refused) == "ROLE_NOT_ALLOWED");
    CHECK(ErrorMetadata(refused)["required_role"] == "ROLE_OPERATOR");
  }
  CHECK(f.RecordedHead() == head);

  const pb::LoadCalendarYearRequest load =
      LoadRequest("load-2027", Hypothetical2027());
  pb::LoadCalendarYearResponse loaded;
  REQUIRE_OK(f.LoadCalendarYear(f.Bearer(kOperator), load, &loaded));
  CHECK(loaded.record().calendar().year() == 2027);
  CHECK(loaded.record().calendar().holidays_size() == 12);
  CHECK(loaded.record().calendar().makeup_workdays_size() == 2);
  CHECK(loaded.record().revision() == 1);
  CHECK(loaded.record().recorded_by().subject() == "chen.jie");
  CHECK(loaded.record().recorded_by().role() == pb::ROLE_OPERATOR);
  CHECK(TimeOf(loaded.record().record_time()) == FakeStart());
  CHECK(loaded.revised_deadlines() == 0);
  CHECK(loaded.receipt().request_id() == "load-2027");
  CHECK(loaded.receipt().first_sequence() == head + 1);
  CHECK(loaded.receipt().last_sequence() == head + 1);
  CHECK(loaded.receipt().stream_version() == 1);
  CHECK_FALSE(loaded.receipt().replayed());

  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents("calendar/2027");
  REQUIRE(events.size() == 1);
  CHECK(events[0].event_type() == "calendar_year_loaded");
  CHECK(events[0].payload().calendar_year_loaded().revision() == 1);
  CHECK(events[0].actor().subject() == "chen.jie");

  pb::ListCalendarYearsResponse listed;
  REQUIRE_OK(f.ListCalendarYears(f.Bearer(kGajProvider), &listed));
  REQUIRE(listed.years_size() == 3);
  CHECK(listed.years(2).calendar().year() == 2027);

  // 2027 is in force: Wed 30 Dec 2026 + 2 is Thu 31 Dec (1), then Fri 1 Jan
  // - Sun 3 Jan are holidays and Mon 4 Jan is day 2.
  pb::AddWorkingDaysResponse after =
      MustAdd(f, kOperator, "2026-12-30T10:00:00+08:00", 2);
  CHECK(TimeOf(after.due_time()) == At("2027-01-04T23:59:59+08:00"));
  CHECK(after.due_date() == "2027-01-04");
  CHECK_FALSE(after.provisional());

  // A retry replays the receipt and records nothing.
  pb::LoadCalendarYearResponse retried;
  REQUIRE_OK(f.LoadCalendarYear(f.Bearer(kOperator), load, &retried));
  CHECK(retried.receipt().replayed());
  CHECK(retried.receipt().first_sequence() == head + 1);
  CHECK(retried.record().revision() == 1);
  CHECK(f.RecordedHead() == head + 1);
}

TEST_CASE("an invalid schedule is CALENDAR_INVALID naming every bad date",
          "[services][admin][calendar]") {
  PlatformFixture f;
  const uint64_t head = f.startup_head();
  pb::CalendarYear bad;
  bad.set_year(2027);
  bad.add_holidays("2027-01-01");
  bad.add_holidays("2026-12-31");  // not in 2027
  bad.add_holidays("2027-02-30");  // no such day
  bad.add_holidays("2027-01-02");
  bad.add_makeup_workdays("2027-01-02");  // a Saturday, but also a holiday
  bad.add_makeup_workdays("2027-01-06");  // a Wednesday

  // The role is checked first.
  const grpc::Status reviewer =
      f.LoadCalendarYear(f.Bearer(kCityReviewer), LoadRequest("bad-1", bad));
  CHECK(reviewer.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(reviewer) == "ROLE_NOT_ALLOWED");

  const grpc::Status invalid =
      f.LoadCalendarYear(f.Bearer(kOperator), LoadRequest("bad-2", bad));
  INFO(Describe(invalid));
  REQUIRE(invalid.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsMatchCode(invalid));
  CHECK(ErrorReason(invalid) == "CALENDAR_INVALID");
  CHECK_THAT(ViolatedFields(invalid),
             Equals(Fields{"calendar.holidays[1]", "calendar.holidays[2]",
                           "calendar.makeup_workdays[0]",
                           "calendar.makeup_workdays[1]"}));
  const std::vector<std::string> descriptions = ViolationDescriptions(invalid);
  REQUIRE(descriptions.size() == 4);
  CHECK_THAT(descriptions[0], Catch::Matchers::Contains("2026-12-31"));
  CHECK_THAT(descriptions[1], Catch::Matchers::Contains("2027-02-30"));
  CHECK_THAT(descriptions[2], Catch::Matchers::Contains("2027-01-02"));
  CHECK_THAT(descriptions[2], Catch::Matchers::Contains("holiday"));
  CHECK_THAT(descriptions[3], Catch::Matchers::Contains("2027-01-06"));
  CHECK_THAT(descriptions[3], Catch::Matchers::Contains("Wednesday"));

  SECTION("a year out of range or a missing schedule names the year") {
    pb::CalendarYear old;
    old.set_year(1999);
    const grpc::Status out_of_range =
        f.LoadCalendarYear(f.Bearer(kOperator), LoadRequest("bad-3", old));
    CHECK(out_of_range.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(out_of_range) == "CALENDAR_INVALID");
    CHECK_THAT(ViolatedFields(out_of_range), Equals(Fields{"calendar.year"}));
    pb::LoadCalendarYearRequest empty;
    empty.set_request_id("bad-4");
    const grpc::Status missing = f.LoadCalendarYear(f.Bearer(kOperator), empty);
    CHECK(missing.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(ViolatedFields(missing), Equals(Fields{"calendar.year"}));
  }

  // Nothing was written and the request id was not consumed.
  CHECK(f.RecordedHead() == head);
  pb::ListCalendarYearsResponse listed;
  REQUIRE_OK(f.ListCalendarYears(f.Bearer(kOperator), &listed));
  CHECK(listed.years_size() == 2);
  REQUIRE_OK(f.LoadCalendarYear(f.Bearer(kOperator),
                                LoadRequest("bad-2", Hypothetical2027())));
  CHECK(f.RecordedHead() == head + 1);
}

TEST_CASE("reloading the schedule in force records nothing",
          "[services][admin][calendar]") {
  PlatformFixture f;
  const uint64_t head = f.startup_head();
  const pb::CalendarYearRecord shipped = RecordOf(f, 2026);

  pb::CalendarYear same = shipped.calendar();
  SECTION("as recorded") {}
  SECTION("with its dates in another order") {
    std::reverse(same.mutable_holidays()->begin(),
                 same.mutable_holidays()->end());
    std::reverse(same.mutable_makeup_workdays()->begin(),
                 same.mutable_makeup_workdays()->end());
  }
  pb::LoadCalendarYearResponse reloaded;
  REQUIRE_OK(f.LoadCalendarYear(f.Bearer(kOperator),
                                LoadRequest("reload-2026", same), &reloaded));
  CHECK(reloaded.receipt().first_sequence() == 0);
  CHECK(reloaded.receipt().last_sequence() == 0);
  CHECK(reloaded.receipt().stream_version() == 1);
  CHECK(reloaded.revised_deadlines() == 0);
  CHECK(reloaded.record().revision() == 1);
  CHECK(reloaded.record().recorded_by().subject() == "opendata-scheduler");
  CHECK(f.RecordedHead() == head);
  CHECK(f.RecordedEvents("calendar/2026").size() == 1);
  CHECK(RecordOf(f, 2026).revision() == 1);
}

TEST_CASE("a correction revises exactly the open deadlines it moves",
          "[services][admin][calendar][deadlines]") {
  PlatformFixture f;
  // A: submitted Fri 13 Feb 10:00. Day 1 is Sat 14 Feb (a make-up working
  // day), 15-23 Feb is the Spring Festival, day 2 is Tue 24 Feb.
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent("公交线路"));
  const pb::CatalogEntry a = f.MustSubmit(kGajProvider, "jn-gaj-001");
  REQUIRE(TimeOf(a.review_due_time()) == At("2026-02-24T23:59:59+08:00"));
  // C: submitted and published at once; its clock is met, not open.
  f.MustCreate(kGajProvider, "jn-gaj-003", UnconditionalContent("公交站点"));
  f.MustSubmit(kGajProvider, "jn-gaj-003");
  f.MustPublish(kCityReviewer, "jn-gaj-003");
  // B: submitted on Sat 14 Feb itself, which is not counted: day 1 is Tue 24
  // Feb, day 2 Wed 25 Feb.
  f.clock().Set(At("2026-02-14T09:00:00+08:00"));
  f.MustCreate(kGajProvider, "jn-gaj-002", UnconditionalContent("出租车"));
  const pb::CatalogEntry b = f.MustSubmit(kGajProvider, "jn-gaj-002");
  REQUIRE(TimeOf(b.review_due_time()) == At("2026-02-25T23:59:59+08:00"));
  REQUIRE(a.version() == 3);
  REQUIRE(b.version() == 3);

  // The correction: Sat 14 Feb is not a working day after all. A's day 1
  // becomes Tue 24 Feb and its day 2 Wed 25 Feb; B does not move.
  f.clock().Set(At("2026-02-14T10:00:00+08:00"));
  const pb::CalendarYear corrected =
      WithoutMakeupDay(RecordOf(f, 2026).calendar(), "2026-02-14", "更正测试");
  const uint64_t head = f.RecordedHead();
  pb::LoadCalendarYearResponse loaded;
  REQUIRE_OK(f.LoadCalendarYear(
      f.Bearer(kOperator), LoadRequest("correct-2026", corrected), &loaded));
  CHECK(loaded.revised_deadlines() == 1);
  CHECK(loaded.record().revision() == 2);
  CHECK(loaded.record().recorded_by().subject() == "chen.jie");
  CHECK(loaded.record().calendar().makeup_workdays_size() == 5);
  CHECK(TimeOf(loaded.record().record_time()) ==
        At("2026-02-14T10:00:00+08:00"));
  // One atomic write: the calendar event and the one revision.
  CHECK(loaded.receipt().first_sequence() == head + 1);
  CHECK(loaded.receipt().last_sequence() == head + 2);
  CHECK(loaded.receipt().stream_version() == 2);
  CHECK(f.RecordedHead() == head + 2);

  const pb::CatalogEntry moved = f.MustGet(kGajProvider, "jn-gaj-001");
  CHECK(TimeOf(moved.review_due_time()) == At("2026-02-25T23:59:59+08:00"));
  CHECK_FALSE(moved.review_due_provisional());
  CHECK(moved.version() == 4);
  const pb::CatalogEntry unmoved = f.MustGet(kGajProvider, "jn-gaj-002");
  CHECK(TimeOf(unmoved.review_due_time()) == At("2026-02-25T23:59:59+08:00"));
  CHECK(unmoved.version() == 3);

  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents("catalog-entry/jn-gaj-001");
  REQUIRE(events.size() == 4);
  const pb::EventEnvelope& revision = events[3];
  CHECK(revision.event_type() == "deadline_revised");
  CHECK(revision.actor().subject() == "chen.jie");
  const pb::DeadlineRevised& revised = revision.payload().deadline_revised();
  CHECK(revised.deadline_id() == "catalog-review:jn-gaj-001:1");
  CHECK(TimeOf(revised.old_due_time()) == At("2026-02-24T23:59:59+08:00"));
  CHECK(TimeOf(revised.new_due_time()) == At("2026-02-25T23:59:59+08:00"));
  CHECK_FALSE(revised.old_provisional());
  CHECK_FALSE(revised.new_provisional());
  CHECK(revised.calendar_year() == 2026);
  CHECK(revised.calendar_revision() == 2);
  CHECK(f.RecordedEvents("catalog-entry/jn-gaj-002").size() == 3);
  // Published: with its review clock met and the two upkeep clocks (Art. 12).
  CHECK(f.RecordedEvents("catalog-entry/jn-gaj-003").size() == 7);

  const pb::DeadlineStatus da =
      f.MustGetDeadline("catalog-review:jn-gaj-001:1");
  CHECK(TimeOf(da.deadline().due_time()) == At("2026-02-25T23:59:59+08:00"));
  CHECK(da.deadline().revisions() == 1);
  CHECK(da.deadline().state() == pb::DEADLINE_STATE_OPEN);
  CHECK(
      f.MustGetDeadline("catalog-review:jn-gaj-002:1").deadline().revisions() ==
      0);
  const pb::DeadlineStatus dc =
      f.MustGetDeadline("catalog-review:jn-gaj-003:1");
  CHECK(dc.deadline().state() == pb::DEADLINE_STATE_MET);
  CHECK(dc.deadline().revisions() == 0);
  CHECK(TimeOf(dc.deadline().due_time()) == At("2026-02-24T23:59:59+08:00"));

  // The corrected schedule is the one in force.
  CHECK(
      TimeOf(MustAdd(f, kCitizen, "2026-02-13T10:00:00+08:00", 2).due_time()) ==
      At("2026-02-25T23:59:59+08:00"));

  SECTION("the log, not the shipped file, decides after a restart") {
    f.StopServer();
    f.StartServer();
    const pb::CalendarYearRecord after = RecordOf(f, 2026);
    CHECK(after.revision() == 2);
    CHECK(after.calendar().makeup_workdays_size() == 5);
    CHECK(f.RecordedHead() == head + 2);
    CHECK(TimeOf(MustAdd(f, kCitizen, "2026-02-13T10:00:00+08:00", 2)
                     .due_time()) == At("2026-02-25T23:59:59+08:00"));
    CHECK(TimeOf(f.MustGet(kGajProvider, "jn-gaj-001").review_due_time()) ==
          At("2026-02-25T23:59:59+08:00"));
  }
}

TEST_CASE("AddWorkingDays gives the end of the Nth working day after the start",
          "[services][admin][calculator]") {
  PlatformFixture f;
  struct Case {
    const char* start;
    int days;
    const char* due;
    bool provisional;
  };
  const Case cases[] = {
      // Fri 13 Feb: Sat 14 Feb (make-up) is day 1; 15-23 Feb Spring Festival.
      {"2026-02-13T10:00:00+08:00", 2, "2026-02-24T23:59:59+08:00", false},
      // ... Tue 24 - Fri 27 Feb are days 2-5, Sat 28 Feb (make-up) day 6.
      {"2026-02-13T10:00:00+08:00", 6, "2026-02-28T23:59:59+08:00", false},
      // 20:00Z on the 13th is 04:00 on Sat 14 Feb in Shanghai: that day is not
      // counted, so day 1 is Tue 24 Feb.
      {"2026-02-13T20:00:00Z", 1, "2026-02-24T23:59:59+08:00", false},
      // Started on a holiday: the next working day is day 1.
      {"2026-02-15T12:00:00+08:00", 1, "2026-02-24T23:59:59+08:00", false},
      // Fri 18 Sep: Sat 19 is off, Sun 20 Sep is a make-up working day.
      {"2026-09-18T10:00:00+08:00", 1, "2026-09-20T23:59:59+08:00", false},
      // Wed 30 Sep: 1-7 Oct National Day; Thu 8, Fri 9, Sat 10 Oct (make-up).
      {"2026-09-30T09:00:00+08:00", 3, "2026-10-10T23:59:59+08:00", false},
      // Wed 31 Dec 2025: 1-3 Jan 2026 holidays, Sun 4 Jan a make-up day.
      {"2025-12-31T10:00:00+08:00", 1, "2026-01-04T23:59:59+08:00", false},
      // Wed 30 Dec 2026: Thu 31 Dec is day 1, still in a loaded year.
      {"2026-12-30T10:00:00+08:00", 1, "2026-12-31T23:59:59+08:00", false},
      // ... then 2027 is not loaded: Fri 1 Jan is assumed a working day.
      {"2026-12-30T10:00:00+08:00", 2, "2027-01-01T23:59:59+08:00", true},
      // ... Mon 4, Tue 5, Wed 6 Jan are days 3-5.
      {"2026-12-30T10:00:00+08:00", 5, "2027-01-06T23:59:59+08:00", true},
  };
  for (const Case& c : cases) {
    INFO(c.start << " + " << c.days);
    const pb::AddWorkingDaysResponse r = MustAdd(f, kCitizen, c.start, c.days);
    CHECK(TimeOf(r.due_time()) == At(c.due));
    CHECK(r.due_date() == std::string(c.due).substr(0, 10));
    CHECK(r.provisional() == c.provisional);
  }
  CHECK(MustAdd(f, kGajProvider, "2026-02-13T10:00:00+08:00", 1000)
            .provisional());

  SECTION("bad input names the fields") {
    const std::string bearer = f.Bearer(kCitizen);
    pb::AddWorkingDaysRequest request;
    const grpc::Status empty = f.AddWorkingDays(bearer, request);
    INFO(Describe(empty));
    CHECK(empty.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(DetailsMatchCode(empty));
    CHECK(ErrorReason(empty) == "CALCULATOR_INVALID");
    CHECK_THAT(ViolatedFields(empty),
               Equals(Fields{"start_time", "working_days"}));
    *request.mutable_start_time() = StampOf(FakeStart());
    for (int days : {0, -1, 1001}) {
      INFO("working_days " << days);
      request.set_working_days(days);
      const grpc::Status status = f.AddWorkingDays(bearer, request);
      CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
      CHECK_THAT(ViolatedFields(status), Equals(Fields{"working_days"}));
    }
    request.set_working_days(2);
    CHECK(f.AddWorkingDays("", request).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);
  }
}

TEST_CASE("CountWorkingDays counts the days after from_date up to to_date",
          "[services][admin][calculator]") {
  PlatformFixture f;
  struct Case {
    const char* from;
    const char* to;
    int days;
    bool provisional;
  };
  const Case cases[] = {
      // Sat 14 Feb (make-up), Tue 24 - Fri 27 Feb, Sat 28 Feb (make-up).
      {"2026-02-13", "2026-02-28", 6, false},
      // Only the Spring Festival after the (uncounted) make-up Saturday.
      {"2026-02-14", "2026-02-23", 0, false},
      // 1 Jan is a holiday, so the rest of the year holds all 248.
      {"2026-01-01", "2026-12-31", 248, false},
      // Sun 4 Jan (make-up) and Mon 5 Jan 2026.
      {"2025-12-31", "2026-01-05", 2, false},
      // Thu 31 Dec, then 2027 Monday-Friday: 1, 4, 5, 6, 7, 8 Jan.
      {"2026-12-30", "2027-01-08", 7, true},
      // to before from.
      {"2026-03-10", "2026-03-01", 0, false},
      {"2026-03-10", "2026-03-10", 0, false},
  };
  for (const Case& c : cases) {
    INFO(c.from << " .. " << c.to);
    pb::CountWorkingDaysRequest request;
    request.set_from_date(c.from);
    request.set_to_date(c.to);
    pb::CountWorkingDaysResponse response;
    REQUIRE_OK(f.CountWorkingDays(f.Bearer(kGajProvider), request, &response));
    CHECK(response.working_days() == c.days);
    CHECK(response.provisional() == c.provisional);
  }

  SECTION("bad dates name the fields") {
    const std::string bearer = f.Bearer(kCitizen);
    struct Bad {
      const char* from;
      const char* to;
      Fields fields;
    };
    const Bad bad[] = {
        {"2026-02-30", "2026-03-01", {"from_date"}},
        {"2026-02-01", "20260301", {"to_date"}},
        {"", "", {"from_date", "to_date"}},
        {"2026-2-1", "2026-13-01", {"from_date", "to_date"}},
    };
    for (const Bad& b : bad) {
      INFO("'" << b.from << "' .. '" << b.to << "'");
      pb::CountWorkingDaysRequest request;
      request.set_from_date(b.from);
      request.set_to_date(b.to);
      const grpc::Status status = f.CountWorkingDays(bearer, request);
      CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
      CHECK(DetailsMatchCode(status));
      CHECK(ErrorReason(status) == "DATE_INVALID");
      CHECK_THAT(ViolatedFields(status), Equals(b.fields));
    }
  }
}

}  // namespace
}  // namespace opendata::testing
