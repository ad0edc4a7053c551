// Decider tests of the formal review (Art. 10): publishing and returning a
// submitted entry, the late flag against the stored deadline (as revised by a
// calendar change), the DeadlineMet every review records for the submission's
// review clock (late too, after the scheduler marked it overdue), reviewer
// jurisdiction (authz.h RequireReviewerFor / IsReviewerFor / IsOverseer), the
// validation of defects, the upkeep clocks a publication starts (Art. 12), and
// one-time notification (一次性告知): after a return, a resubmission may only
// be refused for fields cited before or changed since.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/authz.h"
#include "engine/catalog/release_decider.h"
#include "tests/engine/release_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kId[] = "rc-wsj-clinics";
// The owning provider: 任城区卫健局.
pb::Actor Owner() { return CountyProvider("370811", "rc-wsj"); }
// Submitted Monday 2 March 2026 10:00; due Wednesday 4 March 23:59:59.
const absl::Time kSubmitted = Shanghai(2026, 3, 2, 10, 0, 0);
const absl::Time kDue = Shanghai(2026, 3, 4, 23, 59, 59);
const absl::Time kInTime = Shanghai(2026, 3, 3, 15, 0, 0);

// Created, submitted and its review clock started, as the pipeline records it.
std::vector<pb::EventPayload> UnderReview() {
  std::vector<pb::EventPayload> history = {
      Created(kId, Owner(), ValidContent())};
  for (pb::EventPayload& e :
       SubmittedWithClock(kId, "370811", 1, kSubmitted, kDue)) {
    history.push_back(std::move(e));
  }
  return history;
}

// What a publication at `at` records: CatalogEntryPublished, the DeadlineMet
// of the review clock (if the history has one) and the upkeep clocks of Art.
// 12 (MONTHLY data; see release_test.cc for the periods).
std::vector<pb::EventPayload> Publication(bool late, absl::Time at,
                                          bool review_clock = true) {
  std::vector<pb::EventPayload> events = {Published(1, late)};
  if (review_clock) events.push_back(ReviewClockMet(kId, 1, late));
  events.push_back(UpdateClockStarted(
      kId, 1, Owner(), at, NextUpdateDue(pb::UPDATE_FREQUENCY_MONTHLY, at)));
  events.push_back(
      AssessmentClockStarted(kId, 1, "370811", at, NextAssessmentDue(at)));
  return events;
}

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

// ---------------------------------------------------------------- publish

TEST_CASE("publish: the reviewer of the entry's county publishes it",
          "[decider][publish]") {
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(PublishCommand(kId), Context(CountyReviewer("370811"), kInTime));
  f.ThenEvents(Publication(false, kInTime));
  // Folded in, the clock is closed in time.
  f.Given(*f.result());
  const pb::Deadline& clock =
      f.state().deadlines.at("catalog-review:rc-wsj-clinics:1");
  CHECK(clock.state() == pb::DEADLINE_STATE_MET);
  CHECK_FALSE(clock.late());
}

TEST_CASE("publish: the city reviewer may review a county entry",
          "[decider][publish][authz]") {
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(PublishCommand(kId), Context(CityReviewer(), kInTime));
  f.ThenEvents(Publication(false, kInTime));
}

TEST_CASE("publish: a review after the deadline is marked late",
          "[decider][publish]") {
  SECTION("at 23:59:59 on the due day the deadline is met") {
    DeciderFixture f;
    f.Given(UnderReview());
    f.When(PublishCommand(kId), Context(CityReviewer(), kDue));
    f.ThenEvents(Publication(false, kDue));
  }
  SECTION("one second later it is late") {
    DeciderFixture f;
    f.Given(UnderReview());
    f.When(PublishCommand(kId),
           Context(CityReviewer(), At("2026-03-05T00:00:00+08:00")));
    f.ThenEvents(Publication(true, At("2026-03-05T00:00:00+08:00")));
  }
}

TEST_CASE("publish: a clock the scheduler marked overdue is met late",
          "[decider][publish][deadline]") {
  pb::EventPayload overdue;
  overdue.mutable_deadline_overdue()->set_deadline_id(ReviewClockId(kId, 1));
  *overdue.mutable_deadline_overdue()->mutable_due_time() = ToProto(kDue);
  overdue.mutable_deadline_overdue()->set_noticed_after_seconds(1);
  DeciderFixture f;
  f.Given(UnderReview());
  f.Given({overdue});
  REQUIRE(f.state().deadlines.at(ReviewClockId(kId, 1)).state() ==
          pb::DEADLINE_STATE_OVERDUE);
  f.When(PublishCommand(kId),
         Context(CityReviewer(), At("2026-03-05T09:00:00+08:00")));
  f.ThenEvents(Publication(true, At("2026-03-05T09:00:00+08:00")));
}

TEST_CASE("publish: lateness follows a calendar revision of the clock",
          "[decider][publish][deadline]") {
  // Submitted Wed 30 Dec 2026 with 2027 not loaded: Thu 31 Dec, then Fri 1
  // Jan 2027 provisionally. Loading 2027 with 1-3 Jan as holidays moved it to
  // Mon 4 Jan 2027.
  const absl::Time submitted = At("2026-12-30T10:00:00+08:00");
  const absl::Time provisional_due = At("2027-01-01T23:59:59+08:00");
  const absl::Time revised_due = At("2027-01-04T23:59:59+08:00");
  pb::EventPayload revised;
  auto* e = revised.mutable_deadline_revised();
  e->set_deadline_id(ReviewClockId(kId, 1));
  *e->mutable_old_due_time() = ToProto(provisional_due);
  *e->mutable_new_due_time() = ToProto(revised_due);
  e->set_old_provisional(true);
  e->set_new_provisional(false);
  e->set_calendar_year(2027);
  e->set_calendar_revision(1);
  DeciderFixture f;
  f.Given({Created(kId, Owner(), ValidContent())});
  f.Given(
      SubmittedWithClock(kId, "370811", 1, submitted, provisional_due, true));
  f.Given({revised});
  CHECK(f.state().review_due == revised_due);
  CHECK(f.state().deadlines.at(ReviewClockId(kId, 1)).revisions() == 1);
  SECTION("on Saturday 2 January it is in time") {
    f.When(PublishCommand(kId),
           Context(CityReviewer(), At("2027-01-02T10:00:00+08:00")));
    f.ThenEvents(Publication(false, At("2027-01-02T10:00:00+08:00")));
  }
  SECTION("on Tuesday 5 January it is late") {
    f.When(PublishCommand(kId),
           Context(CityReviewer(), At("2027-01-05T00:00:00+08:00")));
    f.ThenEvents(Publication(true, At("2027-01-05T00:00:00+08:00")));
  }
}

TEST_CASE("publish: a history without review clocks records no DeadlineMet",
          "[decider][publish][deadline]") {
  // Entries submitted before clocks were recorded have no DeadlineStarted.
  DeciderFixture f;
  f.Given({Created(kId, Owner(), ValidContent()), Submitted(1, kDue)});
  f.When(PublishCommand(kId), Context(CityReviewer(), kInTime));
  f.ThenEvents(Publication(false, kInTime, /*review_clock=*/false));
}

TEST_CASE(
    "publish: a county reviewer of another region is "
    "OUTSIDE_JURISDICTION",
    "[decider][publish][authz]") {
  SECTION("another county's entry") {
    DeciderFixture f;
    f.Given(UnderReview());
    f.When(PublishCommand(kId), Context(CountyReviewer("370812"), kInTime));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
    CHECK(ErrorMetadata(f.result().status()).at("item_region") == "370811");
  }
  SECTION("a city entry") {
    DeciderFixture f;
    f.Given({Created(kId, CityProvider(), ValidContent())});
    f.Given(SubmittedWithClock(kId, "3708", 1, kSubmitted, kDue));
    f.When(PublishCommand(kId), Context(CountyReviewer("370811"), kInTime));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  }
}

TEST_CASE("publish: a provider cannot publish", "[decider][publish][authz]") {
  const pb::Actor actor = GENERATE(Owner(), CityProvider(), PlainUser());
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(PublishCommand(kId), Context(actor, kInTime));
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

TEST_CASE("publish: only an entry under review can be published",
          "[decider][publish]") {
  std::vector<pb::EventPayload> history = {
      Created(kId, Owner(), ValidContent())};
  SECTION("draft") {}
  SECTION("returned") {
    history = UnderReview();
    history.push_back(Returned(1, {MakeDefect("name", "名称不规范")}));
    history.push_back(ReviewClockMet(kId, 1));
  }
  SECTION("published") {
    history = UnderReview();
    history.push_back(Published(1));
    history.push_back(ReviewClockMet(kId, 1));
  }
  DeciderFixture f;
  f.Given(history);
  f.When(PublishCommand(kId), Context(CityReviewer(), kInTime));
  f.ThenError(StatusCode::kFailedPrecondition,
              "CATALOG_ENTRY_NOT_UNDER_REVIEW");
}

TEST_CASE("publish: a missing entry is NOT_FOUND", "[decider][publish]") {
  DeciderFixture f;
  f.Given({});
  f.When(PublishCommand(kId), Context(CityReviewer(), kInTime));
  f.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
}

// ---------------------------------------------------------------- return

TEST_CASE("return: the reviewer states every defect in one notice",
          "[decider][return]") {
  const std::vector<pb::Defect> defects = {
      MakeDefect("description", "描述过于简单，应说明数据项含义"),
      MakeDefect("data_dictionary", "缺少门诊量字段"),
      MakeDefect("data_dictionary", "字段类型与样例不符"),
      MakeDefect("security_review", "评估结论未说明个人信息风险")};
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(ReturnCommand(kId, defects),
         Context(CountyReviewer("370811"), kInTime));
  f.ThenEvents({Returned(1, defects, false), ReviewClockMet(kId, 1, false)});
}

TEST_CASE("return: a return after the deadline is marked late",
          "[decider][return]") {
  const std::vector<pb::Defect> defects = {MakeDefect("name", "名称不规范")};
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(ReturnCommand(kId, defects),
         Context(CityReviewer(), At("2026-03-06T09:00:00+08:00")));
  f.ThenEvents({Returned(1, defects, true), ReviewClockMet(kId, 1, true)});
}

TEST_CASE("return: invalid defects are DEFECTS_INVALID with field paths",
          "[decider][return][validation]") {
  std::vector<pb::Defect> defects;
  std::vector<std::string> expected;
  SECTION("no defects") { expected = {"defects"}; }
  SECTION("an unknown field") {
    defects = {MakeDefect("name", "名称不规范"),
               MakeDefect("colour", "颜色不对")};
    expected = {"defects[1].field"};
  }
  SECTION("a nested path instead of a top-level field") {
    defects = {MakeDefect("coverage.time_start", "起始日期有误")};
    expected = {"defects[0].field"};
  }
  SECTION("the same defect twice") {
    defects = {MakeDefect("name", "名称不规范"),
               MakeDefect("domain", "领域有误"),
               MakeDefect("name", "名称不规范")};
    expected = {"defects[2]"};
  }
  SECTION("an empty reason and one of 501 characters") {
    defects = {MakeDefect("name", ""), MakeDefect("domain", Repeat("误", 501))};
    expected = {"defects[0].reason", "defects[1].reason"};
  }
  SECTION("more than 100 defects") {
    for (int i = 0; i <= kMaxDefects; ++i) {
      defects.push_back(MakeDefect("description", "问题" + std::to_string(i)));
    }
    expected = {"defects"};
  }
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(ReturnCommand(kId, defects), Context(CityReviewer(), kInTime));
  f.ThenError(StatusCode::kInvalidArgument, "DEFECTS_INVALID");
  CHECK(f.Fields() == expected);
}

TEST_CASE(
    "return: one field may carry several different defects and a "
    "reason of 500 characters",
    "[decider][return][validation]") {
  const std::vector<pb::Defect> defects = {
      MakeDefect("name", Repeat("误", 500)), MakeDefect("name", "另一问题")};
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(ReturnCommand(kId, defects), Context(CityReviewer(), kInTime));
  f.ThenEvents({Returned(1, defects), ReviewClockMet(kId, 1)});
}

TEST_CASE(
    "return: only a reviewer with jurisdiction may return an entry "
    "under review",
    "[decider][return][authz]") {
  const std::vector<pb::Defect> defects = {MakeDefect("name", "名称不规范")};
  DeciderFixture f;
  SECTION("the provider") {
    f.Given(UnderReview());
    f.When(ReturnCommand(kId, defects), Context(Owner(), kInTime));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("another county's reviewer") {
    f.Given(UnderReview());
    f.When(ReturnCommand(kId, defects),
           Context(CountyReviewer("370883"), kInTime));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  }
  SECTION("a draft") {
    f.Given({Created(kId, Owner(), ValidContent())});
    f.When(ReturnCommand(kId, defects), Context(CityReviewer(), kInTime));
    f.ThenError(StatusCode::kFailedPrecondition,
                "CATALOG_ENTRY_NOT_UNDER_REVIEW");
  }
  SECTION("a missing entry") {
    f.Given({});
    f.When(ReturnCommand(kId, defects), Context(CityReviewer(), kInTime));
    f.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  }
}

// ---------------------------------------------------------------- 一次性告知

// After a return citing "description", the provider changed only "name" and
// resubmitted on Wednesday 4 March (due Friday 6 March).
std::vector<pb::EventPayload> ResubmittedAfterRenaming() {
  pb::CatalogEntryContent renamed = ValidContent();
  renamed.set_name("任城区医疗机构名录");
  std::vector<pb::EventPayload> history = UnderReview();
  history.push_back(Returned(1, {MakeDefect("description", "描述过于简单")}));
  history.push_back(ReviewClockMet(kId, 1));
  history.push_back(Edited(renamed, {"name"}));
  for (pb::EventPayload& e :
       SubmittedWithClock(kId, "370811", 2, At("2026-03-04T10:00:00+08:00"),
                          At("2026-03-06T23:59:59+08:00"), false, {"name"})) {
    history.push_back(std::move(e));
  }
  return history;
}

TEST_CASE(
    "one-time notice: a resubmission may be refused for cited or "
    "changed fields",
    "[decider][return][notice]") {
  const std::vector<pb::Defect> defects = {
      MakeDefect("description", "描述仍未说明数据项含义"),
      MakeDefect("name", "新名称不规范")};
  DeciderFixture f;
  f.Given(ResubmittedAfterRenaming());
  f.When(ReturnCommand(kId, defects), Context(CityReviewer(), kInTime));
  f.ThenEvents({Returned(2, defects), ReviewClockMet(kId, 2)});
}

TEST_CASE(
    "one-time notice: citing a field neither cited nor changed is "
    "ONE_TIME_NOTICE_VIOLATION",
    "[decider][return][notice]") {
  DeciderFixture f;
  f.Given(ResubmittedAfterRenaming());
  SECTION("alongside citable defects") {
    f.When(ReturnCommand(kId, {MakeDefect("description", "描述仍过于简单"),
                               MakeDefect("domain", "所属领域有误"),
                               MakeDefect("name", "新名称不规范")}),
           Context(CityReviewer(), kInTime));
    f.ThenError(StatusCode::kFailedPrecondition, "ONE_TIME_NOTICE_VIOLATION");
    CHECK(f.Rules() ==
          std::vector<std::string>{"ONE_TIME_NOTICE @ defects[1].field"});
  }
  SECTION("two new fields") {
    f.When(ReturnCommand(kId, {MakeDefect("domain", "所属领域有误"),
                               MakeDefect("security_review", "缺少评估")}),
           Context(CityReviewer(), kInTime));
    f.ThenError(StatusCode::kFailedPrecondition, "ONE_TIME_NOTICE_VIOLATION");
    CHECK(f.Rules() ==
          std::vector<std::string>{"ONE_TIME_NOTICE @ defects[0].field",
                                   "ONE_TIME_NOTICE @ defects[1].field"});
  }
}

TEST_CASE("one-time notice: the resubmitted entry may still be published",
          "[decider][publish][notice]") {
  DeciderFixture f;
  f.Given(ResubmittedAfterRenaming());
  f.When(PublishCommand(kId), Context(CountyReviewer("370811"), kInTime));
  f.ThenEvents(
      {Published(2, false), ReviewClockMet(kId, 2, false),
       UpdateClockStarted(kId, 1, Owner(), kInTime,
                          NextUpdateDue(pb::UPDATE_FREQUENCY_MONTHLY, kInTime)),
       AssessmentClockStarted(kId, 1, "370811", kInTime,
                              NextAssessmentDue(kInTime))});
}

TEST_CASE(
    "one-time notice: after a first-ever submission any field may be "
    "cited",
    "[decider][return][notice]") {
  const std::vector<pb::Defect> defects = {
      MakeDefect("domain", "所属领域有误"),
      MakeDefect("coverage", "时间范围缺少截止日期"),
      MakeDefect("security_review", "评估结论不完整"),
      MakeDefect("desensitisation_rules", "掩码规则过宽")};
  DeciderFixture f;
  f.Given(UnderReview());
  f.When(ReturnCommand(kId, defects), Context(CityReviewer(), kInTime));
  f.ThenEvents({Returned(1, defects), ReviewClockMet(kId, 1)});
}

TEST_CASE("one-time notice: the latest notice replaces the earlier one",
          "[decider][return][notice]") {
  std::vector<pb::EventPayload> history = ResubmittedAfterRenaming();
  history.push_back(Returned(2, {MakeDefect("name", "新名称不规范")}));
  history.push_back(ReviewClockMet(kId, 2));
  // Resubmitted Thursday 5 March: Friday 6 and Monday 9 March.
  for (pb::EventPayload& e :
       SubmittedWithClock(kId, "370811", 3, At("2026-03-05T10:00:00+08:00"),
                          At("2026-03-09T23:59:59+08:00"))) {
    history.push_back(std::move(e));
  }
  DeciderFixture f;
  f.Given(history);
  SECTION("the field of the latest notice is citable") {
    f.When(ReturnCommand(kId, {MakeDefect("name", "名称仍不规范")}),
           Context(CityReviewer(), kInTime));
    f.ThenEvents({Returned(3, {MakeDefect("name", "名称仍不规范")}),
                  ReviewClockMet(kId, 3)});
  }
  SECTION("a field of an earlier notice is not") {
    f.When(ReturnCommand(kId, {MakeDefect("description", "描述过于简单")}),
           Context(CityReviewer(), kInTime));
    f.ThenError(StatusCode::kFailedPrecondition, "ONE_TIME_NOTICE_VIOLATION");
    CHECK(f.Rules() ==
          std::vector<std::string>{"ONE_TIME_NOTICE @ defects[0].field"});
  }
}

TEST_CASE("one-time notice: the whole story through the decider alone",
          "[decider][notice]") {
  // Each step's events are decided, then folded in as the next step's history.
  DeciderFixture f;
  auto step = [&f](const pb::Command& command, const pb::Actor& actor,
                   const std::string& when) {
    f.When(command, Context(actor, At(when)));
    INFO(f.result().status().ToString());
    REQUIRE(f.result().ok());
    f.Given(*f.result());
  };
  pb::CatalogEntryContent renamed = ValidContent();
  renamed.set_name("任城区医疗机构名录");
  step(CreateCommand(kId, ValidContent()), Owner(),
       "2026-03-02T09:00:00+08:00");
  step(SubmitCommand(kId), Owner(), "2026-03-02T10:00:00+08:00");
  step(ReturnCommand(kId, {MakeDefect("description", "描述过于简单")}),
       CountyReviewer("370811"), "2026-03-03T10:00:00+08:00");
  step(EditCommand(kId, renamed), Owner(), "2026-03-03T11:00:00+08:00");
  step(SubmitCommand(kId), Owner(), "2026-03-03T12:00:00+08:00");
  CHECK(f.state().changed_since_notice == std::vector<std::string>{"name"});
  CHECK(f.state().submissions == 2);
  // Two review clocks: the first met by the return, the second running until
  // Thursday 5 March (started Tuesday 3 March: Wednesday 4, Thursday 5).
  REQUIRE(f.state().deadlines.size() == 2);
  CHECK(f.state().deadlines.at(ReviewClockId(kId, 1)).state() ==
        pb::DEADLINE_STATE_MET);
  const pb::Deadline& second = f.state().deadlines.at(ReviewClockId(kId, 2));
  CHECK(second.state() == pb::DEADLINE_STATE_OPEN);
  CHECK(FromProto(second.due_time()) == At("2026-03-05T23:59:59+08:00"));
  f.When(ReturnCommand(kId, {MakeDefect("domain", "所属领域有误")}),
         Context(CountyReviewer("370811"), At("2026-03-04T10:00:00+08:00")));
  f.ThenError(StatusCode::kFailedPrecondition, "ONE_TIME_NOTICE_VIOLATION");
  CHECK(f.Rules() ==
        std::vector<std::string>{"ONE_TIME_NOTICE @ defects[0].field"});
}

// ---------------------------------------------------------------- authz.h

TEST_CASE("authz: reviewer jurisdiction", "[authz]") {
  CHECK(IsReviewerFor(CityReviewer(), "3708"));
  CHECK(IsReviewerFor(CityReviewer(), "370811"));
  CHECK(IsReviewerFor(CountyReviewer("370811"), "370811"));
  CHECK_FALSE(IsReviewerFor(CountyReviewer("370811"), "370812"));
  CHECK_FALSE(IsReviewerFor(CountyReviewer("370811"), "3708"));
  CHECK_FALSE(IsReviewerFor(CityProvider(), "3708"));
  pb::Actor inconsistent = CountyReviewer("370811");
  inconsistent.set_region("3708");
  CHECK_FALSE(IsReviewerFor(inconsistent, "3708"));

  CHECK(RequireReviewerFor(CountyReviewer("370891"), "370891").ok());
  CheckError(RequireReviewerFor(CountyReviewer("370891"), "370890"),
             StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CheckError(RequireReviewerFor(CityProvider(), "3708"),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(RequireReviewerFor(inconsistent, "3708"),
             StatusCode::kPermissionDenied, "ACTOR_INVALID");
}

TEST_CASE("authz: auditors and operators are overseers", "[authz]") {
  pb::Actor op = Auditor();
  CHECK(IsOverseer(op));
  op.set_role(pb::ROLE_OPERATOR);
  CHECK(IsOverseer(op));
  CHECK_FALSE(IsOverseer(CityReviewer()));
  CHECK_FALSE(IsOverseer(PlainUser()));
}

}  // namespace
}  // namespace opendata::engine_test
