// Implementation of recipients.h: addresses, the dispatch by stream kind, and
// the plan and deadline mappings (recipient_rules.h). Pure.
#include "engine/notifications/recipients.h"

#include "absl/strings/str_cat.h"
#include "engine/notifications/recipient_rules.h"
#include "engine/pipeline/stream_kinds.h"
#include "engine/projections/application_projection.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string UserAddress(absl::string_view subject) {
  return absl::StrCat(kUserAddressPrefix, KeyPart(subject));
}

std::string OrgAddress(absl::string_view organization) {
  return absl::StrCat(kOrgAddressPrefix, organization);
}

std::string RegionAddress(absl::string_view region) {
  return absl::StrCat(kRegionAddressPrefix, region);
}

std::string InboxOf(const pb::Actor& actor) {
  switch (actor.role()) {
    case pb::ROLE_USER:
      return UserAddress(actor.subject());
    case pb::ROLE_PROVIDER:
      return OrgAddress(actor.organization());
    case pb::ROLE_REVIEWER:
      return RegionAddress(actor.region());
    default:
      return "";
  }
}

std::string ReviewRegion(pb::Level level, absl::string_view region) {
  if (level == pb::LEVEL_CITY) return std::string(kCityRegion);
  return std::string(region);
}

void AddPlanRecipients(const StreamView& view, const pb::EventEnvelope& event,
                       AddressSet& out) {
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kAnnualPlanSubmitted:
      out.insert(RegionAddress(kCityRegion));
      break;
    case pb::EventPayload::kAnnualPlanApproved:
    case pb::EventPayload::kAnnualPlanReturned:
      out.insert(OrgAddress(view.plan.plan.provider_organization()));
      break;
    case pb::EventPayload::kCityPlanPublished:
      for (const pb::CityPlanSection& section :
           p.city_plan_published().sections()) {
        out.insert(OrgAddress(section.provider_organization()));
      }
      break;
    default:
      break;
  }
}

void AddDeadlineRecipients(const StreamView& view,
                           const pb::EventEnvelope& event, AddressSet& out) {
  const pb::EventPayload& p = event.payload();
  std::string id;
  if (p.has_deadline_overdue()) id = p.deadline_overdue().deadline_id();
  if (p.has_deadline_revised()) id = p.deadline_revised().deadline_id();
  if (id.empty()) return;
  const auto it = view.deadlines.find(id);
  if (it == view.deadlines.end()) return;
  const pb::Deadline& d = it->second;
  if (!d.responsible_organization().empty()) {
    out.insert(OrgAddress(d.responsible_organization()));
  } else if (!d.responsible_region().empty()) {
    out.insert(RegionAddress(d.responsible_region()));
  }
}

std::vector<std::string> Recipients(const StreamView& view,
                                    const pb::EventEnvelope& event) {
  AddressSet out;
  AddDeadlineRecipients(view, event, out);
  const std::optional<StreamKind> kind = StreamKindOf(event.stream_id());
  if (kind.has_value()) {
    switch (*kind) {
      case StreamKind::kCatalogEntry:
        AddCatalogRecipients(view, event, out);
        AddObjectionRecipients(view, event, out);
        break;
      case StreamKind::kApplication:
        AddApplicationRecipients(view, event, out);
        break;
      case StreamKind::kPlan:
      case StreamKind::kCityPlan:
        AddPlanRecipients(view, event, out);
        break;
      case StreamKind::kProduct:
        AddProductRecipients(view, event, out);
        break;
      case StreamKind::kDemand:
        AddDemandRecipients(view, event, out);
        break;
      case StreamKind::kDemandCall:
      case StreamKind::kOrganization:
      case StreamKind::kCreditRegistry:
      case StreamKind::kSubjectKey:
        break;
    }
  }
  out.erase(InboxOf(event.actor()));
  std::vector<std::string> recipients;
  for (const std::string& address : out) {
    // An address with an empty code (a party the view does not know) is no
    // inbox.
    if (address.back() != '/') recipients.push_back(address);
  }
  return recipients;
}

}  // namespace opendata
