// Projection families: the named groups of projection rows the platform keeps,
// each the rows of one projection (engine/projections/*_projection.cc) or the
// store's inbox index, identified by the row key prefixes it owns. Every row a
// projection or the inbox writes falls under exactly one family (a test
// checks), so that one family can be rebuilt and replaced on its own
// (AdminService.RebuildProjection, engine/replay/online_rebuild.h).
// Pure data; safe from any thread.
#ifndef OPENDATA_ENGINE_PROJECTIONS_PROJECTION_FAMILIES_H_
#define OPENDATA_ENGINE_PROJECTIONS_PROJECTION_FAMILIES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/projections/projection_rows.h"

namespace opendata {

struct ProjectionFamily {
  // Stable name, e.g. "catalog"; what operators pass to RebuildProjection.
  std::string name;
  // Row key prefixes the family owns; no prefix of one family is a prefix of
  // another's.
  std::vector<std::string> prefixes;
};

// Every family, in a fixed order.
const std::vector<ProjectionFamily>& ProjectionFamilies();

// The family named `name`, or nullptr.
const ProjectionFamily* FindProjectionFamily(absl::string_view name);

// True if `key` starts with one of the family's prefixes.
bool FamilyOwns(const ProjectionFamily& family, absl::string_view key);

// The rows of `rows` the family owns.
ProjectionRows FamilyRows(const ProjectionRows& rows,
                          const ProjectionFamily& family);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_PROJECTION_FAMILIES_H_
