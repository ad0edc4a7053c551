// Implementation of calendar_year.h. Stateless; safe from any thread.
#include "engine/calendar/calendar_year.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace opendata {
namespace {

using ::jining::opendata::v1::CalendarYear;

// The value of the decimal digits text[begin, begin + count); the caller has
// checked they are digits.
int Digits(absl::string_view text, size_t begin, size_t count) {
  int value = 0;
  for (size_t i = begin; i < begin + count; ++i) {
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// absl::Weekday numbers Monday 0 through Sunday 6.
absl::string_view WeekdayName(absl::Weekday weekday) {
  constexpr absl::string_view kNames[] = {"Monday",   "Tuesday", "Wednesday",
                                          "Thursday", "Friday",  "Saturday",
                                          "Sunday"};
  return kNames[static_cast<int>(weekday)];
}

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

// Parses the dates of one list (`list_name`, e.g. "holidays") into `seen` (day
// -> field), appending a violation for every entry that is malformed, outside
// `year` or already in `seen`. Returns the valid, first-seen days with their
// fields, in list order.
std::vector<std::pair<absl::CivilDay, std::string>> CheckDates(
    const google::protobuf::RepeatedPtrField<std::string>& dates,
    absl::string_view list_name, int64_t year,
    std::map<absl::CivilDay, std::string>* seen,
    std::vector<FieldViolation>* violations) {
  std::vector<std::pair<absl::CivilDay, std::string>> valid;
  for (int i = 0; i < dates.size(); ++i) {
    std::string field = absl::StrCat(list_name, "[", i, "]");
    absl::StatusOr<absl::CivilDay> day = ParseIsoDate(dates[i]);
    if (!day.ok()) {
      violations->push_back({field, std::string(day.status().message())});
      continue;
    }
    if (day->year() != year) {
      violations->push_back(
          {field, absl::StrCat(dates[i], " is not in year ", year)});
      continue;
    }
    auto [it, inserted] = seen->emplace(*day, field);
    if (!inserted) {
      violations->push_back(
          {field,
           absl::StrCat(dates[i], " is already listed as ", it->second)});
      continue;
    }
    valid.emplace_back(*day, std::move(field));
  }
  return valid;
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseIsoDate(absl::string_view text) {
  bool well_formed = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; well_formed && i < text.size(); ++i) {
    if (i != 4 && i != 7) {
      well_formed = absl::ascii_isdigit(static_cast<unsigned char>(text[i]));
    }
  }
  if (!well_formed) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not an ISO date YYYY-MM-DD"));
  }
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day_of_month = Digits(text, 8, 2);
  const absl::CivilDay day(year, month, day_of_month);
  if (day.year() != year || day.month() != month || day.day() != day_of_month) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a day of the calendar"));
  }
  return day;
}

std::string FormatIsoDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::Status ValidateCalendarYear(const CalendarYear& year) {
  std::vector<FieldViolation> violations;
  if (year.year() < kMinCalendarYear || year.year() > kMaxCalendarYear) {
    violations.push_back(
        {"year", absl::StrCat("year ", year.year(), " is outside [",
                              kMinCalendarYear, ", ", kMaxCalendarYear, "]")});
  }
  std::map<absl::CivilDay, std::string> holidays;
  CheckDates(year.holidays(), "holidays", year.year(), &holidays, &violations);
  std::map<absl::CivilDay, std::string> makeup_days;
  for (const auto& [day, field] :
       CheckDates(year.makeup_workdays(), "makeup_workdays", year.year(),
                  &makeup_days, &violations)) {
    if (!IsWeekend(day)) {
      violations.push_back(
          {field,
           absl::StrCat(
               FormatIsoDate(day), " is a ", WeekdayName(absl::GetWeekday(day)),
               "; make-up working days fall on a Saturday or Sunday")});
    }
    auto holiday = holidays.find(day);
    if (holiday != holidays.end()) {
      violations.push_back(
          {field, absl::StrCat(FormatIsoDate(day), " is also a holiday (",
                               holiday->second, ")")});
    }
  }
  if (violations.empty()) return absl::OkStatus();
  return InvalidArgument(kCalendarInvalidReason, std::move(violations));
}

}  // namespace opendata
