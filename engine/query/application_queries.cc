// Implementation of application_queries.h.
#include "engine/query/application_queries.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/applications/application_state.h"
#include "engine/authz.h"
#include "engine/personal_info/personal_fields.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/page_token.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

absl::Status NotFound(const std::string& id) {
  return MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                   absl::StrCat("no application ", id),
                   {{"application_id", id}});
}

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   absl::StrCat("projection row ", key, " does not parse"),
                   {{"key", key}});
}

bool IsCityReviewer(const pb::Actor& actor) {
  return actor.role() == pb::ROLE_REVIEWER && actor.level() == pb::LEVEL_CITY;
}

}  // namespace

bool MaySeeApplication(const pb::Actor& actor, const pb::Application& app) {
  if (IsOverseer(actor)) return true;
  switch (actor.role()) {
    case pb::ROLE_USER:
      return actor.subject() == app.applicant().subject();
    case pb::ROLE_PROVIDER:
      return RequireOwner(actor, app.entry().provider_organization()).ok();
    case pb::ROLE_REVIEWER:
      return IsReviewerFor(actor, app.entry().region());
    default:
      return false;
  }
}

absl::Status ApplicationQueries::Reveal(const pb::Actor& actor,
                                        pb::Application& app) const {
  if (cipher_ == nullptr) return absl::OkStatus();
  const PersonalView view = MaySeeApplication(actor, app) && !IsOverseer(actor)
                                ? PersonalView::kClear
                                : PersonalView::kMasked;
  return RevealApplicant(*app.mutable_form()->mutable_applicant(),
                         app.applicant().subject(), view, *cipher_);
}

absl::StatusOr<pb::Application> ApplicationQueries::Get(
    const pb::Actor& actor, const std::string& application_id) const {
  RETURN_IF_ERROR(ValidateApplicationId(application_id, "application_id"));
  const std::string key = ApplicationRowKey(application_id);
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (!row.has_value()) return NotFound(application_id);
  pb::Application app;
  if (!app.ParseFromString(*row)) return Corrupt(key);
  if (!MaySeeApplication(actor, app)) return NotFound(application_id);
  RETURN_IF_ERROR(Reveal(actor, app));
  return app;
}

absl::StatusOr<ApplicationPage> ApplicationQueries::List(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  ASSIGN_OR_RETURN(const int size, ResolvePageSize(page_size));
  std::string prefix;
  if (IsOverseer(actor) || IsCityReviewer(actor)) {
    prefix = kApplicationRowPrefix;
  } else if (actor.role() == pb::ROLE_USER) {
    prefix =
        absl::StrCat(kApplicationByUserPrefix, KeyPart(actor.subject()), "/");
  } else if (actor.role() == pb::ROLE_PROVIDER) {
    prefix = absl::StrCat(kApplicationByProviderPrefix,
                          KeyPart(actor.organization()), "/");
  } else if (actor.role() == pb::ROLE_REVIEWER) {
    prefix =
        absl::StrCat(kApplicationByRegionPrefix, KeyPart(actor.region()), "/");
  } else {
    return MakeError(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                     "this role has no applications to list");
  }
  const std::string filter = absl::StrCat("applications|", prefix);
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(filter, page_token));
  ASSIGN_OR_RETURN(
      auto rows,
      store_->ScanProjection(prefix, after, static_cast<size_t>(size) + 1));
  ApplicationPage page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size; ++i) {
    const std::string id = rows[i].first.substr(rows[i].first.rfind('/') + 1);
    const std::string key = ApplicationRowKey(id);
    ASSIGN_OR_RETURN(std::optional<std::string> row,
                     store_->GetProjection(key));
    if (!row.has_value()) continue;
    pb::Application app;
    if (!app.ParseFromString(*row)) return Corrupt(key);
    if (MaySeeApplication(actor, app)) {
      RETURN_IF_ERROR(Reveal(actor, app));
      page.applications.push_back(app);
    }
    after = rows[i].first;
  }
  if (rows.size() > static_cast<size_t>(size)) {
    page.next_page_token = EncodePageToken(filter, after);
  }
  return page;
}

absl::StatusOr<std::vector<pb::AccessGrant>> ApplicationQueries::Grants(
    const pb::Actor& actor) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_USER));
  std::vector<pb::AccessGrant> grants;
  const std::string prefix = UserGrantsPrefix(actor.subject());
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(prefix, after, 500));
    for (const auto& [key, value] : rows) {
      pb::AccessGrant grant;
      if (!grant.ParseFromString(value)) return Corrupt(key);
      grants.push_back(std::move(grant));
      after = key;
    }
    if (rows.size() < 500) break;
  }
  return grants;
}

}  // namespace opendata
