// Tests of the reviewers' work queue (engine/query/work_queue.h) through the
// command pipeline over a real RocksEventStore with a FakeClock: catalog
// formal reviews with their deadlines (overdue first, working days left), a
// takedown approval that moves from the county's queue to the city's, a
// pending content change and an objection to verify (items without a clock,
// oldest first), the regions each reviewer sees, paging, and the refusals;
// a provider's open items (its clocks, overdue first, and its returned
// entries), paging and refusals.
#include "engine/query/work_queue.h"

#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "tests/engine/deadline_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

pb::Actor Rencheng() { return CountyProvider("370811", "rc-wsj"); }

pb::Actor Objector() {
  pb::Actor actor = PlainUser();
  actor.set_subject("u-zhang");
  actor.set_real_name_verified(true);
  return actor;
}

pb::Command TakedownCmd(const std::string& id) {
  pb::Command c;
  c.mutable_request_takedown()->set_catalog_entry_id(id);
  c.mutable_request_takedown()->set_reasons("职责调整，数据不再由本单位维护");
  return c;
}

pb::Command ApproveTakedownCmd(const std::string& id) {
  pb::Command c;
  c.mutable_approve_takedown()->set_catalog_entry_id(id);
  return c;
}

pb::Command ChangeCmd(const std::string& id) {
  pb::CatalogEntryContent content = ValidContent();
  content.set_description("全市公交线路、站点、首末班时间及票价");
  pb::Command c;
  auto* a = c.mutable_apply_for_content_change();
  a->set_catalog_entry_id(id);
  *a->mutable_content() = content;
  a->set_reasons("补充票价信息");
  return c;
}

pb::Command ObjectionCmd(const std::string& id) {
  pb::Command c;
  auto* f = c.mutable_file_objection();
  f->set_catalog_entry_id(id);
  f->set_kind(pb::OBJECTION_KIND_ERROR);
  f->set_description("站点名称有误");
  f->add_concerned_items("station");
  auto* proof = f->add_evidence();
  proof->set_title("现场照片");
  proof->set_sha256(std::string(64, 'b'));
  proof->set_uri("https://evidence.example/2");
  f->mutable_contact()->set_phone("0537-2345678");
  f->mutable_contact()->set_email("zhang@example.cn");
  return c;
}

// "<kind>:<id>" of every item of one page.
std::vector<std::string> Items(const pb::ListWorkQueueResponse& page) {
  std::vector<std::string> out;
  for (const pb::WorkItem& item : page.items())
    out.push_back(absl::StrCat(item.kind(), ":", item.id()));
  return out;
}

std::string K(pb::WorkItemKind kind, const std::string& id) {
  return absl::StrCat(kind, ":", id);
}

struct Queue {
  DeadlineHarness& h;
  WorkQueueQueries queries{&h.store()};

  absl::StatusOr<pb::ListWorkQueueResponse> Page(
      const pb::Actor& actor, const pb::ListWorkQueueRequest& r) {
    return queries.List(actor, r, h.clock().Now(), *h.calendar().Current());
  }

  // Every item of the queue, following tokens, `page_size` a page.
  std::vector<std::string> All(const pb::Actor& actor,
                               const std::string& region = "",
                               int page_size = 0) {
    pb::ListWorkQueueRequest r;
    r.set_region(region);
    r.set_page_size(page_size);
    std::vector<std::string> out;
    for (int pages = 0; pages < 50; ++pages) {
      const auto page = Page(actor, r);
      INFO(page.status().ToString());
      REQUIRE(page.ok());
      for (const std::string& item : Items(*page)) out.push_back(item);
      if (page->next_page_token().empty()) return out;
      r.set_page_token(page->next_page_token());
    }
    FAIL("too many pages");
    return out;
  }
};

TEST_CASE("work queue: every open reviewer item by region and urgency",
          "[workqueue]") {
  DeadlineHarness h(Shanghai(2026, 3, 2, 9, 0, 0));
  Queue q{h};
  // Published county entries: one to take down, one to change, one objected.
  for (const char* id : {"rc-wsj-down", "rc-wsj-change", "rc-wsj-objected"}) {
    h.CreateAndSubmit(id, Rencheng());
    h.MustRun(PublishCommand(id), CountyReviewer("370811"));
  }
  h.clock().Set(Shanghai(2026, 3, 2, 10, 0, 0));
  h.MustRun(TakedownCmd("rc-wsj-down"), Rencheng());
  h.clock().Set(Shanghai(2026, 3, 2, 11, 0, 0));
  h.MustRun(ChangeCmd("rc-wsj-change"), Rencheng());
  h.clock().Set(Shanghai(2026, 3, 2, 12, 0, 0));
  h.MustRun(ObjectionCmd("rc-wsj-objected"), Objector());
  // A county entry submitted on Monday (due Wednesday), a city one on
  // Wednesday (due Friday).
  h.clock().Set(Shanghai(2026, 3, 2, 13, 0, 0));
  h.CreateAndSubmit("rc-wsj-new", Rencheng());
  h.clock().Set(Shanghai(2026, 3, 4, 9, 0, 0));
  h.CreateAndSubmit("jn-gaj-new", CityProvider());

  const std::vector<std::string> county = {
      K(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW, "rc-wsj-new"),
      K(pb::WORK_ITEM_KIND_TAKEDOWN_APPROVAL, "rc-wsj-down"),
      K(pb::WORK_ITEM_KIND_CONTENT_CHANGE, "rc-wsj-change"),
      K(pb::WORK_ITEM_KIND_OBJECTION_VERIFICATION, "rc-wsj-objected/1")};
  CHECK(q.All(CountyReviewer("370811")) == county);
  CHECK(q.All(CityReviewer(), "370811") == county);
  CHECK(q.All(CountyReviewer("370812")).empty());
  CHECK(q.All(CityReviewer(), "3708") ==
        std::vector<std::string>{
            K(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW, "jn-gaj-new")});
  // Before either is due: by due time; the rest oldest first.
  const std::vector<std::string> city_all = {
      K(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW, "rc-wsj-new"),
      K(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW, "jn-gaj-new"),
      K(pb::WORK_ITEM_KIND_TAKEDOWN_APPROVAL, "rc-wsj-down"),
      K(pb::WORK_ITEM_KIND_CONTENT_CHANGE, "rc-wsj-change"),
      K(pb::WORK_ITEM_KIND_OBJECTION_VERIFICATION, "rc-wsj-objected/1")};
  CHECK(q.All(CityReviewer()) == city_all);
  CHECK(q.All(CityReviewer(), "", 2) == city_all);
  CHECK(q.All(CityReviewer(), "", 1) == city_all);
  {
    const auto page = q.Page(CityReviewer(), pb::ListWorkQueueRequest());
    REQUIRE(page.ok());
    REQUIRE(page->items_size() == 5);
    const pb::WorkItem& review = page->items(1);
    CHECK(review.title() == ValidContent().name());
    CHECK(review.organization() == "jn-gaj");
    CHECK(review.region() == "3708");
    CHECK(FromProto(review.due_time()) == Shanghai(2026, 3, 6, 23, 59, 59));
    CHECK(FromProto(review.waiting_since()) == Shanghai(2026, 3, 4, 9, 0, 0));
    CHECK(review.working_days_remaining() == 2);
    CHECK_FALSE(review.overdue());
    const pb::WorkItem& takedown = page->items(2);
    CHECK(takedown.organization() == "rc-wsj");
    CHECK(takedown.region() == "370811");
    CHECK_FALSE(takedown.has_due_time());
    CHECK(FromProto(takedown.waiting_since()) ==
          Shanghai(2026, 3, 2, 10, 0, 0));
  }

  // Thursday: the county review is overdue and comes first in any case.
  h.clock().Set(Shanghai(2026, 3, 5, 9, 0, 0));
  {
    const auto page = q.Page(CityReviewer(), pb::ListWorkQueueRequest());
    REQUIRE(page.ok());
    REQUIRE(page->items_size() == 5);
    CHECK(page->items(0).id() == "rc-wsj-new");
    CHECK(page->items(0).overdue());
    CHECK(page->items(0).working_days_remaining() == 0);
    CHECK(page->items(1).id() == "jn-gaj-new");
    CHECK(page->items(1).working_days_remaining() == 1);
  }

  // The county approves the takedown: it waits for the city now.
  h.MustRun(ApproveTakedownCmd("rc-wsj-down"), CountyReviewer("370811"));
  CHECK(q.All(CountyReviewer("370811")) ==
        std::vector<std::string>{county[0], county[2], county[3]});
  CHECK(q.All(CityReviewer(), "3708") ==
        std::vector<std::string>{
            K(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW, "jn-gaj-new"),
            K(pb::WORK_ITEM_KIND_TAKEDOWN_APPROVAL, "rc-wsj-down")});
  // Published, approved: off the queues.
  h.MustRun(PublishCommand("jn-gaj-new"), CityReviewer());
  h.MustRun(ApproveTakedownCmd("rc-wsj-down"), CityReviewer());
  CHECK(q.All(CityReviewer(), "3708").empty());
}

TEST_CASE("work queue: who may ask for which region", "[workqueue]") {
  DeadlineHarness h(Shanghai(2026, 3, 2, 9, 0, 0));
  Queue q{h};
  h.CreateAndSubmit("rc-wsj-new", Rencheng());
  pb::ListWorkQueueRequest r;
  CheckError(q.Page(Rencheng(), r).status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
  CheckError(q.Page(PlainUser(), r).status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
  r.set_region("3708");
  CheckError(q.Page(CountyReviewer("370811"), r).status(),
             StatusCode::kPermissionDenied, "OUTSIDE_JURISDICTION");
  r.set_region("9999");
  CheckError(q.Page(CityReviewer(), r).status(), StatusCode::kInvalidArgument,
             "FILTER_INVALID");
  r.set_region("370811");
  CHECK(q.Page(CountyReviewer("370811"), r).ok());
  r.set_page_size(501);
  CheckError(q.Page(CityReviewer(), r).status(), StatusCode::kInvalidArgument,
             "PAGE_SIZE_INVALID");
  // A token is bound to the region and the caller.
  h.CreateAndSubmit("rc-wsj-two", Rencheng());
  r.set_page_size(1);
  const auto first = q.Page(CityReviewer(), r);
  REQUIRE(first.ok());
  REQUIRE_FALSE(first->next_page_token().empty());
  r.set_page_token(first->next_page_token());
  CHECK(q.Page(CityReviewer(), r).ok());
  r.set_region("");
  CheckError(q.Page(CityReviewer(), r).status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
  r.set_region("370811");
  CheckError(q.Page(CountyReviewer("370811"), r).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
}

std::vector<std::string> OpenItems(
    const absl::StatusOr<pb::ListOpenItemsResponse>& page) {
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  std::vector<std::string> out;
  for (const pb::WorkItem& item : page->items())
    out.push_back(absl::StrCat(item.kind(), ":", item.id()));
  return out;
}

TEST_CASE("open items: a provider's clocks and returned entries",
          "[workqueue][openitems]") {
  DeadlineHarness h(Shanghai(2026, 3, 2, 9, 0, 0));
  WorkQueueQueries q(&h.store());
  const auto page = [&](const pb::Actor& actor,
                        const pb::ListOpenItemsRequest& r) {
    return q.ListOpenItems(actor, r, h.clock().Now(), *h.calendar().Current());
  };
  // Published in March (its monthly update clock is overdue by June), in
  // June (open), one returned, and another organisation's.
  h.CreateAndSubmit("rc-wsj-old", Rencheng());
  h.MustRun(PublishCommand("rc-wsj-old"), CountyReviewer("370811"));
  h.CreateAndSubmit("jn-gaj-pub", CityProvider());
  h.MustRun(PublishCommand("jn-gaj-pub"), CityReviewer());
  h.clock().Set(Shanghai(2026, 6, 1, 9, 0, 0));
  h.CreateAndSubmit("rc-wsj-new", Rencheng());
  h.MustRun(PublishCommand("rc-wsj-new"), CountyReviewer("370811"));
  h.CreateAndSubmit("rc-wsj-back", Rencheng());
  h.MustRun(ReturnCommand("rc-wsj-back", {MakeDefect("description", "过短")}),
            CountyReviewer("370811"));
  h.clock().Set(Shanghai(2026, 6, 2, 9, 0, 0));

  const std::vector<std::string> expected = {
      K(pb::WORK_ITEM_KIND_PROVIDER_CLOCK, "rc-wsj-old"),
      K(pb::WORK_ITEM_KIND_PROVIDER_CLOCK, "rc-wsj-new"),
      K(pb::WORK_ITEM_KIND_RETURNED_ENTRY, "rc-wsj-back")};
  pb::ListOpenItemsRequest r;
  CHECK(OpenItems(page(Rencheng(), r)) == expected);
  {
    const auto all = page(Rencheng(), r);
    REQUIRE(all.ok());
    REQUIRE(all->items_size() == 3);
    const pb::WorkItem& old = all->items(0);
    CHECK(old.overdue());
    CHECK(old.working_days_remaining() == 0);
    CHECK(old.deadline_kind() == pb::DEADLINE_KIND_DATA_UPDATE);
    CHECK_FALSE(old.deadline_id().empty());
    CHECK(old.title() == ValidContent().name());
    CHECK(old.organization() == "rc-wsj");
    CHECK(old.region() == "370811");
    const pb::WorkItem& fresh = all->items(1);
    CHECK_FALSE(fresh.overdue());
    CHECK(fresh.working_days_remaining() > 0);
    const pb::WorkItem& back = all->items(2);
    CHECK_FALSE(back.has_due_time());
    CHECK(FromProto(back.waiting_since()) == Shanghai(2026, 6, 1, 9, 0, 0));
  }
  CHECK(OpenItems(page(CityProvider(), r)) ==
        std::vector<std::string>{
            K(pb::WORK_ITEM_KIND_PROVIDER_CLOCK, "jn-gaj-pub")});

  // Paging, one item a page, gives the same list.
  r.set_page_size(1);
  std::vector<std::string> paged;
  for (int pages = 0; pages < 10; ++pages) {
    const auto one = page(Rencheng(), r);
    for (const std::string& item : OpenItems(one)) paged.push_back(item);
    if (one->next_page_token().empty()) break;
    r.set_page_token(one->next_page_token());
  }
  CHECK(paged == expected);

  // Resubmitted: the returned entry leaves the list.
  h.MustRun(SubmitCommand("rc-wsj-back"), Rencheng());
  CHECK(OpenItems(page(Rencheng(), pb::ListOpenItemsRequest())) ==
        std::vector<std::string>{expected[0], expected[1]});

  // Refusals: not a provider, bad page size, a token of another caller.
  pb::ListOpenItemsRequest bad;
  CheckError(page(PlainUser(), bad).status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
  CheckError(page(CityReviewer(), bad).status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
  bad.set_page_size(501);
  CheckError(page(Rencheng(), bad).status(), StatusCode::kInvalidArgument,
             "PAGE_SIZE_INVALID");
  bad.set_page_size(1);
  const auto first = page(Rencheng(), bad);
  REQUIRE(first.ok());
  REQUIRE_FALSE(first->next_page_token().empty());
  bad.set_page_token(first->next_page_token());
  CheckError(page(CityProvider(), bad).status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
  bad.set_page_token("garbage");
  CheckError(page(Rencheng(), bad).status(), StatusCode::kInvalidArgument,
             "PAGE_TOKEN_INVALID");
}

}  // namespace
}  // namespace opendata::engine_test
