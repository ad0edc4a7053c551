// Tests of the takedown notification (Art. 14: every user who applied for the
// data is notified as the public notice starts). The decider records the
// applicants the pipeline passes in, sorted and distinct, only on the approval
// that starts the notice; the fold keeps them in the takedown; the
// application projection indexes applications by entry (all but WITHDRAWN);
// the approval that starts the notice is addressed to each notified user
// (EventEnvelope.recipients, engine/notifications). Then the
// whole flow through the pipeline with a FakeClock: two users apply, a third
// applies and withdraws, the county and city reviewers approve, each
// applicant's inbox (the store's inbox index) shows the notice, and the
// projections rebuilt from the log equal the incremental ones.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/catalog/catalog_decider.h"
#include "engine/notifications/recipients.h"
#include "engine/projections/application_projection.h"
#include "engine/projections/catalog_projection.h"
#include "engine/query/notification_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/application_support.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kReasons[] = "职责调整，该数据已移交市卫健委统一开放";

const absl::Time kStart = Shanghai(2026, 2, 26, 10, 0, 0);
const absl::Time kApplied = Shanghai(2026, 3, 2, 9, 0, 0);
const absl::Time kApproved = Shanghai(2026, 3, 2, 10, 0, 0);
// Approved Mon 2 Mar 10:00: Tue 3 Mar is day 1, Mon 16 Mar day 10.
const char kNoticeEnd[] = "2026-03-16T23:59:59+08:00";

pb::Command RequestCmd(const std::string& id) {
  pb::Command c;
  c.mutable_request_takedown()->set_catalog_entry_id(id);
  c.mutable_request_takedown()->set_reasons(kReasons);
  return c;
}

pb::Command ApproveCmd(const std::string& id) {
  pb::Command c;
  c.mutable_approve_takedown()->set_catalog_entry_id(id);
  return c;
}

pb::Command WithdrawCmd(const std::string& application_id) {
  pb::Command c;
  c.mutable_withdraw_application()->set_application_id(application_id);
  return c;
}

// A published COUNTY entry with a takedown application (number 1) pending.
std::vector<pb::EventPayload> Pending() {
  std::vector<pb::EventPayload> h = {
      Created(kAppEntry, AppOwner(), AppFactsContent())};
  for (pb::EventPayload& e : SubmittedWithClock(
           kAppEntry, "370811", 1, kStart, At("2026-02-28T23:59:59+08:00"))) {
    h.push_back(std::move(e));
  }
  h.push_back(Published(1));
  pb::EventPayload requested;
  requested.mutable_catalog_entry_takedown_requested()->set_takedown(1);
  requested.mutable_catalog_entry_takedown_requested()->set_reasons(kReasons);
  h.push_back(requested);
  return h;
}

absl::StatusOr<std::vector<pb::EventPayload>> Decide(
    const DeciderFixture& f, const pb::Actor& actor,
    const std::vector<std::string>& applicants) {
  return DecideCatalog(f.state(), ApproveCmd(kAppEntry),
                       Context(actor, kApproved), RealCalendar(),
                       TakedownInputs{applicants});
}

std::vector<std::string> Users(const pb::EventPayload& approval) {
  const auto& users =
      approval.catalog_entry_takedown_approved().notified_users();
  return {users.begin(), users.end()};
}

TEST_CASE(
    "notification: only the approval that starts the notice records "
    "the applicants",
    "[decider][takedown][notification]") {
  DeciderFixture f;
  f.Given(Pending());
  const std::vector<std::string> applicants = {"u-zhang", "u-li", "u-zhang"};

  // The county step does not start the notice: nobody is notified yet.
  absl::StatusOr<std::vector<pb::EventPayload>> county =
      Decide(f, CountyReviewer("370811"), applicants);
  INFO(county.status().ToString());
  REQUIRE(county.ok());
  REQUIRE(county->size() == 1);
  CHECK(Users((*county)[0]).empty());
  CHECK_FALSE((*county)[0].catalog_entry_takedown_approved().notice_started());
  f.GivenBy(CountyReviewer("370811"), kApproved, *county);
  CHECK(f.state().takedown.notified_users().empty());

  // A refused step records nothing either (the inputs do not bypass authz).
  CHECK(Decide(f, CountyReviewer("370811"), applicants).status().code() ==
        StatusCode::kPermissionDenied);

  // The city step starts it: the applicants, sorted and distinct.
  absl::StatusOr<std::vector<pb::EventPayload>> city =
      Decide(f, CityReviewer(), applicants);
  INFO(city.status().ToString());
  REQUIRE(city.ok());
  REQUIRE(city->size() == 2);
  CHECK((*city)[0].catalog_entry_takedown_approved().notice_started());
  CHECK(Users((*city)[0]) == std::vector<std::string>{"u-li", "u-zhang"});
  f.GivenBy(CityReviewer(), kApproved, *city);
  CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_NOTICE);
  REQUIRE(f.state().takedown.notified_users_size() == 2);
  CHECK(f.state().takedown.notified_users(0) == "u-li");
  CHECK(f.state().takedown.notified_users(1) == "u-zhang");
}

TEST_CASE("notification: a notice nobody applied for notifies nobody",
          "[decider][takedown][notification]") {
  DeciderFixture f;
  f.Given(Pending());
  absl::StatusOr<std::vector<pb::EventPayload>> county =
      Decide(f, CountyReviewer("370811"), {});
  REQUIRE(county.ok());
  f.GivenBy(CountyReviewer("370811"), kApproved, *county);
  absl::StatusOr<std::vector<pb::EventPayload>> city =
      Decide(f, CityReviewer(), {});
  REQUIRE(city.ok());
  CHECK((*city)[0].catalog_entry_takedown_approved().notice_started());
  CHECK(Users((*city)[0]).empty());
  // The stream once the notice started: the approval notifies the provider
  // only (nobody applied).
  StreamView view;
  int version = 0;
  std::vector<pb::EventPayload> all = Pending();
  all.push_back((*city)[0]);
  pb::EventEnvelope e;
  for (const pb::EventPayload& p : all) {
    e.set_stream_id("catalog-entry/" + std::string(kAppEntry));
    e.set_stream_version(++version);
    *e.mutable_occurred_at() = ToProto(kApproved);
    *e.mutable_actor() = CityReviewer();
    *e.mutable_payload() = p;
    FoldStreamView(view, e);
  }
  REQUIRE(view.catalog.current_takedown().state() == pb::TAKEDOWN_STATE_NOTICE);
  CHECK(Recipients(view, e) == std::vector<std::string>{OrgAddress(
                                   view.catalog.provider_organization())});
}

TEST_CASE("notification: applications are indexed by entry unless withdrawn",
          "[projection][notification]") {
  ApplicationAggregate state;
  state.version = 1;
  pb::Application& app = state.application;
  app.set_application_id(kAppId);
  *app.mutable_applicant() = Applicant("u/zhang");
  *app.mutable_entry() = AppFacts();
  const std::string key =
      ApplicationsOfEntryPrefix(kAppEntry) + std::string(kAppId);
  CHECK(key == "applications/by-entry/rc-wsj-clinics/app-zhang-1");
  for (pb::ApplicationState s :
       {pb::APPLICATION_STATE_SUBMITTED, pb::APPLICATION_STATE_PROVIDER_REVIEW,
        pb::APPLICATION_STATE_FORMAL_REVIEW_FAILED,
        pb::APPLICATION_STATE_APPROVED, pb::APPLICATION_STATE_REFUSED,
        pb::APPLICATION_STATE_GRANTED, pb::APPLICATION_STATE_ENDED,
        pb::APPLICATION_STATE_REVOKED}) {
    INFO(pb::ApplicationState_Name(s));
    app.set_state(s);
    const ProjectionRows rows = ApplicationRows(state);
    REQUIRE(rows.count(key) == 1);
    CHECK(rows.at(key) == "u/zhang");
  }
  app.set_state(pb::APPLICATION_STATE_WITHDRAWN);
  CHECK(ApplicationRows(state).count(key) == 0);
}

// ------------------------------------------------- pipeline and projections

// `user`'s inbox.
std::vector<pb::Notification> Inbox(RocksEventStore& store,
                                    const std::string& user) {
  NotificationQueries queries(&store);
  const absl::StatusOr<NotificationPage> page =
      queries.List(UserAddress(user), 0, "");
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  return page->notifications;
}

TEST_CASE(
    "notification: through the pipeline, applicants are notified as "
    "the notice starts",
    "[takedown][notification][pipeline]") {
  DeadlineHarness h(kStart);
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  h.MustRun(SubmitCommand(kAppEntry), AppOwner());
  h.MustRun(PublishCommand(kAppEntry), CountyReviewer("370811"));

  h.clock().Set(kApplied);
  for (const std::string user : {"u-zhang", "u-li", "u-wang"}) {
    h.MustRun(SubmitApp(ValidForm(),
                        Credit(kApplied, pb::CREDIT_LIST_UNSPECIFIED, user),
                        "app-" + user.substr(2)),
              Applicant(user));
  }
  // u-wang withdraws: no longer an applicant to notify.
  h.MustRun(WithdrawCmd("app-wang"), Applicant("u-wang"));

  h.MustRun(RequestCmd(kAppEntry), AppOwner());
  h.clock().Set(kApproved);
  h.MustRun(ApproveCmd(kAppEntry), CountyReviewer("370811"));
  for (const std::string user : {"u-zhang", "u-li", "u-wang"}) {
    CHECK(Inbox(h.store(), user).empty());
  }
  h.MustRun(ApproveCmd(kAppEntry), CityReviewer());

  // The events: the county approval records nobody, the city one both.
  std::vector<std::vector<std::string>> recorded;
  for (const pb::EventEnvelope& e :
       h.Stream("catalog-entry/" + std::string(kAppEntry))) {
    if (e.payload().has_catalog_entry_takedown_approved())
      recorded.push_back(Users(e.payload()));
  }
  REQUIRE(recorded.size() == 2);
  CHECK(recorded[0].empty());
  CHECK(recorded[1] == std::vector<std::string>{"u-li", "u-zhang"});

  // Each applicant's inbox; nothing for the one who withdrew.
  for (const std::string user : {"u-zhang", "u-li"}) {
    const std::vector<pb::Notification> inbox = Inbox(h.store(), user);
    REQUIRE(inbox.size() == 1);
    const pb::Notification& n = inbox[0];
    CHECK(n.kind() == pb::NOTIFICATION_KIND_TAKEDOWN_NOTICE);
    CHECK(n.event_type() == "catalog_entry_takedown_approved");
    CHECK(n.catalog_entry_id() == kAppEntry);
    CHECK(n.catalog_entry_name() == AppFactsContent().name());
    CHECK(n.takedown() == 1);
    CHECK(FromProto(n.notice_start_time()) == kApproved);
    CHECK(FromProto(n.notice_end_time()) == At(kNoticeEnd));
    CHECK(n.reasons() == kReasons);
  }
  for (const std::string other : {"u-wang", "u-stranger"}) {
    CHECK(Inbox(h.store(), other).empty());
  }

  // Who was notified is not public: a user reading the entry does not see it.
  CHECK(h.Entry(kAppEntry).current_takedown().notified_users_size() == 2);
  CatalogQueries catalog(&h.store());
  const absl::StatusOr<pb::CatalogEntry> seen =
      catalog.Get(Applicant("u-stranger"), kAppEntry);
  REQUIRE(seen.ok());
  CHECK(seen->current_takedown().state() == pb::TAKEDOWN_STATE_NOTICE);
  CHECK(seen->current_takedown().notified_users().empty());

  // After the notice the takedown takes effect; the notification stays.
  // (The applications' review clocks fall due by then too.)
  h.clock().Set(At("2026-03-17T08:00:00+08:00"));
  CHECK(h.RunScheduler() >= 1);
  CHECK(h.RunScheduler() == 0);
  CHECK(h.Entry(kAppEntry).state() == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
  const std::vector<pb::Notification> li = Inbox(h.store(), "u-li");
  REQUIRE(li.size() == 2);
  CHECK(li[0].event_type() == "catalog_entry_takedown_approved");
  CHECK(li[1].event_type() == "catalog_entry_taken_down");
  CHECK(li[1].kind() == pb::NOTIFICATION_KIND_TAKEDOWN_NOTICE);
  CHECK(li[1].takedown() == 1);
  CHECK(li[0].position() < li[1].position());

  // The projections rebuilt from the log equal the incrementally written ones.
  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

TEST_CASE("notification: the inbox pages and its tokens are bound to the inbox",
          "[notification][query]") {
  DeadlineHarness h(kStart);
  NotificationQueries queries(&h.store());
  const absl::StatusOr<NotificationPage> bad =
      queries.List(UserAddress("u-zhang"), -1, "");
  CheckError(bad.status(), StatusCode::kInvalidArgument, "PAGE_SIZE_INVALID");
  const absl::StatusOr<NotificationPage> forged =
      queries.List(UserAddress("u-zhang"), 0, "not-a-token");
  CheckError(forged.status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
}

}  // namespace
}  // namespace opendata::engine_test
