// Tests of ParseIsoDate, FormatIsoDate and ValidateCalendarYear: each kind of
// invalid schedule is reported with its field. Single-threaded.
#include "engine/calendar/calendar_year.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.h"
#include "tests/calendar/test_util.h"

namespace opendata {
namespace {

using ::absl::CivilDay;
using ::jining::opendata::v1::CalendarYear;
using ::opendata::testing::MakeYear;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolations(status))
    out.push_back(v.field);
  return out;
}

struct DateRow {
  std::string text;
  CivilDay day;
};

TEST_CASE("ParseIsoDate accepts YYYY-MM-DD and FormatIsoDate inverts it",
          "[calendar]") {
  const DateRow row = GENERATE(values<DateRow>({
      {"2026-02-14", CivilDay(2026, 2, 14)},
      {"2025-10-01", CivilDay(2025, 10, 1)},
      {"2024-02-29", CivilDay(2024, 2, 29)},
      {"2000-02-29", CivilDay(2000, 2, 29)},
      {"2100-12-31", CivilDay(2100, 12, 31)},
      {"0999-01-01", CivilDay(999, 1, 1)},
  }));
  CAPTURE(row.text);
  const absl::StatusOr<CivilDay> day = ParseIsoDate(row.text);
  REQUIRE(day.ok());
  CHECK(*day == row.day);
  CHECK(FormatIsoDate(row.day) == row.text);
}

TEST_CASE("ParseIsoDate refuses anything else", "[calendar]") {
  const std::string text = GENERATE(
      as<std::string>{}, "", "2026-2-14", "2026-02-4", "20260214", "2026/02/14",
      " 2026-02-14", "2026-02-14 ", "2026-02-14T00:00:00", "+2026-02-14",
      "2026-13-01", "2026-00-10", "2026-02-00", "2026-02-30", "2025-02-29",
      "2100-02-29", "2026-04-31", "2O26-02-14", "2026-0a-14", "2026--2-14");
  CAPTURE(text);
  const absl::StatusOr<CivilDay> day = ParseIsoDate(text);
  CHECK(day.status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("the boundary years validate", "[calendar]") {
  CHECK(ValidateCalendarYear(MakeYear(2000, {"2000-02-29"}, {"2000-01-01"}))
            .ok());  // Sat 1 Jan 2000.
  CHECK(ValidateCalendarYear(MakeYear(2100, {}, {})).ok());
}

struct InvalidRow {
  std::string what;
  CalendarYear year;
  std::string field;
};

TEST_CASE("ValidateCalendarYear reports each problem with its field",
          "[calendar]") {
  const InvalidRow row = GENERATE(values<InvalidRow>({
      {"year too early", MakeYear(1999, {}, {}), "year"},
      {"year too late", MakeYear(2101, {}, {}), "year"},
      {"year unset", MakeYear(0, {}, {}), "year"},
      {"holiday outside the year",
       MakeYear(2026, {"2026-01-01", "2027-01-01"}, {}), "holidays[1]"},
      {"make-up day outside the year", MakeYear(2026, {}, {"2025-12-27"}),
       "makeup_workdays[0]"},
      {"holiday and make-up day",
       MakeYear(2026, {"2026-02-13", "2026-02-14"}, {"2026-02-14"}),
       "makeup_workdays[0]"},
      {"make-up day on a Monday",
       MakeYear(2026, {}, {"2026-02-14", "2026-02-16"}), "makeup_workdays[1]"},
      {"make-up day on a Friday", MakeYear(2025, {}, {"2025-10-10"}),
       "makeup_workdays[0]"},
      {"malformed holiday", MakeYear(2026, {"2026-02-15", "2026-2-16"}, {}),
       "holidays[1]"},
      {"holiday that does not exist", MakeYear(2026, {"2026-02-30"}, {}),
       "holidays[0]"},
      {"malformed make-up day", MakeYear(2026, {}, {"14 Feb 2026"}),
       "makeup_workdays[0]"},
      {"duplicate holiday",
       MakeYear(2026, {"2026-01-01", "2026-01-02", "2026-01-01"}, {}),
       "holidays[2]"},
      {"duplicate make-up day",
       MakeYear(2026, {}, {"2026-02-14", "2026-02-14"}), "makeup_workdays[1]"},
  }));
  CAPTURE(row.what);
  const absl::Status status = ValidateCalendarYear(row.year);
  INFO(status.ToString());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK(ErrorReason(status) == "CALENDAR_INVALID");
  CHECK(Fields(status) == std::vector<std::string>{row.field});
}

TEST_CASE("ValidateCalendarYear lists every problem at once", "[calendar]") {
  const CalendarYear year =
      MakeYear(2026, {"2026-01-01", "bad", "2025-12-31", "2026-01-01"},
               {"2026-01-01", "2026-02-16", "2026-02-14"});
  const absl::Status status = ValidateCalendarYear(year);
  INFO(status.ToString());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  // Thu 1 Jan 2026 as a make-up day is both a weekday and a holiday: two
  // violations on one field.
  CHECK(Fields(status) ==
        std::vector<std::string>{"holidays[1]", "holidays[2]", "holidays[3]",
                                 "makeup_workdays[0]", "makeup_workdays[0]",
                                 "makeup_workdays[1]"});
  CHECK_THAT(std::string(status.message()),
             Catch::Matchers::Contains(
                 "holidays[3]: 2026-01-01 is already listed as holidays[0]"));
  CHECK_THAT(
      std::string(status.message()),
      Catch::Matchers::Contains("makeup_workdays[1]: 2026-02-16 is a Monday"));
}

}  // namespace
}  // namespace opendata
