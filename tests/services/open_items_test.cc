// ProviderService.ListOpenItems over gRPC: a provider sees the update clock of
// its published entry and its returned entry, not another organisation's;
// paging with a token; users are refused. UserService.ListMyItems over gRPC:
// a citizen sees its submitted application, filters by kind, providers are
// refused.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

TEST_CASE("ListOpenItems lists a provider's clocks and returned entries",
          "[services][openitems]") {
  PlatformFixture f;
  ServiceClients c(f);
  f.MustCreate(kRenchengProvider, "rc-gaj-pub",
               UnconditionalContent("任城区户籍人口统计"));
  f.MustSubmit(kRenchengProvider, "rc-gaj-pub");
  f.MustPublish(kRenchengReviewer, "rc-gaj-pub");
  f.MustCreate(kRenchengProvider, "rc-gaj-back",
               UnconditionalContent("任城区流动人口统计"));
  f.MustSubmit(kRenchengProvider, "rc-gaj-back");
  f.MustReturn(kRenchengReviewer, "rc-gaj-back", "description");

  pb::ListOpenItemsRequest request;
  pb::ListOpenItemsResponse response;
  REQUIRE_OK(c.provider->ListOpenItems(c.As(kRenchengProvider).get(), request,
                                       &response));
  REQUIRE(response.items_size() == 2);
  const pb::WorkItem& clock = response.items(0);
  CHECK(clock.kind() == pb::WORK_ITEM_KIND_PROVIDER_CLOCK);
  CHECK(clock.id() == "rc-gaj-pub");
  CHECK(clock.deadline_kind() == pb::DEADLINE_KIND_DATA_UPDATE);
  CHECK(clock.title() == "任城区户籍人口统计");
  CHECK(clock.has_due_time());
  CHECK_FALSE(clock.overdue());
  const pb::WorkItem& back = response.items(1);
  CHECK(back.kind() == pb::WORK_ITEM_KIND_RETURNED_ENTRY);
  CHECK(back.id() == "rc-gaj-back");
  CHECK(back.title() == "任城区流动人口统计");
  CHECK_FALSE(back.has_due_time());

  request.set_page_size(1);
  REQUIRE_OK(c.provider->ListOpenItems(c.As(kRenchengProvider).get(), request,
                                       &response));
  REQUIRE(response.items_size() == 1);
  CHECK(response.items(0).id() == "rc-gaj-pub");
  REQUIRE_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  REQUIRE_OK(c.provider->ListOpenItems(c.As(kRenchengProvider).get(), request,
                                       &response));
  REQUIRE(response.items_size() == 1);
  CHECK(response.items(0).id() == "rc-gaj-back");
  CHECK(response.next_page_token().empty());

  request.Clear();
  REQUIRE_OK(
      c.provider->ListOpenItems(c.As(kGajProvider).get(), request, &response));
  CHECK(response.items().empty());
  grpc::Status status =
      c.provider->ListOpenItems(c.As(kCitizen).get(), request, &response);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(status) == "ROLE_NOT_ALLOWED");
}

TEST_CASE("ListMyItems lists a user's own items", "[services][myitems]") {
  PlatformFixture f;
  ServiceClients c(f);
  f.MustCreate(kRenchengProvider, "rc-gaj-residents",
               ConditionalContent("常住人口统计"));
  f.MustSubmit(kRenchengProvider, "rc-gaj-residents");
  f.MustPublish(kRenchengReviewer, "rc-gaj-residents");
  pb::SubmitApplicationRequest submit;
  submit.set_request_id(f.FreshRequestId());
  submit.set_application_id("app-citizen-mine");
  submit.set_catalog_entry_id("rc-gaj-residents");
  *submit.mutable_form() = SampleApplicationForm();
  pb::SubmitApplicationResponse submitted;
  REQUIRE_OK(
      c.user->SubmitApplication(c.As(kCitizen).get(), submit, &submitted));

  pb::ListMyItemsRequest request;
  pb::ListMyItemsResponse response;
  REQUIRE_OK(c.user->ListMyItems(c.As(kCitizen).get(), request, &response));
  REQUIRE(response.items_size() == 1);
  const pb::WorkItem& item = response.items(0);
  CHECK(item.kind() == pb::WORK_ITEM_KIND_MY_APPLICATION);
  CHECK(item.id() == "app-citizen-mine");
  CHECK(item.title() == "常住人口统计");
  CHECK(item.catalog_entry_id() == "rc-gaj-residents");
  CHECK(item.state() == "APPLICATION_STATE_SUBMITTED");
  CHECK(item.has_last_change_time());
  CHECK(response.next_page_token().empty());

  request.set_kind(pb::WORK_ITEM_KIND_MY_DEMAND);
  REQUIRE_OK(c.user->ListMyItems(c.As(kCitizen).get(), request, &response));
  CHECK(response.items().empty());
  request.set_kind(pb::WORK_ITEM_KIND_PROVIDER_CLOCK);
  grpc::Status status =
      c.user->ListMyItems(c.As(kCitizen).get(), request, &response);
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(ErrorReason(status) == "FILTER_INVALID");
  request.Clear();
  status =
      c.user->ListMyItems(c.As(kRenchengProvider).get(), request, &response);
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(ErrorReason(status) == "ROLE_NOT_ALLOWED");
}

}  // namespace
}  // namespace opendata::testing
