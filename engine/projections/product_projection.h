// The data product projection (Art. 20): lays out a folded product
// (product_state.h) as rows. Pure functions; safe from any thread. Key parts
// from tokens or user text (subjects, names) are escaped (KeyPart) so that
// they never contain "/"; the product id is always the last key part.
//
// Rows:
//   products/product/<id>                       -> Product
//   products/by-user/<subject>/<id>             -> ""
//   products/queue/<screening region>/<id>      -> ""  (SUBMITTED only)
//   products/listed/<order>/<sort key>/<id>     -> ""  (LISTED only)
//   products/listed-entry/<entry>/<order>/<sort key>/<id> -> ""
//     (LISTED only, one per cited entry)
//   products/listed-form/<form, 2 digits>/<order>/<sort key>/<id> -> ""
//     (LISTED only)
// where <order> is "newest" (sort key: 20 digits that grow as the list time
// falls, so the newest sorts first) or "name" (sort key: the name with "%", "/"
// and control bytes percent-encoded, so byte order is kept otherwise).
#ifndef OPENDATA_ENGINE_PROJECTIONS_PRODUCT_PROJECTION_H_
#define OPENDATA_ENGINE_PROJECTIONS_PRODUCT_PROJECTION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/products/product_state.h"
#include "engine/projections/projection_rows.h"
#include "jining/opendata/v1/products.pb.h"

namespace opendata {

inline constexpr char kProductRowPrefix[] = "products/product/";
inline constexpr char kProductByUserPrefix[] = "products/by-user/";
inline constexpr char kProductQueuePrefix[] = "products/queue/";
inline constexpr char kProductListedPrefix[] = "products/listed/";
inline constexpr char kProductListedByEntryPrefix[] = "products/listed-entry/";
inline constexpr char kProductListedByFormPrefix[] = "products/listed-form/";

// The orders of the public list, as key parts.
inline constexpr char kProductOrderNewest[] = "newest";
inline constexpr char kProductOrderName[] = "name";

// Key of a product's row.
std::string ProductRowKey(absl::string_view product_id);

// Prefix of a user's by-user rows.
std::string ProductsOfUserPrefix(absl::string_view subject);

// Prefix of the listed rows in `order`: all of them, those citing
// `catalog_entry_id` (if not empty), or those of `form` (if not UNSPECIFIED;
// the entry wins when both are given).
std::string ListedProductsPrefix(absl::string_view order,
                                 absl::string_view catalog_entry_id,
                                 jining::opendata::v1::ProductForm form);

// Rows of a product (none before submission).
ProjectionRows ProductRows(const ProductAggregate& state);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PROJECTIONS_PRODUCT_PROJECTION_H_
