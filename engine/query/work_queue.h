// WorkQueueQueries: the reviewer's single work queue (ReviewerService.
// ListWorkQueue): every open item that waits for a reviewer of a region —
// catalog formal reviews, application and demand formal reviews (their
// recorded deadlines), content changes, migrations and industry entries
// (catalog/work rows), takedown approvals (catalog/takedown-work rows),
// objections not yet verified (objections/pending rows) and product
// screenings (products/queue rows). Overdue items first, then by due time,
// then the items without a clock, oldest first.
// The same order serves a provider's open items (ProviderService.
// ListOpenItems): the open and overdue clocks whose responsible organisation
// is the caller's (deadline/by-org rows) and its RETURNED entries
// (catalog/by-provider rows). A user's own items (UserService.ListMyItems)
// are served from here too, by engine/query/my_items.h.
//
// Thread-safety: const reads of the store; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_WORK_QUEUE_H_
#define OPENDATA_ENGINE_QUERY_WORK_QUEUE_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/calendar/working_calendar.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/work_items.pb.h"
#include "storage/event_store.h"

namespace opendata {

class WorkQueueQueries {
 public:
  // `store` must outlive this object.
  explicit WorkQueueQueries(EventStore* store) : store_(store) {}

  // The page of `actor`'s queue. PERMISSION_DENIED (ROLE_NOT_ALLOWED) unless a
  // reviewer, (OUTSIDE_JURISDICTION) for a county reviewer asking for another
  // region; INVALID_ARGUMENT FILTER_INVALID (region not a Jining code),
  // PAGE_SIZE_INVALID, PAGE_TOKEN_INVALID.
  absl::StatusOr<jining::opendata::v1::ListWorkQueueResponse> List(
      const jining::opendata::v1::Actor& actor,
      const jining::opendata::v1::ListWorkQueueRequest& request, absl::Time now,
      const WorkingCalendar& calendar) const;

  // The page of the open items of `actor`'s organisation. PERMISSION_DENIED
  // (ROLE_NOT_ALLOWED) unless a provider; INVALID_ARGUMENT PAGE_SIZE_INVALID,
  // PAGE_TOKEN_INVALID.
  absl::StatusOr<jining::opendata::v1::ListOpenItemsResponse> ListOpenItems(
      const jining::opendata::v1::Actor& actor,
      const jining::opendata::v1::ListOpenItemsRequest& request, absl::Time now,
      const WorkingCalendar& calendar) const;

  // The page of a user's own items (engine/query/my_items.h, ListMyItems).
  absl::StatusOr<jining::opendata::v1::ListMyItemsResponse> ListMyItems(
      const jining::opendata::v1::Actor& actor,
      const jining::opendata::v1::ListMyItemsRequest& request) const;

 private:
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_WORK_QUEUE_H_
