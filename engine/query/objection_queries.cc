// Implementation of objection_queries.h.
#include "engine/query/objection_queries.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/personal_info/personal_fields.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/objection_projection.h"
#include "engine/query/page_token.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

absl::Status Corrupt(const std::string& key) {
  return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                   absl::StrCat("projection row ", key, " does not parse"),
                   {{"key", key}});
}

absl::Status NotFound(const std::string& entry, int32_t objection) {
  return MakeError(
      absl::StatusCode::kNotFound, "OBJECTION_NOT_FOUND",
      absl::StrCat("no objection ", objection, " to entry ", entry),
      {{"catalog_entry_id", entry}, {"objection", absl::StrCat(objection)}});
}

bool CanSee(const pb::Actor& actor, const pb::Objection& o) {
  if (IsOverseer(actor)) return true;
  switch (actor.role()) {
    case pb::ROLE_USER:
      return actor.subject() == o.objector().subject();
    case pb::ROLE_PROVIDER:
      return actor.organization() == o.provider_organization();
    case pb::ROLE_REVIEWER:
      return IsReviewerFor(actor, o.region());
    default:
      return false;
  }
}

}  // namespace

absl::Status ObjectionQueries::Reveal(const pb::Actor& actor,
                                      pb::Objection& o) const {
  if (cipher_ == nullptr) return absl::OkStatus();
  const PersonalView view = CanSee(actor, o) && !IsOverseer(actor)
                                ? PersonalView::kClear
                                : PersonalView::kMasked;
  return RevealObjectionContact(*o.mutable_contact(), o.objector().subject(),
                                view, *cipher_);
}

absl::StatusOr<pb::Objection> ObjectionQueries::Get(
    const pb::Actor& actor, const std::string& catalog_entry_id,
    int32_t objection) const {
  RETURN_IF_ERROR(ValidateCatalogEntryId(catalog_entry_id, "catalog_entry_id"));
  const std::string key = ObjectionRowKey(catalog_entry_id, objection);
  ASSIGN_OR_RETURN(std::optional<std::string> row, store_->GetProjection(key));
  if (!row.has_value()) return NotFound(catalog_entry_id, objection);
  pb::Objection o;
  if (!o.ParseFromString(*row)) return Corrupt(key);
  if (!CanSee(actor, o)) return NotFound(catalog_entry_id, objection);
  RETURN_IF_ERROR(Reveal(actor, o));
  return o;
}

absl::StatusOr<pb::Objection> ObjectionQueries::LatestOfMine(
    const pb::Actor& actor, const std::string& catalog_entry_id) const {
  RETURN_IF_ERROR(ValidateCatalogEntryId(catalog_entry_id, "catalog_entry_id"));
  const std::string prefix =
      absl::StrCat(kObjectionByUserPrefix, KeyPart(actor.subject()), "/",
                   catalog_entry_id, "/");
  // Rows sort by number; the last is the latest.
  ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(prefix, "", 10000));
  if (rows.empty()) return NotFound(catalog_entry_id, 0);
  pb::Objection o;
  if (!o.ParseFromString(rows.back().second)) return Corrupt(rows.back().first);
  RETURN_IF_ERROR(Reveal(actor, o));
  return o;
}

absl::StatusOr<ObjectionPage> ObjectionQueries::Scan(
    const pb::Actor& actor, const std::string& prefix, int page_size,
    const std::string& page_token) const {
  ASSIGN_OR_RETURN(const int size, ResolvePageSize(page_size));
  const std::string filter = absl::StrCat("objections|", prefix);
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(filter, page_token));
  ASSIGN_OR_RETURN(
      auto rows,
      store_->ScanProjection(prefix, after, static_cast<size_t>(size) + 1));
  ObjectionPage page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size; ++i) {
    pb::Objection o;
    if (!o.ParseFromString(rows[i].second)) return Corrupt(rows[i].first);
    RETURN_IF_ERROR(Reveal(actor, o));
    page.objections.push_back(std::move(o));
    after = rows[i].first;
  }
  if (rows.size() > static_cast<size_t>(size)) {
    page.next_page_token = EncodePageToken(filter, after);
  }
  return page;
}

absl::StatusOr<ObjectionPage> ObjectionQueries::Mine(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_USER));
  return Scan(
      actor,
      absl::StrCat(kObjectionByUserPrefix, KeyPart(actor.subject()), "/"),
      page_size, page_token);
}

absl::StatusOr<ObjectionPage> ObjectionQueries::Received(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_PROVIDER));
  return Scan(
      actor,
      absl::StrCat(kObjectionByProviderPrefix, actor.organization(), "/"),
      page_size, page_token);
}

absl::StatusOr<ObjectionPage> ObjectionQueries::Pending(
    const pb::Actor& actor, int page_size,
    const std::string& page_token) const {
  RETURN_IF_ERROR(RequireRole(actor, pb::ROLE_REVIEWER));
  const std::string prefix =
      actor.level() == pb::LEVEL_CITY
          ? std::string(kObjectionPendingAllPrefix)
          : absl::StrCat(kObjectionPendingPrefix, actor.region(), "/");
  return Scan(actor, prefix, page_size, page_token);
}

}  // namespace opendata
