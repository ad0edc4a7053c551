// Implementation of organization_queries.h.
#include "engine/query/organization_queries.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/organizations/organization_state.h"
#include "engine/projections/organization_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

absl::StatusOr<pb::OrganizationProfile> OrganizationQueries::Get(
    const pb::Actor& actor, const std::string& organization) const {
  const std::string org =
      organization.empty() ? actor.organization() : organization;
  RETURN_IF_ERROR(ValidateOrganizationId(org, "organization"));
  const std::string key = OrganizationProfileRowKey(org);
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (!row.has_value()) {
    return MakeError(absl::StatusCode::kNotFound,
                     "ORGANIZATION_PROFILE_NOT_FOUND",
                     absl::StrCat(org, " has named no responsible persons"),
                     {{"organization", org}});
  }
  pb::OrganizationProfile profile;
  if (!profile.ParseFromString(*row)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     absl::StrCat("projection row ", key, " does not parse"),
                     {{"key", key}});
  }
  const bool own = !actor.organization().empty() &&
                   actor.organization() == profile.organization() &&
                   actor.role() != pb::ROLE_USER;
  if (!own && !IsOverseer(actor) && !IsReviewerFor(actor, profile.region())) {
    return MakeError(absl::StatusCode::kPermissionDenied, "PROFILE_NOT_VISIBLE",
                     "responsible persons are shown to their organisation, the "
                     "reviewers with jurisdiction, auditors and operators",
                     {{"organization", org}});
  }
  return profile;
}

}  // namespace opendata
