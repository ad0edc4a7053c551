// Implementation of authz.h.
#include "engine/authz.h"

#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/regions.h"

namespace opendata {

using jining::opendata::v1::Level;

namespace {

absl::Status Denied(absl::string_view reason, absl::string_view message) {
  return MakeError(absl::StatusCode::kPermissionDenied, reason, message);
}

}  // namespace

absl::Status ValidateActor(const Actor& actor) {
  if (actor.subject().empty())
    return Denied("ACTOR_INVALID", "actor has no subject");
  if (actor.role() == jining::opendata::v1::ROLE_UNSPECIFIED) {
    return Denied("ACTOR_INVALID", "actor has no role");
  }
  if (actor.role() != jining::opendata::v1::ROLE_PROVIDER &&
      actor.role() != jining::opendata::v1::ROLE_REVIEWER) {
    return absl::OkStatus();
  }
  if (actor.organization().empty()) {
    return Denied("ACTOR_INVALID",
                  "providers and reviewers need an organisation");
  }
  if (actor.level() == Level::LEVEL_CITY && actor.region() != kCityRegion) {
    return Denied("ACTOR_INVALID",
                  "a CITY level organisation must have region 3708");
  }
  if (actor.level() == Level::LEVEL_COUNTY && !IsCountyRegion(actor.region())) {
    return Denied(
        "ACTOR_INVALID",
        "a COUNTY level organisation needs a Jining county region code");
  }
  if (actor.level() == Level::LEVEL_UNSPECIFIED) {
    return Denied("ACTOR_INVALID", "providers and reviewers need a level");
  }
  return absl::OkStatus();
}

absl::Status RequireRole(const Actor& actor, Role role) {
  if (actor.role() != role) {
    return MakeError(
        absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
        "this action needs role " + jining::opendata::v1::Role_Name(role),
        {{"required_role", jining::opendata::v1::Role_Name(role)},
         {"actor_role", jining::opendata::v1::Role_Name(actor.role())}});
  }
  return ValidateActor(actor);
}

absl::Status RequireOwner(const Actor& actor, absl::string_view owner) {
  absl::Status status = RequireRole(actor, jining::opendata::v1::ROLE_PROVIDER);
  if (!status.ok()) return status;
  if (actor.organization() != owner) {
    return MakeError(absl::StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER",
                     "only the owning provider organisation may do this",
                     {{"owner", std::string(owner)},
                      {"actor_organization", actor.organization()}});
  }
  return absl::OkStatus();
}

bool IsReviewerFor(const Actor& actor, absl::string_view region) {
  if (actor.role() != jining::opendata::v1::ROLE_REVIEWER ||
      !ValidateActor(actor).ok()) {
    return false;
  }
  return actor.level() == Level::LEVEL_CITY || actor.region() == region;
}

absl::Status RequireReviewerFor(const Actor& actor, absl::string_view region) {
  absl::Status status = RequireRole(actor, jining::opendata::v1::ROLE_REVIEWER);
  if (!status.ok()) return status;
  if (!IsReviewerFor(actor, region)) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "OUTSIDE_JURISDICTION",
                     "a county reviewer acts only on its own region's items",
                     {{"item_region", std::string(region)},
                      {"actor_region", actor.region()}});
  }
  return absl::OkStatus();
}

bool IsOverseer(const Actor& actor) {
  return actor.role() == jining::opendata::v1::ROLE_AUDITOR ||
         actor.role() == jining::opendata::v1::ROLE_OPERATOR;
}

absl::Status RequireAuditReader(const Actor& actor) {
  if (IsOverseer(actor)) return ValidateActor(actor);
  if (actor.role() != jining::opendata::v1::ROLE_REVIEWER) {
    return MakeError(
        absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
        "the event log is read by auditors, operators and the city reviewer",
        {{"required_role", "AUDITOR, OPERATOR or city REVIEWER"},
         {"actor_role", jining::opendata::v1::Role_Name(actor.role())}});
  }
  RETURN_IF_ERROR(ValidateActor(actor));
  if (actor.level() != Level::LEVEL_CITY) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "OUTSIDE_JURISDICTION",
                     "the event log holds every region's items; only the city "
                     "reviewer reads it",
                     {{"actor_region", actor.region()}});
  }
  return absl::OkStatus();
}

}  // namespace opendata
