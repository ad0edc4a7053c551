// Conditional applications over gRPC (Art. 16-17, annexes 3-5, issue 5): a
// citizen applies for a published CONDITIONAL county entry, the county
// reviewer passes the formal review, the provider approves, both sign,
// UserService.CheckAccess says yes; the FakeClock passes the end of the use
// period, CheckAccess says no at once, and the scheduler records the lapse.
// Then the refusals: an unverified user, a credit-listed user (listed by an
// operator through AdminService), a discriminatory refusal reason; reads by
// others are NOT_FOUND; identity claims map into the actor.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

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

constexpr char kEntry[] = "rc-gaj-residents";
constexpr char kApp[] = "app-citizen-1";

// A real-name verified legal person (a company).
const Identity kCompany{"company.1", "USER", "91370800MA3C00000X",
                        "CITY",      "3708", "LEGAL"};
// A citizen whose real name is not verified.
const Identity kUnverified{"citizen.2", "USER",    "person", "CITY",
                           "3708",      "NATURAL", true};

// A response to ignore (generated stubs need one).
template <typename T>
T* Scratch() {
  static thread_local T response;
  response.Clear();
  return &response;
}

using Client = ServiceClients;

pb::SubmitApplicationRequest SubmitRequest(
    const std::string& id, pb::ApplicationForm form = SampleApplicationForm()) {
  pb::SubmitApplicationRequest r;
  r.set_request_id(absl::StrCat("submit-", id));
  r.set_application_id(id);
  r.set_catalog_entry_id(kEntry);
  *r.mutable_form() = std::move(form);
  return r;
}

void PublishEntry(PlatformFixture& f) {
  f.MustCreate(kRenchengProvider, kEntry, ConditionalContent("常住人口统计"));
  f.MustSubmit(kRenchengProvider, kEntry);
  f.MustPublish(kRenchengReviewer, kEntry);
}

pb::AccessDecision Access(Client& c, const Identity& who) {
  pb::CheckAccessRequest request;
  request.set_catalog_entry_id(kEntry);
  request.set_service_mode(pb::SERVICE_MODE_API);
  pb::CheckAccessResponse response;
  REQUIRE_OK(c.user->CheckAccess(c.As(who).get(), request, &response));
  return response.decision();
}

// Submitted and through the formal review, as `who`.
void SubmitAndPass(PlatformFixture& f, Client& c, const Identity& who,
                   const std::string& id,
                   pb::ApplicationForm form = SampleApplicationForm()) {
  pb::SubmitApplicationResponse submitted;
  REQUIRE_OK(c.user->SubmitApplication(
      c.As(who).get(), SubmitRequest(id, std::move(form)), &submitted));
  CHECK(submitted.application().state() == pb::APPLICATION_STATE_SUBMITTED);
  CHECK_FALSE(submitted.application().credit_check().listed());
  CHECK(submitted.application().credit_check().source() == "local-registry");
  pb::PassApplicationFormalReviewRequest pass;
  pass.set_request_id(f.FreshRequestId());
  pass.set_application_id(id);
  pb::PassApplicationFormalReviewResponse passed;
  REQUIRE_OK(c.reviewer->PassApplicationFormalReview(
      c.As(kRenchengReviewer).get(), pass, &passed));
  CHECK(passed.application().state() == pb::APPLICATION_STATE_PROVIDER_REVIEW);
}

TEST_CASE("an application from submission to the lapse of access",
          "[services][application]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  PublishEntry(f);
  CHECK(Access(c, kCitizen).reason() == pb::ACCESS_REASON_NO_GRANT);

  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  SubmitAndPass(f, c, kCitizen, kApp);

  pb::ApproveApplicationRequest approve;
  approve.set_request_id(f.FreshRequestId());
  approve.set_application_id(kApp);
  approve.set_destruction_days(15);
  approve.set_destruction_method("删除并覆写");
  approve.set_result_report_months(3);
  {
    pb::ApproveApplicationRequest wrong = approve;
    const grpc::Status status = c.provider->ApproveApplication(
        c.As(kGajProvider).get(), wrong,
        Scratch<pb::ApproveApplicationResponse>());
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "NOT_ENTRY_OWNER");
  }
  REQUIRE_OK(c.provider->ApproveApplication(
      c.As(kRenchengProvider).get(), approve,
      Scratch<pb::ApproveApplicationResponse>()));

  pb::SignAgreementRequest sign;
  sign.set_request_id(f.FreshRequestId());
  sign.set_application_id(kApp);
  pb::SignAgreementResponse user_signed;
  REQUIRE_OK(c.user->SignAgreement(c.As(kCitizen).get(), sign, &user_signed));
  CHECK(user_signed.application().state() == pb::APPLICATION_STATE_APPROVED);
  pb::SignApplicationAgreementRequest countersign;
  countersign.set_request_id(f.FreshRequestId());
  countersign.set_application_id(kApp);
  pb::SignApplicationAgreementResponse granted;
  REQUIRE_OK(c.provider->SignApplicationAgreement(c.As(kRenchengProvider).get(),
                                                  countersign, &granted));
  CHECK(granted.application().state() == pb::APPLICATION_STATE_GRANTED);
  CHECK(granted.application().grant().informed_reviewer_region() == "370811");

  // Others see nothing; the region's reviewer and the applicant do.
  {
    pb::GetApplicationRequest get;
    get.set_application_id(kApp);
    pb::GetApplicationResponse got;
    CHECK(
        c.query->GetApplication(c.As(kCompany).get(), get, &got).error_code() ==
        grpc::StatusCode::NOT_FOUND);
    CHECK(c.query->GetApplication(c.As(kZouchengReviewer).get(), get, &got)
              .error_code() == grpc::StatusCode::NOT_FOUND);
    REQUIRE_OK(
        c.query->GetApplication(c.As(kRenchengReviewer).get(), get, &got));
    pb::ListApplicationsResponse mine;
    REQUIRE_OK(c.query->ListApplications(c.As(kCitizen).get(), {}, &mine));
    REQUIRE(mine.applications_size() == 1);
    pb::ListGrantsResponse grants;
    REQUIRE_OK(c.user->ListGrants(c.As(kCitizen).get(), {}, &grants));
    REQUIRE(grants.grants_size() == 1);
    CHECK(grants.grants(0).state() == pb::GRANT_STATE_ACTIVE);
  }

  f.clock().Set(At("2026-03-10T09:00:00+08:00"));
  const pb::AccessDecision yes = Access(c, kCitizen);
  CHECK(yes.allowed());
  CHECK(yes.reason() == pb::ACCESS_REASON_GRANT_ACTIVE);
  CHECK(TimeOf(yes.valid_until()) == At("2026-04-30T23:59:59+08:00"));
  CHECK_FALSE(Access(c, kCompany).allowed());

  // Past the end: denied at once, before the scheduler runs.
  f.clock().Set(At("2026-05-01T00:00:10+08:00"));
  CHECK(Access(c, kCitizen).reason() == pb::ACCESS_REASON_GRANT_ENDED);
  CHECK(f.RunSchedulerOnce() >= 0);
  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents(absl::StrCat("application/", kApp));
  REQUIRE_FALSE(events.empty());
  int lapsed = 0;
  for (const pb::EventEnvelope& e : events)
    lapsed += e.payload().has_access_lapsed();
  CHECK(lapsed == 1);
  CHECK(f.RunSchedulerOnce() == 0);
  CHECK(Access(c, kCitizen).reason() == pb::ACCESS_REASON_GRANT_ENDED);
  pb::GetApplicationRequest get;
  get.set_application_id(kApp);
  pb::GetApplicationResponse ended;
  REQUIRE_OK(c.query->GetApplication(c.As(kCitizen).get(), get, &ended));
  CHECK(ended.application().state() == pb::APPLICATION_STATE_ENDED);

  // Destruction is attested after the end.
  pb::AttestDestructionRequest attest;
  attest.set_request_id(f.FreshRequestId());
  attest.set_application_id(kApp);
  attest.set_method_used("删除并覆写");
  REQUIRE_OK(c.user->AttestDestruction(
      c.As(kCitizen).get(), attest, Scratch<pb::AttestDestructionResponse>()));
}

TEST_CASE("a grant revoked through the reviewer's RPC, not by other roles",
          "[services][application]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  PublishEntry(f);
  SubmitAndPass(f, c, kCitizen, kApp);
  pb::ApproveApplicationRequest approve;
  approve.set_request_id(f.FreshRequestId());
  approve.set_application_id(kApp);
  approve.set_destruction_days(15);
  approve.set_destruction_method("删除并覆写");
  approve.set_result_report_months(3);
  REQUIRE_OK(c.provider->ApproveApplication(
      c.As(kRenchengProvider).get(), approve,
      Scratch<pb::ApproveApplicationResponse>()));
  pb::SignAgreementRequest sign;
  sign.set_request_id(f.FreshRequestId());
  sign.set_application_id(kApp);
  REQUIRE_OK(c.user->SignAgreement(c.As(kCitizen).get(), sign,
                                   Scratch<pb::SignAgreementResponse>()));
  pb::SignApplicationAgreementRequest countersign;
  countersign.set_request_id(f.FreshRequestId());
  countersign.set_application_id(kApp);
  REQUIRE_OK(c.provider->SignApplicationAgreement(
      c.As(kRenchengProvider).get(), countersign,
      Scratch<pb::SignApplicationAgreementResponse>()));
  f.clock().Set(At("2026-03-10T09:00:00+08:00"));
  REQUIRE(Access(c, kCitizen).allowed());

  // Each service's revoke is for its own audience only.
  pb::RevokeGrantRequest by_provider;
  by_provider.set_request_id(f.FreshRequestId());
  by_provider.set_application_id(kApp);
  by_provider.set_reason(pb::REVOCATION_REASON_VIOLATION);
  by_provider.set_text("超出约定用途使用数据");
  for (const Identity* who : {&kCitizen, &kRenchengReviewer}) {
    const grpc::Status status = c.provider->RevokeGrant(
        c.As(*who).get(), by_provider, Scratch<pb::RevokeGrantResponse>());
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ROLE_NOT_ALLOWED");
  }
  pb::RevokeAccessGrantRequest by_reviewer;
  by_reviewer.set_request_id(f.FreshRequestId());
  by_reviewer.set_application_id(kApp);
  by_reviewer.set_reason(pb::REVOCATION_REASON_VIOLATION);
  by_reviewer.set_text("超出约定用途使用数据");
  {
    const grpc::Status status = c.reviewer->RevokeAccessGrant(
        c.As(kRenchengProvider).get(), by_reviewer,
        Scratch<pb::RevokeAccessGrantResponse>());
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ROLE_NOT_ALLOWED");
  }
  CHECK(Access(c, kCitizen).allowed());
  pb::RevokeAccessGrantResponse revoked;
  REQUIRE_OK(c.reviewer->RevokeAccessGrant(c.As(kRenchengReviewer).get(),
                                           by_reviewer, &revoked));
  CHECK(revoked.application().state() == pb::APPLICATION_STATE_REVOKED);
  const pb::AccessDecision no = Access(c, kCitizen);
  CHECK_FALSE(no.allowed());
  CHECK(no.reason() == pb::ACCESS_REASON_GRANT_REVOKED);
}

TEST_CASE("unverified and credit-listed users cannot apply",
          "[services][application]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  PublishEntry(f);
  const uint64_t before = f.RecordedHead();
  {
    const grpc::Status status = c.user->SubmitApplication(
        c.As(kUnverified).get(), SubmitRequest("app-unverified"),
        Scratch<pb::SubmitApplicationResponse>());
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART16_REAL_NAME_REQUIRED");
  }
  // The operator lists the company's organisation.
  pb::SetCreditListingRequest list;
  list.set_request_id("list-1");
  list.set_party_id(kCompany.organization);
  list.set_list(pb::CREDIT_LIST_SERIOUS_ILLEGAL_DISHONEST_ENTERPRISES);
  list.set_source("国家企业信用信息公示系统");
  {
    const grpc::Status status =
        c.admin->SetCreditListing(c.As(kCityReviewer).get(), list,
                                  Scratch<pb::SetCreditListingResponse>());
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  }
  CHECK(f.RecordedHead() == before);
  pb::SetCreditListingResponse listed;
  REQUIRE_OK(c.admin->SetCreditListing(c.As(kOperator).get(), list, &listed));
  CHECK(listed.listing().listed());
  const uint64_t after_listing = f.RecordedHead();
  pb::ApplicationForm form = SampleApplicationForm();
  form.mutable_applicant()->clear_id_number();
  {
    const grpc::Status status = c.user->SubmitApplication(
        c.As(kCompany).get(), SubmitRequest("app-company", form),
        Scratch<pb::SubmitApplicationResponse>());
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART16_CREDIT_LISTED");
  }
  CHECK(f.RecordedHead() == after_listing);
  pb::GetCreditListingRequest get;
  get.set_party_id(kCompany.organization);
  pb::GetCreditListingResponse got;
  REQUIRE_OK(c.admin->GetCreditListing(c.As(kAuditor).get(), get, &got));
  CHECK(got.listing().list() ==
        pb::CREDIT_LIST_SERIOUS_ILLEGAL_DISHONEST_ENTERPRISES);
  // Cleared: the company may apply.
  pb::ClearCreditListingRequest clear;
  clear.set_request_id("clear-1");
  clear.set_party_id(kCompany.organization);
  clear.set_note("已移出名单");
  REQUIRE_OK(c.admin->ClearCreditListing(
      c.As(kOperator).get(), clear, Scratch<pb::ClearCreditListingResponse>()));
  pb::SubmitApplicationResponse submitted;
  REQUIRE_OK(c.user->SubmitApplication(
      c.As(kCompany).get(), SubmitRequest("app-company", form), &submitted));
  CHECK(submitted.application().applicant().person_kind() ==
        pb::PERSON_KIND_LEGAL);
  CHECK(submitted.application().credit_check().parties_size() == 2);
}

TEST_CASE("a discriminatory refusal reason is refused",
          "[services][application]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  PublishEntry(f);
  SubmitAndPass(f, c, kCitizen, kApp);
  pb::RefuseApplicationRequest refuse;
  refuse.set_request_id(f.FreshRequestId());
  refuse.set_application_id(kApp);
  auto* reason = refuse.add_reasons();
  reason->set_kind(pb::REFUSAL_REASON_KIND_APPLICANT_TYPE);
  reason->set_text("个人不予开放");
  {
    const grpc::Status status =
        c.provider->RefuseApplication(c.As(kRenchengProvider).get(), refuse,
                                      Scratch<pb::RefuseApplicationResponse>());
    CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK(ErrorReason(status) == "ART17_DISCRIMINATORY_REFUSAL");
    CHECK(PreconditionSubjects(status) ==
          std::vector<std::string>{"reasons[0].kind"});
  }
  reason->set_kind(pb::REFUSAL_REASON_KIND_CONDITION_NOT_MET);
  reason->set_condition_index(0);
  reason->set_text("场景说明不足");
  refuse.set_request_id(f.FreshRequestId());
  pb::RefuseApplicationResponse refused;
  REQUIRE_OK(c.provider->RefuseApplication(c.As(kRenchengProvider).get(),
                                           refuse, &refused));
  CHECK(refused.application().state() == pb::APPLICATION_STATE_REFUSED);
}

TEST_CASE("the identity claims map into the actor", "[services][application]") {
  PlatformFixture f;
  Client c(f);
  pb::GetIdentityResponse citizen;
  REQUIRE_OK(c.user->GetIdentity(c.As(kCitizen).get(), {}, &citizen));
  CHECK(citizen.actor().person_kind() == pb::PERSON_KIND_NATURAL);
  CHECK(citizen.actor().real_name_verified());
  CHECK(citizen.actor().organization().empty());
  pb::GetIdentityResponse company;
  REQUIRE_OK(c.user->GetIdentity(c.As(kCompany).get(), {}, &company));
  CHECK(company.actor().person_kind() == pb::PERSON_KIND_LEGAL);
  CHECK(company.actor().organization() == kCompany.organization);
  pb::GetIdentityResponse unverified;
  REQUIRE_OK(c.user->GetIdentity(c.As(kUnverified).get(), {}, &unverified));
  CHECK_FALSE(unverified.actor().real_name_verified());
  pb::GetIdentityResponse provider;
  REQUIRE_OK(c.user->GetIdentity(c.As(kGajProvider).get(), {}, &provider));
  CHECK(provider.actor().person_kind() == pb::PERSON_KIND_UNSPECIFIED);
  CHECK_FALSE(provider.actor().real_name_verified());
}

}  // namespace
}  // namespace opendata::testing
