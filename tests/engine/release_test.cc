// Decider tests of releases, quality assessments and the upkeep clocks (Art.
// 12): publication starts a DATA_UPDATE clock by the update frequency (month
// ends clamped, never more than a year, none for ARCHIVED) and a one-year
// QUALITY_ASSESSMENT clock; a release meets the update clock (late or not) and
// starts the next; an assessment does the same for its clock; a quality
// suspension keeps both running and the republication does not restart them;
// the takedown cancels them. Every refusal names its rule. Then the flow
// through the pipeline and the scheduler (overdue, late release), the entry
// view, the release history rows and a rebuild of the projections.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/catalog/release_decider.h"
#include "engine/query/open_list_queries.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/release_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kId[] = "rc-jtj-buses";
// The owner: 任城区交通运输局.
pb::Actor Owner() { return CountyProvider("370811", "rc-jtj"); }

const absl::Time kSubmitted = Shanghai(2026, 3, 2, 10, 0, 0);
const absl::Time kReviewDue = Shanghai(2026, 3, 4, 23, 59, 59);
const absl::Time kPublished = Shanghai(2026, 3, 3, 15, 0, 0);
// MONTHLY: one month after 3 March.
const char kUpdateDue1[] = "2026-04-03T23:59:59+08:00";
// One year after 3 March 2026.
const char kAssessmentDue1[] = "2027-03-03T23:59:59+08:00";

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// Created, submitted, published without upkeep clocks (as an entry published
// before they existed was recorded).
std::vector<pb::EventPayload> PublishedBare(
    const pb::CatalogEntryContent& content = ValidContent()) {
  std::vector<pb::EventPayload> h = {Created(kId, Owner(), content)};
  for (pb::EventPayload& e :
       SubmittedWithClock(kId, "370811", 1, kSubmitted, kReviewDue)) {
    h.push_back(std::move(e));
  }
  h.push_back(Published(1));
  h.push_back(ReviewClockMet(kId, 1));
  return h;
}

// Published at kPublished with both upkeep clocks (MONTHLY).
std::vector<pb::EventPayload> PublishedWithClocks() {
  std::vector<pb::EventPayload> h = PublishedBare();
  h.push_back(UpdateClockStarted(kId, 1, Owner(), kPublished, At(kUpdateDue1)));
  h.push_back(AssessmentClockStarted(kId, 1, "370811", kPublished,
                                     At(kAssessmentDue1)));
  return h;
}

pb::CatalogEntryContent WithFrequency(pb::UpdateFrequency frequency) {
  pb::CatalogEntryContent c = ValidContent();
  c.set_update_frequency(frequency);
  return c;
}

// ------------------------------------------------------------ periods

TEST_CASE("upkeep: the update period follows the frequency",
          "[release][deadlines]") {
  const absl::Time jan31 = At("2026-01-31T09:00:00+08:00");
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_REAL_TIME, jan31) ==
        At("2026-02-01T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_DAILY, jan31) ==
        At("2026-02-01T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_WEEKLY, jan31) ==
        At("2026-02-07T23:59:59+08:00"));
  // Month ends are clamped: 31 Jan + 1 month = 28 Feb (29 in a leap year).
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_MONTHLY, jan31) ==
        At("2026-02-28T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_MONTHLY,
                      At("2028-01-31T09:00:00+08:00")) ==
        At("2028-02-29T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_QUARTERLY,
                      At("2025-11-30T09:00:00+08:00")) ==
        At("2026-02-28T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_HALF_YEARLY,
                      At("2026-08-31T09:00:00+08:00")) ==
        At("2027-02-28T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_YEARLY, jan31) ==
        At("2027-01-31T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_IRREGULAR,
                      At("2028-02-29T09:00:00+08:00")) ==
        At("2029-02-28T23:59:59+08:00"));
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_ARCHIVED, jan31) ==
        absl::InfiniteFuture());
  // The date is the Asia/Shanghai date: 23:30 on 31 Dec is still 31 Dec.
  CHECK(NextUpdateDue(pb::UPDATE_FREQUENCY_DAILY,
                      At("2026-12-31T23:30:00+08:00")) ==
        At("2027-01-01T23:59:59+08:00"));
  CHECK(NextAssessmentDue(At("2028-02-29T09:00:00+08:00")) ==
        At("2029-02-28T23:59:59+08:00"));
}

// ------------------------------------------------------------ publication

TEST_CASE("upkeep: publication starts the update and assessment clocks",
          "[release][publish][deadlines]") {
  DeciderFixture f;
  std::vector<pb::EventPayload> h = {Created(kId, Owner(), ValidContent())};
  for (pb::EventPayload& e :
       SubmittedWithClock(kId, "370811", 1, kSubmitted, kReviewDue)) {
    h.push_back(std::move(e));
  }
  f.Given(h);
  f.When(PublishCommand(kId), Context(CountyReviewer("370811"), kPublished));
  f.ThenEvents(
      {Published(1), ReviewClockMet(kId, 1),
       UpdateClockStarted(kId, 1, Owner(), kPublished, At(kUpdateDue1)),
       AssessmentClockStarted(kId, 1, "370811", kPublished,
                              At(kAssessmentDue1))});
}

TEST_CASE("upkeep: an ARCHIVED entry gets no update clock",
          "[release][deadlines]") {
  DeciderFixture f;
  const pb::CatalogEntryContent archived =
      WithFrequency(pb::UPDATE_FREQUENCY_ARCHIVED);
  std::vector<pb::EventPayload> h = {Created(kId, Owner(), archived)};
  for (pb::EventPayload& e :
       SubmittedWithClock(kId, "370811", 1, kSubmitted, kReviewDue)) {
    h.push_back(std::move(e));
  }
  f.Given(h);
  f.When(PublishCommand(kId), Context(CityReviewer(), kPublished));
  f.ThenEvents({Published(1), ReviewClockMet(kId, 1),
                AssessmentClockStarted(kId, 1, "370811", kPublished,
                                       At(kAssessmentDue1))});
  f.Given(*f.result());
  // A release of archived data starts no clock either.
  const absl::Time at = At("2026-05-01T10:00:00+08:00");
  f.When(ReleaseCommand(kId, "v1"), Context(Owner(), at));
  f.ThenEvents({Released(1, "v1", Owner(), at)});
}

// ------------------------------------------------------------ releases

TEST_CASE("release: a release meets the update clock and starts the next",
          "[release][deadlines]") {
  DeciderFixture f;
  f.Given(PublishedWithClocks());
  const absl::Time first = At("2026-03-20T10:00:00+08:00");
  f.When(ReleaseCommand(kId, "2026.03"), Context(Owner(), first));
  f.ThenEvents({Released(1, "2026.03", Owner(), first),
                ClockMet(UpdateClockId(kId, 1), false),
                UpdateClockStarted(kId, 2, Owner(), first,
                                   At("2026-04-20T23:59:59+08:00"))});
  f.Given(*f.result());
  CHECK(f.state().release_ledger.releases == 1);

  SECTION("the same version label again") {
    f.When(ReleaseCommand(kId, "2026.03"),
           Context(Owner(), At("2026-03-21T10:00:00+08:00")));
    f.ThenError(StatusCode::kAlreadyExists, "RELEASE_VERSION_EXISTS");
  }
  SECTION("late after the scheduler marked the clock overdue") {
    pb::EventPayload overdue;
    overdue.mutable_deadline_overdue()->set_deadline_id(UpdateClockId(kId, 2));
    f.Given({overdue});
    const absl::Time late = At("2026-04-25T10:00:00+08:00");
    f.When(ReleaseCommand(kId, "2026.04"), Context(Owner(), late));
    f.ThenEvents({Released(2, "2026.04", Owner(), late),
                  ClockMet(UpdateClockId(kId, 2), true),
                  UpdateClockStarted(kId, 3, Owner(), late,
                                     At("2026-05-25T23:59:59+08:00"))});
  }
}

TEST_CASE("release: refusals name their rule", "[release]") {
  DeciderFixture f;
  f.Given(PublishedWithClocks());
  const CommandContext owner = Context(Owner(), kPublished);
  SECTION("only a provider") {
    f.When(ReleaseCommand(kId, "v1"), Context(CityReviewer(), kPublished));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("only the owner") {
    f.When(ReleaseCommand(kId, "v1"),
           Context(CountyProvider("370811", "rc-wsj"), kPublished));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  }
  SECTION("a missing entry") {
    DeciderFixture g;
    g.When(ReleaseCommand("no-such-entry", "v1"), owner);
    g.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  }
  SECTION("every bad field at once") {
    pb::Command c = ReleaseCommand(kId, "");
    c.mutable_record_release()->set_rows(-1);
    c.mutable_record_release()->set_bytes(-1);
    c.mutable_record_release()->set_sha256(std::string(kSha).substr(1));
    c.mutable_record_release()->set_format("");
    c.mutable_record_release()->set_notes(Repeat("注", 1001));
    f.When(c, owner);
    f.ThenError(StatusCode::kInvalidArgument, "RELEASE_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"bytes", "format", "notes",
                                                 "rows", "sha256",
                                                 "version_label"});
  }
  SECTION("the hash is lowercase hex") {
    std::string upper = kSha;
    upper[0] = 'B';
    f.When(ReleaseCommand(kId, "v1", upper), owner);
    f.ThenError(StatusCode::kInvalidArgument, "RELEASE_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"sha256"});
    std::string not_hex = kSha;
    not_hex[5] = 'g';
    f.When(ReleaseCommand(kId, "v1", not_hex), owner);
    f.ThenError(StatusCode::kInvalidArgument, "RELEASE_INVALID");
  }
  SECTION("label and format lengths in characters") {
    f.When(ReleaseCommand(kId, Repeat("版", 64)), owner);
    REQUIRE(f.result().ok());
    f.When(ReleaseCommand(kId, Repeat("版", 65)), owner);
    f.ThenError(StatusCode::kInvalidArgument, "RELEASE_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"version_label"});
    f.When(ReleaseCommand(kId, "v1\n"), owner);
    f.ThenError(StatusCode::kInvalidArgument, "RELEASE_INVALID");
    pb::Command c = ReleaseCommand(kId, "v1");
    c.mutable_record_release()->set_format(Repeat("式", 51));
    f.When(c, owner);
    f.ThenError(StatusCode::kInvalidArgument, "RELEASE_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"format"});
  }
}

TEST_CASE("release: only a published or suspended entry has releases",
          "[release]") {
  SECTION("a draft") {
    DeciderFixture f;
    f.Given({Created(kId, Owner(), ValidContent())});
    f.When(ReleaseCommand(kId, "v1"), Context(Owner(), kPublished));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  }
  SECTION("under review") {
    DeciderFixture f;
    std::vector<pb::EventPayload> h = {Created(kId, Owner(), ValidContent())};
    for (pb::EventPayload& e :
         SubmittedWithClock(kId, "370811", 1, kSubmitted, kReviewDue)) {
      h.push_back(std::move(e));
    }
    f.Given(h);
    f.When(ReleaseCommand(kId, "v1"), Context(Owner(), kPublished));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  }
  SECTION("suspended for quality: the release is part of the remediation") {
    DeciderFixture f;
    f.Given(PublishedWithClocks());
    pb::EventPayload suspended;
    suspended.mutable_catalog_entry_suspended_for_quality()->set_reasons(
        "数据缺失");
    f.Given({suspended});
    const absl::Time at = At("2026-03-10T10:00:00+08:00");
    f.When(ReleaseCommand(kId, "fix-1"), Context(Owner(), at));
    f.ThenEvents({Released(1, "fix-1", Owner(), at),
                  ClockMet(UpdateClockId(kId, 1), false),
                  UpdateClockStarted(kId, 2, Owner(), at,
                                     At("2026-04-10T23:59:59+08:00"))});
  }
}

// ------------------------------------------------------------ assessments

TEST_CASE("quality assessment: meets its clock and starts the next year's",
          "[release][quality]") {
  DeciderFixture f;
  f.Given(PublishedWithClocks());
  const absl::Time at = At("2026-09-01T10:00:00+08:00");
  const pb::Actor reviewer = CountyReviewer("370811");
  f.When(AssessCommand(kId), Context(reviewer, at));
  f.ThenEvents({Assessed(1, reviewer, at),
                ClockMet(AssessmentClockId(kId, 1), false),
                AssessmentClockStarted(kId, 2, "370811", at,
                                       At("2027-09-01T23:59:59+08:00"))});
  f.Given(*f.result());
  // The city reviewer may assess too.
  const absl::Time later = At("2026-10-01T10:00:00+08:00");
  f.When(AssessCommand(kId), Context(CityReviewer(), later));
  f.ThenEvents({Assessed(2, CityReviewer(), later),
                ClockMet(AssessmentClockId(kId, 2), false),
                AssessmentClockStarted(kId, 3, "370811", later,
                                       At("2027-10-01T23:59:59+08:00"))});
}

TEST_CASE("quality assessment: refusals name their rule",
          "[release][quality][authz]") {
  DeciderFixture f;
  f.Given(PublishedWithClocks());
  const absl::Time at = At("2026-09-01T10:00:00+08:00");
  SECTION("another county's reviewer has no jurisdiction") {
    f.When(AssessCommand(kId), Context(CountyReviewer("370883"), at));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  }
  SECTION("a provider cannot assess") {
    f.When(AssessCommand(kId), Context(Owner(), at));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("every rating, the findings and the conclusion are required") {
    pb::Command c;
    c.mutable_record_quality_assessment()->set_catalog_entry_id(kId);
    f.When(c, Context(CityReviewer(), at));
    f.ThenError(StatusCode::kInvalidArgument, "QUALITY_ASSESSMENT_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"accuracy", "authenticity",
                                                 "availability", "completeness",
                                                 "conclusion", "findings",
                                                 "timeliness"});
  }
  SECTION("one unspecified rating") {
    f.When(AssessCommand(kId, pb::QUALITY_RATING_UNSPECIFIED),
           Context(CityReviewer(), at));
    f.ThenError(StatusCode::kInvalidArgument, "QUALITY_ASSESSMENT_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"timeliness"});
  }
  SECTION("findings are at most 2000 characters") {
    pb::Command c = AssessCommand(kId);
    c.mutable_record_quality_assessment()->set_findings(Repeat("查", 2000));
    f.When(c, Context(CityReviewer(), at));
    REQUIRE(f.result().ok());
    c.mutable_record_quality_assessment()->set_findings(Repeat("查", 2001));
    f.When(c, Context(CityReviewer(), at));
    f.ThenError(StatusCode::kInvalidArgument, "QUALITY_ASSESSMENT_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"findings"});
  }
  SECTION("a suspended entry is assessed; a taken-down one is not") {
    pb::EventPayload suspended;
    suspended.mutable_catalog_entry_suspended_for_quality()->set_reasons(
        "数据缺失");
    f.Given({suspended});
    const pb::Actor reviewer = CountyReviewer("370811");
    f.When(AssessCommand(kId), Context(reviewer, at));
    f.ThenEvents({Assessed(1, reviewer, at),
                  ClockMet(AssessmentClockId(kId, 1), false),
                  AssessmentClockStarted(kId, 2, "370811", at,
                                         At("2027-09-01T23:59:59+08:00"))});
    pb::EventPayload taken;
    taken.mutable_catalog_entry_taken_down()->set_takedown(1);
    f.Given({taken});
    f.When(AssessCommand(kId), Context(reviewer, at));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  }
  SECTION("an entry published before the clocks: nothing to meet") {
    DeciderFixture g;
    g.Given(PublishedBare());
    g.When(AssessCommand(kId), Context(CityReviewer(), at));
    g.ThenEvents({Assessed(1, CityReviewer(), at),
                  AssessmentClockStarted(kId, 1, "370811", at,
                                         At("2027-09-01T23:59:59+08:00"))});
  }
  SECTION("a draft is not assessed") {
    DeciderFixture g;
    g.Given({Created(kId, Owner(), ValidContent())});
    g.When(AssessCommand(kId), Context(CityReviewer(), at));
    g.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  }
}

// ------------------------------------------------- suspension and takedown

TEST_CASE("upkeep: a quality suspension keeps the clocks running",
          "[release][quality][deadlines]") {
  pb::EventPayload suspended;
  suspended.mutable_catalog_entry_suspended_for_quality()->set_reasons(
      "数据缺失");
  pb::EventPayload remediated;
  remediated.mutable_catalog_entry_remediation_reported()->set_notes("已补齐");
  pb::Command accept;
  accept.mutable_accept_remediation()->set_catalog_entry_id(kId);
  pb::EventPayload republished;
  republished.mutable_catalog_entry_republished()->set_suspension_reasons(
      "数据缺失");
  const absl::Time at = At("2026-03-20T10:00:00+08:00");

  SECTION("the republication does not restart an open clock") {
    DeciderFixture f;
    f.Given(PublishedWithClocks());
    f.Given({suspended, remediated});
    CHECK(f.state().deadlines.at(UpdateClockId(kId, 1)).state() ==
          pb::DEADLINE_STATE_OPEN);
    f.When(accept, Context(CityReviewer(), at));
    f.ThenEvents({republished});
  }
  SECTION("nor an overdue one") {
    DeciderFixture f;
    f.Given(PublishedWithClocks());
    pb::EventPayload overdue;
    overdue.mutable_deadline_overdue()->set_deadline_id(UpdateClockId(kId, 1));
    f.Given({suspended, overdue, remediated});
    f.When(accept, Context(CityReviewer(), at));
    f.ThenEvents({republished});
  }
  SECTION("an entry published before the clocks gets them at republication") {
    DeciderFixture f;
    f.Given(PublishedBare());
    f.Given({suspended, remediated});
    f.When(accept, Context(CityReviewer(), at));
    f.ThenEvents({republished,
                  UpdateClockStarted(kId, 1, Owner(), at,
                                     At("2026-04-20T23:59:59+08:00")),
                  AssessmentClockStarted(kId, 1, "370811", at,
                                         At("2027-03-20T23:59:59+08:00"))});
  }
}

TEST_CASE("upkeep: the takedown cancels both clocks in the same command",
          "[release][takedown][deadlines]") {
  DeciderFixture f;
  f.Given(PublishedWithClocks());
  const char notice_end[] = "2026-03-24T23:59:59+08:00";
  pb::EventPayload requested;
  requested.mutable_catalog_entry_takedown_requested()->set_takedown(1);
  requested.mutable_catalog_entry_takedown_requested()->set_reasons("职责调整");
  pb::EventPayload approved;
  auto* a = approved.mutable_catalog_entry_takedown_approved();
  a->set_takedown(1);
  a->set_step(pb::LEVEL_CITY);
  a->set_notice_started(true);
  *a->mutable_notice_end_time() = ToProto(At(notice_end));
  pb::EventPayload notice;
  pb::Deadline* d = notice.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id("takedown-notice:" + std::string(kId) + ":1");
  d->set_kind(pb::DEADLINE_KIND_TAKEDOWN_NOTICE);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  *d->mutable_due_time() = ToProto(At(notice_end));
  f.Given({requested, approved, notice});

  f.When(
      MarkOverdueCommand("catalog-entry/" + std::string(kId), d->deadline_id()),
      Context(SystemActor(), At("2026-03-25T08:00:00+08:00")));
  pb::EventPayload met = ClockMet(d->deadline_id(), false);
  pb::EventPayload taken;
  taken.mutable_catalog_entry_taken_down()->set_takedown(1);
  *taken.mutable_catalog_entry_taken_down()->mutable_notice_end_time() =
      ToProto(At(notice_end));
  f.ThenEvents({met, taken,
                ClockCancelled(UpdateClockId(kId, 1), "entry taken down"),
                ClockCancelled(AssessmentClockId(kId, 1), "entry taken down")});
  f.Given(*f.result());
  CHECK(f.state().deadlines.at(UpdateClockId(kId, 1)).state() ==
        pb::DEADLINE_STATE_CANCELLED);
  // A taken-down entry has no more releases.
  f.When(ReleaseCommand(kId, "v9"),
         Context(Owner(), At("2026-03-26T08:00:00+08:00")));
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
}

// ------------------------------------------------- pipeline and scheduler

TEST_CASE("upkeep: through the pipeline and the scheduler",
          "[release][scheduler][pipeline]") {
  DeadlineHarness h(kSubmitted);
  h.CreateAndSubmit(kId, Owner());
  h.clock().Set(kPublished);
  h.MustRun(PublishCommand(kId), CountyReviewer("370811"));
  pb::CatalogEntry entry = h.Entry(kId);
  CHECK(FromProto(entry.next_update_due_time()) == At(kUpdateDue1));
  CHECK(FromProto(entry.next_quality_assessment_due_time()) ==
        At(kAssessmentDue1));
  CHECK(entry.release_count() == 0);
  const pb::Deadline update = h.DeadlineRow(UpdateClockId(kId, 1));
  CHECK(update.kind() == pb::DEADLINE_KIND_DATA_UPDATE);
  CHECK(update.responsible_organization() == "rc-jtj");
  CHECK(update.working_days() == 0);

  // At the due second nothing; after it the scheduler marks it overdue once.
  h.clock().Set(At(kUpdateDue1));
  CHECK(h.RunScheduler() == 0);
  h.clock().Set(At("2026-04-04T00:00:01+08:00"));
  CHECK(h.RunScheduler() == 1);
  CHECK(h.RunScheduler() == 0);
  CHECK(h.DeadlineRow(UpdateClockId(kId, 1)).state() ==
        pb::DEADLINE_STATE_OVERDUE);
  // The view still shows the missed due time.
  CHECK(FromProto(h.Entry(kId).next_update_due_time()) == At(kUpdateDue1));

  // The late release meets it and starts the next.
  h.clock().Set(At("2026-04-08T10:00:00+08:00"));
  h.MustRun(ReleaseCommand(kId, "2026.04"), Owner());
  const pb::Deadline met = h.DeadlineRow(UpdateClockId(kId, 1));
  CHECK(met.state() == pb::DEADLINE_STATE_MET);
  CHECK(met.late());
  entry = h.Entry(kId);
  CHECK(entry.release_count() == 1);
  CHECK(entry.latest_release().version_label() == "2026.04");
  CHECK(entry.latest_release().recorded_by().subject() == Owner().subject());
  CHECK(FromProto(entry.next_update_due_time()) ==
        At("2026-05-08T23:59:59+08:00"));

  h.clock().Set(At("2026-05-06T10:00:00+08:00"));
  h.MustRun(ReleaseCommand(kId, "2026.05"), Owner());
  h.MustRun(AssessCommand(kId), CityReviewer());
  entry = h.Entry(kId);
  CHECK(entry.release_count() == 2);
  CHECK(entry.quality_assessment_count() == 1);
  CHECK(entry.latest_quality_assessment().assessed_by().subject() == "r-city");
  CHECK(FromProto(entry.next_quality_assessment_due_time()) ==
        At("2027-05-06T23:59:59+08:00"));

  // The history, oldest first, in pages.
  const OpenListQueries queries(&h.store());
  EntryHistoryRequest request;
  request.catalog_entry_id = kId;
  request.page_size = 1;
  absl::StatusOr<ReleasePage> page = queries.Releases(PlainUser(), request);
  REQUIRE(page.ok());
  REQUIRE(page->releases.size() == 1);
  CHECK(page->releases[0].version_label() == "2026.04");
  request.page_token = page->next_page_token;
  page = queries.Releases(PlainUser(), request);
  REQUIRE(page.ok());
  REQUIRE(page->releases.size() == 1);
  CHECK(page->releases[0].number() == 2);
  request.page_token = page->next_page_token;
  page = queries.Releases(PlainUser(), request);
  REQUIRE(page.ok());
  CHECK(page->releases.empty());
  CHECK(page->next_page_token.empty());
  EntryHistoryRequest assessments;
  assessments.catalog_entry_id = kId;
  absl::StatusOr<QualityAssessmentPage> assessed =
      queries.QualityAssessments(Auditor(), assessments);
  REQUIRE(assessed.ok());
  REQUIRE(assessed->assessments.size() == 1);
  CHECK(assessed->assessments[0].findings() == "部分站点更新滞后两周");
  // A token of the release history does not fit the assessments.
  assessments.page_token = request.page_token;
  CheckError(queries.QualityAssessments(Auditor(), assessments).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

TEST_CASE("upkeep: the history of an unpublished entry is not public",
          "[release][pipeline]") {
  DeadlineHarness h(kSubmitted);
  h.CreateAndSubmit(kId, Owner());
  const OpenListQueries queries(&h.store());
  EntryHistoryRequest request;
  request.catalog_entry_id = kId;
  CheckError(queries.Releases(PlainUser(), request).status(),
             StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  absl::StatusOr<ReleasePage> own = queries.Releases(Owner(), request);
  REQUIRE(own.ok());
  CHECK(own->releases.empty());
}

}  // namespace
}  // namespace opendata::engine_test
