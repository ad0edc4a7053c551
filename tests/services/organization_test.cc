// Responsible persons over gRPC (Art. 23, issue 4): a county provider names
// its organisation's responsible persons (invalid fields refused, an identical
// list recording nothing), and GetOrganizationProfile shows them to the
// organisation, the reviewers with jurisdiction over its region, auditors and
// operators, and refuses everyone else.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/services/plan_client.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

pb::ResponsiblePerson Person(const std::string& name,
                             pb::ResponsibleDuty duty) {
  pb::ResponsiblePerson p;
  p.set_name(name);
  p.set_position("信息中心主任");
  p.set_phone("0537-2211334");
  p.set_email("info@rc.jining.gov.cn");
  p.set_duty(duty);
  return p;
}

TEST_CASE("responsible persons: set by the provider, shown to those entitled",
          "[services][organizations]") {
  PlatformFixture f;
  PlanClient c(f);
  pb::SetResponsiblePersonsRequest set;
  set.set_request_id("persons-1");
  *set.add_persons() = Person("赵磊", pb::RESPONSIBLE_DUTY_PRINCIPAL);
  *set.add_persons() = Person("孙丽", pb::RESPONSIBLE_DUTY_SECURITY);
  {
    pb::SetResponsiblePersonsRequest bad = set;
    bad.mutable_persons(1)->set_phone("phone");
    bad.mutable_persons(1)->set_email("not-an-address");
    pb::SetResponsiblePersonsResponse ignored;
    const grpc::Status status = c.provider().SetResponsiblePersons(
        c.As(kRenchengProvider).get(), bad, &ignored);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(ErrorReason(status) == "RESPONSIBLE_PERSONS_INVALID");
    CHECK(ViolatedFields(status) ==
          std::vector<std::string>{"persons[1].phone", "persons[1].email"});
    const grpc::Status reviewer = c.provider().SetResponsiblePersons(
        c.As(kRenchengReviewer).get(), set, &ignored);
    CHECK(reviewer.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(reviewer) == "ROLE_NOT_ALLOWED");
  }
  pb::SetResponsiblePersonsResponse done;
  REQUIRE_OK(c.provider().SetResponsiblePersons(c.As(kRenchengProvider).get(),
                                                set, &done));
  CHECK(done.profile().organization() == "rc-gaj");
  CHECK(done.profile().region() == "370811");
  CHECK(done.profile().updated_by() == "zhao.lei");
  CHECK(done.profile().responsible_persons_size() == 2);
  CHECK(done.receipt().stream_version() == 1);

  // The same list again records nothing.
  set.set_request_id("persons-2");
  pb::SetResponsiblePersonsResponse again;
  REQUIRE_OK(c.provider().SetResponsiblePersons(c.As(kRenchengProvider).get(),
                                                set, &again));
  CHECK(again.receipt().first_sequence() == 0);
  CHECK(f.RecordedEvents("organization/rc-gaj").size() == 1);

  pb::GetOrganizationProfileRequest get;
  get.set_organization("rc-gaj");
  for (const Identity& who : {kRenchengProvider, kRenchengReviewer,
                              kCityReviewer, kAuditor, kOperator}) {
    INFO(who.subject);
    pb::OrganizationProfile profile;
    REQUIRE_OK(
        c.query().GetOrganizationProfile(c.As(who).get(), get, &profile));
    CHECK(profile.responsible_persons(1).name() == "孙丽");
    CHECK(TimeOf(profile.update_time()) == FakeStart());
  }
  for (const Identity& who : {kZouchengReviewer, kGajProvider, kCitizen}) {
    INFO(who.subject);
    pb::OrganizationProfile profile;
    const grpc::Status status =
        c.query().GetOrganizationProfile(c.As(who).get(), get, &profile);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK(ErrorReason(status) == "PROFILE_NOT_VISIBLE");
    CHECK(profile.responsible_persons_size() == 0);
  }
  get.set_organization("jn-gaj");
  pb::OrganizationProfile none;
  const grpc::Status missing =
      c.query().GetOrganizationProfile(c.As(kAuditor).get(), get, &none);
  CHECK(missing.error_code() == grpc::StatusCode::NOT_FOUND);
  CHECK(ErrorReason(missing) == "ORGANIZATION_PROFILE_NOT_FOUND");
}

}  // namespace
}  // namespace opendata::testing
