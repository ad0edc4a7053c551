// Validation of an AppendRequest before it is queued for the writer: everything
// that can be checked without the store's state. Stateless; safe from any
// thread.
#ifndef OPENDATA_STORAGE_APPEND_VALIDATION_H_
#define OPENDATA_STORAGE_APPEND_VALIDATION_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "storage/event_store.h"

namespace opendata {

// ErrorInfo reason of a refused append request.
inline constexpr char kInvalidAppend[] = "INVALID_APPEND_REQUEST";

// Returns the total number of events in `request`, or INVALID_ARGUMENT (reason
// INVALID_APPEND_REQUEST) with one field violation per problem: no streams ("no
// events"); per stream an empty, oversized or NUL-containing stream_id, a
// stream named twice, an expected_version below kAnyVersion, no events; per
// projection mutation an empty key.
absl::StatusOr<size_t> ValidateAppendRequest(const AppendRequest& request);

}  // namespace opendata

#endif  // OPENDATA_STORAGE_APPEND_VALIDATION_H_
