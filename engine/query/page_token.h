// Opaque page tokens: the last key a page returned, bound to the query's
// filters so that a token cannot be replayed against another query. Pure
// functions; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_PAGE_TOKEN_H_
#define OPENDATA_ENGINE_QUERY_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata {

// Encodes `last_key` for a query whose filters serialize to `filter`.
std::string EncodePageToken(absl::string_view filter,
                            absl::string_view last_key);

// Decodes a token; "" for an empty token. INVALID_ARGUMENT (PAGE_TOKEN_INVALID,
// field page_token) if it is malformed or was issued for other filters.
absl::StatusOr<std::string> DecodePageToken(absl::string_view filter,
                                            absl::string_view token);

// Resolves a requested page size: 0 -> default; INVALID_ARGUMENT outside
// 0..kMaxPageSize.
absl::StatusOr<int> ResolvePageSize(int requested);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_PAGE_TOKEN_H_
