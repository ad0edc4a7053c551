// Who may have an event receipt (engine/receipt_access.h): overseers and the
// city reviewer always, the event's own actor, a party whose inbox the event
// notified (a county reviewer included), and nobody else
// (RECEIPT_NOT_ALLOWED): not a county reviewer for an event that did not
// notify its region.
#include "engine/receipt_access.h"

#include <string>

#include "catch2/catch.hpp"
#include "common/errors.h"
#include "engine/notifications/recipients.h"

namespace opendata::engine_test {
namespace {

namespace pb = ::jining::opendata::v1;

pb::Actor Make(const char* subject, pb::Role role, const char* org = "",
               const char* region = "3708") {
  pb::Actor actor;
  actor.set_subject(subject);
  actor.set_role(role);
  actor.set_organization(org);
  actor.set_level(std::string(region) == "3708" ? pb::LEVEL_CITY
                                                : pb::LEVEL_COUNTY);
  actor.set_region(region);
  return actor;
}

TEST_CASE("receipt access for overseers reviewers actors and recipients",
          "[receipt]") {
  pb::EventEnvelope event;
  *event.mutable_actor() = Make("zhang.wei", pb::ROLE_PROVIDER, "jn-gaj");
  event.add_recipients(UserAddress("citizen.1"));
  event.add_recipients(OrgAddress("jn-jtj"));

  CHECK(RequireReceiptAccess(Make("gao.yan", pb::ROLE_AUDITOR), event).ok());
  CHECK(RequireReceiptAccess(Make("chen.jie", pb::ROLE_OPERATOR), event).ok());
  CHECK(RequireReceiptAccess(Make("li.na", pb::ROLE_REVIEWER, "jn-dsjj"), event)
            .ok());
  // The actor who issued it.
  CHECK(RequireReceiptAccess(Make("zhang.wei", pb::ROLE_PROVIDER, "jn-gaj"),
                             event)
            .ok());
  // Parties it notified: a citizen, and a provider organisation.
  CHECK(RequireReceiptAccess(Make("citizen.1", pb::ROLE_USER), event).ok());
  CHECK(RequireReceiptAccess(Make("wang.fang", pb::ROLE_PROVIDER, "jn-jtj"),
                             event)
            .ok());
  // A county reviewer for an event that notified its region.
  pb::EventEnvelope review = event;
  review.add_recipients(RegionAddress("370883"));
  CHECK(RequireReceiptAccess(
            Make("zhou.min", pb::ROLE_REVIEWER, "zc-dsjj", "370883"), review)
            .ok());
  // Anyone else, a county reviewer included (it may not read the log).
  for (const pb::Actor& other :
       {Make("citizen.2", pb::ROLE_USER),
        Make("zhao.lei", pb::ROLE_PROVIDER, "rc-gaj", "370811"),
        Make("zhou.min", pb::ROLE_REVIEWER, "zc-dsjj", "370883")}) {
    const absl::Status denied = RequireReceiptAccess(other, event);
    CHECK(absl::IsPermissionDenied(denied));
    CHECK(ErrorReason(denied) == "RECEIPT_NOT_ALLOWED");
  }
}

}  // namespace
}  // namespace opendata::engine_test
