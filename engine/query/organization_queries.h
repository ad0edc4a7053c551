// OrganizationQueries: reads of organisation profiles for QueryService. The
// responsible persons are contact details of people, so a profile is shown
// only to the organisation itself (any actor of it), the reviewers with
// jurisdiction over its region, auditors and operators; others get
// PERMISSION_DENIED (PROFILE_NOT_VISIBLE).
//
// Thread-safety: const reads of the store; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_ORGANIZATION_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_ORGANIZATION_QUERIES_H_

#include <string>

#include "absl/status/statusor.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/organizations.pb.h"
#include "storage/event_store.h"

namespace opendata {

class OrganizationQueries {
 public:
  // `store` must outlive this object.
  explicit OrganizationQueries(EventStore* store) : store_(store) {}

  // The profile of `organization` (empty: the actor's). INVALID_ARGUMENT
  // (ORGANIZATION_ID_INVALID), NOT_FOUND (ORGANIZATION_PROFILE_NOT_FOUND),
  // PERMISSION_DENIED (PROFILE_NOT_VISIBLE).
  absl::StatusOr<jining::opendata::v1::OrganizationProfile> Get(
      const jining::opendata::v1::Actor& actor,
      const std::string& organization) const;

 private:
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_ORGANIZATION_QUERIES_H_
