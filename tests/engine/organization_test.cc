// Tests of organisation profiles (Art. 23): a provider sets its organisation's
// responsible persons (an identical list records nothing), every field is
// validated and every refusal names its rule; through the pipeline the profile
// lands on "organization/<org>" and OrganizationQueries shows it only to the
// organisation, the reviewers with jurisdiction, auditors and operators.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/organizations/organization_decider.h"
#include "engine/query/organization_queries.h"
#include "tests/engine/plan_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

const absl::Time kNow = Shanghai(2026, 3, 2, 10, 0, 0);

absl::StatusOr<std::vector<pb::EventPayload>> Decide(const OrganizationState& s,
                                                     const pb::Command& command,
                                                     const pb::Actor& actor) {
  return DecideOrganization(s, command, Context(actor, kNow));
}

TEST_CASE("organizations: a provider sets its responsible persons",
          "[organizations]") {
  const pb::Actor owner = CountyProvider("370811", "rc-gaj");
  OrganizationState s;
  const pb::Command set = SetPersonsCommand(
      "rc-gaj", {PersonOf("王敏", pb::RESPONSIBLE_DUTY_PRINCIPAL),
                 PersonOf("李强", pb::RESPONSIBLE_DUTY_SECURITY)});
  const auto events = MustDecide(Decide(s, set, owner));
  REQUIRE(events.size() == 1);
  const pb::ResponsiblePersonsSet& e = events[0].responsible_persons_set();
  CHECK(e.organization() == "rc-gaj");
  CHECK(e.level() == pb::LEVEL_COUNTY);
  CHECK(e.region() == "370811");
  CHECK(e.persons_size() == 2);
  FoldInto(s, "organization/rc-gaj", events, owner, kNow);
  CHECK(s.profile.updated_by() == owner.subject());
  CHECK(FromProto(s.profile.update_time()) == kNow);
  CHECK(s.profile.version() == 1);

  // The same list again records nothing; a changed one replaces it.
  CHECK(MustDecide(Decide(s, set, owner)).empty());
  const auto changed = MustDecide(
      Decide(s, SetPersonsCommand("rc-gaj", {PersonOf("赵磊")}), owner));
  REQUIRE(changed.size() == 1);
  FoldInto(s, "organization/rc-gaj", changed, owner, kNow);
  CHECK(s.profile.responsible_persons_size() == 1);
  CHECK(s.profile.responsible_persons(0).name() == "赵磊");
}

TEST_CASE("organizations: every person field is validated", "[organizations]") {
  const pb::Actor owner = CityProvider("jn-gaj");
  pb::ResponsiblePerson bad;
  bad.set_name(std::string(51, 'x'));
  bad.set_phone("12ab5");
  bad.set_email("wang.min@jining");
  pb::ResponsiblePerson short_phone = PersonOf();
  short_phone.set_phone("1234");
  short_phone.set_email("a@@b.cn");
  const auto decided =
      Decide(OrganizationState(),
             SetPersonsCommand("jn-gaj", {bad, short_phone}), owner);
  CheckError(decided.status(), StatusCode::kInvalidArgument,
             "RESPONSIBLE_PERSONS_INVALID");
  CHECK(ViolationFields(decided.status()) ==
        std::vector<std::string>{"persons[0].duty", "persons[0].email",
                                 "persons[0].name", "persons[0].phone",
                                 "persons[0].position", "persons[1].email",
                                 "persons[1].phone"});
  // No violation repeats a personal value.
  for (const FieldViolation& v : FieldViolations(decided.status())) {
    CHECK(v.description.find("12ab5") == std::string::npos);
    CHECK(v.description.find("jining") == std::string::npos);
  }
  CheckError(Decide(OrganizationState(), SetPersonsCommand("jn-gaj", {}), owner)
                 .status(),
             StatusCode::kInvalidArgument, "RESPONSIBLE_PERSONS_INVALID");
  const std::vector<pb::ResponsiblePerson> eleven(11, PersonOf());
  CheckError(
      Decide(OrganizationState(), SetPersonsCommand("jn-gaj", eleven), owner)
          .status(),
      StatusCode::kInvalidArgument, "RESPONSIBLE_PERSONS_INVALID");
  CHECK(Decide(OrganizationState(),
               SetPersonsCommand("jn-gaj", std::vector<pb::ResponsiblePerson>(
                                               10, PersonOf())),
               owner)
            .ok());
}

TEST_CASE("organizations: only the organisation's provider sets them",
          "[organizations]") {
  const pb::Command set = SetPersonsCommand("jn-gaj", {PersonOf()});
  CheckError(Decide(OrganizationState(), set, CityReviewer()).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(Decide(OrganizationState(), set, CityProvider("jn-jtj")).status(),
             StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  CheckError(Decide(OrganizationState(), PublishCityCommand(2026),
                    CityProvider("jn-gaj"))
                 .status(),
             StatusCode::kInvalidArgument, "COMMAND_INVALID");
}

TEST_CASE("organizations: through the pipeline, shown to those entitled",
          "[organizations][pipeline]") {
  PipelineHarness h;
  const pb::Actor owner = CountyProvider("370811", "rc-gaj");
  const CommandOutcome set =
      h.MustRun(SetPersonsCommand("rc-gaj", {PersonOf()}), owner, kNow);
  CHECK(set.stream_id == "organization/rc-gaj");
  CHECK(set.stream_version == 1);
  const CommandOutcome again =
      h.MustRun(SetPersonsCommand("rc-gaj", {PersonOf()}), owner, kNow);
  CHECK(again.stream_version == 1);
  CHECK(again.first_sequence == 0);

  OrganizationQueries queries(&h.store());
  for (const pb::Actor& actor :
       {owner, CountyProvider("370811", "rc-gaj"), CityReviewer(),
        CountyReviewer("370811"), Auditor(), Operator()}) {
    INFO(actor.subject());
    const auto profile = queries.Get(actor, "rc-gaj");
    REQUIRE(profile.ok());
    CHECK(profile->responsible_persons(0).phone() == "+86-537-2345678");
    CHECK(profile->updated_by() == owner.subject());
  }
  CHECK(queries.Get(owner, "").ok());
  for (const pb::Actor& actor :
       {CountyReviewer("370883"), CityProvider("jn-gaj"), PlainUser()}) {
    INFO(actor.subject());
    CheckError(queries.Get(actor, "rc-gaj").status(),
               StatusCode::kPermissionDenied, "PROFILE_NOT_VISIBLE");
  }
  CheckError(queries.Get(Auditor(), "jn-jtj").status(), StatusCode::kNotFound,
             "ORGANIZATION_PROFILE_NOT_FOUND");
  CheckError(queries.Get(Auditor(), "a/b").status(),
             StatusCode::kInvalidArgument, "ORGANIZATION_ID_INVALID");
}

}  // namespace
}  // namespace opendata::engine_test
