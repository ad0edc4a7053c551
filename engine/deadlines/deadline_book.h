// DeadlineBook: the deadlines of one stream, folded from its Deadline* events,
// and the pure rules every aggregate uses to start, meet, mark overdue and
// revise them. A clock's due time is computed once, when it starts, and stored
// in the DeadlineStarted event; replay never recomputes it. Only a recorded
// calendar change moves it, through a DeadlineRevised event. Pure functions
// over plain values; not thread-safe per object, safe to call concurrently on
// distinct objects.
#ifndef OPENDATA_ENGINE_DEADLINES_DEADLINE_BOOK_H_
#define OPENDATA_ENGINE_DEADLINES_DEADLINE_BOOK_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/calendar/working_calendar.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Deadlines of one stream by id.
using DeadlineBook = std::map<std::string, jining::opendata::v1::Deadline>;

// Applies one event; events other than Deadline* leave the book unchanged.
void FoldDeadlines(DeadlineBook& book,
                   const jining::opendata::v1::EventEnvelope& event);

// What a new working-day clock is about and who must act.
struct ClockSpec {
  jining::opendata::v1::DeadlineKind kind =
      jining::opendata::v1::DEADLINE_KIND_UNSPECIFIED;
  std::string deadline_id;
  std::string stream_id;
  std::string subject_id;
  jining::opendata::v1::Role responsible_role =
      jining::opendata::v1::ROLE_UNSPECIFIED;
  std::string responsible_organization;
  std::string responsible_region;
  int working_days = 0;
};

// A DeadlineStarted event for `spec`, started at `now`, due per `calendar`.
jining::opendata::v1::EventPayload StartClock(const ClockSpec& spec,
                                              absl::Time now,
                                              const WorkingCalendar& calendar);

// A DeadlineStarted event for a calendar-date clock (a plain date such as 31
// May or "one year after the last update"): due at `due`, working_days 0, never
// provisional and never revised by calendar loads. `spec.working_days` is
// ignored.
jining::opendata::v1::EventPayload StartClockUntil(const ClockSpec& spec,
                                                   absl::Time now,
                                                   absl::Time due);

// The end (23:59:59 Asia/Shanghai) of the civil day `day`: the due time of a
// calendar-date clock that runs until that date.
absl::Time EndOfShanghaiDay(absl::CivilDay day);

// The Asia/Shanghai civil day of `t`.
absl::CivilDay ShanghaiDay(absl::Time t);

// A DeadlineCancelled event if `deadline_id` is open or overdue in `book`;
// nullopt if absent, met or already cancelled.
std::optional<jining::opendata::v1::EventPayload> CancelClock(
    const DeadlineBook& book, const std::string& deadline_id,
    const std::string& reason);

// A DeadlineMet event if `deadline_id` is open or overdue in `book`; nullopt if
// absent, already met or cancelled.
std::optional<jining::opendata::v1::EventPayload> MeetClock(
    const DeadlineBook& book, const std::string& deadline_id, absl::Time now);

// Decides MarkDeadlineOverdue: role SYSTEM only (PERMISSION_DENIED
// ROLE_NOT_ALLOWED); NOT_FOUND (DEADLINE_NOT_FOUND) if absent;
// FAILED_PRECONDITION (DEADLINE_NOT_DUE) before the due time; no events if it
// is already overdue or met (so the scheduler's command fires exactly once).
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>>
DecideMarkOverdue(const DeadlineBook& book,
                  const jining::opendata::v1::MarkDeadlineOverdue& command,
                  const CommandContext& context);

// DeadlineRevised events for every OPEN working-day deadline of `book` whose
// due time or provisional flag differs under `calendar` (the calendar after
// loading `year` at `revision`).
std::vector<jining::opendata::v1::EventPayload> ReviseClocks(
    const DeadlineBook& book, const WorkingCalendar& calendar, int year,
    int revision);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_DEADLINES_DEADLINE_BOOK_H_
