// Implementation of deadline_projection.h.
#include "engine/projections/deadline_projection.h"

#include "absl/strings/str_cat.h"
#include "common/proto_util.h"
#include "common/time_util.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

ProjectionRows DeadlineRows(const DeadlineBook& book) {
  ProjectionRows rows;
  for (const auto& [id, d] : book) {
    const std::string due =
        SortableNumber(absl::ToUnixMicros(FromProto(d.due_time())), 20);
    const std::string state = SortableNumber(d.state(), 2);
    rows[kDeadlineRowPrefix + id] = SerializeDeterministic(d);
    if (d.state() == pb::DEADLINE_STATE_OPEN)
      rows[absl::StrCat(kDeadlineOpenDuePrefix, due, "/", id)] = "";
    rows[absl::StrCat(kDeadlineByStatePrefix, state, "/", due, "/", id)] = "";
    rows[absl::StrCat(kDeadlineByRegionPrefix, d.responsible_region(), "/",
                      state, "/", due, "/", id)] = "";
    if (!d.responsible_organization().empty()) {
      rows[absl::StrCat(kDeadlineByOrgPrefix, d.responsible_organization(), "/",
                        state, "/", due, "/", id)] = "";
    }
  }
  return rows;
}

}  // namespace opendata
