// The organisation projection: lays out the folded organisation profile
// (organization_state.h) as a row. Pure functions; safe from any thread.
//
// Rows:
//   organizations/profile/<org> -> OrganizationProfile (deterministic protobuf)
#ifndef OPENDATA_ENGINE_PROJECTIONS_ORGANIZATION_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_ORGANIZATION_PROJECTION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/organizations/organization_state.h"
#include "engine/projections/projection_rows.h"

namespace opendata {

inline constexpr char kOrganizationProfileRowPrefix[] =
    "organizations/profile/";

// Key of an organisation's profile row.
std::string OrganizationProfileRowKey(absl::string_view organization);

// Rows of a profile (none before responsible persons are first set).
ProjectionRows OrganizationRows(const OrganizationState& state);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_ORGANIZATION_PROJECTION_H_
