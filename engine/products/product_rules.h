// Rules of data products (Art. 20) that the product decider applies: the
// content's fields, the check of each citation against what the pipeline read
// (the entry's facts, its open-list intervals, the publisher's grants for it),
// the screening region and the reviewer's reasons. Violations name fields and
// citations only. Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_PRODUCTS_PRODUCT_RULES_H_
#define OPENDATA_ENGINE_PRODUCTS_PRODUCT_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/open_list.pb.h"
#include "jining/opendata/v1/products.pb.h"

namespace opendata {

// Limits.
inline constexpr int kMaxProductCitations = 50;
inline constexpr int kMaxProductReasons = 20;
inline constexpr size_t kMaxProductReasonLength = 500;

// What the pipeline read for one citation, in the order of the content's
// citations.
struct CitationEvidence {
  // The cited entry's facts; nullopt if there is no such entry.
  std::optional<jining::opendata::v1::EntryFacts> entry;
  // The entry's open-list intervals, oldest first.
  std::vector<jining::opendata::v1::OpenListInterval> intervals;
  // The publisher's grants for the entry (any mode, any state).
  std::vector<jining::opendata::v1::AccessGrant> grants;
};

// Every field violation of `content` (reason PRODUCT_INVALID). `today` is the
// Asia/Shanghai day of the command: no acquisition date may be after it.
std::vector<FieldViolation> ContentViolations(
    const jining::opendata::v1::ProductContent& content, absl::CivilDay today);

// The basis of each citation of a valid `content`, from `evidence` (one per
// citation). NOT_FOUND CATALOG_ENTRY_NOT_FOUND for a citation of no entry;
// FAILED_PRECONDITION ART20_CITATION_NOT_ACQUIRABLE naming every citation
// (index and entry) for which neither an UNCONDITIONAL open-list interval
// touching the acquisition day nor a grant of the publisher covering it was
// found. An open-list basis is preferred to a grant.
absl::StatusOr<std::vector<jining::opendata::v1::CitationCheck>> CheckCitations(
    const jining::opendata::v1::ProductContent& content,
    const std::vector<CitationEvidence>& evidence);

// The region whose reviewer screens a product with these checks: the county
// when every cited entry is of that one county, else the city ("3708").
std::string ScreeningRegion(
    const std::vector<jining::opendata::v1::CitationCheck>& checks);

// INVALID_ARGUMENT PRODUCT_INVALID unless `reasons` has 1-kMaxProductReasons
// entries of 1-kMaxProductReasonLength characters each.
absl::Status CheckReasons(
    const google::protobuf::RepeatedPtrField<std::string>& reasons);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PRODUCTS_PRODUCT_RULES_H_
