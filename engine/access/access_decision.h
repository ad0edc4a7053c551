// The access decision (Art. 15-17, annex 5): may a user use a catalog entry in
// a service mode now, and if not, why. DecideAccess is the pure rule;
// AccessQueries reads the entry's and the user's grant rows and applies it.
// The answer is exact at the time asked: a grant whose period has ended denies
// access even before the scheduler records the lapse. Thread-safety:
// DecideAccess is pure; AccessQueries is safe to call concurrently (the store
// is).
#ifndef OPENDATA_ENGINE_ACCESS_ACCESS_DECISION_H_
#define OPENDATA_ENGINE_ACCESS_ACCESS_DECISION_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/common.pb.h"
#include "storage/event_store.h"

namespace opendata {

// The rule. `entry` is the catalog entry (nullopt: none); `grants` the user's
// grants for this entry and mode, in any state.
//   not published -> NOT_PUBLISHED (SUSPENDED for SUSPENDED_FOR_QUALITY and
//   SUSPENDED_FOR_OBJECTION, whatever the user's grants; TAKEN_DOWN);
//   NOT_OPEN -> NOT_OPEN; mode not offered -> MODE_NOT_OFFERED;
//   UNCONDITIONAL -> allowed; CONDITIONAL -> allowed only with an ACTIVE grant
//   whose [start, end] contains `now`; otherwise GRANT_NOT_STARTED,
//   GRANT_ENDED, GRANT_REVOKED or NO_GRANT.
jining::opendata::v1::AccessDecision DecideAccess(
    const std::optional<jining::opendata::v1::CatalogEntry>& entry,
    jining::opendata::v1::ServiceMode mode,
    const std::vector<jining::opendata::v1::AccessGrant>& grants,
    absl::Time now);

class AccessQueries {
 public:
  // `store` must outlive this object.
  explicit AccessQueries(EventStore* store) : store_(store) {}

  // The decision for `actor` (a USER; any other role is denied NOT_A_USER) at
  // `now`. INVALID_ARGUMENT for a malformed entry id (CATALOG_ENTRY_ID_INVALID)
  // or an UNSPECIFIED mode (ACCESS_QUERY_INVALID).
  absl::StatusOr<jining::opendata::v1::AccessDecision> Check(
      const jining::opendata::v1::Actor& actor,
      const std::string& catalog_entry_id,
      jining::opendata::v1::ServiceMode mode, absl::Time now) const;

 private:
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_ACCESS_ACCESS_DECISION_H_
