// Unopened-data demands over gRPC (Art. 18, annex 7, issue 5): the city
// reviewer opens a public call; a citizen submits a demand citing it for data
// of 任城区's public security bureau, whose profile places it in 370811; the
// county reviewer passes the formal review; the city reviewer forwards it;
// the provider answers OPENABLE, creates and submits the entry, the county
// reviewer publishes it, the provider links it: the demand is FULFILLED and
// the DEMAND_OPENING clock MET. Then a NOT_OPENABLE answer, and an answer the
// provider never gives, which the scheduler marks overdue (ListDeadlines).
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/time_util.h"
#include "grpcpp/client_context.h"
#include "jining/opendata/v1/user_service.grpc.pb.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

constexpr char kEntry[] = "rc-gaj-households";
constexpr char kCall[] = "call-2026-q1";

using DemandClient = ServiceClients;

pb::DemandForm Form(const std::string& department) {
  pb::DemandForm f;
  f.set_resource_name("户籍人口分布");
  f.set_service_mode(pb::SERVICE_MODE_API);
  f.set_owning_department(department);
  f.add_data_items("社区");
  f.add_data_items("户数");
  f.mutable_coverage()->set_region_scope("任城区");
  f.set_phone("13800000000");
  f.set_email("citizen@example.org");
  f.set_reason("社区养老服务规划");
  f.set_use_start_date("2026-04-01");
  f.set_use_end_date("2026-12-31");
  f.add_scenarios("养老服务设施选址");
  return f;
}

pb::SubmitDemandRequest SubmitRequest(const std::string& id,
                                      const pb::DemandForm& form,
                                      const std::string& call = "") {
  pb::SubmitDemandRequest r;
  r.set_request_id(absl::StrCat("submit-", id));
  r.set_demand_id(id);
  *r.mutable_form() = form;
  r.set_call_id(call);
  return r;
}

pb::Demand MustSubmit(DemandClient& c, const std::string& id,
                      const pb::DemandForm& form,
                      const std::string& call = "") {
  pb::SubmitDemandResponse response;
  REQUIRE_OK(c.user->SubmitDemand(c.As(kCitizen).get(),
                                  SubmitRequest(id, form, call), &response));
  CHECK(response.demand().state() == pb::DEMAND_STATE_FORMAL_REVIEW);
  return response.demand();
}

grpc::Status Pass(DemandClient& c, const Identity& who, const std::string& id,
                  pb::PassDemandFormalReviewResponse* response) {
  pb::PassDemandFormalReviewRequest r;
  r.set_demand_id(id);
  return c.reviewer->PassDemandFormalReview(c.As(who).get(), r, response);
}

grpc::Status Forward(DemandClient& c, const Identity& who,
                     const std::string& id, const std::string& org,
                     pb::ForwardDemandResponse* response) {
  pb::ForwardDemandRequest r;
  r.set_demand_id(id);
  r.set_provider_organization(org);
  return c.reviewer->ForwardDemand(c.As(who).get(), r, response);
}

grpc::Status Link(DemandClient& c, const std::string& id,
                  pb::LinkDemandEntryResponse* response) {
  pb::LinkDemandEntryRequest r;
  r.set_demand_id(id);
  r.set_catalog_entry_id(kEntry);
  return c.provider->LinkDemandEntry(c.As(kRenchengProvider).get(), r,
                                     response);
}

// Submitted without a department, passed and forwarded to 市公安局.
void ForwardToGaj(DemandClient& c, const std::string& id) {
  MustSubmit(c, id, Form(""));
  pb::PassDemandFormalReviewResponse passed;
  REQUIRE_OK(Pass(c, kCityReviewer, id, &passed));
  pb::ForwardDemandResponse forwarded;
  REQUIRE_OK(Forward(c, kCityReviewer, id, "jn-gaj", &forwarded));
  CHECK(forwarded.demand().state() == pb::DEMAND_STATE_PROVIDER_ANSWER);
}

TEST_CASE("a demand from a public call to publication", "[services][demand]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  DemandClient c(f);

  pb::OpenDemandCallRequest open;
  open.set_call_id(kCall);
  open.set_title("2026年一季度数据需求征集");
  open.set_description("征集社会公众对未开放公共数据的需求");
  open.add_domains("社区治理");
  *open.mutable_start_time() = ToProto(At("2026-03-01T00:00:00+08:00"));
  *open.mutable_end_time() = ToProto(At("2026-03-31T23:59:59+08:00"));
  {
    pb::OpenDemandCallResponse refused;
    const grpc::Status status = c.reviewer->OpenDemandCall(
        c.As(kRenchengReviewer).get(), open, &refused);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "ART18_CITY_CALL_REQUIRED");
  }
  pb::OpenDemandCallResponse opened;
  REQUIRE_OK(
      c.reviewer->OpenDemandCall(c.As(kCityReviewer).get(), open, &opened));
  CHECK(opened.call().accepting());
  CHECK(opened.call().demand_count() == 0);

  // 任城区公安局's profile places the department in 370811.
  pb::SetResponsiblePersonsRequest persons;
  auto* p = persons.add_persons();
  p->set_name("赵磊");
  p->set_position("科长");
  p->set_phone("0537-2345678");
  p->set_email("zhao@rc-gaj.example.org");
  p->set_duty(pb::RESPONSIBLE_DUTY_PRINCIPAL);
  pb::SetResponsiblePersonsResponse set;
  REQUIRE_OK(c.provider->SetResponsiblePersons(c.As(kRenchengProvider).get(),
                                               persons, &set));

  f.clock().Set(At("2026-03-02T10:00:00+08:00"));
  {
    pb::DemandForm bad = Form("rc-gaj");
    bad.set_email("citizen@");
    pb::SubmitDemandResponse refused;
    const grpc::Status status = c.user->SubmitDemand(
        c.As(kCitizen).get(), SubmitRequest("dm-bad", bad, kCall), &refused);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "DEMAND_INVALID");
    CHECK(ViolatedFields(status) == std::vector<std::string>{"form.email"});
  }
  const pb::Demand submitted =
      MustSubmit(c, "dm-citizen-1", Form("rc-gaj"), kCall);
  CHECK(submitted.region() == "370811");
  CHECK(submitted.call_id() == kCall);
  CHECK(submitted.requester().subject() == kCitizen.subject);

  pb::PassDemandFormalReviewResponse passed;
  const grpc::Status outside =
      Pass(c, kZouchengReviewer, "dm-citizen-1", &passed);
  CHECK(outside.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(outside) == "OUTSIDE_JURISDICTION");
  REQUIRE_OK(Pass(c, kRenchengReviewer, "dm-citizen-1", &passed));
  CHECK(passed.demand().state() == pb::DEMAND_STATE_PASSED);

  pb::ForwardDemandResponse forwarded;
  const grpc::Status county =
      Forward(c, kRenchengReviewer, "dm-citizen-1", "", &forwarded);
  CHECK(county.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(county) == "ART18_CITY_FORWARD_REQUIRED");
  REQUIRE_OK(Forward(c, kCityReviewer, "dm-citizen-1", "", &forwarded));
  CHECK(forwarded.demand().provider_organization() == "rc-gaj");

  pb::ListForwardedDemandsResponse mine;
  REQUIRE_OK(c.provider->ListForwardedDemands(
      c.As(kRenchengProvider).get(), pb::ListForwardedDemandsRequest(), &mine));
  REQUIRE(mine.demands_size() == 1);
  CHECK(mine.demands(0).demand_id() == "dm-citizen-1");

  f.clock().Set(At("2026-03-04T10:00:00+08:00"));
  pb::AnswerDemandRequest answer;
  answer.set_demand_id("dm-citizen-1");
  answer.set_answer(pb::DEMAND_ANSWER_OPENABLE);
  answer.set_planned_catalog_entry_id(kEntry);
  pb::AnswerDemandResponse answered;
  REQUIRE_OK(c.provider->AnswerDemand(c.As(kRenchengProvider).get(), answer,
                                      &answered));
  CHECK(answered.demand().state() == pb::DEMAND_STATE_OPENING);
  CHECK(FromProto(answered.demand().opening_due_time()) ==
        At("2026-04-01T23:59:59+08:00"));

  f.MustCreate(kRenchengProvider, kEntry, UnconditionalContent("户籍人口分布"));
  f.MustSubmit(kRenchengProvider, kEntry);
  pb::LinkDemandEntryResponse linked;
  const grpc::Status early = Link(c, "dm-citizen-1", &linked);
  CHECK(early.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(early) == "DEMAND_ENTRY_NOT_PUBLISHED");
  f.clock().Set(At("2026-03-10T10:00:00+08:00"));
  f.MustPublish(kRenchengReviewer, kEntry);
  REQUIRE_OK(Link(c, "dm-citizen-1", &linked));
  CHECK(linked.demand().state() == pb::DEMAND_STATE_FULFILLED);
  CHECK(linked.demand().linked_entry().catalog_entry_id() == kEntry);
  CHECK_FALSE(linked.demand().fulfilled_late());
  CHECK(f.MustGetDeadline("demand-opening:dm-citizen-1").deadline().state() ==
        pb::DEADLINE_STATE_MET);
  CHECK(f.MustGetDeadline("demand-formal-review:dm-citizen-1")
            .deadline()
            .state() == pb::DEADLINE_STATE_MET);

  // The citizen sees its demand; the call counts it.
  pb::GetDemandRequest get;
  get.set_demand_id("dm-citizen-1");
  pb::GetDemandResponse got;
  REQUIRE_OK(c.user->GetDemand(c.As(kCitizen).get(), get, &got));
  CHECK(got.demand().state() == pb::DEMAND_STATE_FULFILLED);
  pb::ListDemandsResponse own;
  REQUIRE_OK(c.user->ListDemands(c.As(kCitizen).get(), pb::ListDemandsRequest(),
                                 &own));
  CHECK(own.demands_size() == 1);
  pb::GetDemandCallRequest get_call;
  get_call.set_call_id(kCall);
  pb::GetDemandCallResponse call;
  REQUIRE_OK(c.query->GetDemandCall(c.As(kCitizen).get(), get_call, &call));
  CHECK(call.call().demand_count() == 1);
  CHECK(call.call().accepting());
  pb::ListDemandCallsResponse calls;
  REQUIRE_OK(c.query->ListDemandCalls(c.As(kCitizen).get(),
                                      pb::ListDemandCallsRequest(), &calls));
  REQUIRE(calls.calls_size() == 1);
  CHECK(calls.calls(0).call_id() == kCall);

  // The call closes early; a demand citing it now is refused.
  pb::CloseDemandCallRequest close;
  close.set_call_id(kCall);
  close.set_reason("征集目标已达成");
  pb::CloseDemandCallResponse closed;
  REQUIRE_OK(
      c.reviewer->CloseDemandCall(c.As(kCityReviewer).get(), close, &closed));
  CHECK_FALSE(closed.call().accepting());
  pb::SubmitDemandResponse late;
  const grpc::Status refused = c.user->SubmitDemand(
      c.As(kCitizen).get(), SubmitRequest("dm-citizen-2", Form(""), kCall),
      &late);
  CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(refused) == "DEMAND_CALL_NOT_OPEN");
}

TEST_CASE("a demand answered NOT_OPENABLE and an answer that comes late",
          "[services][demand]") {
  PlatformFixture f(At("2026-03-02T10:00:00+08:00"));
  DemandClient c(f);
  ForwardToGaj(c, "dm-refused");
  ForwardToGaj(c, "dm-silent");

  pb::AnswerDemandRequest answer;
  answer.set_demand_id("dm-refused");
  answer.set_answer(pb::DEMAND_ANSWER_NOT_OPENABLE);
  pb::AnswerDemandResponse answered;
  {
    const grpc::Status status =
        c.provider->AnswerDemand(c.As(kGajProvider).get(), answer, &answered);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "DEMAND_INVALID");
    CHECK(ViolatedFields(status) == std::vector<std::string>{"reasons"});
  }
  auto* reason = answer.add_reasons();
  reason->set_kind(pb::DEMAND_REFUSAL_KIND_PERSONAL_INFORMATION);
  reason->set_text("含公民个人信息，依法不予开放");
  {
    const grpc::Status status =
        c.provider->AnswerDemand(c.As(kJtjProvider).get(), answer, &answered);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "NOT_ENTRY_OWNER");
  }
  REQUIRE_OK(
      c.provider->AnswerDemand(c.As(kGajProvider).get(), answer, &answered));
  CHECK(answered.demand().state() == pb::DEMAND_STATE_NOT_OPENABLE);
  CHECK(answered.demand().refusal_reasons_size() == 1);
  pb::WithdrawDemandRequest withdraw;
  withdraw.set_demand_id("dm-refused");
  pb::WithdrawDemandResponse withdrawn;
  const grpc::Status too_late =
      c.user->WithdrawDemand(c.As(kCitizen).get(), withdraw, &withdrawn);
  CHECK(too_late.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(too_late) == "DEMAND_ANSWERED");

  // 10 working days from Mon 2 March end on Mon 16 March; the scheduler
  // records the missed answer.
  CHECK(f.MustGetDeadline("demand-provider-answer:dm-silent")
            .deadline()
            .state() == pb::DEADLINE_STATE_OPEN);
  f.clock().Set(At("2026-03-17T09:00:00+08:00"));
  CHECK(f.RunSchedulerOnce() >= 1);
  bool seen = false;
  for (const pb::DeadlineStatus& d : f.MustListDeadlines(kGajProvider)) {
    if (d.deadline().deadline_id() != "demand-provider-answer:dm-silent") {
      continue;
    }
    seen = true;
    CHECK(d.deadline().state() == pb::DEADLINE_STATE_OVERDUE);
    CHECK(d.deadline().kind() == pb::DEADLINE_KIND_DEMAND_PROVIDER_ANSWER);
    CHECK(d.deadline().responsible_organization() == "jn-gaj");
  }
  CHECK(seen);

  // The city queue lists the open demand first.
  pb::ListDemandQueueResponse queue;
  REQUIRE_OK(c.reviewer->ListDemandQueue(c.As(kCityReviewer).get(),
                                         pb::ListDemandQueueRequest(), &queue));
  REQUIRE(queue.demands_size() == 2);
  CHECK(queue.demands(0).demand_id() == "dm-silent");
  CHECK(queue.demands(1).demand_id() == "dm-refused");
  pb::ListDemandQueueResponse county;
  REQUIRE_OK(c.reviewer->ListDemandQueue(
      c.As(kRenchengReviewer).get(), pb::ListDemandQueueRequest(), &county));
  CHECK(county.demands_size() == 0);

  // The requester may still withdraw the unanswered one; its overdue clock
  // is cancelled.
  withdraw.set_demand_id("dm-silent");
  REQUIRE_OK(
      c.user->WithdrawDemand(c.As(kCitizen).get(), withdraw, &withdrawn));
  CHECK(withdrawn.demand().state() == pb::DEMAND_STATE_WITHDRAWN);
  CHECK(f.MustGetDeadline("demand-provider-answer:dm-silent")
            .deadline()
            .state() == pb::DEADLINE_STATE_CANCELLED);
}

}  // namespace
}  // namespace opendata::testing
