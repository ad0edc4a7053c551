// MyItems: a user's one-stop list (UserService.ListMyItems) — its
// applications, active grants, demands, objections and products, each as one
// WorkItem with state and last change time, the most recently changed first.
// Built by walking the separate per-user lists (ApplicationQueries::List and
// Grants, DemandQueries::ListOwn, ObjectionQueries::Mine,
// ProductQueries::Mine), so their visibility rules hold unchanged.
//
// Thread-safety: const reads of the store; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_MY_ITEMS_H_
#define OPENDATA_ENGINE_QUERY_MY_ITEMS_H_

#include "absl/status/statusor.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/work_items.pb.h"
#include "storage/event_store.h"

namespace opendata {

// The page of `actor`'s items. PERMISSION_DENIED (ROLE_NOT_ALLOWED) unless a
// USER; INVALID_ARGUMENT FILTER_INVALID (kind not one of the MY_* kinds),
// PAGE_SIZE_INVALID, PAGE_TOKEN_INVALID (malformed, or issued to another
// caller or for another kind).
absl::StatusOr<jining::opendata::v1::ListMyItemsResponse> ListMyItems(
    EventStore& store, const jining::opendata::v1::Actor& actor,
    const jining::opendata::v1::ListMyItemsRequest& request);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_MY_ITEMS_H_
