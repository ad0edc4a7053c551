// Helpers shared by the calendar tests: building schedules, loading the shipped
// data, parsing instants. Header-only; each helper is stateless.
#ifndef OPENDATA_TESTS_CALENDAR_TEST_UTIL_H_
#define OPENDATA_TESTS_CALENDAR_TEST_UTIL_H_

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/calendar/calendar_file.h"
#include "engine/calendar/working_calendar.h"
#include "jining/opendata/v1/common.pb.h"

namespace opendata::testing {

// Directory of the shipped schedules (engine/calendar/data), set by
// tests/calendar/CMakeLists.txt.
inline constexpr char kDataDir[] = OPENDATA_CALENDAR_DATA_DIR;

inline jining::opendata::v1::CalendarYear MakeYear(
    int year, const std::vector<std::string>& holidays,
    const std::vector<std::string>& makeup_workdays) {
  jining::opendata::v1::CalendarYear out;
  out.set_year(year);
  for (const std::string& day : holidays) out.add_holidays(day);
  for (const std::string& day : makeup_workdays) out.add_makeup_workdays(day);
  out.set_source("test fixture, not an official schedule");
  return out;
}

// A made-up 2027 schedule (2027 is not published): New Year holiday Fri 1 - Sun
// 3 Jan, working Sat 9 Jan.
inline jining::opendata::v1::CalendarYear MadeUp2027() {
  return MakeYear(2027, {"2027-01-01", "2027-01-02", "2027-01-03"},
                  {"2027-01-09"});
}

// The calendar with the shipped 2025 and 2026 schedules loaded.
inline WorkingCalendar ShippedCalendar() {
  auto years = ReadCalendarDir(kDataDir);
  REQUIRE(years.ok());
  WorkingCalendar calendar;
  for (const auto& year : *years) REQUIRE(calendar.AddYear(year).ok());
  return calendar;
}

// Parses an RFC 3339 instant such as "2026-02-13T16:00:00Z" or
// "2026-02-14T00:00:00+08:00".
inline absl::Time Instant(const std::string& rfc3339) {
  absl::Time t;
  std::string error;
  const bool parsed = absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error);
  INFO(rfc3339 << ": " << error);
  REQUIRE(parsed);
  return t;
}

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_CALENDAR_TEST_UTIL_H_
