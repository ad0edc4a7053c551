// Implementation of working_calendar.h. Thread-safety as documented there:
// const methods only read `years_`.
#include "engine/calendar/working_calendar.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <iterator>
#include <utility>

#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/calendar/calendar_year.h"

namespace opendata {
namespace {

using ::jining::opendata::v1::CalendarYear;

bool IsMondayToFriday(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday != absl::Weekday::saturday && weekday != absl::Weekday::sunday;
}

// The number of Mondays to Fridays d with from < d <= to; from < to.
int64_t MondaysToFridays(absl::CivilDay from, absl::CivilDay to) {
  const int64_t weeks = (to - from) / 7;
  int64_t count = weeks * 5;
  for (absl::CivilDay day = from + weeks * 7 + 1; day <= to; ++day) {
    if (IsMondayToFriday(day)) ++count;
  }
  return count;
}

void SetProvisional(bool* provisional, bool value) {
  if (provisional != nullptr) *provisional = value;
}

absl::Time EndOfDay(absl::CivilDay day) {
  return absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), 23, 59, 59),
      ShanghaiTimeZone());
}

absl::StatusOr<std::set<absl::CivilDay>> ParseDates(
    const google::protobuf::RepeatedPtrField<std::string>& dates) {
  std::set<absl::CivilDay> out;
  for (const std::string& date : dates) {
    ASSIGN_OR_RETURN(absl::CivilDay day, ParseIsoDate(date));
    out.insert(day);
  }
  return out;
}

}  // namespace

absl::Status WorkingCalendar::AddYear(const CalendarYear& year) {
  RETURN_IF_ERROR(ValidateCalendarYear(year));
  YearSchedule schedule;
  ASSIGN_OR_RETURN(schedule.holidays, ParseDates(year.holidays()));
  ASSIGN_OR_RETURN(schedule.makeup_workdays,
                   ParseDates(year.makeup_workdays()));
  years_[year.year()] = std::move(schedule);
  return absl::OkStatus();
}

bool WorkingCalendar::HasYear(int year) const { return years_.contains(year); }

int WorkingCalendar::LastLoadedYear() const {
  return years_.empty() ? 0 : static_cast<int>(years_.rbegin()->first);
}

std::vector<int> WorkingCalendar::Years() const {
  std::vector<int> out;
  out.reserve(years_.size());
  for (const auto& entry : years_) out.push_back(static_cast<int>(entry.first));
  return out;
}

const WorkingCalendar::YearSchedule* WorkingCalendar::Find(
    absl::civil_year_t year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second;
}

bool WorkingCalendar::IsWorkingDay(absl::CivilDay day,
                                   bool* provisional) const {
  const YearSchedule* schedule = Find(day.year());
  SetProvisional(provisional, schedule == nullptr);
  if (schedule == nullptr) return IsMondayToFriday(day);
  if (schedule->makeup_workdays.contains(day)) return true;
  return IsMondayToFriday(day) && !schedule->holidays.contains(day);
}

WorkingCalendar::Deadline WorkingCalendar::AddWorkingDays(absl::Time start,
                                                          int n) const {
  Deadline deadline;
  deadline.day = AddWorkingDays(absl::ToCivilDay(start, ShanghaiTimeZone()), n,
                                &deadline.provisional);
  deadline.due = EndOfDay(deadline.day);
  return deadline;
}

absl::CivilDay WorkingCalendar::AddWorkingDays(absl::CivilDay start, int n,
                                               bool* provisional) const {
  bool any_provisional = false;
  absl::CivilDay day = start;
  for (int counted = 0; counted < n;) {
    ++day;
    bool day_provisional = false;
    if (IsWorkingDay(day, &day_provisional)) ++counted;
    any_provisional = any_provisional || day_provisional;
  }
  SetProvisional(provisional, any_provisional);
  return day;
}

int WorkingCalendar::CountWorkingDays(absl::CivilDay from, absl::CivilDay to,
                                      bool* provisional) const {
  if (to <= from) {
    SetProvisional(provisional, false);
    return 0;
  }
  // Monday to Friday throughout, then per loaded year: minus its holidays on
  // Monday to Friday, plus its make-up days (all on weekends, none a holiday,
  // as validated).
  int64_t count = MondaysToFridays(from, to);
  const absl::civil_year_t first_year = (from + 1).year();
  const absl::civil_year_t last_year = to.year();
  const auto begin = years_.lower_bound(first_year);
  const auto end = years_.upper_bound(last_year);
  for (auto it = begin; it != end; ++it) {
    const YearSchedule& year = it->second;
    count -= std::count_if(year.holidays.upper_bound(from),
                           year.holidays.upper_bound(to), IsMondayToFriday);
    count += std::distance(year.makeup_workdays.upper_bound(from),
                           year.makeup_workdays.upper_bound(to));
  }
  SetProvisional(provisional,
                 std::distance(begin, end) < last_year - first_year + 1);
  return static_cast<int>(std::min<int64_t>(count, INT_MAX));
}

int WorkingCalendar::WorkingDaysRemaining(absl::Time now, absl::Time due,
                                          bool* provisional) const {
  return CountWorkingDays(absl::ToCivilDay(now, ShanghaiTimeZone()),
                          absl::ToCivilDay(due, ShanghaiTimeZone()),
                          provisional);
}

bool IsOverdue(absl::Time now, absl::Time due) { return now > due; }

}  // namespace opendata
