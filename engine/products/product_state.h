// The data product aggregate (stream "product/<id>", Art. 20): its stream id,
// id rule and pure fold. The state the decider reads is also the view the
// product projection serves, so both are one fold. Plain value types; not
// thread-safe (each command folds its own copy).
#ifndef OPENDATA_ENGINE_PRODUCTS_PRODUCT_STATE_H_
#define OPENDATA_ENGINE_PRODUCTS_PRODUCT_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/products.pb.h"

namespace opendata {

// Stream id prefix.
inline constexpr char kProductStreamPrefix[] = "product/";

// "product/<id>".
std::string ProductStream(absl::string_view product_id);

// INVALID_ARGUMENT (PRODUCT_ID_INVALID) unless `id` is 3-64 characters of
// [a-z0-9-] starting with a letter.
absl::Status ValidateProductId(absl::string_view id, absl::string_view field);

struct ProductAggregate {
  // Stream version; 0 means nothing was submitted.
  int64_t version = 0;
  jining::opendata::v1::Product product;

  bool exists() const { return version > 0; }
};

// Applies one event of a product stream; other events are ignored.
void Evolve(ProductAggregate& state,
            const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PRODUCTS_PRODUCT_STATE_H_
