// Decider tests of the takedown workflow (Art. 14): the provider's application
// with reasons; the approvals (a COUNTY entry's county reviewer first, then the
// city reviewer; a CITY entry's city reviewer alone), each refusal naming its
// rule; the refusal of an application; the public notice of 10 working days
// started with the last approval and ended by the scheduler's
// MarkDeadlineOverdue as DeadlineMet + CatalogEntryTakenDown, exactly once;
// the quality takedown (先行下架), the provider's remediation and the
// reviewer's acceptance that publishes the entry again. Then the whole flow
// through the pipeline and the scheduler with a FakeClock, with the notice
// index and a rebuild of the projections from the log.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/deadlines/deadline_scheduler.h"
#include "engine/projections/catalog_projection.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/release_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kCounty[] = "rc-wsj-clinics";
constexpr char kCity[] = "jn-gaj-vehicles";
constexpr char kReasons[] = "职责调整，该数据已移交市卫健委统一开放";

// The owner of the county entry: 任城区卫健局.
pb::Actor CountyOwner() { return CountyProvider("370811", "rc-wsj"); }
// The owner of the city entry: 市公安局.
pb::Actor CityOwner() { return CityProvider("jn-gaj"); }

// Published Monday 2 March 2026 in the afternoon; the takedown steps follow.
const absl::Time kSubmitted = Shanghai(2026, 2, 26, 10, 0, 0);
const absl::Time kReviewDue = Shanghai(2026, 2, 28, 23, 59, 59);
const absl::Time kApplied = Shanghai(2026, 3, 2, 9, 0, 0);
const absl::Time kApproved = Shanghai(2026, 3, 2, 10, 0, 0);
// Approved Mon 2 Mar 10:00: Tue 3 Mar is day 1, Mon 16 Mar day 10.
const char kNoticeEnd[] = "2026-03-16T23:59:59+08:00";

const absl::Time kPublished = Shanghai(2026, 2, 27, 15, 0, 0);

// Created, submitted, published (with the review clock and the upkeep clocks
// of Art. 12), as recorded.
std::vector<pb::EventPayload> PublishedHistory(const std::string& id,
                                               const pb::Actor& owner) {
  std::vector<pb::EventPayload> history = {Created(id, owner, ValidContent())};
  for (pb::EventPayload& e :
       SubmittedWithClock(id, owner.region(), 1, kSubmitted, kReviewDue)) {
    history.push_back(std::move(e));
  }
  history.push_back(Published(1));
  history.push_back(ReviewClockMet(id, 1));
  history.push_back(UpdateClockStarted(id, 1, owner, kPublished,
                                       At("2026-03-27T23:59:59+08:00")));
  history.push_back(AssessmentClockStarted(id, 1, owner.region(), kPublished,
                                           At("2027-02-27T23:59:59+08:00")));
  return history;
}

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// ------------------------------------------------------- commands and events

pb::Command RequestCmd(const std::string& id,
                       const std::string& reasons = kReasons) {
  pb::Command c;
  c.mutable_request_takedown()->set_catalog_entry_id(id);
  c.mutable_request_takedown()->set_reasons(reasons);
  return c;
}

pb::Command ApproveCmd(const std::string& id) {
  pb::Command c;
  c.mutable_approve_takedown()->set_catalog_entry_id(id);
  return c;
}

pb::Command RefuseCmd(const std::string& id, const std::string& reasons) {
  pb::Command c;
  c.mutable_refuse_takedown()->set_catalog_entry_id(id);
  c.mutable_refuse_takedown()->set_reasons(reasons);
  return c;
}

pb::Command QualityCmd(const std::string& id, const std::string& reasons) {
  pb::Command c;
  c.mutable_take_down_for_quality()->set_catalog_entry_id(id);
  c.mutable_take_down_for_quality()->set_reasons(reasons);
  return c;
}

pb::Command RemediationCmd(const std::string& id, const std::string& notes) {
  pb::Command c;
  c.mutable_report_remediation()->set_catalog_entry_id(id);
  c.mutable_report_remediation()->set_notes(notes);
  return c;
}

pb::Command AcceptCmd(const std::string& id) {
  pb::Command c;
  c.mutable_accept_remediation()->set_catalog_entry_id(id);
  return c;
}

pb::EventPayload Requested(int n, const std::string& reasons = kReasons) {
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_requested()->set_takedown(n);
  p.mutable_catalog_entry_takedown_requested()->set_reasons(reasons);
  return p;
}

pb::EventPayload CountyApproved(int n) {
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_approved()->set_takedown(n);
  p.mutable_catalog_entry_takedown_approved()->set_step(pb::LEVEL_COUNTY);
  return p;
}

pb::EventPayload CityApproved(int n, absl::Time notice_end) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_approved();
  e->set_takedown(n);
  e->set_step(pb::LEVEL_CITY);
  e->set_notice_started(true);
  *e->mutable_notice_end_time() = ToProto(notice_end);
  return p;
}

std::string NoticeId(const std::string& id, int n) {
  return absl::StrCat("takedown-notice:", id, ":", n);
}

// The DeadlineStarted of the public notice, as the last approval records it.
pb::EventPayload NoticeStarted(const std::string& id, int n,
                               const std::string& region, absl::Time start,
                               absl::Time end) {
  pb::EventPayload p;
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id(NoticeId(id, n));
  d->set_kind(pb::DEADLINE_KIND_TAKEDOWN_NOTICE);
  d->set_stream_id("catalog-entry/" + id);
  d->set_subject_id(id);
  d->set_responsible_role(pb::ROLE_SYSTEM);
  d->set_responsible_region(region);
  *d->mutable_start_time() = ToProto(start);
  d->set_working_days(10);
  *d->mutable_due_time() = ToProto(end);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  return p;
}

pb::EventPayload Refused(int n, pb::Level step, const std::string& reasons) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_refused();
  e->set_takedown(n);
  e->set_step(step);
  e->set_reasons(reasons);
  return p;
}

pb::EventPayload NoticeMet(const std::string& id, int n) {
  pb::EventPayload p;
  p.mutable_deadline_met()->set_deadline_id(NoticeId(id, n));
  p.mutable_deadline_met()->set_late(false);
  return p;
}

pb::EventPayload TakenDown(int n, absl::Time notice_end) {
  pb::EventPayload p;
  p.mutable_catalog_entry_taken_down()->set_takedown(n);
  *p.mutable_catalog_entry_taken_down()->mutable_notice_end_time() =
      ToProto(notice_end);
  return p;
}

pb::EventPayload Suspended(const std::string& reasons) {
  pb::EventPayload p;
  p.mutable_catalog_entry_suspended_for_quality()->set_reasons(reasons);
  return p;
}

pb::EventPayload RemediationReported(const std::string& notes) {
  pb::EventPayload p;
  p.mutable_catalog_entry_remediation_reported()->set_notes(notes);
  return p;
}

pb::EventPayload Republished(const std::string& reasons) {
  pb::EventPayload p;
  p.mutable_catalog_entry_republished()->set_suspension_reasons(reasons);
  return p;
}

// The county entry with its notice running (both approvals given at
// kApproved).
std::vector<pb::EventPayload> CountyInNotice() {
  std::vector<pb::EventPayload> h = PublishedHistory(kCounty, CountyOwner());
  h.push_back(Requested(1));
  h.push_back(CountyApproved(1));
  h.push_back(CityApproved(1, At(kNoticeEnd)));
  h.push_back(NoticeStarted(kCounty, 1, "370811", kApproved, At(kNoticeEnd)));
  return h;
}

// ---------------------------------------------------------------- apply

TEST_CASE("takedown: the owning provider applies with reasons",
          "[decider][takedown]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCounty, CountyOwner()));
  f.When(RequestCmd(kCounty), Context(CountyOwner(), kApplied));
  f.ThenEvents({Requested(1)});
  f.Given(*f.result());
  // The entry stays published while the application is reviewed.
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_APPLIED);
}

TEST_CASE("takedown: application refusals name their rule",
          "[decider][takedown]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCounty, CountyOwner()));
  SECTION("reasons are required") {
    f.When(RequestCmd(kCounty, ""), Context(CountyOwner(), kApplied));
    f.ThenError(StatusCode::kInvalidArgument, "TAKEDOWN_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"reasons"});
  }
  SECTION("reasons are at most 1000 characters") {
    f.When(RequestCmd(kCounty, Repeat("因", 1000)),
           Context(CountyOwner(), kApplied));
    f.ThenEvents({Requested(1, Repeat("因", 1000))});
    f.When(RequestCmd(kCounty, Repeat("因", 1001)),
           Context(CountyOwner(), kApplied));
    f.ThenError(StatusCode::kInvalidArgument, "TAKEDOWN_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"reasons"});
  }
  SECTION("only the owning provider applies") {
    f.When(RequestCmd(kCounty),
           Context(CountyProvider("370811", "rc-jtj"), kApplied));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  }
  SECTION("a reviewer cannot apply") {
    f.When(RequestCmd(kCounty), Context(CityReviewer(), kApplied));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("one application at a time") {
    f.Given({Requested(1)});
    f.When(RequestCmd(kCounty), Context(CountyOwner(), kApplied));
    f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_ALREADY_PENDING");
  }
  SECTION("not during the notice either") {
    DeciderFixture g;
    g.Given(CountyInNotice());
    g.When(RequestCmd(kCounty), Context(CountyOwner(), kApplied));
    g.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_ALREADY_PENDING");
  }
  SECTION("a missing entry") {
    DeciderFixture g;
    g.When(RequestCmd("no-such-entry"), Context(CountyOwner(), kApplied));
    g.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  }
}

TEST_CASE("takedown: only a published entry can be taken down",
          "[decider][takedown]") {
  DeciderFixture f;
  f.Given({Created(kCounty, CountyOwner(), ValidContent())});
  f.When(RequestCmd(kCounty), Context(CountyOwner(), kApplied));
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  f.When(QualityCmd(kCounty, "数据缺失"), Context(CityReviewer(), kApplied));
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
}

// ---------------------------------------------------------------- approve

TEST_CASE("takedown: a COUNTY entry needs its county reviewer, then the city",
          "[decider][takedown][authz]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCounty, CountyOwner()));
  f.Given({Requested(1)});

  SECTION("the city reviewer cannot give the county step") {
    f.When(ApproveCmd(kCounty), Context(CityReviewer(), kApproved));
    f.ThenError(StatusCode::kFailedPrecondition, "ART14_COUNTY_APPROVAL_FIRST");
    f.When(RefuseCmd(kCounty, "不同意"), Context(CityReviewer(), kApproved));
    f.ThenError(StatusCode::kFailedPrecondition, "ART14_COUNTY_APPROVAL_FIRST");
  }
  SECTION("another county's reviewer has no jurisdiction") {
    f.When(ApproveCmd(kCounty), Context(CountyReviewer("370883"), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  }
  SECTION("a provider cannot approve") {
    f.When(ApproveCmd(kCounty), Context(CountyOwner(), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("county, then city: the last approval starts the notice") {
    f.When(ApproveCmd(kCounty), Context(CountyReviewer("370811"), kApproved));
    f.ThenEvents({CountyApproved(1)});
    f.GivenBy(CountyReviewer("370811"), kApproved, *f.result());
    CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_COUNTY_APPROVED);
    CHECK(f.state().takedown.county_approval().reviewer().subject() ==
          "r-370811");

    // The county reviewer cannot give the city step too.
    f.When(ApproveCmd(kCounty), Context(CountyReviewer("370811"), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "ART14_CITY_APPROVAL_REQUIRED");

    f.When(ApproveCmd(kCounty), Context(CityReviewer(), kApproved));
    f.ThenEvents(
        {CityApproved(1, At(kNoticeEnd)),
         NoticeStarted(kCounty, 1, "370811", kApproved, At(kNoticeEnd))});
    f.GivenBy(CityReviewer(), kApproved, *f.result());
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_NOTICE);
    CHECK(FromProto(f.state().takedown.notice_end_time()) == At(kNoticeEnd));
    CHECK(f.state().deadlines.at(NoticeId(kCounty, 1)).state() ==
          pb::DEADLINE_STATE_OPEN);

    // Nothing is left to approve while the notice runs.
    f.When(ApproveCmd(kCounty), Context(CityReviewer(), kApproved));
    f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING");
  }
}

TEST_CASE("takedown: a CITY entry needs the city reviewer only",
          "[decider][takedown][authz]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCity, CityOwner()));
  f.Given({Requested(1)});
  SECTION("a county reviewer has no jurisdiction over a city entry") {
    f.When(ApproveCmd(kCity), Context(CountyReviewer("370811"), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  }
  SECTION("the city reviewer's approval starts the notice") {
    f.When(ApproveCmd(kCity), Context(CityReviewer(), kApproved));
    f.ThenEvents({CityApproved(1, At(kNoticeEnd)),
                  NoticeStarted(kCity, 1, "3708", kApproved, At(kNoticeEnd))});
  }
}

TEST_CASE("takedown: approving without a pending application",
          "[decider][takedown]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCity, CityOwner()));
  f.When(ApproveCmd(kCity), Context(CityReviewer(), kApproved));
  f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING");
  f.When(RefuseCmd(kCity, "不同意"), Context(CityReviewer(), kApproved));
  f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING");
}

// ---------------------------------------------------------------- refuse

TEST_CASE("takedown: a refusal closes the application; the entry stays",
          "[decider][takedown]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCounty, CountyOwner()));
  f.Given({Requested(1)});
  SECTION("reasons are required") {
    f.When(RefuseCmd(kCounty, ""),
           Context(CountyReviewer("370811"), kApproved));
    f.ThenError(StatusCode::kInvalidArgument, "TAKEDOWN_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"reasons"});
  }
  SECTION("refused at the county step") {
    f.When(RefuseCmd(kCounty, "该数据仍有公众需求"),
           Context(CountyReviewer("370811"), kApproved));
    f.ThenEvents({Refused(1, pb::LEVEL_COUNTY, "该数据仍有公众需求")});
    f.Given(*f.result());
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_REFUSED);
    // The provider may apply again: application 2.
    f.When(RequestCmd(kCounty), Context(CountyOwner(), kApproved));
    f.ThenEvents({Requested(2)});
  }
  SECTION("refused at the city step") {
    f.Given({CountyApproved(1)});
    f.When(RefuseCmd(kCounty, "理由不充分"),
           Context(CityReviewer(), kApproved));
    f.ThenEvents({Refused(1, pb::LEVEL_CITY, "理由不充分")});
  }
}

// ---------------------------------------------------------------- notice end

TEST_CASE("takedown: the end of the notice takes effect exactly once",
          "[decider][takedown][deadlines]") {
  DeciderFixture f;
  f.Given(CountyInNotice());
  const pb::Command end = MarkOverdueCommand(
      "catalog-entry/" + std::string(kCounty), NoticeId(kCounty, 1));
  SECTION("not before the end of the 10th working day") {
    f.When(end, Context(SystemActor(), At(kNoticeEnd)));
    f.ThenError(StatusCode::kFailedPrecondition, "DEADLINE_NOT_DUE");
  }
  SECTION("only the platform ends it") {
    f.When(end, Context(CityReviewer(), At("2026-03-17T00:00:00+08:00")));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("met (not overdue) and taken down; then nothing more") {
    f.When(end, Context(SystemActor(), At("2026-03-17T00:00:00+08:00")));
    // The takedown cancels the upkeep clocks (Art. 12) in the same command.
    f.ThenEvents(
        {NoticeMet(kCounty, 1), TakenDown(1, At(kNoticeEnd)),
         ClockCancelled(UpdateClockId(kCounty, 1), "entry taken down"),
         ClockCancelled(AssessmentClockId(kCounty, 1), "entry taken down")});
    f.Given(*f.result());
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
    CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_EFFECTIVE);
    CHECK(f.state().deadlines.at(NoticeId(kCounty, 1)).state() ==
          pb::DEADLINE_STATE_MET);
    CHECK_FALSE(f.state().deadlines.at(NoticeId(kCounty, 1)).late());
    f.When(end, Context(SystemActor(), At("2026-03-18T09:00:00+08:00")));
    f.ThenNoEvents();
    // A taken-down entry is no longer published.
    f.When(RequestCmd(kCounty), Context(CountyOwner(), kApplied));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  }
}

// ---------------------------------------------------------------- quality

TEST_CASE("quality takedown: at once, remediated, accepted, republished",
          "[decider][takedown][quality]") {
  DeciderFixture f;
  f.Given(PublishedHistory(kCounty, CountyOwner()));
  const std::string problems = "站点数据大量缺失，更新严重滞后";
  SECTION("refusals") {
    f.When(QualityCmd(kCounty, ""), Context(CityReviewer(), kApplied));
    f.ThenError(StatusCode::kInvalidArgument, "TAKEDOWN_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"reasons"});
    f.When(QualityCmd(kCounty, problems), Context(CountyOwner(), kApplied));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
    f.When(QualityCmd(kCounty, problems),
           Context(CountyReviewer("370883"), kApplied));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
    f.When(RemediationCmd(kCounty, "已补齐"), Context(CountyOwner(), kApplied));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_SUSPENDED");
    f.When(AcceptCmd(kCounty), Context(CityReviewer(), kApplied));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_SUSPENDED");
  }
  SECTION("the county reviewer's quality takedown and its remediation") {
    const pb::Actor reviewer = CountyReviewer("370811");
    f.When(QualityCmd(kCounty, problems), Context(reviewer, kApplied));
    f.ThenEvents({Suspended(problems)});
    f.GivenBy(reviewer, kApplied, *f.result());
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY);

    // Not remediated yet: nothing to accept.
    f.When(AcceptCmd(kCounty), Context(reviewer, kApproved));
    f.ThenError(StatusCode::kFailedPrecondition, "REMEDIATION_NOT_REPORTED");
    // The provider cannot apply for takedown while suspended.
    f.When(RequestCmd(kCounty), Context(CountyOwner(), kApproved));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");

    f.When(RemediationCmd(kCounty, ""), Context(CountyOwner(), kApproved));
    f.ThenError(StatusCode::kInvalidArgument, "TAKEDOWN_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"notes"});
    f.When(RemediationCmd(kCounty, "已补齐缺失站点"),
           Context(CountyProvider("370811", "rc-jtj"), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
    f.When(RemediationCmd(kCounty, "已补齐缺失站点"),
           Context(CountyOwner(), kApproved));
    f.ThenEvents({RemediationReported("已补齐缺失站点")});
    f.GivenBy(CountyOwner(), kApproved, *f.result());

    f.When(AcceptCmd(kCounty), Context(CountyOwner(), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
    f.When(AcceptCmd(kCounty), Context(reviewer, kApproved));
    f.ThenEvents({Republished(problems)});
    f.Given(*f.result());
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  }
  SECTION("a county reviewer cannot lift the city reviewer's takedown") {
    f.GivenBy(CityReviewer(), kApplied, {Suspended(problems)});
    f.GivenBy(CountyOwner(), kApproved, {RemediationReported("已补齐")});
    f.When(AcceptCmd(kCounty), Context(CountyReviewer("370811"), kApproved));
    f.ThenError(StatusCode::kPermissionDenied, "SUSPENDED_BY_HIGHER_AUTHORITY");
    f.When(AcceptCmd(kCounty), Context(CityReviewer(), kApproved));
    f.ThenEvents({Republished(problems)});
  }
}

// ------------------------------------------------- pipeline and scheduler

TEST_CASE("takedown: through the pipeline and the scheduler",
          "[takedown][scheduler][pipeline]") {
  DeadlineHarness h(At("2026-02-26T10:00:00+08:00"));
  h.CreateAndSubmit(kCounty, CountyOwner());
  h.MustRun(PublishCommand(kCounty), CountyReviewer("370811"));
  h.clock().Set(kApplied);
  h.MustRun(RequestCmd(kCounty), CountyOwner());
  h.clock().Set(kApproved);
  h.MustRun(ApproveCmd(kCounty), CountyReviewer("370811"));
  h.MustRun(ApproveCmd(kCounty), CityReviewer());

  const std::string notice_key = absl::StrCat(
      kCatalogNoticePrefix,
      SortableNumber(absl::ToUnixMicros(At(kNoticeEnd)), 20), "/", kCounty);
  CHECK(AllRows(h.store()).count(notice_key) == 1);
  CHECK(h.Entry(kCounty).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  const pb::Deadline notice = h.DeadlineRow(NoticeId(kCounty, 1));
  CHECK(notice.kind() == pb::DEADLINE_KIND_TAKEDOWN_NOTICE);
  CHECK(FromProto(notice.due_time()) == At(kNoticeEnd));

  // At the notice's last second nothing happens; after it, exactly once.
  h.clock().Set(At(kNoticeEnd));
  CHECK(h.RunScheduler() == 0);
  CHECK(h.Entry(kCounty).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  h.clock().Set(At("2026-03-17T08:00:00+08:00"));
  CHECK(h.RunScheduler() == 1);
  CHECK(h.RunScheduler() == 0);
  const pb::CatalogEntry entry = h.Entry(kCounty);
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
  CHECK(entry.current_takedown().state() == pb::TAKEDOWN_STATE_EFFECTIVE);
  CHECK(FromProto(entry.taken_down_time()) == At("2026-03-17T08:00:00+08:00"));
  CHECK(h.DeadlineRow(NoticeId(kCounty, 1)).state() == pb::DEADLINE_STATE_MET);
  CHECK(AllRows(h.store()).count(notice_key) == 0);
  int taken = 0, overdue = 0;
  for (const pb::EventEnvelope& e :
       h.Stream("catalog-entry/" + std::string(kCounty))) {
    taken += e.payload().has_catalog_entry_taken_down();
    overdue += e.payload().has_deadline_overdue();
  }
  CHECK(taken == 1);
  CHECK(overdue == 0);

  // The projections rebuilt from the log equal the incrementally written ones.
  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

}  // namespace
}  // namespace opendata::engine_test
