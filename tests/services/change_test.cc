// The change workflows over gRPC (issue 4, Art. 9, 10(3), 13, 14): a
// reclassification UNCONDITIONAL -> NOT_OPEN with a basis document approved by
// the county reviewer (the entry keeps its content while pending, and an edit
// of the published entry stays refused); a migration to another county that
// needs the receiver's confirmation and the city reviewer; a publicly funded
// industry entry from application (refusal impossible, returned, applied
// again) to publication by the applicant organisation's provider; takedown
// withdrawal before the notice and destruction after the takedown. The
// reviewers' work queue (ListPendingChanges) is checked along the way. The
// new RPCs are called through stubs of this file over the fixture's port.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

// A provider at the public security bureau of 邹城市 (370883).
const Identity kZouchengProvider{"qian.hao", "PROVIDER", "zc-gaj",
                                 "COUNTY",   "370883",   ""};
// 济宁学院's data officer: a legal person using the platform (role USER).
const Identity kCollege{"lab.admin", "USER", "jnxy", "CITY", "3708", "LEGAL"};
// A provider account of 济宁学院 in 任城区, after the industry approval.
const Identity kCollegeProvider{"xu.lin", "PROVIDER", "jnxy",
                                "COUNTY", "370811",   ""};

// Stubs over the fixture's server, and one call helper for every RPC.
class Client {
 public:
  explicit Client(PlatformFixture& f) : f_(f) {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                       grpc::InsecureChannelCredentials());
    provider = pb::ProviderService::NewStub(channel);
    reviewer = pb::ReviewerService::NewStub(channel);
    query = pb::QueryService::NewStub(channel);
  }

  // Calls `method` of `stub` as `who` with a fresh request id.
  template <typename Stub, typename Req, typename Resp>
  grpc::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Req&, Resp*),
                    const Identity& who, Req request, Resp* out = nullptr) {
    Resp ignored;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    context.AddMetadata("authorization", f_.Bearer(who));
    if constexpr (requires { request.set_request_id(""); }) {
      request.set_request_id(f_.FreshRequestId());
    }
    return (stub.*method)(&context, request, out != nullptr ? out : &ignored);
  }

  std::vector<pb::PendingChange> Pending(const Identity& who,
                                         const std::string& region = "") {
    pb::ListPendingChangesRequest request;
    request.set_region(region);
    pb::ListPendingChangesResponse response;
    REQUIRE_OK(Call(*query, &pb::QueryService::Stub::ListPendingChanges, who,
                    request, &response));
    return {response.changes().begin(), response.changes().end()};
  }

  std::unique_ptr<pb::ProviderService::Stub> provider;
  std::unique_ptr<pb::ReviewerService::Stub> reviewer;
  std::unique_ptr<pb::QueryService::Stub> query;

 private:
  PlatformFixture& f_;
};

void Published(PlatformFixture& f, const Identity& owner,
               const Identity& reviewer, const std::string& id,
               const pb::CatalogEntryContent& content) {
  f.MustCreate(owner, id, content);
  f.MustSubmit(owner, id);
  f.MustPublish(reviewer, id);
}

void CheckRefused(const grpc::Status& status, grpc::StatusCode code,
                  const std::string& reason) {
  INFO(Describe(status));
  CHECK(status.error_code() == code);
  CHECK(ErrorReason(status) == reason);
}

int CountOf(const std::vector<pb::EventEnvelope>& events,
            const std::string& type) {
  int n = 0;
  for (const pb::EventEnvelope& e : events) n += e.event_type() == type;
  return n;
}

TEST_CASE("changes: UNCONDITIONAL to NOT_OPEN with a basis by the county",
          "[services][change]") {
  PlatformFixture f(At("2026-02-26T10:00:00+08:00"));
  Client c(f);
  const std::string id = "rc-gaj-stations";
  Published(f, kRenchengProvider, kRenchengReviewer, id,
            UnconditionalContent("治安卡口点位"));
  f.clock().Set(At("2026-03-02T09:00:00+08:00"));

  pb::ApplyForContentChangeRequest apply;
  apply.set_catalog_entry_id(id);
  *apply.mutable_content() = NotOpenContent("治安卡口点位");
  apply.set_reasons("上位法修订，点位信息涉及公共安全");
  CheckRefused(
      c.Call(*c.provider, &pb::ProviderService::Stub::ApplyForContentChange,
             kRenchengProvider, apply),
      grpc::StatusCode::FAILED_PRECONDITION, "ART9_BASIS_REQUIRED");
  auto* basis = apply.add_basis_documents();
  basis->set_title("关于加强公共安全视频图像信息管理的通知");
  basis->set_reference("鲁公通〔2026〕8号");
  basis->set_issuer("山东省公安厅");
  basis->set_issue_date("2026-02-01");
  pb::ApplyForContentChangeResponse applied;
  REQUIRE_OK(c.Call(*c.provider,
                    &pb::ProviderService::Stub::ApplyForContentChange,
                    kRenchengProvider, apply, &applied));
  // Pending: still published with the old content, visible to everyone.
  const pb::CatalogEntry pending = f.MustGet(kCitizen, id);
  CHECK(pending.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(pending.content().open_attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  CHECK(pending.current_change().kind() == pb::CONTENT_CHANGE_KIND_RESTRICTION);
  CHECK(pending.current_change().state() ==
        pb::CHANGE_APPLICATION_STATE_PENDING);

  // A provider never changes a published entry's attribute directly.
  pb::UpdateCatalogEntryRequest edit;
  edit.set_request_id(f.FreshRequestId());
  edit.set_catalog_entry_id(id);
  *edit.mutable_content() = NotOpenContent("治安卡口点位");
  CheckRefused(f.Update(f.Bearer(kRenchengProvider), edit),
               grpc::StatusCode::FAILED_PRECONDITION,
               "CATALOG_ENTRY_NOT_EDITABLE");

  // The work queue of 任城区 (and the city) shows it; 邹城市 has no say.
  const std::vector<pb::PendingChange> queue = c.Pending(kRenchengReviewer);
  REQUIRE(queue.size() == 1);
  CHECK(queue[0].kind() == pb::PENDING_CHANGE_KIND_CONTENT_CHANGE);
  CHECK(queue[0].catalog_entry().catalog_entry_id() == id);
  CHECK(queue[0].decision_region() == "370811");
  CHECK(TimeOf(queue[0].waiting_since()) == At("2026-03-02T09:00:00+08:00"));
  CHECK(c.Pending(kCityReviewer).size() == 1);
  CHECK(c.Pending(kZouchengReviewer).empty());
  pb::ListPendingChangesRequest other;
  other.set_region("370811");
  CheckRefused(c.Call(*c.query, &pb::QueryService::Stub::ListPendingChanges,
                      kZouchengReviewer, other),
               grpc::StatusCode::PERMISSION_DENIED, "OUTSIDE_JURISDICTION");
  CheckRefused(c.Call(*c.query, &pb::QueryService::Stub::ListPendingChanges,
                      kRenchengProvider, other),
               grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_ALLOWED");

  pb::ApproveContentChangeRequest approve;
  approve.set_catalog_entry_id(id);
  CheckRefused(
      c.Call(*c.reviewer, &pb::ReviewerService::Stub::ApproveContentChange,
             kZouchengReviewer, approve),
      grpc::StatusCode::PERMISSION_DENIED, "OUTSIDE_JURISDICTION");
  pb::ApproveContentChangeResponse approved;
  REQUIRE_OK(c.Call(*c.reviewer,
                    &pb::ReviewerService::Stub::ApproveContentChange,
                    kRenchengReviewer, approve, &approved));
  const pb::CatalogEntry& entry = approved.catalog_entry();
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(entry.content().open_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN);
  CHECK(entry.current_change().state() ==
        pb::CHANGE_APPLICATION_STATE_APPROVED);
  CHECK(entry.current_change().reviewer().subject() == "sun.li");
  CHECK(c.Pending(kRenchengReviewer).empty());
  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents("catalog-entry/" + id);
  REQUIRE(events.back().event_type() == "catalog_entry_change_approved");
  const auto& e = events.back().payload().catalog_entry_change_approved();
  CHECK(e.old_attribute() == pb::OPEN_ATTRIBUTE_UNCONDITIONAL);
  CHECK(e.new_attribute() == pb::OPEN_ATTRIBUTE_NOT_OPEN);
  CHECK(std::vector<std::string>(e.changed_fields().begin(),
                                 e.changed_fields().end()) ==
        std::vector<std::string>{"legal_basis", "open_attribute"});
}

TEST_CASE("changes: a migration to another county needs the city reviewer",
          "[services][migration]") {
  PlatformFixture f(At("2026-02-26T10:00:00+08:00"));
  Client c(f);
  const std::string id = "rc-gaj-permits";
  Published(f, kRenchengProvider, kRenchengReviewer, id,
            UnconditionalContent("户籍办理网点"));

  pb::RequestMigrationRequest request;
  request.set_catalog_entry_id(id);
  request.set_to_organization("zc-gaj");
  request.set_to_level(pb::LEVEL_COUNTY);
  request.set_to_region("370883");
  request.set_reasons("网点管理职责划转邹城市公安局");
  pb::RequestMigrationResponse requested;
  REQUIRE_OK(c.Call(*c.provider, &pb::ProviderService::Stub::RequestMigration,
                    kRenchengProvider, request, &requested));
  CHECK(requested.catalog_entry().current_migration().state() ==
        pb::CHANGE_APPLICATION_STATE_PENDING);

  pb::ApproveMigrationRequest approve;
  approve.set_catalog_entry_id(id);
  CheckRefused(c.Call(*c.reviewer, &pb::ReviewerService::Stub::ApproveMigration,
                      kCityReviewer, approve),
               grpc::StatusCode::FAILED_PRECONDITION,
               "ART13_RECEIVER_CONFIRMATION_REQUIRED");
  pb::ConfirmMigrationRequest confirm;
  confirm.set_catalog_entry_id(id);
  CheckRefused(c.Call(*c.provider, &pb::ProviderService::Stub::ConfirmMigration,
                      kGajProvider, confirm),
               grpc::StatusCode::PERMISSION_DENIED, "NOT_MIGRATION_RECEIVER");
  f.clock().Set(At("2026-03-02T11:00:00+08:00"));
  REQUIRE_OK(c.Call(*c.provider, &pb::ProviderService::Stub::ConfirmMigration,
                    kZouchengProvider, confirm));

  // Waits for the city reviewer, not for either county's.
  CHECK(c.Pending(kRenchengReviewer).empty());
  CHECK(c.Pending(kZouchengReviewer).empty());
  const std::vector<pb::PendingChange> queue = c.Pending(kCityReviewer, "3708");
  REQUIRE(queue.size() == 1);
  CHECK(queue[0].kind() == pb::PENDING_CHANGE_KIND_MIGRATION);
  CHECK(queue[0].decision_region() == "3708");

  CheckRefused(c.Call(*c.reviewer, &pb::ReviewerService::Stub::ApproveMigration,
                      kRenchengReviewer, approve),
               grpc::StatusCode::PERMISSION_DENIED,
               "ART13_CITY_APPROVAL_REQUIRED");
  pb::ApproveMigrationResponse approved;
  REQUIRE_OK(c.Call(*c.reviewer, &pb::ReviewerService::Stub::ApproveMigration,
                    kCityReviewer, approve, &approved));
  const pb::CatalogEntry& entry = approved.catalog_entry();
  CHECK(entry.provider_organization() == "zc-gaj");
  CHECK(entry.region() == "370883");
  CHECK(entry.level() == pb::LEVEL_COUNTY);
  CHECK(entry.current_migration().from_organization() == "rc-gaj");
  CHECK(entry.current_migration().receiver().subject() == "qian.hao");
  const std::vector<pb::EventEnvelope> events =
      f.RecordedEvents("catalog-entry/" + id);
  CHECK(CountOf(events, "catalog_entry_created") == 1);
  // The approval, then the upkeep clocks (Art. 12) handed over to the new
  // owner: each cancelled and restarted with the same due time.
  REQUIRE(events.size() >= 5);
  const pb::EventEnvelope& migrated = events[events.size() - 5];
  REQUIRE(migrated.event_type() == "catalog_entry_migration_approved");
  CHECK(migrated.payload().catalog_entry_migration_approved().from_region() ==
        "370811");
  std::map<pb::DeadlineKind, pb::Deadline> cancelled, started;
  for (size_t i = events.size() - 4; i < events.size(); ++i) {
    const pb::EventPayload& p = events[i].payload();
    if (p.has_deadline_cancelled()) {
      CHECK(p.deadline_cancelled().reason() == "entry migrated to zc-gaj");
      for (const pb::EventEnvelope& e : events) {
        if (e.payload().has_deadline_started() &&
            e.payload().deadline_started().deadline().deadline_id() ==
                p.deadline_cancelled().deadline_id()) {
          const pb::Deadline& d = e.payload().deadline_started().deadline();
          cancelled[d.kind()] = d;
        }
      }
    } else {
      REQUIRE(p.has_deadline_started());
      started[p.deadline_started().deadline().kind()] =
          p.deadline_started().deadline();
    }
  }
  REQUIRE(cancelled.size() == 2);
  REQUIRE(started.size() == 2);
  const pb::Deadline& update = started.at(pb::DEADLINE_KIND_DATA_UPDATE);
  CHECK(
      cancelled.at(pb::DEADLINE_KIND_DATA_UPDATE).responsible_organization() ==
      "rc-gaj");
  CHECK(update.responsible_organization() == "zc-gaj");
  CHECK(update.responsible_region() == "370883");
  CHECK(update.due_time().seconds() ==
        cancelled.at(pb::DEADLINE_KIND_DATA_UPDATE).due_time().seconds());
  const pb::Deadline& quality =
      started.at(pb::DEADLINE_KIND_QUALITY_ASSESSMENT);
  CHECK(quality.responsible_role() == pb::ROLE_REVIEWER);
  CHECK(quality.responsible_region() == "370883");
  CHECK(
      quality.due_time().seconds() ==
      cancelled.at(pb::DEADLINE_KIND_QUALITY_ASSESSMENT).due_time().seconds());

  // The new owner acts on the entry; the old one no longer does.
  pb::RequestTakedownRequest takedown;
  takedown.set_request_id(f.FreshRequestId());
  takedown.set_catalog_entry_id(id);
  takedown.set_reasons("网点撤并");
  CheckRefused(f.RequestTakedown(f.Bearer(kRenchengProvider), takedown),
               grpc::StatusCode::PERMISSION_DENIED, "NOT_ENTRY_OWNER");
  takedown.set_request_id(f.FreshRequestId());
  REQUIRE_OK(f.RequestTakedown(f.Bearer(kZouchengProvider), takedown));
}

TEST_CASE("changes: a publicly funded industry entry to publication",
          "[services][industry]") {
  PlatformFixture f(At("2026-03-02T09:00:00+08:00"));
  Client c(f);
  const std::string id = "jnxy-water-quality";
  pb::ApplyForIndustryEntryRequest apply;
  apply.set_catalog_entry_id(id);
  *apply.mutable_content() = UnconditionalContent("南四湖水质监测数据");
  auto* d = apply.mutable_declaration();
  d->set_institution_kind(pb::INSTITUTION_KIND_UNIVERSITY);
  d->set_region("370811");
  d->set_publicly_funded(true);
  d->set_funding_programme("济宁市重点研发计划");
  d->set_funder("济宁市科学技术局");
  d->set_funding_evidence("2025JNZC-017");

  CheckRefused(
      c.Call(*c.provider, &pb::ProviderService::Stub::ApplyForIndustryEntry,
             kCitizen, apply),
      grpc::StatusCode::PERMISSION_DENIED, "LEGAL_PERSON_REQUIRED");
  CheckRefused(
      c.Call(*c.provider, &pb::ProviderService::Stub::ApplyForIndustryEntry,
             kGajProvider, apply),
      grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_ALLOWED");
  pb::ApplyForIndustryEntryResponse applied;
  REQUIRE_OK(c.Call(*c.provider,
                    &pb::ProviderService::Stub::ApplyForIndustryEntry, kCollege,
                    apply, &applied));
  CHECK(applied.catalog_entry().state() ==
        pb::CATALOG_ENTRY_STATE_INDUSTRY_APPLIED);
  CHECK(applied.catalog_entry().industry().applied_by().subject() ==
        "lab.admin");
  // Not public yet.
  CheckRefused(f.Get(f.Bearer(kCitizen), id), grpc::StatusCode::NOT_FOUND,
               "CATALOG_ENTRY_NOT_FOUND");
  REQUIRE(c.Pending(kRenchengReviewer).size() == 1);

  pb::RefuseIndustryEntryRequest refuse;
  refuse.set_catalog_entry_id(id);
  refuse.set_reasons("不予开放");
  CheckRefused(
      c.Call(*c.reviewer, &pb::ReviewerService::Stub::RefuseIndustryEntry,
             kRenchengReviewer, refuse),
      grpc::StatusCode::FAILED_PRECONDITION, "ART10_PUBLICLY_FUNDED_MUST_OPEN");
  pb::ReturnIndustryEntryRequest ret;
  ret.set_catalog_entry_id(id);
  ret.set_reasons("请补充数据字典中采样点位字段说明");
  pb::ReturnIndustryEntryResponse returned;
  REQUIRE_OK(c.Call(*c.reviewer,
                    &pb::ReviewerService::Stub::ReturnIndustryEntry,
                    kRenchengReviewer, ret, &returned));
  CHECK(returned.catalog_entry().state() ==
        pb::CATALOG_ENTRY_STATE_INDUSTRY_RETURNED);
  REQUIRE_OK(c.Call(*c.provider,
                    &pb::ProviderService::Stub::ApplyForIndustryEntry, kCollege,
                    apply));

  pb::ApproveIndustryEntryRequest approve;
  approve.set_catalog_entry_id(id);
  CheckRefused(
      c.Call(*c.reviewer, &pb::ReviewerService::Stub::ApproveIndustryEntry,
             kZouchengReviewer, approve),
      grpc::StatusCode::PERMISSION_DENIED, "OUTSIDE_JURISDICTION");
  pb::ApproveIndustryEntryResponse approved;
  REQUIRE_OK(c.Call(*c.reviewer,
                    &pb::ReviewerService::Stub::ApproveIndustryEntry,
                    kRenchengReviewer, approve, &approved));
  CHECK(approved.catalog_entry().state() == pb::CATALOG_ENTRY_STATE_DRAFT);
  CHECK(approved.catalog_entry().provider_organization() == "jnxy");

  // The college's provider follows the normal workflow.
  f.MustSubmit(kCollegeProvider, id);
  f.MustPublish(kRenchengReviewer, id);
  const pb::CatalogEntry entry = f.MustGet(kCitizen, id);
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(entry.provider_organization() == "jnxy");
  CHECK(entry.industry().number() == 2);
  CHECK(entry.industry().declaration().publicly_funded());
  CHECK(entry.industry().declaration().institution_kind() ==
        pb::INSTITUTION_KIND_UNIVERSITY);
}

TEST_CASE("changes: takedown withdrawal and destruction",
          "[services][takedown]") {
  PlatformFixture f(At("2026-02-26T10:00:00+08:00"));
  Client c(f);
  const std::string id = "jn-gaj-cameras";
  Published(f, kGajProvider, kCityReviewer, id,
            UnconditionalContent("交通监控点位"));
  f.clock().Set(At("2026-03-02T09:00:00+08:00"));
  pb::RequestTakedownRequest takedown;
  takedown.set_catalog_entry_id(id);
  takedown.set_reasons("点位调整");
  takedown.set_request_id(f.FreshRequestId());
  REQUIRE_OK(f.RequestTakedown(f.Bearer(kGajProvider), takedown));
  pb::WithdrawTakedownRequest withdraw;
  withdraw.set_catalog_entry_id(id);
  pb::WithdrawTakedownResponse withdrawn;
  REQUIRE_OK(c.Call(*c.provider, &pb::ProviderService::Stub::WithdrawTakedown,
                    kGajProvider, withdraw, &withdrawn));
  CHECK(withdrawn.catalog_entry().current_takedown().state() ==
        pb::TAKEDOWN_STATE_WITHDRAWN);
  CHECK(withdrawn.catalog_entry().state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);

  takedown.set_request_id(f.FreshRequestId());
  REQUIRE_OK(f.RequestTakedown(f.Bearer(kGajProvider), takedown));
  pb::ApproveTakedownRequest approve;
  approve.set_request_id(f.FreshRequestId());
  approve.set_catalog_entry_id(id);
  REQUIRE_OK(f.ApproveTakedown(f.Bearer(kCityReviewer), approve));
  CheckRefused(c.Call(*c.provider, &pb::ProviderService::Stub::WithdrawTakedown,
                      kGajProvider, withdraw),
               grpc::StatusCode::FAILED_PRECONDITION,
               "TAKEDOWN_NOTICE_RUNNING");

  pb::DestroyOpenCopyRequest destroy;
  destroy.set_catalog_entry_id(id);
  destroy.set_reasons("点位信息涉密，不宜再开放");
  CheckRefused(c.Call(*c.reviewer, &pb::ReviewerService::Stub::DestroyOpenCopy,
                      kCityReviewer, destroy),
               grpc::StatusCode::FAILED_PRECONDITION,
               "CATALOG_ENTRY_NOT_TAKEN_DOWN");
  f.clock().Set(At("2026-03-17T00:00:05+08:00"));
  CHECK(f.RunSchedulerOnce() == 1);
  f.clock().Set(At("2026-03-18T10:00:00+08:00"));
  CheckRefused(c.Call(*c.reviewer, &pb::ReviewerService::Stub::DestroyOpenCopy,
                      kRenchengReviewer, destroy),
               grpc::StatusCode::PERMISSION_DENIED, "OUTSIDE_JURISDICTION");
  pb::DestroyOpenCopyResponse destroyed;
  REQUIRE_OK(c.Call(*c.reviewer, &pb::ReviewerService::Stub::DestroyOpenCopy,
                    kCityReviewer, destroy, &destroyed));
  const pb::Destruction& record = destroyed.catalog_entry().destruction();
  CHECK(record.destroyed_by().subject() == "li.na");
  CHECK(record.reasons() == "点位信息涉密，不宜再开放");
  CHECK(TimeOf(record.destroy_time()) == At("2026-03-18T10:00:00+08:00"));
  CHECK(f.MustGet(kAuditor, id).destruction().reasons() ==
        "点位信息涉密，不宜再开放");
  // Never changed again.
  pb::UpdateCatalogEntryRequest edit;
  edit.set_request_id(f.FreshRequestId());
  edit.set_catalog_entry_id(id);
  *edit.mutable_content() = UnconditionalContent("交通监控点位");
  CheckRefused(f.Update(f.Bearer(kGajProvider), edit),
               grpc::StatusCode::FAILED_PRECONDITION, "OPEN_COPY_DESTROYED");
  CheckRefused(c.Call(*c.reviewer, &pb::ReviewerService::Stub::DestroyOpenCopy,
                      kCityReviewer, destroy),
               grpc::StatusCode::FAILED_PRECONDITION, "OPEN_COPY_DESTROYED");
}

TEST_CASE("changes: refusals and declines carry their reasons",
          "[services][change][migration][industry]") {
  PlatformFixture f(At("2026-02-26T10:00:00+08:00"));
  Client c(f);
  const std::string id = "jn-gaj-offices";
  Published(f, kGajProvider, kCityReviewer, id,
            UnconditionalContent("办事大厅地址"));
  pb::ApplyForContentChangeRequest apply;
  apply.set_catalog_entry_id(id);
  *apply.mutable_content() = UnconditionalContent("办事大厅地址");
  apply.mutable_content()->set_update_frequency(pb::UPDATE_FREQUENCY_WEEKLY);
  apply.set_reasons("更新更频繁");
  REQUIRE_OK(c.Call(*c.provider,
                    &pb::ProviderService::Stub::ApplyForContentChange,
                    kGajProvider, apply));
  pb::RefuseContentChangeRequest refuse_change;
  refuse_change.set_catalog_entry_id(id);
  refuse_change.set_reasons("无需调整");
  pb::RefuseContentChangeResponse refused_change;
  REQUIRE_OK(c.Call(*c.reviewer,
                    &pb::ReviewerService::Stub::RefuseContentChange,
                    kCityReviewer, refuse_change, &refused_change));
  CHECK(refused_change.catalog_entry().current_change().refusal_reasons() ==
        "无需调整");

  pb::RequestMigrationRequest migrate;
  migrate.set_catalog_entry_id(id);
  migrate.set_to_organization("jn-jtj");
  migrate.set_to_level(pb::LEVEL_CITY);
  migrate.set_to_region("3708");
  migrate.set_reasons("职责划转");
  REQUIRE_OK(c.Call(*c.provider, &pb::ProviderService::Stub::RequestMigration,
                    kGajProvider, migrate));
  pb::DeclineMigrationRequest decline;
  decline.set_catalog_entry_id(id);
  decline.set_reasons("不属于本局职责");
  pb::DeclineMigrationResponse declined;
  REQUIRE_OK(c.Call(*c.provider, &pb::ProviderService::Stub::DeclineMigration,
                    kJtjProvider, decline, &declined));
  CHECK(declined.catalog_entry().current_migration().state() ==
        pb::CHANGE_APPLICATION_STATE_DECLINED);
  CHECK(declined.catalog_entry().current_migration().refusal_reasons() ==
        "不属于本局职责");
  REQUIRE_OK(c.Call(*c.provider, &pb::ProviderService::Stub::RequestMigration,
                    kGajProvider, migrate));
  pb::RefuseMigrationRequest refuse_migration;
  refuse_migration.set_catalog_entry_id(id);
  refuse_migration.set_reasons("职责未调整");
  pb::RefuseMigrationResponse refused_migration;
  REQUIRE_OK(c.Call(*c.reviewer, &pb::ReviewerService::Stub::RefuseMigration,
                    kCityReviewer, refuse_migration, &refused_migration));
  CHECK(refused_migration.catalog_entry().current_migration().number() == 2);
  CHECK(refused_migration.catalog_entry().current_migration().state() ==
        pb::CHANGE_APPLICATION_STATE_REFUSED);
  CHECK(refused_migration.catalog_entry().provider_organization() == "jn-gaj");

  pb::ApplyForIndustryEntryRequest industry;
  industry.set_catalog_entry_id("corp-sales");
  *industry.mutable_content() = UnconditionalContent("门店客流统计");
  industry.mutable_declaration()->set_institution_kind(
      pb::INSTITUTION_KIND_ENTERPRISE);
  industry.mutable_declaration()->set_region("3708");
  REQUIRE_OK(c.Call(*c.provider,
                    &pb::ProviderService::Stub::ApplyForIndustryEntry, kCollege,
                    industry));
  pb::RefuseIndustryEntryRequest refuse_industry;
  refuse_industry.set_catalog_entry_id("corp-sales");
  refuse_industry.set_reasons("与公共利益无关");
  CheckRefused(
      c.Call(*c.reviewer, &pb::ReviewerService::Stub::RefuseIndustryEntry,
             kRenchengReviewer, refuse_industry),
      grpc::StatusCode::PERMISSION_DENIED, "OUTSIDE_JURISDICTION");
  pb::RefuseIndustryEntryResponse refused_industry;
  REQUIRE_OK(c.Call(*c.reviewer,
                    &pb::ReviewerService::Stub::RefuseIndustryEntry,
                    kCityReviewer, refuse_industry, &refused_industry));
  CHECK(refused_industry.catalog_entry().state() ==
        pb::CATALOG_ENTRY_STATE_INDUSTRY_REFUSED);
  CHECK(refused_industry.catalog_entry().industry().decision_reasons() ==
        "与公共利益无关");
}

}  // namespace
}  // namespace opendata::testing
