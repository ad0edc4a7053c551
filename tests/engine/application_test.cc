// Decider tests of conditional applications (Art. 16-17, annexes 3-5): the
// submission (identity, credit, form, entry facts, condition answers) and its
// 5-working-day clock, the formal review, the provider's review with typed
// and fair refusal reasons, withdrawal, the signatures and the grant with its
// clocks, the lapse through the scheduler's MarkDeadlineOverdue, renewal,
// revocation, destruction and reports, and the credit registry. Every refusal
// names its rule. The pipeline flow is in application_flow_test.cc.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/applications/application_rules.h"
#include "engine/pipeline/stream_kinds.h"
#include "tests/engine/application_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

// Submitted Monday 2 March 2026; 5 working days: Tue 3 ... Mon 9 March.
const absl::Time kSubmit = Shanghai(2026, 3, 2, 10, 0, 0);
const absl::Time kPass = Shanghai(2026, 3, 3, 10, 0, 0);
const absl::Time kDecide = Shanghai(2026, 3, 4, 10, 0, 0);
const absl::Time kSign = Shanghai(2026, 3, 5, 10, 0, 0);
const absl::Time kDuring = Shanghai(2026, 4, 1, 10, 0, 0);
const absl::Time kAfterEnd = Shanghai(2026, 7, 1, 0, 0, 1);

void Check(const absl::StatusOr<std::vector<pb::EventPayload>>& result,
           StatusCode code, const std::string& reason) {
  REQUIRE_FALSE(result.ok());
  CheckError(result.status(), code, reason);
}

// Submitted (and optionally through the formal review, approval, grant).
enum class Stage { kSubmitted, kProviderReview, kApproved, kGranted };

void Reach(AppFixture& f, Stage stage) {
  f.Apply(SubmitApp(ValidForm(), Credit(kSubmit)), Applicant(), kSubmit);
  if (stage == Stage::kSubmitted) return;
  f.Apply(PassFormal(), CountyReviewer("370811"), kPass);
  if (stage == Stage::kProviderReview) return;
  f.Apply(Approve(), AppOwner(), kDecide);
  if (stage == Stage::kApproved) return;
  f.Apply(Sign(), Applicant(), kSign);
  f.Apply(Sign(), AppOwner(), kSign);
}

TEST_CASE(
    "application: submission records the facts, the form, the credit answer "
    "and the 5 WD clock",
    "[application]") {
  AppFixture f;
  const std::vector<pb::EventPayload> events =
      f.Apply(SubmitApp(ValidForm(), Credit(kSubmit)), Applicant(), kSubmit);
  REQUIRE(events.size() == 2);
  const auto& e = events[0].application_submitted();
  CHECK(e.application_id() == kAppId);
  CHECK(e.entry().DebugString() == AppFacts().DebugString());
  CHECK(e.form().DebugString() == ValidForm().DebugString());
  CHECK(e.credit_check().DebugString() == Credit(kSubmit).DebugString());
  CHECK(FromProto(e.formal_review_due_time()) ==
        At("2026-03-09T23:59:59+08:00"));
  const pb::Deadline& d = events[1].deadline_started().deadline();
  CHECK(d.deadline_id() == "application-formal-review:app-zhang-1");
  CHECK(d.kind() == pb::DEADLINE_KIND_APPLICATION_FORMAL_REVIEW);
  CHECK(d.responsible_role() == pb::ROLE_REVIEWER);
  CHECK(d.responsible_region() == "370811");
  CHECK(d.working_days() == 5);
  CHECK(f.app().state() == pb::APPLICATION_STATE_SUBMITTED);
  CHECK(f.app().applicant().subject() == "u-zhang");
}

TEST_CASE("application: identity and credit refusals record nothing",
          "[application]") {
  AppFixture f;
  pb::Actor unverified = Applicant();
  unverified.set_real_name_verified(false);
  Check(f.Decide(SubmitApp(ValidForm(), Credit(kSubmit)), unverified, kSubmit),
        StatusCode::kFailedPrecondition, "ART16_REAL_NAME_REQUIRED");
  Check(f.Decide(SubmitApp(ValidForm(),
                           Credit(kSubmit,
                                  pb::CREDIT_LIST_DISHONEST_JUDGMENT_DEBTORS)),
                 Applicant(), kSubmit),
        StatusCode::kFailedPrecondition, "ART16_CREDIT_LISTED");
  Check(
      f.Decide(SubmitApp(ValidForm(), pb::CreditCheck()), Applicant(), kSubmit),
      StatusCode::kInvalidArgument, "COMMAND_INVALID");
  Check(f.Decide(SubmitApp(ValidForm(), Credit(kSubmit)), AppOwner(), kSubmit),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CHECK_FALSE(f.state().exists());
}

TEST_CASE("application: the form is validated field by field",
          "[application]") {
  AppFixture f;
  pb::ApplicationForm form = ValidForm();
  form.set_service_mode(pb::SERVICE_MODE_UNSPECIFIED);
  form.mutable_applicant()->set_phone("call me");
  form.mutable_applicant()->set_id_number("");
  form.set_use_start_date("2026-07-01");
  form.clear_scenarios();
  form.mutable_standards()->set_concurrency(0);
  form.set_security_commitment_acknowledged(false);
  form.mutable_proofs(0)->set_sha256("XYZ");
  const auto result =
      f.Decide(SubmitApp(form, Credit(kSubmit)), Applicant(), kSubmit);
  Check(result, StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  CHECK(ViolationFields(result.status()) ==
        std::vector<std::string>{
            "form.applicant.id_number", "form.applicant.phone",
            "form.proofs[0].sha256", "form.scenarios",
            "form.security_commitment_acknowledged", "form.service_mode",
            "form.standards.concurrency", "form.use_end_date"});

  pb::ApplicationForm past = ValidForm();
  past.set_use_start_date("2026-01-01");
  past.set_use_end_date("2026-02-01");
  CHECK(ViolationFields(
            f.Decide(SubmitApp(past, Credit(kSubmit)), Applicant(), kSubmit)
                .status()) == std::vector<std::string>{"form.use_end_date"});

  pb::ApplicationForm scenario = ValidForm();
  scenario.set_scenarios(1, std::string(1001, 'x'));
  CHECK(ViolationFields(
            f.Decide(SubmitApp(scenario, Credit(kSubmit)), Applicant(), kSubmit)
                .status()) == std::vector<std::string>{"form.scenarios[1]"});

  // A legal person gives no ID number.
  CHECK(ViolationFields(f.Decide(SubmitApp(ValidForm(), Credit(kSubmit)),
                                 CompanyApplicant(), kSubmit)
                            .status()) ==
        std::vector<std::string>{"form.applicant.id_number"});
  CHECK_FALSE(f.state().exists());
}

TEST_CASE(
    "application: the entry must be a published CONDITIONAL entry offering the "
    "mode",
    "[application]") {
  AppFixture f;
  const pb::Command submit = SubmitApp(ValidForm(), Credit(kSubmit));
  Check(f.Decide(submit, Applicant(), kSubmit, std::nullopt),
        StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  pb::EntryFacts draft = AppFacts();
  draft.set_state(pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_QUALITY);
  Check(f.Decide(submit, Applicant(), kSubmit, draft),
        StatusCode::kFailedPrecondition, "ENTRY_NOT_APPLICABLE");
  pb::EntryFacts open = AppFacts();
  open.set_open_attribute(pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  Check(f.Decide(submit, Applicant(), kSubmit, open),
        StatusCode::kFailedPrecondition, "ENTRY_NOT_CONDITIONAL");
  pb::ApplicationForm sandbox = ValidForm();
  sandbox.set_service_mode(pb::SERVICE_MODE_SANDBOX);
  Check(f.Decide(SubmitApp(sandbox, Credit(kSubmit)), Applicant(), kSubmit),
        StatusCode::kFailedPrecondition, "SERVICE_MODE_NOT_OFFERED");
}

TEST_CASE("application: each condition is answered once", "[application]") {
  AppFixture f;
  pb::ApplicationForm missing = ValidForm();
  missing.mutable_condition_answers()->RemoveLast();
  const auto result =
      f.Decide(SubmitApp(missing, Credit(kSubmit)), Applicant(), kSubmit);
  Check(result, StatusCode::kInvalidArgument, "CONDITION_ANSWER_MISSING");
  const std::vector<FieldViolation> v = FieldViolations(result.status());
  REQUIRE(v.size() == 1);
  CHECK(v[0].description.find("condition 1 (CONDITION_KIND_DATA_SECURITY") !=
        std::string::npos);

  pb::ApplicationForm twice = ValidForm();
  twice.mutable_condition_answers(1)->set_condition_index(0);
  Check(f.Decide(SubmitApp(twice, Credit(kSubmit)), Applicant(), kSubmit),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  pb::ApplicationForm stray = ValidForm();
  stray.add_condition_answers()->set_condition_index(7);
  stray.mutable_condition_answers(2)->set_answer("多余");
  Check(f.Decide(SubmitApp(stray, Credit(kSubmit)), Applicant(), kSubmit),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
}

TEST_CASE("application: an id is submitted once", "[application]") {
  AppFixture f;
  Reach(f, Stage::kSubmitted);
  Check(f.Decide(SubmitApp(ValidForm(), Credit(kSubmit)), Applicant(), kSubmit),
        StatusCode::kAlreadyExists, "APPLICATION_EXISTS");
  AppFixture none;
  Check(none.Decide(PassFormal(), CityReviewer(), kPass), StatusCode::kNotFound,
        "APPLICATION_NOT_FOUND");
}

TEST_CASE(
    "application: the formal review passes and starts the provider's 10 WD "
    "clock",
    "[application]") {
  AppFixture f;
  Reach(f, Stage::kSubmitted);
  Check(f.Decide(PassFormal(), CountyReviewer("370812"), kPass),
        StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  Check(f.Decide(PassFormal(), AppOwner(), kPass),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  const auto events = f.Apply(PassFormal(), CityReviewer(), kPass);
  REQUIRE(events.size() == 3);
  CHECK(FromProto(events[0]
                      .application_formal_review_passed()
                      .provider_review_due_time()) ==
        At("2026-03-17T23:59:59+08:00"));
  CHECK(events[1].deadline_met().deadline_id() ==
        "application-formal-review:app-zhang-1");
  CHECK_FALSE(events[1].deadline_met().late());
  const pb::Deadline& d = events[2].deadline_started().deadline();
  CHECK(d.kind() == pb::DEADLINE_KIND_APPLICATION_PROVIDER_REVIEW);
  CHECK(d.responsible_role() == pb::ROLE_PROVIDER);
  CHECK(d.responsible_organization() == "rc-wsj");
  CHECK(f.app().state() == pb::APPLICATION_STATE_PROVIDER_REVIEW);
  Check(f.Decide(PassFormal(), CityReviewer(), kPass),
        StatusCode::kFailedPrecondition, "APPLICATION_NOT_SUBMITTED");
}

TEST_CASE("application: the formal review fails with every reason",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kSubmitted);
  pb::Command empty;
  empty.mutable_fail_application_formal_review()->set_application_id(kAppId);
  Check(f.Decide(empty, CountyReviewer("370811"), kPass),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  pb::Command fail = empty;
  *fail.mutable_fail_application_formal_review()->add_defects() =
      MakeDefect("form.proofs", "缺少营业执照");
  *fail.mutable_fail_application_formal_review()->add_defects() =
      MakeDefect("form.scenarios[0]", "场景描述不具体");
  const auto events = f.Apply(fail, CountyReviewer("370811"), kPass);
  REQUIRE(events.size() == 2);
  CHECK(events[0].application_formal_review_failed().defects_size() == 2);
  CHECK(events[1].has_deadline_met());
  CHECK(f.app().state() == pb::APPLICATION_STATE_FORMAL_REVIEW_FAILED);
  Check(f.Decide(Approve(), AppOwner(), kDecide),
        StatusCode::kFailedPrecondition, "APPLICATION_NOT_IN_PROVIDER_REVIEW");
}

TEST_CASE("application: the owner approves with the agreement's terms",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kSubmitted);
  Check(f.Decide(Approve(), AppOwner(), kDecide),
        StatusCode::kFailedPrecondition, "APPLICATION_NOT_IN_PROVIDER_REVIEW");
  f.Apply(PassFormal(), CountyReviewer("370811"), kPass);
  Check(f.Decide(Approve(), CountyProvider("370811", "rc-jyj"), kDecide),
        StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  const auto bad = f.Decide(Approve(0, 61), AppOwner(), kDecide);
  Check(bad, StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  CHECK(ViolationFields(bad.status()) ==
        std::vector<std::string>{"destruction_days", "result_report_months"});
  const auto events = f.Apply(Approve(), AppOwner(), kDecide);
  REQUIRE(events.size() == 2);
  const pb::AgreementTerms& t = events[0].application_approved().terms();
  CHECK(t.purposes_size() == 2);
  CHECK(t.purposes(0) == ValidForm().scenarios(0));
  CHECK(t.use_start_date() == "2026-03-10");
  CHECK(t.use_end_date() == "2026-06-30");
  CHECK(t.destruction_days() == 30);
  CHECK(t.result_report_months() == 6);
  CHECK(t.source_citation_required());
  CHECK(events[1].deadline_met().deadline_id() ==
        "application-provider-review:app-zhang-1");
  CHECK(f.app().state() == pb::APPLICATION_STATE_APPROVED);
}

pb::Command RefuseWith(std::vector<pb::RefusalReason> reasons) {
  pb::Command c;
  c.mutable_refuse_application()->set_application_id(kAppId);
  for (auto& r : reasons) *c.mutable_refuse_application()->add_reasons() = r;
  return c;
}

pb::RefusalReason Reason(pb::RefusalReasonKind kind, int index = 0,
                         const std::string& text = "") {
  pb::RefusalReason r;
  r.set_kind(kind);
  r.set_condition_index(index);
  r.set_text(text);
  return r;
}

TEST_CASE("application: refusals are typed and never discriminatory",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kProviderReview);
  for (pb::RefusalReasonKind unfair :
       {pb::REFUSAL_REASON_KIND_COMPANY_SIZE,
        pb::REFUSAL_REASON_KIND_REGISTRATION_PLACE,
        pb::REFUSAL_REASON_KIND_APPLICANT_TYPE}) {
    const auto r =
        f.Decide(RefuseWith({Reason(pb::REFUSAL_REASON_KIND_PROOF_INSUFFICIENT),
                             Reason(unfair)}),
                 AppOwner(), kDecide);
    Check(r, StatusCode::kFailedPrecondition, "ART17_DISCRIMINATORY_REFUSAL");
    CHECK(PreconditionRules(r.status()) ==
          std::vector<std::string>{
              "ART17_DISCRIMINATORY_REFUSAL @ reasons[1].kind"});
  }
  const auto bad =
      f.Decide(RefuseWith({Reason(pb::REFUSAL_REASON_KIND_CONDITION_NOT_MET, 2),
                           Reason(pb::REFUSAL_REASON_KIND_OTHER),
                           Reason(pb::REFUSAL_REASON_KIND_UNSPECIFIED)}),
               AppOwner(), kDecide);
  Check(bad, StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  CHECK(ViolationFields(bad.status()) ==
        std::vector<std::string>{"reasons[0].condition_index",
                                 "reasons[1].text", "reasons[2].kind"});
  Check(f.Decide(RefuseWith({}), AppOwner(), kDecide),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  const auto events = f.Apply(
      RefuseWith({Reason(pb::REFUSAL_REASON_KIND_CONDITION_NOT_MET, 1,
                         "未提供安全制度文本"),
                  Reason(pb::REFUSAL_REASON_KIND_SCENARIO_NOT_COMPATIBLE)}),
      AppOwner(), kDecide);
  REQUIRE(events.size() == 2);
  CHECK(events[0].application_refused().reasons_size() == 2);
  CHECK(f.app().state() == pb::APPLICATION_STATE_REFUSED);
}

TEST_CASE("application: the applicant withdraws before a decision",
          "[application]") {
  pb::Command withdraw;
  withdraw.mutable_withdraw_application()->set_application_id(kAppId);
  SECTION("during the formal review") {
    AppFixture f;
    Reach(f, Stage::kSubmitted);
    Check(f.Decide(withdraw, Applicant("u-li"), kPass),
          StatusCode::kPermissionDenied, "NOT_APPLICANT");
    const auto events = f.Apply(withdraw, Applicant(), kPass);
    REQUIRE(events.size() == 2);
    CHECK(events[0].application_withdrawn().from_state() ==
          pb::APPLICATION_STATE_SUBMITTED);
    CHECK(events[1].deadline_cancelled().deadline_id() ==
          "application-formal-review:app-zhang-1");
    CHECK(f.app().state() == pb::APPLICATION_STATE_WITHDRAWN);
  }
  SECTION("during the provider's review") {
    AppFixture f;
    Reach(f, Stage::kProviderReview);
    const auto events = f.Apply(withdraw, Applicant(), kDecide);
    REQUIRE(events.size() == 2);
    CHECK(events[1].deadline_cancelled().deadline_id() ==
          "application-provider-review:app-zhang-1");
  }
  SECTION("not after approval") {
    AppFixture f;
    Reach(f, Stage::kApproved);
    Check(f.Decide(withdraw, Applicant(), kSign),
          StatusCode::kFailedPrecondition, "APPLICATION_DECIDED");
  }
}

TEST_CASE("application: both sign in either order and access is granted",
          "[application]") {
  for (bool user_first : {true, false}) {
    AppFixture f;
    Reach(f, Stage::kProviderReview);
    Check(f.Decide(Sign(), Applicant(), kDecide),
          StatusCode::kFailedPrecondition, "APPLICATION_NOT_APPROVED");
    f.Apply(Approve(), AppOwner(), kDecide);
    const pb::Actor first = user_first ? Applicant() : AppOwner();
    const pb::Actor second = user_first ? AppOwner() : Applicant();
    Check(f.Decide(Sign(), CountyProvider("370811", "rc-jyj"), kSign),
          StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
    Check(f.Decide(Sign(), Applicant("u-li"), kSign),
          StatusCode::kPermissionDenied, "NOT_APPLICANT");
    const auto one = f.Apply(Sign(), first, kSign);
    REQUIRE(one.size() == 1);
    CHECK(one[0].agreement_signed().party() == first.role());
    Check(f.Decide(Sign(), first, kSign), StatusCode::kFailedPrecondition,
          "AGREEMENT_ALREADY_SIGNED");
    const auto two = f.Apply(Sign(), second, kSign);
    REQUIRE(two.size() == 4);
    const pb::AccessGrant& g = two[1].access_granted().grant();
    CHECK(g.user_subject() == "u-zhang");
    CHECK(g.catalog_entry_id() == kAppEntry);
    CHECK(g.service_mode() == pb::SERVICE_MODE_API);
    CHECK(FromProto(g.start_time()) == Shanghai(2026, 3, 10));
    CHECK(FromProto(g.end_time()) == At("2026-06-30T23:59:59+08:00"));
    CHECK(g.state() == pb::GRANT_STATE_ACTIVE);
    CHECK(g.informed_reviewer_region() == "370811");
    const pb::Deadline& end = two[2].deadline_started().deadline();
    CHECK(end.deadline_id() == "agreement-end:app-zhang-1:1");
    CHECK(end.kind() == pb::DEADLINE_KIND_AGREEMENT_END);
    CHECK(end.responsible_role() == pb::ROLE_SYSTEM);
    CHECK(FromProto(end.due_time()) == At("2026-06-30T23:59:59+08:00"));
    const pb::Deadline& report = two[3].deadline_started().deadline();
    CHECK(report.kind() == pb::DEADLINE_KIND_RESULT_REPORT);
    CHECK(FromProto(report.due_time()) == At("2026-09-05T23:59:59+08:00"));
    CHECK(f.app().state() == pb::APPLICATION_STATE_GRANTED);
  }
}

TEST_CASE("application: an agreement is not signed after the use period",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kApproved);
  Check(f.Decide(Sign(), Applicant(), kAfterEnd),
        StatusCode::kFailedPrecondition, "USE_PERIOD_ENDED");
}

TEST_CASE("application: the scheduler lapses access at the end, once",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kGranted);
  const pb::Command end = Overdue("agreement-end:app-zhang-1:1");
  Check(f.Decide(end, System(), kDuring), StatusCode::kFailedPrecondition,
        "DEADLINE_NOT_DUE");
  Check(f.Decide(end, CityReviewer(), kAfterEnd), StatusCode::kPermissionDenied,
        "ROLE_NOT_ALLOWED");
  const auto events = f.Apply(end, System(), kAfterEnd);
  REQUIRE(events.size() == 3);
  CHECK(events[0].deadline_met().deadline_id() ==
        "agreement-end:app-zhang-1:1");
  CHECK_FALSE(events[0].deadline_met().late());
  CHECK(FromProto(events[1].access_lapsed().end_time()) ==
        At("2026-06-30T23:59:59+08:00"));
  const pb::Deadline& d = events[2].deadline_started().deadline();
  CHECK(d.kind() == pb::DEADLINE_KIND_DATA_DESTRUCTION);
  CHECK(FromProto(d.due_time()) == At("2026-07-30T23:59:59+08:00"));
  CHECK(f.app().state() == pb::APPLICATION_STATE_ENDED);
  CHECK(f.app().grant().state() == pb::GRANT_STATE_LAPSED);
  const auto again = f.Decide(end, System(), kAfterEnd);
  REQUIRE(again.ok());
  CHECK(again->empty());
  // Other clocks of the stream become overdue as usual.
  const auto report = f.Decide(Overdue("result-report:app-zhang-1"), System(),
                               Shanghai(2026, 9, 6));
  REQUIRE(report.ok());
  REQUIRE(report->size() == 1);
  CHECK((*report)[0].has_deadline_overdue());
}

pb::Command Renew(const std::string& date,
                  const std::string& reasons = "继续使用") {
  pb::Command c;
  auto* r = c.mutable_apply_for_renewal();
  r->set_application_id(kAppId);
  r->set_new_use_end_date(date);
  r->set_reasons(reasons);
  return c;
}

TEST_CASE("application: renewal is applied for before the end and extends it",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kApproved);
  Check(f.Decide(Renew("2026-12-31"), Applicant(), kSign),
        StatusCode::kFailedPrecondition, "GRANT_NOT_ACTIVE");
  f.Apply(Sign(), Applicant(), kSign);
  f.Apply(Sign(), AppOwner(), kSign);
  Check(f.Decide(Renew("2026-06-30"), Applicant(), kDuring),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  Check(f.Decide(Renew("2026-12-31"), Applicant(), kAfterEnd),
        StatusCode::kFailedPrecondition, "ANNEX5_RENEWAL_AFTER_END");
  pb::Command approve;
  approve.mutable_approve_renewal()->set_application_id(kAppId);
  Check(f.Decide(approve, AppOwner(), kDuring), StatusCode::kFailedPrecondition,
        "RENEWAL_NOT_PENDING");
  f.Apply(Renew("2026-12-31"), Applicant(), kDuring);
  Check(f.Decide(Renew("2027-01-31"), Applicant(), kDuring),
        StatusCode::kFailedPrecondition, "RENEWAL_ALREADY_PENDING");
  Check(f.Decide(approve, Applicant(), kDuring), StatusCode::kPermissionDenied,
        "ROLE_NOT_ALLOWED");
  const auto events = f.Apply(approve, AppOwner(), kDuring);
  REQUIRE(events.size() == 3);
  CHECK(FromProto(events[0].renewal_approved().new_end_time()) ==
        At("2026-12-31T23:59:59+08:00"));
  CHECK(events[1].deadline_cancelled().deadline_id() ==
        "agreement-end:app-zhang-1:1");
  CHECK(events[2].deadline_started().deadline().deadline_id() ==
        "agreement-end:app-zhang-1:2");
  CHECK(f.app().grant().renewals() == 1);
  CHECK(f.app().terms().use_end_date() == "2026-12-31");
  // The old end no longer lapses anything; a second renewal can be refused.
  f.Apply(Renew("2027-03-31"), Applicant(), kDuring);
  pb::Command refuse;
  refuse.mutable_refuse_renewal()->set_application_id(kAppId);
  Check(f.Decide(refuse, AppOwner(), kDuring), StatusCode::kInvalidArgument,
        "APPLICATION_INVALID");
  refuse.mutable_refuse_renewal()->set_reasons("使用情况报告未提交");
  const auto refused = f.Apply(refuse, AppOwner(), kDuring);
  REQUIRE(refused.size() == 1);
  CHECK(f.app().current_renewal().state() == pb::RENEWAL_STATE_REFUSED);
  CHECK(f.app().terms().use_end_date() == "2026-12-31");
}

pb::Command Revoke(pb::RevocationReason reason, const std::string& text) {
  pb::Command c;
  auto* r = c.mutable_revoke_grant();
  r->set_application_id(kAppId);
  r->set_reason(reason);
  r->set_text(text);
  return c;
}

TEST_CASE("application: the owner or a reviewer revokes with a reason",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kGranted);
  Check(f.Decide(Revoke(pb::REVOCATION_REASON_UNSPECIFIED, "x"), AppOwner(),
                 kDuring),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  Check(f.Decide(Revoke(pb::REVOCATION_REASON_VIOLATION, ""), AppOwner(),
                 kDuring),
        StatusCode::kInvalidArgument, "APPLICATION_INVALID");
  Check(f.Decide(Revoke(pb::REVOCATION_REASON_VIOLATION, "超范围使用"),
                 CountyReviewer("370812"), kDuring),
        StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  Check(f.Decide(Revoke(pb::REVOCATION_REASON_VIOLATION, "超范围使用"),
                 Applicant(), kDuring),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  const auto events =
      f.Apply(Revoke(pb::REVOCATION_REASON_VIOLATION, "超范围使用"),
              CountyReviewer("370811"), kDuring);
  REQUIRE(events.size() == 3);
  CHECK(events[0].access_revoked().reason() == pb::REVOCATION_REASON_VIOLATION);
  CHECK(events[1].deadline_cancelled().deadline_id() ==
        "agreement-end:app-zhang-1:1");
  CHECK(FromProto(events[2].deadline_started().deadline().due_time()) ==
        At("2026-05-01T23:59:59+08:00"));
  CHECK(f.app().state() == pb::APPLICATION_STATE_REVOKED);
  CHECK(f.app().grant().state() == pb::GRANT_STATE_REVOKED);
  Check(f.Decide(Revoke(pb::REVOCATION_REASON_TAKEDOWN, "下架"), AppOwner(),
                 kDuring),
        StatusCode::kFailedPrecondition, "GRANT_NOT_ACTIVE");
}

TEST_CASE("application: destruction is attested after the end",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kGranted);
  pb::Command attest;
  attest.mutable_attest_destruction()->set_application_id(kAppId);
  attest.mutable_attest_destruction()->set_method_used("删除并覆写");
  Check(f.Decide(attest, Applicant(), kDuring), StatusCode::kFailedPrecondition,
        "ACCESS_NOT_ENDED");
  f.Apply(Overdue("agreement-end:app-zhang-1:1"), System(), kAfterEnd);
  Check(f.Decide(attest, Applicant("u-li"), kAfterEnd),
        StatusCode::kPermissionDenied, "NOT_APPLICANT");
  const auto events = f.Apply(attest, Applicant(), kAfterEnd);
  REQUIRE(events.size() == 2);
  CHECK(events[1].deadline_met().deadline_id() ==
        "data-destruction:app-zhang-1");
  Check(f.Decide(attest, Applicant(), kAfterEnd),
        StatusCode::kFailedPrecondition, "DESTRUCTION_ALREADY_ATTESTED");
}

TEST_CASE("application: usage and result reports are filed once granted",
          "[application]") {
  AppFixture f;
  Reach(f, Stage::kApproved);
  pb::Command usage;
  usage.mutable_file_usage_report()->set_application_id(kAppId);
  usage.mutable_file_usage_report()->set_text("三月份调用约一万次");
  pb::Command result;
  result.mutable_file_result_report()->set_application_id(kAppId);
  result.mutable_file_result_report()->set_text("已上线诊所导航服务");
  Check(f.Decide(usage, Applicant(), kSign), StatusCode::kFailedPrecondition,
        "APPLICATION_NOT_GRANTED");
  f.Apply(Sign(), Applicant(), kSign);
  f.Apply(Sign(), AppOwner(), kSign);
  CHECK(f.Apply(usage, Applicant(), kDuring).size() == 1);
  const auto first = f.Apply(result, Applicant(), kDuring);
  REQUIRE(first.size() == 2);
  CHECK(first[1].deadline_met().deadline_id() == "result-report:app-zhang-1");
  CHECK(f.Apply(result, Applicant(), kDuring).size() == 1);
  CHECK(f.app().usage_reports_size() == 1);
  CHECK(f.app().result_reports_size() == 2);
  pb::Command empty = usage;
  empty.mutable_file_usage_report()->set_text("");
  Check(f.Decide(empty, Applicant(), kDuring), StatusCode::kInvalidArgument,
        "APPLICATION_INVALID");
}

TEST_CASE("application: operators maintain the credit registry",
          "[application]") {
  CreditRegistryAggregate s;
  pb::Command set;
  auto* c = set.mutable_set_credit_listing();
  c->set_party_id("u-zhang");
  c->set_list(pb::CREDIT_LIST_DISHONEST_JUDGMENT_DEBTORS);
  c->set_source("(2026)鲁0811执123号");
  Check(DecideCreditRegistry(s, set, Context(CityReviewer(), kSubmit)),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  pb::Command bad = set;
  bad.mutable_set_credit_listing()->set_list(pb::CREDIT_LIST_UNSPECIFIED);
  bad.mutable_set_credit_listing()->set_source("");
  const auto invalid =
      DecideCreditRegistry(s, bad, Context(Operator(), kSubmit));
  Check(invalid, StatusCode::kInvalidArgument, "CREDIT_LISTING_INVALID");
  CHECK(ViolationFields(invalid.status()) ==
        std::vector<std::string>{"list", "source"});
  pb::Command clear;
  clear.mutable_clear_credit_listing()->set_party_id("u-zhang");
  Check(DecideCreditRegistry(s, clear, Context(Operator(), kSubmit)),
        StatusCode::kFailedPrecondition, "CREDIT_NOT_LISTED");
  const auto listed =
      DecideCreditRegistry(s, set, Context(Operator(), kSubmit));
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  pb::EventEnvelope env;
  env.set_stream_version(1);
  *env.mutable_payload() = (*listed)[0];
  Evolve(s, env);
  CHECK(s.listing.listed());
  const auto same = DecideCreditRegistry(s, set, Context(Operator(), kSubmit));
  REQUIRE(same.ok());
  CHECK(same->empty());
  const auto cleared =
      DecideCreditRegistry(s, clear, Context(Operator(), kSubmit));
  REQUIRE(cleared.ok());
  CHECK((*cleared)[0].has_credit_listing_cleared());
}

TEST_CASE(
    "application: a calendar correction moves the review due time in the view",
    "[application]") {
  AppFixture f;
  Reach(f, Stage::kSubmitted);
  pb::EventPayload revised;
  auto* r = revised.mutable_deadline_revised();
  r->set_deadline_id("application-formal-review:app-zhang-1");
  *r->mutable_old_due_time() = f.app().formal_review_due_time();
  *r->mutable_new_due_time() = ToProto(At("2026-03-10T23:59:59+08:00"));
  f.Given(revised, kPass);
  CHECK(FromProto(f.app().formal_review_due_time()) ==
        At("2026-03-10T23:59:59+08:00"));
  CHECK(FromProto(f.state()
                      .deadlines.at("application-formal-review:app-zhang-1")
                      .due_time()) == At("2026-03-10T23:59:59+08:00"));
}

TEST_CASE("application: reports are capped per kind", "[application]") {
  AppFixture f;
  Reach(f, Stage::kGranted);
  pb::Command usage;
  usage.mutable_file_usage_report()->set_application_id(kAppId);
  usage.mutable_file_usage_report()->set_text("月度使用情况");
  for (int i = 0; i < kMaxApplicationReports; ++i)
    f.Apply(usage, Applicant(), kDuring);
  Check(f.Decide(usage, Applicant(), kDuring), StatusCode::kFailedPrecondition,
        "USE_REPORTS_FULL");
}

TEST_CASE("application: routing of application and credit registry commands",
          "[application]") {
  CHECK(StreamKindOf("application/app-zhang-1") == StreamKind::kApplication);
  CHECK(StreamKindOf("application/App") == std::nullopt);
  CHECK(StreamKindOf("credit-registry/u-zhang") == StreamKind::kCreditRegistry);
  CHECK(StreamKindOf("credit-registry/") == std::nullopt);
  const auto target = TargetStream(SubmitApp(ValidForm(), Credit(kSubmit)));
  REQUIRE(target.ok());
  CHECK(*target == "application/app-zhang-1");
  CheckError(
      TargetStream(SubmitApp(ValidForm(), Credit(kSubmit), "X")).status(),
      StatusCode::kInvalidArgument, "APPLICATION_ID_INVALID");
  CheckError(TargetStream(PassFormal("")).status(),
             StatusCode::kInvalidArgument, "APPLICATION_ID_INVALID");
  pb::Command list;
  list.mutable_set_credit_listing()->set_party_id("a/b");
  CheckError(TargetStream(list).status(), StatusCode::kInvalidArgument,
             "CREDIT_LISTING_INVALID");
  list.mutable_set_credit_listing()->set_party_id("u-zhang");
  CHECK(*TargetStream(list) == "credit-registry/u-zhang");
  CHECK(*TargetStream(Overdue("agreement-end:app-zhang-1:1")) ==
        "application/app-zhang-1");
  pb::Command credit_overdue;
  credit_overdue.mutable_mark_deadline_overdue()->set_stream_id(
      "credit-registry/u-zhang");
  credit_overdue.mutable_mark_deadline_overdue()->set_deadline_id("x");
  CheckError(TargetStream(credit_overdue).status(),
             StatusCode::kInvalidArgument, "COMMAND_INVALID");
}

TEST_CASE(
    "application: a renewal pending at the end cannot be approved after it",
    "[application]") {
  AppFixture f;
  Reach(f, Stage::kGranted);
  f.Apply(Renew("2026-12-31"), Applicant(), kDuring);
  f.Apply(Overdue("agreement-end:app-zhang-1:1"), System(), kAfterEnd);
  pb::Command approve;
  approve.mutable_approve_renewal()->set_application_id(kAppId);
  Check(f.Decide(approve, AppOwner(), kAfterEnd),
        StatusCode::kFailedPrecondition, "GRANT_NOT_ACTIVE");
  pb::Command fail;
  fail.mutable_fail_application_formal_review()->set_application_id(kAppId);
  *fail.mutable_fail_application_formal_review()->add_defects() =
      MakeDefect("form", "x");
  Check(f.Decide(fail, CityReviewer(), kAfterEnd),
        StatusCode::kFailedPrecondition, "APPLICATION_NOT_SUBMITTED");
}

}  // namespace
}  // namespace opendata::engine_test
