// The demand projection: lays out a folded demand and a folded public call
// (demand_state.h) as rows. Pure functions; safe from any thread. Key parts
// that come from tokens (subjects) are escaped (KeyPart).
//
// Rows ("<o>" is 0 while the demand is open, 1 once final, so that a scan
// lists open demands first):
//   demands/demand/<id>                       -> Demand
//   demands/by-user/<subject>/<id>            -> ""
//   demands/by-region/<region>/<o>/<id>       -> "" (the demand's region, and
//     the city "3708" for every demand: the city reviewer's queue)
//   demands/by-provider/<org>/<o>/<id>        -> "" (once forwarded)
//   demand-calls/call/<call>                  -> DemandCall (demand_count and
//     accepting left for the queries)
//   demand-calls/demand/<call>/<id>           -> "" (a demand citing the call)
#ifndef OPENDATA_ENGINE_PROJECTIONS_DEMAND_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_DEMAND_PROJECTION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/demands/demand_state.h"
#include "engine/projections/projection_rows.h"

namespace opendata {

inline constexpr char kDemandRowPrefix[] = "demands/demand/";
inline constexpr char kDemandByUserPrefix[] = "demands/by-user/";
inline constexpr char kDemandByRegionPrefix[] = "demands/by-region/";
inline constexpr char kDemandByProviderPrefix[] = "demands/by-provider/";
inline constexpr char kDemandCallRowPrefix[] = "demand-calls/call/";
inline constexpr char kDemandCallDemandPrefix[] = "demand-calls/demand/";

// Key of a demand's row.
std::string DemandRowKey(absl::string_view demand_id);

// Key of a call's row.
std::string DemandCallRowKey(absl::string_view call_id);

// Prefix of the rows of the demands citing a call.
std::string DemandsOfCallPrefix(absl::string_view call_id);

// Rows of a demand (none before submission).
ProjectionRows DemandRows(const DemandAggregate& state);

// Rows of a call (none before it was opened).
ProjectionRows DemandCallRows(const DemandCallAggregate& state);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_DEMAND_PROJECTION_H_
