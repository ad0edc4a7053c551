// Implementation of calendar_records.h.
#include "engine/calendar_records.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/deadlines/deadline_scheduler.h"
#include "engine/projections/stream_view.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

absl::StatusOr<std::vector<pb::CalendarYearRecord>> ReadCalendarRecords(
    EventStore& store) {
  ASSIGN_OR_RETURN(auto rows,
                   store.ScanProjection(kCalendarYearRowPrefix, "", 1000));
  std::vector<pb::CalendarYearRecord> records;
  for (const auto& [key, value] : rows) {
    pb::CalendarYearRecord record;
    if (!record.ParseFromString(value)) {
      return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                       "calendar row does not parse", {{"key", key}});
    }
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<WorkingCalendar> CalendarFromRecords(
    const std::vector<pb::CalendarYearRecord>& records) {
  WorkingCalendar calendar;
  for (const auto& record : records)
    RETURN_IF_ERROR(calendar.AddYear(record.calendar()));
  return calendar;
}

absl::StatusOr<SeedReport> SeedCalendar(
    CommandPipeline& pipeline, EventStore& store,
    const std::vector<pb::CalendarYear>& shipped, absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<pb::CalendarYearRecord> records,
                   ReadCalendarRecords(store));
  std::map<int, const pb::CalendarYear*> recorded;
  for (const auto& record : records)
    recorded[record.calendar().year()] = &record.calendar();
  SeedReport report;
  for (const pb::CalendarYear& year : shipped) {
    auto it = recorded.find(year.year());
    if (it != recorded.end()) {
      auto set = [](const auto& d) {
        return std::set<std::string>(d.begin(), d.end());
      };
      if (set(it->second->holidays()) != set(year.holidays()) ||
          set(it->second->makeup_workdays()) != set(year.makeup_workdays())) {
        report.differing.push_back(year.year());
      }
      continue;
    }
    pb::Command command;
    *command.mutable_load_calendar_year()->mutable_calendar() = year;
    CommandContext context{SystemActor(), now,
                           absl::StrCat("calendar-seed:", year.year()), ""};
    RETURN_IF_ERROR(pipeline.Execute(command, context).status());
    report.recorded.push_back(year.year());
  }
  return report;
}

}  // namespace opendata
