// Idempotency and optimistic concurrency over gRPC: a retried request id
// returns the original receipt (replayed, same sequences, nothing recorded
// twice); the same id with another body is ALREADY_EXISTS REQUEST_ID_REUSED;
// ids are scoped by caller; a stale expected_version is ABORTED
// VERSION_CONFLICT.
#include <catch2/catch.hpp>

#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

TEST_CASE("a retried request id replays the original receipt",
          "[services][idempotency]") {
  PlatformFixture f;
  const std::string provider = f.Bearer(kGajProvider);
  pb::CreateCatalogEntryRequest create;
  create.set_request_id("idem-create-1");
  create.set_catalog_entry_id("jn-gaj-001");
  *create.mutable_content() = ConditionalContent();
  pb::CreateCatalogEntryResponse first;
  REQUIRE_OK(f.Create(provider, create, &first));
  CHECK_FALSE(first.receipt().replayed());

  pb::CreateCatalogEntryResponse second;
  REQUIRE_OK(f.Create(provider, create, &second));
  CHECK(second.receipt().replayed());
  CHECK(second.receipt().request_id() == "idem-create-1");
  CHECK(second.receipt().first_sequence() == first.receipt().first_sequence());
  CHECK(second.receipt().last_sequence() == first.receipt().last_sequence());
  CHECK(second.receipt().stream_version() == first.receipt().stream_version());
  CHECK(second.catalog_entry().version() == 1);

  // Nothing was recorded by the retry.
  CHECK(f.ProbeSequence() == first.receipt().last_sequence() + 1);

  SECTION("the same id with another body is refused") {
    create.mutable_content()->set_name("另一个名称");
    const grpc::Status reused = f.Create(provider, create);
    INFO(Describe(reused));
    CHECK(reused.error_code() == grpc::StatusCode::ALREADY_EXISTS);
    CHECK(DetailsMatchCode(reused));
    CHECK(ErrorReason(reused) == "REQUEST_ID_REUSED");
    CHECK(ErrorMetadata(reused)["request_id"] == "idem-create-1");
    CHECK(f.MustGet(kGajProvider, "jn-gaj-001").content().name() ==
          "机动车登记信息");

    // Even for another command on another entry.
    pb::SubmitCatalogEntryRequest submit;
    submit.set_request_id("idem-create-1");
    submit.set_catalog_entry_id("jn-gaj-001");
    const grpc::Status other_command = f.Submit(provider, submit);
    CHECK(other_command.error_code() == grpc::StatusCode::ALREADY_EXISTS);
    CHECK(ErrorReason(other_command) == "REQUEST_ID_REUSED");
    CHECK(f.MustGet(kGajProvider, "jn-gaj-001").state() ==
          pb::CATALOG_ENTRY_STATE_DRAFT);
  }

  SECTION("request ids are scoped by caller") {
    create.set_catalog_entry_id("jn-jtj-001");
    pb::CreateCatalogEntryResponse other;
    REQUIRE_OK(f.Create(f.Bearer(kJtjProvider), create, &other));
    CHECK_FALSE(other.receipt().replayed());
    CHECK(other.catalog_entry().provider_organization() == "jn-jtj");
  }

  SECTION("creating an existing id under a new request id is ALREADY_EXISTS") {
    create.set_request_id("idem-create-2");
    const grpc::Status exists = f.Create(provider, create);
    CHECK(exists.error_code() == grpc::StatusCode::ALREADY_EXISTS);
    CHECK(ErrorReason(exists) == "CATALOG_ENTRY_EXISTS");
  }

  SECTION("a submit retried after success replays too") {
    pb::SubmitCatalogEntryRequest submit;
    submit.set_request_id("idem-submit-1");
    submit.set_catalog_entry_id("jn-gaj-001");
    pb::SubmitCatalogEntryResponse submitted;
    REQUIRE_OK(f.Submit(provider, submit, &submitted));
    CHECK_FALSE(submitted.receipt().replayed());
    f.clock().Advance(absl::Hours(1));
    pb::SubmitCatalogEntryResponse retried;
    REQUIRE_OK(f.Submit(provider, submit, &retried));
    CHECK(retried.receipt().replayed());
    CHECK(retried.receipt().first_sequence() ==
          submitted.receipt().first_sequence());
    CHECK(retried.receipt().last_sequence() ==
          submitted.receipt().last_sequence());
    CHECK(retried.catalog_entry().submissions() == 1);
    CHECK(retried.catalog_entry().review_due_time().seconds() ==
          submitted.catalog_entry().review_due_time().seconds());
  }

  SECTION("without a request id the server generates one") {
    create.clear_request_id();
    create.set_catalog_entry_id("jn-gaj-002");
    pb::CreateCatalogEntryResponse generated;
    REQUIRE_OK(f.Create(provider, create, &generated));
    CHECK_FALSE(generated.receipt().request_id().empty());
    CHECK_FALSE(generated.receipt().replayed());
  }
}

TEST_CASE("a stale expected_version is ABORTED with VERSION_CONFLICT",
          "[services][idempotency]") {
  PlatformFixture f;
  const std::string provider = f.Bearer(kGajProvider);
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  const uint64_t before = f.ProbeSequence();

  pb::UpdateCatalogEntryRequest update;
  update.set_request_id("occ-update-1");
  update.set_catalog_entry_id("jn-gaj-001");
  update.set_expected_version(7);
  *update.mutable_content() = ConditionalContent("机动车登记信息（更新）");
  const grpc::Status conflict = f.Update(provider, update);
  INFO(Describe(conflict));
  REQUIRE(conflict.error_code() == grpc::StatusCode::ABORTED);
  CHECK(DetailsMatchCode(conflict));
  CHECK(ErrorReason(conflict) == "VERSION_CONFLICT");
  auto metadata = ErrorMetadata(conflict);
  CHECK(metadata["expected_version"] == "7");
  CHECK(metadata["actual_version"] == "1");
  CHECK(f.MustGet(kGajProvider, "jn-gaj-001").version() == 1);
  CHECK(f.ProbeSequence() == before + 1);

  update.set_request_id("occ-update-2");
  update.set_expected_version(1);
  pb::UpdateCatalogEntryResponse updated;
  REQUIRE_OK(f.Update(provider, update, &updated));
  CHECK(updated.catalog_entry().version() == 2);

  // Another writer that still holds version 1 loses.
  update.set_request_id("occ-update-3");
  *update.mutable_content() = ConditionalContent("机动车登记信息（另一版）");
  const grpc::Status lost = f.Update(provider, update);
  CHECK(lost.error_code() == grpc::StatusCode::ABORTED);
  CHECK(ErrorReason(lost) == "VERSION_CONFLICT");
  CHECK(ErrorMetadata(lost)["actual_version"] == "2");

  pb::SubmitCatalogEntryRequest submit;
  submit.set_request_id("occ-submit-1");
  submit.set_catalog_entry_id("jn-gaj-001");
  submit.set_expected_version(1);
  const grpc::Status stale_submit = f.Submit(provider, submit);
  CHECK(stale_submit.error_code() == grpc::StatusCode::ABORTED);
  CHECK(ErrorReason(stale_submit) == "VERSION_CONFLICT");
  submit.set_request_id("occ-submit-2");
  submit.set_expected_version(2);
  REQUIRE_OK(f.Submit(provider, submit));

  pb::ReturnCatalogEntryRequest ret;
  ret.set_request_id("occ-return-1");
  ret.set_catalog_entry_id("jn-gaj-001");
  ret.set_expected_version(2);
  auto* defect = ret.add_defects();
  defect->set_field("name");
  defect->set_reason("名称不规范");
  const grpc::Status stale_return = f.Return(f.Bearer(kCityReviewer), ret);
  CHECK(stale_return.error_code() == grpc::StatusCode::ABORTED);
  CHECK(ErrorReason(stale_return) == "VERSION_CONFLICT");
  CHECK(f.MustGet(kGajProvider, "jn-gaj-001").state() ==
        pb::CATALOG_ENTRY_STATE_SUBMITTED);
}

}  // namespace
}  // namespace opendata::testing
