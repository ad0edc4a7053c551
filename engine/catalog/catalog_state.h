// CatalogEntryState: what the catalog decider needs to know about one entry,
// and Evolve, the pure fold of the entry's events into it. Plain value type;
// not thread-safe (each command folds its own copy).
#ifndef OPENDATA_ENGINE_CATALOG_CATALOG_STATE_H_
#define OPENDATA_ENGINE_CATALOG_CATALOG_STATE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/deadlines/deadline_book.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

// Stream id of a catalog entry's events: "catalog-entry/<id>".
std::string CatalogEntryStream(const std::string& catalog_entry_id);

// Id of the formal-review deadline of one submission:
// "catalog-review:<id>:<submission>".
std::string CatalogReviewDeadlineId(const std::string& catalog_entry_id,
                                    int32_t submission);

struct CatalogEntryState {
  // Stream version; 0 means the entry does not exist.
  int64_t version = 0;
  std::string catalog_entry_id;
  std::string provider_organization;
  pb::Level level = pb::LEVEL_UNSPECIFIED;
  std::string region;
  pb::CatalogEntryContent content;
  pb::CatalogEntryState state = pb::CATALOG_ENTRY_STATE_UNSPECIFIED;
  int32_t submissions = 0;
  absl::Time review_due = absl::InfinitePast();
  // The last failed-review notice: the fields it cited and the content it
  // judged.
  bool has_notice = false;
  std::vector<std::string> notice_fields;
  pb::CatalogEntryContent content_at_notice;
  // Set by a resubmission: fields changed since the last notice.
  std::vector<std::string> changed_since_notice;
  // Clocks of this entry (the formal review of each submission).
  DeadlineBook deadlines;

  bool exists() const { return version > 0; }
};

// Applies one event of the entry's stream. Events of other types are ignored.
void Evolve(CatalogEntryState& state, const pb::EventEnvelope& event);

// Top-level fields of CatalogEntryContent (proto names) whose values differ
// between `a` and `b`, sorted.
std::vector<std::string> ChangedContentFields(const pb::CatalogEntryContent& a,
                                              const pb::CatalogEntryContent& b);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_CATALOG_STATE_H_
