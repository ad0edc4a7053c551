// The working-day calendar as recorded data: reading the recorded years back
// from the projection, building the calendar in force from them, and seeding
// the log from the shipped schedule files the first time a year is seen. The
// log, not the files, is the source of truth: a shipped file never silently
// overrides a recorded year. Thread-safety: free functions; safe from any
// thread (they go through thread-safe interfaces).
#ifndef OPENDATA_ENGINE_CALENDAR_RECORDS_H_
#define OPENDATA_ENGINE_CALENDAR_RECORDS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/calendar/working_calendar.h"
#include "engine/pipeline/command_pipeline.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "storage/event_store.h"

namespace opendata {

// Every recorded calendar year, ascending. DATA_LOSS if a row does not parse.
absl::StatusOr<std::vector<jining::opendata::v1::CalendarYearRecord>>
ReadCalendarRecords(EventStore& store);

// The calendar the records describe.
absl::StatusOr<WorkingCalendar> CalendarFromRecords(
    const std::vector<jining::opendata::v1::CalendarYearRecord>& records);

// What seeding did.
struct SeedReport {
  std::vector<int> recorded;   // years recorded now for the first time
  std::vector<int> differing;  // shipped years whose recorded schedule differs
                               // (left as recorded)
};

// Records every shipped year that the log does not hold yet, as the platform
// (SYSTEM) at `now`, through the pipeline (so it is an ordinary, idempotent
// command: request id "calendar-seed:<year>").
absl::StatusOr<SeedReport> SeedCalendar(
    CommandPipeline& pipeline, EventStore& store,
    const std::vector<jining::opendata::v1::CalendarYear>& shipped,
    absl::Time now);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CALENDAR_RECORDS_H_
