// CatalogQueries::PendingChanges (catalog_queries.h): the reviewers' work queue
// of content changes (Art. 9), confirmed migrations (Art. 13) and industry
// applications (Art. 10(3)), read from the catalog/work rows of the catalog
// projection. Const reads of the store; safe from any thread.
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/catalog_queries.h"
#include "engine/query/page_token.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   "work-queue row does not name a waiting application",
                   {{"key", key}});
}

}  // namespace

absl::StatusOr<PendingChangePage> CatalogQueries::PendingChanges(
    const pb::Actor& actor, const PendingChangeFilter& f) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  ASSIGN_OR_RETURN(int page_size, ResolvePageSize(f.page_size));
  std::string region = f.region;
  if (actor.level() == pb::LEVEL_COUNTY) {
    if (!region.empty() && region != actor.region()) {
      return RequireReviewerFor(actor, region);
    }
    region = actor.region();
  } else if (!region.empty() && !IsKnownRegion(region)) {
    return InvalidArgument("FILTER_INVALID",
                           {{"region", "not a Jining region code"}});
  }
  const std::string prefix =
      region.empty() ? std::string(kCatalogWorkAllPrefix)
                     : absl::StrCat(kCatalogWorkPrefix, region, "/");
  const std::string filter_key =
      absl::StrCat("work|", region, "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(prefix, after, page_size));
  PendingChangePage page;
  for (const auto& [key, value] : rows) {
    // <prefix><since micros>/<kind>/<id>
    const std::vector<std::string> parts =
        absl::StrSplit(key.substr(prefix.size()), '/');
    int64_t micros = 0;
    int kind = 0;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &micros) ||
        !absl::SimpleAtoi(parts[1], &kind) ||
        !pb::PendingChangeKind_IsValid(kind)) {
      return Corrupt(key);
    }
    ASSIGN_OR_RETURN(std::optional<pb::CatalogEntry> entry, Load(parts[2]));
    if (!entry.has_value()) return Corrupt(key);
    PendingChangeItem item;
    item.kind = static_cast<pb::PendingChangeKind>(kind);
    item.decision_region =
        item.kind == pb::PENDING_CHANGE_KIND_MIGRATION
            ? MigrationDecisionRegion(entry->region(),
                                      entry->current_migration().to_region())
            : entry->region();
    item.waiting_since = absl::FromUnixMicros(micros);
    item.entry = *std::move(entry);
    page.items.push_back(std::move(item));
  }
  if (static_cast<int>(rows.size()) == page_size) {
    page.next_page_token = EncodePageToken(filter_key, rows.back().first);
  }
  return page;
}

}  // namespace opendata
