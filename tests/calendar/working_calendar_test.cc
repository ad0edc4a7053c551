// Table tests of WorkingCalendar against the shipped 2025 and 2026 schedules.
// Every expected date was worked out by hand from domain.md section 7 and is
// written as a literal. Single-threaded.
#include "engine/calendar/working_calendar.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tests/calendar/test_util.h"

namespace opendata {
namespace {

using ::absl::CivilDay;
using ::opendata::testing::Instant;
using ::opendata::testing::MadeUp2027;
using ::opendata::testing::MakeYear;
using ::opendata::testing::ShippedCalendar;

TEST_CASE("each shipped year has 248 working days", "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  REQUIRE(calendar.Years() == std::vector<int>{2025, 2026});
  REQUIRE(calendar.LastLoadedYear() == 2026);

  const int year = GENERATE(2025, 2026);
  CAPTURE(year);
  bool provisional = true;
  CHECK(calendar.CountWorkingDays(CivilDay(year - 1, 12, 31),
                                  CivilDay(year, 12, 31), &provisional) == 248);
  CHECK_FALSE(provisional);

  int working = 0;
  bool any_provisional = false;
  for (CivilDay day(year, 1, 1); day.year() == year; ++day) {
    bool day_provisional = true;
    if (calendar.IsWorkingDay(day, &day_provisional)) ++working;
    any_provisional = any_provisional || day_provisional;
  }
  CHECK(working == 248);
  CHECK_FALSE(any_provisional);
}

struct DayRow {
  CivilDay day;
  bool working;
  bool provisional;
};

TEST_CASE("IsWorkingDay across holidays, make-up days and unloaded years",
          "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  const DayRow row = GENERATE(values<DayRow>({
      // 2026 Spring Festival: holiday Sun 15 - Mon 23 Feb, working Sat 14 and
      // Sat 28 Feb.
      {CivilDay(2026, 2, 13), true, false},   // Fri
      {CivilDay(2026, 2, 14), true, false},   // Sat, make-up
      {CivilDay(2026, 2, 15), false, false},  // Sun, holiday
      {CivilDay(2026, 2, 16), false, false},  // Mon, holiday
      {CivilDay(2026, 2, 20), false, false},  // Fri, holiday
      {CivilDay(2026, 2, 23), false, false},  // Mon, holiday
      {CivilDay(2026, 2, 24), true, false},   // Tue
      {CivilDay(2026, 2, 28), true, false},   // Sat, make-up
      {CivilDay(2026, 3, 1), false, false},   // Sun
      {CivilDay(2026, 3, 7), false, false},   // Sat
      // 2025 National Day: holiday Wed 1 - Wed 8 Oct, working Sun 28 Sep and
      // Sat 11 Oct.
      {CivilDay(2025, 9, 27), false, false},   // Sat
      {CivilDay(2025, 9, 28), true, false},    // Sun, make-up
      {CivilDay(2025, 9, 30), true, false},    // Tue
      {CivilDay(2025, 10, 1), false, false},   // Wed, holiday
      {CivilDay(2025, 10, 8), false, false},   // Wed, holiday
      {CivilDay(2025, 10, 9), true, false},    // Thu
      {CivilDay(2025, 10, 11), true, false},   // Sat, make-up
      {CivilDay(2025, 10, 12), false, false},  // Sun
      // Other periods.
      {CivilDay(2025, 1, 1), false, false},   // Wed, New Year
      {CivilDay(2025, 1, 26), true, false},   // Sun, make-up
      {CivilDay(2025, 4, 27), true, false},   // Sun, make-up
      {CivilDay(2025, 6, 2), false, false},   // Mon, Dragon Boat
      {CivilDay(2026, 1, 2), false, false},   // Fri, New Year
      {CivilDay(2026, 1, 4), true, false},    // Sun, make-up
      {CivilDay(2026, 4, 6), false, false},   // Mon, Qingming
      {CivilDay(2026, 5, 9), true, false},    // Sat, make-up
      {CivilDay(2026, 6, 19), false, false},  // Fri, Dragon Boat
      {CivilDay(2026, 9, 20), true, false},   // Sun, make-up
      {CivilDay(2026, 9, 25), false, false},  // Fri, Mid-Autumn
      {CivilDay(2026, 10, 10), true, false},  // Sat, make-up
      // Unloaded years: Monday to Friday, provisional.
      {CivilDay(2027, 1, 1), true, true},   // Fri
      {CivilDay(2027, 1, 2), false, true},  // Sat
      {CivilDay(2024, 10, 1), true, true},  // Tue
  }));
  CAPTURE(row.day);
  bool provisional = !row.provisional;
  CHECK(calendar.IsWorkingDay(row.day, &provisional) == row.working);
  CHECK(provisional == row.provisional);
}

struct AddRow {
  CivilDay start;
  int n;
  CivilDay expected;
};

TEST_CASE("AddWorkingDays on civil days, and CountWorkingDays inverts it",
          "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  const AddRow row = GENERATE(values<AddRow>({
      // 2026 Spring Festival. Working days from Thu 12 Feb: 13, 14 (Sat), 24,
      // 25, 26, 27, 28 (Sat), Mar 2, ...
      {CivilDay(2026, 2, 12), 2, CivilDay(2026, 2, 14)},
      {CivilDay(2026, 2, 12), 5, CivilDay(2026, 2, 26)},
      {CivilDay(2026, 2, 12), 10, CivilDay(2026, 3, 4)},
      {CivilDay(2026, 2, 12), 20, CivilDay(2026, 3, 18)},
      {CivilDay(2026, 2, 13), 1,
       CivilDay(2026, 2, 14)},  // Fri: day 1 is the make-up Saturday.
      {CivilDay(2026, 2, 13), 2, CivilDay(2026, 2, 24)},
      {CivilDay(2026, 2, 13), 5, CivilDay(2026, 2, 27)},
      {CivilDay(2026, 2, 13), 10, CivilDay(2026, 3, 5)},
      {CivilDay(2026, 2, 13), 20, CivilDay(2026, 3, 19)},
      {CivilDay(2026, 2, 14), 1,
       CivilDay(2026, 2, 24)},  // Started on the make-up Saturday.
      {CivilDay(2026, 2, 14), 2, CivilDay(2026, 2, 25)},
      {CivilDay(2026, 2, 14), 5, CivilDay(2026, 2, 28)},
      {CivilDay(2026, 2, 14), 10, CivilDay(2026, 3, 6)},
      {CivilDay(2026, 2, 14), 20, CivilDay(2026, 3, 20)},
      {CivilDay(2026, 2, 16), 2,
       CivilDay(2026, 2, 25)},  // Started on a holiday: day 1 is Tue 24 Feb.
      {CivilDay(2026, 2, 16), 5, CivilDay(2026, 2, 28)},
      {CivilDay(2026, 2, 16), 10, CivilDay(2026, 3, 6)},
      {CivilDay(2026, 2, 16), 20, CivilDay(2026, 3, 20)},
      {CivilDay(2026, 2, 23), 1, CivilDay(2026, 2, 24)},  // Last holiday.
      {CivilDay(2026, 2, 23), 5, CivilDay(2026, 2, 28)},
      {CivilDay(2026, 2, 27), 1, CivilDay(2026, 2, 28)},
      {CivilDay(2026, 2, 27), 2, CivilDay(2026, 3, 2)},
      {CivilDay(2026, 2, 28), 1, CivilDay(2026, 3, 2)},
      {CivilDay(2026, 2, 28), 5, CivilDay(2026, 3, 6)},
      // 2025 National Day. Working days from Fri 26 Sep: 28 (Sun), 29, 30, Oct
      // 9, 10, 11 (Sat), 13, ...
      {CivilDay(2025, 9, 26), 1, CivilDay(2025, 9, 28)},
      {CivilDay(2025, 9, 26), 2, CivilDay(2025, 9, 29)},
      {CivilDay(2025, 9, 26), 5, CivilDay(2025, 10, 10)},
      {CivilDay(2025, 9, 26), 10, CivilDay(2025, 10, 16)},
      {CivilDay(2025, 9, 26), 20, CivilDay(2025, 10, 30)},
      {CivilDay(2025, 9, 27), 1,
       CivilDay(2025, 9, 28)},  // Sat: day 1 is the make-up Sunday.
      {CivilDay(2025, 9, 27), 2, CivilDay(2025, 9, 29)},
      {CivilDay(2025, 9, 27), 5, CivilDay(2025, 10, 10)},
      {CivilDay(2025, 9, 27), 10, CivilDay(2025, 10, 16)},
      {CivilDay(2025, 9, 27), 20, CivilDay(2025, 10, 30)},
      {CivilDay(2025, 9, 28), 2,
       CivilDay(2025, 9, 30)},  // Started on the make-up Sunday.
      {CivilDay(2025, 9, 28), 5, CivilDay(2025, 10, 11)},
      {CivilDay(2025, 9, 28), 10, CivilDay(2025, 10, 17)},
      {CivilDay(2025, 9, 28), 20, CivilDay(2025, 10, 31)},
      {CivilDay(2025, 9, 30), 1, CivilDay(2025, 10, 9)},
      {CivilDay(2025, 9, 30), 5, CivilDay(2025, 10, 14)},
      {CivilDay(2025, 10, 1), 2,
       CivilDay(2025, 10, 10)},  // Started on a holiday: day 1 is Thu 9 Oct.
      {CivilDay(2025, 10, 1), 5, CivilDay(2025, 10, 14)},
      {CivilDay(2025, 10, 1), 10, CivilDay(2025, 10, 21)},
      {CivilDay(2025, 10, 1), 20, CivilDay(2025, 11, 4)},
      {CivilDay(2025, 10, 8), 1, CivilDay(2025, 10, 9)},
      {CivilDay(2025, 10, 8), 10, CivilDay(2025, 10, 21)},
      {CivilDay(2025, 10, 11), 2,
       CivilDay(2025, 10, 14)},  // Started on the make-up Saturday.
      {CivilDay(2025, 10, 11), 5, CivilDay(2025, 10, 17)},
      {CivilDay(2025, 10, 11), 10, CivilDay(2025, 10, 24)},
      {CivilDay(2025, 10, 11), 20, CivilDay(2025, 11, 7)},
      // An ordinary weekend (March 2026): Fri, Sat and Sun starts all end on
      // the same day.
      {CivilDay(2026, 3, 6), 2, CivilDay(2026, 3, 10)},
      {CivilDay(2026, 3, 7), 2, CivilDay(2026, 3, 10)},
      {CivilDay(2026, 3, 8), 2, CivilDay(2026, 3, 10)},
      {CivilDay(2026, 3, 9), 2, CivilDay(2026, 3, 11)},
      {CivilDay(2026, 3, 6), 5, CivilDay(2026, 3, 13)},
      {CivilDay(2026, 3, 7), 5, CivilDay(2026, 3, 13)},
      {CivilDay(2026, 3, 7), 10, CivilDay(2026, 3, 20)},
      {CivilDay(2026, 3, 7), 20,
       CivilDay(2026, 4, 3)},  // Fri 3 Apr, before Qingming.
      {CivilDay(2026, 3, 8), 20, CivilDay(2026, 4, 3)},
      // Qingming 2026 (Sat 4 - Mon 6 Apr) and Labour Day 2026 (Fri 1 - Tue 5
      // May, working Sat 9 May).
      {CivilDay(2026, 3, 27), 5, CivilDay(2026, 4, 3)},
      {CivilDay(2026, 3, 27), 10, CivilDay(2026, 4, 13)},
      {CivilDay(2026, 4, 30), 2, CivilDay(2026, 5, 7)},
      {CivilDay(2026, 4, 30), 5, CivilDay(2026, 5, 11)},
      // From 2025 into 2026, both loaded: holiday Thu 1 - Sat 3 Jan, working
      // Sun 4 Jan.
      {CivilDay(2025, 12, 31), 1, CivilDay(2026, 1, 4)},
      {CivilDay(2025, 12, 31), 2, CivilDay(2026, 1, 5)},
  }));
  CAPTURE(row.start, row.n);
  bool provisional = true;
  CHECK(calendar.AddWorkingDays(row.start, row.n, &provisional) ==
        row.expected);
  CHECK_FALSE(provisional);

  // The inverse: exactly n working days in (start, expected], n - 1 in (start,
  // expected - 1].
  CHECK(calendar.CountWorkingDays(row.start, row.expected, &provisional) ==
        row.n);
  CHECK_FALSE(provisional);
  CHECK(calendar.CountWorkingDays(row.start, row.expected - 1, nullptr) ==
        row.n - 1);
  CHECK(calendar.IsWorkingDay(row.expected, nullptr));
}

struct DeadlineRow {
  std::string start;
  int n;
  std::string due;
  CivilDay day;
  bool provisional;
};

TEST_CASE("AddWorkingDays from an instant uses the Asia/Shanghai civil day",
          "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  const DeadlineRow row = GENERATE(values<DeadlineRow>({
      // 2026-02-13T15:59:59Z is Fri 13 Feb 23:59:59 in Shanghai; one second
      // later it is the make-up Sat 14 Feb.
      {"2026-02-13T15:59:59Z", 2, "2026-02-24T23:59:59+08:00",
       CivilDay(2026, 2, 24), false},
      {"2026-02-13T16:00:00Z", 2, "2026-02-25T23:59:59+08:00",
       CivilDay(2026, 2, 25), false},
      {"2026-02-13T08:00:00Z", 20, "2026-03-19T23:59:59+08:00",
       CivilDay(2026, 3, 19), false},
      {"2026-02-14T00:00:00+08:00", 5, "2026-02-28T23:59:59+08:00",
       CivilDay(2026, 2, 28), false},
      {"2026-02-14T23:59:59+08:00", 5, "2026-02-28T23:59:59+08:00",
       CivilDay(2026, 2, 28), false},
      {"2026-02-16T00:00:00+08:00", 10, "2026-03-06T23:59:59+08:00",
       CivilDay(2026, 3, 6), false},
      {"2026-02-23T23:59:59+08:00", 2, "2026-02-25T23:59:59+08:00",
       CivilDay(2026, 2, 25), false},
      // 2025-09-27T16:00:00Z is the make-up Sun 28 Sep 00:00 in Shanghai.
      {"2025-09-27T15:59:59Z", 2, "2025-09-29T23:59:59+08:00",
       CivilDay(2025, 9, 29), false},
      {"2025-09-27T16:00:00Z", 2, "2025-09-30T23:59:59+08:00",
       CivilDay(2025, 9, 30), false},
      {"2025-09-28T15:59:59Z", 5, "2025-10-11T23:59:59+08:00",
       CivilDay(2025, 10, 11), false},
      {"2025-09-28T16:00:00Z", 5, "2025-10-13T23:59:59+08:00",
       CivilDay(2025, 10, 13), false},
      {"2025-10-01T00:00:00+08:00", 20, "2025-11-04T23:59:59+08:00",
       CivilDay(2025, 11, 4), false},
      {"2025-10-08T23:59:59+08:00", 10, "2025-10-21T23:59:59+08:00",
       CivilDay(2025, 10, 21), false},
      // An ordinary weekend: Fri 23:59:59, Sat 00:00:00 and Sun 23:59:59 all
      // give Tue; Mon 00:00:00 gives Wed.
      {"2026-03-06T15:59:59Z", 2, "2026-03-10T23:59:59+08:00",
       CivilDay(2026, 3, 10), false},
      {"2026-03-06T16:00:00Z", 2, "2026-03-10T23:59:59+08:00",
       CivilDay(2026, 3, 10), false},
      {"2026-03-08T23:59:59+08:00", 2, "2026-03-10T23:59:59+08:00",
       CivilDay(2026, 3, 10), false},
      {"2026-03-08T16:00:00Z", 2, "2026-03-11T23:59:59+08:00",
       CivilDay(2026, 3, 11), false},
      // Into unloaded 2027: Fri 1 Jan 2027 counts (provisionally) as a working
      // day.
      {"2026-12-31T15:59:59Z", 2, "2027-01-04T23:59:59+08:00",
       CivilDay(2027, 1, 4), true},
      {"2026-12-31T16:00:00Z", 2, "2027-01-05T23:59:59+08:00",
       CivilDay(2027, 1, 5), true},
  }));
  CAPTURE(row.start, row.n);
  const WorkingCalendar::Deadline deadline =
      calendar.AddWorkingDays(Instant(row.start), row.n);
  CHECK(deadline.due == Instant(row.due));
  CHECK(deadline.day == row.day);
  CHECK(deadline.provisional == row.provisional);
}

TEST_CASE("a deadline ends at 23:59:59 Shanghai, 15:59:59 UTC", "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  const WorkingCalendar::Deadline deadline =
      calendar.AddWorkingDays(Instant("2026-02-13T10:00:00Z"), 2);
  CHECK(deadline.due == Instant("2026-02-24T15:59:59Z"));
  CHECK(deadline.day == CivilDay(2026, 2, 24));
}

struct YearEndRow {
  CivilDay start;
  int n;
  CivilDay unloaded;          // 2027 not loaded: Monday to Friday.
  bool unloaded_provisional;  // Whether any day examined is in 2027.
  CivilDay loaded;  // After loading the made-up 2027 (holiday 1-3 Jan, working
                    // Sat 9 Jan).
};

TEST_CASE("deadlines into 2027 are provisional until 2027 is loaded",
          "[calendar]") {
  const YearEndRow row = GENERATE(values<YearEndRow>({
      // Working days after Thu 24 Dec 2026: 25, 28, 29, 30, 31, then
      //   unloaded: Jan 1 (Fri), 4, 5, 6, 7, 8, 11, ... ; loaded: Jan 4, 5, 6,
      //   7, 8, 9 (Sat), 11, ...
      {CivilDay(2026, 12, 24), 2, CivilDay(2026, 12, 28), false,
       CivilDay(2026, 12, 28)},
      {CivilDay(2026, 12, 24), 5, CivilDay(2026, 12, 31), false,
       CivilDay(2026, 12, 31)},
      {CivilDay(2026, 12, 24), 10, CivilDay(2027, 1, 7), true,
       CivilDay(2027, 1, 8)},
      {CivilDay(2026, 12, 24), 20, CivilDay(2027, 1, 21), true,
       CivilDay(2027, 1, 21)},
      {CivilDay(2026, 12, 31), 2, CivilDay(2027, 1, 4), true,
       CivilDay(2027, 1, 5)},
      {CivilDay(2026, 12, 31), 5, CivilDay(2027, 1, 7), true,
       CivilDay(2027, 1, 8)},
      {CivilDay(2026, 12, 31), 10, CivilDay(2027, 1, 14), true,
       CivilDay(2027, 1, 14)},
      {CivilDay(2026, 12, 31), 20, CivilDay(2027, 1, 28), true,
       CivilDay(2027, 1, 28)},
  }));
  CAPTURE(row.start, row.n);
  WorkingCalendar calendar = ShippedCalendar();
  bool provisional = !row.unloaded_provisional;
  CHECK(calendar.AddWorkingDays(row.start, row.n, &provisional) ==
        row.unloaded);
  CHECK(provisional == row.unloaded_provisional);
  CHECK(calendar.CountWorkingDays(row.start, row.unloaded, &provisional) ==
        row.n);
  CHECK(provisional == row.unloaded_provisional);

  REQUIRE(calendar.AddYear(MadeUp2027()).ok());
  REQUIRE(calendar.LastLoadedYear() == 2027);
  provisional = true;
  CHECK(calendar.AddWorkingDays(row.start, row.n, &provisional) == row.loaded);
  CHECK_FALSE(provisional);
  CHECK(calendar.CountWorkingDays(row.start, row.loaded, &provisional) ==
        row.n);
  CHECK_FALSE(provisional);
}

TEST_CASE("an instant deadline stops being provisional once 2027 is loaded",
          "[calendar]") {
  WorkingCalendar calendar = ShippedCalendar();
  REQUIRE(calendar.AddYear(MadeUp2027()).ok());
  // Thu 31 Dec 2026 23:59:59 and Fri 1 Jan 2027 00:00:00 Shanghai: both end on
  // Tue 5 Jan 2027.
  for (const char* start : {"2026-12-31T15:59:59Z", "2026-12-31T16:00:00Z"}) {
    CAPTURE(start);
    const WorkingCalendar::Deadline deadline =
        calendar.AddWorkingDays(Instant(start), 2);
    CHECK(deadline.due == Instant("2027-01-05T23:59:59+08:00"));
    CHECK_FALSE(deadline.provisional);
  }
  // 2028 is still unloaded.
  const WorkingCalendar::Deadline deadline =
      calendar.AddWorkingDays(Instant("2027-12-30T12:00:00+08:00"), 2);
  CHECK(deadline.day ==
        CivilDay(2028, 1, 3));  // Fri 31 Dec 2027, then Mon 3 Jan 2028.
  CHECK(deadline.provisional);
}

struct CountRow {
  CivilDay from;
  CivilDay to;
  int count;
  bool provisional;
};

TEST_CASE("CountWorkingDays counts the days after from up to and including to",
          "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  const CountRow row = GENERATE(values<CountRow>({
      {CivilDay(2024, 12, 31), CivilDay(2025, 12, 31), 248, false},
      {CivilDay(2025, 12, 31), CivilDay(2026, 12, 31), 248, false},
      {CivilDay(2024, 12, 31), CivilDay(2026, 12, 31), 496, false},
      {CivilDay(2026, 2, 13), CivilDay(2026, 2, 14), 1, false},
      {CivilDay(2026, 2, 13), CivilDay(2026, 2, 28), 6,
       false},  // 14, 24, 25, 26, 27, 28.
      {CivilDay(2026, 2, 14), CivilDay(2026, 2, 23), 0,
       false},  // The whole holiday.
      {CivilDay(2025, 9, 26), CivilDay(2025, 10, 12), 6,
       false},  // Sep 28, 29, 30, Oct 9, 10, 11.
      {CivilDay(2025, 9, 30), CivilDay(2025, 10, 8), 0, false},
      {CivilDay(2026, 2, 13), CivilDay(2026, 2, 13), 0, false},  // Empty range.
      {CivilDay(2026, 2, 28), CivilDay(2026, 2, 13), 0,
       false},  // to before from.
      {CivilDay(2026, 12, 24), CivilDay(2027, 1, 8), 11,
       true},  // Dec 25, 28-31, Jan 1, 4-8.
      {CivilDay(2026, 12, 31), CivilDay(2027, 12, 31), 261, true},
      {CivilDay(2023, 12, 31), CivilDay(2024, 12, 31), 262,
       true},  // Leap 2024 starts on a Monday.
      {CivilDay(2024, 12, 30), CivilDay(2025, 1, 2), 2,
       true},  // Tue 31 Dec 2024 (provisional), Thu 2 Jan.
  }));
  CAPTURE(row.from, row.to);
  bool provisional = !row.provisional;
  CHECK(calendar.CountWorkingDays(row.from, row.to, &provisional) == row.count);
  CHECK(provisional == row.provisional);
}

TEST_CASE("CountWorkingDays with the made-up 2027 loaded", "[calendar]") {
  WorkingCalendar calendar = ShippedCalendar();
  REQUIRE(calendar.AddYear(MadeUp2027()).ok());
  const CountRow row = GENERATE(values<CountRow>({
      {CivilDay(2026, 12, 24), CivilDay(2027, 1, 8), 10,
       false},  // Dec 25, 28-31, Jan 4-8.
      {CivilDay(2026, 12, 31), CivilDay(2027, 12, 31), 261,
       false},  // 261 Mon-Fri - Jan 1 + Sat 9 Jan.
      {CivilDay(2027, 12, 31), CivilDay(2028, 1, 3), 1,
       true},  // Mon 3 Jan 2028.
  }));
  CAPTURE(row.from, row.to);
  bool provisional = !row.provisional;
  CHECK(calendar.CountWorkingDays(row.from, row.to, &provisional) == row.count);
  CHECK(provisional == row.provisional);
}

struct RemainingRow {
  std::string now;
  std::string due;
  int remaining;
  bool overdue;
  bool provisional;
};

TEST_CASE("WorkingDaysRemaining and IsOverdue", "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  const RemainingRow row = GENERATE(values<RemainingRow>({
      // Due at the end of Tue 24 Feb 2026 (2 working days from Fri 13 Feb: the
      // make-up Sat 14, then Tue 24).
      {"2026-02-13T10:00:00+08:00", "2026-02-24T23:59:59+08:00", 2, false,
       false},
      {"2026-02-13T15:59:59Z", "2026-02-24T23:59:59+08:00", 2, false, false},
      {"2026-02-13T16:00:00Z", "2026-02-24T23:59:59+08:00", 1, false,
       false},  // Sat 14 Feb in Shanghai.
      {"2026-02-20T12:00:00+08:00", "2026-02-24T23:59:59+08:00", 1, false,
       false},
      {"2026-02-24T09:00:00+08:00", "2026-02-24T23:59:59+08:00", 0, false,
       false},  // Due today.
      {"2026-02-24T23:59:59+08:00", "2026-02-24T23:59:59+08:00", 0, false,
       false},  // The last second.
      {"2026-02-24T16:00:00Z", "2026-02-24T23:59:59+08:00", 0, true,
       false},  // Wed 25 Feb 00:00.
      {"2026-03-01T00:00:00+08:00", "2026-02-24T23:59:59+08:00", 0, true,
       false},
      // Dec 31, Jan 1 (provisional), Jan 4, Jan 5.
      {"2026-12-30T10:00:00+08:00", "2027-01-05T23:59:59+08:00", 4, false,
       true},
  }));
  CAPTURE(row.now, row.due);
  bool provisional = !row.provisional;
  CHECK(calendar.WorkingDaysRemaining(Instant(row.now), Instant(row.due),
                                      &provisional) == row.remaining);
  CHECK(provisional == row.provisional);
  CHECK(IsOverdue(Instant(row.now), Instant(row.due)) == row.overdue);
}

TEST_CASE("an empty calendar is provisional Monday to Friday", "[calendar]") {
  const WorkingCalendar calendar;
  CHECK(calendar.LastLoadedYear() == 0);
  CHECK(calendar.Years().empty());
  CHECK_FALSE(calendar.HasYear(2026));
  bool provisional = false;
  // Fri 13 Feb 2026 + 2: Mon 16, Tue 17 (the Spring Festival is unknown to it).
  CHECK(calendar.AddWorkingDays(CivilDay(2026, 2, 13), 2, &provisional) ==
        CivilDay(2026, 2, 17));
  CHECK(provisional);
}

TEST_CASE("n <= 0 adds nothing", "[calendar]") {
  const WorkingCalendar calendar = ShippedCalendar();
  bool provisional = true;
  CHECK(calendar.AddWorkingDays(CivilDay(2026, 2, 15), 0, &provisional) ==
        CivilDay(2026, 2, 15));
  CHECK_FALSE(provisional);
  const WorkingCalendar::Deadline deadline =
      calendar.AddWorkingDays(Instant("2026-02-15T10:00:00+08:00"), -1);
  CHECK(deadline.due == Instant("2026-02-15T23:59:59+08:00"));
  CHECK_FALSE(deadline.provisional);
}

TEST_CASE("AddYear validates, replaces, and copies are independent",
          "[calendar]") {
  WorkingCalendar calendar = ShippedCalendar();

  // An invalid year is refused and changes nothing.
  const absl::Status bad = calendar.AddYear(MakeYear(2027, {"2026-12-31"}, {}));
  CHECK(bad.code() == absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(calendar.HasYear(2027));

  // A copy taken before AddYear does not see it.
  const WorkingCalendar before = calendar;
  REQUIRE(calendar.AddYear(MakeYear(2027, {"2027-01-04"}, {})).ok());
  CHECK(calendar.HasYear(2027));
  CHECK_FALSE(before.HasYear(2027));
  CHECK(before.Years() == std::vector<int>{2025, 2026});
  CHECK(calendar.Years() == std::vector<int>{2025, 2026, 2027});
  CHECK_FALSE(calendar.IsWorkingDay(CivilDay(2027, 1, 4),
                                    nullptr));  // Mon, holiday in this version.

  // Loading 2027 again replaces it entirely.
  REQUIRE(
      calendar.AddYear(MakeYear(2027, {"2027-01-05"}, {"2027-01-09"})).ok());
  CHECK(calendar.IsWorkingDay(CivilDay(2027, 1, 4), nullptr));
  CHECK_FALSE(calendar.IsWorkingDay(CivilDay(2027, 1, 5), nullptr));
  CHECK(calendar.IsWorkingDay(CivilDay(2027, 1, 9), nullptr));
  CHECK(calendar.Years() == std::vector<int>{2025, 2026, 2027});
}

}  // namespace
}  // namespace opendata
