// Implementation of deadline_queries.h.
#include "engine/query/deadline_queries.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/deadline_projection.h"
#include "engine/query/page_token.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr size_t kScanBudget = 5000;

std::string StatePart(pb::DeadlineState state) {
  return state == pb::DEADLINE_STATE_UNSPECIFIED
             ? ""
             : SortableNumber(state, 2) + "/";
}

absl::Status ValidateFilter(const DeadlineFilter& f) {
  std::vector<FieldViolation> v;
  if (!pb::DeadlineState_IsValid(f.state))
    v.push_back({"state", "unknown value"});
  if (!f.region.empty() && !IsKnownRegion(f.region))
    v.push_back({"region", "not a Jining region code"});
  if (f.due_after != absl::InfinitePast() &&
      f.due_before != absl::InfiniteFuture() && f.due_before <= f.due_after) {
    v.push_back({"due_before", "must be after due_after"});
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("FILTER_INVALID", std::move(v));
}

}  // namespace

absl::StatusOr<bool> DeadlineQueries::Visible(const pb::Actor& actor,
                                              const pb::Deadline& d) const {
  if (IsOverseer(actor)) return true;
  if (actor.role() == pb::ROLE_REVIEWER)
    return IsReviewerFor(actor, d.responsible_region());
  if (actor.role() != pb::ROLE_PROVIDER) return false;
  if (!d.responsible_organization().empty())
    return d.responsible_organization() == actor.organization();
  ASSIGN_OR_RETURN(
      std::optional<std::string> row,
      store_->GetProjection(kCatalogEntryRowPrefix + d.subject_id()));
  pb::CatalogEntry entry;
  return row.has_value() && entry.ParseFromString(*row) &&
         entry.provider_organization() == actor.organization();
}

absl::StatusOr<DeadlinePage> DeadlineQueries::List(
    const pb::Actor& actor, const DeadlineFilter& f, absl::Time now,
    const WorkingCalendar& calendar) const {
  if (actor.role() == pb::ROLE_USER)
    return RequireRole(actor, pb::ROLE_REVIEWER);
  ASSIGN_OR_RETURN(int page_size, ResolvePageSize(f.page_size));
  RETURN_IF_ERROR(ValidateFilter(f));
  std::string prefix;
  if (!f.responsible_organization.empty()) {
    prefix = absl::StrCat(kDeadlineByOrgPrefix, f.responsible_organization, "/",
                          StatePart(f.state));
  } else if (!f.region.empty()) {
    prefix = absl::StrCat(kDeadlineByRegionPrefix, f.region, "/",
                          StatePart(f.state));
  } else {
    prefix = absl::StrCat(kDeadlineByStatePrefix, StatePart(f.state));
  }
  // The region is bound too: with an organisation filter it is not part of the
  // prefix.
  const std::string filter_key = absl::StrCat(
      "deadlines|", prefix, "|", f.region, "|", absl::ToUnixMicros(f.due_after),
      "|", absl::ToUnixMicros(f.due_before), "|", actor.subject());
  ASSIGN_OR_RETURN(std::string after,
                   DecodePageToken(filter_key, f.page_token));
  ASSIGN_OR_RETURN(auto rows,
                   store_->ScanProjection(prefix, after, kScanBudget));
  DeadlinePage page;
  std::string last_key;
  for (const auto& [key, value] : rows) {
    last_key = key;
    const std::string id = key.substr(key.rfind('/') + 1);
    ASSIGN_OR_RETURN(std::optional<std::string> row,
                     store_->GetProjection(kDeadlineRowPrefix + id));
    DeadlineItem item;
    if (!row.has_value() || !item.deadline.ParseFromString(*row)) {
      return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                       "deadline index names a missing deadline",
                       {{"deadline_id", id}});
    }
    const absl::Time due = FromProto(item.deadline.due_time());
    if (due < f.due_after || due >= f.due_before) continue;
    if (!f.region.empty() && item.deadline.responsible_region() != f.region)
      continue;
    ASSIGN_OR_RETURN(bool visible, Visible(actor, item.deadline));
    if (!visible) continue;
    if (item.deadline.state() == pb::DEADLINE_STATE_OPEN) {
      item.working_days_remaining =
          calendar.WorkingDaysRemaining(now, due, &item.remaining_provisional);
      item.past_due = IsOverdue(now, due);
    }
    page.items.push_back(std::move(item));
    if (static_cast<int>(page.items.size()) == page_size) break;
  }
  const bool more = static_cast<int>(page.items.size()) == page_size ||
                    rows.size() == kScanBudget;
  if (more && !last_key.empty())
    page.next_page_token = EncodePageToken(filter_key, last_key);
  return page;
}

}  // namespace opendata
