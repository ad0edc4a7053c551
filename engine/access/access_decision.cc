// Implementation of access_decision.h.
#include "engine/access/access_decision.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

pb::AccessDecision Deny(pb::AccessReason reason, absl::Time now) {
  pb::AccessDecision d;
  d.set_allowed(false);
  d.set_reason(reason);
  *d.mutable_decision_time() = ToProto(now);
  return d;
}

// How close a grant comes to allowing access: higher is closer.
int Rank(pb::AccessReason reason) {
  switch (reason) {
    case pb::ACCESS_REASON_GRANT_NOT_STARTED:
      return 3;
    case pb::ACCESS_REASON_GRANT_ENDED:
      return 2;
    case pb::ACCESS_REASON_GRANT_REVOKED:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

pb::AccessDecision DecideAccess(const std::optional<pb::CatalogEntry>& entry,
                                pb::ServiceMode mode,
                                const std::vector<pb::AccessGrant>& grants,
                                absl::Time now) {
  if (!entry.has_value()) return Deny(pb::ACCESS_REASON_ENTRY_NOT_FOUND, now);
  switch (entry->state()) {
    case pb::CATALOG_ENTRY_STATE_PUBLISHED:
      break;
    case pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY:
    case pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION:
      return Deny(pb::ACCESS_REASON_SUSPENDED, now);
    case pb::CATALOG_ENTRY_STATE_TAKEN_DOWN:
      return Deny(pb::ACCESS_REASON_TAKEN_DOWN, now);
    default:
      return Deny(pb::ACCESS_REASON_NOT_PUBLISHED, now);
  }
  const pb::CatalogEntryContent& content = entry->content();
  if (content.open_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN) {
    return Deny(pb::ACCESS_REASON_NOT_OPEN, now);
  }
  bool offered = false;
  for (int m : content.service_modes()) offered = offered || m == mode;
  if (!offered) return Deny(pb::ACCESS_REASON_MODE_NOT_OFFERED, now);
  if (content.open_attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL) {
    pb::AccessDecision d;
    d.set_allowed(true);
    d.set_reason(pb::ACCESS_REASON_UNCONDITIONAL);
    *d.mutable_decision_time() = ToProto(now);
    return d;
  }
  pb::AccessDecision best = Deny(pb::ACCESS_REASON_NO_GRANT, now);
  for (const pb::AccessGrant& g : grants) {
    pb::AccessReason reason;
    if (g.state() == pb::GRANT_STATE_REVOKED) {
      reason = pb::ACCESS_REASON_GRANT_REVOKED;
    } else if (g.state() != pb::GRANT_STATE_ACTIVE ||
               now > FromProto(g.end_time())) {
      reason = pb::ACCESS_REASON_GRANT_ENDED;
    } else if (now < FromProto(g.start_time())) {
      reason = pb::ACCESS_REASON_GRANT_NOT_STARTED;
    } else {
      reason = pb::ACCESS_REASON_GRANT_ACTIVE;
    }
    if (reason == pb::ACCESS_REASON_GRANT_ACTIVE) {
      pb::AccessDecision d;
      d.set_allowed(true);
      d.set_reason(reason);
      d.set_application_id(g.application_id());
      *d.mutable_valid_until() = g.end_time();
      *d.mutable_decision_time() = ToProto(now);
      return d;
    }
    if (Rank(reason) > Rank(best.reason())) {
      best = Deny(reason, now);
      best.set_application_id(g.application_id());
      *best.mutable_valid_until() = g.end_time();
    }
  }
  return best;
}

absl::StatusOr<pb::AccessDecision> AccessQueries::Check(
    const pb::Actor& actor, const std::string& catalog_entry_id,
    pb::ServiceMode mode, absl::Time now) const {
  RETURN_IF_ERROR(ValidateCatalogEntryId(catalog_entry_id, "catalog_entry_id"));
  if (mode == pb::SERVICE_MODE_UNSPECIFIED || !pb::ServiceMode_IsValid(mode)) {
    return InvalidArgument("ACCESS_QUERY_INVALID",
                           {{"service_mode", "required"}});
  }
  if (actor.role() != pb::ROLE_USER) {
    return Deny(pb::ACCESS_REASON_NOT_A_USER, now);
  }
  ASSIGN_OR_RETURN(std::optional<std::string> row,
                   store_->GetProjection(
                       absl::StrCat(kCatalogEntryRowPrefix, catalog_entry_id)));
  std::optional<pb::CatalogEntry> entry;
  if (row.has_value()) {
    entry.emplace();
    if (!entry->ParseFromString(*row)) {
      return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                       "a catalog entry row does not parse",
                       {{"catalog_entry_id", catalog_entry_id}});
    }
  }
  ASSIGN_OR_RETURN(
      auto rows,
      store_->ScanProjection(
          GrantRowPrefix(actor.subject(), catalog_entry_id, mode), "", 1000));
  std::vector<pb::AccessGrant> grants;
  for (const auto& [key, value] : rows) {
    pb::AccessGrant grant;
    if (!grant.ParseFromString(value)) {
      return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                       absl::StrCat("projection row ", key, " does not parse"),
                       {{"key", key}});
    }
    grants.push_back(std::move(grant));
  }
  return DecideAccess(entry, mode, grants, now);
}

}  // namespace opendata
