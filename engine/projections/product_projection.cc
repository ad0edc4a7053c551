// Implementation of product_projection.h.
#include "engine/projections/product_projection.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/proto_util.h"
#include "common/time_util.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

std::string FormPart(pb::ProductForm form) {
  return absl::StrFormat("%02d", static_cast<int>(form));
}

// `name` with "%", "/" and control bytes percent-encoded; other bytes (UTF-8
// included) kept, so that keys sort in the name's byte order.
std::string NameKey(absl::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (c == '%' || c == '/' || c < 0x20) {
      absl::StrAppendFormat(&out, "%%%02X", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// The sort key of `product` in `order`.
std::string SortKey(const pb::Product& product, absl::string_view order) {
  if (order == kProductOrderName) return NameKey(product.content().name());
  const int64_t micros = absl::ToUnixMicros(FromProto(product.list_time()));
  return SortableNumber(std::numeric_limits<int64_t>::max() - micros, 20);
}

}  // namespace

std::string ProductRowKey(absl::string_view product_id) {
  return absl::StrCat(kProductRowPrefix, product_id);
}

std::string ProductsOfUserPrefix(absl::string_view subject) {
  return absl::StrCat(kProductByUserPrefix, KeyPart(subject), "/");
}

std::string ListedProductsPrefix(absl::string_view order,
                                 absl::string_view catalog_entry_id,
                                 pb::ProductForm form) {
  if (!catalog_entry_id.empty()) {
    return absl::StrCat(kProductListedByEntryPrefix, KeyPart(catalog_entry_id),
                        "/", order, "/");
  }
  if (form != pb::PRODUCT_FORM_UNSPECIFIED) {
    return absl::StrCat(kProductListedByFormPrefix, FormPart(form), "/", order,
                        "/");
  }
  return absl::StrCat(kProductListedPrefix, order, "/");
}

ProjectionRows ProductRows(const ProductAggregate& state) {
  ProjectionRows rows;
  const pb::Product& product = state.product;
  if (!state.exists() || product.product_id().empty()) return rows;
  const std::string& id = product.product_id();
  rows[ProductRowKey(id)] = SerializeDeterministic(product);
  rows[ProductsOfUserPrefix(product.publisher_subject()) + id] = "";
  if (product.state() == pb::PRODUCT_STATE_SUBMITTED) {
    rows[absl::StrCat(kProductQueuePrefix, KeyPart(product.screening_region()),
                      "/", id)] = "";
  }
  if (product.state() != pb::PRODUCT_STATE_LISTED) return rows;
  for (absl::string_view order : {kProductOrderNewest, kProductOrderName}) {
    const std::string tail = absl::StrCat(SortKey(product, order), "/", id);
    rows[ListedProductsPrefix(order, "", pb::PRODUCT_FORM_UNSPECIFIED) + tail] =
        "";
    rows[ListedProductsPrefix(order, "", product.content().form()) + tail] = "";
    for (const pb::ProductCitation& c : product.content().citations()) {
      rows[ListedProductsPrefix(order, c.catalog_entry_id(),
                                pb::PRODUCT_FORM_UNSPECIFIED) +
           tail] = "";
    }
  }
  return rows;
}

}  // namespace opendata
