// Tests of the recipient mapping (engine/notifications/recipients.h), one per
// stream kind: given a stream view folded up to and including an event, who
// the event notifies. Sorted and distinct addresses, never the actor's own
// inbox; events no party needs to hear of notify nobody. Then rendering: the
// kind, ids and summary of a notification, and that organisation and region
// inboxes get no personal data in the summary.
#include "engine/notifications/recipients.h"

#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/notifications/render.h"
#include "engine/projections/application_projection.h"
#include "tests/engine/application_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using Addresses = std::vector<std::string>;

const std::string kEntryStream = "catalog-entry/" + std::string(kAppEntry);
const std::string kAppStream = "application/" + std::string(kAppId);

pb::EventEnvelope Event(const std::string& stream, const pb::Actor& actor,
                        const pb::EventPayload& payload) {
  pb::EventEnvelope e;
  e.set_stream_id(stream);
  e.set_sequence(42);
  e.set_event_type("test");
  *e.mutable_actor() = actor;
  *e.mutable_payload() = payload;
  return e;
}

// A published COUNTY entry of rc-wsj in 370811.
StreamView CountyEntry() {
  StreamView v;
  v.catalog.set_catalog_entry_id(kAppEntry);
  v.catalog.set_provider_organization("rc-wsj");
  v.catalog.set_level(pb::LEVEL_COUNTY);
  v.catalog.set_region("370811");
  v.catalog.mutable_content()->set_name("任城区诊所名录");
  return v;
}

Addresses Of(const StreamView& view, const std::string& stream,
             const pb::Actor& actor, const pb::EventPayload& payload) {
  return Recipients(view, Event(stream, actor, payload));
}

TEST_CASE("recipients: addresses and the inbox of each role",
          "[notification][recipients]") {
  CHECK(UserAddress("u-zhang") == "user/u-zhang");
  CHECK(UserAddress("a/b") == "user/" + KeyPart("a/b"));
  CHECK(UserAddress("a/b").find('/', 5) == std::string::npos);
  CHECK(OrgAddress("rc-wsj") == "org/rc-wsj");
  CHECK(RegionAddress("3708") == "region/3708");
  CHECK(InboxOf(Applicant()) == "user/u-zhang");
  CHECK(InboxOf(AppOwner()) == "org/rc-wsj");
  CHECK(InboxOf(CountyReviewer("370811")) == "region/370811");
  CHECK(InboxOf(CityReviewer()) == "region/3708");
  CHECK(InboxOf(Auditor()).empty());
}

TEST_CASE("recipients: catalog entry review goes to reviewers then provider",
          "[notification][recipients]") {
  StreamView v = CountyEntry();
  pb::EventPayload p;
  p.mutable_catalog_entry_submitted()->set_submission(1);
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"region/370811"});
  // A CITY entry is reviewed by the city.
  StreamView city = v;
  city.catalog.set_level(pb::LEVEL_CITY);
  city.catalog.set_region("3708");
  CHECK(Of(city, kEntryStream, CityProvider(), p) == Addresses{"region/3708"});
  p.mutable_catalog_entry_published()->set_submission(1);
  CHECK(Of(v, kEntryStream, CountyReviewer("370811"), p) ==
        Addresses{"org/rc-wsj"});
  p.mutable_catalog_entry_returned()->set_submission(1);
  CHECK(Of(v, kEntryStream, CountyReviewer("370811"), p) ==
        Addresses{"org/rc-wsj"});
  // Creating and editing a draft notifies nobody.
  p.mutable_catalog_entry_edited();
  CHECK(Of(v, kEntryStream, AppOwner(), p).empty());
}

TEST_CASE("recipients: takedown steps and the notice",
          "[notification][recipients][takedown]") {
  StreamView v = CountyEntry();
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_requested()->set_takedown(1);
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"region/370811"});
  // The county step: the provider, and the city that approves next.
  p.mutable_catalog_entry_takedown_approved()->set_takedown(1);
  p.mutable_catalog_entry_takedown_approved()->set_step(pb::LEVEL_COUNTY);
  CHECK(Of(v, kEntryStream, CountyReviewer("370811"), p) ==
        (Addresses{"org/rc-wsj", "region/3708"}));
  // The notice starts: the provider and every user who applied.
  auto* started = p.mutable_catalog_entry_takedown_approved();
  started->set_step(pb::LEVEL_CITY);
  started->set_notice_started(true);
  started->add_notified_users("u-li");
  started->add_notified_users("u-zhang");
  CHECK(Of(v, kEntryStream, CityReviewer(), p) ==
        (Addresses{"org/rc-wsj", "user/u-li", "user/u-zhang"}));
  // The takedown takes effect: the same parties, from the folded takedown.
  v.catalog.mutable_current_takedown()->add_notified_users("u-li");
  p.mutable_catalog_entry_taken_down()->set_takedown(1);
  CHECK(Of(v, kEntryStream, System(), p) ==
        (Addresses{"org/rc-wsj", "user/u-li"}));
  p.mutable_catalog_entry_takedown_refused()->set_takedown(1);
  CHECK(Of(v, kEntryStream, CityReviewer(), p) == Addresses{"org/rc-wsj"});
  p.mutable_catalog_entry_takedown_withdrawn()->set_takedown(1);
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"region/370811"});
}

TEST_CASE("recipients: quality changes migration industry and releases",
          "[notification][recipients]") {
  StreamView v = CountyEntry();
  pb::EventPayload p;
  p.mutable_catalog_entry_suspended_for_quality()->set_reasons("x");
  CHECK(Of(v, kEntryStream, CityReviewer(), p) == Addresses{"org/rc-wsj"});
  p.mutable_catalog_entry_remediation_reported()->set_notes("x");
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"region/370811"});
  p.mutable_catalog_entry_change_applied()->set_change(1);
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"region/370811"});
  p.mutable_catalog_entry_change_refused()->set_change(1);
  CHECK(Of(v, kEntryStream, CountyReviewer("370811"), p) ==
        Addresses{"org/rc-wsj"});
  p.mutable_catalog_entry_migration_requested()->set_to_organization("jn-wsj");
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"org/jn-wsj"});
  // Confirmed into another region: the owner and the city, which decides.
  pb::Migration& m = *v.catalog.mutable_current_migration();
  m.set_from_organization("rc-wsj");
  m.set_to_organization("jn-wsj");
  m.set_to_region("3708");
  p.mutable_catalog_entry_migration_confirmed()->set_migration(1);
  CHECK(Of(v, kEntryStream, CityProvider("jn-wsj"), p) ==
        (Addresses{"org/rc-wsj", "region/3708"}));
  p.mutable_catalog_entry_migration_declined()->set_migration(1);
  CHECK(Of(v, kEntryStream, CityProvider("jn-wsj"), p) ==
        Addresses{"org/rc-wsj"});
  auto* approved = p.mutable_catalog_entry_migration_approved();
  approved->set_from_organization("rc-wsj");
  approved->set_to_organization("jn-wsj");
  CHECK(Of(v, kEntryStream, CityReviewer(), p) ==
        (Addresses{"org/jn-wsj", "org/rc-wsj"}));
  v.catalog.mutable_industry()->set_applicant_organization("91370800MA3C");
  p.mutable_catalog_entry_industry_applied()->set_application(1);
  CHECK(Of(v, kEntryStream, AppOwner(), p) == Addresses{"region/370811"});
  p.mutable_catalog_entry_industry_returned()->set_application(1);
  CHECK(Of(v, kEntryStream, CountyReviewer("370811"), p) ==
        Addresses{"org/91370800MA3C"});
  // A release the provider records itself notifies nobody (never the actor);
  // a quality assessment by a reviewer notifies the provider.
  p.mutable_catalog_entry_release_recorded();
  CHECK(Of(v, kEntryStream, AppOwner(), p).empty());
  p.mutable_catalog_entry_quality_assessed();
  CHECK(Of(v, kEntryStream, CountyReviewer("370811"), p) ==
        Addresses{"org/rc-wsj"});
}

TEST_CASE("recipients: each application step",
          "[notification][recipients][application]") {
  StreamView v;
  pb::Application& app = v.application.application;
  *app.mutable_applicant() = Applicant();
  *app.mutable_entry() = AppFacts();
  pb::EventPayload p;
  p.mutable_application_submitted()->set_application_id(kAppId);
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"region/370811"});
  p.mutable_application_formal_review_passed();
  CHECK(Of(v, kAppStream, CountyReviewer("370811"), p) ==
        (Addresses{"org/rc-wsj", "user/u-zhang"}));
  p.mutable_application_formal_review_failed();
  CHECK(Of(v, kAppStream, CountyReviewer("370811"), p) ==
        Addresses{"user/u-zhang"});
  p.mutable_application_approved();
  CHECK(Of(v, kAppStream, AppOwner(), p) == Addresses{"user/u-zhang"});
  p.mutable_application_refused();
  CHECK(Of(v, kAppStream, AppOwner(), p) == Addresses{"user/u-zhang"});
  p.mutable_agreement_signed()->set_party(pb::ROLE_PROVIDER);
  CHECK(Of(v, kAppStream, AppOwner(), p) == Addresses{"user/u-zhang"});
  p.mutable_agreement_signed()->set_party(pb::ROLE_USER);
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"org/rc-wsj"});
  // Annex 5: the reviewer the grant records is informed.
  p.mutable_access_granted()->mutable_grant()->set_informed_reviewer_region(
      "370811");
  CHECK(Of(v, kAppStream, AppOwner(), p) ==
        (Addresses{"region/370811", "user/u-zhang"}));
  p.mutable_access_lapsed();
  CHECK(Of(v, kAppStream, System(), p) ==
        (Addresses{"org/rc-wsj", "user/u-zhang"}));
  p.mutable_access_revoked();
  CHECK(Of(v, kAppStream, AppOwner(), p) == Addresses{"user/u-zhang"});
  p.mutable_renewal_applied();
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"org/rc-wsj"});
  p.mutable_renewal_refused();
  CHECK(Of(v, kAppStream, AppOwner(), p) == Addresses{"user/u-zhang"});
  p.mutable_usage_report_filed();
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"org/rc-wsj"});
  p.mutable_destruction_attested();
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"org/rc-wsj"});
  p.mutable_application_withdrawn()->set_from_state(
      pb::APPLICATION_STATE_SUBMITTED);
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"region/370811"});
  p.mutable_application_withdrawn()->set_from_state(
      pb::APPLICATION_STATE_PROVIDER_REVIEW);
  CHECK(Of(v, kAppStream, Applicant(), p) == Addresses{"org/rc-wsj"});
}

TEST_CASE("recipients: plans and the city plan",
          "[notification][recipients][plan]") {
  StreamView v;
  v.plan.plan.set_provider_organization("jn-gaj");
  pb::EventPayload p;
  p.mutable_annual_plan_submitted()->set_year(2026);
  CHECK(Of(v, "plan/2026/jn-gaj", CityProvider(), p) ==
        Addresses{"region/3708"});
  p.mutable_annual_plan_returned();
  CHECK(Of(v, "plan/2026/jn-gaj", CityReviewer(), p) ==
        Addresses{"org/jn-gaj"});
  p.mutable_annual_plan_approved();
  CHECK(Of(v, "plan/2026/jn-gaj", CityReviewer(), p) ==
        Addresses{"org/jn-gaj"});
  auto* published = p.mutable_city_plan_published();
  published->add_sections()->set_provider_organization("jn-gaj");
  published->add_sections()->set_provider_organization("rc-wsj");
  CHECK(Of(StreamView(), "city-plan/2026", CityReviewer(), p) ==
        (Addresses{"org/jn-gaj", "org/rc-wsj"}));
  // Organisation profiles and calendar loads notify nobody.
  p.mutable_responsible_persons_set();
  CHECK(Of(StreamView(), "organization/jn-gaj", CityProvider(), p).empty());
  p.mutable_calendar_year_loaded();
  CHECK(Of(StreamView(), "calendar/2027", Operator(), p).empty());
}

TEST_CASE("recipients: an overdue or revised deadline goes to who must act",
          "[notification][recipients][deadline]") {
  StreamView v = CountyEntry();
  pb::Deadline review;
  review.set_deadline_id("catalog-review:x:1");
  review.set_responsible_region("370811");
  v.deadlines[review.deadline_id()] = review;
  pb::Deadline update;
  update.set_deadline_id("catalog-update:x:1");
  update.set_responsible_organization("rc-wsj");
  update.set_responsible_region("370811");
  v.deadlines[update.deadline_id()] = update;
  pb::EventPayload p;
  p.mutable_deadline_overdue()->set_deadline_id(review.deadline_id());
  CHECK(Of(v, kEntryStream, System(), p) == Addresses{"region/370811"});
  p.mutable_deadline_overdue()->set_deadline_id(update.deadline_id());
  CHECK(Of(v, kEntryStream, System(), p) == Addresses{"org/rc-wsj"});
  p.mutable_deadline_revised()->set_deadline_id(update.deadline_id());
  CHECK(Of(v, kEntryStream, Operator(), p) == Addresses{"org/rc-wsj"});
  p.mutable_deadline_met()->set_deadline_id(update.deadline_id());
  CHECK(Of(v, kEntryStream, AppOwner(), p).empty());
}

TEST_CASE("recipients: rendering names the ids and no person",
          "[notification][render]") {
  pb::EventPayload p;
  auto* a = p.mutable_catalog_entry_takedown_approved();
  a->set_takedown(2);
  a->set_notice_started(true);
  a->add_notified_users("u-zhang");
  *a->mutable_notice_end_time() = ToProto(At("2026-03-16T23:59:59+08:00"));
  pb::EventEnvelope e = Event(kEntryStream, CityReviewer(), p);
  *e.mutable_occurred_at() = ToProto(At("2026-03-02T11:00:00+08:00"));
  e.set_event_type("catalog_entry_takedown_approved");
  pb::CatalogEntry entry = CountyEntry().catalog;
  entry.mutable_current_takedown()->set_number(2);
  entry.mutable_current_takedown()->set_reasons("职责调整");
  const pb::Notification n = RenderNotification(e, &entry);
  CHECK(n.kind() == pb::NOTIFICATION_KIND_TAKEDOWN_NOTICE);
  CHECK(n.position() == 42);
  CHECK(n.stream_id() == kEntryStream);
  CHECK(n.event_type() == "catalog_entry_takedown_approved");
  CHECK(n.catalog_entry_id() == kAppEntry);
  CHECK(n.catalog_entry_name() == "任城区诊所名录");
  CHECK(n.takedown() == 2);
  CHECK(FromProto(n.notice_start_time()) == At("2026-03-02T11:00:00+08:00"));
  CHECK(FromProto(n.notice_end_time()) == At("2026-03-16T23:59:59+08:00"));
  CHECK(n.reasons() == "职责调整");
  CHECK(n.summary().find("u-zhang") == std::string::npos);
  CHECK(n.summary().find(kAppEntry) != std::string::npos);

  pb::EventPayload s;
  *s.mutable_application_submitted()->mutable_entry() = AppFacts();
  const pb::Notification sub =
      RenderNotification(Event(kAppStream, Applicant(), s), nullptr);
  CHECK(sub.kind() == pb::NOTIFICATION_KIND_APPLICATION_REVIEW);
  CHECK(sub.application_id() == kAppId);
  CHECK(sub.catalog_entry_id() == kAppEntry);
  CHECK(sub.summary().find("u-zhang") == std::string::npos);

  pb::EventPayload o;
  o.mutable_deadline_overdue()->set_deadline_id("plan:2026");
  const pb::Notification overdue =
      RenderNotification(Event("city-plan/2026", System(), o), nullptr);
  CHECK(overdue.kind() == pb::NOTIFICATION_KIND_DEADLINE_OVERDUE);
  CHECK(overdue.deadline_id() == "plan:2026");
  CHECK(overdue.plan_year() == 2026);
  pb::EventPayload plan;
  plan.mutable_annual_plan_approved();
  const pb::Notification approved = RenderNotification(
      Event("plan/2026/jn-gaj", CityReviewer(), plan), nullptr);
  CHECK(approved.kind() == pb::NOTIFICATION_KIND_PLAN);
  CHECK(approved.plan_year() == 2026);
  CHECK(approved.plan_organization() == "jn-gaj");
}

}  // namespace
}  // namespace opendata::engine_test
