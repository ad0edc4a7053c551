// Text normalisation and n-grams of the catalog search (QueryService.
// SearchCatalogEntries). Text is handled as Unicode code points, so Chinese
// text (no spaces between words) is searched by substring, not by
// whitespace tokens. Pure functions; safe from any thread.
#ifndef OPENDATA_ENGINE_QUERY_SEARCH_TEXT_H_
#define OPENDATA_ENGINE_QUERY_SEARCH_TEXT_H_

#include <set>
#include <string>

#include "absl/strings/string_view.h"

namespace opendata {

// Normalises UTF-8 `text` for matching: full-width ASCII forms (U+FF01-FF5E)
// become ASCII, ASCII letters lower-case, every run of white space (ASCII and
// U+3000) one space, leading and trailing space removed. A malformed byte
// becomes U+FFFD. The result is UTF-8.
std::string NormalizeSearchText(absl::string_view text);

// The distinct unigrams (except the space) and bigrams of normalised `text`,
// each as UTF-8: the grams the search index lists an entry under.
std::set<std::string> IndexGrams(absl::string_view normalized);

// The grams whose posting lists a normalised, non-empty query must be in: its
// one character if it has one, else its distinct bigrams.
std::set<std::string> QueryGrams(absl::string_view normalized);

// `gram` as a key segment: '%' and '/' escaped as %25 and %2F, so that a
// gram never reads as a key separator.
std::string GramKeySegment(absl::string_view gram);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_SEARCH_TEXT_H_
