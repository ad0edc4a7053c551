// Implementation of catalog_queries.h. Lists walk one secondary index of the
// catalog projection (the most selective filter given) and apply the remaining
// filters and visibility to each entry.
#include "engine/query/catalog_queries.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/page_token.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// Rows examined per page at most, so that a sparse filter cannot make one call
// scan the whole catalog; the page may then be short, with a token to continue.
constexpr size_t kScanBudget = 5000;

std::string IdFromKey(absl::string_view key) {
  const size_t slash = key.rfind('/');
  return std::string(key.substr(slash + 1));
}

bool Privileged(const pb::Actor& actor) {
  return IsOverseer(actor) || actor.role() == pb::ROLE_REVIEWER ||
         actor.role() == pb::ROLE_PROVIDER;
}

}  // namespace

bool CanSeeEntry(const pb::Actor& actor, const pb::CatalogEntry& entry) {
  // An entry suspended by an objection stays visible, so that the public sees
  // it is suspended (the view holds no objector's data).
  if (entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED ||
      entry.state() == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION) {
    return true;
  }
  if (IsOverseer(actor)) return true;
  if (actor.role() == pb::ROLE_USER) {
    return !actor.organization().empty() &&
           entry.industry().applicant_organization() == actor.organization();
  }
  if (actor.role() == pb::ROLE_PROVIDER)
    return actor.organization() == entry.provider_organization();
  return IsReviewerFor(actor, entry.region());
}

pb::CatalogEntryState ListedState(const pb::Actor& actor,
                                  pb::CatalogEntryState requested) {
  if (!Privileged(actor) && requested == pb::CATALOG_ENTRY_STATE_UNSPECIFIED)
    return pb::CATALOG_ENTRY_STATE_PUBLISHED;
  return requested;
}

void HideNotifiedUsers(const pb::Actor& actor, pb::CatalogEntry& entry) {
  if (IsOverseer(actor) || IsReviewerFor(actor, entry.region())) return;
  if (actor.role() == pb::ROLE_PROVIDER &&
      actor.organization() == entry.provider_organization()) {
    return;
  }
  if (entry.has_current_takedown())
    entry.mutable_current_takedown()->clear_notified_users();
}

absl::StatusOr<std::optional<pb::CatalogEntry>> CatalogQueries::Load(
    const std::string& id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> row,
                   store_->GetProjection(kCatalogEntryRowPrefix + id));
  if (!row.has_value()) return std::optional<pb::CatalogEntry>();
  pb::CatalogEntry entry;
  if (!entry.ParseFromString(*row)) {
    return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                     "stored catalog projection row does not parse",
                     {{"catalog_entry_id", id}});
  }
  return std::optional<pb::CatalogEntry>(std::move(entry));
}

absl::StatusOr<pb::CatalogEntry> CatalogQueries::Get(
    const pb::Actor& actor, const std::string& id) const {
  RETURN_IF_ERROR(ValidateCatalogEntryId(id, "catalog_entry_id"));
  ASSIGN_OR_RETURN(std::optional<pb::CatalogEntry> entry, Load(id));
  if (!entry.has_value() || !CanSeeEntry(actor, *entry)) {
    return MakeError(absl::StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND",
                     absl::StrCat("catalog entry ", id, " not found"),
                     {{"catalog_entry_id", id}});
  }
  HideNotifiedUsers(actor, *entry);
  return *std::move(entry);
}

absl::StatusOr<CatalogPage> CatalogQueries::List(
    const pb::Actor& actor, const CatalogListFilter& f) const {
  ASSIGN_OR_RETURN(int page_size, ResolvePageSize(f.page_size));
  if (!pb::CatalogEntryState_IsValid(f.state)) {
    return InvalidArgument("FILTER_INVALID", {{"state", "unknown value"}});
  }
  if (!pb::OpenAttribute_IsValid(f.open_attribute)) {
    return InvalidArgument("FILTER_INVALID",
                           {{"open_attribute", "unknown value"}});
  }
  const pb::CatalogEntryState state = ListedState(actor, f.state);
  std::string prefix = kCatalogEntryRowPrefix;
  if (!f.provider_organization.empty()) {
    prefix =
        absl::StrCat(kCatalogByProviderPrefix, f.provider_organization, "/");
  } else if (state != pb::CATALOG_ENTRY_STATE_UNSPECIFIED) {
    prefix = absl::StrCat(kCatalogByStatePrefix, SortableNumber(state, 2), "/");
  } else if (f.open_attribute != pb::OPEN_ATTRIBUTE_UNSPECIFIED) {
    prefix = absl::StrCat(kCatalogByAttributePrefix,
                          SortableNumber(f.open_attribute, 2), "/");
  }
  const std::string filter_key =
      absl::StrCat("list|", f.provider_organization, "|", state, "|",
                   f.open_attribute, "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  if (!after.empty() && after.rfind(prefix, 0) != 0)
    return DecodePageToken(filter_key, "x").status();
  ASSIGN_OR_RETURN(auto rows,
                   store_->ScanProjection(prefix, after, kScanBudget));
  CatalogPage page;
  std::string last_key;
  for (const auto& [key, value] : rows) {
    last_key = key;
    ASSIGN_OR_RETURN(std::optional<pb::CatalogEntry> entry,
                     Load(IdFromKey(key)));
    if (!entry.has_value()) continue;
    const bool match =
        (state == pb::CATALOG_ENTRY_STATE_UNSPECIFIED ||
         entry->state() == state) &&
        (f.open_attribute == pb::OPEN_ATTRIBUTE_UNSPECIFIED ||
         entry->content().open_attribute() == f.open_attribute) &&
        (f.provider_organization.empty() ||
         entry->provider_organization() == f.provider_organization);
    if (!match || !CanSeeEntry(actor, *entry)) continue;
    HideNotifiedUsers(actor, *entry);
    page.entries.push_back(*std::move(entry));
    if (static_cast<int>(page.entries.size()) == page_size) break;
  }
  const bool more = static_cast<int>(page.entries.size()) == page_size ||
                    rows.size() == kScanBudget;
  if (more && !last_key.empty())
    page.next_page_token = EncodePageToken(filter_key, last_key);
  return page;
}

absl::StatusOr<PendingReviewPage> CatalogQueries::PendingReviews(
    const pb::Actor& actor, const PendingReviewFilter& f,
    absl::Time now) const {
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
      region.empty() ? std::string(kCatalogPendingAllPrefix)
                     : absl::StrCat(kCatalogPendingPrefix, region, "/");
  const std::string filter_key =
      absl::StrCat("pending|", region, "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(prefix, after, page_size));
  PendingReviewPage page;
  for (const auto& [key, value] : rows) {
    ASSIGN_OR_RETURN(std::optional<pb::CatalogEntry> entry,
                     Load(IdFromKey(key)));
    if (!entry.has_value()) {
      return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                       "pending-review index names a missing entry",
                       {{"key", key}});
    }
    PendingReviewItem item;
    item.overdue = now > FromProto(entry->review_due_time());
    item.entry = *std::move(entry);
    page.items.push_back(std::move(item));
  }
  if (static_cast<int>(rows.size()) == page_size) {
    page.next_page_token = EncodePageToken(filter_key, rows.back().first);
  }
  return page;
}

absl::StatusOr<TakedownNoticePage> CatalogQueries::TakedownNotices(
    const pb::Actor& actor, const TakedownNoticeFilter& f) const {
  ASSIGN_OR_RETURN(int page_size, ResolvePageSize(f.page_size));
  const std::string filter_key = absl::StrCat("notices|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(kCatalogNoticePrefix,
                                                     after, page_size));
  TakedownNoticePage page;
  for (const auto& [key, value] : rows) {
    ASSIGN_OR_RETURN(std::optional<pb::CatalogEntry> entry,
                     Load(IdFromKey(key)));
    if (!entry.has_value()) {
      return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                       "takedown-notice index names a missing entry",
                       {{"key", key}});
    }
    page.entries.push_back(*std::move(entry));
  }
  if (static_cast<int>(rows.size()) == page_size) {
    page.next_page_token = EncodePageToken(filter_key, rows.back().first);
  }
  return page;
}

}  // namespace opendata
