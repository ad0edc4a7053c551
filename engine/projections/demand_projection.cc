// Implementation of demand_projection.h.
#include "engine/projections/demand_projection.h"

#include "absl/strings/str_cat.h"
#include "common/proto_util.h"
#include "engine/projections/application_projection.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string DemandRowKey(absl::string_view demand_id) {
  return absl::StrCat(kDemandRowPrefix, demand_id);
}

std::string DemandCallRowKey(absl::string_view call_id) {
  return absl::StrCat(kDemandCallRowPrefix, call_id);
}

std::string DemandsOfCallPrefix(absl::string_view call_id) {
  return absl::StrCat(kDemandCallDemandPrefix, call_id, "/");
}

ProjectionRows DemandRows(const DemandAggregate& state) {
  ProjectionRows rows;
  const pb::Demand& d = state.demand;
  if (!state.exists() || d.demand_id().empty()) return rows;
  const std::string& id = d.demand_id();
  const std::string open = IsOpenDemand(d.state()) ? "0/" : "1/";
  rows[DemandRowKey(id)] = SerializeDeterministic(d);
  rows[absl::StrCat(kDemandByUserPrefix, KeyPart(d.requester().subject()), "/",
                    id)] = "";
  rows[absl::StrCat(kDemandByRegionPrefix, d.region(), "/", open, id)] = "";
  rows[absl::StrCat(kDemandByRegionPrefix, kCityRegion, "/", open, id)] = "";
  if (!d.provider_organization().empty()) {
    rows[absl::StrCat(kDemandByProviderPrefix, d.provider_organization(), "/",
                      open, id)] = "";
  }
  if (!d.call_id().empty()) {
    rows[DemandsOfCallPrefix(d.call_id()) + id] = "";
  }
  return rows;
}

ProjectionRows DemandCallRows(const DemandCallAggregate& state) {
  ProjectionRows rows;
  if (!state.exists()) return rows;
  rows[DemandCallRowKey(state.call.call_id())] =
      SerializeDeterministic(state.call);
  return rows;
}

}  // namespace opendata
