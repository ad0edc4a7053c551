// Authorization rules of the platform (domain.md section 1): who may act on
// what, by role, organisation, level and region. Services only authenticate;
// these functions decide. Pure functions; safe from any thread.
//
// Every refusal is PERMISSION_DENIED with an ErrorInfo reason naming the rule:
//   ACTOR_INVALID        the actor's identity is incomplete or inconsistent
//   (e.g. COUNTY level with the city code) ROLE_NOT_ALLOWED     the action
//   needs another role NOT_ENTRY_OWNER      only the owning provider
//   organisation may do this OUTSIDE_JURISDICTION a county reviewer acting on
//   another region's item
#ifndef OPENDATA_ENGINE_AUTHZ_H_
#define OPENDATA_ENGINE_AUTHZ_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/common.pb.h"

namespace opendata {

using jining::opendata::v1::Actor;
using jining::opendata::v1::Role;

// Checks that the actor is well formed: subject set; role set; for PROVIDER and
// REVIEWER an organisation, a level and a known region consistent with the
// level (CITY <-> 3708, COUNTY <-> a county code).
absl::Status ValidateActor(const Actor& actor);

// OK if the actor has `role`.
absl::Status RequireRole(const Actor& actor, Role role);

// OK if the actor is a provider of organisation `owner`.
absl::Status RequireOwner(const Actor& actor, absl::string_view owner);

// OK if the actor is a reviewer with jurisdiction over `region`: the city
// reviewer, or the reviewer of that county ("county-level or above authority").
absl::Status RequireReviewerFor(const Actor& actor, absl::string_view region);

// True if the actor is a reviewer with jurisdiction over `region`.
bool IsReviewerFor(const Actor& actor, absl::string_view region);

// True for read-only oversight roles that see everything (AUDITOR, OPERATOR).
bool IsOverseer(const Actor& actor);

// OK for those who may read the event log itself (AuditService): AUDITOR,
// OPERATOR and the city-level reviewer. A county reviewer is refused with
// OUTSIDE_JURISDICTION (the log holds every region's items); every other role
// with ROLE_NOT_ALLOWED.
absl::Status RequireAuditReader(const Actor& actor);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_AUTHZ_H_
