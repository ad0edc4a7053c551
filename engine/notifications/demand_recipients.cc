// The recipient mapping of unopened-data demand streams (recipient_rules.h,
// Art. 18): a new demand is work for the reviewers of its region and the city
// reviewers (who forward it); each step tells the requester; a forwarded
// demand is work for the provider organisation; its answer and fulfilment go
// back to the requester and the reviewers. Public calls notify nobody (they
// are public). Pure.
#include "engine/notifications/recipient_rules.h"
#include "engine/notifications/recipients.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

void AddDemandRecipients(const StreamView& view, const pb::EventEnvelope& event,
                         AddressSet& out) {
  const pb::Demand& demand = view.demand.demand;
  const std::string requester = UserAddress(demand.requester().subject());
  const std::string reviewers = RegionAddress(demand.region());
  const std::string city = RegionAddress(kCityRegion);
  switch (event.payload().event_case()) {
    case pb::EventPayload::kDemandSubmitted:
      out.insert(reviewers);
      out.insert(city);
      break;
    case pb::EventPayload::kDemandFormalReviewPassed:
      // The city reviewers forward it next.
      out.insert(requester);
      out.insert(city);
      break;
    case pb::EventPayload::kDemandFormalReviewFailed:
      out.insert(requester);
      break;
    case pb::EventPayload::kDemandWithdrawn:
      out.insert(reviewers);
      if (!demand.provider_organization().empty()) {
        out.insert(OrgAddress(demand.provider_organization()));
      }
      break;
    case pb::EventPayload::kDemandForwarded:
      out.insert(requester);
      out.insert(OrgAddress(demand.provider_organization()));
      break;
    case pb::EventPayload::kDemandAnsweredOpenable:
    case pb::EventPayload::kDemandAnsweredNotOpenable:
    case pb::EventPayload::kDemandEntryLinked:
      out.insert(requester);
      out.insert(city);
      break;
    default:
      break;
  }
}

}  // namespace opendata
