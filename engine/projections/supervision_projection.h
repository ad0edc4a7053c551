// The supervision projection (Art. 22): per-stream fact rows that the
// supervision statistics query scans by time, so that no figure is a shared
// cross-stream counter. Three kinds of rows, each a pure function of one
// stream's folded view:
//   stats/fact/<time micros 20>/<stream id>/<n 6>  -> SupervisionFact
//       (applications, demands, takedowns, objections, quality assessments;
//       n is the fact's position in the stream's ledger)
//   stats/entry/<stream id>/<n 6>                   -> EntryStateSegment
//       (a catalog entry's state, attribute, provider and region over time,
//       so that "state as of the end of a period" can be answered)
//   stats/clock/<start micros 20>/<deadline id>     -> Deadline
//       (every clock of the stream, by start time)
// The ledger is folded from the events with the stream's views as they stand
// after each event, so the attribution is the one recorded in the stream.
// Pure functions over plain values; safe to call concurrently on distinct
// objects.
#ifndef OPENDATA_ENGINE_PROJECTIONS_SUPERVISION_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_SUPERVISION_PROJECTION_H_

#include <vector>

#include "engine/applications/application_state.h"
#include "engine/deadlines/deadline_book.h"
#include "engine/demands/demand_state.h"
#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/supervision.pb.h"

namespace opendata {

inline constexpr char kStatsFactPrefix[] = "stats/fact/";
inline constexpr char kStatsEntryPrefix[] = "stats/entry/";
inline constexpr char kStatsClockPrefix[] = "stats/clock/";

// The supervision facts and entry-state history of one stream.
struct SupervisionLedger {
  std::vector<jining::opendata::v1::SupervisionFact> facts;
  // Catalog entry streams only; contiguous, oldest first.
  std::vector<jining::opendata::v1::EntryStateSegment> entry_states;
};

// Applies one event, given the stream's views as they are after it.
void FoldSupervisionLedger(SupervisionLedger& ledger,
                           const jining::opendata::v1::CatalogEntry& catalog,
                           const ApplicationAggregate& application,
                           const DemandAggregate& demand,
                           const jining::opendata::v1::EventEnvelope& event);

// The rows of the ledger and of the stream's clocks.
ProjectionRows SupervisionRows(const SupervisionLedger& ledger,
                               const DeadlineBook& deadlines);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_SUPERVISION_PROJECTION_H_
