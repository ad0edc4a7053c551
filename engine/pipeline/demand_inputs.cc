// Implementation of demand_inputs.h.
#include "engine/pipeline/demand_inputs.h"

#include <optional>
#include <string>

#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/demands/demand_state.h"
#include "engine/organizations/organization_state.h"
#include "engine/projections/demand_projection.h"
#include "engine/projections/organization_projection.h"
#include "jining/opendata/v1/organizations.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   "a projection row does not parse", {{"key", key}});
}

}  // namespace

absl::StatusOr<DemandInputs> ReadSubmitDemandInputs(
    EventStore& store, const pb::SubmitDemand& command) {
  DemandInputs inputs;
  // Malformed ids are refused by the decider; nothing is read for them.
  if (ValidateDemandCallId(command.call_id(), "call_id").ok()) {
    const std::string key = DemandCallRowKey(command.call_id());
    ASSIGN_OR_RETURN(std::optional<std::string> row, store.GetProjection(key));
    if (row.has_value()) {
      pb::DemandCall call;
      if (!call.ParseFromString(*row)) return Corrupt(key);
      inputs.call = std::move(call);
    }
  }
  const std::string& org = command.form().owning_department();
  if (ValidateOrganizationId(org, "owning_department").ok()) {
    const std::string key = OrganizationProfileRowKey(org);
    ASSIGN_OR_RETURN(std::optional<std::string> row, store.GetProjection(key));
    if (row.has_value()) {
      pb::OrganizationProfile profile;
      if (!profile.ParseFromString(*row)) return Corrupt(key);
      inputs.department_region = profile.region();
    }
  }
  return inputs;
}

}  // namespace opendata
