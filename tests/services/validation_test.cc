// Invalid input over gRPC: INVALID_ARGUMENT with a BadRequest naming each
// offending field (catalog_entry_id, content.coverage.time_start,
// defects[0].field, page_size, request_id, expected_version, ...), and nothing
// written.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using Catch::Matchers::Equals;
using Catch::Matchers::VectorContains;
using Fields = std::vector<std::string>;

// Checks an INVALID_ARGUMENT status with `reason`.
void CheckInvalid(const grpc::Status& status, const std::string& reason) {
  INFO(Describe(status));
  CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
  CHECK(DetailsMatchCode(status));
  CHECK(ErrorReason(status) == reason);
}

TEST_CASE("invalid input is INVALID_ARGUMENT naming the field",
          "[services][validation]") {
  PlatformFixture f;
  const std::string provider = f.Bearer(kGajProvider);
  const std::string reviewer = f.Bearer(kCityReviewer);
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  f.MustSubmit(kGajProvider, "jn-gaj-001");
  const uint64_t before = f.ProbeSequence();

  SECTION("catalog_entry_id") {
    pb::CreateCatalogEntryRequest create;
    create.set_request_id("bad-id-1");
    create.set_catalog_entry_id("JN_GAJ_002");
    const grpc::Status status = f.Create(provider, create);
    CheckInvalid(status, "CATALOG_ENTRY_ID_INVALID");
    CHECK_THAT(ViolatedFields(status), Equals(Fields{"catalog_entry_id"}));
    const grpc::Status get = f.Get(provider, "x");
    CheckInvalid(get, "CATALOG_ENTRY_ID_INVALID");
    CHECK_THAT(ViolatedFields(get), Equals(Fields{"catalog_entry_id"}));
    pb::SubmitCatalogEntryRequest submit;
    submit.set_request_id("bad-id-2");
    const grpc::Status empty_id = f.Submit(provider, submit);
    CheckInvalid(empty_id, "CATALOG_ENTRY_ID_INVALID");
    CHECK_THAT(ViolatedFields(empty_id), Equals(Fields{"catalog_entry_id"}));
  }

  SECTION("content fields, every violation at once") {
    pb::CreateCatalogEntryRequest create;
    create.set_request_id("bad-content-1");
    create.set_catalog_entry_id("jn-gaj-002");
    *create.mutable_content() = ConditionalContent();
    create.mutable_content()->mutable_coverage()->set_time_start("2026-02-30");
    create.mutable_content()->mutable_data_dictionary(1)->set_name("plate_no");
    const grpc::Status status = f.Create(provider, create);
    CheckInvalid(status, "CONTENT_INVALID");
    const Fields fields = ViolatedFields(status);
    CHECK_THAT(fields,
               VectorContains(std::string("content.coverage.time_start")));
    CHECK_THAT(fields,
               VectorContains(std::string("content.data_dictionary[1].name")));
    CHECK(f.Get(provider, "jn-gaj-002").error_code() ==
          grpc::StatusCode::NOT_FOUND);

    pb::UpdateCatalogEntryRequest update;
    update.set_request_id("bad-content-2");
    update.set_catalog_entry_id("jn-gaj-002");
    *update.mutable_content() = UnconditionalContent();
    update.mutable_content()->mutable_coverage()->set_time_end("2019-12-31");
    const grpc::Status end_before_start = f.Update(provider, update);
    CheckInvalid(end_before_start, "CONTENT_INVALID");
    CHECK_THAT(ViolatedFields(end_before_start),
               Equals(Fields{"content.coverage.time_end"}));
  }

  SECTION("defects") {
    pb::ReturnCatalogEntryRequest ret;
    ret.set_request_id("bad-defects-1");
    ret.set_catalog_entry_id("jn-gaj-001");
    auto* unknown = ret.add_defects();
    unknown->set_field("colour");
    unknown->set_reason("不存在的字段");
    auto* no_reason = ret.add_defects();
    no_reason->set_field("description");
    const grpc::Status status = f.Return(reviewer, ret);
    CheckInvalid(status, "DEFECTS_INVALID");
    CHECK_THAT(ViolatedFields(status),
               Equals(Fields{"defects[0].field", "defects[1].reason"}));

    ret.set_request_id("bad-defects-2");
    ret.clear_defects();
    const grpc::Status none = f.Return(reviewer, ret);
    CheckInvalid(none, "DEFECTS_INVALID");
    CHECK_THAT(ViolatedFields(none), Equals(Fields{"defects"}));
    CHECK(f.MustGet(kCityReviewer, "jn-gaj-001").state() ==
          pb::CATALOG_ENTRY_STATE_SUBMITTED);
  }

  SECTION("page_size and list filters") {
    for (int size : {-1, 501}) {
      INFO("page_size " << size);
      pb::ListCatalogEntriesRequest list;
      list.set_page_size(size);
      const grpc::Status status = f.List(provider, list);
      CheckInvalid(status, "PAGE_SIZE_INVALID");
      CHECK_THAT(ViolatedFields(status), Equals(Fields{"page_size"}));
      pb::ListPendingReviewsRequest pending;
      pending.set_page_size(size);
      const grpc::Status queue = f.Pending(reviewer, pending);
      CheckInvalid(queue, "PAGE_SIZE_INVALID");
      CHECK_THAT(ViolatedFields(queue), Equals(Fields{"page_size"}));
    }
    pb::ListCatalogEntriesRequest list;
    list.set_state(static_cast<pb::CatalogEntryState>(99));
    const grpc::Status state = f.List(provider, list);
    CheckInvalid(state, "FILTER_INVALID");
    CHECK_THAT(ViolatedFields(state), Equals(Fields{"state"}));
    pb::ListPendingReviewsRequest pending;
    pending.set_region("110000");
    const grpc::Status region = f.Pending(reviewer, pending);
    CheckInvalid(region, "FILTER_INVALID");
    CHECK_THAT(ViolatedFields(region), Equals(Fields{"region"}));
    pb::ListCatalogEntriesRequest tokened;
    tokened.set_page_token("!!not-a-token!!");
    const grpc::Status token = f.List(provider, tokened);
    CheckInvalid(token, "PAGE_TOKEN_INVALID");
    CHECK_THAT(ViolatedFields(token), Equals(Fields{"page_token"}));
  }

  SECTION("request_id and expected_version") {
    pb::CreateCatalogEntryRequest create;
    create.set_request_id("has a space");
    create.set_catalog_entry_id("jn-gaj-003");
    const grpc::Status spaced = f.Create(provider, create);
    CheckInvalid(spaced, "REQUEST_ID_INVALID");
    CHECK_THAT(ViolatedFields(spaced), Equals(Fields{"request_id"}));
    create.set_request_id(std::string(129, 'r'));
    const grpc::Status too_long = f.Create(provider, create);
    CheckInvalid(too_long, "REQUEST_ID_INVALID");
    CHECK_THAT(ViolatedFields(too_long), Equals(Fields{"request_id"}));

    pb::PublishCatalogEntryRequest publish;
    publish.set_request_id("bad-version-1");
    publish.set_catalog_entry_id("jn-gaj-001");
    publish.set_expected_version(-1);
    const grpc::Status negative = f.Publish(reviewer, publish);
    CheckInvalid(negative, "EXPECTED_VERSION_INVALID");
    CHECK_THAT(ViolatedFields(negative), Equals(Fields{"expected_version"}));
    CHECK(f.Get(provider, "jn-gaj-003").error_code() ==
          grpc::StatusCode::NOT_FOUND);
  }

  // Whatever was refused, nothing was written.
  CHECK(f.ProbeSequence() == before + 1);
}

}  // namespace
}  // namespace opendata::testing
