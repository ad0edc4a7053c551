// Implementation of industry_decider.h.
#include "engine/catalog/industry_decider.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/catalog/decider_common.h"
#include "engine/regions.h"

namespace opendata {
namespace {

absl::Status ValidateDeclaration(const pb::IndustryDeclaration& d) {
  std::vector<FieldViolation> v;
  if (d.institution_kind() == pb::INSTITUTION_KIND_UNSPECIFIED ||
      !pb::InstitutionKind_IsValid(d.institution_kind())) {
    v.push_back({"declaration.institution_kind", "required"});
  }
  if (!IsKnownRegion(d.region())) {
    v.push_back(
        {"declaration.region", "3708 or a Jining county code (regions.h)"});
  }
  const std::vector<std::pair<std::string, const std::string*>> funding = {
      {"declaration.funding_programme", &d.funding_programme()},
      {"declaration.funder", &d.funder()},
      {"declaration.funding_evidence", &d.funding_evidence()}};
  for (const auto& [field, value] : funding) {
    if (d.publicly_funded() && (value->empty() || Utf8Length(*value) > 200)) {
      v.push_back({field, "1-200 characters for publicly funded data"});
    }
    if (!d.publicly_funded() && !value->empty()) {
      v.push_back({field, "only for publicly funded data"});
    }
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgument("INDUSTRY_DECLARATION_INVALID", std::move(v));
}

absl::Status Exists(const std::string& id) {
  return MakeError(absl::StatusCode::kAlreadyExists, "CATALOG_ENTRY_EXISTS",
                   absl::StrCat("catalog entry ", id, " already exists"),
                   {{"catalog_entry_id", id}});
}

absl::StatusOr<Events> ApplyCmd(const CatalogEntryState& s,
                                const pb::ApplyForIndustryEntry& c,
                                const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (ctx.actor.organization().empty()) {
    return MakeError(absl::StatusCode::kPermissionDenied,
                     "LEGAL_PERSON_REQUIRED",
                     "the industry data entry is for legal persons (an "
                     "organisation), not natural persons");
  }
  RETURN_IF_ERROR(
      ValidateCatalogEntryId(c.catalog_entry_id(), "catalog_entry_id"));
  RETURN_IF_ERROR(ValidateContentFormat(c.content(), "content"));
  RETURN_IF_ERROR(ValidateDeclaration(c.declaration()));
  if (s.exists() &&
      (s.state != pb::CATALOG_ENTRY_STATE_INDUSTRY_RETURNED ||
       s.industry.applicant_organization() != ctx.actor.organization())) {
    return Exists(c.catalog_entry_id());
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_industry_applied();
  e->set_catalog_entry_id(c.catalog_entry_id());
  e->set_application(s.industry.number() + 1);
  e->set_applicant_organization(ctx.actor.organization());
  *e->mutable_declaration() = c.declaration();
  *e->mutable_content() = c.content();
  e->set_level(c.declaration().region() == kCityRegion ? pb::LEVEL_CITY
                                                       : pb::LEVEL_COUNTY);
  return Events{p};
}

// The reviewer checks shared by approve, refuse and return.
absl::Status CheckReviewer(const CatalogEntryState& s, const std::string& id,
                           const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  if (!s.exists()) return NotFound(id);
  RETURN_IF_ERROR(RequireReviewerFor(ctx.actor, s.region));
  if (s.state != pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED) {
    return WrongState(s, "INDUSTRY_APPLICATION_NOT_PENDING",
                      "no industry application of this entry waits for a "
                      "decision");
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> ApproveCmd(const CatalogEntryState& s,
                                  const pb::ApproveIndustryEntry& c,
                                  const CommandContext& ctx) {
  RETURN_IF_ERROR(CheckReviewer(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_industry_approved();
  e->set_application(s.industry.number());
  e->set_provider_organization(s.industry.applicant_organization());
  return Events{p};
}

absl::StatusOr<Events> RefuseCmd(const CatalogEntryState& s,
                                 const pb::RefuseIndustryEntry& c,
                                 const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateReasons(c.reasons(), "reasons", "INDUSTRY_INVALID"));
  RETURN_IF_ERROR(CheckReviewer(s, c.catalog_entry_id(), ctx));
  if (s.industry.declaration().publicly_funded()) {
    return FailedPrecondition(
        "ART10_PUBLICLY_FUNDED_MUST_OPEN",
        "data produced with public funds must be opened (Art. 10(3)); return "
        "the application for correction instead",
        {{"ART10_PUBLICLY_FUNDED_MUST_OPEN", "declaration.publicly_funded",
          "publicly funded data cannot be refused"}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_industry_refused();
  e->set_application(s.industry.number());
  e->set_reasons(c.reasons());
  return Events{p};
}

absl::StatusOr<Events> ReturnCmd(const CatalogEntryState& s,
                                 const pb::ReturnIndustryEntry& c,
                                 const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_REVIEWER));
  RETURN_IF_ERROR(ValidateReasons(c.reasons(), "reasons", "INDUSTRY_INVALID"));
  RETURN_IF_ERROR(CheckReviewer(s, c.catalog_entry_id(), ctx));
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_industry_returned();
  e->set_application(s.industry.number());
  e->set_reasons(c.reasons());
  return Events{p};
}

}  // namespace

absl::StatusOr<Events> DecideIndustry(const CatalogEntryState& state,
                                      const pb::Command& command,
                                      const CommandContext& ctx) {
  switch (command.command_case()) {
    case pb::Command::kApplyForIndustryEntry:
      return ApplyCmd(state, command.apply_for_industry_entry(), ctx);
    case pb::Command::kApproveIndustryEntry:
      return ApproveCmd(state, command.approve_industry_entry(), ctx);
    case pb::Command::kRefuseIndustryEntry:
      return RefuseCmd(state, command.refuse_industry_entry(), ctx);
    case pb::Command::kReturnIndustryEntry:
      return ReturnCmd(state, command.return_industry_entry(), ctx);
    default:
      return InvalidArgument("COMMAND_INVALID",
                             {{"command", "not an industry entry command"}});
  }
}

}  // namespace opendata
