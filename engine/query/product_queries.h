// Reads of data products (Art. 20) from the product projection rows. A
// product is seen in full by its publisher, reviewers with jurisdiction over
// its screening region, auditors and operators; anyone else sees a LISTED
// product in the public view (PublicProductView) and nothing of the others
// (NOT_FOUND PRODUCT_NOT_FOUND, as if it did not exist). Thread-safety: safe
// to call concurrently (the store is).
#ifndef OPENDATA_ENGINE_QUERY_PRODUCT_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_PRODUCT_QUERIES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/products.pb.h"
#include "storage/event_store.h"

namespace opendata {

struct ProductPage {
  std::vector<jining::opendata::v1::Product> products;
  std::string next_page_token;
};

// Filters and order of the public list.
struct ProductFilter {
  // Only products citing this entry; "" for any.
  std::string catalog_entry_id;
  // Only products of this form; UNSPECIFIED for any.
  jining::opendata::v1::ProductForm form =
      jining::opendata::v1::PRODUCT_FORM_UNSPECIFIED;
  // By name instead of newest listed first.
  bool by_name = false;
};

class ProductQueries {
 public:
  // `store` must outlive this object.
  explicit ProductQueries(EventStore* store) : store_(store) {}

  // One product, in full or in the public view (see above).
  absl::StatusOr<jining::opendata::v1::Product> Get(
      const jining::opendata::v1::Actor& actor,
      const std::string& product_id) const;

  // A USER's own products in any state, by id (PERMISSION_DENIED
  // ROLE_NOT_ALLOWED for other roles).
  absl::StatusOr<ProductPage> Mine(const jining::opendata::v1::Actor& actor,
                                   int page_size,
                                   const std::string& page_token) const;

  // The SUBMITTED products a REVIEWER may screen (the city reviewer: all; a
  // county reviewer: its region's), by screening region and id
  // (PERMISSION_DENIED ROLE_NOT_ALLOWED for other roles).
  absl::StatusOr<ProductPage> ScreeningQueue(
      const jining::opendata::v1::Actor& actor, int page_size,
      const std::string& page_token) const;

  // The public list: LISTED products in the public view, filtered and
  // ordered by `filter`. INVALID_ARGUMENT for a bad page size, token, entry
  // id (CATALOG_ENTRY_ID_INVALID) or form (FILTER_INVALID).
  absl::StatusOr<ProductPage> Listed(const ProductFilter& filter, int page_size,
                                     const std::string& page_token) const;

 private:
  // Reads the product row of `id`; nullopt if there is none.
  absl::StatusOr<std::optional<jining::opendata::v1::Product>> Read(
      const std::string& id) const;

  // A page of the products whose index rows are under `prefix` (the product
  // id is each key's last part), keeping those `keep` accepts.
  template <typename Keep>
  absl::StatusOr<ProductPage> Page(const std::string& prefix,
                                   const std::string& filter, int page_size,
                                   const std::string& page_token,
                                   const Keep& keep) const;

  EventStore* store_;
};

// `product` as the public sees it: no publisher subject, no reviewer, no
// reasons, no application ids of grant-based citations.
jining::opendata::v1::Product PublicProductView(
    jining::opendata::v1::Product product);

// True if `actor` sees `product` in full.
bool MaySeeProductInFull(const jining::opendata::v1::Actor& actor,
                         const jining::opendata::v1::Product& product);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_PRODUCT_QUERIES_H_
