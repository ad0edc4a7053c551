// CatalogEntryState: what the catalog decider needs to know about one entry,
// and Evolve, the pure fold of the entry's events into it. Plain value type;
// not thread-safe (each command folds its own copy).
#ifndef OPENDATA_ENGINE_CATALOG_CATALOG_STATE_H_
#define OPENDATA_ENGINE_CATALOG_CATALOG_STATE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/catalog/objection_state.h"
#include "engine/catalog/release_state.h"
#include "engine/deadlines/deadline_book.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/catalog_changes.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

// Stream id of a catalog entry's events: "catalog-entry/<id>".
std::string CatalogEntryStream(const std::string& catalog_entry_id);

// Id of the formal-review deadline of one submission:
// "catalog-review:<id>:<submission>".
std::string CatalogReviewDeadlineId(const std::string& catalog_entry_id,
                                    int32_t submission);

// Id of the public-notice deadline of one takedown application:
// "takedown-notice:<id>:<takedown number>".
std::string TakedownNoticeDeadlineId(const std::string& catalog_entry_id,
                                     int32_t takedown);

// True while a takedown application waits for an approval or its notice runs.
bool TakedownPending(const pb::Takedown& takedown);

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
  // Clocks of this entry (the formal review of each submission, takedown
  // notices).
  DeadlineBook deadlines;
  // The latest takedown application (Art. 14); number 0 if none.
  pb::Takedown takedown;
  // The running quality takedown (先行下架); meaningful while
  // SUSPENDED_FOR_QUALITY.
  pb::QualitySuspension suspension;
  // The latest content change application (Art. 9); number 0 if none.
  pb::ContentChange change;
  // The latest migration application (Art. 13); number 0 if none.
  pb::Migration migration;
  // The industry data entry application (Art. 10(3)); number 0 if the entry
  // was created by a provider.
  pb::IndustryApplication industry;
  // The destruction decision (Art. 14); destroy_time unset if none.
  pb::Destruction destruction;
  // Releases and quality assessments (Art. 12).
  ReleaseLedger release_ledger;
  // Objections (Art. 19) by number.
  ObjectionLedger objections;

  bool exists() const { return version > 0; }
  bool destroyed() const { return destruction.has_destroy_time(); }
};

// Applies one event of the entry's stream. Events of other types are ignored.
void Evolve(CatalogEntryState& state, const pb::EventEnvelope& event);

// Applies one takedown event (Art. 14: application, approvals, refusal,
// withdrawal, notice revision, effect; quality takedown, remediation,
// republication) to the entry's state, takedown record and quality suspension.
// Shared by Evolve and the catalog projection so both read the events alike.
// Returns false for events it does not handle.
bool FoldTakedownEvent(const pb::EventEnvelope& event,
                       const std::string& catalog_entry_id,
                       pb::CatalogEntryState& state, pb::Takedown& takedown,
                       pb::QualitySuspension& suspension);

// Top-level fields of CatalogEntryContent (proto names) whose values differ
// between `a` and `b`, sorted.
std::vector<std::string> ChangedContentFields(const pb::CatalogEntryContent& a,
                                              const pb::CatalogEntryContent& b);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_CATALOG_STATE_H_
