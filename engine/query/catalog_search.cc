// CatalogQueries::Search (catalog_queries.h): the catalog search of
// QueryService.SearchCatalogEntries over the catalog/search/<gram>/<id> rows
// of the catalog projection.
//
// A query runs in three steps. (1) Its grams (search_text.h) are probed: the
// first kProbe rows of each posting list; a list shorter than that is
// complete. (2) The shortest list drives: each of its ids must be on every
// other list (a lookup in a complete probed list, else one point read). (3)
// The survivors are loaded and checked: filters, visibility, and a true
// substring match of the normalised query in the normalised name, domain or
// description (all bigrams present does not mean they are contiguous). Hits
// are then ordered by a sort key that ends with the id, and a page resumes
// after the last key returned. In id order the driving list is read from the
// token on and the scan stops once the page is full.
//
// Thread-safety: const reads of the store; safe from any thread.
#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/organizations/organization_state.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/catalog_queries.h"
#include "engine/query/page_token.h"
#include "engine/query/search_text.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Rows of each posting list read before choosing the driving list.
constexpr size_t kProbe = 256;
// Rows of the driving list read per scan after the probe.
constexpr size_t kBatch = 1024;
constexpr int kMaxQueryLength = 64;
constexpr int kMaxDomainLength = 50;

struct Posting {
  std::string prefix;            // catalog/search/<gram>/
  std::vector<std::string> ids;  // the probed ids, in order
  bool complete = false;         // true if `ids` is the whole list
};

struct Hit {
  std::string key;  // sort key; ends with the id
  pb::SearchHit hit;
};

bool HasControl(absl::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

absl::Status ValidateRequest(const pb::SearchCatalogEntriesRequest& r,
                             const std::string& normalized) {
  const size_t length = Utf8Length(r.query());
  if (length == 0 || length > kMaxQueryLength) {
    return InvalidArgument("QUERY_INVALID",
                           {{"query", "must be 1-64 characters"}});
  }
  if (HasControl(r.query())) {
    return InvalidArgument("QUERY_INVALID",
                           {{"query", "contains control characters"}});
  }
  if (normalized.empty()) {
    return InvalidArgument("QUERY_INVALID", {{"query", "only white space"}});
  }
  std::vector<FieldViolation> violations;
  if (!r.provider_organization().empty() &&
      !ValidateOrganizationId(r.provider_organization(),
                              "provider_organization")
           .ok()) {
    violations.push_back({"provider_organization",
                          "not an organisation code: 1-64 of [A-Za-z0-9._-]"});
  }
  if (!r.region().empty() && !IsKnownRegion(r.region()))
    violations.push_back({"region", "not a Jining region code"});
  if (Utf8Length(r.domain()) > kMaxDomainLength || HasControl(r.domain()))
    violations.push_back({"domain", "at most 50 characters, no control"});
  if (!pb::CatalogEntryState_IsValid(r.state()))
    violations.push_back({"state", "unknown value"});
  if (!pb::OpenAttribute_IsValid(r.open_attribute()))
    violations.push_back({"open_attribute", "unknown value"});
  if (!pb::SearchOrder_IsValid(r.order()))
    violations.push_back({"order", "unknown value"});
  if (!violations.empty())
    return InvalidArgument("FILTER_INVALID", std::move(violations));
  return absl::OkStatus();
}

// Length-prefixed, so that no two requests share a filter key.
void AddPart(std::string& key, absl::string_view part) {
  absl::StrAppend(&key, part.size(), ":", part, "|");
}

std::string IdOf(absl::string_view key) {
  return std::string(key.substr(key.rfind('/') + 1));
}

// The fields of `entry` that contain `query` (both normalised).
std::vector<pb::SearchField> MatchedFields(const pb::CatalogEntry& entry,
                                           const std::string& query) {
  std::vector<pb::SearchField> fields;
  const pb::CatalogEntryContent& c = entry.content();
  if (NormalizeSearchText(c.name()).find(query) != std::string::npos)
    fields.push_back(pb::SEARCH_FIELD_NAME);
  if (NormalizeSearchText(c.domain()).find(query) != std::string::npos)
    fields.push_back(pb::SEARCH_FIELD_DOMAIN);
  if (NormalizeSearchText(c.description()).find(query) != std::string::npos)
    fields.push_back(pb::SEARCH_FIELD_DESCRIPTION);
  return fields;
}

// Ascending sort key of a hit in `order`; every key ends with "\0<id>" or
// "/<id>" so that keys are distinct.
std::string SortKey(pb::SearchOrder order, const pb::CatalogEntry& entry,
                    const std::vector<pb::SearchField>& fields) {
  const std::string& id = entry.catalog_entry_id();
  switch (order) {
    case pb::SEARCH_ORDER_NAME:
      return absl::StrCat(NormalizeSearchText(entry.content().name()),
                          std::string(1, '\0'), id);
    case pb::SEARCH_ORDER_UPDATE_TIME: {
      const int64_t micros = absl::ToUnixMicros(FromProto(entry.update_time()));
      return absl::StrCat(
          SortableNumber(std::numeric_limits<int64_t>::max() - micros, 20), "/",
          id);
    }
    case pb::SEARCH_ORDER_ID:
      return id;
    default: {
      int weight = 0;
      for (pb::SearchField f : fields) {
        if (f == pb::SEARCH_FIELD_NAME) weight += 4;
        if (f == pb::SEARCH_FIELD_DOMAIN) weight += 2;
        if (f == pb::SEARCH_FIELD_DESCRIPTION) weight += 1;
      }
      return absl::StrCat(7 - weight, "/", id);
    }
  }
}

}  // namespace

absl::StatusOr<pb::SearchCatalogEntriesResponse> CatalogQueries::Search(
    const pb::Actor& actor, const pb::SearchCatalogEntriesRequest& r) const {
  const std::string query = NormalizeSearchText(r.query());
  RETURN_IF_ERROR(ValidateRequest(r, query));
  ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(r.page_size()));
  const pb::CatalogEntryState state = ListedState(actor, r.state());
  const std::string domain = NormalizeSearchText(r.domain());
  const pb::SearchOrder order = r.order() == pb::SEARCH_ORDER_UNSPECIFIED
                                    ? pb::SEARCH_ORDER_RELEVANCE
                                    : r.order();
  std::string filter_key = "search|";
  for (absl::string_view part :
       {absl::string_view(query), absl::string_view(r.provider_organization()),
        absl::string_view(r.region()), absl::string_view(domain),
        absl::string_view(actor.subject())}) {
    AddPart(filter_key, part);
  }
  absl::StrAppend(&filter_key, state, "|", r.open_attribute(), "|", order);
  ASSIGN_OR_RETURN(const std::string after,
                   DecodePageToken(filter_key, r.page_token()));

  // (1) Probe every posting list.
  std::vector<Posting> postings;
  for (const std::string& gram : QueryGrams(query)) {
    Posting p;
    p.prefix = absl::StrCat(kCatalogSearchPrefix, GramKeySegment(gram), "/");
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(p.prefix, "", kProbe));
    for (const auto& [key, value] : rows) p.ids.push_back(IdOf(key));
    p.complete = rows.size() < kProbe;
    postings.push_back(std::move(p));
  }
  const size_t driver =
      std::min_element(postings.begin(), postings.end(),
                       [](const Posting& a, const Posting& b) {
                         return a.ids.size() < b.ids.size();
                       }) -
      postings.begin();

  // (2) and (3): check each id of the driving list.
  std::vector<Hit> hits;
  auto check = [&](const std::string& id) -> absl::Status {
    if (order == pb::SEARCH_ORDER_ID && id <= after) return absl::OkStatus();
    for (size_t i = 0; i < postings.size(); ++i) {
      if (i == driver) continue;
      const Posting& p = postings[i];
      if (p.complete) {
        if (!std::binary_search(p.ids.begin(), p.ids.end(), id))
          return absl::OkStatus();
        continue;
      }
      ASSIGN_OR_RETURN(std::optional<std::string> row,
                       store_->GetProjection(p.prefix + id));
      if (!row.has_value()) return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::optional<pb::CatalogEntry> entry, Load(id));
    if (!entry.has_value()) return absl::OkStatus();
    const bool match =
        (state == pb::CATALOG_ENTRY_STATE_UNSPECIFIED ||
         entry->state() == state) &&
        (r.open_attribute() == pb::OPEN_ATTRIBUTE_UNSPECIFIED ||
         entry->content().open_attribute() == r.open_attribute()) &&
        (r.provider_organization().empty() ||
         entry->provider_organization() == r.provider_organization()) &&
        (r.region().empty() || entry->region() == r.region()) &&
        (domain.empty() ||
         NormalizeSearchText(entry->content().domain()) == domain);
    if (!match || !CanSeeEntry(actor, *entry)) return absl::OkStatus();
    std::vector<pb::SearchField> fields = MatchedFields(*entry, query);
    if (fields.empty()) return absl::OkStatus();
    Hit hit;
    hit.key = SortKey(order, *entry, fields);
    if (hit.key <= after) return absl::OkStatus();
    HideNotifiedUsers(actor, *entry);
    *hit.hit.mutable_catalog_entry() = *std::move(entry);
    for (pb::SearchField f : fields) hit.hit.add_matched_fields(f);
    hits.push_back(std::move(hit));
    return absl::OkStatus();
  };
  // In id order the page is complete once it holds page_size + 1 hits.
  auto full = [&] {
    return order == pb::SEARCH_ORDER_ID &&
           static_cast<int>(hits.size()) > page_size;
  };
  const Posting& d = postings[driver];
  std::string last;
  for (const std::string& id : d.ids) {
    if (full()) break;
    RETURN_IF_ERROR(check(id));
    last = id;
  }
  if (!d.complete) {
    if (order == pb::SEARCH_ORDER_ID) last = std::max(last, after);
    while (!full()) {
      ASSIGN_OR_RETURN(
          auto rows, store_->ScanProjection(d.prefix, d.prefix + last, kBatch));
      for (const auto& [key, value] : rows) {
        last = IdOf(key);
        RETURN_IF_ERROR(check(last));
        if (full()) break;
      }
      if (rows.size() < kBatch) break;
    }
  }

  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return a.key < b.key; });
  pb::SearchCatalogEntriesResponse response;
  const size_t n = std::min(hits.size(), static_cast<size_t>(page_size));
  for (size_t i = 0; i < n; ++i) *response.add_hits() = std::move(hits[i].hit);
  if (hits.size() > n)
    response.set_next_page_token(EncodePageToken(filter_key, hits[n - 1].key));
  return response;
}

}  // namespace opendata
