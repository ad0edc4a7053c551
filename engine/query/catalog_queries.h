// CatalogQueries: reads of the catalog projection for QueryService, with the
// platform's visibility rules: published entries are public; other entries are
// seen by their owner provider, the reviewers with jurisdiction, auditors and
// operators. An entry the caller may not see is reported as NOT_FOUND.
//
// Thread-safety: all methods are const reads of the store and safe from any
// thread.
#ifndef OPENDATA_ENGINE_QUERY_CATALOG_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_CATALOG_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/catalog_changes.pb.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/search.pb.h"
#include "storage/event_store.h"

namespace opendata {

// Default and maximum page sizes of list queries.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

struct CatalogListFilter {
  std::string provider_organization;  // empty: any
  jining::opendata::v1::CatalogEntryState state =
      jining::opendata::v1::CATALOG_ENTRY_STATE_UNSPECIFIED;
  jining::opendata::v1::OpenAttribute open_attribute =
      jining::opendata::v1::OPEN_ATTRIBUTE_UNSPECIFIED;
  int page_size = 0;       // 0: default
  std::string page_token;  // empty: first page
};

struct CatalogPage {
  std::vector<jining::opendata::v1::CatalogEntry> entries;
  std::string next_page_token;  // empty: last page
};

struct PendingReviewFilter {
  std::string region;  // city reviewer only; empty: all regions
  int page_size = 0;
  std::string page_token;
};

struct PendingReviewItem {
  jining::opendata::v1::CatalogEntry entry;
  bool overdue = false;
};

struct PendingReviewPage {
  std::vector<PendingReviewItem> items;
  std::string next_page_token;
};

struct TakedownNoticeFilter {
  int page_size = 0;  // 0: default
  std::string page_token;
};

struct TakedownNoticePage {
  // Entries whose takedown notice runs, earliest notice end first.
  std::vector<jining::opendata::v1::CatalogEntry> entries;
  std::string next_page_token;
};

struct PendingChangeFilter {
  std::string region;  // city reviewer only; empty: all regions
  int page_size = 0;   // 0: default
  std::string page_token;
};

struct PendingChangeItem {
  jining::opendata::v1::PendingChangeKind kind =
      jining::opendata::v1::PENDING_CHANGE_KIND_UNSPECIFIED;
  jining::opendata::v1::CatalogEntry entry;
  std::string decision_region;  // whose reviewer decides
  absl::Time waiting_since;
};

struct PendingChangePage {
  // Oldest first.
  std::vector<PendingChangeItem> items;
  std::string next_page_token;
};

class CatalogQueries {
 public:
  // `store` must outlive this object.
  explicit CatalogQueries(EventStore* store) : store_(store) {}

  // One entry. NOT_FOUND if missing or not visible to `actor`; INVALID_ARGUMENT
  // for a malformed id.
  absl::StatusOr<jining::opendata::v1::CatalogEntry> Get(
      const jining::opendata::v1::Actor& actor,
      const std::string& catalog_entry_id) const;

  // Entries in id order matching `filter` and visible to `actor`.
  // INVALID_ARGUMENT for a bad page size, enum value or page token (including a
  // token from a call with other filters).
  absl::StatusOr<CatalogPage> List(const jining::opendata::v1::Actor& actor,
                                   const CatalogListFilter& filter) const;

  // Entries awaiting `actor`'s formal review, earliest deadline first.
  // PERMISSION_DENIED unless a reviewer; a county reviewer may not ask for
  // another region.
  absl::StatusOr<PendingReviewPage> PendingReviews(
      const jining::opendata::v1::Actor& actor,
      const PendingReviewFilter& filter, absl::Time now) const;

  // Entries whose takedown public notice (Art. 14) runs, earliest end first.
  // Public: any authenticated actor. INVALID_ARGUMENT for a bad page size or
  // token.
  absl::StatusOr<TakedownNoticePage> TakedownNotices(
      const jining::opendata::v1::Actor& actor,
      const TakedownNoticeFilter& filter) const;

  // Applications waiting for `actor`'s decision (content changes, confirmed
  // migrations, industry applications), oldest first; implemented in
  // change_queries.cc. Same region rules and errors as PendingReviews.
  absl::StatusOr<PendingChangePage> PendingChanges(
      const jining::opendata::v1::Actor& actor,
      const PendingChangeFilter& filter) const;

  // Entries whose normalised name, domain or description contains the
  // normalised query (search_text.h), with the filters and visibility of List,
  // in the requested order; implemented in catalog_search.cc. Candidates come
  // from the rarest posting list of the query's grams (catalog/search rows) and
  // every hit is verified on the entry, so there are no n-gram false
  // positives. INVALID_ARGUMENT QUERY_INVALID (query), FILTER_INVALID
  // (region, provider_organization, domain, state, open_attribute, order),
  // PAGE_SIZE_INVALID, PAGE_TOKEN_INVALID (including a token of another query,
  // filters or order).
  absl::StatusOr<jining::opendata::v1::SearchCatalogEntriesResponse> Search(
      const jining::opendata::v1::Actor& actor,
      const jining::opendata::v1::SearchCatalogEntriesRequest& request) const;

 private:
  absl::StatusOr<std::optional<jining::opendata::v1::CatalogEntry>> Load(
      const std::string& id) const;

  EventStore* store_;
};

// True if `actor` may see `entry`: anyone sees a PUBLISHED or
// SUSPENDED_FOR_OBJECTION entry. The legal person that applied through the
// industry data entry sees its entry too.
bool CanSeeEntry(const jining::opendata::v1::Actor& actor,
                 const jining::opendata::v1::CatalogEntry& entry);

// The state a list or search of `actor` filters on when `requested` was asked
// for: callers other than providers, reviewers, auditors and operators see
// PUBLISHED entries unless they ask for a state.
jining::opendata::v1::CatalogEntryState ListedState(
    const jining::opendata::v1::Actor& actor,
    jining::opendata::v1::CatalogEntryState requested);

// Clears the subjects of the users notified of a takedown (who applied for
// which data is not public) unless `actor` is the entry's owner provider, a
// reviewer with jurisdiction, an auditor or an operator. Get and List apply
// it (ListTakedownNotices answers with TakedownNotice, which has no users).
void HideNotifiedUsers(const jining::opendata::v1::Actor& actor,
                       jining::opendata::v1::CatalogEntry& entry);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_CATALOG_QUERIES_H_
