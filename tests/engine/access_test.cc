// The access decision (engine/access): the pure rule for every entry state,
// attribute, service mode and grant state; then the whole application flow
// through the pipeline and the scheduler with a FakeClock — submit, review,
// approve, sign, access allowed, denied exactly at the end even before the
// scheduler lapses the grant, the lapse, ApplicationQueries visibility — and a
// rebuild of the projections from the log.
#include <optional>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/access/access_decision.h"
#include "engine/query/application_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/application_support.h"
#include "tests/engine/deadline_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

const absl::Time kNow = Shanghai(2026, 4, 1, 10, 0, 0);

pb::CatalogEntry Entry(pb::CatalogEntryState state, pb::OpenAttribute attr) {
  pb::CatalogEntry e;
  e.set_catalog_entry_id(kAppEntry);
  e.set_state(state);
  *e.mutable_content() = ConditionalContent();
  e.mutable_content()->set_open_attribute(attr);
  e.mutable_content()->clear_service_modes();
  e.mutable_content()->add_service_modes(pb::SERVICE_MODE_API);
  return e;
}

pb::AccessGrant Grant(pb::GrantState state, absl::Time start, absl::Time end,
                      const std::string& id = kAppId) {
  pb::AccessGrant g;
  g.set_application_id(id);
  g.set_state(state);
  *g.mutable_start_time() = ToProto(start);
  *g.mutable_end_time() = ToProto(end);
  return g;
}

pb::AccessReason Reason(const std::optional<pb::CatalogEntry>& entry,
                        const std::vector<pb::AccessGrant>& grants = {},
                        pb::ServiceMode mode = pb::SERVICE_MODE_API) {
  return DecideAccess(entry, mode, grants, kNow).reason();
}

TEST_CASE("access: entry states and attributes decide first", "[access]") {
  CHECK(Reason(std::nullopt) == pb::ACCESS_REASON_ENTRY_NOT_FOUND);
  CHECK(Reason(Entry(pb::CATALOG_ENTRY_STATE_SUBMITTED,
                     pb::OPEN_ATTRIBUTE_UNCONDITIONAL)) ==
        pb::ACCESS_REASON_NOT_PUBLISHED);
  CHECK(Reason(Entry(pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY,
                     pb::OPEN_ATTRIBUTE_UNCONDITIONAL)) ==
        pb::ACCESS_REASON_SUSPENDED);
  CHECK(Reason(Entry(pb::CATALOG_ENTRY_STATE_TAKEN_DOWN,
                     pb::OPEN_ATTRIBUTE_UNCONDITIONAL)) ==
        pb::ACCESS_REASON_TAKEN_DOWN);
  CHECK(Reason(Entry(pb::CATALOG_ENTRY_STATE_PUBLISHED,
                     pb::OPEN_ATTRIBUTE_NOT_OPEN)) ==
        pb::ACCESS_REASON_NOT_OPEN);
  const pb::CatalogEntry open = Entry(pb::CATALOG_ENTRY_STATE_PUBLISHED,
                                      pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  CHECK(Reason(open, {}, pb::SERVICE_MODE_FILE) ==
        pb::ACCESS_REASON_MODE_NOT_OFFERED);
  const pb::AccessDecision yes =
      DecideAccess(open, pb::SERVICE_MODE_API, {}, kNow);
  CHECK(yes.allowed());
  CHECK(yes.reason() == pb::ACCESS_REASON_UNCONDITIONAL);
  // A grant does not open a taken-down entry.
  CHECK(Reason(Entry(pb::CATALOG_ENTRY_STATE_TAKEN_DOWN,
                     pb::OPEN_ATTRIBUTE_CONDITIONAL),
               {Grant(pb::GRANT_STATE_ACTIVE, kNow - absl::Hours(1),
                      kNow + absl::Hours(1))}) == pb::ACCESS_REASON_TAKEN_DOWN);
}

TEST_CASE("access: conditional entries need an active grant covering now",
          "[access]") {
  const pb::CatalogEntry cond =
      Entry(pb::CATALOG_ENTRY_STATE_PUBLISHED, pb::OPEN_ATTRIBUTE_CONDITIONAL);
  CHECK(Reason(cond) == pb::ACCESS_REASON_NO_GRANT);
  const absl::Time before = kNow - absl::Hours(24);
  const absl::Time after = kNow + absl::Hours(24);
  const pb::AccessGrant active = Grant(pb::GRANT_STATE_ACTIVE, before, after);
  const pb::AccessDecision yes =
      DecideAccess(cond, pb::SERVICE_MODE_API, {active}, kNow);
  CHECK(yes.allowed());
  CHECK(yes.reason() == pb::ACCESS_REASON_GRANT_ACTIVE);
  CHECK(yes.application_id() == kAppId);
  CHECK(FromProto(yes.valid_until()) == after);
  CHECK(Reason(cond, {Grant(pb::GRANT_STATE_ACTIVE, after, after)}) ==
        pb::ACCESS_REASON_GRANT_NOT_STARTED);
  // Ended by the clock, before the scheduler recorded it.
  CHECK(Reason(cond, {Grant(pb::GRANT_STATE_ACTIVE, before,
                            kNow - absl::Seconds(1))}) ==
        pb::ACCESS_REASON_GRANT_ENDED);
  CHECK(Reason(cond, {Grant(pb::GRANT_STATE_LAPSED, before, after)}) ==
        pb::ACCESS_REASON_GRANT_ENDED);
  CHECK(Reason(cond, {Grant(pb::GRANT_STATE_REVOKED, before, after)}) ==
        pb::ACCESS_REASON_GRANT_REVOKED);
  // Any active grant among others allows.
  CHECK(DecideAccess(cond, pb::SERVICE_MODE_API,
                     {Grant(pb::GRANT_STATE_REVOKED, before, after, "app-a"),
                      Grant(pb::GRANT_STATE_ACTIVE, before, after, "app-b")},
                     kNow)
            .application_id() == "app-b");
}

// The flow through the pipeline, the projections and the scheduler.
TEST_CASE("access: an application from submission to the lapse of access",
          "[access]") {
  DeadlineHarness h(Shanghai(2026, 2, 26, 9, 0, 0));
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  h.MustRun(SubmitCommand(kAppEntry), AppOwner());
  h.MustRun(PublishCommand(kAppEntry), CountyReviewer("370811"));

  AccessQueries access(&h.store());
  ApplicationQueries apps(&h.store());
  const auto check = [&](absl::Time at) {
    absl::StatusOr<pb::AccessDecision> d =
        access.Check(Applicant(), kAppEntry, pb::SERVICE_MODE_API, at);
    INFO(d.status().ToString());
    REQUIRE(d.ok());
    return *d;
  };

  h.clock().Set(Shanghai(2026, 3, 2, 10, 0, 0));
  CHECK(check(h.clock().Now()).reason() == pb::ACCESS_REASON_NO_GRANT);
  const CommandOutcome submitted = h.MustRun(
      SubmitApp(ValidForm(), Credit(h.clock().Now())), Applicant(), "sub-1");
  // A retry asks the registry again at another time: still the same request.
  const CommandOutcome retried = h.MustRun(
      SubmitApp(ValidForm(), Credit(h.clock().Now() + absl::Seconds(5))),
      Applicant(), "sub-1");
  CHECK(retried.replayed);
  CHECK(retried.first_sequence == submitted.first_sequence);
  CHECK(h.DeadlineRow("application-formal-review:app-zhang-1").state() ==
        pb::DEADLINE_STATE_OPEN);

  h.clock().Set(Shanghai(2026, 3, 3, 10, 0, 0));
  h.MustRun(PassFormal(), CountyReviewer("370811"));
  h.MustRun(Approve(), AppOwner());
  h.MustRun(Sign(), AppOwner());
  h.MustRun(Sign(), Applicant());

  // Visibility: applicant, owner, reviewers with jurisdiction, auditors.
  for (const pb::Actor& reader :
       {Applicant(), AppOwner(), CountyReviewer("370811"), CityReviewer(),
        Auditor()}) {
    INFO(reader.subject());
    CHECK(apps.Get(reader, kAppId).ok());
  }
  for (const pb::Actor& other :
       {Applicant("u-li"), CountyProvider("370811", "rc-jyj"),
        CountyReviewer("370812")}) {
    INFO(other.subject());
    CheckError(apps.Get(other, kAppId).status(), StatusCode::kNotFound,
               "APPLICATION_NOT_FOUND");
    const absl::StatusOr<ApplicationPage> page = apps.List(other, 0, "");
    REQUIRE(page.ok());
    CHECK(page->applications.empty());
  }
  const absl::StatusOr<ApplicationPage> mine = apps.List(Applicant(), 0, "");
  REQUIRE(mine.ok());
  REQUIRE(mine->applications.size() == 1);
  CHECK(mine->applications[0].state() == pb::APPLICATION_STATE_GRANTED);
  const auto grants = apps.Grants(Applicant());
  REQUIRE(grants.ok());
  REQUIRE(grants->size() == 1);

  CHECK(check(Shanghai(2026, 3, 9, 23, 0, 0)).reason() ==
        pb::ACCESS_REASON_GRANT_NOT_STARTED);
  CHECK(check(Shanghai(2026, 3, 10, 0, 0, 0)).allowed());
  CHECK(check(At("2026-06-30T23:59:59+08:00")).allowed());
  CHECK(check(At("2026-07-01T00:00:00+08:00")).reason() ==
        pb::ACCESS_REASON_GRANT_ENDED);
  CHECK(access
            .Check(CityReviewer(), kAppEntry, pb::SERVICE_MODE_API,
                   h.clock().Now())
            ->reason() == pb::ACCESS_REASON_NOT_A_USER);
  CheckError(access
                 .Check(Applicant(), kAppEntry, pb::SERVICE_MODE_UNSPECIFIED,
                        h.clock().Now())
                 .status(),
             StatusCode::kInvalidArgument, "ACCESS_QUERY_INVALID");

  h.clock().Set(Shanghai(2026, 7, 1, 0, 0, 5));
  CHECK(h.RunScheduler() >= 1);
  const auto ended = apps.Get(Applicant(), kAppId);
  REQUIRE(ended.ok());
  CHECK(ended->state() == pb::APPLICATION_STATE_ENDED);
  CHECK(ended->grant().state() == pb::GRANT_STATE_LAPSED);
  CHECK(h.DeadlineRow("agreement-end:app-zhang-1:1").state() ==
        pb::DEADLINE_STATE_MET);
  CHECK(h.DeadlineRow("data-destruction:app-zhang-1").state() ==
        pb::DEADLINE_STATE_OPEN);
  CHECK(check(h.clock().Now()).reason() == pb::ACCESS_REASON_GRANT_ENDED);

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

TEST_CASE("access: ListApplications pages by id and scopes by role",
          "[access]") {
  DeadlineHarness h(Shanghai(2026, 2, 26, 9, 0, 0));
  h.MustRun(CreateCommand(kAppEntry, AppFactsContent()), AppOwner());
  h.MustRun(SubmitCommand(kAppEntry), AppOwner());
  h.MustRun(PublishCommand(kAppEntry), CountyReviewer("370811"));
  h.clock().Set(Shanghai(2026, 3, 2, 10, 0, 0));
  for (const char* id : {"app-a", "app-b", "app-c"}) {
    h.MustRun(SubmitApp(ValidForm(), Credit(h.clock().Now()), id), Applicant());
  }
  h.MustRun(
      SubmitApp(ValidForm(),
                Credit(h.clock().Now(), pb::CREDIT_LIST_UNSPECIFIED, "u-li"),
                "app-d"),
      Applicant("u-li"));
  ApplicationQueries apps(&h.store());
  const auto ids = [](const ApplicationPage& page) {
    std::vector<std::string> out;
    for (const auto& a : page.applications) out.push_back(a.application_id());
    return out;
  };
  const absl::StatusOr<ApplicationPage> first = apps.List(Applicant(), 2, "");
  REQUIRE(first.ok());
  CHECK(ids(*first) == std::vector<std::string>{"app-a", "app-b"});
  REQUIRE_FALSE(first->next_page_token.empty());
  const absl::StatusOr<ApplicationPage> second =
      apps.List(Applicant(), 2, first->next_page_token);
  REQUIRE(second.ok());
  CHECK(ids(*second) == std::vector<std::string>{"app-c"});
  CHECK(second->next_page_token.empty());
  CheckError(apps.List(Applicant("u-li"), 2, first->next_page_token).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  CHECK(ids(*apps.List(AppOwner(), 0, "")) ==
        std::vector<std::string>{"app-a", "app-b", "app-c", "app-d"});
  CHECK(ids(*apps.List(CountyReviewer("370811"), 0, "")).size() == 4);
  CHECK(ids(*apps.List(CityReviewer(), 0, "")).size() == 4);
  CHECK(apps.List(CountyReviewer("370812"), 0, "")->applications.empty());
  CheckError(apps.Grants(AppOwner()).status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace opendata::engine_test
