// Implementation of stream_kinds.h.
#include "engine/pipeline/stream_kinds.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/applications/application_decider.h"
#include "engine/applications/application_state.h"
#include "engine/catalog/catalog_decider.h"
#include "engine/catalog/catalog_state.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/demands/demand_decider.h"
#include "engine/demands/demand_state.h"
#include "engine/organizations/organization_state.h"
#include "engine/personal_info/subject_key_decider.h"
#include "engine/plans/plan_state.h"
#include "engine/products/product_decider.h"
#include "engine/products/product_state.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// A plan year as written in a stream id: four digits in range.
bool IsYear(absl::string_view text) {
  int32_t year = 0;
  return text.size() == 4 && absl::SimpleAtoi(text, &year) &&
         ValidatePlanYear(year, "year").ok();
}

absl::StatusOr<std::string> PlanTarget(int32_t year,
                                       const std::string& organization) {
  RETURN_IF_ERROR(ValidatePlanYear(year, "year"));
  RETURN_IF_ERROR(
      ValidateOrganizationId(organization, "provider_organization"));
  return PlanStream(year, organization);
}

absl::StatusOr<std::string> CityPlanTarget(int32_t year) {
  RETURN_IF_ERROR(ValidatePlanYear(year, "year"));
  return CityPlanStream(year);
}

}  // namespace

std::optional<StreamKind> StreamKindOf(absl::string_view stream_id) {
  absl::string_view rest = stream_id;
  const std::string catalog_prefix = CatalogEntryStream("");
  if (absl::ConsumePrefix(&rest, catalog_prefix)) {
    if (!ValidateCatalogEntryId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kCatalogEntry;
  }
  if (absl::ConsumePrefix(&rest, kPlanStreamPrefix)) {
    std::vector<absl::string_view> parts =
        absl::StrSplit(rest, absl::MaxSplits('/', 1));
    if (parts.size() != 2 || !IsYear(parts[0]) ||
        !ValidateOrganizationId(parts[1], "stream_id").ok()) {
      return std::nullopt;
    }
    return StreamKind::kPlan;
  }
  if (absl::ConsumePrefix(&rest, kCityPlanStreamPrefix)) {
    if (!IsYear(rest)) return std::nullopt;
    return StreamKind::kCityPlan;
  }
  if (absl::ConsumePrefix(&rest, kOrganizationStreamPrefix)) {
    if (!ValidateOrganizationId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kOrganization;
  }
  if (absl::ConsumePrefix(&rest, kApplicationStreamPrefix)) {
    if (!ValidateApplicationId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kApplication;
  }
  if (absl::ConsumePrefix(&rest, kCreditRegistryStreamPrefix)) {
    if (!ValidatePartyId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kCreditRegistry;
  }
  if (absl::ConsumePrefix(&rest, kProductStreamPrefix)) {
    if (!ValidateProductId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kProduct;
  }
  if (absl::ConsumePrefix(&rest, kDemandStreamPrefix)) {
    if (!ValidateDemandId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kDemand;
  }
  if (absl::ConsumePrefix(&rest, kDemandCallStreamPrefix)) {
    if (!ValidateDemandCallId(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kDemandCall;
  }
  if (absl::ConsumePrefix(&rest, kSubjectKeyStreamPrefix)) {
    if (!ValidateSubject(rest, "stream_id").ok()) return std::nullopt;
    return StreamKind::kSubjectKey;
  }
  return std::nullopt;
}

absl::StatusOr<std::string> TargetStream(const pb::Command& command) {
  switch (command.command_case()) {
    case pb::Command::kMarkDeadlineOverdue: {
      const auto& c = command.mark_deadline_overdue();
      if (c.deadline_id().empty())
        return InvalidArgument("COMMAND_INVALID",
                               {{"deadline_id", "required"}});
      const std::string entry_id = CatalogEntryIdOf(command);
      if (!entry_id.empty()) {
        RETURN_IF_ERROR(ValidateCatalogEntryId(entry_id, "stream_id"));
        return c.stream_id();
      }
      const std::optional<StreamKind> kind = StreamKindOf(c.stream_id());
      if (kind != StreamKind::kCityPlan && kind != StreamKind::kApplication &&
          kind != StreamKind::kDemand) {
        return InvalidArgument("COMMAND_INVALID",
                               {{"stream_id", "not a stream with deadlines"}});
      }
      return c.stream_id();
    }
    case pb::Command::kSubmitAnnualPlan:
      return PlanTarget(command.submit_annual_plan().year(),
                        command.submit_annual_plan().provider_organization());
    case pb::Command::kApproveAnnualPlan:
      return PlanTarget(command.approve_annual_plan().year(),
                        command.approve_annual_plan().provider_organization());
    case pb::Command::kReturnAnnualPlan:
      return PlanTarget(command.return_annual_plan().year(),
                        command.return_annual_plan().provider_organization());
    case pb::Command::kLinkPlanItem:
      return PlanTarget(command.link_plan_item().year(),
                        command.link_plan_item().provider_organization());
    case pb::Command::kOpenAnnualPlanYear:
      return CityPlanTarget(command.open_annual_plan_year().year());
    case pb::Command::kPublishCityPlan:
      return CityPlanTarget(command.publish_city_plan().year());
    case pb::Command::kSetResponsiblePersons: {
      const std::string& org = command.set_responsible_persons().organization();
      RETURN_IF_ERROR(ValidateOrganizationId(org, "organization"));
      return OrganizationStream(org);
    }
    case pb::Command::kSetCreditListing:
    case pb::Command::kClearCreditListing: {
      const std::string& party =
          command.has_set_credit_listing()
              ? command.set_credit_listing().party_id()
              : command.clear_credit_listing().party_id();
      RETURN_IF_ERROR(ValidatePartyId(party, "party_id"));
      return CreditRegistryStream(party);
    }
    case pb::Command::kShredSubjectKey: {
      const std::string& subject = command.shred_subject_key().subject();
      RETURN_IF_ERROR(ValidateSubject(subject, "subject"));
      return SubjectKeyStream(subject);
    }
    default: {
      if (IsProductCommand(command)) {
        const std::string product_id = ProductIdOf(command);
        RETURN_IF_ERROR(ValidateProductId(product_id, "product_id"));
        return ProductStream(product_id);
      }
      if (IsApplicationCommand(command)) {
        const std::string application_id = ApplicationIdOf(command);
        RETURN_IF_ERROR(
            ValidateApplicationId(application_id, "application_id"));
        return ApplicationStream(application_id);
      }
      if (IsDemandCommand(command)) {
        const std::string demand_id = DemandIdOf(command);
        RETURN_IF_ERROR(ValidateDemandId(demand_id, "demand_id"));
        return DemandStream(demand_id);
      }
      if (IsDemandCallCommand(command)) {
        const std::string call_id = DemandCallIdOf(command);
        RETURN_IF_ERROR(ValidateDemandCallId(call_id, "call_id"));
        return DemandCallStream(call_id);
      }
      const std::string entry_id = CatalogEntryIdOf(command);
      RETURN_IF_ERROR(ValidateCatalogEntryId(entry_id, "catalog_entry_id"));
      return CatalogEntryStream(entry_id);
    }
  }
}

}  // namespace opendata
