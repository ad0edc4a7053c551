// Authorization over gRPC (engine/authz.h): the wrong role (ROLE_NOT_ALLOWED),
// another organisation's entry (NOT_ENTRY_OWNER) and a county reviewer acting
// on another region (OUTSIDE_JURISDICTION) are PERMISSION_DENIED, and nothing
// is written; the reviewers with jurisdiction may act.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

// Checks a PERMISSION_DENIED status with `reason`.
void CheckDenied(const grpc::Status& status, const std::string& reason) {
  INFO(Describe(status));
  CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
  CHECK(DetailsMatchCode(status));
  CHECK(ErrorReason(status) == reason);
}

pb::PublishCatalogEntryRequest PublishRequest(const std::string& request_id,
                                              const std::string& id) {
  pb::PublishCatalogEntryRequest request;
  request.set_request_id(request_id);
  request.set_catalog_entry_id(id);
  return request;
}

pb::ReturnCatalogEntryRequest ReturnRequest(const std::string& request_id,
                                            const std::string& id) {
  pb::ReturnCatalogEntryRequest request;
  request.set_request_id(request_id);
  request.set_catalog_entry_id(id);
  auto* defect = request.add_defects();
  defect->set_field("description");
  defect->set_reason("描述不完整");
  return request;
}

TEST_CASE("the wrong role is ROLE_NOT_ALLOWED and writes nothing",
          "[services][authorization]") {
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  const uint64_t before = f.ProbeSequence();

  pb::CreateCatalogEntryRequest create;
  create.set_request_id("role-create-1");
  create.set_catalog_entry_id("jn-dsjj-001");
  *create.mutable_content() = UnconditionalContent();
  const grpc::Status reviewer_creates =
      f.Create(f.Bearer(kCityReviewer), create);
  CheckDenied(reviewer_creates, "ROLE_NOT_ALLOWED");
  CHECK(ErrorMetadata(reviewer_creates)["required_role"] == "ROLE_PROVIDER");
  CheckDenied(f.Create(f.Bearer(kCitizen), create), "ROLE_NOT_ALLOWED");

  CheckDenied(f.Publish(f.Bearer(kGajProvider),
                        PublishRequest("role-publish-1", "jn-gaj-001")),
              "ROLE_NOT_ALLOWED");
  CheckDenied(f.Return(f.Bearer(kCitizen),
                       ReturnRequest("role-return-1", "jn-gaj-001")),
              "ROLE_NOT_ALLOWED");
  CheckDenied(f.Pending(f.Bearer(kGajProvider), {}), "ROLE_NOT_ALLOWED");

  // Nothing was written.
  CHECK(f.Get(f.Bearer(kCityReviewer), "jn-dsjj-001").error_code() ==
        grpc::StatusCode::NOT_FOUND);
  const pb::CatalogEntry entry = f.MustGet(kGajProvider, "jn-gaj-001");
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
  // Created (1), then submitted with its review clock started (2, 3).
  CHECK(entry.version() == 3);
  CHECK(f.ProbeSequence() == before + 1);
}

TEST_CASE("another organisation's entry is NOT_ENTRY_OWNER and writes nothing",
          "[services][authorization]") {
  PlatformFixture f;
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  const uint64_t before = f.ProbeSequence();
  const std::string intruder = f.Bearer(kJtjProvider);

  pb::UpdateCatalogEntryRequest update;
  update.set_request_id("owner-update-1");
  update.set_catalog_entry_id("jn-gaj-001");
  *update.mutable_content() = ConditionalContent("被篡改的名称");
  const grpc::Status updated = f.Update(intruder, update);
  CheckDenied(updated, "NOT_ENTRY_OWNER");
  CHECK(ErrorMetadata(updated)["owner"] == "jn-gaj");

  pb::SubmitCatalogEntryRequest submit;
  submit.set_request_id("owner-submit-1");
  submit.set_catalog_entry_id("jn-gaj-001");
  CheckDenied(f.Submit(intruder, submit), "NOT_ENTRY_OWNER");
  // A county provider of the same kind of bureau is another organisation too.
  submit.set_request_id("owner-submit-2");
  CheckDenied(f.Submit(f.Bearer(kRenchengProvider), submit), "NOT_ENTRY_OWNER");

  const pb::CatalogEntry entry = f.MustGet(kGajProvider, "jn-gaj-001");
  CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_DRAFT);
  CHECK(entry.version() == 1);
  CHECK(entry.content().name() == "机动车登记信息");
  CHECK(f.ProbeSequence() == before + 1);
}

TEST_CASE("a county reviewer acts only on its own region's entries",
          "[services][authorization]") {
  PlatformFixture f;
  // 任城区 (370811) and city (3708) entries under review.
  f.MustCreate(kRenchengProvider, "rc-gaj-001", UnconditionalContent());
  f.MustSubmit(kRenchengProvider, "rc-gaj-001");
  f.MustCreate(kGajProvider, "jn-gaj-001", UnconditionalContent());
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  const uint64_t before = f.ProbeSequence();
  const std::string zoucheng = f.Bearer(kZouchengReviewer);

  const grpc::Status published =
      f.Publish(zoucheng, PublishRequest("juris-publish-1", "rc-gaj-001"));
  CheckDenied(published, "OUTSIDE_JURISDICTION");
  CHECK(ErrorMetadata(published)["item_region"] == "370811");
  CHECK(ErrorMetadata(published)["actor_region"] == "370883");
  CheckDenied(f.Return(zoucheng, ReturnRequest("juris-return-1", "rc-gaj-001")),
              "OUTSIDE_JURISDICTION");
  // A county reviewer does not review the city's own entries either.
  CheckDenied(f.Publish(f.Bearer(kRenchengReviewer),
                        PublishRequest("juris-publish-2", "jn-gaj-001")),
              "OUTSIDE_JURISDICTION");
  // Nor ask for another region's queue.
  pb::ListPendingReviewsRequest other_region;
  other_region.set_region("370811");
  CheckDenied(f.Pending(zoucheng, other_region), "OUTSIDE_JURISDICTION");
  // Another county's unpublished entry is not even visible.
  CHECK(f.Get(zoucheng, "rc-gaj-001").error_code() ==
        grpc::StatusCode::NOT_FOUND);

  CHECK(f.MustGet(kRenchengProvider, "rc-gaj-001").state() ==
        pb::CATALOG_ENTRY_STATE_SUBMITTED);
  CHECK(f.MustGet(kGajProvider, "jn-gaj-001").state() ==
        pb::CATALOG_ENTRY_STATE_SUBMITTED);
  CHECK(f.ProbeSequence() == before + 1);

  // The county's own reviewer sees its queue and publishes; the city reviewer
  // sees every region.
  pb::ListPendingReviewsResponse county_queue;
  REQUIRE_OK(f.Pending(f.Bearer(kRenchengReviewer), {}, &county_queue));
  REQUIRE(county_queue.reviews_size() == 1);
  CHECK(county_queue.reviews(0).catalog_entry_id() == "rc-gaj-001");
  CHECK(county_queue.reviews(0).region() == "370811");
  pb::ListPendingReviewsResponse city_queue;
  REQUIRE_OK(f.Pending(f.Bearer(kCityReviewer), {}, &city_queue));
  CHECK(city_queue.reviews_size() == 2);
  CHECK(f.MustPublish(kRenchengReviewer, "rc-gaj-001").state() ==
        pb::CATALOG_ENTRY_STATE_PUBLISHED);
  CHECK(f.MustPublish(kCityReviewer, "jn-gaj-001").state() ==
        pb::CATALOG_ENTRY_STATE_PUBLISHED);
}

}  // namespace
}  // namespace opendata::testing
