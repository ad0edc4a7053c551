// Decider tests of the changes to published entries: reclassification and
// other adjustments (Art. 9: classification of the change, basis documents for
// a restriction, opening evidence for an opening, the submission rules on the
// proposed content, one application at a time, approval by the county or city
// reviewer replacing the content, refusal with reasons, and a published
// entry's attribute never changed by an edit); migration (Art. 13: the
// receiver's confirmation before a reviewer's approval, the city reviewer for
// a migration to another region, the owner, level and region changed on the
// same stream, a running takedown notice that still takes effect after it);
// takedown withdrawal before the notice (Art. 14) and the destruction of a
// taken-down entry's open copy. Then the work queue rows through the pipeline
// and a rebuild of the projections from the log.
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/catalog/change_decider.h"
#include "engine/projections/catalog_projection.h"
#include "engine/replay/rebuild.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

constexpr char kEntry[] = "rc-ws-clinics";
constexpr char kReasons[] = "机构改革，职责调整";

pb::Actor Owner() { return CountyProvider("370811", "rc-wsj"); }

const absl::Time kSubmitted = Shanghai(2026, 2, 26, 10, 0, 0);
const absl::Time kReviewDue = Shanghai(2026, 2, 28, 23, 59, 59);
const absl::Time kNow = Shanghai(2026, 3, 2, 9, 0, 0);

std::vector<pb::EventPayload> PublishedHistory(
    const pb::CatalogEntryContent& content = ValidContent()) {
  std::vector<pb::EventPayload> h = {Created(kEntry, Owner(), content)};
  for (pb::EventPayload& e :
       SubmittedWithClock(kEntry, "370811", 1, kSubmitted, kReviewDue)) {
    h.push_back(std::move(e));
  }
  h.push_back(Published(1));
  h.push_back(ReviewClockMet(kEntry, 1));
  return h;
}

pb::CatalogEntryContent NotOpenContent() {
  pb::CatalogEntryContent c = ValidContent();
  c.set_open_attribute(pb::OPEN_ATTRIBUTE_NOT_OPEN);
  c.set_legal_basis("《中华人民共和国个人信息保护法》第十三条");
  return c;
}

pb::BasisDocument Basis() {
  pb::BasisDocument d;
  d.set_title("关于调整公共数据开放范围的通知");
  d.set_reference("济政办字〔2026〕5号");
  d.set_issuer("济宁市人民政府办公室");
  d.set_issue_date("2026-02-10");
  d.set_sha256(std::string(64, 'a'));
  return d;
}

pb::OpeningEvidence Evidence() {
  pb::OpeningEvidence e;
  e.set_kind(pb::OPENING_EVIDENCE_KIND_ANONYMISATION);
  e.set_description("已按国家标准完成匿名化处理");
  e.add_document_references("匿名化评估报告 2026-07");
  return e;
}

pb::Command ApplyCmd(const pb::CatalogEntryContent& content,
                     const std::vector<pb::BasisDocument>& basis = {},
                     const std::vector<pb::OpeningEvidence>& evidence = {},
                     const std::string& reasons = kReasons) {
  pb::Command c;
  auto* a = c.mutable_apply_for_content_change();
  a->set_catalog_entry_id(kEntry);
  *a->mutable_content() = content;
  a->set_reasons(reasons);
  for (const auto& b : basis) *a->add_basis_documents() = b;
  for (const auto& e : evidence) *a->add_opening_evidence() = e;
  return c;
}

pb::Command ApproveChangeCmd() {
  pb::Command c;
  c.mutable_approve_content_change()->set_catalog_entry_id(kEntry);
  return c;
}

pb::Command RefuseChangeCmd(const std::string& reasons) {
  pb::Command c;
  c.mutable_refuse_content_change()->set_catalog_entry_id(kEntry);
  c.mutable_refuse_content_change()->set_reasons(reasons);
  return c;
}

pb::Command MigrateCmd(const std::string& org, pb::Level level,
                       const std::string& region) {
  pb::Command c;
  auto* m = c.mutable_request_migration();
  m->set_catalog_entry_id(kEntry);
  m->set_to_organization(org);
  m->set_to_level(level);
  m->set_to_region(region);
  m->set_reasons(kReasons);
  return c;
}

template <typename Setter>
pb::Command EntryCmd(Setter set) {
  pb::Command c;
  set(c);
  return c;
}

pb::Command ConfirmCmd() {
  return EntryCmd([](pb::Command& c) {
    c.mutable_confirm_migration()->set_catalog_entry_id(kEntry);
  });
}
pb::Command DeclineCmd(const std::string& reasons) {
  return EntryCmd([&](pb::Command& c) {
    c.mutable_decline_migration()->set_catalog_entry_id(kEntry);
    c.mutable_decline_migration()->set_reasons(reasons);
  });
}
pb::Command ApproveMigrationCmd() {
  return EntryCmd([](pb::Command& c) {
    c.mutable_approve_migration()->set_catalog_entry_id(kEntry);
  });
}
pb::Command RefuseMigrationCmd(const std::string& reasons) {
  return EntryCmd([&](pb::Command& c) {
    c.mutable_refuse_migration()->set_catalog_entry_id(kEntry);
    c.mutable_refuse_migration()->set_reasons(reasons);
  });
}
pb::Command WithdrawCmd() {
  return EntryCmd([](pb::Command& c) {
    c.mutable_withdraw_takedown()->set_catalog_entry_id(kEntry);
  });
}
pb::Command DestroyCmd(const std::string& reasons) {
  return EntryCmd([&](pb::Command& c) {
    c.mutable_destroy_open_copy()->set_catalog_entry_id(kEntry);
    c.mutable_destroy_open_copy()->set_reasons(reasons);
  });
}

// ------------------------------------------------------------ classification

TEST_CASE("change: the kind follows the open attributes (Art. 9)",
          "[decider][change]") {
  using pb::OPEN_ATTRIBUTE_CONDITIONAL;
  using pb::OPEN_ATTRIBUTE_NOT_OPEN;
  using pb::OPEN_ATTRIBUTE_UNCONDITIONAL;
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_UNCONDITIONAL,
                       OPEN_ATTRIBUTE_CONDITIONAL) ==
        pb::CONTENT_CHANGE_KIND_RESTRICTION);
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_UNCONDITIONAL, OPEN_ATTRIBUTE_NOT_OPEN) ==
        pb::CONTENT_CHANGE_KIND_RESTRICTION);
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_CONDITIONAL, OPEN_ATTRIBUTE_NOT_OPEN) ==
        pb::CONTENT_CHANGE_KIND_RESTRICTION);
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_NOT_OPEN, OPEN_ATTRIBUTE_UNCONDITIONAL) ==
        pb::CONTENT_CHANGE_KIND_OPENING);
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_NOT_OPEN, OPEN_ATTRIBUTE_CONDITIONAL) ==
        pb::CONTENT_CHANGE_KIND_OPENING);
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_CONDITIONAL,
                       OPEN_ATTRIBUTE_UNCONDITIONAL) ==
        pb::CONTENT_CHANGE_KIND_ADJUSTMENT);
  CHECK(
      ClassifyChange(OPEN_ATTRIBUTE_CONDITIONAL, OPEN_ATTRIBUTE_CONDITIONAL) ==
      pb::CONTENT_CHANGE_KIND_ADJUSTMENT);
  CHECK(ClassifyChange(OPEN_ATTRIBUTE_NOT_OPEN, OPEN_ATTRIBUTE_NOT_OPEN) ==
        pb::CONTENT_CHANGE_KIND_ADJUSTMENT);
}

// ------------------------------------------------------------ apply

TEST_CASE("change: a restriction needs a basis document", "[decider][change]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  SECTION("without a basis: ART9_BASIS_REQUIRED") {
    f.When(ApplyCmd(NotOpenContent()), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "ART9_BASIS_REQUIRED");
    CHECK(f.Rules() ==
          std::vector<std::string>{"ART9_BASIS_REQUIRED @ basis_documents"});
  }
  SECTION("with a basis: applied, the entry keeps its content") {
    f.When(ApplyCmd(NotOpenContent(), {Basis()}), Context(Owner(), kNow));
    REQUIRE(f.result().ok());
    REQUIRE(f.result()->size() == 1);
    const auto& e = (*f.result())[0].catalog_entry_change_applied();
    CHECK(e.change() == 1);
    CHECK(e.kind() == pb::CONTENT_CHANGE_KIND_RESTRICTION);
    CHECK(e.old_attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
    CHECK(e.new_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN);
    CHECK(std::vector<std::string>(e.changed_fields().begin(),
                                   e.changed_fields().end()) ==
          std::vector<std::string>{"legal_basis", "open_attribute"});
    CHECK(e.basis_documents_size() == 1);
    f.GivenBy(Owner(), kNow, *f.result());
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    CHECK(f.state().content.open_attribute() ==
          pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
    CHECK(f.state().change.state() == pb::CHANGE_APPLICATION_STATE_PENDING);
    CHECK(f.state().change.applied_by().subject() == Owner().subject());
  }
  SECTION("UNCONDITIONAL to CONDITIONAL is a restriction too") {
    f.When(ApplyCmd(ConditionalContent()), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "ART9_BASIS_REQUIRED");
  }
}

TEST_CASE("change: opening NOT_OPEN data needs evidence", "[decider][change]") {
  DeciderFixture f;
  f.Given(PublishedHistory(NotOpenContent()));
  f.When(ApplyCmd(ValidContent()), Context(Owner(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition,
              "ART9_OPENING_EVIDENCE_REQUIRED");
  f.When(ApplyCmd(ValidContent(), {}, {Evidence()}), Context(Owner(), kNow));
  REQUIRE(f.result().ok());
  CHECK((*f.result())[0].catalog_entry_change_applied().kind() ==
        pb::CONTENT_CHANGE_KIND_OPENING);
}

TEST_CASE("change: other adjustments need reasons only", "[decider][change]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  pb::CatalogEntryContent weekly = ValidContent();
  weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
  f.When(ApplyCmd(weekly), Context(Owner(), kNow));
  REQUIRE(f.result().ok());
  const auto& e = (*f.result())[0].catalog_entry_change_applied();
  CHECK(e.kind() == pb::CONTENT_CHANGE_KIND_ADJUSTMENT);
  CHECK(std::vector<std::string>(e.changed_fields().begin(),
                                 e.changed_fields().end()) ==
        std::vector<std::string>{"update_frequency"});
}

TEST_CASE("change: application refusals name their rule", "[decider][change]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  pb::CatalogEntryContent weekly = ValidContent();
  weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
  SECTION("reasons are required") {
    f.When(ApplyCmd(weekly, {}, {}, ""), Context(Owner(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "CHANGE_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"reasons"});
  }
  SECTION("basis documents and evidence are validated field by field") {
    pb::BasisDocument bad = Basis();
    bad.set_title("");
    bad.set_issue_date("2026-02-30");
    bad.set_sha256("XYZ");
    pb::OpeningEvidence worse;
    f.When(ApplyCmd(weekly, {bad}, {worse}), Context(Owner(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "CHANGE_INVALID");
    CHECK(f.Fields() ==
          std::vector<std::string>{
              "basis_documents[0].issue_date", "basis_documents[0].sha256",
              "basis_documents[0].title", "opening_evidence[0].description",
              "opening_evidence[0].document_references",
              "opening_evidence[0].kind"});
  }
  SECTION("the proposed content passes the submission rules") {
    pb::CatalogEntryContent no_basis = NotOpenContent();
    no_basis.clear_legal_basis();
    f.When(ApplyCmd(no_basis, {Basis()}), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "SUBMISSION_INCOMPLETE");
    pb::CatalogEntryContent bare = ConditionalContent();
    bare.clear_conditions();
    f.When(ApplyCmd(bare, {Basis()}), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "SUBMISSION_INCOMPLETE");
  }
  SECTION("the proposed content's format is checked") {
    pb::CatalogEntryContent bad = weekly;
    bad.set_name(std::string(101, 'a'));
    f.When(ApplyCmd(bad), Context(Owner(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "CONTENT_INVALID");
  }
  SECTION("at most 20 basis documents") {
    f.When(
        ApplyCmd(NotOpenContent(), std::vector<pb::BasisDocument>(21, Basis())),
        Context(Owner(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "CHANGE_INVALID");
    CHECK(f.Fields() == std::vector<std::string>{"basis_documents"});
  }
  SECTION("no change at all") {
    f.When(ApplyCmd(ValidContent()), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "CONTENT_CHANGE_EMPTY");
  }
  SECTION("only the owner") {
    f.When(ApplyCmd(weekly), Context(CountyProvider("370811", "rc-jtj"), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
    f.When(ApplyCmd(weekly), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("one application at a time") {
    f.When(ApplyCmd(weekly), Context(Owner(), kNow));
    f.GivenBy(Owner(), kNow, *f.result());
    f.When(ApplyCmd(NotOpenContent(), {Basis()}), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition,
                "CONTENT_CHANGE_ALREADY_PENDING");
  }
  SECTION("a missing entry") {
    DeciderFixture g;
    g.When(ApplyCmd(weekly), Context(Owner(), kNow));
    g.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  }
}

TEST_CASE("change: only a published entry and never by an edit",
          "[decider][change]") {
  DeciderFixture f;
  f.Given({Created(kEntry, Owner(), ValidContent())});
  pb::CatalogEntryContent weekly = ValidContent();
  weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
  f.When(ApplyCmd(weekly), Context(Owner(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");

  DeciderFixture g;
  g.Given(PublishedHistory());
  g.When(EditCommand(kEntry, NotOpenContent()), Context(Owner(), kNow));
  g.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_EDITABLE");
  CHECK(g.state().content.open_attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
}

// ------------------------------------------------------------ decide

TEST_CASE("change: approval by the county or city reviewer replaces content",
          "[decider][change][authz]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  f.When(ApplyCmd(NotOpenContent(), {Basis()}), Context(Owner(), kNow));
  f.GivenBy(Owner(), kNow, *f.result());

  SECTION("another county's reviewer has no jurisdiction") {
    f.When(ApproveChangeCmd(), Context(CountyReviewer("370883"), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  }
  SECTION("the owner cannot approve") {
    f.When(ApproveChangeCmd(), Context(Owner(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("the county reviewer approves") {
    f.When(ApproveChangeCmd(), Context(CountyReviewer("370811"), kNow));
    REQUIRE(f.result().ok());
    const auto& e = (*f.result())[0].catalog_entry_change_approved();
    CHECK(e.change() == 1);
    CHECK(e.old_attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
    CHECK(e.new_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN);
    CHECK(e.changed_fields_size() == 2);
    f.GivenBy(CountyReviewer("370811"), kNow, *f.result());
    CHECK(f.state().content.open_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN);
    CHECK(f.state().change.state() == pb::CHANGE_APPLICATION_STATE_APPROVED);
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    f.When(ApproveChangeCmd(), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "CONTENT_CHANGE_NOT_PENDING");
  }
  SECTION("the city reviewer may approve too") {
    f.When(ApproveChangeCmd(), Context(CityReviewer(), kNow));
    REQUIRE(f.result().ok());
  }
  SECTION("a refusal needs reasons and keeps the content") {
    f.When(RefuseChangeCmd(""), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "CHANGE_INVALID");
    f.When(RefuseChangeCmd("依据不足"), Context(CityReviewer(), kNow));
    REQUIRE(f.result().ok());
    f.GivenBy(CityReviewer(), kNow, *f.result());
    CHECK(f.state().change.state() == pb::CHANGE_APPLICATION_STATE_REFUSED);
    CHECK(f.state().change.refusal_reasons() == "依据不足");
    CHECK(f.state().content.open_attribute() ==
          pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  }
  SECTION("an entry suspended for quality meanwhile can only be refused") {
    pb::EventPayload suspended;
    suspended.mutable_catalog_entry_suspended_for_quality()->set_reasons("缺");
    f.GivenBy(CityReviewer(), kNow, {suspended});
    f.When(ApproveChangeCmd(), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
    f.When(RefuseChangeCmd("先整改"), Context(CityReviewer(), kNow));
    REQUIRE(f.result().ok());
  }
}

// ------------------------------------------------------------ migration

TEST_CASE("migration: confirmation by the receiver, then a reviewer",
          "[decider][migration]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  const pb::Actor receiver = CountyProvider("370811", "rc-jkj");
  f.When(MigrateCmd("rc-jkj", pb::LEVEL_COUNTY, "370811"),
         Context(Owner(), kNow));
  REQUIRE(f.result().ok());
  f.GivenBy(Owner(), kNow, *f.result());
  CHECK(f.state().migration.state() == pb::CHANGE_APPLICATION_STATE_PENDING);
  CHECK(f.state().migration.from_organization() == "rc-wsj");

  SECTION("approval before confirmation is refused") {
    f.When(ApproveMigrationCmd(), Context(CountyReviewer("370811"), kNow));
    f.ThenError(StatusCode::kFailedPrecondition,
                "ART13_RECEIVER_CONFIRMATION_REQUIRED");
  }
  SECTION("only a provider of the receiver confirms") {
    f.When(ConfirmCmd(), Context(Owner(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_MIGRATION_RECEIVER");
    f.When(ConfirmCmd(), Context(CountyProvider("370883", "rc-jkj"), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "MIGRATION_RECEIVER_MISMATCH");
  }
  SECTION("confirmed, approved: the owner changes on the same stream") {
    f.When(ConfirmCmd(), Context(receiver, kNow));
    REQUIRE(f.result().ok());
    f.GivenBy(receiver, kNow, *f.result());
    f.When(ConfirmCmd(), Context(receiver, kNow));
    f.ThenError(StatusCode::kFailedPrecondition,
                "MIGRATION_NOT_AWAITING_CONFIRMATION");
    f.When(ApproveMigrationCmd(), Context(CountyReviewer("370811"), kNow));
    REQUIRE(f.result().ok());
    const auto& e = (*f.result())[0].catalog_entry_migration_approved();
    CHECK(e.from_organization() == "rc-wsj");
    CHECK(e.to_organization() == "rc-jkj");
    CHECK(e.from_region() == "370811");
    CHECK(e.to_region() == "370811");
    const int64_t version = f.state().version;
    f.GivenBy(CountyReviewer("370811"), kNow, *f.result());
    CHECK(f.state().version == version + 1);
    CHECK(f.state().provider_organization == "rc-jkj");
    CHECK(f.state().migration.state() == pb::CHANGE_APPLICATION_STATE_APPROVED);
    // The old owner has no say any more; the new one has.
    pb::CatalogEntryContent weekly = ValidContent();
    weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
    f.When(ApplyCmd(weekly), Context(Owner(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
    f.When(ApplyCmd(weekly), Context(receiver, kNow));
    REQUIRE(f.result().ok());
  }
  SECTION("the receiver declines with reasons") {
    f.When(DeclineCmd(""), Context(receiver, kNow));
    f.ThenError(StatusCode::kInvalidArgument, "MIGRATION_INVALID");
    f.When(DeclineCmd("不属于本单位职责"), Context(receiver, kNow));
    REQUIRE(f.result().ok());
    f.GivenBy(receiver, kNow, *f.result());
    CHECK(f.state().migration.state() == pb::CHANGE_APPLICATION_STATE_DECLINED);
    f.When(ApproveMigrationCmd(), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "MIGRATION_NOT_PENDING");
  }
  SECTION("a reviewer refuses with reasons") {
    f.When(RefuseMigrationCmd("职责未调整"), Context(CityReviewer(), kNow));
    REQUIRE(f.result().ok());
    f.GivenBy(CityReviewer(), kNow, *f.result());
    CHECK(f.state().migration.state() == pb::CHANGE_APPLICATION_STATE_REFUSED);
    CHECK(f.state().provider_organization == "rc-wsj");
  }
  SECTION("one migration at a time") {
    f.When(MigrateCmd("rc-xyz", pb::LEVEL_COUNTY, "370811"),
           Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "MIGRATION_ALREADY_PENDING");
  }
}

TEST_CASE("migration: to another region only the city reviewer approves",
          "[decider][migration][authz]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  const pb::Actor receiver = CountyProvider("370883", "zc-wsj");
  f.When(MigrateCmd("zc-wsj", pb::LEVEL_COUNTY, "370883"),
         Context(Owner(), kNow));
  f.GivenBy(Owner(), kNow, *f.result());
  f.When(ConfirmCmd(), Context(receiver, kNow));
  f.GivenBy(receiver, kNow, *f.result());
  f.When(ApproveMigrationCmd(), Context(CountyReviewer("370811"), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "ART13_CITY_APPROVAL_REQUIRED");
  f.When(RefuseMigrationCmd("不同意"), Context(CountyReviewer("370811"), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "ART13_CITY_APPROVAL_REQUIRED");
  f.When(ApproveMigrationCmd(), Context(CountyReviewer("370883"), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  f.When(ApproveMigrationCmd(), Context(CityReviewer(), kNow));
  REQUIRE(f.result().ok());
  f.GivenBy(CityReviewer(), kNow, *f.result());
  CHECK(f.state().region == "370883");
  CHECK(f.state().level == pb::LEVEL_COUNTY);
  // The entry is now in 邹城市's jurisdiction.
  f.When(DestroyCmd("x"), Context(CountyReviewer("370811"), kNow));
  f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
}

TEST_CASE("migration: request refusals name their rule",
          "[decider][migration]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  SECTION("fields are validated") {
    pb::Command c = MigrateCmd("", pb::LEVEL_CITY, "370811");
    c.mutable_request_migration()->set_reasons("");
    f.When(c, Context(Owner(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "MIGRATION_INVALID");
    CHECK(f.Fields() ==
          std::vector<std::string>{"reasons", "to_organization", "to_region"});
    f.When(MigrateCmd("jn-wsj", pb::LEVEL_UNSPECIFIED, "3708"),
           Context(Owner(), kNow));
    CHECK(f.Fields() == std::vector<std::string>{"to_level"});
  }
  SECTION("not to itself") {
    f.When(MigrateCmd("rc-wsj", pb::LEVEL_COUNTY, "370811"),
           Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "MIGRATION_SAME_ORGANIZATION");
  }
  SECTION("only the owner") {
    f.When(MigrateCmd("jn-wsj", pb::LEVEL_CITY, "3708"),
           Context(CityProvider("jn-wsj"), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  }
  SECTION("only a published entry") {
    DeciderFixture g;
    g.Given({Created(kEntry, Owner(), ValidContent())});
    g.When(MigrateCmd("jn-wsj", pb::LEVEL_CITY, "3708"),
           Context(Owner(), kNow));
    g.ThenError(StatusCode::kFailedPrecondition, "CATALOG_ENTRY_NOT_PUBLISHED");
  }
}

// ------------------------------------------------------------ withdraw

pb::EventPayload Requested(int n) {
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_requested()->set_takedown(n);
  p.mutable_catalog_entry_takedown_requested()->set_reasons(kReasons);
  return p;
}

pb::EventPayload Withdrawn(int n) {
  pb::EventPayload p;
  p.mutable_catalog_entry_takedown_withdrawn()->set_takedown(n);
  return p;
}

pb::EventPayload CityApproved(int n, absl::Time end) {
  pb::EventPayload p;
  auto* e = p.mutable_catalog_entry_takedown_approved();
  e->set_takedown(n);
  e->set_step(pb::LEVEL_CITY);
  e->set_notice_started(true);
  *e->mutable_notice_end_time() = ToProto(end);
  return p;
}

TEST_CASE("takedown withdraw: before the notice only", "[decider][takedown]") {
  DeciderFixture f;
  f.Given(PublishedHistory());
  f.When(WithdrawCmd(), Context(Owner(), kNow));
  f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING");
  f.Given({Requested(1)});
  SECTION("only the owner") {
    f.When(WithdrawCmd(), Context(CountyProvider("370811", "rc-jtj"), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "NOT_ENTRY_OWNER");
  }
  SECTION("withdrawn while applied; a new application may follow") {
    f.When(WithdrawCmd(), Context(Owner(), kNow));
    f.ThenEvents({Withdrawn(1)});
    f.GivenBy(Owner(), kNow, *f.result());
    CHECK(f.state().takedown.state() == pb::TAKEDOWN_STATE_WITHDRAWN);
    CHECK(f.state().state == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    f.When(WithdrawCmd(), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_NOT_PENDING");
  }
  SECTION("withdrawn after the county approval") {
    pb::EventPayload county;
    county.mutable_catalog_entry_takedown_approved()->set_takedown(1);
    county.mutable_catalog_entry_takedown_approved()->set_step(
        pb::LEVEL_COUNTY);
    f.Given({county});
    f.When(WithdrawCmd(), Context(Owner(), kNow));
    f.ThenEvents({Withdrawn(1)});
  }
  SECTION("refused once the notice runs") {
    f.Given({CityApproved(1, At("2026-03-16T23:59:59+08:00"))});
    f.When(WithdrawCmd(), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "TAKEDOWN_NOTICE_RUNNING");
  }
}

// ------------------------------------------------------------ destruction

std::vector<pb::EventPayload> TakenDownHistory() {
  std::vector<pb::EventPayload> h = PublishedHistory();
  h.push_back(Requested(1));
  h.push_back(CityApproved(1, At("2026-03-16T23:59:59+08:00")));
  pb::EventPayload taken;
  taken.mutable_catalog_entry_taken_down()->set_takedown(1);
  h.push_back(taken);
  return h;
}

TEST_CASE("destruction: of a taken-down entry, final", "[decider][takedown]") {
  DeciderFixture f;
  SECTION("only a taken-down entry") {
    f.Given(PublishedHistory());
    f.When(DestroyCmd("不宜再开放"), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition,
                "CATALOG_ENTRY_NOT_TAKEN_DOWN");
  }
  SECTION("reasons, jurisdiction, role") {
    f.Given(TakenDownHistory());
    f.When(DestroyCmd(""), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kInvalidArgument, "DESTRUCTION_INVALID");
    f.When(DestroyCmd("不宜再开放"), Context(CountyReviewer("370883"), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
    f.When(DestroyCmd("不宜再开放"), Context(Owner(), kNow));
    f.ThenError(StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  }
  SECTION("a pending change must be decided first") {
    std::vector<pb::EventPayload> h = PublishedHistory();
    pb::CatalogEntryContent weekly = ValidContent();
    weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
    f.Given(h);
    f.When(ApplyCmd(weekly), Context(Owner(), kNow));
    f.GivenBy(Owner(), kNow, *f.result());
    f.Given({Requested(1), CityApproved(1, At("2026-03-16T23:59:59+08:00"))});
    pb::EventPayload taken;
    taken.mutable_catalog_entry_taken_down()->set_takedown(1);
    f.Given({taken});
    f.When(DestroyCmd("不宜再开放"), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "CHANGE_APPLICATION_PENDING");
  }
  SECTION("recorded; afterwards nothing changes the entry") {
    f.Given(TakenDownHistory());
    f.When(DestroyCmd("涉及国家秘密，不宜再开放"),
           Context(CountyReviewer("370811"), kNow));
    REQUIRE(f.result().ok());
    f.GivenBy(CountyReviewer("370811"), kNow, *f.result());
    CHECK(f.state().destroyed());
    CHECK(f.state().destruction.destroyed_by().subject() == "r-370811");
    CHECK(f.state().destruction.reasons() == "涉及国家秘密，不宜再开放");
    f.When(DestroyCmd("再次"), Context(CityReviewer(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "OPEN_COPY_DESTROYED");
    f.When(EditCommand(kEntry, NotOpenContent()), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "OPEN_COPY_DESTROYED");
    f.When(SubmitCommand(kEntry), Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "OPEN_COPY_DESTROYED");
    f.When(MigrateCmd("jn-wsj", pb::LEVEL_CITY, "3708"),
           Context(Owner(), kNow));
    f.ThenError(StatusCode::kFailedPrecondition, "OPEN_COPY_DESTROYED");
  }
}

// ------------------------------------------------- pipeline and projections

TEST_CASE("change: work queue rows and rebuild through the pipeline",
          "[change][migration][pipeline]") {
  DeadlineHarness h(kSubmitted);
  h.CreateAndSubmit(kEntry, Owner());
  h.MustRun(PublishCommand(kEntry), CountyReviewer("370811"));
  h.clock().Set(kNow);
  h.MustRun(ApplyCmd(NotOpenContent(), {Basis()}), Owner());
  // A takedown notice runs while the entry migrates; it still takes effect.
  pb::Command request;
  request.mutable_request_takedown()->set_catalog_entry_id(kEntry);
  request.mutable_request_takedown()->set_reasons(kReasons);
  h.MustRun(request, Owner());
  pb::Command approve;
  approve.mutable_approve_takedown()->set_catalog_entry_id(kEntry);
  h.MustRun(approve, CountyReviewer("370811"));
  h.MustRun(approve, CityReviewer());
  h.MustRun(MigrateCmd("zc-wsj", pb::LEVEL_COUNTY, "370883"), Owner());
  const std::string micros = SortableNumber(absl::ToUnixMicros(kNow), 20);
  const ProjectionRows before = AllRows(h.store());
  CHECK(before.count(absl::StrCat(kCatalogWorkPrefix, "370811/", micros, "/1/",
                                  kEntry)) == 1);
  CHECK(before.count(
            absl::StrCat(kCatalogWorkAllPrefix, micros, "/1/", kEntry)) == 1);

  const absl::Time confirmed = Shanghai(2026, 3, 3, 9, 0, 0);
  h.clock().Set(confirmed);
  h.MustRun(ConfirmCmd(), CountyProvider("370883", "zc-wsj"));
  const std::string cmicros = SortableNumber(absl::ToUnixMicros(confirmed), 20);
  // A migration to another region waits for the city reviewer.
  CHECK(AllRows(h.store()).count(absl::StrCat(kCatalogWorkPrefix, "3708/",
                                              cmicros, "/2/", kEntry)) == 1);
  h.MustRun(ApproveMigrationCmd(), CityReviewer());
  h.MustRun(RefuseChangeCmd("依据不足"), CountyReviewer("370883"));
  const pb::CatalogEntry entry = h.Entry(kEntry);
  CHECK(entry.provider_organization() == "zc-wsj");
  CHECK(entry.region() == "370883");
  CHECK(entry.current_migration().from_organization() == "rc-wsj");
  CHECK(entry.current_change().state() == pb::CHANGE_APPLICATION_STATE_REFUSED);
  for (const auto& [key, value] : AllRows(h.store())) {
    CHECK(key.rfind("catalog/work", 0) != 0);
  }

  // The notice recorded before the migration ends as it would have.
  h.clock().Set(At("2026-03-17T08:00:00+08:00"));
  CHECK(h.RunScheduler() == 1);
  CHECK(h.Entry(kEntry).state() == pb::CATALOG_ENTRY_STATE_TAKEN_DOWN);
  h.MustRun(DestroyCmd("不宜再开放"), CountyReviewer("370883"));
  CHECK(h.Entry(kEntry).destruction().destroyed_by().subject() == "r-370883");

  const absl::StatusOr<ProjectionRows> rebuilt = RebuildProjections(h.store());
  INFO(rebuilt.status().ToString());
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == AllRows(h.store()));
}

TEST_CASE("change: the work queue pages with tokens and filters by region",
          "[change][queries]") {
  PipelineHarness h;
  pb::CatalogEntryContent weekly = ValidContent();
  weekly.set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
  const std::vector<std::pair<std::string, pb::Actor>> owners = {
      {"rc-a", Owner()},
      {"zc-b", CountyProvider("370883", "zc-wsj")},
      {"jn-c", CityProvider("jn-wsj")}};
  int minute = 0;
  for (const auto& [id, owner] : owners) {
    h.MustRun(CreateCommand(id, ValidContent()), owner, kSubmitted);
    h.MustRun(SubmitCommand(id), owner, kSubmitted);
    h.MustRun(PublishCommand(id), CityReviewer(), kSubmitted);
    pb::Command apply = ApplyCmd(weekly);
    apply.mutable_apply_for_content_change()->set_catalog_entry_id(id);
    h.MustRun(apply, owner, kNow + absl::Minutes(++minute));
  }
  const CatalogQueries& q = h.queries();
  PendingChangeFilter filter;
  filter.page_size = 2;
  absl::StatusOr<PendingChangePage> first =
      q.PendingChanges(CityReviewer(), filter);
  REQUIRE(first.ok());
  REQUIRE(first->items.size() == 2);
  CHECK(first->items[0].entry.catalog_entry_id() == "rc-a");
  CHECK(first->items[1].entry.catalog_entry_id() == "zc-b");
  REQUIRE_FALSE(first->next_page_token.empty());
  filter.page_token = first->next_page_token;
  absl::StatusOr<PendingChangePage> second =
      q.PendingChanges(CityReviewer(), filter);
  REQUIRE(second.ok());
  REQUIRE(second->items.size() == 1);
  CHECK(second->items[0].entry.catalog_entry_id() == "jn-c");
  CHECK(second->items[0].decision_region == "3708");
  CHECK(second->next_page_token.empty());
  // A token is bound to its filters.
  filter.region = "370883";
  CheckError(q.PendingChanges(CityReviewer(), filter).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  filter.page_token.clear();
  absl::StatusOr<PendingChangePage> zoucheng =
      q.PendingChanges(CityReviewer(), filter);
  REQUIRE(zoucheng.ok());
  REQUIRE(zoucheng->items.size() == 1);
  CHECK(zoucheng->items[0].entry.catalog_entry_id() == "zc-b");
  // A county reviewer sees its own region only.
  filter.region.clear();
  absl::StatusOr<PendingChangePage> own =
      q.PendingChanges(CountyReviewer("370811"), filter);
  REQUIRE(own.ok());
  REQUIRE(own->items.size() == 1);
  CHECK(own->items[0].entry.catalog_entry_id() == "rc-a");
  filter.region = "370800";
  CheckError(q.PendingChanges(CityReviewer(), filter).status(),
             StatusCode::kInvalidArgument, "FILTER_INVALID");
  CheckError(q.PendingChanges(Owner(), filter).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace opendata::engine_test
