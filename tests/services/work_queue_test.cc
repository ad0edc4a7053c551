// ReviewerService.ListWorkQueue over gRPC: submitted entries appear in the
// queue of the reviewers with jurisdiction (the county's, the city's) with
// their due time and working days left, not in another county's; paging with
// a token; users are refused.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Ids = std::vector<std::string>;

Ids ItemIds(const pb::ListWorkQueueResponse& response) {
  Ids ids;
  for (const pb::WorkItem& item : response.items()) ids.push_back(item.id());
  return ids;
}

TEST_CASE("ListWorkQueue lists the reviewers' open items by jurisdiction",
          "[services][workqueue]") {
  PlatformFixture f;
  ServiceClients c(f);
  f.MustCreate(kRenchengProvider, "rc-gaj-001",
               UnconditionalContent("任城区户籍人口统计"));
  f.MustSubmit(kRenchengProvider, "rc-gaj-001");
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent("机动车登记"));
  f.MustSubmit(kGajProvider, "jn-gaj-001");

  pb::ListWorkQueueRequest request;
  pb::ListWorkQueueResponse response;
  REQUIRE_OK(c.reviewer->ListWorkQueue(c.As(kRenchengReviewer).get(), request,
                                       &response));
  CHECK(ItemIds(response) == Ids{"rc-gaj-001"});
  REQUIRE(response.items_size() == 1);
  const pb::WorkItem& item = response.items(0);
  CHECK(item.kind() == pb::WORK_ITEM_KIND_CATALOG_FORMAL_REVIEW);
  CHECK(item.title() == "任城区户籍人口统计");
  CHECK(item.organization() == "rc-gaj");
  CHECK(item.region() == "370811");
  CHECK(item.has_due_time());
  CHECK(item.working_days_remaining() == 2);
  CHECK_FALSE(item.overdue());

  REQUIRE_OK(c.reviewer->ListWorkQueue(c.As(kZouchengReviewer).get(), request,
                                       &response));
  CHECK(response.items().empty());

  // The city reviewer sees both, a page at a time.
  request.set_page_size(1);
  REQUIRE_OK(
      c.reviewer->ListWorkQueue(c.As(kCityReviewer).get(), request, &response));
  REQUIRE(response.items_size() == 1);
  Ids all = ItemIds(response);
  REQUIRE_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  REQUIRE_OK(
      c.reviewer->ListWorkQueue(c.As(kCityReviewer).get(), request, &response));
  for (const std::string& id : ItemIds(response)) all.push_back(id);
  CHECK(response.next_page_token().empty());
  std::sort(all.begin(), all.end());
  CHECK(all == Ids{"jn-gaj-001", "rc-gaj-001"});

  request.Clear();
  grpc::Status status =
      c.reviewer->ListWorkQueue(c.As(kCitizen).get(), request, &response);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  request.set_region("3708");
  status = c.reviewer->ListWorkQueue(c.As(kRenchengReviewer).get(), request,
                                     &response);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(status) == "OUTSIDE_JURISDICTION");
}

}  // namespace
}  // namespace opendata::testing
