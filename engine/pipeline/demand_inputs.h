// What the pipeline reads from projections for a SubmitDemand before the pure
// demand decider runs: the cited public call's row and the region of the
// owning department's organisation profile. Thread-safety: safe to call
// concurrently (the store is).
#ifndef OPENDATA_ENGINE_PIPELINE_DEMAND_INPUTS_H_
#define OPENDATA_ENGINE_PIPELINE_DEMAND_INPUTS_H_

#include "absl/status/statusor.h"
#include "engine/demands/demand_decider.h"
#include "jining/opendata/v1/demands.pb.h"
#include "storage/event_store.h"

namespace opendata {

// The call (if the command cites one) and the department's region (if the
// form names a department that has a profile). DATA_LOSS
// (PROJECTION_CORRUPT) if a row does not parse.
absl::StatusOr<DemandInputs> ReadSubmitDemandInputs(
    EventStore& store, const jining::opendata::v1::SubmitDemand& command);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PIPELINE_DEMAND_INPUTS_H_
