// The recipient mapping of data product streams (recipient_rules.h): new
// screening work goes to the reviewers of the product's screening region, the
// screening outcome and a delisting to the publisher. Pure.
#include "engine/notifications/recipient_rules.h"
#include "engine/notifications/recipients.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

void AddProductRecipients(const StreamView& view,
                          const pb::EventEnvelope& event, AddressSet& out) {
  const pb::Product& product = view.product.product;
  switch (event.payload().event_case()) {
    case pb::EventPayload::kProductSubmitted:
    case pb::EventPayload::kProductRevised:
    case pb::EventPayload::kProductWithdrawn:
      out.insert(RegionAddress(product.screening_region()));
      break;
    case pb::EventPayload::kProductScreened:
    case pb::EventPayload::kProductDelisted:
      out.insert(UserAddress(product.publisher_subject()));
      break;
    default:
      break;
  }
}

}  // namespace opendata
