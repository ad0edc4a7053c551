// Validation of catalog entry content, in two tiers:
//  - ValidateContentFormat: what must hold even for a draft (lengths, dates,
//  known enum values, no duplicates).
//    Refusal: INVALID_ARGUMENT, reason CONTENT_INVALID, a BadRequest naming
//    every bad field.
//  - CheckSubmittable: the rules an entry must meet before formal review
//  (required fields; Art. 7 conditions
//    and legal basis; desensitisation of every sensitive field; Art. 10/24
//    security review). Refusal: FAILED_PRECONDITION, reason
//    SUBMISSION_INCOMPLETE, a PreconditionFailure listing every broken rule.
// Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_CATALOG_CATALOG_VALIDATION_H_
#define OPENDATA_ENGINE_CATALOG_CATALOG_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/catalog.pb.h"

namespace opendata {

// Checks a catalog entry id: 3-64 characters of [a-z0-9-], starting with a
// letter. Field path `field`.
absl::Status ValidateCatalogEntryId(absl::string_view id,
                                    absl::string_view field);

// Format checks; `prefix` is the path of the content in the request (e.g.
// "content").
absl::Status ValidateContentFormat(
    const jining::opendata::v1::CatalogEntryContent& content,
    absl::string_view prefix);

// Submission rules. Assumes ValidateContentFormat passed.
absl::Status CheckSubmittable(
    const jining::opendata::v1::CatalogEntryContent& content);

// If `text` states a condition on company scale or on region (Art. 7:
// discriminatory), returns the phrase found; otherwise "".
std::string DiscriminatoryPhrase(absl::string_view text);

// Number of Unicode code points in UTF-8 `s`.
size_t Utf8Length(absl::string_view s);

// True if `s` is an ISO date "YYYY-MM-DD" that exists.
bool IsIsoDate(absl::string_view s);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_CATALOG_VALIDATION_H_
