// Decider tests of data products (Art. 20): the submission and the check of
// each citation against the entry's open-list intervals and the publisher's
// grants (a date before the entry was open, a CONDITIONAL interval, a
// citation covered only by a grant, a grant revoked before the date or
// during it), the screening region, every screening outcome, revision,
// withdrawal, unlisting and delisting, and every refusal with its rule. The
// pipeline flow is in product_flow_test.cc.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/pipeline/stream_kinds.h"
#include "tests/engine/product_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kEntryA[] = "rc-wsj-clinics";
constexpr char kEntryB[] = "rc-jtj-bus";

// The entry joined the open list on 10 March 2026, 15:00.
const absl::Time kOpened = Shanghai(2026, 3, 10, 15, 0, 0);
const absl::Time kNow = Shanghai(2026, 4, 1, 10, 0, 0);

void Check(const absl::StatusOr<std::vector<pb::EventPayload>>& result,
           StatusCode code, const std::string& reason) {
  REQUIRE_FALSE(result.ok());
  CheckError(result.status(), code, reason);
}

std::vector<CitationEvidence> OpenSince(absl::Time from) {
  return {Evidence(kEntryA, {ListInterval(from)})};
}

// A submitted product citing entry A on 20 March.
void Submitted(ProductFixture& f) {
  f.Apply(SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-20"}})),
          Applicant(), kNow, OpenSince(kOpened));
}

TEST_CASE("product: submission records the content and each citation's basis",
          "[product]") {
  ProductFixture f;
  const auto events = f.Apply(
      SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-20"}})),
      Applicant(), kNow, OpenSince(kOpened));
  REQUIRE(events.size() == 1);
  const pb::ProductSubmitted& e = events[0].product_submitted();
  CHECK(e.product_id() == kProductId);
  REQUIRE(e.citation_checks_size() == 1);
  const pb::CitationCheck& check = e.citation_checks(0);
  CHECK(check.basis() == pb::CITATION_BASIS_KIND_OPEN_LIST);
  CHECK(check.interval().DebugString() == ListInterval(kOpened).DebugString());
  CHECK(check.entry_name() == "名称-rc-wsj-clinics");
  CHECK(check.region() == "370811");
  CHECK(e.screening_region() == "370811");
  CHECK(e.publisher_name() == "u-zhang");
  CHECK(f.product().state() == pb::PRODUCT_STATE_SUBMITTED);
  CHECK(f.product().publisher_subject() == "u-zhang");
  CHECK(f.product().version() == 1);
}

TEST_CASE("product: the publisher name is the token name, else the company",
          "[product]") {
  pb::Actor named = Applicant();
  named.set_display_name("张三");
  ProductFixture f;
  const auto events = f.Apply(
      SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-20"}})),
      named, kNow, OpenSince(kOpened));
  CHECK(events[0].product_submitted().publisher_name() == "张三");
  ProductFixture g;
  const auto company = g.Apply(
      SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-20"}})),
      CompanyApplicant(), kNow, OpenSince(kOpened));
  CHECK(company[0].product_submitted().publisher_name() ==
        "91370800MA3C000000");
}

TEST_CASE(
    "product: the day the entry joined the list counts but the day "
    "before does not",
    "[product]") {
  ProductFixture f;
  CHECK(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-10"}})),
                 Applicant(), kNow, OpenSince(kOpened))
            .ok());
  const auto before = f.Decide(
      SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-09"}})),
      Applicant(), kNow, OpenSince(kOpened));
  Check(before, StatusCode::kFailedPrecondition,
        "ART20_CITATION_NOT_ACQUIRABLE");
  const auto violations = PreconditionViolations(before.status());
  REQUIRE(violations.size() == 1);
  CHECK(violations[0].type == "ART20_CITATION_NOT_ACQUIRABLE");
  CHECK(violations[0].subject == "content.citations[0] rc-wsj-clinics");
}

TEST_CASE(
    "product: an interval that ended before the day does not count, one "
    "that ended during it does",
    "[product]") {
  const absl::Time left = Shanghai(2026, 3, 20, 8, 0, 0);
  const std::vector<CitationEvidence> closed = {
      Evidence(kEntryA, {ListInterval(kOpened, left)})};
  ProductFixture f;
  CHECK(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}})),
                 Applicant(), kNow, closed)
            .ok());
  Check(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-21"}})),
                 Applicant(), kNow, closed),
        StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
}

TEST_CASE("product: a CONDITIONAL listing is no basis without a grant",
          "[product]") {
  ProductFixture f;
  Check(
      f.Decide(
          SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-20"}})),
          Applicant(), kNow,
          {Evidence(kEntryA, {ListInterval(kOpened, std::nullopt,
                                           pb::OPEN_ATTRIBUTE_CONDITIONAL)})}),
      StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
}

TEST_CASE("product: a citation covered only by a grant records the grant",
          "[product]") {
  const pb::AccessGrant grant =
      ProductGrant(pb::GRANT_STATE_LAPSED, Shanghai(2026, 3, 10),
                   At("2026-03-31T23:59:59+08:00"));
  const std::vector<CitationEvidence> evidence = {Evidence(
      kEntryA,
      {ListInterval(kOpened, std::nullopt, pb::OPEN_ATTRIBUTE_CONDITIONAL)},
      {grant})};
  ProductFixture f;
  const auto events = f.Apply(
      SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-31"}})),
      Applicant(), kNow, evidence);
  const pb::CitationCheck& check =
      events[0].product_submitted().citation_checks(0);
  CHECK(check.basis() == pb::CITATION_BASIS_KIND_GRANT);
  CHECK(check.application_id() == kAppId);
  CHECK_FALSE(check.has_interval());
  ProductFixture g;
  Check(g.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-04-01"}})),
                 Applicant(), kNow, evidence),
        StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
  Check(g.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-09"}})),
                 Applicant(), kNow, evidence),
        StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
}

TEST_CASE(
    "product: a grant revoked before the date is no basis, one revoked "
    "during the day is",
    "[product]") {
  const auto revoked_at = [](absl::Time close) {
    return std::vector<CitationEvidence>{
        Evidence(kEntryA, {},
                 {ProductGrant(pb::GRANT_STATE_REVOKED, Shanghai(2026, 3, 10),
                               At("2026-06-30T23:59:59+08:00"), close)})};
  };
  ProductFixture f;
  Check(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}})),
                 Applicant(), kNow, revoked_at(Shanghai(2026, 3, 19, 18))),
        StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
  Check(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}})),
                 Applicant(), kNow, revoked_at(Shanghai(2026, 3, 20))),
        StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
  CHECK(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}})),
                 Applicant(), kNow, revoked_at(Shanghai(2026, 3, 20, 9)))
            .ok());
}

TEST_CASE("product: every unacquirable citation is named", "[product]") {
  ProductFixture f;
  const auto result = f.Decide(
      SubmitProductCommand(ProductContentCiting(
          {{kEntryA, "2026-03-01"}, {kEntryB, "2026-03-20"}})),
      Applicant(), kNow,
      {Evidence(kEntryA, {ListInterval(kOpened)}), Evidence(kEntryB, {})});
  Check(result, StatusCode::kFailedPrecondition,
        "ART20_CITATION_NOT_ACQUIRABLE");
  const auto violations = PreconditionViolations(result.status());
  REQUIRE(violations.size() == 2);
  CHECK(violations[0].subject == "content.citations[0] rc-wsj-clinics");
  CHECK(violations[1].subject == "content.citations[1] rc-jtj-bus");
}

TEST_CASE("product: a citation of no entry is NOT_FOUND", "[product]") {
  ProductFixture f;
  CitationEvidence none;
  Check(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}})),
                 Applicant(), kNow, {none}),
        StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
}

TEST_CASE("product: who may submit", "[product]") {
  ProductFixture f;
  const pb::Command submit =
      SubmitProductCommand(ProductContentCiting({{kEntryA, "2026-03-20"}}));
  Check(f.Decide(submit, PlainUser(), kNow, OpenSince(kOpened)),
        StatusCode::kFailedPrecondition, "ART16_REAL_NAME_REQUIRED");
  Check(f.Decide(submit, CityReviewer(), kNow, OpenSince(kOpened)),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  Check(f.Decide(submit, CountyProvider(), kNow, OpenSince(kOpened)),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  Submitted(f);
  Check(f.Decide(submit, Applicant(), kNow, OpenSince(kOpened)),
        StatusCode::kAlreadyExists, "PRODUCT_EXISTS");
}

TEST_CASE("product: every field is validated", "[product]") {
  ProductFixture f;
  pb::ProductContent bad = ProductContentCiting({{kEntryA, "2026-04-02"},
                                                 {kEntryA, "2026-3-1"},
                                                 {"Bad/Id", "2026-03-01"}});
  bad.set_name("");
  bad.set_description(std::string(2001, 'x'));
  bad.set_reference("");
  bad.set_form(pb::PRODUCT_FORM_UNSPECIFIED);
  bad.set_declaration_accepted(false);
  const auto result =
      f.Decide(SubmitProductCommand(bad), Applicant(), kNow, {});
  Check(result, StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  const std::vector<std::string> fields = ViolationFields(result.status());
  for (const char* field :
       {"content.name", "content.description", "content.reference",
        "content.form", "content.declaration_accepted",
        "content.citations[0].acquisition_date",
        "content.citations[1].catalog_entry_id",
        "content.citations[1].acquisition_date",
        "content.citations[2].catalog_entry_id"}) {
    INFO(field);
    CHECK(std::find(fields.begin(), fields.end(), field) != fields.end());
  }
  pb::ProductContent none = ProductContentCiting({});
  const auto empty =
      f.Decide(SubmitProductCommand(none), Applicant(), kNow, {});
  CHECK(ViolationFields(empty.status()) ==
        std::vector<std::string>{"content.citations"});
  Check(f.Decide(SubmitProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}}), "X"),
                 Applicant(), kNow, OpenSince(kOpened)),
        StatusCode::kInvalidArgument, "PRODUCT_ID_INVALID");
}

TEST_CASE(
    "product: the screening region is the county only when every entry "
    "is of it",
    "[product]") {
  const pb::Command submit = SubmitProductCommand(
      ProductContentCiting({{kEntryA, "2026-03-20"}, {kEntryB, "2026-03-20"}}));
  ProductFixture mixed;
  mixed.Apply(submit, Applicant(), kNow,
              {Evidence(kEntryA, {ListInterval(kOpened)}),
               Evidence(kEntryB, {ListInterval(kOpened)}, {}, "370812")});
  CHECK(mixed.product().screening_region() == "3708");
  Check(mixed.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                     CountyReviewer("370811"), kNow),
        StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CHECK(mixed
            .Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                    CityReviewer(), kNow)
            .ok());
  ProductFixture county;
  Submitted(county);
  Check(county.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                      CountyReviewer("370812"), kNow),
        StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  CHECK(county
            .Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                    CountyReviewer("370811"), kNow)
            .ok());
  CHECK(county
            .Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                    CityReviewer(), kNow)
            .ok());
}

TEST_CASE("product: listing makes it LISTED", "[product]") {
  ProductFixture f;
  Submitted(f);
  const absl::Time at = kNow + absl::Hours(1);
  f.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
          CountyReviewer("370811"), at);
  CHECK(f.product().state() == pb::PRODUCT_STATE_LISTED);
  CHECK(FromProto(f.product().list_time()) == at);
  CHECK(f.product().reviewer_subject() == "r-370811");
  Check(f.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                 CityReviewer(), at),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_SUBMITTED");
}

TEST_CASE("product: screening inputs are validated", "[product]") {
  ProductFixture f;
  Submitted(f);
  Check(f.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST, {"好"}),
                 CityReviewer(), kNow),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  Check(f.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_RETURN),
                 CityReviewer(), kNow),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  Check(f.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_REJECT, {""}),
                 CityReviewer(), kNow),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  Check(f.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_UNSPECIFIED),
                 CityReviewer(), kNow),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  Check(f.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST), Applicant(),
                 kNow),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  ProductFixture none;
  Check(none.Decide(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST),
                    CityReviewer(), kNow),
        StatusCode::kNotFound, "PRODUCT_NOT_FOUND");
}

TEST_CASE(
    "product: a returned product is revised, checked again and "
    "resubmitted",
    "[product]") {
  ProductFixture f;
  Submitted(f);
  f.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_RETURN, {"描述不清"}),
          CityReviewer(), kNow);
  CHECK(f.product().state() == pb::PRODUCT_STATE_RETURNED);
  CHECK(f.product().reasons(0) == "描述不清");
  const pb::Command revise =
      ReviseProductCommand(ProductContentCiting({{kEntryA, "2026-03-09"}}));
  Check(f.Decide(revise, Applicant(), kNow, OpenSince(kOpened)),
        StatusCode::kFailedPrecondition, "ART20_CITATION_NOT_ACQUIRABLE");
  Check(f.Decide(revise, Applicant("u-li"), kNow, OpenSince(kOpened)),
        StatusCode::kPermissionDenied, "NOT_PUBLISHER");
  Check(f.Decide(revise, CityReviewer(), kNow, OpenSince(kOpened)),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  pb::ProductContent bad = ProductContentCiting({{kEntryA, "2026-03-20"}});
  bad.set_declaration_accepted(false);
  Check(f.Decide(ReviseProductCommand(bad), Applicant(), kNow,
                 OpenSince(kOpened)),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  f.Apply(ReviseProductCommand(ProductContentCiting(
              {{kEntryA, "2026-03-25"}}, pb::PRODUCT_FORM_REPORT, "诊所报告")),
          Applicant(), kNow, OpenSince(kOpened));
  CHECK(f.product().state() == pb::PRODUCT_STATE_SUBMITTED);
  CHECK(f.product().revisions() == 1);
  CHECK(f.product().content().name() == "诊所报告");
  CHECK(f.product().citation_checks(0).citation().acquisition_date() ==
        "2026-03-25");
  Check(f.Decide(revise, Applicant(), kNow, OpenSince(kOpened)),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_RETURNED");
  ProductFixture none;
  Check(none.Decide(revise, Applicant(), kNow, OpenSince(kOpened)),
        StatusCode::kNotFound, "PRODUCT_NOT_FOUND");
}

TEST_CASE("product: a rejection is final", "[product]") {
  ProductFixture f;
  Submitted(f);
  f.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_REJECT, {"含个人信息"}),
          CityReviewer(), kNow);
  CHECK(f.product().state() == pb::PRODUCT_STATE_REJECTED);
  CHECK(f.product().has_close_time());
  Check(f.Decide(ReviseProductCommand(
                     ProductContentCiting({{kEntryA, "2026-03-20"}})),
                 Applicant(), kNow, OpenSince(kOpened)),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_RETURNED");
  Check(f.Decide(WithdrawProductCommand(), Applicant(), kNow),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_PENDING");
}

TEST_CASE("product: the publisher withdraws before listing", "[product]") {
  ProductFixture f;
  Submitted(f);
  Check(f.Decide(WithdrawProductCommand(), Applicant("u-li"), kNow),
        StatusCode::kPermissionDenied, "NOT_PUBLISHER");
  f.Apply(WithdrawProductCommand(), Applicant(), kNow);
  CHECK(f.product().state() == pb::PRODUCT_STATE_WITHDRAWN);
  ProductFixture returned;
  Submitted(returned);
  returned.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_RETURN, {"补充"}),
                 CityReviewer(), kNow);
  returned.Apply(WithdrawProductCommand(), Applicant(), kNow);
  CHECK(returned.product().state() == pb::PRODUCT_STATE_WITHDRAWN);
  ProductFixture listed;
  Submitted(listed);
  listed.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST), CityReviewer(),
               kNow);
  Check(listed.Decide(WithdrawProductCommand(), Applicant(), kNow),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_PENDING");
  ProductFixture none;
  Check(none.Decide(WithdrawProductCommand(), Applicant(), kNow),
        StatusCode::kNotFound, "PRODUCT_NOT_FOUND");
}

TEST_CASE("product: the publisher unlists a listed product", "[product]") {
  ProductFixture f;
  Submitted(f);
  Check(f.Decide(UnlistProductCommand(), Applicant(), kNow),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_LISTED");
  f.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST), CityReviewer(),
          kNow);
  Check(f.Decide(UnlistProductCommand(), CityReviewer(), kNow),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  Check(f.Decide(UnlistProductCommand(), Applicant("u-li"), kNow),
        StatusCode::kPermissionDenied, "NOT_PUBLISHER");
  f.Apply(UnlistProductCommand(), Applicant(), kNow);
  CHECK(f.product().state() == pb::PRODUCT_STATE_UNLISTED);
  CHECK(f.product().has_close_time());
}

TEST_CASE("product: a reviewer delists a listed product with reasons",
          "[product]") {
  ProductFixture f;
  Submitted(f);
  Check(f.Decide(DelistProductCommand({"含个人信息"}), CityReviewer(), kNow),
        StatusCode::kFailedPrecondition, "PRODUCT_NOT_LISTED");
  f.Apply(ScreenProductCommand(pb::SCREENING_OUTCOME_LIST), CityReviewer(),
          kNow);
  Check(f.Decide(DelistProductCommand({}), CityReviewer(), kNow),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  Check(f.Decide(DelistProductCommand({std::string(501, 'x')}), CityReviewer(),
                 kNow),
        StatusCode::kInvalidArgument, "PRODUCT_INVALID");
  Check(f.Decide(DelistProductCommand({"含个人信息"}), CountyReviewer("370812"),
                 kNow),
        StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  Check(f.Decide(DelistProductCommand({"含个人信息"}), Applicant(), kNow),
        StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  f.Apply(DelistProductCommand({"含个人信息"}), CountyReviewer("370811"), kNow);
  CHECK(f.product().state() == pb::PRODUCT_STATE_DELISTED);
  CHECK(f.product().reasons(0) == "含个人信息");
}

TEST_CASE("product: commands route to product streams", "[product]") {
  CHECK(StreamKindOf("product/prod-clinic-map") == StreamKind::kProduct);
  CHECK_FALSE(StreamKindOf("product/Bad").has_value());
  const absl::StatusOr<std::string> target =
      TargetStream(UnlistProductCommand());
  REQUIRE(target.ok());
  CHECK(*target == "product/prod-clinic-map");
  CheckError(TargetStream(UnlistProductCommand("X")).status(),
             StatusCode::kInvalidArgument, "PRODUCT_ID_INVALID");
}

}  // namespace
}  // namespace opendata::engine_test
