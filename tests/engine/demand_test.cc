// Decider tests of unopened-data demands and public calls (Art. 18, annex 7):
// the submission (identity, form, cited call, review region) and its 5 WD
// clock, the formal review, the city reviewer's forwarding and the provider's
// 10 WD answer, the 20 WD publication clock met by linking a published entry,
// withdrawal, MarkDeadlineOverdue on demand streams, and the calls. Every
// refusal names its rule and records nothing.
#include <optional>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/demands/demand_rules.h"
#include "engine/pipeline/stream_kinds.h"
#include "tests/engine/demand_support.h"

namespace opendata::engine_test::demands {
namespace {

TEST_CASE("demand: submission records the form, the region and the 5 WD clock",
          "[demand]") {
  DemandFixture f;
  const std::vector<pb::EventPayload> events =
      f.Apply(Submit(ValidDemandForm()), Requester(), kSubmit);
  REQUIRE(events.size() == 2);
  const auto& e = events[0].demand_submitted();
  CHECK(e.demand_id() == kDemandId);
  CHECK(e.form().DebugString() == ValidDemandForm().DebugString());
  CHECK(e.call_id().empty());
  CHECK(e.region() == "3708");
  CHECK(FromProto(e.formal_review_due_time()) ==
        At("2026-03-09T23:59:59+08:00"));
  const pb::Deadline& d = events[1].deadline_started().deadline();
  CHECK(d.deadline_id() == "demand-formal-review:dm-zhang-1");
  CHECK(d.kind() == pb::DEADLINE_KIND_DEMAND_FORMAL_REVIEW);
  CHECK(d.responsible_role() == pb::ROLE_REVIEWER);
  CHECK(d.responsible_region() == "3708");
  CHECK(d.working_days() == 5);
  CHECK(f.demand().state() == pb::DEMAND_STATE_FORMAL_REVIEW);
  CHECK(f.demand().requester().subject() == "u-zhang");
  CHECK(f.demand().requester().display_name() == "张三");
  CHECK(f.demand().requester().person_kind() == pb::PERSON_KIND_NATURAL);
}

TEST_CASE("demand: identity refusals and a second submission record nothing",
          "[demand]") {
  DemandFixture f;
  pb::Actor unverified = Requester();
  unverified.set_real_name_verified(false);
  Check(f.Decide(Submit(ValidDemandForm()), unverified, kSubmit),
        StatusCode::kFailedPrecondition, "ART16_REAL_NAME_REQUIRED");
  Check(f.Decide(Submit(ValidDemandForm()), Owner(), kSubmit),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CHECK_FALSE(f.state().exists());
  f.Apply(Submit(ValidDemandForm()), Requester(), kSubmit);
  Check(f.Decide(Submit(ValidDemandForm()), Requester(), kSubmit),
        StatusCode::kAlreadyExists, "DEMAND_EXISTS");
}

TEST_CASE("demand: the form is validated field by field", "[demand]") {
  DemandFixture f;
  pb::DemandForm form = ValidDemandForm();
  form.set_resource_name("");
  form.set_service_mode(pb::SERVICE_MODE_UNSPECIFIED);
  form.set_owning_department("bad dept");
  form.clear_data_items();
  form.mutable_coverage()->set_region_scope("");
  form.mutable_coverage()->set_time_end("2024-01-01");
  form.set_phone("call me");
  form.set_email("zhang@");
  form.set_reason(std::string(2001, 'x'));
  form.set_use_start_date("2026-05-01");
  form.set_use_end_date("2026-04-01");
  form.add_scenarios("");
  const auto result = f.Decide(Submit(form, "Bad Call"), Requester(), kSubmit);
  Check(result, StatusCode::kInvalidArgument, "DEMAND_INVALID");
  CHECK(ViolationFields(result.status()) ==
        std::vector<std::string>{
            "call_id", "form.coverage.region_scope", "form.coverage.time_end",
            "form.data_items", "form.email", "form.owning_department",
            "form.phone", "form.reason", "form.resource_name",
            "form.scenarios[2]", "form.service_mode", "form.use_end_date"});
  pb::DemandForm past = ValidDemandForm();
  past.set_use_start_date("2025-01-01");
  past.set_use_end_date("2026-03-01");
  CHECK(
      ViolationFields(f.Decide(Submit(past), Requester(), kSubmit).status()) ==
      std::vector<std::string>{"form.use_end_date"});
  CHECK(IsDemandEmail("a.b@jining.gov.cn"));
  CHECK_FALSE(IsDemandEmail("a b@example.org"));
  CHECK_FALSE(IsDemandEmail("a@b@example.org"));
  CHECK_FALSE(IsDemandEmail("a@example"));
  CHECK(IsDemandPhone("0537-1234567"));
  CHECK_FALSE(IsDemandPhone("1234"));
  CHECK_FALSE(f.state().exists());
}

TEST_CASE("demand: a cited call must accept demands at submission",
          "[demand]") {
  DemandFixture f;
  const absl::Time start = Shanghai(2026, 3, 1);
  const absl::Time end = Shanghai(2026, 3, 31, 23, 59, 59);
  DemandInputs none;
  Check(
      f.Decide(Submit(ValidDemandForm(), kCallId), Requester(), kSubmit, none),
      StatusCode::kFailedPrecondition, "DEMAND_CALL_NOT_OPEN");
  DemandInputs later;
  later.call = OpenCall(Shanghai(2026, 3, 5), end);
  Check(
      f.Decide(Submit(ValidDemandForm(), kCallId), Requester(), kSubmit, later),
      StatusCode::kFailedPrecondition, "DEMAND_CALL_NOT_OPEN");
  DemandInputs ended;
  ended.call = OpenCall(Shanghai(2026, 2, 1), Shanghai(2026, 3, 1));
  Check(
      f.Decide(Submit(ValidDemandForm(), kCallId), Requester(), kSubmit, ended),
      StatusCode::kFailedPrecondition, "DEMAND_CALL_NOT_OPEN");
  DemandInputs closed;
  closed.call = OpenCall(start, end);
  closed.call->set_state(pb::DEMAND_CALL_STATE_CLOSED);
  Check(f.Decide(Submit(ValidDemandForm(), kCallId), Requester(), kSubmit,
                 closed),
        StatusCode::kFailedPrecondition, "DEMAND_CALL_NOT_OPEN");
  CHECK_FALSE(f.state().exists());
  DemandInputs open;
  open.call = OpenCall(start, end);
  const auto events =
      f.Apply(Submit(ValidDemandForm(), kCallId), Requester(), kSubmit, open);
  CHECK(events[0].demand_submitted().call_id() == kCallId);
  CHECK(f.demand().call_id() == kCallId);
}

TEST_CASE("demand: the owning department's county reviews, the city always may",
          "[demand]") {
  DemandInputs county;
  county.department_region = "370811";
  {
    DemandFixture f;
    f.Apply(Submit(ValidDemandForm()), Requester(), kSubmit, county);
    CHECK(f.demand().region() == "370811");
    CHECK(f.clock("demand-formal-review:dm-zhang-1").responsible_region() ==
          "370811");
    Check(f.Decide(Pass(), CountyReviewer("370812"), kPass),
          StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
    f.Apply(Pass(), CountyReviewer("370811"), kPass);
    CHECK(f.demand().state() == pb::DEMAND_STATE_PASSED);
    CHECK(f.demand().formal_reviewer().region() == "370811");
  }
  {
    // Without a department, the region of a profile is not used.
    DemandFixture f;
    pb::DemandForm form = ValidDemandForm();
    form.clear_owning_department();
    f.Apply(Submit(form), Requester(), kSubmit, county);
    CHECK(f.demand().region() == "3708");
    Check(f.Decide(Pass(), CountyReviewer("370811"), kPass),
          StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
    Check(f.Decide(Pass(), Owner(), kPass), StatusCode::kPermissionDenied,
          "ROLE_NOT_ALLOWED");
    const auto events = f.Apply(Pass(), CityReviewer(), kPass);
    REQUIRE(events.size() == 2);
    CHECK(events[1].deadline_met().deadline_id() ==
          "demand-formal-review:dm-zhang-1");
    CHECK_FALSE(events[1].deadline_met().late());
  }
}

TEST_CASE("demand: the formal review fails with every typed defect",
          "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kSubmitted);
  pb::DemandDefect untyped = Defect(pb::DEMAND_DEFECT_KIND_UNSPECIFIED, "x");
  pb::DemandDefect empty = Defect(pb::DEMAND_DEFECT_KIND_UNCLEAR, "");
  const auto bad = f.Decide(Fail({untyped, empty}), CityReviewer(), kPass);
  Check(bad, StatusCode::kInvalidArgument, "DEMAND_INVALID");
  CHECK(ViolationFields(bad.status()) ==
        std::vector<std::string>{"defects[0].kind", "defects[1].text"});
  Check(f.Decide(Fail({}), CityReviewer(), kPass), StatusCode::kInvalidArgument,
        "DEMAND_INVALID");
  const auto events =
      f.Apply(Fail({Defect(pb::DEMAND_DEFECT_KIND_INCOMPLETE, "缺少数据项说明"),
                    Defect(pb::DEMAND_DEFECT_KIND_ALREADY_OPEN, "部分已开放")}),
              CityReviewer(), Shanghai(2026, 3, 10, 9));
  REQUIRE(events.size() == 2);
  CHECK(events[1].deadline_met().late());
  CHECK(f.demand().state() == pb::DEMAND_STATE_FORMAL_REVIEW_FAILED);
  CHECK(f.demand().defects_size() == 2);
  CHECK(f.demand().formal_review_remark() == "请补充");
  CHECK(f.demand().has_close_time());
  Check(f.Decide(Pass(), CityReviewer(), kPass),
        StatusCode::kFailedPrecondition, "DEMAND_NOT_IN_FORMAL_REVIEW");
  Check(f.Decide(Fail({Defect(pb::DEMAND_DEFECT_KIND_OTHER, "x")}),
                 CityReviewer(), kPass),
        StatusCode::kFailedPrecondition, "DEMAND_NOT_IN_FORMAL_REVIEW");
}

TEST_CASE("demand: only the city reviewer forwards a passed demand",
          "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kSubmitted);
  Check(f.Decide(Forward(), CityReviewer(), kForward),
        StatusCode::kFailedPrecondition, "DEMAND_NOT_PASSED");
  f.Apply(Pass(), CityReviewer(), kPass);
  Check(f.Decide(Forward(), CountyReviewer("370811"), kForward),
        StatusCode::kPermissionDenied, "ART18_CITY_FORWARD_REQUIRED");
  Check(f.Decide(Forward(), Owner(), kForward), StatusCode::kPermissionDenied,
        "ROLE_NOT_ALLOWED");
  Check(f.Decide(Forward("bad org"), CityReviewer(), kForward),
        StatusCode::kInvalidArgument, "DEMAND_INVALID");
  const auto events = f.Apply(Forward(), CityReviewer(), kForward);
  REQUIRE(events.size() == 2);
  CHECK(events[0].demand_forwarded().provider_organization() == kOrg);
  CHECK(FromProto(events[0].demand_forwarded().answer_due_time()) ==
        At("2026-03-17T23:59:59+08:00"));
  const pb::Deadline& d = events[1].deadline_started().deadline();
  CHECK(d.deadline_id() == "demand-provider-answer:dm-zhang-1");
  CHECK(d.kind() == pb::DEADLINE_KIND_DEMAND_PROVIDER_ANSWER);
  CHECK(d.responsible_role() == pb::ROLE_PROVIDER);
  CHECK(d.responsible_organization() == kOrg);
  CHECK(d.working_days() == 10);
  CHECK(f.demand().state() == pb::DEMAND_STATE_PROVIDER_ANSWER);
  CHECK(f.demand().forwarded_by().subject() == "r-city");
  Check(f.Decide(Forward(), CityReviewer(), kForward),
        StatusCode::kFailedPrecondition, "DEMAND_NOT_PASSED");
}

TEST_CASE(
    "demand: without an owning department the reviewer names the "
    "provider",
    "[demand]") {
  DemandFixture f;
  pb::DemandForm form = ValidDemandForm();
  form.clear_owning_department();
  f.Apply(Submit(form), Requester(), kSubmit);
  f.Apply(Pass(), CityReviewer(), kPass);
  const auto missing = f.Decide(Forward(), CityReviewer(), kForward);
  Check(missing, StatusCode::kInvalidArgument, "DEMAND_INVALID");
  CHECK(ViolationFields(missing.status()) ==
        std::vector<std::string>{"provider_organization"});
  f.Apply(Forward("jn-gaj"), CityReviewer(), kForward);
  CHECK(f.demand().provider_organization() == "jn-gaj");
}

TEST_CASE("demand: the provider answers OPENABLE and the 20 WD clock starts",
          "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kForwarded);
  Check(f.Decide(Openable(), CountyProvider("370811", "other-org"), kAnswer),
        StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  Check(f.Decide(Openable(), CityReviewer(), kAnswer),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  pb::Command unset = Openable();
  unset.mutable_answer_demand()->set_answer(pb::DEMAND_ANSWER_UNSPECIFIED);
  Check(f.Decide(unset, Owner(), kAnswer), StatusCode::kInvalidArgument,
        "DEMAND_INVALID");
  pb::Command with_reasons =
      NotOpenable(pb::DEMAND_REFUSAL_KIND_NOT_HELD, "无此数据");
  with_reasons.mutable_answer_demand()->set_answer(pb::DEMAND_ANSWER_OPENABLE);
  with_reasons.mutable_answer_demand()->set_planned_catalog_entry_id("Bad Id");
  CHECK(ViolationFields(f.Decide(with_reasons, Owner(), kAnswer).status()) ==
        std::vector<std::string>{"planned_catalog_entry_id", "reasons"});
  const auto events = f.Apply(Openable("rc-wsj-clinics"), Owner(), kAnswer);
  REQUIRE(events.size() == 3);
  CHECK(events[0].demand_answered_openable().planned_catalog_entry_id() ==
        "rc-wsj-clinics");
  CHECK(FromProto(events[0].demand_answered_openable().opening_due_time()) ==
        At("2026-04-01T23:59:59+08:00"));
  CHECK(events[1].deadline_met().deadline_id() ==
        "demand-provider-answer:dm-zhang-1");
  const pb::Deadline& d = events[2].deadline_started().deadline();
  CHECK(d.deadline_id() == "demand-opening:dm-zhang-1");
  CHECK(d.kind() == pb::DEADLINE_KIND_DEMAND_OPENING);
  CHECK(d.responsible_organization() == kOrg);
  CHECK(d.working_days() == 20);
  CHECK(f.demand().state() == pb::DEMAND_STATE_OPENING);
  CHECK(f.demand().answer() == pb::DEMAND_ANSWER_OPENABLE);
  Check(f.Decide(Openable(), Owner(), kAnswer), StatusCode::kFailedPrecondition,
        "DEMAND_NOT_AWAITING_ANSWER");
}

TEST_CASE("demand: NOT_OPENABLE needs typed reasons and closes the demand",
          "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kForwarded);
  const auto untyped = f.Decide(
      NotOpenable(pb::DEMAND_REFUSAL_KIND_UNSPECIFIED, ""), Owner(), kAnswer);
  Check(untyped, StatusCode::kInvalidArgument, "DEMAND_INVALID");
  CHECK(ViolationFields(untyped.status()) ==
        std::vector<std::string>{"reasons[0].kind", "reasons[0].text"});
  pb::Command none = NotOpenable(pb::DEMAND_REFUSAL_KIND_OTHER, "x");
  none.mutable_answer_demand()->clear_reasons();
  none.mutable_answer_demand()->set_planned_catalog_entry_id("rc-wsj-clinics");
  CHECK(ViolationFields(f.Decide(none, Owner(), kAnswer).status()) ==
        std::vector<std::string>{"planned_catalog_entry_id", "reasons"});
  const auto events = f.Apply(
      NotOpenable(pb::DEMAND_REFUSAL_KIND_PERSONAL_INFORMATION, "含个人信息"),
      Owner(), kAnswer);
  REQUIRE(events.size() == 2);
  CHECK(events[0].demand_answered_not_openable().reasons_size() == 1);
  CHECK(events[1].deadline_met().deadline_id() ==
        "demand-provider-answer:dm-zhang-1");
  CHECK(f.demand().state() == pb::DEMAND_STATE_NOT_OPENABLE);
  CHECK(f.demand().refusal_reasons(0).kind() ==
        pb::DEMAND_REFUSAL_KIND_PERSONAL_INFORMATION);
  CHECK(f.demand().has_close_time());
  Check(f.Decide(Link(), Owner(), kLink, {std::nullopt, "", Entry()}),
        StatusCode::kFailedPrecondition, "DEMAND_NOT_OPENING");
}

TEST_CASE("demand: linking a published entry of the provider fulfils it",
          "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kOpening);
  DemandInputs absent;
  Check(f.Decide(Link(), Owner(), kLink, absent), StatusCode::kNotFound,
        "CATALOG_ENTRY_NOT_FOUND");
  DemandInputs foreign;
  foreign.entry = Entry(pb::CATALOG_ENTRY_STATE_PUBLISHED, "jn-gaj");
  Check(f.Decide(Link(), Owner(), kLink, foreign),
        StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  DemandInputs draft;
  draft.entry = Entry(pb::CATALOG_ENTRY_STATE_SUBMITTED);
  Check(f.Decide(Link(), Owner(), kLink, draft),
        StatusCode::kFailedPrecondition, "DEMAND_ENTRY_NOT_PUBLISHED");
  DemandInputs published;
  published.entry = Entry();
  Check(
      f.Decide(Link(), CountyProvider("370811", "other-org"), kLink, published),
      StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  Check(f.Decide(Link("Bad Id"), Owner(), kLink, published),
        StatusCode::kInvalidArgument, "CATALOG_ENTRY_ID_INVALID");
  const auto events = f.Apply(Link(), Owner(), kLink, published);
  REQUIRE(events.size() == 2);
  CHECK(events[0].demand_entry_linked().entry().DebugString() ==
        Entry().DebugString());
  CHECK_FALSE(events[0].demand_entry_linked().late());
  CHECK(events[1].deadline_met().deadline_id() == "demand-opening:dm-zhang-1");
  CHECK_FALSE(events[1].deadline_met().late());
  CHECK(f.demand().state() == pb::DEMAND_STATE_FULFILLED);
  CHECK(f.demand().linked_entry().catalog_entry_id() == "rc-wsj-clinics");
  CHECK(f.clock("demand-opening:dm-zhang-1").state() == pb::DEADLINE_STATE_MET);
  Check(f.Decide(Link(), Owner(), kLink, published),
        StatusCode::kFailedPrecondition, "DEMAND_NOT_OPENING");
}

TEST_CASE("demand: a link after the due time is recorded late", "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kOpening);
  DemandInputs published;
  published.entry = Entry();
  const auto events =
      f.Apply(Link(), Owner(), Shanghai(2026, 4, 2, 9), published);
  CHECK(events[0].demand_entry_linked().late());
  CHECK(events[1].deadline_met().late());
  CHECK(f.demand().fulfilled_late());
}

TEST_CASE("demand: the requester withdraws before the provider answers",
          "[demand]") {
  {
    DemandFixture f;
    Reach(f, Stage::kSubmitted);
    Check(f.Decide(Withdraw(), Requester("u-li"), kPass),
          StatusCode::kPermissionDenied, "NOT_REQUESTER");
    Check(f.Decide(Withdraw(), CityReviewer(), kPass),
          StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
    const auto events = f.Apply(Withdraw(), Requester(), kPass);
    REQUIRE(events.size() == 2);
    CHECK(events[0].demand_withdrawn().from_state() ==
          pb::DEMAND_STATE_FORMAL_REVIEW);
    CHECK(events[1].deadline_cancelled().deadline_id() ==
          "demand-formal-review:dm-zhang-1");
    CHECK(f.demand().state() == pb::DEMAND_STATE_WITHDRAWN);
    Check(f.Decide(Withdraw(), Requester(), kPass),
          StatusCode::kFailedPrecondition, "DEMAND_CLOSED");
  }
  {
    DemandFixture f;
    Reach(f, Stage::kPassed);
    CHECK(f.Apply(Withdraw(), Requester(), kForward).size() == 1);
  }
  {
    DemandFixture f;
    Reach(f, Stage::kForwarded);
    const auto events = f.Apply(Withdraw(), Requester(), kAnswer);
    REQUIRE(events.size() == 2);
    CHECK(events[1].deadline_cancelled().deadline_id() ==
          "demand-provider-answer:dm-zhang-1");
    Check(f.Decide(Openable(), Owner(), kAnswer),
          StatusCode::kFailedPrecondition, "DEMAND_NOT_AWAITING_ANSWER");
  }
  {
    DemandFixture f;
    Reach(f, Stage::kOpening);
    Check(f.Decide(Withdraw(), Requester(), kLink),
          StatusCode::kFailedPrecondition, "DEMAND_ANSWERED");
  }
}

TEST_CASE("demand: the scheduler marks a demand clock overdue once",
          "[demand]") {
  DemandFixture f;
  Reach(f, Stage::kForwarded);
  const std::string clock = "demand-provider-answer:dm-zhang-1";
  Check(f.Decide(Overdue(clock), System(), Shanghai(2026, 3, 17, 12)),
        StatusCode::kFailedPrecondition, "DEADLINE_NOT_DUE");
  Check(f.Decide(Overdue(clock), CityReviewer(), Shanghai(2026, 3, 18)),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  const auto events = f.Apply(Overdue(clock), System(), Shanghai(2026, 3, 18));
  REQUIRE(events.size() == 1);
  CHECK(events[0].deadline_overdue().deadline_id() == clock);
  CHECK(f.clock(clock).state() == pb::DEADLINE_STATE_OVERDUE);
  CHECK(f.Apply(Overdue(clock), System(), Shanghai(2026, 3, 19)).empty());
  // A late answer still meets the clock, late.
  const auto answered = f.Apply(Openable(), Owner(), Shanghai(2026, 3, 19));
  CHECK(answered[1].deadline_met().late());
}

TEST_CASE("demand: commands route to demand and call streams", "[demand]") {
  CHECK(StreamKindOf("demand/dm-zhang-1") == StreamKind::kDemand);
  CHECK(StreamKindOf("demand-call/call-2026-health") ==
        StreamKind::kDemandCall);
  CHECK_FALSE(StreamKindOf("demand/Bad").has_value());
  CHECK(*TargetStream(Pass()) == "demand/dm-zhang-1");
  CHECK(*TargetStream(Overdue("demand-opening:dm-zhang-1")) ==
        "demand/dm-zhang-1");
  pb::Command open;
  open.mutable_open_demand_call()->set_call_id(kCallId);
  CHECK(*TargetStream(open) == "demand-call/call-2026-health");
  pb::Command bad = Pass();
  bad.mutable_pass_demand_formal_review()->set_demand_id("X");
  CheckError(TargetStream(bad).status(), StatusCode::kInvalidArgument,
             "DEMAND_ID_INVALID");
  open.mutable_open_demand_call()->set_call_id("X");
  CheckError(TargetStream(open).status(), StatusCode::kInvalidArgument,
             "DEMAND_CALL_ID_INVALID");
  DemandFixture f;
  Check(f.Decide(Pass(), CityReviewer(), kPass), StatusCode::kNotFound,
        "DEMAND_NOT_FOUND");
}

absl::StatusOr<std::vector<pb::EventPayload>> DecideCall(
    DemandCallAggregate& state, const pb::Command& command,
    const pb::Actor& actor, absl::Time now) {
  auto events = DecideDemandCall(state, command, Context(actor, now));
  if (!events.ok()) return events;
  for (const pb::EventPayload& payload : *events) {
    pb::EventEnvelope envelope;
    envelope.set_stream_id(DemandCallStream(kCallId));
    envelope.set_stream_version(state.version + 1);
    *envelope.mutable_actor() = actor;
    *envelope.mutable_occurred_at() = ToProto(now);
    *envelope.mutable_payload() = payload;
    Evolve(state, envelope);
  }
  return events;
}

TEST_CASE("demand: the city reviewer opens and closes public calls",
          "[demand]") {
  DemandCallAggregate s;
  const absl::Time start = Shanghai(2026, 3, 1);
  const absl::Time end = Shanghai(2026, 3, 31, 23, 59, 59);
  Check(DecideCall(s, OpenCallCommand(start, end), CountyReviewer("370811"),
                   kSubmit),
        StatusCode::kPermissionDenied, "ART18_CITY_CALL_REQUIRED");
  Check(DecideCall(s, OpenCallCommand(start, end), Requester(), kSubmit),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  Check(DecideCall(s, CloseCallCommand("提前结束"), CityReviewer(), kSubmit),
        StatusCode::kNotFound, "DEMAND_CALL_NOT_FOUND");
  pb::Command bad = OpenCallCommand(end, start);
  bad.mutable_open_demand_call()->set_title("");
  bad.mutable_open_demand_call()->add_domains("");
  const auto invalid = DecideCall(s, bad, CityReviewer(), kSubmit);
  Check(invalid, StatusCode::kInvalidArgument, "DEMAND_CALL_INVALID");
  CHECK(
      ViolationFields(invalid.status()) ==
      std::vector<std::string>{"domains[1]", "end_time", "end_time", "title"});
  CHECK_FALSE(s.exists());
  REQUIRE(
      DecideCall(s, OpenCallCommand(start, end), CityReviewer(), kSubmit).ok());
  CHECK(s.call.state() == pb::DEMAND_CALL_STATE_OPEN);
  CHECK(s.call.opened_by().subject() == "r-city");
  CHECK(CallAccepts(s.call, kSubmit));
  CHECK_FALSE(CallAccepts(s.call, Shanghai(2026, 4, 1)));
  Check(DecideCall(s, OpenCallCommand(start, end), CityReviewer(), kSubmit),
        StatusCode::kAlreadyExists, "DEMAND_CALL_EXISTS");
  Check(DecideCall(s, CloseCallCommand(""), CityReviewer(), kSubmit),
        StatusCode::kInvalidArgument, "DEMAND_CALL_INVALID");
  Check(DecideCall(s, CloseCallCommand("提前结束"), CityReviewer(),
                   Shanghai(2026, 4, 1)),
        StatusCode::kFailedPrecondition, "DEMAND_CALL_NOT_OPEN");
  REQUIRE(
      DecideCall(s, CloseCallCommand("提前结束"), CityReviewer(), kPass).ok());
  CHECK(s.call.state() == pb::DEMAND_CALL_STATE_CLOSED);
  CHECK(s.call.close_reason() == "提前结束");
  CHECK_FALSE(CallAccepts(s.call, kForward));
  Check(DecideCall(s, CloseCallCommand("再次"), CityReviewer(), kForward),
        StatusCode::kFailedPrecondition, "DEMAND_CALL_NOT_OPEN");
}

}  // namespace
}  // namespace opendata::engine_test::demands
