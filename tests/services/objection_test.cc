// Objections over gRPC (Art. 19, issue 5): an infringement objection suspending
// access. A citizen holds an active grant for a CONDITIONAL county entry and a
// company uses an UNCONDITIONAL one; another citizen files RIGHTS_INFRINGEMENT
// objections to both; UserService.CheckAccess denies both with SUSPENDED at
// once; the county reviewer verifies (unfounded), the provider answers
// RESTORED; access is allowed again and the OBJECTION_ANSWER clocks are MET.
// No application is taken during the hold (ART19_OBJECTION_HOLD).
// Then the lists of each party, and what others cannot see or do.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "jining/opendata/v1/user_service.grpc.pb.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

constexpr char kConditional[] = "rc-gaj-residents";
constexpr char kOpen[] = "rc-gaj-stations";
constexpr char kApp[] = "app-citizen-obj";

// A real-name verified legal person using the UNCONDITIONAL entry.
const Identity kCompany{"company.1", "USER", "91370800MA3C00000X",
                        "CITY",      "3708", "LEGAL"};
// The citizen whose rights the data infringes.
const Identity kObjector{"citizen.9", "USER", "person",
                         "CITY",      "3708", "NATURAL"};

using Client = ServiceClients;

// The application flow: submitted, formally passed, approved, signed by both.
void Grant(PlatformFixture& f, Client& c) {
  pb::SubmitApplicationRequest submit;
  submit.set_request_id(f.FreshRequestId());
  submit.set_application_id(kApp);
  submit.set_catalog_entry_id(kConditional);
  *submit.mutable_form() = SampleApplicationForm();
  pb::SubmitApplicationResponse submitted;
  REQUIRE_OK(
      c.user->SubmitApplication(c.As(kCitizen).get(), submit, &submitted));
  pb::PassApplicationFormalReviewRequest pass;
  pass.set_request_id(f.FreshRequestId());
  pass.set_application_id(kApp);
  pb::PassApplicationFormalReviewResponse passed;
  REQUIRE_OK(c.reviewer->PassApplicationFormalReview(
      c.As(kRenchengReviewer).get(), pass, &passed));
  pb::ApproveApplicationRequest approve;
  approve.set_request_id(f.FreshRequestId());
  approve.set_application_id(kApp);
  approve.set_destruction_days(15);
  approve.set_destruction_method("删除并覆写");
  approve.set_result_report_months(3);
  pb::ApproveApplicationResponse approved;
  REQUIRE_OK(c.provider->ApproveApplication(c.As(kRenchengProvider).get(),
                                            approve, &approved));
  pb::SignAgreementRequest sign;
  sign.set_request_id(f.FreshRequestId());
  sign.set_application_id(kApp);
  pb::SignAgreementResponse user_signed;
  REQUIRE_OK(c.user->SignAgreement(c.As(kCitizen).get(), sign, &user_signed));
  pb::SignApplicationAgreementRequest countersign;
  countersign.set_request_id(f.FreshRequestId());
  countersign.set_application_id(kApp);
  pb::SignApplicationAgreementResponse granted;
  REQUIRE_OK(c.provider->SignApplicationAgreement(c.As(kRenchengProvider).get(),
                                                  countersign, &granted));
  REQUIRE(granted.application().state() == pb::APPLICATION_STATE_GRANTED);
}

pb::AccessDecision Access(Client& c, const Identity& who,
                          const std::string& entry) {
  pb::CheckAccessRequest request;
  request.set_catalog_entry_id(entry);
  request.set_service_mode(pb::SERVICE_MODE_API);
  pb::CheckAccessResponse response;
  REQUIRE_OK(c.user->CheckAccess(c.As(who).get(), request, &response));
  return response.decision();
}

pb::FileObjectionRequest FileRequest(PlatformFixture& f,
                                     const std::string& entry) {
  pb::FileObjectionRequest r;
  r.set_request_id(f.FreshRequestId());
  auto* o = r.mutable_objection();
  o->set_catalog_entry_id(entry);
  o->set_kind(pb::OBJECTION_KIND_RIGHTS_INFRINGEMENT);
  o->set_description("数据中包含本人的身份证号码和住址");
  o->add_concerned_items("id_number");
  o->mutable_contact()->set_phone("13900000009");
  return r;
}

// The objection's answer clock as an operator sees it.
pb::DeadlineState AnswerClock(PlatformFixture& f, const std::string& entry) {
  return f.MustGetDeadline(absl::StrCat("objection-answer:", entry, ":1"))
      .deadline()
      .state();
}

TEST_CASE("an infringement objection suspends access until restored",
          "[services][objection]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  f.MustCreate(kRenchengProvider, kConditional,
               ConditionalContent("常住人口统计"));
  f.MustSubmit(kRenchengProvider, kConditional);
  f.MustPublish(kRenchengReviewer, kConditional);
  f.MustCreate(kRenchengProvider, kOpen, UnconditionalContent("派出所名录"));
  f.MustSubmit(kRenchengProvider, kOpen);
  f.MustPublish(kRenchengReviewer, kOpen);
  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  Grant(f, c);

  f.clock().Set(At("2026-03-10T09:00:00+08:00"));
  CHECK(Access(c, kCitizen, kConditional).allowed());
  CHECK(Access(c, kCompany, kOpen).allowed());

  // The objections: the filing itself suspends each entry.
  for (const char* entry : {kConditional, kOpen}) {
    pb::FileObjectionResponse filed;
    REQUIRE_OK(c.user->FileObjection(c.As(kObjector).get(),
                                     FileRequest(f, entry), &filed));
    CHECK(filed.objection().number() == 1);
    CHECK(filed.objection().state() == pb::OBJECTION_STATE_PENDING);
    CHECK(filed.objection().suspends());
    CHECK(TimeOf(filed.objection().answer_due_time()) ==
          At("2026-03-24T23:59:59+08:00"));
  }
  const pb::AccessDecision held = Access(c, kCitizen, kConditional);
  CHECK_FALSE(held.allowed());
  CHECK(held.reason() == pb::ACCESS_REASON_SUSPENDED);
  const pb::AccessDecision held_open = Access(c, kCompany, kOpen);
  CHECK_FALSE(held_open.allowed());
  CHECK(held_open.reason() == pb::ACCESS_REASON_SUSPENDED);
  // The public sees that the entry is suspended, not who objected.
  const pb::CatalogEntry seen = f.MustGet(kCompany, kConditional);
  CHECK(seen.state() == pb::CATALOG_ENTRY_STATE_SUSPENDED_FOR_OBJECTION);
  CHECK(seen.holding_objections_size() == 1);
  CHECK(seen.DebugString().find("citizen.9") == std::string::npos);
  // No new application while the hold lasts.
  {
    pb::SubmitApplicationRequest submit;
    submit.set_request_id(f.FreshRequestId());
    submit.set_application_id("app-company-held");
    submit.set_catalog_entry_id(kConditional);
    *submit.mutable_form() = SampleApplicationForm();
    submit.mutable_form()->mutable_applicant()->clear_id_number();
    pb::SubmitApplicationResponse submitted;
    const grpc::Status status =
        c.user->SubmitApplication(c.As(kCompany).get(), submit, &submitted);
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART19_OBJECTION_HOLD");
  }
  // The grant is paused, not revoked.
  pb::ListGrantsResponse grants;
  REQUIRE_OK(c.user->ListGrants(c.As(kCitizen).get(), {}, &grants));
  REQUIRE(grants.grants_size() == 1);
  CHECK(grants.grants(0).state() == pb::GRANT_STATE_ACTIVE);

  // Each party's list; others see nothing of it.
  pb::ListMyObjectionsResponse mine;
  REQUIRE_OK(c.user->ListMyObjections(c.As(kObjector).get(), {}, &mine));
  CHECK(mine.objections_size() == 2);
  pb::ListMyObjectionsResponse none;
  REQUIRE_OK(c.user->ListMyObjections(c.As(kCitizen).get(), {}, &none));
  CHECK(none.objections_size() == 0);
  pb::ListReceivedObjectionsResponse received;
  REQUIRE_OK(c.provider->ListReceivedObjections(c.As(kRenchengProvider).get(),
                                                {}, &received));
  REQUIRE(received.objections_size() == 2);
  CHECK(received.objections(0).contact().phone() == "13900000009");
  pb::ListPendingObjectionsResponse queue;
  REQUIRE_OK(c.reviewer->ListPendingObjections(c.As(kRenchengReviewer).get(),
                                               {}, &queue));
  CHECK(queue.objections_size() == 2);
  REQUIRE_OK(c.reviewer->ListPendingObjections(c.As(kZouchengReviewer).get(),
                                               {}, &queue));
  CHECK(queue.objections_size() == 0);
  REQUIRE_OK(
      c.reviewer->ListPendingObjections(c.As(kCityReviewer).get(), {}, &queue));
  CHECK(queue.objections_size() == 2);

  // The provider cannot decide an infringement before the verification.
  pb::AnswerObjectionRequest answer;
  answer.set_request_id(f.FreshRequestId());
  auto* a = answer.mutable_answer();
  a->set_catalog_entry_id(kConditional);
  a->set_objection(1);
  a->set_outcome(pb::OBJECTION_OUTCOME_RESTORED);
  a->set_answer("经核实，数据已脱敏，不含身份证号码");
  pb::AnswerObjectionResponse answered;
  {
    const grpc::Status status = c.provider->AnswerObjection(
        c.As(kRenchengProvider).get(), answer, &answered);
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART19_VERIFICATION_REQUIRED");
  }
  for (const char* entry : {kConditional, kOpen}) {
    pb::VerifyObjectionRequest verify;
    verify.set_request_id(f.FreshRequestId());
    auto* v = verify.mutable_verification();
    v->set_catalog_entry_id(entry);
    v->set_objection(1);
    v->set_founded(false);
    v->set_finding("数据不含个人身份信息");
    pb::VerifyObjectionResponse verified;
    {
      const grpc::Status status = c.reviewer->VerifyObjection(
          c.As(kZouchengReviewer).get(), verify, &verified);
      CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
      CHECK(ErrorReason(status) == "OUTSIDE_JURISDICTION");
    }
    REQUIRE_OK(c.reviewer->VerifyObjection(c.As(kRenchengReviewer).get(),
                                           verify, &verified));
    CHECK_FALSE(verified.objection().verification().founded());
  }

  f.clock().Set(At("2026-03-12T09:00:00+08:00"));
  for (const char* entry : {kConditional, kOpen}) {
    answer.set_request_id(f.FreshRequestId());
    a->set_catalog_entry_id(entry);
    REQUIRE_OK(c.provider->AnswerObjection(c.As(kRenchengProvider).get(),
                                           answer, &answered));
    CHECK(answered.objection().state() == pb::OBJECTION_STATE_ANSWERED);
    CHECK(answered.objection().outcome() == pb::OBJECTION_OUTCOME_RESTORED);
    CHECK(answered.objection().hold_lifted());
    CHECK_FALSE(answered.objection().answer_late());
    CHECK(AnswerClock(f, entry) == pb::DEADLINE_STATE_MET);
  }
  const pb::AccessDecision again = Access(c, kCitizen, kConditional);
  CHECK(again.allowed());
  CHECK(again.reason() == pb::ACCESS_REASON_GRANT_ACTIVE);
  CHECK(Access(c, kCompany, kOpen).allowed());
  CHECK(f.MustGet(kCompany, kOpen).state() ==
        pb::CATALOG_ENTRY_STATE_PUBLISHED);
  // Nothing left in the reviewers' queue.
  REQUIRE_OK(c.reviewer->ListPendingObjections(c.As(kRenchengReviewer).get(),
                                               {}, &queue));
  CHECK(queue.objections_size() == 0);

  // The grant holder, who applied for the conditional entry, was told when
  // its access was paused and when it resumed; the objector of each step of
  // its objections; the provider of the new work.
  pb::ListNotificationsResponse inbox;
  REQUIRE_OK(c.user->ListNotifications(c.As(kCitizen).get(), {}, &inbox));
  std::vector<std::string> held_steps;
  for (const pb::Notification& n : inbox.notifications()) {
    if (n.kind() != pb::NOTIFICATION_KIND_OBJECTION) continue;
    CHECK(n.catalog_entry_id() == kConditional);
    held_steps.push_back(n.event_type());
  }
  CHECK(held_steps ==
        std::vector<std::string>{"catalog_entry_objection_filed",
                                 "catalog_entry_objection_answered"});
  pb::ListNotificationsResponse objector;
  REQUIRE_OK(c.user->ListNotifications(c.As(kObjector).get(), {}, &objector));
  int verified_or_answered = 0;
  for (const pb::Notification& n : objector.notifications()) {
    if (n.kind() == pb::NOTIFICATION_KIND_OBJECTION) ++verified_or_answered;
  }
  CHECK(verified_or_answered == 4);  // Two entries: verified, answered.
  pb::ListNotificationsResponse provider;
  REQUIRE_OK(c.provider->ListNotifications(c.As(kRenchengProvider).get(), {},
                                           &provider));
  int filings = 0;
  for (const pb::Notification& n : provider.notifications()) {
    if (n.event_type() == "catalog_entry_objection_filed") ++filings;
  }
  CHECK(filings == 2);
}

TEST_CASE("objection refusals over gRPC name their rule",
          "[services][objection]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  f.MustCreate(kRenchengProvider, kOpen, UnconditionalContent("派出所名录"));
  f.MustSubmit(kRenchengProvider, kOpen);
  f.MustPublish(kRenchengReviewer, kOpen);
  const Identity unverified{"citizen.8", "USER",    "person", "CITY",
                            "3708",      "NATURAL", true};
  pb::FileObjectionResponse filed;
  grpc::Status status = c.user->FileObjection(c.As(unverified).get(),
                                              FileRequest(f, kOpen), &filed);
  CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(status) == "ART16_REAL_NAME_REQUIRED");
  pb::FileObjectionRequest bad = FileRequest(f, kOpen);
  bad.mutable_objection()->clear_contact();
  status = c.user->FileObjection(c.As(kObjector).get(), bad, &filed);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(status) == "OBJECTION_INVALID");
  CHECK(ViolatedFields(status) == std::vector<std::string>{"contact"});

  REQUIRE_OK(c.user->FileObjection(c.As(kObjector).get(), FileRequest(f, kOpen),
                                   &filed));
  pb::WithdrawObjectionRequest withdraw;
  withdraw.set_request_id(f.FreshRequestId());
  withdraw.set_catalog_entry_id(kOpen);
  withdraw.set_objection(1);
  pb::WithdrawObjectionResponse withdrawn;
  status =
      c.user->WithdrawObjection(c.As(kCitizen).get(), withdraw, &withdrawn);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(status) == "OBJECTION_NOT_OWN");
  REQUIRE_OK(
      c.user->WithdrawObjection(c.As(kObjector).get(), withdraw, &withdrawn));
  CHECK(withdrawn.objection().state() == pb::OBJECTION_STATE_WITHDRAWN);
  CHECK(withdrawn.objection().hold_lifted());
  CHECK(AnswerClock(f, kOpen) == pb::DEADLINE_STATE_CANCELLED);
  CHECK(f.MustGet(kCompany, kOpen).state() ==
        pb::CATALOG_ENTRY_STATE_PUBLISHED);
}

}  // namespace
}  // namespace opendata::testing
