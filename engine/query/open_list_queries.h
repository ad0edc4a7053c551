// OpenListQueries: reads of the release and open-list projections for
// QueryService — an entry's releases and quality assessments (visible to
// whoever may see the entry, see CanSeeEntry), the current open list
// (开放清单, Art. 8) and its export as it stood at any instant. The open list
// is public to any authenticated caller.
//
// Thread-safety: all methods are const reads of the store and safe from any
// thread.
#ifndef OPENDATA_ENGINE_QUERY_OPEN_LIST_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_OPEN_LIST_QUERIES_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/open_list.pb.h"
#include "jining/opendata/v1/releases.pb.h"
#include "storage/event_store.h"

namespace opendata {

// One page of an entry's history (releases or assessments).
struct EntryHistoryRequest {
  std::string catalog_entry_id;
  int page_size = 0;  // 0: default
  std::string page_token;
};

struct ReleasePage {
  std::vector<jining::opendata::v1::Release> releases;  // by number
  std::string next_page_token;
};

struct QualityAssessmentPage {
  std::vector<jining::opendata::v1::QualityAssessment> assessments;
  std::string next_page_token;
};

struct OpenListFilter {
  // UNSPECIFIED: both UNCONDITIONAL and CONDITIONAL.
  jining::opendata::v1::OpenAttribute open_attribute =
      jining::opendata::v1::OPEN_ATTRIBUTE_UNSPECIFIED;
  std::string provider_organization;  // empty: any
  std::string region;                 // empty: any
  std::string domain;                 // empty: any
  int page_size = 0;                  // ListOpenList only; 0: default
  std::string page_token;             // ListOpenList only
};

struct OpenListPage {
  std::vector<jining::opendata::v1::OpenListRow> rows;  // by entry id
  std::string next_page_token;
};

class OpenListQueries {
 public:
  // `store` must outlive this object.
  explicit OpenListQueries(EventStore* store) : store_(store) {}

  // The releases of an entry, by number. NOT_FOUND if the entry does not
  // exist or `actor` may not see it; INVALID_ARGUMENT for a bad id, page size
  // or token.
  absl::StatusOr<ReleasePage> Releases(
      const jining::opendata::v1::Actor& actor,
      const EntryHistoryRequest& request) const;

  // The quality assessments of an entry, by number; errors as Releases.
  absl::StatusOr<QualityAssessmentPage> QualityAssessments(
      const jining::opendata::v1::Actor& actor,
      const EntryHistoryRequest& request) const;

  // The current open list in entry id order. INVALID_ARGUMENT
  // (FILTER_INVALID, PAGE_TOKEN_INVALID) for bad filters or tokens.
  absl::StatusOr<OpenListPage> List(const jining::opendata::v1::Actor& actor,
                                    const OpenListFilter& filter) const;

  // The open list as it stood at `as_of`, in entry id order (filters as List,
  // page fields ignored).
  absl::StatusOr<std::vector<jining::opendata::v1::OpenListRow>> AsOf(
      const OpenListFilter& filter, absl::Time as_of) const;

  // Exports AsOf(filter, as_of) in `format`, handing chunks of at most
  // kExportChunkBytes to `sink` (at least one chunk). INVALID_ARGUMENT
  // (EXPORT_INVALID) for an unspecified format or an `as_of` after `now`;
  // a sink error stops the export and is returned.
  absl::Status Export(
      const OpenListFilter& filter, absl::Time as_of, absl::Time now,
      jining::opendata::v1::OpenListExportFormat format,
      const std::function<absl::Status(std::string chunk)>& sink) const;

 private:
  // Checks that `actor` may see entry `id` (NOT_FOUND otherwise).
  absl::Status CheckVisible(const jining::opendata::v1::Actor& actor,
                            const std::string& id) const;

  // Rows under `prefix` after the request's page token, at most a page.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> HistoryRows(
      const jining::opendata::v1::Actor& actor, const std::string& kind,
      const std::string& prefix, const EntryHistoryRequest& request,
      int* page_size) const;

  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_OPEN_LIST_QUERIES_H_
