// The objection projection (Art. 19): an entry's objections laid out as rows
// for the objector, the provider and the reviewers. Each row holds the whole
// Objection (with the entry's current provider organisation and region), so
// that it is served without reading the stream. Personal data: these rows are
// served only to the objector, the entry's provider and reviewers
// (ObjectionQueries), never publicly. Pure functions; safe from any thread.
//
// Rows (numbers are 10 digits, times Unix micros in 20 digits; subjects escaped
// with KeyPart):
//   objections/entry/<entry id>/<n>                      -> Objection
//   objections/by-user/<subject>/<entry id>/<n>          -> Objection
//   objections/by-provider/<org>/<entry id>/<n>          -> Objection
//   objections/pending/<region>/<filed>/<entry id>/<n>   -> Objection
//     (pending objections, the reviewers' queue by region)
//   objections/pending-all/<filed>/<entry id>/<n>        -> Objection
//     (the same across regions, for the city reviewer)
#ifndef OPENDATA_ENGINE_PROJECTIONS_OBJECTION_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_OBJECTION_PROJECTION_H_

#include <cstdint>
#include <string>

#include "engine/catalog/objection_state.h"
#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/catalog.pb.h"

namespace opendata {

inline constexpr char kObjectionEntryPrefix[] = "objections/entry/";
inline constexpr char kObjectionByUserPrefix[] = "objections/by-user/";
inline constexpr char kObjectionByProviderPrefix[] = "objections/by-provider/";
inline constexpr char kObjectionPendingPrefix[] = "objections/pending/";
inline constexpr char kObjectionPendingAllPrefix[] = "objections/pending-all/";

// Key of one objection's canonical row.
std::string ObjectionRowKey(const std::string& catalog_entry_id,
                            int32_t objection);

// The rows of an entry's objections, given the entry's view.
ProjectionRows ObjectionRows(const jining::opendata::v1::CatalogEntry& view,
                             const ObjectionLedger& ledger);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_OBJECTION_PROJECTION_H_
