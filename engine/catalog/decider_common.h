// Helpers shared by the catalog deciders (catalog_decider.cc,
// takedown_decider.cc, change_decider.cc, industry_decider.cc). Internal to
// engine/catalog. Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_CATALOG_DECIDER_COMMON_H_
#define OPENDATA_ENGINE_CATALOG_DECIDER_COMMON_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/catalog/catalog_state.h"

namespace opendata {

using Events = std::vector<pb::EventPayload>;

// NOT_FOUND (CATALOG_ENTRY_NOT_FOUND) for entry `id`.
absl::Status NotFound(const std::string& id);

// INVALID_ARGUMENT with `reason` and field `field` unless `text` has 1-1000
// characters (reasons of applications and decisions).
absl::Status ValidateReasons(const std::string& text, const std::string& field,
                             absl::string_view reason);

// FAILED_PRECONDITION with `reason`, saying `what` and the entry's state.
absl::Status WrongState(const CatalogEntryState& s, absl::string_view reason,
                        absl::string_view what);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_DECIDER_COMMON_H_
