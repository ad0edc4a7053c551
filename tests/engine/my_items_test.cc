// Tests of a user's one-stop list (engine/query/my_items.h) over the rich log
// (tests/engine/rich_log.h), where u-zhang has one of each kind: an objection,
// a demand, an application with its active grant and a listed product. The
// list holds exactly those, newest change first, filters by kind, pages with
// tokens bound to the caller and kind, and refuses other roles and bad input.
#include "engine/query/my_items.h"

#include <set>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "tests/engine/application_support.h"
#include "tests/engine/rich_log.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

std::string K(pb::WorkItemKind kind, const std::string& id) {
  return absl::StrCat(kind, ":", id);
}

// "<kind>:<id>" of every item, following tokens.
std::vector<std::string> All(DeadlineHarness& h, const pb::Actor& actor,
                             pb::ListMyItemsRequest r) {
  std::vector<std::string> out;
  for (int pages = 0; pages < 20; ++pages) {
    const auto page = ListMyItems(h.store(), actor, r);
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    for (const pb::WorkItem& item : page->items())
      out.push_back(K(item.kind(), item.id()));
    if (page->next_page_token().empty()) return out;
    r.set_page_token(page->next_page_token());
  }
  FAIL("too many pages");
  return out;
}

TEST_CASE("my items: a user's applications grants demands objections products",
          "[myitems]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);

  const auto page = ListMyItems(h.store(), Applicant(), {});
  INFO(page.status().ToString());
  REQUIRE(page.ok());
  CHECK(page->next_page_token().empty());
  std::vector<std::string> ids;
  for (const pb::WorkItem& item : page->items())
    ids.push_back(K(item.kind(), item.id()));
  CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
        std::set<std::string>{
            K(pb::WORK_ITEM_KIND_MY_APPLICATION, kAppId),
            K(pb::WORK_ITEM_KIND_MY_GRANT, kAppId),
            K(pb::WORK_ITEM_KIND_MY_DEMAND, "dm-zhang-1"),
            K(pb::WORK_ITEM_KIND_MY_OBJECTION, "jn-gaj-open-001/1"),
            K(pb::WORK_ITEM_KIND_MY_PRODUCT, "prod-a")});
  REQUIRE(ids.size() == 5);
  // Newest change first; every item has its state and change time.
  for (int i = 0; i < page->items_size(); ++i) {
    const pb::WorkItem& item = page->items(i);
    CHECK_FALSE(item.state().empty());
    CHECK(item.has_last_change_time());
    if (i > 0) {
      CHECK(FromProto(page->items(i - 1).last_change_time()) >=
            FromProto(item.last_change_time()));
    }
    if (item.kind() == pb::WORK_ITEM_KIND_MY_GRANT) {
      CHECK(item.state() == "GRANT_STATE_ACTIVE");
      CHECK(item.catalog_entry_id() == kAppEntry);
      CHECK(item.title() == AppFactsContent().name());
    }
    if (item.kind() == pb::WORK_ITEM_KIND_MY_PRODUCT) {
      CHECK(item.state() == "PRODUCT_STATE_LISTED");
      CHECK(item.title() == "诊所地图");
      CHECK(FromProto(item.last_change_time()) ==
            Shanghai(2026, 4, 1, 10, 0, 0));
    }
    if (item.kind() == pb::WORK_ITEM_KIND_MY_OBJECTION)
      CHECK(item.catalog_entry_id() == "jn-gaj-open-001");
  }

  // Paging one at a time gives the same list.
  pb::ListMyItemsRequest r;
  r.set_page_size(1);
  CHECK(All(h, Applicant(), r) == ids);
  // One kind only.
  r.set_kind(pb::WORK_ITEM_KIND_MY_PRODUCT);
  CHECK(All(h, Applicant(), r) ==
        std::vector<std::string>{K(pb::WORK_ITEM_KIND_MY_PRODUCT, "prod-a")});
  r.set_kind(pb::WORK_ITEM_KIND_MY_GRANT);
  CHECK(All(h, Applicant(), r) ==
        std::vector<std::string>{K(pb::WORK_ITEM_KIND_MY_GRANT, kAppId)});
  // Another user has none.
  CHECK(All(h, Applicant("u-li"), {}).empty());
}

TEST_CASE("my items: refusals", "[myitems]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  pb::ListMyItemsRequest r;
  CheckError(ListMyItems(h.store(), CityProvider(), r).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(ListMyItems(h.store(), CityReviewer(), r).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  r.set_kind(pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW);
  CheckError(ListMyItems(h.store(), Applicant(), r).status(),
             StatusCode::kInvalidArgument, "FILTER_INVALID");
  r.set_kind(static_cast<pb::WorkItemKind>(99));
  CheckError(ListMyItems(h.store(), Applicant(), r).status(),
             StatusCode::kInvalidArgument, "FILTER_INVALID");
  r.set_kind(pb::WORK_ITEM_KIND_UNSPECIFIED);
  r.set_page_size(-1);
  CheckError(ListMyItems(h.store(), Applicant(), r).status(),
             StatusCode::kInvalidArgument, "PAGE_SIZE_INVALID");
  // A token is bound to the caller and the kind.
  r.set_page_size(1);
  const auto first = ListMyItems(h.store(), Applicant(), r);
  REQUIRE(first.ok());
  REQUIRE_FALSE(first->next_page_token().empty());
  r.set_page_token(first->next_page_token());
  CHECK(ListMyItems(h.store(), Applicant(), r).ok());
  CheckError(ListMyItems(h.store(), Applicant("u-li"), r).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
  r.set_kind(pb::WORK_ITEM_KIND_MY_DEMAND);
  CheckError(ListMyItems(h.store(), Applicant(), r).status(),
             StatusCode::kInvalidArgument, "PAGE_TOKEN_INVALID");
}

}  // namespace
}  // namespace opendata::engine_test
