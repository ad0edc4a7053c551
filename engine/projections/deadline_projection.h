// The deadline projection: every clock as a row, with indexes for the scheduler
// (open deadlines by due time) and for oversight queries (by state, responsible
// region and organisation, each ordered by due time). Pure functions; safe from
// any thread.
//
// Rows (deadline ids contain no '/'):
//   deadline/id/<deadline_id>                                    -> Deadline
//   deadline/open-due/<due micros, 20 digits>/<deadline_id>       -> ""  (state
//   OPEN only) deadline/by-state/<state, 2 digits>/<due20>/<deadline_id>     ->
//   "" deadline/by-region/<region>/<state2>/<due20>/<deadline_id>    -> ""
//   deadline/by-org/<organisation>/<state2>/<due20>/<deadline_id> -> ""  (when
//   an organisation is responsible)
#ifndef OPENDATA_ENGINE_PROJECTIONS_DEADLINE_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_DEADLINE_PROJECTION_H_

#include "engine/deadlines/deadline_book.h"
#include "engine/projections/projection_rows.h"

namespace opendata {

inline constexpr char kDeadlineRowPrefix[] = "deadline/id/";
inline constexpr char kDeadlineOpenDuePrefix[] = "deadline/open-due/";
inline constexpr char kDeadlineByStatePrefix[] = "deadline/by-state/";
inline constexpr char kDeadlineByRegionPrefix[] = "deadline/by-region/";
inline constexpr char kDeadlineByOrgPrefix[] = "deadline/by-org/";

// The rows of every deadline in `book`.
ProjectionRows DeadlineRows(const DeadlineBook& book);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_DEADLINE_PROJECTION_H_
