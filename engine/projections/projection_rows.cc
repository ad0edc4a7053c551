// Implementation of projection_rows.h.
#include "engine/projections/projection_rows.h"

namespace opendata {

std::vector<ProjectionMutation> DiffRows(const ProjectionRows& before,
                                         const ProjectionRows& after) {
  std::vector<ProjectionMutation> out;
  for (const auto& [key, value] : before) {
    if (!after.count(key)) out.push_back({key, std::nullopt});
  }
  for (const auto& [key, value] : after) {
    auto it = before.find(key);
    if (it == before.end() || it->second != value) out.push_back({key, value});
  }
  return out;
}

}  // namespace opendata
