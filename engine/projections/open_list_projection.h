// The open list projection (公共数据开放清单, Art. 8). An entry stands on the
// open list while its view is PUBLISHED with attribute UNCONDITIONAL or
// CONDITIONAL; its row is read from the folded view (state and content), not
// from particular event types, so any event that changes either is covered.
// The fold keeps, per entry, the intervals [from, to) during which each row
// stood, so that the list can be reconstructed as of any instant. Pure
// functions; safe from any thread.
//
// Rows:
//   openlist/current/<entry id>                         -> OpenListRow
//     (entries on the list now)
//   openlist/history/<entry id>/<interval number, 10 digits> ->
//   OpenListInterval
#ifndef OPENDATA_ENGINE_PROJECTIONS_OPEN_LIST_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_OPEN_LIST_PROJECTION_H_

#include <optional>
#include <vector>

#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/open_list.pb.h"

namespace opendata {

inline constexpr char kOpenListCurrentPrefix[] = "openlist/current/";
inline constexpr char kOpenListHistoryPrefix[] = "openlist/history/";

// One entry's open-list intervals, oldest first; only the last may be open
// (without to_time).
using OpenListHistory = std::vector<jining::opendata::v1::OpenListInterval>;

// The entry's open-list row if the view stands on the list, else nullopt.
std::optional<jining::opendata::v1::OpenListRow> OpenListRowOf(
    const jining::opendata::v1::CatalogEntry& view);

// After `event` was folded into `view`: closes the open interval at the
// event's time if the entry left the list or its row changed, and opens a new
// one if it stands on the list with a new row. An interval that would last no
// time (opened and closed at the same instant, within one command) is dropped.
void FoldOpenList(OpenListHistory& history,
                  const jining::opendata::v1::CatalogEntry& view,
                  const jining::opendata::v1::EventEnvelope& event);

// The rows of one entry's history (the current row and every interval).
ProjectionRows OpenListRows(const jining::opendata::v1::CatalogEntry& view,
                            const OpenListHistory& history);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_OPEN_LIST_PROJECTION_H_
