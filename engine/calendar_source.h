// CalendarSource: the working-day calendar currently in force, shared by all
// command threads. Loading or correcting a year swaps in a new immutable
// snapshot; readers keep the snapshot they took for the whole command, so one
// command never sees two calendars. Thread-safe.
#ifndef OPENDATA_ENGINE_CALENDAR_SOURCE_H_
#define OPENDATA_ENGINE_CALENDAR_SOURCE_H_

#include <memory>
#include <mutex>

#include "engine/calendar/working_calendar.h"

namespace opendata {

class CalendarSource {
 public:
  explicit CalendarSource(WorkingCalendar initial)
      : current_(std::make_shared<const WorkingCalendar>(std::move(initial))) {}

  // The calendar in force now.
  std::shared_ptr<const WorkingCalendar> Current() const {
    std::lock_guard<std::mutex> lock(mu_);
    return current_;
  }

  // Replaces the calendar in force.
  void Replace(WorkingCalendar next) {
    auto snapshot = std::make_shared<const WorkingCalendar>(std::move(next));
    std::lock_guard<std::mutex> lock(mu_);
    current_ = std::move(snapshot);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const WorkingCalendar> current_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CALENDAR_SOURCE_H_
