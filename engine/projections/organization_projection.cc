// Implementation of organization_projection.h.
#include "engine/projections/organization_projection.h"

#include "absl/strings/str_cat.h"
#include "common/proto_util.h"

namespace opendata {

std::string OrganizationProfileRowKey(absl::string_view organization) {
  return absl::StrCat(kOrganizationProfileRowPrefix, organization);
}

ProjectionRows OrganizationRows(const OrganizationState& state) {
  ProjectionRows rows;
  if (state.profile.organization().empty()) return rows;
  rows[OrganizationProfileRowKey(state.profile.organization())] =
      SerializeDeterministic(state.profile);
  return rows;
}

}  // namespace opendata
