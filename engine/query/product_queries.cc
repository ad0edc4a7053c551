// Implementation of product_queries.h.
#include "engine/query/product_queries.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/products/product_state.h"
#include "engine/projections/product_projection.h"
#include "engine/query/page_token.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

absl::Status NotFound(const std::string& id) {
  return MakeError(absl::StatusCode::kNotFound, "PRODUCT_NOT_FOUND",
                   absl::StrCat("no product ", id), {{"product_id", id}});
}

}  // namespace

pb::Product PublicProductView(pb::Product product) {
  product.clear_publisher_subject();
  product.clear_reviewer_subject();
  product.clear_reasons();
  for (pb::CitationCheck& check : *product.mutable_citation_checks()) {
    check.clear_application_id();
  }
  return product;
}

bool MaySeeProductInFull(const pb::Actor& actor, const pb::Product& product) {
  if (IsOverseer(actor)) return true;
  switch (actor.role()) {
    case pb::ROLE_USER:
      return actor.subject() == product.publisher_subject();
    case pb::ROLE_REVIEWER:
      return IsReviewerFor(actor, product.screening_region());
    default:
      return false;
  }
}

absl::StatusOr<std::optional<pb::Product>> ProductQueries::Read(
    const std::string& id) const {
  const std::string key = ProductRowKey(id);
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (!row.has_value()) return std::optional<pb::Product>();
  pb::Product product;
  if (!product.ParseFromString(*row)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     absl::StrCat("projection row ", key, " does not parse"),
                     {{"key", key}});
  }
  return std::optional<pb::Product>(std::move(product));
}

absl::StatusOr<pb::Product> ProductQueries::Get(
    const pb::Actor& actor, const std::string& product_id) const {
  RETURN_IF_ERROR(ValidateProductId(product_id, "product_id"));
  ASSIGN_OR_RETURN(std::optional<pb::Product> product, Read(product_id));
  if (!product.has_value()) return NotFound(product_id);
  if (MaySeeProductInFull(actor, *product)) return *std::move(product);
  if (product->state() != pb::PRODUCT_STATE_LISTED) {
    return NotFound(product_id);
  }
  return PublicProductView(*std::move(product));
}

template <typename Keep>
absl::StatusOr<ProductPage> ProductQueries::Page(const std::string& prefix,
                                                 const std::string& filter,
                                                 int page_size,
                                                 const std::string& page_token,
                                                 const Keep& keep) const {
  ASSIGN_OR_RETURN(const int size, ResolvePageSize(page_size));
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(filter, page_token));
  ProductPage page;
  // Rows that `keep` drops do not count: scan on until the page is full (a
  // token if another row follows) or the prefix is exhausted.
  while (true) {
    ASSIGN_OR_RETURN(
        auto rows,
        store_->ScanProjection(prefix, after, static_cast<size_t>(size) + 1));
    for (const auto& row : rows) {
      const std::string& key = row.first;
      if (static_cast<int>(page.products.size()) == size) {
        page.next_page_token = EncodePageToken(filter, after);
        return page;
      }
      after = key;
      const std::string id = key.substr(key.rfind('/') + 1);
      ASSIGN_OR_RETURN(std::optional<pb::Product> product, Read(id));
      if (product.has_value() && keep(*product)) {
        page.products.push_back(*std::move(product));
      }
    }
    if (rows.size() <= static_cast<size_t>(size)) break;
  }
  return page;
}

absl::StatusOr<ProductPage> ProductQueries::Mine(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_USER));
  const std::string prefix = ProductsOfUserPrefix(actor.subject());
  return Page(prefix, absl::StrCat("products|", prefix), page_size, page_token,
              [](const pb::Product&) { return true; });
}

absl::StatusOr<ProductPage> ProductQueries::ScreeningQueue(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  const std::string prefix =
      actor.level() == pb::LEVEL_CITY
          ? std::string(kProductQueuePrefix)
          : absl::StrCat(kProductQueuePrefix, actor.region(), "/");
  return Page(prefix, absl::StrCat("products|", prefix), page_size, page_token,
              [&](const pb::Product& p) {
                return p.state() == pb::PRODUCT_STATE_SUBMITTED &&
                       IsReviewerFor(actor, p.screening_region());
              });
}

absl::StatusOr<ProductPage> ProductQueries::Listed(
    const ProductFilter& filter, int page_size,
    const std::string& page_token) const {
  if (!filter.catalog_entry_id.empty()) {
    RETURN_IF_ERROR(
        ValidateCatalogEntryId(filter.catalog_entry_id, "catalog_entry_id"));
  }
  if (!pb::ProductForm_IsValid(filter.form)) {
    return InvalidArgument("FILTER_INVALID", {{"form", "not a product form"}});
  }
  const std::string prefix = ListedProductsPrefix(
      filter.by_name ? kProductOrderName : kProductOrderNewest,
      filter.catalog_entry_id, filter.form);
  // The entry's index also carries other forms: filter those out here.
  const std::string token_filter =
      absl::StrCat("products|", prefix, "|", static_cast<int>(filter.form));
  ASSIGN_OR_RETURN(ProductPage page,
                   Page(prefix, token_filter, page_size, page_token,
                        [&](const pb::Product& p) {
                          return p.state() == pb::PRODUCT_STATE_LISTED &&
                                 (filter.form == pb::PRODUCT_FORM_UNSPECIFIED ||
                                  p.content().form() == filter.form);
                        }));
  for (pb::Product& product : page.products) {
    product = PublicProductView(std::move(product));
  }
  return page;
}

}  // namespace opendata
