// DeadlineQueries: the deadlines of the platform for oversight — by responsible
// organisation or region, by state and due window — each with the working days
// remaining on the calendar in force. Visibility: auditors and operators see
// all; a reviewer sees its jurisdiction's; a provider sees those it is
// responsible for and the review clocks of its own entries. Users are refused
// (ROLE_NOT_ALLOWED). Thread-safety: const reads of the store; safe from any
// thread.
#ifndef OPENDATA_ENGINE_QUERY_DEADLINE_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_DEADLINE_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/calendar/working_calendar.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct DeadlineFilter {
  std::string responsible_organization;  // empty: any
  std::string region;                    // responsible region; empty: any
  jining::opendata::v1::DeadlineState state =
      jining::opendata::v1::DEADLINE_STATE_UNSPECIFIED;
  absl::Time due_after = absl::InfinitePast();     // inclusive
  absl::Time due_before = absl::InfiniteFuture();  // exclusive
  int page_size = 0;
  std::string page_token;
};

struct DeadlineItem {
  jining::opendata::v1::Deadline deadline;
  // OPEN deadlines only (0 otherwise): working days after today (Asia/Shanghai)
  // up to and including the due day; 0 if due today or past.
  int working_days_remaining = 0;
  // True if the count crossed a year with no loaded schedule.
  bool remaining_provisional = false;
  // OPEN deadlines only: true if now is past the due time (before the scheduler
  // records it overdue).
  bool past_due = false;
};

struct DeadlinePage {
  std::vector<DeadlineItem> items;
  std::string next_page_token;
};

class DeadlineQueries {
 public:
  explicit DeadlineQueries(EventStore* store) : store_(store) {}

  // Deadlines matching `filter`, ordered by state then due time within the
  // index used. INVALID_ARGUMENT for bad filters or tokens; PERMISSION_DENIED
  // for users.
  absl::StatusOr<DeadlinePage> List(const jining::opendata::v1::Actor& actor,
                                    const DeadlineFilter& filter,
                                    absl::Time now,
                                    const WorkingCalendar& calendar) const;

 private:
  absl::StatusOr<bool> Visible(
      const jining::opendata::v1::Actor& actor,
      const jining::opendata::v1::Deadline& deadline) const;

  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_DEADLINE_QUERIES_H_
