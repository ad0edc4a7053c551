// Tests of the recipient mapping and rendering of the Art. 18-20 workflows
// (engine/notifications/{objection,demand,product}_recipients.cc): objections
// on a catalog entry stream (the entry's users recorded on a suspension and
// its lifting), unopened-data demands and their public calls, and data
// products.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/notifications/recipients.h"
#include "engine/notifications/render.h"
#include "tests/engine/application_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using Addresses = std::vector<std::string>;

pb::EventEnvelope Event(const std::string& stream, const pb::Actor& actor,
                        const pb::EventPayload& payload) {
  pb::EventEnvelope e;
  e.set_stream_id(stream);
  e.set_sequence(7);
  e.set_event_type("test");
  *e.mutable_actor() = actor;
  *e.mutable_payload() = payload;
  return e;
}

Addresses Of(const StreamView& view, const std::string& stream,
             const pb::Actor& actor, const pb::EventPayload& payload) {
  return Recipients(view, Event(stream, actor, payload));
}

// A published COUNTY entry of rc-wsj in 370811 with objection 1 by u-li.
StreamView EntryWithObjection() {
  StreamView v;
  v.catalog.set_catalog_entry_id("e-1");
  v.catalog.set_provider_organization("rc-wsj");
  v.catalog.set_level(pb::LEVEL_COUNTY);
  v.catalog.set_region("370811");
  pb::Objection& o = v.objections[1];
  o.set_number(1);
  o.mutable_objector()->set_subject("u-li");
  return v;
}

TEST_CASE(
    "recipients: an infringement objection tells the provider, the "
    "reviewers and the entry's users",
    "[notification][recipients][objection]") {
  const StreamView v = EntryWithObjection();
  const std::string stream = "catalog-entry/e-1";
  pb::EventPayload filed;
  auto* f = filed.mutable_catalog_entry_objection_filed();
  f->set_objection(1);
  f->set_suspends(true);
  f->add_notified_users("u-a");
  f->add_notified_users("u-b");
  CHECK(Of(v, stream, Applicant("u-li"), filed) ==
        Addresses{"org/rc-wsj", "region/370811", "user/u-a", "user/u-b"});
  // An error objection suspends nothing and records no users.
  f->set_suspends(false);
  f->clear_notified_users();
  CHECK(Of(v, stream, Applicant("u-li"), filed) ==
        Addresses{"org/rc-wsj", "region/370811"});

  pb::EventPayload verified;
  verified.mutable_catalog_entry_objection_verified()->set_objection(1);
  CHECK(Of(v, stream, CountyReviewer("370811"), verified) ==
        Addresses{"org/rc-wsj", "user/u-li"});

  pb::EventPayload answered;
  auto* a = answered.mutable_catalog_entry_objection_answered();
  a->set_objection(1);
  a->set_hold_lifted(true);
  a->add_notified_users("u-a");
  CHECK(Of(v, stream, AppOwner(), answered) ==
        Addresses{"region/370811", "user/u-a", "user/u-li"});
  const pb::Notification n =
      RenderNotification(Event(stream, AppOwner(), answered), &v.catalog);
  CHECK(n.kind() == pb::NOTIFICATION_KIND_OBJECTION);
  CHECK(n.catalog_entry_id() == "e-1");
  CHECK(n.summary().find("access resumes") != std::string::npos);

  pb::EventPayload withdrawn;
  withdrawn.mutable_catalog_entry_objection_withdrawn()->set_objection(1);
  CHECK(Of(v, stream, Applicant("u-li"), withdrawn) ==
        Addresses{"org/rc-wsj", "region/370811"});
}

TEST_CASE(
    "recipients: a demand goes to the reviewers, the city, the "
    "provider and back to the requester",
    "[notification][recipients][demand]") {
  StreamView v;
  pb::Demand& d = v.demand.demand;
  d.set_demand_id("d-1");
  d.mutable_requester()->set_subject("u-zhao");
  d.set_region("370811");
  const std::string stream = "demand/d-1";
  pb::EventPayload p;
  p.mutable_demand_submitted();
  CHECK(Of(v, stream, Applicant("u-zhao"), p) ==
        Addresses{"region/3708", "region/370811"});
  p.mutable_demand_formal_review_passed();
  CHECK(Of(v, stream, CountyReviewer("370811"), p) ==
        Addresses{"region/3708", "user/u-zhao"});
  p.mutable_demand_formal_review_failed();
  CHECK(Of(v, stream, CountyReviewer("370811"), p) == Addresses{"user/u-zhao"});
  d.set_provider_organization("rc-wsj");
  p.mutable_demand_forwarded();
  CHECK(Of(v, stream, CityReviewer(), p) ==
        Addresses{"org/rc-wsj", "user/u-zhao"});
  p.mutable_demand_answered_openable();
  CHECK(Of(v, stream, AppOwner(), p) ==
        Addresses{"region/3708", "user/u-zhao"});
  p.mutable_demand_entry_linked();
  const pb::Notification n =
      RenderNotification(Event(stream, AppOwner(), p), nullptr);
  CHECK(n.kind() == pb::NOTIFICATION_KIND_DEMAND);
  CHECK(n.demand_id() == "d-1");
  CHECK(n.summary().rfind("Demand d-1: fulfilled", 0) == 0);
  p.mutable_demand_withdrawn();
  CHECK(Of(v, stream, Applicant("u-zhao"), p) ==
        Addresses{"org/rc-wsj", "region/370811"});
  // Public calls are public: nobody's inbox.
  StreamView call;
  pb::EventPayload opened;
  opened.mutable_demand_call_opened();
  CHECK(Of(call, "demand-call/c-1", CityReviewer(), opened).empty());
}

TEST_CASE(
    "recipients: a data product goes to its screening region, the "
    "outcome to its publisher",
    "[notification][recipients][product]") {
  StreamView v;
  pb::Product& product = v.product.product;
  product.set_product_id("p-1");
  product.set_screening_region("3708");
  product.set_publisher_subject("u-qian");
  const std::string stream = "product/p-1";
  pb::EventPayload p;
  p.mutable_product_submitted();
  CHECK(Of(v, stream, Applicant("u-qian"), p) == Addresses{"region/3708"});
  p.mutable_product_screened()->set_outcome(pb::SCREENING_OUTCOME_LIST);
  CHECK(Of(v, stream, CityReviewer(), p) == Addresses{"user/u-qian"});
  const pb::Notification n =
      RenderNotification(Event(stream, CityReviewer(), p), nullptr);
  CHECK(n.kind() == pb::NOTIFICATION_KIND_DATA_PRODUCT);
  CHECK(n.product_id() == "p-1");
  CHECK(n.summary() == "Data product p-1: screened and listed publicly");
  p.mutable_product_unlisted();
  CHECK(Of(v, stream, Applicant("u-qian"), p).empty());
}

}  // namespace
}  // namespace opendata::engine_test
