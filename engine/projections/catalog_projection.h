// The catalog projection: folds a catalog entry's events into the CatalogEntry
// view that QueryService serves, and lays the view out as rows with secondary
// indexes. Pure functions; safe from any thread.
//
// Rows (all under "catalog/"):
//   catalog/entry/<id>                               -> CatalogEntry
//   (deterministic protobuf) catalog/by-provider/<org>/<id> -> ""
//   catalog/by-state/<state number, 2 digits>/<id>   -> ""
//   catalog/by-attribute/<attribute number>/<id>     -> ""   (only once an
//   attribute is set) catalog/pending/<region>/<due micros, 20 digits>/<id> ->
//   ""   (SUBMITTED entries, by deadline) catalog/pending-all/<due micros, 20
//   digits>/<id>      -> ""   (the same across regions)
//   catalog/notice/<notice end micros, 20 digits>/<id> -> ""  (running
//   takedown notices, Art. 14)
//   catalog/work/<region>/<since micros, 20 digits>/<kind>/<id> -> ""
//     (applications waiting for a reviewer of <region>: pending content
//     changes, confirmed migrations, industry applications; <kind> is the
//     PendingChangeKind number)
//   catalog/work-all/<since micros, 20 digits>/<kind>/<id> -> ""
//     (the same across regions)
//   catalog/takedown-work/<region>/<since micros, 20 digits>/<id> -> ""
//     (takedown applications waiting for the approval of a reviewer of
//     <region>: the county's for an APPLIED county entry, else the city's)
//   catalog/takedown-work-all/<since micros, 20 digits>/<id> -> ""
//     (the same across regions)
//   catalog/search/<gram>/<id> -> ""
//     (the search index: every distinct unigram and bigram of the normalised
//     name, domain and description, engine/query/search_text.h; <gram> is
//     GramKeySegment of the UTF-8 gram)
// The by-provider row exists once the entry has a provider (an industry
// application has none until it is approved).
#ifndef OPENDATA_ENGINE_PROJECTIONS_CATALOG_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_CATALOG_PROJECTION_H_

#include <string>

#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

inline constexpr char kCatalogEntryRowPrefix[] = "catalog/entry/";
inline constexpr char kCatalogByProviderPrefix[] = "catalog/by-provider/";
inline constexpr char kCatalogByStatePrefix[] = "catalog/by-state/";
inline constexpr char kCatalogByAttributePrefix[] = "catalog/by-attribute/";
inline constexpr char kCatalogPendingPrefix[] = "catalog/pending/";
inline constexpr char kCatalogPendingAllPrefix[] = "catalog/pending-all/";
inline constexpr char kCatalogNoticePrefix[] = "catalog/notice/";
inline constexpr char kCatalogWorkPrefix[] = "catalog/work/";
inline constexpr char kCatalogWorkAllPrefix[] = "catalog/work-all/";
inline constexpr char kCatalogTakedownWorkPrefix[] = "catalog/takedown-work/";
inline constexpr char kCatalogTakedownWorkAllPrefix[] =
    "catalog/takedown-work-all/";
inline constexpr char kCatalogSearchPrefix[] = "catalog/search/";

// The region whose reviewer decides a migration: the entry's region, or the
// city (3708) when the receiver is in another region (Art. 13).
std::string MigrationDecisionRegion(const std::string& entry_region,
                                    const std::string& to_region);

// Applies one event of the entry's stream to its view.
void FoldCatalogView(jining::opendata::v1::CatalogEntry& view,
                     const jining::opendata::v1::EventEnvelope& event);

// The rows of a view (empty for a view that does not exist yet).
ProjectionRows CatalogRows(const jining::opendata::v1::CatalogEntry& view);

// The region whose reviewer approves `entry`'s running takedown application
// next, and since when it waits; false if none waits for an approval.
bool TakedownApprovalStep(const jining::opendata::v1::CatalogEntry& entry,
                          std::string* region,
                          google::protobuf::Timestamp* since);

// Fixed-width decimal of a non-negative number, so that keys sort numerically.
std::string SortableNumber(int64_t n, int width);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_CATALOG_PROJECTION_H_
