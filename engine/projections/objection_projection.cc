// Implementation of objection_projection.h.
#include "engine/projections/objection_projection.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/proto_util.h"
#include "common/time_util.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string ObjectionRowKey(const std::string& catalog_entry_id,
                            int32_t objection) {
  return absl::StrCat(kObjectionEntryPrefix, catalog_entry_id, "/",
                      SortableNumber(objection, 10));
}

ProjectionRows ObjectionRows(const pb::CatalogEntry& view,
                             const ObjectionLedger& ledger) {
  ProjectionRows rows;
  const std::string& id = view.catalog_entry_id();
  for (const auto& [number, folded] : ledger) {
    pb::Objection o = folded;
    o.set_provider_organization(view.provider_organization());
    o.set_region(view.region());
    const std::string value = SerializeDeterministic(o);
    const std::string tail = absl::StrCat(id, "/", SortableNumber(number, 10));
    rows[ObjectionRowKey(id, number)] = value;
    rows[absl::StrCat(kObjectionByUserPrefix, KeyPart(o.objector().subject()),
                      "/", tail)] = value;
    rows[absl::StrCat(kObjectionByProviderPrefix, o.provider_organization(),
                      "/", tail)] = value;
    if (o.state() == pb::OBJECTION_STATE_PENDING) {
      const std::string filed =
          SortableNumber(absl::ToUnixMicros(FromProto(o.file_time())), 20);
      rows[absl::StrCat(kObjectionPendingPrefix, o.region(), "/", filed, "/",
                        tail)] = value;
      rows[absl::StrCat(kObjectionPendingAllPrefix, filed, "/", tail)] = value;
    }
  }
  return rows;
}

}  // namespace opendata
