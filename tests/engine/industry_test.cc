// Decider tests of the industry data entry (行业数据开放入口, Art. 10(3)): who
// may apply (a USER with an organisation; not a natural person, not a
// government provider), the declaration's validation (public funding needs
// programme, funder and evidence), approval by a reviewer of the declared
// region that hands the entry to the applicant's organisation as a DRAFT, a
// return for correction and the new application, and the refusal that publicly
// funded data never gets (ART10_PUBLICLY_FUNDED_MUST_OPEN). Then the whole path
// to publication through the pipeline, with the work queue rows.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/projections/catalog_projection.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kEntry[] = "sdu-soil-survey";
const absl::Time kNow = Shanghai(2026, 3, 2, 9, 0, 0);

// 济宁学院 (a legal person with a token of role USER).
pb::Actor Applicant(const std::string& organization = "jnxy") {
  pb::Actor a = PlainUser();
  a.set_subject("u-" + organization);
  a.set_organization(organization);
  return a;
}

// A provider account of the applicant's organisation, in 任城区.
pb::Actor ApplicantProvider() { return CountyProvider("370811", "jnxy"); }

pb::IndustryDeclaration Funded(const std::string& region = "370811") {
  pb::IndustryDeclaration d;
  d.set_institution_kind(pb::INSTITUTION_KIND_UNIVERSITY);
  d.set_region(region);
  d.set_publicly_funded(true);
  d.set_funding_programme("山东省自然科学基金");
  d.set_funder("山东省科学技术厅");
  d.set_funding_evidence("ZR2025MD001");
  return d;
}

pb::IndustryDeclaration Unfunded() {
  pb::IndustryDeclaration d;
  d.set_institution_kind(pb::INSTITUTION_KIND_ENTERPRISE);
  d.set_region("370811");
  return d;
}

pb::Command ApplyCmd(const pb::IndustryDeclaration& d,
                     const pb::CatalogEntryContent& content = ValidContent()) {
  pb::Command c;
  auto* a = c.mutable_apply_for_industry_entry();
  a->set_catalog_entry_id(kEntry);
  *a->mutable_content() = content;
  *a->mutable_declaration() = d;
  return c;
}

pb::Command DecideCmd(const std::string& what, const std::string& reasons) {
  pb::Command c;
  if (what == "approve") {
    c.mutable_approve_industry_entry()->set_catalog_entry_id(kEntry);
  } else if (what == "refuse") {
    c.mutable_refuse_industry_entry()->set_catalog_entry_id(kEntry);
    c.mutable_refuse_industry_entry()->set_reasons(reasons);
  } else {
    c.mutable_return_industry_entry()->set_catalog_entry_id(kEntry);
    c.mutable_return_industry_entry()->set_reasons(reasons);
  }
  return c;
}

TEST_CASE("industry: a legal person applies; the entry waits for review",
          "[decider][industry]") {
  DeciderFixture f;
  f.When(ApplyCmd(Funded()), Context(Applicant(), kNow));
  REQUIRE(f.result().ok());
  const auto& e = (*f.result())[0].catalog_entry_industry_applied();
  CHECK(e.catalog_entry_id() == kEntry);
  CHECK(e.application() == 1);
  CHECK(e.applicant_organization() == "jnxy");
  CHECK(e.level() == pb::LEVEL_COUNTY);
  f.GivenBy(Applicant(), kNow, *f.result());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED);
  CHECK(f.state().region == "370811");
  CHECK(f.state().provider_organization.empty());
  CHECK(f.state().industry.declaration().publicly_funded());

  DeciderFixture city;
  city.When(ApplyCmd(Funded("3708")), Context(Applicant(), kNow));
  REQUIRE(city.result().ok());
  CHECK((*city.result())[0].catalog_entry_industry_applied().level() ==
        pb::LEVEL_CITY);
}

TEST_CASE("industry: application refusals name their rule",
          "[decider][industry]") {
  DeciderFixture f;
  SECTION("government providers use the normal workflow") {
    f.When(ApplyCmd(Funded()), Context(CityProvider(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("natural persons have no organisation") {
    f.When(ApplyCmd(Funded()), Context(PlainUser(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "LEGAL_PERSON_REQUIRED");
  }
  SECTION("public funding needs programme, funder and evidence") {
    pb::IndustryDeclaration d = Funded();
    d.clear_funding_programme();
    d.clear_funder();
    d.clear_funding_evidence();
    d.set_institution_kind(pb::INSTITUTION_KIND_UNSPECIFIED);
    d.set_region("370800");
    f.When(ApplyCmd(d), Context(Applicant(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "INDUSTRY_DECLARATION_INVALID");
    CHECK(f.Fields() ==
          std::vector<std::string>{
              "declaration.funder", "declaration.funding_evidence",
              "declaration.funding_programme", "declaration.institution_kind",
              "declaration.region"});
  }
  SECTION("funding details only with public funding") {
    pb::IndustryDeclaration d = Unfunded();
    d.set_funder("某基金");
    f.When(ApplyCmd(d), Context(Applicant(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "INDUSTRY_DECLARATION_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"declaration.funder"});
  }
  SECTION("the id and content format are checked") {
    pb::Command c = ApplyCmd(Funded());
    c.mutable_apply_for_industry_entry()->set_catalog_entry_id("X");
    f.When(c, Context(Applicant(), kNow));
    CHECK(f.result().status().code() == StatusCode::kInvalidArgument);
    pb::CatalogEntryContent bad = ValidContent();
    bad.set_name(std::string(101, 'a'));
    f.When(ApplyCmd(Funded(), bad), Context(Applicant(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "CONTENT_INVALID");
  }
  SECTION("an existing entry") {
    f.Given({Created(kEntry, CityProvider(), ValidContent())});
    f.When(ApplyCmd(Funded()), Context(Applicant(), kNow));
    f.ThenError(StatusCode::kAlreadyExists, "CATALOG_ENTRY_EXISTS");
  }
}

TEST_CASE("industry: approval hands the entry to the applicant's organisation",
          "[decider][industry][authz]") {
  DeciderFixture f;
  f.When(ApplyCmd(Funded()), Context(Applicant(), kNow));
  f.GivenBy(Applicant(), kNow, *f.result());
  f.When(DecideCmd("approve", ""), Context(CountyReviewer("370883"), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  f.When(DecideCmd("approve", ""), Context(Applicant(), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  f.When(DecideCmd("approve", ""), Context(CountyReviewer("370811"), kNow));
  REQUIRE(f.result().ok());
  CHECK((*f.result())[0]
            .catalog_entry_industry_approved()
            .provider_organization() == "jnxy");
  f.GivenBy(CountyReviewer("370811"), kNow, *f.result());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_DRAFT);
  CHECK(f.state().provider_organization == "jnxy");
  CHECK(f.state().industry.state() == pb::CHANGE_APPLICATION_STATE_APPROVED);
  f.When(DecideCmd("approve", ""), Context(CityReviewer(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition,
              "INDUSTRY_APPLICATION_NOT_PENDING");
  // From now on the organisation's providers follow the normal workflow.
  f.When(SubmitCommand(kEntry), Context(ApplicantProvider(), kNow));
  REQUIRE(f.result().ok());
  f.When(SubmitCommand(kEntry), Context(Applicant(), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

TEST_CASE("industry: publicly funded data is returned, never refused",
          "[decider][industry]") {
  DeciderFixture f;
  f.When(ApplyCmd(Funded()), Context(Applicant(), kNow));
  f.GivenBy(Applicant(), kNow, *f.result());
  f.When(DecideCmd("refuse", "不予开放"), Context(CityReviewer(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition,
              "ART10_PUBLICLY_FUNDED_MUST_OPEN");
  f.When(DecideCmd("return", ""), Context(CityReviewer(), kNow));
  f.ThenError(StatusCode::kInvalidArgument, "INDUSTRY_INVALID");
  f.When(DecideCmd("return", "数据字典不完整"), Context(CityReviewer(), kNow));
  REQUIRE(f.result().ok());
  f.GivenBy(CityReviewer(), kNow, *f.result());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_INDUSTRY_RETURNED);
  CHECK(f.state().industry.decision_reasons() == "数据字典不完整");
  // Only the applicant applies again.
  f.When(ApplyCmd(Funded()), Context(Applicant("other-co"), kNow));
  f.ThenError(StatusCode::kAlreadyExists, "CATALOG_ENTRY_EXISTS");
  f.When(ApplyCmd(Funded()), Context(Applicant(), kNow));
  REQUIRE(f.result().ok());
  CHECK((*f.result())[0].catalog_entry_industry_applied().application() == 2);
  f.GivenBy(Applicant(), kNow, *f.result());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED);
}

TEST_CASE("industry: without public funds a refusal is final",
          "[decider][industry]") {
  DeciderFixture f;
  f.When(ApplyCmd(Unfunded()), Context(Applicant(), kNow));
  f.GivenBy(Applicant(), kNow, *f.result());
  f.When(DecideCmd("refuse", ""), Context(CityReviewer(), kNow));
  f.ThenError(StatusCode::kInvalidArgument, "INDUSTRY_INVALID");
  f.When(DecideCmd("refuse", "与开放目的无关"), Context(CityReviewer(), kNow));
  REQUIRE(f.result().ok());
  f.GivenBy(CityReviewer(), kNow, *f.result());
  CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_INDUSTRY_REFUSED);
  f.When(ApplyCmd(Unfunded()), Context(Applicant(), kNow));
  f.ThenError(StatusCode::kAlreadyExists, "CATALOG_ENTRY_EXISTS");
}

TEST_CASE("industry: from application to publication through the pipeline",
          "[industry][pipeline]") {
  DeadlineHarness h(kNow);
  h.MustRun(ApplyCmd(Funded()), Applicant());
  const std::string row =
      absl::StrCat(kCatalogWorkPrefix, "370811/",
                   SortableNumber(absl::ToUnixMicros(kNow), 20), "/3/", kEntry);
  CHECK(AllRows(h.store()).count(row) == 1);
  // No provider yet, so no by-provider row.
  for (const auto& [key, value] : AllRows(h.store())) {
    CHECK(key.rfind(kCatalogByProviderPrefix, 0) != 0);
  }
  // The applicant sees its application; another legal person does not.
  CHECK(h.Entry(kEntry).state() == pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED);
  CatalogQueries queries(&h.store());
  CHECK(queries.Get(Applicant(), kEntry).ok());
  CHECK(queries.Get(Applicant("other-co"), kEntry).status().code() ==
        StatusCode::kNotFound);
  PendingChangeFilter filter;
  absl::StatusOr<PendingChangePage> page =
      queries.PendingChanges(CountyReviewer("370811"), filter);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == 1);
  CHECK(page->items[0].kind == pb::PENDING_CHANGE_KIND_INDUSTRY_ENTRY);
  CHECK(page->items[0].waiting_since == kNow);
  CHECK(
      queries.PendingChanges(CountyReviewer("370883"), filter)->items.empty());
  filter.region = "370811";
  CHECK(queries.PendingChanges(CountyReviewer("370883"), filter)
            .status()
            .code() == StatusCode::kPermissionDenied);

  h.MustRun(DecideCmd("approve", ""), CountyReviewer("370811"));
  CHECK(AllRows(h.store()).count(row) == 0);
  CHECK(AllRows(h.store()).count(
            absl::StrCat(kCatalogByProviderPrefix, "jnxy/", kEntry)) == 1);
  h.MustRun(SubmitCommand(kEntry), ApplicantProvider());
  h.MustRun(PublishCommand(kEntry), CountyReviewer("370811"));
  const pb::CatalogEntry entry = h.Entry(kEntry);
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(entry.provider_organization() == "jnxy");
  CHECK(entry.industry().declaration().publicly_funded());
  CHECK(entry.industry().declaration().funder() == "山东省科学技术厅");

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

}  // namespace
}  // namespace opendata::engine_test
