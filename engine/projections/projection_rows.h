// Projection rows: the key/value rows a projection derives from the state of
// one stream. A projection is a pure function of state, so the rows of a
// command are Rows(after) and the change to write is the difference from
// Rows(before); rebuilding from sequence 0 therefore gives exactly the
// incrementally maintained rows. Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_PROJECTIONS_PROJECTION_ROWS_H_
#define OPENDATA_ENGINE_PROJECTIONS_PROJECTION_ROWS_H_

#include <map>
#include <string>
#include <vector>

#include "storage/event_store.h"

namespace opendata {

using ProjectionRows = std::map<std::string, std::string>;

// Mutations that turn `before` into `after`: deletes for rows that disappear,
// puts for new or changed rows.
std::vector<ProjectionMutation> DiffRows(const ProjectionRows& before,
                                         const ProjectionRows& after);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_PROJECTION_ROWS_H_
