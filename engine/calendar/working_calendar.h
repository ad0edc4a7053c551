// WorkingCalendar: the mainland China working-day calendar as data (domain.md
// section 7) and deadline arithmetic on it. A value type holding the loaded
// years' schedules; no clock, no I/O.
//
// Thread-safety: const methods may be called concurrently from any number of
// threads; AddYear and assignment need exclusive access (as for any standard
// container). Copies are independent.
#ifndef OPENDATA_ENGINE_CALENDAR_WORKING_CALENDAR_H_
#define OPENDATA_ENGINE_CALENDAR_WORKING_CALENDAR_H_

#include <map>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/common.pb.h"

namespace opendata {

// Working days of the mainland China calendar. For a loaded year, a day is a
// working day if it is a Monday to Friday that is not a statutory holiday, or a
// weekend day declared a working day (调休上班). For a year not loaded
// (typically the next year before the State Council publishes it), Monday to
// Friday are working days and every answer that depends on such a day is marked
// provisional.
//
// Counting rule: the day a clock starts is never counted; day 1 is the first
// working day after it, so a clock started on a non-working day counts from the
// next working day. The deadline is the end of the Nth working day, 23:59:59
// Asia/Shanghai.
//
// Every `bool* provisional` out-parameter may be null; when not null it is
// always written: true if any day the answer depends on lies in a year that is
// not loaded, false otherwise.
class WorkingCalendar {
 public:
  // The end of a working-day period.
  struct Deadline {
    absl::Time due;            // 23:59:59 Asia/Shanghai on `day`.
    absl::CivilDay day;        // The Nth working day (Asia/Shanghai civil day).
    bool provisional = false;  // Some day examined is in a year not loaded.
  };

  // An empty calendar: every year is unloaded, so every answer is provisional
  // Monday-Friday.
  WorkingCalendar() = default;

  // Loads `year` after ValidateCalendarYear (whose error is returned unchanged,
  // leaving the calendar as it was). Replaces the schedule of that year if one
  // is already loaded.
  absl::Status AddYear(const jining::opendata::v1::CalendarYear& year);

  // Whether the schedule of `year` is loaded.
  bool HasYear(int year) const;

  // The latest loaded year, or 0 if none is loaded.
  int LastLoadedYear() const;

  // The loaded years, ascending.
  std::vector<int> Years() const;

  // Whether `day` is a working day. `*provisional` is set to whether `day`'s
  // year is not loaded.
  bool IsWorkingDay(absl::CivilDay day, bool* provisional) const;

  // The deadline of a period of `n` working days started at `start`: the end
  // (23:59:59 Asia/Shanghai) of the Nth working day after the Asia/Shanghai
  // civil day of `start` (see the counting rule above). `provisional` covers
  // the days after the start day up to and including the deadline day. Meant
  // for n >= 1; any n <= 0 gives the end of the start day, not provisional.
  Deadline AddWorkingDays(absl::Time start, int n) const;

  // The Nth working day after `start` (the same rule on civil days). Meant for
  // n >= 1; any n <= 0 returns `start` and sets `*provisional` to false.
  absl::CivilDay AddWorkingDays(absl::CivilDay start, int n,
                                bool* provisional) const;

  // The number of working days d with from < d <= to; 0 if to <= from. It
  // inverts AddWorkingDays: CountWorkingDays(s, AddWorkingDays(s, n, _), _) ==
  // n for every n >= 1. Saturates at INT_MAX. `*provisional` covers the days
  // in (from, to].
  int CountWorkingDays(absl::CivilDay from, absl::CivilDay to,
                       bool* provisional) const;

  // The working days left before a deadline: those after the Asia/Shanghai
  // civil day of `now`, up to and including the civil day of `due`, i.e.
  // CountWorkingDays(day(now), day(due)). The current day is not counted (it is
  // already under way), so 0 means the deadline falls today or has passed; tell
  // them apart with IsOverdue.
  int WorkingDaysRemaining(absl::Time now, absl::Time due,
                           bool* provisional) const;

 private:
  // The dates of one loaded year.
  struct YearSchedule {
    std::set<absl::CivilDay> holidays;
    std::set<absl::CivilDay> makeup_workdays;
  };

  // The schedule of `year`, or null if not loaded.
  const YearSchedule* Find(absl::civil_year_t year) const;

  std::map<absl::civil_year_t, YearSchedule> years_;
};

// Whether a deadline `due` has passed at `now`: now > due. A deadline at
// 23:59:59 is met by an action at 23:59:59 exactly. Stateless.
bool IsOverdue(absl::Time now, absl::Time due);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CALENDAR_WORKING_CALENDAR_H_
