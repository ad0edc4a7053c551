// Decider, projection and access tests of objections (Art. 19): the filing
// with every field validated (real-name verified USERs, published entries),
// the OBJECTION_ANSWER clock, the infringement hold taken in the filing event
// itself (access refused even with an active grant, off the open list,
// releases refused with ART19_OBJECTION_HOLD), the reviewer's verification,
// the provider's outcomes and their rules, the withdrawal, the hold kept while
// another infringement objection is pending; then the workflow through the
// pipeline and the scheduler, with the rows rebuilt from the log.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "catch2/catch.hpp"
#include "engine/access/access_decision.h"
#include "engine/catalog/objection_decider.h"
#include "engine/projections/catalog_projection.h"
#include "engine/projections/objection_projection.h"
#include "engine/projections/stream_view.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/release_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kEntry[] = "rc-wsj-clinics";
constexpr char kSha256[] =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

pb::Actor Owner() { return CountyProvider("370811", "rc-wsj"); }

// A real-name verified natural person.
pb::Actor User(const std::string& subject) {
  pb::Actor actor = PlainUser();
  actor.set_subject(subject);
  actor.set_real_name_verified(true);
  return actor;
}

const absl::Time kSubmitted = Shanghai(2026, 2, 26, 10, 0, 0);
const absl::Time kReviewDue = Shanghai(2026, 2, 28, 23, 59, 59);
const absl::Time kPublished = Shanghai(2026, 2, 27, 15, 0, 0);
const absl::Time kFiled = Shanghai(2026, 3, 2, 9, 0, 0);
const absl::Time kLater = Shanghai(2026, 3, 4, 9, 0, 0);
// Filed Mon 2 Mar: Tue 3 Mar is day 1, Mon 16 Mar day 10.
const char kAnswerDue[] = "2026-03-16T23:59:59+08:00";

std::vector<pb::EventPayload> PublishedHistory() {
  std::vector<pb::EventPayload> history = {
      Created(kEntry, Owner(), ValidContent())};
  for (pb::EventPayload& e :
       SubmittedWithClock(kEntry, "370811", 1, kSubmitted, kReviewDue)) {
    history.push_back(std::move(e));
  }
  history.push_back(Published(1));
  history.push_back(ReviewClockMet(kEntry, 1));
  history.push_back(UpdateClockStarted(kEntry, 1, Owner(), kPublished,
                                       At("2026-03-27T23:59:59+08:00")));
  history.push_back(AssessmentClockStarted(kEntry, 1, "370811", kPublished,
                                           At("2027-02-27T23:59:59+08:00")));
  return history;
}

pb::Command FileCmd(pb::ObjectionKind kind) {
  pb::Command c;
  auto* f = c.mutable_file_objection();
  f->set_catalog_entry_id(kEntry);
  f->set_kind(kind);
  f->set_description("诊所名录中列出了本人的私人住址");
  f->add_concerned_items("address");
  auto* proof = f->add_evidence();
  proof->set_title("房产证明");
  proof->set_sha256(kSha256);
  proof->set_uri("https://evidence.example/1");
  f->mutable_contact()->set_phone("0537-2345678");
  f->mutable_contact()->set_email("zhang@example.cn");
  return c;
}

pb::Command WithdrawCmd(int n) {
  pb::Command c;
  c.mutable_withdraw_objection()->set_catalog_entry_id(kEntry);
  c.mutable_withdraw_objection()->set_objection(n);
  return c;
}

pb::Command VerifyCmd(int n, bool founded) {
  pb::Command c;
  auto* v = c.mutable_verify_objection();
  v->set_catalog_entry_id(kEntry);
  v->set_objection(n);
  v->set_founded(founded);
  v->set_finding(founded ? "地址属于个人信息" : "地址为诊所的营业地址");
  return c;
}

pb::Command AnswerCmd(int n, pb::ObjectionOutcome outcome) {
  pb::Command c;
  auto* a = c.mutable_answer_objection();
  a->set_catalog_entry_id(kEntry);
  a->set_objection(n);
  a->set_outcome(outcome);
  a->set_answer("已核实并处理");
  return c;
}

// A decider fixture over the published entry whose successful commands are
// folded in as recorded by their actor at their time.
class Flow : public DeciderFixture {
 public:
  Flow() { Given(PublishedHistory()); }

  // Decides `command` by `actor` at `at`; on success folds the events in.
  void Do(const pb::Command& command, const pb::Actor& actor, absl::Time at) {
    When(command, Context(actor, at));
    if (result().ok()) GivenBy(actor, at, *result());
  }

  // Like Do, but the command must succeed.
  const std::vector<pb::EventPayload>& MustDo(const pb::Command& command,
                                              const pb::Actor& actor,
                                              absl::Time at) {
    When(command, Context(actor, at));
    INFO(result().status().ToString());
    REQUIRE(result().ok());
    events_ = *result();
    GivenBy(actor, at, events_);
    return events_;
  }

  const pb::Objection& Objection(int n) const {
    REQUIRE(state().objections.count(n) == 1);
    return state().objections.at(n);
  }

 private:
  std::vector<pb::EventPayload> events_;
};

TEST_CASE("objections: every field of a filing is validated", "[objection]") {
  Flow f;
  pb::Command c = FileCmd(pb::OBJECTION_KIND_UNSPECIFIED);
  auto* o = c.mutable_file_objection();
  o->set_description("");
  o->add_concerned_items("address");
  o->add_concerned_items("");
  o->mutable_evidence(0)->set_sha256("XYZ");
  o->mutable_evidence(0)->set_title("");
  o->mutable_contact()->set_phone("phone");
  o->mutable_contact()->set_email("zhang@nodot");
  f.Do(c, User("u-zhang"), kFiled);
  f.ThenError(StatusCode::kInvalidArgument, "OBJECTION_INVALID");
  CHECK(f.Fields() == std::vector<std::string>{
                          "concerned_items[1]", "concerned_items[2]",
                          "contact.email", "contact.phone", "description",
                          "evidence[0].sha256", "evidence[0].title", "kind"});
  o->clear_contact();
  f.Do(c, User("u-zhang"), kFiled);
  f.ThenError(StatusCode::kInvalidArgument, "OBJECTION_INVALID");
  const std::vector<std::string> fields = f.Fields();
  CHECK(std::count(fields.begin(), fields.end(), "contact") == 1);
  CHECK(f.state().objections.empty());
}

TEST_CASE("objections: who may file, and on which entries", "[objection]") {
  Flow f;
  const pb::Command c = FileCmd(pb::OBJECTION_KIND_ERROR);
  f.Do(c, Owner(), kFiled);
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  pb::Actor unverified = User("u-li");
  unverified.set_real_name_verified(false);
  f.Do(c, unverified, kFiled);
  f.ThenError(StatusCode::kFailedPrecondition, "ART16_REAL_NAME_REQUIRED");

  DeciderFixture draft;
  draft.Given({Created(kEntry, Owner(), ValidContent())});
  draft.When(c, Context(User("u-zhang"), kFiled));
  draft.ThenError(StatusCode::kFailedPrecondition,
                  "CATALOG_ENTRY_NOT_PUBLISHED");
  DeciderFixture none;
  none.When(c, Context(User("u-zhang"), kFiled));
  none.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
}

TEST_CASE("objections: an error objection starts the answer clock only",
          "[objection]") {
  Flow f;
  const auto& events =
      f.MustDo(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-zhang"), kFiled);
  REQUIRE(events.size() == 2);
  const auto& filed = events[0].catalog_entry_objection_filed();
  CHECK(filed.objection() == 1);
  CHECK_FALSE(filed.suspends());
  CHECK(FromProto(filed.answer_due_time()) == At(kAnswerDue));
  const pb::Deadline& clock = events[1].deadline_started().deadline();
  CHECK(clock.kind() == pb::DEADLINE_KIND_OBJECTION_ANSWER);
  CHECK(clock.deadline_id() == ObjectionAnswerDeadlineId(kEntry, 1));
  CHECK(clock.responsible_role() == pb::ROLE_PROVIDER);
  CHECK(clock.responsible_organization() == "rc-wsj");
  CHECK(FromProto(clock.due_time()) == At(kAnswerDue));
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(f.Objection(1).objector().subject() == "u-zhang");
  CHECK(f.Objection(1).state() == pb::OBJECTION_STATE_PENDING);

  // The same user's second objection of the same kind waits for the first.
  f.Do(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-zhang"), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "OBJECTION_ALREADY_PENDING");
  f.MustDo(FileCmd(pb::OBJECTION_KIND_OMISSION), User("u-zhang"), kLater);
  CHECK(f.Objection(2).kind() == pb::OBJECTION_KIND_OMISSION);
}

TEST_CASE("objections: an infringement filing suspends the entry at once",
          "[objection]") {
  Flow f;
  const auto& events = f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT),
                                User("u-zhang"), kFiled);
  CHECK(events[0].catalog_entry_objection_filed().suspends());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);

  f.Do(ReleaseCommand(kEntry, "2026-03"), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_OBJECTION_HOLD");
  pb::Command takedown;
  takedown.mutable_request_takedown()->set_catalog_entry_id(kEntry);
  takedown.mutable_request_takedown()->set_reasons("职责调整");
  f.Do(takedown, Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  // Another user may object to the held entry too.
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-li"),
           kLater);
  CHECK(f.Objection(2).suspends());
}

TEST_CASE("objections: the reviewer's verification", "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"),
           kFiled);
  f.Do(VerifyCmd(1, true), CountyReviewer("370812"), kLater);
  f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  f.Do(VerifyCmd(1, true), Owner(), kLater);
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  pb::Command empty = VerifyCmd(1, true);
  empty.mutable_verify_objection()->set_finding("");
  f.Do(empty, CountyReviewer("370811"), kLater);
  f.ThenError(StatusCode::kInvalidArgument, "OBJECTION_INVALID");
  f.Do(VerifyCmd(0, true), CountyReviewer("370811"), kLater);
  f.ThenError(StatusCode::kInvalidArgument, "OBJECTION_INVALID");
  f.Do(VerifyCmd(7, true), CountyReviewer("370811"), kLater);
  f.ThenError(StatusCode::kNotFound, "OBJECTION_NOT_FOUND");

  f.MustDo(VerifyCmd(1, true), CityReviewer(), kLater);
  CHECK(f.Objection(1).verification().founded());
  CHECK(f.Objection(1).verification().reviewer().subject() == "r-city");
  f.Do(VerifyCmd(1, false), CountyReviewer("370811"), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "OBJECTION_ALREADY_VERIFIED");
  // Verification does not lift the hold.
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);
}

TEST_CASE(
    "objections: the provider's infringement outcomes follow the verification",
    "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"),
           kFiled);
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_RESTORED),
       CountyProvider("370811", "rc-other"), kLater);
  f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_UNSPECIFIED), Owner(), kLater);
  f.ThenError(StatusCode::kInvalidArgument, "OBJECTION_INVALID");
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_CORRECTED), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_OUTCOME_NOT_ALLOWED");
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_RESTORED), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_VERIFICATION_REQUIRED");
  f.MustDo(VerifyCmd(1, false), CountyReviewer("370811"), kLater);
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_TAKEN_DOWN), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_VERIFICATION_MISMATCH");
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_REOPENED_AFTER_TREATMENT), Owner(),
       kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_VERIFICATION_MISMATCH");

  const auto& events =
      f.MustDo(AnswerCmd(1, pb::OBJECTION_OUTCOME_RESTORED), Owner(), kLater);
  REQUIRE(events.size() == 2);
  CHECK(events[0].catalog_entry_objection_answered().hold_lifted());
  CHECK_FALSE(events[0].catalog_entry_objection_answered().late());
  CHECK(events[1].deadline_met().deadline_id() ==
        ObjectionAnswerDeadlineId(kEntry, 1));
  CHECK_FALSE(events[1].deadline_met().late());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(f.Objection(1).state() == pb::OBJECTION_STATE_ANSWERED);
  CHECK(f.Objection(1).outcome() == pb::OBJECTION_OUTCOME_RESTORED);
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_RESTORED), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "OBJECTION_NOT_PENDING");
}

TEST_CASE("objections: reopened after treatment lifts the hold",
          "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"),
           kFiled);
  f.MustDo(VerifyCmd(1, true), CountyReviewer("370811"), kLater);
  f.MustDo(AnswerCmd(1, pb::OBJECTION_OUTCOME_REOPENED_AFTER_TREATMENT),
           Owner(), kLater);
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(f.Objection(1).hold_lifted());
}

TEST_CASE("objections: the hold lasts while another infringement is pending",
          "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"),
           kFiled);
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-li"),
           kFiled);
  // An error objection does not hold the entry.
  f.MustDo(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-wang"), kFiled);

  f.Do(WithdrawCmd(1), User("u-li"), kLater);
  f.ThenError(StatusCode::kPermissionDenied, "OBJECTION_NOT_OWN");
  const auto& withdrawn = f.MustDo(WithdrawCmd(1), User("u-zhang"), kLater);
  REQUIRE(withdrawn.size() == 2);
  CHECK_FALSE(withdrawn[0].catalog_entry_objection_withdrawn().hold_lifted());
  CHECK(withdrawn[1].deadline_cancelled().deadline_id() ==
        ObjectionAnswerDeadlineId(kEntry, 1));
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);
  f.Do(WithdrawCmd(1), User("u-zhang"), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "OBJECTION_NOT_PENDING");

  const auto& last = f.MustDo(WithdrawCmd(2), User("u-li"), kLater);
  CHECK(last[0].catalog_entry_objection_withdrawn().hold_lifted());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
}

TEST_CASE("objections: a correction needs a release after the filing",
          "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-zhang"), kFiled);
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_TAKEN_DOWN), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_OUTCOME_NOT_ALLOWED");
  f.Do(AnswerCmd(1, pb::OBJECTION_OUTCOME_CORRECTED), Owner(), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "ART19_CORRECTION_NOT_RELEASED");
  f.MustDo(ReleaseCommand(kEntry, "2026-03"), Owner(), kLater);
  // Answered after the due time: met, but late. No verification is needed.
  const absl::Time late = At("2026-03-17T09:00:00+08:00");
  const auto& events =
      f.MustDo(AnswerCmd(1, pb::OBJECTION_OUTCOME_CORRECTED), Owner(), late);
  CHECK(events[0].catalog_entry_objection_answered().late());
  CHECK(events[0].catalog_entry_objection_answered().correcting_release() == 1);
  CHECK(events[1].deadline_met().late());
  CHECK(f.Objection(1).answer_late());

  f.MustDo(FileCmd(pb::OBJECTION_KIND_OMISSION), User("u-zhang"), late);
  f.MustDo(AnswerCmd(2, pb::OBJECTION_OUTCOME_REJECTED), Owner(), late);
  CHECK(f.Objection(2).outcome() == pb::OBJECTION_OUTCOME_REJECTED);
}

TEST_CASE("objections: a founded infringement takes the entry down for good",
          "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"),
           kFiled);
  f.MustDo(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-li"), kFiled);
  f.MustDo(VerifyCmd(1, true), CountyReviewer("370811"), kLater);
  const auto& events =
      f.MustDo(AnswerCmd(1, pb::OBJECTION_OUTCOME_TAKEN_DOWN), Owner(), kLater);
  REQUIRE(events.size() == 5);
  CHECK(events[0].catalog_entry_objection_answered().taken_down());
  CHECK(events[1].has_deadline_met());
  CHECK(events[2].catalog_entry_open_copy_destroyed().reasons() ==
        "已核实并处理");
  CHECK(events[3].deadline_cancelled().deadline_id() ==
        UpdateClockId(kEntry, 1));
  CHECK(events[4].deadline_cancelled().deadline_id() ==
        AssessmentClockId(kEntry, 1));
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
  CHECK(f.state().destroyed());

  // The other objection is still answered; nothing new is filed.
  f.MustDo(AnswerCmd(2, pb::OBJECTION_OUTCOME_REJECTED), Owner(), kLater);
  f.Do(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-wang"), kLater);
  f.ThenError(StatusCode::kFailedPrecondition, "OPEN_COPY_DESTROYED");
}

// ------------------------------------------------- views, access, open list

pb::EventEnvelope Envelope(const pb::EventPayload& payload, int64_t version,
                           absl::Time at) {
  pb::EventEnvelope e;
  e.set_stream_id(CatalogEntryStream(kEntry));
  e.set_stream_version(version);
  *e.mutable_occurred_at() = ToProto(at);
  *e.mutable_actor() = User("u-zhang");
  *e.mutable_payload() = payload;
  return e;
}

pb::EventPayload FiledEvent(int n, bool suspends) {
  pb::EventPayload p;
  p.mutable_catalog_entry_objection_filed()->set_objection(n);
  p.mutable_catalog_entry_objection_filed()->set_suspends(suspends);
  return p;
}

pb::EventPayload RestoredEvent(int n, bool lifted) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_objection_answered();
  e->set_objection(n);
  e->set_outcome(pb::OBJECTION_OUTCOME_RESTORED);
  e->set_hold_lifted(lifted);
  return p;
}

pb::AccessGrant ActiveGrant() {
  pb::AccessGrant g;
  g.set_application_id("app-1");
  g.set_state(pb::GRANT_STATE_ACTIVE);
  *g.mutable_start_time() = ToProto(Shanghai(2026, 1, 1));
  *g.mutable_end_time() = ToProto(Shanghai(2026, 12, 31));
  return g;
}

TEST_CASE("objections: a hold pauses grants and the open list exactly",
          "[objection][access][open_list]") {
  StreamView view;
  int64_t version = 0;
  auto fold = [&](const pb::EventPayload& p, absl::Time at) {
    FoldStreamView(view, Envelope(p, ++version, at));
  };
  pb::CatalogEntryContent content = ConditionalContent();
  fold(Created(kEntry, Owner(), content), kSubmitted);
  fold(Submitted(1, kReviewDue), kSubmitted);
  fold(Published(1), kPublished);
  const std::vector<pb::AccessGrant> grants = {ActiveGrant()};
  const pb::ServiceMode mode =
      static_cast<pb::ServiceMode>(content.service_modes(0));
  CHECK(DecideAccess(view.catalog, mode, grants, kFiled).allowed());

  fold(FiledEvent(1, true), kFiled);
  fold(FiledEvent(2, true), kFiled + absl::Hours(1));
  CHECK(view.catalog.state() ==
        pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);
  CHECK(view.catalog.holding_objections_size() == 2);
  CHECK(FromProto(view.catalog.objection_hold_time()) == kFiled);
  const pb::AccessDecision held =
      DecideAccess(view.catalog, mode, grants, kLater);
  CHECK_FALSE(held.allowed());
  CHECK(held.reason() == pb::ACCESS_REASON_SUSPENDED);

  fold(RestoredEvent(1, false), kLater);
  CHECK_FALSE(DecideAccess(view.catalog, mode, grants, kLater).allowed());
  const absl::Time lifted = kLater + absl::Hours(2);
  fold(RestoredEvent(2, true), lifted);
  CHECK(view.catalog.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(view.catalog.holding_objections().empty());
  CHECK_FALSE(view.catalog.has_objection_hold_time());
  CHECK(view.catalog.objection_count() == 2);
  const pb::AccessDecision again =
      DecideAccess(view.catalog, mode, grants, lifted);
  CHECK(again.allowed());
  CHECK(again.reason() == pb::ACCESS_REASON_GRANT_ACTIVE);

  // Off the list from the filing to the lift, to the microsecond.
  REQUIRE(view.open_list.size() == 2);
  CHECK(FromProto(view.open_list[0].from_time()) == kPublished);
  CHECK(FromProto(view.open_list[0].to_time()) == kFiled);
  CHECK(FromProto(view.open_list[1].from_time()) == lifted);
  CHECK_FALSE(view.open_list[1].has_to_time());
}

TEST_CASE("objections: personal data stays out of the public view",
          "[objection]") {
  Flow f;
  f.MustDo(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"),
           kFiled);
  StreamView view;
  int64_t version = 0;
  for (const pb::EventPayload& p : PublishedHistory())
    FoldStreamView(view, Envelope(p, ++version, kPublished));
  pb::EventEnvelope filed = Envelope(f.result()->at(0), ++version, kFiled);
  FoldStreamView(view, filed);
  const std::string public_view = view.catalog.DebugString();
  CHECK(public_view.find("u-zhang") == std::string::npos);
  CHECK(public_view.find("0537-2345678") == std::string::npos);
  const ProjectionRows rows = StreamRows(view);
  CHECK(rows.count(ObjectionRowKey(kEntry, 1)) == 1);
  CHECK(rows.count(absl::StrCat(kObjectionByProviderPrefix, "rc-wsj/", kEntry,
                                "/0000000001")) == 1);
  int pending = 0;
  for (const auto& [key, value] : rows)
    pending +=
        absl::StartsWith(key, kObjectionPendingPrefix + std::string("370811/"));
  CHECK(pending == 1);
}

// ------------------------------------------------------------ pipeline

TEST_CASE("objections: through the pipeline and the scheduler",
          "[objection][pipeline][scheduler]") {
  DeadlineHarness h(kSubmitted);
  h.CreateAndSubmit(kEntry, Owner());
  h.MustRun(PublishCommand(kEntry), CountyReviewer("370811"));
  h.clock().Set(kFiled);
  h.MustRun(FileCmd(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT), User("u-zhang"));
  h.MustRun(FileCmd(pb::OBJECTION_KIND_ERROR), User("u-li"));
  CHECK(h.Entry(kEntry).state() ==
        pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);
  h.MustRun(VerifyCmd(1, false), CountyReviewer("370811"));
  h.MustRun(AnswerCmd(1, pb::OBJECTION_OUTCOME_RESTORED), Owner());
  CHECK(h.Entry(kEntry).state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(h.DeadlineRow(ObjectionAnswerDeadlineId(kEntry, 1)).state() ==
        pb::DEADLINE_STATE_MET);

  // The error objection's answer clock runs out: overdue, exactly once.
  h.clock().Set(At(kAnswerDue));
  CHECK(h.RunScheduler() == 0);
  h.clock().Set(At("2026-03-17T08:00:00+08:00"));
  CHECK(h.RunScheduler() == 1);
  CHECK(h.RunScheduler() == 0);
  CHECK(h.DeadlineRow(ObjectionAnswerDeadlineId(kEntry, 2)).state() ==
        pb::DEADLINE_STATE_OVERDUE);

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

}  // namespace
}  // namespace opendata::engine_test
