// The whole catalog workflow over gRPC (Art. 7, 8, 10): create, refused
// submission naming the rule, update, submission with the hand-computed review
// deadline, the review queue, return with defects, the one-time notice refusal,
// resubmission, publication and what readers see; plus the overdue flag at its
// boundary.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Catch::Matchers::Equals;
using Catch::Matchers::VectorContains;

// Submitted at 2026-02-13T10:00+08:00 (Friday). The start day does not count;
// Sat 14 Feb is a make-up working day (day 1); 15-23 Feb is the Spring Festival
// holiday; Tue 24 Feb is day 2. The deadline is the end of that day in
// Asia/Shanghai: 2026-02-24T23:59:59+08:00 = 2026-02-24T15:59:59Z = 1771948799.
constexpr int64_t kFirstDueUnixSeconds = 1771948799;

// Resubmitted at 2026-02-24T09:00+08:00 (Tuesday): Wed 25 Feb is day 1, Thu 26
// Feb day 2, so the deadline is 2026-02-26T23:59:59+08:00 =
// 2026-02-26T15:59:59Z = 1772121599.
constexpr int64_t kSecondDueUnixSeconds = 1772121599;

TEST_CASE("catalog entry goes from draft to published over gRPC",
          "[services][workflow]") {
  PlatformFixture f;
  const std::string provider = f.Bearer(kGajProvider);
  const std::string reviewer = f.Bearer(kCityReviewer);

  // 1. Create a draft: CONDITIONAL without a condition is fine while a draft.
  pb::CreateCatalogEntryRequest create;
  create.set_request_id("wf-create-1");
  create.set_catalog_entry_id("jn-gaj-001");
  *create.mutable_content() = ConditionalWithoutCondition();
  pb::CreateCatalogEntryResponse created;
  REQUIRE_OK(f.Create(provider, create, &created));
  CHECK(created.receipt().request_id() == "wf-create-1");
  // The log holds only what the platform recorded at start-up (the shipped
  // calendar years); the create is the next event.
  CHECK(created.receipt().first_sequence() == f.startup_head() + 1);
  CHECK(created.receipt().last_sequence() == f.startup_head() + 1);
  CHECK(created.receipt().stream_version() == 1);
  CHECK_FALSE(created.receipt().replayed());
  const pb::CatalogEntry& draft = created.catalog_entry();
  CHECK(draft.catalog_entry_id() == "jn-gaj-001");
  CHECK(draft.provider_organization() == "jn-gaj");
  CHECK(draft.level() == pb::LEVEL_CITY);
  CHECK(draft.region() == "3708");
  CHECK(draft.state() == pb::CATALOG_ENTRY_STATE_DRAFT);
  CHECK(draft.version() == 1);
  CHECK(draft.submissions() == 0);
  CHECK(TimeOf(draft.create_time()) == FakeStart());
  CHECK(draft.content().name() == "机动车登记信息");

  // A draft is invisible to other providers and to users.
  CHECK(f.Get(f.Bearer(kJtjProvider), "jn-gaj-001").error_code() ==
        grpc::StatusCode::NOT_FOUND);
  CHECK(f.Get(f.Bearer(kCitizen), "jn-gaj-001").error_code() ==
        grpc::StatusCode::NOT_FOUND);

  // 2. Submitting is refused, naming the Art. 7 rule.
  pb::SubmitCatalogEntryRequest submit;
  submit.set_request_id("wf-submit-1");
  submit.set_catalog_entry_id("jn-gaj-001");
  const grpc::Status refused = f.Submit(provider, submit);
  INFO(Describe(refused));
  REQUIRE(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(DetailsMatchCode(refused));
  CHECK(ErrorDomain(refused) == "opendata.jining.gov.cn");
  CHECK(ErrorReason(refused) == "SUBMISSION_INCOMPLETE");
  CHECK_THAT(PreconditionTypes(refused),
             Equals(std::vector<std::string>{"ART7_CONDITION_REQUIRED"}));
  CHECK_THAT(PreconditionSubjects(refused),
             Equals(std::vector<std::string>{"content.conditions"}));
  CHECK(f.MustGet(kGajProvider, "jn-gaj-001").version() == 1);

  // 3. Add the condition (pinned to version 1) and submit: the review clock
  // starts, recorded as a second event (catalog_entry_submitted at version 3,
  // deadline_started at version 4).
  pb::UpdateCatalogEntryRequest update;
  update.set_request_id("wf-update-1");
  update.set_catalog_entry_id("jn-gaj-001");
  update.set_expected_version(1);
  *update.mutable_content() = ConditionalContent();
  pb::UpdateCatalogEntryResponse updated;
  REQUIRE_OK(f.Update(provider, update, &updated));
  CHECK(updated.catalog_entry().version() == 2);
  CHECK(updated.catalog_entry().content().conditions_size() == 1);
  CHECK(updated.receipt().first_sequence() == f.startup_head() + 2);

  submit.set_request_id("wf-submit-2");
  pb::SubmitCatalogEntryResponse submitted;
  REQUIRE_OK(f.Submit(provider, submit, &submitted));
  const pb::CatalogEntry& under_review = submitted.catalog_entry();
  CHECK(under_review.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
  CHECK(under_review.version() == 4);
  CHECK(under_review.submissions() == 1);
  CHECK(TimeOf(under_review.submit_time()) == FakeStart());
  CHECK(under_review.review_due_time().seconds() == kFirstDueUnixSeconds);
  CHECK(under_review.review_due_time().nanos() == 0);
  CHECK(TimeOf(under_review.review_due_time()) ==
        At("2026-02-24T23:59:59+08:00"));
  CHECK_FALSE(under_review.review_due_provisional());
  CHECK(submitted.receipt().stream_version() == 4);
  CHECK(submitted.receipt().first_sequence() == f.startup_head() + 3);
  CHECK(submitted.receipt().last_sequence() == f.startup_head() + 4);

  // 4. The reviewer's queue shows it with its deadline.
  pb::ListPendingReviewsResponse queue;
  REQUIRE_OK(f.Pending(reviewer, {}, &queue));
  REQUIRE(queue.reviews_size() == 1);
  const pb::PendingReview& item = queue.reviews(0);
  CHECK(item.catalog_entry_id() == "jn-gaj-001");
  CHECK(item.name() == "机动车登记信息");
  CHECK(item.provider_organization() == "jn-gaj");
  CHECK(item.region() == "3708");
  CHECK(item.submission() == 1);
  CHECK(TimeOf(item.submit_time()) == FakeStart());
  CHECK(item.review_due_time().seconds() == kFirstDueUnixSeconds);
  CHECK_FALSE(item.review_due_provisional());
  CHECK_FALSE(item.overdue());
  CHECK(queue.next_page_token().empty());

  // A county reviewer does not see the city's queue.
  pb::ListPendingReviewsResponse county_queue;
  REQUIRE_OK(f.Pending(f.Bearer(kRenchengReviewer), {}, &county_queue));
  CHECK(county_queue.reviews_size() == 0);

  // The provider cannot edit while the review runs.
  update.set_request_id("wf-update-during-review");
  update.set_expected_version(0);
  const grpc::Status locked = f.Update(provider, update);
  CHECK(locked.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(locked) == "CATALOG_ENTRY_NOT_EDITABLE");

  // 5. Return with every defect at once; the review clock is met (a second
  // event).
  f.clock().Set(At("2026-02-14T15:00:00+08:00"));
  pb::ReturnCatalogEntryRequest ret;
  ret.set_request_id("wf-return-1");
  ret.set_catalog_entry_id("jn-gaj-001");
  auto* defect = ret.add_defects();
  defect->set_field("description");
  defect->set_reason("请说明数据项的统计口径");
  pb::ReturnCatalogEntryResponse returned;
  REQUIRE_OK(f.Return(reviewer, ret, &returned));
  const pb::CatalogEntry& back = returned.catalog_entry();
  CHECK(back.state() == pb::CATALOG_ENTRY_STATE_RETURNED);
  CHECK(back.version() == 6);
  CHECK(returned.receipt().last_sequence() ==
        returned.receipt().first_sequence() + 1);
  CHECK(back.last_notice().submission() == 1);
  REQUIRE(back.last_notice().defects_size() == 1);
  CHECK(back.last_notice().defects(0).field() == "description");
  CHECK(back.last_notice().reviewer().subject() == "li.na");
  CHECK(TimeOf(back.last_notice().return_time()) ==
        At("2026-02-14T15:00:00+08:00"));
  CHECK_FALSE(back.has_review_due_time());
  pb::ListPendingReviewsResponse empty_queue;
  REQUIRE_OK(f.Pending(reviewer, {}, &empty_queue));
  CHECK(empty_queue.reviews_size() == 0);

  // 6. The provider corrects the description and resubmits after the holiday.
  f.clock().Set(At("2026-02-24T09:00:00+08:00"));
  pb::CatalogEntryContent corrected = ConditionalContent();
  corrected.set_description(
      "全市机动车登记的车辆类型、使用性质与登记日期；按登记日期统计，每月初更新"
      "上月数据");
  update.set_request_id("wf-update-2");
  *update.mutable_content() = corrected;
  REQUIRE_OK(f.Update(provider, update));
  submit.set_request_id("wf-submit-3");
  REQUIRE_OK(f.Submit(provider, submit, &submitted));
  CHECK(submitted.catalog_entry().state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
  CHECK(submitted.catalog_entry().submissions() == 2);
  CHECK(submitted.catalog_entry().review_due_time().seconds() ==
        kSecondDueUnixSeconds);
  CHECK(TimeOf(submitted.catalog_entry().review_due_time()) ==
        At("2026-02-26T23:59:59+08:00"));
  const int64_t resubmitted_version = submitted.catalog_entry().version();
  // Update (7), then submitted (8) with its new review clock (9).
  CHECK(resubmitted_version == 9);

  // 7. One-time notification: "domain" was neither in the notice nor changed
  // since.
  ret.set_request_id("wf-return-2");
  ret.clear_defects();
  defect = ret.add_defects();
  defect->set_field("domain");
  defect->set_reason("领域分类不准确");
  const grpc::Status late_defect = f.Return(reviewer, ret);
  INFO(Describe(late_defect));
  REQUIRE(late_defect.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(late_defect) == "ONE_TIME_NOTICE_VIOLATION");
  CHECK_THAT(PreconditionTypes(late_defect),
             Equals(std::vector<std::string>{"ONE_TIME_NOTICE"}));
  CHECK_THAT(PreconditionSubjects(late_defect),
             Equals(std::vector<std::string>{"defects[0].field"}));
  const pb::CatalogEntry still = f.MustGet(kCityReviewer, "jn-gaj-001");
  CHECK(still.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
  CHECK(still.version() == resubmitted_version);

  // 8. Publish: catalog_entry_published, deadline_met, and the DeadlineStarted
  // of the two upkeep clocks (Art. 12).
  f.clock().Set(At("2026-02-25T11:00:00+08:00"));
  pb::PublishCatalogEntryRequest publish;
  publish.set_request_id("wf-publish-1");
  publish.set_catalog_entry_id("jn-gaj-001");
  publish.set_expected_version(resubmitted_version);
  pb::PublishCatalogEntryResponse published;
  REQUIRE_OK(f.Publish(reviewer, publish, &published));
  CHECK(published.catalog_entry().state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(published.catalog_entry().version() == resubmitted_version + 4);
  CHECK(published.receipt().last_sequence() ==
        published.receipt().first_sequence() + 3);
  CHECK(TimeOf(published.catalog_entry().publish_time()) ==
        At("2026-02-25T11:00:00+08:00"));
  CHECK(published.catalog_entry().content().description() ==
        corrected.description());

  // 9. Everyone with a token now sees it.
  for (const Identity& reader : {kCitizen, kJtjProvider, kZouchengReviewer}) {
    INFO("reader " << reader.subject);
    const pb::CatalogEntry seen = f.MustGet(reader, "jn-gaj-001");
    CHECK(seen.state() == pb::CATALOG_ENTRY_STATE_PUBLISHED);
    CHECK(seen.version() == resubmitted_version + 4);
  }
  pb::ListCatalogEntriesRequest list;
  list.set_state(pb::CATALOG_ENTRY_STATE_PUBLISHED);
  pb::ListCatalogEntriesResponse listed;
  REQUIRE_OK(f.List(f.Bearer(kCitizen), list, &listed));
  REQUIRE(listed.catalog_entries_size() == 1);
  CHECK(listed.catalog_entries(0).catalog_entry_id() == "jn-gaj-001");

  // Repeating the publish call replays its receipt; a new one is refused.
  pb::PublishCatalogEntryResponse replayed;
  REQUIRE_OK(f.Publish(reviewer, publish, &replayed));
  CHECK(replayed.receipt().replayed());
  CHECK(replayed.receipt().first_sequence() ==
        published.receipt().first_sequence());
  publish.set_request_id("wf-publish-2");
  const grpc::Status stale = f.Publish(reviewer, publish);
  CHECK(stale.error_code() == grpc::StatusCode::ABORTED);
  CHECK(ErrorReason(stale) == "VERSION_CONFLICT");
  publish.set_request_id("wf-publish-3");
  publish.set_expected_version(0);
  const grpc::Status not_under_review = f.Publish(reviewer, publish);
  CHECK(not_under_review.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(not_under_review) == "CATALOG_ENTRY_NOT_UNDER_REVIEW");
}

TEST_CASE("submission reports every broken rule at once",
          "[services][workflow]") {
  PlatformFixture f;
  pb::CatalogEntryContent content = ConditionalWithoutCondition();
  content.clear_desensitisation_rules();
  content.mutable_security_review()->set_passed(false);
  content.clear_domain();
  f.MustCreate(kGajProvider, "jn-gaj-002", content);
  pb::SubmitCatalogEntryRequest submit;
  submit.set_request_id("rules-submit");
  submit.set_catalog_entry_id("jn-gaj-002");
  const grpc::Status refused = f.Submit(f.Bearer(kGajProvider), submit);
  INFO(Describe(refused));
  REQUIRE(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(ErrorReason(refused) == "SUBMISSION_INCOMPLETE");
  const std::vector<std::string> types = PreconditionTypes(refused);
  CHECK_THAT(types, VectorContains(std::string("CONTENT_REQUIRED")));
  CHECK_THAT(types, VectorContains(std::string("ART7_CONDITION_REQUIRED")));
  CHECK_THAT(types,
             VectorContains(std::string("ART10_DESENSITISATION_REQUIRED")));
  CHECK_THAT(types,
             VectorContains(std::string("ART24_SECURITY_REVIEW_NOT_PASSED")));
  const std::vector<std::string> subjects = PreconditionSubjects(refused);
  CHECK_THAT(subjects, VectorContains(std::string("content.domain")));
  CHECK_THAT(subjects,
             VectorContains(std::string("content.data_dictionary[0]")));
  CHECK(f.MustGet(kGajProvider, "jn-gaj-002").state() ==
        pb::CATALOG_ENTRY_STATE_DRAFT);
}

TEST_CASE("pending review turns overdue only after the deadline's last second",
          "[services][workflow]") {
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-003", UnconditionalContent());
  const pb::CatalogEntry submitted = f.MustSubmit(kGajProvider, "jn-gaj-003");
  REQUIRE(submitted.review_due_time().seconds() == kFirstDueUnixSeconds);
  const std::string reviewer = f.Bearer(kCityReviewer);

  f.clock().Set(At("2026-02-24T23:59:59+08:00"));
  pb::ListPendingReviewsResponse queue;
  REQUIRE_OK(f.Pending(reviewer, {}, &queue));
  REQUIRE(queue.reviews_size() == 1);
  CHECK_FALSE(queue.reviews(0).overdue());

  f.clock().Set(At("2026-02-25T00:00:00+08:00"));
  REQUIRE_OK(f.Pending(reviewer, {}, &queue));
  REQUIRE(queue.reviews_size() == 1);
  CHECK(queue.reviews(0).overdue());
  CHECK(queue.reviews(0).review_due_time().seconds() == kFirstDueUnixSeconds);
}

}  // namespace
}  // namespace opendata::testing
